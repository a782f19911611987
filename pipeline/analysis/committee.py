"""The buyer's answer to a question about who decides: the answer says what the question asked.

Reps ask who else decides in many words ("does your partner sign off the account or is that you",
"once you've signed, is there anyone who has to okay it?"), often tucked after a thanks or a name,
and the classifier hears many such questions only faintly. What decides is the buyer's answer:
a buyer who replies with whose call it is, who signs, that nobody else is in it, or who has to see
it first (the cue `committee_answer` of rules/patterns/acts.jsonl: "it's my call", "my sister
signs anything over a grand", "just me", "he'll want to see it") was asked who decides. There a
faint reading of the question counts. A question heard as no committee question at all ("how many
staff sign in each morning?" - "about twelve sign in") stays as read, and so does a question of the
greeting, before the buyer has said a word ("did the proposal come through?", "are we all here?"): it
asks after the call, whatever the buyer's answer tells of who decides.

Pure: the transcript and its features in, the features with `committee_question` raised out.
"""

from __future__ import annotations

from pipeline.analysis.answers import AnsweredQuestion, raise_answered
from pipeline.model import Transcript, UtteranceFeatures

QUESTION_ACT = "committee_question"
ANSWER_CUE = "committee_answer"
# a reading of the question this faint counts, at RAISED, where the buyer's next turn answers who decides
# (a tuned number: on the spent sets such questions were heard at 0.25 and up, and turns that asked no
# such thing at 0.21-0.22)
FAINT = 0.24
RAISED = 0.5

COMMITTEE_QUESTION = AnsweredQuestion(QUESTION_ACT, ANSWER_CUE, FAINT, RAISED, "+committee:answered-who-decides")


def answered_committee(transcript: Transcript, features: list[UtteranceFeatures]) -> list[UtteranceFeatures]:
    """`features` with a faint committee question raised where the buyer's next turn says who decides."""
    return raise_answered(transcript, features, COMMITTEE_QUESTION)
