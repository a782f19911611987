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
LISTS = ("share", "product", "live", "artifact", "deferral")


@dataclass(frozen=True)
class ScreenVocabulary:
    patterns: dict[str, re.Pattern]

    def has(self, name: str, text: str) -> bool:
        return bool(self.patterns[name].search(text))


@lru_cache(maxsize=8)
def load_screen_vocabulary(rules_dir: Path) -> ScreenVocabulary:
    path = Path(rules_dir) / "screen.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        lists = {name: [str(p).lower() for p in data[name]] for name in LISTS}
        odd = [p for name in LISTS for p in data[name] if not isinstance(p, str)]
        if odd:
            raise TypeError(f"{odd} are not phrases (quote yes, no, on and off)")
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise RuleError(f"{path}: {type(exc).__name__}: {exc}") from exc
    patterns = {}
    for name, phrases in lists.items():
        alternatives = sorted((re.escape(p) for p in phrases), key=len, reverse=True)
        patterns[name] = re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])")
    return ScreenVocabulary(patterns)


@dataclass(frozen=True)
class ScreenMove:
    utterance: int
    shows: str  # product | artifact | deferred


def screen_moves(transcript: Transcript, vocabulary: ScreenVocabulary) -> list[ScreenMove]:
    """Per rep utterance that shares, points or defers: what it shows. Pointing at the screen
    ("this is the ...") while a document is up is still the document."""
    moves = []
    on_screen = None  # product | artifact
    for index, utterance in enumerate(transcript.utterances):
        if utterance.speaker not in ("rep", "unknown"):
            continue
        text = utterance.text.lower().replace("’", "'")
        share, product = vocabulary.has("share", text), vocabulary.has("product", text)
        live, artifact = vocabulary.has("live", text), vocabulary.has("artifact", text)
        if vocabulary.has("deferral", text) and (share or product or live or "demo" in text):
            moves.append(ScreenMove(index, "deferred"))
        elif artifact and not (product or live) and (share or on_screen):
            on_screen = "artifact"
            moves.append(ScreenMove(index, "artifact"))
        elif live or (product and share):
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
