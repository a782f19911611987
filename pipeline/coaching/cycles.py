"""The cycles of a practice plan, and what each one's inspection found, in words.

The loop repeats until the behaviour changes: an inspection that finds "not yet" sends the plan
back to practice as a new cycle (pipeline/store/plans.py, `start_cycle`), with its own apply-on
target and its own inspection. A cycle is inspected when its 'inspected' step is recorded, by a
manager in the app or by the pipeline on the applied call (pipeline/coaching/inspection.py): both
count alike, in the plan page, the reports and the team roll-up. The calls the pipeline looked
at for a cycle are listed as its evidence, whether or not they decided it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from pipeline.coaching.inspection import INSPECTOR
from pipeline.coaching.plans import INSPECTION_OUTCOMES
from pipeline.coaching.wording import apply_on, call_words, day
from pipeline.store import Store, deals
from pipeline.store import plans as stored
from pipeline.store.accounts import display_names
from pipeline.store.queue import calls_named

__all__ = ["Cycle", "Names", "apply_on", "cycles_from_rows", "history_sentence", "names_for", "plan_cycles"]


@dataclass(frozen=True)
class Names:
    """What the sentences about cycles name: calls (call_id -> its row), deals' accounts, people."""

    calls: Mapping[str, dict] = field(default_factory=dict)
    accounts: Mapping[str, str] = field(default_factory=dict)
    people: Mapping[str, str] = field(default_factory=dict)


def names_for(store: Store, rows: list[dict]) -> Names:
    """The names the cycles of `rows` (plans or cycles with apply_call_id, apply_deal_id) need."""
    return Names(
        calls_named(store, [row["apply_call_id"] for row in rows if row.get("apply_call_id")]),
        deals.account_names(store, (row.get("apply_deal_id") for row in rows)),
        display_names(store),
    )


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
    inspector_name: str | None = None  # the inspecting manager's name

    @property
    def inspected(self) -> bool:
        return self.status == "inspected"

    @property
    def inspector(self) -> str:
        return "the pipeline" if self.inspected_by == INSPECTOR else (self.inspector_name or self.inspected_by or "")

    @property
    def inspection(self) -> str:
        """The cycle's inspection in one sentence: what it found, or why there is none yet."""
        if self.inspected:
            when = f" on {day(self.inspected_on)}" if self.inspected_on else ""
            found = f": {INSPECTION_OUTCOMES.get(self.outcome, self.outcome)}" if self.outcome else ""
            return f"Inspected{when} by {self.inspector}{found}."
        if self.calls:
            last = self.calls[-1]
            return f"Not inspected yet: {call_words(last, last['call_id'])} gave no chance to apply it."
        return "Not inspected yet: no matching call loaded."

    @property
    def summary(self) -> str:
        """ "cycle 1 inspected: not yet on 20 Nov 2026", or where the cycle stands."""
        if not self.inspected:
            return f"cycle {self.cycle} {self.status}"
        outcome = {"changed": "behaviour changed", "not_yet": "not yet"}.get(self.outcome or "", "inspected")
        when = f" on {day(self.inspected_on)}" if self.inspected_on else ""
        return f"cycle {self.cycle} inspected: {outcome}{when}"


def _cycle(row: dict, names: Names) -> Cycle:
    return Cycle(
        cycle=row["cycle"],
        alternative_behaviour=row["alternative_behaviour"],
        apply_on=apply_on(row, names.calls, names.accounts),
        follow_up_date=row["follow_up_date"],
        status=row["status"],
        practised_at=row["practised_at"],
        outcome=row["outcome"],
        inspected_on=row["inspected_on"],
        inspected_by=row["inspected_by"],
        inspection_note=row["inspection_note"],
        calls=tuple(row["inspections"]),
        note=row["note"],
        inspector_name=names.people.get(row["inspected_by"] or ""),
    )


def plan_cycles(store: Store, plan_id: int) -> tuple[Cycle, ...]:
    """Every cycle of the plan, first to current."""
    rows = stored.cycles(store, plan_id)
    names = names_for(store, rows)
    return tuple(_cycle(row, names) for row in rows)


def cycles_from_rows(rows: list[dict], names: Names | None = None) -> tuple[Cycle, ...]:
    """The cycles of `pipeline.store.plans.plan_cycles` rows (already read in a transaction)."""
    return tuple(_cycle(row, names or Names()) for row in rows)


def history_sentence(cycles: tuple[Cycle, ...]) -> str:
    """ "cycle 2 of this plan; cycle 1 inspected: not yet on 20 Nov 2026"; empty for a plan in its first cycle."""
    if len(cycles) < 2:
        return ""
    return "; ".join([f"cycle {cycles[-1].cycle} of this plan", *(c.summary for c in cycles[:-1])])
