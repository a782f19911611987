"""The coaching-loop tracker: its data, its files, the command, the weekly flow and the app's pages.

One history for the module (tests/report_support.py): the sample calls and seven weeks of
generated calls loaded by the real batch, Maya's decisions, a practice plan inspected by the next
batch, a recorded concern, the sample CRM export. Numbers are checked against the database.
"""

from __future__ import annotations

import base64
import re
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest
from starlette.testclient import TestClient

from pipeline.batch import nightly as batch
from pipeline.coaching import triage
from pipeline.coaching.evidence import behaviour_evidence
from pipeline.coaching.focus import focus_of_reps, rep_focus
from pipeline.reports.render import render_markdown, trend_chart_png, write_rep_report
from pipeline.reports.rollup import team_rollup, team_trackers
from pipeline.reports.tracker import FROM_DATA, Period, build_tracker
from pipeline.web.app import WebOptions, create_app
from pipeline.web.auth import hash_password
from tests.support.browser import chromium
from tests.support.cli import run_cli
from tests.support.paths import ROOT
from tests.support.report import MAYA, OMAR, UNTIL, build_history
from tests.support.web import client_for, token_in

pytestmark = pytest.mark.slow  # weeks of history through the batch with the analysis models; a Prefect server; Chromium

PASSWORDS = {MAYA: "maya-password-1", OMAR: "omar-password-1"}


@pytest.fixture(scope="module")
def history(tmp_path_factory, analyzer):
    found = build_history(tmp_path_factory.mktemp("report"), analyzer)
    for manager in (MAYA, OMAR):
        triage.save_manager(found.store, manager, manager.split("_")[1].capitalize(), hash_password(PASSWORDS[manager]))
    return found


@pytest.fixture(scope="module")
def ben(history):
    return build_tracker(history.store, "rep_ben", history.settings.coaching)


def rate_in_db(store, rep_id: str, behaviour: str, period: Period) -> tuple[int, int]:
    row = store.rows(
        "SELECT count(*) FILTER (WHERE f.verdict = 'gap') AS gaps, count(*) FILTER (WHERE f.verdict <> 'not_applicable')"
        " AS applicable FROM findings f JOIN calls c USING (call_id) WHERE c.rep_id = ? AND f.behaviour = ?"
        " AND CAST(c.started_at AS DATE) BETWEEN ? AND ?",
        [rep_id, behaviour, period.start, period.end],
    )[0]
    return row["gaps"], row["applicable"]


# -- the tracker's data -----------------------------------------------------------------------------


def test_the_period_ends_on_the_latest_call_and_spans_the_report_period(ben, history):
    assert ben.period.end == UNTIL
    assert ben.period.days == history.settings.coaching.report_period_days
    calls = history.store.rows(
        "SELECT count(*) AS n FROM calls WHERE rep_id = 'rep_ben' AND CAST(started_at AS DATE) BETWEEN ? AND ?",
        [ben.period.start, ben.period.end],
    )[0]["n"]
    assert ben.calls_in_period == calls > 0


def test_the_focus_is_the_confirmed_diagnosis_with_its_reason(ben):
    assert ben.focus.behaviours == ("budget_before_demo",) and ben.focus.source == "diagnoses"
    assert "confirmed" in ben.focus.reason
    assert ben.focus_evidence[0].startswith("In all of your last 6 calls you discussed budget")


def test_call_observations_carry_the_quote_diagnosis_plan_and_inspection(ben, history):
    [diagnosed] = [o for o in ben.observations if o.decision == "confirmed"]
    assert diagnosed.call_id == "c-2026-11-03-0002" and diagnosed.behaviour == "budget_before_demo"
    assert diagnosed.quote.startswith("Let me share my screen") and diagnosed.start == pytest.approx(20.36)
    assert diagnosed.diagnosis.startswith("You shared the screen")
    assert diagnosed.practice_plan.startswith("Before sharing the screen")
    # The plan names 13 November: the first call from then on was inspected by the next batch.
    assert diagnosed.applied.startswith("yes (the demo call of 13 Nov 2026)")
    assert diagnosed.follow_up == "27 Nov 2026 (inspected)"


