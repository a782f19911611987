"""Inboxes for the batch tests, built from the sample transcripts (no audio needed)."""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from pipeline.batch import nightly as batch
from pipeline.config import Settings, load_settings
from tests.support.paths import SAMPLES

SAMPLE_TRANSCRIPTS = sorted((SAMPLES / "transcripts").glob("*.json"))


def copy_samples(inbox: Path, count: int | None = None) -> list[Path]:
    inbox.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy(path, inbox / path.name)) for path in SAMPLE_TRANSCRIPTS[:count]]


def inbox_with_ana_again(folder: Path, call_id: str = "c-2026-11-20-0100", sample: str = "ana-demo-oakridge") -> Path:
    """An inbox holding one new call of Ana's: her sample demo (or another sample's rep's `sample`)
    under another call id."""
    inbox = folder / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    call = json.loads((SAMPLES / "transcripts" / f"{sample}.json").read_text())
    call["call_id"] = call_id
    (inbox / f"{sample}-again.json").write_text(json.dumps(call))
    return inbox


def replicate_samples(inbox: Path, count: int, weeks_back: int = 0, utterances: int | None = None) -> list[str]:
    """`count` transcripts cycling over the samples, each with a new call id; with `weeks_back`,
    copy k of the samples is dated k weeks earlier (k < weeks_back), so that trends have history;
    with `utterances`, each call keeps only its first few (quicker to analyse)."""
    inbox.mkdir(parents=True, exist_ok=True)
    call_ids = []
    for index in range(count):
        source = SAMPLE_TRANSCRIPTS[index % len(SAMPLE_TRANSCRIPTS)]
        data = json.loads(source.read_text())
        copy = index // len(SAMPLE_TRANSCRIPTS)
        data["call_id"] = f"{data['call_id']}-r{index:03d}"
        data["utterances"] = data["utterances"][:utterances]
        if weeks_back:
            started = datetime.fromisoformat(data["started_at"].replace("Z", "+00:00"))
            data["started_at"] = (started - timedelta(weeks=copy % weeks_back)).strftime("%Y-%m-%dT%H:%M:%SZ")
        (inbox / f"r{index:03d}-{source.name}").write_text(json.dumps(data))
        call_ids.append(data["call_id"])
    return call_ids


def write_vtt_call(inbox: Path, name: str, call_id: str, rep_id: str = "rep_ana", sidecar: bool = True) -> Path:
    path = inbox / f"{name}.vtt"
    path.write_text(
        "WEBVTT\n\n00:00:00.000 --> 00:00:04.000\nAna Lopez: Who else signs off on this?\n\n"
        "00:00:05.000 --> 00:00:08.000\nSam Berg: Our CFO, Dana.\n\n"
        "00:00:09.000 --> 00:00:12.000\nAna Lopez: Great, I will send the proposal to Dana on Thursday.\n"
    )
    if sidecar:
        (inbox / f"{name}.json").write_text(
            json.dumps(
                {
                    "call_id": call_id,
                    "rep_id": rep_id,
                    "rep_name": "Ana Lopez",
                    "call_type": "discovery",
                    "started_at": "2026-11-03T10:00:00Z",
                }
            )
        )
    return path


def tree_digest(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder`: the batch must never modify or delete a source."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def batch_settings(tmp_path: Path, inbox: Path, **batch) -> Settings:
    """Settings for a test batch: its own database, no retry delay."""
    settings = load_settings(inbox_dir=str(inbox), db_path=str(tmp_path / "coachloop.duckdb"))
    return replace(settings, batch=replace(settings.batch, **{"retry_delay_s": 0.0, **batch}))


def failing_reads(monkeypatch, flaky: str, broken: str, error: Exception) -> dict[str, int]:
    """Make reading `flaky` fail once and `broken` every time with `error` (a file system that
    hiccups: the edge the batch does not own). Returns the attempts per path, filled as it runs."""
    attempts = {flaky: 0, broken: 0}
    real_load = batch.load_transcript

    def load(item, transcribe_settings, rep_voice=None):
        attempts[str(item.path)] += 1
        if str(item.path) == broken or attempts[str(item.path)] == 1:
            raise error
        return real_load(item, transcribe_settings, rep_voice=rep_voice)

    monkeypatch.setattr(batch, "load_transcript", load)
    return attempts
