"""Practice plans: what a manager asks a rep to practise after a confirmed diagnosis, and its steps.

A plan moves one step at a time: planned → practised (role-played with the manager) → applied
(on a real call) → inspected (did the behaviour change?). The pipeline's inspection
(pipeline/coaching/inspection.py) may close a plan too. An inspection that finds "not yet"
is not the end: `practise_again` sends the plan back to practice as a new cycle, with its own
apply-on target and inspection, the earlier cycles kept (pipeline/coaching/cycles.py words
them). The steps are append-only events; the store (pipeline/store/plans.py) refuses a step the
plan is not ready for, so a double submit never records twice. This module checks what the
manager typed and says what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pipeline.errors import Invalid
from pipeline.store import Store
from pipeline.store import plans as stored
from pipeline.store.plans import PLAN_STEPS, PlanStep, plan, plan_options, plans

INSPECTION_OUTCOMES = {"changed": "behaviour changed", "not_yet": "not yet: practise again"}

__all__ = [
    "INSPECTION_OUTCOMES",
    "PLAN_STEPS",
    "CycleInput",
    "PlanInput",
    "advance_plan",
    "create_plan",
    "practise_again",
    "plan",
    "plan_options",
    "plans",
]


@dataclass(frozen=True)
class PlanInput:
    observation_id: int
    alternative_behaviour: str
    follow_up_date: date | None
    practised_on: date | None = None
    apply_call_id: str | None = None
    apply_deal_id: str | None = None
    apply_date: date | None = None


@dataclass(frozen=True)
class CycleInput:
    """The next cycle of a plan inspected "not yet": what to practise now, where and when to check."""

    alternative_behaviour: str
    follow_up_date: date | None
    practised_on: date | None = None
    apply_call_id: str | None = None
    apply_deal_id: str | None = None
    apply_date: date | None = None
    note: str | None = None  # why again: what the manager re-diagnosed


def _checked_alternative(draft: PlanInput | CycleInput) -> str:
    """The alternative behaviour as typed, once the plan (cycle) says what, where and when."""
    alternative = draft.alternative_behaviour.strip()
    if not alternative:
        raise Invalid("Describe the alternative behaviour the rep will practise.", "alternative_behaviour")
    if not (draft.apply_call_id or draft.apply_deal_id or draft.apply_date):
        raise Invalid("Pick the call or deal where the rep will apply it, or a date.", "apply")
    if draft.follow_up_date is None:
        raise Invalid("Set the follow-up date.", "follow_up_date")
    return alternative


def create_plan(store: Store, manager_id: str, draft: PlanInput) -> int:
    """A practice plan from a current confirmed diagnosis; returns its plan_id."""
    alternative = _checked_alternative(draft)
    return stored.add_plan(
        store,
        manager_id,
        draft.observation_id,
        alternative,
        follow_up_date=draft.follow_up_date,
        practised_on=draft.practised_on,
        apply_call_id=draft.apply_call_id,
        apply_deal_id=draft.apply_deal_id,
        apply_date=draft.apply_date,
    )


def practise_again(store: Store, manager_id: str, plan_id: int, draft: CycleInput) -> int:
    """Send a plan inspected "not yet" back to practice: its next cycle; returns the cycle's number."""
    alternative = _checked_alternative(draft)
    return stored.start_cycle(
        store,
        manager_id,
        plan_id,
        alternative,
        follow_up_date=draft.follow_up_date,
        practised_on=draft.practised_on,
        apply_call_id=draft.apply_call_id,
        apply_deal_id=draft.apply_deal_id,
        apply_date=draft.apply_date,
        note=(draft.note or "").strip() or None,
    )


def advance_plan(
    store: Store,
    manager_id: str,
    plan_id: int,
    status: str,
    happened_on: date,
    note: str | None = None,
    outcome: str | None = None,
) -> None:
    """Move a plan one step on (planned → practised → applied → inspected), recording when and who."""
    if status not in PLAN_STEPS[1:]:
        raise Invalid(f"unknown plan step {status!r}", "status")
    if status == "inspected" and outcome not in INSPECTION_OUTCOMES:
        raise Invalid("Say whether the behaviour changed.", "outcome")
    step = PlanStep(
        status,
        happened_on,
        manager_id,
        outcome=outcome if status == "inspected" else None,
        note=(note or "").strip() or None,
    )
    stored.advance(store, manager_id, plan_id, step)
