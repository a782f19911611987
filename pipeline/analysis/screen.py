"""What is on the screen: a demo starts when the product is shown, not when anything is shared.

A rep shares many things in a sales call: slides about the company, a customer case study, a
quote, a contract, an auditor's letter, the buyer's own spreadsheet. Only the product, shown or
worked live, starts a demo; a demo promised for another call does not. This pass follows what the
rep puts on the screen through the call (`rules/screen.yaml`) and marks each rep utterance that
shows the product, shows something else, or defers the demo.

Two readings feed it. The words: a share phrase followed closely by a document or a product
word. The parse (`clauses.py`, when the spaCy pass is given): what is the object of the showing
verb, wherever it stands ("I'll pop the letter from our auditors up on screen", "let me put the
document up"); a showing said with a time or another occasion ("let's keep the live walkthrough for
that session"); an interface described from its user's side ("here's the pick list your pickers
would get", "the stages across the top", "this search bar").

Pure: a transcript in, `ScreenMove`s out. `screen_acts` turns them into the `demo_start` act the
rules read: proposed where the product is shown (also in words no pattern has), held down where
what is shown is not the product or the demo is for later.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import yaml

from pipeline.analysis.clauses import Clause, NounPhrase
from pipeline.analysis.rules import RuleError
from pipeline.model import Transcript, UtteranceFeatures

DEMO_ACT = "demo_start"
PRODUCT_CONFIDENCE = 0.9
LISTS = ("share", "product", "live", "artifact", "show", "deferral", "ui_place")
# word lists the parse reading compares lemmas and heads with (exact words, not phrases)
WORD_SETS = (
    "share_verbs",
    "place_verbs",
    "through_verbs",
    "deictic_subjects",
    "showing_nouns",
    "occasion_nouns",
    "present_occasions",
    "user_verbs",
    "user_modals",
    "ui_nouns",
)


@dataclass(frozen=True)
class ScreenVocabulary:
    patterns: dict[str, re.Pattern]
    window_words: int = 8
    words: dict[str, frozenset[str]] = field(default_factory=dict)

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


def _nearest_after(first: list[tuple[int, int]], then: list[tuple[int, int]], window: int) -> int | None:
    """How many words after a `first` match the nearest `then` match (as `_follows`) starts."""
    gaps = [b[0] - a[1] for a in first for b in then if b[0] > a[0] and b[0] - a[1] <= window]
    return min(gaps) if gaps else None


def _names(vocabulary: ScreenVocabulary, phrase: str) -> str | None:
    """What a noun phrase shown names: "artifact", "product" or None. The word nearest the head
    (the end) decides: "the proposal builder" is the product, "the dashboard report" a document."""
    ends = {
        name: max((m.end() for m in vocabulary.patterns[name].finditer(phrase)), default=-1)
        for name in ("artifact", "product")
    }
    if max(ends.values()) < 0:
        return None
    return max(ends, key=ends.get)


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
        words = {name: frozenset(str(w).lower() for w in data["parse"][name]) for name in WORD_SETS}
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise RuleError(f"{path}: {type(exc).__name__}: {exc}") from exc
    patterns = {}
    for name, phrases in lists.items():
        alternatives = sorted((re.escape(p) for p in phrases), key=len, reverse=True)
        patterns[name] = re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])")
    return ScreenVocabulary(patterns, window, words)


@dataclass(frozen=True)
class ScreenMove:
    utterance: int
    shows: str  # product | artifact | deferred


class Parsed(Protocol):
    """What the spaCy pass keeps of an utterance's parse (`SpacyFeatures` has both)."""

    clauses: list[Clause]
    pointed: list[NounPhrase]


@dataclass(frozen=True)
class ParseReading:
    """What the parse says a rep utterance does with the screen."""

    artifact: bool = False  # a document is the object of a showing verb
    product: bool = False  # the product is
    deferred: bool = False  # a showing is said with another time or occasion
    pointing: bool = False  # the rep points at what is up ("here's ...", "what's on your screen is ...")
    user_side: bool = False  # an interface described from its user's side ("your pickers would get")
    ui_pointed: bool = False  # a part of an interface pointed at ("this search bar")


def _on_screen(clause: Clause) -> bool:
    return any(preposition == "on" and "screen" in phrase.split() for preposition, phrase in clause.places)


def _shows(clause: Clause, text: str, screen_said: bool, words: dict[str, frozenset[str]]) -> bool:
    """Whether the clause puts something on the screen or points at it: a showing verb ("share the
    quote"), a placing verb with "up" or on a screen ("pop the letter up on screen"), a verb taken
    over or through something ("go over the quote"), or "this/here/what's on screen" is something."""
    if clause.verb in words["share_verbs"]:
        return True
    if clause.verb in words["place_verbs"]:
        return "up" in clause.particles or _on_screen(clause) or "screen" in text
    if clause.verb in words["through_verbs"]:
        return any(preposition in ("over", "through") for preposition, _ in clause.places)
    if clause.verb == "be":
        return (
            "here" in clause.particles
            or clause.subject.split("'")[0] in words["deictic_subjects"]
            or _on_screen(clause)
            or screen_said
        )
    return False


