"""Price reactions: a buyer's pushback or request for less answers a price that is on the table.

The classifier hears "that's more than we expected" in "that's a useful number to have", "can
members book for free?" and "we get two or three orders wrong every day". What makes an utterance a
pushback is where it stands: a price is on the table (someone named one or talked price before, the
call has a list price, or the buyer names one or talks price in the utterance itself, or the words are those of a
price objection, `rules/patterns/negotiation.jsonl`), and the reaction does not
say the price is better than feared ("less than we expected"). Before any price is named, surprise
at a lot of something that is no money ("that's a lot of colours for seven in the morning") is none;
said of a figure of the price just named ("eighteen grand" - "that's a lot of scones") it weighs
that price. Right after the rep names a price,
a hesitant reading of a pushback is raised instead: that is where pushback is said.

Who said what decides too. A buyer who says the rep's own price back ("thirty-eight a carer is more
than we'd budgeted") talks about that price: a hesitant reading of a pushback there counts, even
without the words of an objection. A rep who concedes in the very next turn was pushed: the buyer's
turn before a concession, with the price on the table, is the pushback it answers ("it's up from
last year quite a bit" - "what if we split the difference"), however veiled. So is the turn before
a reply that holds the price: a refusal in so many words, what the price pays for, or what figure the
buyer had in mind ("that's a lot of flour" - "what number were you thinking of?").

Pure: the transcript, its features, the price trajectory (`prices.py`) and the price vocabulary in,
the features with `price_pushback` and `discount_request` adjusted out.
"""

from __future__ import annotations

import re

from pipeline.analysis.budget import OWN_RATE_CUE
from pipeline.analysis.features import reread
from pipeline.analysis.price_words import PriceVocabulary
from pipeline.analysis.prices import (
    PUSHBACK_ACT,
    SAME_PRICE,
    PriceMention,
    PriceMove,
    accepts,
    as_feared_or_better,
    figure_alone,
    mentions,
    named_as_fee,
    named_prices,
    present_costs_guessed,
    said_short_as_digits,
    sentence_at,
    worked_out,
)
from pipeline.analysis.spoken_figures import figure_words_with_s, normalise
from pipeline.model import Transcript, UtteranceFeatures

REACTION_ACTS = ("price_pushback", "discount_request")
REQUEST_ACT = "discount_request"
# a reading of pushback at least this sure, said right after the rep's price, counts
ANSWER_FLOOR = 0.4
ANSWER_CONFIDENCE = 0.6
# the buyer's turn a concession answers counts as a pushback from this reading up, and from the
# fainter one when the turn itself talks price ("honestly, it's the price" - "I could do a month free")
CONCEDED_FLOOR = 0.25
CONCEDED_PRICED_FLOOR = 0.1
# the rep's offer in words (the classifier, a pattern), heard this surely, is a concession the
# buyer's turn before it was answered with, as a move of the price trajectory is
OFFER_ACT = "discount_offer"
OFFER_HEARD = 0.5
# the concession of the price trajectory that matches the buyer's figure (prices.py)
MATCHED_KIND = "matched"
# the rep's price said to cover things holds it: "the seventy-five covers the till and the app", "sixty a month covers
# both visits" (what "covers" the system in a return is worth, no price held)
_PRICE_COVERS = re.compile(r"\b\d+(?:[.,]\d+)*\s+(?:a\s+(?:month|year|week|seat|user|head)\s+)?covers\b")
# the rep's price said back alone, as a sentence of its own: a fainter reading of the rest counts
SAID_ALONE_FLOOR = 0.1
_SENTENCE_END = re.compile(r"[.!?]+(?:\s+|$)")
# a buyer's figure this close to one of the rep's sums is that figure said back ("fifteen thousand")
SAME_FIGURE = 0.1
# a figure said back: the sums' own, or in thousands ("ninety two" for 92,000); smaller ones are counts
THOUSAND = 1000.0
SMALLEST_FIGURE = 10.0
_FIGURE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?!\d|\.\d)(?!\s*(?:%|percent|per cent))")
# the cue of the buyer's surprise at a lot of something that is no money (rules/patterns/negotiation.jsonl)
SURPRISE_CUE = "non_price_surprise"
# the pattern of a wince said as one word ("ouch", "oof"): an objection that names no price of its own
WINCE_SOURCE = "pattern:price_pushback/ouch"
# the pattern of the signer's fit ("the partners will hit the roof"), which names no price of its own either
# ("the pick errors go through the roof")
FIT_SOURCE = "pattern:price_pushback/approver-has-a-fit"


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= SAME_PRICE * max(a, b)


