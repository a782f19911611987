"""The price trajectory of a call: every price said, who said it and what it does.

People rarely concede with the word "discount". They name a lower number ("I could do 140"),
take the other side's ("ok, 135 works"), split the difference, or give something of value
("I'll throw in onboarding"). This pass follows the prices through the call instead of looking
for words: the rep's standing ask (the list price when the call has one, else the rep's latest
price), the buyer's latest number, and each rep move against them.

Pure: a transcript in (and the vocabulary of `rules/prices.yaml`), a list of `PriceMove` out.
`price_acts` turns the moves into dialogue acts the behaviour rules read: `price_concession`
on the rep's concessions and `price_counter` on the buyer's numbers below the rep's ask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from pipeline.analysis.metrics import is_question
from pipeline.analysis.price_words import PriceVocabulary
from pipeline.analysis.spoken_figures import (
    HUNDREDS_HYPHENED,
    HUNDREDS_IN_PAIRS,
    THOUSANDS_HYPHENED,
    THOUSANDS_SAID_SHORT,
    hundreds_said_short,
    hyphened_hundreds,
    normalise,
    thousands_said_short,
)
from pipeline.model import Transcript, UtteranceFeatures

CONCESSION_ACT = "price_concession"
COUNTER_ACT = "price_counter"
# acts read from the whole call's prices, not from one utterance's words: no classifier learns them
TRAJECTORY_ACTS = frozenset({CONCESSION_ACT, COUNTER_ACT})
CONCESSION_CONFIDENCE = 0.95
COUNTER_CONFIDENCE = 0.9
# the rep's question about who decides, heard this surely: the number in the answer is a sign-off limit
COMMITTEE_ACT = "committee_question"
COMMITTEE_CONFIDENCE = 0.5
PUSHBACK_ACT = "price_pushback"
# a rep price this far below the standing ask is a move, not a rounding
SAME_PRICE = 0.005
# a price said round is the standing price only this close to it (34,000 for 34,200; not 1,400 for 1,450)
ROUNDED = 0.01
# a bare number (no currency, no money word) this far from the call's prices is not one of them
PLAUSIBLE_RATIO = 4.0
# a price said without its unit compares with one said with it only this close ("72,000" and "84,000 a year")
SAME_ORDER = 0.5
WINDOW_WORDS = 6
# a number said as a time of day ("half eleven") is at most this
HOURS_ON_THE_CLOCK = 12
# ... and said with a part of the day after it ("seven at night"), at most this
HOURS_IN_A_DAY = 24
# in the rep's sums on the buyer's problem, a figure is a price only with a word of price this close
# before it ("against a licence of thirty-one thousand")
NAMED_PRICE_WORDS = 4
# in a turn that talks value, a figure is the product's price with a word of price this close before it
PRICE_NAMED_JUST_BEFORE = 2
# the words before a figure said after the buyer asks the price where a word of price names it as the quote
PRICE_WORD_BEFORE_A_FEAR = 3
# a bare number is a price this many words after the words of a move or an offer ("bring it down to
# two ten", "we were thinking more like three hundred")
MOVE_WORDS = 3
# the rep's own words of a move are read this many words back from their end ("we can do", "i can't do")
OWN_MOVE_WORDS = 4
# a figure the rep sets against the one it replaces is offered with the rep's offer this close before it
# ("I'll do the pair at four fifty instead of five hundred"), with room for the things it is for named
# with their count ("I can do the first dozen at three ten instead of three forty")
OFFER_WORDS = 7
# a figure this close to the product of the two said just before it is what a sum works out, said round
WORKED_OUT = 0.05
# the most payments a price is spread over, said as a count ("thirty-six monthly payments")
MOST_PAYMENTS = 60
# two prices in one buyer utterance this close are the rep's number and the buyer's counter to it
COUNTER_NEAR = 0.6
# the buyer's turn read this surely as a pushback or a request for less objects to the figures it says
PUSHED_AT = 0.5
# a rep's turn this short while the buyer reads a quote out is a nod, not an answer ("mm", "go for it")
NOD_WORDS = 3
REQUEST_ACT = "discount_request"
# the rep's reply to it that names a figure this much below one of them, at most, moves the price down
# ("twelve hundred for a few boxes?" - "call it eleven fifty"); further down it is some other sum
BELOW_PUSHED_AT_MOST = 0.3
# a rise read out ("gone up from 290 to 375") is the price's, not a count's, up to half again the old figure
RISE_AT_MOST = 1.5
# the words before a figure where a word of the usual price names it ("the list price for a site of
# your kind comes to ninety")
USUAL_PRICE_WORDS = 8
# a figure said before tax is the price said again when one said is the same or this much above it, VAT
# at its standard rate ("2,131.20 with VAT" - "the same 1,776 before VAT"); a figure further off moves
VAT = 0.2
# ... said round to the penny or the pound
TAX_ROUNDED = 0.002

_NUMBER = re.compile(
    r"(?P<currency>[$£€])?\s?(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<multiplier>\s?(?:k|grand|thousand|million)\b)?"
    r"(?P<percent>\s?(?:%|percent\b|per cent\b))?"
)
# the rep's price put in a range: "somewhere between 1800 and 2400 a year", "anywhere from 40 to 55 a month"
_RANGE = re.compile(
    r"\b(?:between|(?:anywhere|somewhere)\s+from)\s+[$£€]?(?P<low>\d[\d,]*(?:\.\d+)?)(?:\s+[a-z]+){0,2}?\s+(?:and|to)\s+"
    r"[$£€]?(?P<high>\d[\d,]*(?:\.\d+)?)"
)
_PER_THING = re.compile(r"(?:a|an|per|each)\s+([a-z]{3,})\b")
_MULTIPLIERS = {"k": 1e3, "grand": 1e3, "thousand": 1e3, "million": 1e6}


@dataclass(frozen=True)
class PriceMention:
    amount: float
    unit: str | None  # seat | month | year, or None for a total
    percent: bool
    role: str  # price | competitor | budget | value
    start: int  # character offset in the normalised text
    marked: bool  # a currency mark, a money word or a multiplier says it is money


@dataclass(frozen=True)
class PriceMove:
    utterance: int
    speaker: str
    move: str  # ask | counter | concession | acceptance
    amount: float | None = None
    # concession: lower_price | accept_buyer_price | matched | split_difference | terms | kept_rate | flexibility |
    # percent_off
    kind: str | None = None
    answers: int | None = None  # the buyer utterance whose number the move answers


def figure_alone(text: str, vocabulary: PriceVocabulary) -> bool:
    """Whether a normalised phrase is a figure and nothing else but its period: "1400", "$40 a month",
    "eleven-five", "nine-five a year", "11500 for the year"; "40 seats" or "12 percent" say what they
    count."""
    match = re.match(r"\$?\d[\d,.]*(?:\s?(?:k|grand|thousand))?|[a-z]+(?:-[a-z]+){1,2}", text)
    if not match or not (
        match.group(0)[0] in "$0123456789"
        or THOUSANDS_HYPHENED.fullmatch(match.group(0))
        or HUNDREDS_HYPHENED.fullmatch(match.group(0))
    ):
        return False
    rest = text[match.end() :].strip()
    return (
        not rest
        or any(vocabulary.patterns[f"unit:{unit}"].fullmatch(rest) for unit in ("month", "year"))
        or bool(vocabulary.patterns["said_for_period"].fullmatch(rest))
    )


def _words_before(text: str, position: int, count: int = WINDOW_WORDS) -> str:
    return " ".join(text[:position].split()[-count:])


def _words_after(text: str, position: int, count: int = 3) -> str:
    return " ".join(text[position:].split()[:count])


def mentions(
    text: str, vocabulary: PriceVocabulary, anchor: float | None = None, answers_price_talk: bool = False
) -> list[PriceMention]:
    """The prices in one utterance's normalised text. A bare number counts only where the
    utterance talks price (or answers the other side's talk of price), it is not a year, a count or
    a time, and (once the call has a price) it is of the same order as that price."""
    found = []
    # "600?" on its own is an offer: a short utterance that is mostly a number talks price
    talks_price = vocabulary.has("price_context", text) or "$" in text or len(text.split()) <= 2 or answers_price_talk
    value_talk = vocabulary.has("value", text)
    # "twelve forty is more than we pay now": what the buyer pays, set after "than" against a figure in
    # its sentence, is the other side of the comparison; the figure compared is the price, no cost of
    # theirs ("that's more than we pay. we pay about 150" tells the cost)
    value_only_compared = value_talk and not vocabulary.has("value", _THAN_WHAT_IS_PAID.sub(" ", text))
    for match in _NUMBER.finditer(text):
        raw = match.group("number").replace(",", "")
        try:
            amount = float(raw)
        except ValueError:
            continue
        multiplier = (match.group("multiplier") or "").strip()
        amount *= _MULTIPLIERS.get(multiplier, 1.0)
        percent = bool(match.group("percent"))
        after = _words_after(text, match.end())
        before = _words_before(text, match.start())
        unit = next((u for u in vocabulary.units if vocabulary.patterns[f"unit:{u}"].match(after)), None)
        # "310 pounds a month", "twelve pounds each": a word that weighs things as well as paying for
        # them is money with a period or a unit right after it ("200 pounds" alone is a weight)
        weighed = vocabulary.patterns["money_by_period"].match(after)
        if weighed and unit is None:
            per = after[weighed.end() :].lstrip()
            unit = next((u for u in vocabulary.units if vocabulary.patterns[f"unit:{u}"].match(per)), None)
        if unit is None and talks_price and amount >= 5:
            # "95 a van", "40 per classroom": a price per one of anything the call counts
            per = _PER_THING.match(after)
            if per and not per.group(1).endswith("s") and not vocabulary.has("not_price_after", per.group(1)):
                unit = "seat"
        money_word = bool(re.match(r"(bucks|dollars?|usd|euros?|quid)\b", after)) or bool(weighed and unit)
        marked = bool(match.group("currency") or multiplier or money_word)
        if not match.group("currency") and not unit and vocabulary.patterns["not_price_after"].match(after):
            continue  # "60k miles", "20 seats"
        if re.match(r"(?:st|nd|rd|th)\b", text[match.end() :]):
            continue  # an ordinal: "the 9th"
        if not percent and not marked and not unit:
            if re.match(r"\s?(?:-|to)\s?\d", after):
                continue  # a range of counts or ages ("7-10 year old")
            # of the order of the call's price, said as is or with its thousands left unsaid ("I had
            # thirty in mind" against 38,000)
            as_said = bool(anchor) and 0.5 <= amount / anchor <= 2
            thousands_unsaid = bool(anchor) and anchor >= 1000 and amount < 1000 and 0.5 <= amount * 1000 / anchor <= 2
            # or with its hundreds left unsaid ("something like thirty-five" against 4,200 a month)
            hundreds_unsaid = (
                bool(anchor) and anchor >= 1000 and 10 <= amount < 100 and 0.5 <= amount * 100 / anchor <= 2
            )
            # a count of things ("forty technicians", "fifteen new members"), not a price that "works" or
            # "sounds" right
            between = vocabulary.patterns["count_before_things"].match(after)
            things = after[between.end() :].lstrip() if between else after
            counted = things.split()[0] if things else ""
            counts = not any(vocabulary.has(name, counted) for name in ("money_words", "price_context", "price_verbs"))
            if re.match(r"[a-z]{3,}s\b", things) and counts:
                continue
            if before.endswith("at") and amount <= 24 and not vocabulary.has("concession_framing", text):
                continue  # a time: "Wednesday at eleven"
            if amount <= HOURS_ON_THE_CLOCK and amount == int(amount) and vocabulary.has("reading:time_before", before):
                continue  # a time: "at half eleven", "I'll ring you friday about ten"
            if amount <= HOURS_IN_A_DAY and amount == int(amount) and vocabulary.patterns["time_after"].match(after):
                continue  # a time: "at five in the morning", "ten at night"
            near = _words_before(text, match.start(), 3)
            if not (
                vocabulary.has("price_context", near)
                or _put_as_a_move(text, match.start(), vocabulary)
                or len(text.split()) <= 3
                or as_said
                or thousands_unsaid
                or hundreds_unsaid
                # "sixty-two thousand" (normalised: 62000) in a turn that talks price: a round sum, no count
                or (amount >= 1000 and amount % 100 == 0 and not 1900 <= amount <= 2100 and talks_price)
            ):
                continue  # a bare number far from any price talk ("iphone 7")
            too_small = amount < 5 and not (anchor and anchor < 50)  # "1.75" is a price only among small prices
            talks_here = talks_price or thousands_unsaid or vocabulary.has("reduction_framing", text)
            if not talks_here or too_small or not unit and vocabulary.patterns["not_price_after"].match(after):
                continue
            year = 1900 <= amount <= 2100 and amount == int(amount)
            if year and not (anchor and 0.5 <= amount / anchor <= 2):
                continue  # a year
            if year and before and vocabulary.has("year_before", before.split()[-1]):
                continue  # "the same number in 2029": a year said as one, whatever the price near it
            # "10:30", "3/4": the colon or the slash right after a figure ("the quote: 4200" is a price)
            if re.search(r"\d[:/]$", text[: match.start()]) or re.match(r"\s?(?:am|pm|o'clock)\b", after):
                continue  # a time or a date
            if before and vocabulary.has("not_price_before", before.split()[-1]):
                continue
            if anchor and not (anchor / PLAUSIBLE_RATIO <= amount <= anchor * PLAUSIBLE_RATIO):
                if anchor >= 1000 and anchor / PLAUSIBLE_RATIO <= amount * 1000 <= anchor * PLAUSIBLE_RATIO:
                    amount *= 1000  # "a hundred and twenty" after "140,000": thousands left unsaid
                elif hundreds_unsaid:
                    amount *= 100
                else:
                    continue
        role = "price"
        if vocabulary.has("competitor", before):
            role = "competitor"
        elif vocabulary.has("budget", before):
            role = "budget"
        elif (
            value_talk
            and not vocabulary.has("concession_framing", text)
            and not _named_as_price(before, vocabulary)
            and not (value_only_compared and _compared_to_what_is_paid(text, match.end()))
        ):
            role = "value"
        found.append(PriceMention(amount, unit, percent, role, match.start(), marked))
    return found


# "more than we pay", "dearer than what we're paying now": the words of the buyer's own costs right after "than"
_THAN_WHAT_IS_PAID = re.compile(
    r"\bthan\s+(?:what\s+)?(?:we|i)(?:'re| are| am|'m)?\s+(?:currently\s+|already\s+)?"
    r"(?:pay|paying|spend|spending|paid|spent)\b"
)


def _compared_to_what_is_paid(text: str, position: int) -> bool:
    """Whether what the buyer pays is set after "than" against the figure ending at `position`, in its
    sentence ("four thousand a year is dearer than what we pay Loomco")."""
    compared = _THAN_WHAT_IS_PAID.search(text, position)
    return compared is not None and not _SENTENCE_END.search(text, position, compared.start())


def _put_as_a_move(text: str, position: int, vocabulary: PriceVocabulary) -> bool:
    """Whether the number at `position` follows, within its sentence and at most MOVE_WORDS words
    after them, the words of an offer on the price ("we were thinking more like three hundred"), or
    of a move the speaker makes themselves ("I could bring it down to two ten"); a move recounted
    ("your note says the forty-eight should come down to forty-two") is none."""
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, position)), default=0)
    for name in ("offer_framing", "concession_framing", "reduction_framing"):
        for framing in vocabulary.find(name, text[start:position]):
            between = text[start + framing.end() : position]
            own = name == "offer_framing" or vocabulary.has("offering", text[start : start + framing.end()])
            if own and len(between.split()) <= MOVE_WORDS:
                return True
    return False


def _named_as_price(before: str, vocabulary: PriceVocabulary, by_seller: bool = True) -> bool:
    """Whether a word of the product's price stands right before a figure ("the proposal is two forty",
    "a licence of 31,000"): a price, however much value the turn talks around it. Not `by_seller`, the
    seller's own words for it ("we're at") count the buyer's things instead ("we're at three hundred
    and forty")."""
    just_before = " ".join(before.split()[-PRICE_NAMED_JUST_BEFORE:])
    if not by_seller and vocabulary.has("sellers_price_names", just_before):
        return False
    return vocabulary.has("price_names", just_before)


