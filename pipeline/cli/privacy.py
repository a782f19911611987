"""Erasure on request: `coachloop forget --call ID | --rep ID`, and what is left to do by hand."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.table import Table

from pipeline.cli.common import err, settings_from
from pipeline.errors import CoachloopError


def register(commands: argparse._SubParsersAction) -> None:
    forget_command = commands.add_parser(
        "forget", help="erase a call or a rep (and their calls) from the database; audit stubs stay anonymised"
    )
    subject = forget_command.add_mutually_exclusive_group(required=True)
    subject.add_argument("--call", help="call id to erase")
    subject.add_argument("--rep", help="rep id to erase, with all their calls")
    forget_command.add_argument("--db")
    forget_command.add_argument("--roster", help="team roster YAML, to warn when the rep is still listed")
    forget_command.add_argument(
        "--dry-run", dest="dry_run", action="store_true", help="say what would go, change nothing"
    )
    forget_command.set_defaults(handler=cmd_forget)


def cmd_forget(args: argparse.Namespace) -> int:
    from pipeline.ingest.roster import load_roster
    from pipeline.privacy.forget import forget
    from pipeline.store import Store

    settings = settings_from(args)
    if not settings.db_path.exists():
        raise CoachloopError(f"{settings.db_path} does not exist: nothing to erase")
    report = forget(
        Store(settings.db_path, settings.store),
        call_id=args.call,
        rep_id=args.rep,
        snapshot_path=settings.analyst_snapshot,
        reports_dir=settings.coaching.reports_dir,
        dry_run=args.dry_run,
    )
    subject = f"call {args.call}" if args.call else f"rep {args.rep} ({report.calls} calls)"
    verb = "would erase" if report.dry_run else "erased"
    table = Table(title=f"{verb} {subject}", title_justify="left")
    for column in ("table", "rows deleted", "kept as audit stubs", "text scrubbed"):
        table.add_column(column, justify="left" if column == "table" else "right")
    for name in sorted(set(report.removed) | set(report.stubbed) | set(report.scrubbed)):
        table.add_row(name, *(str(counts.get(name, 0)) for counts in (report.removed, report.stubbed, report.scrubbed)))
    err.print(table)
    if report.dry_run:
        err.print("dry run: nothing was changed", highlight=False)
        return 0
    err.print(f"erasure {report.erasure_id} logged; analysts' snapshot: {report.snapshot}", highlight=False)
    if not report.compacted:
        err.print(
            f"not enough free space beside {settings.db_path} to rewrite it: the erased rows' bytes stay in the"
            " file's free space until it is rewritten (free space and run the same forget again)",
            highlight=False,
            markup=False,
        )
    for path in report.report_files:
        err.print(f"report file deleted: {path}", highlight=False, markup=False)
    for path in report.sources:
        if Path(path).exists():
            err.print(f"source still on disk (the batch will not load it again; delete it): {path}", markup=False)
    if args.rep and settings.roster_path and args.rep in load_roster(settings.roster_path):
        err.print(f"{args.rep} is still in the roster {settings.roster_path}: remove them there too", markup=False)
    return 0
