"""Reps recognised by voice: enrolment from stereo calls, a running profile per rep.

On a stereo call the rep's channel is known, so the rep's voice can be measured there: a few
seconds of each side's speech go through the speaker encoder, and the rep's mean embedding minus
the call's mean (`voices.centred`) is the call's sample of the rep's voice. The profile is the
running mean of those samples (`merge_sample`); the batch keeps it in DuckDB (`pipeline.store.voices`)
and hands it to the transcription of the rep's mono calls, where it says which voice is the rep's.
"""

from __future__ import annotations

import numpy as np

from pipeline.ingest.diarize import LabelledWord
from pipeline.ingest.voices import VoiceOptions, centred, embed_runs, word_runs

EMBEDDING_DECIMALS = 5  # stored in JSON and DuckDB; far finer than the encoder's own noise


def _side_runs(words: list[LabelledWord], channel: int, samples: np.ndarray, max_s: float, options: VoiceOptions):
    runs = word_runs([item.word for item in words if item.group == channel], options)
    chosen, total = [], 0.0
    for run in sorted(runs, key=lambda r: -r.duration):  # the longest runs embed best
        if total >= max_s:
            break
        chosen.append(run)
        total += run.duration
    embed_runs(chosen, samples, options)
    return [run for run in chosen if run.embedding is not None]


def _mean(runs) -> np.ndarray:
    mean = np.sum([run.embedding * min(run.duration, 3.0) for run in runs], axis=0)
    return mean / np.linalg.norm(mean)


def enrol_rep_voice(words: list[LabelledWord], channels: np.ndarray, rep_index: int, max_s: float) -> dict | None:
    """The rep's voice on a stereo call (centred embedding and the seconds it rests on), or None
    when either side has no speech to measure."""
    options = VoiceOptions()
    rep = _side_runs(words, rep_index, channels[rep_index], max_s, options)
    others = [
        run for c in range(len(channels)) if c != rep_index for run in _side_runs(words, c, channels[c], max_s, options)
    ]
    if not rep or not others:
        return None
    call_mean = _mean(rep + others)
    return {
        "embedding": [round(float(x), EMBEDDING_DECIMALS) for x in centred(_mean(rep), call_mean)],
        "seconds": round(sum(run.duration for run in rep), 1),
    }


def merge_sample(mean: np.ndarray | None, count: int, sample: np.ndarray) -> tuple[np.ndarray, int]:
    """A profile's running mean with one more call's sample."""
    sample = np.asarray(sample, dtype=np.float64)
    if mean is None or count == 0:
        return sample, 1
    return (np.asarray(mean, dtype=np.float64) * count + sample) / (count + 1), count + 1


def profile_vector(mean: np.ndarray | None) -> np.ndarray | None:
    """The profile as the diarization compares it: a unit vector."""
    if mean is None:
        return None
    norm = np.linalg.norm(mean)
    return np.asarray(mean, dtype=np.float64) / norm if norm > 0 else None
