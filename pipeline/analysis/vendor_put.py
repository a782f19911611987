"""The vendor the rep puts to the buyer as theirs, and the buyer confirms, is a rival named.

A rep who has done the homework often says what the buyer is on before the buyer does: "you're on
Fitbook at the moment for the diary, aren't you?" - "yeah, Fitbook, just for the diary". The buyer's
yes that says the name back names the firm they use now as plainly as "we're on Fitbook" would, however
faintly the classifier hears a rival in it. In raw speech the name comes as it was heard, often split
in two ("youre on fit book at the moment" - "yeah fitbook"), and is told by its place: the words after
"you're on", "you're with" or "you're using", before "at the moment", "now", "for" or the tag question.
What the buyer is on that is no firm ("you're on the phone", "you're on your own") opens with a word
no name opens with, and a buyer who does not say it back confirms nothing.

Pure: the transcript and its features in, the features with the buyer's confirming turn read as naming a
rival out.
"""

from __future__ import annotations

import re

from pipeline.analysis.features import reread
from pipeline.model import Transcript, UtteranceFeatures

MENTION_ACT = "competitor_mention"
SOURCE = "+rivals:put-and-confirmed"
# the words of the firm put to the buyer: one to three, after "you're on", before where it stops
_PUT = re.compile(
    r"\byou(?:'re|’re| are|re)\s+(?:still\s+|currently\s+|already\s+)?(?:on|with|using)\s+"
    r"([a-z][\w'’-]*(?:\s+[a-z][\w'’-]*){0,2}?)"
    r"\s*,?\s+(?:at the moment|now|currently|still|these days|for|aren'?t you|are you|arent you|right|yeah)\b",
    re.IGNORECASE,
)
# words no firm's name opens with: an article, a pronoun, a figure's word, a place or way of being on
_NOT_A_NAME = frozenset(
    "a an the your you my our their his her its it this that those these them us me one two three some any all "
    "about like just holiday speaker mute board track time hold call phone line leave site "
    "top days nights earlies lates".split()
)
# the buyer's reply opens by saying yes
_YES = re.compile(r"^\W*(?:yeah|yes|yep|yup|aye|right|that's right|thats right|correct|we are|sure)\b", re.IGNORECASE)


def _joined(words: str) -> str:
    return re.sub(r"[^a-z]", "", words.lower())


def put_and_confirmed(
    transcript: Transcript, features: list[UtteranceFeatures], named: float
) -> list[UtteranceFeatures]:
    """The buyer's reply that says yes to the firm the rep's turn just before put to them as theirs, and
    says its name back (written whole or split as the rep's was), read as naming a rival at `named`."""
    updated = list(features)
    for index in range(1, len(features)):
        put, said = transcript.utterances[index - 1], transcript.utterances[index]
        if put.speaker != "rep" or said.speaker != "buyer" or features[index].acts.get(MENTION_ACT, 0.0) >= named:
            continue
        if not _YES.search(said.text):
            continue
        reply_words = [_joined(word) for word in said.text.split()]
        reply_joined = {first + second for first, second in zip(reply_words, reply_words[1:], strict=False)}
        for match in _PUT.finditer(put.text):
            name = match.group(1)
            if name.split()[0].lower() in _NOT_A_NAME:
                continue
            whole = _joined(name)
            if whole in reply_words or whole in reply_joined:
                updated[index] = reread(features[index], MENTION_ACT, named, SOURCE)
                break
    return updated
