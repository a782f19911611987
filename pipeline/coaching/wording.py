"""Behavioural wording: the nudge away from personality words, behaviour names and moments as words.

A diagnosis says what the rep did at a moment ("when the buyer pushed on price you offered 10%
before restating the value"), not who the rep is ("you lack confidence"). The nudge flags words
that judge the person; the page's script runs the same check as the manager types (the lists
are sent to it). The suggested sentences, built from a finding's evidence, are in
`pipeline/coaching/suggestions.py`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime

PERSONALITY_WORDS = (
    "lazy", "nervous", "anxious", "insecure", "shy", "timid", "arrogant", "cocky", "pushy", "aggressive",
    "passive", "confident", "confidence", "unconfident", "natural", "talented", "gifted", "attitude",
    "personality", "careless", "sloppy", "disorganised", "disorganized", "unprofessional", "immature", "rude",
    "awkward", "clueless", "incompetent", "stupid", "dumb", "desperate", "scared", "afraid", "fearful",
    "unmotivated", "charismatic", "boring", "annoying", "people person", "not a closer", "born closer", "mindset", "uncomfortable",
)  # fmt: skip
# A behavioural statement names the moment; without one of these the page hints at it.
MOMENT_WORDS = ("when", "before", "after", "at", "instead", "without", "until", "while", "once")

_PERSONALITY = re.compile(r"\b(" + "|".join(map(re.escape, PERSONALITY_WORDS)) + r")\b", re.IGNORECASE)


def personality_words(text: str) -> list[str]:
    """The words in `text` that judge the person rather than describe a behaviour, in order, once each."""
    return list(dict.fromkeys(match.lower() for match in _PERSONALITY.findall(text or "")))


def nudge(words: list[str]) -> str:
    quoted = ", ".join(f"“{word}”" for word in words)
    return (
        f"{quoted} describes the person, not what they did. Say what the rep said or did at which moment, "
        "e.g. “When the buyer pushed on price, you offered 10% before restating the value.”"
    )


# Names whose words alone read wrong: the label people read instead.
LABELS = {"roi_in_buyer_numbers": "ROI in the buyer's numbers"}
# Words that are acronyms wherever they appear in a name.
ACRONYMS = {"roi": "ROI", "crm": "CRM", "cfo": "CFO", "ceo": "CEO", "cto": "CTO", "it": "IT", "poc": "POC"}
# What made a finding, by the parts of its detector string ("discount_before_value@1+act_head@2").
SOURCES = {"patterns-only": "rule", "act_head": "classifier", "screen": "screen", "prices": "price track"}


def behaviour_label(name: str | None) -> str:
    """A behaviour (or any snake_case name) as words: "budget_before_demo" -> "budget before demo",
    "roi_in_buyer_numbers" -> "ROI in the buyer's numbers".

    The one place names become words, for the reports, the app's pages and the concern texts."""
    if name in LABELS:
        return LABELS[name]
    return " ".join(ACRONYMS.get(word, word) for word in (name or "").split("_"))


def sentence_case(text: str | None) -> str:
    """The first letter upper case, the rest as written (unlike str.capitalize, "ROI" stays "ROI")."""
    text = text or ""
    return text[:1].upper() + text[1:]


def day(value: date | datetime | None) -> str:
    """The one date format people read: "2 Dec 2026"; "" when there is none."""
    if not isinstance(value, date | datetime):
        return ""
    return f"{value.day} {value:%b %Y}"


def day_and_time(value: date | datetime | None) -> str:
    """A date with its time of day, when it has one: "2 Dec 2026, 15:30"."""
    if not isinstance(value, datetime):
        return day(value)
    return f"{day(value)}, {value:%H:%M}"


def call_title(call: Mapping | object, with_rep: bool = True) -> str:
    """A call as people name it: "Ana's demo call, 10 Nov 2026" (deal and id are secondary detail).

    `call` (a row or an object) holds call_type, started_at and, with `with_rep`, rep_name (or rep_id)."""

    def get(name: str):
        return call.get(name) if isinstance(call, Mapping) else getattr(call, name, None)

    kind = behaviour_label(get("call_type") or "") or "other"
    when = day(get("started_at")) or "undated"
    rep = (get("rep_name") or get("rep_id")) if with_rep else None
    return f"{rep}'s {kind} call, {when}" if rep else f"{sentence_case(kind)} call, {when}"


