"""A Word document's text as lines, through python-docx: Teams and Google Meet transcripts come as `.docx`."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError

from pipeline.errors import TranscriptError


def docx_lines(path: Path) -> list[tuple[str, str]]:
    """(`paragraph N`, text) for every line of the document's body; a line break inside a
    paragraph (Teams puts the speaker heading and the text in one) makes two lines."""
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TranscriptError(path, f"not a Word (.docx) document: {exc}") from exc
    lines = []
    for number, paragraph in enumerate(document.paragraphs, start=1):
        for line in paragraph.text.splitlines():
            lines.append((f"paragraph {number}", line))
    return lines
