"""Every route of the web app, found by walking the Starlette app (routes added later are covered
too), tried logged out and as the wrong manager; login throttling; Secure cookies over HTTPS.

Maya manages Ana and Ben, Omar manages Chloe. Every id in a route's path is filled with one of
Maya's objects; Omar must get a refusal, and no response may carry Maya's team's data.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.testclient import TestClient

from pipeline.coaching import triage
from pipeline.store import Store
from pipeline.web.app import WebOptions, create_app
from pipeline.web.auth import LoginThrottle, ThrottleLimits, hash_password
from tests.support.paths import ROOT
from tests.support.web import ANA_DEMO, MAYA, OMAR, copy_sample_database, token_in

BEHAVIOUR = "discount_before_value"
DIAGNOSIS = "Offered 15 percent before any value was agreed"
PLAN_TEXT = "Restate the value in the buyer's numbers before any price talk"
CONCERN = "Discounts given before value on stage-two deals"
# Pages anyone may open: the login form, logging out, the redirect home, the static files.
CHLOE = ("rep_chloe", "chloe-password-1")  # a rep's own login (read-only, her own pages)
PUBLIC = {("GET", "/login"), ("POST", "/login"), ("POST", "/logout"), ("GET", "/")}
FORM = {  # every field a form of the app might read, each naming Maya's objects
    "action": "confirm",
    "diagnosis": "x",
    "reason": "other",
    "note": "x",
    "alternative_behaviour": "x",
    "follow_up_date": "2026-12-01",
    "apply_date": "2026-11-20",
    "apply_to": "date",
    "apply_call_id": ANA_DEMO,
    "status": "practised",
    "happened_on": "2026-11-21",
    "outcome": "changed",
    "kind": "conversation_held",
    "behaviours": BEHAVIOUR,
    "behaviour": BEHAVIOUR,
    "rep_id": "rep_ana",
    "call_id": ANA_DEMO,
    "concern": "x",
    "evidence": "x",
    "standard": "x",
}


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> dict:
    """The database with Maya's decision, plan and concern, and the ids that name them."""
    db = copy_sample_database(tmp_path_factory.mktemp("access"))
    store = Store(db)
    triage.save_rep_account(store, CHLOE[0], "Chloe", hash_password(CHLOE[1]))  # a rep of Omar's team
    observation = triage.decide(store, MAYA[0], ANA_DEMO, BEHAVIOUR, "confirmed", diagnosis=DIAGNOSIS)
    plan = triage.create_plan(
        store, MAYA[0], triage.PlanInput(observation, PLAN_TEXT, date(2026, 12, 1), apply_date=date(2026, 11, 20))
    )
    with store.transaction() as con:
        concern = con.execute(
            "INSERT INTO performance_concerns (rep_id, manager_id, concern, evidence, standard)"
            " VALUES ('rep_ana', ?, ?, 'three of four demos', 'value before price') RETURNING concern_id",
            [MAYA[0], CONCERN],
        ).fetchone()[0]
        sql = "SELECT call_id FROM calls WHERE rep_id IN ('rep_ana', 'rep_ben')"
        maya_calls = [row[0] for row in con.execute(sql).fetchall()]
    values = {
        "call_id": ANA_DEMO,
        "behaviour": BEHAVIOUR,
        "plan_id": str(plan),
        "observation_id": str(observation),
        "concern_id": str(concern),
        "rep_id": "rep_ana",
    }
    # What Omar must never see: Maya's calls, reps and the words of her decisions.
    secrets = [*maya_calls, "rep_ana", "rep_ben", DIAGNOSIS, PLAN_TEXT, CONCERN]
    return {"db": db, "values": values, "secrets": secrets}


def make_app(db: Path, **options):
    return create_app(WebOptions(db_path=db, rules_dir=ROOT / "rules", lock_timeout_s=0.5, **options))


def client_for(app, base_url: str = "http://127.0.0.1") -> TestClient:
    return TestClient(app, base_url=base_url, follow_redirects=False)


def log_in(client: TestClient, account: tuple[str, str], address_headers: dict | None = None):
    page = client.get("/login")
    token = token_in(page.text)
    return client.post(
        "/login",
        data={"user_id": account[0], "password": account[1], "csrf_token": token},
        headers=address_headers or {},
    )


def endpoints(app) -> list[tuple[str, str]]:
    """(method, path format) of every route of the app, HEAD aside."""
    found = []
    for route in app.routes:
        if isinstance(route, Route):
            found += [(method, route.path_format) for method in sorted(route.methods or ()) if method != "HEAD"]
        else:
            # Only static files may be mounted (the app's own, and the report stylesheet under /static/reports).
            static = isinstance(route, Mount) and isinstance(route.app, StaticFiles)
            assert static and route.path.startswith("/static"), f"a route of a kind not walked: {route}"
    return found


PATH_ID = re.compile(r"{(\w+)(?::\w+)?}")


def fill(path_format: str, values: dict) -> str:
    return PATH_ID.sub(lambda match: values.get(match.group(1), "1"), path_format)


