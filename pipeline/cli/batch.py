"""The nightly batch and the database it fills: run, schedule, snapshot, summary, init-db."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.table import Table

from pipeline.cli.common import EXIT_INPUT_ERROR, err, existing_database, out, settings_from, whisper_flags
from pipeline.coaching.wording import behaviour_label
from pipeline.config import Settings
from pipeline.errors import CoachloopError


def register(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser("run", help="the nightly batch over an inbox, into DuckDB")
    run.add_argument("--inbox")
    run.add_argument("--db")
    run.add_argument("--rules")
    run.add_argument("--roster", help="team roster YAML: calls of other reps are quarantined as unknown_rep")
    run.add_argument("--workers", type=int, help="calls prepared at once (default: one per CPU core)")
    run.add_argument("--prefect", action="store_true", help="run as the Prefect flow nightly-batch (see docs/batch.md)")
    run.add_argument(
        "--task-runner", dest="task_runner", choices=("thread", "dask"), help="Prefect task runner (implies --prefect)"
    )
    run.add_argument("--dask-address", dest="dask_address", help="Dask scheduler, tcp://HOST:8786 (implies --prefect)")
    whisper_flags(run)
    run.set_defaults(handler=cmd_run)

    schedule = commands.add_parser(
        "schedule", help="register the nightly batch (and weekly reports) with a Prefect server and run them when due"
    )
    schedule.add_argument("--inbox")
    schedule.add_argument("--db")
    schedule.add_argument("--timezone", help="IANA time zone of the schedules (default: [batch].timezone, UTC)")
    schedule.set_defaults(handler=cmd_schedule)

    snapshot = commands.add_parser("snapshot", help="refresh the analysts' read-only copy of the database now")
    snapshot.add_argument("--db")
    snapshot.set_defaults(handler=cmd_snapshot)

    summary = commands.add_parser("summary", help="findings per rep from the database")
    summary.add_argument("--db")
    summary.set_defaults(handler=cmd_summary)

    init_db = commands.add_parser("init-db", help="create or upgrade the database schema")
    init_db.add_argument("--db")
    init_db.set_defaults(handler=cmd_init_db)


def _flows_module():
    """The Prefect flows: imported only when asked for (Prefect takes a while to import)."""
    from pipeline.batch import flows

    return flows


def cmd_run(args: argparse.Namespace) -> int:
    from pipeline.store import Store, trends

    if args.dask_address and not args.task_runner:
        args.task_runner = "dask"
    settings = settings_from(args)
    if not settings.inbox_dir.is_dir():
        raise CoachloopError(f"inbox {settings.inbox_dir} is not a folder")
    _lower_priority(settings)
    before = trends.last_load(Store(settings.db_path, settings.store)) if settings.db_path.exists() else None
    if args.prefect or args.task_runner or args.dask_address:
        quarantined = _run_with_prefect(settings)
    else:
        from pipeline.batch.console import BatchConsole, print_summary
        from pipeline.batch.nightly import run_batch

        with BatchConsole(err) as progress:
            report = run_batch(settings, progress=progress)
        print_summary(report, settings.db_path, err)
        quarantined = report.count("quarantined")
        _mail_digests(settings)
    store = Store(settings.db_path, settings.store)
    # The reps this run loaded calls for (a sales floor's thousand reps are `coachloop summary`'s).
    loaded_reps = trends.reps_loaded_since(store, before)
    if loaded_reps:
        _print_rep_summary(store, loaded_reps, title="Findings per rep of this run's calls, over all their calls")
    return EXIT_INPUT_ERROR if quarantined else 0


def _lower_priority(settings: Settings) -> None:
    """Before any thread starts: the batch's threads and flow runs give the cores to the app's pages first."""
    from pipeline.batch.priority import lower_priority

    nice = lower_priority(settings.batch.nice)
    if nice:
        err.print(f"batch priority: nice {nice} ([batch].nice)", highlight=False)


def _mail_digests(settings: Settings) -> None:
    """The managers' digests of the night's moments ([email]); a mail failure leaves the batch's result as it is."""
    from pipeline.batch.mail import DeliveryFailed, deliver_digests

    try:
        delivered = deliver_digests(settings)
    except DeliveryFailed as error:
        err.print(f"coachloop: digests not delivered: {error}", highlight=False)
        return
    if not delivered.mail_off:
        err.print(f"digests: {delivered.counts()}", highlight=False)


