"""Analysts query while the nightly batch runs: two real processes, one DuckDB file.

DuckDB lets one process write a file, and a writer locks out even readers. The batch therefore
keeps its transactions short (readers get in between, retrying while it writes) and refreshes a
read-only snapshot that analysts may hold open as long as they like.
"""

import json
import subprocess
import sys
import time

import duckdb
import pytest

from pipeline.store import Store
from tests.support.inbox import replicate_samples
from tests.support.paths import ROOT

pytestmark = pytest.mark.slow  # a coachloop batch process and analysts' processes side by side

CALLS = 16

# An analyst's process. "hold": one connection to the snapshot kept open throughout, as a BI tool
# or a notebook keeps one. "poll": a new connection per query, to the snapshot and to the live file.
# (Within one process DuckDB shares one open database per file: a refreshed snapshot shows only
# once every connection to the old one is closed.)
ANALYST = r"""
import json, sys, time
from pathlib import Path
import duckdb
from pipeline.config import StoreSettings
from pipeline.store import Store

mode, db, snapshot, stop = sys.argv[1], *map(Path, sys.argv[2:5])
live = Store(db, StoreSettings(lock_timeout_s=60, lock_retry_interval_s=0.05))
log = {"queries": 0, "snapshot": [], "live": [], "errors": []}
held = duckdb.connect(str(snapshot), read_only=True) if mode == "hold" else None
print("ready", flush=True)
while not stop.exists():
    try:
        if held is not None:
            held.execute("SELECT * FROM rep_scorecard").fetchall()
        else:
            with duckdb.connect(str(snapshot), read_only=True) as fresh:
                log["snapshot"].append(fresh.execute("SELECT count(*) FROM calls").fetchone()[0])
            log["live"].append(live.rows("SELECT count(*) AS n FROM calls")[0]["n"])
        log["queries"] += 1
    except Exception as error:
        log["errors"].append(repr(error))
    time.sleep(0.25)
print(json.dumps(log), flush=True)
"""


def start_analyst(mode: str, db, snapshot, stop) -> subprocess.Popen:
    analyst = subprocess.Popen(
        [sys.executable, "-c", ANALYST, mode, str(db), str(snapshot), str(stop)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert analyst.stdout.readline().strip() == "ready"
    return analyst


def non_decreasing(values: list[int]) -> bool:
    return all(a <= b for a, b in zip(values, values[1:], strict=False))


def test_an_analyst_queries_the_live_database_and_the_snapshot_while_the_batch_loads(tmp_path):
    inbox, db = tmp_path / "inbox", tmp_path / "coachloop.duckdb"
    snapshot = db.with_suffix(".snapshot.duckdb")
    replicate_samples(inbox, CALLS, utterances=3)
    config = tmp_path / "coachloop.toml"
    config.write_text("[batch]\nsnapshot_interval_s = 1.0\n")
    store = Store(db)  # yesterday's database, with its snapshot
    store.migrate()
    store.refresh_snapshot(snapshot)
    stop = tmp_path / "stop"

    holder = start_analyst("hold", db, snapshot, stop)
    poller = start_analyst("poll", db, snapshot, stop)
    try:
        started = time.monotonic()
        nightly = subprocess.run(
            [
                sys.executable,
                "-m",
                "pipeline.cli",
                "--config",
                str(config),
                "run",
                "--inbox",
                str(inbox),
                "--db",
                str(db),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        batch_seconds = time.monotonic() - started
    finally:
        stop.touch()
        held, polled = (json.loads(p.communicate(timeout=60)[0].strip().splitlines()[-1]) for p in (holder, poller))

    assert nightly.returncode == 0, nightly.stderr[-3000:]
    assert f"{CALLS} loaded" in nightly.stderr
    assert held["errors"] == [] and polled["errors"] == []
    # Both analysts worked throughout the batch; one held its snapshot connection open all along.
    assert held["queries"] >= batch_seconds and polled["queries"] >= batch_seconds
    for counts in (polled["snapshot"], polled["live"]):
        assert non_decreasing(counts), counts
        assert max(counts, default=0) <= CALLS
    # Whether a poll lands mid-way through the batch depends on the machine's speed, so it is not asserted.
    assert polled["live"][-1] == CALLS
    with duckdb.connect(str(snapshot), read_only=True) as con:  # the final snapshot has everything
        assert con.execute("SELECT count(*) FROM calls").fetchone()[0] == CALLS
        assert con.execute("SELECT status FROM pipeline_runs").fetchone()[0] == "finished"


def test_the_snapshot_has_every_table_and_view_but_no_credentials(tmp_path):
    db, snapshot = tmp_path / "coachloop.duckdb", tmp_path / "coachloop.snapshot.duckdb"
    store = Store(db)
    store.migrate()
    with store.transaction() as con:
        con.execute("CREATE TABLE web_accounts (login VARCHAR, password_hash VARCHAR, session_token VARCHAR)")
        con.execute("INSERT INTO web_accounts VALUES ('maya', 'argon2-hunter2-hash', 'tok-s3cr3t-value')")
        con.execute("CREATE TABLE signing_secrets (value VARCHAR)")
        con.execute("INSERT INTO signing_secrets VALUES ('very-private-signing-key')")
        con.execute("INSERT INTO reps (rep_id, rep_name) VALUES ('rep_ana', 'Ana')")
    store.refresh_snapshot(snapshot)

    with duckdb.connect(str(db), read_only=True) as live, duckdb.connect(str(snapshot), read_only=True) as copy:
        catalog = (
            "SELECT table_name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal"
        )
        assert sorted(copy.execute(catalog).fetchall()) == sorted(live.execute(catalog).fetchall())
        assert copy.execute("SELECT * FROM reps").fetchall() == live.execute("SELECT * FROM reps").fetchall()
        assert copy.execute("SELECT * FROM web_accounts").fetchall() == [("maya", None, None)]
        assert copy.execute("SELECT count(*) FROM signing_secrets").fetchone()[0] == 0
    raw = snapshot.read_bytes()
    assert b"hunter2" not in raw and b"s3cr3t" not in raw and b"very-private" not in raw
    # The whole file's copy the snapshot was made from (credentials and all) is gone.
    assert {path.name for path in tmp_path.iterdir()} == {db.name, snapshot.name}
