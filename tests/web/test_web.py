"""The triage web app over a real DuckDB filled by the real `coachloop run` on the sample transcripts.

Two managers: Maya (Ana and Ben) and Omar (Chloe). Every test gets its own copy of the database.
The run uses the pattern pass only (rules/analysis.yaml `classifier.enabled: false`): the
classifier adds half a minute and nothing the web app depends on. The moments used below are
findings both passes agree on and that match the sample labels.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from pipeline.config import CoachingSettings
from pipeline.store import Store, moments
from tests.support import webapp as support
from tests.support.cli import coachloop, run_cli
from tests.support.locks import write_lock_held
from tests.support.web import ANA_DEMO, HOSTILE, HOSTILE_TEXT, MAYA, client_for, token_in

ANA_NEGOTIATION = "c-2026-11-05-0004"  # next step met: a strength, as she missed it on the demo
BEN_DEMO = "c-2026-11-03-0002"  # budget gap at the demo start; never asked about the committee
BEN_NEGOTIATION = "c-2026-11-06-0005"  # discount gap, next step gap
CHLOE_BAYVIEW = "c-2026-11-12-0009"  # Omar's team


def log_in(app, account) -> TestClient:
    client = client_for(app)
    page = client.get("/login")
    response = client.post(
        "/login", data={"user_id": account[0], "password": account[1], "csrf_token": token_in(page.text)}
    )
    assert response.status_code == 200 and response.url.path == "/queue", response.text
    client.csrf = client.get("/api/session").json()["csrf_token"]
    return client


def moment_path(call_id: str, behaviour: str) -> str:
    return f"/moments/{call_id}/{behaviour}"


def decide(client, call_id, behaviour, action, api=True, **fields):
    prefix = "/api" if api else ""
    data = {"csrf_token": client.csrf, "action": action, **fields}
    return client.post(f"{prefix}{moment_path(call_id, behaviour)}/decision", data=data, follow_redirects=False)


def current(client, call_id, behaviour):
    return client.get(f"/api{moment_path(call_id, behaviour)}").json()["decision"]


def observations(db: Path) -> list[dict]:
    return Store(db).rows("SELECT * FROM observations ORDER BY observation_id")


# -- login ------------------------------------------------------------------------------------


def test_pages_need_a_login_and_a_wrong_password_is_refused(app):
    client = client_for(app)
    response = client.get("/queue", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login?next=")
    assert client.get("/api/queue").status_code == 401
    token = token_in(client.get("/login").text)
    for user_id, password in ((MAYA[0], "wrong-password"), ("nobody", MAYA[1])):
        refused = client.post("/login", data={"user_id": user_id, "password": password, "csrf_token": token})
        assert refused.status_code == 401 and "Wrong user id or password" in refused.text
    no_token = client.post("/login", data={"user_id": MAYA[0], "password": MAYA[1]})
    assert no_token.status_code == 403
    assert client.get("/api/queue").status_code == 401


def test_login_sets_an_httponly_samesite_cookie_and_logout_ends_it(app):
    client = client_for(app)
    token = token_in(client.get("/login").text)
    response = client.post(
        "/login", data={"user_id": MAYA[0], "password": MAYA[1], "csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert client.get("/api/queue").status_code == 200
    csrf = client.get("/api/session").json()["csrf_token"]
    assert csrf != token  # a fresh session at login
    client.post("/logout", data={"csrf_token": csrf})
    assert client.get("/api/queue").status_code == 401


def test_login_redirects_only_inside_the_app_and_other_host_names_are_refused(app):
    client = client_for(app)
    for target, landing in (("/plans", "/plans"), ("//evil.example/x", "/queue"), ("/\\evil.example", "/queue")):
        token = token_in(client.get("/login").text)
        data = {"user_id": MAYA[0], "password": MAYA[1], "csrf_token": token, "next": target}
        response = client.post("/login", data=data, follow_redirects=False)
        assert response.headers["location"] == landing
    assert client.get("/queue", headers={"Host": "rebound.example"}).status_code == 400


def test_a_new_password_ends_the_sessions_opened_with_the_old_one(app, db, maya):
    coachloop(
        "users",
        "add",
        "--manager",
        MAYA[0],
        "--name",
        "Maya",
        "--password-stdin",
        "--db",
        str(db),
        stdin="a-new-password-2",
    )
    assert maya.get("/api/queue").status_code == 401
    assert log_in(app, (MAYA[0], "a-new-password-2"))


def test_users_cli_refuses_short_passwords_and_unknown_managers(db):
    short = run_cli("users", "add", "--manager", "m", "--name", "M", "--password-stdin", "--db", str(db), stdin="short")
    assert short.returncode != 0 and "at least 10 characters" in short.stderr
    unknown = run_cli("users", "assign", "--manager", "mgr_ghost", "--rep", "rep_ana", "--db", str(db))
    assert unknown.returncode != 0 and "no manager account mgr_ghost" in unknown.stderr
    listing = coachloop("users", "list", "--db", str(db)).stdout
    assert "mgr_maya" in listing and "rep_ana, rep_ben" in listing


# -- queue ------------------------------------------------------------------------------------


def test_queue_lists_the_team_s_gaps_and_strengths_newest_calls_first(maya):
    items = maya.get("/api/queue").json()["items"]
    assert items and {item["rep_id"] for item in items} == {"rep_ana", "rep_ben"}
    # Each rep's focus moments first (tests/test_focus_first.py), newest calls first in each group.
    flags = [item["in_focus"] for item in items]
    assert flags == sorted(flags, reverse=True)
    for group in (True, False):
        starts = [item["started_at"] for item in items if item["in_focus"] is group]
        assert starts == sorted(starts, reverse=True)
    assert {item["kind"] for item in items} == {"gap", "strength"}
    assert all(item["verdict"] == "gap" for item in items if item["kind"] == "gap")
    keys = {(item["call_id"], item["behaviour"]) for item in items}
    assert (ANA_DEMO, "discount_before_value") in keys
    assert (ANA_NEGOTIATION, "next_step_date_owner") in keys  # met, after a gap on the same behaviour


@pytest.mark.parametrize(
    ("query", "check"),
    [
        ("rep=rep_ana", lambda item: item["rep_id"] == "rep_ana"),
        ("behaviour=next_step_date_owner", lambda item: item["behaviour"] == "next_step_date_owner"),
        (
            "skill=negotiation",
            lambda item: item["behaviour"] in {"discount_before_value", "price_held_under_pushback"},
        ),
        ("call_type=demo", lambda item: item["call_type"] == "demo"),
        ("kind=strength", lambda item: item["kind"] == "strength"),
        ("since=2026-11-06&until=2026-11-10", lambda item: "2026-11-06" <= item["started_at"][:10] <= "2026-11-10"),
    ],
)
def test_queue_filters(maya, query, check):
    every = maya.get("/api/queue").json()["items"]
    items = maya.get(f"/api/queue?{query}").json()["items"]
    assert items and len(items) < len(every)
    assert all(check(item) for item in items)


def test_queue_page_renders_moments_with_links(maya):
    page = maya.get("/queue?rep=rep_ana")
    assert page.status_code == 200
    assert f'href="/moments/{ANA_DEMO}/discount_before_value?rep=rep_ana"' in page.text
    assert "I can give you 15 percent off the first year." in page.text


def test_a_bad_date_filter_is_a_clear_error(maya):
    response = maya.get("/api/queue?since=yesterday")
    assert response.status_code == 422 and "is not a date" in response.json()["error"]


# -- one moment -------------------------------------------------------------------------------


def test_moment_shows_quote_time_context_with_speakers_and_audio_from_the_moment(maya):
    data = maya.get(f"/api{moment_path(ANA_DEMO, 'discount_before_value')}").json()
    assert (
        data["finding"]["quote"]
        == "And if you sign before the end of the month, I can give you 15 percent off the first year."
    )
    assert data["play_from"] == pytest.approx(60.47)
    assert data["audio_url"] == f"/calls/{ANA_DEMO}/audio"
    shown = [u["idx"] for window in data["context"] for u in window]
    assert shown == [8, 9, 10, 11, 12]  # two utterances either side of the evidence [10]
    page = maya.get(moment_path(ANA_DEMO, "discount_before_value")).text
    assert 'src="/calls/c-2026-11-10-0007/audio#t=60.47" data-start="60.47"' in page
    assert "Play from 01:00" in page and "at <time>01:00</time>" in page
    assert "Buyer · Carlos" in page and "Rep · Ana" in page
    assert 'class="utterance speaker-rep evidence" data-idx="10"' in page


def test_a_moment_with_no_evidence_shows_the_end_of_the_call(maya):
    data = maya.get(f"/api{moment_path(BEN_DEMO, 'buying_committee_asked')}").json()
    shown = [u["idx"] for window in data["context"] for u in window]
    assert shown == list(range(len(data["utterances"]) - 4, len(data["utterances"])))
    assert (
        "No single moment: the context below is the end of the call."
        in maya.get(moment_path(BEN_DEMO, "buying_committee_asked")).text
    )


def test_an_uncertain_speaker_is_marked_on_the_moment_and_in_the_queue(db):
    """Evidence said by a voice the diarization was unsure of: the moment marks that utterance, the
    queue marks the moment; an utterance just at the threshold, and other moments, are not marked."""
    with Store(db).transaction() as con:
        con.execute(
            "UPDATE utterances SET speaker_confidence = CASE idx WHEN 10 THEN 0.65 WHEN 9 THEN 0.8 ELSE 1.0 END"
            " WHERE call_id = ?",
            [ANA_DEMO],
        )
        # utterances are written with their call: its moments (pipeline/store/moments.py) follow them
        moments.remove_calls(con, [ANA_DEMO])
        moments.add_calls(con, [ANA_DEMO])
    client = support.logged_in(support.make_app(db), MAYA[0])
    page = client.get(moment_path(ANA_DEMO, "discount_before_value")).text
    marked = re.findall(r'data-idx="(\d+)">(?:(?!</li>).)*class="speaker-uncertain">speaker uncertain<', page, re.S)
    assert set(marked) == {"10"}
    items = client.get("/api/queue").json()["items"]
    uncertain = {(item["call_id"], item["behaviour"]) for item in items if item["speaker_uncertain"]}
    assert (ANA_DEMO, "discount_before_value") in uncertain
    assert all(call_id == ANA_DEMO for call_id, _ in uncertain)
    assert all(not item["speaker_uncertain"] for item in items if item["call_id"] != ANA_DEMO)
    queue_page = client.get("/queue?rep=rep_ana").text
    row = queue_page[queue_page.index(f"/moments/{ANA_DEMO}/discount_before_value") :].split("</li>")[0]
    assert 'class="speaker-uncertain">speaker uncertain<' in row

    stricter = support.logged_in(support.make_app(db, CoachingSettings(sure_speaker_confidence=0.9)), MAYA[0])
    page = stricter.get(moment_path(ANA_DEMO, "discount_before_value")).text
    marked = re.findall(r'data-idx="(\d+)">(?:(?!</li>).)*class="speaker-uncertain">speaker uncertain<', page, re.S)
    assert set(marked) == {"9", "10"}


def test_transcript_only_calls_show_just_the_text(db):
    client = support.logged_in(support.make_app(db, recordings=None), MAYA[0])
    page = client.get(moment_path(ANA_DEMO, "discount_before_value")).text
    assert "<audio" not in page and "Transcript only" in page
    assert client.get(f"/calls/{ANA_DEMO}/audio").status_code == 404


def test_audio_is_served_with_range_requests(maya):
    whole = maya.get(f"/calls/{ANA_DEMO}/audio")
    assert whole.status_code == 200 and whole.headers["content-type"] == "audio/ogg"
    assert whole.headers["accept-ranges"] == "bytes"
    part = maya.get(f"/calls/{ANA_DEMO}/audio", headers={"Range": "bytes=1000-1999"})
    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes 1000-1999/{len(whole.content)}"
    assert part.content == whole.content[1000:2000]


def test_transcript_text_is_escaped_everywhere(maya):
    for path in (moment_path(HOSTILE, "budget_before_demo"), "/queue?rep=rep_ben"):
        page = maya.get(path).text
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
        assert "<script>alert" not in page and "<b>bold</b>" not in page and "<i>see</i>" not in page
    api = maya.get(f"/api{moment_path(HOSTILE, 'budget_before_demo')}").json()
    assert api["finding"]["quote"] == HOSTILE_TEXT  # JSON carries the text as it is; the page script sets textContent


def test_security_headers_and_no_inline_script(maya):
    response = maya.get(moment_path(ANA_DEMO, "discount_before_value"))
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"
    scripts = re.findall(r"<script[^>]*>", response.text)
    assert scripts and all("src=" in tag for tag in scripts)
    assert " style=" not in response.text and "onclick" not in response.text


# -- decisions --------------------------------------------------------------------------------


def test_confirm_stores_the_edited_wording_with_who_and_when(maya, db):
    wording = "When Carlos asked about terms, you offered 15% off before restating the $40k a year his team loses."
    response = decide(maya, ANA_DEMO, "discount_before_value", "confirm", diagnosis=wording, queue="rep=rep_ana")
    assert response.status_code == 200 and response.json()["saved"]
    assert response.json()["next_url"].startswith("/moments/") and "rep=rep_ana" in response.json()["next_url"]
    (row,) = observations(db)
    assert (row["manager_id"], row["decision"], row["diagnosis"]) == (MAYA[0], "confirmed", wording)
    assert row["decided_at"] is not None and row["finding_verdict"] == "gap"
    assert row["finding_quote"].startswith("And if you sign before the end of the month")
    open_keys = {(i["call_id"], i["behaviour"]) for i in maya.get("/api/queue").json()["items"]}
    assert (ANA_DEMO, "discount_before_value") not in open_keys
    decided = maya.get("/api/queue?status=decided").json()["items"]
    assert [(i["call_id"], i["decision"]) for i in decided] == [(ANA_DEMO, "confirmed")]


def test_the_html_form_redirects_to_the_next_moment_with_an_undo_offer(maya):
    response = decide(maya, ANA_DEMO, "next_step_date_owner", "confirm", api=False, diagnosis="At 01:10 you said …")
    assert response.status_code == 303
    page = maya.get(response.headers["location"]).text
    assert "Confirmed: Next step date owner" in page and 'id="flash-undo"' in page and "Create practice plan" in page


def test_personality_words_are_nudged_towards_a_behavioural_statement(maya, db):
    response = decide(
        maya, ANA_DEMO, "discount_before_value", "confirm", diagnosis="Ana lacks confidence and is too nervous."
    )
    assert response.status_code == 422
    body = response.json()
    assert body["nudge"] and not body["saved"] and "“confidence”, “nervous”" in body["error"]
    assert observations(db) == []
    page = decide(maya, ANA_DEMO, "discount_before_value", "confirm", api=False, diagnosis="Ana is nervous.")
    assert (
        page.status_code == 422
        and "Ana is nervous.</textarea>" in page.text
        and "Save this wording anyway" in page.text
    )
    anyway = decide(maya, ANA_DEMO, "discount_before_value", "confirm", diagnosis="Ana is nervous.", accept_wording="1")
    assert anyway.status_code == 200


def test_mark_as_strength(maya, db):
    wording = "You closed on a date and an owner: Tom confirms by Wednesday."
    response = decide(maya, ANA_NEGOTIATION, "next_step_date_owner", "strength", diagnosis=wording)
    assert response.status_code == 200
    assert current(maya, ANA_NEGOTIATION, "next_step_date_owner")["decision"] == "strength"
    assert current(maya, ANA_NEGOTIATION, "next_step_date_owner")["diagnosis"] == wording


@pytest.mark.parametrize(
    ("fields", "status", "field"),
    [
        ({}, 422, "reason"),
        ({"reason": "other"}, 422, "note"),
        ({"reason": "made_up"}, 422, "reason"),
        ({"reason": "other", "note": "the buyer had already signed"}, 200, None),
        ({"reason": "false_positive"}, 200, None),
        ({"reason": "not_coachable"}, 200, None),
    ],
)
def test_dismiss_needs_a_reason(maya, fields, status, field):
    response = decide(maya, BEN_NEGOTIATION, "next_step_date_owner", "dismiss", **fields)
    assert response.status_code == status
    assert response.json().get("field") == field
    if status == 200:
        assert current(maya, BEN_NEGOTIATION, "next_step_date_owner")["reason"] == fields["reason"]


def test_undo_restores_the_previous_decision_and_keeps_every_event(maya, db):
    moment = (BEN_NEGOTIATION, "discount_before_value")
    first = decide(maya, *moment, "confirm", diagnosis="When Dana said it was too much, you offered 20% at 00:15.")
    first_id = first.json()["observation_id"]
    second = decide(maya, *moment, "dismiss", reason="not_coachable", current_observation_id=str(first_id))
    second_id = second.json()["observation_id"]
    assert current(maya, *moment)["decision"] == "dismissed"
    undone = maya.post(f"/api{moment_path(*moment)}/undo", data={"csrf_token": maya.csrf, "observation_id": second_id})
    assert undone.status_code == 200 and undone.json()["current"]["observation_id"] == first_id
    assert current(maya, *moment)["decision"] == "confirmed"
    stale = maya.post(f"/api{moment_path(*moment)}/undo", data={"csrf_token": maya.csrf, "observation_id": second_id})
    assert stale.status_code == 409
    maya.post(f"/api{moment_path(*moment)}/undo", data={"csrf_token": maya.csrf, "observation_id": first_id})
    assert current(maya, *moment) is None
    assert [row["decision"] for row in observations(db)] == ["confirmed", "dismissed", "undone", "undone"]
    assert [row["undoes_observation_id"] for row in observations(db)][2:] == [second_id, first_id]


def test_a_double_submit_records_once(maya, db):
    fields = {"reason": "false_positive", "current_observation_id": ""}
    assert decide(maya, BEN_DEMO, "buying_committee_asked", "dismiss", **fields).status_code == 200
    again = decide(maya, BEN_DEMO, "buying_committee_asked", "dismiss", **fields)
    assert again.status_code == 409 and "changed since you opened it" in again.json()["error"]
    assert len(observations(db)) == 1


# -- nothing typed is lost --------------------------------------------------------------------


def test_a_stale_csrf_token_saves_nothing_and_keeps_the_text(maya, db):
    text = "When Carlos pushed on price at 01:00 you went straight to 15% off."
    page = decide(maya, ANA_DEMO, "discount_before_value", "confirm", api=False, diagnosis=text, csrf_token="stale")
    assert page.status_code == 403
    assert "security token is out of date" in page.text and f">{text}</textarea>" in page.text
    api = decide(maya, ANA_DEMO, "discount_before_value", "confirm", diagnosis=text, csrf_token="")
    assert api.status_code == 403 and api.json()["saved"] is False
    assert observations(db) == []


def test_a_logged_out_save_shows_the_text_to_copy(app):
    client = client_for(app)
    text = "When the buyer asked for a discount you said yes at once."
    page = client.post(
        f"{moment_path(ANA_DEMO, 'discount_before_value')}/decision", data={"action": "confirm", "diagnosis": text}
    )
    assert page.status_code == 401 and "you are logged out" in page.text and f">{text}</textarea>" in page.text


def test_a_locked_database_saves_nothing_and_keeps_the_text(maya, app, db):
    with write_lock_held(db):
        text = "At 01:00 you offered 15% before any value."
        page = decide(maya, ANA_DEMO, "discount_before_value", "confirm", api=False, diagnosis=text)
        assert page.status_code == 503 and "database is busy" in page.text and f">{text}</textarea>" in page.text
        api = decide(maya, ANA_DEMO, "discount_before_value", "confirm", diagnosis=text)
        assert api.status_code == 503 and api.json()["saved"] is False and api.headers["retry-after"]
    assert observations(db) == []
    assert decide(maya, ANA_DEMO, "discount_before_value", "confirm", diagnosis="At 01:00 …").status_code == 200


# -- practice plans ---------------------------------------------------------------------------


def confirmed(client, call_id=ANA_DEMO, behaviour="discount_before_value") -> int:
    wording = "When Carlos asked about terms, you offered 15% off before restating his costs."
    return decide(client, call_id, behaviour, "confirm", diagnosis=wording).json()["observation_id"]


def create_plan(client, observation_id, **fields):
    data = {
        "csrf_token": client.csrf,
        "observation_id": str(observation_id),
        "alternative_behaviour": "Restate the 40 hours a week before any concession; hold the price once.",
        "practised": "1",
        "practised_on": "2026-11-11",
        "apply_to": "date",
        "apply_date": "2026-11-18",
        "follow_up_date": "2026-11-20",
        **fields,
    }
    return client.post("/api/plans", data=data)


def test_plan_form_offers_the_rep_s_later_calls_and_deals(maya):
    observation_id = confirmed(maya, ANA_NEGOTIATION, "next_step_date_owner")
    page = maya.get(f"/plans/new?observation={observation_id}").text
    assert 'value="c-2026-11-10-0007"' in page  # Ana's next call after the negotiation
    assert 'value="c-2026-11-02-0001"' not in page  # an earlier call
    assert 'value="c-2026-11-11-0008"' not in page  # Ben's call
    assert "d-1007" in page  # one of Ana's deals


def test_a_plan_from_a_confirmed_diagnosis_moves_through_its_steps(maya):
    response = create_plan(maya, confirmed(maya))
    assert response.status_code == 200, response.text
    plan_id = response.json()["plan_id"]
    plan = maya.get(f"/api/plans/{plan_id}").json()["plan"]
    assert plan["status"] == "practised" and plan["practised_at"].startswith("2026-11-11")
    assert (plan["apply_date"], plan["follow_up_date"], plan["rep_id"]) == ("2026-11-18", "2026-11-20", "rep_ana")
    assert [e["status"] for e in plan["events"]] == ["planned", "practised"]

    def step(status, **fields):
        data = {"csrf_token": maya.csrf, "status": status, "happened_on": "2026-11-19", **fields}
        return maya.post(f"/api/plans/{plan_id}/status", data=data)

    assert step("inspected", outcome="changed", confirm="1").status_code == 409  # steps go in order
    assert step("applied").status_code == 200
    assert step("inspected", confirm="1").status_code == 422  # did the behaviour change?
    unconfirmed = step("inspected", outcome="not_yet")  # an inspection cannot be taken back: confirmed first
    assert unconfirmed.status_code == 422 and unconfirmed.json()["field"] == "confirm"
    assert maya.get(f"/api/plans/{plan_id}").json()["plan"]["status"] == "applied"
    assert step("inspected", outcome="not_yet", note="Offered 10% again", confirm="1").status_code == 200
    plan = maya.get(f"/api/plans/{plan_id}").json()["plan"]
    assert plan["status"] == "inspected"
    assert [(e["status"], e["outcome"]) for e in plan["events"]][-2:] == [("applied", None), ("inspected", "not_yet")]
    page = maya.get(f"/plans/{plan_id}").text
    assert "Restate the 40 hours a week" in page and "not yet: practise again" in page
    assert [p["plan_id"] for p in maya.get("/api/plans").json()["plans"]] == [plan_id]


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"alternative_behaviour": " "}, 422),
        ({"follow_up_date": ""}, 422),
        ({"follow_up_date": "next week"}, 422),
        ({"apply_to": "call", "apply_call_id": CHLOE_BAYVIEW}, 422),  # not one of Ana's calls
        ({"apply_to": "deal", "apply_deal_id": "d-1009"}, 422),  # Chloe's deal
        ({"apply_to": ""}, 422),
        ({"practised_on": ""}, 422),
    ],
)
def test_plan_input_is_checked(maya, fields, status):
    assert create_plan(maya, confirmed(maya), **fields).status_code == status


def test_a_plan_needs_a_current_confirmed_diagnosis(maya):
    dismissed = decide(maya, ANA_DEMO, "next_step_date_owner", "dismiss", reason="not_coachable").json()[
        "observation_id"
    ]
    assert create_plan(maya, dismissed).status_code == 409
    observation_id = confirmed(maya)
    maya.post(
        f"/api{moment_path(ANA_DEMO, 'discount_before_value')}/undo",
        data={"csrf_token": maya.csrf, "observation_id": observation_id},
    )
    assert create_plan(maya, observation_id).status_code == 409


def test_a_failed_plan_save_keeps_the_text_in_the_form(maya):
    observation_id = confirmed(maya)
    data = {
        "csrf_token": maya.csrf,
        "observation_id": str(observation_id),
        "alternative_behaviour": "Ask what the problem costs them, then hold the price.",
        "apply_to": "date",
        "apply_date": "2026-11-18",
        "follow_up_date": "",
    }
    page = maya.post("/plans", data=data)
    assert page.status_code == 422 and "Set the follow-up date" in page.text
    assert ">Ask what the problem costs them, then hold the price.</textarea>" in page.text


# -- access: a manager sees and changes only their own reps -----------------------------------


def test_another_team_s_moments_calls_and_plans_are_not_found(app, maya, omar, db):
    observation_id = confirmed(maya)
    plan_id = create_plan(maya, observation_id).json()["plan_id"]
    before = observations(db)
    moment = moment_path(ANA_DEMO, "discount_before_value")
    reads = [
        moment,
        f"/api{moment}",
        f"/calls/{ANA_DEMO}/audio",
        "/queue?rep=rep_ana",
        "/api/queue?rep=rep_ana",
        f"/plans/{plan_id}",
        f"/api/plans/{plan_id}",
        f"/plans/new?observation={observation_id}",
        "/plans?rep=rep_ana",
        "/api/plans?rep=rep_ana",
    ]
    for path in reads:
        assert omar.get(path).status_code == 404, path
    token = {"csrf_token": omar.csrf}
    writes = [
        (
            f"/api{moment}/decision",
            {**token, "action": "dismiss", "reason": "false_positive", "current_observation_id": str(observation_id)},
        ),
        (f"{moment}/decision", {**token, "action": "confirm", "diagnosis": "x"}),
        (f"/api{moment}/undo", {**token, "observation_id": str(observation_id)}),
        (
            "/api/plans",
            {
                **token,
                "observation_id": str(observation_id),
                "alternative_behaviour": "x",
                "apply_to": "date",
                "apply_date": "2026-12-01",
                "follow_up_date": "2026-12-02",
            },
        ),
        (f"/api/plans/{plan_id}/status", {**token, "status": "applied"}),
    ]
    for path, data in writes:
        refused = omar.post(path, data=data)
        assert refused.status_code == 404, path
        said = refused.json()["error"] if path.startswith("/api") else refused.text
        assert "not in your team" in said and f"plan {plan_id}" not in said  # no id said back
    assert observations(db) == before
    assert maya.get(f"/api/plans/{plan_id}").json()["plan"]["status"] == "practised"
    # Omar's own view: only Chloe, and nothing of Maya's team by listing either.
    assert {i["rep_id"] for i in omar.get("/api/queue?status=all").json()["items"]} == {"rep_chloe"}
    assert omar.get("/api/plans").json()["plans"] == []
    assert [r["rep_id"] for r in omar.get("/api/reps").json()["reps"]] == ["rep_chloe"]
    # An id that does not exist looks the same as another team's.
    assert omar.get("/api/moments/c-none/discount_before_value").json() == omar.get(f"/api{moment}").json()


# -- feedback for the classifier --------------------------------------------------------------


def test_export_feedback_writes_false_positive_dismissals_as_labelled_utterances(maya, db, tmp_path):
    decide(maya, ANA_DEMO, "discount_before_value", "dismiss", reason="false_positive")
    decide(maya, BEN_DEMO, "budget_before_demo", "dismiss", reason="false_positive", note="slides, not the product")
    decide(maya, BEN_DEMO, "buying_committee_asked", "dismiss", reason="false_positive")  # no utterance
    decide(maya, BEN_NEGOTIATION, "next_step_date_owner", "dismiss", reason="not_coachable")  # not a false positive
    output = tmp_path / "feedback.jsonl"
    result = coachloop("export-feedback", "--db", str(db), "--output", str(output))
    assert "2 labelled example(s)" in result.stderr and "1 dismissal(s) had no evidence utterance" in result.stderr
    examples = [json.loads(line) for line in output.read_text().splitlines()]
    assert [(e["call_id"], e["implied_act"]) for e in examples] == [
        (ANA_DEMO, "discount_offer"),
        (BEN_DEMO, "demo_start"),
    ]
    first = examples[0]
    assert first["text"] == "And if you sign before the end of the month, I can give you 15 percent off the first year."
    assert (first["speaker"], first["label"], first["source"]) == ("rep", "other", "manager_feedback")
    assert (first["behaviour"], first["utterance_index"], first["decided_by"]) == ("discount_before_value", 10, MAYA[0])
    assert examples[1]["note"] == "slides, not the product"


# -- the pure pieces --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "evidence", "windows"),
    [
        (14, [10], [[8, 9, 10, 11, 12]]),
        (14, [4, 8], [[2, 3, 4, 5, 6, 7, 8, 9, 10]]),  # close evidence: one run
        (30, [2, 20], [[0, 1, 2, 3, 4], [18, 19, 20, 21, 22]]),  # far apart: two runs
        (14, [13], [[11, 12, 13]]),
        (14, [], [[10, 11, 12, 13]]),  # no moment: the end of the call
        (0, [], []),
    ],
)
def test_context_windows(count, evidence, windows):
    from pipeline.web.routes.triage import context_windows

    assert context_windows(count, evidence) == windows


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("You lack confidence on price.", ["confidence"]),
        ("Ben was nervous and a bit pushy.", ["nervous", "pushy"]),
        ("She's just not a closer.", ["not a closer"]),
        ("When the buyer pushed on price you offered 10% before restating the value.", []),
        ("You got closer to a date than last week.", []),
    ],
)
def test_personality_words(text, flagged):
    from pipeline.coaching.wording import personality_words

    assert personality_words(text) == flagged
