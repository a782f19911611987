"""The `coachloop` command line. Each command is a thin shell over a plain function.

Commands come in groups, one module each, and each group registers its own subcommands:

    transcripts   transcribe, analyze, evaluate, train
    batch         run, schedule, snapshot, summary, init-db
    web           serve, users, export-feedback
    privacy       forget
    reports       report, import-crm

Exit status: 0 done, 1 an input could not be used (or items were quarantined), 2 any other
coachloop error (and argparse's usage errors), 4 an evaluation below its target.
"""

from __future__ import annotations

import argparse

from pipeline import __version__
from pipeline.cli import batch, privacy, reports, transcripts, web
from pipeline.cli.common import EXIT_INPUT_ERROR, err
from pipeline.errors import CoachloopError, InputError

EXIT_OTHER_ERROR = 2
GROUPS = (transcripts, batch, web, privacy, reports)  # in this order in `coachloop --help`


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coachloop", description="Sales-call recordings in, coachable evidence out.")
    parser.add_argument("--version", action="version", version=f"coachloop {__version__}")
    parser.add_argument("--config", help="settings file (default: ./coachloop.toml or $COACHLOOP_CONFIG)")
    commands = parser.add_subparsers(dest="command", required=True)
    for group in GROUPS:
        group.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; its errors become a line on stderr and an exit status, never a traceback."""
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except InputError as error:
        err.print(f"coachloop {args.command}: {error.describe()}", markup=False, highlight=False)
        return EXIT_INPUT_ERROR
    except CoachloopError as error:
        err.print(f"coachloop {args.command}: {error}", markup=False, highlight=False)
        return EXIT_OTHER_ERROR


__all__ = ["build_parser", "main"]
