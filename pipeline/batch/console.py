"""What a person sees of a batch: a progress bar while it runs, a summary at its end (stderr, rich)."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from pipeline.batch.nightly import ALREADY_LOADED, PROCESSED, BatchPlan, BatchReport, ItemOutcome


class BatchConsole:
    """A `BatchProgress` for a terminal: one line per finished item above a progress bar.

    On a terminal the bar redraws in place; in a log (no terminal) only the item lines appear.
    """

    def __init__(self, console: Console | None = None):
        self.console = console or Console(stderr=True, soft_wrap=True)
        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("eta"),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
        )
        self.task = None

    def __enter__(self) -> BatchConsole:
        self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.stop()

    def planned(self, plan: BatchPlan) -> None:
        self.console.print(
            f"{plan.discovered} items in the inbox: {len(plan.skipped)} already loaded, {len(plan.pending)} to process",
            highlight=False,
        )
        self.task = self.progress.add_task("calls", total=len(plan.pending))

    def item_done(self, outcome: ItemOutcome) -> None:
        detail = f" ({outcome.reason})" if outcome.reason else ""
        self.console.print(f"  {outcome.status:<11} {Path(outcome.path).name}{detail}", markup=False, highlight=False)
        if self.task is not None:
            self.progress.advance(self.task)


def summary_line(report: BatchReport, db_path: Path) -> str:
    return (
        f"{report.run_id}: {report.count(*PROCESSED)} loaded, {report.count(*ALREADY_LOADED)} already loaded, "
        f"{report.count('quarantined')} quarantined in {report.wall_seconds:.1f}s -> {db_path}"
    )


def print_summary(report: BatchReport, db_path: Path, console: Console | None = None) -> None:
    """The run's counts, throughput and time per stage; then every quarantined item with its reason."""
    console = console or Console(stderr=True, soft_wrap=True)
    console.print(summary_line(report, db_path), highlight=False)
    table = Table(title=f"Batch {report.run_id}", title_justify="left", show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    x_realtime = f"{report.x_realtime:.1f}x" if report.x_realtime else "-"
    per_minute = f"{report.calls_per_minute:.1f}" if report.calls_per_minute else "-"
    for label, value in (
        ("items in inbox", str(report.discovered)),
        ("loaded", str(report.count(*PROCESSED))),
        ("already loaded", str(report.count(*ALREADY_LOADED))),
        ("quarantined", str(report.count("quarantined"))),
        ("audio processed", f"{report.audio_seconds / 3600:.3f} h"),
        ("wall time", f"{report.wall_seconds:.1f} s"),
        ("x real-time", x_realtime),
        ("calls / minute", per_minute),
        ("redacted", ", ".join(f"{count} {name}" for name, count in report.redactions.items()) or "nothing"),
    ):
        table.add_row(label, value)
    busy = sum(report.stage_seconds.values())
    for stage, seconds in report.stage_seconds.items():
        if seconds > 0:
            table.add_row(f"  {stage}", f"{seconds:.1f} s ({seconds / busy:.0%})")
    console.print(table)
    for outcome in report.outcomes:
        if outcome.status == "quarantined":
            console.print(
                f"quarantined [{outcome.error_kind}] {Path(outcome.path).name}: {outcome.reason}",
                markup=False,
                highlight=False,
            )
        elif outcome.reason:  # skipped for a reason worth acting on (an erased call's source)
            console.print(
                f"{outcome.status} {Path(outcome.path).name}: {outcome.reason}", markup=False, highlight=False
            )