def named_prices(text: str, said: list[PriceMention], vocabulary: PriceVocabulary) -> list[PriceMention]:
    """The prices of a return on the buyer's numbers (`returns.return_turns`): only the figures a word
    of the product's price names, before them ("the licence is 31,000") or right after them and their
    period ("against 18,000 a year for us", "2,200 for the licence", "the 3,600 a year it costs": the
    product's price, whatever value the sums talk around it); the rest are the cost of the buyer's problem.
    A figure the rep offers in place of a higher one ("and I'll do the lot at 40 a van instead of 45") is
    the price moved, however much the turn talks value around it; so is a figure in the rep's own words
    of a move ("I don't want to lose you over three hundred, I can do ten fifty a month"): the gap the
    buyer objected to said back makes no sums of the turn's price."""
    named = []
    for m in said:
        if vocabulary.patterns["reading:named_after"].match(text, _end_of(text, m)):
            named.append(replace(m, role="price"))
        elif vocabulary.has("price_names", _words_before(text, m.start, NAMED_PRICE_WORDS)):
            named.append(m)
        elif _offered_at(text, m, vocabulary) and _replaces_a_higher(text, m, vocabulary):
            named.append(replace(m, role="price"))
        elif _put_as_own_concession(text, m.start, vocabulary):
            named.append(replace(m, role="price"))
    return named


def _put_as_own_concession(text: str, position: int, vocabulary: PriceVocabulary) -> bool:
    """Whether the number at `position` follows, within its sentence and at most MOVE_WORDS words after
    them, the rep's own words of a move on the price ("I can do", "I could go to"), not said in the
    negative ("I can't do"; a "don't" earlier in the sentence is about something else)."""
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, position)), default=0)
    for framing in vocabulary.find("concession_framing", text[start:position]):
        said = _words_before(text, start + framing.end(), OWN_MOVE_WORDS)
        between = text[start + framing.end() : position]
        if vocabulary.has("offering", said) and not _NEGATION.search(said) and len(between.split()) <= MOVE_WORDS:
            return True
    return False


_FIRST_SENTENCE = re.compile(r"[.!?;]\s")
_SENTENCE_END = re.compile(r"[.!?;](?:\s|$)")
_BARE_NEGATIONS = frozenset({"no", "not"})
# with and without the apostrophe: raw transcripts drop it ("i cant do three sixty")
_NEGATION = re.compile(r"\b(not|no|never|isn'?t|can'?t|cannot|won'?t|don'?t|doesn'?t|aren'?t|wouldn'?t|couldn'?t)\b")


def _negated(text: str, match: re.Match) -> bool:
    """A flexibility or terms phrase said in the negative: "not negotiable", "no room", "can't waive",
    "support isn't free" (a negation between the words of a reading counts too)."""
    between = match.groupdict().get("between") or ""
    return bool(_NEGATION.search(_words_before(text, match.start(), 3)) or _NEGATION.search(between))


def as_feared_or_better(text: str, vocabulary: PriceVocabulary) -> bool:
    """Whether the buyer finds the price better than feared ("less than we expected"), under another
    ("that's a lot less than the last system we looked at"), braced for more ("I thought you'd say
    more"), under their own figure ("that's under my twelve hundred", not "it's not within our budget"
    nor "it's inside the budget, but it's a lot")
    or where they put it ("about what I'd thought", "within what I can justify", not "not within what we
    planned")."""
    return (
        vocabulary.has("reading:favourable", text)
        or any(not _negated(text, m) for m in vocabulary.find("reading:braced_for_more", text))
        or any(not _negated(text, m) for m in vocabulary.find("reading:as_expected", text))
        or any(not _negated(text, m) for m in vocabulary.find("reading:favourable_comparison", text))
        # "it's below the forty, but it still stings": the figure it comes under, then what is still wrong with it
        or any(
            not _negated(text, m) and not _after_but(text[m.end() :])
            for m in vocabulary.find("reading:under_own", text)
        )
    )


def _supposed(text: str, match: re.Match) -> bool:
    """A phrase put as a supposition ("if we took money off, we'd be taking the training out"): in a
    reply that refuses, the concession it names is the one refused."""
    return "if" in _words_before(text, match.start(), 3).split()


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= SAME_PRICE * max(a, b)


