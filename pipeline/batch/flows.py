"""Prefect orchestration of the nightly batch. Thin: every step calls a plain function of `pipeline.batch.nightly`.

    python flows.py [run] [--inbox DIR] [--db FILE] [--config FILE]   the nightly batch, once
    python flows.py serve [--config FILE]                             schedule it on a Prefect server

One task per call (read or transcribe, then analyse) with retries for unexpected failures, as
many at once as the task runner allows; the flow itself is the single writer that loads each
result into DuckDB as it arrives. See docs/batch.md.
"""

from __future__ import annotations

import os

# Offline by default: the Prefect server otherwise sends telemetry when it starts.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

import argparse  # noqa: E402
import sys  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402
from uuid import UUID  # noqa: E402

import prefect  # noqa: E402
from prefect import flow, get_run_logger, task  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.runtime import flow_run  # noqa: E402
from prefect.schedules import Cron  # noqa: E402
from prefect.settings import PREFECT_API_URL, temporary_settings  # noqa: E402
from prefect.task_runners import ThreadPoolTaskRunner  # noqa: E402

from pipeline.batch import mail  # noqa: E402
from pipeline.batch import nightly as batch  # noqa: E402
from pipeline.batch.console import BatchConsole, print_summary, summary_line  # noqa: E402
from pipeline.config import BatchSettings, Settings, load_settings  # noqa: E402
from pipeline.errors import CoachloopError  # noqa: E402
from pipeline.reports import render as report_render  # noqa: E402
from pipeline.reports import tracker  # noqa: E402
from pipeline.store import Store, roster  # noqa: E402

TASK_RUNNERS = ("thread", "dask")


def task_runner_for(batch_settings: BatchSettings):
    """The configured task runner: threads on this machine, or Dask (a local cluster or `dask_address`)."""
    workers = batch.resolve_workers(batch_settings.workers)
    if batch_settings.task_runner == "thread":
        return ThreadPoolTaskRunner(max_workers=workers)
    if batch_settings.task_runner == "dask":
        from prefect_dask import DaskTaskRunner

        if batch_settings.dask_address:
            return DaskTaskRunner(address=batch_settings.dask_address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True})
    raise CoachloopError(f"config: [batch].task_runner must be one of {', '.join(TASK_RUNNERS)}")


def _settings(inbox: str | None, db: str | None, config: str | None) -> Settings:
    return load_settings(Path(config) if config else None, inbox_dir=inbox, db_path=db)


@task(name="start-batch", cache_policy=NO_CACHE)
def start_batch(settings: Settings, task_runner: str, workers: int) -> batch.BatchRun:
    return batch.start_batch(settings, "prefect", task_runner, workers, flow_run_id=str(flow_run.id))


@task(name="plan-batch", cache_policy=NO_CACHE)
def plan_batch(settings: Settings, run: batch.BatchRun) -> batch.BatchPlan:
    return batch.plan_batch(settings, run.roster)


@task(name="load-models", cache_policy=NO_CACHE)
def load_models(settings: Settings) -> float:
    return batch.load_models(settings)


def _retry_unless_fatal(task, task_run, state) -> bool:
    """A configuration problem fails every call alike: retrying it only wastes the night."""
    return not batch.is_fatal(state.result(raise_on_failure=False))


# Retries come from the settings (`.with_options` in the flow); input problems are not retried:
# prepare_item returns them as a reason.
@task(
    name="prepare-call",
    cache_policy=NO_CACHE,
    task_run_name="prepare {work.name}",
    retry_condition_fn=_retry_unless_fatal,
)
def prepare_call(work: batch.WorkItem, settings: Settings) -> batch.PreparedCall:
    return batch.prepare_item(work, settings)


@task(name="load-call", cache_policy=NO_CACHE, task_run_name="load {name}", retries=1, retry_delay_seconds=30)
def load_call(writer: batch.BatchWriter, prepared: batch.PreparedCall, name: str) -> batch.ItemOutcome:
    return writer.write(prepared)


@task(name="quarantine-call", cache_policy=NO_CACHE, task_run_name="quarantine {work.name}")
def quarantine_call(writer: batch.BatchWriter, work: batch.WorkItem, error: str) -> batch.ItemOutcome:
    return writer.fail(work, error)


@task(name="finish-batch", cache_policy=NO_CACHE)
def finish_batch(
    settings: Settings,
    run: batch.BatchRun,
    plan: batch.BatchPlan,
    outcomes: list[batch.ItemOutcome],
    writer: batch.BatchWriter,
    models_seconds: float,
) -> batch.BatchReport:
    return batch.finish_batch(settings, run, plan, outcomes, writer, models_seconds)


