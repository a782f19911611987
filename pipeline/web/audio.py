"""Which recording a call plays: its own source file, or one found by call_id in a recordings folder.

Calls loaded from recordings have `calls.source_path` set to the audio file. Calls imported from
transcripts have none; `coachloop serve --recordings DIR` maps them to recordings by the call_id
of the sidecars in DIR (e.g. the sample transcripts to data/samples/recordings). Otherwise the call
is text only. Paths come from the database or that folder, never from the request.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from starlette.responses import FileResponse

from pipeline.ingest.inbox import AUDIO_SUFFIXES, discover

MEDIA_TYPES = {
    ".wav": "audio/wav",
    ".flac": "audio/flac",
    ".ogg": "audio/ogg",
    ".opus": "audio/ogg",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".aac": "audio/aac",
    ".webm": "audio/webm",
}


def recordings_by_call(folder: Path | None) -> dict[str, Path]:
    """call_id → recording, for every recording in `folder` whose metadata is readable."""
    if folder is None:
        return {}
    return {
        item.metadata.call_id: item.path.resolve()
        for item in discover(Path(folder))
        if item.kind == "recording" and item.metadata is not None and item.problem is None
    }


def recording_for(call_id: str, source_path: str | None, recordings: dict[str, Path]) -> Path | None:
    if source_path and Path(source_path).suffix.lower() in AUDIO_SUFFIXES and Path(source_path).is_file():
        return Path(source_path)
    found = recordings.get(call_id)
    return found if found is not None and found.is_file() else None


def audio_response(recording: Path) -> FileResponse:
    """The recording itself; FileResponse answers HTTP range requests, so the player can seek."""
    media_type = MEDIA_TYPES.get(recording.suffix.lower(), "application/octet-stream")
    return FileResponse(recording, media_type=media_type, headers={"Cache-Control": "private, max-age=3600"})


def own_audio_urls(sources: dict[str, str | None], recordings: dict[str, Path]) -> dict[str, str]:
    """call_id -> the URL a rep plays it from (/me/calls/<id>/audio), for the rep's calls with a recording."""
    return {
        call_id: f"/me/calls/{quote(call_id, safe='')}/audio"
        for call_id, source in sources.items()
        if recording_for(call_id, source, recordings)
    }
