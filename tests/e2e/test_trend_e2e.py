"""The report page's weekly gap-rate chart, drawn in the browser by Chart.js (static/trend.js) from
the numbers the page carries, in headless Chromium against a real `coachloop serve`: drawn with
the page's own numbers, within a phone's width, under the app's CSP without an error, and the same
numbers readable without script.
"""

from __future__ import annotations

import json

import pytest

from tests.support.browser import chromium, log_in_page, serving
from tests.support.web import MAYA, copy_sample_database

pytestmark = pytest.mark.slow

DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}
# the pixels of the chart's canvas that are not blank
INKED = """canvas => {
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let inked = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
  return inked;
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("trend")
    with serving(copy_sample_database(folder / "db"), folder / "serve.log") as running:
        yield running


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_report_s_trend_is_drawn_in_the_browser_from_the_page_s_numbers(server, viewport, tmp_path):
    errors = []
    with chromium() as browser:
        page = browser.new_context(viewport=viewport).new_page()
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        log_in_page(page, server.url, MAYA)
        page.goto(f"{server.url}/reports/rep_ben")
        numbers = json.loads(page.locator("#trend-data").text_content())
        canvas = page.locator("#trend-canvas")
        canvas.wait_for(state="visible")
        drawn = page.evaluate(
            "() => Chart.getChart('trend-canvas').data.datasets.map(d => ({label: d.label, data: d.data}))"
        )
        assert [d["data"] for d in drawn[:-1]] == [s["rates"] for s in numbers["series"]]
        assert [d["label"] for d in drawn[:-1]] == [s["label"] for s in numbers["series"]]
        assert drawn[-1]["data"] == [numbers["standard"]] * len(numbers["weeks"])  # the standard's line
        assert canvas.evaluate(INKED) > 2_000
        box = canvas.bounding_box()
        assert box["width"] > 300 and box["x"] + box["width"] <= viewport["width"]
        assert page.evaluate("document.scrollingElement.scrollWidth") <= viewport["width"]
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert errors == []  # no CSP refusal, no script error


def test_without_script_the_numbers_are_there_and_no_empty_chart_box(server):
    with chromium() as browser:
        page = browser.new_context(viewport=DESKTOP, java_script_enabled=False).new_page()
        log_in_page(page, server.url, MAYA)
        page.goto(f"{server.url}/reports/rep_ben")
        assert not page.locator("#trend-canvas").is_visible()
        page.click("#trend-chart summary")
        rows = page.locator("#trend-chart details tbody tr")
        numbers = json.loads(page.locator("#trend-data").text_content())
        assert rows.count() == len(numbers["weeks"])
        first = numbers["series"][0]
        week = next(i for i, rate in enumerate(first["rates"]) if rate is not None)
        assert f"{first['rates'][week]}% ({first['counts'][week]})" in rows.nth(week).inner_text()