def price_reactions(
    transcript: Transcript,
    features: list[UtteranceFeatures],
    moves: list[PriceMove],
    vocabulary: PriceVocabulary,
    veto_factor: float,
    missing_slot_factor: float = 0.2,
    returns: frozenset[int] = frozenset(),
    guessed: frozenset[int] | None = None,
) -> list[UtteranceFeatures]:
    asks = {m.utterance for m in moves if m.speaker == "rep" and m.move in ("ask", "concession")}
    moved = {m.utterance for m in moves}
    pushed = _turns_before_concessions(transcript, moves, features)
    # the buyer's turn whose figure the rep offers to match ("we pay nine pence with the other printer" - "I
    # can match the nine pence") set that figure against the price, whatever it reads as
    matched = _buyer_utterances_answered(
        [u.speaker for u in transcript.utterances],
        {m.utterance for m in moves if m.speaker == "rep" and m.kind == MATCHED_KIND},
    )
    held = _turns_before_holds(transcript, vocabulary) - pushed
    rep_prices: dict[int, float] = {}  # utterance -> the first price the rep names in it
    for move in moves:
        if move.speaker == "rep" and move.amount:
            rep_prices.setdefault(move.utterance, move.amount)
    on_table = transcript.list_price is not None
    rep_priced_last = False  # the rep's turn just before named a price
    rep_price = transcript.list_price  # the rep's latest price
    rep_turn_priced = False  # the rep's latest turn talked price
    buyer_figures: set[float] = set()  # the buyer's own figures so far (counts, rates, costs), no price
    rep_turn = ""  # the rep's latest turn, normalised
    rep_turn_unsummed = ""  # the same without its sums on the buyer's problem (`returns`)
    rep_turn_figured = False  # the rep's latest turn named a figure of the product's price
    # the rep's guesses at what the buyer pays today, put right by the buyer: the buyer's costs, no price
    if guessed is None:
        guessed = present_costs_guessed(transcript, vocabulary)
    updated = list(features)
    for index, utterance in enumerate(transcript.utterances):
        text = normalise(utterance.text)
        said = mentions(text, vocabulary, rep_price)
        previous = transcript.utterances[index - 1] if index else None
        # the buyer's answer to the rep's question about their own costs or budget tells those; so does
        # the answer to the rep's question about what the buyer charges their own customers
        answers_own = (
            utterance.speaker == "buyer"
            and previous is not None
            and previous.speaker == "rep"
            and (
                _about_own_costs(normalise(previous.text), vocabulary)
                or OWN_RATE_CUE in features[index - 1].cues
                or index - 1 in guessed
            )
        )
        if index in returns or index in guessed:
            # the rep's sums on the buyer's problem put no price on the table, unless they name one
            said = named_prices(text, said, vocabulary)
            talks_price = bool(said) or index in moved
        else:
            talks_price = index in moved or (
                not answers_own
                and (
                    bool(_product_prices(said))
                    or (vocabulary.has("price_words", text) and not _about_own_costs(text, vocabulary))
                )
            )
        # what the rep's sums just before came to, said back ("eighteen thousand. I'd not added it up"),
        # is the cost of the buyer's problem, whatever the rep gives after it
        result_said_back = (
            utterance.speaker == "buyer"
            and previous is not None
            and previous.speaker == "rep"
            and index - 1 in returns
            and _cost_said_back(
                text, normalise(previous.text), vocabulary, [p for at, p in rep_prices.items() if at < index]
            )
        )
        # the buyer saying back a figure of the rep's turn just before, which the rep answers with a
        # concession ("forty-eight hundred. that's a lot of mugs" - "what if I gave you the first month
        # free"), talks about that figure as a price, however faintly it reads as a pushback
        said_back_conceded = (
            utterance.speaker == "buyer"
            and index in pushed
            and previous is not None
            and previous.speaker == "rep"
            and _says_back(text, rep_turn, buyer_figures)
            and not accepts(text, vocabulary)
            and not as_feared_or_better(text, vocabulary)
            and not _asks_price(text, vocabulary)
        )
        # ... and so does the turn whose figure the rep then matches, whatever it reads as
        talks_price = talks_price or said_back_conceded or index in matched
        # the buyer reading out the price quoted before the call ("your proposal says seven thousand eight
        # hundred a year, and the winter's been hard") puts it on the table in that very turn; asking for
        # it does not
        reads_quote = (
            utterance.speaker == "buyer"
            and any(m.role == "price" and not m.percent for m in said)
            and not _asks_price(text, vocabulary)
        )
        if (
            utterance.speaker == "buyer"
            and (on_table or reads_quote or talks_price)
            and (talks_price or rep_turn_priced)
            and index in pushed
            and not accepts(text, vocabulary)
            and not result_said_back
        ):
            # a price was on the table before this turn or is read out or talked of in it (asking for
            # one is no pushback), the turn is about it (it talks price, or answers the rep's talk of price) and
            # reads a little as a pushback; a turn that takes the price ("forty a month, yeah, that's
            # fine") pushed nobody, whatever the rep gives after it
            reading = max(updated[index].acts.get(act, 0.0) for act in REACTION_ACTS)
            floor = CONCEDED_PRICED_FLOOR if talks_price else CONCEDED_FLOOR
            if said_back_conceded or index in matched:
                floor = 0.0
            if floor <= reading < ANSWER_CONFIDENCE:
                updated[index] = reread(updated[index], PUSHBACK_ACT, ANSWER_CONFIDENCE, "+reactions:conceded-to")
        elif (
            utterance.speaker == "buyer"
            and index in held
            and (on_table or reads_quote)
            and not accepts(text, vocabulary)
            and not as_feared_or_better(text, vocabulary)
            and not _asks_price(text, vocabulary)
            # "and the price was one forty-nine a month?": checking the price pushes back on nothing
            and not text.rstrip().endswith("?")
        ):
            # the rep holds the price against this turn ("that's a lot of flour" - "what number were you
            # thinking of?", "daylight robbery, he says" - "the ninety covers the van and both visits"):
            # with a price on the table, the turn pushed back on it, however faintly it reads
            reading = max(updated[index].acts.get(act, 0.0) for act in REACTION_ACTS)
            priced = talks_price or reads_quote or SURPRISE_CUE in updated[index].cues
            floor = CONCEDED_PRICED_FLOOR if priced else CONCEDED_FLOOR
            if floor <= reading < ANSWER_CONFIDENCE:
                updated[index] = reread(updated[index], PUSHBACK_ACT, ANSWER_CONFIDENCE, "+reactions:held-to")
        elif (
            utterance.speaker == "buyer"
            and rep_price
            and any(_close(m.amount, rep_price) for m in said)
            and not accepts(text, vocabulary)
        ):
            # the rep's price said back: a hesitant reading (even one without the words of an objection,
            # held down for want of a cue) is about that price; said back and taken ("Ninety. That's
            # fine.") it pushes back on nothing
            current = updated[index].acts.get(PUSHBACK_ACT, 0.0)
            if current < ANSWER_CONFIDENCE and _raw_reading(updated[index], missing_slot_factor) >= ANSWER_FLOOR:
                updated[index] = reread(
                    updated[index], PUSHBACK_ACT, ANSWER_CONFIDENCE, "+reactions:rep-price-said-back"
                )
        if (
            utterance.speaker == "buyer"
            and on_table
            and rep_turn
            and updated[index].acts.get(PUSHBACK_ACT, 0.0) < ANSWER_CONFIDENCE
            and _raw_reading(updated[index], missing_slot_factor) >= SAID_ALONE_FLOOR
            # the figure the rep's sums on the buyer's problem came to, said back ("six and a half thousand.
            # my accountant would have words"), weighs the problem's cost, no price
            and _said_alone(text, rep_turn_unsummed, vocabulary)
            and not _hesitation_only(text, vocabulary)
            and not as_feared_or_better(text, vocabulary)
            and not accepts(text, vocabulary)
        ):
            # "Fourteen hundred. We're a club of pensioners.", "Eleven-five. I'd want my head looked
            # at.": the rep's price said back on its own weighs it, so a faint reading of what follows
            # is about that price
            updated[index] = reread(updated[index], PUSHBACK_ACT, ANSWER_CONFIDENCE, "+reactions:price-said-alone")
        if (
            utterance.speaker == "buyer"
            and rep_price is None
            and reads_quote
            and updated[index].acts.get(PUSHBACK_ACT, 0.0) < ANSWER_CONFIDENCE
            and _raw_reading(updated[index], missing_slot_factor) >= SAID_ALONE_FLOOR
            and _quote_read_alone(said_short_as_digits(text, vocabulary), vocabulary)
            # "six and a half grand. Cerys will like that number" after the rep's sums came to it: the
            # problem's cost said back, no quote read out
            and not (index - 1 in returns and _result_said_back(text, normalise(previous.text), vocabulary))
            and not as_feared_or_better(text, vocabulary)
            and not accepts(text, vocabulary)
        ):
            # "So. Eleven fifty a year. That's a lot of hazel.", "Right, the proposal. Eleven and a half
            # thousand for the year. Honestly, ...": the quote sent before the call, which the rep has
            # not said in it, read out on its own weighs it as the rep's price said back would
            updated[index] = reread(updated[index], PUSHBACK_ACT, ANSWER_CONFIDENCE, "+reactions:quote-read-alone")
        if (
            utterance.speaker == "buyer"
            and SURPRISE_CUE in updated[index].cues
            and (
                bool(_product_prices(said)) or (previous is not None and previous.speaker == "rep" and rep_turn_figured)
            )
            and updated[index].acts.get(PUSHBACK_ACT, 0.0) < ANSWER_CONFIDENCE
            and _raw_reading(updated[index], missing_slot_factor) >= SAID_ALONE_FLOOR
            and not as_feared_or_better(text, vocabulary)
            and not _asks_price(text, vocabulary)
        ):
            # "Six thousand two hundred is a lot of haircuts", "eighteen grand" - "that's a lot of
            # scones": a lot of something, said of a price the buyer or the rep just named, weighs that
            # price in the buyer's own things; with no figure just named ("that's a lot of paperwork for
            # a Monday" after a screen of the product) it is surprise at something else
            updated[index] = reread(updated[index], PUSHBACK_ACT, ANSWER_CONFIDENCE, "+reactions:a-lot-for-the-price")
        if utterance.speaker == "buyer":
            for act in REACTION_ACTS:
                confidence = updated[index].acts.get(act, 0.0)
                if not confidence:
                    continue
                # a pattern's objection names the price itself ("kinda steep", "more than we expected")
                said_as_objection = updated[index].act_sources.get(act, "").startswith("pattern:")
                # a wince or a fit names no price: with none on the table, read out or talked of in the rep's
                # turn before, it is at something else ("we lost the whole batch" - "ouch" - "ouch is right",
                # "the pick errors go through the roof");
                # nor does a request for less in a pattern's words when no figure at all is said in it or
                # in the rep's turn before and it names no price: with nothing priced yet there is nothing
                # to come down from ("we had to come down the hill in the dark"; "could we stay on the trial
                # price?" names the price it asks about; a figure just said, even one not read as money,
                # may be the price it asks about)
                winces_at_nothing_priced = (
                    (
                        updated[index].act_sources.get(act, "").startswith(WINCE_SOURCE)
                        # a fit with no figure in its turn ("the pick errors go through the roof"); one at a
                        # figure ("eighteen thousand. I'll have to sit down") is at that figure
                        or (
                            updated[index].act_sources.get(act, "").startswith(FIT_SOURCE)
                            and not said
                            and not _figures(text)
                        )
                        or (
                            act == REQUEST_ACT
                            and said_as_objection
                            and not said
                            and not _figures(text)
                            and not _figures(rep_turn)
                            and not vocabulary.has("price_words", text)
                        )
                    )
                    and rep_price is None
                    and not (on_table or talks_price or reads_quote or rep_turn_priced)
                )
                said_as_objection = said_as_objection and not winces_at_nothing_priced
                unpriced = not (on_table or talks_price or said_as_objection)
                # "that's more than I'd have guessed" right after the rep's sums on the buyer's problem,
                # before any price of the product was named, is about the problem's cost
                sums = normalise(transcript.utterances[index - 1].text) if index - 1 in returns else ""
                # "that's more than the whole quote", "eleven thousand. more than the whole budget" right after
                # the sums, in a turn of the rep's that moved no price: the problem's cost put above the price
                weighs_sums = (
                    bool(sums)
                    and index - 1 not in moved
                    and vocabulary.has("cost_above_price", text)
                    and not vocabulary.has("price_graded", text)
                )
                answers_return = weighs_sums or (
                    rep_price is None
                    and bool(sums)
                    and not vocabulary.has("price_names", sums)
                    and not vocabulary.has("price_names", text)
                    and not _figures_of_its_own(said, sums)
                    # "three thousand six hundred it's a lot for a wee smokehouse": a figure of the sums
                    # said back names what the reaction grades
                    and not _says_back(text, sums, buyer_figures, results=False)
                    # "two forty is still steeper than I'd like": only a price is steep or stretched to
                    and not vocabulary.has("price_graded", text)
                )
                # the buyer putting right a figure the rep's sums on the buyer's problem assumed ("the
                # forty's on the low side, the wax alone is thirty"), with no price of the product named
                # yet: it says back a figure the sums brought in (not the buyer's own, not what they work
                # out) and gives one of its own beside it; whatever it grades is that figure, no price
                corrects_sums = (
                    rep_price is None
                    and bool(sums)
                    and not vocabulary.has("price_names", text)
                    and _puts_right(text, sums, buyer_figures, vocabulary)
                )
                if corrects_sums:
                    updated[index] = reread(updated[index], act, confidence * veto_factor, "-reactions:corrects-sums")
                elif unpriced or as_feared_or_better(text, vocabulary):
                    updated[index] = reread(updated[index], act, confidence * veto_factor, "-reactions:no-price")
                elif (
                    not on_table
                    and rep_price is None
                    and SURPRISE_CUE in updated[index].cues
                    and not any(m.unit or m.marked or named_as_fee(text, m, vocabulary) for m in _product_prices(said))
                ):
                    # "that's a lot of colours for seven in the morning" before any price was named: the
                    # surprise is at something else; "eight hundred a month is a lot of pipes for a
                    # workshop our size" names, as money, the price it is surprised at, and "the fifteen
                    # hundred setup, that's a lot of poppadoms" the fee
                    updated[index] = reread(
                        updated[index], act, confidence * veto_factor, "-reactions:surprise-elsewhere"
                    )
                elif not said_as_objection and (_asks_price(text, vocabulary) or _checks_price(text, said, vocabulary)):
                    updated[index] = reread(updated[index], act, confidence * veto_factor, "-reactions:asks-price")
                elif (
                    answers_own
                    and rep_price is None
                    and (
                        vocabulary.has("budget_question", normalise(previous.text))
                        or OWN_RATE_CUE in features[index - 1].cues
                    )
                    and not (act == REQUEST_ACT and said_as_objection)
                ):
                    # "we've eighteen thousand in the plan, that's the number I can't go over", before
                    # the rep named any price: the budget told, no price pushed back on; a concession
                    # asked for in so many words ("just the whiteboard. could we stay on the trial
                    # price?") asks for less, whatever the question it answers; what the buyer charges
                    # their own customers, asked, is told likewise
                    updated[index] = reread(updated[index], act, confidence * veto_factor, "-reactions:answers-budget")
                elif (
                    not said_as_objection
                    and rep_price is None
                    and transcript.list_price is None
                    and said
                    and all(m.role == "budget" for m in said)
                    and not vocabulary.has("price_names", text)
                ):
                    # "they've set aside four thousand for it. not a penny more", volunteered before the
                    # rep named any price: the budget told, no price pushed back on
                    updated[index] = reread(updated[index], act, confidence * veto_factor, "-reactions:budget-told")
                elif answers_return:
                    updated[index] = reread(updated[index], act, confidence * veto_factor, "-reactions:answers-return")
                elif rep_priced_last and ANSWER_FLOOR <= confidence < ANSWER_CONFIDENCE:
                    updated[index] = reread(updated[index], act, ANSWER_CONFIDENCE, "+reactions:answers-price")
            rep_priced_last = False
        elif utterance.speaker == "rep":
            if (
                index in returns
                and index not in moved
                and rep_price is None
                and updated[index].act_sources.get(OFFER_ACT) == "classifier"
            ):
                # the rep's sums on the buyer's problem before any price was named ("halve the scrap and
                # that's twenty-five thousand back"): the classifier hears money off in the money saved, and
                # with no price yet and no move of the trajectory there is nothing to come off
                offer = updated[index].acts.get(OFFER_ACT, 0.0)
                updated[index] = reread(updated[index], OFFER_ACT, offer * veto_factor, "-reactions:sums-before-price")
            rep_priced_last = rep_priced_last or index in asks
            opens_turn = index == 0 or transcript.utterances[index - 1].speaker != "rep"
            rep_turn = text if opens_turn else f"{rep_turn} {text}"
            unsummed = "" if index in returns else text
            rep_turn_unsummed = unsummed if opens_turn else f"{rep_turn_unsummed} {unsummed}"
            rep_turn_priced = talks_price or (rep_turn_priced and not opens_turn)
            # a figure of the price on the table, or one the rep puts as money, by the period or with a
            # word of price ("it comes to eighteen thousand a year"); "we keep the tank at about seven
            # and a half", with no price on the table, is none
            figures = _product_prices(said)
            figured = bool(figures) and (
                on_table or any(m.unit or m.marked for m in figures) or vocabulary.has("price_words", text)
            )
            rep_turn_figured = figured or (rep_turn_figured and not opens_turn)
        on_table = on_table or talks_price
        rep_price = rep_prices.get(index, rep_price)
        if utterance.speaker == "buyer" and not talks_price:
            buyer_figures.update(_figures(text))
    return updated


