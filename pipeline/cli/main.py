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
EXIT_BELOW_TARGET = 4
HELDOUT_SPLIT = "heldout"
ANALYZE_GROUP = 32  # calls analysed together

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
        roster_path=getattr(args, "roster", None),
        workers=getattr(args, "workers", None),
        task_runner=getattr(args, "task_runner", None),
        dask_address=getattr(args, "dask_address", None),
        timezone=getattr(args, "timezone", None),
    )


def _analyzer(settings: Settings):
    from pipeline.analysis.analyze import AnalyzeOptions, Analyzer

    return Analyzer(AnalyzeOptions(rules_dir=settings.rules_dir, models_dir=settings.models_dir))


def _fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes):02d}:{rest:04.1f}"


def cmd_transcribe(args: argparse.Namespace) -> int:
    from pipeline.ingest.inbox import item_for_path, load_transcript

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
    from pipeline.ingest.inbox import item_for_path, load_transcript

    settings = _settings(args)
    analyzer = _analyzer(settings)
    failed = 0
    pending = []

    def flush():
        # Calls are analysed in groups so that spaCy and the classifier batch across calls.
        for transcript, analysis in zip(pending, analyzer.analyze_many(pending), strict=True):
            if args.json:
                print(dumps_line(analysis_to_dict(analysis)), flush=True)
            else:
                _print_analysis(transcript.call_id, analysis)
        pending.clear()

    for name in args.paths:
        try:
            transcript = load_transcript(item_for_path(Path(name)), settings.transcribe)
        except InputError as error:
            err.print(f"coachloop analyze: {error.describe()}", markup=False, highlight=False)
            failed += 1
            continue
        pending.append(transcript)
        if len(pending) >= ANALYZE_GROUP:
            flush()
    flush()
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


def cmd_evaluate(args: argparse.Namespace) -> int:
    from pipeline.learning.evaluate import load_labelled, score

    settings = _settings(args)
    calls = load_labelled([Path(p) for p in args.paths])
    if not calls:
        raise CoachloopError(f"no labelled calls (Transcript JSON with a labels key) under {', '.join(args.paths)}")
    analyses = _analyzer(settings).analyze_many([call.transcript for call in calls])
    scores, errors = score(calls, analyses)
    # The held-out split is the honest test: its per-call errors are never shown, so nobody tunes on them.
    errors = [e for e in errors if e.split != HELDOUT_SPLIT]
    if args.json:
        print(
            json.dumps(
                {"scores": [s.to_dict() for s in scores], "errors": [vars(e) for e in errors] if args.errors else []}
            )
        )
    else:
        _print_scores(scores)
        if args.errors:
            for error in errors:
                missing = (
                    f" missing {error.expected_missing} vs {error.predicted_missing}" if error.expected_missing else ""
                )
                out.print(
                    f"{error.split}/{error.call_id} {error.behaviour}: expected {error.expected} {error.expected_evidence}, "
                    f"got {error.predicted} {error.predicted_evidence}{missing}",
                    highlight=False,
                    markup=False,
                )
    below = [s for s in scores if args.min_accuracy is not None and s.accuracy < args.min_accuracy]
    for s in below:
        err.print(f"{s.split}/{s.behaviour}: accuracy {s.accuracy:.3f} is below {args.min_accuracy}", highlight=False)
    return EXIT_BELOW_TARGET if below else 0


def _print_scores(scores) -> None:
    def cell(value, digits=2):
        return "-" if value is None else f"{value:.{digits}f}"

    for split in sorted({s.split for s in scores}):
        table = Table(title=f"split: {split}", title_justify="left")
        for column in (
            "behaviour",
            "n",
            "accuracy",
            "gap P",
            "gap R",
            "gap F1",
            "macro F1",
            "evidence hit",
            "missing acc",
        ):
            table.add_column(column, justify="left" if column == "behaviour" else "right")
        for s in (s for s in scores if s.split == split):
            table.add_row(
                s.behaviour,
                str(s.n),
                cell(s.accuracy, 3),
                cell(s.gap_precision),
                cell(s.gap_recall),
                cell(s.gap_f1),
                cell(s.macro_f1),
                f"{cell(s.evidence_hit_rate)} ({s.evidence_n})",
                f"{cell(s.missing_accuracy)} ({s.missing_n})" if s.missing_n else "-",
            )
        Console(width=max(out.width, 140)).print(table)


