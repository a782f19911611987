"""What the rep's tracker and the team roll-up say about the loop: every cycle of a plan with its
inspection, whether a manager recorded it in the app or the pipeline on the applied call; never
"Inspected" and "Not inspected yet" for the same cycle; and reviewed calls this week as the
Coaching page counts them, whatever period the report covers."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest

from pipeline.coaching import plans, triage
from pipeline.coaching.cadence import iso_week_label, team_cadence
from pipeline.coaching.inspection import inspect_due_plans
from pipeline.config import CoachingSettings
from pipeline.reports.period import Period
from pipeline.reports.render import render_html, render_markdown, render_team_html, render_team_markdown
from pipeline.reports.rollup import team_rollup, team_trackers
from pipeline.reports.tracker import build_tracker
from pipeline.store import Store
from tests.support.plan_team import MAYA, MET, MISSED_1, MISSED_2, again, inspect_manually, new_plan, team_store

SETTINGS = CoachingSettings()
PERIOD = Period(date(2026, 11, 1), date(2026, 11, 30))


@pytest.fixture
def team(tmp_path) -> Store:
    return team_store(tmp_path)


def by_pipeline(store: Store, plan_id: int) -> None:
    inspect_due_plans(store)


def not_at_all(store: Store, plan_id: int) -> None:
    pass


def cycle_blocks(html: str) -> list[str]:
    """Each cycle's part of the tracker page."""
    return re.findall(r'<div class="cycle" id="plan-\d+-cycle-\d+">.*?</div>', html, flags=re.S)


def markdown_plan(markdown: str) -> str:
    return markdown.split("## Coaching plans and inspections")[1].split("## The performance questions")[0]


