"""The web server's one instance on the database file (`pipeline.store.shared`)."""

from __future__ import annotations

from types import SimpleNamespace

import duckdb
import pytest

from pipeline.errors import StoreBusyError
from pipeline.store import Store
from pipeline.store.shared import SharedDatabase, snapshot_reads, stale_reads_allowed
from tests.support.locks import write_lock_held


def test_a_session_read_opens_the_file_as_soon_as_its_holder_has_ended(db_path):
    """A session is never read from memory once the process that held the file is gone: a
    password change made by `coachloop users add` would otherwise leave a revoked session working
    until the background thread tries the file again."""
    Store(db_path).migrate()
    # The background thread rests for 100 s between looks: only the request can open the file here.
    shared = SharedDatabase(db_path, poll_s=5.0)
    allowed = stale_reads_allowed.set(True)  # a page's read: busy at once while the file is held
    try:
        with write_lock_held(db_path) as holder:
            with pytest.raises(StoreBusyError, match=f"PID {holder.pid}"):
                with shared.cursor(live=True):
                    pass
        with shared.cursor(live=True) as cursor:  # the holder has ended
            assert cursor.execute("SELECT count(*) FROM web_sessions").fetchone() == (0,)
        assert shared.serving_live
    finally:
        stale_reads_allowed.reset(allowed)
        shared.close()


def test_a_page_read_after_the_holder_has_ended_reads_the_file_and_not_the_snapshot(db_path, tmp_path):
    """The snapshot stands in only while another process holds the file: once that process has
    ended, the next page read shows what it wrote, even before the background thread has looked."""
    store = Store(db_path)
    store.migrate()
    snapshot = store.refresh_snapshot(tmp_path / "snapshot.duckdb")
    shared = SharedDatabase(db_path, snapshot=snapshot, poll_s=5.0)  # the thread rests 100 s
    allowed = stale_reads_allowed.set(True)
    seen = snapshot_reads.set([])
    try:
        with write_lock_held(db_path):
            with shared.cursor() as cursor:  # held: from the snapshot at once
                assert cursor.execute("SELECT count(*) FROM reps").fetchone() == (0,)
            assert len(snapshot_reads.get()) == 1
        Store(db_path).sync_roster(
            [SimpleNamespace(rep_id="rep_zoe", rep_name="Zoe", manager_id=None)]
        )  # another process's write, now ended
        with shared.cursor() as cursor:
            assert cursor.execute("SELECT rep_id FROM reps").fetchall() == [("rep_zoe",)]
        assert len(snapshot_reads.get()) == 1 and shared.serving_live
    finally:
        snapshot_reads.reset(seen)
        stale_reads_allowed.reset(allowed)
        shared.close()


def test_the_servers_instance_runs_each_query_on_the_threads_it_was_given_and_still_lets_the_store_in(db_path):
    """Pages are small queries side by side: the server's instance runs each on one thread when
    told so, set on the instance (a connect configuration of its own would refuse the store's
    other connections to the same file)."""
    Store(db_path).migrate()
    shared = SharedDatabase(db_path, threads=1)
    try:
        with shared.cursor() as cursor:
            assert cursor.execute("SELECT current_setting('threads')").fetchone() == (1,)
        store = Store(db_path)  # the app's short connections join the open instance
        assert store.rows("SELECT count(*) AS n FROM web_sessions") == [{"n": 0}]
    finally:
        shared.close()
    default = SharedDatabase(db_path)
    try:
        with default.cursor() as cursor:
            own = cursor.execute("SELECT current_setting('threads')").fetchone()
        with duckdb.connect() as fresh:  # DuckDB's default: one thread per core
            assert own == fresh.execute("SELECT current_setting('threads')").fetchone()
    finally:
        default.close()
