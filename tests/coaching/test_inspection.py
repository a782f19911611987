"""Automatic inspection of the call a rep applied a practised behaviour on (pipeline/coaching/inspection.py).

A real database: the sample transcripts plus generated history, loaded by the real batch; plans
made with the triage functions the web app calls; then the next batch inspects them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from pipeline.batch import nightly as batch
from pipeline.coaching import triage
from pipeline.coaching.inspection import inspect_due_plans, plan_inspections, plan_progress
from pipeline.store import Store
from tests.support.history import CallSpec, copy_samples, write_calls
from tests.support.inbox import batch_settings
from tests.support.paths import SAMPLES

pytestmark = pytest.mark.slow  # histories loaded through the batch with the analysis models

MAYA = "mgr_maya"
BEN_DEMO = "c-2026-11-03-0002"  # Ben starts the demo before budget: a budget_before_demo gap
BEN_DISCOVERY = "c-2026-11-11-0008"  # no demo: budget_before_demo does not apply
NOW = datetime.now().replace(microsecond=0)


def ben(call_id: str, days_ago: float, **spec) -> CallSpec:
    return CallSpec(call_id=call_id, rep_id="rep_ben", started_at=NOW - timedelta(days=days_ago), **spec)


@pytest.fixture(scope="module")
def loop(tmp_path_factory, analyzer):
    """Batch 1 (history), plans from confirmed diagnoses, batch 2 (new calls), in one database."""
    folder = tmp_path_factory.mktemp("inspection")
    inbox = folder / "inbox"
    copy_samples(inbox)
    # Before any plan: 8 demo calls, budget discussed first in only one of them.
    history = [ben(f"h-before-{n}", 70 - 5 * n, budget_first=(n == 0)) for n in range(8)]
    history.append(ben("h-apply", 10, budget_first=True))  # the call plan A names
    history.append(ben("h-deal-first", 30, deal_id="d-ben-next"))  # gives the deal plan B names
    write_calls(inbox, history)
    settings = replace(batch_settings(folder, inbox), roster_path=SAMPLES / "team.yaml")
    batch.run_batch(settings, analyzer=analyzer)
    store = Store(settings.db_path)

    budget = triage.decide(store, MAYA, BEN_DEMO, "budget_before_demo", "confirmed",
                           diagnosis="You shared the screen before asking what they spend today.")  # fmt: skip
    committee_call = store.rows(
        "SELECT f.call_id FROM findings f JOIN calls c USING (call_id) WHERE c.rep_id = 'rep_ben'"
        " AND f.behaviour = 'buying_committee_asked' AND f.verdict = 'gap' ORDER BY f.call_id LIMIT 1"
    )[0]["call_id"]
    committee = triage.decide(store, MAYA, committee_call, "buying_committee_asked", "confirmed",
                              diagnosis="You never asked who else signs off.")  # fmt: skip
    follow_up = date.today() + timedelta(days=14)
    plans = {
        "call": triage.create_plan(store, MAYA, triage.PlanInput(budget, "Ask about spend first", follow_up,
                                                                  apply_call_id="h-apply")),
        "deal": triage.create_plan(store, MAYA, triage.PlanInput(committee, "Ask who signs off", follow_up,
                                                                  apply_deal_id="d-ben-next")),
        "future": triage.create_plan(store, MAYA, triage.PlanInput(budget, "Ask about spend first", follow_up,
                                                                    apply_date=date.today() + timedelta(days=60))),
        "no_demo": triage.create_plan(store, MAYA, triage.PlanInput(budget, "Ask about spend first", follow_up,
                                                                     apply_call_id=BEN_DISCOVERY)),
    }  # fmt: skip
    # After the plans: the next call on the deal misses the committee question; budget comes first on 5 calls.
    later = [ben("n-deal-next", 3, deal_id="d-ben-next", committee=False)]
    later += [ben(f"n-after-{n}", 9 - n, budget_first=True) for n in range(5)]
    write_calls(inbox, later)
    second = batch.run_batch(settings, analyzer=analyzer)
    assert second.count("loaded") == len(later)
    return store, settings, plans


def plan_row(store: Store, plan_id: int) -> dict:
    return store.rows("SELECT * FROM practice_plans WHERE plan_id = ?", [plan_id])[0]


def events(store: Store, plan_id: int) -> list[dict]:
    return store.rows("SELECT * FROM coaching_plan_events WHERE plan_id = ? ORDER BY event_id", [plan_id])


def test_a_plan_on_a_named_call_is_inspected_by_the_next_batch_as_applied(loop):
    store, _, plans = loop
    plan_id = plans["call"]
    assert plan_row(store, plan_id)["status"] == "inspected"
    [inspection] = plan_inspections(store, plan_id)
    assert (inspection["call_id"], inspection["verdict"], inspection["applied"]) == ("h-apply", "met", True)
    assert inspection["matched_by"] == "apply_call"
    assert "what are you spending" in inspection["quote"] and inspection["start"] is not None
    assert inspection["run_id"]
    last = events(store, plan_id)[-1]
    assert (last["status"], last["outcome"], last["recorded_by"]) == ("inspected", "changed", "coachloop")
    assert [e["status"] for e in events(store, plan_id)] == ["planned", "applied", "inspected"]


def test_a_plan_on_a_deal_is_inspected_on_the_deals_next_call_as_not_applied(loop):
    store, _, plans = loop
    plan_id = plans["deal"]
    [inspection] = plan_inspections(store, plan_id)
    # d-ben-next already had a call before the plan: only the one loaded after the plan counts.
    assert (inspection["call_id"], inspection["matched_by"]) == ("n-deal-next", "apply_deal")
    assert (inspection["verdict"], inspection["applied"]) == ("gap", False)
    assert plan_row(store, plan_id)["status"] == "inspected"
    assert events(store, plan_id)[-1]["outcome"] == "not_yet"


def test_no_matching_call_yet_leaves_the_plan_open(loop):
    store, _, plans = loop
    assert plan_row(store, plans["future"])["status"] == "planned"
    assert plan_inspections(store, plans["future"]) == []
    assert [e["status"] for e in events(store, plans["future"])] == ["planned"]


def test_a_call_without_a_chance_to_apply_it_is_recorded_but_leaves_the_plan_open(loop):
    store, _, plans = loop
    [inspection] = plan_inspections(store, plans["no_demo"])
    assert (inspection["call_id"], inspection["verdict"], inspection["applied"]) == (
        BEN_DISCOVERY,
        "not_applicable",
        None,
    )
    assert plan_row(store, plans["no_demo"])["status"] == "planned"


def test_inspection_is_idempotent(loop, analyzer):
    store, settings, plans = loop
    counts = "SELECT (SELECT count(*) FROM plan_inspections), (SELECT count(*) FROM coaching_plan_events)"
    before = store.rows(counts)
    assert inspect_due_plans(store) == []
    batch.run_batch(settings, analyzer=analyzer)  # nothing new in the inbox
    assert store.rows(counts) == before


def test_before_and_after_rates_use_every_applicable_call_and_an_exact_test(loop):
    store, settings, plans = loop
    progress = plan_progress(store, plans["call"], settings.coaching.min_calls_to_judge)
    # Before h-apply: 8 generated calls (7 gaps), h-deal-first (met) and the sample demo (a gap).
    # From it on: h-apply, the 5 later calls and n-deal-next (a demo too), no gap.
    assert (progress.before_gaps, progress.before_calls) == (8, 10)
    assert (progress.after_gaps, progress.after_calls) == (0, 7)
    assert progress.judgement == "improved"
    # Fisher's exact test on [[8, 2], [0, 7]], two-sided: 0.0022624 (SciPy's fisher_exact gives the same).
    assert progress.p_value == pytest.approx(0.0022624, abs=1e-7)
    assert "Fisher" in progress.statement and "gap in 8 of 10" in progress.statement


def test_too_few_calls_after_the_plan_is_said_plainly(loop):
    store, settings, plans = loop
    progress = plan_progress(store, plans["deal"], settings.coaching.min_calls_to_judge)
    assert progress.judgement == "too_few_calls" and progress.p_value is None
    assert progress.statement.startswith("Too few calls to tell yet")


def test_plan_outcomes_view_gives_the_deciding_inspection(loop):
    store, _, plans = loop
    rows = {row["plan_id"]: row for row in store.rows("SELECT * FROM plan_outcomes")}
    assert (rows[plans["call"]]["inspected_call_id"], rows[plans["call"]]["applied"]) == ("h-apply", True)
    assert (rows[plans["deal"]]["inspected_call_id"], rows[plans["deal"]]["applied"]) == ("n-deal-next", False)
    # A not_applicable call does not decide a plan.
    assert rows[plans["no_demo"]]["inspected_call_id"] is None and rows[plans["future"]]["inspected_call_id"] is None
