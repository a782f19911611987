from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from pipeline.model import Transcript, Utterance

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
# The five behaviours of DESIGN.md that every analysis must report.
HEADLINE = {
    "budget_before_demo",
    "next_step_date_owner",
    "discount_before_value",
    "buying_committee_asked",
    "competitor_disparaged",
}

# Keep tools that write under the home folder inside the test run: Prefect's state goes to a
# temporary folder of this session (set before anything imports prefect), and it runs offline.
if "PREFECT_HOME" not in os.environ:
    os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="coachloop-prefect-")
    atexit.register(shutil.rmtree, os.environ["PREFECT_HOME"], ignore_errors=True)
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")


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


@pytest.fixture(scope="session")
def prefect_api() -> str:
    """One temporary Prefect API server (SQLite in a temp folder) for every flow test of the session.

    Returns its URL, for subprocesses that must report to it (PREFECT_API_URL).
    """
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield PREFECT_API_URL.value()


@pytest.fixture(scope="session")
def analyzer():
    """The full analyzer (spaCy, the committed classifier head, the rules), loaded once per session."""
    from pipeline.analysis.analyze import AnalyzeOptions, Analyzer

    return Analyzer(AnalyzeOptions(ROOT / "rules"))
