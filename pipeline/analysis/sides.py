"""Who spoke, where the transcript could not tell: a call in which the rep never speaks.

The rep records the call, so a rep's call always holds the rep's voice. A transcript that gives
every utterance to the buyer (raw ASR that never told the voices apart) has no reliable sides: the
rep's questions, pitches and offers sit under the buyer's name. Its utterances are read as
`unknown`, so that an act counts whoever said it. A call with no buyer voice (a voicemail the rep
leaves) is left as it is.

`unknown_speaker_factor` weighs an unknown voice against the voices a transcript told; in a call
where it told none (read as unknown here, or imported with no speaker names) the acts read from the
words alone say who spoke, and count in full.

Pure: a transcript in, the same transcript or a copy with its speakers unknown out.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.model import Transcript

UNKNOWN = "unknown"
# one utterance given to the buyer may be all a short call holds; two or more with no rep is a blur
MIN_UTTERANCES = 2


def sides_told(transcript: Transcript) -> Transcript:
    """`transcript` with every speaker `unknown` when no utterance is the rep's, else unchanged."""
    utterances = transcript.utterances
    if len(utterances) < MIN_UTTERANCES or any(u.speaker == "rep" for u in utterances):
        return transcript
    if all(u.speaker == UNKNOWN for u in utterances):
        return transcript
    return replace(transcript, utterances=[replace(u, speaker=UNKNOWN) for u in utterances])


def unknown_voice_factor(transcript: Transcript, factor: float) -> float:
    """How much an act in an unknown voice counts in `transcript`: `factor` beside the voices it told,
    in full where it told none."""
    utterances = transcript.utterances
    if utterances and all(u.speaker == UNKNOWN for u in utterances):
        return 1.0
    return factor
