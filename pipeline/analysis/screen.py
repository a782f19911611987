"""What is on the screen: a demo starts when the product is shown, not when anything is shared.

A rep shares many things in a sales call: slides about the company, a customer case study, a
quote, a contract, an auditor's letter, the buyer's own spreadsheet. Only the product, shown or
worked live, starts a demo; a demo promised for another call does not. This pass follows what the
rep puts on the screen through the call (`rules/screen.yaml`) and marks each rep utterance that
shows the product, shows something else, or defers the demo.

Pure: a transcript in, `ScreenMove`s out. `screen_acts` turns them into the `demo_start` act the
rules read: proposed where the product is shown (also in words no pattern has), held down where
what is shown is not the product or the demo is for later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml

from pipeline.analysis.rules import RuleError
from pipeline.model import Transcript, UtteranceFeatures

DEMO_ACT = "demo_start"
PRODUCT_CONFIDENCE = 0.9
LISTS = ("share", "product", "live", "artifact", "show", "deferral")


@dataclass(frozen=True)
class ScreenVocabulary:
    patterns: dict[str, re.Pattern]
    window_words: int = 8

    def has(self, name: str, text: str) -> bool:
        return bool(self.patterns[name].search(text))

    def spans(self, name: str, text: str) -> list[tuple[int, int]]:
        """(first word, last word) of each match, counted in words."""
        return [(_word_at(text, m.start()), _word_at(text, m.end() - 1)) for m in self.patterns[name].finditer(text)]


def _word_at(text: str, position: int) -> int:
    return len(text[:position].split())


def _follows(first: list[tuple[int, int]], then: list[tuple[int, int]], window: int) -> bool:
    """Some `then` match starts after a `first` match starts (they may overlap: "open the product")
    and within `window` words of its end."""
    return any(b[0] > a[0] and b[0] - a[1] <= window for a in first for b in then)


def _near(one: list[tuple[int, int]], other: list[tuple[int, int]], window: int) -> bool:
    return any(abs(b[0] - a[1]) <= window or abs(a[0] - b[1]) <= window for a in one for b in other)


@lru_cache(maxsize=8)
def load_screen_vocabulary(rules_dir: Path) -> ScreenVocabulary:
    path = Path(rules_dir) / "screen.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        lists = {name: [str(p).lower() for p in data[name]] for name in LISTS}
        odd = [p for name in LISTS for p in data[name] if not isinstance(p, str)]
        if odd:
            raise TypeError(f"{odd} are not phrases (quote yes, no, on and off)")
        window = int(data["window_words"])
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise RuleError(f"{path}: {type(exc).__name__}: {exc}") from exc
    patterns = {}
    for name, phrases in lists.items():
        alternatives = sorted((re.escape(p) for p in phrases), key=len, reverse=True)
        patterns[name] = re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])")
    return ScreenVocabulary(patterns, window)


@dataclass(frozen=True)
class ScreenMove:
    utterance: int
    shows: str  # product | artifact | deferred


def screen_moves(transcript: Transcript, vocabulary: ScreenVocabulary) -> list[ScreenMove]:
    """Per rep utterance that shares, points or defers: what it shows. A document counts when it is
    what the rep shares or points at (within a few words of it); a deferral when it is said of the
    showing; pointing at the screen while a document is up is still the document."""
    moves = []
    on_screen = None  # product | artifact
    window = vocabulary.window_words
    for index, utterance in enumerate(transcript.utterances):
        if utterance.speaker not in ("rep", "unknown"):
            continue
        text = utterance.text.lower().replace("’", "'")
        share, product, live, artifact = (
            vocabulary.spans(name, text) for name in ("share", "product", "live", "artifact")
        )
        shows_product = bool(live) or _follows(share, product, window)
        shows_artifact = _follows(share, artifact, window) and not _follows(share, product, window)
        if _near(vocabulary.spans("deferral", text), vocabulary.spans("show", text), window) and not live:
            moves.append(ScreenMove(index, "deferred"))
        elif shows_artifact and not live:
            on_screen = "artifact"
            moves.append(ScreenMove(index, "artifact"))
        elif shows_product:
            on_screen = "product"
            moves.append(ScreenMove(index, "product"))
        elif share and on_screen == "artifact" and not product:
            moves.append(ScreenMove(index, "artifact"))
    return moves


def screen_acts(
    features: list[UtteranceFeatures], moves: list[ScreenMove], veto_factor: float
) -> list[UtteranceFeatures]:
    """`demo_start` raised where the product is shown, held down (by `veto_factor`) where a
    document is shown or the demo is deferred."""
    updated = list(features)
    for move in moves:
        current = updated[move.utterance]
        confidence = current.acts.get(DEMO_ACT, 0.0)
        if move.shows == "product":
            if confidence >= PRODUCT_CONFIDENCE:
                continue
            confidence, source = PRODUCT_CONFIDENCE, "screen:product"
        elif confidence:
            confidence, source = (
                confidence * veto_factor,
                f"{current.act_sources.get(DEMO_ACT, '')}-screen:{move.shows}",
            )
        else:
            continue
        updated[move.utterance] = replace(
            current,
            acts={**current.acts, DEMO_ACT: round(confidence, 4)},
            act_sources={**current.act_sources, DEMO_ACT: source},
        )
    return updated
