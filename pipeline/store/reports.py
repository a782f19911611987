"""The SQL of the coaching-loop reports (pipeline/reports/): who is in them, what was decided, what was written.

Functions take a Store and plain values (ids, dates) and return dict rows; assembling them into a
tracker is pipeline/reports/tracker.py's job. A manager's scope is the `team_reps(?)` macro, plans
come from the `practice_plans` view (both in views.sql).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipeline.errors import NotFound
from pipeline.store.database import Store, by_rep
from pipeline.store.focus import REPS_GIVEN


def rep(store: Store, rep_id: str) -> dict:
    """rep_id, rep_name (the id when the roster has no name) and manager_id; NotFound when unknown."""
    found = store.rows(
        "SELECT rep_id, coalesce(rep_name, rep_id) AS rep_name, manager_id FROM reps WHERE rep_id = ?", [rep_id]
    )
    if not found:
        raise NotFound(f"no rep {rep_id!r}")
    return found[0]


def team_rep_ids(store: Store, manager_id: str) -> list[str]:
    """The manager's reps, by name."""
    rows = store.rows("SELECT rep_id FROM team_reps(?) ORDER BY coalesce(rep_name, rep_id)", [manager_id])
    return [row["rep_id"] for row in rows]


def in_team(store: Store, manager_id: str, rep_id: str) -> bool:
    """Whether the rep is one of the manager's."""
    return bool(store.rows("SELECT 1 FROM team_reps(?) WHERE rep_id = ?", [manager_id, rep_id]))


def call_count(store: Store, rep_id: str, start: date, end: date) -> int:
    """The rep's calls from `start` to `end`, both days included."""
    return call_counts(store, [rep_id], start, end)[rep_id]


def call_counts(store: Store, rep_ids: list[str], start: date, end: date) -> dict[str, int]:
    """rep_id -> the rep's calls from `start` to `end`, both days included (0 for none), in one query."""
    found = store.rows(
        f"SELECT rep_id, count(*) AS n FROM calls WHERE {REPS_GIVEN} AND CAST(started_at AS DATE) BETWEEN ? AND ?"
        " GROUP BY rep_id",
        [rep_ids, start, end],
    )
    counted = {row["rep_id"]: row["n"] for row in found}
    return {rep_id: counted.get(rep_id, 0) for rep_id in rep_ids}


def plans_to_report(store: Store, rep_id: str, start: date, end: date) -> list[dict]:
    """The rep's plans still open, and those made since `start` or inspected on a call from `start`
    to `end`: every column of `practice_plans`, by plan id."""
    return team_plans_to_report(store, [rep_id], start, end).get(rep_id, [])


def team_plans_to_report(store: Store, rep_ids: list[str], start: date, end: date) -> dict[str, list[dict]]:
    """rep_id -> `plans_to_report` of each rep (reps without any left out), in one query."""
    found = store.rows(
        f"""
        SELECT p.* FROM practice_plans p
        WHERE {REPS_GIVEN} AND (p.status <> 'inspected' OR CAST(p.created_at AS DATE) >= ?
              OR EXISTS (SELECT 1 FROM plan_inspections i JOIN calls c USING (call_id)
                         WHERE i.plan_id = p.plan_id AND CAST(c.started_at AS DATE) BETWEEN ? AND ?))
        ORDER BY p.plan_id
        """,
        [rep_ids, start, start, end],
    )
    return by_rep(found, keep_rep_id=True)


def decided_observations(
    store: Store, rep_id: str, start: date, end: date, also_observation_ids: list[int]
) -> list[dict]:
    """The manager's current `confirmed` and `strength` decisions on the rep's calls from `start`
    to `end`, plus the decisions `also_observation_ids` (however old), with the finding and the
    call; oldest call first."""
    return store.rows(
        """
        -- the rep's calls found first (MATERIALIZED): joined straight, every call id is tested against the
        -- decisions. The rep's calls lie in a few row groups (rep order); the decisions asked for by id
        -- add their own calls.
        WITH own_calls AS MATERIALIZED (
            SELECT call_id, started_at, call_type FROM calls
            WHERE rep_id = ? AND CAST(started_at AS DATE) BETWEEN ? AND ?
            UNION
            SELECT call_id, started_at, call_type FROM calls
            WHERE rep_id = ? AND call_id IN (SELECT call_id FROM observations WHERE list_contains(?, observation_id))
        )
        SELECT o.observation_id, o.call_id, o.behaviour, o.decision, o.diagnosis, o.finding_quote,
               o.finding_verdict, f.quote, f.verdict, f.start, c.call_type, CAST(c.started_at AS DATE) AS call_date
        FROM latest_observations o JOIN own_calls c USING (call_id)
        LEFT JOIN findings f ON f.call_id = o.call_id AND f.behaviour = o.behaviour
        WHERE o.decision IN ('confirmed', 'strength')
          AND (CAST(c.started_at AS DATE) BETWEEN ? AND ? OR list_contains(?, o.observation_id))
        ORDER BY c.started_at, o.behaviour
        """,
        [rep_id, start, end, rep_id, also_observation_ids, start, end, also_observation_ids],
    )


def unreviewed_gaps(store: Store, rep_id: str, start: date, end: date, behaviours: list[str], limit: int) -> list[dict]:
    """The rep's latest `limit` gaps from `start` to `end` that no manager decided on yet, of
    `behaviours` (empty: of any behaviour); newest first."""
    return store.rows(
        """
        SELECT m.call_id, m.behaviour, m.quote, m.start, m.call_type, CAST(m.started_at AS DATE) AS call_date
        FROM moments m
        LEFT JOIN latest_observations o ON o.call_id = m.call_id AND o.behaviour = m.behaviour
        WHERE m.rep_id = ? AND m.verdict = 'gap' AND (? OR list_contains(?, m.behaviour))
          AND o.observation_id IS NULL
          AND CAST(m.started_at AS DATE) BETWEEN ? AND ?
        ORDER BY m.started_at DESC LIMIT ?
        """,
        [rep_id, not behaviours, behaviours, start, end, limit],
    )


def concerns_to_report(store: Store, rep_id: str, since: date) -> list[dict]:
    """The rep's performance concerns still open, and those closed on or after `since`: every
    column of `performance_concern_status`, by concern id."""
    return team_concerns_to_report(store, [rep_id], since).get(rep_id, [])


def team_concerns_to_report(store: Store, rep_ids: list[str], since: date) -> dict[str, list[dict]]:
    """rep_id -> `concerns_to_report` of each rep (reps without any left out), in one query."""
    found = store.rows(
        f"""
        SELECT * FROM performance_concern_status
        WHERE {REPS_GIVEN} AND (NOT closed OR coalesce(outcome_on, follow_up_on, conversation_held_on) >= ?)
        ORDER BY concern_id
        """,
        [rep_ids, since],
    )
    return by_rep(found, keep_rep_id=True)


def record_report_run(
    store: Store,
    *,
    kind: str,
    subject_id: str,
    start: date,
    end: date,
    focus: list[str],
    html_path: Path,
    markdown_path: Path,
    written_by: str,
) -> None:
    """Record one report written: kind rep or team, the rep or the manager it is about."""
    with store.transaction() as con:
        con.execute(
            "INSERT INTO report_runs (kind, subject_id, period_start, period_end, focus, html_path, markdown_path,"
            " written_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [kind, subject_id, start, end, focus, str(html_path), str(markdown_path), written_by],
        )
