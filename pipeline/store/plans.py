"""Practice plans, their cycles and their steps: a plan row says what the rep practises and where
they apply it; its steps (planned → practised → applied → inspected) are append-only events in
`coaching_plan_events` (migration 008), and the view `practice_plans` gives each plan's current
step and role-play date. A step is always a new row, so a replayed or repeated step never
loses history; whether a plan may move to a step is read from `practice_plans` in the same
transaction that records it.

An inspection that finds "not yet" sends the plan back to practice: `start_cycle` records a new
cycle (migration 012) with its own wording, apply-on target and follow-up date, and its
'planned' step. Every step belongs to the plan's current cycle; the view `plan_cycles` gives
each cycle with its steps and inspection.

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

# When a plan's next apply-on call may start (over `practice_plans p`): after the diagnosed call,
# and in a later cycle after every call an earlier cycle was inspected on; the plan's creation when
# the diagnosis is gone.
AFTER_CALL_AT = """coalesce(greatest(
        (SELECT dc.started_at FROM observations o JOIN calls dc ON dc.call_id = o.call_id
         WHERE o.observation_id = p.observation_id),
        (SELECT max(ic.started_at) FROM plan_inspections i JOIN calls ic ON ic.call_id = i.call_id
         WHERE i.plan_id = p.plan_id AND i.cycle < p.cycle)), p.created_at)"""

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
    """Record a step of the plan's current cycle as a new event, in the caller's transaction."""
    con.execute(
        "INSERT INTO coaching_plan_events (plan_id, status, happened_on, outcome, note, recorded_by, cycle)"
        " VALUES (?, ?, ?, ?, ?, ?,"
        " (SELECT coalesce(max(cycle), 1) FROM coaching_plan_cycles WHERE plan_id = ?))",
        [plan_id, step.status, step.happened_on, step.outcome, step.note, step.recorded_by, plan_id],
    )


def current_step(con: duckdb.DuckDBPyConnection, plan_id: int) -> tuple[str, int] | None:
    """The plan's current step and cycle, read in the caller's transaction (None: no such plan)."""
    found = one(con, "SELECT status, cycle FROM practice_plans WHERE plan_id = ?", [plan_id])
    return (found["status"], found["cycle"]) if found else None


def _check_apply_target(
    con: duckdb.DuckDBPyConnection, rep_id: str, rep_name: str, apply_call_id: str | None, apply_deal_id: str | None
) -> None:
    """The call or deal a plan is applied on must be the rep's own."""
    if apply_call_id and not one(
        con, "SELECT 1 AS own FROM calls WHERE call_id = ? AND rep_id = ?", [apply_call_id, rep_id]
    ):
        raise Invalid(f"{apply_call_id} is not one of {rep_name}'s calls.", "apply_call_id")
    if apply_deal_id and not one(
        con, "SELECT 1 AS own FROM calls WHERE deal_id = ? AND rep_id = ?", [apply_deal_id, rep_id]
    ):
        raise Invalid(f"{apply_deal_id} is not one of {rep_name}'s deals.", "apply_deal_id")


def plan_options(store: Store, manager_id: str, observation_id: int) -> dict:
    """What the plan form offers: the diagnosis, the rep's calls after it, the rep's deals."""
    with store.connect(read_only=True) as con:
        diagnosis = _own_observation(con, manager_id, observation_id)
        current = current_decision(con, diagnosis["call_id"], diagnosis["behaviour"])
        diagnosis["is_current"] = bool(current and current["observation_id"] == observation_id)
        return {"diagnosis": diagnosis, **_apply_choices(con, diagnosis["rep_id"], diagnosis["started_at"])}


def _apply_choices(con: duckdb.DuckDBPyConnection, rep_id: str, after, plan_id: int | None = None) -> dict:
    """Where a plan (cycle) may be applied: the rep's next calls after `after` that were not
    inspected for the plan already, and the rep's deals."""
    later_calls = rows(
        con,
        "SELECT call_id, started_at, call_type, deal_id FROM calls c WHERE rep_id = ? AND started_at > ?"
        " AND NOT EXISTS (SELECT 1 FROM plan_inspections i WHERE i.plan_id = ? AND i.call_id = c.call_id)"
        " ORDER BY started_at LIMIT 10",
        [rep_id, after, plan_id],
    )
    deals = rows(
        con,
        "SELECT deal_id, max(deal_stage) AS deal_stage, max(started_at) AS last_call FROM calls"
        " WHERE rep_id = ? AND deal_id IS NOT NULL GROUP BY deal_id ORDER BY last_call DESC",
        [rep_id],
    )
    return {"later_calls": later_calls, "deals": deals}


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
        _check_apply_target(con, rep_id, rep_name, apply_call_id, apply_deal_id)
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


