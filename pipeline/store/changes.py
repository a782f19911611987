"""What a write transaction changed, as the web server needs to know it: which reps' data.

A process other than the server (the nightly batch, the command line) records one `store_changes`
row per rep a transaction changed, or one row without a rep when the change may show on any page.
Writes say their reps with `scoped_to` (a call loaded: its rep); a write that says nothing is
recorded as changing everything, so a forgotten scope costs the server a read, never a stale page.
The server reads the rows added while another process had the file (`changed_since`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import duckdb

# The reps the current transaction changes; None: any page may change.
_scope: ContextVar[set[str] | None] = ContextVar("change_scope", default=None)
KEPT_DAYS = 7  # rows older than this are dropped (the server looks at most at a night's worth)


@contextmanager
def scoped_to(rep_ids: Iterable[str]) -> Iterator[set[str]]:
    """The transactions in this block change only these reps' data (none: no page changes); a
    transaction that finds another rep concerned adds it to the set given."""
    reps = set(rep_ids)
    token = _scope.set(reps)
    try:
        yield reps
    finally:
        _scope.reset(token)


def record(con: duckdb.DuckDBPyConnection) -> None:
    """Record the current transaction's scope, inside it (from the migration that made the table on)."""
    scope = _scope.get()
    if scope is None:
        record_everything(con)
    elif scope and _recorded_in(con):
        con.executemany("INSERT INTO store_changes (rep_id) VALUES (?)", [[rep] for rep in sorted(scope)])


def record_everything(con: duckdb.DuckDBPyConnection) -> None:
    """Record, inside the current transaction, a change that may show on any page."""
    if _recorded_in(con):
        con.execute("INSERT INTO store_changes (rep_id) VALUES (NULL)")


def _recorded_in(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database has the table (the migrations that make it may not have run yet)."""
    found = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'store_changes' AND schema_name = 'main'"
    ).fetchone()
    return bool(found[0])


def prune(con: duckdb.DuckDBPyConnection) -> None:
    if _recorded_in(con):
        con.execute(f"DELETE FROM store_changes WHERE changed_at < current_timestamp - INTERVAL {KEPT_DAYS} DAY")


def latest(con: duckdb.DuckDBPyConnection) -> int | None:
    """The last change recorded; None before the migration that records them."""
    try:
        return con.execute("SELECT coalesce(max(change_id), 0) FROM store_changes").fetchone()[0]
    except duckdb.Error:
        return None


def changed_since(con: duckdb.DuckDBPyConnection, change_id: int | None) -> tuple[int | None, frozenset[str] | None]:
    """(the last change recorded, the reps changed after `change_id`); None for reps: anything may
    have changed (a change without a rep, no earlier mark to compare with, or no changes table)."""
    last = latest(con)
    if last is None or change_id is None:
        return last, None
    found = con.execute(
        "SELECT bool_or(rep_id IS NULL), list(DISTINCT rep_id) FILTER (WHERE rep_id IS NOT NULL)"
        " FROM store_changes WHERE change_id > ?",
        [change_id],
    ).fetchone()
    if found[0]:
        return last, None
    return last, frozenset(found[1] or ())
