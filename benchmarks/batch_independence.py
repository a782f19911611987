"""Whether a call's findings depend on the calls analysed beside it, and what batching across calls saves.

    python benchmarks/batch_independence.py [PATH ...] [--json]

The nightly batch and `coachloop evaluate` analyse many calls at once: spaCy over all their
utterances, the classifier in batches across calls. The encoder batches only texts of one length
(padding to the longest text of a batch changed its arithmetic a little, so a call's act confidences
moved with its neighbours); where two threads split a batch, float32 rounding is left. This analyses
the labelled calls under PATH (default: data/eval/dev) together and then each call alone, in one
run, and prints the findings that differ (verdict, evidence, missing), the largest difference of any
act confidence, and the time of each way.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.analysis.analyze import AnalyzeOptions, Analyzer  # noqa: E402
from pipeline.learning.evaluate import load_labelled  # noqa: E402


def _shape(finding) -> tuple:
    return finding.verdict, tuple(finding.evidence), tuple(finding.missing)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "data" / "eval" / "dev")])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    transcripts = [call.transcript for call in load_labelled([Path(p) for p in args.paths])]
    analyzer = Analyzer(AnalyzeOptions(rules_dir=ROOT / "rules"))

    analyzer.analyze(transcripts[0])  # warm up: the first analysis also loads lazily
    started = time.perf_counter()
    together = analyzer.analyze_many(transcripts)
    together_s = time.perf_counter() - started
    started = time.perf_counter()
    alone = [analyzer.analyze(t) for t in transcripts]
    alone_s = time.perf_counter() - started
    # the act confidences behind the findings, untimed
    features_together = analyzer.features_many(transcripts)
    features_alone = [analyzer.features_many([t])[0] for t in transcripts]

    differing = [
        (t.call_id, a.behaviour, _shape(b), _shape(a))
        for t, x, y in zip(transcripts, together, alone, strict=True)
        for a, b in zip(x.findings, y.findings, strict=True)
        if _shape(a) != _shape(b)
    ]
    drift = max(
        (
            abs(u.acts.get(act, 0.0) - v.acts.get(act, 0.0))
            for x, y in zip(features_together, features_alone, strict=True)
            for u, v in zip(x, y, strict=True)
            for act in u.acts.keys() | v.acts.keys()
        ),
        default=0.0,
    )
    findings = sum(len(a.findings) for a in together)
    result = {
        "calls": len(transcripts),
        "findings": findings,
        "findings_differing": len(differing),
        "max_act_confidence_difference": drift,
        "together_s": round(together_s, 1),
        "alone_s": round(alone_s, 1),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for call_id, behaviour, alone_shape, together_shape in differing:
            print(f"{call_id} {behaviour}: alone {alone_shape}, together {together_shape}")
        print(
            f"{len(transcripts)} calls, {findings} findings: {len(differing)} differ analysed alone; act "
            f"confidences within {drift:.1e}; together {together_s:.0f} s, each alone {alone_s:.0f} s"
        )
        print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, {platform.machine()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
