"""Automatic inspection: did the rep show the practised behaviour on the call they applied it on?

Every batch ends with `inspect_due_plans`: each coaching plan not yet inspected is matched to the
call it names, and the pipeline's finding on that call becomes the inspection (stored in
`plan_inspections`, the plan moves to `inspected`, the plan's history records it as `coachloop`).

Which call a plan is inspected on, most specific first:
  apply_call  the named call, once it is loaded;
  apply_deal  the first call on that deal that started after the diagnosed call and was loaded
              after the plan was made (calls already in the database happened before the coaching);
  apply_date  the rep's first call on or after that date that started after the diagnosed call.
A call on which the behaviour did not apply (`not_applicable`: no demo in the call, no discount
offered) gave no chance to show it: the inspection is kept as a record, the plan stays open, and
the next matching call is tried. Rerunning never duplicates anything: a plan is inspected once.

`plan_progress` looks beyond the single call: the behaviour's gap rate over the rep's calls before
the plan against after it, with Wilson intervals and Fisher's exact test (pipeline/coaching/stats.py).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime

import duckdb

from pipeline.coaching.stats import RateComparison, compare_rates
from pipeline.store import Store

INSPECTOR = "coachloop"  # recorded_by of the plan events the pipeline writes
OPEN_STATUSES = ("planned", "practised", "applied")
# How a plan names its call, most specific first: the match kind and the plan column holding it.
MATCH_ORDER = (("apply_call", "apply_call_id"), ("apply_deal", "apply_deal_id"), ("apply_date", "apply_date"))


@dataclass(frozen=True)
class Inspection:
    plan_id: int
    call_id: str
    behaviour: str
    verdict: str  # the finding's verdict on that call: met | gap | not_applicable
    applied: bool | None  # met: True, gap: False, not_applicable: None (no chance to apply)
    quote: str | None
    start: float | None
    matched_by: str  # apply_call | apply_deal | apply_date

    @property
    def outcome(self) -> str | None:
        """The plan outcome it records: changed | not_yet, or None when the call gave no chance."""
        return None if self.applied is None else ("changed" if self.applied else "not_yet")


_DUE_PLANS = f"""
    SELECT p.plan_id, p.rep_id, p.behaviour, p.status, p.apply_call_id, p.apply_deal_id, p.apply_date,
           p.created_at, coalesce(diagnosed.started_at, p.created_at) AS diagnosed_at
    FROM coaching_plans p
    LEFT JOIN observations o ON o.observation_id = p.observation_id
    LEFT JOIN calls diagnosed ON diagnosed.call_id = o.call_id
    WHERE p.status IN {OPEN_STATUSES}
      AND (p.apply_call_id IS NOT NULL OR p.apply_deal_id IS NOT NULL OR p.apply_date IS NOT NULL)
    ORDER BY p.plan_id