def start_cycle(
    store: Store,
    manager_id: str,
    plan_id: int,
    alternative_behaviour: str,
    *,
    follow_up_date: date,
    practised_on: date | None,
    apply_call_id: str | None,
    apply_deal_id: str | None,
    apply_date: date | None,
    note: str | None,
) -> int:
    """Send a plan whose current cycle was inspected "not yet" back to practice: a new cycle with
    its own wording, apply-on target and follow-up date, and its 'planned' step (and 'practised',
    when it was role-played already). Returns the new cycle's number. Conflict when the plan's
    current cycle is not inspected "not yet" (a double submit, another tab), NotFound when it is
    not a plan of the manager's team."""
    with store.transaction() as con:
        found = one(
            con,
            "SELECT p.status, p.cycle, p.rep_id, coalesce(r.rep_name, r.rep_id) AS rep_name, k.outcome"
            " FROM practice_plans p JOIN team_reps(?) r ON r.rep_id = p.rep_id"
            " JOIN plan_cycles k ON k.plan_id = p.plan_id AND k.cycle = p.cycle WHERE p.plan_id = ?",
            [manager_id, plan_id],
        )
        if found is None:
            raise NotFound(f"no plan {plan_id}")
        if found["status"] != "inspected" or found["outcome"] != "not_yet":
            raise Conflict(
                f"Cycle {found['cycle']} of this plan is {found['status']}; it goes back to practice only after an"
                " inspection that found “not yet”. Reload to see it."
            )
        _check_apply_target(con, found["rep_id"], found["rep_name"], apply_call_id, apply_deal_id)
        if apply_call_id and one(
            con, "SELECT 1 AS seen FROM plan_inspections WHERE plan_id = ? AND call_id = ?", [plan_id, apply_call_id]
        ):
            raise Invalid(f"{apply_call_id} was inspected for this plan already: name a later call.", "apply_call_id")
        cycle = found["cycle"] + 1
        con.execute(
            "INSERT INTO coaching_plan_cycles (plan_id, cycle, alternative_behaviour, apply_call_id, apply_deal_id,"
            " apply_date, follow_up_date, note, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [plan_id, cycle, alternative_behaviour, apply_call_id, apply_deal_id, apply_date, follow_up_date, note,
             manager_id],
        )  # fmt: skip
        today = one(con, "SELECT current_date AS today")["today"]
        append_step(con, plan_id, PlanStep("planned", today, manager_id, note=f"practise again: cycle {cycle}"))
        if practised_on:
            append_step(con, plan_id, PlanStep("practised", practised_on, manager_id, note="role-played"))
        return cycle


def plans(store: Store, manager_id: str, rep_id: str | None = None) -> list[dict]:
    """The team's plans, the ones still open first, by follow-up date."""
    sql, params = _PLANS, [manager_id]
    if rep_id:
        sql += " AND p.rep_id = ?"
        params.append(rep_id)
    return store.rows(sql + " ORDER BY p.status = 'inspected', p.follow_up_date NULLS LAST, p.plan_id", params)


def plan_cycles(con: duckdb.DuckDBPyConnection, plan_id: int) -> list[dict]:
    """Every cycle of a plan, first to current, each with its step events (`events`) and the
    pipeline's inspections of the calls it was applied on (`inspections`, oldest call first)."""
    cycles = rows(con, "SELECT * FROM plan_cycles WHERE plan_id = ? ORDER BY cycle", [plan_id])
    for cycle in cycles:
        cycle["events"] = rows(
            con, "SELECT * FROM coaching_plan_events WHERE plan_id = ? AND cycle = ? ORDER BY event_id",
            [plan_id, cycle["cycle"]],
        )  # fmt: skip
        cycle["inspections"] = rows(
            con,
            "SELECT i.*, c.started_at, c.call_type FROM plan_inspections i JOIN calls c USING (call_id)"
            " WHERE i.plan_id = ? AND i.cycle = ? ORDER BY c.started_at, i.call_id",
            [plan_id, cycle["cycle"]],
        )
    return cycles


def inspected_outcomes(store: Store, plan_ids: list[int]) -> dict[int, list[str | None]]:
    """plan_id -> the outcome (changed | not_yet | None) of each of its inspected cycles, first
    to current; plans with no inspected cycle left out. One query for many plans."""
    found = store.rows(
        "SELECT plan_id, outcome FROM plan_cycles WHERE plan_id IN (SELECT unnest(?::BIGINT[]))"
        " AND status = 'inspected' ORDER BY plan_id, cycle",
        [plan_ids],
    )
    outcomes: dict[int, list[str | None]] = {}
    for row in found:
        outcomes.setdefault(row["plan_id"], []).append(row["outcome"])
    return outcomes


def plan(store: Store, manager_id: str, plan_id: int) -> dict:
    """One plan with its history and, once the apply call is loaded, that call's verdict on the behaviour."""
    with store.connect(read_only=True) as con:
        found = one(con, _PLANS + " AND p.plan_id = ?", [manager_id, plan_id])
        if found is None:
            raise NotFound(f"no plan {plan_id}")
        found["events"] = rows(con, "SELECT * FROM coaching_plan_events WHERE plan_id = ? ORDER BY event_id", [plan_id])
        found["cycles"] = plan_cycles(con, plan_id)
        if found["status"] == "inspected" and found["cycles"][-1]["outcome"] == "not_yet":
            # Where the next cycle may be applied: calls after every call inspected so far.
            after = one(
                con,
                f"SELECT {AFTER_CALL_AT} AS after FROM (SELECT * REPLACE (cycle + 1 AS cycle) FROM practice_plans) p"
                " WHERE p.plan_id = ?",
                [plan_id],
            )["after"]
            found["practise_again"] = _apply_choices(con, found["rep_id"], after, plan_id)
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


def cycles(store: Store, plan_id: int) -> list[dict]:
    """Every cycle of a plan with its steps and the pipeline's inspections (`plan_cycles`)."""
    with store.connect(read_only=True) as con:
        return plan_cycles(con, plan_id)
