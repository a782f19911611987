"""The kill drill: `coachloop run` killed (SIGKILL) inside every stage, then run again.

Each seed starts from the same database (some calls loaded, a manager's decisions and a coaching
plan on it), runs the real batch (recordings transcribed, the full analysis with its models) in
its own process and kills it where the seed says: at a random moment, right after a random call
was committed, or at a failpoint reached a random number of times (pipeline/failpoints.py:
mid-transcription, mid-analysis, inside the transaction that writes a call, inside the analysts'
snapshot copy). After the kill the decisions must be intact and no call half there; after the
rerun the database must equal an uninterrupted run's, table by table and row by row.

    python benchmarks/kill_drill.py [--seeds 20] [--first-seed 1] [--keep DIR]

Prints one line per seed and exits non-zero if any seed failed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.failpoints import ENVIRONMENT, POINTS  # noqa: E402
from tests.support.drill import (  # noqa: E402
    Drill,
    build_drill,
    cli_batch,
    count_calls,
    decisions,
    differences,
    half_loaded_calls,
    kill_at,
)
from tests.support.inbox import replicate_samples  # noqa: E402

TRANSCRIPTS = 8
UTTERANCES = 8  # per transcript call
RECORDINGS = ("ana-demo-oakridge.ogg", "ben-demo-harbor.flac")
RECORDING_SECONDS = 20.0
BASE = 3  # transcript calls loaded before the drill
MODES = ("time", "loaded", *POINTS)


def cut_recording(source: Path, target: Path, index: int) -> None:
    """The first seconds of a sample recording, as a new call with its own metadata."""
    import soundfile

    rate = soundfile.info(source).samplerate
    audio, _ = soundfile.read(source, frames=int(RECORDING_SECONDS * rate), always_2d=True)
    soundfile.write(target.with_suffix(".flac"), audio, rate)
    metadata = json.loads(source.with_suffix(".json").read_text())
    metadata["call_id"] = f"{metadata['call_id']}-k{index}"
    target.with_suffix(".json").write_text(json.dumps(metadata))


def make_drill(folder: Path) -> Drill:
    inbox = folder / "inbox"
    replicate_samples(inbox, TRANSCRIPTS, utterances=UTTERANCES)
    first = sorted(inbox.iterdir())[:BASE]
    for index, name in enumerate(RECORDINGS):
        cut_recording(ROOT / "data/samples/recordings" / name, inbox / f"z{index}-{Path(name).stem}", index)
    return build_drill(folder, inbox, ROOT / "rules", first)


def kill_once(drill: Drill, db: Path, rng: random.Random, mode: str) -> str:
    new_calls = len(drill.reference["calls"]) - BASE
    if mode in ("time", "loaded"):
        # a random moment up to about the length of a whole run here (models loaded, recordings transcribed)
        return kill_at(cli_batch(drill.inbox, db, drill.rules), rng, mode, new_calls, longest_s=40.0)
    # Every recording gives at least one decoded segment (the transcribe point), every run one snapshot.
    hit = {"transcribe": rng.randint(1, len(RECORDINGS)), "snapshot": 1}.get(mode, rng.randint(1, new_calls))
    process = cli_batch(drill.inbox, db, drill.rules, env={**os.environ, ENVIRONMENT: f"{mode}:{hit}"})
    process.communicate(timeout=600)
    return f"at {mode} (hit {hit})" if process.returncode == -9 else f"{mode}:{hit} never reached"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep the drill's files in this folder")
    args = parser.parse_args(argv)

    folder = args.keep or Path(tempfile.mkdtemp(prefix="coachloop-kill-drill-"))
    folder.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    drill = make_drill(folder)
    rows = sum(len(rows) for rows in drill.reference.values())
    print(f"reference: {len(drill.reference['calls'])} calls ({len(RECORDINGS)} recordings), {rows} rows; "
          f"built in {time.monotonic() - started:.0f} s")  # fmt: skip
    failed = killed = 0
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        rng = random.Random(seed)
        mode = MODES[seed % len(MODES)]
        run = folder / f"seed-{seed}"
        run.mkdir(exist_ok=True)
        db = drill.fresh_copy(run)
        where = kill_once(drill, db, rng, mode)
        killed += "never" not in where and "finished" not in where
        problems = []
        if decisions(db) != drill.decisions:
            problems.append("decisions changed by the kill")
        if half := half_loaded_calls(db, drill.utterances):
            problems.append(f"half-loaded after the kill: {half}")
        at_kill = count_calls(db) - BASE
        report = drill.rerun(db)
        if report.count("quarantined"):
            problems.append(f"{report.count('quarantined')} quarantined on the rerun")
        problems += [f"table {table} differs" for table in differences(db, drill.reference)]
        if list(run.glob("*.partial*")):
            problems.append("a half-written analysts' copy was left behind")
        failed += bool(problems)
        verdict = "ok" if not problems else "FAILED: " + "; ".join(problems)
        print(f"seed {seed:>3}  killed {where:<28} {at_kill} calls in at the kill  rerun equal: {verdict}")
        if not args.keep:
            shutil.rmtree(run)
    print(
        f"{args.seeds} seeds, {killed} killed inside the run, {failed} failed; "
        f"{time.monotonic() - started:.0f} s on {os.cpu_count()} cores"
    )
    if not args.keep:
        shutil.rmtree(folder)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