"""

# The finding columns an inspection copies; each candidate query below selects them.
_FINDING = 'c.call_id, c.started_at, f.verdict, f.evidence, f.quote, f.start, f."end"'
_NOT_YET_INSPECTED = "NOT EXISTS (SELECT 1 FROM plan_inspections i WHERE i.plan_id = ? AND i.call_id = c.call_id)"
_CANDIDATES = {
    "apply_call": f"""
        SELECT {_FINDING} FROM calls c JOIN findings f ON f.call_id = c.call_id AND f.behaviour = ?
        WHERE c.call_id = ? AND c.rep_id = ? AND {_NOT_YET_INSPECTED}
    """,
    "apply_deal": f"""
        SELECT {_FINDING} FROM calls c JOIN findings f ON f.call_id = c.call_id AND f.behaviour = ?
        WHERE c.deal_id = ? AND c.rep_id = ? AND {_NOT_YET_INSPECTED}
          AND c.started_at > ? AND c.loaded_at >= ?
        ORDER BY c.started_at, c.call_id LIMIT 1
    """,
    "apply_date": f"""
        SELECT {_FINDING} FROM calls c JOIN findings f ON f.call_id = c.call_id AND f.behaviour = ?
        WHERE CAST(c.started_at AS DATE) >= ? AND c.rep_id = ? AND {_NOT_YET_INSPECTED}
          AND c.started_at > ?
        ORDER BY c.started_at, c.call_id LIMIT 1
    """,
}


def _candidate(con: duckdb.DuckDBPyConnection, plan: dict, matched_by: str) -> dict | None:
    behaviour, rep_id, plan_id = plan["behaviour"], plan["rep_id"], plan["plan_id"]
    if matched_by == "apply_call":
        params = [behaviour, plan["apply_call_id"], rep_id, plan_id]
    elif matched_by == "apply_deal":
        params = [behaviour, plan["apply_deal_id"], rep_id, plan_id, plan["diagnosed_at"], plan["created_at"]]
    else:
        params = [behaviour, plan["apply_date"], rep_id, plan_id, plan["diagnosed_at"]]
    cursor = con.execute(_CANDIDATES[matched_by], params)
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([column[0] for column in cursor.description], row, strict=True))


def _inspect_plan(con: duckdb.DuckDBPyConnection, plan: dict, run_id: str | None) -> Inspection | None:
    """Inspect one plan on its next matching call(s); returns the deciding inspection, if any."""
    for matched_by, column in MATCH_ORDER:
        if plan[column] is None:
            continue
        while (found := _candidate(con, plan, matched_by)) is not None:
            verdict = found["verdict"]
            applied = {"met": True, "gap": False}.get(verdict)
            inspection = Inspection(
                plan["plan_id"], found["call_id"], plan["behaviour"], verdict, applied, found["quote"],
                found["start"], matched_by,
            )  # fmt: skip
            con.execute(
                "INSERT INTO plan_inspections (plan_id, call_id, behaviour, verdict, applied, evidence, quote,"
                ' start, "end", matched_by, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
                " ON CONFLICT DO NOTHING",
                [
                    plan["plan_id"], found["call_id"], plan["behaviour"], verdict, applied, found["evidence"],
                    found["quote"], found["start"], found["end"], matched_by, run_id,
                ],
            )  # fmt: skip
            if applied is None:
                continue  # no chance to show it on this call: try the next matching call
            _record_inspected(con, plan, inspection, found["started_at"])
            return inspection
    return None


def _record_inspected(con: duckdb.DuckDBPyConnection, plan: dict, inspection: Inspection, started_at: datetime) -> None:
    call_day = started_at.date() if started_at else None
    updated = con.execute(
        f"UPDATE coaching_plans SET status = 'inspected' WHERE plan_id = ? AND status IN {OPEN_STATUSES}"
        " RETURNING plan_id",
        [plan["plan_id"]],
    ).fetchall()
    if not updated:
        return  # a manager inspected it meanwhile; their record stands
    if plan["status"] != "applied":
        con.execute(
            "INSERT INTO coaching_plan_events (plan_id, status, happened_on, note, recorded_by)"
            " VALUES (?, 'applied', ?, ?, ?)",
            [plan["plan_id"], call_day, f"on call {inspection.call_id}", INSPECTOR],
        )
    quote = f": “{inspection.quote}”" if inspection.quote else ""
    note = f"call {inspection.call_id} ({inspection.matched_by.replace('_', ' ')}): {inspection.verdict}{quote}"
    con.execute(
        "INSERT INTO coaching_plan_events (plan_id, status, happened_on, outcome, note, recorded_by)"
        " VALUES (?, 'inspected', ?, ?, ?, ?)",
        [plan["plan_id"], call_day, inspection.outcome, note, INSPECTOR],
    )


def inspect_due_plans(store: Store, run_id: str | None = None) -> list[Inspection]:
    """Inspect every open plan whose apply-on call is now loaded; one transaction per plan.

    Safe to run after every batch and to rerun: an inspected plan is not touched again. A plan
    that cannot be inspected (its data broke a constraint) is reported on stderr and skipped, so
    one bad plan never holds the others back.
    """
    done = []
    for plan in store.rows(_DUE_PLANS):
        try:
            with store.transaction() as con:
                inspection = _inspect_plan(con, plan, run_id)
        except duckdb.Error as error:
            print(f"coachloop: plan {plan['plan_id']} not inspected: {error}", file=sys.stderr)
            continue
        if inspection is not None:
            done.append(inspection)
            said = {True: "applied (changed)", False: "not applied (not yet)"}[inspection.applied]
            print(f"coachloop: plan {inspection.plan_id} inspected on {inspection.call_id}: {said}", file=sys.stderr)
    return done


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
    row = store.rows(
        "SELECT least(p.created_at, coalesce(min(c.started_at), p.created_at)) AS split"
        " FROM coaching_plans p LEFT JOIN plan_inspections i ON i.plan_id = p.plan_id"
        " LEFT JOIN calls c ON c.call_id = i.call_id WHERE p.plan_id = ? GROUP BY p.created_at",
        [plan_id],
    )
    if not row:
        raise KeyError(f"no plan {plan_id}")
    return row[0]["split"]


def plan_progress(store: Store, plan_id: int, min_calls: int) -> RateComparison:
    """The plan's behaviour: gap rate over the rep's applicable calls before the plan vs from it on."""
    split = plan_split_time(store, plan_id)
    counts = store.rows(
        """
        SELECT count(*) FILTER (WHERE c.started_at < ?) AS before_calls,
               count(*) FILTER (WHERE c.started_at < ? AND f.verdict = 'gap') AS before_gaps,
               count(*) FILTER (WHERE c.started_at >= ?) AS after_calls,
               count(*) FILTER (WHERE c.started_at >= ? AND f.verdict = 'gap') AS after_gaps
        FROM coaching_plans p
        JOIN calls c ON c.rep_id = p.rep_id
        JOIN findings f ON f.call_id = c.call_id AND f.behaviour = p.behaviour
        WHERE p.plan_id = ? AND f.verdict <> 'not_applicable'
        """,
        [split, split, split, split, plan_id],
    )[0]
    return compare_rates(
        counts["before_gaps"], counts["before_calls"], counts["after_gaps"], counts["after_calls"], min_calls
    )
