"""Fault drills: a batch killed at random points, a database held by an analyst, a full disk.

Each drill starts from the same database (half the inbox loaded, manager decisions and a
coaching plan recorded on it), injects its fault into a real `coachloop run` process, and then
runs the batch again. The database must end identical, table by table and row by row, to the one
an uninterrupted run leaves; the decisions must be intact at every step, also right after the
fault. Transcript inboxes, the pattern pass only: the batch is what is drilled, not the models.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipeline.errors import StoreBusyError
from pipeline.store import Store, StoreWriteError
from tests.support.drill import (
    Drill,
    assert_same_database,
    build_drill,
    cli_batch,
    count_calls,
    decisions,
    half_loaded_calls,
    kill_at,
    pattern_rules,
    snapshot_of,
)
from tests.support.inbox import replicate_samples
from tests.support.paths import ROOT

CALLS = 10  # in the inbox; the first BASE_CALLS are loaded before any drill
BASE_CALLS = 4


@pytest.fixture(scope="module")
def drill(tmp_path_factory) -> Drill:
    folder = tmp_path_factory.mktemp("drills")
    inbox = folder / "inbox"
    replicate_samples(inbox, CALLS, utterances=4)
    made = build_drill(folder, inbox, pattern_rules(folder), sorted(inbox.iterdir())[:BASE_CALLS])
    assert len(made.reference["calls"]) == CALLS
    return made


def start_and_kill(drill: Drill, db: Path, rng: random.Random, mode: str) -> str:
    """A random delay, a random call boundary, or a named failpoint reached a random number of times."""
    if mode in ("time", "loaded"):
        return kill_at(cli_batch(drill.inbox, db, drill.rules), rng, mode, CALLS - BASE_CALLS)
    hit = 1 if mode == "snapshot" else rng.randint(1, CALLS - BASE_CALLS)
    process = cli_batch(drill.inbox, db, drill.rules, env={**os.environ, "COACHLOOP_FAILPOINT": f"{mode}:{hit}"})
    process.communicate(timeout=240)
    assert process.returncode == -9, f"the batch was not killed at {mode}:{hit}"
    return f"at {mode} (hit {hit})"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("seed", "mode"),
    [
        (11, "time"),
        (23, "loaded"),
        (37, "loaded"),
        (41, "loaded"),
        (5, "analyse"),
        (6, "store.write"),
        (8, "rollup"),
        (7, "snapshot"),
    ],
)
def test_a_batch_killed_at_a_random_point_and_rerun_ends_identical_to_an_uninterrupted_run(drill, tmp_path, seed, mode):
    rng = random.Random(seed)
    db = drill.fresh_copy(tmp_path)
    where = start_and_kill(drill, db, rng, mode)
    assert decisions(db) == drill.decisions, f"decisions changed by a kill {where}"
    assert half_loaded_calls(db, drill.utterances) == [], f"a call half-loaded by a kill {where}"
    at_kill = count_calls(db) - BASE_CALLS

    report = drill.rerun(db)

    assert report.count("quarantined") == 0
    compared = assert_same_database(db, drill.reference)
    print(f"seed {seed}: killed {where} ({at_kill} of {CALLS - BASE_CALLS} new calls in); {compared} rows compared")
    runs = Store(db).rows("SELECT status FROM pipeline_runs ORDER BY started_at")
    assert runs[-1]["status"] == "finished" and "running" not in {run["status"] for run in runs}
    assert not list(db.parent.glob("*.partial*")), "a half-written analysts' copy was left behind"


HOLD_READ_ONLY = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
con.execute("SELECT count(*) FROM calls").fetchall()
print("reading", flush=True)
time.sleep(float(sys.argv[2]))
"""


