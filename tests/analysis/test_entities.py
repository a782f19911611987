"""Which utterances the entity recogniser reads: those where an entity the rules read can be."""

import pytest
import spacy

from pipeline.analysis.entities import money_in_words, needs_entities


@pytest.fixture(scope="module")
def tokenizer():
    return spacy.blank("en")


@pytest.mark.parametrize(
    "text, needed",
    [
        ("I can do 140 a seat.", True),
        ("That's about $5k a month.", True),
        ("We're at ninety percent capacity.", True),
        ("twenty two drivers on the night shift", True),
        ("Let's meet Thursday at ten.", True),
        ("They only meet on Tuesdays.", True),
        ("The feed updates hourly.", True),
        ("It would save me a ton of back-and-forth.", True),
        ("Immiflow quoted us a lot more.", True),  # the vendor-quote pattern reads entity types
        ("Sounds good to me.", False),
        ("Who else should be part of that conversation?", False),
        ("let me share my screen and walk you through it", False),
    ],
)
def test_the_recogniser_reads_utterances_with_figures_dates_and_quotes(tokenizer, text, needed):
    assert needs_entities(tokenizer(text)) is needed


@pytest.mark.parametrize(
    "text, money",
    [
        ("so thats like nine grand a year you lose on it", [("MONEY", "nine grand")]),
        ("about four thousand six hundred quid in returns", [("MONEY", "four thousand six hundred quid")]),
        ("it came to three hundred and ten euros", [("MONEY", "three hundred and ten euros")]),
        ("we sent out six parcels on monday", []),
        ("the grand opening is in march", []),
    ],
)
def test_a_figure_said_with_a_word_of_money_is_money(tokenizer, text, money):
    assert money_in_words(tokenizer(text)) == money