def _said_alone(text: str, rep_turn: str, vocabulary: PriceVocabulary) -> bool:
    """Whether a sentence of the buyer's normalised text is a figure of the rep's turn just before
    it, in the rep's words, and nothing else but its period ("fourteen hundred.", "eleven-five.",
    "forty a month."); "forty a month is fine" or "the forty covers it" say more."""
    for sentence in _SENTENCE_END.split(text):
        sentence = sentence.strip(" ,")
        if not sentence or not figure_alone(sentence, vocabulary):
            continue
        if re.search(r"(?<![\w-])" + re.escape(sentence) + r"(?![\w-])", rep_turn):
            return True
    return False


def _hesitation_only(text: str, vocabulary: PriceVocabulary) -> bool:
    """Whether the buyer's normalised text says nothing but figures, each a sentence of its own, and a
    hesitation ("eighty a month. mm, right."): a bare hesitation is no pushback (data/LABELS.md), where "nine
    hundred. that's our whole winter's takings." weighs the price."""
    rest = [s.strip(" ,") for s in _SENTENCE_END.split(text)]
    words = " ".join(s for s in rest if s and not figure_alone(s, vocabulary)).split()
    return bool(words) and all(vocabulary.has("hesitation", word) for word in words)


def _quote_read_alone(text: str, vocabulary: PriceVocabulary) -> bool:
    """Whether a sentence of the buyer's normalised text is a figure of the price and nothing else but
    its period, with more said after it ("so. 1150 a year. that's a lot of hazel."); a figure said
    alone as the whole turn ("1150 a year?") may ask or check it."""
    sentences = [s.strip(" ,") for s in _SENTENCE_END.split(text)]
    sentences = [s for s in sentences if s]
    return any(figure_alone(sentence, vocabulary) for sentence in sentences[:-1])


