"""Reps recognised by voice across calls: the batch folds each stereo call's measured rep voice
into the rep's profile (`pipeline.ingest.voice_profiles` does the arithmetic, `pipeline.store.voices`
keeps it), and hands the profiles to the mono calls it plans. Once a rep's profile is settled
(`voice_settled_calls` and `voice_settled_s` in `[transcribe]`) their stereo calls are no longer
enrolled: the encoder's pass over both channels was about a fifth of the stage's time."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from pipeline.config import TranscribeSettings
from pipeline.ingest.voice_profiles import merge_sample, profile_vector
from pipeline.ingest.voices import ENCODER_NAME
from pipeline.model import Transcript
from pipeline.store import Store
from pipeline.store import voices as stored


def rep_voices(store: Store) -> dict[str, np.ndarray]:
    """Every rep's profile as a unit vector: read once when a batch is planned."""
    return {rep_id: profile_vector(np.array(mean)) for rep_id, mean in stored.profiles(store, ENCODER_NAME).items()}


def rep_voice(store: Store, rep_id: str) -> np.ndarray | None:
    """One rep's profile as a unit vector, or None when none was enrolled with this encoder."""
    return rep_voices(store).get(rep_id)


def settled_reps(store: Store, settings: TranscribeSettings) -> set[str]:
    """The reps whose profile holds enough calls and speech that another call would barely move it."""
    return {
        rep_id
        for rep_id, (calls, seconds) in stored.profile_sizes(store, ENCODER_NAME).items()
        if calls >= settings.voice_settled_calls and seconds >= settings.voice_settled_s
    }


def enrolment_settings(settings: TranscribeSettings, settled: bool) -> TranscribeSettings:
    """The transcription settings for a rep's recording: no voice enrolment once their profile is settled."""
    return replace(settings, voice_enrol_s=0.0) if settled else settings


def add_voice_sample(store: Store, rep_id: str, embedding: list[float], seconds: float) -> int:
    """Fold one call's sample of the rep's voice into their profile; returns the calls it now holds."""

    def merge(mean: list[float] | None, count: int) -> tuple[list[float], int]:
        merged, calls = merge_sample(np.array(mean) if mean is not None else None, count, np.array(embedding))
        return [float(x) for x in merged], calls

    return stored.fold_sample(store, rep_id, ENCODER_NAME, seconds, merge)


def record_rep_voice(store: Store, transcript: Transcript) -> bool:
    """A stereo call's measured rep voice (`source.speakers.rep_voice_sample`) joins the rep's profile."""
    sample = (transcript.source.get("speakers") or {}).get("rep_voice_sample")
    if not sample:
        return False
    add_voice_sample(store, transcript.rep_id, sample["embedding"], sample["seconds"])
    return True