def _deferred(clause: Clause, words: dict[str, frozenset[str]], showing_said: bool) -> bool:
    """A showing said with a date or time, or for another occasion ("for that session"); the
    showing may be a pronoun for one said in the utterance ("I'd rather do that in its own session")."""
    showing = (
        clause.verb in words["share_verbs"]
        or any(set(phrase.split()) & words["showing_nouns"] for phrase in clause.objects)
        or (showing_said and any(phrase in ("it", "that", "this") for phrase in clause.objects))
    )
    if not showing or clause.past:
        return False
    other_occasion = any(
        preposition in ("for", "on", "in", "at", "during", "until", "till")
        and set(phrase.split()) & words["occasion_nouns"]
        and not set(phrase.split()) & words["present_occasions"]
        for preposition, phrase in clause.places
    )
    return clause.time or other_occasion


def read_parse(text: str, parsed: Parsed, vocabulary: ScreenVocabulary) -> ParseReading:
    """The screen moves the parse of one rep utterance (lowercased `text`) holds. A pronoun shown
    ("mind if I put it up") is the document named elsewhere in the utterance, if one is."""
    words = vocabulary.words
    screen_said = any(_on_screen(c) for c in parsed.clauses)
    showing_said = any(c.verb in words["share_verbs"] for c in parsed.clauses)
    artifact = product = deferred = pointing = user_side = False
    for clause in parsed.clauses:
        if clause.negated:
            continue
        deferred = deferred or _deferred(clause, words, showing_said)
        if (
            clause.verb in words["user_verbs"]
            and clause.modal in words["user_modals"]
            and (clause.subject.startswith("your ") or clause.subject_named)
        ):
            user_side = True
        if not _shows(clause, text, screen_said, words):
            continue
        pointing = pointing or clause.verb == "be"
        shown = list(clause.objects)
        if clause.verb == "be" and clause.subject.split("'")[0] not in words["deictic_subjects"]:
            shown.append(clause.subject)
        for phrase in shown:
            names = _names(vocabulary, phrase)
            if names is None and phrase in ("it", "this", "that", "them") and vocabulary.has("artifact", text):
                names = "artifact"
            artifact = artifact or names == "artifact"
            product = product or names == "product"
    # "this search bar", "these columns": pointing at a part of an interface
    ui_pointed = any(noun.head in words["ui_nouns"] for noun in parsed.pointed)
    user_side = user_side or ui_pointed or vocabulary.has("ui_place", text)
    return ParseReading(artifact, product, deferred, pointing or screen_said, user_side, ui_pointed)


def screen_moves(
    transcript: Transcript, vocabulary: ScreenVocabulary, parses: Sequence[Parsed] | None = None
) -> list[ScreenMove]:
    """Per rep utterance that shares, points or defers: what it shows. A document counts when it is
    what the rep shares or points at (within a few words of it, or its object in the parse); a
    deferral when it is said of the showing; pointing at the screen while a document is up is still
    the document. `parses` (one per utterance, from the spaCy pass) adds the parse's reading."""
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
        parsed = read_parse(text, parses[index], vocabulary) if parses is not None else ParseReading()
        shows_product = bool(live) or _follows(share, product, window) or parsed.product
        # an interface seen from its user's side, while the rep points at the screen
        pointing = bool(share) or parsed.pointing or (parsed.ui_pointed and on_screen != "artifact")
        shows_product = shows_product or (parsed.user_side and pointing)
        # the thing named nearest after the share is what is shown ("that's the order form, two
        # rooftops and the inventory module" shows the order form)
        to_artifact, to_product = _nearest_after(share, artifact, window), _nearest_after(share, product, window)
        named_artifact = to_artifact is not None and (to_product is None or to_artifact < to_product)
        shows_artifact = (named_artifact or parsed.artifact) and not parsed.product
        deferred = _near(vocabulary.spans("deferral", text), vocabulary.spans("show", text), window)
        if (deferred or parsed.deferred) and not live:
            moves.append(ScreenMove(index, "deferred"))
        elif shows_artifact and not live:
            on_screen = "artifact"
            moves.append(ScreenMove(index, "artifact"))
        elif shows_product:
            on_screen = "product"
            moves.append(ScreenMove(index, "product"))
        elif (share or parsed.pointing) and on_screen == "artifact" and not product:
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
