"""How fast and how accurate is the transcription stage, against plain faster-whisper, on the sample calls?

Every stereo sample call with a scripted reference, each run of one call right after the others
(a busy machine slows all alike; compare the ratios, not the absolute figures):
  (b)  BatchedInferencePipeline.transcribe on the mono mix (what faster-whisper does with a
       stereo file), VAD on: the speed reference
  (c)  coachloop's transcribe_recording, speakers attributed (both channels, rep voice enrolled)
  (p)  plain WhisperModel.transcribe on each channel apart, VAD on: the accuracy reference
  (c5), (p5)  the same two with beam search (--accurate-beam, 0 to skip)
  (cs) with --settled: the stage as the nightly batch runs it for a rep whose voice profile is
       settled (`voice_settled_calls`, `voice_settled_s`): the rep's voice is not enrolled again.
       Each rep's profile is built from their first call before any timed run. (c) stays the
       figure of a rep's first calls, enrolment included
  (cw) with --full-windows: the stage with every window encoded at its full 30 s, as
       faster-whisper pads it (what the stage did before it read windows only as far as their audio)
  (n)  the calls as the nightly batch transcribes them: `batch.workers` calls at once (one per
       core), one thread each; timed over all calls against (b) over all calls, back to back
x real-time = audio seconds / wall seconds, everything read from the file (decoding included).
Speaker-attributed WER: each side's words against that side's reference words, pooled over calls
(`pipeline.learning.wer.speaker_attributed_errors`). One loaded model and the same options
(language, VAD, word timestamps, batch size) for all.

    python benchmarks/transcribe.py [--samples DIR] [--calls N] [--beam-size N] [--accurate-beam N] [--threads N]
                                    [--full-windows] [--settled]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import scipy.io.wavfile
from faster_whisper import BatchedInferencePipeline

from pipeline.batch.nightly import resolve_workers
from pipeline.batch.voices import enrolment_settings, record_rep_voice, rep_voices, settled_reps
from pipeline.config import PROJECT_ROOT, BatchSettings, TranscribeSettings
from pipeline.ingest import windows
from pipeline.ingest.asr import CHUNK_S, load_model
from pipeline.ingest.audio import decode_audio
from pipeline.ingest.transcribe import transcribe_recording
from pipeline.jsonio import load_json_file, metadata_from_dict, transcript_from_dict
from pipeline.learning.wer import speaker_attributed_errors
from pipeline.model import Transcript, Utterance
from pipeline.store import Store

AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".mp3", ".m4a")


def _timed(run, cpu: dict | None = None, key: str = ""):
    """Wall seconds and the result; with `cpu`, the process's CPU seconds (all threads) added to cpu[key]."""
    started, cpu_started = time.perf_counter(), time.process_time()
    result = run()
    if cpu is not None:
        cpu[key] += time.process_time() - cpu_started
    return time.perf_counter() - started, result


