"""Label the machine transcripts of the sample recordings, to evaluate detection on real ASR output.

    python benchmarks/asr_eval.py [--out DIR]      # then: coachloop evaluate DIR

Each recording in data/samples/recordings is transcribed (`coachloop transcribe`'s function,
settings from the config) and written to DIR/asr/NAME.json with the `labels` of its scripted
transcript in data/samples/transcripts (matched by call_id). The verdicts carry over as they are;
evidence indexes are mapped onto the ASR utterances that overlap the labelled ones in time (ASR
splits and merges turns differently, so only verdicts and missing lists are exactly comparable).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def overlapping(scripted: dict, asr: dict, index: int) -> list[int]:
    """ASR utterance indexes that overlap scripted utterance `index` in time."""
    start, end = scripted["utterances"][index]["start"], scripted["utterances"][index]["end"]
    return [i for i, u in enumerate(asr["utterances"]) if u["start"] < end and start < u["end"]]


def carry_labels(scripted: dict, asr: dict) -> dict:
    labels = {}
    for behaviour, label in scripted["labels"].items():
        mapped = sorted({i for index in label.get("evidence", []) for i in overlapping(scripted, asr, index)})
        labels[behaviour] = {**label, "evidence": mapped}
    return labels


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="/tmp/coachloop-asr-samples")
    args = parser.parse_args(argv)

    from pipeline.config import load_settings
    from pipeline.ingest.inbox import item_for_path, load_transcript
    from pipeline.jsonio import transcript_to_dict

    settings = load_settings()
    scripted = {}
    for path in sorted((ROOT / "data/samples/transcripts").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        scripted[data["call_id"]] = data
    out = Path(args.out) / "asr"
    out.mkdir(parents=True, exist_ok=True)
    for recording in sorted((ROOT / "data/samples/recordings").iterdir()):
        if recording.suffix == ".json":
            continue
        transcript = transcript_to_dict(load_transcript(item_for_path(recording), settings.transcribe))
        script = scripted.get(transcript["call_id"])
        if script is None:
            print(f"{recording.name}: no scripted transcript with call_id {transcript['call_id']}", file=sys.stderr)
            continue
        transcript["labels"] = carry_labels(script, transcript)
        (out / f"{recording.stem}.json").write_text(json.dumps(transcript, indent=1), encoding="utf-8")
        print(f"{recording.name}: {len(transcript['utterances'])} ASR utterances -> {out / recording.stem}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
