"""Personal data out of stored text: typed placeholders for emails, phone, card and account numbers.

Detection (pipeline.analysis.analyze) always reads the original transcript; `redact_call` runs afterwards,
right before the batch stores the call, so a finding never changes because of redaction. It
rewrites the utterance texts, their word lists and the finding quotes, and counts what it
replaced per placeholder. Reports and the analysts' snapshot are built from the stored text, so
they carry the placeholders too.

    [EMAIL]    name@example.com
    [CARD]     13 to 19 digits (spaces or dashes between groups) that pass the Luhn check
    [IBAN]     an IBAN whose mod-97 check holds
    [ACCOUNT]  a run of 6 to 20 digits right after "account", "acct", "routing", "sort code"...
    [PHONE]    7 to 15 digits written like a phone number: +44 20 7946 0958, (555) 123-4567
    [PERSON]   spaCy PERSON entities, only with `redact_person_names` (names are coaching context)

Spelled-out numbers ("five five five, one two...") are not recognised.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from pipeline.config import PrivacySettings
from pipeline.model import CallAnalysis, Transcript, Utterance, Word

PLACEHOLDERS = ("EMAIL", "CARD", "IBAN", "ACCOUNT", "PHONE", "PERSON")

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")
# Digit groups separated by single spaces or dashes, not glued to other digits or letters.
_CARD = re.compile(r"(?<![\w.,])\d(?:[ -]?\d){12,18}(?![\w]|[.,]\d)")
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])")
_ACCOUNT = re.compile(
    r"(?P<context>\b(?:account|acct|a/c|routing|sort code|iban|bank)\b[^\d\n]{0,24}?)"
    r"(?P<number>(?<![\w.,])\d(?:[ -]?\d){5,19})(?![\w]|[.,]\d)",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"(?<![\w+.,])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,5}\)[ .-]?)?\d{2,5}(?:[ .-]\d{2,6}){1,4}(?![\w]|[.,]\d)"
    r"|(?<![\w+.,])\+\d{7,15}(?!\w)"
    r"|(?<![\w+.,])\(\d{2,5}\)[ .-]?\d{3,5}(?:[ .-]?\d{2,5})?(?![\w]|[.,]\d)"
)
_TIME_OR_DATE = re.compile(r"^\d{1,4}([.-])\d{1,2}(\1\d{1,4})?$")  # 2026-11-03, 10.30: not phones


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum every payment card number carries."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def iban_valid(text: str) -> bool:
    """ISO 13616: move the first four characters to the end, letters to numbers, mod 97 is 1."""
    compact = text.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


Span = tuple[int, int, str]  # start, end, placeholder name


def _card_spans(text: str) -> list[Span]:
    return [(m.start(), m.end(), "CARD") for m in _CARD.finditer(text) if luhn_valid(_digits(m.group()))]


def _iban_spans(text: str) -> list[Span]:
    return [(m.start(), m.end(), "IBAN") for m in _IBAN.finditer(text) if iban_valid(m.group())]


def _account_spans(text: str) -> list[Span]:
    return [(m.start("number"), m.end("number"), "ACCOUNT") for m in _ACCOUNT.finditer(text)]


def _phone_spans(text: str) -> list[Span]:
    spans = []
    for match in _PHONE.finditer(text):
        number = match.group()
        if 7 <= len(_digits(number)) <= 15 and not _TIME_OR_DATE.match(number):
            spans.append((match.start(), match.end(), "PHONE"))
    return spans


def _email_spans(text: str) -> list[Span]:
    return [(m.start(), m.end(), "EMAIL") for m in _EMAIL.finditer(text)]


# The most specific first: a card number is also a run of digits a phone pattern would take.
_DETECTORS: tuple[Callable[[str], list[Span]], ...] = (
    _email_spans,
    _card_spans,
    _iban_spans,
    _account_spans,
    _phone_spans,
)


@lru_cache(maxsize=1)
def _person_model():
    import spacy

    from pipeline.analysis.nlp import SPACY_MODEL

    return spacy.load(SPACY_MODEL, disable=["lemmatizer"])


def _person_spans(text: str) -> list[Span]:
    return [(ent.start_char, ent.end_char, "PERSON") for ent in _person_model()(text).ents if ent.label_ == "PERSON"]


def find_personal_data(text: str, person_names: bool = False) -> list[Span]:
    """Non-overlapping spans of personal data in `text`, earlier detectors winning overlaps."""
    detectors = (*_DETECTORS, _person_spans) if person_names else _DETECTORS
    taken: list[Span] = []
    for detect in detectors:
        for span in detect(text):
            if all(span[1] <= start or span[0] >= end for start, end, _ in taken):
                taken.append(span)
    return sorted(taken)


@dataclass
class Redaction:
    """What was replaced, per placeholder name."""

    counts: Counter = field(default_factory=Counter)

    def add(self, other: Redaction) -> None:
        self.counts.update(other.counts)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def as_dict(self) -> dict[str, int]:
        return {name: self.counts[name] for name in PLACEHOLDERS if self.counts[name]}


def redact_text(text: str, person_names: bool = False, redaction: Redaction | None = None) -> str:
    """`text` with each piece of personal data replaced by its placeholder, `[EMAIL]`..."""
    spans = find_personal_data(text, person_names)
    if redaction is not None:
        redaction.counts.update(name for _, _, name in spans)
    return _replace_spans(text, spans)


def _replace_spans(text: str, spans: list[Span]) -> str:
    pieces, last = [], 0
    for start, end, name in spans:
        pieces += [text[last:start], f"[{name}]"]
        last = end
    return "".join(pieces) + text[last:]


def _redact_words(words: list[Word], spans: list[Span]) -> list[Word]:
    """The utterance's words with the same spans replaced: the words of one span become a single
    placeholder word covering their time, so the player still highlights the right moment.

    Words are laid end to end with single spaces to find which of them a span covers; the spans
    come from the words' own text so that nothing is missed when it differs from the utterance's.
    """
    if not words or not spans:
        return list(words)
    offsets, position = [], 0
    for word in words:
        text = word.text.strip()
        offsets.append((position, position + len(text)))
        position += len(text) + 1
    redacted: list[Word] = []
    open_span: tuple[int, int, str] | None = None
    for word, (start, end) in zip(words, offsets, strict=True):
        covering = next((span for span in spans if start < span[1] and end > span[0]), None)
        if covering is None:
            redacted.append(word)
            open_span = None
        elif covering is open_span:
            redacted[-1] = replace(redacted[-1], end=word.end)
        else:
            prefix = word.text[: len(word.text) - len(word.text.lstrip())]
            redacted.append(replace(word, text=f"{prefix}[{covering[2]}]", probability=None))
            open_span = covering
    return redacted


def redact_utterance(utterance: Utterance, person_names: bool, redaction: Redaction) -> Utterance:
    spans = find_personal_data(utterance.text, person_names)
    redaction.counts.update(name for _, _, name in spans)
    word_text = " ".join(word.text.strip() for word in utterance.words)
    speaker_name = utterance.speaker_name
    if person_names and speaker_name and utterance.speaker != "rep":
        speaker_name = "[PERSON]"  # the buyer's name: the rep's own name is the team's data
    return replace(
        utterance,
        text=_replace_spans(utterance.text, spans),
        words=_redact_words(utterance.words, find_personal_data(word_text, person_names)),
        speaker_name=speaker_name,
    )


def redact_call(
    transcript: Transcript, analysis: CallAnalysis, settings: PrivacySettings
) -> tuple[Transcript, CallAnalysis, Redaction]:
    """Copies of the transcript and analysis with personal data replaced, and the counts.

    Only text changes: verdicts, evidence indexes, times and metrics are the ones detection
    produced on the original text. With `settings.redact` off both come back unchanged.
    """
    redaction = Redaction()
    if not settings.redact:
        return transcript, analysis, redaction
    names = settings.redact_person_names
    utterances = [redact_utterance(utterance, names, redaction) for utterance in transcript.utterances]
    # Quotes are cut from utterances already counted: they are replaced, not counted twice.
    findings = [replace(finding, quote=redact_text(finding.quote, names)) for finding in analysis.findings]
    return replace(transcript, utterances=utterances), replace(analysis, findings=findings), redaction
