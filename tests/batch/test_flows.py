"""The Prefect flows (flows.py) against a temporary Prefect API: runs, retries, deployments, schedules."""

import json
import os
import subprocess
import sys
from dataclasses import replace

import duckdb
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

from pipeline.batch import flows
from pipeline.batch import nightly as batch
from pipeline.errors import CoachloopError
from tests.support.inbox import batch_settings, copy_samples, failing_reads, tree_digest, write_vtt_call
from tests.support.paths import ROOT


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    copy_samples(folder, 2)
    write_vtt_call(folder, "zoom-call", "c-zoom-1")
    (folder / "broken.json").write_text('{"call_id": "x", "utterances": [')
    return folder


def task_run_names(flow_run_id: str) -> list[str]:
    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
    return sorted(run.name for run in runs)


@pytest.mark.slow  # a Prefect API server
def test_the_nightly_flow_prepares_each_call_in_its_own_task_and_loads_once(prefect_api, tmp_path, inbox):
    db = tmp_path / "c.duckdb"
    before = tree_digest(inbox)
    counts = flows.nightly_batch(inbox=str(inbox), db=str(db))
    assert counts["discovered"] == 4
    assert (counts["loaded"], counts["skipped"], counts["quarantined"]) == (3, 0, 1)
    assert tree_digest(inbox) == before
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM calls").fetchone()[0] == 3
        kind, reason = con.execute("SELECT error_kind, reason FROM quarantine").fetchone()
        orchestrator, flow_run_id, status = con.execute(
            "SELECT orchestrator, flow_run_id, status FROM pipeline_runs"
        ).fetchone()
    assert kind == "transcript" and "invalid JSON" in reason
    assert (orchestrator, status) == ("prefect", "finished")
    names = task_run_names(flow_run_id)
    assert sum(name.startswith("prepare ") for name in names) == 4
    assert sum(name.startswith("load ") for name in names) == 4  # the writer also records quarantines
    assert "prepare zoom-call.vtt" in names

    again = flows.nightly_batch(inbox=str(inbox), db=str(db))
    assert (again["loaded"], again["skipped"], again["quarantined"]) == (0, 3, 1)


@pytest.mark.slow
def test_flow_tasks_retry_transient_failures_and_quarantine_persistent_ones(prefect_api, tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    flaky, broken = (str(path) for path in copy_samples(inbox, 2))
    attempts = failing_reads(monkeypatch, flaky, broken, ConnectionResetError("NFS server not responding"))
    counts = flows.nightly_batch(settings=batch_settings(tmp_path, inbox, retries=1))
    assert attempts == {flaky: 2, broken: 2}
    assert (counts["loaded"], counts["quarantined"]) == (1, 1)
    with duckdb.connect(str(tmp_path / "coachloop.duckdb"), read_only=True) as con:
        kind, reason = con.execute("SELECT error_kind, reason FROM quarantine").fetchone()
    assert kind == "unexpected" and "NFS server not responding" in reason


@pytest.mark.slow
def test_a_configuration_error_fails_the_flow_run_and_is_recorded(prefect_api, tmp_path, inbox):
    settings = replace(batch_settings(tmp_path, inbox), rules_dir=tmp_path / "no-rules")
    with pytest.raises(CoachloopError, match="no behaviour rules"):
        flows.nightly_batch(settings=settings)
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        assert con.execute("SELECT status FROM pipeline_runs").fetchone()[0] == "failed"
        assert con.execute("SELECT count(*) FROM quarantine").fetchone()[0] == 0


def test_a_task_can_be_called_as_a_plain_function(tmp_path, inbox):
    settings = batch_settings(tmp_path, inbox)
    path = sorted(inbox.glob("ana-*.json"))[0]
    prepared = flows.prepare_call.fn(batch.WorkItem(str(path), "transcript", "hash"), settings)
    assert prepared.error_kind is None
    assert prepared.transcript.call_id == json.loads(path.read_text())["call_id"]


def read_deployment(name: str):
    with get_client(sync_client=True) as client:
        return client.read_deployment_by_name(name)


@pytest.mark.slow
def test_serve_registers_the_nightly_batch_at_two_in_the_configured_time_zone(prefect_api, tmp_path, inbox):
    settings = batch_settings(tmp_path, inbox, timezone="Europe/Berlin")
    ids = flows.register_schedules(settings)
    assert set(ids) == {"nightly-batch/nightly", "weekly-rep-reports/weekly"}
    deployment = read_deployment("nightly-batch/nightly")
    (schedule,) = deployment.schedules
    assert schedule.active
    assert schedule.schedule.cron == "0 2 * * *" and schedule.schedule.timezone == "Europe/Berlin"
    assert deployment.parameters["inbox"] == str(inbox) and deployment.parameters["db"] == str(settings.db_path)
    assert deployment.entrypoint.endswith("flows.py:nightly_batch")


@pytest.mark.slow
def test_the_weekly_reports_are_scheduled_on_monday_at_six(prefect_api, tmp_path):
    ids = flows.register_schedules(batch_settings(tmp_path, tmp_path))
    assert set(ids) == {"nightly-batch/nightly", "weekly-rep-reports/weekly"}
    deployment = read_deployment("weekly-rep-reports/weekly")
    (schedule,) = deployment.schedules
    assert schedule.schedule.cron == "0 6 * * 1" and schedule.schedule.timezone == "UTC"
    assert deployment.entrypoint.endswith("flows.py:weekly_rep_reports")


def test_serve_without_a_prefect_server_says_how_to_start_one():
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    result = subprocess.run(
        [sys.executable, "flows.py", "serve"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2
    assert "prefect server start" in result.stderr and "PREFECT_API_URL" in result.stderr


def test_the_task_runner_is_chosen_by_the_settings():
    from prefect.task_runners import ThreadPoolTaskRunner
    from prefect_dask import DaskTaskRunner

    settings = batch_settings(ROOT, ROOT)
    threads = flows.task_runner_for(replace(settings.batch, workers=3))
    assert isinstance(threads, ThreadPoolTaskRunner) and threads._max_workers == 3
    local = flows.task_runner_for(replace(settings.batch, task_runner="dask", workers=2))
    assert isinstance(local, DaskTaskRunner) and local.cluster_kwargs["n_workers"] == 2
    remote = flows.task_runner_for(replace(settings.batch, task_runner="dask", dask_address="tcp://10.0.0.5:8786"))
    assert remote.address == "tcp://10.0.0.5:8786"
