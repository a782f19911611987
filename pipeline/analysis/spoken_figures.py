"""Figures as people say them, turned to digits: "fifteen hundred" 1500, "a grand" 1000, "one forty"
140, "three and a half grand" 3.5 grand, "nine hundred nine hundred" said once; and, where the call's
price is of that order, "four two" 4,200 or "nineteen fifty" 1,950.

Pure text in, text out (or a figure out), with no vocabulary: the price trajectory (`prices.py`), the
price reactions and the returns read prices from the text this gives.
"""

from __future__ import annotations

import re
from functools import lru_cache

from text_to_num import alpha2digit

# "one forty" comes out of alpha2digit as "1 40": a price said the way people say it
_HUNDREDS_SAID_SHORT = re.compile(r"\b([1-9]) ([1-9]\d)\b")
# "four two" (4,200) comes out as "4 2"
THOUSANDS_SAID_SHORT = re.compile(r"\b([1-9]\d?) ([1-9])\b(?![\d,.]\d)")
# "three eight fifty" (3,850) comes out as "3 850"
_THOUSANDS_AND_HUNDREDS = re.compile(r"\b([1-9]\d?) ([1-9]\d\d)\b(?![\d,.]\d)")
# "sixteen and a half" (16,500) comes out as "16 and a half"
_THOUSANDS_AND_A_HALF = re.compile(r"\b([1-9]\d?) and a half\b(?! ?(?:thousand|k|grand|million|percent|%)\b)")
# "eleven-five" (11,500): text2num leaves a price said with a hyphen alone
_TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
# "nineteen fifty" (1,950) comes out as "19 50"
HUNDREDS_IN_PAIRS = re.compile(r"\b(1[1-9]|[2-9]\d) ([1-9]\d)\b(?![\d,.]\d)(?! ?(?:o'?clock|am|pm)\b)")
# "ten fifty a month" (1,050) comes out as "10 50 a month": with its period after it, as "ten forty" alone is
# a time of day
TEN_AND_ITS_TENS_BY_THE_PERIOD = re.compile(r"\b(10) ([1-9]0)\b(?= (?:a|per) (?:month|year|week)\b)")
# "five-twenty" (520), "six-fifty", "three-ten": text2num leaves a price said with a hyphen alone
_TENS = {
    "ten": 10,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_DIGITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
# "three oh five" (normalised: "3 oh 5") for 305: the hundreds, "oh" for the empty tens, the units (or, said
# loosely, a teen: "three oh ten")
_HUNDREDS_SAID_WITH_OH = re.compile(
    r"\b([1-9]) (?:oh|o) ([1-9]|1\d|" + "|".join(_DIGITS) + r")\b(?![\d,.]\d)(?! ?(?:o'?clock|am|pm)\b)"
)
# "four and a half thousand" (4,500) comes out of text2num as "4 and a half 1000": the half is of the
# thousands ("two and a half grand" keeps its small number word)
_AND_A_HALF_OF = re.compile(r"\b([1-9]\d{0,2}|" + "|".join(_DIGITS) + r") and a half (1000000|1000|grand|k)\b")
THOUSANDS_HYPHENED = re.compile(r"\b(" + "|".join(_TEENS | _DIGITS) + r")-(" + "|".join(_DIGITS) + r")\b(?!-)")
# "five-twenty" (520), "nineteen-fifty" (1,950), and with its units hyphened on, "one-sixty-five" (165)
HUNDREDS_HYPHENED = re.compile(
    r"\b(" + "|".join(_DIGITS | _TEENS) + r")-(" + "|".join(_TENS) + r")(?:-(" + "|".join(_DIGITS) + r"))?\b(?!-)"
)
# "the eighteen's", "the forty's": a teen or a tens word with "'s" joined, which text2num leaves a word
_FIGURE_WORD_WITH_S = re.compile(r"\b(" + "|".join(_TEENS | _TENS) + r")'s\b")
# "two grand", "one k": the number words text2num leaves alone, before a money multiplier
_WORD_BEFORE_MULTIPLIER = re.compile(r"\b(" + "|".join(_DIGITS) + r")(?= (?:grand|k)\b)")
_A_GRAND = re.compile(r"\ba grand\b")
# "two thousand two eighty" (2,280) comes out of text2num as "2002 80": the hundreds said short after the thousands
_THOUSANDS_THEN_HUNDREDS = re.compile(r"\b([1-9]\d{0,2})00([1-9]) ([1-9]\d)\b(?![\d,.]\d)")
# "size fives", "hundreds of calls", "tens of them": a number word in the plural names things or says
# many, no figure; text2num would read it as one ("size 5", "100 of calls")
_PLURAL_NUMBER_WORD = re.compile(
    r"\b(ones|twos|threes|fours|fives|sixes|sevens|eights|nines|tens|elevens|twelves|dozens|hundreds|thousands|millions)\b"
)
_PLURAL_KEPT = "qxq"  # letters joined to the word: text2num no longer reads it as a number word
# "nine hundred nine hundred works", "one fifty one fifty": a figure of two words or more said twice
# over, as speech repeats itself, is said once; text2num would join the two ("909 100")
_NUMBER_WORD = "|".join([*_TEENS, *_TENS, *_DIGITS, "hundred", "thousand"])
_SAID_TWICE = re.compile(rf"\b((?:{_NUMBER_WORD})(?: (?:{_NUMBER_WORD}|and)){{1,4}}) \1\b")
# "at four hundred and seven hundred", "two thousand and three thousand": two figures of the same scale
# joined by "and" are two prices, where text2num would read one ("609 100"); "six hundred and nine
# thousand" (609,000) and "two thousand and five hundred" (2,500) are one figure
_TWO_OF_A_SCALE = re.compile(
    rf"\b(hundred|thousand) and(?= (?:a|{'|'.join([*_TEENS, *_TENS, *_DIGITS])})(?:[ -](?:{'|'.join(_DIGITS)}))? \1\b)"
)
# "fourteen to eighteen hundred" (normalised: "14 to 1800"), "between six and seven hundred", "two or three
# thousand": the hundreds or thousands said once, after the second figure of a range, count the first too
_RANGE_SCALED_ONCE = re.compile(
    r"\b(?P<low>[1-9]\d?|"
    + "|".join(_DIGITS)
    + r") (?P<joint>to|and|or) (?P<high>[1-9]\d??)(?P<scale>000|00)\b(?![\d,.]\d)"
)
# a figure said again digit by digit, as on a noisy line ("forty-five, four five a month")
_SAID_AGAIN_BY_DIGITS = re.compile(r"\b(\d{2,4}),? ((?:\d )+\d)\b(?![,.]?\d)")
# "one three five a month" (135), "two four nine each": a price said digit by digit, as on a bad line, with its
# period or its money after it; a longer run of digits ("oh one one five nine four") is a phone number,
# digits split by commas ("1, 2, 3") a count, and "four three three megahertz" a measure
_SAID_BY_ITS_DIGITS = re.compile(
    r"(?<![\d,.] )(?<![\d,.])\b([1-9]) (\d) (\d)\b(?! ?[,.]?\d)"
    r"(?= (?:a|an|per|each|for|pounds?|quid|dollars?|euros?|bucks)\b)"
)


# the passes over a call read each turn's figures a dozen times over (prices, returns, reactions, rivals):
# a turn is normalised once, kept while the call's other turns are read
@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Lowercase, numbers as digits ("fifteen hundred" -> 1500, "a grand" -> 1000, "one forty" -> 140,
    "nine hundred nine hundred" -> 900, "two thousand two eighty" -> 2280)."""
    lowered = _PLURAL_NUMBER_WORD.sub(lambda m: m.group(1) + _PLURAL_KEPT, text.lower().replace("’", "'"))
    lowered = _SAID_TWICE.sub(r"\1", lowered)
    lowered = _TWO_OF_A_SCALE.sub(lambda m: m.group(0) + _PLURAL_KEPT, lowered)
    try:
        lowered = alpha2digit(lowered, "en")
    except Exception:  # noqa: BLE001 - text2num gives up on odd input: keep the words as they are
        pass
    lowered = lowered.replace(_PLURAL_KEPT, "")
    lowered = _RANGE_SCALED_ONCE.sub(_range_scaled_once, lowered)
    lowered = _SAID_AGAIN_BY_DIGITS.sub(_once_by_its_digits, lowered)
    lowered = _SAID_BY_ITS_DIGITS.sub(r"\1\2\3", lowered)
    lowered = _A_GRAND.sub("1000", lowered)
    lowered = _THOUSANDS_THEN_HUNDREDS.sub(r"\1\2\3", lowered)
    lowered = _AND_A_HALF_OF.sub(_half_of, lowered)
    lowered = _WORD_BEFORE_MULTIPLIER.sub(lambda m: str(_DIGITS[m.group(1)]), lowered)
    return _HUNDREDS_SAID_SHORT.sub(lambda m: m.group(1) + m.group(2), lowered)


def figure_words_with_s(text: str) -> str:
    """A normalised text with a teen or a tens word that has "'s" joined to it as digits ("the 18's too
    high" for "the eighteen's too high"): text2num leaves the word alone, and it names the figure said
    before; digit words ("that one's") are left, as they name things more often than figures."""
    return _FIGURE_WORD_WITH_S.sub(lambda m: f"{(_TEENS | _TENS)[m.group(1)]}'s", text)


def _range_scaled_once(match: re.Match) -> str:
    """ "14 to 1800" as "1400 to 1800": the scale said once after a range's top is the bottom's too, where
    the bottom is the smaller ("5 and 300" is a count and a figure)."""
    low, high = _units(match.group("low")), int(match.group("high"))
    if low >= high:
        return match.group(0)
    return f"{low}{match.group('scale')} {match.group('joint')} {high}{match.group('scale')}"


def _once_by_its_digits(match: re.Match) -> str:
    """ "89 8 9" as 89: the digits after a figure that spell it out again say it once; digits that
    spell another figure ("45 4 6") stay."""
    figure, digits = match.group(1), match.group(2)
    return figure if digits.replace(" ", "") == figure else match.group(0)


def _half_of(match: re.Match) -> str:
    """ "4 and a half 1000" as 4500, "3 and a half grand" as "3.5 grand" (money still said as money)."""
    count, multiplier = _units(match.group(1)), match.group(2)
    return str(int((count + 0.5) * int(multiplier))) if multiplier.isdigit() else f"{count}.5 {multiplier}"


def thousands_said_short(text: str, anchor: float | None) -> str:
    """ "four two" for 4,200, "three nine" for 3,900, "three eight fifty" for 3,850, "eleven-five" for
    11,500 and "sixteen and a half" for 16,500 (normalised: "4 2", "3 9", "3 850", "eleven-five",
    "16 and a half"), where the call's price is of that order: how a price in thousands is said
    aloud."""
    if not anchor or anchor < 1000:
        return text

    def joined(match: re.Match, hundreds: int) -> str:
        amount = int(match.group(1)) * 1000 + int(match.group(2)) * hundreds
        return str(amount) if 0.5 <= amount / anchor <= 2 else match.group(0)

    def spelled(match: re.Match) -> str:
        words = _TEENS | _DIGITS
        amount = words[match.group(1)] * 1000 + words[match.group(2)] * 100
        return str(amount) if 0.5 <= amount / anchor <= 2 else match.group(0)

    def and_a_half(match: re.Match) -> str:
        amount = int(match.group(1)) * 1000 + 500
        return str(amount) if 0.5 <= amount / anchor <= 2 else match.group(0)

    text = _THOUSANDS_AND_HUNDREDS.sub(lambda m: joined(m, 1), text)
    text = THOUSANDS_HYPHENED.sub(spelled, text)
    text = _THOUSANDS_AND_A_HALF.sub(and_a_half, text)
    return THOUSANDS_SAID_SHORT.sub(lambda m: joined(m, 100), text)


def hundreds_said_short(text: str, anchor: float | None) -> str:
    """ "nineteen fifty" for 1,950, "ten fifty a month" for 1,050, "three oh five" for 305 and "five-twenty" for
    520 (normalised: "19 50",
    "3 oh 5", "five-twenty"),
    where the call's price is of that order: how a price in hundreds is said aloud."""
    if not anchor:
        return text

    def joined(amount: int, said: str) -> str:
        return str(amount) if 0.5 <= amount / anchor <= 2 else said

    text = HUNDREDS_IN_PAIRS.sub(lambda m: joined(int(m.group(1)) * 100 + int(m.group(2)), m.group(0)), text)
    text = TEN_AND_ITS_TENS_BY_THE_PERIOD.sub(lambda m: joined(1000 + int(m.group(2)), m.group(0)), text)
    text = _HUNDREDS_SAID_WITH_OH.sub(lambda m: joined(int(m.group(1)) * 100 + _units(m.group(2)), m.group(0)), text)
    return HUNDREDS_HYPHENED.sub(lambda m: joined(hyphened_hundreds(m), m.group(0)), text)


def _units(said: str) -> int:
    """ "5" or "five" as 5."""
    return _DIGITS[said] if said in _DIGITS else int(said)


def hyphened_hundreds(match: re.Match) -> int:
    """ "five-twenty" 520, "nineteen-fifty" 1,950, "one-sixty-five" 165."""
    units = _DIGITS[match.group(3)] if match.group(3) else 0
    return (_DIGITS | _TEENS)[match.group(1)] * 100 + _TENS[match.group(2)] + units
