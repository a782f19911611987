"""Many new calls written in one transaction: a history imported at once, or the benchmark's database.

The rows are `call_rows`' rows and the statements come from the same `COLUMNS` as a nightly write
(pipeline/store/call_rows.py); only the way they travel differs, one DataFrame per table instead of one
statement per row, and the rollups and moments grow once for all of them.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from pipeline.errors import CallDataError, DuplicateCallError
from pipeline.model import CallAnalysis, Transcript
from pipeline.store import moments, rollups
from pipeline.store.call_rows import COLUMNS, RESOLVE_QUARANTINE, UPSERT_REP, call_rows, quoted_columns
from pipeline.store.database import Store, refused_as
from pipeline.store.deals import name_deals

# Types DuckDB cannot tell from a DataFrame's Python objects (lists, JSON text, a column of None).
_CASTS = {
    "started_at": "TIMESTAMP",
    "deal_id": "VARCHAR",
    "deal_stage": "VARCHAR",
    "duration_s": "DOUBLE",
    "source_path": "VARCHAR",
    "source_format": "VARCHAR",
    "transcript_info": "JSON",
    "analysis_info": "JSON",
    "speaker_name": "VARCHAR",
    "speaker_confidence": "DOUBLE",
    "words": "JSON",
    "evidence": "INTEGER[]",
    "missing": "VARCHAR[]",
    "start": "DOUBLE",
    "end": "DOUBLE",
    "talk_ratio": "DOUBLE",
    "patience_s": "DOUBLE",
}
# One name per rep: the last one given that is not empty, as one call after another would leave it.
_NEW_REPS = (
    "SELECT rep_id, last(rep_name ORDER BY position) FILTER (WHERE rep_name IS NOT NULL)"
    " FROM (SELECT *, row_number() OVER () AS position FROM new_reps) GROUP BY rep_id"
)


def _insert_from(table: str, frame: str) -> str:
    values = ", ".join(
        f'CAST("{column}" AS {_CASTS[column]})' if column in _CASTS else f'"{column}"' for column in COLUMNS[table]
    )
    return f"INSERT INTO {table} ({quoted_columns(table)}) SELECT {values} FROM {frame}"


def _frame(table: str, rows: list[list]) -> pd.DataFrame:
    """The rows as one DataFrame, built column by column (far faster than row by row)."""
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(COLUMNS[table])
    return pd.DataFrame(
        {name: pd.Series(values, dtype=object) for name, values in zip(COLUMNS[table], columns, strict=True)}
    )


def load_new_calls(store: Store, calls: Iterable[tuple[Transcript, CallAnalysis, str, str | None]]) -> int:
    """Write calls not loaded yet, each (transcript, analysis, content_hash, rep_name), in one transaction.

    A call id already loaded, or given twice, raises DuplicateCallError and nothing is written; data
    the database refuses raises CallDataError. Returns the number of calls written.
    """
    built = [call_rows(*call) for call in calls]
    if not built:
        return 0
    call_ids = [rows.call_id for rows in built]
    if len(set(call_ids)) != len(call_ids):
        raise DuplicateCallError("the same call_id is given twice among the calls to load")
    frames = {table: _frame(table, [row for rows in built for row in rows.tables[table]]) for table in COLUMNS}
    reps = pd.DataFrame([rows.rep for rows in built], columns=["rep_id", "rep_name"], dtype=object)
    sources = pd.DataFrame({"source_path": [rows.source_path for rows in built if rows.source_path]}, dtype=object)
    with refused_as(CallDataError), store.transaction() as con:
        con.register("new_call_ids", pd.DataFrame({"call_id": call_ids}))
        taken = "SELECT count(*) FROM calls WHERE call_id IN (SELECT call_id FROM new_call_ids)"
        if (count := con.execute(taken).fetchall()[0][0]) > 0:
            raise DuplicateCallError(f"{count} of the calls to load are already loaded; nothing was written")
        con.register("new_reps", reps)
        con.execute(UPSERT_REP.format(source=_NEW_REPS))
        for table, frame in frames.items():
            if len(frame):
                con.register(f"new_{table}", frame)
                con.execute(_insert_from(table, f"new_{table}"))
        rollups.add_calls(con, call_ids)
        moments.add_calls(con, call_ids)
        name_deals(con, [rows.deal for rows in built if rows.deal], "call")
        if len(sources):
            con.register("new_sources", sources)
            con.execute(RESOLVE_QUARANTINE.format(source="SELECT source_path FROM new_sources"))
    return len(built)
