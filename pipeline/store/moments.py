"""The moments of every call kept beside its findings, so that pages read one team's rows.

`moments` (migration 014) holds one row per finding with verdict met or gap, the call's rep,
start, type, deal and source beside it, the lowest speaker confidence among its evidence utterances, and
`kind`: what managers triage (`gap`; `strength` for a met with evidence on a behaviour the same rep
missed on a call within 60 days, call days at most 60 days apart; NULL for any other met). A write
adds the call's rows in the transaction that writes its findings, after the rollups
(pipeline/store/rollups.py) have counted them; a call replaced or erased is taken out first. A gap
that comes or goes changes whether the rep's met findings of that behaviour within 60 days are
strengths, so their `kind` is judged again from the daily rollup.

Pages read one team's or one rep's moments: the rows are kept in rep order (pipeline/store/clustering.py).
"""

from __future__ import annotations

import duckdb

# Whether a moment `m` is a strength worth reinforcing: the rep missed its behaviour within 60 days.
_GAP_NEAR = """
    EXISTS (SELECT 1 FROM rep_behaviour_days d
            WHERE d.rep_id = m.rep_id AND d.behaviour = m.behaviour AND d.gap_calls > 0
              AND d.call_date BETWEEN CAST(m.started_at AS DATE) - 60 AND CAST(m.started_at AS DATE) + 60)
"""

_ADD = f"""
INSERT INTO moments
SELECT m.*,
       CASE WHEN m.verdict = 'gap' THEN 'gap'
            WHEN m.verdict = 'met' AND len(m.evidence) > 0 AND {_GAP_NEAR} THEN 'strength' END AS kind
FROM (
    SELECT f.call_id, f.behaviour, c.rep_id, c.started_at, c.call_type, c.deal_id, c.deal_stage, c.source_path,
           f.verdict, f.evidence, f.missing, f.start, f."end", f.quote, f.confidence, f.detector,
           (SELECT min(u.speaker_confidence) FROM utterances u
            WHERE u.call_id = f.call_id AND list_contains(f.evidence, u.idx)) AS evidence_speaker_confidence
    FROM findings f JOIN calls c USING (call_id)
    WHERE f.verdict <> 'not_applicable' AND {{calls_filter}}
) AS m
"""

# The days around a set of gaps whose met moments may change kind: per rep and behaviour, from
# 60 days before the first gap's day to 60 days after the last one.
_GAP_RANGES = """
SELECT rep_id, behaviour, min(CAST(started_at AS DATE)) - 60 AS low, max(CAST(started_at AS DATE)) + 60 AS high
FROM moments
WHERE verdict = 'gap' AND started_at IS NOT NULL AND {moments_filter}
GROUP BY rep_id, behaviour
"""

_JUDGE_AGAIN = f"""
UPDATE moments AS target SET kind = judged.kind
FROM (
    SELECT m.rep_id, m.call_id, m.behaviour, CASE WHEN {_GAP_NEAR} THEN 'strength' END AS kind
    FROM moments m
    JOIN (SELECT unnest(?::STRUCT(rep_id VARCHAR, behaviour VARCHAR, low DATE, high DATE)[], recursive := true))
        AS r ON r.rep_id = m.rep_id AND r.behaviour = m.behaviour
    WHERE m.verdict = 'met' AND len(m.evidence) > 0 AND CAST(m.started_at AS DATE) BETWEEN r.low AND r.high
) AS judged
WHERE target.rep_id = judged.rep_id AND target.call_id = judged.call_id AND target.behaviour = judged.behaviour
  AND target.kind IS DISTINCT FROM judged.kind
"""


def _calls_filter(call_ids: list[str]) -> tuple[str, list]:
    # One call (a nightly write): equalities on both tables, so DuckDB skips the row groups without it.
    if len(call_ids) == 1:
        return "f.call_id = ? AND c.call_id = ?", [call_ids[0], call_ids[0]]
    return "c.call_id IN (SELECT unnest(?::VARCHAR[]))", [list(call_ids)]


def _moments_filter(con: duckdb.DuckDBPyConnection, call_ids: list[str]) -> tuple[str, list]:
    """The moments of these calls; for one call (a nightly write) with its rep, so that DuckDB reads
    only that rep's row groups (the calls table finds the rep by its key)."""
    if len(call_ids) == 1:
        rep = con.execute("SELECT rep_id FROM calls WHERE call_id = ?", [call_ids[0]]).fetchone()
        return "rep_id = ? AND call_id = ?", [rep[0] if rep else None, call_ids[0]]
    return "call_id IN (SELECT unnest(?::VARCHAR[]))", [list(call_ids)]


def _gap_ranges(con: duckdb.DuckDBPyConnection, call_ids: list[str]) -> list[dict]:
    moments_filter, params = _moments_filter(con, call_ids)
    found = con.execute(_GAP_RANGES.format(moments_filter=moments_filter), params).fetchall()
    return [
        {"rep_id": rep_id, "behaviour": behaviour, "low": low, "high": high} for rep_id, behaviour, low, high in found
    ]


def _judge_again(con: duckdb.DuckDBPyConnection, ranges: list[dict]) -> None:
    if ranges:
        con.execute(_JUDGE_AGAIN, [ranges])


def add_calls(con: duckdb.DuckDBPyConnection, call_ids: list[str]) -> None:
    """Add the moments of these calls (just after their findings are written and counted in the rollups)."""
    if not call_ids:
        return
    calls_filter, params = _calls_filter(call_ids)
    con.execute(_ADD.format(calls_filter=calls_filter), params)
    _judge_again(con, _gap_ranges(con, call_ids))


def remove_calls(con: duckdb.DuckDBPyConnection, call_ids: list[str]) -> int:
    """Take the moments of these calls out (after the rollups counted them out); returns the rows taken out."""
    if not call_ids:
        return 0
    ranges = _gap_ranges(con, call_ids)
    moments_filter, params = _moments_filter(con, call_ids)
    removed = con.execute(f"DELETE FROM moments WHERE {moments_filter}", params).fetchone()[0]
    _judge_again(con, ranges)
    return removed