@dataclass
class _State:
    ask: float | None = None  # the rep's standing price: their latest price, lowered by each concession
    ask_unit: str | None = None
    ask_at: int | None = None  # utterance where it was named
    buyer_number: float | None = None  # the buyer's latest number of any kind (a budget, a cost, a count)
    offer: float | None = None  # the buyer's latest offer or counter on the price
    offer_at: int | None = None
    buyer_spoke_since_ask: bool = False
    # the rep's latest price in each unit ("225 per site per month, so around 1,600"): a later
    # price in one of those units compares with it, not with the total
    unit_asks: dict[str | None, float] = field(default_factory=dict)
    # every price said so far, by either side
    said: list[float] = field(default_factory=list)
    # what the buyer said their problem costs them ("lost about four hundred quid on the job")
    problem_costs: list[float] = field(default_factory=list)
    # the buyer's latest turn objects to a price in the words of an objection
    objected: bool = False
    # the figures of the buyer's turn the rep answers that count things (`_counts`)
    buyer_counts: frozenset[float] = frozenset()
    # the largest figure said so far, whatever it was (a budget, a cost, a price)
    money_said: float | None = None
    # the figures said as years so far ("until 2029")
    years: set[float] = field(default_factory=set)
    # the figures the buyer said as another vendor's price ("Hartwell quoted us 680")
    rival_prices: set[float] = field(default_factory=set)
    # the buyer is reading out another firm's quote (`rival_quote`), the rep only nodding along
    reading_rival_quote: bool = False
    # the buyer has said they hold another firm's quote (`rival_quote`)
    rival_quote_announced: bool = False
    # the rep has named a price of their own
    rep_priced: bool = False
    # the price the buyer's latest turn says back, when it objects to the price or asks for less
    pushed_back: float | None = None
    # every figure of the buyer's latest turn: one said back in the reply is the buyer's, no move
    buyer_figures: frozenset[float] = frozenset()
    # every figure the buyer has said in the call
    buyer_said: set[float] = field(default_factory=set)
    # the buyer's latest turn named a figure (what they pay today, a rival's price, a count)
    buyer_turn_figured: bool = False
    # the range the rep last put their price in ("somewhere between 1,800 and 2,400"), and whether the
    # buyer has pushed back, asked for less or countered since
    price_range: tuple[float, float] | None = None
    pushed_since_range: bool = False

    def asks(self, price: PriceMention, index: int) -> None:
        """`price`, said at `index`, is the rep's standing price from now on (in its unit too)."""
        self.ask, self.ask_unit, self.ask_at = price.amount, price.unit, index
        self.unit_asks[price.unit] = price.amount


def _order_of_money(text: str, vocabulary: PriceVocabulary, said_before: float | None) -> float | None:
    """The order of money a price said short is read against when no price is on the table: the
    largest figure said in full in the turn ("the quote is 420 a month, and I had three-fifty in my
    head") or before it in the call ("we've put aside about ten thousand for the year")."""
    own = [m.amount for m in mentions(text, vocabulary, None, True) if not m.percent]
    by_period = [amount for _, amount in _said_short_by_the_period(text, vocabulary)]
    return max([*own, *by_period, *([said_before] if said_before else [])], default=None)


# the thing a price is per, said before its period ("three-fifty a studio a month", "two-ten per seat per year")
_THING_BEFORE_PERIOD = re.compile(r"^(?:a|an|per) [\w-]+ (?=(?:a|per) )")


def _said_short_by_the_period(text: str, vocabulary: PriceVocabulary) -> list[tuple[re.Match, float]]:
    """The prices said short, then their period, in a normalised text, with what they come to: how a
    price is said whatever was said before it. "three-forty a month" ("three-forty a seat a month") is in hundreds ("at three-forty"
    alone may be a time), "twelve six for the year" (normalised: "12 6 for the year") in thousands
    ("four two" alone may be two counts), "eleven fifty a year" ("11 50 a year") in hundreds ("eleven
    fifty" alone may be a count and a time)."""
    said = [
        (m, float(hyphened_hundreds(m)))
        for m in HUNDREDS_HYPHENED.finditer(text)
        if any(
            vocabulary.patterns[f"unit:{unit}"].match(
                _THING_BEFORE_PERIOD.sub("", _words_after(text, m.end(), 5), count=1)
            )
            for unit in ("month", "year")
        )
    ]
    said += [
        (m, float(int(m.group(1)) * 1000 + int(m.group(2)) * 100))
        for m in THOUSANDS_SAID_SHORT.finditer(text)
        if vocabulary.patterns["said_for_period"].match(_words_after(text, m.end()))
    ]
    said += [
        (m, float(int(m.group(1)) * 100 + int(m.group(2))))
        for m in HUNDREDS_IN_PAIRS.finditer(text)
        if vocabulary.patterns["said_for_period"].match(_words_after(text, m.end()))
    ]
    return said


def said_short_as_digits(text: str, vocabulary: PriceVocabulary) -> str:
    """A normalised text with its prices said short by the period written as the figures they come
    to: "so. 11 50 a year." as "so. 1150 a year."."""
    for match, amount in sorted(_said_short_by_the_period(text, vocabulary), key=lambda said: -said[0].start()):
        text = text[: match.start()] + str(int(amount)) + text[match.end() :]
    return text


def _price_read_in_full(text: str, vocabulary: PriceVocabulary) -> PriceMention | None:
    """The product's price a turn reads out in full, as money, by the period or in hundreds or more, a
    word of the price just before it ("the quote is 640 a month", "the proposal says twenty-six
    thousand"); None when it reads none ("you've quoted us for five admin seats", "five, six grand each")."""
    named = [
        m
        for m in mentions(text, vocabulary, None, True)
        if not m.percent
        and (m.marked or m.unit or m.amount >= 100)
        and _named_as_price(_words_before(text, m.start), vocabulary)
    ]
    return max(named, key=lambda m: m.amount, default=None)


_COUNT = re.compile(r"(?<![\w$£€])(\d+(?:,\d{3})*(?:\.\d+)?)((?:\s+[a-z'-]+){1,3})")


def _counts(text: str, vocabulary: PriceVocabulary) -> frozenset[float]:
    """The figures that count things in a turn ("sixty carers", "three hundred paper time sheets a
    month"): a plural word within three words after the figure, and no word of money."""
    found = set()
    for match in _COUNT.finditer(text):
        words = match.group(2).split()
        plural = any(len(word) > 3 and word.endswith("s") and not word.endswith("ss") for word in words)
        if plural and not any(vocabulary.has("money_words", word) for word in words):
            found.add(float(match.group(1).replace(",", "")))
    return frozenset(found)


def _counts_things(after: str, vocabulary: PriceVocabulary) -> bool:
    """Whether the words right after a figure count things ("640 members"), not money ("640 quid")."""
    counted = after.split()[0] if after else ""
    return bool(re.match(r"[a-z]{3,}s\b", counted)) and not vocabulary.has("money_words", counted)


def rise_read_out(text: str, vocabulary: PriceVocabulary) -> tuple[float, float] | None:
    """The old and the new figure of a price rise a normalised turn reads out ("the renewal's gone up
    from 1800 to 2100", "last year was 850 a month. this says 950"), in a turn that talks price; a count
    that grew ("bookings went from 200 to 350") is none, and neither is a jump past RISE_AT_MOST times
    the old figure."""
    if not (vocabulary.has("price_context", text) or vocabulary.has("price_words", text)):
        return None
    readings = ("reading:rise", "reading:rise_then_now", "reading:rise_up_from")
    for match in (m for name in readings for m in vocabulary.find(name, text)):
        old, new = (float(match.group(name).replace(",", "")) for name in ("old", "new"))
        counted = any(_counts_things(_words_after(text, match.end(name)), vocabulary) for name in ("old", "new"))
        if 0 < old < new <= old * RISE_AT_MOST and not counted:
            return old, new
    return None


_YEAR_SAID = re.compile(r"\b([a-z]+)\s+((?:19|20)\d\d)\b(?![,.]?\d)")


def _years_said(text: str, vocabulary: PriceVocabulary) -> set[float]:
    """The figures of a normalised turn said as years: a year's number right after a word that puts
    a year ("in 2029", "through 2028", "until 2029"), not "to 2000" or "down from 2000"."""
    return {
        float(match.group(2))
        for match in _YEAR_SAID.finditer(text)
        if vocabulary.has("year_before", match.group(1)) or vocabulary.has("year_until", match.group(1))
    }


def _reference(state: _State, list_price: float | None) -> float | None:
    return state.ask if state.ask is not None else list_price


def present_costs_guessed(transcript: Transcript, vocabulary: PriceVocabulary) -> frozenset[int]:
    """The rep's utterances that guess aloud, as a question, what the buyer pays today ("and you're on
    about forty a month with them?"), which the buyer's next turn puts right with a higher figure of
    their own ("fifty-five, they put it up"). A buyer never counters above the rep's price: a higher
    figure said at once tells what they pay, so the rep's figure was a guess at the buyer's costs, no
    price of the product. Read only before the rep names a figure that is no such guess, and only in a
    call with no list price."""
    if transcript.list_price is not None:
        return frozenset()
    guessed = set()
    utterances = transcript.utterances
    for index, utterance in enumerate(utterances):
        if utterance.speaker != "rep":
            continue
        text = normalise(utterance.text)
        said = [m for m in mentions(text, vocabulary) if not m.percent]
        if not said:
            continue
        asked = all(sentence_at(text, m.start).rstrip().endswith("?") for m in said)
        reply = utterances[index + 1] if index + 1 < len(utterances) else None
        if not asked or reply is None or reply.speaker != "buyer":
            break
        reply_text = normalise(reply.text)
        put_right = _figures_in(reply_text)[:1]
        guess = max(m.amount for m in said)
        if (
            not put_right
            or not guess < put_right[0] <= guess * PLAUSIBLE_RATIO
            or vocabulary.has("price_names", reply_text)
        ):
            break
        guessed.add(index)
    return frozenset(guessed)


