"""Commands over transcripts and labelled calls, no database: transcribe, analyze, evaluate, train."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from pipeline.cli.common import EXIT_BELOW_TARGET, EXIT_INPUT_ERROR, err, fmt_time, out, settings_from, whisper_flags
from pipeline.config import PROJECT_ROOT, Settings
from pipeline.errors import CoachloopError, InputError
from pipeline.jsonio import analysis_to_dict, dumps_line, transcript_to_dict

DEFAULT_DIALOGUES = PROJECT_ROOT.parent / "shared" / "data" / "negotiations" / "craigslistbargain-dev-part.json"
DEFAULT_NEGOTIATION_LABELS = PROJECT_ROOT / "data" / "eval" / "negotiations" / "labels.jsonl"
ANALYZE_GROUP = 32  # calls analysed together


def register(commands: argparse._SubParsersAction) -> None:
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
        "--errors",
        action="store_true",
        help="also list the calls with a wrong verdict (never for a held-out set not marked spent)",
    )
    evaluate.add_argument("--min-accuracy", dest="min_accuracy", type=float, help="exit 4 if any behaviour is below")
    evaluate.add_argument("--rules", help="rules folder")
    evaluate.set_defaults(handler=cmd_evaluate)

    negotiations = commands.add_parser(
        "evaluate-negotiations",
        help="concessions found in real price negotiations (CraigslistBargain, hand-labelled), per split",
    )
    negotiations.add_argument(
        "--dialogues",
        default=str(DEFAULT_DIALOGUES),
        help="the CraigslistBargain JSON (read where it lies, never copied)",
    )
    negotiations.add_argument("--labels", default=str(DEFAULT_NEGOTIATION_LABELS))
    negotiations.add_argument("--split", choices=("dev", "heldout"), default="dev")
    negotiations.add_argument(
        "--no-list-price", dest="list_price", action="store_false", help="leave the listing price out of the calls"
    )
    negotiations.add_argument("--json", action="store_true")
    negotiations.add_argument("--rules", help="rules folder")
    negotiations.set_defaults(handler=cmd_evaluate_negotiations)

    train = commands.add_parser("train", help="rebuild the dialogue-act head in models/ from labelled utterances")
    train.add_argument("--data", nargs="+", default=["data/training"], help="JSONL files or folders of them")
    train.add_argument("--output", help="models folder (default: the configured models_dir)")
    train.add_argument("--seed", type=int, default=13)
    train.set_defaults(handler=cmd_train)


def _analyzer(settings: Settings):
    from pipeline.analysis.analyze import AnalyzeOptions, Analyzer

    return Analyzer(AnalyzeOptions(rules_dir=settings.rules_dir, models_dir=settings.models_dir))


def cmd_transcribe(args: argparse.Namespace) -> int:
    from pipeline.ingest.inbox import item_for_path, load_transcript

    settings = settings_from(args)
    transcript = load_transcript(item_for_path(Path(args.audio)), settings.transcribe)
    if args.json:
        print(json.dumps(transcript_to_dict(transcript), ensure_ascii=False, indent=1))
    else:
        for utterance in transcript.utterances:
            out.print(
                f"[{fmt_time(utterance.start)}] [bold]{utterance.speaker}[/bold]: {utterance.text}",
                markup=True,
                highlight=False,
            )
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    from pipeline.ingest.inbox import item_for_path, load_transcript

    settings = settings_from(args)
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
        table.add_row(finding.behaviour, finding.verdict + missing, fmt_time(finding.start), finding.quote[:80])
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

    settings = settings_from(args)
    calls = load_labelled([Path(p) for p in args.paths])
    if not calls:
        raise CoachloopError(f"no labelled calls (Transcript JSON with a labels key) under {', '.join(args.paths)}")
    analyses = _analyzer(settings).analyze_many([call.transcript for call in calls])
    scores, errors = score(calls, analyses)
    # A sealed held-out set is the honest test: its per-call errors are never shown, so nobody tunes on them.
    sealed = {call.split for call in calls if call.sealed}
    errors = [e for e in errors if e.split not in sealed]
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

    settings = settings_from(args)
    options = TrainOptions(
        data_paths=tuple(Path(p) for p in args.data),
        output_dir=Path(args.output) if args.output else settings.models_dir,
        seed=args.seed,
    )
    report = train_head(options, log=lambda line: err.print(line, highlight=False, markup=False))
    err.print(f"head written to {report['head_path']} ({report['examples']} examples, {report['wall_seconds']:.1f}s)")
    return 0


def cmd_evaluate_negotiations(args: argparse.Namespace) -> int:
    from pipeline.learning.negotiations import load_negotiations, score_concessions

    dialogues = Path(args.dialogues)
    if not dialogues.is_file():
        raise CoachloopError(
            f"{dialogues}: no such file (the CraigslistBargain dialogues are read from ../shared/data)"
        )
    settings = settings_from(args)
    negotiations = load_negotiations(dialogues, Path(args.labels), args.split, args.list_price)
    analyses = _analyzer(settings).analyze_many([n.transcript for n in negotiations])
    result = score_concessions(args.split, negotiations, analyses)
    if args.json:
        print(json.dumps(vars(result) | {"list_price": args.list_price}))
        return 0
    table = Table(
        title=f"concessions in real negotiations: {args.split}, list price {'in' if args.list_price else 'left out'}"
    )
    for column in (
        "dialogues",
        "labelled",
        "found",
        "precision",
        "recall",
        "first concession hit",
        "held: accuracy (n)",
    ):
        table.add_column(column, justify="right")

    def cell(value):
        return "-" if value is None else f"{value:.3f}"

    table.add_row(
        str(result.n),
        str(result.labelled_concessions),
        str(result.found_concessions),
        cell(result.precision),
        cell(result.recall),
        cell(result.first_concession_hit),
        f"{cell(result.hold_accuracy)} ({result.hold_n})",
    )
    out.print(table)
    return 0
