"""What a manager triages: the team, the queue of moments, one moment, the calls to review next.

Every read is scoped to the manager's reps with `team_reps(?)` (views.sql): another team's rep,
call or moment is `NotFound`, the same answer as an id that does not exist.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from pipeline.errors import NotFound
from pipeline.store.database import Store, one, rows
from pipeline.store.observations import current_decision, own_finding


@dataclass(frozen=True)
class QueueFilters:
    rep_id: str | None = None
    behaviours: tuple[str, ...] | None = None  # None: every behaviour (the behaviour and skill filters end up here)
    call_type: str | None = None
    since: date | None = None
    until: date | None = None
    status: str = "open"  # open (no current decision) | decided | all
    kind: str | None = None  # gap | strength


def team(store: Store, manager_id: str) -> list[dict]:
    """The manager's reps, with how many moments wait for a decision."""
    # Counted with an inner join first: DuckDB plans `reps LEFT JOIN triage_candidates` over every
    # finding (minutes on a million calls), the inner join over the team's only.
    return store.rows(
        """
        WITH open AS (
            SELECT t.rep_id, count(*) AS open_moments
            FROM triage_candidates t
            JOIN team_reps(?) r ON r.rep_id = t.rep_id
            LEFT JOIN latest_observations lo ON lo.call_id = t.call_id AND lo.behaviour = t.behaviour
            WHERE lo.observation_id IS NULL
            GROUP BY t.rep_id
        )
        SELECT r.rep_id, coalesce(r.rep_name, r.rep_id) AS rep_name, coalesce(o.open_moments, 0) AS open_moments
        FROM team_reps(?) r LEFT JOIN open o ON o.rep_id = r.rep_id
        ORDER BY rep_name
        """,
        [manager_id, manager_id],
    )


def _focus_keys(focus: Mapping[str, Sequence[str]] | None) -> list[str]:
    """Each rep's focus behaviour as 'rep_id<US>behaviour': one list parameter for the SQL below."""
    return [f"{rep_id}\x1f{behaviour}" for rep_id, behaviours in (focus or {}).items() for behaviour in behaviours]


def queue(
    store: Store, manager_id: str, filters: QueueFilters, focus: Mapping[str, Sequence[str]] | None = None
) -> list[dict]:
    """Candidate observations of the manager's reps: newest calls first, then by time in the call.

    With `focus` (rep_id -> the rep's focus behaviours, pipeline/coaching/focus.py) the moments on each rep's
    focus come first (`in_focus`), newest calls first, then the rest in the same order.
    """
    behaviours = None if filters.behaviours is None else list(filters.behaviours)  # []: no behaviour at all
    optional = (
        (filters.rep_id, "t.rep_id = ?"),
        (behaviours, "list_contains(?::VARCHAR[], t.behaviour)"),
        (filters.call_type, "t.call_type = ?"),
        (filters.since, "CAST(t.started_at AS DATE) >= ?"),
        (filters.until, "CAST(t.started_at AS DATE) <= ?"),
        (filters.kind, "t.kind = ?"),
    )
    given = [(value, condition) for value, condition in optional if value not in (None, "")]
    where = ["true", *(condition for _, condition in given)]
    params = [_focus_keys(focus), manager_id, *(value for value, _ in given)]
    if filters.status == "open":
        where.append("lo.observation_id IS NULL")
    elif filters.status == "decided":
        where.append("lo.observation_id IS NOT NULL")
    return store.rows(
        f"""
        SELECT t.*, coalesce(r.rep_name, r.rep_id) AS rep_name,
               lo.observation_id, lo.decision, lo.diagnosis, lo.reason, lo.manager_id AS decided_by, lo.decided_at,
               list_contains(?::VARCHAR[], t.rep_id || chr(31) || t.behaviour) AS in_focus
        FROM triage_candidates t
        JOIN team_reps(?) r ON r.rep_id = t.rep_id
        LEFT JOIN latest_observations lo ON lo.call_id = t.call_id AND lo.behaviour = t.behaviour
        WHERE {" AND ".join(where)}
        ORDER BY in_focus DESC, t.started_at DESC NULLS LAST, t.call_id DESC, t.start NULLS LAST, t.behaviour
        """,
        params,
    )


def suggested_calls(store: Store, manager_id: str, focus: Mapping[str, Sequence[str]], limit: int = 8) -> list[dict]:
    """The calls to review next: calls with moments on the rep's focus that have no decision yet, newest first."""
    keys = _focus_keys(focus)
    if not keys:
        return []
    return store.rows(
        """
        SELECT t.call_id, t.rep_id, coalesce(r.rep_name, r.rep_id) AS rep_name, t.started_at, t.call_type, t.deal_id,
               list(DISTINCT t.behaviour ORDER BY t.behaviour) AS focus_behaviours,
               count(*) AS open_moments,
               min(t.start) AS first_moment
        FROM triage_candidates t
        JOIN team_reps(?) r ON r.rep_id = t.rep_id
        LEFT JOIN latest_observations lo ON lo.call_id = t.call_id AND lo.behaviour = t.behaviour
        WHERE lo.observation_id IS NULL
          AND list_contains(?::VARCHAR[], t.rep_id || chr(31) || t.behaviour)
        GROUP BY ALL
        ORDER BY t.started_at DESC NULLS LAST, t.call_id DESC
        LIMIT ?
        """,
        [manager_id, keys, limit],
    )


def moment(store: Store, manager_id: str, call_id: str, behaviour: str) -> dict:
    """One finding with its call, every utterance, the current decision, its history and plans."""
    with store.connect(read_only=True) as con:
        finding = own_finding(con, manager_id, call_id, behaviour)
        candidate = one(
            con, "SELECT kind FROM triage_candidates WHERE call_id = ? AND behaviour = ?", [call_id, behaviour]
        )
        finding["kind"] = candidate["kind"] if candidate else None
        return {
            "finding": finding,
            "utterances": rows(
                con,
                'SELECT idx, speaker, speaker_name, start, "end", text FROM utterances WHERE call_id = ? ORDER BY idx',
                [call_id],
            ),
            "decision": current_decision(con, call_id, behaviour),
            "history": rows(
                con,
                "SELECT * FROM observations WHERE call_id = ? AND behaviour = ? ORDER BY observation_id",
                [call_id, behaviour],
            ),
            "plans": rows(
                con,
                "SELECT p.* FROM practice_plans p JOIN observations o USING (observation_id)"
                " WHERE o.call_id = ? AND o.behaviour = ? ORDER BY p.plan_id",
                [call_id, behaviour],
            ),
        }


def call_source(store: Store, manager_id: str, call_id: str) -> str | None:
    """The call's source file path (the recording, for calls loaded from audio). NotFound if not the manager's."""
    found = store.rows(
        "SELECT c.source_path FROM calls c JOIN team_reps(?) r ON r.rep_id = c.rep_id WHERE c.call_id = ?",
        [manager_id, call_id],
    )
    if not found:
        raise NotFound(f"no call {call_id}")
    return found[0]["source_path"]