def _result_said_back(text: str, sums: str, vocabulary: PriceVocabulary) -> bool:
    """Whether the buyer says back what the rep's sums just before worked out, as the sums said it or in
    thousands ("six and a half grand" after "...over the twelve weeks it's about six and a half
    thousand"): the cost of the buyer's problem, no price."""
    in_sums = _figures(sums)
    results = [in_sums[at] for at in worked_out(in_sums)]
    return any(
        _same_figure(said, result) or _same_figure(said * THOUSAND, result)
        for said in _figures(said_short_as_digits(text, vocabulary))
        for result in results
    )


def _cost_said_back(text: str, sums: str, vocabulary: PriceVocabulary, rep_prices: list[float]) -> bool:
    """Whether the buyer says back a figure of the rep's sums on the buyer's problem that is no price of
    the product ("eighteen thousand. I'd not added it up" after "... that's about eighteen thousand
    pounds last year. The plan is six hundred an organ"), however many figures the sums multiplied.
    Only the largest figure of the sums is what they came to: a smaller one said back may be the price
    the sums set against it, named without a word of the price ("a hundred and forty-two against a
    hundred and twenty-five" after "... the roaster is a hundred and forty-two ... close to a hundred
    thousand a year"), and so are the rep's prices so far (`rep_prices`) and the ones the sums name."""
    prices = [m.amount for m in named_prices(sums, mentions(sums, vocabulary), vocabulary)] + rep_prices
    in_sums = _figures(sums)
    if not in_sums:
        return False
    largest = max(in_sums)
    return any(
        _same_figure(said, largest) and not any(_same_figure(said, p) for p in prices)
        for said in _figures(said_short_as_digits(text, vocabulary))
    )


