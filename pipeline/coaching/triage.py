"""Manager triage: the queue of moments, and the decisions managers record on them.

A decision is confirmed (with a diagnosis), strength, or dismissed (with a reason); it is an
append-only event, and undo cancels the current one (pipeline/store/observations.py). Undo keeps
the manager's words: the moment's form shows the last wording written for it again. This
module checks what the manager chose and wrote; the store scopes every read and write to the
manager's team and refuses a decision on a moment that changed since the manager saw it.

Accounts (pipeline/store/accounts.py) and practice plans (pipeline/coaching/plans.py) are named
here too, for the web app and the CLI, which reach them as `triage.<name>`.
"""

from __future__ import annotations

from pipeline.coaching.plans import (
    INSPECTION_OUTCOMES,
    PLAN_STEPS,
    PlanInput,
    advance_plan,
    create_plan,
    plan,
    plan_options,
    plans,
)
from pipeline.errors import Invalid
from pipeline.store import Store
from pipeline.store.accounts import accounts, app_secret, assign_rep, save_manager, save_rep_account, user
from pipeline.store.observations import record_decision, record_undo
from pipeline.store.queue import (
    QueueFilters,
    QueuePage,
    call_source,
    calls_named,
    moment,
    queue,
    queue_neighbours,
    queue_page,
    suggested_calls,
    team,
    team_call,
)
from pipeline.store.reps import team_rep as own_rep

DECISIONS = ("confirmed", "strength", "dismissed")
DISMISS_REASONS = {"false_positive": "false positive", "not_coachable": "not coachable", "other": "other"}
QUEUE_STATUSES = ("open", "decided", "all")

__all__ = [
    "DECISIONS",
    "DISMISS_REASONS",
    "INSPECTION_OUTCOMES",
    "PLAN_STEPS",
    "QUEUE_STATUSES",
    "PlanInput",
    "QueueFilters",
    "QueuePage",
    "accounts",
    "advance_plan",
    "app_secret",
    "assign_rep",
    "call_source",
    "calls_named",
    "create_plan",
    "decide",
    "moment",
    "own_rep",
    "plan",
    "plan_options",
    "plans",
    "queue",
    "queue_neighbours",
    "queue_page",
    "save_manager",
    "save_rep_account",
    "suggested_calls",
    "team",
    "team_call",
    "undo",
    "user",
]


def decide(
    store: Store,
    manager_id: str,
    call_id: str,
    behaviour: str,
    decision: str,
    *,
    diagnosis: str | None = None,
    reason: str | None = None,
    note: str | None = None,
    expected_current: int | None = None,
    wording: str | None = None,
) -> int:
    """Record a decision on a finding; returns its observation_id.

    `expected_current` is the decision the manager saw (None: none). If the finding was decided or
    undone since, nothing is written and `Conflict` says so: a double submit never records twice.
    `wording`: the diagnosis text in the form when the moment is dismissed. A dismissal has no
    diagnosis, but the text is kept so that undoing the dismissal gives the manager their words back.
    """
    diagnosis, note = (diagnosis or "").strip() or None, (note or "").strip() or None
    draft = (wording or "").strip() or None if decision == "dismissed" else None
    if decision not in DECISIONS:
        raise Invalid(f"unknown decision {decision!r}", "action")
    if decision == "confirmed" and not diagnosis:
        raise Invalid("Write the diagnosis: what the rep did, at which moment.", "diagnosis")
    if decision == "dismissed":
        if reason not in DISMISS_REASONS:
            raise Invalid("Pick why this moment is dismissed.", "reason")
        if reason == "other" and not note:
            raise Invalid("Say why, in a few words, when the reason is 'other'.", "note")
    else:
        reason = None
    return record_decision(
        store,
        manager_id,
        call_id,
        behaviour,
        decision,
        diagnosis=diagnosis,
        reason=reason,
        note=note,
        expected_current=expected_current,
        draft_diagnosis=draft,
    )


def undo(store: Store, manager_id: str, call_id: str, behaviour: str, observation_id: int) -> dict | None:
    """Cancel the current decision `observation_id` with an `undone` event; returns the decision now current."""
    return record_undo(store, manager_id, call_id, behaviour, observation_id)
