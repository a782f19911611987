"""The manager's team roll-up: which rep of the team needs which focus, with the numbers behind it.

One row per rep of the manager's team (the `team_reps` rule), each summarised from the rep's own
tracker (pipeline/reports/tracker.py), with the manager's review cadence beside it
(pipeline/coaching/cadence.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pipeline.coaching.cadence import RepCadence, team_cadence
from pipeline.coaching.focus import Focus
from pipeline.config import CoachingSettings
from pipeline.reports.period import Period, period_for
from pipeline.reports.tracker import BehaviourRates, Tracker, build_tracker
from pipeline.store import Store
from pipeline.store import reports as report_sql
from pipeline.store.accounts import display_names


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
    trackers = team_trackers(store, manager_id, settings, period) if trackers is None else trackers
    rows = tuple(rollup_row(tracker, reviews.get(tracker.rep_id)) for tracker in trackers)
    return TeamRollup(
        manager_id=manager_id,
        period=period,
        rows=rows,
        generated_at=datetime.now().replace(microsecond=0),
        manager_name=display_names(store).get(manager_id, manager_id),
    )