# The task runner comes from the settings when the flow runs (`run_nightly`, `deployments`), not
# when this module is imported.
@flow(name="nightly-batch")
def nightly_batch(
    inbox: str | None = None,
    db: str | None = None,
    config: str | None = None,
    settings: Settings | None = None,
    show_progress: bool = False,
) -> dict:
    """Discover the inbox, prepare every new call (in parallel), load each as it comes, report.

    Settings come from `config` (or ./coachloop.toml, or the environment) with `inbox` and `db`
    on top, unless a complete `settings` is given (the command line and tests do).
    """
    settings = settings or _settings(inbox, db, config)
    run = start_batch(settings, settings.batch.task_runner, batch.resolve_workers(settings.batch.workers))
    try:
        report = _process_calls(settings, run, show_progress)
    except BaseException as error:
        batch.fail_batch(settings, run, error)
        raise
    get_run_logger().info(summary_line(report, settings.db_path))
    if show_progress:
        print_summary(report, settings.db_path)
    return {**report.counts(), "digests": _delivered(mail_digests(settings, return_state=True))}


def _process_calls(settings: Settings, run: batch.BatchRun, show_progress: bool) -> batch.BatchReport:
    logger = get_run_logger()
    plan = plan_batch(settings, run)
    logger.info("%d items in %s: %d already loaded", plan.discovered, settings.inbox_dir, len(plan.skipped))
    # Dask workers load their own models; here, a broken rules folder stops the run before any work.
    local = settings.batch.task_runner == "thread"
    models_seconds = load_models(settings) if plan.pending and local else 0.0
    writer = batch.BatchWriter(settings, run)  # holds paths, never a connection
    prepare = prepare_call.with_options(
        retries=settings.batch.retries, retry_delay_seconds=settings.batch.retry_delay_s
    )
    futures = {prepare.submit(work, settings): work for work in plan.pending}
    outcomes: list[batch.ItemOutcome] = []
    progress = BatchConsole() if show_progress else None
    with progress or _nothing():
        if progress:
            progress.planned(plan)
        # In inbox order, not as they finish: when two files claim one call id, the first by name
        # is loaded and the other quarantined, whatever the timing.
        for future, work in futures.items():
            try:
                prepared = future.result()
            except Exception as error:  # noqa: BLE001 - retries are spent: record it, go on
                if batch.is_fatal(error):
                    raise
                outcome = quarantine_call(writer, work, f"{type(error).__name__}: {error}")
            else:
                outcome = load_call(writer, prepared, work.name)
            if outcome.status == "quarantined":
                logger.warning("quarantined %s [%s]: %s", work.name, outcome.error_kind, outcome.reason)
            outcomes.append(outcome)
            if progress:
                progress.item_done(outcome)
    return finish_batch(settings, run, plan, outcomes, writer, models_seconds)


@contextmanager
def _nothing() -> Iterator[None]:
    yield


@contextmanager
def api_reachable_by_workers(settings: Settings) -> Iterator[None]:
    """Dask workers are other processes: they report to a Prefect API by URL. Without a configured
    server, start Prefect's temporary one here and tell the workers where it is."""
    if settings.batch.task_runner != "dask" or PREFECT_API_URL.value():
        yield
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start()
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        with temporary_settings({PREFECT_API_URL: server.api_url}):
            yield
    finally:
        from prefect.events.worker import EventsWorker
        from prefect.logging.handlers import APILogWorker

        # Deliver the run's last logs and events while the server still listens.
        APILogWorker.drain_all(timeout=10)
        EventsWorker.drain_all(timeout=10)
        os.environ.pop("PREFECT_API_URL", None)
        server.stop()


def run_nightly(settings: Settings, show_progress: bool = False) -> dict:
    """Run the nightly batch once, now, with these settings and the task runner they name."""
    configured = nightly_batch.with_options(task_runner=task_runner_for(settings.batch))
    with api_reachable_by_workers(settings):
        return configured(settings=settings, show_progress=show_progress)


# -- mail -----------------------------------------------------------------------------------------


@task(name="mail-digests", cache_policy=NO_CACHE)
def mail_digests(settings: Settings) -> dict:
    return mail.deliver_digests(settings).counts()


@task(name="mail-weekly-reports", cache_policy=NO_CACHE)
def mail_weekly_reports(settings: Settings, period: tracker.Period) -> dict:
    return mail.deliver_weekly(settings, period).counts()


def _delivered(state) -> dict:
    """A delivery task's counts; when it failed, what failed (each failure is recorded in `deliveries`
    and tried again by the next run). The flow goes on: the calls and reports stand without the mail."""
    if state.is_completed():
        return state.result()
    error = state.result(raise_on_failure=False)
    get_run_logger().error("mail not delivered: %s", error)
    return {"failed": str(error)}


