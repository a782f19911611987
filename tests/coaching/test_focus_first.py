"""Focus-first listening: each rep's focus (pipeline/coaching/focus.py) orders the queue and the suggested
calls, the queue and moment pages say what to listen for and why, and the manager can choose or
clear the focus. Over a real database filled by `coachloop run` on the sample transcripts.

On the samples, Ben misses the dated next step on all four calls where it applies: it leads his
data-derived focus (the second behaviour depends on the rules loaded, so it is read from
pipeline/coaching/focus.py, never written here). Ana has no behaviour above the standard.
"""

from __future__ import annotations

import re

import pytest

from pipeline.analysis.rules import load_rules
from pipeline.coaching.focus import rep_focus
from pipeline.config import CoachingSettings
from tests.support import webapp as support
from tests.support.paths import ROOT


@pytest.fixture
def ben_focus(app) -> list[str]:
    behaviours = list(rep_focus(app.state.web.store, "rep_ben", CoachingSettings()).behaviours)
    assert behaviours[0] == "next_step_date_owner" and len(behaviours) == 2
    return behaviours


def choose(client, rep_id: str, *behaviours: str, **fields):
    ticked = {f"focus:{behaviour}": "1" for behaviour in behaviours}
    return support.post(client, f"/coaching/reps/{rep_id}/focus", **ticked, **fields)


def assert_focus_first(items: list[dict]) -> None:
    flags = [item["in_focus"] for item in items]
    assert flags == sorted(flags, reverse=True), "focus moments come first"
    for group in (True, False):
        starts = [item["started_at"] for item in items if item["in_focus"] is group]
        assert starts == sorted(starts, reverse=True), "newest calls first within each group"


def test_the_data_focus_puts_ben_s_missed_next_steps_first(maya, ben_focus):
    answer = maya.get("/api/queue").json()
    assert answer["focus"]["rep_ben"]["behaviours"] == ben_focus
    assert "gap rate above 50%" in answer["focus"]["rep_ben"]["reason"]
    assert answer["focus"]["rep_ana"]["behaviours"] == []
    items = answer["items"]
    assert_focus_first(items)
    focus_items = [item for item in items if item["in_focus"]]
    assert focus_items and all(item["rep_id"] == "rep_ben" and item["behaviour"] in ben_focus for item in focus_items)
    # Every open Ben moment on those behaviours is in the focus group, none is left among the rest.
    assert not [
        item
        for item in items
        if not item["in_focus"] and item["rep_id"] == "rep_ben" and item["behaviour"] in ben_focus
    ]


def test_a_manager_s_choice_wins_and_clearing_it_restores_the_data_focus(maya, app):
    assert choose(maya, "rep_ana", "discount_before_value", reason="Discounts on every late-stage call").json()["saved"]
    answer = maya.get("/api/queue?rep=rep_ana").json()
    focus = answer["focus"]["rep_ana"]
    assert (focus["behaviours"], focus["reason"]) == (
        ["discount_before_value"],
        "Discounts on every late-stage call (Maya)",
    )
    assert (focus["rep_name"], focus["behaviour_labels"]) == ("Ana", ["discount before value"])  # names for people
    items = answer["items"]
    assert_focus_first(items)
    assert [(item["call_id"], item["behaviour"]) for item in items if item["in_focus"]] == [
        (support.ANA_DEMO, "discount_before_value"),
        (support.ANA_NEGOTIATION, "discount_before_value"),
    ]
    assert choose(maya, "rep_ana", clear="1").json()["saved"]
    assert maya.get("/api/queue?rep=rep_ana").json()["focus"]["rep_ana"]["behaviours"] == []
    events = app.state.web.store.rows("SELECT behaviours, set_by FROM rep_focus_events ORDER BY event_id")
    assert events == [
        {"behaviours": ["discount_before_value"], "set_by": "mgr_maya"},
        {"behaviours": [], "set_by": "mgr_maya"},
    ]


def test_suggested_calls_are_the_calls_with_undecided_focus_moments(maya):
    choose(maya, "rep_ana", "discount_before_value")
    suggested = maya.get("/api/queue").json()["suggested"]
    calls = [call["call_id"] for call in suggested]
    assert support.ANA_DEMO in calls and support.ANA_NEGOTIATION in calls and support.BEN_NEGOTIATION in calls
    starts = [call["started_at"] for call in suggested]
    assert starts == sorted(starts, reverse=True)
    ana_demo = next(call for call in suggested if call["call_id"] == support.ANA_DEMO)
    assert ana_demo["focus_behaviours"] == ["discount_before_value"] and ana_demo["open_moments"] == 1

    decided = support.decide(maya, support.ANA_DEMO, "discount_before_value", diagnosis="Offered 15% off at 01:00.")
    assert decided.json()["saved"]
    calls = [call["call_id"] for call in maya.get("/api/queue").json()["suggested"]]
    assert support.ANA_DEMO not in calls and support.ANA_NEGOTIATION in calls


@pytest.mark.parametrize(
    ("behaviours", "status", "message"),
    [
        (("discount_before_value", "budget_before_demo", "next_step_date_owner"), 422, "one or two behaviours"),
        (("no_such_behaviour",), 422, "unknown behaviour"),
        ((), 422, "tick one or two behaviours"),
    ],
)
def test_a_focus_is_one_or_two_known_behaviours(maya, app, behaviours, status, message):
    response = choose(maya, "rep_ana", *behaviours)
    assert response.status_code == status and message in response.json()["error"]
    assert app.state.web.store.rows("SELECT count(*) AS n FROM rep_focus_events")[0]["n"] == 0


def test_another_team_s_rep_is_not_found(app, omar):
    assert choose(omar, "rep_ana", "discount_before_value").status_code == 404
    assert omar.get("/coaching/reps/rep_ana").status_code == 404
    assert all(item["rep_id"] == "rep_chloe" for item in omar.get("/api/queue").json()["items"])


def test_the_queue_page_says_what_to_listen_for_and_heads_the_focus_group(maya, ben_focus):
    page = maya.get("/queue").text
    banner = page[page.index('id="listen-for"') : page.index("</section>", page.index('id="listen-for"'))]
    assert "Next step date owner" in banner and "gap rate above 50%" in banner and "no focus yet" in banner
    assert 'id="suggested-calls"' in banner
    assert page.index('id="queue-focus"') < page.index('id="queue-rest"')
    first_row = re.search(r'class="queue-row" data-url="([^"]+)"', page).group(1)
    assert first_row.startswith("/moments/") and first_row.split("/")[3].split("?")[0] in ben_focus


def test_the_moment_page_says_what_to_listen_for_and_moves_through_the_focus_first(maya):
    items = maya.get("/api/queue").json()["items"]
    first, second = items[0], items[1]
    assert first["in_focus"] and second["in_focus"]
    page = maya.get(first["url"]).text
    assert 'id="listen-for"' in page and 'id="on-focus"' in page and "gap rate above 50%" in page
    assert f'<a href="{second["url"]}" id="next-moment"' in page
    ana_moment = next(item for item in items if item["rep_id"] == "rep_ana")
    ana_page = maya.get(ana_moment["url"]).text
    assert 'id="listen-for"' in ana_page and 'id="on-focus"' not in ana_page


def test_the_chooser_offers_every_behaviour_of_the_loaded_rules(maya, ben_focus):
    page = maya.get("/coaching/reps/rep_ben").text
    for rule in load_rules(ROOT / "rules"):
        assert f'name="focus:{rule.behaviour}"' in page
    assert 'id="current-focus"' in page and "Next step date owner" in page
