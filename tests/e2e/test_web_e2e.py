"""End to end in headless Chromium (Playwright driving Debian's /usr/bin/chromium) against a real
`coachloop serve` process: log in, open a moment, play from its time, confirm it with edited
wording (after a save that fails and keeps the text), create a practice plan, restart the server
and find everything still there. Screenshots go to test-artifacts/web-e2e/.
"""

from __future__ import annotations

import re
import time

import pytest

from tests.support.browser import chromium, serving
from tests.support.paths import ROOT
from tests.support.web import MAYA, build_database

pytestmark = pytest.mark.slow

ARTIFACTS = ROOT / "test-artifacts" / "web-e2e"
WORDING = (
    "When Carlos asked about terms at 01:00, you offered 15% off before restating the 40 hours a week his team loses."
)
PRACTICE = "When the buyer pushes on price, restate the hours they lose each week, then hold the price once."


def wait_until(page, expression: str, timeout_s: float = 20.0) -> None:
    """Poll a page expression from Python: Playwright's wait_for_function needs eval, which the app's CSP forbids."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if page.evaluate(expression):
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {expression}")


@pytest.fixture
def server(tmp_path):
    with serving(build_database(tmp_path), tmp_path / "serve.log") as running:
        yield running


@pytest.fixture
def page():
    with chromium() as browser:
        yield browser.new_context(viewport={"width": 1366, "height": 900}).new_page()


def test_triage_a_moment_into_a_practice_plan_and_find_it_after_a_restart(server, page):
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.set_default_timeout(15_000)

    # Log in.
    page.goto(f"{server.url}/queue")
    expect(page).to_have_url(f"{server.url}/login?next=%2Fqueue")
    page.fill("#user_id", MAYA[0])
    page.fill("#password", MAYA[1])
    page.click("button:has-text('Log in')")
    expect(page.locator("#queue")).to_be_visible()

    # Open Ana's discount moment from her queue.
    page.click("nav.reps a:has-text('Ana')")
    page.click(".queue-row a:has-text('Discount before value')")
    expect(page.locator("#moment-quote")).to_have_text(
        "And if you sign before the end of the month, I can give you 15 percent off the first year."
    )
    expect(page.locator(".utterance.evidence").first).to_contain_text("15 percent off")

    # Play from the moment's time (60.47 s) with the keyboard.
    wait_until(page, "document.querySelector('#player').readyState >= 1")
    page.keyboard.press("p")
    wait_until(
        page, "(() => { const a = document.querySelector('#player'); return !a.paused && a.currentTime > 60.6; })()"
    )
    assert 60.4 < page.evaluate("document.querySelector('#player').currentTime") < 70

    # Edit the wording; a save that fails (a stale security token) says so and keeps the text.
    page.keyboard.press("c")
    page.fill("#diagnosis", WORDING)
    page.evaluate("document.querySelector('#decision-form [name=csrf_token]').value = 'stale'")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#form-error")).to_contain_text("Not saved")
    expect(page.locator("#form-error")).to_contain_text("Your text is still here")
    expect(page.locator("#diagnosis")).to_have_value(WORDING)
    page.screenshot(path=str(ARTIFACTS / "moment.png"), full_page=True)
    page.reload()  # a fresh token; the draft comes back from the browser's storage
    expect(page.locator("#diagnosis")).to_have_value(WORDING)
    # When it was typed, in the date format of every page.
    restored = re.compile(r"Restored your unsaved text from \d{1,2} [A-Z][a-z]{2} 20\d\d, \d\d:\d\d\.")
    expect(page.locator("#form-error")).to_contain_text(restored)

    # Confirm it (Ctrl+Enter in the wording), then build the practice plan from it.
    page.focus("#diagnosis")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#flash")).to_contain_text("Confirmed: Discount before value", timeout=30_000)
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('coachloop-draft:moment/')).length") == 0
    page.click("#flash-plan")
    page.fill("#alternative_behaviour", PRACTICE)
    page.check("#practised")
    page.fill("#practised_on", "2026-11-11")
    page.fill("#apply_date", "2026-11-18")
    page.fill("#follow_up_date", "2026-11-25")
    page.click("#save-plan")
    expect(page.locator("#plan-status")).to_have_text("practised")
    plan_url = page.url
    page.screenshot(path=str(ARTIFACTS / "plan.png"), full_page=True)

    # Restart the server: the session, the diagnosis and the plan are still there.
    server.stop()
    server.start()
    page.goto(plan_url)
    expect(page.locator("#plan-alternative")).to_have_text(PRACTICE)
    expect(page.locator("#plan-diagnosis")).to_have_text(WORDING)
    expect(page.locator("#plan-status")).to_have_text("practised")
    expect(page.locator("#plan-apply")).to_contain_text("2026")
    page.goto(f"{server.url}/moments/c-2026-11-10-0007/discount_before_value")
    expect(page.locator("#current-diagnosis")).to_have_text(WORDING)
    expect(page.locator("#current-decision")).to_contain_text("Confirmed by Maya")
    page.goto(f"{server.url}/plans")
    expect(page.locator("#plans-table")).to_contain_text(PRACTICE)
    page.goto(f"{server.url}/moments/c-2026-11-10-0007/discount_before_value")
    page.screenshot(path=str(ARTIFACTS / "after-restart.png"), full_page=True)
    assert (ARTIFACTS / "moment.png").stat().st_size > 10_000
