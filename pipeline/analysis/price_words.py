"""The vocabulary of `rules/prices.yaml`: phrase lists by what they say about a price or a move, and
the readings built from how those words stand to each other.

The price trajectory (`prices.py`), the price reactions (`reactions.py`) and the returns
(`returns.py`) read a call's prices through it. Loaded once per rules folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from pipeline.analysis.rules import RuleError


@dataclass(frozen=True)
class PriceVocabulary:
    """`rules/prices.yaml`: phrase lists by what they say about a price or a move."""

    lists: dict[str, tuple[str, ...]]
    units: dict[str, tuple[str, ...]]
    weak_acceptance_words: int = 5
    patterns: dict[str, re.Pattern] = field(default_factory=dict, compare=False)

    def has(self, name: str, text: str) -> bool:
        return bool(self.patterns[name].search(text))

    def find(self, name: str, text: str) -> list[re.Match]:
        return list(self.patterns[name].finditer(text))


def _strings(path: Path, name: str, phrases: list) -> tuple[str, ...]:
    """A phrase list; YAML reads unquoted yes/no/on/off as booleans, which would silently match "true"."""
    odd = [p for p in phrases if not isinstance(p, str | int | float) or isinstance(p, bool)]
    if odd:
        raise RuleError(f"{path}: {name}: {odd} are not phrases (quote yes, no, on and off)")
    return tuple(str(p) for p in phrases)


def _phrases(phrases: tuple[str, ...]) -> re.Pattern:
    alternatives = sorted((re.escape(p.lower()) for p in phrases), key=len, reverse=True)
    return re.compile(r"(?<![\w$])(?:" + "|".join(alternatives) + r")(?![\w])")


@lru_cache(maxsize=8)
def load_price_vocabulary(rules_dir: Path) -> PriceVocabulary:
    path = Path(rules_dir) / "prices.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        units = {unit: tuple(words) for unit, words in data.pop("units").items()}
        weak_words = int(data.pop("weak_acceptance_words"))
        data.pop("version", None)
        lists = {name: _strings(path, name, phrases) for name, phrases in data.items()}
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise RuleError(f"{path}: {type(exc).__name__}: {exc}") from exc
    patterns = {name: _phrases(phrases) for name, phrases in lists.items()}
    patterns.update({f"unit:{unit}": _phrases(words) for unit, words in units.items()})
    # what the buyer pays talks value, unless it is the condition of the rep's price ("if you pay up front")
    if "value_paid" in lists:
        patterns["value"] = re.compile(
            r"(?<![\w$])(?:"
            + _alternatives(lists["value"])
            + "|"
            + _not_after(lists["paying_as_a_condition"])
            + _alternatives(lists["value_paid"])
            + r")(?![\w])"
        )
    # a figure's period, then the words that set it down as the product's price (`named_prices`)
    periods = _alternatives(tuple(word for unit in ("month", "year", "seat") for word in units[unit]))
    patterns["reading:named_after"] = re.compile(
        rf"\s*(?:{periods}\s+)?(?:"
        + _alternatives(lists["price_named_after"])
        + r"|for\s+(?:the|your)\s+"
        + _alternatives(lists["price_names"])
        + r")(?![\w])"
    )
    try:
        patterns.update(_readings(lists))
    except KeyError as exc:
        raise RuleError(f"{path}: KeyError: {exc}") from exc
    return PriceVocabulary(lists=lists, units=units, weak_acceptance_words=weak_words, patterns=patterns)


def _not_after(words: tuple[str, ...]) -> str:
    """A place not right after any of `words` and a space ("twice what", "more than what")."""
    return "".join(rf"(?<!\b{re.escape(word.lower())} )" for word in words)


def _alternatives(phrases: tuple[str, ...]) -> str:
    return "(?:" + "|".join(sorted((re.escape(p.lower()) for p in phrases), key=len, reverse=True)) + ")"


def _readings(lists: dict[str, tuple[str, ...]]) -> dict[str, re.Pattern]:
    """Terms read from how the words stand to each other, not from whole phrases: a thing of value
    the rep gives, a thing or a period that costs nothing, a fee gone on a condition, a condition
    tied to the deal, an earlier rate kept."""

    def words(count: int) -> str:
        return rf"(?P<between>(?:\W+[\w'$,.-]+){{0,{count}}}?)\W+"

    def whole(inner: str) -> re.Pattern:
        return re.compile(r"(?<![\w$])" + inner + r"(?![\w])")

    valued, periods = _alternatives(lists["valued"]), _alternatives(lists["periods"])
    # the rep's offer not said in the negative: "I can drop", where "I can't drop", "we could not" give nothing
    offered = _alternatives(lists["offering"]) + r"(?!'t|n't|\s+not\b)"
    two_words = r"(?:\W+[\w']+){0,2}?\W+"
    # the rate before a rise is said to be: "last year it was", "you were on", "it was ... last season"
    rate_before = (
        "(?:"
        + _alternatives(lists["rise_then"])
        + "|"
        + _alternatives(lists["rise_then_when"])
        + r"(?:\s+[\w']+){1,3}?\s+"
        + _alternatives(lists["rise_then_verbs"])
        + ")"
    )
    return {
        "reading:given": whole(_alternatives(lists["giving"]) + words(3) + valued),
        # the price is better than feared: "less than we expected", "more reasonable than I thought"
        "reading:favourable": whole(
            _alternatives(lists["favourable"])
            # "less than we expected", "a better number than I expected"
            + r"(?:\s+[\w']+)?\s+than\s+(?:i|we|i'd|we'd)\b(?:\W+[\w']+){0,2}?\W+"
            + _alternatives(lists["expected"])
        ),
        # the buyer braced for more: "honestly, I thought you'd say more", "I'd assumed worse"
        "reading:braced_for_more": whole(
            r"(?:i|we|i'd|we'd)\s+(?:\w+\s+)?"
            + _alternatives(lists["braced"])
            + r"(?:\W+[\w']+){0,3}?\W+"
            + _alternatives(lists["braced_for"])
            + r"(?=\s*(?:[.!?,;]|$))"
        ),
        # the price said to come under another: "that's a lot less than the last system we looked at";
        # a rival cheaper than the rep ("they're cheaper than you") is no such thing
        "reading:favourable_comparison": whole(
            _alternatives(lists["price_itself"])
            + r"(?:\W+[\w']+){0,3}?\W+"
            + _alternatives(lists["favourable"])
            + r"\s+than\b"
        ),
        # the price said to come under the buyer's own figure: "that's comfortably under my twelve
        # hundred", "it's well within our budget", "it comes in below what we pay now", "that's inside
        # the four hundred"
        "reading:under_own": whole(
            _alternatives(lists["price_itself"])
            + r"(?P<between>(?:\W+[\w']+){0,3}?)\W+"
            + _alternatives(lists["within_bound"])
            + r"\W+(?:"
            + _alternatives(lists["buyers_own"])
            # or the buyer's figure said back with "the" ("well inside the eight hundred", "under the 2k")
            + r"|the\s+[$£€]?\d[\d,.]*(?:\s?(?:k|grand|thousand))?)"
        ),
        # the price where the buyer put it: "about what I'd thought", "within what we can justify"
        "reading:as_expected": whole(
            _alternatives(lists["as_expected"])
            + r"(?:\s+(?:what|where|"
            + _alternatives(lists["figure_named"])
            + r"))?\s+(?:i|we|i'd|we'd|i've|we've)\b(?:\W+[\w']+){0,2}?\W+"
            + _alternatives(lists["matched"])
        ),
        # a question after the price: "what does it cost after the free month", "remind me of the cost"
        # within one clause: "that's what we need. the price is the issue" asks nothing
        "reading:asks_price": whole(
            _not_after(lists["compared"])
            + _alternatives(lists["price_asking"])
            + r"(?:\s+[\w']+){0,4}?\s+"
            + _alternatives(lists["price_asked"])
        ),
        "reading:free": whole(valued + words(2) + _alternatives(lists["free"])),
        "reading:included": whole(valued + words(1) + _alternatives(lists["included"])),
        # a share of the price taken off: "the first six weeks at half price", "a third off" (not "half
        # the price of the old kit", "a quarter off what they charge")
        "reading:fraction_off": whole(
            _alternatives(lists["fraction"])
            + r"[\s-]+"
            + _alternatives(lists["fraction_of"])
            + r"(?!\s+(?:of|than|what|on\s+what)\b)"
        ),
        # "the second till free": one more of what the price counts, within the clause (no comma between)
        "reading:one_more_free": whole(
            _alternatives(lists["one_more"]) + r"(?:\s+[\w'-]+){0,2}?\s+" + _alternatives(lists["free"])
        ),
        # more of what the price counts for the money already priced: "we could add a third driver for
        # the same", "I'll put the spare tablet on, at the same eighty a month" (`added`)
        # the things counted as a figure ("we could stretch it to nine logins for the same", "seven users, same
        # money"), and the money said the same after a comma, or the same "on" it ("on the same eighty a month")
        "reading:more_for_same": whole(
            offered
            + r"\b[^.?!;]*?\b(?:"
            + _alternatives(lists["added"])
            + "|"
            + _alternatives(lists["one_more"])
            # "your fourth rig", as the figures are written
            + r"|\d+(?:nd|rd|th)|\d+\s+(?:[\w'-]+\s+)?"
            + valued
            + r")\b[^.?!;]*?(?:\b(?:for|at|on)\s+the|,)\s+same(?=\s*(?:[.?!;,:—–-]|$)|\s+(?:[$£€]?\d|"
            + _alternatives(lists["same_money"])
            + r"\b))"
        ),
        # more of a thing of value, or a longer free stretch, than before ("the pilot lasts forty-five days
        # rather than fifteen", "nine logins instead of four"): the figures compared, and the offer looked for, in code
        "reading:more_instead": whole(
            r"(?P<more>\d+)\s+(?:"
            + valued
            + r"|(?P<stretched>"
            + _alternatives(lists["stretched"])
            + r"))(?:\s+free)?,?\s+(?:instead\s+of|rather\s+than)\s+(?:the\s+)?(?P<fewer>\d+)(?![\d,.]\d)"
        ),
        # a figure said to work, as a yes to it: "we could make three work" (its thousands unsaid, too small
        # to read as a price on its own)
        "reading:figure_made_to_work": whole(
            _alternatives(lists["made_to_work"]) + r"\W+[$£€]?\d+(?:[,.]\d+)*(?:\s*k)?\W+work"
        ),
        # a thing thrown in: "we can throw the training in", not "I'll throw it in the van"
        "reading:thrown_in": whole(
            offered
            + two_words
            + _alternatives(lists["throwing"])
            + r"(?:\W+[\w'-]+){0,3}?\W+in(?!\s+(?:the|a|an|your|our|my|his|her|their|there|here|with|to)\b)"
        ),
        # the words of a floor right before a figure: "less than $8,500", "below twelve hundred"
        "reading:floor": re.compile(r"(?<![\w$])" + _alternatives(lists["floor"]) + r"[\s$£€]*$"),
        # "split it into four payments": the payments split, not the difference
        "reading:payments_split": whole(
            _alternatives(lists["split"]) + r"\s+" + _alternatives(lists["payments_split"])
        ),
        # "at the halfway post", "the half way mark": a place halfway along, not the difference split
        "reading:split_place": whole(_alternatives(lists["split"]) + r"\s+" + _alternatives(lists["split_place"])),
        # "the first month free", "a month on us", "another month, free"; "twenty-six thousand a year, before the
        # comped rooms" ends the period's clause at the comma: what comes free words after it is the buyer's
        "reading:free_period": whole(
            periods + r"(?P<between>(?:[^\w,]+[\w'$.-]+){0,2}?)\W+" + _alternatives(lists["free"])
        ),
        # a number the turn judges: "is", up to two words of degree, then words of too little ("is
        # rather low", "is considerably lower than the asking price"); matched right after the number
        "reading:judged": re.compile(
            r"\s*(?:is|'s|seems|sounds)\s+(?:"
            + _alternatives(lists["degree"])
            + r"\s+){0,2}"
            + _alternatives(lists["judged_low"])
            + r"(?![\w])"
        ),
        # the words before a time of day, at the end of the words before a number: "at half", "friday about"
        "reading:time_before": re.compile(
            r"(?<![\w])" + _alternatives(lists["time_before"]) + r"(?:\s+(?:at|about|around|by|from))?$"
        ),
        "reading:knocked_off": whole(_alternatives(lists["knocking"]) + words(3) + "off"),
        # a period taken off the bill: "I'll take the first month off", "knock two months off"
        # "knock two weeks of the support off": the part of the service the period is of, too
        "reading:period_off": whole(
            _alternatives(lists["taking"]) + words(3) + periods + r"(?:\s+of\s+(?:the|your)(?:\s+[\w'-]+){1,2}?)?\W+off"
        ),
        # a sum taken off in the rep's own offer: "I'll take two hundred off the first year", "ill take
        # fifty quid off each site", "we could shave 150 off" ("it takes forty minutes off every job" and
        # "that takes 300 off your fuel bill" are the product's worth; "I can't take 200 off" gives nothing)
        "reading:amount_off": whole(
            offered
            + two_words
            + _alternatives(lists["taking"])
            + r"(?:\W+(?:a|the|about|another))?\W+[$£€]?\d+(?:[,.]\d+)*(?:\s*(?:k|p)\b|\s+"
            + _alternatives(lists["money_words"] + lists["money_by_period"])
            + r")?\W+off"
        ),
        "reading:no_fee": whole("no" + words(2) + _alternatives(lists["fee"])),
        # a fee taken off the bill: "let me take the onboarding fee off", or the fee named and then taken
        # off as that or it in the rep's offer: "there's normally a setup fee for the reader. I'll take
        # that off" ("they take it off the truck" offers nothing; "I can't take that off" gives nothing)
        "reading:fee_off": whole(_alternatives(lists["taking"]) + words(3) + _alternatives(lists["fee"]) + r"\W+off"),
        "reading:named_fee_off": whole(
            _alternatives(lists["fee"])
            + r"(?:\W+[\w'$,.-]+){0,12}?\W+"
            + offered
            + r"(?:\W+[\w']+)?\W+"
            + _alternatives(lists["taking"])
            + r"\W+(?:that|it)\W+off"
        ),
        # a part of the price billed on its own that the rep takes off: "ok look, I'll take the setup off so
        # it's just the licence" ("I can't take the setup off", "the lads take the install off the van" give nothing)
        "reading:fee_item_off": whole(
            rf"{offered}{two_words}{_alternatives(lists['taking'])}{two_words}{_alternatives(lists['fee_items'])}"
            r"\W+off(?!\s+(?:the|of|your|our|my)\b)"
        ),
        # a fee the rep drops: "look, I can drop the set up fee", "we'll scrap the onboarding charge", or
        # drops to nothing ("the courier charge, we can drop that to nothing")
        "reading:fee_dropped": whole(
            offered
            # "we could never drop it" drops nothing either
            + r"(?P<between>(?:\W+[\w']+)?)\W+"
            + _alternatives(lists["dropping"])
            + r"(?:\W+[\w'$,.-]+){0,3}?\W+(?:"
            + _alternatives(lists["fee"])
            + "|"
            + _alternatives(lists["to_nothing"])
            + ")"
        ),
        "reading:condition": whole("if" + words(4) + _alternatives(lists["condition_verbs"])),
        # the rep's offer to match a price ("I can match it", "we'll match that"), not said in the negative
        "reading:matched": whole(offered + two_words + r"match"),
        # the same offer with something to match after it, no thing matched to another ("I'll match their
        # price", "we can price match them"; "we can match it to your invoices", "I can match the colour
        # with your van" match something else)
        "reading:match_offered": whole(
            offered + two_words + r"match(?!(?:\W+[\w'$,.-]+){0,3}?\W+(?:to|with|against|up|how|onto)\b)"
        ),
        "reading:taken_down": whole(
            # the rep's offer, or its second verb after "and" in the same sentence ("I'll take the delivery
            # off and bring the year down to thirty-nine hundred")
            r"(?:"
            + offered
            + two_words
            + r"|"
            + offered
            + r"[^.?!]*?\band\W+)"
            + _alternatives(lists["taking_down"])
            + r"(?:\W+[\w'-]+){0,3}?\W+down\W+(?:from\W+(?:[\w'$£€.,-]+\W+){1,3}?)?(?:from|to)\W+"
            # a figure that counts no things after it ("down to 40 boxes" is an order cut)
            + r"(?:about\W+|around\W+)?[$£€]?\d+(?:[,.]\d+)*(?!\s+(?!pounds|dollars|euros|bucks|plus)[a-z]{3,}s\b)"
        ),
        "reading:taking_more": whole(
            r"if\s+(?:you|we)(?:'d)?\s+"
            + _alternatives(lists["taking_more"])
            + r"(?:\W+[\w']+){0,2}?\W+(?:\d+|"
            + _alternatives(lists["more_of_it"])
            + ")"
        ),
        "reading:rise": whole(
            _alternatives(lists["rise_from"])
            + r"(?:\W+[a-z']+){0,2}?\W+(?P<old>\d+(?:[,.]\d+)*)"
            # the old figure with its pence or its period ("from 38p to 41p", "from 480 a year to 520")
            + r"(?:\s*p|\s+(?:a|an|per)\s+[a-z]+)?"
            + r"\s+to\s+(?P<new>\d+(?:[,.]\d+)*)(?![\w,.]\d)(?:\s*p)?"
        ),
        "reading:rise_then_now": whole(
            rate_before
            + r"(?:\s+about)?\s+(?P<old>\d+(?:[,.]\d+)*)(?:\W+[a-z']+){0,8}?\W+"
            + _alternatives(lists["rise_now"])
            + r"(?:\s+about)?\s+(?P<new>\d+(?:[,.]\d+)*)(?![\w,.]\d)"
        ),
        # the rate before a rise named on its own, the new one said elsewhere in the turn ("last year it
        # was one twenty a ticket, next season it's one forty", "last year you were on 420 a month"); a
        # figure that counts things or time ("it was three hours") is none
        "reading:earlier_price_said": whole(
            rate_before
            + r"(?:\s+(?:on|at|about|um|uh))*\s+\d+(?:[,.]\d+)*(?![\w,.]\d)"
            + r"(?!\s+"
            + _alternatives(lists["not_price_after"])
            + r"\b)"
            # ... and the time it was, said after it ("it was one twenty last year")
            + r"(?:\s+"
            + _alternatives(lists["rise_then_when"])
            + ")?"
        ),
        "reading:rise_up_from": whole(
            r"(?P<new>\d+(?:[,.]\d+)*)(?:\W+[a-z']+){0,5}?\W+"
            + _alternatives(lists["rise_up_from"])
            + r"\s+(?P<old>\d+(?:[,.]\d+)*)(?![\w,.]\d)"
        ),
        "reading:kept_rate": whole(
            offered
            + words(2)
            + _alternatives(lists["keeping"])
            + r"(?:\W+[\w'$,.-]+){0,5}?\W+"
            + "(?:"
            + _alternatives(lists["earlier_rate"])
            + "|"
            + _alternatives(lists["earlier_figure"])
            + r"\s+[$£€]?\d+(?:[,.]\d+)*"
            + ")"
        ),
    }
