"""The rep's read-only role: a rep logs in with their own account and sees their own diagnoses,
plans and call reviews, nothing of another rep, and no manager page or action (every route of
the app is walked, so a route added later is covered too).
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from starlette.routing import Route

from pipeline.coaching import concerns, triage
from tests.support import webapp as support
from tests.support.cli import coachloop, run_cli

ANA_DIAGNOSIS = "When the buyer asked about terms at 01:00, you offered 15% off before restating his costs."
BEN_DIAGNOSIS = "BEN ONLY: at 00:15 you took 20 percent off at the first push."
WRITES = (
    "observations",
    "coaching_plans",
    "coaching_plan_events",
    "rep_focus_events",
    "performance_concerns",
    "performance_concern_events",
    "users",
)


@pytest.fixture
def world(app) -> dict:
    """Maya's decisions on Ana's and Ben's calls, a plan for Ana, a concern about Ana."""
    store = app.state.web.store
    ana_obs = triage.decide(
        store, "mgr_maya", support.ANA_DEMO, "discount_before_value", "confirmed", diagnosis=ANA_DIAGNOSIS
    )
    triage.decide(
        store, "mgr_maya", support.BEN_NEGOTIATION, "discount_before_value", "confirmed", diagnosis=BEN_DIAGNOSIS
    )
    plan_id = triage.create_plan(
        store,
        "mgr_maya",
        triage.PlanInput(
            ana_obs,
            "Restate the hours lost, then hold the price once.",
            date(2026, 12, 5),
            apply_date=date(2026, 12, 1),
        ),
    )
    with store.transaction() as con:
        concern_id = con.execute(
            "INSERT INTO performance_concerns (rep_id, manager_id, concern, evidence, standard, expectation)"
            " VALUES ('rep_ana', 'mgr_maya', 'Discounts before value', 'two of two', 'value first',"
            " 'Value in his numbers before any price talk.') RETURNING concern_id"
        ).fetchone()[0]
    return {
        "call_id": support.ANA_DEMO,
        "behaviour": "discount_before_value",
        "plan_id": str(plan_id),
        "rep_id": "rep_ana",
        "concern_id": str(concern_id),
    }


@pytest.fixture
def ana(app):
    return support.logged_in(app, "rep_ana")


def counts(app) -> dict[str, int]:
    store = app.state.web.store
    return {table: store.rows(f"SELECT count(*) AS n FROM {table}")[0]["n"] for table in WRITES}


