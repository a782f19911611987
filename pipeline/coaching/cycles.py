"""The cycles of a practice plan, and what each one's inspection found, in words.

The loop repeats until the behaviour changes: an inspection that finds "not yet" sends the plan
back to practice as a new cycle (pipeline/store/plans.py, `start_cycle`), with its own apply-on
target and its own inspection. A cycle is inspected when its 'inspected' step is recorded, by a
manager in the app or by the pipeline on the applied call (pipeline/coaching/inspection.py): both
count alike, in the plan page, the reports and the team roll-up. The calls the pipeline looked
at for a cycle are listed as its evidence, whether or not they decided it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pipeline.coaching.inspection import INSPECTOR
from pipeline.coaching.plans import INSPECTION_OUTCOMES
from pipeline.store import Store
from pipeline.store import plans as stored

__all__ = ["Cycle", "apply_on", "cycles_from_rows", "history_sentence", "plan_cycles"]


def apply_on(row: dict) -> str:
    """Where the rep is to apply a plan (cycle), most specific first."""
    if row["apply_call_id"]:
        return f"call {row['apply_call_id']}"
    if row["apply_deal_id"]:
        return f"deal {row['apply_deal_id']}"
    if row["apply_date"]:
        return f"first call from {row['apply_date']}"
    return "not set"


@dataclass(frozen=True)
class Cycle:
    cycle: int  # 1, 2, ...
    alternative_behaviour: str
    apply_on: str
    follow_up_date: date | None
    status: str  # planned | practised | applied | inspected: the cycle's latest step
    practised_at: datetime | None
    outcome: str | None  # the inspection: changed | not_yet
    inspected_on: date | None
    inspected_by: str | None  # a manager's id, or the pipeline's INSPECTOR
    inspection_note: str | None
    calls: tuple[dict, ...]  # the pipeline's inspections of the cycle's calls, oldest first
    note: str | None = None  # why the plan went back to practice (cycles after the first)

    @property
    def inspected(self) -> bool:
        return self.status == "inspected"

    @property
    def inspector(self) -> str:
        return "the pipeline" if self.inspected_by == INSPECTOR else (self.inspected_by or "")

    @property
    def inspection(self) -> str:
        """The cycle's inspection in one sentence: what it found, or why there is none yet."""
        if self.inspected:
            when = f" on {self.inspected_on}" if self.inspected_on else ""
            found = f": {INSPECTION_OUTCOMES.get(self.outcome, self.outcome)}" if self.outcome else ""
            return f"Inspected{when} by {self.inspector}{found}."
        if self.calls:
            return f"Not inspected yet: {self.calls[-1]['call_id']} gave no chance to apply it."
        return "Not inspected yet: no matching call loaded."

    @property
    def summary(self) -> str:
        """ "cycle 1 inspected: not yet on 2026-11-20", or where the cycle stands."""
        if not self.inspected:
            return f"cycle {self.cycle} {self.status}"
        outcome = {"changed": "behaviour changed", "not_yet": "not yet"}.get(self.outcome or "", "inspected")
        when = f" on {self.inspected_on}" if self.inspected_on else ""
        return f"cycle {self.cycle} inspected: {outcome}{when}"


def _cycle(row: dict) -> Cycle:
    return Cycle(
        cycle=row["cycle"],
        alternative_behaviour=row["alternative_behaviour"],
        apply_on=apply_on(row),
        follow_up_date=row["follow_up_date"],
        status=row["status"],
        practised_at=row["practised_at"],
        outcome=row["outcome"],
        inspected_on=row["inspected_on"],
        inspected_by=row["inspected_by"],
        inspection_note=row["inspection_note"],
        calls=tuple(row["inspections"]),
        note=row["note"],
    )


def plan_cycles(store: Store, plan_id: int) -> tuple[Cycle, ...]:
    """Every cycle of the plan, first to current."""
    return tuple(_cycle(row) for row in stored.cycles(store, plan_id))


def cycles_from_rows(rows: list[dict]) -> tuple[Cycle, ...]:
    """The cycles of `pipeline.store.plans.plan_cycles` rows (already read in a transaction)."""
    return tuple(_cycle(row) for row in rows)


def history_sentence(cycles: tuple[Cycle, ...]) -> str:
    """ "cycle 2 of this plan; cycle 1 inspected: not yet on 2026-11-20"; empty for a plan in its first cycle."""
    if len(cycles) < 2:
        return ""
    return "; ".join([f"cycle {cycles[-1].cycle} of this plan", *(c.summary for c in cycles[:-1])])
