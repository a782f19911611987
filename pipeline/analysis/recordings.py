"""A recording played on the call: what the rep points at while it plays is the recording, no live demo.

When the demo system is down, or to show a finished job first, the rep plays a recorded walkthrough and
talks over it ("let me run the clip we made of a bakery using it", then "so each loaf order drops
into the oven queue"). What the rep points at while it plays is the product on a video, not the product shown or
worked live, and starts no demo, however surely the screen pass or the classifier hears a showing in it.
The recording plays from the rep's turn that names a recording and plays it (a recording word and a
playing word of `rules/screen.yaml`, with no sending word: "I'll send you the recording" plays nothing
now) until the rep turns to the product itself ("that's the clip; now into our sandbox proper", "let me
pause it there and log in myself", "close that, and here's yours for real"): from that turn on, what is shown is read as before.

A screen the rep shared just before, with nothing named on it ("is my screen coming through?" - "yes" -
"I'm running the clip for you now"), is the screen the recording plays on, and shows no product either.

What the rep says over the recording after naming it, heard at all as presenting the product (a pitch, a
showing, a comparison or how it works, together this much: "each loaf order drops into the oven queue, and the
driver's list builds itself"), presents the product as the answer: a pitch, however faintly heard. The turn that names
the recording ("here's the clip, playing now") and the screen shared before it present nothing yet, and nor
does a question asked over it; a naming turn that goes on, past its playing word, to tell what is on the recording
("this is the recording from last week, skip to four minutes... there. That's the camera on the line") narrates it.

Pure: the transcript and the screen pass's moves in, the moves with the recording's turns read out
(`recordings`); the features and those moves in, the features with the narration's pitch out
(`narrated_pitches`).
"""

from __future__ import annotations

import re

from pipeline.analysis.features import reread
from pipeline.analysis.screen import SCREEN_SHARED, ScreenMove, ScreenVocabulary, lowered
from pipeline.model import Transcript, UtteranceFeatures

# the turn naming the recording, and the screen shared for it
RECORDING = "recording"
# the rep's turns while it plays
PLAYED = "played"
PITCH_ACT = "solution_pitch"
# the narration heard this much as presenting the product (these readings together) is a pitch read at NARRATED_PITCH
PRESENTING_ACTS = ("solution_pitch", "demo_start", "competitor_differentiation", "technical_detail")
HEARD_PRESENTING = 0.15
NARRATED_PITCH = 0.5
# what a shared screen with nothing named on it must not name to carry the recording
NAMED_ON_SCREEN = ("product", "live", "artifact", "demo_data")


def recordings(transcript: Transcript, vocabulary: ScreenVocabulary, moves: list[ScreenMove]) -> list[ScreenMove]:
    """`moves` with the rep's turn naming a recording played on the call, and the screen shared for it, read as the
    recording (`recording`), and the rep's turns while it plays as `played`."""
    named: set[int] = set()
    played: set[int] = set()
    playing = False
    for index, utterance in enumerate(transcript.utterances):
        if utterance.speaker != "rep":
            continue
        text = lowered(utterance.text)
        if _plays_a_recording(vocabulary, text):
            if not playing:
                named |= _bare_share_before(transcript, vocabulary, moves, index)
            playing = True
            # "this is the recording from last week, skip to four minutes... there. That's the camera on the line":
            # a turn that goes on past the playing to tell what is on it narrates the recording already
            (played if _narrates_after_playing(vocabulary, text) else named).add(index)
        elif playing and vocabulary.has("recording_ended", text):
            playing = False
        elif playing:
            played.add(index)
    if not (named or played):
        return moves
    kept = [move for move in moves if move.utterance not in named | played]
    read = [ScreenMove(index, RECORDING) for index in named] + [ScreenMove(index, PLAYED) for index in played]
    return sorted(kept + read, key=lambda move: move.utterance)


def narrated_pitches(features: list[UtteranceFeatures], moves: list[ScreenMove]) -> list[UtteranceFeatures]:
    """`features` with the rep's narration of a recording (`played` moves), said and not asked and heard at
    all as presenting the product, read as a pitch at NARRATED_PITCH. Before `screen_acts` holds its showing down."""
    updated = list(features)
    for move in moves:
        current = updated[move.utterance]
        if move.shows != PLAYED or current.question or current.acts.get(PITCH_ACT, 0.0) >= NARRATED_PITCH:
            continue
        if sum(current.acts.get(act, 0.0) for act in PRESENTING_ACTS) >= HEARD_PRESENTING:
            updated[move.utterance] = reread(current, PITCH_ACT, NARRATED_PITCH, "+recordings:narrated")
    return updated


def _plays_a_recording(vocabulary: ScreenVocabulary, text: str) -> bool:
    """The rep's turn names a recording and plays it now, sending nothing."""
    return (
        vocabulary.has("recording", text)
        and vocabulary.has("played", text)
        and not vocabulary.has("recording_sent", text)
    )


# a sentence told over the recording holds at least this many words ("there." tells nothing)
NARRATION_WORDS = 4


def _narrates_after_playing(vocabulary: ScreenVocabulary, text: str) -> bool:
    """The turn says, after its last playing word, a sentence of its own that is no question: what is on the
    recording told as it plays."""
    after = text[max(m.end() for m in vocabulary.patterns["played"].finditer(text)) :]
    sentences = re.split(r"(?<=[.!?])\s+", after.strip())[1:]
    return any(len(s.split()) >= NARRATION_WORDS and not s.rstrip().endswith("?") for s in sentences)


def _bare_share_before(
    transcript: Transcript, vocabulary: ScreenVocabulary, moves: list[ScreenMove], index: int
) -> set[int]:
    """The rep's turn before `index`, when it shares the screen with nothing named on it and the screen pass
    read no product in it: the screen the recording plays on."""
    before = next((i for i in range(index - 1, -1, -1) if transcript.utterances[i].speaker == "rep"), None)
    if before is None or any(move.utterance == before and move.shows == "product" for move in moves):
        return set()
    text = lowered(transcript.utterances[before].text)
    if SCREEN_SHARED.search(text) and not any(vocabulary.has(name, text) for name in NAMED_ON_SCREEN):
        return {before}
    return set()