# How the plan's one cycle was (or was not) inspected -> roll-up counts, and what the report says.
INSPECTIONS = [
    ("manager: changed", MISSED_1, lambda s, p: inspect_manually(s, p, "changed"), (0, 1, 0), "by mgr_maya: behaviour changed"),
    ("manager: not yet", MISSED_1, lambda s, p: inspect_manually(s, p, "not_yet"), (0, 0, 1), "by mgr_maya: not yet: practise again"),
    ("pipeline: not yet", MISSED_1, by_pipeline, (0, 0, 1), "by the pipeline: not yet: practise again"),
    ("pipeline: changed", MET, by_pipeline, (0, 1, 0), "by the pipeline: behaviour changed"),
    ("not inspected", MISSED_1, not_at_all, (1, 0, 0), "Not inspected yet: no matching call loaded."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("how", "apply_call", "inspect", "counts", "said"), INSPECTIONS, ids=[i[0] for i in INSPECTIONS]
)
def test_manual_and_pipeline_inspections_reach_the_report_and_the_roll_up_alike(
    team, how, apply_call, inspect, counts, said
):
    plan_id = new_plan(team, apply_call_id=apply_call)
    inspect(team, plan_id)

    rollup = team_rollup(team, MAYA, SETTINGS, PERIOD)
    [row] = [r for r in rollup.rows if r.rep_id == "rep_ben"]
    assert (row.open_plans, row.inspected_changed, row.inspected_not_yet) == counts
    # Read for the whole team at once, the rows say what each rep's own tracker says.
    assert rollup.rows == team_rollup(team, MAYA, SETTINGS, PERIOD, team_trackers(team, MAYA, SETTINGS, PERIOD)).rows
    tracker = build_tracker(team, "rep_ben", SETTINGS, PERIOD)
    html, markdown = render_html(tracker, SETTINGS), markdown_plan(render_markdown(tracker))
    [block] = cycle_blocks(html)
    assert said in block and said in markdown
    for text in (block, markdown):
        assert not ("Inspected" in text and "Not inspected yet" in text), text


def test_a_plan_practised_again_shows_each_cycle_with_its_own_inspection(team):
    plan_id = new_plan(team, apply_call_id=MISSED_1)
    inspect_manually(team, plan_id, "not_yet", on=date(2026, 11, 12))  # the manager's verdict, no call inspected
    plans.practise_again(team, MAYA, plan_id, again(apply_call_id=MISSED_2))
    inspect_due_plans(team)  # the pipeline inspects cycle 2 on MISSED_2: not yet again

    tracker = build_tracker(team, "rep_ben", SETTINGS, PERIOD)
    [line] = tracker.plans
    assert (line.cycle, line.status) == (2, "inspected")
    assert line.history == "cycle 2 of this plan; cycle 1 inspected: not yet on 12 Nov 2026"
    html, markdown = render_html(tracker, SETTINGS), render_markdown(tracker)
    first, second = cycle_blocks(html)
    assert "Inspected on 12 Nov 2026 by mgr_maya: not yet" in first and "the detector finds" not in first
    assert "On the demo call of 17 Nov 2026" in second and "Inspected on 17 Nov 2026 by the pipeline: not yet" in second
    assert "Cycle 2 of this plan; cycle 1 inspected: not yet on 12 Nov 2026." in html
    plan_text = markdown_plan(markdown)
    assert "  - Cycle 1: practise “Ask about spend first”" in plan_text
    assert "  - Cycle 2: practise “Ask what they spend before sharing the screen”" in plan_text
    for cycle in plan_text.split("  - Cycle ")[1:]:
        assert not ("Inspected" in cycle and "Not inspected yet" in cycle), cycle
    # The observations table says the same: cycle 2 not applied, after cycle 1's "not yet".
    [observed] = [o for o in tracker.observations if o.decision == "confirmed"]
    assert observed.applied.startswith("no (the demo call of 17 Nov 2026)")
    assert observed.applied.endswith("(cycle 2 of this plan; cycle 1 inspected: not yet on 12 Nov 2026)")
    assert observed.follow_up == "20 Dec 2026 (cycle 2, inspected)"
    # Both cycles were inspected "not yet": the roll-up counts both, whoever inspected them.
    [row] = [r for r in team_rollup(team, MAYA, SETTINGS, PERIOD).rows if r.rep_id == "rep_ben"]
    assert (row.inspected_changed, row.inspected_not_yet) == (0, 2)


def _decide_at(store: Store, call_id: str, at: datetime, decision: str = "confirmed", undoes: int | None = None) -> int:
    with store.transaction() as con:
        return con.execute(
            "INSERT INTO observations (call_id, behaviour, manager_id, decision, decided_at, undoes_observation_id)"
            " VALUES (?, 'budget_before_demo', ?, ?, ?, ?) RETURNING observation_id",
            [call_id, MAYA, decision, at, undoes],
        ).fetchone()[0]


# The decisions recorded on a call -> whether it counts as reviewed, and in which week (weeks ago).
REVIEWS = [
    ("confirmed this week", [("confirmed", 0)], 0),
    ("dismissed counts too", [("dismissed", 0)], 0),
    ("first decision's week", [("strength", 7), ("confirmed", 0)], 1),
    ("undone is no review", [("confirmed", 0), ("undone", 0)], None),
    ("undone first, then kept", [("confirmed", 7), ("undone", 7), ("dismissed", 0)], 0),
]


@pytest.mark.parametrize(("case", "decisions", "weeks_ago"), REVIEWS, ids=[r[0] for r in REVIEWS])
def test_a_reviewed_call_is_counted_once_in_the_week_of_its_first_kept_decision(team, case, decisions, weeks_ago):
    now = datetime.now().replace(microsecond=0)
    last = None
    for decision, days_ago in decisions:
        undoes = last if decision == "undone" else None
        last = _decide_at(team, MISSED_1, now - timedelta(days=days_ago), decision, undoes)

    rows = team.rows("SELECT * FROM call_reviews WHERE manager_id = ?", [MAYA])
    [ben] = team_cadence(team, MAYA, SETTINGS).reps
    counted = {w.label: w.reviewed for w in ben.weeks if w.reviewed}
    if weeks_ago is None:
        assert rows == [] and counted == {}
        return
    week = (now - timedelta(days=7 * weeks_ago)).date()
    [row] = rows
    assert row["review_week"] == week - timedelta(days=week.weekday())
    assert counted == {iso_week_label(week): 1}


def test_the_roll_up_counts_this_week_as_the_coaching_page_does_whatever_the_period(team):
    # Ben's calls are in November; the manager reviews two of them today.
    now = datetime.now().replace(microsecond=0)
    triage.decide(team, MAYA, MISSED_1, "budget_before_demo", "confirmed", diagnosis="At 00:42 you shared first.")
    triage.decide(team, MAYA, MISSED_2, "budget_before_demo", "dismissed", reason="not_coachable")
    coaching_page = team_cadence(team, MAYA, SETTINGS)  # what /coaching shows
    [page_row] = coaching_page.reps
    this_week = iso_week_label(now.date())
    assert (page_row.this_week, page_row.weeks[-1].label) == (2, this_week)

    for period in (PERIOD, Period(date(2026, 10, 1), date(2026, 10, 28)), None):
        rollup = team_rollup(team, MAYA, SETTINGS, period)
        [row] = [r for r in rollup.rows if r.rep_id == "rep_ben"]
        assert row.reviews == page_row
        assert "2 this week so far" in render_team_markdown(rollup)
        assert "2 this week so far" in render_team_html(rollup)
