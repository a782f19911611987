"""The `coachloop` command as a user runs it: a fresh Python process on this checkout's package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run_cli(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`coachloop ARGS`, whatever its exit status (the caller checks it)."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args], input=stdin, capture_output=True, text=True, cwd=cwd, timeout=600
    )


def coachloop(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """`coachloop ARGS`, which must succeed: for the commands a test builds its world with."""
    result = run_cli(*args, stdin=stdin)
    assert result.returncode == 0, result.stderr
    return result
