"""An owner who says so only by calling the business theirs, as their answer to who decides.

Owners rarely give a title. Asked who signs, they say whose the place is, in whatever word they have
for it ("Nobody else. It's my chandlery.", "its my little forge so me"), and no list of businesses
holds every such word. Only the speaker's own claim counts: "it's our <thing>" for a pair or a team
may be a place they run, not one they own. What decides is the turn: calling something theirs (the
cue `business_claimed` of rules/patterns/executives.jsonl: "it's my <thing>", a decision, a
recommendation, money or a job not counting, or "we bought the <thing> years ago") as the answer to
who decides - in the buyer's reply to the rep's question about who decides, or beside their own word
of whose call it is (the cue `committee_answer`: "the yes or no is mine") - claims the business, and
the speaker is its owner taking part in the call. So is a buyer who answers the rep's question whether
the business is theirs ("Is it your shop, or are you running it for someone?") by calling it theirs,
with or without a word for it ("It's mine.": the cue `ownership_claimed`). The same words elsewhere
("it's my van out front", "it's mine, the blue mug", "it's our stand at the fair") stay as read.

Pure: the transcript and its features in, the features with `executive_intro` raised.
"""

from __future__ import annotations

from pipeline.analysis.features import open_to_raise, reread
from pipeline.model import Transcript, UtteranceFeatures

EXECUTIVE_ACT = "executive_intro"
CLAIM_CUE = "business_claimed"
WHO_DECIDES_CUE = "committee_answer"
WHO_DECIDES_QUESTION = "committee_question"
# the rep asks whether the business is the buyer's; the buyer says "it's mine" with nothing named
OWNERSHIP_QUESTION_CUE = "ownership_asked"
BARE_CLAIM_CUE = "ownership_claimed"
# a question about who decides that counts (the behaviour's threshold), and the owner's reading
COUNTS = 0.5
PRESENT = 0.9


def claimed_business(transcript: Transcript, features: list[UtteranceFeatures]) -> list[UtteranceFeatures]:
    """`features` with the executive read where a buyer calls the business theirs as who decides."""
    updated = list(features)
    for index, (utterance, current) in enumerate(zip(transcript.utterances, features, strict=True)):
        if utterance.speaker != "buyer" or not current.cues & {CLAIM_CUE, BARE_CLAIM_CUE}:
            continue
        # already read, or ruled out by a veto pattern ("it's my dad's business")
        if not open_to_raise(current, EXECUTIVE_ACT, PRESENT):
            continue
        previous = transcript.utterances[index - 1] if index else None
        answers_who_decides = (
            previous is not None
            and previous.speaker == "rep"
            and features[index - 1].acts.get(WHO_DECIDES_QUESTION, 0.0) >= COUNTS
        )
        answers_whose_it_is = (
            previous is not None and previous.speaker == "rep" and OWNERSHIP_QUESTION_CUE in features[index - 1].cues
        )
        if answers_whose_it_is:
            updated[index] = reread(current, EXECUTIVE_ACT, PRESENT, "+owners:business-claimed-as-whose-it-is")
        elif CLAIM_CUE in current.cues and (answers_who_decides or WHO_DECIDES_CUE in current.cues):
            updated[index] = reread(current, EXECUTIVE_ACT, PRESENT, "+owners:business-claimed-as-who-decides")
    return updated
