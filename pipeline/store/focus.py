"""The SQL of a rep's coaching focus (pipeline/coaching/focus.py): the manager's choice and the data behind a derived one.

The manager's choices are append-only events (`rep_focus_events`); the view `manager_rep_focus`
gives the latest per rep. Choosing among them, and the reason in words, is the caller's job.
"""

from __future__ import annotations

from datetime import date

from pipeline.store.database import Store


def manager_choice(store: Store, rep_id: str) -> dict | None:
    """The manager's latest focus choice for the rep (behaviours, reason, set_by), or None."""
    found = store.rows("SELECT behaviours, reason, set_by FROM manager_rep_focus WHERE rep_id = ?", [rep_id])
    return found[0] if found else None


def confirmed_gaps(store: Store, rep_id: str, since: date, until: date) -> list[dict]:
    """Behaviours the manager confirmed as gaps on the rep's calls of the window, most confirmed first."""
    return store.rows(
        """
        -- the rep's calls found first (MATERIALIZED): joined straight, every call id is tested against the decisions
        WITH own_calls AS MATERIALIZED (SELECT call_id, started_at FROM calls WHERE rep_id = ?)
        SELECT o.behaviour, count(*) AS confirmed
        FROM latest_observations o JOIN own_calls c USING (call_id)
        WHERE o.decision = 'confirmed'
          AND CAST(c.started_at AS DATE) BETWEEN ? AND ?
        GROUP BY o.behaviour
        ORDER BY confirmed DESC, o.behaviour
        """,
        [rep_id, since, until],
    )


def gaps_above_standard(
    store: Store, rep_id: str, since: date, until: date, min_calls: int, standard_rate: float
) -> list[dict]:
    """Behaviours whose gap rate over the window is above `standard_rate`, judged on at least
    `min_calls` applicable calls: behaviour, applicable, gaps; highest rate first."""
    return store.rows(
        """
        SELECT behaviour, sum(applicable_calls) AS applicable, sum(gap_calls) AS gaps
        FROM rep_behaviour_days
        WHERE rep_id = ? AND call_date BETWEEN ? AND ?
        GROUP BY behaviour
        HAVING applicable >= ? AND gap_rate(gaps, applicable) > ?
        ORDER BY gap_rate(gaps, applicable) DESC, applicable DESC, behaviour
        """,
        [rep_id, since, until, min_calls, standard_rate],
    )


def record_choice(store: Store, rep_id: str, behaviours: list[str], set_by: str, reason: str | None) -> None:
    """Append the manager's choice (an empty list clears it)."""
    with store.transaction() as con:
        con.execute(
            "INSERT INTO rep_focus_events (rep_id, behaviours, reason, set_by) VALUES (?, ?, ?, ?)",
            [rep_id, behaviours, reason, set_by],
        )
