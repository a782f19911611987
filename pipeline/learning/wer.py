"""Score a transcript against a reference: word error rate and words given to the right speaker.

Both use Whisper's English text normaliser (lowercase, no punctuation, "thirty" -> "30",
fillers dropped), the usual convention for reporting ASR word error rates.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import jiwer

from pipeline.model import Transcript


@functools.lru_cache(maxsize=1)
def _normaliser():
    from transformers.models.whisper.english_normalizer import EnglishTextNormalizer

    return EnglishTextNormalizer({})


def normalise(text: str) -> str:
    return " ".join(_normaliser()(text).split())


def _speaker_tokens(transcript: Transcript) -> tuple[list[str], list[str]]:
    tokens, speakers = [], []
    for utterance in sorted(transcript.utterances, key=lambda u: (u.start, u.end)):
        words = normalise(utterance.text).split()
        tokens += words
        speakers += [utterance.speaker] * len(words)
    return tokens, speakers


def speaker_attributed_errors(reference: Transcript, hypothesis: Transcript) -> tuple[int, int]:
    """(errors, reference words) with each speaker's words scored against that speaker's own.

    A word given to the wrong speaker counts twice (missing on one side, inserted on the other),
    so recognition and attribution are scored together; sum both over calls for a pooled rate.
    """
    errors = words = 0
    ref_tokens, ref_speakers = _speaker_tokens(reference)
    hyp_tokens, hyp_speakers = _speaker_tokens(hypothesis)
    for speaker in sorted(set(ref_speakers) | set(hyp_speakers)):
        truth = [token for token, who in zip(ref_tokens, ref_speakers, strict=True) if who == speaker]
        said = [token for token, who in zip(hyp_tokens, hyp_speakers, strict=True) if who == speaker]
        if truth and said:
            measures = jiwer.process_words(" ".join(truth), " ".join(said))
            errors += measures.substitutions + measures.deletions + measures.insertions
        else:
            errors += len(truth) + len(said)
        words += len(truth)
    return errors, words


@dataclass
class Score:
    wer: float
    reference_words: int
    aligned_words: int  # hypothesis words matched or substituted against a reference word
    right_speaker: int
    unknown_speaker: int

    @property
    def attribution(self) -> float:
        """Share of aligned words given to the right speaker ("unknown" counts as not right)."""
        return self.right_speaker / self.aligned_words if self.aligned_words else 0.0


def score_transcript(reference: Transcript, hypothesis: Transcript) -> Score:
    ref_tokens, ref_speakers = _speaker_tokens(reference)
    hyp_tokens, hyp_speakers = _speaker_tokens(hypothesis)
    output = jiwer.process_words(" ".join(ref_tokens), " ".join(hyp_tokens))
    aligned = right = unknown = 0
    for chunk in output.alignments[0]:
        if chunk.type not in ("equal", "substitute"):
            continue
        for offset in range(chunk.ref_end_idx - chunk.ref_start_idx):
            ref_speaker = ref_speakers[chunk.ref_start_idx + offset]
            hyp_speaker = hyp_speakers[chunk.hyp_start_idx + offset]
            aligned += 1
            right += hyp_speaker == ref_speaker
            unknown += hyp_speaker == "unknown"
    return Score(
        wer=float(output.wer),
        reference_words=len(ref_tokens),
        aligned_words=aligned,
        right_speaker=right,
        unknown_speaker=unknown,
    )
