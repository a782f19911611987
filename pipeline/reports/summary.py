"""Read-side summaries of the store for the command line."""

from __future__ import annotations

from pipeline.store import Store, trends


def rep_summary(store: Store, rep_ids: list[str] | None = None) -> list[dict]:
    """Per rep (of `rep_ids`, default all) and behaviour: calls, applicable calls and gaps over everything loaded."""
    return trends.behaviour_totals(store, rep_ids)
