"""The nightly batch as plain functions (pipeline/batch/nightly.py): no Prefect, real files, a real DuckDB file."""

import importlib.util
import json
import pickle
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from pipeline.batch import nightly as batch
from pipeline.config import load_settings
from pipeline.errors import CoachloopError
from pipeline.store import Store
from tests.support.inbox import (
    SAMPLE_TRANSCRIPTS,
    batch_settings,
    copy_samples,
    failing_reads,
    replicate_samples,
    tree_digest,
    write_vtt_call,
)
from tests.support.paths import SAMPLES
from tests.support.transcripts import make_transcript


def query(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture
def mixed_inbox(tmp_path: Path) -> Path:
    """Good items of every kind, and one broken item of each common sort."""
    inbox = tmp_path / "inbox"
    copy_samples(inbox, 2)
    write_vtt_call(inbox, "zoom-call", "c-zoom-1")
    (inbox / "teams-call.srt").write_text("1\n00:00:00,000 --> 00:00:02,000\nAna: Thursday at ten works.\n")
    (inbox / "manifest.csv").write_text(
        "file,call_id,rep_id,rep_name,started_at,call_type\n"
        "teams-call.srt,c-teams-1,rep_ana,Ana,2026-11-04T09:00:00Z,follow_up\n"
    )
    (inbox / "broken.json").write_text('{"call_id": "x", "utterances": [')
    (inbox / "no-sidecar.vtt").write_text("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nAna: hi\n")
    write_vtt_call(inbox, "bad-type", "c-bad-type")
    (inbox / "bad-type.json").write_text(json.dumps({"call_id": "c-bad", "rep_id": "rep_ana", "call_type": "lunch"}))
    return inbox


def test_a_batch_loads_every_good_item_quarantines_the_rest_and_touches_no_source(tmp_path, mixed_inbox):
    settings = batch_settings(tmp_path, mixed_inbox)
    before = tree_digest(mixed_inbox)
    report = batch.run_batch(settings)

    assert report.discovered == 7
    assert report.count("loaded") == 4 and report.count("quarantined") == 3
    assert tree_digest(mixed_inbox) == before  # sources are never modified, moved or deleted
    db = settings.db_path
    assert {row[0] for row in query(db, "SELECT call_id FROM calls")} == {
        json.loads(SAMPLE_TRANSCRIPTS[0].read_text())["call_id"],
        json.loads(SAMPLE_TRANSCRIPTS[1].read_text())["call_id"],
        "c-zoom-1",
        "c-teams-1",
    }
    reasons = {
        Path(path).name: (kind, reason)
        for path, kind, reason in query(db, "SELECT source_path, error_kind, reason FROM open_quarantine")
    }
    assert reasons["broken.json"][0] == "transcript" and "invalid JSON" in reasons["broken.json"][1]
    assert reasons["no-sidecar.vtt"][0] == "metadata" and "no metadata" in reasons["no-sidecar.vtt"][1]
    assert reasons["bad-type.vtt"][0] == "metadata" and "call_type" in reasons["bad-type.vtt"][1]
    assert {row[0] for row in query(db, "SELECT run_id FROM quarantine")} == {report.run_id}

    (run,) = query(
        db,
        "SELECT status, discovered, processed, skipped, failed, audio_hours, x_realtime, stage_seconds, "
        "finished_at >= started_at, orchestrator FROM pipeline_runs",
    )
    status, discovered, processed, skipped, failed, audio_hours, x_realtime, stage_seconds, ordered, orchestrator = run
    assert (status, discovered, processed, skipped, failed, orchestrator) == ("finished", 7, 4, 0, 3, "plain")
    assert audio_hours == pytest.approx(report.audio_seconds / 3600, abs=1e-4) and audio_hours > 0
    assert x_realtime > 0 and ordered
    assert set(json.loads(stage_seconds)) == set(batch.STAGES)
    assert settings.analyst_snapshot.exists()


def test_a_second_run_loads_nothing_and_a_fixed_file_is_picked_up(tmp_path, mixed_inbox):
    settings = batch_settings(tmp_path, mixed_inbox)
    batch.run_batch(settings)
    calls_before = query(settings.db_path, "SELECT call_id, content_hash, loaded_at FROM calls ORDER BY call_id")

    again = batch.run_batch(settings)
    assert again.count("loaded") == 0 and again.count("skipped") == 4 and again.count("quarantined") == 3
    assert (
        query(settings.db_path, "SELECT call_id, content_hash, loaded_at FROM calls ORDER BY call_id") == calls_before
    )
    assert query(settings.db_path, "SELECT count(*) FROM quarantine") == [(3,)]  # refreshed, not duplicated

    # Fixing a file makes it new work; its quarantine entry is resolved.
    (mixed_inbox / "broken.json").write_text(SAMPLE_TRANSCRIPTS[2].read_text())
    fixed = batch.run_batch(settings)
    assert fixed.count("loaded") == 1
    open_items = {Path(row[0]).name for row in query(settings.db_path, "SELECT source_path FROM open_quarantine")}
    assert open_items == {"no-sidecar.vtt", "bad-type.vtt"}
    assert query(settings.db_path, "SELECT count(*), count(DISTINCT run_id) FROM pipeline_runs") == [(3, 3)]


def test_a_roster_quarantines_unknown_reps_and_names_the_known_ones(tmp_path):
    inbox = tmp_path / "inbox"
    copy_samples(inbox, 3)  # rep_ana's calls (transcript JSON: the rep is known only after reading)
    write_vtt_call(inbox, "typo", "c-typo", rep_id="rep_anna")  # sidecar: known before any work
    roster = tmp_path / "team.yaml"
    roster.write_text("reps:\n  - {rep_id: rep_ben, rep_name: Ben Ode, manager_id: mgr_maya}\n")
    settings = replace(batch_settings(tmp_path, inbox), roster_path=roster)

    report = batch.run_batch(settings)
    assert report.count("quarantined") == 4
    kinds = query(settings.db_path, "SELECT DISTINCT error_kind FROM quarantine")
    assert kinds == [("unknown_rep",)]
    (reason,) = query(settings.db_path, "SELECT reason FROM quarantine WHERE call_id = 'c-typo'")[0]
    assert "rep_anna" in reason and "roster" in reason
    assert query(settings.db_path, "SELECT rep_id, rep_name, manager_id FROM reps") == [
        ("rep_ben", "Ben Ode", "mgr_maya")
    ]

    # Adding the reps to the roster and rerunning picks the calls up.
    roster.write_text(
        "reps:\n  - {rep_id: rep_ben, rep_name: Ben Ode, manager_id: mgr_maya}\n"
        "  - {rep_id: rep_ana, rep_name: Ana Lopez, manager_id: mgr_maya}\n"
        "  - {rep_id: rep_anna, rep_name: Anna Berg, manager_id: mgr_omar}\n"
    )
    assert batch.run_batch(settings).count("loaded") == 4
    assert query(settings.db_path, "SELECT count(*) FROM open_quarantine") == [(0,)]
    assert query(settings.db_path, "SELECT rep_name FROM reps WHERE rep_id = 'rep_ana'") == [("Ana Lopez",)]


def test_a_broken_roster_stops_the_run_before_any_work(tmp_path):
    inbox = tmp_path / "inbox"
    copy_samples(inbox, 1)
    roster = tmp_path / "team.yaml"
    roster.write_text("reps:\n  - {name: Ana}\n")
    with pytest.raises(CoachloopError, match="needs a rep_id"):
        batch.run_batch(replace(batch_settings(tmp_path, inbox), roster_path=roster))


def test_a_configuration_error_stops_the_batch_instead_of_quarantining_every_call(tmp_path):
    inbox = tmp_path / "inbox"
    copy_samples(inbox, 2)
    settings = replace(batch_settings(tmp_path, inbox), rules_dir=tmp_path / "no-rules")
    with pytest.raises(CoachloopError, match="no behaviour rules"):
        batch.run_batch(settings)
    ((status, error),) = query(settings.db_path, "SELECT status, error FROM pipeline_runs")
    assert status == "failed" and "no behaviour rules" in error
    assert query(settings.db_path, "SELECT count(*) FROM quarantine") == [(0,)]


@pytest.mark.slow
def test_two_files_with_one_call_id_load_the_first_by_name_whatever_finishes_first(tmp_path):
    """A recording first by name and a transcript of the same call id after it: with two workers
    the transcript is ready long before the recording is transcribed, but the writer takes the
    items in inbox order, so the recording loads and the transcript is the duplicate."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("ana-discovery-northwind.flac", "ana-discovery-northwind.json"):
        shutil.copy(SAMPLES / "recordings" / name, inbox / name)
    call_id = json.loads((inbox / "ana-discovery-northwind.json").read_text())["call_id"]
    data = json.loads(
        next(p for p in SAMPLE_TRANSCRIPTS if json.loads(p.read_text())["call_id"] == call_id).read_text()
    )
    (inbox / "zz-re-export.json").write_text(json.dumps(dict(data, utterances=data["utterances"][:2])))
    settings = batch_settings(tmp_path, inbox, workers=2)

    report = batch.run_batch(settings)

    outcomes = {Path(o.path).name: o for o in report.outcomes}
    assert outcomes["ana-discovery-northwind.flac"].status == "loaded"
    assert outcomes["zz-re-export.json"].error_kind == "duplicate"
    assert query(settings.db_path, "SELECT source_path FROM calls") == [
        (str((inbox / "ana-discovery-northwind.flac").resolve()),)
    ]


def test_the_same_call_id_from_other_content_is_quarantined_as_duplicate(tmp_path):
    inbox = tmp_path / "inbox"
    copy_samples(inbox, 1)
    settings = batch_settings(tmp_path, inbox)
    batch.run_batch(settings)
    data = json.loads(SAMPLE_TRANSCRIPTS[0].read_text())
    data["utterances"] = data["utterances"][:3]
    (inbox / "re-export.json").write_text(json.dumps(data))
    report = batch.run_batch(settings)
    (outcome,) = [o for o in report.outcomes if o.status == "quarantined"]
    assert outcome.error_kind == "duplicate" and "already loaded from different content" in outcome.reason


def test_a_transient_failure_is_retried_and_a_persistent_one_quarantined(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    copy_samples(inbox, 2)
    settings = batch_settings(tmp_path, inbox, retries=2)
    flaky, broken = (str(p) for p in sorted(inbox.iterdir()))
    attempts = failing_reads(monkeypatch, flaky, broken, OSError("Stale file handle"))
    report = batch.run_batch(settings)
    assert attempts == {flaky: 2, broken: 3}
    assert report.count("loaded") == 1
    (failed,) = [o for o in report.outcomes if o.status == "quarantined"]
    assert failed.error_kind == "unexpected" and "Stale file handle (failed 3 times)" in failed.reason


def test_a_run_whose_process_died_is_marked_interrupted_by_the_next(tmp_path):
    inbox = tmp_path / "inbox"
    copy_samples(inbox, 1)
    settings = batch_settings(tmp_path, inbox)
    ghost = batch.start_batch(settings)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    Store(settings.db_path).record_run({**batch._run_row(ghost), "pid": int(dead.stdout)})

    batch.run_batch(settings)
    statuses = dict(query(settings.db_path, "SELECT run_id, status FROM pipeline_runs"))
    assert statuses.pop(ghost.run_id) == "interrupted"
    assert list(statuses.values()) == ["finished"]


def test_work_items_and_prepared_calls_travel_between_processes(tmp_path):
    """Dask ships items to workers and results back by pickling them."""
    inbox = tmp_path / "inbox"
    copy_samples(inbox, 1)
    write_vtt_call(inbox, "bad", "c-bad")
    (inbox / "bad.json").write_text("{")
    settings = batch_settings(tmp_path, inbox)
    Store(settings.db_path).migrate()
    plan = batch.plan_batch(settings)
    prepared = [batch.prepare_item(pickle.loads(pickle.dumps(work)), settings) for work in plan.pending]
    good, bad = sorted(prepared, key=lambda p: p.error_kind or "")
    assert good.error_kind is None and good.analysis.findings
    assert bad.error_kind == "metadata" and "invalid JSON" in bad.reason
    assert pickle.loads(pickle.dumps(good)).transcript == good.transcript


def test_batch_settings_come_from_the_config_file_and_the_environment(tmp_path, monkeypatch):
    config = tmp_path / "coachloop.toml"
    config.write_text('roster_path = "team.yaml"\n[batch]\nworkers = 3\ntimezone = "Europe/Paris"\n')
    monkeypatch.setenv("COACHLOOP_DASK_ADDRESS", "tcp://scheduler:8786")
    settings = load_settings(config)
    assert settings.batch.workers == 3 and settings.batch.timezone == "Europe/Paris"
    assert settings.batch.dask_address == "tcp://scheduler:8786"
    assert settings.roster_path == Path("team.yaml")
    assert load_settings(config, workers=1).batch.workers == 1  # a flag wins
    config.write_text("[batch]\nworker = 3\n")
    with pytest.raises(CoachloopError, match="unknown setting"):
        load_settings(config)


# -- analyst views -------------------------------------------------------------------------------


def load_dated(store: Store, analyzer, call_id: str, rep_id: str, started_at: str, demo_gap: bool):
    lines = ["rep: Let me share my screen and walk you through the platform."]
    if not demo_gap:
        lines.insert(0, "buyer: We set aside about $25,000 for this.")
    call = make_transcript(*lines, call_id=call_id, rep_id=rep_id)
    call.started_at = started_at
    store.load_call(call, analyzer.analyze(call), f"hash-{call_id}")


def test_rep_scorecard_compares_the_last_four_weeks_with_the_four_before(db_path):
    settings = replace(load_settings(), db_path=db_path)
    analyzer = batch.analyzer_for(settings)
    store = Store(db_path)
    store.migrate()
    # as_of = 2026-11-30. Last 4 weeks: after 2026-11-02. Previous 4: 2026-10-06 .. 2026-11-02.
    load_dated(store, analyzer, "c1", "rep_a", "2026-11-30T10:00:00Z", demo_gap=False)
    load_dated(store, analyzer, "c2", "rep_a", "2026-11-10T10:00:00Z", demo_gap=True)
    load_dated(store, analyzer, "c3", "rep_a", "2026-10-20T10:00:00Z", demo_gap=True)
    load_dated(store, analyzer, "c4", "rep_a", "2026-10-07T10:00:00Z", demo_gap=True)
    load_dated(store, analyzer, "c5", "rep_a", "2026-08-01T10:00:00Z", demo_gap=False)  # in neither window
    (row,) = store.rows("SELECT * FROM rep_scorecard WHERE rep_id = 'rep_a' AND behaviour = 'budget_before_demo'")
    assert str(row["as_of"]) == "2026-11-30"
    assert (row["calls"], row["applicable_calls"], row["gap_calls"], row["gap_rate"]) == (5, 5, 3, 0.6)
    assert (row["last_4w_applicable"], row["last_4w_gaps"], row["last_4w_gap_rate"]) == (2, 1, 0.5)
    assert (row["prev_4w_applicable"], row["prev_4w_gaps"], row["prev_4w_gap_rate"]) == (2, 2, 1.0)
    assert row["gap_rate_change"] == -0.5


def test_finding_moments_has_one_row_per_finding_with_a_moment(tmp_path):
    inbox = tmp_path / "inbox"
    replicate_samples(inbox, 3)
    settings = batch_settings(tmp_path, inbox)
    batch.run_batch(settings)
    store = Store(settings.db_path)
    moments = store.rows("SELECT * FROM finding_moments")
    expected = store.rows("SELECT count(*) AS n FROM findings WHERE verdict <> 'not_applicable'")[0]["n"]
    assert len(moments) == expected > 0
    assert len({(m["call_id"], m["behaviour"]) for m in moments}) == len(moments)
    for moment in moments:
        assert moment["verdict"] in ("met", "gap") and moment["rep_id"] and moment["call_date"]
        if moment["start"] is not None:
            seconds = (moment["moment_at"] - moment["call_started_at"]).total_seconds()
            assert seconds == pytest.approx(moment["start"], abs=0.001)


@pytest.mark.slow
def test_a_recording_is_transcribed_analysed_and_loaded_by_the_batch(tmp_path):
    if importlib.util.find_spec("pipeline.ingest.transcribe") is None:
        pytest.skip("pipeline.ingest.transcribe (the transcription issue) is not in this tree yet")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    recordings = SAMPLES / "recordings"
    for name in ("ben-negotiation-summit.ogg", "ben-negotiation-summit.json"):
        shutil.copy(recordings / name, inbox / name)
    settings = batch_settings(tmp_path, inbox)
    report = batch.run_batch(settings)
    assert report.count("loaded") == 1, report.outcomes
    assert report.stage_seconds["transcribe"] > 0 and report.audio_seconds > 30
    (call_id, utterances, info) = query(
        settings.db_path,
        "SELECT c.call_id, count(u.idx), any_value(c.transcript_info) FROM calls c JOIN utterances u USING (call_id) "
        "GROUP BY c.call_id",
    )[0]
    assert call_id == json.loads((recordings / "ben-negotiation-summit.json").read_text())["call_id"]
    assert utterances >= 5 and json.loads(info)["kind"] == "asr"
    assert batch.run_batch(settings).count("skipped") == 1  # the audio is not transcribed twice
