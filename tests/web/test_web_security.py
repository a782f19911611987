"""The managers' app after logout and against other sites (issue 17): sessions live on the server
and end for every copy of their cookie; writes from another origin are refused; every Markdown
export is escaped; no response names a path on the server.

Two plain HTTP clients stand for two browsers (or a browser and whoever copied its cookie).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import tempfile
from datetime import date
from pathlib import Path

import pytest

from pipeline.coaching import triage
from pipeline.config import CoachingSettings
from pipeline.reports.period import Period
from pipeline.reports.render import render_team_markdown
from pipeline.reports.rollup import team_rollup
from pipeline.web.app import WebOptions, create_app
from pipeline.web.sessions import SESSION_COOKIE
from tests.support import webapp as support
from tests.support.cli import coachloop, run_cli
from tests.support.paths import ROOT, SAMPLES
from tests.support.web import HOSTILE, MAYA, client_for, token_in
from tests.web.test_web_access import FORM, endpoints, fill

EVIL_DIAGNOSIS = "You said <img src=x onerror=alert(1)> and then <script>alert('d')</script> [a](javascript:x)"
PERIOD = "since=2026-11-01&until=2026-11-25"


def copied(app, client) -> object:
    """A second client holding a copy of `client`'s session cookie."""
    thief = client_for(app)
    thief.cookies.set(SESSION_COOKIE, client.cookies[SESSION_COOKIE])
    return thief


def fresh_login(app, account=MAYA):
    client = support.log_in(app, account)
    assert client.get("/api/session").status_code == 200
    return client


# -- sessions on the server -------------------------------------------------------------------


def test_the_cookie_holds_only_a_random_id_and_the_database_only_its_hash(app):
    maya = fresh_login(app)
    cookie = maya.cookies[SESSION_COOKIE]
    session_id = cookie.split(".")[0]
    assert len(session_id) >= 40 and "mgr_maya" not in cookie
    with pytest.raises(ValueError):  # not a serialised session (Starlette's cookie is base64 JSON)
        json.loads(base64.b64decode(session_id + "=="))
    rows = app.state.web.store.rows("SELECT id_sha256, user_id, data FROM web_sessions WHERE user_id = 'mgr_maya'")
    assert hashlib.sha256(session_id.encode()).hexdigest() in {row["id_sha256"] for row in rows}
    assert not any(session_id in json.dumps(row, default=str) for row in rows)


def test_a_copied_cookie_stops_working_after_logout(app):
    maya = fresh_login(app)
    thief = copied(app, maya)
    assert thief.get("/api/queue").status_code == 200  # a copy works while the session lives
    logout = maya.post("/logout", data={"csrf_token": maya.csrf}, follow_redirects=False)
    assert logout.status_code == 303 and logout.headers["location"] == "/login"
    assert maya.get("/api/queue").status_code == 401
    assert thief.get("/api/queue").status_code == 401  # the copy too: the session is gone on the server
    assert thief.post("/api/moments/x/y/decision", data={"csrf_token": maya.csrf}).status_code == 401


def test_a_logout_without_the_token_says_it_did_not_log_out(app):
    maya = fresh_login(app)
    for data in ({}, {"csrf_token": "forged"}):
        refused = maya.post("/logout", data=data, follow_redirects=False)
        assert refused.status_code == 403 and "Not logged out" in refused.text
        assert maya.get("/api/queue").status_code == 200  # and indeed it did not
    visitor = client_for(app).post("/logout", data={}, follow_redirects=False)
    assert visitor.status_code == 303 and visitor.headers["location"] == "/login"  # nothing to end


def test_a_login_starts_a_new_session_id(app):
    client = client_for(app)
    page = client.get("/login")
    planted = client.cookies[SESSION_COOKIE]
    data = {"user_id": MAYA[0], "password": MAYA[1], "csrf_token": token_in(page.text)}
    assert client.post("/login", data=data, follow_redirects=False).status_code == 303
    assert client.cookies[SESSION_COOKIE].split(".")[0] != planted.split(".")[0]
    attacker = client_for(app)
    attacker.cookies.set(SESSION_COOKIE, planted)
    assert attacker.get("/api/queue").status_code == 401  # the id known before the login opens nothing


@pytest.mark.parametrize("account", [MAYA, support.ANA], ids=["manager", "rep"])
def test_a_copied_cookie_stops_working_after_a_password_change(app, db, account):
    browser = fresh_login(app, account) if account is MAYA else support.log_in(app, account)
    thief = copied(app, browser)
    whoami = "/api/session" if account is MAYA else "/api/me"
    assert thief.get(whoami).status_code == 200
    role = "--manager" if account is MAYA else "--rep"
    coachloop("users", "add", role, account[0], "--name", "X", "--password-stdin", "--db", str(db), stdin="new-pass-99")
    assert browser.get(whoami).status_code == 401 and thief.get(whoami).status_code == 401
    assert app.state.web.store.rows("SELECT * FROM web_sessions WHERE user_id = ?", [account[0]]) == []


