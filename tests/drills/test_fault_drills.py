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
import signal
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipeline.batch import nightly as batch
from pipeline.coaching import triage
from pipeline.errors import StoreBusyError
from pipeline.store import Store, StoreWriteError
from pipeline.web.auth import hash_password
from tests.support.inbox import batch_settings, replicate_samples
from tests.support.paths import ROOT

CALLS = 10  # in the inbox; the first BASE_CALLS are loaded before any drill
BASE_CALLS = 4
SEEDS = (11, 23, 37, 41)
MANAGER = "mgr_drill"
# Columns that differ between two correct runs: when a row was written (their default is the
# clock, or the clock sets them), which run wrote it. Dates and times of the data are compared.
VOLATILE_COLUMNS = {"run_id", "flow_run_id", "resolved_at"}
# Tables about the runs themselves (timings, pids) and the app's random signing key.
VOLATILE_TABLES = {"pipeline_runs", "app_secrets"}
DECISIONS = "SELECT observation_id, call_id, behaviour, decision, diagnosis FROM observations ORDER BY observation_id"


def pattern_rules(folder: Path) -> Path:
    rules = folder / "rules"
    shutil.copytree(ROOT / "rules", rules)
    analysis = rules / "analysis.yaml"
    analysis.write_text(analysis.read_text().replace("  enabled: true", "  enabled: false"))
    return rules


