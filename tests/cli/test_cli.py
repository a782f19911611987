"""The command line, run as a user runs it: a real process, real files, a real DuckDB file."""

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from rich.console import Console

from pipeline.cli import batch as batch_cli
from pipeline.store import Store, roster
from tests.support.cli import run_cli
from tests.support.inbox import inbox_with_ana_again
from tests.support.paths import SAMPLES
from tests.support.transcripts import HEADLINE
from tests.support.web import copy_sample_database, sample_database

METRICS = {"talk_ratio", "longest_monologue_s", "rep_questions", "interactivity", "patience_s"}


def sample_transcripts() -> list[Path]:
    return sorted((SAMPLES / "transcripts").glob("*.json"))


@pytest.mark.slow  # coachloop processes that load the analysis models
def test_analyze_samples_prints_one_line_per_call_with_every_behaviour_and_metric():
    paths = sample_transcripts()
    assert len(paths) >= 8
    result = run_cli("analyze", *map(str, paths), "--json")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(paths)
    for path, line in zip(paths, lines, strict=True):
        call = json.loads(line)
        assert call["call_id"] == json.loads(path.read_text())["call_id"]  # input order kept
        behaviours = [f["behaviour"] for f in call["findings"]]
        assert HEADLINE <= set(behaviours) and len(behaviours) == len(set(behaviours))
        assert set(call["metrics"]) == METRICS
        for finding in call["findings"]:
            assert finding["verdict"] in {"met", "gap", "not_applicable"}
            assert all(isinstance(i, int) for i in finding["evidence"])


@pytest.mark.slow
def test_analyze_reports_a_bad_file_and_still_analyses_the_others(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text('{"call_id": "x", "rep_id": ')
    good = sample_transcripts()[0]
    result = run_cli("analyze", str(bad), str(good), "--json")
    assert result.returncode == 1
    assert f"{bad}:1: invalid JSON" in result.stderr
    assert len(result.stdout.splitlines()) == 1


def make_inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in sample_transcripts()[:3]:
        shutil.copy(path, inbox / path.name)
    (inbox / "zoom-call.vtt").write_text(
        "WEBVTT\n\n00:00:00.000 --> 00:00:04.000\nAna Lopez: Who else signs off on this?\n\n"
        "00:00:05.000 --> 00:00:08.000\nSam Berg: Our CFO, Dana.\n"
    )
    (inbox / "zoom-call.json").write_text(
        json.dumps(
            {
                "call_id": "c-zoom-1",
                "rep_id": "rep_ana",
                "rep_name": "Ana Lopez",
                "call_type": "discovery",
                "started_at": "2026-11-03T10:00:00Z",
            }
        )
    )
    (inbox / "broken.json").write_text('{"call_id": "x", "utterances": [')
    (inbox / "no-sidecar.srt").write_text("1\n00:00:00,000 --> 00:00:01,000\nAna: hi\n")
    return inbox


@pytest.mark.slow
def test_run_loads_an_inbox_once_and_quarantines_bad_items(tmp_path):
    inbox = make_inbox(tmp_path)
    db = tmp_path / "c.duckdb"
    first = run_cli("run", "--inbox", str(inbox), "--db", str(db))
    assert first.returncode == 1  # something was quarantined
    assert "4 loaded" in first.stderr and "2 quarantined" in first.stderr
    assert "rep_ana" in first.stdout  # the per-rep summary
    with duckdb.connect(str(db), read_only=True) as con:
        calls = con.execute("SELECT count(*) FROM calls").fetchone()[0]
        reasons = dict(con.execute("SELECT error_kind, reason FROM quarantine ORDER BY error_kind").fetchall())
    assert calls == 4
    assert "invalid JSON" in reasons["transcript"]
    assert "no metadata" in reasons["metadata"]

    second = run_cli("run", "--inbox", str(inbox), "--db", str(db))
    assert "0 loaded" in second.stderr and "4 already loaded" in second.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM calls").fetchone()[0] == 4
        assert con.execute("SELECT count(*) FROM quarantine").fetchone()[0] == 2
        assert con.execute("SELECT count(*) FROM pipeline_runs").fetchone()[0] == 2

    # Fixing the broken file makes it new work; its quarantine entry is resolved.
    fixed = json.loads(sample_transcripts()[3].read_text())
    (inbox / "broken.json").write_text(json.dumps(fixed))
    third = run_cli("run", "--inbox", str(inbox), "--db", str(db))
    assert "1 loaded" in third.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM open_quarantine").fetchone()[0] == 1


def test_report_needs_a_rep_or_a_team():
    result = run_cli("report")
    assert result.returncode == 2 and "one of the arguments --rep --team is required" in result.stderr


@pytest.mark.parametrize("command", ["summary", "init-db"])
def test_db_commands(tmp_path, command):
    db = tmp_path / "x.duckdb"
    result = run_cli(command, "--db", str(db))
    if command == "summary":
        assert result.returncode == 2 and "does not exist yet" in result.stderr
    else:
        assert result.returncode == 0 and "001_core.sql" in result.stderr


def test_run_sums_up_the_reps_of_its_own_calls_and_summary_every_rep(tmp_path):
    db = copy_sample_database(tmp_path)
    inbox = inbox_with_ana_again(tmp_path)
    rules = sample_database().parent / "rules"
    ran = run_cli("run", "--inbox", str(inbox), "--db", str(db), "--rules", str(rules))
    assert ran.returncode == 0, ran.stderr
    assert "Findings per rep of this run's calls" in ran.stdout
    assert "rep_ana" in ran.stdout and "rep_ben" not in ran.stdout  # Ben had no call in this run
    summary = run_cli("summary", "--db", str(db))
    assert "rep_ana" in summary.stdout and "rep_ben" in summary.stdout


def test_a_large_floor_s_summary_has_a_row_per_rep_and_the_behaviours_named_under_it(monkeypatch):
    store = Store(sample_database())
    recorded = Console(record=True, width=200)
    monkeypatch.setattr(batch_cli, "out", recorded)
    monkeypatch.setattr(batch_cli, "REPS_ACROSS", 1)  # this many reps and more are a large floor
    batch_cli._print_rep_summary(store)
    text = recorded.export_text()
    assert len([line for line in text.splitlines() if "│ rep_" in line]) == len(roster.rep_ids(store)) >= 2
    assert "1 budget before demo · 2 buying committee asked" in text
