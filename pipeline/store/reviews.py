"""Reviewed calls: a call is reviewed once a manager recorded a decision on one of its moments.

Read as the rep's manager (the call's rep is in `team_reps(?)`) or as the rep (the call is the
rep's own); anything else is NotFound. The review's pieces (the call, its current decisions, each
confirmed gap's practice plans with their follow-up) and the review cadence's first decisions.
"""

from __future__ import annotations

from datetime import date

from pipeline.errors import NotFound
from pipeline.store.database import Store

_CALL = "SELECT c.call_id, c.rep_id, coalesce(r.rep_name, c.rep_id) AS rep_name, c.started_at, c.call_type, c.deal_id"

# The reader's calls are found first (MATERIALIZED), then joined to the decisions: joined
# straight, DuckDB tests every call id of the table against the decisions.
_REVIEWED = """
    WITH scoped AS MATERIALIZED (
        SELECT c.call_id, c.rep_id, coalesce(r.rep_name, c.rep_id) AS rep_name, c.started_at, c.call_type
        FROM calls c {scope}
    )
    SELECT c.call_id, c.rep_id, c.rep_name, c.started_at, c.call_type,
           count(*) FILTER (WHERE lo.decision = 'confirmed') AS gaps,
           count(*) FILTER (WHERE lo.decision = 'strength') AS strengths,
           max(lo.decided_at) AS last_decided_at
    FROM latest_observations lo JOIN scoped c USING (call_id)
    GROUP BY ALL ORDER BY c.started_at DESC, c.call_id DESC
"""


def _one_reader(manager_id: str | None, rep_id: str | None, message: str) -> None:
    if (manager_id is None) == (rep_id is None):
        raise ValueError(message)


def scoped_call(store: Store, call_id: str, *, manager_id: str | None = None, rep_id: str | None = None) -> dict:
    """The call (rep, name, when, type, deal) if the reader may see it; NotFound otherwise."""
    _one_reader(manager_id, rep_id, "a call review is read either as the rep's manager or as the rep")
    if manager_id:
        sql = f"{_CALL} FROM calls c JOIN team_reps(?) r ON r.rep_id = c.rep_id WHERE c.call_id = ?"
        params = [manager_id, call_id]
    else:
        sql = f"{_CALL} FROM calls c LEFT JOIN reps r ON r.rep_id = c.rep_id WHERE c.call_id = ? AND c.rep_id = ?"
        params = [call_id, rep_id]
    found = store.rows(sql, params)
    if not found:
        raise NotFound(f"no call {call_id}")
    return found[0]


def call_owner(store: Store, call_id: str) -> str | None:
    """The rep of a call, or None when no such call is loaded."""
    found = store.rows("SELECT rep_id FROM calls WHERE call_id = ?", [call_id])
    return found[0]["rep_id"] if found else None


def current_decisions(store: Store, call_id: str) -> list[dict]:
    """The call's current decisions with the moment each is about (quote, times, who spoke), in call order."""
    return store.rows(
        """
        SELECT lo.observation_id, lo.behaviour, lo.decision, lo.diagnosis, lo.manager_id, lo.decided_at,
               coalesce(lo.finding_quote, f.quote) AS quote, f.start, f."end", f.missing,
               u.speaker, u.speaker_name
        FROM latest_observations lo
        LEFT JOIN findings f ON f.call_id = lo.call_id AND f.behaviour = lo.behaviour
        LEFT JOIN utterances u ON u.call_id = lo.call_id AND u.idx = f.evidence[1]
        WHERE lo.call_id = ?
        ORDER BY f.start NULLS LAST, lo.behaviour
        """,
        [call_id],
    )


def diagnosis_plans(store: Store, observation_id: int) -> list[dict]:
    """The practice plans made from one diagnosis, each with the follow-up of its current cycle:
    `inspected`, the cycle's inspection step (outcome, happened_on, note), and `automatic`, the
    pipeline's latest inspection of the cycle's applied call (call_id, verdict, quote, start);
    either is {} until it happened."""
    plans = store.rows("SELECT * FROM practice_plans WHERE observation_id = ? ORDER BY plan_id", [observation_id])
    for plan in plans:
        key = [plan["plan_id"], plan["cycle"]]
        inspected = store.rows(
            "SELECT outcome, happened_on, note FROM coaching_plan_events WHERE plan_id = ? AND cycle = ?"
            " AND status = 'inspected' ORDER BY event_id DESC LIMIT 1",
            key,
        )
        automatic = store.rows(
            "SELECT call_id, verdict, quote, start FROM plan_inspections WHERE plan_id = ? AND cycle = ?"
            " ORDER BY inspected_at DESC, call_id DESC LIMIT 1",
            key,
        )
        plan["inspected"], plan["automatic"] = (inspected or [{}])[0], (automatic or [{}])[0]
    return plans


def reviewed_calls(store: Store, *, manager_id: str | None = None, rep_id: str | None = None) -> list[dict]:
    """The calls with a current decision, newest first, in the manager's team or of the rep."""
    _one_reader(manager_id, rep_id, "reviewed calls are listed either for a manager's team or for one rep")
    if manager_id:
        scope, value = "JOIN team_reps(?) r ON r.rep_id = c.rep_id", manager_id
    else:
        scope, value = "LEFT JOIN reps r ON r.rep_id = c.rep_id WHERE c.rep_id = ?", rep_id
    return store.rows(_REVIEWED.format(scope=scope), [value])


def first_reviews(store: Store, manager_id: str, since: date, until: date) -> list[dict]:
    """Every call the manager reviewed between the two dates (inclusive): rep, call, when first
    decided, the Monday of that ISO week (the view `call_reviews`, the one definition of a review)."""
    return store.rows(
        "SELECT * FROM call_reviews WHERE manager_id = ? AND CAST(reviewed_at AS DATE) BETWEEN ? AND ?"
        " ORDER BY reviewed_at",
        [manager_id, since, until],
    )
