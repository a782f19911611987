"""The regression gate over every spent evaluation set (pipeline/learning/gate.py).

    .venv/bin/python scripts/regression_gate.py run BEFORE.json            # on the tree before a change
    .venv/bin/python scripts/regression_gate.py run AFTER.json             # on the tree after it
    .venv/bin/python scripts/regression_gate.py compare BEFORE.json AFTER.json

`run` writes `coachloop evaluate --json --errors` over the spent sets of data/eval; `compare` prints
the split × behaviour accuracies that rose and fell and the calls behind them, and exits 1 when any
fell or the two runs did not read the same sets.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.learning.gate import compare, spent_sets  # noqa: E402


def run(output: Path, rules: str | None) -> int:
    sets = [str(path) for path in spent_sets(ROOT / "data" / "eval")]
    command = [sys.executable, "-m", "pipeline.cli", "evaluate", *sets, "--json", "--errors"]
    if rules:
        command += ["--rules", rules]
    scores = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    output.write_text(scores)
    print(f"{len(sets)} sets scored into {output}")
    return 0


def show(before: Path, after: Path) -> int:
    result = compare(json.loads(before.read_text()), json.loads(after.read_text()))
    for word, changes in (("higher", result.higher), ("LOWER", result.lower)):
        for c in changes:
            print(f"{word:6} {c.split:12} {c.behaviour:28} {c.before:.3f} -> {c.after:.3f}")
    for word, calls in (("fixed", result.fixed), ("broken", result.broken)):
        for split, call_id, behaviour in calls:
            print(f"{word:6} {split:12} {call_id:24} {behaviour}")
    for split, behaviour in result.unmatched:
        print(f"in one run only: {split} {behaviour}")
    print(
        f"{len(result.higher)} higher, {len(result.lower)} lower; "
        f"{len(result.fixed)} calls right now, {len(result.broken)} wrong now"
    )
    return 0 if result.passed else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="score every spent set into a JSON file")
    run_parser.add_argument("output", type=Path)
    run_parser.add_argument("--rules", help="rules folder (default: the configured one)")
    compare_parser = commands.add_parser("compare", help="set two runs side by side; exit 1 if any accuracy fell")
    compare_parser.add_argument("before", type=Path)
    compare_parser.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "run":
        return run(args.output, args.rules)
    return show(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
