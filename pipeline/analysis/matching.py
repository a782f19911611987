"""spaCy matchers that try a pattern only on the texts that hold the words it needs.

spaCy's `Matcher` tries every pattern at every token. With four hundred patterns, most of them word
lists (`{"LOWER": {"IN": [...]}}`, a Python set lookup a token and a pattern state), reading the
patterns over the evaluation utterances cost nearly as much CPU as parsing them. Yet nearly every
pattern names words that must be there: a token spec without an `OP` (or with `OP: "+"`) whose
`LOWER`, `ORTH`/`TEXT`, `LEMMA` or `NORM` is one word or `IN` a list. A text that lacks all the
words of any one such spec cannot match the pattern, so the pattern is not tried on it. The same
holds for every node of a dependency pattern, since a dependency match needs all its nodes.

Each pattern that needs words has a matcher of its own; the few that need none share one. A
pattern's matches are what one matcher of all the patterns gives for it, in the same order: spaCy
finds and de-duplicates each pattern's matches on its own. Only the order between patterns differs,
and the spaCy pass sorts matches by position and pattern.
"""

from __future__ import annotations

from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

# pattern attribute -> the Token attribute it compares (TEXT is spaCy's other name for ORTH)
_WORD_ATTRS = {"LOWER": "lower_", "ORTH": "orth_", "TEXT": "orth_", "LEMMA": "lemma_", "NORM": "norm_"}
# a token spec with one of these quantifiers must match at least once
_REQUIRED = (None, "+")

Requirement = tuple[str, frozenset[str]]


def required_words(specs: list[dict]) -> tuple[Requirement, ...]:
    """(Token attribute, words) for each token spec that must match one of a set of words:
    a text with none of those words in that attribute cannot match the pattern."""
    found = []
    for spec in specs:
        if spec.get("OP") not in _REQUIRED:
            continue
        for attr, token_attr in _WORD_ATTRS.items():
            value = spec.get(attr)
            if isinstance(value, str):
                found.append((token_attr, frozenset([value])))
            elif isinstance(value, dict) and isinstance(value.get("IN"), list):
                found.append((token_attr, frozenset(value["IN"])))
    return tuple(found)


class WordIndexedMatcher:
    """A `Matcher` or `DependencyMatcher` that tries each pattern only where its words are.

    `add` takes one pattern a key, as the spaCy pass adds them; calling it gives what the spaCy
    matcher of the same kind gives: `(match_id, start, end)` tuples for token patterns,
    `(match_id, token_ids)` for dependency patterns.
    """

    def __init__(self, vocab: Vocab, kind: type[Matcher] | type[DependencyMatcher]):
        self.vocab = vocab
        self.kind = kind
        self._free: Matcher | DependencyMatcher | None = None  # the patterns that need no word
        self._indexed: list[tuple[tuple[Requirement, ...], Matcher | DependencyMatcher]] = []
        # (token attribute, word) -> the indexed patterns whose fewest-word requirement holds it
        self._by_word: dict[tuple[str, str], list[int]] = {}
        self._attrs: set[str] = set()

    def add(self, key: str, pattern: list[dict]) -> None:
        specs = [node.get("RIGHT_ATTRS", {}) for node in pattern] if self.kind is DependencyMatcher else pattern
        needs = required_words(specs)
        if not needs:
            if self._free is None:
                self._free = self.kind(self.vocab, validate=True)
            self._free.add(key, [pattern])
            return
        matcher = self.kind(self.vocab, validate=True)
        matcher.add(key, [pattern])
        index = len(self._indexed)
        self._indexed.append((needs, matcher))
        attr, words = min(needs, key=lambda need: len(need[1]))
        for word in words:
            self._by_word.setdefault((attr, word), []).append(index)
        self._attrs.update(attr for attr, _ in needs)

    def __len__(self) -> int:
        return len(self._indexed) + (len(self._free) if self._free is not None else 0)

    def __call__(self, doc: Doc) -> list[tuple]:
        tokens = list(doc)
        words = {attr: {getattr(token, attr) for token in tokens} for attr in self._attrs}
        found = list(self._free(doc)) if self._free is not None else []
        candidates = {i for attr, held in words.items() for word in held for i in self._by_word.get((attr, word), ())}
        for index in sorted(candidates):
            needs, matcher = self._indexed[index]
            if all(not wanted.isdisjoint(words[attr]) for attr, wanted in needs):
                found.extend(matcher(doc))
        return found
