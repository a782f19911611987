"""Utterances per second of the full analysis (spaCy pass, classifier pass, combining, detection, metrics).

    python benchmarks/analyze.py [PATH ...] [--repeat N] [--baseline REV] [--cli-calls N] [--long N] [--json]

PATH defaults to the labelled calls in data/eval/dev and data/samples/transcripts. In one run,
for this tree and, with `--baseline REV`, for the code, rules and models of git revision REV on
the same calls (one analysis of each tree in turn, `--repeat` times, so that both see the same load):

- **in one process** (spaCy in this process, one torch thread): utterances per CPU second, the
  figure that holds on a machine other work shares, and each stage's share of that CPU time
  (spaCy pass, classifier pass, the rest: combining, prices, screen, detection, metrics), and within
  the spaCy pass the share of spaCy's pipeline (`spacy_parse`, the entity recogniser included) and of
  reading the patterns, clauses and entities out of each Doc (`spacy_patterns`);
- **end to end** with the configured spaCy worker processes and 2 torch threads, as
  `Analyzer.analyze_many` runs for `coachloop analyze`: utterances per wall-clock second and per
  CPU second of all its processes;
- **the CLI**: `coachloop analyze --json` over the first N calls of data/eval (dev, heldout,
  heldout-2, heldout-3) and the samples, less a run over 4 calls, which cancels out starting
  Python and loading the models.

`--long N` joins consecutive calls, one after another, into calls of at least N utterances (a real
call runs to some 400, the labelled ones to some 20), so that a pass whose cost grows faster than the
call shows in the figures.

Models are loaded before timing; each repeat analyses every call, in a fresh process per tree and
repeat (median and best printed).
`--check-entities` instead counts, over the evaluation and training utterances, those whose
entities the rules read but the entity recogniser is not given (`pipeline/analysis/entities.py`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI_SETS = (
    "data/eval/dev",
    "data/samples/transcripts",
    "data/eval/heldout",
    "data/eval/heldout-2",
    "data/eval/heldout-3",
)


def _cpu_seconds() -> float:
    """CPU seconds of this process and its live children (the spaCy worker processes)."""
    import psutil

    processes = [psutil.Process(), *psutil.Process().children(recursive=True)]
    return sum(sum(p.cpu_times()[:2]) for p in processes)


def _timed(owner, name: str, totals: dict, stage: str) -> None:
    """Wrap `owner.name` so that the CPU time spent in it adds to `totals[stage]`."""
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            totals[stage] += time.process_time() - started

    setattr(owner, name, wrapper)


def _load(paths: list[str]) -> list:
    from pipeline.jsonio import load_json_file, transcript_from_dict

    files = []
    for name in paths:
        path = Path(name)
        files.extend(sorted(path.rglob("*.json")) if path.is_dir() else [path])
    transcripts = [transcript_from_dict(load_json_file(f), f) for f in files]
    return [t for t in transcripts if t.utterances]


def _joined(transcripts: list, utterances: int) -> list:
    """The calls joined one after another into calls of at least `utterances` utterances each (the last
    one shorter), each later call's times moved on past the end of the one before."""
    import dataclasses

    joined, current, offset = [], [], 0.0
    for transcript in transcripts:
        for utterance in transcript.utterances:
            current.append(
                dataclasses.replace(utterance, start=utterance.start + offset, end=utterance.end + offset, words=[])
            )
        offset = current[-1].end + 1.0
        if len(current) >= utterances:
            joined.append(dataclasses.replace(transcripts[0], call_id=f"joined-{len(joined)}", utterances=current))
            current, offset = [], 0.0
    if current:
        joined.append(dataclasses.replace(transcripts[0], call_id=f"joined-{len(joined)}", utterances=current))
    return joined