def deal_name(deal_id: str | None, account_name: str | None = None) -> str:
    """A deal as people name it: its account first, the id as detail ("Oakridge Properties (deal d-1007)");
    "deal d-1007" when no account is known; "" without a deal."""
    if not deal_id:
        return ""
    return f"{account_name} (deal {deal_id})" if account_name else f"deal {deal_id}"


def call_words(call: Mapping | None, call_id: str | None = None) -> str:
    """A call inside a sentence: "the demo call of 10 Nov 2026"; "call <id>" when nothing names it.

    `call` holds call_type and started_at (a `calls_named` row, an inspection row)."""
    if call and (call.get("call_type") or call.get("started_at")):
        kind = behaviour_label(call.get("call_type") or "other")
        return f"the {kind} call of {day(call.get('started_at')) or 'an unknown day'}"
    return f"call {call_id}" if call_id else "a call"


def apply_on(plan: Mapping, calls: Mapping | None = None, accounts: Mapping | None = None) -> str:
    """Where the rep is to apply a plan (cycle), most specific first, in words.

    `calls` (call_id -> its row) and `accounts` (deal_id -> account name) name the call and the deal."""
    if plan.get("apply_call_id"):
        return call_words((calls or {}).get(plan["apply_call_id"]), plan["apply_call_id"])
    if plan.get("apply_deal_id"):
        return f"the next call on {deal_name(plan['apply_deal_id'], (accounts or {}).get(plan['apply_deal_id']))}"
    if plan.get("apply_date"):
        return f"the first call on or after {day(plan['apply_date'])}"
    return "not set"


def evidence_source(detector: str | None) -> str:
    """What made a finding, in words: "discount_before_value@1+act_head@2" -> "rule + classifier".

    The first part is always the behaviour's rule; the parts after it name the model passes used."""
    parts = [part.split("@")[0] for part in (detector or "").split("+") if part]
    if not parts:
        return "unknown"
    words = ["rule", *(SOURCES.get(part, behaviour_label(part)) for part in parts[1:])]
    return " + ".join(dict.fromkeys(words))


# How the pipeline found the call it inspected a plan on (`pipeline/coaching/inspection.py`), and
# what the finding there says of the practised behaviour.
MATCHED_BY = {
    "apply_call": "the call the plan named",
    "apply_deal": "the next call on the plan's deal",
    "apply_date": "the first call from the plan's date",
}
APPLIED = {"met": "applied", "gap": "not applied", "not_applicable": "no chance to apply it"}


def applied(verdict: str | None) -> str:
    """A finding's verdict on the call a plan was applied on, in words: "gap" -> "not applied"."""
    return APPLIED.get(verdict or "", behaviour_label(verdict))


def inspected_call(started_at: date | datetime | None) -> str:
    """The call a plan was inspected on, for its plan steps' notes: "the call of 17 Nov 2026"."""
    return f"the call of {day(started_at)}" if day(started_at) else "a call"


def inspection_note(started_at: date | datetime | None, matched_by: str, verdict: str, quote: str | None) -> str:
    """What the pipeline's inspection found, in words: "the call of 17 Nov 2026 (the call the plan
    named): not applied: “Let me share my screen”"."""
    said = f": “{quote}”" if quote else ""
    how = MATCHED_BY.get(matched_by, behaviour_label(matched_by))
    return f"{inspected_call(started_at)} ({how}): {applied(verdict)}{said}"


# Where a rep's focus came from (`pipeline/coaching/focus.py`), as the reports say it.
FOCUS_SOURCES = {
    "manager": "the manager's choice",
    "diagnoses": "confirmed diagnoses",
    "gap_rates": "gap rates",
}


def focus_source(source: str | None) -> str:
    """Where a focus came from, in words; "" when there is no focus ("none")."""
    if not source or source == "none":
        return ""
    return FOCUS_SOURCES.get(source, behaviour_label(source))


def mm_ss(seconds: float | None) -> str:
    """A moment in a call as mm:ss (whole seconds, cut not rounded); "" when there is no moment."""
    if seconds is None:
        return ""
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes:02d}:{rest:02d}"


clock = mm_ss  # the name the templates' filter and older callers use
