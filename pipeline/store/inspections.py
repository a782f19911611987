"""The pipeline's inspection of practice plans: which plans wait for a call, which loaded call a
plan is inspected on, what each inspection found, and the rep's counts before and after a plan.

Which call is chosen, and what a verdict means for the plan, is pipeline/coaching/inspection.py.
One row per (plan, call) in `plan_inspections`, recorded for the plan's current cycle: rerunning
never duplicates it, and a call inspected in one cycle is never inspected again in a later one. A
plan's cycle is closed by appending 'applied' (when it was not yet) and 'inspected' steps, in the
transaction that records the deciding inspection, and only while that cycle is still the open one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import duckdb

from pipeline.errors import Invalid
from pipeline.store.database import Store, one, rows
from pipeline.store.plans import AFTER_CALL_AT, PlanStep, append_step, current_step

OPEN_STEPS = ("planned", "practised", "applied")

# Each open plan's current cycle: `cycle_started_at` (calls loaded before it happened before the
# coaching) and `after_call_at` (its call must start after the diagnosed call, and after the calls
# earlier cycles were inspected on).
_DUE_PLANS = f"""
    SELECT p.plan_id, p.rep_id, p.behaviour, p.status, p.cycle, p.apply_call_id, p.apply_deal_id, p.apply_date,
           p.cycle_started_at, {AFTER_CALL_AT} AS after_call_at
    FROM practice_plans p
    WHERE p.status IN {OPEN_STEPS}
      AND (p.apply_call_id IS NOT NULL OR p.apply_deal_id IS NOT NULL OR p.apply_date IS NOT NULL)
    ORDER BY p.plan_id
"""

_NOT_YET_INSPECTED = "NOT EXISTS (SELECT 1 FROM plan_inspections i WHERE i.plan_id = ? AND i.call_id = c.call_id)"
# How a plan names its call (apply_call | apply_deal | apply_date) -> its calls not yet inspected
# for it, in the order they are tried. The calls alone: joined with every finding of the behaviour,
# a large history's findings were read whole for each plan (a fifth of a second a plan at a million
# calls); the findings of the few calls found are then looked up by key (`_with_findings`).
_CANDIDATES = {
    "apply_call": f"""
        SELECT c.call_id, c.started_at FROM calls c
        WHERE c.call_id = ? AND c.rep_id = ? AND {_NOT_YET_INSPECTED}
    """,
    "apply_deal": f"""
        SELECT c.call_id, c.started_at FROM calls c
        WHERE c.deal_id = ? AND c.rep_id = ? AND {_NOT_YET_INSPECTED}
          AND c.started_at > ? AND c.loaded_at >= ?
        ORDER BY c.started_at, c.call_id LIMIT ? OFFSET ?
    """,
    "apply_date": f"""
        SELECT c.call_id, c.started_at FROM calls c
        WHERE CAST(c.started_at AS DATE) >= ? AND c.rep_id = ? AND {_NOT_YET_INSPECTED}
          AND c.started_at > ?
        ORDER BY c.started_at, c.call_id LIMIT ? OFFSET ?
    """,
}
_CANDIDATES_AT_ONCE = 16  # calls looked at per query: the first with a finding on the behaviour is the next


@contextmanager
def _about_plan(plan_id: int) -> Iterator[None]:
    """A plan whose data DuckDB refuses (a broken constraint, a bad value) is `Invalid`, so that the
    batch can report it and go on with the other plans."""
    try:
        yield
    except duckdb.Error as error:
        raise Invalid(f"plan {plan_id}: {error}") from error


def due_plans(store: Store) -> list[dict]:
    """Every open plan that names where it is applied (a call, a deal or a date), oldest first."""
    return store.rows(_DUE_PLANS)


def next_call(store: Store, plan: dict, matched_by: str) -> dict | None:
    """The next loaded call not yet inspected for a due plan, matched by `matched_by`, with the
    finding on the plan's behaviour there (call_id, started_at, verdict, evidence, quote, start,
    end); None when there is none (yet). A call without a finding on the behaviour is passed over."""
    rep_id, plan_id = plan["rep_id"], plan["plan_id"]
    if matched_by == "apply_call":
        params = [plan["apply_call_id"], rep_id, plan_id]
    elif matched_by == "apply_deal":
        params = [plan["apply_deal_id"], rep_id, plan_id, plan["after_call_at"], plan["cycle_started_at"]]
    else:
        params = [plan["apply_date"], rep_id, plan_id, plan["after_call_at"]]
    paged = matched_by != "apply_call"
    offset = 0
    with _about_plan(plan_id), store.connect(read_only=True) as con:
        while True:
            page = [_CANDIDATES_AT_ONCE, offset] if paged else []
            calls = rows(con, _CANDIDATES[matched_by], [*params, *page])
            found = _with_findings(con, calls, plan["behaviour"])
            if found or not paged or len(calls) < _CANDIDATES_AT_ONCE:
                return found
            offset += _CANDIDATES_AT_ONCE


def _with_findings(con: duckdb.DuckDBPyConnection, calls: list[dict], behaviour: str) -> dict | None:
    """The first of `calls` that has a finding on `behaviour`, with that finding's columns."""
    if not calls:
        return None
    # The call ids as constants: DuckDB looks them up in the findings' key.
    findings = {
        row["call_id"]: row
        for row in rows(
            con,
            'SELECT call_id, verdict, evidence, quote, start, "end" FROM findings'
            f" WHERE behaviour = ? AND call_id IN ({', '.join('?' * len(calls))})",
            [behaviour, *(call["call_id"] for call in calls)],
        )
    }
    return next(({**call, **findings[call["call_id"]]} for call in calls if call["call_id"] in findings), None)


