"""Matchers that try a pattern only where its words are: the same matches as spaCy's own."""

import pytest
from spacy.matcher import DependencyMatcher, Matcher

from pipeline.analysis.matching import WordIndexedMatcher, required_words
from pipeline.analysis.nlp import load_patterns
from tests.support.paths import ROOT


@pytest.fixture(scope="module")
def nlp(analyzer):
    return analyzer.spacy.nlp


@pytest.mark.parametrize(
    "specs, needs",
    [
        ([{"LOWER": "invoice"}], [("lower_", {"invoice"})]),
        ([{"LOWER": {"IN": ["send", "email"]}}, {"LOWER": "it"}], [("lower_", {"send", "email"}), ("lower_", {"it"})]),
        ([{"LEMMA": "ship", "POS": "VERB"}], [("lemma_", {"ship"})]),
        ([{"TEXT": "Q3"}], [("orth_", {"Q3"})]),
        ([{"ORTH": {"IN": ["CFO", "CEO"]}}], [("orth_", {"CFO", "CEO"})]),
        # a spec that must match once or more needs its words too
        ([{"LOWER": "very", "OP": "+"}], [("lower_", {"very"})]),
        # IN beside another condition still needs one of its words
        ([{"LOWER": {"IN": ["a", "b"], "NOT_IN": ["c"]}}], [("lower_", {"a", "b"})]),
        # optional, negated and repeated-or-none specs need nothing; nor do other attributes
        ([{"LOWER": "please", "OP": "?"}, {"LOWER": "not", "OP": "!"}, {"LOWER": "so", "OP": "*"}], []),
        ([{"LOWER": {"NOT_IN": ["no"]}}, {"POS": "NUM"}, {"LOWER": {"REGEX": "^q[1-4]$"}}], []),
        ([{"LIKE_NUM": True}, {"ENT_TYPE": "MONEY"}], []),
    ],
)
def test_a_spec_needs_its_words_only_where_it_must_match(specs, needs):
    assert [(attr, set(words)) for attr, words in required_words(specs)] == needs


TOKEN_PATTERNS = {
    "send_it": [{"LOWER": {"IN": ["send", "email"]}}, {"LOWER": "it", "OP": "?"}, {"LOWER": "over"}],
    "very_plus": [{"LOWER": "very", "OP": "+"}, {"POS": "ADJ"}],
    "number_then_seats": [{"LIKE_NUM": True}, {"LOWER": {"IN": ["seats", "licences", "licenses"]}}],
    # needs no word: tried on every text
    "any_number": [{"LIKE_NUM": True}],
    "shipped": [{"LEMMA": "ship"}, {"LOWER": "it", "OP": "?"}],
}
DEPENDENCY_PATTERNS = {
    "send_object": [
        {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": "send"}},
        {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "object", "RIGHT_ATTRS": {"DEP": "dobj"}},
    ],
    "any_subject": [
        {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"POS": "VERB"}},
        {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "subject", "RIGHT_ATTRS": {"DEP": "nsubj"}},
    ],
}
TEXTS = [
    "I'll send it over tonight and email over the contract.",
    "That's very very expensive for 40 seats.",
    "We shipped on Friday, twelve licences in all.",
    "Nothing here holds any of those words.",
    "",
    "so um sent the quote over yesterday",
]


def _matchers(nlp, kind, patterns):
    plain, indexed = kind(nlp.vocab, validate=True), WordIndexedMatcher(nlp.vocab, kind)
    for key, pattern in patterns.items():
        plain.add(key, [pattern])
        indexed.add(key, pattern)
    return plain, indexed


@pytest.mark.parametrize("kind, patterns", [(Matcher, TOKEN_PATTERNS), (DependencyMatcher, DEPENDENCY_PATTERNS)])
def test_the_indexed_matcher_finds_what_spacy_finds(nlp, kind, patterns):
    plain, indexed = _matchers(nlp, kind, patterns)
    assert len(indexed) == len(patterns)
    seen = 0
    for doc in nlp.pipe(TEXTS):
        expected, got = plain(doc), indexed(doc)
        assert sorted(got) == sorted(expected)
        # each pattern's own matches come in spaCy's order
        for key in patterns:
            key_id = nlp.vocab.strings[key]
            assert [m for m in got if m[0] == key_id] == [m for m in expected if m[0] == key_id]
        seen += len(expected)
    assert seen  # the texts match something


def test_the_rules_patterns_match_the_same_through_the_index(nlp):
    token, dependency = {}, {}
    for pattern, data in load_patterns(ROOT / "rules"):
        if "tokens" in data:
            token[pattern.id] = data["tokens"]
        elif "dependency" in data:
            dependency[pattern.id] = data["dependency"]
    plain, indexed = _matchers(nlp, Matcher, token)
    plain_dependency, indexed_dependency = _matchers(nlp, DependencyMatcher, dependency)
    texts = [
        "Can we do tomorrow at 10 a.m.? I'll send the invite.",
        "If you sign this month I can do 10 percent off.",
        "let me share my screen and walk you through the dashboard",
        "Our CFO signs anything over fifty thousand.",
        "honestly the other lot were a nightmare to deal with",
        "What would it cost you if nothing changes by spring?",
    ]
    found = 0
    for doc in nlp.pipe(texts):
        assert sorted(indexed(doc)) == sorted(plain(doc))
        assert sorted(indexed_dependency(doc)) == sorted(plain_dependency(doc))
        found += len(plain(doc))
    assert found
