"""The JSON API gives, beside each id, the name a client shows (rep, manager, account, behaviour,
call), and keeps the ids other tools read. Over the sample database (tests/support/webapp.py):
Maya manages Ana and Ben; Ana's demo is on Oakridge Properties (deal d-1007)."""

from __future__ import annotations

from datetime import datetime

import pytest

from pipeline.coaching.inspection import inspect_due_plans
from pipeline.web.names import deal_ids, with_names
from tests.support import webapp as support
from tests.web.test_web_ui import shown

PEOPLE = {"rep_ana": "Ana", "mgr_maya": "Maya"}
ACCOUNTS = {"d-1007": "Oakridge Properties"}
DEMO = {"call_id": "c-1", "rep_id": "rep_ana", "call_type": "demo", "started_at": datetime(2026, 11, 10, 15, 30)}


@pytest.mark.parametrize(
    ("given", "added"),
    [
        ({"rep_id": "rep_ana"}, {"rep_name": "Ana"}),
        ({"rep_id": "rep_zed"}, {"rep_name": "rep_zed"}),  # no name known: the id, as the pages show it
        ({"manager_id": "mgr_maya", "decided_by": None}, {"manager_name": "Maya", "decided_by_name": None}),
        ({"created_by": "mgr_maya", "recorded_by": "mgr_maya"}, {"created_by_name": "Maya", "recorded_by_name": "Maya"}),
        ({"deal_id": "d-1007", "apply_deal_id": "d-9"}, {"account_name": "Oakridge Properties", "apply_account_name": None}),
        ({"deal_id": None}, {"account_name": None}),
        ({"behaviour": "roi_in_buyer_numbers"}, {"behaviour_label": "ROI in the buyer's numbers"}),
        ({"behaviours": ["budget_before_demo"]}, {"behaviour_labels": ["budget before demo"]}),
        ({"focus": ["next_step_date_owner"]}, {"focus_labels": ["next step date owner"]}),
        ({"rep_id": "rep_ana", "rep_name": "Ana B."}, {}),  # a name already there is kept
        (DEMO, {"rep_name": "Ana", "call_title": "Ana's demo call, 10 Nov 2026"}),
        ({**DEMO, "started_at": "2026-11-10T15:30:00", "rep_id": None}, {"rep_name": None, "call_title": "Demo call, 10 Nov 2026"}),
    ],
)  # fmt: skip
def test_names_are_added_beside_the_ids_which_stay(given, added):
    assert with_names(given, PEOPLE, ACCOUNTS) == {**given, **added}


def test_names_reach_nested_objects_and_lists_but_not_other_values():
    body = {"items": [{"rep_id": "rep_ana", "deal_id": "d-1007"}], "focus": {"rep_ana": {"behaviours": []}}, "n": 3}
    named = with_names(body, PEOPLE, ACCOUNTS)
    assert named["items"] == [{"rep_id": "rep_ana", "deal_id": "d-1007", "rep_name": "Ana", "account_name": "Oakridge Properties"}]  # fmt: skip
    assert named["focus"] == {"rep_ana": {"behaviours": [], "behaviour_labels": []}} and named["n"] == 3
    assert deal_ids({"a": [{"deal_id": "d-1"}, {"apply_deal_id": "d-2", "deal_id": None}]}) == {"d-1", "d-2"}


def test_the_queue_and_a_moment_name_the_rep_account_behaviour_and_call(maya):
    support.decide(maya, support.ANA_DEMO, "discount_before_value", diagnosis="At 01:00 you offered 15% off.")
    queue = maya.get("/api/queue", params={"status": "all", "rep": "rep_ana"}).json()
    [item] = [
        i for i in queue["items"] if i["call_id"] == support.ANA_DEMO and i["behaviour"] == "discount_before_value"
    ]
    assert (item["rep_id"], item["rep_name"]) == ("rep_ana", "Ana")
    assert (item["deal_id"], item["account_name"]) == ("d-1007", "Oakridge Properties")
    assert item["behaviour_label"] == "discount before value"
    assert item["call_title"] == "Ana's demo call, 10 Nov 2026"
    assert (item["decided_by"], item["decided_by_name"]) == ("mgr_maya", "Maya")
    assert queue["focus"]["rep_ana"]["rep_name"] == "Ana"
    assert all(s["rep_name"] and "call_title" in s for s in queue["suggested"])

    moment = maya.get(f"/api/moments/{support.ANA_DEMO}/discount_before_value").json()
    assert moment["finding"]["rep_id"] == "rep_ana" and moment["finding"]["account_name"] == "Oakridge Properties"
    assert (moment["decision"]["manager_id"], moment["decision"]["manager_name"]) == ("mgr_maya", "Maya")
    assert [event["manager_name"] for event in moment["history"]] == ["Maya"]


