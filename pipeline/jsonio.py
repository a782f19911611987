"""The one place where domain objects become JSON and JSON becomes domain objects.

Readers validate as they go and raise `TranscriptError` naming the file and the field.
Unknown keys are ignored so that files may carry labels or notes.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pipeline.errors import MetadataError, TranscriptError
from pipeline.model import (
    CALL_TYPES,
    REP_CHANNELS,
    SPEAKERS,
    CallAnalysis,
    CallMetadata,
    CallMetrics,
    Finding,
    Transcript,
    Utterance,
    Word,
)


def load_json_file(path: Path, error: type = TranscriptError) -> Any:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise error(path, f"cannot read file: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(path, f"not UTF-8 text (byte {exc.start})") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(path, f"invalid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from exc


def _number(value: Any, path: Path | None, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TranscriptError(path, f"expected a number of seconds, got {value!r}", where)
    if value != value or value < 0:  # NaN or negative
        raise TranscriptError(path, f"time must be a non-negative number, got {value!r}", where)
    return float(value)


def _optional_str(data: dict, key: str, path: Path | None, where: str, error: type) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise error(path, f"{key} must be a string, got {value!r}", where)
    return value


def _optional_number(data: dict, key: str, path: Path | None, error: type) -> float | None:
    value = data.get(key)
    if isinstance(value, str):  # a manifest row holds text
        try:
            value = float(value.replace(",", "")) if value.strip() else None
        except ValueError:
            raise error(path, f"{key} must be a number, got {value!r}", key) from None
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise error(path, f"{key} must be a non-negative number, got {value!r}", key)
    return float(value)


def _check_id(value: str, key: str, path: Path | None, error: type) -> str:
    """An id names files and URLs later (reports, recordings): no path separators, no control characters."""
    if (
        value in (".", "..")
        or any(char in value for char in "/\\")
        or any(ord(char) < 32 or ord(char) == 127 for char in value)
    ):
        raise error(path, f"{key} {value!r} may not hold '/', '\\', control characters or be '.' or '..'", key)
    return value


def word_from_dict(data: Any, path: Path | None, where: str) -> Word:
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise TranscriptError(path, "a word needs a text string", where)
    probability = data.get("probability")
    return Word(
        text=data["text"],
        start=_number(data.get("start"), path, f"{where}.start"),
        end=_number(data.get("end"), path, f"{where}.end"),
        probability=float(probability) if isinstance(probability, (int, float)) else None,
    )


def utterance_from_dict(data: Any, path: Path | None, where: str) -> Utterance:
    if not isinstance(data, dict):
        raise TranscriptError(path, "an utterance must be an object", where)
    speaker = data.get("speaker")
    if speaker not in SPEAKERS:
        raise TranscriptError(path, f"speaker must be one of {', '.join(SPEAKERS)}, got {speaker!r}", where)
    text = data.get("text")
    if not isinstance(text, str):
        raise TranscriptError(path, f"text must be a string, got {text!r}", where)
    start = _number(data.get("start"), path, f"{where}.start")
    end = _number(data.get("end"), path, f"{where}.end")
    if end < start:
        raise TranscriptError(path, f"end {end} is before start {start}", where)
    words_data = data.get("words") or []
    if not isinstance(words_data, list):
        raise TranscriptError(path, "words must be a list", f"{where}.words")
    confidence = data.get("speaker_confidence")
    return Utterance(
        speaker=speaker,
        start=start,
        end=end,
        text=text,
        speaker_name=_optional_str(data, "speaker_name", path, where, TranscriptError),
        words=[word_from_dict(w, path, f"{where}.words[{i}]") for i, w in enumerate(words_data)],
        speaker_confidence=float(confidence) if isinstance(confidence, (int, float)) else None,
    )


def transcript_from_dict(data: Any, path: Path | None = None) -> Transcript:
    if not isinstance(data, dict):
        raise TranscriptError(path, "a transcript must be a JSON object")
    for key in ("call_id", "rep_id"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise TranscriptError(path, f"missing or empty {key}", key)
        _check_id(data[key], key, path, TranscriptError)
    utterances = data.get("utterances")
    if not isinstance(utterances, list):
        raise TranscriptError(path, "missing utterances list", "utterances")
    call_type = data.get("call_type") or "other"
    if call_type not in CALL_TYPES:
        raise TranscriptError(path, f"call_type must be one of {', '.join(CALL_TYPES)}, got {call_type!r}", "call_type")
    source = data.get("source") if isinstance(data.get("source"), dict) else {}
    return Transcript(
        call_id=data["call_id"],
        rep_id=data["rep_id"],
        utterances=[utterance_from_dict(u, path, f"utterances[{i}]") for i, u in enumerate(utterances)],
        started_at=_optional_str(data, "started_at", path, "started_at", TranscriptError),
        call_type=call_type,
        deal_id=_optional_str(data, "deal_id", path, "deal_id", TranscriptError),
        deal_stage=_optional_str(data, "deal_stage", path, "deal_stage", TranscriptError),
        account_name=_optional_str(data, "account_name", path, "account_name", TranscriptError),
        list_price=_optional_number(data, "list_price", path, TranscriptError),
        source=source,
    )


def metadata_from_dict(data: Any, path: Path | None = None) -> CallMetadata:
    """Validate an inbox sidecar or manifest row."""
    if not isinstance(data, dict):
        raise MetadataError(path, "metadata must be a JSON object")
    for key in ("call_id", "rep_id"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise MetadataError(path, f"missing or empty {key}", key)
        _check_id(data[key].strip(), key, path, MetadataError)
    call_type = data.get("call_type") or "other"
    if call_type not in CALL_TYPES:
        raise MetadataError(path, f"call_type must be one of {', '.join(CALL_TYPES)}, got {call_type!r}", "call_type")
    rep_channel = data.get("rep_channel") or "left"
    if rep_channel not in REP_CHANNELS:
        raise MetadataError(
            path, f"rep_channel must be one of {', '.join(REP_CHANNELS)}, got {rep_channel!r}", "rep_channel"
        )
    return CallMetadata(
        call_id=data["call_id"].strip(),
        rep_id=data["rep_id"].strip(),
        started_at=_optional_str(data, "started_at", path, "started_at", MetadataError),
        call_type=call_type,
        rep_channel=rep_channel,
        rep_name=_optional_str(data, "rep_name", path, "rep_name", MetadataError),
        deal_id=_optional_str(data, "deal_id", path, "deal_id", MetadataError),
        deal_stage=_optional_str(data, "deal_stage", path, "deal_stage", MetadataError),
        account_name=_optional_str(data, "account_name", path, "account_name", MetadataError),
        list_price=_optional_number(data, "list_price", path, MetadataError),
    )


def _drop_none(data: dict) -> dict:
    return {key: value for key, value in data.items() if value is not None}


def utterance_to_dict(utterance: Utterance) -> dict:
    data = _drop_none(
        {
            "speaker": utterance.speaker,
            "speaker_name": utterance.speaker_name,
            "start": round(utterance.start, 3),
            "end": round(utterance.end, 3),
            "text": utterance.text,
            "speaker_confidence": utterance.speaker_confidence,
        }
    )
    if utterance.words:
        data["words"] = [_drop_none(asdict(word)) for word in utterance.words]
    return data


def transcript_to_dict(transcript: Transcript) -> dict:
    data = _drop_none(
        {
            "call_id": transcript.call_id,
            "rep_id": transcript.rep_id,
            "started_at": transcript.started_at,
            "call_type": transcript.call_type,
            "deal_id": transcript.deal_id,
            "deal_stage": transcript.deal_stage,
            "account_name": transcript.account_name,
            "list_price": transcript.list_price,
        }
    )
    data["utterances"] = [utterance_to_dict(u) for u in transcript.utterances]
    if transcript.source:
        data["source"] = transcript.source
    return data


def finding_to_dict(finding: Finding) -> dict:
    return {
        "behaviour": finding.behaviour,
        "verdict": finding.verdict,
        "evidence": list(finding.evidence),
        "missing": list(finding.missing),
        "start": finding.start,
        "end": finding.end,
        "quote": finding.quote,
        "confidence": round(finding.confidence, 3),
        "detector": finding.detector,
    }


def metrics_to_dict(metrics: CallMetrics) -> dict:
    return asdict(metrics)


def analysis_to_dict(analysis: CallAnalysis) -> dict:
    return {
        "call_id": analysis.call_id,
        "findings": [finding_to_dict(f) for f in analysis.findings],
        "metrics": metrics_to_dict(analysis.metrics),
    }


def dumps_line(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
