"""The kill drills' tools: a starting database with manager decisions on it, what an
uninterrupted run makes of it, a batch process to kill, and a table-by-table comparison.

Used by tests/drills/test_fault_drills.py and benchmarks/kill_drill.py.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import duckdb

from pipeline.batch import nightly as batch
from pipeline.coaching import triage
from pipeline.config import Settings
from pipeline.store import Store
from pipeline.web.auth import hash_password
from tests.support.inbox import batch_settings
from tests.support.paths import ROOT

MANAGER = "mgr_drill"
# Columns that differ between two correct runs: when a row was written (their default is the
# clock, or the clock sets them), which run wrote it. Dates and times of the data are compared.
VOLATILE_COLUMNS = {"run_id", "flow_run_id", "resolved_at", "updated_at"}
# Keys inside JSON columns that measure the run: how long transcription took (model loading
# included, which a rerun with the models already loaded skips) and its speed.
VOLATILE_JSON = {"transcript_info": ("timing_s", "x_real_time")}
# Tables about the runs themselves (timings, pids; the changes each write recorded, which a rerun
# records again) and the app's random signing key.
VOLATILE_TABLES = {"pipeline_runs", "store_changes", "app_secrets"}
DECISIONS = "SELECT observation_id, call_id, behaviour, decision, diagnosis FROM observations ORDER BY observation_id"


def pattern_rules(folder: Path) -> Path:
    """A copy of the rules with the classifier pass off: the batch is what is drilled, not the models."""
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
            if table in VOLATILE_TABLES or clock or column in VOLATILE_COLUMNS:
                continue
            if column in VOLATILE_JSON:
                # A merge patch with a key set to null removes that key.
                keys = ", ".join(f"'{key}', NULL" for key in VOLATILE_JSON[column])
                value = f'CAST(json_merge_patch("{column}", json_object({keys})) AS VARCHAR)'
            else:
                value = f'CAST("{column}" AS VARCHAR)'
            columns.setdefault(table, []).append(value)
        for table, names in columns.items():
            tables[table] = sorted(con.execute(f'SELECT {", ".join(names)} FROM "{table}"').fetchall(), key=repr)
    return tables


def differences(db: Path, reference: dict[str, list[tuple]]) -> list[str]:
    """The tables of `db` whose rows differ from `reference` (empty when the same)."""
    found = snapshot_of(db)
    if sorted(found) != sorted(reference):
        return [f"tables {sorted(set(found) ^ set(reference))} only on one side"]
    return [table for table, rows in reference.items() if found[table] != rows]


def assert_same_database(db: Path, reference: dict[str, list[tuple]]) -> int:
    """Compares table by table (a difference names its table); returns the rows compared."""
    differing = differences(db, reference)
    assert not differing, f"differs from the uninterrupted run: {', '.join(differing)}"
    return sum(len(rows) for rows in reference.values())


def decisions(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(DECISIONS).fetchall()


def count_calls(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM calls").fetchone()[0]


def half_loaded_calls(db: Path, utterances: dict[str, int]) -> list[str]:
    """Calls whose utterances are not all there (each call's count from `utterances`)."""
    with duckdb.connect(str(db), read_only=True) as con:
        loaded = dict(
            con.execute(
                "SELECT c.call_id, count(u.call_id) FROM calls c LEFT JOIN utterances u USING (call_id) GROUP BY ALL"
            ).fetchall()
        )
    return sorted(call for call, count in loaded.items() if utterances.get(call) != count)


@dataclass
class Drill:
    """An inbox, the database before the drilled run, and what an uninterrupted run makes of it."""

    folder: Path
    inbox: Path
    rules: Path
    base: Path
    settings: Settings
    decisions: list[tuple]
    reference: dict[str, list[tuple]]
    utterances: dict[str, int]  # per call id, in the uninterrupted run

    def fresh_copy(self, folder: Path) -> Path:
        db = folder / "coachloop.duckdb"
        shutil.copy(self.base, db)
        return db

    def rerun(self, db: Path, **store) -> batch.BatchReport:
        settings = replace(self.settings, inbox_dir=self.inbox, db_path=db)
        if store:
            settings = replace(settings, store=replace(settings.store, **store))
        return batch.run_batch(settings)


def build_drill(folder: Path, inbox: Path, rules: Path, first: list[Path], workers: int = 2) -> Drill:
    """Load `first` (files of `inbox`), record a manager's decisions and a coaching plan on it,
    then run the whole inbox uninterrupted on a copy: the reference every drill must end equal to."""
    first_inbox = folder / "first"
    first_inbox.mkdir()
    for path in first:
        shutil.copy(path, first_inbox / path.name)
    base = folder / "base.duckdb"
    settings = replace(batch_settings(folder, first_inbox, workers=workers), db_path=base, rules_dir=rules)
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
    with duckdb.connect(str(reference), read_only=True) as con:
        utterances = dict(
            con.execute(
                "SELECT c.call_id, count(u.call_id) FROM calls c LEFT JOIN utterances u USING (call_id) GROUP BY ALL"
            ).fetchall()
        )
    assert len(decided) >= 2, "the drill needs decisions to protect"
    return Drill(folder, inbox, rules, base, settings, decisions(base), snapshot_of(reference), utterances)


def cli_batch(
    inbox: Path, db: Path, rules: Path, stderr=subprocess.PIPE, env: dict | None = None, **popen
) -> subprocess.Popen:
    """`coachloop run` in its own session (process group), so that a kill takes all of it."""
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "run", "--inbox", str(inbox), "--db", str(db), "--rules", str(rules)]
        + ["--workers", "2"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        text=True,
        start_new_session=True,
        env=env,
        **popen,
    )


def kill_at(process: subprocess.Popen, rng: random.Random, mode: str, new_calls: int, longest_s: float = 8.0) -> str:
    """SIGKILL the batch at a point drawn from `rng`; returns where it was."""
    if mode == "time":  # anywhere in the run: start-up, migration, loading, the end
        time.sleep(rng.uniform(0.2, longest_s))
        where = "after a random delay"
    else:  # right after the k-th call was committed, plus a few milliseconds into the next
        after = rng.randrange(0, new_calls)
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