def _about_own_costs(text: str, vocabulary: PriceVocabulary) -> bool:
    """Whether an utterance talks of the buyer's own costs, spend or budget ("what does a roll cost
    you", "is a sum put by for the move?") and not of the product's price.
    A question about the buyer's spend counts too when its own sentence, a question, names no price of
    the product: a word of the price in a sentence after it says what the spend might go on ("roughly
    how much goes on rotas today, in spending? any app?"), where "what would the licence cost you"
    asks the product's price and "it's nine a box against the eight you're paying now" tells it."""
    own = vocabulary.has("value", text) or vocabulary.has("budget_question", text)
    if own and not vocabulary.has("price_names", text):
        return True
    for match in vocabulary.find("budget_question", text):
        sentence = sentence_at(text, match.start(), match.end(), _SENTENCE_END)
        if sentence.rstrip().endswith("?") and not vocabulary.has("price_names", sentence):
            return True
    return False


def _asks_price(text: str, vocabulary: PriceVocabulary) -> bool:
    """Whether the buyer asks what the price is ("what does it cost after the trial?") rather than
    for less ("what's the best price you can do?"). A sentence the buyer ends with a full stop tells
    ("that's nearly what our insurance costs us."); one said unpunctuated may still ask."""
    for match in vocabulary.find("reading:asks_price", text):
        if not _in_question(text, match, vocabulary):
            continue
        # the words of wanting less count in the sentence that asks: "Priya runs the stock room. What does it
        # cost?" asks the price, "what's it cost if there's any room on it?" asks for less
        sentence = sentence_at(text, match.start(), match.end(), _SENTENCE_END)
        if not (vocabulary.has("favourable", sentence) or vocabulary.has("for_less", sentence)):
            return True
    return False


