"""The batch runs below the web app's CPU priority (`[batch].nice`), and never takes a higher one."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support.cli import run_cli

pytestmark = pytest.mark.skipif(not hasattr(os, "getpriority"), reason="no Unix process priorities here")

# In a process of its own (a test must not lower the priority of the test run): the niceness after
# `lower_priority(argv[1])`, and that of a thread started afterwards.
LOWER = """
import os, sys, threading
from pipeline.batch.priority import lower_priority
now = lower_priority(int(sys.argv[1]))
seen = []
thread = threading.Thread(target=lambda: seen.append(os.getpriority(os.PRIO_PROCESS, 0)))
thread.start(); thread.join()
print(now, seen[0])
"""


def niceness_after(nice: int, started_at: int = 0) -> tuple[int, int]:
    result = subprocess.run(
        [sys.executable, "-c", LOWER, str(nice)],
        capture_output=True,
        text=True,
        check=True,
        preexec_fn=(lambda: os.nice(started_at)) if started_at else None,
    )
    now, thread = result.stdout.split()
    return int(now), int(thread)


def test_the_batch_lowers_its_priority_and_the_threads_it_starts_inherit_it():
    base = os.getpriority(os.PRIO_PROCESS, 0)
    assert niceness_after(max(base, 7)) == (max(base, 7), max(base, 7))
    assert niceness_after(40) == (19, 19)  # no lower than the lowest


def test_a_nice_of_zero_or_below_the_current_one_leaves_the_priority_as_started():
    base = os.getpriority(os.PRIO_PROCESS, 0)
    assert niceness_after(0) == (base, base)
    assert niceness_after(5, started_at=12 - base) == (12, 12)  # never raised again


def test_coachloop_run_runs_at_the_configured_priority(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    base = os.getpriority(os.PRIO_PROCESS, 0)
    config = tmp_path / "coachloop.toml"
    config.write_text(f"[batch]\nnice = {max(base, 10)}\n")
    result = run_cli("--config", str(config), "run", "--inbox", str(inbox), "--db", str(tmp_path / "c.duckdb"))
    assert result.returncode == 0, result.stderr
    assert f"batch priority: nice {max(base, 10)}" in result.stderr
