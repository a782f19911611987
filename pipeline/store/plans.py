"""Practice plans and their steps: a plan row says what the rep practises and where they apply it;
its steps (planned → practised → applied → inspected) are append-only events in
`coaching_plan_events` (migration 008), and the view `practice_plans` gives each plan's current
step and role-play date. A step is always a new row, so a replayed or repeated step never
loses history; whether a plan may move to a step is read from `practice_plans` in the same
transaction that records it.

Managers' reads and writes are scoped to their reps with `team_reps(?)`: another team's plan or
diagnosis is `NotFound`, like an id that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from pipeline.errors import Conflict, Invalid, NotFound
from pipeline.store.database import Store, one, rows
from pipeline.store.observations import current_decision

PLAN_STEPS = ("planned", "practised", "applied", "inspected")

# A decision of the manager's team, with its call and the moment it is about.
_OWN_OBSERVATION = """
    SELECT o.*, c.rep_id, c.started_at, c.call_type, coalesce(r.rep_name, r.rep_id) AS rep_name, f.start AS moment_start
    FROM observations o JOIN calls c USING (call_id) JOIN team_reps(?) r ON r.rep_id = c.rep_id
    LEFT JOIN findings f ON f.call_id = o.call_id AND f.behaviour = o.behaviour
    WHERE o.observation_id = ?
"""

# The team's plans with the diagnosis they came from.
_PLANS = """
    SELECT p.*, coalesce(r.rep_name, r.rep_id) AS rep_name, o.call_id, o.diagnosis, o.finding_quote,
           (lo.observation_id IS NULL) AS diagnosis_withdrawn
    FROM practice_plans p
    JOIN team_reps(?) r ON r.rep_id = p.rep_id
    LEFT JOIN observations o ON o.observation_id = p.observation_id
    LEFT JOIN latest_observations lo ON lo.observation_id = p.observation_id
    WHERE true
"""


@dataclass(frozen=True)
class PlanStep:
    """One step of a plan as recorded: when it happened, who recorded it, what came of it."""

    status: str  # practised | applied | inspected (planned is recorded with the plan)
    happened_on: date | None
    recorded_by: str
    outcome: str | None = None  # inspected only: changed | not_yet
    note: str | None = None


def _own_observation(con: duckdb.DuckDBPyConnection, manager_id: str, observation_id: int) -> dict:
    diagnosis = one(con, _OWN_OBSERVATION, [manager_id, observation_id])
    if diagnosis is None:
        raise NotFound(f"no diagnosis {observation_id}")
    return diagnosis


def append_step(con: duckdb.DuckDBPyConnection, plan_id: int, step: PlanStep) -> None:
    """Record a step of the plan as a new event, in the caller's transaction."""
    con.execute(
        "INSERT INTO coaching_plan_events (plan_id, status, happened_on, outcome, note, recorded_by)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [plan_id, step.status, step.happened_on, step.outcome, step.note, step.recorded_by],
    )


def current_step(con: duckdb.DuckDBPyConnection, plan_id: int) -> str | None:
    """The plan's current step, read in the caller's transaction (None: no such plan)."""
    found = one(con, "SELECT status FROM practice_plans WHERE plan_id = ?", [plan_id])
    return found["status"] if found else None


def plan_options(store: Store, manager_id: str, observation_id: int) -> dict:
    """What the plan form offers: the diagnosis, the rep's calls after it, the rep's deals."""
    with store.connect(read_only=True) as con:
        diagnosis = _own_observation(con, manager_id, observation_id)
        current = current_decision(con, diagnosis["call_id"], diagnosis["behaviour"])
        diagnosis["is_current"] = bool(current and current["observation_id"] == observation_id)
        later_calls = rows(
            con,
            "SELECT call_id, started_at, call_type, deal_id FROM calls WHERE rep_id = ? AND started_at > ?"
            " ORDER BY started_at LIMIT 10",
            [diagnosis["rep_id"], diagnosis["started_at"]],
        )
        deals = rows(
            con,
            "SELECT deal_id, max(deal_stage) AS deal_stage, max(started_at) AS last_call FROM calls"
            " WHERE rep_id = ? AND deal_id IS NOT NULL GROUP BY deal_id ORDER BY last_call DESC",
            [diagnosis["rep_id"]],
        )
        return {"diagnosis": diagnosis, "later_calls": later_calls, "deals": deals}