def _checks_price(text: str, said: list[PriceMention], vocabulary: PriceVocabulary) -> bool:
    """Whether the buyer reads a price out and ends the turn asking whether it is right ("it's eleven and
    a half thousand for the year, is that right?"), with no word of wanting less."""
    ending = re.sub(r"[\s?.!]+$", "", text)
    checked = any(m.end() == len(ending) for m in vocabulary.find("price_checked", ending))
    return checked and bool(_product_prices(said)) and not vocabulary.has("for_less", text)


def _in_question(text: str, match: re.Match, vocabulary: PriceVocabulary) -> bool:
    """Whether the words of a price asked stand in a question: a request ("tell me the total."), a
    question put in a telling ("Lee's going to ask what it costs."), a sentence that ends with a
    question mark, or one with no mark at its end."""
    end = _SENTENCE_END.search(text, match.end())
    just_before = " ".join(text[: match.start()].split()[-2:])
    return (
        vocabulary.has("price_requesting", match.group(0))
        or vocabulary.has("asking_verbs", just_before)
        or end is None
        or "?" in end.group(0)
    )


def _product_prices(said: list[PriceMention]) -> list[PriceMention]:
    """The figures that put the product's price on the table: not the cost of the buyer's problem
    ("nine thousand a load in penalties"), not a share of something ("seventy percent of it")."""
    return [m for m in said if m.role != "value" and not m.percent]