def record_inspection(
    store: Store,
    plan: dict,
    call: dict,
    matched_by: str,
    applied: bool | None,
    run_id: str | None,
    closing_steps: tuple[PlanStep, ...] = (),
) -> bool:
    """Record what `call` showed for the plan's cycle `plan["cycle"]`; with `closing_steps` (the
    'applied' and 'inspected' steps that close the cycle) also close it, if it is still the open
    one. Returns whether it was closed: a manager who inspected it meanwhile, or sent the plan back
    to practice, keeps their record."""
    with _about_plan(plan["plan_id"]), store.transaction() as con:
        con.execute(
            "INSERT INTO plan_inspections (plan_id, call_id, behaviour, verdict, applied, evidence, quote,"
            ' start, "end", matched_by, run_id, cycle) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
            " ON CONFLICT DO NOTHING",
            [
                plan["plan_id"], call["call_id"], plan["behaviour"], call["verdict"], applied, call["evidence"],
                call["quote"], call["start"], call["end"], matched_by, run_id, plan["cycle"],
            ],
        )  # fmt: skip
        if not closing_steps:
            return False
        status, cycle = current_step(con, plan["plan_id"])
        if status not in OPEN_STEPS or cycle != plan["cycle"]:
            return False
        for step in closing_steps:
            if step.status != status:  # a plan applied already is not applied twice
                append_step(con, plan["plan_id"], step)
        return True


def plan_inspections(store: Store, plan_id: int) -> list[dict]:
    """Every call the pipeline inspected for a plan, oldest first (not_applicable ones included)."""
    return store.rows(
        "SELECT i.*, c.started_at, c.call_type FROM plan_inspections i JOIN calls c USING (call_id)"
        " WHERE i.plan_id = ? ORDER BY c.started_at, i.call_id",
        [plan_id],
    )


def plan_split_time(store: Store, plan_id: int) -> datetime:
    """Where "before the plan" ends: the plan's creation, or the first inspected call if that came first
    (a plan may name a call that was already recorded when the plan was written)."""
    with store.connect(read_only=True) as con:
        plan = one(con, "SELECT created_at FROM coaching_plans WHERE plan_id = ?", [plan_id])
        if plan is None:
            raise KeyError(f"no plan {plan_id}")
        inspected = [
            row["call_id"]
            for row in rows(con, "SELECT DISTINCT call_id FROM plan_inspections WHERE plan_id = ?", [plan_id])
        ]
        if not inspected:
            return plan["created_at"]
        # The calls by their ids as constants: DuckDB looks them up in the key's index (a join
        # would read every call id of the table).
        first = one(
            con,
            f"SELECT min(started_at) AS first FROM calls WHERE call_id IN ({', '.join('?' * len(inspected))})",
            inspected,
        )["first"]
    return min(plan["created_at"], first) if first else plan["created_at"]


def gap_counts_around(store: Store, plan_id: int, split: datetime) -> dict:
    """The plan's behaviour on the rep's applicable calls (their `moments`) before `split` and from
    it on: before_calls, before_gaps, after_calls, after_gaps."""
    return store.rows(
        """
        SELECT count(*) FILTER (WHERE m.started_at < ?) AS before_calls,
               count(*) FILTER (WHERE m.started_at < ? AND m.verdict = 'gap') AS before_gaps,
               count(*) FILTER (WHERE m.started_at >= ?) AS after_calls,
               count(*) FILTER (WHERE m.started_at >= ? AND m.verdict = 'gap') AS after_gaps
        FROM practice_plans p
        JOIN moments m ON m.rep_id = p.rep_id AND m.behaviour = p.behaviour
        WHERE p.plan_id = ?
        """,
        [split, split, split, split, plan_id],
    )[0]
