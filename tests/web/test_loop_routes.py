"""The loop in the app's routes: "not yet: practise again" starts the plan's next cycle, undo gives
the manager's wording back, and the Coaching page and the team roll-up count this week's reviews
alike. Over the sample database, as Maya (Ana's and Ben's manager) and Omar (another team)."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest

from pipeline.coaching import triage
from tests.support import webapp as support

BEHAVIOUR = "discount_before_value"
EDITED = "At 01:00 you offered 15 percent off before asking what the delay costs them."


@pytest.fixture
def inspected_not_yet(app, maya) -> int:
    """Maya's plan for Ana's discount, role-played, applied and inspected by Maya: not yet."""
    store = app.state.web.store
    observation = triage.decide(store, "mgr_maya", support.ANA_DEMO, BEHAVIOUR, "confirmed", diagnosis=EDITED)
    created = support.post(
        maya, "/plans", observation_id=str(observation), alternative_behaviour="Restate the hours lost first.",
        apply_to="date", apply_date="2026-12-01", follow_up_date="2026-12-15",
    )  # fmt: skip
    plan_id = created.json()["plan_id"]
    for status in ("practised", "applied"):
        assert (
            support.post(maya, f"/plans/{plan_id}/status", status=status, happened_on="2026-11-20").status_code == 200
        )
    answer = support.post(
        maya,
        f"/plans/{plan_id}/status",
        status="inspected",
        happened_on="2026-11-21",
        outcome="not_yet",
        confirm="1",
    )
    assert answer.status_code == 200, answer.text
    return plan_id


def again_fields(**changes) -> dict:
    fields = {
        "alternative_behaviour": "Ask what a month of delay costs before any price talk.",
        "note": "She restated the hours but still led with the discount.",
        "apply_to": "call", "apply_call_id": support.ANA_DEMO, "follow_up_date": "2026-12-20",
    }  # fmt: skip
    return {**fields, **changes}


def test_not_yet_offers_practise_again_and_starts_cycle_two(maya, inspected_not_yet):
    plan_id = inspected_not_yet
    page = maya.get(f"/plans/{plan_id}").text
    assert 'id="again-form"' in page and "Practise again: cycle 2" in page
    assert "Inspected on 21 Nov 2026 by Maya: not yet: practise again." in page

    started = support.post(maya, f"/plans/{plan_id}/cycles", **again_fields(apply_to="date", apply_date="2026-12-02"))
    assert started.status_code == 200, started.text
    assert started.json()["cycle"] == 2

    plan = maya.get(f"/api/plans/{plan_id}").json()
    assert (plan["plan"]["status"], plan["plan"]["cycle"], str(plan["plan"]["apply_date"])) == (
        "planned",
        2,
        "2026-12-02",
    )
    assert plan["history"] == "cycle 2 of this plan; cycle 1 inspected: not yet on 21 Nov 2026"
    assert plan["next_step"] == "practised"  # the second cycle goes round the loop again
    page = maya.get(f"/plans/{plan_id}").text
    assert 'id="again-form"' not in page and 'id="step-form"' in page
    assert 'id="cycle-1"' in page and 'id="cycle-2"' in page
    assert "Cycle 2 of this plan; cycle 1 inspected: not yet on 21 Nov 2026." in page
    report = html.unescape(maya.get("/reports/rep_ana").text)
    assert "Cycle 2 of this plan; cycle 1 inspected: not yet on 21 Nov 2026." in report
    assert "Not inspected yet: no matching call loaded." in report  # cycle 2, and only cycle 2
    [cycle_one] = re.findall(rf'id="plan-{plan_id}-cycle-1">.*?</div>', report, flags=re.S)
    assert "Inspected on 21 Nov 2026" in cycle_one and "Not inspected yet" not in cycle_one


@pytest.mark.parametrize(
    ("who", "fields", "status", "error"),
    [
        ("maya", again_fields(apply_to="date", apply_date=""), 422, "Pick the call or deal"),
        ("maya", again_fields(alternative_behaviour=" "), 422, "Describe the alternative"),
        ("maya", again_fields(apply_call_id=support.BEN_NEGOTIATION), 422, "c-2026-11-06-0005 is not one of"),
        ("maya", again_fields(practised="1"), 422, "Say when it was role-played"),
        ("omar", again_fields(), 404, None),
    ],
)
def test_practise_again_refusals_write_nothing(app, maya, omar, inspected_not_yet, who, fields, status, error):
    client = {"maya": maya, "omar": omar}[who]
    answer = support.post(client, f"/plans/{inspected_not_yet}/cycles", **fields)
    assert answer.status_code == status, answer.text
    if error:
        assert error in answer.json()["error"]
    assert app.state.web.store.rows("SELECT count(*) AS n FROM coaching_plan_cycles")[0]["n"] == 0


def test_practise_again_twice_is_a_conflict(maya, inspected_not_yet):
    first = support.post(maya, f"/plans/{inspected_not_yet}/cycles", **again_fields())
    second = support.post(maya, f"/plans/{inspected_not_yet}/cycles", **again_fields())
    assert (first.status_code, second.status_code) == (200, 409)
    assert "Cycle 2 of this plan is planned" in second.json()["error"]


def test_a_plan_not_inspected_yet_offers_no_practise_again(app, maya):
    store = app.state.web.store
    observation = triage.decide(store, "mgr_maya", support.ANA_DEMO, BEHAVIOUR, "confirmed", diagnosis=EDITED)
    plan_id = triage.create_plan(
        store, "mgr_maya", triage.PlanInput(observation, "Restate first.", date.today() + timedelta(days=14),
                                            apply_date=date(2026, 12, 1)),
    )  # fmt: skip
    assert 'id="again-form"' not in maya.get(f"/plans/{plan_id}").text
    assert support.post(maya, f"/plans/{plan_id}/cycles", **again_fields()).status_code == 409


def textarea(page: str) -> str:
    return html.unescape(re.search(r'<textarea id="diagnosis"[^>]*>(.*?)</textarea>', page, flags=re.S).group(1))


# How the manager decided, with the text they had edited in the form -> what the form shows after undo.
DECISIONS = [
    ("confirm", {"diagnosis": EDITED}),
    ("strength", {"diagnosis": EDITED}),
    ("dismiss", {"diagnosis": EDITED, "reason": "not_coachable"}),
]


@pytest.mark.parametrize(("action", "fields"), DECISIONS, ids=[d[0] for d in DECISIONS])
def test_undo_gives_the_form_back_with_the_managers_last_wording(maya, action, fields):
    moment = f"/moments/{support.ANA_DEMO}/{BEHAVIOUR}"
    suggested = textarea(maya.get(moment).text)
    assert suggested != EDITED

    decided = support.decide(maya, support.ANA_DEMO, BEHAVIOUR, action, **fields)
    assert decided.status_code == 200, decided.text
    undone = support.post(maya, f"{moment}/undo", observation_id=str(decided.json()["observation_id"]))
    assert undone.status_code == 200, undone.text

    assert textarea(maya.get(moment).text) == EDITED
    assert maya.get(f"/api{moment}").json()["last_wording"] == EDITED


def test_after_two_decisions_undone_the_form_shows_the_later_wording(maya):
    moment = f"/moments/{support.ANA_DEMO}/{BEHAVIOUR}"
    for text in ("First wording at 01:00.", "Second wording: at 01:00 you offered 15 percent."):
        decided = support.decide(maya, support.ANA_DEMO, BEHAVIOUR, "confirm", diagnosis=text)
        support.post(maya, f"{moment}/undo", observation_id=str(decided.json()["observation_id"]))
    assert textarea(maya.get(moment).text) == "Second wording: at 01:00 you offered 15 percent."


def test_the_coaching_page_and_the_roll_up_count_this_weeks_reviews_alike(maya):
    support.decide(maya, support.ANA_DEMO, BEHAVIOUR, "confirm", diagnosis=EDITED)
    support.decide(maya, support.ANA_DISCOVERY, "budget_before_demo", "dismiss", reason="not_coachable")
    cadence = {rep["rep_id"]: rep for rep in maya.get("/api/coaching").json()["cadence"]["reps"]}
    rollup = {row["rep_id"]: row for row in maya.get("/api/reports").json()["rollup"]["rows"]}
    assert cadence["rep_ana"]["this_week"] == 2
    for rep_id in ("rep_ana", "rep_ben"):
        assert rollup[rep_id]["reviews"] == cadence[rep_id]
    # A report of an earlier period does not move "this week".
    earlier = {
        row["rep_id"]: row
        for row in maya.get("/api/reports?since=2026-10-01&until=2026-10-31").json()["rollup"]["rows"]
    }
    assert earlier["rep_ana"]["reviews"]["this_week"] == 2
