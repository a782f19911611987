"""The loop's repeat and undo end to end in headless Chromium against a real `coachloop serve`:
undoing a confirmation or a dismissal gives the form back with the manager's own wording, and a
plan inspected "not yet" goes back to practice as cycle 2 with its own apply-on target, the
first cycle kept on the plan page and in the rep's report. Screenshots go to test-artifacts/loop/.
"""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.coaching.wording import day
from tests.support.browser import chromium, log_in_page, serving
from tests.support.paths import ROOT
from tests.support.web import ANA_DEMO, MAYA, copy_sample_database

pytestmark = pytest.mark.slow

ARTIFACTS = ROOT / "test-artifacts" / "loop"
MOMENT = f"/moments/{ANA_DEMO}/discount_before_value"
EDITED = "At 01:00 you offered 15 percent off before asking what a month of delay costs them."
DISMISS_TEXT = "At 01:00 the buyer raised terms himself; leave this one."
AGAIN = "Ask what a month of delay costs, and wait for the number, before any price talk."


@pytest.fixture
def server(tmp_path):
    with serving(copy_sample_database(tmp_path), tmp_path / "serve.log") as running:
        yield running


@pytest.fixture
def page():
    with chromium() as browser:
        page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
        page.set_default_timeout(15_000)
        yield page


def test_undo_keeps_the_managers_wording(server, page):
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_in_page(page, server.url, MAYA)
    page.goto(server.url + MOMENT)
    suggested = page.locator("#diagnosis").input_value()
    assert suggested and suggested != EDITED

    # Confirm with edited words, undo from the flash on the next moment: the form has the words back.
    page.fill("#diagnosis", EDITED)
    page.click("#confirm-button")
    expect(page.locator("#flash")).to_contain_text("Confirmed")
    page.click("#flash-undo button")
    expect(page).to_have_url(server.url + MOMENT)
    expect(page.locator("#flash")).to_contain_text("Undone")
    expect(page.locator("#diagnosis")).to_have_value(EDITED)
    page.screenshot(path=str(ARTIFACTS / "undo-keeps-wording.png"), full_page=True)

    # Dismiss with other words in the form, undo on the moment itself: those words come back.
    page.fill("#diagnosis", DISMISS_TEXT)
    page.check("input[name=reason][value=not_coachable]")
    page.click("#dismiss-button")
    expect(page.locator("#flash")).to_contain_text("Dismissed")
    page.goto(server.url + MOMENT)
    page.click("#undo-form button")
    expect(page.locator("#diagnosis")).to_have_value(DISMISS_TEXT)
    page.reload()  # not a browser draft: the server gives the words back
    expect(page.locator("#diagnosis")).to_have_value(DISMISS_TEXT)


def test_not_yet_sends_the_plan_back_to_practice_as_cycle_two(server, page):
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    today = day(date.today())
    log_in_page(page, server.url, MAYA)
    page.goto(server.url + MOMENT)
    page.fill("#diagnosis", EDITED)
    page.click("#confirm-button")
    expect(page.locator("#flash")).to_contain_text("Confirmed")
    page.goto(server.url + MOMENT)
    page.click("#create-plan")
    page.check("input[name=apply_to][value=date]")
    page.fill("#apply_date", "2026-12-01")
    page.click("#save-plan")
    expect(page.locator("#plan-status")).to_have_text("planned")

    # Cycle 1: role-played, applied, inspected by the manager: not yet.
    for step in ("practised", "applied"):
        page.click("#step-button")
        expect(page.locator("#plan-status")).to_have_text(step)
    page.check("input[name=outcome][value=not_yet]")
    page.fill("#step-note", "Still offered the discount first.")
    page.click("#step-button")  # an inspection cannot be taken back: the box asks first
    expect(page.locator("#plan-status")).to_have_text("applied")
    page.check("#inspect-confirm")
    page.click("#step-button")
    expect(page.locator("#plan-status")).to_have_text("inspected")
    expect(page.locator("#plan-inspection")).to_contain_text(f"Inspected on {today} by Maya: not yet")
    expect(page.locator("#again-form")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "plan-not-yet.png"), full_page=True)

    # Practise again: cycle 2 with new words and its own call to apply it on.
    page.fill("#again-note", "He led with the discount again at 02:10.")
    page.fill("#again-alternative", AGAIN)
    page.check("#again-form input[name=apply_to][value=date]")
    page.fill("#again-form #apply_date", "2026-12-08")
    page.click("#again-button")
    expect(page.locator("#flash")).to_contain_text("Back to practice: cycle 2 of this plan.")
    expect(page.locator("#plan-status")).to_have_text("planned")
    expect(page.locator("#plan-cycle")).to_have_text(f"Cycle 2 of this plan; cycle 1 inspected: not yet on {today}.")
    expect(page.locator("#plan-alternative")).to_have_text(AGAIN)
    expect(page.locator("#plan-apply")).to_contain_text("8 Dec 2026")
    expect(page.locator("#cycle-1")).to_contain_text("Still offered the discount first.")
    expect(page.locator("#cycle-2")).to_contain_text("Why again: He led with the discount again at 02:10.")
    expect(page.locator("#cycle-1 .cycle-inspection")).to_contain_text("Inspected on")
    expect(page.locator("#cycle-2 .cycle-inspection")).to_have_text("Not inspected yet: no matching call loaded.")
    expect(page.locator("#step-button")).to_have_text("Mark practised")  # cycle 2 goes round the loop again
    page.screenshot(path=str(ARTIFACTS / "plan-cycle-2.png"), full_page=True)

    # The rep's report shows both cycles, each with its own inspection.
    page.goto(f"{server.url}/reports/rep_ana")
    plan = page.locator(".plan-line")
    expect(plan).to_contain_text(f"Cycle 2 of this plan; cycle 1 inspected: not yet on {today}.")
    expect(plan.locator(".cycle").nth(0)).to_contain_text(f"Inspected on {today} by Maya: not yet")
    expect(plan.locator(".cycle").nth(0)).not_to_contain_text("Not inspected yet")
    expect(plan.locator(".cycle").nth(1)).to_contain_text("Not inspected yet: no matching call loaded.")
    page.screenshot(path=str(ARTIFACTS / "report-cycles.png"), full_page=True)