def digest(db: Path) -> dict[str, str]:
    """Every table's rows, as a fingerprint: a refused request changes none of them (the sessions
    aside: a visit has one, and its use is recorded)."""
    with Store(db).connect(read_only=True) as con:  # joins the app's open instance, if any
        tables = [
            row[0]
            for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
            if row[0] != "web_sessions"
        ]
        return {
            table: con.execute(
                f"SELECT count(*) || md5(coalesce(string_agg(CAST(t AS VARCHAR), '|' ORDER BY CAST(t AS VARCHAR)), ''))"
                f' FROM "{table}" t'
            ).fetchone()[0]
            for table in tables
        }


def assert_security_headers(response, where: str) -> None:
    policy = response.headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy, where
    assert "unsafe-inline" not in policy, where
    assert response.headers.get("x-content-type-options") == "nosniff", where
    assert response.headers.get("x-frame-options") == "DENY", where
    assert "camera=()" in response.headers.get("permissions-policy", ""), where
    assert "microphone=()" in response.headers.get("permissions-policy", ""), where
    assert response.headers.get("cross-origin-opener-policy") == "same-origin", where


def leaked(response, secrets: list[str], sent: str) -> list[str]:
    """Secrets in the response that the request did not carry itself (a form echoes what was typed)."""
    return [secret for secret in secrets if secret in response.text and secret not in sent]


def test_every_route_refuses_a_visitor_who_is_not_logged_in(world):
    app = make_app(world["db"])
    client = client_for(app)
    before = digest(world["db"])
    walked = 0
    for method, path_format in endpoints(app):
        path = fill(path_format, world["values"])
        data = {**FORM, "csrf_token": "x"} if method == "POST" else {}
        response = client.request(method, path, data=data or None)
        where = f"{method} {path} -> {response.status_code}"
        assert_security_headers(response, where)
        assert not leaked(response, world["secrets"], path + str(data)), where
        walked += 1
        if (method, path_format) in PUBLIC:
            continue
        if response.status_code == 303:
            assert response.headers["location"].startswith("/login"), where
        else:
            assert response.status_code in (401, 403), where
    assert walked >= 30  # the triage, coaching and rep routes were all found
    static = client.get("/static/" + next(p.name for p in (ROOT / "pipeline/web/static").iterdir() if p.is_file()))
    assert static.status_code == 200
    assert_security_headers(static, "static")
    assert digest(world["db"]) == before


@pytest.mark.parametrize("account", [OMAR, CHLOE], ids=["other-manager", "other-team-rep"])
def test_every_route_refuses_the_wrong_user_and_shows_nothing_of_the_other_team(world, account):
    app = make_app(world["db"])
    client = client_for(app)
    landing = log_in(client, account)
    assert landing.status_code == 303
    home = client.get(landing.headers["location"])  # the queue, or the rep's own page
    token = token_in(home.text)
    before = digest(world["db"])
    walked = 0
    for method, path_format in endpoints(app):
        if (method, path_format) in PUBLIC:
            continue
        path = fill(path_format, world["values"])
        data = {**FORM, "csrf_token": token, "observation_id": world["values"]["observation_id"]}
        response = client.request(method, path, data=data if method == "POST" else None)
        where = f"{method} {path} -> {response.status_code}"
        assert_security_headers(response, where)
        sent = path + (str(data) if method == "POST" else "")
        assert not leaked(response, world["secrets"], sent), f"{where}: {leaked(response, world['secrets'], sent)}"
        if "{" in path_format or method == "POST":  # it names one of Maya's objects
            # refused, or sent elsewhere (a rep's own page sends a manager back to the queue); a path
            # id this walk cannot fill (a route added later) may also be refused as malformed
            refusals = (
                (303, 403, 404)
                if set(PATH_ID.findall(path_format)) <= set(world["values"])
                else (303, 400, 403, 404, 422)
            )
            assert response.status_code in refusals, where
            assert response.status_code != 303 or response.headers["location"] != path, where
        walked += 1
    assert walked >= 25
    assert digest(world["db"]) == before  # not one write went through
    session = client.get("/api/me" if account is CHLOE else "/api/session")
    assert session.status_code == 200  # still logged in: the walk was refused, not reset
    maya = client_for(app)
    log_in(maya, MAYA)
    assert maya.get(fill("/moments/{call_id}/{behaviour}", world["values"])).status_code == 200  # the ids are real


OFFICE, HOME, ATTACKER = ({"x-forwarded-for": a} for a in ("203.0.113.9", "198.51.100.7", "192.0.2.66"))


def test_failed_logins_slow_the_account_from_that_address_with_a_clear_message_and_retry_after(world):
    limits = ThrottleLimits(free_failures=2, first_delay_s=600)
    app = make_app(world["db"], login_limits=limits, trust_proxy=True)
    client = client_for(app)
    for _ in range(2):
        assert log_in(client, (MAYA[0], "wrong-password-1"), ATTACKER).status_code == 401
    refused = log_in(client, MAYA, ATTACKER)  # the right password too, during the wait
    assert refused.status_code == 429
    assert "Too many failed logins for this account from your address" in refused.text
    assert 590 < int(refused.headers["retry-after"]) <= 600
    assert client.get("/api/session").status_code == 401
    assert log_in(client_for(app), MAYA, HOME).status_code == 303  # Maya elsewhere is not locked out
    assert log_in(client_for(app), OMAR, ATTACKER).status_code == 303  # nor another account from there