def measure(paths: list[str], repeat: int, long: int = 0) -> dict:
    """One variant's figures, measured in this process (the code on sys.path)."""
    import torch

    from pipeline.analysis.analyze import AnalyzeOptions, Analyzer
    from pipeline.analysis.classifier import ActClassifier
    from pipeline.analysis.nlp import SpacyPass

    transcripts = _load(paths)
    if long:
        transcripts = _joined(transcripts, long)
    utterances = sum(len(t.utterances) for t in transcripts)
    started = time.perf_counter()
    analyzer = Analyzer(AnalyzeOptions(Path.cwd() / "rules"))
    load_seconds = time.perf_counter() - started
    workers = analyzer.spacy.workers

    # one process, one torch thread: CPU time per stage
    torch.set_num_threads(1)
    analyzer.spacy.workers = 1
    analyzer.analyze_many(transcripts[:2])  # warm-up: first-call allocations
    stages = {"spacy": 0.0, "classifier": 0.0}
    _timed(SpacyPass, "_run_here", stages, "spacy")
    _timed(ActClassifier, "predict_calls", stages, "classifier")
    # inside the spaCy pass: spaCy's pipeline (the entity recogniser included) and reading the patterns,
    # clauses and entities out of each Doc; a revision without these methods reports none
    spacy_parts: dict[str, float] = {}
    for part, method in (("parse", "_parse"), ("patterns", "_features")):
        if hasattr(SpacyPass, method):
            spacy_parts[part] = 0.0
            _timed(SpacyPass, method, spacy_parts, part)
    cpu_rates = []
    total = 0.0
    for _ in range(repeat):
        started = time.process_time()
        analyzer.analyze_many(transcripts)
        elapsed = time.process_time() - started
        total += elapsed
        cpu_rates.append(utterances / elapsed)
    shares = {stage: seconds / total for stage, seconds in stages.items()}
    shares["rest"] = 1.0 - sum(shares.values())
    shares.update({f"spacy_{part}": seconds / total for part, seconds in spacy_parts.items()})

    # end to end: the configured workers and 2 torch threads (the target machine has 2 cores)
    torch.set_num_threads(2)
    analyzer.spacy.workers = workers
    analyzer.analyze_many(transcripts[: 2 * workers])  # the worker processes started
    wall_rates, cpu = [], _cpu_seconds()
    for _ in range(repeat):
        started = time.perf_counter()
        analyzer.analyze_many(transcripts)
        wall_rates.append(utterances / (time.perf_counter() - started))
    end_cpu_rate = utterances * repeat / (_cpu_seconds() - cpu)
    analyzer.spacy.close()
    return {
        "calls": len(transcripts),
        "utterances": utterances,
        "one_process_utterances_per_cpu_s": round(statistics.median(cpu_rates), 1),
        "stage_share": {stage: round(share, 3) for stage, share in shares.items()},
        "utterances_per_s_median": round(statistics.median(wall_rates), 1),
        "utterances_per_s_best": round(max(wall_rates), 1),
        "utterances_per_cpu_s": round(end_cpu_rate, 1),
        "spacy_workers": workers,
        "model_load_s": round(load_seconds, 1),
        "analyzer": analyzer.version,
    }


def _cli_seconds(tree: Path, files: list[Path]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "analyze", "--json", *map(str, files)],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        stdout=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - started


def cli_rate(tree: Path, calls: int) -> dict:
    """`coachloop analyze` (from `tree`) over the first `calls` call files of CLI_SETS."""
    from pipeline.jsonio import load_json_file

    files, utterances = [], []
    for folder in CLI_SETS:
        for path in sorted((ROOT / folder).rglob("*.json")):
            count = len(load_json_file(path).get("utterances", []))
            if count and len(files) < calls:
                files.append(path)
                utterances.append(count)
    few = _cli_seconds(tree, files[:4])
    many = _cli_seconds(tree, files)
    return {
        "cli_calls": len(files),
        "cli_utterances": sum(utterances),
        "cli_seconds": round(many, 1),
        "cli_seconds_4_calls": round(few, 1),
        "cli_utterances_per_s": round((sum(utterances) - sum(utterances[:4])) / max(many - few, 1e-9), 1),
    }


