"""Transcripts written as lines of text, as meeting tools export them (`.txt`, or a Word document's
paragraphs). Three layouts, told apart by their lines:

- **speaker headings** (Otter `.txt`, Microsoft Teams `.docx`): a line `Name  0:03` (the name, two
  or more spaces or a tab, the time) opens a turn; the lines under it are its text. Lines before the
  first heading are the title block; Teams' `Name started transcription` lines are skipped, and so
  is Otter's closing `Transcribed by https://otter.ai`.
- **Google Meet**: a title block that ends at a line `Transcript`, then `Name: text` lines with a
  bare `00:05:00` line every few minutes; the closing `Meeting ended after ...` lines are skipped.
- **plain lines**: `Name: text`, each optionally prefixed by `[mm:ss]`; every line must have a name.

Turns without a time of their own are laid out at a speaking rate from the last time seen, and the
transcript says so (`source.estimated_times`).
"""

from __future__ import annotations

import re

from pipeline.errors import TranscriptError
from pipeline.ingest.cues import Cue, clean_text

# Speaking rate used to lay out turns that carry no time.
ASSUMED_WORDS_PER_SECOND = 2.5
PAUSE_S = 0.3

_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{2})"
_HEADING = re.compile(rf"^([^\s:][^\t:]{{0,60}}?)(?: {{2,}}|\t+)\s*{_TIME}\s*$")
_CLOCK = re.compile(rf"^\s*{_TIME}\s*$")
_MEET_TRANSCRIPT_MARK = re.compile(r"^\W*Transcript\s*$", re.IGNORECASE)
_MEET_END = re.compile(r"^\W*(?:(?:Meeting|Transcription) ended after\b|This editable transcript\b)", re.IGNORECASE)
_HEADING_SKIPPED = re.compile(r"^(?:.{1,80} (?:started|stopped) transcription|Transcribed by https?://otter\.ai)\s*$")
_PLAIN_LINE = re.compile(rf"^\s*(?:\[{_TIME}(?:[.,]\d+)?\]\s*)?([^:\n]{{1,60}}?)\s*:\s*(.+)$")
_NAMED_LINE = re.compile(r"^\s*([^:\n]{1,60}?)\s*:\s+(.+)$")

Line = tuple[int | str, str]  # (where in the file, text)


def _seconds(hours: str | None, minutes: str, seconds: str) -> float:
    return float(int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds))


def _duration(text: str) -> float:
    return max(0.6, len(text.split()) / ASSUMED_WORDS_PER_SECOND)


def layout(lines: list[Line]) -> str:
    """Which of the three layouts the lines are in: `speaker_headings`, `meet` or `plain`."""
    texts = [text.strip() for _, text in lines if text.strip()]
    if any(_HEADING.match(text) for text in texts):
        return "speaker_headings"
    if any(_MEET_TRANSCRIPT_MARK.match(text) or _CLOCK.match(text) for text in texts):
        return "meet"
    return "plain"


def parse_lines(lines: list[Line], path) -> tuple[list[Cue], str]:
    """The cues of a text transcript and its layout."""
    kind = layout(lines)
    parser = {"speaker_headings": _speaker_headings, "meet": _meet, "plain": _plain}[kind]
    return parser([(where, text.strip()) for where, text in lines if text.strip()], path), kind


def _speaker_headings(lines: list[Line], path) -> list[Cue]:
    turns: list[tuple[Line, float, list[str]]] = []
    for where, text in lines:
        heading = _HEADING.match(text)
        if heading:
            turns.append(((where, heading.group(1).strip()), _seconds(*heading.groups()[1:]), []))
        elif turns and not _HEADING_SKIPPED.match(text):
            turns[-1][2].append(text)
        # before the first heading: the title block (meeting name, date, duration)
    cues = []
    for index, ((where, name), start, body) in enumerate(turns):
        text = clean_text(" ".join(body))
        if not text:
            continue
        next_start = turns[index + 1][1] if index + 1 < len(turns) else None
        if next_start is not None and next_start < start:
            raise TranscriptError(path, f"turn at {start:g}s comes after one at a later time", where)
        end = start + _duration(text)
        if next_start is not None and next_start > start:
            end = min(end, next_start)
        cues.append(Cue(start, end, name, text, where))
    return cues


def _meet(lines: list[Line], path) -> list[Cue]:
    marks = [index for index, (_, text) in enumerate(lines) if _MEET_TRANSCRIPT_MARK.match(text)]
    body = lines[marks[0] + 1 :] if marks else lines
    cues: list[Cue] = []
    clock = 0.0
    for where, text in body:
        stamp = _CLOCK.match(text)
        if stamp:
            clock = max(clock, _seconds(*stamp.groups()))
            continue
        if _MEET_END.match(text):
            continue
        named = _NAMED_LINE.match(text)
        if not named:
            raise TranscriptError(path, f"expected 'Name: text' or a time like '00:05:00', got {text[:60]!r}", where)
        spoken = clean_text(named.group(2))
        cues.append(Cue(clock, clock + _duration(spoken), named.group(1).strip(), spoken, where, estimated_time=True))
        clock = cues[-1].end + PAUSE_S
    return cues


def _plain(lines: list[Line], path) -> list[Cue]:
    cues: list[Cue] = []
    clock = 0.0
    for where, text in lines:
        match = _PLAIN_LINE.match(text)
        if not match:
            raise TranscriptError(path, f"expected 'Name: text', got {text[:60]!r}", where)
        hours, minutes, seconds, name, spoken = match.groups()
        if minutes is not None:
            clock = max(clock, _seconds(hours, minutes, seconds))
        spoken = clean_text(spoken)
        cues.append(Cue(clock, clock + _duration(spoken), name.strip(), spoken, where, minutes is None))
        clock = cues[-1].end + PAUSE_S
    return cues