def test_without_a_focus_the_observations_list_the_gaps_nobody_reviewed(history):
    chloe = build_tracker(history.store, "rep_chloe", history.settings.coaching)
    assert chloe.focus.source == "none"  # the history gives Chloe no focus: the case under test
    unreviewed = [o for o in chloe.observations if o.decision == "not_reviewed"]
    expected = history.store.rows(
        """
        SELECT f.call_id, f.behaviour FROM findings f JOIN calls c USING (call_id)
        LEFT JOIN latest_observations o ON o.call_id = f.call_id AND o.behaviour = f.behaviour
        WHERE c.rep_id = 'rep_chloe' AND f.verdict = 'gap' AND o.observation_id IS NULL
          AND CAST(c.started_at AS DATE) BETWEEN ? AND ?
        ORDER BY c.started_at DESC LIMIT 6
        """,
        [chloe.period.start, chloe.period.end],
    )
    assert expected, "the history should leave Chloe some gaps to review"
    assert sorted((o.call_id, o.behaviour) for o in unreviewed) == sorted(
        (row["call_id"], row["behaviour"]) for row in expected
    )


def test_the_plan_was_inspected_and_its_before_after_is_judged(ben, history):
    [plan] = ben.plans
    assert plan.status == "inspected" and plan.apply_on == "the first call on or after 13 Nov 2026"
    assert [(i["call_id"], i["applied"], i["matched_by"]) for i in plan.inspections] == [
        ("n-ben-1113", True, "apply_date")
    ]
    # Before 13 November: 14 generated demos (12 gaps) and the sample demo (a gap); from it on: 6 demos, no gap.
    progress = plan.progress
    assert (progress.before_gaps, progress.before_calls, progress.after_gaps, progress.after_calls) == (13, 15, 0, 6)
    assert progress.judgement == "improved" and "Fisher" in progress.statement


def test_concerns_hold_the_recorded_one_and_the_ones_the_data_raises(ben, history):
    recorded = [c for c in ben.concerns if c.source == "recorded"]
    assert [(c.concern, c.conversation_date, c.coaching_plan, c.follow_up_date, c.outcome) for c in recorded] == [
        (
            "Demos start before budget is known",
            date(2026, 11, 10),
            next(plan.title for plan in ben.plans if plan.plan_id == history.plan_id),
            date(2026, 11, 27),
            "open",
        )
    ]
    assert recorded[0].coaching_plan.startswith("the plan for budget before demo, made ")  # its name, no id
    from_data = [c for c in ben.concerns if c.source == FROM_DATA]
    assert from_data and all(c.standard and c.evidence for c in from_data)
    stale = [c for c in from_data if "stale" in c.concern]
    assert stale and "Willow Vets (deal d-1013): qualification, " in stale[0].evidence  # by its account
    assert stale[0].standard == "advance or disqualify within 21 days"
    # A behaviour a recorded concern already covers is not raised again from the data.
    assert not any("Budget before demo" in c.concern for c in from_data)


def test_rates_match_the_database_and_the_budget_gap_improved(ben, history):
    for rates in ben.rates:
        assert (rates.gaps, rates.applicable) == rate_in_db(history.store, "rep_ben", rates.behaviour, ben.period)
        previous = ben.period.previous()
        assert (rates.previous_gaps, rates.previous_applicable) == rate_in_db(
            history.store, "rep_ben", rates.behaviour, previous
        )
    assert "budget_before_demo" in ben.progress.improved
    assert "budget_before_demo" not in ben.progress.still_gaps


def test_the_five_performance_questions_are_answered(ben):
    answers = ben.answers
    assert any("discussed budget before showing the product" in s for s in answers.doing_well)
    assert any("stale" in s for s in answers.not_doing_well)
    assert any(s.startswith("In ") for s in answers.evidence)
    assert any(s.startswith("The plan for ") and "practise" in s for s in answers.plan)
    assert answers.consequence[0].startswith("Demos start before budget is known: expected: Budget on the table")


def test_pipeline_conversion_is_measured_against_the_team(ben):
    [qualification] = [c for c in ben.pipeline.conversions if c.stage == "qualification"]
    # rep_ben: d-1002, d-1005, d-1012 advanced; d-1013, d-1014 (lost) and d-1008 (stale by 25 Nov) did not.
    assert (qualification.advanced, qualification.entered) == (3, 6)
    assert qualification.team_entered > qualification.entered


