"""What people read in the app: names instead of ids, one date format, the queue's search and
pages, each rep's weekly gap rate, a confirmation before closing a concern, and a rep playing
their own calls. Over the sample database (tests/support/webapp.py): Maya manages Ana and Ben.
"""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from pipeline.coaching import concerns, triage
from pipeline.coaching.trend import team_trends
from pipeline.web.app import WebOptions, create_app
from tests.support import webapp as support
from tests.support.paths import ROOT, SAMPLES

ANA_DEMO = support.ANA_DEMO
ISO_DATE = re.compile(r"\b20\d\d-\d\d-\d\d\b")
LONG_DATE = re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d \w{3} 20\d\d\b")


def shown(page: str) -> str:
    """The text a person reads: the body without tags, scripts and attribute values."""
    body = page[page.index("<body") :]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def open_concern(maya, rep_id: str = "rep_ben", behaviour: str = "next_step_date_owner") -> int:
    draft = maya.get(f"/api/coaching/reps/{rep_id}/concerns/new?behaviour={behaviour}").json()
    fields = {key: draft[key] for key in ("concern", "evidence", "standard", "behaviour_gap", "expectation")}
    fields |= {"behaviour": behaviour, "follow_up_date": "2026-12-14", "follow_up_review": "the next four calls"}
    response = support.post(maya, f"/coaching/reps/{rep_id}/concerns", **fields)
    assert response.status_code == 200, response.text
    return response.json()["concern_id"]


# -- names and dates --------------------------------------------------------------------------


def test_pages_name_people_calls_and_behaviours_in_words(maya):
    decided = support.decide(maya, ANA_DEMO, "discount_before_value", diagnosis="At 01:00 you offered 15% off.")
    assert decided.json()["saved"]
    flash = shown(maya.get("/queue").text)
    assert "Confirmed: Discount before value on Ana's demo call, 10 Nov 2026." in flash
    assert ANA_DEMO not in flash

    moment = shown(maya.get(f"/moments/{ANA_DEMO}/discount_before_value").text)
    assert "Ana's demo call, 10 Nov 2026 at 15:30" in moment
    assert re.search(r"Confirmed by Maya, \d{1,2} [A-Z][a-z]{2} 20\d\d, \d\d:\d\d", moment)  # by name, then when
    assert "Found by rule: gap" in moment
    assert "skill: Negotiation · Oakridge Properties (deal d-1007, evaluation)" in moment
    for raw in ("mgr_maya", "rep_ana", "discount_before_value", "@2", "patterns-only", ANA_DEMO):
        assert raw not in moment, raw

    queue = shown(maya.get("/queue?status=all").text)
    assert "ROI in the buyer's numbers" in queue and "Roi" not in queue
    # The deal by its account after the call, its id as detail.
    assert "Ben's negotiation call, 6 Nov 2026 · Summit Cleaning (deal d-1005)" in queue
    for raw in ("rep_ana", "rep_ben", "next_step", "buying_committee_asked", "c-2026-"):
        assert raw not in queue, raw


def test_one_date_format_on_every_page(maya, app):
    support.decide(maya, ANA_DEMO, "discount_before_value", diagnosis="At 01:00 you offered 15% off.")
    concern_id = open_concern(maya)
    paths = [
        "/queue?status=all",
        f"/moments/{ANA_DEMO}/discount_before_value",
        "/coaching",
        "/coaching/reps/rep_ben",
        "/coaching/reps/rep_ben/concerns/new?behaviour=next_step_date_owner",
        f"/concerns/{concern_id}",
        f"/calls/{ANA_DEMO}/review",
        "/plans",
    ]
    for path in paths:
        text = shown(maya.get(path).text)
        assert not ISO_DATE.search(text), (path, ISO_DATE.search(text).group())
        assert not LONG_DATE.search(text), (path, LONG_DATE.search(text).group())
    concern = shown(maya.get(f"/concerns/{concern_id}").text)
    assert "14 Dec 2026: the next four calls" in concern and "Raised by Maya" in concern