def trajectory(
    transcript: Transcript,
    vocabulary: PriceVocabulary,
    list_price: float | None = None,
    features: list[UtteranceFeatures] | None = None,
    returns: frozenset[int] = frozenset(),
    guessed: frozenset[int] | None = None,
) -> list[PriceMove]:
    """Every price move of the call, in order. With the utterances' `features`, a buyer's number
    given in answer to the rep's question about who decides ("the MD signs anything over twenty
    thousand") is a sign-off limit, not a counter. In the rep's `returns` (their sums on the
    buyer's numbers) only a figure named as a price is one; so in the rep's guesses at what the buyer
    pays today (`present_costs_guessed`, read here when not `guessed`)."""
    state = _State()
    moves: list[PriceMove] = []
    previous_speaker, previous_text, previous_offer = None, "", False
    if guessed is None:
        guessed = present_costs_guessed(transcript, vocabulary)
    for index, utterance in enumerate(transcript.utterances):
        anchor = _reference(state, list_price) or state.offer
        normalised = normalise(utterance.text)
        # with no price on the table yet, a price said short ("the proposal says four-eight a year",
        # "the quote was twelve and a half") is of the order of the money said so far or in the turn
        # itself ("under four grand", "about ten thousand for the year")
        said_short = anchor
        if anchor is None and utterance.speaker in ("buyer", "rep"):
            said_short = _order_of_money(normalised, vocabulary, state.money_said)
        text = hundreds_said_short(thousands_said_short(normalised, said_short), said_short)
        if text == normalised:
            # no price said short: the turn's other figures are read against the price on the table, or
            # without one, in the buyer's turn, against the price it reads out in full ("the quote is 640
            # a month, we had something nearer four hundred in mind"), not the money said before it
            own = utterance.speaker == "buyer" and anchor is None
            read_in_full = _price_read_in_full(normalised, vocabulary) if own else None
            said_short = read_in_full.amount if read_in_full else anchor
        else:
            read_in_full = None
        # a buyer's two prices said back to the rep's talk of price are the rep's and their own
        after_price_talk = (
            utterance.speaker == "buyer" and previous_speaker == "rep" and vocabulary.has("price_words", previous_text)
        )
        # a buyer's turn right after the rep named their own price ("can you see the quote?"), not the
        # buyer's costs or budget ("what did that job cost you?", "was there a figure in mind?"), talks
        # price too
        answers_quote = (
            after_price_talk
            and vocabulary.has("price_names", previous_text)
            and not vocabulary.has("value", previous_text)
            and not vocabulary.has("budget_question", previous_text)
        )
        # the rep's reply to the buyer's offer talks price: "200 if you pick it up yourself"
        answers_offer = utterance.speaker == "rep" and previous_speaker == "buyer" and previous_offer
        # the rep's reply to the buyer's question of price talks price: "and the price?" - "the kit with the
        # tooling is sixteen thousand eight hundred"
        answers_price_question = (
            utterance.speaker == "rep" and previous_speaker == "buyer" and _asks_the_price(previous_text, vocabulary)
        )
        talked_to = answers_quote or answers_offer or answers_price_question
        said = mentions(text, vocabulary, said_short, talked_to)
        if read_in_full is not None:
            # a bare figure is the buyer's own after the price they read out, not before it ("thirty-five
            # is about right. and your price was twenty-four hundred a month?": the 35 answers something else)
            before = {m.start for m in mentions(text, vocabulary, anchor, talked_to)}
            said = [m for m in said if m.start >= read_in_full.start or m.start in before]
        if index in returns or index in guessed:
            # the rep's sums on the buyer's problem, or guess at what the buyer pays today: only a figure
            # named as the product's price is one
            said = named_prices(text, said, vocabulary)
        if utterance.speaker == "buyer" and vocabulary.has("stay_on_rate", text):
            # "last year I paid forty-two a month, can we stay on that?": what the buyer pays now, asked to
            # stay on, is the rate they offer, not a cost of theirs the rep's sums may say back
            said = [replace(m, role="price") if m.role == "value" else m for m in said]
        rise = rise_read_out(text, vocabulary) if state.ask is None else None
        # "fix it at three four until 2029", then "with the price fixed to 2029": a year the call said as
        # one stays a year, whatever words stand before it later
        state.years.update(_years_said(text, vocabulary))
        said = [m for m in said if m.marked or m.amount not in state.years]
        sums_at = _worked_out(text, said)
        said = [m for m in said if not _at(m, sums_at)]
        move = None
        # "and how many robes is that?" - "about fourteen hundred": a count asked for, no offer
        asked_count = previous_speaker == "rep" and vocabulary.has("count_question", previous_text)
        if rise is not None:
            # "the letter says it's gone up from 290 to 375": the new figure is the rep's price, whoever
            # reads it out, and the old one, not put up as a price, the rate a later "I can do 290" gives back
            unit = next((m.unit for m in said if m.amount == rise[1]), None)
            state.asks(PriceMention(rise[1], unit, False, "price", 0, False), index)
            said = [m for m in said if m.amount not in rise]
            state.said.append(rise[1])
            move = PriceMove(index, utterance.speaker, "ask", rise[1])
        elif utterance.speaker == "buyer":
            # a number given because the rep asked about budget or spend is information, not a counter
            asked_budget = previous_speaker == "rep" and vocabulary.has("budget_question", previous_text)
            # the buyer putting right the rep's guess at what they pay today tells their costs, no counter
            asked_budget = asked_budget or index - 1 in guessed
            # a number typed into the product as the rep guides the buyer through it ("hit new plan" -
            # "name monthly box, price fourteen ninety-five") is data, not an offer
            typed_in = (
                previous_speaker == "rep"
                and vocabulary.has("guiding", previous_text)
                and not vocabulary.has("price_words", previous_text)
            )
            asked_committee = (
                features is not None
                and previous_speaker == "rep"
                and features[index - 1].acts.get(COMMITTEE_ACT, 0.0) >= COMMITTEE_CONFIDENCE
            )
            # the figure a buyer objects to in the words of an objection ("forty grand is more than we
            # pencilled in"), or reads out after the rep talked of their price, is the rep's price
            # the cost the rep's sums on their problem came to, put above the price or what was set aside
            # ("eleven thousand. that's more than the whole budget"), weighs the sums: no objection, no offer
            weighs_sums = (
                previous_speaker == "rep" and index - 1 in returns and vocabulary.has("cost_above_price", text)
            )
            objects = (
                features is not None
                and features[index].act_sources.get(PUSHBACK_ACT, "").startswith("pattern:")
                and not weighs_sums
            )
            # the buyer's figures in reply to the rep's sums on their problem weigh the sums ("against
            # the twenty thousand we planned, I can do that sum"), unless the buyer talks price or
            # objects to a figure ("still, forty a seat is steep"): an objection answers the price
            answers_return = weighs_sums or (
                previous_speaker == "rep"
                and index - 1 in returns
                and not vocabulary.has("price_words", text)
                and not objects
            )
            names_price = objects or answers_quote
            state.objected = objects
            # "another firm quoted us too, shall I read it out?" - "go ahead" - "licence forty a month, setup two
            # hundred": a rival's quote read out is what the buyer was offered elsewhere, no counter of theirs,
            # until the buyer objects to the rep's price against it
            # the reading starts where the buyer announces it, of another firm's quote named in the turn
            # or in the rep's question before it
            # the buyer mentions another firm's quote early in the call and later starts reading a quote out,
            # before the rep has named a price: the quote read is the one mentioned
            reads_rival = state.reading_rival_quote or (
                vocabulary.has("quote_read_out", text)
                and (
                    vocabulary.has("rival_quote", text)
                    or (previous_speaker == "rep" and vocabulary.has("rival_quote", previous_text))
                    or (state.rival_quote_announced and state.ask is None)
                )
            )
            state.rival_quote_announced = state.rival_quote_announced or vocabulary.has("rival_quote", text)
            pushes = (
                features is not None
                and max(features[index].acts.get(act, 0.0) for act in (PUSHBACK_ACT, REQUEST_ACT)) >= PUSHED_AT
            )
            rival_read_out = reads_rival and not pushes and not objects
            state.reading_rival_quote = rival_read_out
            if rival_read_out:
                said = [replace(m, role="competitor") if m.role == "price" else m for m in said]
            move = (
                None
                if asked_budget or asked_count or asked_committee or typed_in or rival_read_out
                else _buyer_turn(
                    index, text, said, state, list_price, vocabulary, after_price_talk, answers_return, names_price
                )
            )
            if asked_budget:
                # "about two grand for the year", asked what was set aside: the budget the rep may say
                # back ("what did the two grand have to cover?") is the buyer's number, no price of the rep's
                state.buyer_number = min((m.amount for m in said if not m.percent), default=state.buyer_number)
        elif utterance.speaker == "rep":
            # the rep nodding while the other quote is read ("mm", "go for it") keeps the buyer reading it;
            # anything longer answers it
            state.reading_rival_quote = state.reading_rival_quote and len(text.split()) <= NOD_WORDS
            asked_flexibility = previous_speaker == "buyer" and _asks_flexibility(previous_text, vocabulary)
            move = _rep_turn(index, text, said, state, list_price, vocabulary, answers_offer, asked_flexibility)
            below = (
                _below_the_price_pushed_back(text, state.pushed_back, state, vocabulary)
                # the rep's sums on the buyer's problem come to a cost, no price ("thirty a quarter in credits is
                # a hundred and twenty a year" after "two-forty a year is too much")
                if state.pushed_back is not None and (move is None or move.move == "ask") and index not in returns
                else None
            )
            if below is not None:
                # the price read wrong or not at all before (a quote in its parts, in pence), where the
                # price goes in answer to the objection says what it was
                state.ask, state.ask_at = below, index
                move = PriceMove(index, "rep", "concession", below, "lower_price", answers=index - 1)
        if move is not None:
            moves.append(move)
        state.said.extend(m.amount for m in said if not m.percent)
        if utterance.speaker == "buyer" and (
            (move is not None and move.move == "counter")
            or (
                features is not None
                and max(features[index].acts.get(act, 0.0) for act in (PUSHBACK_ACT, REQUEST_ACT)) >= PUSHED_AT
            )
        ):
            state.pushed_since_range = True
        if utterance.speaker == "buyer":
            state.pushed_back, state.buyer_figures = _figures_pushed_back(
                text, features[index] if features is not None else None, vocabulary
            )
            state.buyer_said.update(_figures_in(text))
            opens_turn = previous_speaker != "buyer"
            state.buyer_turn_figured = bool(_FIGURE.search(text)) or (state.buyer_turn_figured and not opens_turn)
        elif utterance.speaker == "rep":
            state.pushed_back, state.buyer_figures = None, frozenset()
        if utterance.speaker == "buyer":
            state.rival_prices.update(m.amount for m in said if m.role == "competitor" and not m.percent)
            state.buyer_counts = _counts(text, vocabulary) | (
                frozenset(m.amount for m in said if not m.percent) if asked_count else frozenset()
            )
        elif utterance.speaker == "rep":
            state.buyer_counts = frozenset()
            state.rep_priced = state.rep_priced or any(m.role == "price" and not m.percent for m in said)
        figures = [m.amount for m in said if not m.percent] + ([state.money_said] if state.money_said else [])
        state.money_said = max(figures, default=None)
        if utterance.speaker == "buyer":
            # a figure with a word of cost right by it ("lost about four hundred quid", "refunded about
            # eighteen thousand last year"), not every figure of a turn that talks value ("we pay three
            # hundred now, and I'd set five-twenty as my ceiling")
            state.problem_costs.extend(
                m.amount
                for m in said
                if not m.percent
                and m.role == "value"
                and vocabulary.has("value", _words_before(text, m.start) + " " + _words_after(text, _end_of(text, m)))
            )
        if utterance.speaker != previous_speaker or utterance.speaker == "buyer":
            previous_offer = move is not None and move.move == "counter"
        previous_speaker, previous_text = utterance.speaker, text
    return moves


