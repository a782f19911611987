"""A question heard only faintly counts when the buyer's next turn answers it.

The classifier hears many of the rep's questions only faintly when they come in everyday words. The
buyer's answer says what was asked: the committee pass (`committee.py`) and the budget pass
(`budget.py`) each name a question act, the cue of an answer to it, and the bars; this module reads
the turns the same way for both.

Pure: the transcript and its features in, the features with the question's reading raised out.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.analysis.features import reread
from pipeline.model import Transcript, UtteranceFeatures


@dataclass(frozen=True)
class AnsweredQuestion:
    """A question act whose faint reading (`faint` <= reading < `raised`) is raised to `raised` where the
    buyer's next turn carries `answer_cue`; a question carrying `unless_cue` stays as read."""

    act: str
    answer_cue: str
    faint: float
    raised: float
    source: str
    unless_cue: str | None = None


def raise_answered(
    transcript: Transcript, features: list[UtteranceFeatures], question: AnsweredQuestion
) -> list[UtteranceFeatures]:
    """`features` with each faint rep question after the greeting raised where the buyer's next turn answers it."""
    updated = list(features)
    opened = False  # the buyer has spoken: the greeting is over
    for index in range(len(features) - 1):
        asked, answer = transcript.utterances[index : index + 2]
        opened = opened or asked.speaker == "buyer"
        reading = features[index].acts.get(question.act, 0.0)
        if (
            opened
            and asked.speaker == "rep"
            and features[index].question
            and question.faint <= reading < question.raised
            and question.unless_cue not in features[index].cues
            and answer.speaker == "buyer"
            and question.answer_cue in features[index + 1].cues
        ):
            updated[index] = reread(features[index], question.act, question.raised, question.source)
    return updated
