"""Reports from the database, and the CRM data they draw on: report, import-crm."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from pipeline.cli.common import EXIT_INPUT_ERROR, err, existing_database, open_store, settings_from
from pipeline.config import Settings
from pipeline.errors import CoachloopError


def register(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser(
        "report", help="one rep's coaching-loop tracker (HTML and Markdown), or a manager's team roll-up"
    )
    subject = report.add_mutually_exclusive_group(required=True)
    subject.add_argument("--rep", help="the rep's id")
    subject.add_argument("--team", metavar="MANAGER", help="the roll-up of this manager's team")
    report.add_argument("--period-days", dest="period_days", type=int, help="days up to --until (default: [coaching])")
    report.add_argument("--since", type=_day, help="first day of the period (YYYY-MM-DD)")
    report.add_argument("--until", type=_day, help="last day of the period (default: the latest call's day)")
    report.add_argument("--out", help="folder for the files (default: [coaching].reports_dir)")
    report.add_argument("--db")
    report.set_defaults(handler=cmd_report)

    import_crm = commands.add_parser("import-crm", help="load a CRM opportunities export (CSV with stage history)")
    import_crm.add_argument("file")
    import_crm.add_argument("--db")
    import_crm.set_defaults(handler=cmd_import_crm)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _loaded_store(settings: Settings):
    existing_database(settings)
    return open_store(settings)


def cmd_report(args: argparse.Namespace) -> int:
    from pipeline.reports.render import write_rep_report, write_team_report
    from pipeline.reports.tracker import period_for
    from pipeline.store import roster

    settings = settings_from(args)
    store = _loaded_store(settings)
    standards = settings.coaching
    try:
        period = period_for(store, standards, since=args.since, until=args.until, days=args.period_days)
    except ValueError as error:
        raise CoachloopError(str(error)) from error
    out_dir = Path(args.out) if args.out else None
    if args.team:
        if not roster.has_team(store, args.team):
            raise CoachloopError(f"no rep has manager {args.team!r} (see `coachloop users list`)")
        files = write_team_report(store, args.team, standards, period, out_dir)
    else:
        known = roster.rep_ids(store)
        if args.rep not in known:
            raise CoachloopError(f"no rep {args.rep!r} in {settings.db_path} (reps: {', '.join(known) or 'none'})")
        files = write_rep_report(store, args.rep, standards, period, out_dir)
    print(files.html)
    print(files.markdown)
    return 0


def cmd_import_crm(args: argparse.Namespace) -> int:
    from pipeline.batch.crm_import import import_export

    settings = settings_from(args)
    result = import_export(_loaded_store(settings), Path(args.file))
    for row in result.rejected:
        err.print(f"{args.file}:{row.line}: {row.reason}", markup=False, highlight=False)
    err.print(
        f"{result.loaded} stage rows loaded, {len(result.rejected)} rejected (import {result.import_id})",
        markup=False,
        highlight=False,
    )
    return EXIT_INPUT_ERROR if result.rejected else 0
