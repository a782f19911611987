"""Who said what on real voices: words on the right speaker per clip, voices found, calibration.

Runs the transcription stage's mono path on the real clips of ../shared/data (never copied into
the repository) with the speaker encoder and with the earlier MFCC recipe, one after the other
on the same recognised words, and prints per clip: words on the right voice (voices matched to
the reference's people one to one; a word left without a voice is not right), voices found, and
the calibration table of the encoder's per-word voice confidence (bucket -> share right).
With --speed it also times the whole mono path, MFCC against encoder, on the sample calls.

    python benchmarks/speakers.py [--shared-data DIR] [--speed] [--samples DIR]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pipeline.config import PROJECT_ROOT, TranscribeSettings
from pipeline.ingest.asr import load_model, recognise
from pipeline.ingest.audio import decode_audio
from pipeline.ingest.diarize import DiarizeOptions, diarize_words
from pipeline.ingest.transcribe import transcribe_recording
from pipeline.jsonio import load_json_file, metadata_from_dict
from pipeline.learning.speaker_truth import real_clips, score_voices, true_speaker

BUCKETS = [(0.0, 0.6), (0.6, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01)]
AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".mp3", ".m4a")


def clip_results(shared_data: Path, settings: TranscribeSettings):
    """(clip, score per method, (confidence, right) per encoder word)."""
    model = load_model(settings)
    results, calibration = [], []
    for clip in real_clips(shared_data):
        audio = decode_audio(clip.audio, settings.max_duration_s)
        samples = audio.mono()
        words = [w for _, w in recognise(samples[None, :], model, settings)[0]]
        scores = {}
        for method in ("mfcc", "encoder"):
            labelled, report = diarize_words(words, samples, DiarizeOptions(method=method))
            keep = [
                (
                    item.word.start,
                    item.word.end,
                    item.voice_name if (item.voice_confidence or 0) >= settings.min_speaker_confidence else None,
                )
                for item in labelled
            ]
            score = score_voices(keep, clip.turns)
            scores[method] = (score, report["voices"])
            if method == "encoder":
                everyone = score_voices(
                    [(item.word.start, item.word.end, item.voice_name) for item in labelled], clip.turns
                )
                for item in labelled:
                    person = true_speaker(item.word.start, item.word.end, clip.turns)
                    if person is not None:
                        calibration.append((item.voice_confidence, everyone.assignment.get(item.voice_name) == person))
        results.append((clip, scores))
    return results, calibration


def speed(samples: Path, settings: TranscribeSettings) -> None:
    """The mono path, MFCC then encoder, on every sample call mixed to mono (decoding included)."""
    import tempfile

    import numpy as np
    import scipy.io.wavfile

    load_model(settings)
    totals = {"mfcc": 0.0, "encoder": 0.0}
    audio_s = 0.0
    with tempfile.TemporaryDirectory() as scratch:
        for path in sorted(p for p in samples.iterdir() if p.suffix in AUDIO_SUFFIXES):
            audio = decode_audio(path, settings.max_duration_s)
            mix = Path(scratch) / f"{path.stem}.wav"
            scipy.io.wavfile.write(mix, 16000, (np.clip(audio.mono(), -1, 1) * 32767).astype(np.int16))
            metadata = metadata_from_dict({**load_json_file(path.with_suffix(".json")), "rep_channel": "mono"})
            audio_s += audio.duration_s
            for method in totals:  # back to back, so a busy machine slows both alike
                started = time.perf_counter()
                transcribe_recording(mix, metadata, TranscribeSettings(**{**vars(settings), "speaker_method": method}))
                totals[method] += time.perf_counter() - started
    print(
        f"\nmono path on {audio_s:.0f} s of sample calls: mfcc {totals['mfcc']:.1f} s "
        f"({audio_s / totals['mfcc']:.1f}x real time), encoder {totals['encoder']:.1f} s "
        f"({audio_s / totals['encoder']:.1f}x); encoder/mfcc = {totals['encoder'] / totals['mfcc']:.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared-data", type=Path, default=PROJECT_ROOT.parent / "shared" / "data")
    parser.add_argument("--speed", action="store_true")
    parser.add_argument("--samples", type=Path, default=PROJECT_ROOT / "data" / "samples" / "recordings")
    args = parser.parse_args(argv)
    settings = TranscribeSettings()
    results, calibration = clip_results(args.shared_data, settings)
    if not results:
        print(f"no real clips under {args.shared_data}", file=sys.stderr)
        return 1
    print(
        f"{'clip':22s} {'people':>6s} {'words':>6s} {'mfcc right':>11s} {'voices':>7s} {'encoder right':>14s} {'voices':>7s} {'no voice':>9s}"
    )
    for clip, scores in results:
        mfcc, mfcc_voices = scores["mfcc"]
        encoder, encoder_voices = scores["encoder"]
        print(
            f"{clip.name:22s} {len(clip.people):6d} {encoder.scored_words:6d} {mfcc.share_right:11.1%} {mfcc_voices:7d} "
            f"{encoder.share_right:14.1%} {encoder_voices:7d} {encoder.unlabelled:9d}"
        )
    print("\ncalibration of the per-word voice confidence (encoder, all clips pooled)")
    print(f"{'confidence':>12s} {'words':>6s} {'right':>7s}")
    for low, high in BUCKETS:
        chosen = [right for confidence, right in calibration if low <= confidence < high]
        share = f"{sum(chosen) / len(chosen):7.1%}" if chosen else "      -"
        print(f"{low:5.2f}-{min(high, 1.0):4.2f}  {len(chosen):6d} {share}")
    confident = [right for confidence, right in calibration if confidence >= 0.8]
    if confident:
        print(f"  >= 0.80: {len(confident)} words, {sum(confident) / len(confident):.1%} right")
    if args.speed:
        speed(args.samples, settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
