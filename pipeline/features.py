"""Utterance features from the pattern pass: dialogue acts (regular expressions from
`rules/acts.yaml`), questions, dates and commitments.

This is the first, transparent pass; the spaCy and classifier passes add evidence on top of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipeline.metrics import is_question, sentences
from pipeline.model import Transcript, UtteranceFeatures
from pipeline.rules import RuleError

PATTERN_CONFIDENCE = 0.8

_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri)"
_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)"
_SPECIFIC_DATE = re.compile(
    rf"\b(?:{_WEEKDAY}|tomorrow|today at|tonight|{_MONTH}\.? \d{{1,2}}(?:st|nd|rd|th)?|"
    rf"(?:the )?\d{{1,2}}(?:st|nd|rd|th)\b(?: of {_MONTH})?|\d{{1,2}}/\d{{1,2}}|"
    r"\d{1,2}(?::\d{2})? ?(?:am|pm|a\.m\.|p\.m\.)|at \d{1,2}(?::\d{2})?\b|noon)",
    re.IGNORECASE,
)
_VAGUE_DATE = re.compile(
    r"\b(?:soon|sometime|some time|at some point|in a (?:few|couple of) (?:days|weeks|months)|next (?:week|month|quarter)|"
    r"after the holidays|down the road|early next|later (?:this|next)|end of (?:the )?(?:month|quarter)|in the new year)\b",
    re.IGNORECASE,
)
_NEGATED_COMMITMENT = re.compile(
    r"\b(?:i|we) (?:won'?t|will not|can'?t|cannot|am not going to|'m not going to)\b", re.IGNORECASE
)
_FIRST_PERSON_COMMITMENT = re.compile(
    r"\b(?:i'?ll|i will|i'?m going to|i am going to|let me|we'?ll|we will|i can)\s+(?:\w+\s+)?"
    r"(?:send|share|email|book|schedule|set up|get|loop|follow|call|bring|review|put|prepare|draft|invite|check|run|confirm|talk|present)\b",
    re.IGNORECASE,
)
_NAMED_COMMITMENT = re.compile(
    r"\b([A-Z][a-z]+) (?:will|is going to|'ll|can) (?:\w+ )?(?:send|share|review|book|schedule|set up|get|join|bring|sign|confirm|look|run)\b"
)
_ASSIGNED_COMMITMENT = re.compile(
    r"\b(?:can|could|will|would) you (?:\w+ )?(?:send|share|book|schedule|set up|get|loop|bring|review|confirm|invite)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ActPattern:
    act: str
    speaker: str
    patterns: tuple[re.Pattern, ...]
    unless: tuple[re.Pattern, ...]

    def matches(self, speaker: str, text: str) -> str | None:
        """The id of the first matching pattern, or None."""
        if self.speaker != "any" and self.speaker != speaker:
            return None
        if any(p.search(text) for p in self.unless):
            return None
        for number, pattern in enumerate(self.patterns):
            if pattern.search(text):
                return f"pattern:{self.act}#{number}"
        return None


def load_act_patterns(rules_dir: Path) -> list[ActPattern]:
    path = Path(rules_dir) / "acts.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleError(f"{path}: {exc}") from exc
    act_patterns = []
    for act, spec in (data.get("acts") or {}).items():
        try:
            act_patterns.append(
                ActPattern(
                    act=act,
                    speaker=spec.get("speaker", "any"),
                    patterns=tuple(re.compile(p, re.IGNORECASE) for p in spec["patterns"]),
                    unless=tuple(re.compile(p, re.IGNORECASE) for p in spec.get("unless", ())),
                )
            )
        except (KeyError, TypeError, re.error) as exc:
            raise RuleError(f"{path}: act {act!r}: {exc}") from exc
    return act_patterns


def date_mention(text: str) -> tuple[str | None, str | None]:
    """('specific' | 'vague' | None, the words that said so)."""
    specific = _SPECIFIC_DATE.search(text)
    if specific:
        return "specific", specific.group(0)
    vague = _VAGUE_DATE.search(text)
    if vague:
        return "vague", vague.group(0)
    return None, None


def commitment_owner(speaker: str, text: str) -> str | None:
    """Who commits to an action in the utterance: the speaker ("I'll send"), a named person, or the other side."""
    if _NEGATED_COMMITMENT.search(text) and not _FIRST_PERSON_COMMITMENT.search(_NEGATED_COMMITMENT.sub("", text)):
        return None
    if _FIRST_PERSON_COMMITMENT.search(text):
        return speaker
    named = _NAMED_COMMITMENT.search(text)
    if named:
        return named.group(1)
    if _ASSIGNED_COMMITMENT.search(text):
        return "buyer" if speaker == "rep" else "rep"
    return None


def pattern_features(transcript: Transcript, act_patterns: list[ActPattern]) -> list[UtteranceFeatures]:
    result = []
    for utterance in transcript.utterances:
        features = UtteranceFeatures()
        for act_pattern in act_patterns:
            source = act_pattern.matches(utterance.speaker, utterance.text)
            if source:
                features.acts[act_pattern.act] = PATTERN_CONFIDENCE
                features.act_sources[act_pattern.act] = source
        features.question = any(is_question(s) for s in sentences(utterance.text))
        features.date, features.date_text = date_mention(utterance.text)
        features.owner = commitment_owner(utterance.speaker, utterance.text)
        result.append(features)
    return result
