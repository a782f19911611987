"""Clauses as the parse reads them: objects, places, and whose time a date is."""

from __future__ import annotations

import pytest
import spacy

from pipeline.analysis.clauses import clauses_of, pointed_nouns
from pipeline.analysis.nlp import SPACY_MODEL


@pytest.fixture(scope="module")
def nlp():
    return spacy.load(SPACY_MODEL)


def clause(nlp, text: str, verb: str):
    return next(c for c in clauses_of(nlp(text)) if c.verb == verb)


def test_the_object_and_the_place_of_a_split_verb(nlp):
    put = clause(nlp, "i'll pop the letter from our auditors up on screen", "pop")
    assert put.objects == ("the letter",) and "up" in put.particles and ("on", "screen") in put.places


def test_a_date_belongs_to_its_own_verb(nlp):
    assert clause(nlp, "I'll show you the reporting side next week.", "show").time
    said = "Let me show you what happens on Monday when the dispatcher logs in."
    assert not clause(nlp, said, "show").time and clause(nlp, said, "happen").time


def test_a_relative_pronoun_and_a_denied_noun_are_no_objects(nlp):
    assert clause(nlp, "This is a leak that a tenant reported this morning.", "report").objects == ()
    got = clause(nlp, "I have the proposal up, just the contract pages, not the product.", "have")
    assert "the product" not in got.objects


def test_nouns_pointed_at(nlp):
    pointed = pointed_nouns(nlp("They type the order number into this search bar."))
    assert [(n.head, n.text) for n in pointed] == [("bar", "this search bar")]
