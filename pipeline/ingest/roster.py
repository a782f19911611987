"""The team roster: which reps the batch expects, their names and managers.

Optional. When `roster_path` is configured, the batch loads it into the `reps` table before each
run and quarantines calls of any other rep as `unknown_rep` (usually a typo in a sidecar). The
file is YAML:

    reps:
      - rep_id: rep_ana
        rep_name: Ana Lopez
        manager_id: mgr_maya
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from pipeline.errors import CoachloopError


@dataclass(frozen=True)
class RosterRep:
    rep_id: str
    rep_name: str | None = None
    manager_id: str | None = None


def load_roster(path: Path) -> dict[str, RosterRep]:
    """rep_id -> RosterRep. A missing or malformed roster is a configuration error, not an item error."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CoachloopError(f"roster {path}: {exc}") from exc
    entries = data.get("reps") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise CoachloopError(f"roster {path}: expected a `reps:` list")
    roster: dict[str, RosterRep] = {}
    for index, entry in enumerate(entries):
        rep_id = entry.get("rep_id") if isinstance(entry, dict) else None
        if not isinstance(rep_id, str) or not rep_id.strip():
            raise CoachloopError(f"roster {path}: reps[{index}] needs a rep_id")
        rep_id = rep_id.strip()
        unknown = set(entry) - {"rep_id", "rep_name", "manager_id"}
        if unknown:
            raise CoachloopError(f"roster {path}: reps[{index}] has unknown keys {sorted(unknown)}")
        if rep_id in roster:
            raise CoachloopError(f"roster {path}: rep_id {rep_id} is listed twice")
        roster[rep_id] = RosterRep(rep_id, entry.get("rep_name"), entry.get("manager_id"))
    return roster
