"""Names as people read them: behaviour labels, the one date format, calls by what they were, and
what found a moment."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from pipeline.coaching import wording
from pipeline.coaching.trend import RepTrend, WeekRate


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("budget_before_demo", "budget before demo"),
        ("roi_in_buyer_numbers", "ROI in the buyer's numbers"),
        ("crm_updated", "CRM updated"),
        ("follow_up", "follow up"),
        (None, ""),
    ],
)
def test_behaviour_labels_read_as_words_with_acronyms_right(name, label):
    assert wording.behaviour_label(name) == label


def test_sentence_case_keeps_acronyms():
    assert wording.sentence_case(wording.behaviour_label("roi_in_buyer_numbers")) == "ROI in the buyer's numbers"
    assert wording.sentence_case("budget before demo") == "Budget before demo"
    assert wording.sentence_case("") == ""


@pytest.mark.parametrize(
    ("value", "day", "with_time"),
    [
        (date(2026, 12, 2), "2 Dec 2026", "2 Dec 2026"),
        (datetime(2026, 11, 10, 15, 30), "10 Nov 2026", "10 Nov 2026, 15:30"),
        (None, "", ""),
        ("2026-12-02", "", ""),
    ],
)
def test_one_date_format(value, day, with_time):
    assert wording.day(value) == day and wording.day_and_time(value) == with_time


def test_a_call_is_named_by_rep_kind_and_day():
    call = {"rep_name": "Ana", "rep_id": "rep_ana", "call_type": "follow_up", "started_at": datetime(2026, 11, 9, 17)}
    assert wording.call_title(call) == "Ana's follow up call, 9 Nov 2026"
    assert wording.call_title(call, with_rep=False) == "Follow up call, 9 Nov 2026"
    assert wording.call_title({"rep_id": "rep_x", "call_type": "demo"}) == "rep_x's demo call, undated"


@pytest.mark.parametrize(
    ("detector", "source"),
    [
        ("discount_before_value@1+act_head@2", "rule + classifier"),
        ("budget_before_demo@1+patterns-only", "rule"),
        ("budget_before_demo@1", "rule"),
        ("price_held_under_pushback@2+act_head@3+prices@1", "rule + classifier + price track"),
        (None, "unknown"),
    ],
)
def test_what_found_a_moment_in_words(detector, source):
    assert wording.evidence_source(detector) == source


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("manager", "the manager's choice"),
        ("diagnoses", "confirmed diagnoses"),
        ("gap_rates", "gap rates"),
        ("none", ""),
        (None, ""),
    ],
)
def test_where_a_focus_came_from_in_words(source, words):
    assert wording.focus_source(source) == words


def test_a_trend_reads_its_weeks_as_dates_and_keeps_the_iso_week_as_data():
    weeks = (
        WeekRate(date(2026, 11, 2), "2026-W45", 1, 2, 0.5),
        WeekRate(date(2026, 11, 9), "2026-W46", 0, 0, None),
        WeekRate(date(2026, 11, 16), "2026-W47", 1, 3, 1 / 3),
    )
    trend = RepTrend("rep_ana", weeks)
    assert trend.summary() == "week of 2 Nov 2026: 50% · week of 9 Nov 2026: no calls · week of 16 Nov 2026: 33%"
    assert trend.latest.in_words == "week of 16 Nov 2026" and trend.latest.label == "2026-W47"


@pytest.mark.parametrize(
    ("matched_by", "verdict", "quote", "note"),
    [
        ("apply_call", "gap", "Let me share my screen", "the call of 17 Nov 2026 (the call the plan named): not applied: “Let me share my screen”"),
        ("apply_deal", "met", None, "the call of 17 Nov 2026 (the next call on the plan's deal): applied"),
        ("apply_date", "not_applicable", None, "the call of 17 Nov 2026 (the first call from the plan's date): no chance to apply it"),
    ],
)  # fmt: skip
def test_what_the_pipeline_inspected_in_words(matched_by, verdict, quote, note):
    assert wording.inspection_note(date(2026, 11, 17), matched_by, verdict, quote) == note
    assert wording.inspected_call(None) == "a call"
