"""The buyer's answer to an urgency question, on hand-made calls: impact in figures is urgency."""

from __future__ import annotations

from pipeline.analysis.urgency import answered_urgency
from tests.analysis.calls import readings_after


def urgency(lines: list[tuple[str, dict]]) -> list[float]:
    return readings_after(answered_urgency, "urgency_statement", lines)


def test_an_answer_in_figures_to_a_why_now_states_the_impact():
    question = ("rep: And what happens if the rota stays on paper through the summer?", {"urgency_question": 0.9})
    answer = (
        "buyer: We pay agency cover, about nine hundred a week, and two nurses left last year over it.",
        {"urgency_statement": 0.2, "buyer_metric": 0.8},
    )
    assert urgency([question, answer])[1] >= 0.5
    # the same words with no question before them, or a second buyer turn, stay as read
    assert urgency([("rep: Thanks for the tour.", {}), answer])[1] == 0.2
    assert urgency([question, ("buyer: Good question.", {}), answer])[2] == 0.2


def test_an_answer_without_figures_stays_as_read():
    question = ("rep: What made you look at this now?", {"urgency_question": 0.9})
    answer = ("buyer: Just curious, honestly, show me the thing.", {"urgency_statement": 0.2})
    assert urgency([question, answer])[1] == 0.2
