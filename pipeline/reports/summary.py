"""Read-side summaries of the store for the command line."""

from __future__ import annotations

from pipeline.store import Store


def rep_summary(store: Store) -> list[dict]:
    """Per rep and behaviour: calls, applicable calls and gaps over everything loaded."""
    return store.rows(
        """
        SELECT c.rep_id, f.behaviour,
               count(DISTINCT c.call_id) AS calls,
               count(*) FILTER (WHERE f.verdict <> 'not_applicable') AS applicable_calls,
               count(*) FILTER (WHERE f.verdict = 'gap') AS gap_calls
        FROM calls c JOIN findings f USING (call_id)
        GROUP BY ALL ORDER BY ALL
        """
    )
