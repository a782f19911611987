"""The one module that talks to DuckDB.

DuckDB locks the whole file while a process holds a read-write connection, so every
connection here is short-lived: opened, used for one transaction, closed. A connection refused
because another process holds the lock waits and retries until `lock_timeout_s`, saying so on
stderr, then raises `StoreBusyError`.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb

from pipeline.config import StoreSettings
from pipeline.errors import StoreBusyError
from pipeline.jsonio import finding_to_dict, utterance_to_dict
from pipeline.model import CallAnalysis, Transcript


def _is_lock_conflict(error: duckdb.Error) -> bool:
    message = str(error).lower()
    return "lock" in message and ("conflicting" in message or "could not set lock" in message)


def migration_files() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every numbered migration, in order."""
    found = []
    for entry in resources.files("pipeline.sql").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:3].isdigit():
            found.append((int(name[:3]), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def views_sql() -> str:
    return resources.files("pipeline.sql").joinpath("views.sql").read_text(encoding="utf-8")


@dataclass(frozen=True)
class LoadResult:
    call_id: str
    status: str  # loaded | unchanged | replaced


class DuplicateCallError(Exception):
    """A call id already loaded from different content."""


class Store:
    def __init__(self, path: Path, settings: StoreSettings | None = None):
        self.path = Path(path)
        self.settings = settings or StoreSettings()

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A short-lived connection; waits while another process holds the file lock."""
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.settings.lock_timeout_s
        announced = False
        while True:
            try:
                connection = duckdb.connect(str(self.path), read_only=read_only)
                break
            except duckdb.IOException as error:
                if not _is_lock_conflict(error):
                    raise
                if time.monotonic() >= deadline:
                    raise StoreBusyError(
                        f"{self.path} is locked by another process; gave up after "
                        f"{self.settings.lock_timeout_s:.0f}s. Close the other connection (an analyst's "
                        "session or a running batch) and rerun; nothing was written."
                    ) from error
                if not announced:
                    print(f"coachloop: {self.path} is locked by another process; waiting...", file=sys.stderr)
                    announced = True
                time.sleep(self.settings.lock_retry_interval_s)
        try:
            yield connection
        finally:
            connection.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self.connect() as connection:
            connection.begin()
            try:
                yield connection
            except BaseException:
                connection.rollback()
                raise
            connection.commit()

    # -- schema -------------------------------------------------------------------------------

    def migrate(self) -> list[str]:
        """Apply the migrations not applied yet, then re-create the views. Returns the names applied."""
        applied_now = []
        with self.transaction() as con:
            con.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
                " applied_at TIMESTAMP DEFAULT current_timestamp)"
            )
            done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
            for version, name, sql in migration_files():
                if version in done:
                    continue
                con.execute(sql)
                con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
                applied_now.append(name)
            con.execute(views_sql())
        return applied_now

    def schema_version(self) -> int:
        with self.connect(read_only=True) as con:
            return con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]

    # -- writes -------------------------------------------------------------------------------

    def load_call(
        self,
        transcript: Transcript,
        analysis: CallAnalysis,
        content_hash: str,
        rep_name: str | None = None,
        replace: bool = False,
    ) -> LoadResult:
        """Write one analysed call in one transaction. Loading the same content again changes nothing.

        A call id already loaded from other content is refused unless `replace` is set (a corrected
        source, or a re-analysis): then its utterances, findings and metrics are replaced together.
        Manager decisions live in their own tables and are never touched here.
        """
        with self.transaction() as con:
            existing = con.execute("SELECT content_hash FROM calls WHERE call_id = ?", [transcript.call_id]).fetchone()
            if existing and existing[0] == content_hash and not replace:
                return LoadResult(transcript.call_id, "unchanged")
            if existing and not replace:
                raise DuplicateCallError(
                    f"call_id {transcript.call_id} is already loaded from different content "
                    f"(sha256 {existing[0][:12]}…, new {content_hash[:12]}…)"
                )
            for table in ("utterances", "findings", "call_metrics", "calls"):
                con.execute(f"DELETE FROM {table} WHERE call_id = ?", [transcript.call_id])
            con.execute(
                "INSERT INTO reps (rep_id, rep_name) VALUES (?, ?) "
                "ON CONFLICT (rep_id) DO UPDATE SET rep_name = coalesce(excluded.rep_name, reps.rep_name)",
                [transcript.rep_id, rep_name],
            )
            con.execute(
                "INSERT INTO calls (call_id, rep_id, started_at, call_type, deal_id, deal_stage, duration_s,"
                " source_path, source_format, content_hash, transcript_info, analysis_info)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
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
                ],
            )
            utterance_rows = [
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
            if utterance_rows:
                con.executemany("INSERT INTO utterances VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", utterance_rows)
            finding_rows = [
                [
                    transcript.call_id,
                    row["behaviour"],
                    row["verdict"],
                    row["evidence"],
                    row["missing"],
                    row["start"],
                    row["end"],
                    row["quote"],
                    row["confidence"],
                    row["detector"],
                ]
                for row in map(finding_to_dict, analysis.findings)
            ]
            if finding_rows:
                con.executemany("INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", finding_rows)
            metrics = analysis.metrics
            con.execute(
                "INSERT INTO call_metrics VALUES (?, ?, ?, ?, ?, ?)",
                [
                    transcript.call_id,
                    metrics.talk_ratio,
                    metrics.longest_monologue_s,
                    metrics.rep_questions,
                    metrics.interactivity,
                    metrics.patience_s,
                ],
            )
            # A call that loads resolves any earlier quarantine entry of the same source path.
            if transcript.source.get("file"):
                con.execute(
                    "UPDATE quarantine SET resolved_at = now() WHERE source_path = ? AND resolved_at IS NULL",
                    [transcript.source["file"]],
                )
        return LoadResult(transcript.call_id, "replaced" if existing else "loaded")

    def quarantine(self, source_path: str, content_hash: str, error_kind: str, reason: str, call_id: str | None = None):
        """Record (or refresh) why an item could not be processed."""
        with self.transaction() as con:
            con.execute(
                "INSERT INTO quarantine (source_path, content_hash, call_id, error_kind, reason)"
                " VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (source_path, content_hash) DO UPDATE SET"
                " last_seen = now(), reason = excluded.reason, error_kind = excluded.error_kind,"
                " call_id = excluded.call_id",
                [source_path, content_hash, call_id, error_kind, reason],
            )

    def record_run(self, run: dict) -> None:
        with self.transaction() as con:
            columns = ", ".join(run)
            placeholders = ", ".join("?" for _ in run)
            con.execute(f"INSERT OR REPLACE INTO pipeline_runs ({columns}) VALUES ({placeholders})", list(run.values()))

    # -- reads --------------------------------------------------------------------------------

    def loaded_hashes(self) -> set[str]:
        if not self.path.exists():
            return set()
        with self.connect(read_only=True) as con:
            return {row[0] for row in con.execute("SELECT content_hash FROM calls").fetchall()}

    def rows(self, sql: str, params: list | None = None) -> list[dict]:
        """Run a read-only query and return dict rows."""
        with self.connect(read_only=True) as con:
            cursor = con.execute(sql, params or [])
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