# -- weekly reports -------------------------------------------------------------------------------


@task(name="rep-report", cache_policy=NO_CACHE, task_run_name="report {rep_id}")
def rep_report(settings: Settings, rep_id: str, period: tracker.Period, out: str | None) -> str:
    store = Store(settings.db_path, settings.store)
    files = report_render.write_rep_report(
        store, rep_id, settings.coaching, period, Path(out) if out else None, written_by="weekly-flow"
    )
    return str(files.html)


@task(name="team-report", cache_policy=NO_CACHE, task_run_name="roll-up {manager_id}")
def team_report(settings: Settings, manager_id: str, period: tracker.Period, out: str | None) -> str:
    store = Store(settings.db_path, settings.store)
    files = report_render.write_team_report(
        store, manager_id, settings.coaching, period, Path(out) if out else None, written_by="weekly-flow"
    )
    return str(files.html)


@flow(name="weekly-rep-reports")
def weekly_rep_reports(
    db: str | None = None,
    config: str | None = None,
    out: str | None = None,
    until: str | None = None,
    settings: Settings | None = None,
) -> dict[str, str]:
    """Every rep's coaching-loop tracker and every manager's roll-up, for the report period up to
    `until` (default: the latest call's day), then mailed ([email]): each manager their roll-up and
    their reps' trackers, each rep with a login their own copy. Returns {rep or manager id: HTML path}.

    One after another: each report is a second or two, and DuckDB takes one writer at a time.
    """
    settings = settings or _settings(None, db, config)
    store = Store(settings.db_path, settings.store)
    store.migrate()
    period = tracker.period_for(store, settings.coaching, until=date.fromisoformat(until) if until else None)
    written = {}
    for rep_id in roster.rep_ids(store):
        written[rep_id] = rep_report(settings, rep_id, period, out)
    for manager_id in roster.manager_ids(store):
        written[manager_id] = team_report(settings, manager_id, period, out)
    get_run_logger().info("%d reports for %s written", len(written), period)
    delivered = _delivered(mail_weekly_reports(settings, period, return_state=True))
    get_run_logger().info("weekly mail for %s: %s", period, delivered)
    return written


# -- schedules ------------------------------------------------------------------------------------


def deployments(settings: Settings, config: str | None = None) -> list:
    """The scheduled deployments: the nightly batch and the weekly per-rep reports."""
    zone = settings.batch.timezone
    parameters = {"inbox": str(settings.inbox_dir), "db": str(settings.db_path), "config": config}
    nightly = nightly_batch.with_options(task_runner=task_runner_for(settings.batch))
    return [
        nightly.to_deployment(
            name="nightly",
            schedule=Cron(settings.batch.nightly_cron, timezone=zone),
            parameters=parameters,
            description="Transcribe, analyse and load the night's calls into DuckDB.",
            tags=["coachloop"],
        ),
        weekly_rep_reports.to_deployment(
            name="weekly",
            schedule=Cron(settings.batch.weekly_reports_cron, timezone=zone),
            parameters={"db": str(settings.db_path)},
            description="Each rep's coaching-loop report for the week, written and mailed.",
            tags=["coachloop"],
        ),
    ]


def register_schedules(settings: Settings, config: str | None = None) -> dict[str, UUID]:
    """Create or update the deployments and their schedules on the Prefect API; returns their ids."""
    return {f"{d.flow_name}/{d.name}": d.apply() for d in deployments(settings, config)}


def serve_schedules(settings: Settings, config: str | None = None) -> None:
    """Register the schedules and run their flows when due, until interrupted (Ctrl-C)."""
    if not PREFECT_API_URL.value():
        raise CoachloopError(
            "schedules need a Prefect server: run `prefect server start` in another terminal, then "
            "`export PREFECT_API_URL=http://127.0.0.1:4200/api` and try again (see docs/batch.md)"
        )
    prefect.serve(*deployments(settings, config))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="flows.py", description=__doc__.splitlines()[0])
    parser.add_argument("command", nargs="?", choices=("run", "serve"), default="run")
    parser.add_argument("--inbox")
    parser.add_argument("--db")
    parser.add_argument("--config", help="settings file (default: ./coachloop.toml or $COACHLOOP_CONFIG)")
    args = parser.parse_args(argv)
    try:
        settings = _settings(args.inbox, args.db, args.config)
        if args.command == "serve":
            serve_schedules(settings, args.config)
            return 0
        counts = run_nightly(settings, show_progress=True)
    except CoachloopError as error:
        print(f"flows.py: {error}", file=sys.stderr)
        return 2
    return 1 if counts["quarantined"] else 0


if __name__ == "__main__":
    sys.exit(main())
