"""Named word lists that the patterns of `rules/patterns/*.jsonl` share (`rules/patterns/words.yaml`).

A pattern's `IN` or `NOT_IN` list of words may name a shared list with `@name` among its words: the
list's words stand in its place, each once. A pattern then keeps only the words that are its own
("the kinds of business, and a van"), and a word added to a shared list reaches every pattern that
names it. A name no list has is refused when the patterns load.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from pipeline.analysis.rules import RuleError

WORDS_FILE = "words.yaml"
_NAME = re.compile(r"^[a-z_]+$")
_WORD_LISTS = ("IN", "NOT_IN")


def load_word_lists(folder: Path) -> dict[str, tuple[str, ...]]:
    """The named lists of `folder/words.yaml` (none when the file is absent), validated."""
    path = Path(folder) / WORDS_FILE
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RuleError(f"{path}: invalid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("lists"), dict):
        raise RuleError(f"{path}: needs `lists`, a mapping of names to lists of words")
    lists = {}
    for name, words in data["lists"].items():
        if not isinstance(name, str) or not _NAME.match(name):
            raise RuleError(f"{path}: list name {name!r} must be lowercase letters and underscores")
        # YAML reads unquoted yes/no/on/off as booleans, which would never match a word
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
            raise RuleError(f"{path}: {name}: must be a list of words (quote yes, no, on and off)")
        lists[name] = tuple(words)
    return lists


def expand(value, lists: dict[str, tuple[str, ...]]):
    """`value` (a pattern's `tokens` or `dependency`) with every `@name` of its word lists replaced
    by that list's words. Raises KeyError with the name of a list that does not exist."""
    if isinstance(value, list):
        return [expand(item, lists) for item in value]
    if isinstance(value, dict):
        return {
            key: _words(item, lists) if key in _WORD_LISTS and isinstance(item, list) else expand(item, lists)
            for key, item in value.items()
        }
    return value


def _words(items: list, lists: dict[str, tuple[str, ...]]) -> list:
    words = []
    for item in items:
        named = isinstance(item, str) and item.startswith("@")
        for word in lists[item[1:]] if named else (item,):
            if word not in words:
                words.append(word)
    return words
