"""Erasure: `coachloop forget --call ID | --rep ID` takes a call's or a rep's data out of coachloop.

What goes from the database, what stays as an anonymised audit stub and what is scrubbed is
`pipeline.store.erasure`'s to decide (it reads the schema). Here, what lies outside the database:
the analysts' snapshot is rebuilt (or removed when it cannot be), report files that mention the
subject are deleted, and the database file is rewritten so that the erased rows' bytes do not
linger in its free space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import CoachloopError, StoreWriteError
from pipeline.store import Store
from pipeline.store.erasure import Erasure, NothingToForget, erase, record_snapshot

__all__ = ["ErasureReport", "NothingToForget", "forget"]

REPORT_SUFFIXES = (".md", ".html", ".htm", ".txt", ".csv", ".json", ".jsonl")


@dataclass
class ErasureReport(Erasure):
    """What the database lost (see `Erasure`), and what became of the copies outside it."""

    snapshot: str = "none"  # refreshed | removed | none
    compacted: bool = False  # the database file was rewritten without the erased rows' bytes
    report_files: list[str] = field(default_factory=list)
    dry_run: bool = False


def forget(
    store: Store,
    *,
    call_id: str | None = None,
    rep_id: str | None = None,
    snapshot_path: Path | None = None,
    reports_dir: Path | None = None,
    dry_run: bool = False,
) -> ErasureReport:
    """Erase one call, or one rep and all their calls (see the module's text). Returns what it did."""
    if (call_id is None) == (rep_id is None):
        raise CoachloopError("forget: name exactly one of --call ID or --rep ID")
    store.migrate()
    erased = erase(store, call_id=call_id, rep_id=rep_id, dry_run=dry_run)
    report = ErasureReport(**vars(erased), dry_run=dry_run)
    if dry_run:
        return report
    if snapshot_path is not None and Path(snapshot_path).exists():
        try:
            store.refresh_snapshot(Path(snapshot_path))
            report.snapshot = "refreshed"
        except (OSError, StoreWriteError):
            # A copy that still holds the erased data must not stay behind.
            Path(snapshot_path).unlink(missing_ok=True)
            report.snapshot = "removed"
    record_snapshot(store, report.erasure_id, report.snapshot)
    # The erased rows' bytes stay in the file's free blocks (and its write-ahead log) until rewritten.
    report.compacted = store.compact()
    candidates = [Path(path) for path in report.derived_files]
    if reports_dir is not None and Path(reports_dir).is_dir():
        candidates += [path for path in sorted(Path(reports_dir).rglob("*")) if path.suffix.lower() in REPORT_SUFFIXES]
    report.report_files = _erase_report_files(candidates, report.needles)
    return report


def _erase_report_files(candidates: list[Path], needles: list[str]) -> list[str]:
    """Delete the rendered reports that mention an erased id: the next report run rebuilds them."""
    pattern = re.compile("|".join(rf"(?<![\w-]){re.escape(needle)}(?![\w-])" for needle in needles))
    deleted = []
    for path in dict.fromkeys(candidates):
        if path.is_file() and pattern.search(path.read_text(encoding="utf-8", errors="replace")):
            path.unlink()
            deleted.append(str(path))
    return deleted
