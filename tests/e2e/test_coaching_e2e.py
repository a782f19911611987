"""The coaching habits end to end in headless Chromium (Playwright driving /usr/bin/chromium) against
a real `coachloop serve` process: the manager chooses a rep's focus and finds those moments first
with what to listen for, confirms one and exports the one-page review (print layout and Markdown
download), prepares and records a performance conversation, and the rep logs in to a read-only
page that shows their own coaching and nothing else. Screenshots go to test-artifacts/coaching/.
"""

from __future__ import annotations

import pytest

from tests.support.browser import log_in_page, serving_samples_with_rep
from tests.support.paths import ROOT
from tests.support.web import ANA, ANA_DEMO, MAYA

pytestmark = pytest.mark.slow

ARTIFACTS = ROOT / "test-artifacts" / "coaching"
DIAGNOSIS = "At 01:00 you offered 15 percent off before restating the hours his team loses each week."
EXPECTATION = "End every call with a meeting that has a day, a time and who does what before it."


@pytest.fixture
def server(tmp_path):
    with serving_samples_with_rep(tmp_path, ANA, "Ana") as running:
        yield running


def test_focus_review_export_performance_conversation_and_the_rep_s_view(server, browser, tmp_path):
    from playwright.sync_api import expect

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True).new_page()
    page.set_default_timeout(15_000)
    log_in_page(page, server.url, MAYA)
    expect(page.locator("#queue")).to_be_visible()

    # Focus: Ana's on discounts. The chooser allows two behaviours at most.
    page.click("#nav-coaching")
    page.click("#cadence-table a:has-text('Ana')")
    page.check("input[name='focus:discount_before_value']")
    page.check("input[name='focus:urgency_before_solution']")
    expect(page.locator("input[name='focus:budget_before_demo']")).to_be_disabled()
    page.uncheck("input[name='focus:urgency_before_solution']")
    page.fill("#focus-reason", "Discounts on every late-stage call")
    page.click("#focus-save")
    expect(page.locator("#current-focus")).to_contain_text("Discount before value")
    expect(page.locator("#current-focus")).to_contain_text("Discounts on every late-stage call (Maya)")

    # The queue: what to listen for, the suggested calls, and the focus moments first.
    page.goto(f"{server.url}/queue?rep=rep_ana")
    expect(page.locator("#listen-for")).to_contain_text("Discount before value")
    expect(page.locator("#suggested-calls")).to_contain_text("open focus moment")
    rows = page.locator(".queue-row .behaviour")
    expect(rows.nth(0)).to_contain_text("Discount before value")
    expect(rows.nth(1)).to_contain_text("Discount before value")
    expect(rows.nth(2)).not_to_contain_text("Discount before value")
    heads = page.locator(".queue-section")
    expect(heads.nth(0)).to_have_text("On the focus: listen for these first")
    expect(heads.nth(1)).to_have_text("Everything else")
    page.screenshot(path=str(ARTIFACTS / "queue-focus-first.png"), full_page=True)

    # Open the first focus moment: the banner says what to listen for; confirm it.
    page.click(".queue-row >> nth=0")
    page.keyboard.press("Enter")
    expect(page.locator("#on-focus")).to_be_visible()
    expect(page.locator("#moment-quote")).to_contain_text("15 percent off")
    page.fill("#diagnosis", DIAGNOSIS)
    page.click("#confirm-button")
    expect(page.locator("#flash")).to_contain_text("Confirmed: Discount before value")

    # The one-page review of that call: printable, and a Markdown download.
    page.goto(f"{server.url}/calls/{ANA_DEMO}/review")
    review = page.locator("#call-review")
    expect(review).to_contain_text("15 percent off the first year")
    expect(review).to_contain_text(DIAGNOSIS)
    expect(review).to_contain_text("No practice plan yet.")
    page.screenshot(path=str(ARTIFACTS / "call-review.png"), full_page=True)
    page.emulate_media(media="print")
    expect(page.locator("header.top")).to_be_hidden()
    expect(page.locator("#markdown-download")).to_be_hidden()
    page.screenshot(path=str(ARTIFACTS / "call-review-print.png"), full_page=True)
    page.emulate_media(media="screen")
    with page.expect_download() as download_info:
        page.click("#markdown-download")
    download = download_info.value
    assert download.suggested_filename == f"call-review-{ANA_DEMO}.md"
    markdown = download.path().read_text(encoding="utf-8")
    assert "## 1. Discount before value (the rep's focus)" in markdown and "— Ana, at 01:00" in markdown
    (ARTIFACTS / download.suggested_filename).write_text(markdown, encoding="utf-8")

    # The performance conversation for Ben's missed next steps: prepared, edited, recorded.
    page.goto(f"{server.url}/coaching/reps/rep_ben")
    page.select_option("#concern-start select[name=behaviour]", "next_step_date_owner")
    page.click("#concern-start button")
    expect(page.locator("#evidence")).to_contain_text("a gap in 4 of 4 calls where it applied")
    expect(page.locator("#standard")).to_contain_text("more than 50%")
    page.fill("#expectation", EXPECTATION)
    page.screenshot(path=str(ARTIFACTS / "concern-prepared.png"), full_page=True)
    page.click("#concern-save")
    expect(page.locator("#concern-expectation")).to_have_text(EXPECTATION)
    expect(page.locator("#concern-conversation")).to_have_text("not held yet")
    page.fill("#conversation-form input[name=happened_on]", "2026-11-30")
    page.click("#conversation-save")
    expect(page.locator("#concern-conversation")).to_have_text("held 30 Nov 2026")
    page.fill("#outcome-form input[name=happened_on]", "2026-12-14")
    page.check("#outcome-form input[value=not_improved]")
    page.click("#outcome-save")
    expect(page.locator("#concern-outcome")).to_contain_text("not improved: the evidence is not there")
    page.screenshot(path=str(ARTIFACTS / "concern-recorded.png"), full_page=True)
    page.goto(f"{server.url}/coaching")
    expect(page.locator("#concerns-table")).to_contain_text("Not improved")
    expect(page.locator("#cadence-table tr[data-rep=rep_ana] td.count").last).to_have_text("1")
    page.screenshot(path=str(ARTIFACTS / "coaching.png"), full_page=True)

    # The rep: their own page, read-only; no manager page, no other rep.
    rep = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    rep.set_default_timeout(15_000)
    log_in_page(rep, server.url, ANA)
    expect(rep).to_have_url(f"{server.url}/me")
    expect(rep.locator("#my-focus")).to_contain_text("Discount before value")
    expect(rep.locator("#my-diagnoses")).to_contain_text(DIAGNOSIS)
    for manager_page in ("Queue", "Plans", "Coaching"):
        expect(rep.locator("nav.main-nav")).not_to_contain_text(manager_page)
    assert "rep_ben" not in rep.content()
    rep.screenshot(path=str(ARTIFACTS / "rep-view.png"), full_page=True)
    rep.click(f"#reviewed-calls a[href='/me/reviews/{ANA_DEMO}']")
    expect(rep.locator("#call-review")).to_contain_text(DIAGNOSIS)
    for path in ("/queue", "/coaching", "/coaching/reps/rep_ben", "/reports/rep_ben"):
        response = rep.goto(f"{server.url}{path}")
        assert response.status == 403, path
        expect(rep.locator("#rep-denied")).to_contain_text("Reps see only their own coaching page")
    rep.screenshot(path=str(ARTIFACTS / "rep-refused.png"), full_page=True)
