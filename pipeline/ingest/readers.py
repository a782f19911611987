"""Read transcript files: Transcript JSON, WebVTT, SRT and plain `Name: text` lines.

Subtitle formats carry speaker names, not roles; `pipeline.ingest.speakers` maps them with the
call's metadata. Consecutive cues of one speaker are joined into one utterance, as Zoom and
Teams split long turns into several cues.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import TranscriptError
from pipeline.ingest.speakers import assign_roles
from pipeline.jsonio import load_json_file, transcript_from_dict
from pipeline.model import CallMetadata, Transcript, Utterance

TRANSCRIPT_SUFFIXES = (".json", ".vtt", ".srt", ".txt")
# Cues of the same speaker closer than this are one utterance.
JOIN_GAP_S = 1.0
# Speaking rate used to lay out plain-text transcripts that carry no times.
ASSUMED_WORDS_PER_SECOND = 2.5
# One turn longer than this (about two hours of speech without a pause) is not a conversation's
# turn but a broken export; spaCy needs about 1 GB of memory per 100,000 characters of one text.
MAX_UTTERANCE_CHARS = 100_000

_TIMESTAMP = r"(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})"
_TIMING_LINE = re.compile(rf"^\s*{_TIMESTAMP}\s*-->\s*{_TIMESTAMP}(?:\s+.*)?$")
_VOICE_TAG = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")
_ANY_TAG = re.compile(r"</?[^>]*>")
_NAME_PREFIX = re.compile(r"^\s*([^:\n]{1,60}?)\s*:\s+(.*)$")
_PLAIN_LINE = re.compile(r"^\s*(?:\[(\d+:)?(\d{1,2}):(\d{2})(?:[.,]\d+)?\]\s*)?([^:\n]{1,60}?)\s*:\s*(.+)$")


@dataclass
class Cue:
    start: float
    end: float
    name: str | None
    text: str
    line: int
    estimated_time: bool = False


def _seconds(hours: str | None, minutes: str, seconds: str, fraction: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(fraction.ljust(3, "0")) / 1000


def _parse_timing(line: str, path: Path, line_no: int) -> tuple[float, float]:
    match = _TIMING_LINE.match(line)
    if not match:
        raise TranscriptError(
            path, f"expected a timing line like '00:00:01.000 --> 00:00:04.000', got {line.strip()!r}", line_no
        )
    groups = match.groups()
    start, end = _seconds(*groups[:4]), _seconds(*groups[4:])
    if end < start:
        raise TranscriptError(path, f"cue ends ({end:.3f}s) before it starts ({start:.3f}s)", line_no)
    return start, end


def _split_speaker(text: str) -> tuple[str | None, str]:
    """Find the speaker of a cue's text: a `<v Name>` voice tag or a `Name: ` prefix."""
    name = None
    voice = _VOICE_TAG.search(text)
    if voice:
        name = voice.group(1).strip()
    text = html.unescape(_ANY_TAG.sub("", text)).strip()
    if name is None:
        prefixed = _NAME_PREFIX.match(text)
        # A prefix is a name only when it looks like one (no sentence before the colon).
        if prefixed and len(prefixed.group(1).split()) <= 4 and not prefixed.group(1)[0].isdigit():
            name, text = prefixed.group(1).strip(), prefixed.group(2).strip()
    return name, " ".join(text.split())


def _blocks(lines: list[str]):
    """Yield (first line number, lines) for each blank-line separated block."""
    block: list[str] = []
    first = 0
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not block:
                first = number
            block.append(line)
        elif block:
            yield first, block
            block = []
    if block:
        yield first, block


