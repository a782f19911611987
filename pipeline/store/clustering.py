"""Tables that pages read one rep or one team at a time, kept in rep order.

DuckDB skips the row groups whose min-max range of a column lies outside a filter, so a rep's or a
team's rows read quickly when they lie together. Writes append in time order (one night's calls
after another), so after a batch run that loaded calls (pipeline/batch/nightly.py) each table is
written again sorted; until then the rows written since sit in a tail that every read scans.
Migration 014 sorted them first.
"""

from __future__ import annotations

import duckdb

# Table -> the order its rows are kept in.
CLUSTERED = {
    "moments": "rep_id, started_at NULLS FIRST, call_id, behaviour",
    "rep_behaviour_days": "rep_id, behaviour, call_date NULLS FIRST",
    "rep_behaviour_weeks": "rep_id, behaviour, week NULLS FIRST",
}


def cluster(con: duckdb.DuckDBPyConnection) -> None:
    """Write each table of `CLUSTERED` again in its order (in the caller's transaction)."""
    con.execute("SET enable_progress_bar = false")  # seconds at a million calls: no bar on the batch's stderr
    for table, order in CLUSTERED.items():
        con.execute(f"CREATE TEMP TABLE clustered AS SELECT * FROM {table} ORDER BY {order}")
        con.execute(f"DELETE FROM {table}")
        con.execute(f"INSERT INTO {table} SELECT * FROM clustered ORDER BY {order}")
        con.execute("DROP TABLE clustered")
