"""Call transcripts as conversation-intelligence tools export them: Gong's call-transcript shape.

    {"callTranscripts": [{"callId": "7782342274025937895",
                          "transcript": [{"speakerId": "6432345678555530067", "topic": "Pricing",
                                          "sentences": [{"start": 460230, "end": 462343, "text": "..."}]}]}],
     "parties": [{"speakerId": "6432345678555530067", "name": "Ana Lopez", "affiliation": "Internal"}]}

Times are milliseconds. A monologue (one speaker's stretch) is one cue. Speaker ids become names
through `parties`, as Gong's extensive call data lists them (top level, or under `calls[0]`);
without them every speaker is `unknown`. Its `metaData.started` is the call's start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.errors import TranscriptError
from pipeline.ingest.cues import Cue, clean_text


def is_gong_export(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("callTranscripts"), list)


def _call_record(data: dict) -> dict:
    calls = data.get("calls")
    return calls[0] if isinstance(calls, list) and calls and isinstance(calls[0], dict) else {}


def gong_parties(data: dict) -> list[dict]:
    """The call's parties (speakerId, name, affiliation) that have a speaker id and a name."""
    parties = data.get("parties") or _call_record(data).get("parties") or []
    return [p for p in parties if isinstance(p, dict) and p.get("speakerId") and isinstance(p.get("name"), str)]


def gong_call(data: dict, path: Path) -> tuple[str, str | None]:
    """(Gong call id, start time) of a single-call export."""
    calls = data["callTranscripts"]
    if len(calls) != 1 or not isinstance(calls[0], dict):
        raise TranscriptError(path, f"expected one call in callTranscripts, found {len(calls)}", "callTranscripts")
    call_id = calls[0].get("callId")
    if not isinstance(call_id, str | int) or not str(call_id).strip():
        raise TranscriptError(path, "missing callId", "callTranscripts[0].callId")
    started = (_call_record(data).get("metaData") or {}).get("started")
    return str(call_id), started if isinstance(started, str) else None


def _milliseconds(value: Any, path: Path, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise TranscriptError(path, f"expected a time in milliseconds, got {value!r}", where)
    return value / 1000


def gong_cues(data: dict, path: Path) -> tuple[list[Cue], list[str]]:
    """The cues (one per monologue) and the topics in the order they come up."""
    gong_call(data, path)
    names = {str(p["speakerId"]): p["name"].strip() for p in gong_parties(data)}
    monologues = data["callTranscripts"][0].get("transcript")
    if not isinstance(monologues, list):
        raise TranscriptError(path, "expected a list of monologues", "callTranscripts[0].transcript")
    cues: list[Cue] = []
    topics: list[str] = []
    for index, monologue in enumerate(monologues):
        where = f"callTranscripts[0].transcript[{index}]"
        sentences = monologue.get("sentences") if isinstance(monologue, dict) else None
        if not isinstance(sentences, list):
            raise TranscriptError(path, "expected a monologue with a list of sentences", where)
        texts, start, end = [], None, None
        for number, sentence in enumerate(sentences):
            at = f"{where}.sentences[{number}]"
            if not isinstance(sentence, dict) or not isinstance(sentence.get("text"), str):
                raise TranscriptError(path, "expected a sentence with start, end and text", at)
            s_start = _milliseconds(sentence.get("start"), path, f"{at}.start")
            s_end = _milliseconds(sentence.get("end"), path, f"{at}.end")
            if s_end < s_start:
                raise TranscriptError(path, f"sentence ends ({s_end:.3f}s) before it starts ({s_start:.3f}s)", at)
            texts.append(sentence["text"])
            start = s_start if start is None else min(start, s_start)
            end = s_end if end is None else max(end, s_end)
        text = clean_text(" ".join(texts))
        if text:
            cues.append(Cue(start, end, names.get(str(monologue.get("speakerId"))), text, where))
            topic = monologue.get("topic")
            if isinstance(topic, str) and topic and topic not in topics:
                topics.append(topic)
    return cues, topics