def test_reports_plans_and_downloads_name_the_account_and_use_one_date_format(maya):
    """A plan applied on a deal, inspected: the plan page, the reports, their downloads and the review
    name the deal by its account and every date as "2 Dec 2026"."""
    observation = support.decide(maya, ANA_DEMO, "discount_before_value", diagnosis="At 01:00 you offered 15% off.")
    fields = {"alternative_behaviour": "Restate the hours lost first.", "follow_up_date": "2026-12-05"}
    fields |= {"apply_to": "deal", "apply_deal_id": "d-1007"}
    plan = support.post(maya, "/plans", observation_id=str(observation.json()["observation_id"]), **fields)
    assert plan.status_code == 200, plan.text
    plan_id = plan.json()["plan_id"]
    for status in ("practised", "applied"):
        assert support.post(maya, f"/plans/{plan_id}/status", status=status, happened_on="2026-11-20").json()["saved"]
    inspected = {"status": "inspected", "happened_on": "2026-11-21", "outcome": "changed", "confirm": "1"}
    assert support.post(maya, f"/plans/{plan_id}/status", **inspected).json()["saved"]

    plan_page = shown(maya.get(f"/plans/{plan_id}").text)
    assert "the next call on Oakridge Properties (deal d-1007)" in plan_page
    assert "Inspected on 21 Nov 2026 by Maya: behaviour changed." in plan_page
    team = shown(maya.get("/reports").text)
    assert "Team roll-up: Maya" in team and "mgr_maya" not in team
    report = maya.get("/reports/rep_ana/report.md").text
    assert "apply on the next call on Oakridge Properties (deal d-1007)" in report
    for path in ("/reports", "/reports/rep_ana", f"/plans/{plan_id}", "/plans"):
        text = shown(maya.get(path).text)
        assert not ISO_DATE.search(text), (path, ISO_DATE.search(text).group())
    for name, text in (("report.md", report), ("review.md", maya.get(f"/calls/{ANA_DEMO}/review.md").text)):
        assert not ISO_DATE.search(text), (name, ISO_DATE.search(text).group())
    assert "Oakridge Properties (deal d-1007)" in maya.get(f"/calls/{ANA_DEMO}/review.md").text


def test_gap_and_strength_badges_differ_in_words_mark_and_style(maya):
    page = maya.get("/queue?status=all").text
    assert '<span class="badge kind-gap"><span aria-hidden="true">▲ </span>Gap</span>' in page
    assert '<span class="badge kind-strength"><span aria-hidden="true">✓ </span>Strength</span>' in page
    css = (ROOT / "pipeline" / "web" / "static" / "app.css").read_text()
    # `.badge.kind-…` outranks the report stylesheet's grey `.badge`, which base.html loads after app.css
    assert ".badge.kind-gap {" in css and ".badge.kind-strength" in css


# -- search and pages -------------------------------------------------------------------------


@pytest.fixture
def small_pages(db):
    """The app with five moments to a page of the queue."""
    options = WebOptions(db_path=db, rules_dir=ROOT / "rules", recordings_dir=SAMPLES / "recordings", queue_page_size=5)
    return support.logged_in(create_app(options), "mgr_maya")


