from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.model import Transcript, Utterance

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"

# Keep tools that write under the home folder inside the test run.
os.environ.setdefault("PREFECT_HOME", str(ROOT / ".pytest_cache" / "prefect"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


def make_transcript(*lines: str, call_id: str = "t-1", rep_id: str = "rep_test", gap: float = 0.5) -> Transcript:
    """A transcript from 'rep: text' / 'buyer: text' lines, each 3 s long with `gap` between them."""
    utterances, clock = [], 0.0
    for line in lines:
        speaker, text = line.split(": ", 1)
        utterances.append(Utterance(speaker=speaker, start=clock, end=clock + 3.0, text=text))
        clock += 3.0 + gap
    return Transcript(call_id=call_id, rep_id=rep_id, utterances=utterances, started_at="2026-11-02T15:00:00Z")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "coachloop.duckdb"
