"""Score a transcript against a reference: word error rate and words given to the right speaker
(and cpWER, both at once, where the reference has each person's words but not who spoke when).

Both use Whisper's English text normaliser (lowercase, no punctuation, "thirty" -> "30",
fillers dropped), the usual convention for reporting ASR word error rates.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import jiwer
import numpy as np
from scipy.optimize import linear_sum_assignment

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


def word_error_rate(reference: str, hypothesis: str) -> float:
    """WER of `hypothesis` against `reference`, both normalised."""
    return float(jiwer.wer(normalise(reference), normalise(hypothesis)))


def concatenated_permutation_wer(reference: dict[str, str], hypothesis: dict[str, str]) -> float:
    """cpWER: each voice's words (in order) against one person's, voices and people matched one to
    one to make the fewest errors; a person without a voice has all their words deleted, a voice
    without a person all its words inserted. Counts recognition and attribution errors together."""
    people, voices = sorted(reference), sorted(hypothesis)
    size = max(len(people), len(voices))
    texts = [normalise(reference[p]) for p in people] + [""] * (size - len(people))
    spoken = [normalise(hypothesis[v]) for v in voices] + [""] * (size - len(voices))
    errors = np.zeros((size, size))
    for i, truth in enumerate(texts):
        for j, said in enumerate(spoken):
            if not truth:
                errors[i, j] = len(said.split())
            elif not said:
                errors[i, j] = len(truth.split())
            else:
                measures = jiwer.process_words(truth, said)
                errors[i, j] = measures.substitutions + measures.deletions + measures.insertions
    rows, cols = linear_sum_assignment(errors)
    return float(errors[rows, cols].sum() / max(1, sum(len(t.split()) for t in texts)))
