"""How fast is the transcription stage, against plain faster-whisper, on the sample calls?

x real-time = audio seconds / wall seconds, everything read from the file (decoding included):
  (a) WhisperModel.transcribe on the mono mix (what faster-whisper does with a stereo file)
  (b) BatchedInferencePipeline.transcribe on the mono mix
  (c) coachloop's transcribe_recording, speaker attribution included (stereo files by channel,
      the one mono call by diarization)
  (d) coachloop on mono mixes of every call (diarization), for reference
All share one loaded model and the same options (language, beam size, VAD, word timestamps,
batch size). The three runs of one call follow each other, so a busy machine slows all alike.

    python benchmarks/transcribe.py [--samples DIR] [--beam-size N] [--threads N] [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import scipy.io.wavfile
from faster_whisper import BatchedInferencePipeline

from pipeline.config import PROJECT_ROOT, TranscribeSettings
from pipeline.ingest.asr import load_model
from pipeline.ingest.audio import decode_audio
from pipeline.ingest.transcribe import transcribe_recording
from pipeline.jsonio import load_json_file, metadata_from_dict

AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".mp3", ".m4a")


def _timed(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=Path, default=PROJECT_ROOT / "data" / "samples" / "recordings")
    parser.add_argument("--beam-size", type=int, default=TranscribeSettings.beam_size)
    parser.add_argument("--threads", type=int, default=TranscribeSettings.cpu_threads)
    parser.add_argument("--repeat", type=int, default=1, help="runs per call; the fastest counts")
    args = parser.parse_args(argv)

    settings = TranscribeSettings(beam_size=args.beam_size, cpu_threads=args.threads)
    recordings = sorted(p for p in args.samples.iterdir() if p.suffix in AUDIO_SUFFIXES)
    if not recordings:
        print(f"no recordings in {args.samples}", file=sys.stderr)
        return 1
    model = load_model(settings)
    batched = BatchedInferencePipeline(model)
    common = {"language": settings.language, "beam_size": settings.beam_size, "word_timestamps": True}

    def plain(path):
        segments, _ = model.transcribe(str(path), vad_filter=True, **common)
        return list(segments)

    def batch(path):
        segments, _ = batched.transcribe(str(path), batch_size=settings.batch_size, **common)
        return list(segments)

    plain(recordings[0])  # warm-up: first-call costs (allocations, VAD session) count for no one
    totals = {"audio": 0.0, "a": 0.0, "b": 0.0, "c": 0.0, "d": 0.0}
    print(
        f"{'call':28s} {'audio s':>8s} {'(a) plain':>10s} {'(b) batched':>12s} {'(c) coachloop':>14s} {'(d) mono mix':>13s}"
    )
    with tempfile.TemporaryDirectory() as scratch:
        for path in recordings:
            metadata = metadata_from_dict(load_json_file(path.with_suffix(".json")), path.with_suffix(".json"))
            audio = decode_audio(path, settings.max_duration_s)
            mix_path = Path(scratch) / f"{path.stem}.wav"
            scipy.io.wavfile.write(mix_path, 16000, (np.clip(audio.mono(), -1, 1) * 32767).astype(np.int16))
            mono_metadata = metadata_from_dict({**vars(metadata), "rep_channel": "mono"})
            times = {key: float("inf") for key in "abcd"}
            for _ in range(args.repeat):
                times["a"] = min(times["a"], _timed(lambda p=path: plain(p)))
                times["b"] = min(times["b"], _timed(lambda p=path: batch(p)))
                times["c"] = min(times["c"], _timed(lambda p=path, m=metadata: transcribe_recording(p, m, settings)))
                times["d"] = min(
                    times["d"], _timed(lambda p=mix_path, m=mono_metadata: transcribe_recording(p, m, settings))
                )
            duration = audio.duration_s
            totals["audio"] += duration
            for key in "abcd":
                totals[key] += times[key]
            print(
                f"{path.name:28s} {duration:8.1f} {duration / times['a']:9.1f}x {duration / times['b']:11.1f}x "
                f"{duration / times['c']:13.1f}x {duration / times['d']:12.1f}x",
                flush=True,
            )
    speed = {key: totals["audio"] / totals[key] for key in "abcd"}
    print(
        f"{'all':28s} {totals['audio']:8.1f} {speed['a']:9.1f}x {speed['b']:11.1f}x "
        f"{speed['c']:13.1f}x {speed['d']:12.1f}x"
    )
    print(
        f"c/a = {speed['c'] / speed['a']:.2f}   c/b = {speed['c'] / speed['b']:.2f}   d/b = {speed['d'] / speed['b']:.2f}"
    )
    print(
        f"model {settings.model} {settings.device}/{settings.compute_type}, beam {settings.beam_size}, "
        f"batch {settings.batch_size}, threads {settings.cpu_threads or 'auto'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
