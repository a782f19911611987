"""Automatic inspection: did the rep show the practised behaviour on the call they applied it on?

Every batch ends with `inspect_due_plans`: each coaching plan not yet inspected is matched to the
call it names, and the pipeline's finding on that call becomes the inspection (stored in
`plan_inspections`; the plan's history records the `inspected` step, by `coachloop`).

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

from pipeline.coaching.stats import RateComparison, compare_rates
from pipeline.coaching.wording import inspected_call, inspection_note
from pipeline.errors import Invalid
from pipeline.store import Store, changes
from pipeline.store import inspections as stored
from pipeline.store.inspections import plan_inspections, plan_split_time
from pipeline.store.plans import PlanStep

INSPECTOR = "coachloop"  # recorded_by of the plan events the pipeline writes
# How a plan names its call, most specific first: the match kind and the plan column holding it.
MATCH_ORDER = (("apply_call", "apply_call_id"), ("apply_deal", "apply_deal_id"), ("apply_date", "apply_date"))

__all__ = ["Inspection", "inspect_due_plans", "plan_inspections", "plan_progress", "plan_split_time"]


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


def _closing_steps(inspection: Inspection, call: dict) -> tuple[PlanStep, PlanStep]:
    """The steps that close a plan inspected on `call`: applied on that call, then inspected."""
    call_day = call["started_at"].date() if call["started_at"] else None
    note = inspection_note(call_day, inspection.matched_by, inspection.verdict, inspection.quote)
    return (
        PlanStep("applied", call_day, INSPECTOR, note=f"on {inspected_call(call_day)}"),
        PlanStep("inspected", call_day, INSPECTOR, outcome=inspection.outcome, note=note),
    )


def _inspect_plan(store: Store, plan: dict, run_id: str | None) -> Inspection | None:
    """Inspect one plan on its next matching call(s); returns the deciding inspection, if any."""
    for matched_by, column in MATCH_ORDER:
        if plan[column] is None:
            continue
        while (call := stored.next_call(store, plan, matched_by)) is not None:
            verdict = call["verdict"]
            applied = {"met": True, "gap": False}.get(verdict)
            inspection = Inspection(
                plan["plan_id"], call["call_id"], plan["behaviour"], verdict, applied, call["quote"],
                call["start"], matched_by,
            )  # fmt: skip
            if applied is None:
                # No chance to show it on this call: kept as a record, and the next matching call is tried.
                stored.record_inspection(store, plan, call, matched_by, applied, run_id)
                continue
            stored.record_inspection(
                store, plan, call, matched_by, applied, run_id, closing_steps=_closing_steps(inspection, call)
            )
            return inspection
    return None


def inspect_due_plans(store: Store, run_id: str | None = None) -> list[Inspection]:
    """Inspect every open plan whose apply-on call is now loaded.

    Safe to run after every batch and to rerun: an inspected plan is not touched again. A plan
    that cannot be inspected (its data broke a constraint) is reported on stderr and skipped, so
    one bad plan never holds the others back.
    """
    done = []
    with store.held():  # one opening of the file for every plan's reads and writes
        for plan in stored.due_plans(store):
            try:
                with changes.scoped_to([plan["rep_id"]]):
                    inspection = _inspect_plan(store, plan, run_id)
            except Invalid as error:
                print(f"coachloop: plan {plan['plan_id']} not inspected: {error}", file=sys.stderr)
                continue
            if inspection is not None:
                done.append(inspection)
                said = {True: "applied (changed)", False: "not applied (not yet)"}[inspection.applied]
                print(
                    f"coachloop: plan {inspection.plan_id} inspected on {inspection.call_id}: {said}", file=sys.stderr
                )
    return done


def plan_progress(store: Store, plan_id: int, min_calls: int) -> RateComparison:
    """The plan's behaviour: gap rate over the rep's applicable calls before the plan vs from it on."""
    counts = stored.gap_counts_around(store, plan_id, plan_split_time(store, plan_id))
    return compare_rates(
        counts["before_gaps"], counts["before_calls"], counts["after_gaps"], counts["after_calls"], min_calls
    )