def analyst(db: Path, seconds: float) -> subprocess.Popen:
    """Another process with the database open read-only, as an analyst's notebook would."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_READ_ONLY, str(db), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "reading"
    return holder


@pytest.mark.slow
def test_the_batch_waits_for_an_analyst_holding_the_file_and_finishes(drill, tmp_path, capfd):
    db = drill.fresh_copy(tmp_path)
    holder = analyst(db, 2.0)
    started = time.monotonic()
    report = drill.rerun(db, lock_timeout_s=60.0, lock_retry_interval_s=0.1)
    holder.wait(timeout=30)
    assert time.monotonic() - started >= 1.0  # it really waited
    assert "is locked by another process; waiting" in capfd.readouterr().err
    assert report.count("loaded") == CALLS - BASE_CALLS
    assert_same_database(db, drill.reference)


@pytest.mark.slow
def test_the_batch_gives_up_clearly_when_the_analyst_keeps_the_file_and_loses_nothing(drill, tmp_path):
    db = drill.fresh_copy(tmp_path)
    before = snapshot_of(db)
    holder = analyst(db, 60.0)
    try:
        with pytest.raises(StoreBusyError, match="locked by another process; gave up after 1s.*nothing was written"):
            drill.rerun(db, lock_timeout_s=1.0, lock_retry_interval_s=0.1)
    finally:
        holder.kill()
        holder.wait()
    assert snapshot_of(db) == before  # not one row changed, decisions included
    drill.rerun(db)  # the next night, with the analyst gone
    assert_same_database(db, drill.reference)


def _small_disk_runner(tmp_path: Path, size_bytes: int):
    """How to run a command with the database folder on a tmpfs of `size_bytes`: mounted here
    when running as root, else inside a user namespace (`unshare -rm`), else None."""
    folder = tmp_path / "full"
    folder.mkdir()
    if os.environ.get("COACHLOOP_DRILL_NO_MOUNT"):
        return None
    if os.geteuid() == 0 and shutil.which("mount"):
        mount = ["mount", "-t", "tmpfs", "-o", f"size={size_bytes}", "tmpfs", str(folder)]
        if subprocess.run(mount, check=False, capture_output=True).returncode == 0:
            return folder, "root"
    probe = ["unshare", "-rm", "sh", "-c", f"mount -t tmpfs -o size={size_bytes} tmpfs {folder}"]
    if shutil.which("unshare") and subprocess.run(probe, check=False, capture_output=True).returncode == 0:
        return folder, "user namespace"
    return None


@pytest.mark.slow
def test_a_full_disk_stops_the_batch_with_a_clear_error_and_no_corruption(drill, tmp_path):
    """The database folder fills up mid-batch (a small tmpfs): the batch stops on the first write
    DuckDB cannot make, says so, and what it committed before is intact. The free-space margin
    (`[store] min_free_mb`) is off here so that the disk really runs out under DuckDB."""
    base_size = drill.base.stat().st_size
    room = 2 * 1024 * 1024  # enough for a few calls, not for six
    runner = _small_disk_runner(tmp_path, base_size + room)
    if runner is None:
        pytest.skip("no tmpfs: needs root or user namespaces (a file-size limit is no stand-in, see below)")
    full, how = runner
    config = tmp_path / "coachloop.toml"
    config.write_text("[store]\nmin_free_mb = 0\n")
    saved = tmp_path / "saved"
    saved.mkdir()
    batch_command = [
        sys.executable, "-m", "pipeline.cli", "--config", str(config), "run", "--inbox", str(drill.inbox),
        "--db", str(full / "coachloop.duckdb"), "--rules", str(drill.rules), "--workers", "2",
    ]  # fmt: skip
    script = f'cp "{drill.base}" "{full}/coachloop.duckdb" && "$@"; status=$?; cp "{full}"/* "{saved}"/; exit $status'
    if how == "root":
        command = ["sh", "-c", script, "sh", *batch_command]
    else:
        mount = f"mount -t tmpfs -o size={base_size + room} tmpfs {full} && "
        command = ["unshare", "-rm", "sh", "-c", mount + script, "sh", *batch_command]
    try:
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    finally:
        if how == "root":
            subprocess.run(["umount", str(full)], check=False)
    stderr = result.stderr
    assert result.returncode == 2, stderr[-2000:]
    assert "cannot write to" in stderr and "No space left on device" in stderr, stderr[-2000:]
    assert "what was committed before is intact; free space in" in stderr
    assert not list(saved.glob("*.partial*"))  # no half-written analysts' copy left filling the disk
    db = saved / "coachloop.duckdb"
    with duckdb.connect(str(db), read_only=True) as con:  # it opens: no corruption
        loaded = con.execute("SELECT count(*) FROM calls").fetchone()[0]
        utterances = con.execute("SELECT count(*) FROM utterances").fetchone()[0]
    assert BASE_CALLS <= loaded < CALLS and utterances == loaded * 4  # whole calls only
    assert decisions(db) == drill.decisions
    drill.rerun(db)
    compared = assert_same_database(db, drill.reference)
    print(
        f"disk full (tmpfs, {how}): {loaded - BASE_CALLS} calls loaded first; {compared} rows compared after the rerun"
    )


def test_the_batch_keeps_a_margin_of_free_space_and_says_so(drill, tmp_path):
    """Below `min_free_mb` free, no write starts: the disk never fills under DuckDB."""
    db = drill.fresh_copy(tmp_path)
    before = snapshot_of(db)
    free_mb = shutil.disk_usage(tmp_path).free / 2**20
    with pytest.raises(
        StoreWriteError, match=r"MB free in .* below the .* MB coachloop keeps free.*Nothing was written"
    ):
        drill.rerun(db, min_free_mb=free_mb * 2)
    assert snapshot_of(db) == before


FILL_WITH_A_SIZE_LIMIT = """
import resource, signal, sys
from pipeline.config import StoreSettings
from pipeline.store import Store, StoreWriteError
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))
store = Store(sys.argv[1], StoreSettings(min_free_mb=0))
store.migrate()  # views re-created
store.quarantine("inbox/x.json", "sha-x", "unexpected", "a row written: a checkpoint at close")
"""


def test_a_write_limit_on_the_database_file_never_leaves_it_silently_wrong(drill, tmp_path):
    """A checkpoint whose writes fail part-way leaves the file with every call, or (DuckDB 2.0.1,
    depending on where the failed writes land; a quota or a copy-on-write file system behave
    alike) a file DuckDB refuses to open. A full tmpfs never does (test above)."""
    db = drill.fresh_copy(tmp_path)
    subprocess.run([sys.executable, "-c", FILL_WITH_A_SIZE_LIMIT, str(db)], cwd=ROOT, check=False, capture_output=True)
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            calls = con.execute("SELECT count(*) FROM calls").fetchone()[0]
    except duckdb.Error as error:
        pytest.xfail(f"DuckDB 2.0.1 left a corrupt file after failed checkpoint writes: {error}")
    assert calls == BASE_CALLS
