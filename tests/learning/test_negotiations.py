"""Concessions in real negotiations: the reader of the dialogues (a hand-made one) and, where the
CraigslistBargain file is present, the development split as a regression gate."""

from __future__ import annotations

import json

import pytest

from pipeline.learning.negotiations import (
    NegotiationLabel,
    load_labels,
    load_negotiations,
    score_concessions,
    to_transcript,
)
from pipeline.model import CallAnalysis, Finding
from tests.support.paths import ROOT, SHARED_DATA

LABELS = ROOT / "data" / "eval" / "negotiations" / "labels.jsonl"
DIALOGUES = SHARED_DATA / "negotiations" / "craigslistbargain-dev-part.json"

DIALOGUE = {
    "uuid": "C_1",
    "scenario": {
        "kbs": [
            {"personal": {"Role": "buyer"}, "item": {"Price": 265}},
            {"personal": {"Role": "seller"}, "item": {"Price": 265}},
        ]
    },
    "events": [
        {"action": "message", "agent": 0, "data": "Would you take 200?"},
        {"action": "None", "agent": 0, "data": ""},
        {"action": "message", "agent": 1, "data": "I could do 240."},
        {"action": "offer", "agent": 0, "data": {"price": 240.0}},
        {"action": "accept", "agent": 1, "data": None},
    ],
}
LABEL = NegotiationLabel(0, "C_1", "dev", True, 2, "lower_price", 0, False)


def test_a_dialogue_becomes_a_call_with_the_seller_as_rep():
    negotiation = to_transcript(DIALOGUE, LABEL)
    utterances = negotiation.transcript.utterances
    assert [(u.speaker, u.text) for u in utterances] == [
        ("buyer", "Would you take 200?"),
        ("rep", "I could do 240."),
        ("buyer", "Offer: $240."),
        ("rep", "Accepted."),
    ]
    assert negotiation.utterance_of_event == {0: 0, 2: 1, 3: 2, 4: 3}
    assert negotiation.transcript.list_price == 265.0
    assert to_transcript(DIALOGUE, LABEL, with_list_price=False).transcript.list_price is None
    assert all(a.end <= b.start for a, b in zip(utterances, utterances[1:], strict=False))


def test_scores_count_found_missed_and_the_first_concession():
    negotiation = to_transcript(DIALOGUE, LABEL)

    def analysis(discount: str, evidence: list[int], held: str) -> CallAnalysis:
        findings = [
            Finding(behaviour="discount_before_value", verdict=discount, evidence=evidence),
            Finding(behaviour="price_held_under_pushback", verdict=held, evidence=[0, 1]),
        ]
        return CallAnalysis("cb-000", findings, None)

    right = score_concessions("dev", [negotiation], [analysis("gap", [1], "gap")])
    assert (right.precision, right.recall, right.first_concession_hit, right.hold_accuracy) == (1.0, 1.0, 1.0, 1.0)
    late = score_concessions("dev", [negotiation], [analysis("gap", [3], "met")])
    assert (late.recall, late.first_concession_hit, late.hold_accuracy) == (1.0, 0.0, 0.0)
    missed = score_concessions("dev", [negotiation], [analysis("not_applicable", [], "met")])
    assert (missed.recall, missed.precision, missed.found_concessions) == (0.0, None, 0)


def test_the_labels_cover_every_dialogue_once_with_a_fixed_split():
    labels = load_labels(LABELS)
    assert [label.index for label in labels] == list(range(441))
    assert {label.split for label in labels} == {"dev", "heldout"}
    assert all(label.first_concession is not None for label in labels if label.seller_concession)
    assert all(label.kind is None for label in labels if not label.seller_concession)


@pytest.mark.slow
@pytest.mark.skipif(not DIALOGUES.is_file(), reason="../shared/data/negotiations is not present")
def test_concessions_in_real_negotiations_dev_split_gate(analyzer):
    negotiations = load_negotiations(DIALOGUES, LABELS, "dev")
    result = score_concessions("dev", negotiations, analyzer.analyze_many([n.transcript for n in negotiations]))
    print(json.dumps(vars(result)))
    assert result.recall >= 0.90 and result.precision >= 0.90
    assert result.first_concession_hit >= 0.80
