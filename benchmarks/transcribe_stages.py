"""Where the transcription time goes: the stage against BatchedInferencePipeline, part by part.

The first N stereo sample calls, each through (b) faster-whisper's `BatchedInferencePipeline` on
the mono mix and (c) coachloop's `transcribe_recording`, with timers around the parts both use
(CTranslate2's encode, generate and align, the mel features, Silero VAD) and the stage's own
(audio decoding, bleed check, the rep's voice enrolment, mono diarization). Seconds are summed
over threads, so parts run side by side can add up to more than the wall time. One run on a
shared machine: compare (b) with (c), not with another run.

    python benchmarks/transcribe_stages.py [--calls 3]
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path

import faster_whisper.transcribe as whisper_transcribe
import numpy as np
import scipy.io.wavfile
from faster_whisper import BatchedInferencePipeline

import pipeline.ingest.asr as asr
import pipeline.ingest.transcribe as stage
from pipeline.config import PROJECT_ROOT, TranscribeSettings
from pipeline.ingest.audio import decode_audio
from pipeline.jsonio import load_json_file, metadata_from_dict

# Seconds and calls per part, of the variant now running.
parts = {variant: (collections.defaultdict(float), collections.defaultdict(int)) for variant in ("b", "c")}
running = ["b"]


def timed(name: str, function):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            seconds, counts = parts[running[0]]
            seconds[name] += time.perf_counter() - started
            counts[name] += 1

    return wrapper


class TimedModel:
    """CTranslate2's Whisper with its encode, generate and align timed."""

    def __init__(self, inner):
        self.inner = inner

    def __getattr__(self, name):
        value = getattr(self.inner, name)
        return timed(name, value) if name in ("encode", "generate", "align") else value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=3)
    args = parser.parse_args(argv)
    settings = TranscribeSettings()
    model = asr.load_model(settings)
    model.model = TimedModel(model.model)
    extractor = type(model.feature_extractor)
    extractor.__call__ = timed("mel features", extractor.__call__)
    asr.get_speech_timestamps = timed("vad", asr.get_speech_timestamps)
    whisper_transcribe.get_speech_timestamps = timed("vad", whisper_transcribe.get_speech_timestamps)
    stage.decode_audio = timed("audio decoding", stage.decode_audio)
    stage.attribute_by_channel = timed("bleed check", stage.attribute_by_channel)
    stage.enrol_rep_voice = timed("rep voice enrolment", stage.enrol_rep_voice)
    stage.diarize_words = timed("diarization", stage.diarize_words)

    recordings = PROJECT_ROOT / "data" / "samples" / "recordings"
    calls = [p for p in sorted(recordings.iterdir()) if p.with_suffix(".json").is_file() and p.suffix != ".json"]
    calls = [p for p in calls if decode_audio(p, 1e9).channels == 2][: args.calls]
    batched = BatchedInferencePipeline(model)
    stage.transcribe_recording(calls[0], metadata_from_dict(load_json_file(calls[0].with_suffix(".json"))), settings)
    for seconds, counts in parts.values():  # the warm-up counts for no one
        seconds.clear()
        counts.clear()
    wall = dict.fromkeys(parts, 0.0)
    with tempfile.TemporaryDirectory() as scratch:
        for path in calls:  # (b) and (c) call by call, so that a busier minute slows both
            mix = Path(scratch) / f"{path.stem}.wav"
            audio = decode_audio(path, 1e9).mono()
            scipy.io.wavfile.write(mix, 16000, (np.clip(audio, -1, 1) * 32767).astype(np.int16))
            metadata = metadata_from_dict(load_json_file(path.with_suffix(".json")))
            running[0] = "b"
            started = time.perf_counter()
            segments, _ = batched.transcribe(
                str(mix), language=settings.language, beam_size=settings.beam_size,
                batch_size=settings.batch_size, word_timestamps=True,
            )  # fmt: skip
            list(segments)
            wall["b"] += time.perf_counter() - started
            running[0] = "c"
            started = time.perf_counter()
            stage.transcribe_recording(path, metadata, settings)
            wall["c"] += time.perf_counter() - started
    for variant, (seconds, counts) in parts.items():
        print(f"({variant}) {wall[variant]:.1f} s wall over {len(calls)} calls")
        for name in sorted(seconds, key=lambda name: -seconds[name]):
            print(f"    {name:22s} {seconds[name]:6.2f} s  ({counts[name]} times)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
