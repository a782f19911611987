"""Resumability: SIGKILL a running batch mid-way, run it again, and nothing is missing or doubled."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.support.inbox import replicate_samples
from tests.support.paths import ROOT

pytestmark = pytest.mark.slow  # coachloop batch processes killed and rerun, one of them under a Prefect server

CALLS = 20
KILL_AFTER = 3  # calls reported loaded


def start_batch(inbox: Path, db: Path, *flags: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "run", "--inbox", str(inbox), "--db", str(db), *flags],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, so that the kill takes any helper with it
    )


def kill_after_loaded(process: subprocess.Popen, count: int, timeout: float = 240) -> list[str]:
    """Read the batch's progress lines until `count` calls are loaded, then SIGKILL it."""
    deadline = time.monotonic() + timeout
    seen: list[str] = []
    loaded = 0
    try:
        while loaded < count:
            line = process.stderr.readline()
            assert line, f"the batch ended before {count} calls were loaded:\n{''.join(seen)}"
            assert time.monotonic() < deadline, "the batch is too slow to be killed mid-way"
            seen.append(line)
            loaded += line.startswith("  loaded ")
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    return seen


def call_counts(db: Path) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            "calls": con.execute("SELECT count(*), count(DISTINCT call_id) FROM calls").fetchone(),
            "call_ids": {row[0] for row in con.execute("SELECT call_id FROM calls").fetchall()},
            "utterances": dict(con.execute("SELECT call_id, count(*) FROM utterances GROUP BY ALL").fetchall()),
            "findings": dict(con.execute("SELECT call_id, count(*) FROM findings GROUP BY ALL").fetchall()),
            "runs": con.execute("SELECT status, processed FROM pipeline_runs ORDER BY started_at").fetchall(),
        }


@pytest.mark.parametrize("orchestrator", ["plain", "prefect"])
def test_a_killed_batch_completes_on_rerun_with_no_duplicate_and_no_missing_call(orchestrator, tmp_path, request):
    inbox, db = tmp_path / "inbox", tmp_path / "coachloop.duckdb"
    expected = set(replicate_samples(inbox, CALLS, utterances=3))  # short calls: the batch is what is tested
    utterances = {
        json.loads(path.read_text())["call_id"]: len(json.loads(path.read_text())["utterances"])
        for path in inbox.iterdir()
    }
    flags = ["--workers", "2"]
    env = dict(os.environ)
    if orchestrator == "prefect":
        flags.append("--prefect")
        env["PREFECT_API_URL"] = request.getfixturevalue("prefect_api")

    kill_after_loaded(start_batch(inbox, db, *flags, env=env), KILL_AFTER)
    after_kill = call_counts(db)
    loaded_before = after_kill["calls"][0]
    assert KILL_AFTER <= loaded_before < CALLS  # really killed mid-way
    assert after_kill["runs"] == [("running", 0)]

    rerun = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "run", "--inbox", str(inbox), "--db", str(db), *flags],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert f"{CALLS - loaded_before} loaded, {loaded_before} already loaded, 0 quarantined" in rerun.stderr

    done = call_counts(db)
    assert done["calls"] == (CALLS, CALLS)  # none doubled
    assert done["call_ids"] == expected  # none missing
    assert done["utterances"] == utterances  # no call half-loaded
    assert set(done["findings"].values()) == {max(done["findings"].values())}
    assert done["runs"] == [("interrupted", 0), ("finished", CALLS - loaded_before)]
