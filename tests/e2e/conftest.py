"""What the browser tests share: one headless Chromium per test (tests/support/browser.py)."""

from __future__ import annotations

import pytest

from tests.support.browser import chromium


@pytest.fixture
def browser():
    with chromium() as launched:
        yield launched
