#!/usr/bin/env python3
"""Build the bundled sample calls of coachloop from the written dialogues.

Input:  data/samples/dialogues/NAME.yaml  (metadata, audio settings, turns, labels)
Output: data/samples/recordings/NAME.flac|ogg   the synthetic two-voice recording
        data/samples/recordings/NAME.json       its metadata sidecar (DESIGN.md, "Inbox and samples")
        data/samples/transcripts/NAME.json      the scripted Transcript JSON with `labels`

How a call is made
  1. Every turn is spoken by espeak-ng (rep and buyer use clearly different voices),
     resampled to 16 kHz mono by sox (without dither, which would be random), and trimmed of the silence espeak adds around it.
  2. Turns are placed one after another on a timeline. The pause before a turn is drawn
     from a random generator seeded with the call_id (0.3-1.0 s between speakers,
     0.25-0.5 s when the same speaker goes on), so every run gives the same timeline.
     A turn with `overlap: S` starts S seconds before the previous turn ends
     (a backchannel talking over the other speaker).
  3. Stereo calls put the rep on the channel named by `rep_channel` (left or right) and the
     buyer on the other one; a `mono` call is the sum of both voices on one channel.
  4. The mix is encoded as FLAC (16 kHz, 16-bit) or Ogg Vorbis with ffmpeg in bit-exact
     mode, so a rerun gives byte-identical files with the same ffmpeg/libvorbis versions.
  5. Utterance start/end in the transcript are the exact placement of each trimmed turn.

Written text stays natural in the transcript ("$40,000"); only the text handed to the
synthesiser is rewritten where espeak-ng would misread it ("40,000 dollars").

Usage
  python scripts/make_samples.py                 # build all dialogues
  python scripts/make_samples.py NAME [NAME...]  # build only these
  python scripts/make_samples.py --check         # only verify what is already built

Needs: espeak-ng, sox, ffmpeg/ffprobe on PATH; Python with numpy and PyYAML.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import wave
import zlib
from pathlib import Path

import numpy as np

try:
    import yaml
except ImportError:  # pragma: no cover - a clear message beats a traceback
    sys.exit("make_samples.py needs PyYAML (pip install pyyaml)")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"

RATE = 16000  # output sample rate (Hz)
LEAD_IN = 0.6  # silence before the first turn (s)
TAIL = 0.8  # silence after the last turn (s)
GAP_SWITCH = (0.3, 1.0)  # pause when the speaker changes (s)
GAP_SAME = (0.25, 0.5)  # pause when the same speaker goes on (s)
GAIN = 0.75  # per-voice gain, leaves headroom when voices overlap (mono)
TRIM_THRESHOLD = 0.02  # fraction of the turn's peak that counts as speech when trimming
TRIM_PAD = 0.03  # keep this much (s) around the trimmed speech

# espeak-ng voice[+variant]. Note: with espeak-ng 1.51 a variant on "en-gb" ("en-gb+f3") is
# silently ignored and gives the plain male voice; "en+f3" is the British female that works.
# The dialogues name their own voices (audio.voices); these are only the fallback.
DEFAULT_VOICES = {"rep": "en-us+m3", "buyer": "en+f3"}
DEFAULT_SPEED = {"rep": 160, "buyer": 150}  # espeak-ng words per minute
OGG_QUALITY = "3"  # libvorbis -q:a (about 64-80 kbit/s for speech at 16 kHz)

METADATA_KEYS = [
    "call_id",
    "rep_id",
    "rep_name",
    "buyer_name",
    "started_at",
    "call_type",
    "rep_channel",
    "deal_id",
    "deal_stage",
    "account_name",
]
SIDECAR_KEYS = [
    "call_id", "rep_id", "rep_name", "started_at", "call_type", "rep_channel", "deal_id", "deal_stage", "account_name",
]  # fmt: skip
CALL_TYPES = {"discovery", "demo", "negotiation", "follow_up", "other"}
REP_CHANNELS = {"left", "right", "mono"}
FORMATS = {"flac", "ogg"}
BEHAVIOURS = [
    "budget_before_demo",
    "next_step_date_owner",
    "discount_before_value",
    "buying_committee_asked",
    "competitor_disparaged",
    "urgency_before_solution",
    "roi_in_buyer_numbers",
    "price_held_under_pushback",
    "executive_next_step",
]
VERDICTS = {"met", "gap", "not_applicable"}
MISSING = {"next_step", "date", "owner"}


# --------------------------------------------------------------------------- helpers


def run(cmd: list[str]) -> None:
    """Run a command, raising with its stderr on failure."""
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({res.returncode}): {res.stderr.strip()}")


def spoken(text: str) -> str:
    """Rewrite written text into what espeak-ng pronounces well (the transcript keeps `text`)."""
    # "$40,000" -> "40,000 dollars" (espeak reads "$40,000" as "dollar forty thousand")
    return re.sub(r"\$(\d[\d,]*(?:\.\d+)?)", r"\1 dollars", text)


def read_wav(path: Path) -> np.ndarray:
    """Read a 16-bit mono WAV into float32 in [-1, 1]."""
    with wave.open(str(path), "rb") as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1 and w.getframerate() == RATE
        data = w.readframes(w.getnframes())
    return np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0


def write_wav(path: Path, channels: np.ndarray) -> None:
    """Write float32 [n_channels, n_samples] as 16-bit PCM WAV at RATE."""
    pcm = np.clip(np.round(channels * 32767.0), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(pcm.shape[0])
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.T.tobytes())  # interleave channels


def trim(x: np.ndarray) -> np.ndarray:
    """Cut leading/trailing near-silence from one synthesised turn."""
    loud = np.flatnonzero(np.abs(x) > TRIM_THRESHOLD * max(float(np.abs(x).max()), 1e-9))
    if loud.size == 0:
        return x
    pad = int(TRIM_PAD * RATE)
    return x[max(0, loud[0] - pad) : loud[-1] + pad + 1]


def synthesise(text: str, voice: str, speed: int, tmp: Path) -> np.ndarray:
    """Speak one turn with espeak-ng and return it as 16 kHz float32 mono, trimmed."""
    raw, res = tmp / "raw.wav", tmp / "res.wav"
    run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(raw), spoken(text)])
    run(["sox", "-q", "-D", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(res)])
    return trim(read_wav(res))


def encode(wav: Path, out: Path, fmt: str) -> None:
    """Encode the mix with ffmpeg in bit-exact mode (no version tags, fixed Ogg serial)."""
    codec = (
        ["-c:a", "flac", "-compression_level", "12", "-sample_fmt", "s16"]
        if fmt == "flac"
        else ["-c:a", "libvorbis", "-q:a", OGG_QUALITY]
    )
    run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-i",
            str(wav),
            "-map_metadata",
            "-1",
            *codec,
            "-ar",
            str(RATE),
            "-fflags",
            "+bitexact",
            "-flags:a",
            "+bitexact",
            str(out),
        ]
    )


def probe(path: Path) -> tuple[int, float, int]:
    """(channels, duration in s, sample rate) of an audio file, via ffprobe."""
    res = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "stream=channels,sample_rate:format=duration",
            "-of",
            "json",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    info = json.loads(res.stdout)
    st = info["streams"][0]
    return int(st["channels"]), float(info["format"]["duration"]), int(st["sample_rate"])


# --------------------------------------------------------------------------- validation


def validate(name: str, d: dict) -> None:
    """Check one dialogue against DESIGN.md and LABELS.md before spending time on audio."""
    errs = []
    meta, turns, labels = d.get("metadata", {}), d.get("turns", []), d.get("labels", {})
    for k in METADATA_KEYS:
        if not meta.get(k):
            errs.append(f"metadata.{k} missing")
    if meta.get("call_type") not in CALL_TYPES:
        errs.append(f"call_type {meta.get('call_type')!r} not in {sorted(CALL_TYPES)}")
    if meta.get("rep_channel") not in REP_CHANNELS:
        errs.append(f"rep_channel {meta.get('rep_channel')!r} not in {sorted(REP_CHANNELS)}")
    if d.get("audio", {}).get("format") not in FORMATS:
        errs.append(f"audio.format must be one of {sorted(FORMATS)}")
    for i, t in enumerate(turns):
        if t.get("speaker") not in ("rep", "buyer") or not str(t.get("text", "")).strip():
            errs.append(f"turn {i}: needs speaker rep|buyer and text")
        if "overlap" in t and (i == 0 or turns[i - 1]["speaker"] == t["speaker"] or not 0 < float(t["overlap"]) < 2):
            errs.append(f"turn {i}: overlap needs a previous turn by the other speaker, 0-2 s")
    if sorted(labels) != sorted(BEHAVIOURS):
        errs.append(f"labels must hold exactly {BEHAVIOURS}")
    for b, lab in labels.items():
        if lab.get("verdict") not in VERDICTS:
            errs.append(f"{b}: verdict {lab.get('verdict')!r}")
        ev = lab.get("evidence")
        if not isinstance(ev, list) or any(not isinstance(i, int) or not 0 <= i < len(turns) for i in ev):
            errs.append(f"{b}: evidence {ev!r} must be turn indexes 0..{len(turns) - 1}")
        if ("missing" in lab) != (b == "next_step_date_owner" and lab.get("verdict") == "gap"):
            errs.append(f"{b}: `missing` belongs only on a next_step_date_owner gap")
        if "missing" in lab and (not lab["missing"] or not set(lab["missing"]) <= MISSING):
            errs.append(f"{b}: missing {lab['missing']!r} not within {sorted(MISSING)}")
        if lab.get("verdict") == "not_applicable" and ev:
            errs.append(f"{b}: not_applicable takes no evidence")
    if errs:
        raise ValueError(f"{name}: " + "; ".join(errs))


# --------------------------------------------------------------------------- one call


def build(path: Path, out: Path) -> dict:
    """Synthesise one dialogue; write recording, sidecar and transcript. Returns a summary."""
    name = path.stem
    d = yaml.safe_load(path.read_text(encoding="utf-8"))
    validate(name, d)
    meta, audio, turns = d["metadata"], d["audio"], d["turns"]
    voices = {**DEFAULT_VOICES, **audio.get("voices", {})}
    speed = {**DEFAULT_SPEED, **audio.get("speed", {})}
    names = {"rep": meta["rep_name"], "buyer": meta["buyer_name"]}
    rng = random.Random(zlib.crc32(meta["call_id"].encode()))  # same call -> same pauses

    with tempfile.TemporaryDirectory(prefix="coachloop-samples-") as tmpdir:
        tmp = Path(tmpdir)
        placed = []  # (speaker, start_sample, audio)
        cursor = int(LEAD_IN * RATE)  # where the last placed speech ends
        prev_end, prev_speaker = None, None
        for t in turns:
            x = synthesise(t["text"], voices[t["speaker"]], speed[t["speaker"]], tmp)
            if prev_end is None:
                start = cursor
            elif "overlap" in t:
                start = prev_end - int(round(float(t["overlap"]) * RATE))
            else:
                lo, hi = GAP_SAME if t["speaker"] == prev_speaker else GAP_SWITCH
                start = cursor + int(round(rng.uniform(lo, hi) * RATE))
            placed.append((t["speaker"], start, x))
            prev_end, prev_speaker = start + len(x), t["speaker"]
            cursor = max(cursor, prev_end)

        total = cursor + int(TAIL * RATE)
        track = {"rep": np.zeros(total, np.float32), "buyer": np.zeros(total, np.float32)}
        for speaker, start, x in placed:
            track[speaker][start : start + len(x)] += GAIN * x
        layout = meta["rep_channel"]
        if layout == "mono":
            mix = (track["rep"] + track["buyer"])[None, :]
        elif layout == "left":
            mix = np.stack([track["rep"], track["buyer"]])
        else:
            mix = np.stack([track["buyer"], track["rep"]])
        wav = tmp / "mix.wav"
        write_wav(wav, mix)

        rec_dir, tr_dir = out / "recordings", out / "transcripts"
        rec_dir.mkdir(parents=True, exist_ok=True)
        tr_dir.mkdir(parents=True, exist_ok=True)
        for old in rec_dir.glob(f"{name}.*"):  # a format change must not leave a stale file
            if old.suffix != ".json":
                old.unlink()
        recording = rec_dir / f"{name}.{audio['format']}"
        encode(wav, recording, audio["format"])

    sidecar = {k: meta[k] for k in SIDECAR_KEYS if meta.get(k) is not None}
    write_json(rec_dir / f"{name}.json", sidecar)

    utterances = [
        {
            "speaker": spk,
            "speaker_name": names[spk],
            "start": round(start / RATE, 2),
            "end": round((start + len(x)) / RATE, 2),
            "text": t["text"],
        }
        for (spk, start, x), t in zip(placed, turns, strict=True)
    ]
    labels = {}
    for b in BEHAVIOURS:  # fixed order, `missing` only where it belongs
        lab = d["labels"][b]
        labels[b] = {"verdict": lab["verdict"], "evidence": list(lab["evidence"])}
        if "missing" in lab:
            labels[b]["missing"] = list(lab["missing"])
    transcript = {
        "call_id": meta["call_id"],
        "rep_id": meta["rep_id"],
        "rep_name": meta["rep_name"],
        "started_at": meta["started_at"],
        "call_type": meta["call_type"],
        "deal_id": meta["deal_id"],
        "deal_stage": meta["deal_stage"],
        "account_name": meta["account_name"],
        "recording": f"../recordings/{recording.name}",
        "source": "synthetic (espeak-ng), scripted dialogue " + f"dialogues/{path.name}",
        "utterances": utterances,
        "labels": labels,
    }
    write_json(tr_dir / f"{name}.json", transcript)
    return {"name": name, "recording": recording, "speech_end": cursor / RATE}


def write_json(path: Path, obj: dict) -> None:
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- checks


def check(out: Path, names: list[str]) -> list[str]:
    """Verify built samples: audio layout and length, transcript times, label indexes."""
    problems, rows = [], []
    for name in names:
        recs = [p for p in (out / "recordings").glob(f"{name}.*") if p.suffix != ".json"]
        tr_path = out / "transcripts" / f"{name}.json"
        side_path = out / "recordings" / f"{name}.json"
        if len(recs) != 1 or not tr_path.exists() or not side_path.exists():
            problems.append(f"{name}: recording, sidecar or transcript missing")
            continue
        side, tr = json.loads(side_path.read_text()), json.loads(tr_path.read_text())
        ch, dur, sr = probe(recs[0])
        want_ch = 1 if side["rep_channel"] == "mono" else 2
        if ch != want_ch or sr != RATE:
            problems.append(f"{name}: {ch} ch / {sr} Hz, expected {want_ch} ch / {RATE} Hz")
        if not 60 <= dur <= 150:
            problems.append(f"{name}: duration {dur:.1f} s outside 60-150 s")
        utt = tr["utterances"]
        starts = [u["start"] for u in utt]
        if starts != sorted(starts):
            problems.append(f"{name}: utterances not sorted by start")
        if any(not 0 <= u["start"] < u["end"] <= dur + 0.01 for u in utt):
            problems.append(f"{name}: an utterance lies outside 0..{dur:.2f} s")
        for b, lab in tr["labels"].items():
            if any(not 0 <= i < len(utt) for i in lab["evidence"]):
                problems.append(f"{name}: {b} evidence {lab['evidence']} out of range")
        if side["call_id"] != tr["call_id"]:
            problems.append(f"{name}: sidecar and transcript call_id differ")
        rows.append((recs[0].name, side["rep_channel"], ch, dur, recs[0].stat().st_size, len(utt)))
    print(f"{'recording':34} {'layout':6} {'ch':>2} {'dur s':>6} {'KiB':>6} {'utts':>4}")
    for f, lay, ch, dur, size, n in rows:
        print(f"{f:34} {lay:6} {ch:>2} {dur:6.1f} {size / 1024:6.0f} {n:>4}")
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"data/samples total: {total / 1e6:.2f} MB")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("names", nargs="*", help="dialogue names (default: all)")
    ap.add_argument("--samples", type=Path, default=SAMPLES, help="samples folder (default: %(default)s)")
    ap.add_argument("--check", action="store_true", help="only verify the built samples")
    args = ap.parse_args()

    dialogues = sorted((args.samples / "dialogues").glob("*.yaml"))
    if args.names:
        dialogues = [p for p in dialogues if p.stem in args.names]
        unknown = set(args.names) - {p.stem for p in dialogues}
        if unknown:
            sys.exit(f"no such dialogue: {', '.join(sorted(unknown))}")
    if not dialogues:
        sys.exit(f"no dialogues under {args.samples / 'dialogues'}")

    if not args.check:
        missing = [t for t in ("espeak-ng", "sox", "ffmpeg", "ffprobe") if not shutil.which(t)]
        if missing:
            sys.exit(f"missing tools on PATH: {', '.join(missing)} (apt-get install espeak-ng sox ffmpeg)")
        for p in dialogues:
            try:
                s = build(p, args.samples)
            except (ValueError, RuntimeError) as exc:
                sys.exit(f"{p}: {exc}")
            print(f"built {s['recording'].relative_to(ROOT)} ({s['speech_end']:.1f} s of timeline)")

    problems = check(args.samples, [p.stem for p in dialogues])
    for msg in problems:
        print("PROBLEM:", msg, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
