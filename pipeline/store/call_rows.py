"""The rows one analysed call writes (reps, calls, utterances, findings, call_metrics) and the statements
that write them: one call at a time for `Store.load_call`, many new calls at once for
pipeline/store/bulk.py. Both build their rows with `call_rows` and their statements from `COLUMNS`, so a
call loaded in bulk is stored exactly as the nightly batch stores it, rollups included.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import duckdb

from pipeline.jsonio import finding_to_dict, utterance_to_dict
from pipeline.model import CallAnalysis, Transcript
from pipeline.store.deals import name_deals

# Each table's columns in the order `call_rows` fills them.
COLUMNS = {
    "calls": (
        "call_id",
        "rep_id",
        "started_at",
        "call_type",
        "deal_id",
        "deal_stage",
        "duration_s",
        "source_path",
        "source_format",
        "content_hash",
        "transcript_info",
        "analysis_info",
    ),
    "utterances": ("call_id", "idx", "speaker", "speaker_name", "start", "end", "text", "speaker_confidence", "words"),
    "findings": (
        "call_id",
        "behaviour",
        "verdict",
        "evidence",
        "missing",
        "start",
        "end",
        "quote",
        "confidence",
        "detector",
    ),
    "call_metrics": (
        "call_id",
        "talk_ratio",
        "longest_monologue_s",
        "rep_questions",
        "interactivity",
        "patience_s",
    ),
}
UPSERT_REP = (
    "INSERT INTO reps (rep_id, rep_name) {source} "
    "ON CONFLICT (rep_id) DO UPDATE SET rep_name = coalesce(excluded.rep_name, reps.rep_name)"
)
RESOLVE_QUARANTINE = "UPDATE quarantine SET resolved_at = now() WHERE source_path IN ({source}) AND resolved_at IS NULL"


@dataclass(frozen=True)
class CallRows:
    """One call's rows, table by table, each a list in `COLUMNS` order."""

    call_id: str
    rep: list
    tables: dict[str, list[list]]
    source_path: str | None
    deal: tuple[str, str] | None = None  # (deal_id, account_name) when the call names the deal's account


def call_rows(transcript: Transcript, analysis: CallAnalysis, content_hash: str, rep_name: str | None) -> CallRows:
    call = [
        transcript.call_id,
        transcript.rep_id,
        transcript.started_at,
        transcript.call_type,
        transcript.deal_id,
        transcript.deal_stage,
        transcript.duration,
        transcript.source.get("file"),
        transcript.source.get("format"),
        content_hash,
        json.dumps(transcript.source),
        json.dumps({"detectors": sorted({f.detector for f in analysis.findings})}),
    ]
    utterances = [
        [
            transcript.call_id,
            index,
            u.speaker,
            u.speaker_name,
            u.start,
            u.end,
            u.text,
            u.speaker_confidence,
            json.dumps(utterance_to_dict(u).get("words", [])),
        ]
        for index, u in enumerate(transcript.utterances)
    ]
    findings = [
        [transcript.call_id, *(row[column] for column in COLUMNS["findings"][1:])]
        for row in map(finding_to_dict, analysis.findings)
    ]
    metrics = analysis.metrics
    call_metrics = [
        transcript.call_id,
        metrics.talk_ratio,
        metrics.longest_monologue_s,
        metrics.rep_questions,
        metrics.interactivity,
        metrics.patience_s,
    ]
    return CallRows(
        transcript.call_id,
        [transcript.rep_id, rep_name],
        {"calls": [call], "utterances": utterances, "findings": findings, "call_metrics": [call_metrics]},
        transcript.source.get("file"),
        (transcript.deal_id, transcript.account_name) if transcript.deal_id and transcript.account_name else None,
    )


def quoted_columns(table: str) -> str:
    return ", ".join(f'"{column}"' for column in COLUMNS[table])


def insert_call(con: duckdb.DuckDBPyConnection, rows: CallRows) -> None:
    """Write one call's rows (the caller removed any earlier version first, and counts it in the rollups)."""
    con.execute(UPSERT_REP.format(source="VALUES (?, ?)"), rows.rep)
    for table, table_rows in rows.tables.items():
        if table_rows:  # DuckDB refuses executemany over no rows
            placeholders = ", ".join("?" for _ in COLUMNS[table])
            con.executemany(f"INSERT INTO {table} ({quoted_columns(table)}) VALUES ({placeholders})", table_rows)
    name_deals(con, [rows.deal] if rows.deal else [], "call")
    # A call that loads resolves any earlier quarantine entry of the same source path.
    if rows.source_path:
        con.execute(RESOLVE_QUARANTINE.format(source="?"), [rows.source_path])
