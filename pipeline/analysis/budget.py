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

from pipeline.analysis.features import reread
from pipeline.model import Transcript, UtteranceFeatures

QUESTION_ACT = "budget_question"
ANSWER_CUE = "budget_answer"
COUNT_CUE = "count_question"
# a reading of the question this faint counts, at RAISED, where the buyer's next turn names a sum
FAINT = 0.15
RAISED = 0.5


def answered_budget(transcript: Transcript, features: list[UtteranceFeatures]) -> list[UtteranceFeatures]:
    """`features` with a faint budget question raised where the buyer's next turn names a sum of money."""
    updated = list(features)
    opened = False  # the buyer has spoken: the greeting is over
    for index in range(len(features) - 1):
        asked, answer = transcript.utterances[index : index + 2]
        opened = opened or asked.speaker == "buyer"
        reading = features[index].acts.get(QUESTION_ACT, 0.0)
        if (
            opened
            and asked.speaker == "rep"
            and features[index].question
            and FAINT <= reading < RAISED
            and COUNT_CUE not in features[index].cues
            and answer.speaker == "buyer"
            and ANSWER_CUE in features[index + 1].cues
        ):
            updated[index] = reread(features[index], QUESTION_ACT, RAISED, "+budget:answered-with-a-sum")
    return updated
