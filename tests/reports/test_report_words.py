"""What a person reads in the reports: the rep by name (the id stays in attributes, for links and
scripts), where the focus came from in words, and the trend chart's weeks as dates."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest

from pipeline.config import CoachingSettings
from pipeline.reports.period import Period
from pipeline.reports.render import (
    MAX_WEEK_TICKS,
    name_weeks,
    render_html,
    render_markdown,
    render_team_html,
    render_team_markdown,
)
from pipeline.reports.rollup import team_rollup
from pipeline.reports.tracker import build_tracker
from tests.support.plan_team import MAYA, new_plan, team_store

SETTINGS = CoachingSettings()
PERIOD = Period(date(2026, 11, 1), date(2026, 11, 30))
DAY = re.compile(r"^\d{1,2} [A-Z][a-z]{2} 20\d\d$")
GENERATED = re.compile(r"Generated \d{1,2} [A-Z][a-z]{2} 20\d\d, \d\d:\d\d by coachloop")  # as the Markdown says it


def shown(page: str) -> str:
    """The text of a page a person reads: no tags, no attribute values, no stylesheet."""
    page = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


@pytest.fixture
def team(tmp_path):
    store = team_store(tmp_path)
    new_plan(store)  # Maya's confirmed diagnosis of Ben's demo: the focus comes from it
    return store


def test_the_tracker_names_the_rep_and_the_focus_source_in_words(team):
    tracker = build_tracker(team, "rep_ben", SETTINGS, PERIOD)
    assert tracker.focus.source == "diagnoses"
    page, markdown = render_html(tracker, SETTINGS), render_markdown(tracker)

    assert re.search(r'<dd id="tracker-rep">Ben</dd>', page)
    assert 'data-rep="rep_ben"' in page  # the id stays where a script or a link reads it
    assert "(source: confirmed diagnoses)" in shown(page)
    assert "**Rep:** Ben  \n" in markdown and "(source: confirmed diagnoses)" in markdown
    for text in (shown(page), markdown):
        assert "rep_ben" not in text and "source: diagnoses" not in text
        assert GENERATED.search(text), text[-200:]


def test_the_team_roll_up_names_each_rep_without_the_id(team):
    rollup = team_rollup(team, MAYA, SETTINGS, PERIOD)
    markdown = render_team_markdown(rollup)
    assert re.search(r"^\| Ben \| \d+ \|", markdown, flags=re.M)
    for text in (markdown, shown(render_team_html(rollup))):
        assert "rep_ben" not in text
        assert GENERATED.search(text), text[-200:]


@pytest.mark.parametrize("count", [1, 3, MAX_WEEK_TICKS, MAX_WEEK_TICKS + 1, 26])
def test_the_trend_chart_names_weeks_by_their_monday(count):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    mondays = [date(2026, 11, 2) - timedelta(weeks=back) for back in range(count - 1, -1, -1)]
    axes = Figure().add_subplot()
    axes.plot(mondays, [50] * count)
    name_weeks(axes, mondays)
    axes.figure.canvas.draw()
    labels = [tick.get_text() for tick in axes.get_xticklabels()]

    assert 1 <= len(labels) <= MAX_WEEK_TICKS
    assert labels[0] == f"{mondays[0].day} {mondays[0]:%b %Y}"
    assert all(DAY.match(text) for text in labels), labels
    assert axes.get_xlabel() == "week of"
