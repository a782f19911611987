"""The buyer's answer to a question about who decides, on hand-made calls: the answer says what was asked."""

from __future__ import annotations

import pytest

from pipeline.analysis.committee import answered_committee
from pipeline.model import UtteranceFeatures
from tests.analysis.calls import transcript_of

ANSWERED = frozenset({"committee_answer"})


def asked(lines: list[str], features: list[UtteranceFeatures]) -> list[float]:
    updated = answered_committee(transcript_of(lines), features)
    return [f.acts.get("committee_question", 0.0) for f in updated]


@pytest.mark.parametrize(
    "question",
    [
        "rep: Thanks, Pat. Jo, once it's signed, does anyone else have to look at it, your bookkeeper maybe?",
        "rep: ok so does your brother sign off the supplier account or is that you",
        "rep: And is it the two of you, or does it go past the parish council?",
    ],
)
def test_a_faint_question_answered_with_who_decides_asks_who_decides(question):
    lines = [
        "buyer: Fine, that works.",
        question,
        "buyer: My brother signs anything over a grand, so he'll want to see it.",
    ]
    features = [
        UtteranceFeatures(),
        UtteranceFeatures(acts={"committee_question": 0.3}, question=True),
        UtteranceFeatures(cues=ANSWERED),
    ]
    assert asked(lines, features)[1] >= 0.5
    # the same question in the greeting, before the buyer has said a word, asks after the call
    assert asked(lines[1:], features[1:])[0] == 0.3


def test_a_question_answered_otherwise_or_heard_as_none_stays_as_read():
    lines = ["buyer: Morning.", "rep: How many of the crew sign in each morning?", "buyer: About twelve sign in."]
    # heard as no committee question at all, however the buyer answers
    faint = [UtteranceFeatures(), UtteranceFeatures(acts={"committee_question": 0.1}, question=True)]
    assert asked(lines, [*faint, UtteranceFeatures(cues=ANSWERED)])[1] == 0.1
    # answered with nothing about who decides
    question = UtteranceFeatures(acts={"committee_question": 0.3}, question=True)
    assert asked(lines, [UtteranceFeatures(), question, UtteranceFeatures()])[1] == 0.3
    # said, not asked; or the buyer's answer not the next turn
    told = UtteranceFeatures(acts={"committee_question": 0.3})
    assert asked(lines, [UtteranceFeatures(), told, UtteranceFeatures(cues=ANSWERED)])[1] == 0.3
    later = [*lines[:2], "rep: Roughly, I mean.", lines[2]]
    features = [UtteranceFeatures(), question, UtteranceFeatures(), UtteranceFeatures(cues=ANSWERED)]
    assert asked(later, features)[1] == 0.3


def test_a_question_heard_only_a_little_as_asking_who_decides_counts_when_answered_so():
    lines = [
        "buyer: Right, that covers the glazing side.",
        "rep: Is that yours to sign, Mo, or does Aunt Rita get the last word on it?",
        "buyer: Rita does the signing, though she always takes my word.",
    ]
    heard = [UtteranceFeatures(), UtteranceFeatures(acts={"committee_question": 0.26}, question=True)]
    assert asked(lines, [*heard, UtteranceFeatures(cues=ANSWERED)])[1] >= 0.5
    # fainter still, the question asks something else ("who keeps the sheet, you?") whatever the answer says
    fainter = [UtteranceFeatures(), UtteranceFeatures(acts={"committee_question": 0.2}, question=True)]
    assert asked(lines, [*fainter, UtteranceFeatures(cues=ANSWERED)])[1] == 0.2
