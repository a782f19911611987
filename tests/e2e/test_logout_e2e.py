"""Logging out ends the session for every copy of its cookie, in headless Chromium (Playwright driving
/usr/bin/chromium) against a real `coachloop serve`: a second browser given a copy of Maya's session
cookie reaches her queue until she logs out in the first, and the login page after it.
"""

from __future__ import annotations

import re

import pytest

from tests.support.browser import chromium, serving
from tests.support.web import MAYA, copy_sample_database

pytestmark = pytest.mark.slow


@pytest.fixture
def server(tmp_path):
    with serving(copy_sample_database(tmp_path), tmp_path / "serve.log") as running:
        yield running


def test_logout_revokes_a_copied_session_cookie(server):
    from playwright.sync_api import expect

    with chromium() as browser:
        maya = browser.new_context().new_page()
        maya.set_default_timeout(15_000)
        maya.goto(f"{server.url}/login")
        maya.fill("#user_id", MAYA[0])
        maya.fill("#password", MAYA[1])
        maya.click("button:has-text('Log in')")
        expect(maya.locator("#queue")).to_be_visible()
        cookies = [c for c in maya.context.cookies() if c["name"] == "coachloop_session"]
        assert len(cookies) == 1

        # Someone else's browser with a copy of the cookie is Maya, for now.
        copy = browser.new_context()
        copy.add_cookies(cookies)
        other = copy.new_page()
        other.set_default_timeout(15_000)
        other.goto(f"{server.url}/queue")
        expect(other.locator("#queue")).to_be_visible()

        maya.click("header.top button:text-is('Log out')")
        expect(maya).to_have_url(f"{server.url}/login")

        # The copy is worth nothing now: the server ended the session, not just Maya's browser.
        other.goto(f"{server.url}/queue")
        expect(other).to_have_url(re.compile(r".*/login\?next=%2Fqueue$"))
        assert other.request.get(f"{server.url}/api/session").status == 401