def _export(revision: str, folder: Path) -> Path:
    """The code, rules and models of `revision`, unpacked into `folder`."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, "pipeline", "rules", "models"], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def _merged(rounds: list[dict]) -> dict:
    """One variant's figures over rounds measured one analysis at a time: medians, the best of the
    best, the stage shares averaged."""

    def median(key: str) -> float:
        return round(statistics.median(found[key] for found in rounds), 1)

    merged = dict(rounds[-1])
    for key in ("one_process_utterances_per_cpu_s", "utterances_per_s_median", "utterances_per_cpu_s", "model_load_s"):
        merged[key] = median(key)
    merged["utterances_per_s_best"] = max(found["utterances_per_s_best"] for found in rounds)
    merged["stage_share"] = {
        stage: round(statistics.fmean(found["stage_share"][stage] for found in rounds), 3)
        for stage in merged["stage_share"]
    }
    merged["rounds"] = len(rounds)
    return merged


def _measure_in(tree: Path, paths: list[str], repeat: int, long: int = 0) -> dict:
    """`measure` in a fresh Python whose code, rules and models are those of `tree`."""
    script = str(Path(__file__).resolve())
    output = subprocess.run(
        [sys.executable, script, "--measure", "--repeat", str(repeat), "--long", str(long), *paths],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def check_entities() -> dict:
    """Utterances whose entities the rules read but that the recogniser is not given."""
    from pipeline.analysis.entities import READ_LABELS, needs_entities
    from pipeline.analysis.features import load_analysis_config
    from pipeline.analysis.nlp import SpacyPass, normalize
    from pipeline.jsonio import load_json_file

    config = load_analysis_config(ROOT / "rules")
    spacy_pass = SpacyPass(ROOT / "rules", fillers=config.fillers)
    texts = [
        u["text"]
        for folder in CLI_SETS
        for f in sorted((ROOT / folder).rglob("*.json"))
        for u in load_json_file(f).get("utterances", [])
    ]
    for path in sorted((ROOT / "data/training").glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    read, missed = 0, []
    for doc in spacy_pass.nlp.pipe([normalize(t, spacy_pass.fillers) for t in texts], batch_size=256):
        needed = needs_entities(doc)
        read += needed
        entities = [(e.label_, e.text) for e in doc.ents if e.label_ in READ_LABELS]
        if entities and not needed:
            missed.append({"text": doc.text, "entities": entities})
    return {"utterances": len(texts), "recogniser_share": round(read / len(texts), 3), "missed": missed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "paths", nargs="*", default=[str(ROOT / "data/eval/dev"), str(ROOT / "data/samples/transcripts")]
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", metavar="REV", help="also measure git revision REV (e.g. main), alternating")
    parser.add_argument("--cli-calls", type=int, default=208, help="calls for the CLI run (0: skip it)")
    parser.add_argument(
        "--long", type=int, default=0, metavar="N", help="join the calls into calls of at least N utterances"
    )
    parser.add_argument("--check-entities", action="store_true")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)  # one variant, in this process
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    paths = [str(Path(p).resolve()) for p in args.paths]

    if args.measure:
        sys.path.insert(0, str(Path.cwd()))
        print(json.dumps(measure(paths, args.repeat, args.long)))
        return 0
    sys.path.insert(0, str(ROOT))
    if args.check_entities:
        print(json.dumps(check_entities(), indent=1))
        return 0

    with tempfile.TemporaryDirectory() as scratch:
        trees = {"this tree": ROOT}
        if args.baseline:
            trees = {args.baseline: _export(args.baseline, Path(scratch)), **trees}
        rounds = {name: [] for name in trees}
        for _ in range(args.repeat):  # one analysis per tree in turn: both see the same load
            for name, tree in trees.items():
                rounds[name].append(_measure_in(tree, paths, 1, args.long))
                # printed as it comes: kept if a later step fails
                print(f"{name}: {json.dumps(rounds[name][-1])}", file=sys.stderr, flush=True)
        results = {name: _merged(found) for name, found in rounds.items()}
        if args.cli_calls:
            for name, tree in trees.items():
                results[name].update(cli_rate(tree, args.cli_calls))
                print(f"{name}: {json.dumps(results[name])}", file=sys.stderr, flush=True)
    machine = {
        "cpus_available": len(os.sched_getaffinity(0)),
        "load_average_1min": round(os.getloadavg()[0], 1),
        "machine": platform.processor() or platform.machine(),
    }
    if args.json:
        print(json.dumps({"variants": results, **machine}))
        return 0
    for name, result in results.items():
        shares = ", ".join(f"{stage} {share:.0%}" for stage, share in result["stage_share"].items())
        print(
            f"{name}: {result['one_process_utterances_per_cpu_s']:.0f} utterances per CPU second in one process "
            f"({shares}); end to end {result['utterances_per_s_median']:.0f} utterances/s (median of "
            f"{args.repeat}, best {result['utterances_per_s_best']:.0f}), {result['utterances_per_cpu_s']:.0f} per "
            f"CPU second with {result['spacy_workers']} spaCy workers; {result['utterances']} utterances in "
            f"{result['calls']} calls"
        )
        if "cli_utterances_per_s" in result:
            print(
                f"  coachloop analyze: {result['cli_utterances_per_s']:.0f} utterances/s over "
                f"{result['cli_calls']} calls ({result['cli_seconds']}s, less {result['cli_seconds_4_calls']}s for 4)"
            )
    print(f"{machine['cpus_available']} CPUs, load average {machine['load_average_1min']}, {machine['machine']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