_FIGURE = re.compile(r"(?<![\w.,])\d+(?:,\d{3})*(?:\.\d+)?")


def _figures_in(text: str) -> list[float]:
    """Every figure written in digits in `text`, in order ("1,250" is 1250.0)."""
    return [float(m.group(0).replace(",", "")) for m in _FIGURE.finditer(text)]


def _figures_pushed_back(
    text: str, features: UtteranceFeatures | None, vocabulary: PriceVocabulary
) -> tuple[float | None, frozenset[float]]:
    """The price a buyer's turn that objects to it or asks for less says back, the largest figure it reads
    as a price ("fourteen hundred for a shed's worth of paint, come on", "you said nine-twenty. can you
    sharpen it?"), not a count ("we had fourteen casks rejected"), with all the turn's figures; None and
    none when the turn does neither."""
    if features is None or max(features.acts.get(act, 0.0) for act in (PUSHBACK_ACT, REQUEST_ACT)) < PUSHED_AT:
        return None, frozenset()
    figures = frozenset(_figures_in(text))
    # a figure asked about is checked, not objected to ("so that comes in under five hundred a quarter?")
    stated = {
        float(m.group(0).replace(",", ""))
        for m in _FIGURE.finditer(text)
        if not sentence_at(text, m.start()).rstrip().endswith("?")
    }
    priced = [
        figure
        for figure in stated
        if any(
            _close(m.amount, figure) and not m.percent and m.role in ("price", "competitor")
            for m in mentions(text, vocabulary, figure, True)
        )
    ]
    return max(priced, default=None), figures


def _below_the_price_pushed_back(
    text: str, pushed_back: float, state: _State, vocabulary: PriceVocabulary
) -> float | None:
    """The price the rep's reply to an objection names a little below the one the objection said back ("a
    grand for the pair is steep" - "I could do nine hundred"): none said before in the call ("I'd rather
    keep it at nine-fifty"), none of the buyer's own figures said back ("what would eight hundred buy
    you?"), no count, value or percent ("nine hundred sheets"), no part of the price said
    out ("nine hundred of that is the frames"), no year, none in a clause said in the negative ("I can't go
    to nine hundred"), and none in a turn that reads out a rise or prices another option at its own price
    ("the basic plan is eight hundred, its list price"), nor in a sentence that works from a figure the
    buyer gave before ("your thirty a quarter in credits is a hundred and twenty a year")."""
    if (
        vocabulary.has("own_price", text)
        or vocabulary.has("smaller_option", text)
        or rise_read_out(text, vocabulary) is not None
    ):
        return None
    years = _years_said(text, vocabulary)
    for mention in mentions(text, vocabulary, pushed_back, True):
        value = mention.amount
        if (
            mention.percent
            or mention.role != "price"
            or value in years
            or any(_close(value, said) for said in state.said)
            or _said_as(text, mention.start) in state.buyer_figures
            or _sums_on_the_buyers_figures(sentence_at(text, mention.start), pushed_back, state.buyer_said)
            or vocabulary.patterns["part_of_a_price"].match(_words_after(text, _end_of(text, mention)))
            or _said_before_tax(text, mention, [pushed_back, *state.said], vocabulary)
            or _NEGATION.search(_clause_before(text, mention.start))
        ):
            continue
        if (1 - BELOW_PUSHED_AT_MOST) * pushed_back <= value < (1 - SAME_PRICE) * pushed_back:
            return value
    return None


def _said_as(text: str, position: int) -> float | None:
    """The figure as the text says it at `position` (its currency mark may come before it), before any
    order of money is read into it ("twelve" against fifteen hundred is still twelve)."""
    match = _FIGURE.search(text, position)
    return float(match.group(0).replace(",", "")) if match and match.start() <= position + 2 else None


def _sums_on_the_buyers_figures(sentence: str, pushed_back: float, buyer_said: set[float]) -> bool:
    """Whether a sentence says a figure the buyer gave, other than the price they pushed back on."""
    return any(value in buyer_said and not _close(value, pushed_back) for value in _figures_in(sentence))


def worked_out(figures: list[float]) -> list[int]:
    """Where in `figures` stands one that is the product of the two just before it, said round ("780
    hours, at 20 pounds an hour that's over 15,500"): what a sum works out."""
    return [
        at
        for at, (a, b, result) in enumerate(zip(figures, figures[1:], figures[2:], strict=False), start=2)
        if abs(a * b - result) <= WORKED_OUT * result
    ]


def _worked_out(text: str, said: list[PriceMention]) -> set[int]:
    """Where the figures of a sum on the buyer's problem stand: a figure that is the product of the two
    said just before it ("a hundred and sixty jobs at twenty is three thousand two hundred"), and those
    two, none of them a price, whatever order of money they are of; "it's ninety a seat, so four seats
    is three sixty" works out a price from one."""
    found = [(m.start(), float(m.group(0).replace(",", ""))) for m in _FIGURE.finditer(text)]
    places: set[int] = set()
    for at in worked_out([value for _, value in found]):
        terms = found[at - 2 : at + 1]
        from_a_price = any(_close(value, m.amount) for _, value in terms[:2] for m in said)
        if not from_a_price and terms[2][1]:
            places.update(start for start, _ in terms)
    return places


def _at(mention: PriceMention, places: set[int]) -> bool:
    """Whether a mention is the figure at one of `places` (its currency mark may come before it)."""
    return any(mention.start <= place <= mention.start + 2 for place in places)


def _buyer_turn(
    index: int,
    text: str,
    said: list[PriceMention],
    state: _State,
    list_price: float | None,
    vocabulary,
    after_price_talk: bool = False,
    answers_return: bool = False,
    names_price: bool = False,
) -> PriceMove | None:
    """A buyer's number is a counter when it is below the rep's ask (or the list price), or when
    the buyer puts it as an offer ("would you take 200?") other than in reply to the rep's sums
    on their problem; otherwise it is information (a budget before any price, a cost, a count)."""
    state.buyer_spoke_since_ask = True
    numbers = [m for m in said if not m.percent and m.role in ("price", "budget", "competitor")]
    if not numbers:
        return None
    lowest = min(numbers, key=lambda m: m.amount)
    state.buyer_number = lowest.amount
    reference = _reference(state, list_price)
    highest = max(numbers, key=lambda m: m.amount)
    if after_price_talk and reference is None and COUNTER_NEAR <= lowest.amount / highest.amount < 1 - SAME_PRICE:
        # "we wrote in 95 a van instead of the 120 you had": the rep's number said back, and the
        # buyer's own below it
        state.ask, state.ask_unit = highest.amount, highest.unit
        reference = highest.amount
    # "600?", "$200": a bare number put as a question or in dollars is an offer; "eighty five" alone
    # answers a question about something else
    short = len(text.split()) <= 3 and ("?" in text or "$" in text)
    offered = (
        vocabulary.has("offer_framing", text) or vocabulary.has("stay_on_rate", text) or short
    ) and not answers_return
    quoted = [m for m in numbers if m.role == "price"]
    # "the proposal says thirty-one thousand five hundred a year": a figure a word of the product's
    # price names talks price, in a turn with no other word of it
    named = any(_named_as_price(_words_before(text, m.start), vocabulary, by_seller=False) for m in quoted)
    talks_price = vocabulary.has("price_words", text) or names_price or named
    # "what would it cost us? last lot said five hundred a month": a figure after the buyer asks the price
    # is a guess or a fear, no price of the rep's said back, unless a word of price stands right before it
    # ("how much was it again, the quote said a hundred and ten")
    asked_at = min((m.start() for m in vocabulary.find("reading:asks_price", text)), default=None)
    quoted = [
        m
        for m in quoted
        if asked_at is None
        or m.start < asked_at
        or vocabulary.has("price_words", _words_before(text, m.start, PRICE_WORD_BEFORE_A_FEAR))
    ]
    if reference is None and quoted and not offered and not answers_return and talks_price:
        # "your quote, 9,600 a year", "got it, eighty-four thousand" after the rep put the quote up,
        # "forty grand is more than we pencilled in": with no price named in the call yet, the buyer
        # talking price says back the price the rep sent before; it stands as the rep's ask
        said_back = max(quoted, key=lambda m: m.amount)
        state.asks(said_back, index)
        reference = said_back.amount
    # "sixty a month" - "I could do fifty" - "so it's fifty a month": the rep's standing price, said
    # without its period and said back with the period it was put in, is that price, no lower one
    standing_said_back = (
        state.ask is not None and state.ask_unit is None and abs(lowest.amount - state.ask) <= SAME_PRICE * state.ask
    )
    if (
        lowest.unit is not None
        and lowest.unit != state.ask_unit
        and lowest.unit in state.unit_asks
        and not standing_said_back
    ):
        # "ninety a month, so eleven hundred a year" - "I'd wanted under a hundred a month": a figure in a
        # period the rep priced in is set against the rep's price in that period
        reference = state.unit_asks[lowest.unit]
    below = reference is not None and lowest.amount < reference * (1 - SAME_PRICE)
    if not (below or (reference is None and offered)):
        return None
    state.offer, state.offer_at = lowest.amount, index
    return PriceMove(index, "buyer", "counter", lowest.amount, answers=state.ask_at)