def _figures_of_its_own(said: list[PriceMention], sums: str) -> bool:
    """Whether the buyer names a figure the rep's sums did not ("the total here is sixty-four
    thousand"): a price of their own, not the sums said back; what the buyer pays for their present
    tool ("that's more than we pay for the booking tool, that's a hundred and eighty a month") is their
    own cost, set against the sums."""
    figures = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", sums.replace(",", ""))]
    return any(
        not any(abs(m.amount - f) <= SAME_FIGURE * max(m.amount, f) for f in figures)
        for m in said
        if not m.percent and m.role != "value"
    )


def _says_back(text: str, sums: str, own: set[float], results: bool = True) -> bool:
    """Whether the buyer says back a figure the rep's sums brought in, as the sums said it or in
    thousands ("ninety two is more than we'd pencilled in" after "against ninety two thousand a
    year", "forty-two is a big bite" after "the C-400 is forty-two"): a reaction that names its figure
    grades that figure, the price the sums were set against, not the sums as a whole. The buyer's
    own figures the sums worked on (`own`: "twenty pallets", said back, are a count), a share, or a
    count under ten ("four times over") are none; without `results`, neither is what the sums work
    out ("I'd never thought of it as fifteen thousand" after "seven hundred and eighty hours at twenty
    pounds is fifteen and a half thousand": the cost of the problem)."""
    in_sums = _figures(sums)
    results_at = set() if results else {in_sums[at] for at in worked_out(in_sums)}
    figures = [f for f in in_sums if f not in own and f not in results_at]
    return any(
        any(_same_figure(said, f) or said * THOUSAND == f for f in figures)
        for said in _figures(text)
        if said >= SMALLEST_FIGURE
    )