def settle_profiles(store: Store, calls: list, first: Transcript, settings: TranscribeSettings) -> None:
    """Each rep's voice profile built as the batch builds it, from their first call's sample folded
    in until the profile is settled (untimed)."""
    samples = {first.rep_id: first}
    for path, _ in calls:
        metadata = metadata_from_dict(load_json_file(path.with_suffix(".json")))
        if metadata.rep_id not in samples:
            samples[metadata.rep_id] = transcribe_recording(path, metadata, settings)
    for rep_id, transcript in samples.items():
        for _ in range(settings.voice_settled_calls * 10):  # a rep with little speech per call needs more
            if rep_id in settled_reps(store, settings) or not record_rep_voice(store, transcript):
                break


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=Path, default=PROJECT_ROOT / "data" / "samples")
    parser.add_argument("--calls", type=int, default=0, help="the first N stereo calls (0: all)")
    parser.add_argument("--beam-size", type=int, default=TranscribeSettings.beam_size)
    parser.add_argument("--accurate-beam", type=int, default=5, help="beam of (c5) and (p5); 0 skips them")
    parser.add_argument("--threads", type=int, default=TranscribeSettings.cpu_threads)
    parser.add_argument("--full-windows", action="store_true", help="add (cw): every window encoded at 30 s")
    parser.add_argument("--settled", action="store_true", help="add (cs): reps' voice profiles settled, no enrolment")
    args = parser.parse_args(argv)

    settings = TranscribeSettings(beam_size=args.beam_size, cpu_threads=args.threads)
    accurate = TranscribeSettings(beam_size=args.accurate_beam, cpu_threads=args.threads)
    calls = []
    for path in sorted((args.samples / "recordings").iterdir()):
        reference = args.samples / "transcripts" / f"{path.stem}.json"
        if path.suffix in AUDIO_SUFFIXES and reference.is_file() and decode_audio(path, 1e9).channels == 2:
            calls.append((path, transcript_from_dict(load_json_file(reference), reference)))
    calls = calls[: args.calls or None]
    if not calls:
        print(f"no stereo recordings with references in {args.samples}", file=sys.stderr)
        return 1
    model = load_model(settings)
    batched = BatchedInferencePipeline(model)

    def batch(path: Path, beam: int) -> None:
        segments, _ = batched.transcribe(
            str(path), language=settings.language, beam_size=beam, batch_size=settings.batch_size, word_timestamps=True
        )
        list(segments)

    def per_channel(path: Path, metadata, beam: int) -> Transcript:
        audio = decode_audio(path, settings.max_duration_s)
        rep_index = 0 if metadata.rep_channel == "left" else 1
        utterances = []
        for channel, samples in enumerate(audio.samples):
            segments, _ = model.transcribe(
                samples, language=settings.language, beam_size=beam, word_timestamps=True, vad_filter=True
            )
            speaker = "rep" if channel == rep_index else "buyer"
            utterances += [Utterance(speaker, s.start, s.end, s.text.strip()) for s in segments if s.text.strip()]
        return Transcript(metadata.call_id, metadata.rep_id, sorted(utterances, key=lambda u: (u.start, u.end)))

    def full_windows(path: Path, metadata) -> Transcript:
        margin = windows.MARGIN_S
        windows.MARGIN_S = CHUNK_S  # the encoder reads the whole padded window
        try:
            return transcribe_recording(path, metadata, settings)
        finally:
            windows.MARGIN_S = margin

    variants = ["b", "c"] + (["cs"] if args.settled else []) + ["p"]
    variants += (["c5", "p5"] if args.accurate_beam else []) + (["cw"] if args.full_windows else [])
    seconds = dict.fromkeys(variants, 0.0)
    cpu_seconds = dict.fromkeys(variants, 0.0)
    errors = dict.fromkeys(variants, 0)
    words = dict.fromkeys(variants, 0)
    audio_s = 0.0
    print(f"{'call':28s} {'audio s':>8s} " + " ".join(f"{'(' + v + ') x rt':>10s} {'WER':>6s}" for v in variants))
    with tempfile.TemporaryDirectory() as scratch:
        # Warm-up: first-call costs (allocations, the VAD and speaker encoders) count for no one.
        first_metadata = metadata_from_dict(load_json_file(calls[0][0].with_suffix(".json")))
        first = transcribe_recording(calls[0][0], first_metadata, settings)
        profiles = Store(Path(scratch) / "profiles.duckdb")
        profiles.migrate()
        if args.settled:
            settle_profiles(profiles, calls, first, settings)
        settled, voices = settled_reps(profiles, settings), rep_voices(profiles)  # as the batch plans
        for path, reference in calls:
            metadata = metadata_from_dict(load_json_file(path.with_suffix(".json")), path.with_suffix(".json"))
            audio = decode_audio(path, settings.max_duration_s)
            mix_path = Path(scratch) / f"{path.stem}.wav"  # kept for the block runs below
            scipy.io.wavfile.write(mix_path, 16000, (np.clip(audio.mono(), -1, 1) * 32767).astype(np.int16))
            runs = {
                "b": lambda p=mix_path: batch(p, settings.beam_size),
                "c": lambda p=path, m=metadata: transcribe_recording(p, m, settings),
                "cs": lambda p=path, m=metadata: transcribe_recording(
                    p, m, enrolment_settings(settings, m.rep_id in settled), rep_voice=voices.get(m.rep_id)
                ),
                "p": lambda p=path, m=metadata: per_channel(p, m, settings.beam_size),
                "c5": lambda p=path, m=metadata: transcribe_recording(p, m, accurate),
                "p5": lambda p=path, m=metadata: per_channel(p, m, accurate.beam_size),
                "cw": lambda p=path, m=metadata: full_windows(p, m),
            }
            row = f"{path.name:28s} {audio.duration_s:8.1f} "
            for variant in variants:
                took, transcript = _timed(runs[variant], cpu_seconds, variant)
                seconds[variant] += took
                cell = "     -"
                if transcript is not None:
                    wrong, total = speaker_attributed_errors(reference, transcript)
                    errors[variant] += wrong
                    words[variant] += total
                    cell = f"{wrong / total:6.3f}"
                row += f"{audio.duration_s / took:9.1f}x {cell} "
            audio_s += audio.duration_s
            print(row, flush=True)
        # (n) and (b) over all calls, back to back: the batch overlaps one call's Whisper with the
        # other's VAD and speaker steps.
        workers = resolve_workers(BatchSettings().workers)
        mixes = [Path(scratch) / f"{path.stem}.wav" for path, _ in calls]
        jobs = [(path, metadata_from_dict(load_json_file(path.with_suffix(".json")))) for path, _ in calls]
        block_b, _ = _timed(lambda: [batch(mix, settings.beam_size) for mix in mixes])
        with ThreadPoolExecutor(max_workers=workers) as pool:
            block_n, transcripts = _timed(
                lambda: list(pool.map(lambda job: transcribe_recording(*job, settings), jobs))
            )
        wrong_n = total_n = 0
        for (_, reference), transcript in zip(calls, transcripts, strict=True):
            wrong, total = speaker_attributed_errors(reference, transcript)
            wrong_n, total_n = wrong_n + wrong, total_n + total
    speed = {variant: audio_s / seconds[variant] for variant in variants}
    wer = {variant: errors[variant] / words[variant] if words[variant] else float("nan") for variant in variants}
    print(
        f"{'all':28s} {audio_s:8.1f} "
        + " ".join(f"{speed[v]:9.1f}x {'     -' if v == 'b' else f'{wer[v]:6.3f}'}" for v in variants)
    )
    print(f"speed vs batched: c/b = {speed['c'] / speed['b']:.2f}", end="")
    if args.settled:
        print(f" (first calls, voice enrolled)   cs/b = {speed['cs'] / speed['b']:.2f} (profiles settled)", end="")
    print(f"   p/b = {speed['p'] / speed['b']:.2f}", end="")
    if args.accurate_beam:
        print(f"   c5/b = {speed['c5'] / speed['b']:.2f}   p5/b = {speed['p5'] / speed['b']:.2f}", end="")
    # CPU seconds: the work each did, less swayed than wall time by what else runs on a shared machine.
    if args.full_windows:
        print(f"   cw/b = {speed['cw'] / speed['b']:.2f}", end="")
    print(f"\nCPU seconds vs batched: c/b = {cpu_seconds['b'] / cpu_seconds['c']:.2f}", end="")
    for variant in ("cs", "c5", "cw"):
        if variant in variants:
            print(f"   {variant}/b = {cpu_seconds['b'] / cpu_seconds[variant]:.2f}", end="")
    print(
        f"\nthe batch's way, {workers} calls at once: n/b = {block_b / block_n:.2f} "
        f"({block_n:.1f} s against {block_b:.1f} s), WER (n) {wrong_n / total_n:.3f}"
    )
    print("speaker-attributed WER: " + "   ".join(f"({v}) {wer[v]:.3f}" for v in variants if v != "b"))
    print(
        f"model {settings.model} {settings.device}/{settings.compute_type}, beam {settings.beam_size} "
        f"(accurate {args.accurate_beam}), batch {settings.batch_size}, threads {settings.cpu_threads or 'auto'}, "
        f"{len(calls)} calls"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