def _rep_turn(
    index: int,
    text: str,
    said: list[PriceMention],
    state: _State,
    list_price: float | None,
    vocabulary: PriceVocabulary,
    answers_offer: bool,
    asked_flexibility: bool,
) -> PriceMove | None:
    """The rep's move in one utterance, if any; updates the standing ask."""
    refusal = vocabulary.has("refusal", text)
    # "the gap between the tiers comes to fifteen a month, one-eighty over the year": the sentence that
    # tells what the price stands above another figure tells sums, no price of the rep's
    gaps_told = {
        sentence_at(text, m.start) for m in said if not m.percent and _difference_told(text, m, state, vocabulary)
    }
    # "247 is rather low", "$289 is well below the asking price": a number the turn judges, not puts
    # up; the cost the buyer gave of their problem, said back ("the mistake that cost you the four
    # hundred"), is no price of the rep's
    prices = [
        m
        for m in said
        if not m.percent
        and m.role == "price"
        and not _judged(text, m, vocabulary)
        and not any(_close(m.amount, c) for c in state.problem_costs)
        and not _budget_asked(text, m, vocabulary)
        and not _rivals_said_back(text, m, state, vocabulary)
        and sentence_at(text, m.start) not in gaps_told
        and not _said_before_tax(
            text, m, state.said + [o.amount for o in said if o is not m and not o.percent], vocabulary
        )
    ]
    if refusal and state.offer is not None:
        # "600 is too low": the buyer's number quoted back is not the rep's; the number the rep gives
        # in at, in the words of a move, is ("I can't go lower than 500. But I'll sell it to you for 349")
        prices = [m for m in prices if not _close(m.amount, state.offer) or _given_at(text, m, vocabulary)]
    named_range = _range_named(text, prices)
    if named_range is not None:
        state.price_range, state.pushed_since_range = named_range, False
    reference = _reference(state, list_price)
    # the turn that quotes the rep's first price, before any counter or objection, says what the price
    # holds: "it's eighty a month, and there's no setup fee" is the price quoted, not a fee given up;
    # "no setup fee if you sign this week" gives it on a condition all the same
    quotes_first = (
        not state.rep_priced and state.offer is None and not state.objected and any(not m.percent for m in said)
    )
    fees_quoted = (
        tuple(
            m.span()
            for m in vocabulary.find("reading:no_fee", text)
            if not vocabulary.has("reading:condition", sentence_at(text, m.start()))
        )
        if quotes_first
        else ()
    )

    def concession(kind: str, amount: float | None = None) -> PriceMove:
        return PriceMove(index, "rep", "concession", amount, kind, answers=state.offer_at)

    # "I can't do it for nothing, but I could split it with you": the split offered after the refusal's
    # "but" moves all the same
    if _splits_the_difference(text, vocabulary) and (
        not refusal or _splits_the_difference(_after_but(text), vocabulary)
    ):
        if prices:
            state.ask, state.ask_at = prices[-1].amount, index
        return concession("split_difference", prices[-1].amount if prices else None)
    shown_below = _shown_below_usual_price(text, prices, vocabulary)
    if shown_below is not None and not refusal:
        # "the list's ninety a month; to anyone joining in spring it's seventy": the lower figure
        # is offered, the usual one given up, whatever came before in the call
        state.asks(shown_below, index)
        return concession("lower_price", shown_below.amount)
    move = _price_named(index, text, prices, state, reference, vocabulary, refusal, concession) if prices else None
    if move is not None and move.move == "concession":
        # "we can hold you at your current 1,250" below the ask: the earlier rate kept, as the rep puts it
        kept = move.kind == "lower_price" and _terms_read(text, vocabulary) == "kept_rate"
        return replace(move, kind="kept_rate") if kept else move
    # "I can match your seven pence", "then I'll match two ninety on the ash": the rep's offer to match
    # the figure the buyer's turn just set against the price (what they pay today, a rival's) takes it,
    # however its figures read ("we can match it to your invoices" matches something else)
    if state.buyer_turn_figured and any(not _negated(text, m) for m in vocabulary.find("reading:match_offered", text)):
        return concession("matched")
    # "I can bring the bleaching line down from one eighty to one fifty", "we could bring the callout down to
    # sixty": the rep's offer to take a price down to a figure moves it, however its figures read, unless
    # the figure it names is no lower than the price on the table
    if any(not _negated(text, m) for m in vocabulary.find("reading:taken_down", text)) and not (
        move is not None and move.amount is not None and reference is not None and move.amount >= reference
    ):
        return concession("lower_price", move.amount if move is not None else None)
    # the buyer's number taken, said on its own or after the rep's own price recalled ("I really
    # wanted 30 but I'll accept your offer")
    taken = text if not prices else _after_but(text[_end_of(text, prices[-1]) :])
    if taken and answers_offer and accepts(taken, vocabulary):
        state.ask, state.ask_at = state.offer, index
        return concession("accept_buyer_price", state.offer)
    if asked_flexibility and _opens_the_price(text, vocabulary):
        return concession("flexibility")
    for name in ("terms", "flexibility"):
        if any(
            not _negated(text, m)
            and not _refused_in_its_clause(text, m)
            and not (refusal and _supposed(text, m))
            and not _within(m, fees_quoted)
            for m in vocabulary.find(name, text)
        ):
            return concession(name)
    kind = _terms_read(text, vocabulary, fees_quoted)
    if kind is not None:
        return concession(kind)
    if not refusal and any(_taken_off(text, m, vocabulary) for m in said if m.percent):
        return concession("percent_off")
    return move


def _shown_below_usual_price(text: str, prices: list[PriceMention], vocabulary: PriceVocabulary) -> PriceMention | None:
    """The price the rep's turn shows below the one it names as the usual price ("normally it's eighty a
    month, but this quarter it's sixty", "instead of the usual ninety you'd be on seventy"): the first of
    the turn's prices with a word of the usual price just before it, then a later one below it, by no
    more than BELOW_PUSHED_AT_MOST, in the same period or with its period left unsaid, in a clause not
    said in the negative. A price for the year against one by the month, or one above it, is no price
    shown below."""
    usual = next(
        (m for m in prices if vocabulary.has("usual_price_said", _words_before(text, m.start, USUAL_PRICE_WORDS))),
        None,
    )
    if usual is None:
        return None
    # a bare figure after it is read against it ("and for you, seventy-two")
    for later in mentions(text, vocabulary, usual.amount, True):
        if (
            later.role == "price"
            and not later.percent
            and later.start > usual.start
            and later.unit in (usual.unit, None)
            and (1 - BELOW_PUSHED_AT_MOST) * usual.amount <= later.amount < (1 - SAME_PRICE) * usual.amount
            and not _NEGATION.search(_clause_before(text, later.start))
        ):
            return later
    return None


# a verb said in the negative; a bare "no" opens a reply as often as it refuses ("no problem, ...")
_NEGATED_VERB = re.compile(r"\b(not|never|can'?t|cannot|won'?t|wouldn'?t|couldn'?t)\b")


def _refused_in_its_clause(text: str, match: re.Match) -> bool:
    """Terms whose clause says the verb before them in the negative, however far back ("I can't do the
    delivery for nothing", "i couldnt put the install in for free"): refused, not given."""
    return bool(_NEGATED_VERB.search(_clause_before(text, match.start())))


def _said_before_tax(text: str, mention: PriceMention, prices: list[float], vocabulary: PriceVocabulary) -> bool:
    """A figure said before tax ("so it's four thousand and fifty before VAT, same money") with the same price
    said, or that price with VAT on it: the same price without its tax, no move on it."""
    if not vocabulary.patterns["before_tax"].match(_words_after(text, _end_of(text, mention), 4)):
        return False
    with_tax = mention.amount * (1 + VAT)
    return any(_close(price, mention.amount) or abs(price - with_tax) <= TAX_ROUNDED * with_tax for price in prices)


def _rivals_said_back(text: str, mention: PriceMention, state: _State, vocabulary: PriceVocabulary) -> bool:
    """A figure the buyer gave as another vendor's price, said back by the rep other than in their own
    offer ("and four-twenty's about right for theirs"), is the rival's price, no price of the rep's ("I
    can match the four-twenty", "I'll match it. Four-twenty, same pump." offer it)."""
    rivals = any(_close(mention.amount, rival) for rival in state.rival_prices)
    return rivals and not _offered_at(text, mention, vocabulary) and not vocabulary.has("reading:matched", text)


def _difference_told(text: str, mention: PriceMention, state: _State, vocabulary: PriceVocabulary) -> bool:
    """A figure the rep's sentence names as a difference ("it pays back well over the two hundred
    difference", "the gap between the tiers comes to twenty a month") that is what the price stands
    above another figure said before (what the buyer pays now, the other plan): the gap between them,
    no price of the rep's; a difference taken off ("fine, two hundred off, that's the difference")
    gives it."""
    if state.ask is None or not vocabulary.has("difference", sentence_at(text, mention.start)):
        return False
    if re.match(r"\s?off\b", text[_end_of(text, mention) :]):
        return False
    return any(
        _close(mention.amount, state.ask - other) for other in state.said if other < state.ask * (1 - SAME_PRICE)
    )


def _put_off_till_later(text: str, match: re.Match, vocabulary: PriceVocabulary) -> bool:
    """A fee or a rise said away for a later renewal ("no increase at the next renewal"): the price
    locked as it is, nothing given off it."""
    return vocabulary.has("later_on", _words_after(text, match.end(), 4))


def _splits_the_difference(text: str, vocabulary: PriceVocabulary) -> bool:
    """A move to the middle ("let's meet in the middle", "I'll split it with you"), not the price split
    into payments ("I could split it into quarterly payments, same total") nor a place halfway along
    ("the camera we fitted at the halfway mark")."""
    payments = {m.start() for m in vocabulary.find("reading:payments_split", text)}
    places = {m.start() for m in vocabulary.find("reading:split_place", text)}
    return any(m.start() not in payments | places for m in vocabulary.find("split", text))


def _within(match: re.Match, spans: tuple[tuple[int, int], ...]) -> bool:
    return any(start <= match.start() and match.end() <= end for start, end in spans)


