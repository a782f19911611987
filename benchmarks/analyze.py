"""Utterances per second of the full analysis (spaCy pass, classifier pass, detection, metrics).

    python benchmarks/analyze.py [PATH ...] [--repeat N] [--threads 2]

PATH defaults to the labelled calls in data/eval/dev and data/samples/transcripts. The models are
loaded once (not timed); each repeat analyses every call with `Analyzer.analyze_many`, which
batches the spaCy and transformer passes across calls. Prints the best and median of the repeats.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "paths", nargs="*", default=[str(ROOT / "data/eval/dev"), str(ROOT / "data/samples/transcripts")]
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2, help="torch threads (the target machine has 2 cores)")
    parser.add_argument("--copies", type=int, default=1, help="analyse this many copies of the calls per repeat")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(args.threads)
    from pipeline.analysis.analyze import AnalyzeOptions, Analyzer
    from pipeline.jsonio import load_json_file, transcript_from_dict

    files = []
    for name in args.paths:
        path = Path(name)
        files.extend(sorted(path.rglob("*.json")) if path.is_dir() else [path])
    transcripts = [transcript_from_dict(load_json_file(f), f) for f in files]
    transcripts = [t for t in transcripts if t.utterances] * args.copies
    utterances = sum(len(t.utterances) for t in transcripts)

    started = time.perf_counter()
    analyzer = Analyzer(AnalyzeOptions(ROOT / "rules"))
    analyzer.analyze_many(transcripts[:2])  # warm-up: first-call allocations
    load_seconds = time.perf_counter() - started

    rates = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        analyzer.analyze_many(transcripts)
        rates.append(utterances / (time.perf_counter() - started))
    result = {
        "calls": len(transcripts),
        "utterances": utterances,
        "repeats": args.repeat,
        "utterances_per_s_best": round(max(rates), 1),
        "utterances_per_s_median": round(statistics.median(rates), 1),
        "torch_threads": torch.get_num_threads(),
        "cpus_available": len(os.sched_getaffinity(0)),
        "model_load_s": round(load_seconds, 1),
        "machine": platform.processor() or platform.machine(),
        "analyzer": analyzer.version,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"{result['utterances_per_s_median']:.0f} utterances/s (median of {args.repeat}; best "
            f"{result['utterances_per_s_best']:.0f}) over {utterances} utterances in {len(transcripts)} calls, "
            f"{result['torch_threads']} torch threads, {result['cpus_available']} CPUs; models loaded in "
            f"{result['model_load_s']}s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
