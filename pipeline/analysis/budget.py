"""The buyer's answer to a question about money: an answer that names a sum says the question asked one.

Reps ask after the budget in many words ("where did you two get to on money?", "what sort of money
were you thinking of for it?", "what were you thinking of putting in?"), and the classifier
hears many such questions only faintly. What decides is the buyer's next turn: a buyer who answers
with a sum of money (the cue `budget_answer` of rules/patterns/acts.jsonl: "about two grand",
"eighty a month", "seven fifty for the year") was asked about money, and there a faint reading of
the question counts. A question that asks for a count, how often or how long (the cue
`count_question`: "how many orders a week?" - "about ninety a week") is answered with a number of
things, not a sum, and stays as read; so does a question of the greeting, before the buyer has said
a word, and a question heard as no budget question at all.

Pure: the transcript and its features in, the features with `budget_question` raised out.
"""

from __future__ import annotations

from pipeline.analysis.answers import AnsweredQuestion, raise_answered
from pipeline.model import Transcript, UtteranceFeatures

QUESTION_ACT = "budget_question"
ANSWER_CUE = "budget_answer"
COUNT_CUE = "count_question"
# a reading of the question this faint counts, at RAISED, where the buyer's next turn names a sum
FAINT = 0.15
RAISED = 0.5

BUDGET_QUESTION = AnsweredQuestion(
    QUESTION_ACT, ANSWER_CUE, FAINT, RAISED, "+budget:answered-with-a-sum", unless_cue=COUNT_CUE
)


def answered_budget(transcript: Transcript, features: list[UtteranceFeatures]) -> list[UtteranceFeatures]:
    """`features` with a faint budget question raised where the buyer's next turn names a sum of money."""
    return raise_answered(transcript, features, BUDGET_QUESTION)
