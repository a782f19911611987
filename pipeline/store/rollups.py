"""Counts of findings kept up to date by every write, so that pages and analyst views read small tables.

`rep_behaviour_days` and `rep_behaviour_weeks` (migration 013) hold, per rep, behaviour and day (or
ISO week, starting Monday) of the call: the calls judged, applicable, with a gap, met. A write adds
the call's findings in the same transaction that writes them; a call replaced or erased is taken
out first, with the findings it had. A count that falls to zero leaves no row. Calls without a start
time count under a NULL day and week, as `behaviour_trends` always grouped them.
"""

from __future__ import annotations

import duckdb

# Rollup table -> (its period column, the period of a call `c`).
PERIODS = {
    "rep_behaviour_days": ("call_date", "CAST(c.started_at AS DATE)"),
    "rep_behaviour_weeks": ("week", "CAST(date_trunc('week', c.started_at) AS DATE)"),
}
COUNTS = ("calls", "applicable_calls", "gap_calls", "met_calls")

_CHANGE = """
MERGE INTO {table} AS r
USING (
    SELECT c.rep_id, f.behaviour, {period_of_call} AS {period},
           ? * count(*) AS calls,
           ? * count(*) FILTER (WHERE f.verdict <> 'not_applicable') AS applicable_calls,
           ? * count(*) FILTER (WHERE f.verdict = 'gap') AS gap_calls,
           ? * count(*) FILTER (WHERE f.verdict = 'met') AS met_calls
    FROM findings f JOIN calls c USING (call_id)
    WHERE {calls_filter}
    GROUP BY ALL
) AS d
ON r.rep_id = d.rep_id AND r.behaviour = d.behaviour AND r.{period} IS NOT DISTINCT FROM d.{period}
WHEN MATCHED AND r.calls + d.calls = 0 THEN DELETE
WHEN MATCHED THEN UPDATE SET {added}
WHEN NOT MATCHED THEN INSERT (rep_id, behaviour, {period}, {counts}) VALUES (d.rep_id, d.behaviour, d.{period}, {new})
"""


def _change(con: duckdb.DuckDBPyConnection, call_ids: list[str], sign: int) -> None:
    if not call_ids:
        return
    # One call (a nightly write): equalities on both tables, so DuckDB skips the row groups without it.
    calls_filter, ids = (
        ("f.call_id = ? AND c.call_id = ?", [call_ids[0], call_ids[0]])
        if len(call_ids) == 1
        else ("c.call_id IN (SELECT unnest(?::VARCHAR[]))", [list(call_ids)])
    )
    for table, (period, period_of_call) in PERIODS.items():
        sql = _CHANGE.format(
            calls_filter=calls_filter,
            table=table,
            period=period,
            period_of_call=period_of_call,
            added=", ".join(f"{name} = r.{name} + d.{name}" for name in COUNTS),
            counts=", ".join(COUNTS),
            new=", ".join(f"d.{name}" for name in COUNTS),
        )
        con.execute(sql, [sign, sign, sign, sign, *ids])


def add_calls(con: duckdb.DuckDBPyConnection, call_ids: list[str]) -> None:
    """Count the stored findings of these calls in (just after they are written)."""
    _change(con, call_ids, +1)


def remove_calls(con: duckdb.DuckDBPyConnection, call_ids: list[str]) -> None:
    """Take the stored findings of these calls out (just before they are deleted)."""
    _change(con, call_ids, -1)