def _terms_read(text: str, vocabulary: PriceVocabulary, fees_quoted: tuple[tuple[int, int], ...] = ()) -> str | None:
    """Terms of value in the way the words stand: a thing of value given ("we can add two seats"),
    a thing or a period free ("the first month's on us"), a part of the price or a period knocked or taken
    off ("I'll take the first month off"), a fee the rep drops or takes off ("I can drop the set up fee",
    "let me take the onboarding fee off"), an earlier
    rate kept ("we'll keep you at last year's rate"), or a fee gone on a condition ("no implementation
    charge if we sign this month"); none of them said in the negative. A fee said to be none with the
    first price quoted (`fees_quoted`: where the turn says so) is part of the quote. A thing thrown in
    ("we can throw the training in"), more of what the price counts for the same money ("we'll add
    another seat for the same") and more of a thing of value or a longer free stretch than before ("I can
    make it eight seats instead of six") are terms given too."""

    def said(name: str) -> bool:
        return any(not _negated(text, m) for m in vocabulary.find(name, text))

    if said("reading:kept_rate"):
        return "kept_rate"
    if (
        said("reading:given")
        or said("reading:free_period")
        or said("reading:knocked_off")
        or said("reading:period_off")
        or said("reading:fee_dropped")
        or said("reading:fee_off")
        or said("reading:named_fee_off")
        or said("reading:fee_item_off")
        or said("reading:amount_off")
        or said("reading:more_for_same")
        or said("reading:thrown_in")
    ):
        return "terms"
    # "the office users are free" describes the price; a thing free on a condition or from the
    # rep's own offer gives it; so does more than before ("I can do this: the pilot lasts forty-five days
    # rather than fifteen"), where "the larger plan has nine logins instead of four" tells what a plan holds
    offered = vocabulary.has("reading:condition", text) or vocabulary.has("offering", text)
    if offered and (
        any(
            float(m.group("more")) > float(m.group("fewer"))
            and not _negated(text, m)
            # days longer to pay are terms of payment, not a free stretch ("the invoice can wait ninety days, not
            # forty")
            and (m.group("stretched") is None or vocabulary.has("free_stretch", sentence_at(text, m.start())))
            for m in vocabulary.find("reading:more_instead", text)
        )
        or said("reading:free")
        or any(
            not _within(m, fees_quoted) and not _put_off_till_later(text, m, vocabulary)
            for m in vocabulary.find("reading:no_fee", text)
        )
    ):
        return "terms"
    # "two hundred a month, all users included. We can invoice quarterly": what the price includes,
    # the offer in another sentence about something else; "I'll do it with onboarding included" gives it
    if any(
        _given_in_its_sentence(text, m, vocabulary)
        for name in ("reading:included", "reading:one_more_free", "reading:fraction_off")
        for m in vocabulary.find(name, text)
    ):
        return "terms"
    return None


def _given_in_its_sentence(text: str, match: re.Match, vocabulary: PriceVocabulary) -> bool:
    """Terms the rep gives in the very sentence that names them, on a condition or in the rep's own
    offer, not said in the negative."""
    sentence = sentence_at(text, match.start())
    offered = vocabulary.has("offering", sentence) or vocabulary.has("reading:condition", sentence)
    return offered and not _negated(text, match)


def _price_named(index, text, prices, state, reference, vocabulary, refusal, concession) -> PriceMove | None:
    """The rep names a price: below the standing ask (or at the buyer's offer) it is a
    concession; the buyer's own number said back is a confirmation; otherwise it is the ask."""
    framings = vocabulary.find("concession_framing", text)
    # the number each move names ("I can do 7, or 10 with the paper"): the lowest of them
    framed = {next((m for m in prices if m.start >= f.end()), None) for f in framings} - {None}
    # without a framing, the number the turn puts on the table is the one not said before ("seats at
    # 46 as today, the module at 12 for the first year, then 18": the 12)
    new = [m for m in prices if not any(_close(m.amount, amount) for amount in state.said)]
    chosen = min(framed, key=lambda m: m.amount) if framed else _in_the_asks_unit(new or prices, state.ask_unit)
    # "I'll do the pair at 450 instead of 500", right after the words of a move or the rep's own offer:
    # the lower figure is the one put up ("the pair is 450 instead of 500 bought apart" reads out a
    # list; "we'd write you one policy, with the excess at 2,500 rather than 9,000" moves no price)
    replacing = next(
        (m for m in prices if _offered_at(text, m, vocabulary) and _replaces_a_higher(text, m, vocabulary)), None
    )
    chosen = replacing or chosen
    if reference is None and chosen in framed:
        # "the trays are 90 each, and if you went to sixty I'd do them at 80": with no price
        # heard before, the one the turn names first is the ask its lower price on more moves down from
        named_first = _priced_before_more_taken(text, prices, chosen, vocabulary)
        reference = named_first.amount if named_first is not None else None
    if re.match(r"\s?off\b", text[_end_of(text, chosen) :]) and not refusal:
        return concession("amount_off", chosen.amount)
    at_offer = state.offer is not None and _close(chosen.amount, state.offer)
    if not framings and not at_offer and state.buyer_number is not None and _close(chosen.amount, state.buyer_number):
        return None  # "nine hundred a month, got it": the buyer's figure said back
    if not framings and not at_offer and any(_close(chosen.amount, count) for count in state.buyer_counts):
        return None  # "we chase about 300 time sheets a month" - "300 a month, right": a count said back
    if chosen.unit is not None and chosen.unit != state.ask_unit and chosen.unit in state.unit_asks:
        reference = state.unit_asks[chosen.unit]
        comparable = True
    else:
        comparable = state.ask is None or _same_unit(chosen, state.ask_unit, reference)
    # "against a thirty-four thousand contract" after 34,200: the standing price said round, no move
    rounded = not framings and reference is not None and comparable and _rounds_to(reference, chosen.amount)
    lower = reference is not None and comparable and chosen.amount < reference * (1 - SAME_PRICE) and not rounded
    # the price narrowed inside the range the rep gave, with no pushback since ("between eighteen and
    # twenty-four hundred" - "for twenty-five people that puts you at twenty-one hundred"): the scope
    # priced, no move down
    narrowed = (
        not framings
        and not state.pushed_since_range
        and state.price_range is not None
        and state.price_range[0] * (1 - SAME_PRICE) <= chosen.amount <= state.price_range[1] * (1 + SAME_PRICE)
    )
    # another, smaller option at its own price ("the ripening board on its own is twenty-eight thousand"): an
    # ask of its own, however far below the price before it stands, unless put in the words of a move
    other_option = not framings and replacing is None and vocabulary.has("smaller_option", text)
    lower = (lower and not narrowed and not other_option) or replacing is not None
    if lower and replacing is None and _in_instalments(text, chosen, reference, vocabulary):
        return None  # the price on the table spread over payments: it stands, as the payments' total
    if at_offer and not framings and "?" in text and len(text.split()) <= vocabulary.weak_acceptance_words:
        return None  # "25 for both?": the buyer's number asked back, not taken
    asked_about = _question_holding(text, chosen)
    if at_offer and chosen not in framed and asked_about and not accepts(asked_about, vocabulary):
        return None  # "what's behind the twenty-two?": the buyer's number asked about, not taken
    reductions = vocabulary.find("reduction_framing", text)
    # the words of a reduction in the figure's own sentence ("if the filing comes down to a single hour. ... the
    # licence is six hundred" reduces something else)
    reduction = any(
        chosen.start >= f.end() and not _SENTENCE_END.search(text, f.end(), chosen.start) for f in reductions
    )
    # the framing that names this very number ("get you to 45 a seat"), not one earlier in the turn
    reduced_to = any(0 <= len(text[f.end() : chosen.start].split()) <= 1 for f in reductions if chosen.start >= f.end())
    conditional = vocabulary.has("reading:condition", text)
    # "I can't get to 30", "I can't take it back to sixteen-forty": a number said in the negative, in
    # its own clause, is no move ("I can't do 1,880, I can do 1,700" moves); a floor said in the
    # negative ("I couldn't do less than 8,500") offers the floor
    clause = _clause_before(text, chosen.start)
    floor = bool(vocabulary.patterns["reading:floor"].search(clause))
    denied = refusal and bool(_NEGATION.search(clause)) and not reduced_to and not floor
    move = PriceMove(index, "rep", "ask", chosen.amount)
    if denied:
        pass
    # the buyer's own number named is taken, even right after the rep's ask ("2875", then "2587 then")
    elif lower and (state.buyer_spoke_since_ask or framings or conditional or state.ask is None or at_offer):
        move = concession("accept_buyer_price" if at_offer else "lower_price", chosen.amount)
    elif reduced_to and not refusal and not comparable:
        # "we can get you to 45 a seat" after a yearly total: a move down, said in another unit
        move = concession("lower_price", chosen.amount)
    elif reference is None and state.offer is not None and (framings or at_offer) and (framings or not refusal):
        # no ask heard yet: a price named in reply to the buyer's offer, in the words of a move
        move = concession("accept_buyer_price" if at_offer else "lower_price", chosen.amount)
    elif (
        reference is None and state.objected and not refusal and _given_at(text, chosen, vocabulary, same_sentence=True)
    ):
        # "eleven nine a year is a bit rich" - "I could do ten and a half": a price in the words of a
        # move, against the buyer's objection to a price not heard in figures, is a move down
        move = concession("lower_price", chosen.amount)
    elif reference is None and reduction:
        # "the lowest I can go is 2,200": a reduction from an ask not said in this call
        move = concession("lower_price", chosen.amount)
    state.unit_asks.update({m.unit: m.amount for m in prices if m.unit is not None})
    state.asks(chosen, index)
    state.buyer_spoke_since_ask = False
    return move


def _in_instalments(text: str, chosen: PriceMention, reference: float | None, vocabulary: PriceVocabulary) -> bool:
    """Whether the rep's turn spreads the price on the table over payments of the figure `chosen`: words of
    payments, and a count said in the turn that, times the figure, comes to that price ("seven-two ...
    four quarterly payments of eighteen hundred"). The same total spread holds the price (data/LABELS.md)."""
    if reference is None or not vocabulary.has("instalments", text):
        return False
    counts = {figure for figure in _figures_in(text) if figure.is_integer() and 2 <= figure <= MOST_PAYMENTS}
    return any(abs(count * chosen.amount - reference) <= ROUNDED * reference for count in counts)


def _range_named(text: str, prices: list[PriceMention]) -> tuple[float, float] | None:
    """The range the rep's turn puts its price in ("somewhere between 1800 and 2400 a year"): its top read
    as a price, its bottom lower but of the same order; a change of price ("down from 180 to 150") is none."""
    amounts = [m.amount for m in prices]
    for match in _RANGE.finditer(text):
        try:
            low, high = (float(match.group(name).replace(",", "")) for name in ("low", "high"))
        except ValueError:
            continue
        if high / PLAUSIBLE_RATIO <= low < high and any(_close(high, amount) for amount in amounts):
            return low, high
    return None


def _offered_at(text: str, mention: PriceMention, vocabulary: PriceVocabulary) -> bool:
    """Whether the figure comes a few words after the rep's own offer or the words of a move, in its
    clause ("ill do the lot at 230", "I'll do the pair at 450")."""
    clause = _clause_before(text, mention.start, OFFER_WORDS)
    return vocabulary.has("offering", clause) or vocabulary.has("concession_framing", clause)


