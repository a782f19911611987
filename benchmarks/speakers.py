"""Who said what on real voices: words on the right speaker, DER/JER, WER per clip, calibration.

Runs the transcription stage's mono path on the real clips of ../shared/data (never copied into
the repository) three ways, one after the other on the same recognised words: the earlier MFCC
recipe, the speaker encoder deciding whole runs of words ("runs", before word re-segmentation)
and the encoder with each word re-decided on the recording's MFCC statistics ("now"). Per clip:
words on the right voice (voices matched to the reference's people one to one; a word left
without a voice is not right), voices found, DER and JER (pyannote.metrics, 0.25 s collar), WER
(the same words for every method) and cpWER (recognition and attribution together, where the
reference has each person's words). Then two calibration tables, runs against now:

- voice: each word's voice confidence against whether its voice is the right person's;
- rep/buyer: each word's `speaker_confidence` against whether it is on the right side, when one
  person's voice is enrolled from one recording (as the batch enrols a rep from stereo calls)
  and found in another recording of the same people (katiesteve <-> katiesteve_mono, dev00 <-> dev01).

With --speed it also times the whole mono path (decoding and Whisper included), runs against
now, on the sample calls mixed to mono.

    python benchmarks/speakers.py [--shared-data DIR] [--speed] [--samples DIR]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from pipeline.config import PROJECT_ROOT, TranscribeSettings
from pipeline.ingest.asr import load_model, recognise
from pipeline.ingest.audio import decode_audio
from pipeline.ingest.diarize import DiarizeOptions, diarize_words
from pipeline.ingest.transcribe import transcribe_recording
from pipeline.jsonio import load_json_file, metadata_from_dict
from pipeline.learning.speaker_truth import (
    diarization_errors,
    enrolled_voice,
    real_clips,
    score_voices,
    true_speaker,
    voice_segments,
)
from pipeline.learning.wer import concatenated_permutation_wer, word_error_rate

METHODS = {
    "mfcc": DiarizeOptions(method="mfcc"),
    "runs": DiarizeOptions(resegment=False),
    "now": DiarizeOptions(),
}
BUCKETS = [(0.0, 0.6), (0.6, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01)]
ENROLMENT_PAIRS = [
    ("katiesteve", "katiesteve_mono"),
    ("katiesteve_mono", "katiesteve"),
    ("dev00", "dev01"),
    ("dev01", "dev00"),
]
AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".mp3", ".m4a")


def recognised_clips(shared_data: Path, settings: TranscribeSettings) -> dict:
    """Each real clip: (clip, mono samples, recognised words)."""
    model = load_model(settings)
    found = {}
    for clip in real_clips(shared_data):
        samples = decode_audio(clip.audio, settings.max_duration_s).mono()
        found[clip.name] = (clip, samples, [w for _, w in recognise(samples[None, :], model, settings)[0]])
    return found


def clip_row(clip, samples, words, settings: TranscribeSettings) -> tuple[dict, dict]:
    """Per method: the scores of one clip; and per method, (voice confidence, right) per word."""
    row, calibration = {}, {}
    for method, options in METHODS.items():
        labelled, report = diarize_words(words, samples, options)
        # A voice given with less than `min_speaker_confidence` is no voice: the stage says unknown.
        voices = [
            item.voice_name if (item.voice_confidence or 0) >= settings.min_speaker_confidence else None
            for item in labelled
        ]
        sure = [(item.word.start, item.word.end, voice) for item, voice in zip(labelled, voices, strict=True)]
        score = score_voices(sure, clip.turns)
        der, jer = diarization_errors(
            voice_segments(sure, settings.utterance_pause_s), clip.turns, len(samples) / 16000
        )
        by_voice: dict[str, list[str]] = {}
        for item, voice in zip(labelled, voices, strict=True):
            by_voice.setdefault(voice or "unknown", []).append(item.word.text)
        cp_wer = (
            concatenated_permutation_wer(clip.person_texts, {v: " ".join(t) for v, t in by_voice.items()})
            if clip.person_texts
            else None
        )
        row[method] = {"right": score.share_right, "voices": report["voices"], "der": der, "jer": jer, "cpwer": cp_wer}
        everyone = score_voices([(i.word.start, i.word.end, i.voice_name) for i in labelled], clip.turns)
        calibration[method] = [
            (item.voice_confidence, everyone.assignment.get(item.voice_name) == person)
            for item in labelled
            if (person := true_speaker(item.word.start, item.word.end, clip.turns)) is not None
        ]
    row["words"] = score.scored_words
    row["wer"] = word_error_rate(clip.text, " ".join(w.text for w in words)) if clip.text else None
    return row, calibration


def role_calibration(clips: dict) -> dict[str, list[tuple[float, bool]]]:
    """Per method (runs, now): (speaker_confidence, right side) per word, one person enrolled as the rep."""
    found: dict[str, list[tuple[float, bool]]] = {"runs": [], "now": []}
    for enrol_from, find_in in ENROLMENT_PAIRS:
        if enrol_from not in clips or find_in not in clips:
            continue
        source, target = clips[enrol_from], clips[find_in]
        for person in source[0].people:
            profile = enrolled_voice(source[0], source[1], source[2], person)
            for method in found:
                options = DiarizeOptions(rep_voice=profile, resegment=METHODS[method].resegment)
                labelled, _ = diarize_words(target[2], target[1], options)
                for item in labelled:
                    truth = true_speaker(item.word.start, item.word.end, target[0].turns)
                    if truth is not None:
                        found[method].append((item.confidence, (item.speaker == "rep") == (truth == person)))
    return found


def print_calibration(title: str, pooled: dict[str, list[tuple[float, bool]]]) -> None:
    methods = list(pooled)
    print(f"\n{title}")
    print(f"{'confidence':>12s} " + " ".join(f"{m + ' words':>10s} {m + ' right':>10s}" for m in methods))
    for low, high in [*BUCKETS, (0.8, 1.01)]:
        cells = []
        for method in methods:
            chosen = [right for confidence, right in pooled[method] if low <= confidence < high]
            share = f"{sum(chosen) / len(chosen):10.1%}" if chosen else f"{'-':>10s}"
            cells.append(f"{len(chosen):10d} {share}")
        label = ">= 0.80" if (low, high) == (0.8, 1.01) else f"{low:.2f}-{min(high, 1.0):.2f}"
        print(f"{label:>12s} " + " ".join(cells))


def speed(samples: Path, settings: TranscribeSettings) -> None:
    """The mono path, runs then now (then now then runs), on every sample call mixed to mono."""
    import tempfile

    import scipy.io.wavfile

    load_model(settings)
    totals = {False: 0.0, True: 0.0}
    attribution = {False: 0.0, True: 0.0}  # the speaker part alone, as the transcript's timing_s records it
    audio_s = 0.0
    with tempfile.TemporaryDirectory() as scratch:
        for index, path in enumerate(sorted(p for p in samples.iterdir() if p.suffix in AUDIO_SUFFIXES)):
            audio = decode_audio(path, settings.max_duration_s)
            mix = Path(scratch) / f"{path.stem}.wav"
            scipy.io.wavfile.write(mix, 16000, (np.clip(audio.mono(), -1, 1) * 32767).astype(np.int16))
            metadata = metadata_from_dict({**load_json_file(path.with_suffix(".json")), "rep_channel": "mono"})
            audio_s += audio.duration_s
            # Back to back, in alternating order: a busy machine or a warm cache favours neither.
            for resegment in (False, True) if index % 2 == 0 else (True, False):
                started = time.perf_counter()
                transcript = transcribe_recording(
                    mix, metadata, TranscribeSettings(**{**vars(settings), "speaker_resegment": resegment})
                )
                totals[resegment] += time.perf_counter() - started
                attribution[resegment] += transcript.source["timing_s"]["attribute"]
    before, now = totals[False], totals[True]
    print(
        f"\nmono path on {audio_s:.0f} s of sample calls: runs {before:.1f} s ({audio_s / before:.1f}x real time), "
        f"now {now:.1f} s ({audio_s / now:.1f}x); now/runs = {now / before:.2f}; of which attributing speakers: "
        f"runs {attribution[False]:.1f} s, now {attribution[True]:.1f} s"
    )


def _cell(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared-data", type=Path, default=PROJECT_ROOT.parent / "shared" / "data")
    parser.add_argument("--speed", action="store_true")
    parser.add_argument("--samples", type=Path, default=PROJECT_ROOT / "data" / "samples" / "recordings")
    args = parser.parse_args(argv)
    settings = TranscribeSettings()
    clips = recognised_clips(args.shared_data, settings)
    if not clips:
        print(f"no real clips under {args.shared_data}", file=sys.stderr)
        return 1
    voice_calibration: dict[str, list] = {method: [] for method in METHODS if method != "mfcc"}
    header = f"{'clip':20s} {'people':>6s} {'words':>5s} {'WER':>6s}"
    for method in METHODS:
        header += f" | {method + ' right':>10s} {'voices':>6s} {'DER':>6s} {'JER':>6s} {'cpWER':>6s}"
    print(header)
    for name, (clip, samples, words) in clips.items():
        row, calibration = clip_row(clip, samples, words, settings)
        line = f"{name:20s} {len(clip.people):6d} {row['words']:5d} {_cell(row['wer']):>6s}"
        for method in METHODS:
            r = row[method]
            line += f" | {r['right']:10.1%} {r['voices']:6d} {r['der']:6.1%} {r['jer']:6.1%} {_cell(r['cpwer']):>6s}"
        print(line)
        for method in voice_calibration:
            voice_calibration[method] += calibration[method]
    print_calibration("voice confidence per word, all clips pooled: words, share on the right voice", voice_calibration)
    print_calibration(
        "rep/buyer speaker_confidence per word, one person enrolled from another recording: words, share on the right side",
        role_calibration(clips),
    )
    if args.speed:
        speed(args.samples, settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