def add_plan(
    store: Store,
    manager_id: str,
    observation_id: int,
    alternative_behaviour: str,
    *,
    follow_up_date: date,
    practised_on: date | None,
    apply_call_id: str | None,
    apply_deal_id: str | None,
    apply_date: date | None,
) -> int:
    """A plan from the current confirmed diagnosis `observation_id`, with its 'planned' step (and
    'practised', when it was role-played already); returns its plan_id. The call or deal it is to
    be applied on must be the same rep's."""
    with store.transaction() as con:
        diagnosis = _own_observation(con, manager_id, observation_id)
        current = current_decision(con, diagnosis["call_id"], diagnosis["behaviour"])
        if diagnosis["decision"] != "confirmed" or not current or current["observation_id"] != observation_id:
            raise Conflict("A practice plan starts from a confirmed diagnosis, and this one is no longer current.")
        rep_id, rep_name = diagnosis["rep_id"], diagnosis["rep_name"]
        if apply_call_id and not one(
            con, "SELECT 1 AS own FROM calls WHERE call_id = ? AND rep_id = ?", [apply_call_id, rep_id]
        ):
            raise Invalid(f"{apply_call_id} is not one of {rep_name}'s calls.", "apply_call_id")
        if apply_deal_id and not one(
            con, "SELECT 1 AS own FROM calls WHERE deal_id = ? AND rep_id = ?", [apply_deal_id, rep_id]
        ):
            raise Invalid(f"{apply_deal_id} is not one of {rep_name}'s deals.", "apply_deal_id")
        plan_id = one(
            con,
            "INSERT INTO coaching_plans (rep_id, observation_id, behaviour, alternative_behaviour,"
            " apply_call_id, apply_deal_id, apply_date, follow_up_date, created_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING plan_id",
            [rep_id, observation_id, diagnosis["behaviour"], alternative_behaviour, apply_call_id, apply_deal_id,
             apply_date, follow_up_date, manager_id],
        )["plan_id"]  # fmt: skip
        today = one(con, "SELECT current_date AS today")["today"]
        append_step(con, plan_id, PlanStep("planned", today, manager_id))
        if practised_on:
            append_step(con, plan_id, PlanStep("practised", practised_on, manager_id, note="role-played"))
        return plan_id


def advance(store: Store, manager_id: str, plan_id: int, step: PlanStep) -> None:
    """Record the plan's next step; Conflict when the plan is not at the step before it (a double
    submit, another tab), NotFound when it is not a plan of the manager's team."""
    with store.transaction() as con:
        found = one(
            con,
            "SELECT p.status FROM practice_plans p JOIN team_reps(?) r ON r.rep_id = p.rep_id WHERE p.plan_id = ?",
            [manager_id, plan_id],
        )
        if found is None:
            raise NotFound(f"no plan {plan_id}")
        if PLAN_STEPS.index(step.status) != PLAN_STEPS.index(found["status"]) + 1:
            raise Conflict(f"This plan is {found['status']}; it cannot move to {step.status}. Reload to see it.")
        append_step(con, plan_id, step)


def plans(store: Store, manager_id: str, rep_id: str | None = None) -> list[dict]:
    """The team's plans, the ones still open first, by follow-up date."""
    sql, params = _PLANS, [manager_id]
    if rep_id:
        sql += " AND p.rep_id = ?"
        params.append(rep_id)
    return store.rows(sql + " ORDER BY p.status = 'inspected', p.follow_up_date NULLS LAST, p.plan_id", params)


def plan(store: Store, manager_id: str, plan_id: int) -> dict:
    """One plan with its history and, once the apply call is loaded, that call's verdict on the behaviour."""
    with store.connect(read_only=True) as con:
        found = one(con, _PLANS + " AND p.plan_id = ?", [manager_id, plan_id])
        if found is None:
            raise NotFound(f"no plan {plan_id}")
        found["events"] = rows(con, "SELECT * FROM coaching_plan_events WHERE plan_id = ? ORDER BY event_id", [plan_id])
        found["applied_finding"] = (
            one(
                con,
                "SELECT f.call_id, f.behaviour, f.verdict, f.quote, f.start FROM findings f"
                " WHERE f.call_id = ? AND f.behaviour = ?",
                [found["apply_call_id"], found["behaviour"]],
            )
            if found["apply_call_id"]
            else None
        )
        return found
