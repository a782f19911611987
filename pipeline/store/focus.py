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


# -- a whole team at once: one query each instead of one per rep (the triage pages show every rep's focus)


def manager_choices(store: Store, rep_ids: list[str]) -> dict[str, dict]:
    """`manager_choice` for several reps: rep_id -> choice, for the reps with one."""
    found = store.rows(
        "SELECT rep_id, behaviours, reason, set_by FROM manager_rep_focus WHERE list_contains(?, rep_id)", [rep_ids]
    )
    return {row.pop("rep_id"): row for row in found}


def confirmed_gaps_of_reps(store: Store, rep_ids: list[str], since: date, until: date) -> dict[str, list[dict]]:
    """`confirmed_gaps` for several reps: rep_id -> rows, for the reps with any."""
    found = store.rows(
        """
        SELECT c.rep_id, o.behaviour, count(*) AS confirmed
        FROM latest_observations o JOIN calls c USING (call_id)
        WHERE list_contains(?, c.rep_id) AND o.decision = 'confirmed'
          AND CAST(c.started_at AS DATE) BETWEEN ? AND ?
        GROUP BY c.rep_id, o.behaviour
        ORDER BY c.rep_id, confirmed DESC, o.behaviour
        """,
        [rep_ids, since, until],
    )
    return _by_rep(found)


def gaps_above_standard_of_reps(
    store: Store, rep_ids: list[str], since: date, until: date, min_calls: int, standard_rate: float
) -> dict[str, list[dict]]:
    """`gaps_above_standard` for several reps: rep_id -> rows, for the reps with any."""
    found = store.rows(
        """
        SELECT rep_id, behaviour, sum(applicable_calls) AS applicable, sum(gap_calls) AS gaps
        FROM rep_behaviour_days
        WHERE list_contains(?, rep_id) AND call_date BETWEEN ? AND ?
        GROUP BY rep_id, behaviour
        HAVING applicable >= ? AND gap_rate(gaps, applicable) > ?
        ORDER BY rep_id, gap_rate(gaps, applicable) DESC, applicable DESC, behaviour
        """,
        [rep_ids, since, until, min_calls, standard_rate],
    )
    return _by_rep(found)


def _by_rep(found: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for row in found:
        grouped.setdefault(row.pop("rep_id"), []).append(row)
    return grouped
