"""scripts/check_calls.py: the format and count check a held-out set's writers run on their calls."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SET = ROOT / "data" / "eval" / "heldout-54"


def check(folder: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, str(ROOT / "scripts" / "check_calls.py"), str(folder), "1", "20", "h54", "2027-02-03"]
    return subprocess.run(command, capture_output=True, text=True)


def first_writers_calls(tmp_path: Path) -> Path:
    for path in sorted(SET.glob("r[01]*.json")) + sorted(SET.glob("r20-*.json")):
        shutil.copy(path, tmp_path)
    return tmp_path


def test_a_writers_calls_as_written_pass(tmp_path):
    result = check(first_writers_calls(tmp_path))
    assert result.returncode == 0, result.stdout
    assert result.stdout.rstrip().endswith("OK")


def test_a_call_missing_a_label_or_pointing_past_its_end_is_named(tmp_path):
    folder = first_writers_calls(tmp_path)
    path = sorted(folder.glob("r01-*.json"))[0]
    call = json.loads(path.read_text())
    del call["labels"]["executive_next_step"]
    call["labels"]["buying_committee_asked"]["evidence"] = [len(call["utterances"])]
    path.write_text(json.dumps(call))
    result = check(folder)
    assert result.returncode == 1
    assert f"{path.name}: labels for" in result.stdout
    assert f"{path.name}: buying_committee_asked evidence" in result.stdout
