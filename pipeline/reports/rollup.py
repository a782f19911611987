"""The manager's team roll-up: which rep of the team needs which focus, with the numbers behind it.

One row per rep of the manager's team (the `team_reps` rule): what the rep's own tracker
(pipeline/reports/tracker.py) shows in a line, with the manager's review cadence beside it
(pipeline/coaching/cadence.py). The rows are read for the whole team at once (one query per
kind of fact, not one per rep) with the tracker's own rules; trackers already built (the team's
mail) give the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pipeline.coaching.cadence import RepCadence, team_cadence
from pipeline.coaching.focus import Focus, focus_of_reps
from pipeline.config import CoachingSettings
from pipeline.reports.period import Period, period_for
from pipeline.reports.tracker import (
    BehaviourRates,
    Tracker,
    build_tracker,
    focus_rates,
    pipeline_concerns,
    rate_concerns,
    rep_pipeline,
    team_rates,
)
from pipeline.store import Store
from pipeline.store import reports as report_sql
from pipeline.store.accounts import display_names
from pipeline.store.crm import has_crm_data
from pipeline.store.plans import inspected_outcomes
from pipeline.store.reps import team_members


@dataclass(frozen=True)
class RollupRow:
    rep_id: str
    rep_name: str
    focus: Focus
    calls_in_period: int
    focus_rates: tuple[BehaviourRates, ...]
    open_plans: int
    inspected_changed: int  # inspected plan cycles, by a manager or the pipeline: behaviour changed
    inspected_not_yet: int  # ... not yet (each sends its plan back to practice)
    concerns: int  # recorded and from data
    reviews: RepCadence | None = None  # reviewed calls per week (pipeline/coaching/cadence.py)


@dataclass(frozen=True)
class TeamRollup:
    manager_id: str
    period: Period
    rows: tuple[RollupRow, ...]
    generated_at: datetime
    manager_name: str = ""  # the manager's display name; the id when the account has none


def rollup_row(tracker: Tracker, reviews: RepCadence | None) -> RollupRow:
    """One rep's tracker in a line: the focus, its numbers, the plans and what their inspections found."""
    # Every inspected cycle of the plans, whoever inspected it (a manager or the pipeline): did the behaviour change?
    outcomes = [cycle.outcome for p in tracker.plans for cycle in p.cycles if cycle.inspected]
    return RollupRow(
        rep_id=tracker.rep_id,
        rep_name=tracker.rep_name,
        focus=tracker.focus,
        calls_in_period=tracker.calls_in_period,
        focus_rates=tracker.focus_rates,
        open_plans=sum(p.status != "inspected" for p in tracker.plans),
        inspected_changed=outcomes.count("changed"),
        inspected_not_yet=outcomes.count("not_yet"),
        concerns=len(tracker.concerns),
        reviews=reviews,
    )


def team_trackers(store: Store, manager_id: str, settings: CoachingSettings, period: Period) -> tuple[Tracker, ...]:
    """The manager's copy of each of their reps' trackers, by rep name."""
    return tuple(
        build_tracker(store, rep_id, settings, period) for rep_id in report_sql.team_rep_ids(store, manager_id)
    )


def _team_rows(
    store: Store, manager_id: str, settings: CoachingSettings, period: Period, reviews: dict[str, RepCadence]
) -> tuple[RollupRow, ...]:
    """`rollup_row` of each rep's tracker, read for the whole team at once."""
    team = team_members(store, manager_id)
    rep_ids = [member["rep_id"] for member in team]
    focus = focus_of_reps(store, rep_ids, settings, as_of=period.end)
    rates = team_rates(store, rep_ids, period, settings)
    plans = report_sql.team_plans_to_report(store, rep_ids, period.start, period.end)
    outcomes = inspected_outcomes(store, [plan["plan_id"] for rows in plans.values() for plan in rows])
    recorded = report_sql.team_concerns_to_report(store, rep_ids, period.start)
    calls = report_sql.call_counts(store, rep_ids, period.start, period.end)
    crm = has_crm_data(store)
    rows = []
    for member in team:
        rep_id = member["rep_id"]
        own_plans = plans.get(rep_id, [])
        inspected = [outcome for plan in own_plans for outcome in outcomes.get(plan["plan_id"], [])]
        own_recorded = recorded.get(rep_id, [])
        pipeline = rep_pipeline(store, rep_id, period, settings) if crm else None
        concerns = (
            len(own_recorded)
            + len(rate_concerns(rates[rep_id], own_recorded, settings))
            + len(pipeline_concerns(pipeline, settings))
        )
        rows.append(
            RollupRow(
                rep_id=rep_id,
                rep_name=member["rep_name"],
                focus=focus[rep_id],
                calls_in_period=calls[rep_id],
                focus_rates=focus_rates(focus[rep_id], rates[rep_id]),
                open_plans=sum(plan["status"] != "inspected" for plan in own_plans),
                inspected_changed=inspected.count("changed"),
                inspected_not_yet=inspected.count("not_yet"),
                concerns=concerns,
                reviews=reviews.get(rep_id),
            )
        )
    return tuple(rows)


def team_rollup(
    store: Store,
    manager_id: str,
    settings: CoachingSettings,
    period: Period | None = None,
    trackers: tuple[Tracker, ...] | None = None,
) -> TeamRollup:
    """Which rep of the manager's team needs which focus, with the numbers behind it. `trackers`:
    the team's trackers for `period` when already built (team_trackers)."""
    period = period or period_for(store, settings)
    # Review cadence is the manager's habit in real time: this week is today's, whatever period the
    # report covers, as on the Coaching page (pipeline/coaching/cadence.py).
    reviews = {row.rep_id: row for row in team_cadence(store, manager_id, settings).reps}
    if trackers is None:
        rows = _team_rows(store, manager_id, settings, period, reviews)
    else:
        rows = tuple(rollup_row(tracker, reviews.get(tracker.rep_id)) for tracker in trackers)
    return TeamRollup(
        manager_id=manager_id,
        period=period,
        rows=rows,
        generated_at=datetime.now().replace(microsecond=0),
        manager_name=display_names(store).get(manager_id, manager_id),
    )
