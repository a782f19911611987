"""The regression gate: every spent evaluation set scored, and two such runs set side by side.

A round of tuning lands only when none of the split × behaviour accuracies over the spent sets is
lower than the tree before it gave. `spent_sets` lists what the gate reads (the dev calls, the first
held-out set and every numbered held-out set whose `SPENT.md` records its measurement; a sealed set
is never read); `compare` reads two runs of `coachloop evaluate --json --errors` over them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.learning.evaluate import SPENT_NOTE

_NUMBERED = re.compile(r"heldout-(\d+)")


def spent_sets(eval_root: Path) -> list[Path]:
    """`dev`, `heldout` and the spent `heldout-N` folders under `eval_root`, in the order of N."""
    numbered = []
    for folder in Path(eval_root).iterdir():
        match = _NUMBERED.fullmatch(folder.name)
        if match and (folder / SPENT_NOTE).is_file():
            numbered.append((int(match.group(1)), folder))
    fixed = [Path(eval_root) / name for name in ("dev", "heldout") if (Path(eval_root) / name).is_dir()]
    return fixed + [folder for _, folder in sorted(numbered)]


@dataclass
class AccuracyChange:
    split: str
    behaviour: str
    before: float
    after: float


@dataclass
class GateResult:
    higher: list[AccuracyChange] = field(default_factory=list)
    lower: list[AccuracyChange] = field(default_factory=list)
    # (split, call_id, behaviour) of the wrong verdicts the second run no longer / newly has
    fixed: list[tuple[str, str, str]] = field(default_factory=list)
    broken: list[tuple[str, str, str]] = field(default_factory=list)
    # splits or behaviours scored in one run only: the runs did not read the same sets
    unmatched: list[tuple[str, str]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.lower and not self.unmatched


def _accuracies(run: dict) -> dict[tuple[str, str], float]:
    return {(s["split"], s["behaviour"]): s["accuracy"] for s in run["scores"]}


def _errors(run: dict) -> set[tuple[str, str, str]]:
    return {(e["split"], e["call_id"], e["behaviour"]) for e in run.get("errors", [])}


def compare(before: dict, after: dict, tolerance: float = 1e-9) -> GateResult:
    """Accuracies that rose or fell from `before` to `after`, and the calls behind them."""
    result = GateResult()
    old, new = _accuracies(before), _accuracies(after)
    result.unmatched = sorted(set(old) ^ set(new))
    for key in sorted(set(old) & set(new)):
        change = AccuracyChange(*key, old[key], new[key])
        if new[key] > old[key] + tolerance:
            result.higher.append(change)
        elif new[key] < old[key] - tolerance:
            result.lower.append(change)
    old_errors, new_errors = _errors(before), _errors(after)
    result.fixed = sorted(old_errors - new_errors)
    result.broken = sorted(new_errors - old_errors)
    return result