def test_the_trend_counts_weekly_gaps_of_the_focus_behaviour(ben, history):
    assert {point.behaviour for point in ben.trend} == {"budget_before_demo"}
    for point in ben.trend:
        week = history.store.rows(
            "SELECT gap_calls, applicable_calls FROM behaviour_trends WHERE rep_id = 'rep_ben' AND week = ?"
            " AND behaviour = 'budget_before_demo'",
            [point.week],
        )[0]
        assert (point.gaps, point.applicable) == (week["gap_calls"], week["applicable_calls"])
    png = trend_chart_png(ben, history.settings.coaching.focus_gap_rate)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5_000
    # Drawn once: the report shown again shows the same image; another standard draws another line.
    assert trend_chart_png(ben, history.settings.coaching.focus_gap_rate) is png
    assert trend_chart_png(ben, history.settings.coaching.focus_gap_rate / 2) != png


def test_team_rollup_lists_each_rep_of_the_team_with_a_focus(history):
    rollup = team_rollup(history.store, MAYA, history.settings.coaching)
    assert [row.rep_id for row in rollup.rows] == ["rep_ana", "rep_ben"]
    # Read for the whole team at once, the rows say what each rep's own tracker says.
    trackers = team_trackers(history.store, MAYA, history.settings.coaching, rollup.period)
    assert rollup.rows == team_rollup(history.store, MAYA, history.settings.coaching, rollup.period, trackers).rows
    team_focus = focus_of_reps(history.store, ["rep_ana", "rep_ben", "rep_nobody"], history.settings.coaching)
    assert team_focus == {rep_id: rep_focus(history.store, rep_id, history.settings.coaching) for rep_id in team_focus}
    ben_row = rollup.rows[1]
    assert ben_row.focus.behaviours == ("budget_before_demo",)
    assert (ben_row.inspected_changed, ben_row.inspected_not_yet, ben_row.open_plans) == (1, 0, 0)


def test_evidence_counts_the_last_applicable_calls_up_to_a_day(history):
    # Up to 12 November Ben's last 6 demos: the sample demo of 3 November (a gap) and five generated
    # ones of the last three weeks of October (budget first on 1 of them).
    evidence = behaviour_evidence(history.store, "rep_ben", "budget_before_demo", until=date(2026, 11, 12))
    assert (evidence.gaps, evidence.applicable, len(evidence.call_ids)) == (5, 6, 6)
    assert evidence.sentence == "In 5 of your last 6 calls you showed the product before discussing budget."
    assert evidence.call_ids[0] == "c-2026-11-03-0002" and len(evidence.examples) == 5
    assert evidence.examples[0]["quote"].startswith("Let me share my screen")
    after = behaviour_evidence(history.store, "rep_ben", "budget_before_demo")
    assert after.sentence == "In all of your last 6 calls you discussed budget before showing the product."
    assert all(example["quote"] for example in after.examples)  # the met moments, when nothing was missed
    negotiation = behaviour_evidence(history.store, "rep_ben", "discount_before_value", call_type="negotiation")
    assert negotiation.sentence.startswith("In your only negotiation call so far where it applied, you offered")
    staged = behaviour_evidence(history.store, "rep_ben", "budget_before_demo", deal_stage="qualification")
    assert staged.applicable == 0 and "at the qualification stage" in staged.sentence


# -- files and the command -------------------------------------------------------------------------


