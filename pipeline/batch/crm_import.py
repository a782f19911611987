"""Loading a CRM opportunities export: the file read by `pipeline.ingest.crm`, the rows written
by `pipeline.store.crm`. Rows already loaded are updated, never duplicated."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pipeline.ingest.crm import RejectedRow, read_export
from pipeline.store import Store, roster
from pipeline.store.crm import record_import


@dataclass(frozen=True)
class CrmImport:
    import_id: int
    path: Path
    loaded: int
    rejected: tuple[RejectedRow, ...]


def _rep_lookup(store: Store) -> dict[str, str]:
    """Rep ids and lower-cased rep names -> rep id."""
    lookup = {}
    for row in roster.reps(store):
        lookup[row["rep_id"].lower()] = row["rep_id"]
        if row["rep_name"]:
            lookup.setdefault(row["rep_name"].strip().lower(), row["rep_id"])
    return lookup


def import_export(store: Store, path: Path) -> CrmImport:
    """Load an opportunities export; rows already loaded are updated, never duplicated."""
    path = Path(path)
    store.migrate()
    good, rejected = read_export(path, _rep_lookup(store))
    content_hash = hashlib.sha256(path.read_bytes()).hexdigest()
    import_id = record_import(store, path, content_hash, good, [(row.line, row.reason, row.raw) for row in rejected])
    return CrmImport(import_id, path, len(good), tuple(rejected))