def parse_vtt(text: str, path: Path) -> list[Cue]:
    lines = text.splitlines()
    if not lines or not lines[0].lstrip("\ufeff").startswith("WEBVTT"):
        raise TranscriptError(path, "a WebVTT file must start with 'WEBVTT'", 1)
    cues = []
    for first, block in _blocks(lines[1:]):
        first += 1  # account for the header line
        if block[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        timing_index = 0 if "-->" in block[0] else 1
        if timing_index >= len(block) or "-->" not in block[timing_index]:
            raise TranscriptError(path, "cue has no timing line", first)
        start, end = _parse_timing(block[timing_index], path, first + timing_index)
        name, body = _split_speaker("\n".join(block[timing_index + 1 :]))
        if body:
            cues.append(Cue(start, end, name, body, first))
    return cues


def parse_srt(text: str, path: Path) -> list[Cue]:
    cues = []
    for first, block in _blocks(text.lstrip("\ufeff").splitlines()):
        if not block[0].strip().isdigit():
            raise TranscriptError(path, f"expected a cue number, got {block[0].strip()!r}", first)
        if len(block) < 2:
            raise TranscriptError(path, "cue has no timing line", first)
        start, end = _parse_timing(block[1], path, first + 1)
        name, body = _split_speaker("\n".join(block[2:]))
        if body:
            cues.append(Cue(start, end, name, body, first))
    return cues


def parse_plain(text: str, path: Path) -> list[Cue]:
    """`Name: text` lines, optionally prefixed by `[mm:ss]`. Missing times are laid out at a speaking rate."""
    cues = []
    clock = 0.0
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip():
            continue
        match = _PLAIN_LINE.match(line)
        if not match:
            raise TranscriptError(path, f"expected 'Name: text', got {line.strip()[:60]!r}", number)
        hours, minutes, seconds, name, body = match.groups()
        if minutes is not None:
            clock = max(clock, int((hours or "0").rstrip(":") or 0) * 3600 + int(minutes) * 60 + int(seconds))
        duration = max(0.6, len(body.split()) / ASSUMED_WORDS_PER_SECOND)
        cues.append(Cue(clock, clock + duration, name.strip(), " ".join(body.split()), number, minutes is None))
        clock += duration + 0.3
    return cues


def _join_cues(cues: list[Cue], roles: dict[str, str]) -> list[Utterance]:
    utterances: list[Utterance] = []
    previous_name: str | None = None
    for cue in sorted(cues, key=lambda c: (c.start, c.line)):
        role = roles.get(cue.name, "unknown") if cue.name else "unknown"
        last = utterances[-1] if utterances else None
        if last and cue.name is not None and cue.name == previous_name and cue.start - last.end <= JOIN_GAP_S:
            last.text = f"{last.text} {cue.text}"
            last.end = max(last.end, cue.end)
            continue
        utterances.append(Utterance(speaker=role, start=cue.start, end=cue.end, text=cue.text, speaker_name=cue.name))
        previous_name = cue.name
    return utterances


_PARSERS = {".vtt": parse_vtt, ".srt": parse_srt, ".txt": parse_plain}


def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TranscriptError(path, f"cannot read file: {exc.strerror or exc}") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TranscriptError(path, f"not UTF-8 text (byte {exc.start})") from exc


def read_transcript(path: Path, metadata: CallMetadata | None = None) -> Transcript:
    """Read any supported transcript file. Subtitle formats need `metadata` for ids and the rep's name."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        transcript = transcript_from_dict(load_json_file(path), path)
        transcript.source = {**transcript.source, "file": str(path), "format": "json"}
        return _checked(transcript, path)
    if suffix not in _PARSERS:
        raise TranscriptError(
            path,
            f"unsupported transcript format {suffix or '(none)'}; expected one of {', '.join(TRANSCRIPT_SUFFIXES)}",
        )
    if metadata is None:
        raise TranscriptError(
            path, f"a {suffix} transcript needs its metadata sidecar {path.with_suffix('.json').name}"
        )
    cues = _PARSERS[suffix](read_text(path), path)
    if not cues:
        raise TranscriptError(path, "no utterances found")
    roles = assign_roles([c.name for c in cues if c.name], metadata.rep_name, path)
    source = {"file": str(path), "format": suffix.lstrip(".")}
    if any(cue.estimated_time for cue in cues):
        source["estimated_times"] = True
    return _checked(
        Transcript(
            call_id=metadata.call_id,
            rep_id=metadata.rep_id,
            utterances=_join_cues(cues, roles),
            started_at=metadata.started_at,
            call_type=metadata.call_type,
            deal_id=metadata.deal_id,
            deal_stage=metadata.deal_stage,
            list_price=metadata.list_price,
            source=source,
        ),
        path,
    )


def _checked(transcript: Transcript, path: Path) -> Transcript:
    """Refuse what would break the analysis rather than the reading: a turn of absurd length."""
    for index, utterance in enumerate(transcript.utterances):
        if len(utterance.text) > MAX_UTTERANCE_CHARS:
            raise TranscriptError(
                path,
                f"utterance too long: {len(utterance.text):,} characters, the limit is {MAX_UTTERANCE_CHARS:,}"
                " (a broken export? split it into turns)",
                f"utterances[{index}]",
            )
    return transcript
