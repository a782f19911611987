"""Behavioural wording: suggested diagnoses, suggested practice, and the nudge away from personality words.

A diagnosis says what the rep did at a moment ("when the buyer pushed on price you offered 10%
before restating the value"), not who the rep is ("you lack confidence"). The suggestions start
the manager from a behavioural sentence built from the finding; the nudge flags words that judge
the person. The page's script runs the same check as the manager types (the lists are sent to it).
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


def evidence_source(detector: str | None) -> str:
    """What made a finding, in words: "discount_before_value@1+act_head@2" -> "rule + classifier".

    The first part is always the behaviour's rule; the parts after it name the model passes used."""
    parts = [part.split("@")[0] for part in (detector or "").split("+") if part]
    if not parts:
        return "unknown"
    words = ["rule", *(SOURCES.get(part, behaviour_label(part)) for part in parts[1:])]
    return " + ".join(dict.fromkeys(words))


def mm_ss(seconds: float | None) -> str:
    """A moment in a call as mm:ss (whole seconds, cut not rounded); "" when there is no moment."""
    if seconds is None:
        return ""
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes:02d}:{rest:02d}"


clock = mm_ss  # the name the templates' filter and older callers use


def _short(quote: str | None, limit: int = 90) -> str:
    quote = " ".join((quote or "").split())
    return quote if len(quote) <= limit else quote[: limit - 1].rstrip() + "…"


_SUGGESTIONS = {
    ("budget_before_demo", "gap"): "At {t} you started the demo (“{q}”) before asking about budget: what they "
    "spend on this today, what is set aside, or who approves the spend.",
    ("budget_before_demo", "met"): "Before showing the product you got budget on the table (“{q}”, {t}). "
    "Keep doing this before every demo.",
    ("discount_before_value", "gap"): "When the buyer pushed on price, you offered a concession at {t} (“{q}”) "
    "before tying the price to a cost or outcome in the buyer's own numbers.",
    ("discount_before_value", "met"): "Before any concession you anchored the price on the buyer's own numbers "
    "(“{q}”, {t}). Keep doing this.",
    ("next_step_date_owner", "met"): "You closed with a next step that has a date and an owner (“{q}”, {t}). "
    "Keep doing this.",
    ("buying_committee_asked", "gap"): "You did not ask who else is involved in the decision, who signs off, "
    "or what the approval process is.",
    ("buying_committee_asked", "met"): "You asked who else decides and who signs off (“{q}”, {t}). Keep doing this.",
    ("competitor_disparaged", "gap"): "At {t}, when the competitor came up, you spoke badly of them (“{q}”) "
    "instead of differentiating on this buyer's facts.",
    ("competitor_disparaged", "met"): "When the competitor came up you differentiated on this buyer's facts "
    "(“{q}”, {t}) without knocking them. Keep doing this.",
}
_NEXT_STEP_GAPS = {
    ("next_step",): "The call ended without an agreed next step: no meeting, no action, no date.",
    ("date",): "The call ended on “{q}” ({t}): a next step with an owner but no specific date or day.",
    ("owner",): "The call ended on “{q}” ({t}): a date, but nobody committed to a specific action.",
    ("date", "owner"): "The call ended on “{q}” ({t}): a next step with no specific date and no owner.",
}

_PRACTICE = {
    "budget_before_demo": "Before sharing the screen, ask one budget-context question: what they spend on this "
    "today, what is set aside, or who approves the spend.",
    "discount_before_value": "When the buyer pushes on price, restate the cost of their problem in their own "
    "numbers and hold the price; offer a concession only in exchange for something.",
    "next_step_date_owner": "Close every call by proposing a specific day and time and who does what by then; "
    "get the buyer to confirm it out loud.",
    "buying_committee_asked": "Early in the call ask: who else is involved in this decision, and who signs off?",
    "competitor_disparaged": "When a competitor comes up, acknowledge them and name one difference that matters "
    "to this buyer, using the buyer's own facts.",
}


def suggested_diagnosis(finding: dict) -> str:
    """A behavioural sentence to start the manager's wording from (gap: the diagnosis; met: the strength)."""
    verdict = "met" if finding["verdict"] == "met" else "gap"
    behaviour = finding["behaviour"]
    if behaviour == "next_step_date_owner" and verdict == "gap":
        template = _NEXT_STEP_GAPS.get(tuple(sorted(finding.get("missing") or [])), _NEXT_STEP_GAPS[("date", "owner")])
    elif (behaviour, verdict) in _SUGGESTIONS:
        template = _SUGGESTIONS[(behaviour, verdict)]
    elif verdict == "met":
        template = "At {t} you … (“{q}”). Keep doing this."
    else:
        template = "At {t}, when the buyer …, you … (“{q}”) instead of …"
    return template.format(t=mm_ss(finding.get("start")) or "the end of the call", q=_short(finding.get("quote")))


def suggested_practice(behaviour: str) -> str:
    return _PRACTICE.get(behaviour, "When …, do … instead of …")