def test_the_queue_comes_in_pages_with_counts(small_pages):
    first = small_pages.get("/api/queue?status=all").json()
    assert first["page"] == 1 and first["per_page"] == 5 and len(first["items"]) == 5
    total, pages = first["total"], first["pages"]
    assert total > 10 and pages == -(-total // 5)
    everything = []
    for number in range(1, pages + 1):
        page = small_pages.get(f"/api/queue?status=all&page={number}").json()
        assert page["total"] == total and page["page"] == number
        everything += [item["url"] for item in page["items"]]
    assert len(everything) == total == len(set(everything))  # every moment once, none twice
    past_the_end = small_pages.get(f"/api/queue?status=all&page={pages + 1}").json()
    assert past_the_end["items"] == [] and past_the_end["total"] == total

    second = small_pages.get("/queue?status=all&page=2").text
    assert f"6–10 of {total} moments" in shown(second)
    assert 'href="/queue?status=all&amp;page=1"' in second and 'href="/queue?status=all&amp;page=3"' in second
    assert second.count('class="queue-row"') == 5
    assert small_pages.get("/queue?page=abc").status_code == 200  # a bad page number is page 1


def test_search_matches_the_words_said_the_rep_the_deal_and_the_behaviour(maya):
    def found(query: str) -> list[dict]:
        return maya.get("/api/queue", params={"status": "all", "q": query}).json()["items"]

    said = found("15 PERCENT")
    assert [(item["call_id"], item["behaviour"]) for item in said] == [(ANA_DEMO, "discount_before_value")]
    assert {item["rep_id"] for item in found("ben")} == {"rep_ben"}
    assert {item["deal_id"] for item in found("d-1007")} == {"d-1007"}
    assert {item["deal_id"] for item in found("oakridge prop")} == {"d-1007"}  # the deal's account
    assert {item["behaviour"] for item in found("roi in the buyer")} == {"roi_in_buyer_numbers"}
    assert found("%") == [] and found("nothing anybody said") == []  # no wildcard, no match
    page = shown(maya.get("/queue?status=all&q=15+percent").text)
    assert "1–1 of 1 moment matching “15 percent”" in page


def test_search_stays_within_the_team(omar):
    assert omar.get("/api/queue", params={"status": "all", "q": "15 percent"}).json()["items"] == []


# -- each rep's trend -------------------------------------------------------------------------


def test_each_rep_s_weekly_gap_rate_is_shown_where_the_manager_decides(maya, app):
    store = app.state.web.store
    trends = team_trends(store, "mgr_maya")
    assert set(trends) == {"rep_ana", "rep_ben"}
    # Ana's latest week (9 Nov) from the raw findings: gap findings over findings that applied.
    raw = store.rows(
        "SELECT count(*) FILTER (WHERE verdict = 'gap') AS gaps, count(*) FILTER (WHERE verdict <> 'not_applicable')"
        " AS applicable FROM findings JOIN calls USING (call_id) WHERE rep_id = 'rep_ana'"
        " AND started_at >= DATE '2026-11-09' AND started_at < DATE '2026-11-16'"
    )[0]
    latest = trends["rep_ana"].latest
    assert latest.week_start == date(2026, 11, 9)
    assert (latest.gap_calls, latest.applicable_calls) == (raw["gaps"], raw["applicable"])
    assert len(trends["rep_ana"].weeks) == 8 and trends["rep_ana"].weeks[0].gap_rate is None  # no calls that week

    # People read a week as its Monday; the ISO week is only the data attribute scripts read.
    words = f"{latest.gap_rate:.0%} gaps in the week of 9 Nov 2026"
    queue = maya.get("/queue").text
    assert 'id="queue-trends"' in queue and queue.count('<svg class="sparkline"') == 2 and words in shown(queue)
    assert '<span class="trend-latest" data-week="2026-W46">' in queue
    coaching = maya.get("/coaching").text
    assert coaching.count('<svg class="sparkline"') == 2 and words in shown(coaching)
    rep_page = maya.get("/coaching/reps/rep_ana").text
    assert f"week of 9 Nov 2026: {latest.gap_rate:.0%}" in shown(rep_page)
    assert "week of 21 Sep 2026: no calls" in shown(rep_page)  # a week where nothing applied
    hover = re.search(r'<span class="trend" data-rep="rep_ana" title="([^"]+)"', rep_page).group(1)
    assert f"week of 9 Nov 2026: {latest.gap_rate:.0%}" in hover
    for page in (queue, coaching, rep_page):
        assert not re.search(r"\bW\d\d\b", shown(page) + hover)


# -- confirmations ----------------------------------------------------------------------------


def test_closing_a_concern_needs_a_confirmation_that_works_without_script(maya, app):
    concern_id = open_concern(maya)
    page = maya.get(f"/concerns/{concern_id}").text
    assert re.search(r'<input type="checkbox" name="confirm" value="1" id="close-confirm" required>', page)

    unconfirmed = support.post(maya, f"/concerns/{concern_id}/events", kind="closed", happened_on="2026-12-01")
    assert unconfirmed.status_code == 422 and "cannot be reopened" in unconfirmed.json()["error"]
    as_form = support.post(maya, f"/concerns/{concern_id}/events", api=False, kind="closed", happened_on="2026-12-01")
    assert as_form.status_code == 422 and "Yes, close it for good" in shown(as_form.text)
    assert not concerns.concern(app.state.web.store, "mgr_maya", concern_id)["closed"]

    confirmed = support.post(
        maya, f"/concerns/{concern_id}/events", kind="closed", happened_on="2026-12-01", confirm="1"
    )
    assert confirmed.json()["saved"]
    assert concerns.concern(app.state.web.store, "mgr_maya", concern_id)["closed"]


# -- a rep's own recordings -------------------------------------------------------------------


@pytest.fixture
def ana(app):
    triage.decide(
        app.state.web.store, "mgr_maya", ANA_DEMO, "discount_before_value", "confirmed", diagnosis="At 01:00 …"
    )
    return support.logged_in(app, "rep_ana")


def test_a_rep_plays_their_own_calls_and_no_other(ana, app):
    page = ana.get("/me").text
    assert f'src="/me/calls/{ANA_DEMO}/audio#t=60.47"' in page
    audio = ana.get(f"/me/calls/{ANA_DEMO}/audio", headers={"Range": "bytes=0-99"})
    assert audio.status_code == 206 and audio.headers["content-type"] == "audio/ogg" and len(audio.content) == 100

    for other in (support.BEN_NEGOTIATION, support.CHLOE_BAYVIEW, "c-no-such-call", "..%2F..%2Fetc%2Fpasswd"):
        assert ana.get(f"/me/calls/{other}/audio").status_code == 404, other
    assert ana.get(f"/calls/{ANA_DEMO}/audio").status_code == 403  # the managers' route stays closed to reps

    urls = ana.get("/api/me").json()["audio_urls"]
    assert urls[ANA_DEMO] == f"/me/calls/{ANA_DEMO}/audio"
    assert str(SAMPLES) not in ana.get("/api/me").text and str(SAMPLES) not in page  # never a server path
    visitor = support.client_for(app)
    assert visitor.get(f"/me/calls/{ANA_DEMO}/audio", follow_redirects=False).status_code == 303
    maya = support.logged_in(app, "mgr_maya")
    assert maya.get(f"/me/calls/{ANA_DEMO}/audio", follow_redirects=False).status_code == 303  # a rep's route
