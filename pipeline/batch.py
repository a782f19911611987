"""The nightly batch as a plain function: inbox -> transcripts -> analysis -> DuckDB.

Every item is independent: one that fails is quarantined with its reason and the batch goes
on. Items already loaded (same content hash) are skipped, so a rerun never duplicates.
`flows.py` orchestrates the same stages with Prefect.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pipeline.analyze import Analyzer
from pipeline.config import Settings
from pipeline.errors import InputError
from pipeline.inbox import InboxItem, discover, load_transcript
from pipeline.store import DuplicateCallError, Store


@dataclass
class ItemOutcome:
    path: str
    status: str  # loaded | unchanged | skipped | quarantined
    call_id: str | None = None
    reason: str | None = None
    audio_seconds: float = 0.0


@dataclass
class BatchReport:
    run_id: str
    outcomes: list[ItemOutcome] = field(default_factory=list)
    wall_seconds: float = 0.0

    def count(self, *statuses: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status in statuses)


def process_item(
    item: InboxItem, content_hash: str, store: Store, analyzer: Analyzer, settings: Settings
) -> ItemOutcome:
    """Transcribe or read, analyse and load one item; input problems become quarantine entries."""
    try:
        transcript = load_transcript(item, settings.transcribe)
        analysis = analyzer.analyze(transcript)
        rep_name = item.metadata.rep_name if item.metadata else None
        result = store.load_call(transcript, analysis, content_hash, rep_name=rep_name)
        return ItemOutcome(str(item.path), result.status, transcript.call_id, audio_seconds=transcript.duration)
    except (InputError, DuplicateCallError) as error:
        kind = getattr(error, "kind", "duplicate")
        call_id = item.metadata.call_id if item.metadata else None
        reason = error.describe() if isinstance(error, InputError) else str(error)
        store.quarantine(str(item.path), content_hash, kind, reason, call_id)
        return ItemOutcome(str(item.path), "quarantined", call_id, reason)


def run_batch(inbox: Path, store: Store, analyzer: Analyzer, settings: Settings, progress=None) -> BatchReport:
    started = datetime.now(UTC)
    clock = time.perf_counter()
    report = BatchReport(run_id=f"run-{started:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}")
    store.migrate()
    loaded = store.loaded_hashes()
    items = discover(inbox)
    for item in items:
        content_hash = item.content_hash()
        if content_hash in loaded:
            outcome = ItemOutcome(str(item.path), "skipped")
        else:
            outcome = process_item(item, content_hash, store, analyzer, settings)
        report.outcomes.append(outcome)
        if progress:
            progress(outcome)
    report.wall_seconds = time.perf_counter() - clock
    store.record_run(
        {
            "run_id": report.run_id,
            "started_at": started.replace(tzinfo=None),
            "finished_at": datetime.now(UTC).replace(tzinfo=None),
            "inbox": str(inbox),
            "processed": report.count("loaded", "replaced"),
            "skipped": report.count("skipped", "unchanged"),
            "failed": report.count("quarantined"),
            "audio_seconds": sum(o.audio_seconds for o in report.outcomes),
            "wall_seconds": report.wall_seconds,
        }
    )
    return report