def test_sessions_are_listed_and_revoked_one_or_all_from_the_command_line(app, db):
    office, home = fresh_login(app), fresh_login(app)
    listing = coachloop("users", "sessions", MAYA[0], "--db", str(db)).stdout
    handles = [
        row["handle"]
        for row in app.state.web.store.rows(
            "SELECT left(id_sha256, 12) AS handle FROM web_sessions WHERE user_id = ?", [MAYA[0]]
        )
    ]
    assert len(handles) >= 2 and all(handle in listing for handle in handles)
    office_handle = hashlib.sha256(office.cookies[SESSION_COOKIE].split(".")[0].encode()).hexdigest()[:12]
    coachloop("users", "sessions", MAYA[0], "--revoke", office_handle, "--db", str(db))
    assert office.get("/api/queue").status_code == 401 and home.get("/api/queue").status_code == 200
    ended = coachloop("users", "sessions", MAYA[0], "--revoke", "--db", str(db))
    assert "session(s) of mgr_maya ended" in ended.stderr
    assert home.get("/api/queue").status_code == 401
    unknown = run_cli("users", "sessions", MAYA[0], "--revoke", "abcdef123456", "--db", str(db))
    assert unknown.returncode != 0 and "has no session abcdef123456" in unknown.stderr
    nobody = run_cli("users", "sessions", "mgr_ghost", "--db", str(db))
    assert nobody.returncode != 0 and "no account mgr_ghost" in nobody.stderr


def test_an_expired_session_is_refused_even_with_a_valid_signature(app):
    maya = fresh_login(app)
    with app.state.web.store.transaction() as con:
        con.execute("UPDATE web_sessions SET expires_at = TIMESTAMP '2000-01-01' WHERE user_id = 'mgr_maya'")
    assert maya.get("/api/queue").status_code == 401


# -- writes from other sites ------------------------------------------------------------------


def state_changing_requests() -> list[tuple[str, dict]]:
    return [
        (f"/api/moments/{support.ANA_DEMO}/discount_before_value/decision", {"action": "strength"}),
        ("/api/plans", {"observation_id": "1", "alternative_behaviour": "x"}),
        ("/api/coaching/reps/rep_ana/focus", {"behaviours": "discount_before_value"}),
        ("/api/coaching/reps/rep_ana/concerns", {"concern": "x", "evidence": "x", "standard": "x"}),
        ("/logout", {}),
        ("/login", {"user_id": MAYA[0], "password": MAYA[1]}),
    ]


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "https://evil.example"},
        {"origin": "http://127.0.0.1.evil.example"},
        {"origin": "https://127.0.0.1"},  # another scheme is another origin
        {"origin": "null"},  # a sandboxed frame or a cross-site redirect
        {"referer": "https://evil.example/page"},
        {"origin": "https://evil.example", "referer": "http://127.0.0.1/queue"},  # Origin decides
    ],
    ids=["foreign", "look-alike", "scheme", "null", "foreign-referer", "foreign-origin-own-referer"],
)
def test_writes_from_another_origin_are_refused_and_change_nothing(app, maya, headers):
    for path, data in state_changing_requests():
        response = maya.post(path, data={**data, "csrf_token": maya.csrf}, headers=headers, follow_redirects=False)
        assert response.status_code == 403, f"{path}: {response.status_code}"
        assert "another site" in response.text, path
    assert app.state.web.store.rows("SELECT count(*) AS n FROM observations")[0]["n"] == 0
    assert maya.get("/api/session").status_code == 200  # the logout was refused too


@pytest.mark.parametrize(
    "headers",
    [{"origin": "http://127.0.0.1"}, {"referer": "http://127.0.0.1/moments/x/y"}, {}],
    ids=["same-origin", "own-referer-without-origin", "neither-header"],
)
def test_writes_from_the_app_s_own_pages_go_through(app, maya, headers):
    path, data = state_changing_requests()[0]
    response = maya.post(path, data={**data, "csrf_token": maya.csrf}, headers=headers)
    assert response.status_code == 200 and response.json()["saved"] is True
    focus = maya.post(
        "/api/coaching/reps/rep_ana/focus",
        data={"behaviours": "discount_before_value", "reason": "x", "csrf_token": maya.csrf},
        headers=headers,
    )
    assert focus.status_code != 403, focus.text
    login = client_for(app)
    token = token_in(login.get("/login").text)
    landed = login.post("/login", data={"user_id": MAYA[0], "password": MAYA[1], "csrf_token": token}, headers=headers)
    assert landed.status_code == 200 and landed.url.path == "/queue"