def snapshot_of(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, without the columns that say when or by which run."""
    tables: dict[str, list[tuple]] = {}
    with duckdb.connect(str(db), read_only=True) as con:
        columns: dict[str, list[str]] = {}
        for table, column, default in con.execute(
            "SELECT table_name, column_name, coalesce(column_default, '') FROM information_schema.columns c"
            " JOIN information_schema.tables t USING (table_schema, table_name)"
            " WHERE t.table_type = 'BASE TABLE' ORDER BY table_name, ordinal_position"
        ).fetchall():
            clock = "current_timestamp" in default.lower() or "now()" in default.lower()
            if table not in VOLATILE_TABLES and not clock and column not in VOLATILE_COLUMNS:
                columns.setdefault(table, []).append(f'CAST("{column}" AS VARCHAR)')
        for table, names in columns.items():
            tables[table] = sorted(con.execute(f'SELECT {", ".join(names)} FROM "{table}"').fetchall(), key=repr)
    return tables


def assert_same_database(db: Path, reference: dict[str, list[tuple]]) -> int:
    """Compares table by table (a difference names its table); returns the rows compared."""
    found = snapshot_of(db)
    assert sorted(found) == sorted(reference)
    for table, rows in reference.items():
        assert found[table] == rows, f"table {table} differs from the uninterrupted run"
    return sum(len(rows) for rows in reference.values())


def decisions(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(DECISIONS).fetchall()


def count_calls(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM calls").fetchone()[0]


def cli_batch(inbox: Path, db: Path, rules: Path, stderr=subprocess.PIPE, **popen) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "run", "--inbox", str(inbox), "--db", str(db), "--rules", str(rules)]
        + ["--workers", "2"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        text=True,
        start_new_session=True,
        **popen,
    )


@pytest.fixture(scope="module")
def drill(tmp_path_factory) -> dict:
    """The inbox, the starting database, and what an uninterrupted run makes of it."""
    folder = tmp_path_factory.mktemp("drills")
    rules = pattern_rules(folder)
    inbox = folder / "inbox"
    replicate_samples(inbox, CALLS, utterances=4)
    first = folder / "first"
    first.mkdir()
    for path in sorted(inbox.iterdir())[:BASE_CALLS]:
        shutil.copy(path, first / path.name)
    base = folder / "base.duckdb"
    settings = replace(batch_settings(folder, first, workers=2), db_path=base, rules_dir=rules)
    batch.run_batch(settings)
    store = Store(base)
    triage.save_manager(store, MANAGER, "Drill", hash_password("drill-password-1"))
    decided = []
    for call in store.rows("SELECT call_id, rep_id FROM calls ORDER BY call_id"):
        triage.assign_rep(store, MANAGER, call["rep_id"])
        gap = store.rows("SELECT behaviour FROM findings WHERE call_id = ? AND verdict = 'gap'", [call["call_id"]])
        if gap:
            decided.append(
                triage.decide(store, MANAGER, call["call_id"], gap[0]["behaviour"], "confirmed", diagnosis="drill")
            )
    plan = triage.PlanInput(decided[0], "Ask first, then show", date(2026, 12, 1), apply_date=date(2026, 11, 1))
    triage.create_plan(store, MANAGER, plan)
    reference = folder / "reference.duckdb"
    shutil.copy(base, reference)
    batch.run_batch(replace(settings, inbox_dir=inbox, db_path=reference))
    expected = snapshot_of(reference)
    assert len(expected["calls"]) == CALLS and len(decided) >= 2
    return {
        "folder": folder,
        "rules": rules,
        "inbox": inbox,
        "base": base,
        "decisions": decisions(base),
        "reference": expected,
        "settings": settings,
    }


def fresh_copy(drill: dict, tmp_path: Path) -> Path:
    db = tmp_path / "coachloop.duckdb"
    shutil.copy(drill["base"], db)
    return db


def rerun(drill: dict, db: Path, **store) -> batch.BatchReport:
    settings = replace(drill["settings"], inbox_dir=drill["inbox"], db_path=db)
    if store:
        settings = replace(settings, store=replace(settings.store, **store))
    return batch.run_batch(settings)


def kill_at(process: subprocess.Popen, rng: random.Random, mode: str) -> str:
    """SIGKILL the batch at a point drawn from `rng`; returns where it was."""
    if mode == "time":  # anywhere in the run: start-up, migration, loading, the end
        time.sleep(rng.uniform(0.2, 8.0))
        where = "after a random delay"
    else:  # right after the k-th call was committed, plus a few milliseconds into the next
        after = rng.randrange(0, CALLS - BASE_CALLS)
        loaded = 0
        while loaded <= after:
            line = process.stderr.readline()
            if not line:
                break
            loaded += line.startswith("  loaded ")
        time.sleep(rng.uniform(0.0, 0.05))
        where = f"after {loaded} loaded"
    finished = process.poll() is not None
    if not finished:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    process.stderr.close()
    return "finished before the kill" if finished else where


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_a_batch_killed_at_a_random_point_and_rerun_ends_identical_to_an_uninterrupted_run(drill, tmp_path, seed):
    rng = random.Random(seed)
    db = fresh_copy(drill, tmp_path)
    mode = "time" if seed == SEEDS[0] else "loaded"
    where = kill_at(cli_batch(drill["inbox"], db, drill["rules"]), rng, mode)
    assert decisions(db) == drill["decisions"], f"decisions changed by a kill {where}"
    with duckdb.connect(str(db), read_only=True) as con:  # no call half-loaded: all its rows or none
        partial = con.execute(
            "SELECT c.call_id FROM calls c LEFT JOIN (SELECT call_id, count(*) AS n FROM utterances GROUP BY ALL) u"
            " USING (call_id) WHERE coalesce(u.n, 0) <> 4"
        ).fetchall()
    assert partial == []
    at_kill = count_calls(db) - BASE_CALLS

    report = rerun(drill, db)

    assert report.count("quarantined") == 0
    compared = assert_same_database(db, drill["reference"])
    print(f"seed {seed}: killed {where} ({at_kill} of {CALLS - BASE_CALLS} new calls in); {compared} rows compared")
    runs = Store(db).rows("SELECT status FROM pipeline_runs ORDER BY started_at")
    assert runs[-1]["status"] == "finished" and "running" not in {run["status"] for run in runs}


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
    db = fresh_copy(drill, tmp_path)
    holder = analyst(db, 2.0)
    started = time.monotonic()
    report = rerun(drill, db, lock_timeout_s=60.0, lock_retry_interval_s=0.1)
    holder.wait(timeout=30)
    assert time.monotonic() - started >= 1.0  # it really waited
    assert "is locked by another process; waiting" in capfd.readouterr().err
    assert report.count("loaded") == CALLS - BASE_CALLS
    assert_same_database(db, drill["reference"])


@pytest.mark.slow
def test_the_batch_gives_up_clearly_when_the_analyst_keeps_the_file_and_loses_nothing(drill, tmp_path):
    db = fresh_copy(drill, tmp_path)
    before = snapshot_of(db)
    holder = analyst(db, 60.0)
    try:
        with pytest.raises(StoreBusyError, match="locked by another process; gave up after 1s.*nothing was written"):
            rerun(drill, db, lock_timeout_s=1.0, lock_retry_interval_s=0.1)
    finally:
        holder.kill()
        holder.wait()
    assert snapshot_of(db) == before  # not one row changed, decisions included
    rerun(drill, db)  # the next night, with the analyst gone
    assert_same_database(db, drill["reference"])


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
    base_size = drill["base"].stat().st_size
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
        sys.executable, "-m", "pipeline.cli", "--config", str(config), "run", "--inbox", str(drill["inbox"]),
        "--db", str(full / "coachloop.duckdb"), "--rules", str(drill["rules"]), "--workers", "2",
    ]  # fmt: skip
    script = (
        f'cp "{drill["base"]}" "{full}/coachloop.duckdb" && "$@"; status=$?; cp "{full}"/* "{saved}"/; exit $status'
    )
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
    assert decisions(db) == drill["decisions"]
    rerun(drill, db)
    compared = assert_same_database(db, drill["reference"])
    print(
        f"disk full (tmpfs, {how}): {loaded - BASE_CALLS} calls loaded first; {compared} rows compared after the rerun"
    )


def test_the_batch_keeps_a_margin_of_free_space_and_says_so(drill, tmp_path):
    """Below `min_free_mb` free, no write starts: the disk never fills under DuckDB."""
    db = fresh_copy(drill, tmp_path)
    before = snapshot_of(db)
    free_mb = shutil.disk_usage(tmp_path).free / 2**20
    with pytest.raises(
        StoreWriteError, match=r"MB free in .* below the .* MB coachloop keeps free.*Nothing was written"
    ):
        rerun(drill, db, min_free_mb=free_mb * 2)
    assert snapshot_of(db) == before


FILL_WITH_A_SIZE_LIMIT = """
import resource, signal, sys
from pipeline.config import StoreSettings
from pipeline.store import Store, StoreWriteError
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))
Store(sys.argv[1], StoreSettings(min_free_mb=0)).migrate()  # views re-created, checkpoint at close
"""


@pytest.mark.xfail(
    strict=True,
    reason="DuckDB 2.0.1: a checkpoint at close whose writes fail part-way (a file-size limit; a quota or a "
    "copy-on-write file system behave alike) leaves a corrupt file. A full tmpfs does not (test above).",
)
def test_a_write_limit_on_the_database_file_leaves_it_readable(drill, tmp_path):
    db = fresh_copy(drill, tmp_path)
    subprocess.run([sys.executable, "-c", FILL_WITH_A_SIZE_LIMIT, str(db)], cwd=ROOT, check=False, capture_output=True)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM calls").fetchone()[0] == BASE_CALLS
