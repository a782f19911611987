"""The nightly batch as plain functions: inbox -> transcripts -> analysis -> DuckDB.

    start_batch   migrate, load the roster, record the run as running
    plan_batch    discover the inbox, hash every item, skip what is already loaded
    prepare_item  one call: read or transcribe, then analyse. No database: it runs anywhere
                  (a thread here, a Dask worker on another machine)
    BatchWriter   the single writer: each prepared call loads in one short transaction, or is
                  quarantined with its reason
    finish_batch  record counts and timings, refresh the analysts' snapshot

`run_batch` chains them without Prefect, preparing up to `workers` calls at once in threads;
`flows.py` chains the same functions as Prefect tasks. Items are independent: one that fails is
quarantined and the batch goes on. A killed batch loses at most the calls being prepared: every
call is committed on its own, and the next run skips what is loaded by content hash.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from pipeline.batch.voices import enrolment_settings, record_rep_voice, rep_voices, settled_reps
from pipeline.coaching.inspection import inspect_due_plans
from pipeline.config import Settings
from pipeline.errors import CallDataError, CoachloopError, InputError, StoreBusyError
from pipeline.ingest.inbox import InboxItem, discover, load_transcript
from pipeline.ingest.roster import RosterRep, load_roster
from pipeline.model import CallAnalysis, CallMetadata, Transcript
from pipeline.privacy.redact import Redaction, redact_call
from pipeline.store import DuplicateCallError, Store, StoreWriteError, changes

if TYPE_CHECKING:
    from pipeline.analysis.analyze import Analyzer

# "models": loading the analysis models: once before any call here, once per worker under Dask.
STAGES = ("discover", "models", "read", "transcribe", "analyse", "load", "snapshot")
PROCESSED = ("loaded", "replaced")
ALREADY_LOADED = ("skipped", "unchanged")


@dataclass
class WorkItem:
    """One inbox item to prepare, as plain values so that it can travel to another process."""

    path: str
    kind: str  # recording | transcript
    content_hash: str
    metadata: CallMetadata | None = None
    metadata_path: str | None = None
    # A problem known before any work (bad metadata, unknown rep): quarantined without trying.
    problem_kind: str | None = None
    problem_reason: str | None = None
    # The rep's voice profile (from their stereo calls) for a recording that may turn out mono
    rep_voice: tuple[float, ...] | None = None
    # False when that profile is settled: a stereo recording is not enrolled again
    enrol_voice: bool = True

    @property
    def name(self) -> str:
        return Path(self.path).name

    @property
    def call_id(self) -> str | None:
        return self.metadata.call_id if self.metadata else None

    def inbox_item(self) -> InboxItem:
        metadata_path = Path(self.metadata_path) if self.metadata_path else None
        return InboxItem(Path(self.path), self.kind, self.metadata, metadata_path)


@dataclass
class PreparedCall:
    """A call ready for the writer, or the reason it cannot be loaded."""

    work: WorkItem
    transcript: Transcript | None = None
    analysis: CallAnalysis | None = None
    error_kind: str | None = None
    reason: str | None = None
    stage_seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class ItemOutcome:
    path: str
    status: str  # loaded | replaced | unchanged | skipped | quarantined
    call_id: str | None = None
    reason: str | None = None
    error_kind: str | None = None
    audio_seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class BatchRun:
    run_id: str
    started_at: datetime
    inbox: str
    orchestrator: str  # plain | prefect
    task_runner: str  # thread | dask
    workers: int
    host: str = field(default_factory=socket.gethostname)
    pid: int = field(default_factory=os.getpid)
    flow_run_id: str | None = None
    roster: dict[str, RosterRep] | None = None


@dataclass
class BatchPlan:
    pending: list[WorkItem]
    skipped: list[ItemOutcome]
    discover_seconds: float = 0.0

    @property
    def discovered(self) -> int:
        return len(self.pending) + len(self.skipped)


@dataclass
class BatchReport:
    run: BatchRun
    discovered: int
    outcomes: list[ItemOutcome]
    wall_seconds: float
    stage_seconds: dict[str, float]
    redactions: dict[str, int] = field(default_factory=dict)  # placeholder -> count, in stored text

    @property
    def run_id(self) -> str:
        return self.run.run_id

    def count(self, *statuses: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status in statuses)

    @property
    def audio_seconds(self) -> float:
        return sum(outcome.audio_seconds for outcome in self.outcomes)

    @property
    def x_realtime(self) -> float | None:
        return round(self.audio_seconds / self.wall_seconds, 2) if self.wall_seconds > 0 else None

    @property
    def calls_per_minute(self) -> float | None:
        return round(self.count(*PROCESSED) / self.wall_seconds * 60, 2) if self.wall_seconds > 0 else None

    def counts(self) -> dict:
        return {
            "run_id": self.run_id,
            "discovered": self.discovered,
            "loaded": self.count(*PROCESSED),
            "skipped": self.count(*ALREADY_LOADED),
            "quarantined": self.count("quarantined"),
            "audio_hours": round(self.audio_seconds / 3600, 4),
            "wall_seconds": round(self.wall_seconds, 2),
            "x_realtime": self.x_realtime,
            "redactions": self.redactions,
        }


class BatchProgress(Protocol):
    def planned(self, plan: BatchPlan) -> None: ...

    def item_done(self, outcome: ItemOutcome) -> None: ...


def is_fatal(error: BaseException) -> bool:
    """A configuration problem (broken rules, missing models) rather than a problem of one input:
    every call would fail alike, so the batch stops instead of quarantining them all."""
    return isinstance(error, CoachloopError) and not isinstance(error, InputError)


def resolve_workers(workers: int) -> int:
    return workers if workers > 0 else (os.cpu_count() or 1)


def audio_seconds(transcript: Transcript) -> float:
    """The recording's length when it was transcribed here, else the transcript's last moment."""
    audio = transcript.source.get("audio") if isinstance(transcript.source.get("audio"), dict) else {}
    return float(audio.get("duration_s") or transcript.duration)


def _store(settings: Settings) -> Store:
    return Store(settings.db_path, settings.store)


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)  # DuckDB TIMESTAMP columns hold naive UTC


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _run_row(run: BatchRun, report: BatchReport | None = None, error: BaseException | None = None) -> dict:
    row = {
        "run_id": run.run_id,
        "started_at": run.started_at,
        "inbox": run.inbox,
        "status": "running",
        "orchestrator": run.orchestrator,
        "task_runner": run.task_runner,
        "workers": run.workers,
        "host": run.host,
        "pid": run.pid,
        "flow_run_id": run.flow_run_id,
    }
    if error is not None:
        row.update(status="failed", finished_at=_utc_now(), error=f"{type(error).__name__}: {error}")
    if report is not None:
        row.update(
            status="finished",
            finished_at=_utc_now(),
            discovered=report.discovered,
            processed=report.count(*PROCESSED),
            skipped=report.count(*ALREADY_LOADED),
            failed=report.count("quarantined"),
            audio_seconds=round(report.audio_seconds, 3),
            audio_hours=round(report.audio_seconds / 3600, 4),
            x_realtime=report.x_realtime,
            wall_seconds=round(report.wall_seconds, 3),
            stage_seconds=json.dumps({k: round(v, 3) for k, v in report.stage_seconds.items()}),
            redactions=json.dumps(report.redactions),
        )
    return row


# -- stages ---------------------------------------------------------------------------------------


def start_batch(
    settings: Settings,
    orchestrator: str = "plain",
    task_runner: str = "thread",
    workers: int = 1,
    flow_run_id: str | None = None,
) -> BatchRun:
    """Migrate the database, load the roster and record the run as running.

    A run of this host still marked running whose process is gone was killed: it is marked
    interrupted (its loaded calls stay; this run does the rest).
    """
    store = _store(settings)
    store.migrate()
    run = BatchRun(
        run_id=f"run-{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}",
        started_at=_utc_now(),
        inbox=str(Path(settings.inbox_dir).resolve()),
        orchestrator=orchestrator,
        task_runner=task_runner,
        workers=workers,
        flow_run_id=flow_run_id,
    )
    if settings.roster_path is not None:
        run.roster = load_roster(settings.roster_path)
        store.sync_roster(list(run.roster.values()))
    dead = [
        run_id for run_id, pid in store.running_runs(run.host) if pid is None or pid == run.pid or not _pid_alive(pid)
    ]
    store.mark_runs_interrupted(dead)
    store.record_run(_run_row(run))
    return run


def _unknown_rep_reason(rep_id: str, settings: Settings) -> str:
    return f"rep_id {rep_id!r} is not in the team roster {settings.roster_path}: fix the metadata or add the rep"


def plan_batch(settings: Settings, roster: dict[str, RosterRep] | None = None) -> BatchPlan:
    """Every item of the inbox, split into work to do and items already loaded (same content hash)."""
    started = time.perf_counter()
    store = _store(settings)
    loaded, erased = store.loaded_hashes(), store.erased_hashes()
    profiles, settled = rep_voices(store), settled_reps(store, settings.transcribe)
    # Absolute paths: the same file is the same quarantine entry whatever the working directory.
    inbox = Path(settings.inbox_dir).resolve()
    if not inbox.is_dir():
        raise CoachloopError(f"inbox {inbox} is not a folder")
    plan = BatchPlan(pending=[], skipped=[])
    for item in discover(inbox, roster):
        content_hash = item.content_hash()
        if content_hash in loaded:
            plan.skipped.append(ItemOutcome(str(item.path), "skipped"))
            continue
        if content_hash in erased:  # `coachloop forget` removed this call: the source stays out
            plan.skipped.append(ItemOutcome(str(item.path), "skipped", reason="erased; delete the source"))
            continue
        work = WorkItem(
            path=str(item.path),
            kind=item.kind,
            content_hash=content_hash,
            metadata=item.metadata,
            metadata_path=str(item.metadata_path) if item.metadata_path else None,
        )
        if item.kind == "recording" and item.metadata is not None:
            rep_id = item.metadata.rep_id
            if rep_id in profiles:
                work.rep_voice = tuple(float(x) for x in profiles[rep_id])
            work.enrol_voice = rep_id not in settled
        if item.problem is not None:
            work.problem_kind, work.problem_reason = item.problem.kind, item.problem.describe()
        elif roster is not None and item.metadata is not None and item.metadata.rep_id not in roster:
            # Known before transcribing: no need to spend minutes of audio on it.
            work.problem_kind, work.problem_reason = "unknown_rep", _unknown_rep_reason(item.metadata.rep_id, settings)
        plan.pending.append(work)
    plan.discover_seconds = time.perf_counter() - started
    return plan


_analyzers: dict[tuple, Analyzer] = {}
_analyzers_lock = threading.Lock()
# Analysis is CPU-bound Python (spaCy, the classifier): threads gain nothing by running it at
# once, and the models are not guaranteed thread-safe. Transcription runs outside this lock.
_analysis_lock = threading.Lock()


def load_models(settings: Settings) -> float:
    """Load the analysis models now (seconds taken): a broken rules folder stops the batch here."""
    started = time.perf_counter()
    analyzer_for(settings)
    return time.perf_counter() - started


def analyzer_for(settings: Settings) -> Analyzer:
    """One Analyzer per process and rules/models folder: loading spaCy and the classifier takes seconds."""
    from pipeline.analysis.analyze import (  # heavy (spaCy, torch): only where calls are analysed
        AnalyzeOptions,
        Analyzer,
    )

    key = (Path(settings.rules_dir), Path(settings.models_dir))
    with _analyzers_lock:
        if key not in _analyzers:
            _analyzers[key] = Analyzer(AnalyzeOptions(rules_dir=settings.rules_dir, models_dir=settings.models_dir))
        return _analyzers[key]


def prepare_item(work: WorkItem, settings: Settings, analyzer: Analyzer | None = None) -> PreparedCall:
    """Read or transcribe one item and analyse it. Problems with the input come back as a reason;
    anything else (a full disk, a crashed model) raises, so that the caller may retry."""
    if work.problem_kind:
        return PreparedCall(work, error_kind=work.problem_kind, reason=work.problem_reason)
    stage = "transcribe" if work.kind == "recording" else "read"
    try:
        started = time.perf_counter()
        rep_voice = np.array(work.rep_voice, dtype=np.float32) if work.rep_voice else None
        transcribe = enrolment_settings(settings.transcribe, settled=not work.enrol_voice)
        transcript = load_transcript(work.inbox_item(), transcribe, rep_voice=rep_voice)
        read = time.perf_counter()
        analyzer = analyzer or analyzer_for(settings)
        models_ready = time.perf_counter()
        with _analysis_lock:
            analysis_started = time.perf_counter()
            analysis = analyzer.analyze(transcript)
            analysed = time.perf_counter()
    except InputError as error:
        return PreparedCall(work, error_kind=error.kind, reason=error.describe())
    timings = {stage: read - started, "models": models_ready - read, "analyse": analysed - analysis_started}
    return PreparedCall(work, transcript, analysis, stage_seconds=timings)


def prepare_with_retries(
    work: WorkItem, settings: Settings, analyzer: Analyzer | None = None, sleep=time.sleep
) -> PreparedCall:
    """`prepare_item`, tried again after an unexpected failure (Prefect's task retries do this in flows.py)."""
    retries = settings.batch.retries
    for attempt in range(retries + 1):
        try:
            return prepare_item(work, settings, analyzer)
        except Exception as error:
            if is_fatal(error) or attempt >= retries:
                raise
            sleep(settings.batch.retry_delay_s)
    raise AssertionError("unreachable")


class BatchWriter:
    """The one writer of a batch: loads prepared calls, one short transaction each.

    DuckDB allows one writing process, and a short transaction per call keeps the file free for
    analysts most of the time. Items that cannot be loaded are quarantined with their reason;
    the source file is never touched.
    """

    def __init__(self, settings: Settings, run: BatchRun):
        self.settings = settings
        self.run = run
        self.store = _store(settings)
        self.snapshot_seconds = 0.0
        self._last_snapshot = time.monotonic()
        self.redaction = Redaction()  # what the loaded calls' stored text had replaced

    def write(self, prepared: PreparedCall) -> ItemOutcome:
        started = time.perf_counter()
        work, transcript = prepared.work, prepared.transcript
        roster = self.run.roster
        if prepared.error_kind is None and roster is not None and transcript.rep_id not in roster:
            prepared.error_kind = "unknown_rep"
            prepared.reason = _unknown_rep_reason(transcript.rep_id, self.settings)
        if prepared.error_kind is not None:
            call_id = transcript.call_id if transcript else work.call_id
            outcome = self.quarantine(work, prepared.error_kind, prepared.reason or "", call_id)
        else:
            if roster is not None:
                rep_name = roster[transcript.rep_id].rep_name
            else:
                rep_name = work.metadata.rep_name if work.metadata else None
            # Detection read the original text; only what is stored is redacted.
            stored, analysis, redaction = redact_call(transcript, prepared.analysis, self.settings.privacy)
            try:
                result = self.store.load_call(stored, analysis, work.content_hash, rep_name=rep_name)
                outcome = ItemOutcome(work.path, result.status, result.call_id)
                if result.status in PROCESSED:
                    self.redaction.add(redaction)
                    with changes.scoped_to([transcript.rep_id]):
                        record_rep_voice(self.store, transcript)  # a stereo call's rep voice joins their profile
            except DuplicateCallError as error:
                outcome = self.quarantine(work, "duplicate", str(error), transcript.call_id)
            except CallDataError as error:  # this call's data broke a constraint: its problem, not the batch's
                outcome = self.quarantine(work, "unexpected", f"cannot load: {error}", transcript.call_id)
        if transcript is not None:
            outcome.audio_seconds = audio_seconds(transcript)
        outcome.stage_seconds = {**prepared.stage_seconds, "load": time.perf_counter() - started}
        self.refresh_snapshot()
        return outcome

    def fail(self, work: WorkItem, error: BaseException | str) -> ItemOutcome:
        """Quarantine an item whose preparation kept failing unexpectedly (retries spent)."""
        attempts = self.settings.batch.retries + 1
        described = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
        reason = f"{described} (failed {attempts} time{'s' if attempts > 1 else ''})"
        return self.quarantine(work, "unexpected", reason, work.call_id)

    def quarantine(self, work: WorkItem, kind: str, reason: str, call_id: str | None) -> ItemOutcome:
        self.store.quarantine(work.path, work.content_hash, kind, reason, call_id, run_id=self.run.run_id)
        return ItemOutcome(work.path, "quarantined", call_id, reason, kind)

    def refresh_snapshot(self, force: bool = False) -> None:
        """Copy the database for analysts, at most every `snapshot_interval_s` unless forced."""
        if not self.settings.batch.snapshot:
            return
        if not force and time.monotonic() - self._last_snapshot < self.settings.batch.snapshot_interval_s:
            return
        started = time.perf_counter()
        try:
            self.store.refresh_snapshot(self.settings.analyst_snapshot)
        except (OSError, StoreBusyError, StoreWriteError) as error:
            # Analysts keep the previous copy; loading calls matters more than a fresh copy.
            print(f"coachloop: analyst snapshot not refreshed: {error}", file=sys.stderr)
        self.snapshot_seconds += time.perf_counter() - started
        self._last_snapshot = time.monotonic()


def finish_batch(
    settings: Settings,
    run: BatchRun,
    plan: BatchPlan,
    outcomes: list[ItemOutcome],
    writer: BatchWriter,
    models_seconds: float = 0.0,
) -> BatchReport:
    """Record what the run did, then refresh the analysts' snapshot so that it shows this run too."""
    # Coaching plans whose apply-on call is now loaded are inspected before the run is recorded.
    inspect_due_plans(writer.store, run_id=run.run_id)
    # Also after a run that loaded nothing: a run stopped before this step left its calls in the tail.
    writer.store.cluster_by_rep()  # this run's moments and counts join their reps' rows once the tail has grown
    stage_seconds = dict.fromkeys(STAGES, 0.0)
    stage_seconds["discover"] = plan.discover_seconds
    stage_seconds["models"] = models_seconds
    stage_seconds["snapshot"] = writer.snapshot_seconds
    for outcome in outcomes:
        for stage, seconds in outcome.stage_seconds.items():
            stage_seconds[stage] = stage_seconds.get(stage, 0.0) + seconds
    report = BatchReport(
        run=run,
        discovered=plan.discovered,
        outcomes=sorted(plan.skipped + outcomes, key=lambda outcome: outcome.path),
        wall_seconds=(_utc_now() - run.started_at).total_seconds(),
        stage_seconds=stage_seconds,
        redactions=writer.redaction.as_dict(),
    )
    writer.store.record_run(_run_row(run, report))
    if settings.batch.snapshot:
        writer.refresh_snapshot(force=True)
        report.stage_seconds["snapshot"] = writer.snapshot_seconds
        writer.store.record_run(_run_row(run, report))
    return report


def fail_batch(settings: Settings, run: BatchRun, error: BaseException) -> None:
    """Record that the run stopped on `error` (best effort: the database may be the problem)."""
    try:
        _store(settings).record_run(_run_row(run, error=error))
    except Exception as record_error:  # noqa: BLE001 - the original error matters more
        print(f"coachloop: could not record the failed run: {record_error}", file=sys.stderr)


def run_batch(
    settings: Settings, progress: BatchProgress | None = None, analyzer: Analyzer | None = None
) -> BatchReport:
    """The whole batch without Prefect: up to `batch.workers` calls prepared at once, one writer."""
    workers = resolve_workers(settings.batch.workers)
    run = start_batch(settings, "plain", "thread", workers)
    try:
        plan = plan_batch(settings, run.roster)
        models_seconds = load_models(settings) if plan.pending and analyzer is None else 0.0
        if progress:
            progress.planned(plan)
        writer = BatchWriter(settings, run)
        outcomes: list[ItemOutcome] = []
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="prepare")
        try:
            futures = {pool.submit(prepare_with_retries, work, settings, analyzer): work for work in plan.pending}
            # Written in inbox order, not as they finish: when two files claim one call id, the
            # first by name is loaded and the other quarantined, whatever the timing.
            for future in futures:
                try:
                    prepared = future.result()
                except Exception as error:  # noqa: BLE001 - a failure of one item is recorded, not fatal
                    if is_fatal(error):
                        raise
                    outcome = writer.fail(futures[future], error)
                else:
                    outcome = writer.write(prepared)
                outcomes.append(outcome)
                if progress:
                    progress.item_done(outcome)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return finish_batch(settings, run, plan, outcomes, writer, models_seconds)
    except BaseException as error:
        fail_batch(settings, run, error)
        raise
