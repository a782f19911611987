"""A rep's coaching focus (pipeline/coaching/focus.py): the manager's choice, else confirmed diagnoses, else gap rates.

Calls generated as transcripts and loaded by the real batch (tests/history_factory.py), decisions
made with triage.decide. In the first half of November:
  Ana    4 demos: budget before the demo missed on 3, urgency before the pitch missed on all 4,
         next step without a date on 1;
  Ben    2 demos, both missing budget and urgency: too few calls to judge (standard: 3);
  Chloe  3 discovery calls, nothing missed.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from pipeline.batch import nightly as batch
from pipeline.coaching import triage
from pipeline.coaching.focus import rep_focus, set_focus
from pipeline.config import CoachingSettings
from pipeline.store import Store
from tests.support.history import CallSpec, write_calls
from tests.support.inbox import batch_settings
from tests.support.paths import SAMPLES

pytestmark = pytest.mark.slow  # a history loaded through the batch with the analysis models

STANDARDS = CoachingSettings()
AS_OF = date(2026, 11, 10)


def day(n: int) -> datetime:
    return datetime(2026, 11, n, 10)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, analyzer) -> Path:
    folder = tmp_path_factory.mktemp("focus")
    inbox = folder / "inbox"
    specs = [CallSpec(f"a-{n}", "rep_ana", day(2 + n), budget_first=(n == 3), next_step=(n != 1)) for n in range(4)]
    specs += [CallSpec(f"b-{n}", "rep_ben", day(3 + n), budget_first=False) for n in range(2)]
    specs += [CallSpec(f"c-{n}", "rep_chloe", day(4 + n), call_type="discovery", budget_first=None) for n in range(3)]
    write_calls(inbox, specs)
    settings = replace(batch_settings(folder, inbox), roster_path=SAMPLES / "team.yaml")
    batch.run_batch(settings, analyzer=analyzer)
    return settings.db_path


@pytest.fixture
def store(loaded, tmp_path) -> Store:
    """A copy per test: decisions and focus choices change it."""
    shutil.copy(loaded, tmp_path / "coachloop.duckdb")
    return Store(tmp_path / "coachloop.duckdb")


def test_without_decisions_the_focus_is_the_highest_gap_rates_with_enough_calls(store):
    focus = rep_focus(store, "rep_ana", STANDARDS, as_of=AS_OF)
    assert focus.behaviours == ("urgency_before_solution", "budget_before_demo")
    assert focus.source == "gap_rates"
    assert "urgency before solution (gap in 4 of 4 calls)" in focus.reason
    assert "budget before demo (gap in 3 of 4 calls)" in focus.reason and "above 50%" in focus.reason


def test_too_few_calls_or_no_gap_gives_no_focus(store):
    ben = rep_focus(store, "rep_ben", STANDARDS, as_of=AS_OF)  # 2 of 2 missed, but 3 calls are needed
    assert (ben.behaviours, ben.source) == ((), "none")
    assert rep_focus(store, "rep_chloe", STANDARDS, as_of=AS_OF).source == "none"
    assert rep_focus(store, "rep_nobody", STANDARDS, as_of=AS_OF).behaviours == ()


def test_the_standards_decide_what_is_judged(store):
    strict_rate = rep_focus(store, "rep_ana", replace(STANDARDS, focus_gap_rate=0.8), as_of=AS_OF)
    assert strict_rate.behaviours == ("urgency_before_solution",)  # 75% is within an 80% standard
    fewer_calls = rep_focus(store, "rep_ben", replace(STANDARDS, min_calls_to_judge=2), as_of=AS_OF)
    assert fewer_calls.behaviours == ("budget_before_demo", "urgency_before_solution")  # a tie: by name


def test_confirmed_diagnoses_come_before_gap_rates(store):
    triage.decide(store, "mgr_maya", "a-1", "next_step_date_owner", "confirmed", diagnosis="You ended on 'next week'.")
    focus = rep_focus(store, "rep_ana", STANDARDS, as_of=AS_OF)
    assert (focus.behaviours, focus.source) == (("next_step_date_owner",), "diagnoses")
    for call_id in ("a-0", "a-2"):
        triage.decide(store, "mgr_maya", call_id, "budget_before_demo", "confirmed", diagnosis="Demo before budget.")
    triage.decide(store, "mgr_maya", "a-0", "urgency_before_solution", "dismissed", reason="false_positive")
    focus = rep_focus(store, "rep_ana", STANDARDS, as_of=AS_OF)
    assert focus.behaviours == ("budget_before_demo", "next_step_date_owner")  # most confirmed first
    assert "budget before demo (2 confirmed)" in focus.reason


def test_an_undone_diagnosis_no_longer_counts(store):
    observation = triage.decide(store, "mgr_maya", "a-1", "next_step_date_owner", "confirmed", diagnosis="No date.")
    triage.undo(store, "mgr_maya", "a-1", "next_step_date_owner", observation)
    assert rep_focus(store, "rep_ana", STANDARDS, as_of=AS_OF).source == "gap_rates"


def test_only_the_focus_window_counts(store):
    triage.decide(store, "mgr_maya", "a-1", "next_step_date_owner", "confirmed", diagnosis="No date.")
    later = AS_OF + timedelta(days=STANDARDS.focus_window_days + 10)
    assert rep_focus(store, "rep_ana", STANDARDS, as_of=later).source == "none"
    assert rep_focus(store, "rep_ana", STANDARDS, as_of=date(2026, 10, 1)).source == "none"
    # Without as_of the window ends on the latest call loaded.
    assert rep_focus(store, "rep_ana", STANDARDS).source == "diagnoses"


def test_the_managers_choice_wins_and_clearing_it_falls_back(store):
    set_focus(store, "rep_ana", ["buying_committee_asked"], "mgr_maya", "the rep asked to work on it")
    focus = rep_focus(store, "rep_ana", STANDARDS, as_of=AS_OF)
    assert (focus.behaviours, focus.source) == (("buying_committee_asked",), "manager")
    assert focus.reason == "the rep asked to work on it (mgr_maya)"
    set_focus(store, "rep_ana", [], "mgr_maya")
    assert rep_focus(store, "rep_ana", STANDARDS, as_of=AS_OF).source == "gap_rates"
    with pytest.raises(ValueError, match="one or two behaviours"):
        set_focus(store, "rep_ana", ["a", "b", "c"], "mgr_maya")
    assert len(store.rows("SELECT * FROM rep_focus_events WHERE rep_id = 'rep_ana'")) == 2  # append-only
