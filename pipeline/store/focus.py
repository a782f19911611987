"""The SQL of a rep's coaching focus (pipeline/coaching/focus.py): the manager's choice and the data behind a derived one.

The manager's choices are append-only events (`rep_focus_events`); the view `manager_rep_focus`
gives the latest per rep. Choosing among them, and the reason in words, is the caller's job.
"""

from __future__ import annotations

from datetime import date

from pipeline.store.database import Store, by_rep

# The reps asked for, as one list parameter: a team's rows are read in one query, not one per rep.
# list_contains, not IN (SELECT unnest(?)): DuckDB pushes it into views such as `practice_plans`.
REPS_GIVEN = "list_contains(?::VARCHAR[], rep_id)"


def manager_choice(store: Store, rep_id: str) -> dict | None:
    """The manager's latest focus choice for the rep (behaviours, reason, set_by), or None."""
    return manager_choices(store, [rep_id]).get(rep_id)


def manager_choices(store: Store, rep_ids: list[str]) -> dict[str, dict]:
    """rep_id -> the manager's latest focus choice (behaviours, reason, set_by), for the reps that have one."""
    found = store.rows(
        f"SELECT rep_id, behaviours, reason, set_by FROM manager_rep_focus WHERE {REPS_GIVEN}", [rep_ids]
    )
    return {rep_id: rows[0] for rep_id, rows in by_rep(found).items()}


def confirmed_gaps(store: Store, rep_id: str, since: date, until: date) -> list[dict]:
    """Behaviours the manager confirmed as gaps on the rep's calls of the window, most confirmed first."""
    return team_confirmed_gaps(store, [rep_id], since, until).get(rep_id, [])


def team_confirmed_gaps(store: Store, rep_ids: list[str], since: date, until: date) -> dict[str, list[dict]]:
    """rep_id -> `confirmed_gaps` of each rep (reps without any left out), the reps' calls read once."""
    found = store.rows(
        f"""
        -- the reps' calls of the window found first (MATERIALIZED): joined straight, every call id is
        -- tested against the decisions; calls lie in rep order, so the team's reps read a few row groups
        WITH own_calls AS MATERIALIZED (
            SELECT rep_id, call_id FROM calls WHERE {REPS_GIVEN} AND CAST(started_at AS DATE) BETWEEN ? AND ?
        )
        SELECT c.rep_id, o.behaviour, count(*) AS confirmed
        FROM latest_observations o JOIN own_calls c USING (call_id)
        WHERE o.decision = 'confirmed'
        GROUP BY c.rep_id, o.behaviour
        ORDER BY c.rep_id, confirmed DESC, o.behaviour
        """,
        [rep_ids, since, until],
    )
    return by_rep(found)


def gaps_above_standard(
    store: Store, rep_id: str, since: date, until: date, min_calls: int, standard_rate: float
) -> list[dict]:
    """Behaviours whose gap rate over the window is above `standard_rate`, judged on at least
    `min_calls` applicable calls: behaviour, applicable, gaps; highest rate first."""
    return team_gaps_above_standard(store, [rep_id], since, until, min_calls, standard_rate).get(rep_id, [])


def team_gaps_above_standard(
    store: Store, rep_ids: list[str], since: date, until: date, min_calls: int, standard_rate: float
) -> dict[str, list[dict]]:
    """rep_id -> `gaps_above_standard` of each rep (reps without any left out), in one query."""
    found = store.rows(
        f"""
        SELECT rep_id, behaviour, sum(applicable_calls) AS applicable, sum(gap_calls) AS gaps
        FROM rep_behaviour_days
        WHERE {REPS_GIVEN} AND call_date BETWEEN ? AND ?
        GROUP BY rep_id, behaviour
        HAVING applicable >= ? AND gap_rate(gaps, applicable) > ?
        ORDER BY rep_id, gap_rate(gaps, applicable) DESC, applicable DESC, behaviour
        """,
        [rep_ids, since, until, min_calls, standard_rate],
    )
    return by_rep(found)


def record_choice(store: Store, rep_id: str, behaviours: list[str], set_by: str, reason: str | None) -> None:
    """Append the manager's choice (an empty list clears it)."""
    with store.transaction() as con:
        con.execute(
            "INSERT INTO rep_focus_events (rep_id, behaviours, reason, set_by) VALUES (?, ?, ?, ?)",
            [rep_id, behaviours, reason, set_by],
        )