def test_a_rep_logs_in_to_their_own_page(app, world):
    client = support.client_for(app)
    token = support.token_in(client.get("/login").text)
    response = client.post(
        "/login",
        data={"user_id": "rep_ana", "password": support.ANA[1], "csrf_token": token, "next": "/queue"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/me"
    page = client.get("/me").text
    assert "My coaching" in page and 'href="/queue"' not in page and 'href="/coaching"' not in page
    assert client.get("/login", follow_redirects=False).headers["location"] == "/me"


def test_the_rep_sees_their_diagnoses_plans_and_reviews_and_nothing_of_another_rep(ana, world):
    page = ana.get("/me").text
    assert "you offered 15% off before restating his costs." in page
    assert "Restate the hours lost, then hold the price once." in page
    assert f'href="/me/reviews/{support.ANA_DEMO}"' in page
    assert "BEN ONLY" not in page and "20 percent off" not in page and "rep_ben" not in page
    assert "Discounts before value" not in page  # a concern is the manager's preparation until it is held
    mine = ana.get("/api/me").json()
    assert {row["call_id"] for row in mine["diagnoses"]} == {support.ANA_DEMO}
    assert [row["rep_id"] for row in mine["reviewed"]] == ["rep_ana"]
    assert all(plan["behaviour"] == "discount_before_value" for plan in mine["plans"])

    review = ana.get(f"/me/reviews/{support.ANA_DEMO}")
    assert review.status_code == 200 and "15 percent off the first year" in review.text
    assert "/plans/new" not in review.text and "/moments/" not in review.text  # no manager links
    markdown = ana.get(f"/me/reviews/{support.ANA_DEMO}.md")
    assert markdown.status_code == 200 and "attachment" in markdown.headers["content-disposition"]
    for path in (
        f"/me/reviews/{support.BEN_NEGOTIATION}",
        f"/me/reviews/{support.BEN_NEGOTIATION}.md",
        f"/api/me/reviews/{support.CHLOE_BAYVIEW}",
    ):
        assert ana.get(path).status_code == 404


def test_every_manager_route_and_every_write_refuses_a_rep(app, world, ana):
    before = counts(app)
    walked = 0
    for route in app.routes:
        if not isinstance(route, Route):
            continue
        path = re.sub(r"{(\w+)}", lambda match: world.get(match.group(1), "1"), route.path_format)
        if path.startswith(("/me", "/api/me")) or path in ("/logout", "/login", "/"):
            continue
        if re.match(r"(/api)?/reports/rep_ana(/|$)", path):  # the rep's own report: tested below
            continue
        for method in sorted(set(route.methods or ()) - {"HEAD"}):
            fields = {"csrf_token": ana.csrf, "action": "confirm", "diagnosis": "x", "focus:budget_before_demo": "1"}
            response = ana.request(method, path, data=fields if method == "POST" else None, follow_redirects=False)
            assert response.status_code == 403, f"{method} {path} -> {response.status_code}"
            assert "BEN ONLY" not in response.text and ANA_DIAGNOSIS not in response.text
            walked += 1
    assert walked >= 25
    assert counts(app) == before
    assert ana.get("/api/me").status_code == 200  # refused, not logged out


def test_a_concern_reaches_the_rep_once_the_conversation_was_held(app, world, ana):
    store = app.state.web.store
    assert "What we agreed" not in ana.get("/me").text
    # the manager's report lists the concern in preparation; the rep's copy does not, yet
    maya = support.logged_in(app, "mgr_maya")
    assert "Discounts before value" in maya.get("/reports/rep_ana/report.md").text
    assert "Discounts before value" not in ana.get("/reports/rep_ana/report.md").text
    concerns.record_event(store, "mgr_maya", int(world["concern_id"]), "conversation_held", date(2026, 11, 30))
    assert "Discounts before value" in ana.get("/reports/rep_ana/report.md").text
    page = ana.get("/me").text
    assert 'id="my-expectations"' in page and "Value in his numbers before any price talk." in page
    assert "talked about 30 Nov 2026" in page
    assert [row["concern_id"] for row in ana.get("/api/me").json()["expectations"]] == [int(world["concern_id"])]


def test_the_rep_opens_their_own_report_and_no_other(ana, world):
    assert 'href="/reports/rep_ana" id="my-report"' in ana.get("/me").text
    for path in ("/reports/rep_ana", "/api/reports/rep_ana", "/reports/rep_ana/report.md"):
        assert ana.get(path).status_code == 200, path
    for path in ("/reports", "/reports/rep_ben", "/api/reports/rep_ben", "/reports/rep_chloe/report.md"):
        response = ana.get(path, follow_redirects=False)
        assert response.status_code in (403, 404), path
        assert "BEN ONLY" not in response.text and "rep_ben" not in response.text.replace(path, "")


def test_a_manager_on_a_rep_page_is_sent_to_the_coaching_page_and_a_visitor_to_the_login(app, world):
    maya = support.logged_in(app, "mgr_maya")
    response = maya.get("/me", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/coaching"
    visitor = support.client_for(app)
    assert visitor.get("/me", follow_redirects=False).headers["location"].startswith("/login?next=")
    assert visitor.get("/api/me").status_code == 401


def test_a_new_password_ends_the_rep_s_sessions(app, db, ana):
    assert ana.get("/api/me").status_code == 200
    coachloop(
        "users",
        "add",
        "--rep",
        "rep_ana",
        "--name",
        "Ana",
        "--password-stdin",
        "--db",
        str(db),
        stdin="a-new-password-9",
    )
    assert ana.get("/api/me").status_code == 401


def test_rep_accounts_need_a_known_rep_and_are_listed_with_their_role(db):
    unknown = run_cli(
        "users",
        "add",
        "--rep",
        "rep_ghost",
        "--name",
        "G",
        "--password-stdin",
        "--db",
        str(db),
        stdin="long-enough-password",
    )
    assert unknown.returncode != 0 and "no rep rep_ghost" in unknown.stderr
    both = run_cli(
        "users",
        "add",
        "--rep",
        "rep_ben",
        "--manager",
        "m",
        "--name",
        "B",
        "--password-stdin",
        "--db",
        str(db),
        stdin="long-enough-password",
    )
    assert both.returncode != 0 and "not allowed with argument" in both.stderr
    listing = coachloop("users", "list", "--db", str(db)).stdout
    assert re.search(r"rep_ana\s+│\s+rep\s+│\s+Ana", listing)
