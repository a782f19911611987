"""Who the executive is: a title said of a buyer-side voice that speaks in the call.

The classifier hears an executive's introduction faintly when it is said in passing ("Yes, Nikolai
Petrov, managing director", "Victor's our founder, so he likes to see this"). What decides is who
the title belongs to. Where the transcript names its voices (`speaker_name`), a title said in the
speaker's own introduction (their own name, or "I'm the ..."), or said of another buyer-side voice
of the call, is an executive taking part, however faintly the words read. A title said of someone
who is only talked about ("our CEO asked me to look into this") is left as the classifier read it,
and so is a call without names.

Pure: the transcript and its features in, the features with `executive_intro` raised out.
"""

from __future__ import annotations

import re

from pipeline.analysis.features import reread
from pipeline.model import Transcript, UtteranceFeatures

EXECUTIVE_ACT = "executive_intro"
# a reading this faint, with the title in the utterance (no missing cue), is enough once the title is a voice's
FAINT = 0.05
PRESENT = 0.9
_WORD = re.compile(r"[A-Za-z][\w'-]*")
_SELF = re.compile(r"\b(?:i'm|i am) (?:the|a|an|one of the)\b")


def _first_name(name: str | None) -> str | None:
    return name.split()[0].lower() if name and name.split() else None


def _said(text: str) -> set[str]:
    """The words of the utterance, with a possessive "'s" cut off ("Victor's our founder")."""
    return {re.sub(r"'s$", "", word.lower()) for word in _WORD.findall(text)}


def executive_voices(transcript: Transcript, features: list[UtteranceFeatures]) -> list[UtteranceFeatures]:
    buyer_voices = {
        _first_name(u.speaker_name) for u in transcript.utterances if u.speaker == "buyer" and u.speaker_name
    } - {None}
    if not buyer_voices:
        return features
    updated = list(features)
    for index, (utterance, current) in enumerate(zip(transcript.utterances, features, strict=True)):
        reading = current.acts.get(EXECUTIVE_ACT, 0.0)
        source = current.act_sources.get(EXECUTIVE_ACT, "")
        if reading < FAINT or "-missing:cue" in source:
            continue
        own = _first_name(utterance.speaker_name)
        said = _said(utterance.text)
        self_introduced = utterance.speaker == "buyer" and (own in said or bool(_SELF.search(utterance.text.lower())))
        voice_named = bool((buyer_voices - {own}) & said)
        if (self_introduced or voice_named) and reading < PRESENT:
            updated[index] = reread(current, EXECUTIVE_ACT, PRESENT, "+voices:title-of-a-voice")
    return updated
