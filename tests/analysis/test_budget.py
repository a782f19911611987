"""The buyer's answer to a question about money, on hand-made calls: an answer that names a sum says one was asked."""

from __future__ import annotations

import pytest

from pipeline.analysis.budget import answered_budget
from pipeline.model import UtteranceFeatures
from tests.analysis.calls import transcript_of

A_SUM = frozenset({"budget_answer"})


def asked(lines: list[str], features: list[UtteranceFeatures]) -> list[float]:
    updated = answered_budget(transcript_of(lines), features)
    return [f.acts.get("budget_question", 0.0) for f in updated]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("rep: Right. You and Sam were going to talk money. Where did you get to?", "buyer: About two grand."),
        (
            "rep: Before I forget, what sort of money were you two thinking of for it?",
            "buyer: Sam's number was about seventy a month.",
        ),
        ("rep: so what were you thinking of putting in for it", "buyer: five hundred for the year i suppose"),
    ],
)
def test_a_faint_question_answered_with_a_sum_asks_about_money(question, answer):
    lines = ["buyer: Morning, I'm all yours.", question, answer]
    features = [
        UtteranceFeatures(),
        UtteranceFeatures(acts={"budget_question": 0.2}, question=True),
        UtteranceFeatures(cues=A_SUM),
    ]
    assert asked(lines, features)[1] >= 0.5
    # the same question in the greeting, before the buyer has said a word, stays as read
    assert asked(lines[1:], features[1:])[0] == 0.2


def test_a_question_of_a_count_or_answered_otherwise_stays_as_read():
    lines = ["buyer: Morning.", "rep: How many bookings do you take a week?", "buyer: About two hundred a week."]
    # asked for a count: the answer's figure counts things
    count = UtteranceFeatures(acts={"budget_question": 0.25}, question=True, cues=frozenset({"count_question"}))
    assert asked(lines, [UtteranceFeatures(), count, UtteranceFeatures(cues=A_SUM)])[1] == 0.25
    # heard as no budget question at all, however the buyer answers
    none = UtteranceFeatures(acts={"budget_question": 0.05}, question=True)
    assert asked(lines, [UtteranceFeatures(), none, UtteranceFeatures(cues=A_SUM)])[1] == 0.05
    # answered with no sum
    question = UtteranceFeatures(acts={"budget_question": 0.25}, question=True)
    assert asked(lines, [UtteranceFeatures(), question, UtteranceFeatures()])[1] == 0.25
    # said, not asked; or the buyer's answer not the next turn
    told = UtteranceFeatures(acts={"budget_question": 0.25})
    assert asked(lines, [UtteranceFeatures(), told, UtteranceFeatures(cues=A_SUM)])[1] == 0.25
    later = [*lines[:2], "rep: Roughly, I mean.", lines[2]]
    features = [UtteranceFeatures(), question, UtteranceFeatures(), UtteranceFeatures(cues=A_SUM)]
    assert asked(later, features)[1] == 0.25


SAID_BACK = frozenset({"sum_said_back"})
A_FIGURE = frozenset({"figure_answer"})


def test_a_sum_said_back_and_answered_with_a_bare_figure_asks_about_money():
    """The rep asks whether a sum of the buyer's holds and the buyer answers with a figure of their own:
    however faintly the question reads, it asked about money."""
    lines = [
        "buyer: Hello, I'm parked up in a layby.",
        "rep: And the old system, that's forty a week you said? Still that?",
        "buyer: Fifty-five these days. It went up.",
    ]
    said_back = UtteranceFeatures(acts={"budget_question": 0.08}, question=True, cues=SAID_BACK)
    assert asked(lines, [UtteranceFeatures(), said_back, UtteranceFeatures(cues=A_FIGURE)])[1] >= 0.5
    # the buyer answers with no figure
    assert asked(lines, [UtteranceFeatures(), said_back, UtteranceFeatures()])[1] == 0.08
    # said, not asked
    told = UtteranceFeatures(acts={"budget_question": 0.08}, cues=SAID_BACK)
    assert asked(lines, [UtteranceFeatures(), told, UtteranceFeatures(cues=A_FIGURE)])[1] == 0.08
    # no sum in the question: a bare figure answers a count or anything else
    plain = UtteranceFeatures(acts={"budget_question": 0.08}, question=True)
    assert asked(lines, [UtteranceFeatures(), plain, UtteranceFeatures(cues=A_FIGURE)])[1] == 0.08
    # heard as no budget question at all
    unheard = UtteranceFeatures(acts={"budget_question": 0.02}, question=True, cues=SAID_BACK)
    assert asked(lines, [UtteranceFeatures(), unheard, UtteranceFeatures(cues=A_FIGURE)])[1] == 0.02
    # a count asked for, with a figure in it
    counted = UtteranceFeatures(
        acts={"budget_question": 0.08}, question=True, cues=SAID_BACK | frozenset({"count_question"})
    )
    assert asked(lines, [UtteranceFeatures(), counted, UtteranceFeatures(cues=A_FIGURE)])[1] == 0.08


OWN_RATE = frozenset({"own_rate_question"})


def stated(lines: list[str], features: list[UtteranceFeatures]) -> list[float]:
    updated = answered_budget(transcript_of(lines), features, veto_factor=0.1)
    return [f.acts.get("budget_statement", 0.0) for f in updated]


def test_the_buyers_answer_about_their_own_rate_states_no_budget():
    """ "What do you charge per tonne?" is answered with the buyer's price to their customers, not their budget."""
    lines = [
        "rep: just so i understand the business what do you charge your customers per tonne",
        "buyer: depends on the bag but about three hundred and forty euro a tonne delivered",
    ]
    heard = UtteranceFeatures(acts={"budget_statement": 0.96}, act_sources={"budget_statement": "classifier"})
    assert stated(lines, [UtteranceFeatures(cues=OWN_RATE), heard])[1] < 0.15
    # a budget pattern in the answer stands
    pattern = UtteranceFeatures(
        acts={"budget_statement": 0.96}, act_sources={"budget_statement": "pattern:budget_statement/money-set-aside"}
    )
    assert stated(lines, [UtteranceFeatures(cues=OWN_RATE), pattern])[1] == 0.96
    # a question of what the buyer pays, not charges, is answered with budget
    assert stated(lines, [UtteranceFeatures(), heard])[1] == 0.96
