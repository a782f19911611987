"""Find the work in an inbox folder and turn each item into a Transcript.

An item is a recording with its metadata (a sidecar `NAME.json` or a `manifest.csv` row), a
Transcript JSON with no recording beside it, a WebVTT / SRT / text / Word transcript with its
sidecar or row, or a Gong-style transcript JSON (told apart from Transcript JSON by its
`callTranscripts`) with its row, or, without one, its rep found in the team roster by name. Items
whose metadata is missing or broken are still listed, with the problem, so that the batch can
quarantine them instead of silently skipping them.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.config import TranscribeSettings
from pipeline.errors import InputError, MetadataError
from pipeline.ingest.gong import gong_call, gong_parties, is_gong_export
from pipeline.ingest.readers import read_transcript
from pipeline.ingest.roster import RosterRep
from pipeline.ingest.speakers import same_person
from pipeline.jsonio import load_json_file, metadata_from_dict
from pipeline.model import CallMetadata, Transcript

AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".mp3", ".m4a", ".aac", ".opus", ".webm")
# transcript files that carry no call metadata: it comes from the sidecar or the manifest
SUBTITLE_SUFFIXES = (".vtt", ".srt", ".txt", ".docx")
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


def _json_kind(path: Path) -> str | None:
    """`transcript` (Transcript JSON), `gong` (a Gong-style export), or None (a sidecar, say)."""
    try:
        data = load_json_file(path)
    except InputError:
        return "transcript"  # a broken JSON with no recording beside it: report it as a transcript problem
    if is_gong_export(data):
        return "gong"
    return "transcript" if not isinstance(data, dict) or "utterances" in data else None


def _gong_metadata(path: Path, roster: dict[str, RosterRep] | None) -> CallMetadata:
    """A Gong export without a manifest row: its call id and start from the file, its rep the
    roster rep named among its parties (the Internal ones, where Gong says which)."""
    data = load_json_file(path, MetadataError)
    try:
        call_id, started_at = gong_call(data, path)
    except InputError as error:
        raise MetadataError(path, error.reason, error.where) from error
    parties = gong_parties(data)
    internal = [p["name"] for p in parties if p.get("affiliation") == "Internal"]
    names = internal or [p["name"] for p in parties]
    reps = [
        rep
        for rep in (roster or {}).values()
        if rep.rep_name and any(same_person(name, rep.rep_name) for name in names)
    ]
    if len(reps) != 1:
        found = f"{len(reps)} roster reps ({', '.join(r.rep_id for r in reps)})" if reps else "no roster rep"
        raise MetadataError(
            path,
            f"no metadata: add a row in {MANIFEST_NAME}; {found} among its speakers {', '.join(names) or '(none)'}",
        )
    return CallMetadata(call_id=call_id, rep_id=reps[0].rep_id, rep_name=reps[0].rep_name, started_at=started_at)


def _with_roster_name(metadata: CallMetadata, roster: dict[str, RosterRep] | None) -> CallMetadata:
    """The rep's name from the roster when the sidecar or row does not give it."""
    rep = (roster or {}).get(metadata.rep_id)
    if metadata.rep_name or rep is None or not rep.rep_name:
        return metadata
    return replace(metadata, rep_name=rep.rep_name)


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


def discover(inbox: Path, roster: dict[str, RosterRep] | None = None) -> list[InboxItem]:
    """Every item of the inbox, sorted by path; problems with metadata are attached, not raised.
    With the team `roster`, a rep's name missing from the metadata comes from it."""
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
                item.metadata = _with_roster_name(item.metadata, roster)
            except MetadataError as problem:
                item.problem = problem
            items.append(item)
        elif suffix == ".json" and path.stem not in stems_with_media:
            kind = _json_kind(path)
            if kind == "gong":
                items.append(_gong_item(path, inbox, manifest, roster))
            elif kind == "transcript":
                items.append(InboxItem(path, "transcript"))
    return items


def _gong_item(
    path: Path, inbox: Path, manifest: dict[str, CallMetadata | MetadataError], roster: dict[str, RosterRep] | None
) -> InboxItem:
    item = InboxItem(path, "transcript")
    try:
        entry = manifest.get(path.name)
        if entry is None:
            item.metadata = _gong_metadata(path, roster)
        else:
            item.metadata_path = inbox / MANIFEST_NAME
            if isinstance(entry, MetadataError):
                raise entry
            item.metadata = _with_roster_name(entry, roster)
    except MetadataError as problem:
        item.problem = problem
    return item


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
