"""Read a transcript file's bytes as text, in whatever encoding the tool that wrote it used.

Windows tools and meeting platforms write UTF-16 with a byte-order mark, Windows-1252 or GB2312
as often as UTF-8. UTF-8 is tried first (it is the common case and decoding it is exact); any
other encoding is detected by charset-normalizer, and the guess is recorded with the transcript.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import charset_normalizer

from pipeline.errors import TranscriptError


def read_text(path: Path) -> tuple[str, str]:
    """(text, encoding name) of a text file; a file that is no text in any encoding is refused."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TranscriptError(path, f"cannot read file: {exc.strerror or exc}") from exc
    if not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            pass
    best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        raise TranscriptError(path, "not text: no encoding (UTF-8, UTF-16, Windows-1252, GB2312, ...) decodes it")
    # Encodings that decode these bytes to the same text are listed together; name Windows'
    # Western code page when it is one of them, as that is what wrote such a file far more often.
    encoding = "cp1252" if "cp1252" in best.could_be_from_charset else best.encoding
    return str(best).lstrip("\ufeff"), encoding
