"""Reps as the coaching pages read them: a manager's team (always through `team_reps(?)`, the one
access rule in views.sql), the focus chosen for a rep, and a rep's own decisions and plans for the
rep's read-only page.
"""

from __future__ import annotations

from pipeline.errors import NotFound
from pipeline.store.database import Store


def team_rep(store: Store, manager_id: str, rep_id: str) -> dict:
    """One rep of the manager's team (rep_id, rep_name); NotFound for anyone else."""
    found = store.rows(
        "SELECT rep_id, coalesce(rep_name, rep_id) AS rep_name FROM team_reps(?) WHERE rep_id = ?",
        [manager_id, rep_id],
    )
    if not found:
        raise NotFound(f"no rep {rep_id}")
    return found[0]


def team_members(store: Store, manager_id: str) -> list[dict]:
    """The manager's reps (rep_id, rep_name), by name."""
    return store.rows(
        "SELECT rep_id, coalesce(rep_name, rep_id) AS rep_name FROM team_reps(?) ORDER BY rep_name", [manager_id]
    )


def chosen_focus(store: Store, rep_id: str) -> dict | None:
    """The manager's latest focus choice for the rep (`manager_rep_focus`), or None if never chosen."""
    found = store.rows("SELECT * FROM manager_rep_focus WHERE rep_id = ?", [rep_id])
    return found[0] if found else None


def own_decisions(store: Store, rep_id: str) -> list[dict]:
    """The manager's current confirmed gaps and strengths on the rep's calls, newest call first."""
    return store.rows(
        """
        -- the rep's calls found first (MATERIALIZED): joined straight, every call id is tested against the decisions
        WITH own_calls AS MATERIALIZED (SELECT call_id, started_at, call_type FROM calls WHERE rep_id = ?)
        SELECT lo.call_id, lo.behaviour, lo.decision, lo.diagnosis, lo.decided_at,
               coalesce(lo.finding_quote, f.quote) AS quote, f.start, c.started_at, c.call_type
        FROM latest_observations lo JOIN own_calls c USING (call_id)
        LEFT JOIN findings f ON f.call_id = lo.call_id AND f.behaviour = lo.behaviour
        WHERE lo.decision IN ('confirmed', 'strength')
        ORDER BY c.started_at DESC, f.start NULLS LAST
        """,
        [rep_id],
    )


def own_plans(store: Store, rep_id: str) -> list[dict]:
    """The rep's practice plans, the ones still open first, by follow-up date."""
    return store.rows(
        "SELECT plan_id, behaviour, alternative_behaviour, status, practised_at, apply_call_id, apply_deal_id,"
        " apply_date, follow_up_date FROM practice_plans WHERE rep_id = ?"
        " ORDER BY status = 'inspected', follow_up_date NULLS LAST, plan_id",
        [rep_id],
    )


def own_call_sources(store: Store, rep_id: str) -> dict[str, str | None]:
    """call_id -> source file (the recording, for calls loaded from audio) of every call of the rep."""
    found = store.rows("SELECT call_id, source_path FROM calls WHERE rep_id = ?", [rep_id])
    return {row["call_id"]: row["source_path"] for row in found}
