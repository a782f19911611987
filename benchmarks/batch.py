"""How fast is the nightly batch end to end (inbox -> transcribe -> analyse -> DuckDB)?

Builds an inbox of --calls calls by replicating the sample recordings (or transcripts) with new
call ids, runs one batch into a fresh database and prints calls per minute, audio hours per wall
hour (= x real-time) and the share of time per stage. Stage times are summed over calls, so with
several workers they add up to more than the wall time (their ratio is the parallelism achieved).

    python benchmarks/batch.py [--calls 40] [--source recordings|transcripts] [--workers N]
                               [--prefect] [--task-runner thread|dask] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from pipeline.batch import nightly as batch
from pipeline.config import PROJECT_ROOT, load_settings
from pipeline.ingest.inbox import AUDIO_SUFFIXES

SAMPLES = PROJECT_ROOT / "data" / "samples"


def build_inbox(inbox: Path, source: str, calls: int) -> None:
    """`calls` items cycling over the samples; copy k gets call id `<id>-b<k>` (the file is the same)."""
    inbox.mkdir(parents=True, exist_ok=True)
    if source == "recordings":
        originals = sorted(p for p in (SAMPLES / "recordings").iterdir() if p.suffix in AUDIO_SUFFIXES)
    else:
        originals = sorted((SAMPLES / "transcripts").glob("*.json"))
    for index in range(calls):
        original = originals[index % len(originals)]
        stem = f"b{index:03d}-{original.stem}"
        metadata_file = original.with_suffix(".json")
        metadata = json.loads(metadata_file.read_text())
        metadata["call_id"] = f"{metadata['call_id']}-b{index:03d}"
        if source == "recordings":
            shutil.copy(original, inbox / f"{stem}{original.suffix}")
        (inbox / f"{stem}.json").write_text(json.dumps(metadata))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=40)
    parser.add_argument("--source", choices=("recordings", "transcripts"), default="recordings")
    parser.add_argument("--workers", type=int, default=0, help="calls prepared at once (0: one per core)")
    parser.add_argument("--prefect", action="store_true", help="run the Prefect flow instead of the plain batch")
    parser.add_argument("--task-runner", choices=("thread", "dask"), help="Prefect task runner (implies --prefect)")
    parser.add_argument("--keep", type=Path, help="build the inbox and database here and keep them")
    args = parser.parse_args(argv)

    work = args.keep or Path(tempfile.mkdtemp(prefix="coachloop-bench-"))
    inbox, db = work / "inbox", work / "bench.duckdb"
    for stale in (db, db.with_suffix(".duckdb.wal"), db.with_suffix(".snapshot.duckdb")):
        stale.unlink(missing_ok=True)
    build_inbox(inbox, args.source, args.calls)
    settings = load_settings(inbox_dir=str(inbox), db_path=str(db), workers=args.workers)
    orchestrator = "prefect" if args.prefect or args.task_runner else "plain"
    if args.task_runner:
        settings = replace(settings, batch=replace(settings.batch, task_runner=args.task_runner))

    started = time.perf_counter()
    if orchestrator == "plain":
        report = batch.run_batch(settings)
        runs = [report.run_id]
    else:
        sys.path.insert(0, str(PROJECT_ROOT))
        from pipeline.batch import flows

        runs = [flows.run_nightly(settings)["run_id"]]
    elapsed = time.perf_counter() - started

    from pipeline.store import Store

    (row,) = Store(db).rows("SELECT * FROM pipeline_runs WHERE run_id = ?", runs)
    stages = json.loads(row["stage_seconds"])
    busy = sum(stages.values())
    wall = row["wall_seconds"]
    print(f"batch benchmark: {args.calls} calls from the sample {args.source}, {orchestrator}", end="")
    print(f" ({row['task_runner']}, {row['workers']} workers), {Path(db)}")
    print(f"  loaded {row['processed']}, quarantined {row['failed']}")
    print(f"  wall time           {wall:8.1f} s   (process, imports included: {elapsed:.1f} s)")
    print(f"  calls / minute      {row['processed'] / wall * 60:8.1f}")
    print(f"  audio               {row['audio_hours']:8.3f} h")
    print(f"  audio h / wall h    {row['x_realtime']:8.1f}   (x real-time)")
    print(f"  stage time / wall   {busy / wall:8.2f}   (parallelism achieved)")
    print("  share of time per stage (summed over calls):")
    for stage, seconds in stages.items():
        if seconds:
            print(f"    {stage:<12} {seconds:8.1f} s  {seconds / busy:6.1%}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if row["processed"] == args.calls else 1


if __name__ == "__main__":
    sys.exit(main())
