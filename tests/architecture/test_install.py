"""coachloop as a user installs it: a wheel built from the project, installed (not editable) into a
fresh virtual environment, runs the nightly batch as a Prefect flow from another directory."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import duckdb
import pytest

from tests.support.paths import ROOT

pytestmark = pytest.mark.slow


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, **kwargs)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv holding coachloop from its wheel. Its dependencies are this environment's,
    reached through a .pth file, so the test does not download 2 GB again."""
    work = tmp_path_factory.mktemp("install")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(work), str(ROOT)])
    wheel = next(work.glob("coachloop-*.whl"))
    venv = work / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    site = Path(
        run(
            [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]
        ).stdout.strip()
    )
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)])
    return venv


def test_the_installed_package_is_not_the_source_tree(installed):
    command = [str(installed / "bin" / "python"), "-c", "import pipeline; print(pipeline.__file__)"]
    where = run(command, cwd=installed, env={**os.environ, "PYTHONPATH": ""}).stdout
    assert str(installed) in where and str(ROOT / "pipeline") not in where


def test_coachloop_run_prefect_works_from_an_installed_package(installed, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(ROOT / "data" / "samples" / "transcripts" / "ana-demo-oakridge.json", inbox / "call.json")
    db = tmp_path / "calls.duckdb"
    env = {
        **os.environ,
        "PYTHONPATH": "",
        "COACHLOOP_RULES": str(ROOT / "rules"),
        "COACHLOOP_MODELS": str(ROOT / "models"),
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    }
    python = str(installed / "bin" / "python")
    command = [python, "-m", "pipeline.cli", "run", "--prefect", "--inbox", str(inbox), "--db", str(db)]
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    with duckdb.connect(str(db), read_only=True) as con:
        call_id = json.loads((inbox / "call.json").read_text())["call_id"]
        assert con.execute("SELECT count(*) FROM calls WHERE call_id = ?", [call_id]).fetchone() == (1,)
        assert con.execute("SELECT count(*) FROM findings WHERE call_id = ?", [call_id]).fetchone()[0] >= 9
