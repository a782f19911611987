"""What the server does when it starts, before the first page is asked for."""

from __future__ import annotations

import subprocess
import sys

from pipeline.config import PROJECT_ROOT

# In a fresh interpreter: whether the server's start loads the charts' library before any report.
CHARTS_AT_START = """
import sys, time
from pathlib import Path
from starlette.testclient import TestClient
from tests.support.webapp import make_app
app = make_app(Path(sys.argv[1]))
assert "matplotlib.figure" not in sys.modules
with TestClient(app, base_url="http://127.0.0.1"):
    deadline = time.monotonic() + 30
    while "matplotlib.figure" not in sys.modules and time.monotonic() < deadline:
        time.sleep(0.05)
print("matplotlib.figure" in sys.modules)
"""


def test_the_server_loads_the_charts_library_at_start_not_inside_the_first_report(db):
    """Half a second of CPU the first time in a process: paid in the background, not by a page."""
    result = subprocess.run(
        [sys.executable, "-c", CHARTS_AT_START, str(db)], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120
    )
    assert result.stdout.strip() == "True", result.stderr
