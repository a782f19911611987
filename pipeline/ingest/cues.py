"""A cue: one timed, optionally named piece of a transcript file, before names become roles.

Every reader of a transcript file (captions, text exports, Word documents, Gong JSON) turns its
file into cues; `pipeline.ingest.readers` joins them into utterances.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

# A `Name: ` prefix of at most this many words is a speaker's name, not the start of a sentence.
MAX_NAME_WORDS = 4
_NAME_PREFIX = re.compile(r"^\s*([^:\n]{1,60}?)\s*:\s+(.*)$", re.DOTALL)


@dataclass
class Cue:
    start: float
    end: float
    name: str | None
    text: str
    # where the cue starts in its file: a line number, or a description ("paragraph 4")
    line: int | str
    estimated_time: bool = False


def clean_text(text: str) -> str:
    """Character references decoded (`&amp;`) and every run of white space made one space."""
    return " ".join(html.unescape(text).split())


def split_name_prefix(text: str) -> tuple[str | None, str]:
    """A `Name: text` cue (Zoom) as (name, text); (None, text) when the prefix does not look like a name."""
    prefixed = _NAME_PREFIX.match(text)
    if prefixed:
        name = prefixed.group(1).strip()
        if len(name.split()) <= MAX_NAME_WORDS and not name[0].isdigit():
            return name, prefixed.group(2).strip()
    return None, text