def cmd_train(args: argparse.Namespace) -> int:
    from pipeline.learning.train import TrainOptions, train_head

    settings = _settings(args)
    options = TrainOptions(
        data_paths=tuple(Path(p) for p in args.data),
        output_dir=Path(args.output) if args.output else settings.models_dir,
        seed=args.seed,
    )
    report = train_head(options, log=lambda line: err.print(line, highlight=False, markup=False))
    err.print(f"head written to {report['head_path']} ({report['examples']} examples, {report['wall_seconds']:.1f}s)")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from pipeline.store import Store

    if args.dask_address and not args.task_runner:
        args.task_runner = "dask"
    settings = _settings(args)
    if not settings.inbox_dir.is_dir():
        raise CoachloopError(f"inbox {settings.inbox_dir} is not a folder")
    if args.prefect or args.task_runner or args.dask_address:
        quarantined = _run_with_prefect(settings)
    else:
        from pipeline.batch.console import BatchConsole, print_summary
        from pipeline.batch.nightly import run_batch

        with BatchConsole(err) as progress:
            report = run_batch(settings, progress=progress)
        print_summary(report, settings.db_path, err)
        quarantined = report.count("quarantined")
    _print_rep_summary(Store(settings.db_path, settings.store))
    return EXIT_INPUT_ERROR if quarantined else 0


def _flows_module():
    """The Prefect flows: imported only when asked for (Prefect takes a while to import)."""
    from pipeline.batch import flows

    return flows


def _run_with_prefect(settings: Settings) -> int:
    """The same batch as a Prefect flow run (a temporary local Prefect server starts unless
    PREFECT_API_URL names one). Returns the number of items quarantined."""
    return _flows_module().run_nightly(settings, show_progress=True)["quarantined"]


def cmd_schedule(args: argparse.Namespace) -> int:
    settings = _settings(args)
    config = str(Path(args.config).resolve()) if args.config else None
    _flows_module().serve_schedules(settings, config)
    return 0


def cmd_snapshot(args: argparse.Namespace) -> int:
    from pipeline.store import Store

    settings = _settings(args)
    if not settings.db_path.exists():
        raise CoachloopError(f"{settings.db_path} does not exist yet: run `coachloop run` first")
    target = Store(settings.db_path, settings.store).refresh_snapshot(settings.analyst_snapshot)
    err.print(f"analyst snapshot written: {target} (open it read-only, e.g. duckdb -readonly {target})")
    return 0


def _print_rep_summary(store) -> None:
    """Behaviours down, reps across: nine or more behaviours never squeeze the rep ids out of view."""
    from pipeline.reports.summary import rep_summary

    rows = rep_summary(store)
    behaviours = sorted({row["behaviour"] for row in rows})
    rep_ids = sorted({row["rep_id"] for row in rows})
    cell = {(row["rep_id"], row["behaviour"]): row for row in rows}
    table = Table(title="Findings per rep (gap / applicable calls)", title_justify="left")
    table.add_column("behaviour", no_wrap=True)
    for rep_id in rep_ids:
        table.add_column(rep_id, justify="right", overflow="fold")
    calls = [str(max(row["calls"] for (rep, _), row in cell.items() if rep == rep_id)) for rep_id in rep_ids]
    table.add_row("calls", *calls, end_section=True)
    for behaviour in behaviours:
        cells = [
            f"{cell[rep_id, behaviour]['gap_calls']}/{cell[rep_id, behaviour]['applicable_calls']}"
            if (rep_id, behaviour) in cell
            else "-"
            for rep_id in rep_ids
        ]
        table.add_row(behaviour.replace("_", " "), *cells)
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


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from pipeline.coaching import triage
    from pipeline.web.app import WebOptions, create_app

    settings = _settings(args)
    options = WebOptions(
        db_path=settings.db_path,
        rules_dir=settings.rules_dir,
        recordings_dir=Path(args.recordings) if args.recordings else None,
        lock_timeout_s=args.lock_timeout,
        secure_cookies=args.secure_cookies,
        trust_proxy=args.trust_proxy,
        coaching=settings.coaching,
    )
    app = create_app(options)
    err.print(f"coachloop serve: http://127.0.0.1:{args.port}/ over {settings.db_path}", highlight=False)
    if not any(account["role"] == "manager" for account in triage.accounts(app.state.web.store)):
        err.print(
            "no manager accounts yet: coachloop users add --manager ID --name NAME --password-stdin", highlight=False
        )
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="info", proxy_headers=False, server_header=False)
    return 0