def test_behind_a_trusted_proxy_the_public_origin_is_the_app_s_own(db):
    proxied = {"x-forwarded-proto": "https", "x-forwarded-host": "coach.example.com", "x-forwarded-for": "10.1.1.1"}
    for options, headers in (
        ({"trust_proxy": True, "secure_cookies": "never"}, proxied),  # the test client speaks plain HTTP
        ({"extra_origins": ("https://coach.example.com",)}, {}),
    ):
        app = create_app(WebOptions(db_path=db, rules_dir=ROOT / "rules", **options))
        client = client_for(app)
        token = token_in(client.get("/login", headers=headers).text)
        data = {"user_id": MAYA[0], "password": MAYA[1], "csrf_token": token}
        own = client.post("/login", data=data, headers={**headers, "origin": "https://coach.example.com"})
        assert own.status_code == 200 and own.url.path == "/queue", options
        other = client.post("/login", data=data, headers={**headers, "origin": "https://evil.example"})
        assert other.status_code == 403, options
    # Without --trust-proxy, a forwarded host is anyone's claim: not an origin of the app.
    plain = client_for(create_app(WebOptions(db_path=db, rules_dir=ROOT / "rules")))
    refused = plain.post("/login", data={}, headers={**proxied, "origin": "https://coach.example.com"})
    assert refused.status_code == 403


# -- Markdown exports -------------------------------------------------------------------------


def test_the_tracker_markdown_escapes_quotes_and_diagnoses(app, maya):
    store = app.state.web.store
    triage.decide(store, MAYA[0], HOSTILE, "budget_before_demo", "confirmed", diagnosis=EVIL_DIAGNOSIS)
    markdown = maya.get(f"/reports/rep_ben/report.md?{PERIOD}")
    assert markdown.status_code == 200
    text = markdown.text
    for raw in ("<script>", "<img", "<b>", "](javascript"):
        assert not re.search(r"(?<!\\)" + re.escape(raw), text), raw  # only escaped: \<script\>
    assert "\\<script\\>alert('x')\\</script\\> Let me share my screen" in text  # the transcript quote
    assert "\\<img src=x onerror=alert(1)\\>" in text and "\\<script\\>alert('d')\\</script\\>" in text  # diagnosis
    assert "\\[a\\](javascript:x)" in text


def test_the_team_roll_up_markdown_escapes_what_reps_and_managers_typed(app):
    store = app.state.web.store
    with store.transaction() as con:
        con.execute("UPDATE reps SET rep_name = 'Ben <script>alert(1)</script> | x' WHERE rep_id = 'rep_ben'")
    period = Period(date(2026, 11, 1), date(2026, 11, 25))
    markdown = render_team_markdown(team_rollup(store, MAYA[0], CoachingSettings(), period))
    assert not re.search(r"(?<!\\)<script", markdown)
    assert "| Ben \\<script\\>alert(1)\\</script\\> \\| x |" in markdown


# -- no server paths --------------------------------------------------------------------------


def server_paths(value, roots: tuple[str, ...]) -> list[str]:
    """Strings in a JSON value that name a file or folder of the server."""
    if isinstance(value, dict):
        return [found for item in value.values() for found in server_paths(item, roots)]
    if isinstance(value, list):
        return [found for item in value for found in server_paths(item, roots)]
    if isinstance(value, str) and (
        any(root in value for root in roots) or (len(value) > 1 and value.startswith("/") and Path(value).exists())
    ):
        return [value]
    return []


@pytest.mark.slow
def test_no_json_response_of_the_route_walk_names_a_server_path(app, maya, db):
    store = app.state.web.store
    observation = triage.decide(store, MAYA[0], support.ANA_DEMO, "discount_before_value", "confirmed", diagnosis="x")
    plan = triage.create_plan(
        store,
        MAYA[0],
        triage.PlanInput(observation, "Restate the value", date(2026, 12, 1), apply_date=date(2026, 12, 1)),
    )
    values = {
        "call_id": support.ANA_DEMO,
        "behaviour": "discount_before_value",
        "plan_id": str(plan),
        "rep_id": "rep_ana",
        "concern_id": "1",
    }
    roots = (str(ROOT), str(SAMPLES), str(db.parent), tempfile.gettempdir() + "/")
    walked = 0
    for method, path_format in endpoints(app):
        if (method, path_format) in {("POST", "/logout"), ("POST", "/login")}:
            continue
        path = fill(path_format, values)
        data = {**FORM, "csrf_token": maya.csrf, "observation_id": str(observation)} if method == "POST" else None
        response = maya.request(method, path, data=data, headers={"accept": "application/json"})
        if not response.headers.get("content-type", "").startswith("application/json"):
            continue
        found = server_paths(response.json(), roots)
        assert not found, f"{method} {path}: {found}"
        walked += 1
    assert walked >= 25
    moment = maya.get(f"/api/moments/{support.ANA_DEMO}/discount_before_value").json()
    assert moment["recording_available"] is True and moment["audio_url"] == f"/calls/{support.ANA_DEMO}/audio"
    assert "source_path" not in moment["finding"]
