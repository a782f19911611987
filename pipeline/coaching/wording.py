"""Behavioural wording: the nudge away from personality words, behaviour names and moments as words.

A diagnosis says what the rep did at a moment ("when the buyer pushed on price you offered 10%
before restating the value"), not who the rep is ("you lack confidence"). The nudge flags words
that judge the person; the page's script runs the same check as the manager types (the lists
are sent to it). The suggested sentences, built from a finding's evidence, are in
`pipeline/coaching/suggestions.py`.
"""

from __future__ import annotations

import re

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


def behaviour_label(name: str | None) -> str:
    """A behaviour (or any snake_case name) as words: "budget_before_demo" -> "budget before demo".

    The one place names become words, for the reports, the app's pages and the concern texts."""
    return (name or "").replace("_", " ")


def mm_ss(seconds: float | None) -> str:
    """A moment in a call as mm:ss (whole seconds, cut not rounded); "" when there is no moment."""
    if seconds is None:
        return ""
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes:02d}:{rest:02d}"


clock = mm_ss  # the name the templates' filter and older callers use
