"""What a rep sees of their own coaching (the read-only `/me` page): decided here, not in a page.

The rep sees their focus, the manager's current confirmed gaps and strengths on their calls, their
practice plans and reviewed calls, and the expectations of a performance concern only once the
conversation about it was held (`concerns.rep_expectations`): before that it is the manager's
preparation. Nothing of another rep is read.
"""

from __future__ import annotations

from pipeline.coaching import call_review, concerns
from pipeline.coaching.focus import rep_focus
from pipeline.config import CoachingSettings
from pipeline.store import Store
from pipeline.store import reps as store_reps


def own_view(store: Store, rep_id: str, standards: CoachingSettings) -> dict:
    """focus, diagnoses, plans, reviewed calls and expectations of one rep, as the rep may see them."""
    return {
        "focus": rep_focus(store, rep_id, standards),
        "diagnoses": store_reps.own_decisions(store, rep_id),
        "plans": store_reps.own_plans(store, rep_id),
        "reviewed": call_review.reviewed_calls(store, rep_id=rep_id),
        "expectations": concerns.rep_expectations(store, rep_id),
    }