def _store(args: argparse.Namespace):
    from pipeline.store import Store

    settings = _settings(args)
    store = Store(settings.db_path, settings.store)
    store.migrate()
    return store


def cmd_users_add(args: argparse.Namespace) -> int:
    from pipeline.coaching import triage
    from pipeline.web.auth import hash_password

    password = sys.stdin.readline().rstrip("\r\n")
    try:
        password_hash = hash_password(password)
    except ValueError as exc:
        raise CoachloopError(str(exc)) from exc
    if args.rep:
        outcome = triage.save_rep_account(_store(args), args.rep, args.name, password_hash)
        err.print(f"rep {args.rep} {outcome} (read-only: their own coaching page)", highlight=False)
        return 0
    outcome = triage.save_manager(_store(args), args.manager, args.name, password_hash)
    err.print(f"manager {args.manager} {outcome}", highlight=False)
    return 0


def cmd_users_assign(args: argparse.Namespace) -> int:
    from pipeline.coaching import triage

    store = _store(args)
    for rep_id in args.rep:
        previous = triage.assign_rep(store, args.manager, rep_id)
        moved = f" (was {previous})" if previous and previous != args.manager else ""
        err.print(f"{rep_id} -> {args.manager}{moved}", highlight=False)
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    from pipeline.coaching import triage

    table = Table(title="Accounts", title_justify="left")
    for column in ("user id", "role", "name", "can log in", "reps"):
        table.add_column(column)
    for account in triage.accounts(_store(args)):
        table.add_row(
            account["user_id"],
            account["role"],
            account["display_name"],
            "yes" if account["can_log_in"] else "no",
            ", ".join(account["reps"] or []),
        )
    out.print(table)
    return 0


def cmd_export_feedback(args: argparse.Namespace) -> int:
    from pipeline.analysis.rules import load_rules
    from pipeline.learning.feedback import feedback_examples

    settings = _settings(args)
    examples, without_utterance = feedback_examples(_store(args), load_rules(settings.rules_dir))
    lines = "".join(dumps_line(example) + "\n" for example in examples)
    if args.output:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(lines, encoding="utf-8")
    else:
        sys.stdout.write(lines)
    skipped = f"; {without_utterance} dismissal(s) had no evidence utterance to export" if without_utterance else ""
    err.print(f"{len(examples)} labelled example(s) from false-positive dismissals{skipped}", highlight=False)
    return 0


def cmd_forget(args: argparse.Namespace) -> int:
    from pipeline.ingest.roster import load_roster
    from pipeline.privacy.forget import forget
    from pipeline.store import Store

    settings = _settings(args)
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


def cmd_unavailable(args: argparse.Namespace) -> int:
    err.print(f"coachloop {args.command}: not available yet in this version of coachloop.")
    return EXIT_UNAVAILABLE


def _report_store(settings: Settings):
    from pipeline.store import Store

    if not settings.db_path.exists():
        raise CoachloopError(f"{settings.db_path} does not exist yet: run `coachloop run` first")
    store = Store(settings.db_path, settings.store)
    store.migrate()
    return store


def cmd_report(args: argparse.Namespace) -> int:
    from pipeline.reports.render import write_rep_report, write_team_report
    from pipeline.reports.tracker import period_for

    settings = _settings(args)
    store = _report_store(settings)
    standards = settings.coaching
    try:
        period = period_for(store, standards, since=args.since, until=args.until, days=args.period_days)
    except ValueError as error:
        raise CoachloopError(str(error)) from error
    out_dir = Path(args.out) if args.out else None
    if args.team:
        if not store.rows("SELECT 1 FROM reps WHERE manager_id = ?", [args.team]):
            raise CoachloopError(f"no rep has manager {args.team!r} (see `coachloop users list`)")
        files = write_team_report(store, args.team, standards, period, out_dir)
    else:
        if not store.rows("SELECT 1 FROM reps WHERE rep_id = ?", [args.rep]):
            known = ", ".join(row["rep_id"] for row in store.rows("SELECT rep_id FROM reps ORDER BY rep_id"))
            raise CoachloopError(f"no rep {args.rep!r} in {settings.db_path} (reps: {known or 'none'})")
        files = write_rep_report(store, args.rep, standards, period, out_dir)
    print(files.html)
    print(files.markdown)
    return 0


