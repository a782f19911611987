"""A deal by its account, the call's recording on its review, and an inspection that asks first, on
a phone (390 px) in headless Chromium (Playwright driving /usr/bin/chromium) against a real
`coachloop serve`: the manager confirms a moment on Oakridge Properties' deal, plans it for that
deal's next call, marks it inspected only after ticking the confirmation, and plays the call from a
moment of its review; Ana plays her own call from her copy of the review. Screenshots go to
test-artifacts/calls/.
"""

from __future__ import annotations

import re

import pytest

from tests.support.browser import serving_samples_with_rep
from tests.support.paths import ROOT
from tests.support.web import ANA, ANA_DEMO, MAYA

pytestmark = pytest.mark.slow

ARTIFACTS = ROOT / "test-artifacts" / "calls"
PHONE = {"width": 390, "height": 844}
DIAGNOSIS = "At 01:00 you offered 15 percent off before restating the hours his team loses each week."


@pytest.fixture
def server(tmp_path):
    with serving_samples_with_rep(tmp_path, ANA, "Ana") as running:
        yield running


def phone_page(browser, url: str, account: tuple[str, str]):
    page = browser.new_context(viewport=PHONE).new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{url}/login")
    page.fill("#user_id", account[0])
    page.fill("#password", account[1])
    page.click("button:has-text('Log in')")
    page.wait_for_url(re.compile(r".*/(queue|me)$"))
    return page


def snapshot(page, name: str) -> None:
    """A full-page screenshot, and no horizontal scrolling at 390 px."""
    page.screenshot(path=str(ARTIFACTS / f"{name}-390.png"), full_page=True)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def plays_from(page, seconds: float) -> None:
    """The player loaded the recording and stands at or after `seconds` (it seeks there, then plays)."""
    page.wait_for_function(
        "s => { const p = document.querySelector('#player'); return p && !p.error && p.readyState >= 1"
        " && p.currentTime >= s; }",
        arg=seconds,
    )


def test_the_account_the_inspection_confirmation_and_the_recording_on_a_phone(server, browser):
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = phone_page(browser, server.url, MAYA)

    # The queue and the moment name the deal by its account, the id as detail.
    expect(page.locator(".call-head", has_text="Ana's demo call, 10 Nov 2026")).to_contain_text(
        "Oakridge Properties (deal d-1007)"
    )
    page.goto(f"{server.url}/moments/{ANA_DEMO}/discount_before_value")
    expect(page.locator("#moment-call")).to_contain_text("Oakridge Properties (deal d-1007, evaluation)")
    page.fill("#diagnosis", DIAGNOSIS)
    page.click("#confirm-button")
    expect(page.locator("#flash")).to_contain_text("Confirmed")

    # A plan for the deal's next call: the choice and the plan say the account.
    page.goto(f"{server.url}/moments/{ANA_DEMO}/discount_before_value")
    page.click("#create-plan")
    page.check("input[name=apply_to][value=deal]")
    expect(page.locator("#apply_deal_id option[value=d-1007]")).to_contain_text("Oakridge Properties (deal d-1007)")
    page.select_option("#apply_deal_id", "d-1007")
    page.click("#save-plan")
    expect(page.locator("#plan-apply")).to_have_text("the next call on Oakridge Properties (deal d-1007)")
    for step in ("practised", "applied"):
        page.click("#step-button")
        expect(page.locator("#plan-status")).to_have_text(step)

    # Marking it inspected cannot be taken back: without the tick nothing is recorded.
    page.check("input[name=outcome][value=changed]")
    snapshot(page, "plan-inspect")
    page.click("#step-button")
    expect(page.locator("#plan-status")).to_have_text("applied")
    assert page.evaluate("document.querySelector('#inspect-confirm').validity.valueMissing")
    page.check("#inspect-confirm")
    page.click("#step-button")
    expect(page.locator("#plan-status")).to_have_text("inspected")
    expect(page.locator("#plan-inspection")).to_contain_text("by Maya: behaviour changed")

    # The manager's call review: the account, and the call played from the moment.
    page.goto(f"{server.url}/calls/{ANA_DEMO}/review")
    expect(page.locator("#call-review header")).to_contain_text("Oakridge Properties (deal d-1007)")
    expect(page.locator("#player")).to_have_attribute("src", f"/calls/{ANA_DEMO}/audio")
    page.click("button.seek:has-text('Play from 01:00')")
    plays_from(page, 60.0)
    snapshot(page, "call-review-manager")

    # Ana plays her own call from her review, through her own audio URL.
    rep = phone_page(browser, server.url, ANA)
    rep.goto(f"{server.url}/me/reviews/{ANA_DEMO}")
    expect(rep.locator("#call-review")).to_contain_text(DIAGNOSIS)
    expect(rep.locator("#call-review header")).to_contain_text("Oakridge Properties (deal d-1007)")
    expect(rep.locator("#player")).to_have_attribute("src", f"/me/calls/{ANA_DEMO}/audio")
    rep.click("button.seek:has-text('Play from 01:00')")
    plays_from(rep, 60.0)
    snapshot(rep, "call-review-rep")