def test_coachloop_report_writes_the_tracker_as_html_and_markdown(history, tmp_path):
    result = run_cli("report", "--rep", "rep_ben", "--db", str(history.settings.db_path), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    html_path, markdown_path = (Path(line) for line in result.stdout.split())
    assert html_path == tmp_path / "rep_ben-2026-11-25.html" and markdown_path.suffix == ".md"
    markdown = markdown_path.read_text()
    for heading in ("## Call observations", "## Performance concerns", "## Progress summary"):
        assert heading in markdown
    assert "| Date | Call type | Behaviour observed | Diagnosis | Practice plan | Applied | Follow-up |" in markdown
    assert (
        "| Concern | Evidence | Standard | Conversation date | Coaching plan | Follow-up date | Outcome |" in markdown
    )
    assert "| 3 Nov 2026 | demo | budget before demo: “Let me share my screen." in markdown
    assert "| Demos start before budget is known | Budget before the demo missed" in markdown
    assert f"({FROM_DATA})" in markdown
    html = html_path.read_text()
    # Self-contained: no external stylesheet, script or image; the chart is an inline PNG.
    assert not re.search(r'<(link|script)\b|src="(?!data:)', html)
    chart = re.search(r'src="data:image/png;base64,([^"]+)"', html).group(1)
    assert base64.b64decode(chart).startswith(b"\x89PNG")
    assert "Demos start before budget is known" in html and "the demo call of 13 Nov 2026" in html
    with duckdb.connect(str(history.settings.db_path), read_only=True) as con:
        assert con.execute(
            "SELECT kind, subject_id, written_by FROM report_runs WHERE html_path = ?", [str(html_path)]
        ).fetchall() == [("rep", "rep_ben", "cli")]


def test_coachloop_report_takes_a_period_and_says_what_is_wrong(history, tmp_path, capsys):
    from pipeline.cli import main  # in this process: the subprocess test above covers the installed command

    db = str(history.settings.db_path)
    assert main(["report", "--rep", "rep_ana", "--db", db, "--since", "2026-11-01", "--until", "2026-11-10",
                 "--out", str(tmp_path)]) == 0  # fmt: skip
    assert "**Coaching period:** 1 Nov 2026 to 10 Nov 2026" in (tmp_path / "rep_ana-2026-11-10.md").read_text()
    assert main(["report", "--rep", "rep_ana", "--db", db, "--since", "2026-11-10", "--until", "2026-11-01"]) == 2
    assert "starts (2026-11-10) after it ends" in capsys.readouterr().err
    assert main(["report", "--rep", "rep_zed", "--db", db]) == 2
    unknown = capsys.readouterr().err
    assert "no rep 'rep_zed'" in unknown and "rep_ana" in unknown
    assert main(["report", "--team", MAYA, "--db", db, "--out", str(tmp_path)]) == 0
    rollup = (tmp_path / "team-mgr_maya-2026-11-25.md").read_text()
    assert "| Ben |" in rollup and "rep_ben" not in rollup and "budget before demo" in rollup and "Chloe" not in rollup


def test_the_weekly_flow_writes_every_reps_report_and_each_roll_up(history, prefect_api, tmp_path):
    from pipeline.batch import flows

    written = flows.weekly_rep_reports(db=str(history.settings.db_path), out=str(tmp_path))
    assert set(written) == {"rep_ana", "rep_ben", "rep_chloe", MAYA, OMAR}
    for path in written.values():
        assert Path(path).is_file() and Path(path).with_suffix(".md").is_file()
    assert "Coaching loop tracker: Chloe" in (tmp_path / "rep_chloe-2026-11-25.md").read_text()
    with duckdb.connect(str(history.settings.db_path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM report_runs WHERE written_by = 'weekly-flow'").fetchone()[0] == 5


# -- the triage app ----------------------------------------------------------------------------------


def log_in(app, manager: str) -> TestClient:
    client = client_for(app)
    page = client.get("/login")
    token = token_in(page.text)
    response = client.post("/login", data={"user_id": manager, "password": PASSWORDS[manager], "csrf_token": token})
    assert response.status_code == 200, response.text
    # Logging in starts a new session with its own token: take it from the page it lands on.
    client.csrf = token_in(response.text)
    return client


@pytest.fixture(scope="module")
def maya(history):
    app = create_app(WebOptions(db_path=history.settings.db_path, rules_dir=ROOT / "rules", lock_timeout_s=5))
    return log_in(app, MAYA)


def test_the_app_shows_a_reps_tracker_to_their_manager_only(history, maya):
    page = maya.get("/reports/rep_ben")
    assert page.status_code == 200
    assert "Coaching loop tracker: Ben" in page.text and 'id="trend-chart"' in page.text
    assert "Demos start before budget is known" in page.text and "the demo call of 13 Nov 2026" in page.text
    assert maya.get("/reports/rep_chloe").status_code == 404  # Omar's rep
    assert maya.get("/reports/rep_nobody").status_code == 404
    data = maya.get("/api/reports/rep_ben").json()["tracker"]
    assert data["focus"]["behaviours"] == ["budget_before_demo"] and data["period"]["end"] == "2026-11-25"
    markdown = maya.get("/reports/rep_ben/report.md?since=2026-11-01&until=2026-11-25")
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert "**Coaching period:** 1 Nov 2026 to 25 Nov 2026" in markdown.text
    assert maya.get("/reports/rep_ben?since=2026-13-01").status_code == 422


def test_the_team_roll_up_page_links_each_rep(maya):
    page = maya.get("/reports")
    assert page.status_code == 200
    assert 'href="/reports/rep_ana"' in page.text and 'href="/reports/rep_ben"' in page.text
    assert "rep_chloe" not in page.text


def test_a_plan_made_in_the_app_on_a_call_is_inspected_by_the_next_batch_and_reported(history, tmp_path, analyzer):
    # A copy of the database: this test changes it.
    db = tmp_path / "coachloop.duckdb"
    shutil.copy(history.settings.db_path, db)
    app = create_app(WebOptions(db_path=db, rules_dir=ROOT / "rules", lock_timeout_s=5))
    client = log_in(app, MAYA)
    store = history.store.__class__(db)
    gap = store.rows(
        "SELECT f.call_id FROM findings f JOIN calls c USING (call_id) WHERE c.rep_id = 'rep_ana'"
        " AND f.behaviour = 'budget_before_demo' AND f.verdict = 'gap' ORDER BY c.started_at LIMIT 1"
    )[0]["call_id"]
    observation_id = triage.decide(store, MAYA, gap, "budget_before_demo", "confirmed",
                                   diagnosis="You showed the board before asking about spend.")  # fmt: skip
    created = client.post(
        "/plans",
        data={
            "csrf_token": client.csrf, "observation_id": str(observation_id),
            "alternative_behaviour": "Ask what they spend today before sharing the screen.",
            "apply_to": "call", "apply_call_id": "n-ana-17", "follow_up_date": "2026-11-30",
        },
        headers={"accept": "application/json"},
    )  # fmt: skip
    assert created.status_code == 200, created.text
    plan_id = created.json()["plan_id"]
    assert "Not inspected yet" in client.get("/reports/rep_ana").text

    batch.run_batch(batch_settings_for(history.settings, db), analyzer=analyzer)  # nothing new to load
    # The nightly batch is another process, whose write the server sees when the file comes back
    # (tests/web/test_read_cache.py); run here, in the server's own process, it is not seen.
    app.state.web.reads.clear()

    plan = store.rows("SELECT status FROM practice_plans WHERE plan_id = ?", [plan_id])[0]
    assert plan["status"] == "inspected"
    report = client.get("/reports/rep_ana").text
    assert "On the demo call of 17 Nov 2026" in report and "by the pipeline: behaviour changed" in report
    assert "Not inspected yet" not in report
    assert "yes (the demo call of 17 Nov 2026)" in render_markdown(
        build_tracker(store, "rep_ana", history.settings.coaching)
    )


def batch_settings_for(settings, db: Path):
    from dataclasses import replace

    return replace(settings, db_path=db)


# -- the rendered page in a browser ------------------------------------------------------------------


def test_the_html_report_renders_in_headless_chromium(history, tmp_path):
    files = write_rep_report(history.store, "rep_ben", history.settings.coaching, out_dir=tmp_path)
    artifacts = ROOT / "test-artifacts" / "report"
    artifacts.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(files.html.as_uri())
        assert page.title().startswith("Coaching loop tracker · Ben")
        chart_width = page.evaluate("document.querySelector('#trend-chart').naturalWidth")
        assert chart_width > 400  # the embedded PNG decoded
        assert page.locator("#observations tbody tr").count() >= 1
        assert page.locator("#concerns tbody tr").count() >= 2
        assert page.locator("#concerns .badge").first.inner_text() == FROM_DATA
        page.screenshot(path=str(artifacts / "rep_ben.png"), full_page=True)
    shutil.copy(files.html, artifacts / "rep_ben.html")
    shutil.copy(files.markdown, artifacts / "rep_ben.md")
    assert (artifacts / "rep_ben.png").stat().st_size > 20_000