def test_one_attacker_on_one_account_does_not_lock_out_a_team_behind_one_address(world):
    app = make_app(world["db"], trust_proxy=True)  # the default limits
    attacker = client_for(app)
    answers = [log_in(attacker, (MAYA[0], f"guess-number-{n}"), OFFICE).status_code for n in range(40)]
    assert answers[:3] == [401, 401, 401] and answers.count(429) >= 30  # slowed at once, not let through
    assert log_in(client_for(app), OMAR, OFFICE).status_code == 303  # the rest of the office logs in
    assert log_in(client_for(app), MAYA, HOME).status_code == 303  # and Maya from home


def test_failed_logins_are_limited_per_client_address(world):
    app = make_app(world["db"], login_limits=ThrottleLimits(per_address=3), trust_proxy=True)
    for name in ("mgr_a", "mgr_b", "mgr_c"):
        assert log_in(client_for(app), (name, "guess-guess-1"), ATTACKER).status_code == 401
    refused = log_in(client_for(app), OMAR, ATTACKER)
    assert refused.status_code == 429 and "from your network address" in refused.text
    assert int(refused.headers["retry-after"]) > 800
    assert log_in(client_for(app), OMAR, HOME).status_code == 303


def test_the_delays_grow_with_each_failure_and_are_forgotten_on_success_or_after_the_window():
    now = [1000.0]
    limits = ThrottleLimits(free_failures=2, first_delay_s=1, max_delay_s=8, per_address=1000, window_s=60)
    throttle = LoginThrottle(limits, clock=lambda: now[0])
    waits = []
    for _ in range(7):
        throttle.failed("Maya", "10.0.0.1")
        refused = throttle.retry_after("maya", "10.0.0.1")  # user ids are compared without case
        waits.append(refused[1] if refused else 0)
        now[0] += waits[-1]
    assert waits == [0, 1, 2, 4, 8, 8, 8]  # doubling, up to the cap
    assert throttle.retry_after("maya", "10.0.0.2") is None  # another address is not slowed
    assert throttle.retry_after("omar", "10.0.0.1") is None  # nor another account
    throttle.succeeded("maya", "10.0.0.1")
    assert throttle.retry_after("maya", "10.0.0.1") is None
    for _ in range(3):
        throttle.failed("maya", "10.0.0.1")
    assert throttle.retry_after("maya", "10.0.0.1") == ("account", 2)
    now[0] += 2 + 60 + 1  # the delay and the window of quiet: forgotten
    throttle.failed("maya", "10.0.0.1")
    assert throttle.retry_after("maya", "10.0.0.1") is None


def test_an_ipv6_client_is_counted_by_its_64():
    throttle = LoginThrottle(ThrottleLimits(free_failures=1, first_delay_s=30), clock=lambda: 0.0)
    throttle.failed("maya", "2001:db8:1:2::1")
    assert throttle.retry_after("maya", "2001:db8:1:2:ffff::9") == ("account", 30)
    assert throttle.retry_after("maya", "2001:db8:1:3::1") is None


@pytest.mark.parametrize(
    ("base_url", "options", "headers", "secure", "https"),
    [
        ("http://127.0.0.1", {}, {}, False, False),
        ("https://127.0.0.1", {}, {}, True, True),
        ("http://127.0.0.1", {"trust_proxy": True}, {"x-forwarded-proto": "https"}, True, True),
        ("http://127.0.0.1", {}, {"x-forwarded-proto": "https"}, False, False),  # an untrusted header: ignored
        ("http://127.0.0.1", {"secure_cookies": "always"}, {}, True, False),
        ("https://127.0.0.1", {"secure_cookies": "never"}, {}, False, True),
    ],
)
def test_the_session_cookie_is_secure_when_served_over_https(world, base_url, options, headers, secure, https):
    client = client_for(make_app(world["db"], **options), base_url)
    response = client.get("/login", headers=headers)
    cookie = response.headers["set-cookie"]
    assert "coachloop_session=" in cookie and "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()
    assert ("; Secure" in cookie) is secure
    assert ("strict-transport-security" in response.headers) is https


def test_a_save_when_the_disk_is_nearly_full_says_so_and_writes_nothing(world):
    app = make_app(world["db"])
    client = client_for(app)
    log_in(client, MAYA)
    token = client.get("/api/session").json()["csrf_token"]
    # The database's folder now has less free space than the margin the store keeps.
    free_mb = shutil.disk_usage(world["db"].parent).free / 2**20
    app.state.web.store.settings = replace(app.state.web.store.settings, min_free_mb=free_mb * 2)
    before = digest(world["db"])
    response = client.post(
        "/api/moments/c-2026-11-03-0002/budget_before_demo/decision",
        data={"action": "strength", "csrf_token": token},
    )
    assert response.status_code == 507 and "disk is (nearly) full" in response.json()["error"]
    assert_security_headers(response, "507")
    assert digest(world["db"]) == before