def cmd_import_crm(args: argparse.Namespace) -> int:
    from pipeline.ingest.crm import import_export

    settings = _settings(args)
    result = import_export(_report_store(settings), Path(args.file))
    for row in result.rejected:
        err.print(f"{args.file}:{row.line}: {row.reason}", markup=False, highlight=False)
    err.print(
        f"{result.loaded} stage rows loaded, {len(result.rejected)} rejected (import {result.import_id})",
        markup=False,
        highlight=False,
    )
    return EXIT_INPUT_ERROR if result.rejected else 0


def _day(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


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

    evaluate = commands.add_parser("evaluate", help="score verdicts against labelled calls (folders recurse)")
    evaluate.add_argument("paths", nargs="+")
    evaluate.add_argument("--json", action="store_true", help="machine-readable scores")
    evaluate.add_argument(
        "--errors", action="store_true", help="also list the calls with a wrong verdict (never for the heldout split)"
    )
    evaluate.add_argument("--min-accuracy", dest="min_accuracy", type=float, help="exit 4 if any behaviour is below")
    evaluate.add_argument("--rules", help="rules folder")
    evaluate.set_defaults(handler=cmd_evaluate)

    train = commands.add_parser("train", help="rebuild the dialogue-act head in models/ from labelled utterances")
    train.add_argument("--data", nargs="+", default=["data/training"], help="JSONL files or folders of them")
    train.add_argument("--output", help="models folder (default: the configured models_dir)")
    train.add_argument("--seed", type=int, default=13)
    train.set_defaults(handler=cmd_train)

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

    serve = commands.add_parser("serve", help="the managers' triage web app on 127.0.0.1")
    serve.add_argument("--db")
    serve.add_argument("--rules", help="rules folder (behaviour descriptions and skills)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--recordings", help="recordings folder for calls imported as transcripts (matched by call_id)")
    serve.add_argument(
        "--lock-timeout", dest="lock_timeout", type=float, default=10.0, help="seconds to wait for a locked DB"
    )
    serve.add_argument(
        "--trust-proxy",
        dest="trust_proxy",
        action="store_true",
        help="behind an HTTPS reverse proxy on this machine: trust its X-Forwarded-For/-Proto headers",
    )
    serve.add_argument(
        "--secure-cookies",
        dest="secure_cookies",
        choices=("auto", "always", "never"),
        default="auto",
        help="the session cookie's Secure flag (auto: when the request came over HTTPS)",
    )
    serve.set_defaults(handler=cmd_serve)

    users = commands.add_parser("users", help="manager accounts and their teams")
    user_commands = users.add_subparsers(dest="users_command", required=True)
    users_add = user_commands.add_parser("add", help="add a manager or rep account, or reset its name and password")
    account = users_add.add_mutually_exclusive_group(required=True)
    account.add_argument("--manager", help="the manager's user id (their login)")
    account.add_argument("--rep", help="a rep's id: their read-only login to their own coaching page")
    users_add.add_argument("--name", required=True, help="display name")
    users_add.add_argument("--password-stdin", dest="password_stdin", action="store_true", required=True)
    users_add.add_argument("--db")
    users_add.set_defaults(handler=cmd_users_add)
    users_assign = user_commands.add_parser("assign", help="put a rep in a manager's team")
    users_assign.add_argument("--manager", required=True)
    users_assign.add_argument("--rep", required=True, action="append", help="rep id (repeat for several)")
    users_assign.add_argument("--db")
    users_assign.set_defaults(handler=cmd_users_assign)
    users_list = user_commands.add_parser("list", help="accounts and their teams")
    users_list.add_argument("--db")
    users_list.set_defaults(handler=cmd_users_list)

    export_feedback = commands.add_parser(
        "export-feedback", help="managers' false-positive dismissals as labelled utterances (JSON Lines)"
    )
    export_feedback.add_argument("--db")
    export_feedback.add_argument("--rules", help="rules folder")
    export_feedback.add_argument("--output", help="JSONL file to write (default: stdout)")
    export_feedback.set_defaults(handler=cmd_export_feedback)

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
