"""The `coachloop` command line. Each command is a thin shell over a plain function."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from pipeline import __version__
from pipeline.config import Settings, load_settings
from pipeline.errors import CoachloopError, InputError
from pipeline.jsonio import analysis_to_dict, dumps_line, transcript_to_dict

EXIT_INPUT_ERROR = 1
EXIT_UNAVAILABLE = 3

err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(
        Path(args.config) if getattr(args, "config", None) else None,
        db_path=getattr(args, "db", None),
        inbox_dir=getattr(args, "inbox", None),
        rules_dir=getattr(args, "rules", None),
        model=getattr(args, "model", None),
        device=getattr(args, "device", None),
        compute_type=getattr(args, "compute_type", None),
        beam_size=getattr(args, "beam_size", None),
        cpu_threads=getattr(args, "threads", None),
    )


def _analyzer(settings: Settings):
    from pipeline.analyze import AnalyzeOptions, Analyzer

    return Analyzer(AnalyzeOptions(rules_dir=settings.rules_dir))


def _fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes):02d}:{rest:04.1f}"


def cmd_transcribe(args: argparse.Namespace) -> int:
    from pipeline.inbox import item_for_path, load_transcript

    settings = _settings(args)
    transcript = load_transcript(item_for_path(Path(args.audio)), settings.transcribe)
    if args.json:
        print(json.dumps(transcript_to_dict(transcript), ensure_ascii=False, indent=1))
    else:
        for utterance in transcript.utterances:
            out.print(
                f"[{_fmt_time(utterance.start)}] [bold]{utterance.speaker}[/bold]: {utterance.text}",
                markup=True,
                highlight=False,
            )
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    from pipeline.inbox import item_for_path, load_transcript

    settings = _settings(args)
    analyzer = _analyzer(settings)
    failed = 0
    for name in args.paths:
        try:
            transcript = load_transcript(item_for_path(Path(name)), settings.transcribe)
        except InputError as error:
            err.print(f"coachloop analyze: {error.describe()}", markup=False, highlight=False)
            failed += 1
            continue
        analysis = analyzer.analyze(transcript)
        if args.json:
            print(dumps_line(analysis_to_dict(analysis)), flush=True)
        else:
            _print_analysis(transcript.call_id, analysis)
    return EXIT_INPUT_ERROR if failed else 0


def _print_analysis(call_id: str, analysis) -> None:
    table = Table(title=f"{call_id}", title_justify="left")
    for column in ("behaviour", "verdict", "moment", "quote"):
        table.add_column(column)
    for finding in analysis.findings:
        missing = f" (missing {', '.join(finding.missing)})" if finding.missing else ""
        table.add_row(finding.behaviour, finding.verdict + missing, _fmt_time(finding.start), finding.quote[:80])
    out.print(table)
    metrics = analysis.metrics
    out.print(
        f"talk ratio {metrics.talk_ratio}, longest monologue {metrics.longest_monologue_s}s, "
        f"rep questions {metrics.rep_questions}, interactivity {metrics.interactivity}/min, "
        f"patience {metrics.patience_s}s\n",
        highlight=False,
    )


def cmd_run(args: argparse.Namespace) -> int:
    from pipeline.batch import run_batch
    from pipeline.store import Store

    settings = _settings(args)
    if not settings.inbox_dir.is_dir():
        raise CoachloopError(f"inbox {settings.inbox_dir} is not a folder")
    store = Store(settings.db_path, settings.store)

    def progress(outcome):
        detail = f" ({outcome.reason})" if outcome.reason else ""
        err.print(f"  {outcome.status:<11} {Path(outcome.path).name}{detail}", markup=False, highlight=False)

    report = run_batch(settings.inbox_dir, store, _analyzer(settings), settings, progress=progress)
    err.print(
        f"{report.run_id}: {report.count('loaded', 'replaced')} loaded, {report.count('skipped', 'unchanged')} "
        f"already loaded, {report.count('quarantined')} quarantined in {report.wall_seconds:.1f}s -> {settings.db_path}",
        highlight=False,
    )
    _print_rep_summary(store)
    return EXIT_INPUT_ERROR if report.count("quarantined") else 0


def _print_rep_summary(store) -> None:
    from pipeline.summary import rep_summary

    rows = rep_summary(store)
    behaviours = sorted({row["behaviour"] for row in rows})
    table = Table(title="Findings per rep (gap / applicable calls)", title_justify="left")
    table.add_column("rep")
    table.add_column("calls", justify="right")
    for behaviour in behaviours:
        table.add_column(behaviour.replace("_", " "), justify="right")
    for rep_id in sorted({row["rep_id"] for row in rows}):
        mine = {row["behaviour"]: row for row in rows if row["rep_id"] == rep_id}
        calls = max(row["calls"] for row in mine.values())
        cells = [f"{mine[b]['gap_calls']}/{mine[b]['applicable_calls']}" if b in mine else "-" for b in behaviours]
        table.add_row(rep_id, str(calls), *cells)
    out.print(table)


def cmd_summary(args: argparse.Namespace) -> int:
    from pipeline.store import Store

    settings = _settings(args)
    if not settings.db_path.exists():
        raise CoachloopError(f"{settings.db_path} does not exist yet: run `coachloop run` first")
    _print_rep_summary(Store(settings.db_path, settings.store))
    return 0


def cmd_init_db(args: argparse.Namespace) -> int:
    from pipeline.store import Store

    settings = _settings(args)
    applied = Store(settings.db_path, settings.store).migrate()
    err.print(f"{settings.db_path}: applied {', '.join(applied) if applied else 'nothing (schema up to date)'}")
    return 0


def cmd_unavailable(args: argparse.Namespace) -> int:
    err.print(f"coachloop {args.command}: not available yet in this version of coachloop.")
    return EXIT_UNAVAILABLE


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coachloop", description="Sales-call recordings in, coachable evidence out.")
    parser.add_argument("--version", action="version", version=f"coachloop {__version__}")
    parser.add_argument("--config", help="settings file (default: ./coachloop.toml or $COACHLOOP_CONFIG)")
    commands = parser.add_subparsers(dest="command", required=True)

    def whisper_flags(command):
        command.add_argument("--model", help="faster-whisper model: tiny.en (bundled), a size name or a model folder")
        command.add_argument("--device", help="cpu, cuda or auto")
        command.add_argument("--compute-type", dest="compute_type", help="int8, int8_float16, float16, float32")
        command.add_argument("--beam-size", dest="beam_size", type=int)
        command.add_argument("--threads", type=int, help="CPU threads for the speech model")

    transcribe = commands.add_parser("transcribe", help="one recording -> Transcript JSON")
    transcribe.add_argument("audio")
    transcribe.add_argument("--json", action="store_true", help="print Transcript JSON")
    whisper_flags(transcribe)
    transcribe.set_defaults(handler=cmd_transcribe)

    analyze = commands.add_parser("analyze", help="transcripts or recordings -> findings (JSON Lines with --json)")
    analyze.add_argument("paths", nargs="+")
    analyze.add_argument("--json", action="store_true")
    analyze.add_argument("--rules", help="rules folder")
    whisper_flags(analyze)
    analyze.set_defaults(handler=cmd_analyze)

    run = commands.add_parser("run", help="the nightly batch over an inbox, into DuckDB")
    run.add_argument("--inbox")
    run.add_argument("--db")
    run.add_argument("--rules")
    whisper_flags(run)
    run.set_defaults(handler=cmd_run)

    summary = commands.add_parser("summary", help="findings per rep from the database")
    summary.add_argument("--db")
    summary.set_defaults(handler=cmd_summary)

    init_db = commands.add_parser("init-db", help="create or upgrade the database schema")
    init_db.add_argument("--db")
    init_db.set_defaults(handler=cmd_init_db)

    for name, text in (("serve", "the managers' triage web app"), ("report", "one rep's coaching-loop tracker")):
        later = commands.add_parser(name, help=f"{text} (not available yet)")
        later.add_argument("rest", nargs=argparse.REMAINDER)
        later.set_defaults(handler=cmd_unavailable)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except InputError as error:
        err.print(f"coachloop {args.command}: {error.describe()}", markup=False, highlight=False)
        return EXIT_INPUT_ERROR
    except CoachloopError as error:
        err.print(f"coachloop {args.command}: {error}", markup=False, highlight=False)
        return 2


if __name__ == "__main__":
    sys.exit(main())
