"""The app on a phone and the queue's search and paging, in headless Chromium (Playwright driving
/usr/bin/chromium) against a real `coachloop serve`: at 390 px wide the queue, a moment, the
coaching pages and the reports are no wider than the screen, the bar's links (Reports, Log out)
are on screen, and the performance-conversation form fits. Screenshots go to the test's tmp_path.

The sample calls give Maya 23 moments; four more calls of Ana and Ben (the sample transcripts
again under new ids, loaded by the real `coachloop run`) take the queue past one page of 25.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.support.browser import log_in_page, serving
from tests.support.cli import coachloop
from tests.support.paths import SAMPLES
from tests.support.web import MAYA, copy_sample_database, sample_database

pytestmark = pytest.mark.slow

PHONE = {"width": 390, "height": 844}
MORE_CALLS = ("ana-demo-oakridge", "ana-negotiation-lakeside", "ben-demo-harbor", "ben-negotiation-summit")


def add_calls(db, folder) -> None:
    """The sample transcripts of MORE_CALLS again, a week later, under new call ids."""
    inbox = folder / "more"
    inbox.mkdir()
    for number, name in enumerate(MORE_CALLS):
        transcript = json.loads((SAMPLES / "transcripts" / f"{name}.json").read_text())
        transcript.pop("recording", None)
        transcript["call_id"] = f"c-2026-11-2{number}-01{number}"
        transcript["started_at"] = f"2026-11-2{number}T10:00:00Z"
        (inbox / f"{name}-again.json").write_text(json.dumps(transcript))
    rules = sample_database().parent / "rules"  # the pattern-only rules the sample database was built with
    coachloop(
        "run", "--inbox", str(inbox), "--db", str(db), "--roster", str(SAMPLES / "team.yaml"), "--rules", str(rules)
    )


@pytest.fixture
def server(tmp_path):
    db = copy_sample_database(tmp_path / "db")
    add_calls(db, tmp_path)
    with serving(db, tmp_path / "serve.log") as running:
        yield running


def fits(page) -> None:
    """No horizontal scrolling, and the bar's links inside the screen."""
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"
    for name in ("Queue", "Coaching", "Reports", "Log out"):
        link = page.locator(f"header.top :is(a, button):text-is('{name}')")
        box = link.bounding_box()
        assert link.is_visible() and box is not None, f"{name} is not shown on {page.url}"
        assert 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"], f"{name} is off screen on {page.url}"


def test_every_page_a_manager_decides_on_fits_a_phone(server, browser, tmp_path):
    from playwright.sync_api import expect

    page = browser.new_context(viewport=PHONE).new_page()
    page.set_default_timeout(15_000)
    log_in_page(page, server.url, MAYA)
    pages = {
        "queue": "/queue",
        "moment": "/moments/c-2026-11-10-0007/discount_before_value",
        "coaching": "/coaching",
        "coaching-rep": "/coaching/reps/rep_ana",
        "conversation": "/coaching/reps/rep_ben/concerns/new?behaviour=next_step_date_owner",
        "plans": "/plans",
        "reports": "/reports",
        "report": "/reports/rep_ana",
    }
    for name, path in pages.items():
        page.goto(server.url + path)
        expect(page.locator("main")).to_be_visible()
        page.screenshot(path=str(tmp_path / f"{name}-390.png"), full_page=True)
        fits(page)
    # The performance-conversation form fits inside the screen, field by field.
    page.goto(server.url + pages["conversation"])
    form = page.locator("#concern-form").bounding_box()
    assert form["x"] >= 0 and form["x"] + form["width"] <= PHONE["width"]
    for field in ("#concern", "#evidence", "#follow_up_date", "#concern-save"):
        box = page.locator(field).bounding_box()
        assert box["x"] + box["width"] <= PHONE["width"], f"{field} runs off the screen"
    # Reports and Log out work from the phone's bar.
    page.click("header.top a:text-is('Reports')")
    expect(page).to_have_url(f"{server.url}/reports")
    page.click("header.top button:text-is('Log out')")
    expect(page).to_have_url(f"{server.url}/login")
    assert (tmp_path / "queue-390.png").stat().st_size > 10_000


def test_search_and_paging_in_the_queue(server, browser, tmp_path):
    from playwright.sync_api import expect

    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    log_in_page(page, server.url, MAYA)

    # More than one page: 25 rows, the counts, and the next page holds the rest.
    summary = page.locator("#queue-summary")
    expect(summary).to_contain_text("1–25 of ")
    total = int(re.search(r"of (\d+) moments", summary.inner_text()).group(1))
    assert total > 25
    assert page.locator(".queue-row").count() == 25
    first_page = page.locator(".queue-row a").evaluate_all("rows => rows.map(a => a.getAttribute('href'))")
    page.click("#page-next")
    expect(summary).to_contain_text(f"26–{total} of {total} moments")
    assert page.locator(".queue-row").count() == total - 25
    second_page = page.locator(".queue-row a").evaluate_all("rows => rows.map(a => a.getAttribute('href'))")
    assert not set(first_page) & set(second_page)
    page.screenshot(path=str(tmp_path / "queue-page-2.png"), full_page=True)
    page.click("#page-previous")
    expect(summary).to_contain_text("1–25 of ")

    # Search the words said: Ana's "15 percent off" in both her demo calls, nothing else.
    page.fill("#queue-search", "15 percent")
    page.click("#filters button[type=submit]")
    expect(summary).to_contain_text("2 moments to triage matching “15 percent”")
    for quote in page.locator(".queue-row .quote").all_inner_texts():
        assert "15 percent" in quote
    expect(page.locator("#pager")).to_have_count(0)
    # By behaviour label and by rep name.
    page.fill("#queue-search", "ROI in the buyer")
    page.click("#filters button[type=submit]")
    behaviours = page.locator(".queue-row .behaviour").all_inner_texts()
    assert behaviours and all(behaviour.startswith("ROI in the buyer's numbers") for behaviour in behaviours)
    page.fill("#queue-search", "Ben")
    page.click("#filters button[type=submit]")
    heads = page.locator(".call-head").all_inner_texts()
    assert heads and all(head.startswith("Ben's ") for head in heads)
    page.screenshot(path=str(tmp_path / "queue-search.png"), full_page=True)
