"""Returns in the buyer's numbers: a faint reading of a value anchor counts when it reuses them.

The business-case rule accepts a faint reading of `value_anchor`, because the return is usually one
clause of a longer turn. That bar also lets in the rep quoting a price ("it's 1,450 a month") or any
sentence with a figure. What makes a return the buyer's is structural: it works from a number the
buyer gave earlier in the call ("eleven percent is about a hundred and five exams"). A faint reading
that reuses none of the buyer's numbers, and works on no quantity in words ("halving it covers the
licence"), is held down; a clear one is left as it is. So is a faint reading whose only figures are
the buyer's own: naming the buyer's number again ("the mistake that cost you the four hundred", "you
said three countries") turns it into nothing new, where a return comes to a figure of its own or
sets a figure against what the problem costs ("spread over twelve months, it's less than August cost
you in a night"). Even a clear reading of the classifier's is held down when its only figures are the
buyer's own said back as a reason ("with your nine vans you'd want the fleet plan"): the classifier
hears worth in any figure given as a reason. So is a return told of other customers ("sites your size usually see
complaints halve"), clear or faint, that works from none of the buyer's numbers: the rep's averages.

The rep's sums take many shapes: a count at a rate, both the buyer's ("eleven days at two thousand
makes twenty-two thousand"); one of the buyer's figures times one of the rep's own, the total said
last ("four callouts a week over forty-five working weeks makes a hundred and eighty callouts"); or only
what two of the buyer's figures come to, as worked out or said round with a hedge ("so that's around
ten thousand a quarter"). The buyer's figures said in thousands as a word ("two grand") are the
amount the rep's sums say in full.

The same reading tells the price passes what a figure is: the numbers of a clear return on the
buyer's numbers ("eleven hundred funerals at six hours is sixty-six hundred hours; at thirty an hour,
about sixty-six thousand") are the cost of the buyer's problem, not the rep's price (`return_turns`).

The same reading tells the trigger what the buyer's figures were: a buyer's turn whose figures the
rep's clear return works from a few turns later ("we get about eight no-shows a month, groups of ten"
- "so eight groups of ten at forty a head is thirty-two hundred a month") gave a number about the
buyer's own problem, however faintly the classifier heard it there (`returned_metrics`).

Pure: the transcript and its features in, the features with `value_anchor` (or `buyer_metric`)
adjusted out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from pipeline.analysis.features import VETOED, reread
from pipeline.analysis.price_words import PriceVocabulary
from pipeline.analysis.prices import CONCESSION_ACT, NAMED_PRICE_WORDS, mentions
from pipeline.analysis.spoken_figures import normalise
from pipeline.model import Transcript, UtteranceFeatures

ANCHOR_ACT = "value_anchor"
# readings of a value anchor from here up to CLEAR need one of the buyer's numbers in the utterance
FAINT = 0.2
CLEAR = 0.5
# such a reading with none of the buyer's numbers is multiplied by this
HOLD = 0.5
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# an operation on a quantity said in words works from the buyer's number too ("halving Leeds
# overtime alone covers a quarter of the licence")
_OPERATION = re.compile(r"\b(halving|halve|halves|halved|doubling|tripling|quartering|covers|pays for)\b")
_COMPARISON = re.compile(r"\b(less|more|cheaper|lower|higher) than\b")
# ... but a figure said to cover things is the price said with what it includes: "the twelve covers the
# scanners and the card fees", "can I ask what the ninety covers?"
_INCLUDES = re.compile(r"\b\d+(?:[.,]\d+)*\s+(?:a\s+(?:month|year|week|seat|user|head)\s+)?covers\b")
# the rate in the rep's sums said round as often as not ("at around six hundred", "at about forty quid")
_ROUGHLY = r"(?:(?:about|around|roughly|say|maybe|like)\s+)?"
# a small count the figures of a turn keep as a word ("four a fortnight at around three hundred")
_COUNT_WORDS = {
    "two": 2.0,
    "three": 3.0,
    "four": 4.0,
    "five": 5.0,
    "six": 6.0,
    "seven": 7.0,
    "eight": 8.0,
    "nine": 9.0,
    "ten": 10.0,
    "eleven": 11.0,
    "twelve": 12.0,
}
_COUNT = r"(?P<count>\d+(?:[.,]\d+)*|" + "|".join(_COUNT_WORDS) + ")"
# the rep's sums on two of the buyer's own figures, a count at a rate, coming to a figure of their own:
# "nine days at fourteen thousand is a hundred and twenty-six thousand in delays", "twenty a month at
# sixty euros is twelve hundred a month", "so eight at two hundred, that's sixteen hundred", "three a
# month at around five hundred is eighteen thousand a year"; read however faintly the classifier hears it
_SUMS = re.compile(
    r"(?<![\w.,])" + _COUNT + r"(?:\s+[a-z'-]+){0,3}?\s+at\s+" + _ROUGHLY + r"[$£€]?(?P<rate>\d+(?:[.,]\d+)*)"
    r"(?:\s+[a-z'-]+){0,4}?,?\s+(?:is|comes to|makes|that's|thats)\s+(?:[a-z]+\s+){0,2}?[$£€]?"
    r"(?P<total>\d+(?:[.,]\d+)*)"
)
# ... and said rate first: "at thirty-five dollars, fifty people is seventeen hundred and fifty a day"
_SUMS_RATE_FIRST = re.compile(
    r"(?<![\w.,])at\s+"
    + _ROUGHLY
    + r"[$£€]?(?P<rate>\d+(?:[.,]\d+)*)(?:\s+[a-z'-]+){0,2}?\s*,?\s+"
    + _COUNT
    + r"(?:\s+[a-z'-]+){0,3}?\s+(?:is|comes to|makes|that's|thats)\s+(?:[a-z]+\s+){0,2}?[$£€]?"
    r"(?P<total>\d+(?:[.,]\d+)*)"
)
SUMS = 0.8
# a figure of the rep's that is the product of two of the buyer's recent figures is what they come to,
# the sums done in the rep's head ("twenty a month, forty pounds each" - "so that's eight hundred a
# month"); said as worked out, not round (a price of 995 is no sum on a hundred and a ten); only a sum
# this large is told as one (no count of days or weeks)
WORKED_OUT = 0.001
# ... or within this of it, said round with a hedge ("so that's around thirteen thousand", from twelve at eleven
# hundred)
ROUNDED = 0.02
# (looked for in this many characters before the figure, so a turn is read once over)
HEDGE_REACH = 24
_HEDGE_WORDS = "about|around|roughly|nearly|almost|some|close to"
_HEDGED = re.compile(rf"\b(?:{_HEDGE_WORDS})\s+[$£€]?$")
WORKED_AT_LEAST = 100
# the price said by the month and again, said round, by the year
MONTHS = 12
ROUNDED_YEAR = 0.03
# the rep's sums said round: a total said with a hedge ("that's over a thousand a Saturday", "close to eleven
# thousand a month") within this of what the figures before it multiply to
SAID_ROUND = 0.1
_HEDGED_TOTAL = re.compile(
    rf"\b(?:{_HEDGE_WORDS}|over|more than|north of|getting on for|the best part of)\s+(?:a\s+)?[$£€]?$"
)
# (a count in minutes worked into hours: "forty minutes on two hundred and fifty is about a hundred and
# sixty-seven hours")
MINUTES_IN_AN_HOUR = 60.0
MULTIPLIED = "returns:buyer-figures-multiplied"
METRIC_ACT = "buyer_metric"
# the rep asking what the problem costs ("what are the night checks costing you now, I'd guess a couple of
# hundred in overtime"): a question of the problem's impact, read at or above CLEAR, however it names a cost
# (a question of the budget, "you said the budget was forty thousand?", names the buyer's money, as returns do)
COST_QUESTION = "urgency_question"
# the rep giving a concession, as the price passes and the act readings both hear it, and saying what it is
# worth in what comes off or comes free ("put the four tablets in free, that's three and a half thousand off"):
# its figures are what comes off the price
CONCESSION_ACTS = (CONCESSION_ACT, "discount_offer")
_WORTH_OFF = re.compile(r"\b(?:free|off|no charge|waived?|thrown in|throw in)\b")
# a buyer's turn whose figures a clear return works from, within this many utterances after it, is
# a buyer metric read at RETURNED
RETURN_WINDOW = 8
RETURNED = 0.6
# a figure said back as the reply opens, acknowledged, is heard, not worked from: "thirty okay, so your
# rent's about fifteen hundred...", "right, thirty. so..."
_SAID_BACK = re.compile(
    r"^\W*(?:(?:yeah|yes|ok|okay|right|so|um|uh|and)\W+)*(?P<figure>\d+(?:[.,]\d+)*)"
    r"\s*(?:[.,!?]|okay\b|ok\b|right\b|yeah\b|yep\b|sure\b|got it\b|$)"
)


# "two tonnes", "two a month": a count of two, not "two of us" or "two or three"
_TWO_COUNTED = re.compile(r"\btwo\s+(?!of\b|or\b|and\b|to\b|weeks?\b|days?\b|years?\b|months?\b|hours?\b)[a-z]")
# a figure said in thousands ("eight grand", "12k"): its amount, to tell it from the buyer's counts
_AMOUNT = re.compile(rf"(?P<number>{_NUMBER.pattern})(?P<thousands>\s?(?:k|grand|thousand)\b)?")


def _figures(lowered: str) -> Iterator[tuple[re.Match, float]]:
    """Each figure in normalised text with its value; "one-time", "the first month": a one is no figure."""
    for match in _NUMBER.finditer(lowered):
        try:
            value = float(match.group().replace(",", ""))
        except ValueError:
            continue
        if value > 1:
            yield match, value


def _numbers(text: str) -> set[float]:
    return {value for _, value in _figures(normalise(text))}


def _buyer_numbers(text: str) -> set[float]:
    """The figures of a buyer's turn, with any said in thousands as a word ("about two grand a go", "12k")
    also as the amount it is, which the rep's sums say in full ("two thousand"), and a count of two said as
    a word ("we lose about two tonnes a month", "two a month, easily"), which text2num leaves alone."""
    numbers = _numbers(text)
    if _TWO_COUNTED.search(normalise(text)):
        numbers.add(2.0)
    for match in _AMOUNT.finditer(normalise(text)):
        if match.group("thousands"):
            try:
                numbers.add(float(match.group("number").replace(",", "")) * 1000.0)
            except ValueError:
                continue
    return numbers


def _operation(text: str) -> bool:
    """Whether the text works on a quantity in words ("halving it covers the licence"), other than a
    figure said to cover what it includes."""
    lowered = normalise(text)
    return len(_OPERATION.findall(lowered)) > len(_INCLUDES.findall(lowered))


def _works_from(text: str, buyer_numbers: set[float]) -> bool:
    return bool(_numbers(text) & buyer_numbers) or _operation(text)


def _sums_on_buyer_figures(text: str, buyer_numbers: set[float]) -> bool:
    """A count at a rate, both the buyer's, comes to a figure the buyer did not give ("twenty a month
    at sixty euros is twelve hundred", "at sixty euros, twenty a month is twelve hundred"); the rep's
    own rate ("five seats at forty is two hundred a month") quotes the price."""
    return bool(_buyer_figures_summed(text, buyer_numbers))


def _buyer_figures_summed(text: str, buyer_numbers: set[float]) -> set[float]:
    """The counts and rates of the buyer's that the rep's sums take to a figure of their own
    (`_sums_on_buyer_figures`)."""
    summed: set[float] = set()
    lowered = normalise(text)
    for match in [*_SUMS.finditer(lowered), *_SUMS_RATE_FIRST.finditer(lowered)]:
        said_as_word = match.group("count") in _COUNT_WORDS
        try:
            count = _COUNT_WORDS.get(match.group("count")) or float(match.group("count").replace(",", ""))
            rate, total = (float(match.group(name).replace(",", "")) for name in ("rate", "total"))
        except ValueError:
            continue
        # a count said as a word is kept so in the buyer's turn too, where no figure of it is read
        counted = said_as_word or count in buyer_numbers
        if counted and rate in buyer_numbers and total not in buyer_numbers:
            summed |= {count, rate}
    return summed


def _buyer_figures_multiplied(
    text: str, buyer_numbers: set[float], prices: frozenset[float] = frozenset(), rates: frozenset[float] = frozenset()
) -> set[float]:
    """The figures of the buyer's that a figure of the rep's own comes to, multiplied, with the sums left
    unsaid: "about nine a week, and each one's a sixty-pound job" - "so that's five hundred and forty
    a week gone", "so, roughly one thousand eight hundred down the drain". A price the price pass read
    in the turn (`prices`) is no product, and neither is a product of one or of a rate the turn says a
    thing or a period (`rates`: "so it's forty a van, your nine vans is three sixty"), nor a figure the
    buyer gave."""

    def priced(value: float) -> bool:
        return any(abs(value - price) <= 0.01 * price for price in prices)

    rounded = _said_round(text)
    own = [value for value in _numbers(text) - buyer_numbers if value >= WORKED_AT_LEAST and not priced(value)]
    factors = sorted(value for value in buyer_numbers if not priced(value) and value not in rates)
    return {
        figure
        for value in own
        for i, count in enumerate(factors)
        for rate in factors[i + 1 :]
        if abs(count * rate - value) <= (ROUNDED if value in rounded else WORKED_OUT) * value
        for figure in (count, rate)
    }


def _said_round(text: str) -> set[float]:
    """The figures of a turn said round, a hedge right before them and zeros at the end ("around thirteen
    thousand", "about twelve hundred"): the sums done in the head and rounded."""
    lowered = normalise(text)
    return {
        value
        for match, value in _figures(lowered)
        if value % 100 == 0 and _HEDGED.search(lowered, max(0, match.start() - HEDGE_REACH), match.start())
    }


def _sums_said_out(
    text: str,
    buyer_numbers: set[float],
    vocabulary: PriceVocabulary | None,
    prices: frozenset[float] = frozenset(),
) -> bool:
    """Whether the rep's turn says its sums out on one of the buyer's figures and one of its own, the total
    last ("three mornings a week across a thirty-three week term comes to ninety-nine mornings", "so seven
    hundred a month over ten months makes seven thousand"): a figure the buyer gave times a figure of the
    rep's own makes a later figure of the turn (a small count kept as a word is left out: "line two" names
    no count). A factor or total that is a price (`prices`, the price pass's; a rate said a thing or a
    period; a figure a word of price names) is the price worked out on the buyer's count ("at forty a seat,
    five seats is two hundred"), no return."""
    if vocabulary is None:
        return False
    lowered = normalise(text)
    rates = _rates_said(text, vocabulary)

    def priced(match: re.Match, value: float) -> bool:
        return (
            value in rates
            or any(abs(value - price) <= 0.01 * price for price in prices)
            or vocabulary.has("price_names", " ".join(lowered[: match.start()].split()[-NAMED_PRICE_WORDS:]))
        )

    theirs, own, totals = [], [], {}
    for match, value in _figures(lowered):
        if value not in buyer_numbers and priced(match, value):
            continue
        # the total may happen to equal a figure the buyer gave ("forty pickers", and forty days); the buyer's
        # own rate is theirs however it is said ("five hundred a month across eight months")
        totals.setdefault(round(value, 2), match.start())
        (theirs if value in buyer_numbers else own).append((match.start(), value))
    for where, count in theirs:
        for at, factor in own:
            total = round(count * factor, 2)
            if total not in (count, factor) and totals.get(total, -1) > max(where, at):
                return True
    return False


def _sums_said_round(
    text: str, buyer_numbers: set[float], vocabulary: PriceVocabulary | None, prices: frozenset[float] = frozenset()
) -> bool:
    """Whether the rep's turn works one of the buyer's figures into a total said round and told as what the
    buyer loses or pays ("so a hundred and twenty empty slots at - what's a ticket, nine pounds? - that's over
    a thousand pounds a Saturday walking off", "forty minutes on two hundred and fifty is about a hundred and
    sixty-seven hours a month you're paying people to look for paper"): a figure said with a hedge, of
    WORKED_AT_LEAST or more, within SAID_ROUND of what one of the buyer's figures and another figure before
    it multiply to (minutes counted in hours where the turn speaks of minutes). The rate the rep asks or
    guesses inside the sums prices the buyer's problem; a price (`prices`, a rate said a thing or a period)
    is no factor, and sums told as no loss or cost of the buyer's may be the price worked out."""
    if vocabulary is None:
        return False
    lowered = normalise(text)
    if not (vocabulary.has("loss_told", lowered) or _sets_against(lowered, vocabulary)):
        return False
    rates = _rates_said(text, vocabulary)
    scales = (1.0, 1.0 / MINUTES_IN_AN_HOUR) if "minute" in lowered else (1.0,)
    theirs: list[float] = []
    factors: list[float] = []
    for match, value in _figures(lowered):
        if value not in buyer_numbers and (value in rates or any(abs(value - p) <= 0.01 * p for p in prices)):
            continue
        hedged = _HEDGED_TOTAL.search(lowered, max(0, match.start() - HEDGE_REACH), match.start())
        # (a total may happen to equal a figure the buyer gave: "a thousand" through the gate, "over a thousand" lost)
        if hedged and value >= WORKED_AT_LEAST:
            for i, count in enumerate(theirs):
                # each of the buyer's figures with any other figure before the total
                others = [*factors, *theirs[:i], *theirs[i + 1 :]]
                if any(
                    abs(count * factor * scale - value) <= SAID_ROUND * value for factor in others for scale in scales
                ):
                    return True
        (theirs if value in buyer_numbers else factors).append(value)
    return False


def _unpriced_buyer_figures_multiplied(
    text: str, buyer_numbers: set[float], vocabulary: PriceVocabulary | None
) -> set[float]:
    """`_buyer_figures_multiplied` in a turn no price pass has read: a figure the turn says as a price a
    thing or a period ("ninety a van a month") is a price, neither a product nor a factor."""
    rates = _rates_said(text, vocabulary)
    return _buyer_figures_multiplied(text, buyer_numbers, rates, rates)


def _rates_said(text: str, vocabulary: PriceVocabulary | None) -> frozenset[float]:
    """The figures a turn says as a price a thing or a period ("forty a van", "ninety a month")."""
    if vocabulary is None:
        return frozenset()
    return frozenset(m.amount for m in mentions(normalise(text), vocabulary, None, True) if m.unit and not m.percent)


def _says_the_buyers_figures_again(text: str, buyer_numbers: set[float], vocabulary: PriceVocabulary | None) -> bool:
    """Whether the rep's turn names one figure, one the buyer gave, said back as a reason or a nod
    ("with four hundred orders a week you'd outgrow the small one by March", "with your nine vans you'd want
    the fleet plan"), and nothing is compared or set against what the problem costs: the buyer's number
    heard, no return of the rep's own. Two figures or more may be sums said short ("six days at
    twenty-eight hundred is sixteen-eight")."""
    figures = _numbers(text)
    if len(figures) != 1 or not figures <= buyer_numbers or _COMPARISON.search(text.lower()):
        return False
    return not (_sets_against(normalise(text), vocabulary) if vocabulary is not None else _operation(text))


def _comes_to_a_figure(text: str, buyer_numbers: set[float]) -> bool:
    """Works from the buyer's numbers to a figure the buyer did not give or to a comparison, or by an
    operation."""
    figures = _numbers(text)
    reused = figures & buyer_numbers
    compares = bool(_COMPARISON.search(text.lower()))
    return bool(reused and (figures - reused or compares)) or _operation(text)


def _own_amounts(lowered: str, buyer_numbers: set[float]) -> list[tuple[float, int]]:
    """The amounts of a normalised turn, thousands said as a word counted in ("8 grand" is 8,000), that
    none of the buyer's figures gave, with where each starts."""
    own = []
    for match in _AMOUNT.finditer(lowered):
        try:
            number = float(match.group("number").replace(",", ""))
        except ValueError:
            continue
        amount = number * (1000.0 if match.group("thousands") else 1.0)
        if number not in buyer_numbers and amount not in buyer_numbers:
            own.append((amount, match.start()))
    return own


def _loss_worked_out(
    text: str, buyer_numbers: set[float], recent: set[float], vocabulary: PriceVocabulary | None
) -> bool:
    """Whether the rep's turn works the buyer's figures into a sum of its own and tells it as what the
    buyer goes without ("so ninety covers at twelve quid, that's what, over a grand monthly going begging?"):
    a figure the buyer gave taken to one of WORKED_AT_LEAST or more, or two of their recent figures
    multiplied with the sums unsaid, with the words of a loss of theirs. Said as a question as often as
    not, and heard faintly by the classifier then; the price worked out on the buyer's count is none."""
    if vocabulary is None:
        return False
    lowered = normalise(text)
    if not vocabulary.has("loss_told", lowered) or _quotes_the_price(text, buyer_numbers, vocabulary):
        return False
    taken_on = (
        bool(_numbers(text) & buyer_numbers)
        and any(
            amount >= WORKED_AT_LEAST
            # "the plan is two ten, set against the eleven hundred lost": a figure a word of price names is the price
            and not vocabulary.has("price_names", " ".join(lowered[:start].split()[-NAMED_PRICE_WORDS:]))
            for amount, start in _own_amounts(lowered, buyer_numbers)
        )
    )
    return taken_on or bool(_buyer_figures_multiplied(text, recent))


def return_turns(
    transcript: Transcript,
    features: list[UtteranceFeatures],
    vocabulary: PriceVocabulary | None = None,
) -> frozenset[int]:
    """The rep's utterances read clearly as a value anchor that work from the buyer's numbers, or come
    to what two of them multiply to: the rep's sums on the buyer's problem, whose figures are no price
    of the product. With the price `vocabulary`, the rep's turn that answers the buyer's question after
    the price ("what was the number again for seven crews?") is none: it names the price, worked out on
    the buyer's numbers."""
    turns = set()
    buyer_numbers: set[float] = set()
    recent = _recent_buyer_numbers(transcript)
    asked_price = False  # the buyer's latest utterance asks what the price is
    for index, (utterance, current) in enumerate(zip(transcript.utterances, features, strict=True)):
        if utterance.speaker == "buyer":
            buyer_numbers |= _buyer_numbers(utterance.text)
            asked_price = vocabulary is not None and vocabulary.has("reading:asks_price", normalise(utterance.text))
        elif not asked_price and (
            current.acts.get(ANCHOR_ACT, 0.0) >= CLEAR
            and (_works_from(utterance.text, buyer_numbers) or _buyer_figures_multiplied(utterance.text, recent[index]))
            # what two of the buyer's recent figures multiply to is their sums, however faintly heard ("about
            # forty crates, at thirty each" - "so twelve hundred gone"), unless the turn says it a thing or a
            # period, as a price is said ("ninety a van a month")
            or _unpriced_buyer_figures_multiplied(utterance.text, recent[index], vocabulary)
            or _sums_on_buyer_figures(utterance.text, buyer_numbers)
            or _loss_worked_out(utterance.text, buyer_numbers, recent[index], vocabulary)
        ):
            turns.add(index)
    return frozenset(turns)


def _quotes_the_price(text: str, buyer_numbers: set[float], vocabulary: PriceVocabulary | None) -> bool:
    """Whether the rep's turn quotes the product's price worked out on the buyer's count ("for five
    therapists the price is two ninety a month, so about thirty-five hundred for the year"): the first
    figure of its own is one a word of price names, and nothing sets it against a cost of the buyer's
    problem. Sums that come to the problem's cost first ("two hundred days a year at two hundred
    pounds is forty thousand, and the software is nine") are a return."""
    if vocabulary is None:
        return False
    lowered = normalise(text)
    first = next((match for match, value in _figures(lowered) if value not in buyer_numbers), None)
    if first is None:
        return False
    named = vocabulary.has("price_names", " ".join(lowered[: first.start()].split()[-NAMED_PRICE_WORDS:]))
    return named and not _sets_against(lowered, vocabulary)


def _opens_with_price(text: str, buyer_numbers: set[float], prices: frozenset[float]) -> bool:
    """Whether the first figure of the rep's own in the text (none the buyer gave) is a price the price
    pass read there: the turn quotes the price, where a return opens with the sums on the buyer's
    figures ("four people for eleven days is five hundred hours; at forty-five an hour...")."""
    first = next((value for _, value in _figures(normalise(text)) if value not in buyer_numbers), None)
    return first is not None and first in prices


def _names_the_price_only(text: str, buyer_numbers: set[float], prices: frozenset[float]) -> bool:
    """Whether the rep's turn names the product's price, as the price pass read it there (`prices`), and
    works nothing out from the buyer's numbers: the price quoted with the count it is for ("so that's
    six tills, eight in all at thirty a till a month", "for two depots it's nine hundred a month and the
    install is twelve hundred"), wherever in the turn the price stands."""
    return bool(prices) and not _comes_to_a_figure(text, buyer_numbers)


def _prices_the_buyers_count(text: str, buyer_numbers: set[float], prices: frozenset[float]) -> bool:
    """Whether the rep's turn works the product's price out on the buyer's count and nothing else ("it's
    thirty a van a month, so two seventy for your nine", "so for the six of you that's forty-two each,
    two fifty-two a month"): every figure of the rep's own is the price the price pass read there
    (`prices`), or a rate that the buyer's count takes to it. The sums come to the price, no return."""
    own = _numbers(text) - buyer_numbers
    if not prices or not own:
        return False
    return all(
        any(abs(figure - price) <= 0.01 * price for price in prices)
        or any(abs(figure * count - price) <= 0.01 * price for count in buyer_numbers for price in prices)
        for figure in own
    )


def _rate_multiplied_out(text: str, buyer_numbers: set[float], rates: frozenset[float]) -> bool:
    """Whether the rep's turn only multiplies a rate of the price out on a count ("the quote is forty a seat a
    month, and with the six seats you asked for that's two hundred and forty a month"): none of the buyer's
    figures in it, and every figure of the rep's own is a rate said a thing or a period (`rates`) or a count
    that takes one such rate to another. The sums come to the price, no return."""
    figures = _numbers(text)
    if figures & buyer_numbers or len(rates) < 2:
        return False
    counts = figures - rates
    return bool(counts) and all(
        any(abs(count * rate - total) <= 0.01 * total for rate in rates for total in rates if total != rate)
        for count in counts
    )


def _reads_out_a_rise(text: str, buyer_numbers: set[float], vocabulary: PriceVocabulary) -> bool:
    """Whether the rep's turn names the price before a rise ("so last year it was one twenty a ticket and
    next season it's one forty", "last year you were on 420 a month, and from February it's 460"),
    works nothing out from the buyer's numbers and, the earlier price aside, sets nothing against what
    the problem costs: the new price read out, no return."""
    lowered = normalise(text)
    earlier = vocabulary.patterns["reading:earlier_price_said"]
    return (
        bool(earlier.search(lowered))
        and not _comes_to_a_figure(text, buyer_numbers)
        and not _sets_against(earlier.sub(" ", lowered), vocabulary)
    )


def _price_by_month_and_year(text: str, prices: frozenset[float]) -> bool:
    """Whether the rep's turn tells a price the price pass read there (`prices`) by the month and by the
    year ("for your three boats it's a hundred and forty a month, about seventeen hundred a year"): one of
    its figures is within ROUNDED_YEAR of a twelfth, or twelve times, of the price."""
    figures = _numbers(text)
    return any(
        abs(figure * MONTHS - price) <= ROUNDED_YEAR * price or abs(price * MONTHS - figure) <= ROUNDED_YEAR * figure
        for price in prices
        for figure in figures
    )


def _sets_against(lowered: str, vocabulary: PriceVocabulary) -> bool:
    """Whether the normalised text sets a figure against what the buyer's problem costs ("against the
    eighteen thousand", "less than one cancelled order", "pays for itself"); an earlier price named
    ("three-ten was last year's", "I had last year's list open") is no cost of the problem."""
    lowered = vocabulary.patterns["earlier_figure"].sub(" ", lowered)
    return bool(
        vocabulary.has("value", lowered)
        or _COMPARISON.search(lowered)
        or _operation(lowered)
        or re.search(r"\b(?:against|versus|vs)\b", lowered)
    )


def return_acts(
    transcript: Transcript,
    features: list[UtteranceFeatures],
    hold_factor: float = HOLD,
    vocabulary: PriceVocabulary | None = None,
    prices_named: Mapping[int, frozenset[float]] | None = None,
) -> list[UtteranceFeatures]:
    """A faint value anchor is held down unless it comes to a figure from the buyer's numbers; with the
    price `vocabulary`, one that only quotes the price on the buyer's count is held down too, and so is
    any reading short of SUMS that opens with the product's price, as the price pass read it
    (`prices_named`: the rep's utterances and the prices they name) or that a word of price names (a
    price quoted in its parts), or that names that price anywhere and works nothing out from the
    buyer's numbers, and sets it against nothing the problem costs ("ok so it'd be eighty nine a month
    for all eleven therapists", "it's a hundred and ten a seat, so three seats is three thirty")."""
    updated = list(features)
    buyer_numbers: set[float] = set()
    recent = _recent_buyer_numbers(transcript)
    asked_price = False  # the buyer's latest utterance asks what the price is
    for index, (utterance, current) in enumerate(zip(transcript.utterances, features, strict=True)):
        if utterance.speaker == "buyer":
            buyer_numbers |= _buyer_numbers(utterance.text)
            asked_price = vocabulary is not None and vocabulary.has("reading:asks_price", normalise(utterance.text))
            continue
        anchor = current.acts.get(ANCHOR_ACT, 0.0)
        # a reading the classifier alone has, no pattern backing it
        heard_alone = current.act_sources.get(ANCHOR_ACT, "").startswith("classifier")
        prices_here = (prices_named or {}).get(index, frozenset())
        if anchor < SUMS and _sums_on_buyer_figures(utterance.text, buyer_numbers):
            updated[index] = reread(current, ANCHOR_ACT, SUMS, "+returns:sums-on-buyer-figures")
        elif (
            not asked_price
            # the sums left unsaid are a guess at what the figures are: a veto pattern that says what they are
            # ("four quarterly payments of three thousand six hundred": the price split) is the better word
            and VETOED not in current.act_sources.get(ANCHOR_ACT, "")
            and _buyer_figures_multiplied(
                utterance.text, recent[index], prices_here, _rates_said(utterance.text, vocabulary)
            )
        ):
            # (the reply to the buyer's question of price works out the price: "was it fifteen a crate?" -
            # "fifteen a crate, so for eight crates that's a hundred and twenty")
            # marked however clearly it was heard: the buyer's turns the factors came from gave a metric
            updated[index] = reread(current, ANCHOR_ACT, max(anchor, SUMS), "+" + MULTIPLIED)
        elif (
            not asked_price and anchor < SUMS and _sums_said_out(utterance.text, buyer_numbers, vocabulary, prices_here)
        ):
            updated[index] = reread(current, ANCHOR_ACT, SUMS, "+returns:sums-said-out")
        elif (
            not asked_price
            and anchor < SUMS
            and _sums_said_round(utterance.text, buyer_numbers, vocabulary, prices_here)
        ):
            updated[index] = reread(current, ANCHOR_ACT, SUMS, "+returns:sums-said-round")
        elif (
            not asked_price
            and anchor < SUMS
            and _loss_worked_out(utterance.text, buyer_numbers, recent[index], vocabulary)
        ):
            # "that's what, eight hundred a week going begging?": the sums told as the buyer's loss, said as a
            # question as often as not, and heard faintly then
            updated[index] = reread(current, ANCHOR_ACT, SUMS, "+returns:loss-worked-out")
        elif (
            FAINT <= anchor < SUMS
            and current.acts.get(COST_QUESTION, 0.0) >= CLEAR
            and not _numbers(utterance.text) & buyer_numbers
        ):
            # "what are they costing you now? I'm guessing a couple of hundred a month": the rep asks what the
            # problem costs, a guess at most, and works from none of the buyer's figures: no return yet
            updated[index] = reread(current, ANCHOR_ACT, min(anchor, FAINT) * hold_factor, "-returns:cost-asked")
        elif (
            FAINT <= anchor < CLEAR
            and all(current.acts.get(act, 0.0) >= CLEAR for act in CONCESSION_ACTS)
            and _WORTH_OFF.search(normalise(utterance.text))
            and not (vocabulary is not None and vocabulary.has("loss_told", normalise(utterance.text)))
        ):
            # "put the tablets in free, that's three and a half thousand off, so you'd be just over twenty": the
            # figures of a concession are what comes off the price (the buyer's budget said back as often as
            # not), no return on the buyer's problem
            updated[index] = reread(current, ANCHOR_ACT, anchor * hold_factor, "-returns:concession-worth")
        elif (
            vocabulary is not None
            and FAINT <= anchor
            and heard_alone
            and _rate_multiplied_out(utterance.text, buyer_numbers, _rates_said(utterance.text, vocabulary))
            and not _sets_against(normalise(utterance.text), vocabulary)
        ):
            # the classifier hears worth in any sum, however clearly: a rate of the price multiplied out on a
            # count is held under the rule's bar
            updated[index] = reread(current, ANCHOR_ACT, min(anchor, CLEAR) * hold_factor, "-returns:rate-multiplied")
        elif (
            vocabulary is not None
            and FAINT <= anchor < SUMS
            and (
                _opens_with_price(utterance.text, buyer_numbers, prices_here)
                # "the annual licence is 3,200, setup is 800, 4,000 all in": the price quoted in its parts
                or _quotes_the_price(utterance.text, buyer_numbers, vocabulary)
                # a reading a pattern backs ("you mentioned three hours a day") works from the buyer's
                # numbers, told before the call as often as in it
                or (heard_alone and _names_the_price_only(utterance.text, buyer_numbers, prices_here))
                # "forty a seat, so two hundred for your five": the price multiplied out on the buyer's count
                or (heard_alone and _prices_the_buyers_count(utterance.text, buyer_numbers, prices_here))
            )
            and not _sets_against(normalise(utterance.text), vocabulary)
        ):
            # the price told by the month and by the year, none of the buyer's figures in it, is held under the
            # rule's bar however clearly it was heard: the classifier hears worth in a year's figure said for the
            # buyer's things ("so for your three boats it's a hundred and forty a month, about seventeen hundred
            # a year"); a turn that also names the buyer's figure may set the two against each other
            quoted_only = _price_by_month_and_year(utterance.text, prices_here) and not (
                _numbers(utterance.text) & buyer_numbers
            )
            held = min(anchor, CLEAR) if quoted_only else anchor
            updated[index] = reread(current, ANCHOR_ACT, held * hold_factor, "-returns:price-quoted")
        elif (
            vocabulary is not None
            and FAINT <= anchor < SUMS
            and heard_alone
            and _reads_out_a_rise(utterance.text, buyer_numbers, vocabulary)
        ):
            updated[index] = reread(current, ANCHOR_ACT, anchor * hold_factor, "-returns:rise-read-out")
        elif (
            vocabulary is not None
            and FAINT <= anchor < SUMS
            and vocabulary.has("others_results", normalise(utterance.text))
            and not _works_from(utterance.text, buyer_numbers)
        ):
            # "sites your size usually see complaints halve": a result of other customers', however clearly
            # heard, that works from none of the buyer's numbers is the rep's average, no return of theirs
            updated[index] = reread(current, ANCHOR_ACT, min(anchor, FAINT) * hold_factor, "-returns:others-results")
        elif (
            CLEAR <= anchor < SUMS
            and heard_alone
            and _says_the_buyers_figures_again(utterance.text, buyer_numbers, vocabulary)
        ):
            # heard clearly by the classifier, which reads any figure in a reason as worth, but the
            # figures are only the buyer's own said back
            updated[index] = reread(current, ANCHOR_ACT, anchor * hold_factor, "-returns:figures-said-back")
        elif FAINT <= anchor < CLEAR and (
            not _comes_to_a_figure(utterance.text, buyer_numbers)
            or _quotes_the_price(utterance.text, buyer_numbers, vocabulary)
        ):
            updated[index] = reread(current, ANCHOR_ACT, anchor * hold_factor, "-returns:no-buyer-number")
    return updated


def _recent_buyer_numbers(transcript: Transcript) -> list[set[float]]:
    """For each utterance, the figures the buyer gave in the RETURN_WINDOW utterances before it."""
    said = [_buyer_numbers(u.text) if u.speaker == "buyer" else set() for u in transcript.utterances]
    return [set().union(*said[max(0, index - RETURN_WINDOW) : index]) for index in range(len(said))]


def _acknowledged(text: str) -> set[float]:
    """The figure the reply opens by saying back, acknowledged ("thirty okay, so..."), if any."""
    match = _SAID_BACK.match(normalise(text))
    return {float(match.group("figure").replace(",", ""))} if match else set()


def returned_metrics(transcript: Transcript, features: list[UtteranceFeatures]) -> list[UtteranceFeatures]:
    """The first of the buyer's turns, within RETURN_WINDOW utterances, whose figures the rep's clear
    return works from (reusing them and coming to a figure of its own or a comparison) gave a buyer
    metric: read at RETURNED where it was heard more faintly."""
    updated = list(features)
    given = [_buyer_numbers(u.text) if u.speaker == "buyer" else set() for u in transcript.utterances]
    so_far: set[float] = set()  # the buyer's figures before the utterance
    for index, (utterance, current) in enumerate(zip(transcript.utterances, features, strict=True)):
        so_far_here, so_far = so_far, so_far | given[index]
        if utterance.speaker != "rep" or current.acts.get(ANCHOR_ACT, 0.0) < CLEAR:
            continue
        # a count at a rate, both the buyer's, however many turns before they gave them ("two a month, easily",
        # then "four grand a job", then a demo, then "two jobs a month at four grand each is eight thousand")
        summed = _buyer_figures_summed(utterance.text, so_far_here)
        if summed:
            first = next(turn for turn in range(index) if given[turn] & summed)
            if updated[first].acts.get(METRIC_ACT, 0.0) < RETURNED:
                updated[first] = reread(updated[first], METRIC_ACT, RETURNED, "+returns:figures-returned")
            continue
        said = [
            (turn, _buyer_numbers(transcript.utterances[turn].text))
            for turn in range(max(0, index - RETURN_WINDOW), index)
            if transcript.utterances[turn].speaker == "buyer"
        ]
        buyer_numbers = set().union(*(numbers for _, numbers in said))
        reused = (_numbers(utterance.text) - _acknowledged(utterance.text)) & buyer_numbers
        # the buyer's figures multiplied, as `return_acts` read them with the prices of the call in view
        multiplied = (
            _buyer_figures_multiplied(utterance.text, buyer_numbers)
            if MULTIPLIED in current.act_sources.get(ANCHOR_ACT, "")
            else set()
        )
        if not multiplied and (not reused or not _comes_to_a_figure(utterance.text, buyer_numbers)):
            continue
        reused = reused | multiplied
        first = next(turn for turn, numbers in said if numbers & reused)
        if updated[first].acts.get(METRIC_ACT, 0.0) < RETURNED:
            updated[first] = reread(updated[first], METRIC_ACT, RETURNED, "+returns:figures-returned")
    return updated
