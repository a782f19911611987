"""The browser tests' tools: `coachloop serve` in its own process, and headless Chromium.

Playwright drives Debian's /usr/bin/chromium; a test that needs it is skipped where it is absent.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.support.cli import coachloop
from tests.support.paths import ROOT, SAMPLES
from tests.support.web import copy_sample_database

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`coachloop serve` as a user starts it, in its own process."""

    def __init__(self, db: Path, port: int, log: Path):
        self.db, self.port, self.log, self.process = db, port, log, None
        self.url = f"http://127.0.0.1:{port}"

    def start(self) -> None:
        command = [sys.executable, "-m", "pipeline.cli", "serve", "--db", str(self.db), "--port", str(self.port)]
        command += ["--recordings", str(SAMPLES / "recordings")]
        with self.log.open("a") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                if httpx.get(f"{self.url}/login", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise AssertionError(f"coachloop serve did not start:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


@contextmanager
def serving(db: Path, log: Path) -> Iterator[Server]:
    """A started server on a free port for the length of the block, stopped after it."""
    running = Server(db, free_port(), log)
    running.start()
    try:
        yield running
    finally:
        running.stop()


@contextmanager
def serving_samples_with_rep(folder: Path, rep: tuple[str, str], name: str) -> Iterator[Server]:
    """The sample database served from `folder`, with a login (rep id, password) for the rep."""
    db = copy_sample_database(folder)
    coachloop("users", "add", "--rep", rep[0], "--name", name, "--password-stdin", "--db", str(db), stdin=rep[1])
    with serving(db, folder / "serve.log") as running:
        yield running


@contextmanager
def chromium():
    """A headless Chromium browser for the length of the block; skips the test where none is installed."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def log_in_page(page, url: str, account: tuple[str, str]) -> None:
    """Log in through the login form and wait until the app has left it."""
    page.goto(f"{url}/login")
    page.fill("#user_id", account[0])
    page.fill("#password", account[1])
    page.click("button:has-text('Log in')")
    page.wait_for_url(lambda address: "/login" not in address)
