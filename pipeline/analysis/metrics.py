"""Conversation metrics of one call (rep side unless named), as defined in DESIGN.md."""

from __future__ import annotations

import re

from pipeline.model import CallMetrics, Transcript, Utterance

_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
# Openers of a question when ASR dropped the question mark.
_QUESTION_OPENERS = re.compile(
    r"^(?:(?:so|and|but|okay|ok|um|uh|well|now|right)[, ]+)*"
    r"(?:what|who|whom|whose|which|when|where|why|how|"
    r"do|does|did|are|is|was|were|can|could|would|will|should|have|has|had|may|might|shall|"
    r"any|anything|anyone)\b",
    re.IGNORECASE,
)
# ... unless it opens a statement that names a thing by what someone does, then says what it is (a
# pseudo-cleft): "so what we do is a sheet cut to your size", "how it works is you scan the tote",
# "what you'd get is the app"; "what you pay is that per month", "how you doing" still ask
_CLEFT_STATEMENT = re.compile(
    r"^(?:(?:so|and|but|okay|ok|um|uh|well|now|right)[, ]+)*"
    r"(?:what|how)\s+(?:we|i|you|they|it|he|she)(?:'d|'ll|d)?\s+(?:[\w']+\s+){1,4}?(?:is|was)\b"
    r"(?!\s+(?:it|that|there|he|she|they)\b)",
    re.IGNORECASE,
)


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text.strip()) if part.strip()]


def is_question(sentence: str) -> bool:
    """A sentence is a question if it ends with '?' or, lacking end punctuation (raw ASR), opens like one."""
    sentence = sentence.strip()
    if sentence.endswith("?"):
        return True
    if sentence.endswith((".", "!")):
        return False
    return bool(_QUESTION_OPENERS.match(sentence)) and not _CLEFT_STATEMENT.match(sentence)


def count_questions(text: str) -> int:
    return sum(is_question(sentence) for sentence in sentences(text))


def _speaking_seconds(utterances: list[Utterance]) -> float:
    """Length of the union of the utterances' intervals, so that overlaps are not counted twice."""
    total, covered_until = 0.0, float("-inf")
    for utterance in sorted(utterances, key=lambda u: u.start):
        start = max(utterance.start, covered_until)
        if utterance.end > start:
            total += utterance.end - start
        covered_until = max(covered_until, utterance.end)
    return total


def compute_metrics(transcript: Transcript) -> CallMetrics:
    timeline = sorted(transcript.utterances, key=lambda u: (u.start, u.end))
    by_speaker: dict[str, list[Utterance]] = {}
    for utterance in timeline:
        by_speaker.setdefault(utterance.speaker, []).append(utterance)
    seconds_by_speaker = {speaker: _speaking_seconds(items) for speaker, items in by_speaker.items()}
    all_speaking = sum(seconds_by_speaker.values())
    rep_speaking = seconds_by_speaker.get("rep", 0.0)

    longest_monologue = 0.0
    run_start: float | None = None
    run_end = 0.0
    for utterance in timeline:
        if utterance.speaker == "rep":
            if run_start is None:
                run_start = utterance.start
            run_end = max(run_end, utterance.end)
            longest_monologue = max(longest_monologue, run_end - run_start)
        else:
            run_start, run_end = None, 0.0

    switches = sum(1 for a, b in zip(timeline, timeline[1:], strict=False) if a.speaker != b.speaker)
    call_minutes = (timeline[-1].end - timeline[0].start) / 60 if timeline else 0.0

    pauses = [
        max(0.0, b.start - a.end)
        for a, b in zip(timeline, timeline[1:], strict=False)
        if a.speaker == "buyer" and b.speaker == "rep"
    ]

    return CallMetrics(
        talk_ratio=round(rep_speaking / all_speaking, 4) if all_speaking > 0 else None,
        longest_monologue_s=round(longest_monologue, 2),
        rep_questions=sum(count_questions(u.text) for u in timeline if u.speaker == "rep"),
        interactivity=round(switches / call_minutes, 2) if call_minutes > 0 else 0.0,
        patience_s=round(sum(pauses) / len(pauses), 2) if pauses else None,
    )
