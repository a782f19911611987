"""Find the work in an inbox folder and turn each item into a Transcript.

An item is a recording with its metadata (a sidecar `NAME.json` or a `manifest.csv` row), a
Transcript JSON with no recording beside it, or a WebVTT / SRT / plain-text transcript with its
sidecar. Items whose metadata is missing or broken are still listed, with the problem, so that
the batch can quarantine them instead of silently skipping them.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import TranscribeSettings
from pipeline.errors import InputError, MetadataError
from pipeline.ingest.readers import read_transcript
from pipeline.jsonio import load_json_file, metadata_from_dict
from pipeline.model import CallMetadata, Transcript

AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".mp3", ".m4a", ".aac", ".opus", ".webm")
SUBTITLE_SUFFIXES = (".vtt", ".srt", ".txt")
MANIFEST_NAME = "manifest.csv"


@dataclass
class InboxItem:
    path: Path
    kind: str  # recording | transcript
    metadata: CallMetadata | None = None
    metadata_path: Path | None = None
    problem: InputError | None = None

    def content_hash(self) -> str:
        """sha256 of the source file and of its metadata: fixing either makes the item new again."""
        digest = hashlib.sha256()
        for path in (self.path, self.metadata_path):
            if path is not None and path.is_file():
                digest.update(path.read_bytes())
            digest.update(b"\0")
        return digest.hexdigest()


def _read_manifest(inbox: Path) -> dict[str, CallMetadata | MetadataError]:
    manifest = inbox / MANIFEST_NAME
    if not manifest.is_file():
        return {}
    rows: dict[str, CallMetadata | MetadataError] = {}
    try:
        with manifest.open(newline="", encoding="utf-8-sig") as handle:
            for line_number, row in enumerate(csv.DictReader(handle), start=2):
                file_name = (row.get("file") or "").strip()
                if not file_name:
                    continue
                cleaned = {key: (value.strip() or None) for key, value in row.items() if key and value is not None}
                try:
                    rows[file_name] = metadata_from_dict(cleaned, manifest)
                except MetadataError as error:
                    rows[file_name] = MetadataError(manifest, error.reason, line_number)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise MetadataError(manifest, f"cannot read manifest: {exc}") from exc
    return rows


def read_sidecar(path: Path) -> CallMetadata:
    return metadata_from_dict(load_json_file(path, MetadataError), path)


def _is_transcript_json(path: Path) -> bool:
    try:
        data = load_json_file(path)
    except InputError:
        return True  # a broken JSON with no recording beside it: report it as a transcript problem
    return not isinstance(data, dict) or "utterances" in data


def item_for_path(path: Path) -> InboxItem:
    """The item for one file named on the command line (its sidecar beside it)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        return InboxItem(path, "transcript")
    kind = "recording" if suffix in AUDIO_SUFFIXES else "transcript"
    item = InboxItem(path, kind)
    sidecar = path.with_suffix(".json")
    if sidecar.is_file():
        item.metadata_path = sidecar
        try:
            item.metadata = read_sidecar(sidecar)
        except MetadataError as problem:
            item.problem = problem
    return item


def _check_agrees(sidecar: CallMetadata, row: CallMetadata | MetadataError | None, sidecar_path: Path) -> None:
    """A call described twice (a sidecar and a manifest row) must be described alike: which one
    is right is for a person to say, not for the batch to guess."""
    if not isinstance(row, CallMetadata):
        return
    differences = [
        f"{key} {getattr(sidecar, key)!r} here, {getattr(row, key)!r} there"
        # call_type and rep_channel left out: a row without them reads as the defaults
        for key in ("call_id", "rep_id", "started_at", "deal_id")
        if getattr(row, key) is not None and getattr(sidecar, key) != getattr(row, key)
    ]
    if differences:
        raise MetadataError(sidecar_path, f"contradicts its row in {MANIFEST_NAME}: {'; '.join(differences)}")


def _escapes(path: Path, inbox: Path) -> bool:
    return path.is_symlink() and not path.resolve().is_relative_to(inbox.resolve())


def discover(inbox: Path) -> list[InboxItem]:
    """Every item of the inbox, sorted by path; problems with metadata are attached, not raised."""
    inbox = Path(inbox)
    manifest = _read_manifest(inbox)
    items: list[InboxItem] = []
    files = sorted(p for p in inbox.iterdir() if p.is_file() and not p.name.startswith("."))
    stems_with_media = {p.stem for p in files if p.suffix.lower() in AUDIO_SUFFIXES + SUBTITLE_SUFFIXES}
    for path in files:
        suffix = path.suffix.lower()
        if suffix in (*AUDIO_SUFFIXES, *SUBTITLE_SUFFIXES, ".json") and _escapes(path, inbox):
            # A link out of the inbox: following it would load any file of the machine.
            problem = InputError(path, f"a link to {path.resolve()}, outside the inbox: copy the file in instead")
            items.append(InboxItem(path, "recording" if suffix in AUDIO_SUFFIXES else "transcript", problem=problem))
            continue
        if suffix in AUDIO_SUFFIXES or suffix in SUBTITLE_SUFFIXES:
            kind = "recording" if suffix in AUDIO_SUFFIXES else "transcript"
            item = InboxItem(path, kind)
            sidecar = path.with_suffix(".json")
            try:
                if sidecar.is_file():
                    item.metadata_path = sidecar
                    item.metadata = read_sidecar(sidecar)
                    _check_agrees(item.metadata, manifest.get(path.name), sidecar)
                elif path.name in manifest:
                    entry = manifest[path.name]
                    item.metadata_path = inbox / MANIFEST_NAME
                    if isinstance(entry, MetadataError):
                        raise entry
                    item.metadata = entry
                else:
                    raise MetadataError(path, f"no metadata: add {sidecar.name} or a row in {MANIFEST_NAME}")
            except MetadataError as problem:
                item.problem = problem
            items.append(item)
        elif suffix == ".json" and path.stem not in stems_with_media and _is_transcript_json(path):
            items.append(InboxItem(path, "transcript"))
    return items


def load_transcript(item: InboxItem, transcribe_settings: TranscribeSettings, rep_voice=None) -> Transcript:
    """Read or transcribe one item. Raises InputError (or a subclass) with the reason. `rep_voice`:
    the rep's voice profile, which finds the rep in a mono recording."""
    if item.problem is not None:
        raise item.problem
    if item.kind == "recording":
        from pipeline.ingest.transcribe import transcribe_recording  # heavy: loads only when audio comes

        # On the command line a recording may come without a sidecar: rep on the left channel.
        metadata = item.metadata or CallMetadata(call_id=item.path.stem, rep_id="unknown")
        return transcribe_recording(item.path, metadata, transcribe_settings, rep_voice=rep_voice)
    return read_transcript(item.path, item.metadata)
