"""What every command group shares: the consoles, settings from the flags, the database, exit codes."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from pipeline.config import Settings, load_settings
from pipeline.errors import CoachloopError

EXIT_INPUT_ERROR = 1
EXIT_BELOW_TARGET = 4

err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)


def settings_from(args: argparse.Namespace) -> Settings:
    """The settings file, the environment, then whichever of these flags the command has."""
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


def existing_database(settings: Settings) -> None:
    """Refuse a command that only reads what `coachloop run` loaded when nothing was loaded yet."""
    if not settings.db_path.exists():
        raise CoachloopError(f"{settings.db_path} does not exist yet: run `coachloop run` first")


def open_store(settings: Settings):
    """The configured database, its schema brought up to date (created when missing)."""
    from pipeline.store import Store  # the store imports DuckDB: only for the commands that use it

    store = Store(settings.db_path, settings.store)
    store.migrate()
    return store


def fmt_time(seconds: float | None) -> str:
    """mm:ss.s of a moment in a call."""
    if seconds is None:
        return "--:--"
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes):02d}:{rest:04.1f}"


def whisper_flags(command: argparse.ArgumentParser) -> None:
    """The speech model's flags, for the commands that may transcribe."""
    command.add_argument("--model", help="faster-whisper model: tiny.en (bundled), a size name or a model folder")
    command.add_argument("--device", help="cpu, cuda or auto")
    command.add_argument("--compute-type", dest="compute_type", help="int8, int8_float16, float16, float32")
    command.add_argument("--beam-size", dest="beam_size", type=int)
    command.add_argument("--threads", type=int, help="CPU threads for the speech model")
