"""WebVTT and SRT caption files as cues, through webvtt-py and srt.

The libraries parse each cue (timestamps, cue settings, tags, voice spans, index-less SRT). The
file is split into its blank-line separated blocks here, and each block handed to the library
alone, so that a broken cue is refused with its line number instead of being skipped (webvtt-py
drops a cue it cannot read) or swallowed into the cue before it (srt reads on across a blank line).

Speakers: a WebVTT voice span (`<v Name>`, `<v.loud Name>`, with or without `</v>`, as Teams
writes them) or a `Name: ` prefix (Zoom). Prefixes count as names only in a file where most cues
have one: in a speaker-less caption track a sentence like "Note: ..." is text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import srt
import webvtt

from pipeline.errors import TranscriptError
from pipeline.ingest.cues import Cue, clean_text, split_name_prefix

_VTT_SKIPPED_BLOCKS = ("NOTE", "STYLE", "REGION")
_UNCLOSED_VOICE = re.compile(r"^\s*<v[\s.]")


def _blocks(lines: list[str], first_line: int = 1) -> Iterator[tuple[int, list[str]]]:
    """(line number of its first line, lines) for each blank-line separated block."""
    block: list[str] = []
    first = first_line
    for number, line in enumerate(lines, start=first_line):
        if line.strip():
            if not block:
                first = number
            block.append(line)
        elif block:
            yield first, block
            block = []
    if block:
        yield first, block


def _timing_line(block: list[str], first: int) -> tuple[int, str] | None:
    for offset, line in enumerate(block):
        if "-->" in line:
            return first + offset, line
    return None


def _refuse_block(path: Path, block: list[str], first: int, example: str) -> TranscriptError:
    """The error for a block the library could not read as a cue."""
    timing = _timing_line(block, first)
    if timing is None:
        return TranscriptError(path, "cue has no timing line", first)
    number, line = timing
    return TranscriptError(path, f"expected a timing line like {example!r}, got {line.strip()!r}", number)


def _cue(path: Path, start: float, end: float, raw_text: str, voice: str | None, line: int) -> Cue | None:
    if end < start:
        raise TranscriptError(path, f"cue ends ({end:.3f}s) before it starts ({start:.3f}s)", line)
    if voice is None and _UNCLOSED_VOICE.match(raw_text):
        raise TranscriptError(path, f"voice tag without '>': {raw_text.strip()[:60]!r}", line)
    text = clean_text(raw_text)
    return Cue(start, end, voice.strip() if voice else None, text, line) if text else None


def parse_vtt(text: str, path: Path) -> list[Cue]:
    lines = text.splitlines()
    if not lines or not lines[0].startswith("WEBVTT"):
        raise TranscriptError(path, "a WebVTT file must start with 'WEBVTT'", 1)
    blocks = iter(_blocks(lines))
    # The header block: WEBVTT and its metadata lines (`Kind: captions`, `Language: en`).
    _, header = next(blocks)
    for offset, line in enumerate(header):
        if "-->" in line:
            raise TranscriptError(path, "a blank line must separate the WEBVTT header from the first cue", 1 + offset)
    cues: list[Cue] = []
    for first, block in blocks:
        if block[0].startswith(_VTT_SKIPPED_BLOCKS):
            continue
        captions = webvtt.from_string("WEBVTT\n\n" + "\n".join(block)).captions
        if not captions:
            raise _refuse_block(path, block, first, "00:00:01.000 --> 00:00:04.000")
        timing_line = _timing_line(block, first)[0]
        for caption in captions:
            start, end = caption.start_time.in_milliseconds() / 1000, caption.end_time.in_milliseconds() / 1000
            cue = _cue(path, start, end, caption.text, caption.voice, timing_line)
            if cue:
                cues.append(cue)
    return _names_from_prefixes(cues)


def parse_srt(text: str, path: Path) -> list[Cue]:
    cues: list[Cue] = []
    for first, block in _blocks(text.splitlines()):
        try:
            subtitles = list(srt.parse("\n".join(block) + "\n"))
        except srt.SRTParseError:
            subtitles = []
        if not subtitles:
            if "-->" not in block[0] and not block[0].strip().isdigit():
                raise TranscriptError(path, f"expected a cue number or a timing line, got {block[0].strip()!r}", first)
            raise _refuse_block(path, block, first, "00:00:01,000 --> 00:00:04,000")
        timing_line = _timing_line(block, first)[0]
        for subtitle in subtitles:
            cue = _cue(
                path,
                subtitle.start.total_seconds(),
                subtitle.end.total_seconds(),
                webvtt.Caption(text=subtitle.content).text,  # SRT's <i>, <b>, <font> tags off
                None,
                timing_line,
            )
            if cue:
                cues.append(cue)
    return _names_from_prefixes(cues)


def _names_from_prefixes(cues: list[Cue]) -> list[Cue]:
    """Read `Name: ` prefixes as speakers when most cues carry one (or a voice span)."""
    split = [split_name_prefix(cue.text) if cue.name is None else (cue.name, cue.text) for cue in cues]
    named = sum(1 for name, _ in split if name)
    if named * 2 < len(cues):
        return cues
    for cue, (name, text) in zip(cues, split, strict=True):
        cue.name, cue.text = name, text
    return cues
