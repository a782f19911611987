"""Text as literal Markdown: the one escaping of every Markdown export (the call review, the
tracker's report.md, the team roll-up), so a transcript quote or a typed diagnosis never turns
into markup, a link, raw HTML (`<script>`, `<img onerror>`) or a table cell of its own."""

from __future__ import annotations

import re

# Inline text only: what could start markup, a link, HTML or a table cell. An underscore inside a
# word ("rep_ana") starts no emphasis in CommonMark, so ids stay readable.
_MARKDOWN_SPECIAL = re.compile(r"[\\`*\[\]<>|#~]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")


def md_text(text: object) -> str:
    """Transcript or typed text (or any value) as literal Markdown: special characters escaped, one line."""
    return _MARKDOWN_SPECIAL.sub(lambda m: "\\" + m.group(0), " ".join(("" if text is None else str(text)).split()))