def _puts_right(text: str, sums: str, own: set[float], vocabulary: PriceVocabulary) -> bool:
    """Whether the buyer says back a figure the rep's sums assumed (`_says_back`, what they work out
    left aside) and names one of their own beside it, the sums' figure put right; a figure the sums
    name as the product's price ("and the licence is nine hundred"), said back, is that price."""
    text = figure_words_with_s(text)
    said = _figures(text)
    named = [m.amount for m in named_prices(sums, mentions(sums, vocabulary, None), vocabulary)]
    if any(_same_figure(figure, price) or figure * THOUSAND == price for figure in said for price in named):
        return False
    in_sums = _figures(sums)
    # what the sums multiplied to work out a cost ("eighty orders at twenty-two"): a figure said back
    # that is none of these (the price the sums set the loss against) grades that price
    factors = [in_sums[at - step] for at in worked_out(in_sums) for step in (1, 2)]
    if not any(_same_figure(figure, factor) and factor not in own for figure in said for factor in factors):
        return False
    # a figure the sums said, as they said it or in thousands ("forty" for 40,000), is theirs
    return _says_back(text, sums, own, results=False) and any(
        not any(_same_figure(figure, other) or figure * THOUSAND == other for other in in_sums) for figure in said
    )


def _figures(text: str) -> list[float]:
    """The figures of a normalised text, shares ("20 percent", "20%") left out."""
    return [float(n) for n in _FIGURE.findall(text.replace(",", ""))]


def _same_figure(a: float, b: float) -> bool:
    return abs(a - b) <= SAME_FIGURE * max(a, b)


def _raw_reading(features: UtteranceFeatures, missing_slot_factor: float) -> float:
    """The classifier's reading of a pushback or request, before a missing cue held it down."""
    best = 0.0
    for act in REACTION_ACTS:
        confidence = features.acts.get(act, 0.0)
        if "-missing:cue" in features.act_sources.get(act, ""):
            confidence /= missing_slot_factor
        best = max(best, confidence)
    return best


def _turns_before_concessions(
    transcript: Transcript, moves: list[PriceMove], features: list[UtteranceFeatures]
) -> set[int]:
    """The buyer utterance each rep concession answers: the last of the buyer's turn just before
    the rep's turn that holds the concession, a move of the price trajectory or an offer heard in
    the rep's words ("I can do it for three hundred instead of four")."""
    speakers = [u.speaker for u in transcript.utterances]
    conceding = {m.utterance for m in moves if m.speaker == "rep" and m.move == "concession"}
    conceding.update(
        index
        for index, utterance_features in enumerate(features)
        if speakers[index] == "rep" and utterance_features.acts.get(OFFER_ACT, 0.0) >= OFFER_HEARD
    )
    return _buyer_utterances_answered(speakers, conceding)


def _turns_before_holds(transcript: Transcript, vocabulary: PriceVocabulary) -> set[int]:
    """The buyer utterance each rep turn that holds the price answers: the last of the buyer's turn just
    before a rep turn that says what the price pays for ("the ninety covers the van and both visits",
    "what you're paying for is the night cover") or asks what figure the buyer had in mind."""
    texts = [normalise(u.text) for u in transcript.utterances]
    holding = {
        index
        for index, utterance in enumerate(transcript.utterances)
        if utterance.speaker == "rep"
        and (vocabulary.has("price_held", texts[index]) or _PRICE_COVERS.search(texts[index]))
    }
    return _buyer_utterances_answered([u.speaker for u in transcript.utterances], holding)


def _buyer_utterances_answered(speakers: list[str], rep_utterances: set[int]) -> set[int]:
    """For each rep utterance, the last utterance of the buyer's turn just before the rep's turn that holds it."""
    answered = set()
    for start in sorted(rep_utterances):
        while start > 0 and speakers[start - 1] == "rep":
            start -= 1
        if start > 0 and speakers[start - 1] == "buyer":
            answered.add(start - 1)
    return answered