def _replaces_a_higher(text: str, chosen: PriceMention, vocabulary: PriceVocabulary) -> bool:
    """Whether the rep sets the figure against a higher one it replaces, said right after it ("the pair
    at 450 a month instead of 500", "for 220 rather than the 250"): the higher one is the price moved
    from, even where the call's standing ask was a part of it ("instead of paying 600 upfront" names
    another way to pay, not a price moved from)."""
    # the figure replaced is read against the one that replaces it, not the call's standing ask (a
    # part of the bundle may be a third of it), and so is its order when said short ("both for two
    # hundred a month rather than two-forty" after a yearly price in thousands)
    end = _end_of(text, chosen)
    text = text[:end] + hundreds_said_short(text[end:], chosen.amount)
    after = next((m for m in mentions(text, vocabulary, anchor=chosen.amount) if m.start > chosen.start), None)
    if after is None or after.amount <= chosen.amount:
        return False
    between = text[end : after.start]
    replacing = vocabulary.find("replacing", between)
    if not replacing:
        return False
    before, rest = between[: replacing[0].start()].split(), between[replacing[-1].end() :].split()
    # room for the figure's period before ("a month") and "the" or "your" after
    return len(before) <= 3 and len(rest) <= 1 and all(word in ("the", "your") for word in rest)


def _priced_before_more_taken(
    text: str, prices: list[PriceMention], chosen: PriceMention, vocabulary: PriceVocabulary
) -> PriceMention | None:
    """The price the turn names before the lower one it offers on the buyer taking more ("it's 69 for the
    one, and if you took three I'd do them at 49 each"): in a comparable unit, and no further above it
    than an add-on's price is ("the van's 200 a month, and if you take both I'd do the trailer at 40"
    prices another thing)."""
    for earlier in reversed([m for m in prices if m.start < chosen.start]):
        between = text[_end_of(text, earlier) : chosen.start]
        if (
            vocabulary.has("reading:taking_more", between)
            and _same_unit(chosen, earlier.unit, earlier.amount)
            and earlier.amount * SAME_ORDER <= chosen.amount < earlier.amount * (1 - SAME_PRICE)
        ):
            return earlier
    return None


def _clause_before(text: str, position: int, count: int = WINDOW_WORDS) -> str:
    """The words right before `position` in its clause: back to a comma, a sentence's end or a "but"."""
    return re.split(r"[,.;:!?]|\bbut\b", _words_before(text, position, count))[-1]


def _in_the_asks_unit(prices: list[PriceMention], ask_unit: str | None) -> PriceMention:
    """The price a turn puts up: the last it names, or the last in the unit of the standing ask when it
    names the price in more than one ("a thousand a month, so twelve thousand a year" after eleven
    hundred a month: the thousand a month is what compares)."""
    same_unit = [m for m in prices if ask_unit is not None and m.unit == ask_unit]
    return (same_unit or prices)[-1]


def _budget_asked(text: str, mention: PriceMention, vocabulary: PriceVocabulary) -> bool:
    """A figure in the rep's question about the buyer's budget or spend is the buyer's, recalled or
    guessed, not the rep's price: "you said the budget sits with you, somewhere around two hundred a
    month?" (the sentence that holds it asks, in the words of `budget_question`)."""
    sentence = sentence_at(text, mention.start)
    return sentence.rstrip().endswith("?") and vocabulary.has("budget_question", sentence)


def sentence_at(text: str, position: int, after: int | None = None, ends: re.Pattern = _SENTENCE_END) -> str:
    """The sentence of the text that holds `position` (and what stands up to `after`), with its end mark,
    sentences ending where `ends` matches."""
    start = max((m.end() for m in ends.finditer(text, 0, position)), default=0)
    end = ends.search(text, position if after is None else after)
    return text[start : end.end() if end else len(text)]


def _rounds_to(price: float, said: float) -> bool:
    """Whether `said` is `price` rounded to the figures it is said in (34,200 said as 34,000)."""
    if said <= 0 or said != int(said) or price == said:
        return False
    step = 10 ** (len(str(int(said))) - len(str(int(said)).rstrip("0")))
    return step > 1 and round(price / step) * step == said and abs(price - said) <= ROUNDED * price


def _question_holding(text: str, mention: PriceMention) -> str:
    """The sentence that holds the number when it is a question ("what makes thirty the number?"), or,
    said unpunctuated as raw ASR, opens like one ("okay can i ask does the one seventy include the
    app"), else ""."""
    start = max(text.rfind(mark, 0, mention.start) for mark in ".!?;") + 1
    ends = [i for i in (text.find(mark, _end_of(text, mention)) for mark in ".!?;") if i >= 0]
    stop = min(ends, default=len(text))
    if text[stop : stop + 1] == "?" or (stop == len(text) and is_question(text[start:])):
        return text[start : stop + 1]
    return ""


def _opens_the_price(text: str, vocabulary: PriceVocabulary) -> bool:
    """Whether the rep's answer to "is the price negotiable?" is a yes: after its first sentence a
    refusal takes it back ("Sure. Sorry, the price is firm"), a bare "no" or "not" about something
    else does not ("It certainly is. I have no use for them")."""
    answer, *rest = _FIRST_SENTENCE.split(text, maxsplit=1)
    taken_back = any(m.group(0) not in _BARE_NEGATIONS for m in vocabulary.find("refusal", " ".join(rest)))
    return not taken_back and not vocabulary.has("refusal", answer) and _affirmative_start(text, vocabulary)


def _judged(text: str, mention: PriceMention, vocabulary: PriceVocabulary) -> bool:
    """Whether the turn judges the number rather than puts it up: "247 is rather low", "$289 is
    considerably lower than the asking price"."""
    return bool(vocabulary.patterns["reading:judged"].match(text, _end_of(text, mention)))


def _given_at(text: str, mention: PriceMention, vocabulary: PriceVocabulary, same_sentence: bool = False) -> bool:
    """Whether the number follows the words of a move not said in the negative ("I'll sell it to
    you for 349", not "I can't sell it to you for 349"); with `same_sentence`, in the sentence that
    names it ("the right number for you. Forty thousand a quarter..." names none)."""
    return any(
        len(text[framing.end() : mention.start].split()) <= 1
        and not _negated(text, framing)
        and not (same_sentence and re.search(r"[.!?;]", text[framing.end() : mention.start]))
        for framing in vocabulary.find("concession_framing", text)
        if framing.end() <= mention.start
    )


def _after_but(text: str) -> str:
    """What a turn says after its first "but" ("" without one)."""
    parts = re.split(r"\bbut\b", text, maxsplit=1)
    return parts[1] if len(parts) > 1 else ""


def _same_unit(mention: PriceMention, ask_unit: str | None, reference: float | None) -> bool:
    """Whether a price compares with the ask: the same unit, or one of the two said without its
    unit ("84,000 a year", then "I can take it to 72,000") at the same order of amount."""
    if mention.unit == ask_unit:
        return True
    if mention.unit is not None and ask_unit is not None or not reference:
        return False
    return SAME_ORDER <= mention.amount / reference <= 1 / SAME_ORDER


def _asks_the_price(text: str, vocabulary: PriceVocabulary) -> bool:
    """Whether the turn ends on a question of price: "and the price?", "what would that come to?"."""
    question = re.split(r"(?<=[.!?])\s+", text.strip())[-1]
    return question.endswith("?") and (
        vocabulary.has("price_words", question) or vocabulary.has("reading:asks_price", question)
    )


def _asks_flexibility(text: str, vocabulary: PriceVocabulary) -> bool:
    return "?" in text and vocabulary.has("flexibility", text)


def _affirmative_start(text: str, vocabulary: PriceVocabulary) -> bool:
    first = " ".join(text.split()[:3])
    return bool(vocabulary.patterns["affirmative"].match(first))


def _taken_off(text: str, mention: PriceMention, vocabulary: PriceVocabulary) -> bool:
    """A percentage the rep takes off: "10% off", "take fifteen percent off", "a 5 percent discount"."""
    before, after = _words_before(text, mention.start, 3), _words_after(text, _end_of(text, mention), 3)
    if before.endswith(" to") and not re.match(r"\W*off\b", after):
        return False  # "take the scrap rate to 3%": a level, not an amount off
    if vocabulary.patterns["paid_first"].match(after):
        return False  # "we ask fifteen percent as a deposit": paid first, not taken off
    return vocabulary.has("percent_off", before + " " + after)


def named_as_fee(text: str, mention: PriceMention, vocabulary: PriceVocabulary) -> bool:
    """Whether the words right after the mention's figure name it as a fee ("the 1500 setup")."""
    return bool(vocabulary.patterns["fee_items"].match(_words_after(text, _end_of(text, mention), 2)))


def _end_of(text: str, mention: PriceMention) -> int:
    """Where the mention's number ends in the text."""
    match = _NUMBER.match(text, mention.start)
    return match.end() if match else mention.start


def accepts(text: str, vocabulary: PriceVocabulary) -> bool:
    """An agreement to the number on the table: a strong phrase not preceded by a refusal ("that
    will work for me, I can't use it anyway"), the figure said to work ("we could make three work"), or a
    short yes; never a reply that defers."""
    if vocabulary.has("deferral", text):
        return False
    # "so what would make the twelve hundred work?" asks what would
    made_to_work = [
        m
        for m in vocabulary.find("reading:figure_made_to_work", text)
        if not sentence_at(text, m.start()).rstrip().endswith("?")
    ]
    strong = sorted(vocabulary.find("acceptance", text) + made_to_work, key=lambda m: m.start())
    if strong:
        return not vocabulary.has("refusal", text[: strong[0].start()])
    words = re.findall(r"[\w']+", text)
    short = 0 < len(words) <= vocabulary.weak_acceptance_words
    return short and vocabulary.has("weak_acceptance", text) and not vocabulary.has("refusal", text)


def price_acts(features: list[UtteranceFeatures], moves: list[PriceMove]) -> list[UtteranceFeatures]:
    """The features with the trajectory's acts added: the rep's concessions and the buyer's
    counters below the ask, each with the move that proposed it as its source."""
    updated = list(features)
    for move in moves:
        if move.move == "concession":
            act, confidence, source = CONCESSION_ACT, CONCESSION_CONFIDENCE, f"prices:{move.kind}"
        elif move.move == "counter":
            act, confidence, source = COUNTER_ACT, COUNTER_CONFIDENCE, "prices:counter"
        else:
            continue
        current = updated[move.utterance]
        if current.acts.get(act, 0.0) >= confidence:
            continue
        updated[move.utterance] = replace(
            current,
            acts={**current.acts, act: confidence},
            act_sources={**current.act_sources, act: source},
        )
    return updated
