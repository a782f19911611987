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

A rep also asks by saying a sum of the buyer's back ("the old firm bills you forty a month or so?",
"is six thousand still what the trust has?"), and the buyer answers with a figure of their own, a
correction or a yes ("Fifty now.", "Roughly, yes. Six."), bare of any word of money: the figure
answers the sum, so the question asked one, however faintly it reads, as long as the classifier
hears any budget in it at all (`SAID_BACK_FAINT`). A sum said as no question ("so that's two
grand a year lost, by your count") asks nothing.

A rep who asks what the buyer charges their own customers (the cue `own_rate_question`: "what do you
charge for a service call?") hears back the buyer's price, not their budget ("ninety-five the hour,
plus the call-out"): in the buyer's next turn a budget statement heard only by the classifier, with no
pattern of budget behind it, is held down (by `veto_factor`). A budget pattern in that turn ("forty
an hour, and we've two grand set aside for this") stands.

Pure: the transcript and its features in, the features with `budget_question` raised and
`budget_statement` held down out.
"""

from __future__ import annotations

from pipeline.analysis.answers import AnsweredQuestion, raise_answered
from pipeline.analysis.features import reread
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
# the rep's question says a sum back, the buyer's answer opens with a figure (rules/patterns/acts.jsonl)
SAID_BACK_CUE = "sum_said_back"
FIGURE_CUE = "figure_answer"
SAID_BACK_FAINT = 0.05
# the rep asks the buyer's own rate (rules/patterns/acts.jsonl); the answer states no budget
OWN_RATE_CUE = "own_rate_question"
STATEMENT_ACT = "budget_statement"
PATTERN_SOURCE = "pattern:"


def answered_budget(
    transcript: Transcript, features: list[UtteranceFeatures], veto_factor: float = 0.1
) -> list[UtteranceFeatures]:
    """`features` with a faint budget question raised where the buyer's next turn names a sum of money, and
    the buyer's answer to a question of their own rate held down as no budget."""
    raised = _said_back(transcript, raise_answered(transcript, features, BUDGET_QUESTION))
    return _own_rate_told(transcript, raised, veto_factor)


def _own_rate_told(
    transcript: Transcript, features: list[UtteranceFeatures], veto_factor: float
) -> list[UtteranceFeatures]:
    """`features` with the classifier's budget statement held down in the buyer's answer to the rep's question
    of what the buyer charges ("what do you charge per tonne?" - "about three forty a tonne delivered")."""
    updated = list(features)
    for index in range(1, len(features)):
        asked, answer = transcript.utterances[index - 1 : index + 1]
        current = features[index]
        reading = current.acts.get(STATEMENT_ACT, 0.0)
        if (
            asked.speaker == "rep"
            and OWN_RATE_CUE in features[index - 1].cues
            and answer.speaker == "buyer"
            and reading
            and PATTERN_SOURCE not in current.act_sources.get(STATEMENT_ACT, "")
        ):
            updated[index] = reread(current, STATEMENT_ACT, reading * veto_factor, "-budget:own-rate-told")
    return updated


def _said_back(transcript: Transcript, features: list[UtteranceFeatures]) -> list[UtteranceFeatures]:
    """`features` with a faint question of the rep's that says a sum back raised where the buyer's next
    turn answers it with a figure (or a sum)."""
    updated = list(features)
    opened = False  # the buyer has spoken: the greeting is over
    for index in range(len(features) - 1):
        asked, answer = transcript.utterances[index : index + 2]
        opened = opened or asked.speaker == "buyer"
        current = features[index]
        reading = current.acts.get(QUESTION_ACT, 0.0)
        if (
            opened
            and asked.speaker == "rep"
            and current.question
            and SAID_BACK_FAINT <= reading < RAISED
            and SAID_BACK_CUE in current.cues
            and COUNT_CUE not in current.cues
            and answer.speaker == "buyer"
            and {FIGURE_CUE, ANSWER_CUE} & features[index + 1].cues
        ):
            updated[index] = reread(current, QUESTION_ACT, RAISED, "+budget:sum-said-back-answered")
    return updated
