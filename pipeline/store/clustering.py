"""Tables that pages read one rep or one team at a time, kept in rep order (calls among them).

DuckDB skips the row groups whose min-max range of a column lies outside a filter, so a rep's or a
team's rows read quickly when they lie together. Writes append in time order (one night's calls
after another): the rows written since a table was last sorted sit in a tail that every read
scans. At the end of each batch run (pipeline/batch/nightly.py) a table is written again sorted
once that tail is a row group's worth of rows (DuckDB reads whole row groups) or a twentieth of
the table, whichever is smaller: on a small database after every run, on a year of a large team
about once a fortnight, instead of rewriting millions of rows (tens of seconds with the file held)
for one night's calls. `clustered_tables` (migration 016) keeps the count sorted last time.
Migration 014 sorted them first.
"""

from __future__ import annotations

import duckdb

# Table -> the order its rows are kept in.
CLUSTERED = {
    "calls": "rep_id, started_at NULLS FIRST, call_id",
    "moments": "rep_id, started_at NULLS FIRST, call_id, behaviour",
    "rep_behaviour_days": "rep_id, behaviour, call_date NULLS FIRST",
    "rep_behaviour_weeks": "rep_id, behaviour, week NULLS FIRST",
}


ROW_GROUP_ROWS = 122_880  # DuckDB's row group
TAIL_SHARE = 0.05


def cluster(con: duckdb.DuckDBPyConnection, force: bool = False) -> list[str]:
    """Write the tables of `CLUSTERED` whose unsorted tail has grown (all of them with `force`)
    again in their order, in the caller's transaction; returns the tables written."""
    con.execute("SET enable_progress_bar = false")  # seconds at a million calls: no bar on the batch's stderr
    written = []
    for table, order in CLUSTERED.items():
        rows = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        found = con.execute("SELECT sorted_rows FROM clustered_tables WHERE table_name = ?", [table]).fetchone()
        tail = rows - (found[0] if found else 0)  # below zero after erasures, which keep the order
        if force or (tail > 0 and tail >= min(ROW_GROUP_ROWS, TAIL_SHARE * rows)):
            con.execute(f"CREATE TEMP TABLE clustered AS SELECT * FROM {table} ORDER BY {order}")
            con.execute(f"DELETE FROM {table}")
            con.execute(f"INSERT INTO {table} SELECT * FROM clustered ORDER BY {order}")
            con.execute("DROP TABLE clustered")
            written.append(table)
        elif tail >= 0:
            continue
        con.execute("INSERT OR REPLACE INTO clustered_tables (table_name, sorted_rows) VALUES (?, ?)", [table, rows])
    return written