def _run_with_prefect(settings: Settings) -> int:
    """The same batch as a Prefect flow run (a temporary local Prefect server starts unless
    PREFECT_API_URL names one). Returns the number of items quarantined."""
    return _flows_module().run_nightly(settings, show_progress=True)["quarantined"]


def cmd_schedule(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    _lower_priority(settings)
    config = str(Path(args.config).resolve()) if args.config else None
    _flows_module().serve_schedules(settings, config)
    return 0


def cmd_snapshot(args: argparse.Namespace) -> int:
    from pipeline.store.database import Store, read_only_command

    settings = settings_from(args)
    existing_database(settings)
    target = Store(settings.db_path, settings.store).refresh_snapshot(settings.analyst_snapshot)
    err.print(f"analyst snapshot written: {target} (open it read-only, e.g. {read_only_command(target)})")
    return 0


# Up to this many reps, behaviours go down and reps across (nine behaviours never squeeze the rep
# ids out of view); a larger floor gets a row per rep.
REPS_ACROSS = 8


def _print_rep_summary(store, rep_ids: list[str] | None = None, title: str = "Findings per rep") -> None:
    """Gap / applicable calls per rep (of `rep_ids`, default every rep) and behaviour, over everything loaded."""
    from pipeline.reports.summary import rep_summary

    rows = rep_summary(store, rep_ids)
    behaviours = sorted({row["behaviour"] for row in rows})
    reps = sorted({row["rep_id"] for row in rows})
    cell = {(row["rep_id"], row["behaviour"]): row for row in rows}
    calls = {rep: max(row["calls"] for (of, _), row in cell.items() if of == rep) for rep in reps}

    def gaps(rep: str, behaviour: str) -> str:
        found = cell.get((rep, behaviour))
        return f"{found['gap_calls']}/{found['applicable_calls']}" if found else "-"

    table = Table(title=f"{title} (gap / applicable calls)", title_justify="left")
    if len(reps) <= REPS_ACROSS:
        table.add_column("behaviour", no_wrap=True)
        for rep in reps:
            table.add_column(rep, justify="right", overflow="fold")
        table.add_row("calls", *(str(calls[rep]) for rep in reps), end_section=True)
        for behaviour in behaviours:
            table.add_row(behaviour_label(behaviour), *(gaps(rep, behaviour) for rep in reps))
    else:
        # Numbered behaviours, named under the table: nine names across do not fit a terminal.
        table.caption = " · ".join(f"{k} {behaviour_label(b)}" for k, b in enumerate(behaviours, 1))
        table.caption_justify = "left"
        table.add_column("rep", no_wrap=True)
        table.add_column("calls", justify="right")
        for k in range(1, len(behaviours) + 1):
            table.add_column(str(k), justify="right", min_width=5)
        for rep in reps:
            table.add_row(rep, str(calls[rep]), *(gaps(rep, behaviour) for behaviour in behaviours))
    out.print(table)


def cmd_summary(args: argparse.Namespace) -> int:
    from pipeline.store import Store

    settings = settings_from(args)
    existing_database(settings)
    _print_rep_summary(Store(settings.db_path, settings.store))
    return 0


def cmd_init_db(args: argparse.Namespace) -> int:
    from pipeline.store import Store

    settings = settings_from(args)
    applied = Store(settings.db_path, settings.store).migrate()
    err.print(f"{settings.db_path}: applied {', '.join(applied) if applied else 'nothing (schema up to date)'}")
    return 0
