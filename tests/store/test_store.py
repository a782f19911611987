import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipeline.config import StoreSettings
from pipeline.errors import StoreBusyError
from pipeline.store import DuplicateCallError, Store, migration_files
from tests.support.transcripts import make_transcript

CALL = make_transcript(
    "rep: Who else is involved in the decision?",
    "buyer: Our CFO signs off.",
    "rep: Let me share my screen and walk you through the platform.",
    call_id="c-store-1",
)


def table_counts(path: Path) -> dict[str, int]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {
            table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("calls", "utterances", "findings", "call_metrics", "reps")
        }


def test_migrations_apply_once_and_rerun_changes_nothing(db_path):
    store = Store(db_path)
    first = store.migrate()
    assert first == [name for _, name, _ in migration_files()]
    with duckdb.connect(str(db_path), read_only=True) as con:
        before = con.execute("SELECT * FROM schema_migrations ORDER BY version").fetchall()
        views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert store.migrate() == []
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("SELECT * FROM schema_migrations ORDER BY version").fetchall() == before
    assert store.schema_version() == migration_files()[-1][0]
    assert "behaviour_trends" in views


def test_loading_the_same_call_twice_keeps_one_copy(db_path, analyzer):
    store = Store(db_path)
    store.migrate()
    analysis = analyzer.analyze(CALL)
    assert store.load_call(CALL, analysis, "hash-a").status == "loaded"
    counts = table_counts(db_path)
    assert store.load_call(CALL, analysis, "hash-a").status == "unchanged"
    assert table_counts(db_path) == counts
    assert counts["calls"] == 1 and counts["utterances"] == 3 and counts["findings"] == len(analyzer.rules)


def test_same_call_id_with_other_content_is_refused_unless_replacing(db_path, analyzer):
    store = Store(db_path)
    store.migrate()
    store.load_call(CALL, analyzer.analyze(CALL), "hash-a")
    changed = make_transcript("rep: Hello.", call_id=CALL.call_id)
    with pytest.raises(DuplicateCallError, match="different content"):
        store.load_call(changed, analyzer.analyze(changed), "hash-b")
    assert store.load_call(changed, analyzer.analyze(changed), "hash-b", replace=True).status == "replaced"
    counts = table_counts(db_path)
    assert counts["calls"] == 1 and counts["utterances"] == 1


def test_behaviour_trends_view(db_path, analyzer):
    store = Store(db_path)
    store.migrate()
    store.load_call(CALL, analyzer.analyze(CALL), "hash-a")
    rows = store.rows("SELECT * FROM behaviour_trends WHERE behaviour = 'budget_before_demo'")
    assert rows == [
        {
            "rep_id": "rep_test",
            "week": rows[0]["week"],
            "behaviour": "budget_before_demo",
            "applicable_calls": 1,
            "gap_calls": 1,
            "gap_rate": 1.0,
        }
    ]
    assert str(rows[0]["week"]) == "2026-11-02"


def test_an_analyst_s_frame_holds_the_rows_with_their_types(db_path, analyzer):
    store = Store(db_path)
    store.migrate()
    store.load_call(CALL, analyzer.analyze(CALL), "hash-a")
    sql = "SELECT * FROM behaviour_trends WHERE behaviour = ? ORDER BY rep_id"
    trends = store.frame(sql, ["budget_before_demo"])
    assert trends.to_dict("records") == [
        {
            "rep_id": "rep_test",
            "week": pd.Timestamp("2026-11-02"),
            "behaviour": "budget_before_demo",
            "applicable_calls": 1,
            "gap_calls": 1,
            "gap_rate": 1.0,
        }
    ]
    assert pd.api.types.is_datetime64_any_dtype(trends["week"]) and pd.api.types.is_string_dtype(trends["rep_id"])
    assert trends["rep_id"].str.startswith("rep_").all()  # text columns take pandas' string methods
    assert store.frame(sql, ["no_such_behaviour"]).empty
    assert len(store.frame("SELECT * FROM behaviour_trends")) == len(store.rows("SELECT * FROM behaviour_trends"))


HOLD_LOCK = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("SELECT 1")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def hold_lock(db_path: Path, seconds: float) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db_path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "locked"
    return holder


def test_writer_waits_for_a_lock_held_by_another_process(db_path, analyzer, capsys):
    store = Store(db_path, StoreSettings(lock_timeout_s=30, lock_retry_interval_s=0.1))
    store.migrate()
    analysis = analyzer.analyze(CALL)  # before the lock: on a busy machine analysis may outlast it
    holder = hold_lock(db_path, 2.0)
    started = time.monotonic()
    assert store.load_call(CALL, analysis, "hash-a").status == "loaded"
    waited = time.monotonic() - started
    holder.wait(timeout=10)
    assert waited >= 0.5  # it really was refused at first
    assert "locked by another process; waiting" in capsys.readouterr().err
    assert table_counts(db_path)["calls"] == 1


def test_writer_gives_up_with_a_clear_error(db_path, analyzer):
    store = Store(db_path, StoreSettings(lock_timeout_s=0.5, lock_retry_interval_s=0.1))
    store.migrate()
    holder = hold_lock(db_path, 5)
    try:
        with pytest.raises(StoreBusyError, match="nothing was written"):
            store.load_call(CALL, analyzer.analyze(CALL), "hash-a")
    finally:
        holder.kill()
        holder.wait()
    assert table_counts(db_path)["calls"] == 0


def test_quarantine_entry_is_resolved_when_the_item_loads(db_path, analyzer):
    store = Store(db_path)
    store.migrate()
    call = make_transcript("rep: Hi.", call_id="c-q")
    call.source = {"file": "/inbox/c-q.json", "format": "json"}
    store.quarantine("/inbox/c-q.json", "old-hash", "transcript", "invalid JSON")
    store.quarantine("/inbox/c-q.json", "old-hash", "transcript", "invalid JSON")  # a rerun refreshes, no duplicate
    assert len(store.rows("SELECT * FROM open_quarantine")) == 1
    store.load_call(call, analyzer.analyze(call), "new-hash")
    assert store.rows("SELECT * FROM open_quarantine") == []


def test_a_missing_table_is_an_error_never_a_python_variable_of_its_name(db_path):
    store = Store(db_path)
    store.migrate()
    no_such_table = [{"x": 1}]  # noqa: F841 - what DuckDB's replacement scan would read
    with pytest.raises(duckdb.CatalogException):
        store.rows("SELECT * FROM no_such_table")