def test_plans_coaching_and_reports_name_people_and_accounts(maya):
    decided = support.decide(maya, support.ANA_DEMO, "discount_before_value", diagnosis="At 01:00 you offered 15% off.")
    fields = {"alternative_behaviour": "Restate the hours lost first.", "follow_up_date": "2026-12-05"}
    fields |= {"apply_to": "deal", "apply_deal_id": "d-1007"}
    plan_id = support.post(maya, "/plans", observation_id=str(decided.json()["observation_id"]), **fields).json()[
        "plan_id"
    ]

    plan = maya.get(f"/api/plans/{plan_id}").json()["plan"]
    assert (plan["created_by"], plan["created_by_name"], plan["rep_name"]) == ("mgr_maya", "Maya", "Ana")
    assert (plan["apply_deal_id"], plan["apply_account_name"]) == ("d-1007", "Oakridge Properties")
    assert {event["recorded_by_name"] for event in plan["events"]} == {"Maya"}
    assert maya.get("/api/plans").json()["plans"][0]["behaviour_label"] == "discount before value"

    coaching = maya.get("/api/coaching").json()
    assert coaching["cadence"]["manager_name"] == "Maya"
    assert len(coaching["cadence"]["flagged"]) == len(coaching["cadence"]["flagged_names"])
    assert {rep["rep_name"] for rep in coaching["cadence"]["reps"]} == {"Ana", "Ben"}
    assert coaching["focus"]["rep_ana"]["behaviour_labels"] == ["discount before value"]
    rollup = maya.get("/api/reports").json()["rollup"]
    assert rollup["manager_id"] == "mgr_maya" and rollup["manager_name"] == "Maya"
    review = maya.get(f"/api/calls/{support.ANA_DEMO}/review").json()
    assert review["call_title"] == "Ana's demo call, 10 Nov 2026" and review["focus_labels"] == [
        "discount before value"
    ]


def test_a_plan_the_pipeline_inspected_reads_in_words_on_its_page_and_in_its_json(app, maya):
    """Ana's negotiation discount, to be applied on her demo of 10 Nov, where the batch finds it again."""
    negotiation = support.decide(
        maya, support.ANA_NEGOTIATION, "discount_before_value", diagnosis="At 00:56 you offered 10%."
    )
    fields = {"alternative_behaviour": "Restate the hours lost first.", "follow_up_date": "2026-12-05"}
    fields |= {"apply_to": "call", "apply_call_id": support.ANA_DEMO}
    plan_id = support.post(maya, "/plans", observation_id=str(negotiation.json()["observation_id"]), **fields).json()["plan_id"]  # fmt: skip
    inspect_due_plans(app.state.web.store)
    # The nightly batch is another process, whose write the server sees when the file comes back;
    # run here, in the server's own process, it is told.
    app.state.web.reads.clear()

    page = shown(maya.get(f"/plans/{plan_id}").text)
    assert "applied: on the call of 10 Nov 2026 recorded by the pipeline" in page
    assert (
        "inspected (not yet: practise again): the call of 10 Nov 2026 (the call the plan named): not applied: “" in page
    )
    assert "On the call to apply it on (Demo call, 10 Nov 2026) the detector finds: not applied" in page
    for raw in (support.ANA_DEMO, "by coachloop", "apply call", "finds gap"):
        assert raw not in page, page[max(0, page.find(raw) - 300) : page.find(raw) + 100]
    events = maya.get(f"/api/plans/{plan_id}").json()["plan"]["events"]
    assert {e["recorded_by"]: e["recorded_by_name"] for e in events} == {
        "mgr_maya": "Maya",
        "coachloop": "the pipeline",
    }
