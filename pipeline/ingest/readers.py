"""Read transcript files: Transcript JSON, WebVTT, SRT, text and Word exports, Gong-style JSON.

Each format becomes cues (`captions`, `turns`, `wordfile`, `gong`); cues carry speaker names, not
roles, and `pipeline.ingest.speakers` maps them with the call's metadata. Consecutive cues of one
speaker are joined into one utterance, as Zoom and Teams split long turns into several cues.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import TranscriptError
from pipeline.ingest.captions import parse_srt, parse_vtt
from pipeline.ingest.cues import Cue
from pipeline.ingest.gong import gong_call, gong_cues, is_gong_export
from pipeline.ingest.speakers import assign_roles
from pipeline.ingest.textfile import read_text
from pipeline.ingest.turns import parse_lines
from pipeline.ingest.wordfile import docx_lines
from pipeline.jsonio import load_json_file, transcript_from_dict
from pipeline.model import CallMetadata, Transcript, Utterance, transcript_for

TRANSCRIPT_SUFFIXES = (".json", ".vtt", ".srt", ".txt", ".docx")
# Cues of the same speaker closer than this are one utterance.
JOIN_GAP_S = 1.0
# One turn longer than this (about two hours of speech without a pause) is not a conversation's
# turn but a broken export; spaCy needs about 1 GB of memory per 100,000 characters of one text.
MAX_UTTERANCE_CHARS = 100_000


def _join_cues(cues: list[Cue], roles: dict[str, str]) -> list[Utterance]:
    utterances: list[Utterance] = []
    previous_name: str | None = None
    for cue in sorted(cues, key=lambda c: c.start):
        role = roles.get(cue.name, "unknown") if cue.name else "unknown"
        last = utterances[-1] if utterances else None
        if last and cue.name is not None and cue.name == previous_name and cue.start - last.end <= JOIN_GAP_S:
            last.text = f"{last.text} {cue.text}"
            last.end = max(last.end, cue.end)
            continue
        utterances.append(Utterance(speaker=role, start=cue.start, end=cue.end, text=cue.text, speaker_name=cue.name))
        previous_name = cue.name
    return utterances


def _cues_of(path: Path, suffix: str) -> tuple[list[Cue], dict]:
    """The cues of a file that is not Transcript JSON, and what its `source` says about it."""
    if suffix == ".docx":
        cues, kind = parse_lines(docx_lines(path), path)
        return cues, {"layout": kind}
    text, encoding = read_text(path)
    source = {"encoding": encoding}
    if suffix == ".vtt":
        return parse_vtt(text, path), source
    if suffix == ".srt":
        return parse_srt(text, path), source
    cues, kind = parse_lines(list(enumerate(text.splitlines(), start=1)), path)
    return cues, {**source, "layout": kind}


def read_transcript(path: Path, metadata: CallMetadata | None = None) -> Transcript:
    """Read any supported transcript file. All but Transcript JSON need `metadata` for ids and the rep's name."""
    path = Path(path)
    suffix = path.suffix.lower()
    data = None
    if suffix == ".json":
        data = load_json_file(path)
        if not is_gong_export(data):
            transcript = transcript_from_dict(data, path)
            transcript.source = {**transcript.source, "file": str(path), "format": "json"}
            return _checked(transcript, path)
    elif suffix not in TRANSCRIPT_SUFFIXES:
        raise TranscriptError(
            path,
            f"unsupported transcript format {suffix or '(none)'}; expected one of {', '.join(TRANSCRIPT_SUFFIXES)}",
        )
    if metadata is None:
        needs = f"its metadata sidecar {path.with_suffix('.json').name}" if data is None else "a row in manifest.csv"
        raise TranscriptError(path, f"a {suffix} transcript needs {needs}")
    started_at = metadata.started_at
    if data is not None:
        cues, topics = gong_cues(data, path)
        source = {"format": "gong", "topics": topics}
        started_at = started_at or gong_call(data, path)[1]
    else:
        cues, source = _cues_of(path, suffix)
        source = {"format": suffix.lstrip("."), **source}
    if not cues:
        raise TranscriptError(path, "no utterances found")
    roles = assign_roles([c.name for c in cues if c.name], metadata.rep_name, path)
    source = {"file": str(path), **source}
    if any(cue.estimated_time for cue in cues):
        source["estimated_times"] = True
    return _checked(
        transcript_for(metadata, _join_cues(cues, roles), source, started_at),
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
