"""Suggested diagnoses and practice, built from a finding's evidence: who said what, at which moment.

The manager starts from the suggestion and one keystroke records it, so it may only say what the
evidence holds: the coaching reference's first rule is that an observation is specific and
true. "When the buyer pushed on price, you offered a concession" is not true of a call where
the buyer volunteered a discount; the finding's evidence there is the rep's concession alone,
so the sentence is "At 01:00 you offered a concession (“…”) before tying the price to …".

Each sentence comes from the template of its behaviour and evidence shape
(`suggestion_templates`), filled with the evidence utterances' times, speakers and words, and
comes with its claims: which utterance the sentence says is evidence of which event, so tests
check every claim against the call.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pipeline.coaching.suggestion_templates import (
    FALLBACK,
    FALLBACK_PRACTICE,
    FALLBACK_PRACTICE_WITH_MOMENT,
    FALLBACK_WITH_MOMENT,
    TEMPLATES,
    Template,
)
from pipeline.coaching.wording import behaviour_label, mm_ss
from pipeline.errors import NotFound
from pipeline.store import Store
from pipeline.store.queue import finding_evidence

QUOTE_MAX_CHARS = 90
SPEAKER_WORDS = {"rep": ("you", "your"), "buyer": ("the buyer", "the buyer's")}
UNKNOWN_SPEAKER_WORDS = ("someone on the call", "the")


@dataclass(frozen=True)
class Claim:
    """What a sentence says of one evidence utterance."""

    event: str  # what the utterance is evidence of: "concession", "price_pushback", ...
    utterance: int  # its index in the call, one of the finding's evidence
    speaker: str  # rep | buyer | unknown, as stored
    at: str  # its start as the sentence gives it (mm:ss)
    quote: str  # the words the sentence quotes; "" when it gives only the time


@dataclass(frozen=True)
class Suggestion:
    text: str
    claims: tuple[Claim, ...] = ()


def suggested_diagnosis(finding: Mapping, utterances: Iterable[Mapping]) -> Suggestion:
    """The diagnosis (gap) or strength (met) to start the manager's wording from.

    `finding` as stored (behaviour, verdict, evidence, missing, detector); `utterances` the
    call's utterances as stored (idx, speaker, start, text), at least the evidence ones."""
    return _suggest(finding, utterances, "diagnosis")


def suggested_practice(finding: Mapping, utterances: Iterable[Mapping]) -> Suggestion:
    """The alternative behaviour to practise, replaying the moment of the evidence."""
    return _suggest(finding, utterances, "practice")


def practice_for(store: Store, manager_id: str, call_id: str, behaviour: str) -> Suggestion:
    """The practice suggestion for one finding of the manager's team, read from the store.

    A finding gone since the diagnosis (the call erased or analysed again) leaves the sentence
    for the manager to complete."""
    try:
        found = finding_evidence(store, manager_id, call_id, behaviour)
    except NotFound:
        return Suggestion(FALLBACK_PRACTICE)
    return suggested_practice(found["finding"], found["utterances"])


def template_for(finding: Mapping, utterances: Mapping[int, Mapping]) -> Template | None:
    """The first template that reads this finding's evidence shape, or None."""
    evidence = list(finding.get("evidence") or [])
    missing = tuple(sorted(finding.get("missing") or []))
    first = utterances.get(evidence[0]) if evidence else None
    version = _rules_version(finding.get("detector"))
    for template in TEMPLATES:
        count = len(template.events)
        if (
            template.behaviour == finding["behaviour"]
            and template.verdict == _verdict(finding)
            and (len(evidence) >= count if template.more else len(evidence) == count)
            and template.missing in (None, missing)
            and (template.speaker is None or (first is not None and first["speaker"] == template.speaker))
            and version >= template.since_version
            and all(index in utterances for index in evidence[:count])
        ):
            return template
    return None


def _suggest(finding: Mapping, utterances: Iterable[Mapping], kind: str) -> Suggestion:
    by_index = {int(u["idx"]): u for u in utterances}
    evidence = list(finding.get("evidence") or [])
    template = template_for(finding, by_index)
    if template is not None:
        events = template.events
        text = template.diagnosis if kind == "diagnosis" else template.practice
    elif evidence and evidence[0] in by_index:
        events = ("said",)
        fallback = FALLBACK_WITH_MOMENT if kind == "diagnosis" else None
        text = fallback[_verdict(finding)] if fallback else FALLBACK_PRACTICE_WITH_MOMENT
    else:
        events = ()
        text = FALLBACK[_verdict(finding)] if kind == "diagnosis" else FALLBACK_PRACTICE
    return _fill(text, [(event, evidence[i], by_index[evidence[i]]) for i, event in enumerate(events)], finding)


def _fill(text: str, moments: list[tuple[str, int, Mapping]], finding: Mapping) -> Suggestion:
    """The sentence with each moment's time, words and speaker in, and a claim per moment it names."""
    values = {"Behaviour": behaviour_label(finding["behaviour"]).capitalize()}
    named = {int(field[-1]) for _, field, _, _ in string.Formatter().parse(text) if field and field[-1].isdigit()}
    claims = []
    for position, (event, index, utterance) in enumerate(moments):
        who, whose = SPEAKER_WORDS.get(utterance["speaker"], UNKNOWN_SPEAKER_WORDS)
        at, quote = mm_ss(utterance["start"]), _short(utterance["text"])
        values |= {f"at{position}": at, f"quote{position}": quote, f"who{position}": who, f"whose{position}": whose}
        if position in named:
            quoted = quote if f"{{quote{position}}}" in text else ""
            claims.append(Claim(event, index, utterance["speaker"], at, quoted))
    return Suggestion(_sentence_case(text.format(**values)), tuple(claims))


def _verdict(finding: Mapping) -> str:
    return "met" if finding["verdict"] == "met" else "gap"


def _rules_version(detector: str | None) -> int:
    """The rules file version in a detector name ("executive_next_step@2+act_head@1" -> 2); 1 if unknown."""
    found = re.match(r"[^@+]+@(\d+)", detector or "")
    return int(found.group(1)) if found else 1


def _short(text: str | None, limit: int = QUOTE_MAX_CHARS) -> str:
    """The utterance's words, cut after the last whole word that fits (the page shows them all)."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + "…"


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]
