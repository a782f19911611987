"""The price trajectory on hand-made calls: concessions as people make them, and what is not one."""

from __future__ import annotations

import pytest

from pipeline.analysis.price_words import load_price_vocabulary
from pipeline.analysis.prices import mentions, rise_read_out, trajectory
from pipeline.analysis.returns import return_turns
from pipeline.analysis.spoken_figures import figure_words_with_s, normalise
from pipeline.model import Transcript, Utterance, UtteranceFeatures
from tests.support.paths import ROOT

RULES = ROOT / "rules"


@pytest.fixture(scope="module")
def vocabulary():
    return load_price_vocabulary(RULES)


def call(*lines: str) -> Transcript:
    utterances = []
    for index, line in enumerate(lines):
        speaker, text = line.split(": ", 1)
        utterances.append(Utterance(speaker=speaker, start=float(index), end=index + 0.9, text=text))
    return Transcript(call_id="c-1", rep_id="rep_ana", utterances=utterances)


def concessions(vocabulary, transcript, list_price=None) -> list[tuple[int, str]]:
    return [(m.utterance, m.kind) for m in trajectory(transcript, vocabulary, list_price) if m.move == "concession"]


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("I could do fifteen hundred", [1500.0]),
        ("how about one forty", [140.0]),
        ("we can get you to forty five a seat", [45.0]),
        ("I will take a grand for it", [1000.0]),
        ("it's $1,200 for the year", [1200.0]),
        # the small number words text2num leaves alone, before a money multiplier
        ("we were hoping for nearer two grand", [2000.0]),
        ("could you do it for one k a month", [1000.0]),
        ("that'd be 2.5k a month", [2500.0]),
        ("it's a 2009 model with 60k miles", []),
        ("we have 20 seats and 3 sites", []),
        ("call me at 5 pm", []),
        ("it's for a 7-10 year old", []),
        # a price said digit by digit, as on a bad line; a phone number, a count, a sound check are none
        ("its one three five a month", [135.0]),
        ("sorry one one nine a month the other one was the plus plan", [119.0]),
        ("it's two four nine a month with the van", [249.0]),
        ("call me on oh one one five nine four", []),
        ("testing one two three can you hear me", []),
        ("we have one, two, three vans to do", []),
        ("the tags talk on four three three megahertz", []),
    ],
)
def test_prices_are_read_as_people_say_them(vocabulary, text, amounts):
    assert [m.amount for m in mentions(normalise(text), vocabulary) if not m.percent] == amounts


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (("rep: The price is $150.", "buyer: Would you take 120?", "rep: I could do 140."), [(2, "lower_price")]),
        (("buyer: would you take 200 for it?", "rep: ok, 200 works"), [(1, "accept_buyer_price")]),
        (("rep: it's 45 a seat", "buyer: we were thinking 40 a seat", "rep: Deal."), [(2, "accept_buyer_price")]),
        (
            ("rep: It's 1,100.", "buyer: Too much.", "rep: Let's meet in the middle at 1,000."),
            [(2, "split_difference")],
        ),
        (
            ("rep: the list price is 50 a seat", "buyer: that's steep", "rep: I'll include onboarding at no charge."),
            [(2, "terms")],
        ),
        (("buyer: is there any wiggle room on the price?", "rep: Yes, there is some."), [(1, "flexibility")]),
        (
            ("rep: It's 5,500.", "buyer: I have 3,800.", "rep: I can knock $100 off if you come today."),
            [(2, "amount_off")],
        ),
        (("buyer: my budget is tight", "rep: Okay, the lowest I can go is $2,200."), [(1, "lower_price")]),
        # a price said with a half of its thousands
        (
            (
                "rep: for the three kitchens the system is five and a half thousand a year",
                "buyer: that's more than we'd set aside",
                "rep: I can do four and a half thousand if we sign in March",
            ),
            [(2, "lower_price")],
        ),
    ],
)
def test_concessions_without_the_word_discount(vocabulary, lines, expected):
    assert concessions(vocabulary, call(*lines)) == expected


@pytest.mark.parametrize(
    "lines",
    [
        ("rep: it's 45 a seat", "buyer: we were thinking 40 a seat", "rep: okay, let me check with my manager"),
        ("buyer: is the price negotiable?", "rep: the price isn't negotiable, sorry"),
        ("buyer: 600?", "rep: 600 is too low, the price is 695."),
        ("rep: that's costing you about $90,000 a year in overtime", "buyer: ok", "rep: and the license is 30,000"),
        ("rep: the starter plan is 30 a seat", "buyer: and the pro plan?", "rep: pro is 45 a seat"),
        ("rep: we have 20 seats on the plan for 2025 at 9 am",),
    ],
)
def test_holding_quoting_and_value_talk_are_not_concessions(vocabulary, lines):
    assert concessions(vocabulary, call(*lines)) == []


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a fee given up on a condition
        (
            (
                "rep: the implementation fee is 6,000",
                "buyer: that's a lot up front",
                "rep: if we sign by the end of the month, there's no implementation charge at all",
            ),
            [(2, "terms")],
        ),
        # a per-seat number after a yearly total: "get you to" moves down in another unit
        (
            (
                "rep: the proposal is 50,400 a year",
                "buyer: I only have 40,000",
                "rep: we can get you to 45 a seat if we sign for two years",
            ),
            [(2, "lower_price")],
        ),
        # the same price said without its unit
        (
            (
                "rep: the proposal is eighty-four thousand a year",
                "buyer: can you do better?",
                "rep: if you commit this month, I can take it to seventy-two thousand",
            ),
            [(2, "lower_price")],
        ),
        (("buyer: that's steep", "rep: the first two months are on us"), [(1, "terms")]),
        (("buyer: that's steep", "rep: we can include onboarding for your whole team"), [(1, "terms")]),
        (("buyer: the renewal went up", "rep: we can keep you at last year's rate"), [(1, "kept_rate")]),
        # a fee taken to nothing, put as a proposal
        (
            (
                "buyer: that's more than we can stomach",
                "rep: what if we took the installation to zero? that is 30,000 off",
            ),
            [(1, "terms")],
        ),
    ],
)
def test_concessions_in_real_wording(vocabulary, lines, expected):
    assert concessions(vocabulary, call(*lines)) == expected


@pytest.mark.parametrize(
    "lines",
    [
        # what the price includes, not a gift
        ("rep: it's 40 per tech per month and the office users are free",),
        ("rep: there's a list on the trust page, i'll include the link",),
        ("rep: support isn't free on that plan",),
        # a fee named without a condition, a rate kept in a quote that goes up
        ("rep: scheduling and payroll stay at this year's price, so the total goes from 96,000 to 118,000",),
        # a number said in the negative, a percentage as a level
        ("rep: it's 39 a month per truck", "buyer: we need 30", "rep: I can't get to 30, sorry"),
        # the concession refused, put as a supposition
        (
            "rep: it's 12,000 a year with the training",
            "buyer: can you take a little off?",
            "rep: I'd rather not. If we took money off, it would come out of the training.",
        ),
        ("rep: your scrap rate is 4.5 percent; if we take that to 3 percent you save 90,000",),
        # a rate said in another unit, far from the ask
        (
            "rep: the licence is 28,000 a year",
            "buyer: hm",
            "rep: at least two hours a week each, that's over 100,000 a year of billable time",
        ),
    ],
)
def test_descriptions_and_refusals_are_not_concessions(vocabulary, lines):
    assert concessions(vocabulary, call(*lines)) == []


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # a thing given "for nothing" is given free
        ("rep: alright fine ill throw the delivery in for nothing, eighteen hundred then", ["terms"]),
        ("rep: Tell you what, I'll put the second till in for nothing.", ["terms"]),
        ("rep: and we can do the training for the whole crew for nothing", ["terms"]),
        ("rep: I can't move on the frame, but I'll do the delivery for nothing.", ["terms"]),
        # near misses: the verb before it said in the negative, however far back in its clause
        ("rep: i cant do the delivery for nothing sorry", []),
        ("rep: I couldn't do the install for nothing, it takes two of us a day.", []),
        ("rep: I won't do the delivery for free, sorry.", []),
    ],
)
def test_a_thing_done_for_nothing_is_given_unless_refused(vocabulary, reply, expected):
    transcript = call(
        "rep: the frame is eighteen hundred and delivery is two hundred",
        "buyer: thats a lot of money to be honest",
        reply,
    )
    assert [kind for _, kind in concessions(vocabulary, transcript)] == expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # the split offered after the refusal's "but" moves all the same
        ("rep: i cant do it for nothing but i could split it with you and call it one fifty", ["split_difference"]),
        ("rep: I can't waive it, but I'll meet you halfway on the setup.", ["split_difference"]),
        ("rep: no sorry i wont drop it but lets meet in the middle on it", ["split_difference"]),
        # near misses: the split refused, and the price split into payments
        ("rep: sorry i cant split it but the monthly stays as it is", []),
        ("rep: I could split it into two payments, but I can't take anything off.", []),
    ],
)
def test_a_split_offered_after_a_refusal_is_a_concession(vocabulary, reply, expected):
    transcript = call(
        "rep: its ninety a month and the setup is three hundred", "buyer: would you throw the setup in for free", reply
    )
    assert [kind for _, kind in concessions(vocabulary, transcript)] == expected


@pytest.mark.parametrize(
    "lines",
    [
        # raw transcripts drop the apostrophe of a negation: the old price said in the negative is refused
        (
            "rep: the new rate is two twenty a year",
            "buyer: thats a lot we were on one eighty",
            "rep: yeah i cant do one eighty any more but its all next day now",
        ),
        (
            "buyer: the renewal says five ten a month and we were on four fifty",
            "rep: yeah so i couldnt do four fifty again the parts went up",
        ),
        (
            "rep: its ninety five a month now",
            "buyer: we were paying eighty a month last year",
            "rep: no i wouldnt go back to eighty sorry thats the new rate for everyone",
        ),
    ],
)
def test_a_lower_price_said_in_the_negative_without_the_apostrophe_is_refused(vocabulary, lines):
    assert concessions(vocabulary, call(*lines)) == []


@pytest.mark.parametrize(
    "lines",
    [
        # near misses: the price refused in the negative and a lower one offered in its place still moves
        (
            "rep: the renewal comes to two ninety a year",
            "buyer: any chance of keeping me on two forty",
            "rep: i cant do two forty but i can do two sixty five for you",
        ),
        (
            "rep: its ninety five a month from january",
            "buyer: we were paying eighty",
            "rep: um i couldnt go to eighty but ill do it at eighty five",
        ),
    ],
)
def test_a_lower_price_offered_after_one_refused_without_the_apostrophe_is_a_concession(vocabulary, lines):
    assert [kind for _, kind in concessions(vocabulary, call(*lines))] == ["lower_price"]


@pytest.mark.parametrize(
    "lines, expected",
    [
        # the first price quoted with the fees it does not carry: what the price holds
        (("buyer: what does it cost, before we go on?", "rep: sixty a month per van, and there's no setup fee"), []),
        (("rep: for both sites it's two forty a month. no onboarding charge and no charge for extra logins",), []),
        (("rep: its ninety five a month no set up fee no contract",), []),
        # near misses: the fee given up once the buyer pushed back, or given with the first quote
        (
            ("rep: it's two forty a month", "buyer: that's steep for us", "rep: okay, no setup fee then"),
            [(2, "terms")],
        ),
        (("rep: it's two forty a month, and I'll waive the setup fee if you sign this week",), [(0, "terms")]),
        (("rep: its two forty a month and no set up fee if you sign by the end of the month",), [(0, "terms")]),
        (
            ("rep: it's two forty a month", "buyer: hm", "rep: and no onboarding charge if you sign by friday"),
            [(2, "terms")],
        ),
    ],
)
def test_a_fee_said_to_be_none_in_the_first_quote_is_the_price_quoted(vocabulary, lines, expected):
    assert concessions(vocabulary, call(*lines)) == expected


@pytest.mark.parametrize(
    "lines, expected",
    [
        # a figure that counts things with a word between ("fifteen new members") or names which one
        (("rep: the quote is 28,000", "buyer: right", "rep: fifteen new members a month, what does a member pay?"), []),
        (
            (
                "rep: the quote is 28,000",
                "buyer: ok",
                "rep: so twenty extra jobs a month, what do you charge for a job?",
            ),
            [],
        ),
        (
            (
                "rep: the quote is 28,000",
                "buyer: ok",
                "rep: thats like twenty more orders a week what do you make on an order",
            ),
            [],
        ),
        (("rep: the quote is 8,000", "buyer: ok", "rep: your drain runs along the back of hole six"), []),
        (("rep: the quote is 8,000", "buyer: ok", "rep: the one we did out past court five took a day"), []),
        # near misses: a lower price said with money after it, with its thousands left unsaid, or more or less
        (
            ("rep: it's 300 a month", "buyer: too much", "rep: I could do twenty less dollars a month, 280"),
            [(2, "lower_price")],
        ),
        (("rep: the quote is 14,000", "buyer: too much", "rep: I could do twelve"), [(2, "lower_price")]),
        (
            ("rep: the quote is 28,000", "buyer: ok", "rep: I could do twenty more or less, if you sign today"),
            [(2, "lower_price")],
        ),
    ],
)
def test_counts_and_places_are_no_prices(vocabulary, lines, expected):
    assert concessions(vocabulary, call(*lines)) == expected


@pytest.mark.parametrize(
    "said",
    [
        "buyer: We fit about forty hoods a week. Maybe eight of those come back.",
        "buyer: we do ninety orders a month and like twelve of em go missing",
        "buyer: Thirty tables on a Saturday, and six of these are walk-ins.",
        "buyer: Two hundred jobs, fifteen of which we quoted wrong.",
        "rep: and I'll put twenty of your own recipes in before the trial",
        "rep: I'll set up thirty of our templates for you on day one",
    ],
)
def test_a_count_of_things_said_before_is_no_counter(vocabulary, said):
    """A count of part of what was counted ("eight of those", "twenty of your own recipes") is no figure of money."""
    moves = trajectory(call("rep: It's forty-five a month for the workshop.", said), vocabulary)
    assert [m.move for m in moves] == ["ask"]


@pytest.mark.parametrize(
    ("said", "countered"),
    [
        # the buyer's figure set against the rep's price in the same period
        ("buyer: I'd wanted to stay under a hundred a month, so that's alright.", False),
        ("buyer: we had a hundred and twenty a month in mind", False),
        ("buyer: Honestly I was hoping for seventy a month.", True),
        ("buyer: I could do nine hundred for the year.", True),
    ],
)
def test_the_buyers_figure_compares_with_the_reps_price_in_its_period(vocabulary, said, countered):
    """The rep gave the price by the month and by the year; a figure by the month is set against the
    monthly price, not the yearly one."""
    moves = trajectory(call("rep: It's ninety a month, so call it eleven hundred a year.", said), vocabulary)
    assert any(m.move == "counter" for m in moves) == countered


@pytest.mark.parametrize(
    ("objection", "moved"),
    [
        # the quote's figure set against what the buyer pays now, after "than": the rep's price
        ("buyer: Honestly, four thousand a year is dearer than what we pay Loomco.", True),
        ("buyer: Four thousand a year, that's well over what we're paying the mill now.", False),
        ("buyer: four thousand a year is more than we spend on thread full stop", True),
        ("buyer: Four thousand is dearer than what I pay for the van.", True),
        # what the buyer pays said first is their own cost, and the figure after it as it was read
        ("buyer: We pay about four thousand a year in rework.", False),
    ],
)
def test_the_quote_set_against_what_the_buyer_pays_is_the_reps_price(vocabulary, objection, moved):
    """The buyer objects to the quote's figure against what they pay now; the rep's lower figure in reply
    moves down from it."""
    lines = (
        "rep: Shall we go through the proposal?",
        objection,
        "rep: Four thousand is our standard rate, but for firms that come back we have a loyalty rate, "
        "and that's three thousand six hundred.",
    )
    transcript = call(*lines)
    features = [UtteranceFeatures(acts={}) for _ in lines]
    features[1] = UtteranceFeatures(
        acts={"price_pushback": 0.9}, act_sources={"price_pushback": "pattern:price_pushback/objects-to-price"}
    )
    moves = trajectory(transcript, vocabulary, None, features)
    assert any(m.move == "concession" for m in moves) == moved


@pytest.mark.parametrize(
    ("said", "moved"),
    [
        # the price said to fall on the buyer taking more or committing longer, with no verb of the rep's
        ("rep: So twelve lanes. Actually, if you fit all twelve lanes it drops to eighty-eight each.", True),
        ("rep: if you take the lot it comes down to eighty eight a lane", True),
        ("rep: And on a two-year term it falls to ninety a year each.", True),
        ("rep: mind you with all twelve it goes down to a hundred a hive", True),
        # what falls is no price of the product, or the price said again
        ("rep: With the sensors on, your loss rate drops to two percent.", False),
        ("rep: The wait drops to ten minutes once it's set up.", False),
        ("rep: It's a hundred and thirty a year each, that's the price.", False),
    ],
)
def test_a_price_said_to_fall_on_a_condition_is_a_lower_price(vocabulary, said, moved):
    lines = ("rep: It's a hundred and ten pounds a year per hive, each.", "buyer: We've got twelve hives.", said)
    assert bool(concessions(vocabulary, call(*lines))) == moved


@pytest.mark.parametrize(
    ("said", "countered"),
    [
        # the rep's lower price, put without its period, said back with it: to a colleague, or taken
        ("buyer: So we'd be on seventy a month, and I'm happy with that.", False),
        ("buyer: Seventy a month. Okay, that's more like it.", False),
        ("buyer: so seventy pounds a month then yeah", False),
        ("buyer: Right, seventy a month, I'll tell the boss.", False),
        # a figure below it in that period is still the buyer's own
        ("buyer: Could you make it sixty a month?", True),
        ("buyer: I was hoping for sixty a month, to be honest.", True),
    ],
)
def test_the_reps_lower_price_said_back_with_its_period_is_no_counter(vocabulary, said, countered):
    """The rep priced by the month and came down without saying the period again; the buyer saying the
    new price back by the month names that price, not one of their own below the first."""
    lines = ("rep: It's eighty pounds a month for the whole kennel.", "buyer: Hmm.", "rep: Fine, I can do seventy.")
    moves = trajectory(call(*lines, said), vocabulary)
    assert any(m.move == "counter" for m in moves) == countered


@pytest.mark.parametrize(
    ("said", "prices"),
    [
        ("rep: otherwise you're still keying the orders in at five in the morning", []),
        ("rep: and the van won't be back till ten at night, so that's overtime", []),
        ("rep: so the till's open from six of a morning and nobody's there to check it", []),
        ("rep: The courier picks up at four this afternoon, so it's on the pallet by then.", []),
        # near misses: money said with the part of the day after it
        ("rep: the morning slot is forty a month, so you'd pay forty a month in the morning plan", [40.0, 40.0]),
        ("rep: it's sixty in the morning and forty after lunch", [60.0, 40.0]),
    ],
)
def test_an_hour_said_with_a_part_of_the_day_is_a_time(vocabulary, said, prices):
    """A number of a day's hours with the part of the day after it is a time, whatever the turn says of price."""
    text = normalise(said.split(": ", 1)[1])
    assert [m.amount for m in mentions(text, vocabulary, 45.0, True)] == prices


def test_the_list_price_makes_a_first_lower_number_a_concession(vocabulary):
    transcript = call("buyer: is it still available?", "rep: yes", "buyer: would you do 200?", "rep: I can do 240")
    assert concessions(vocabulary, transcript, list_price=265.0) == [(3, "lower_price")]
    assert concessions(vocabulary, transcript, list_price=240.0) == []


def test_the_buyers_lower_number_is_a_counter(vocabulary):
    moves = trajectory(call("rep: It's $150.", "buyer: I'd pay 120.", "buyer: My budget is 150."), vocabulary)
    assert [(m.utterance, m.move, m.amount) for m in moves] == [(0, "ask", 150.0), (1, "counter", 120.0)]


def test_a_lower_price_per_unit_compares_with_the_earlier_price_per_unit(vocabulary):
    """The ask was a per-site price and a total; the move is said per site."""
    transcript = call(
        "rep: it's 310 per site per month, so for all nine around 2,800",
        "buyer: that's more than we pay now",
        "rep: I could do 270 a site if you take all nine",
    )
    assert concessions(vocabulary, transcript) == [(2, "lower_price")]
    # the same per-site price said again is no move
    again = call(
        "rep: it's 310 per site per month, so for all nine around 2,800",
        "buyer: ok",
        "rep: right, 310 a site, billed monthly",
    )
    assert concessions(vocabulary, again) == []


def test_a_price_per_anything_counted_is_a_unit_price(vocabulary):
    assert [(m.amount, m.unit) for m in mentions(normalise("we can do 80 a classroom for the year"), vocabulary)] == [
        (80.0, "seat")
    ]
    # a count per period is not a price
    assert [m.unit for m in mentions(normalise("we can do 80 jobs a week"), vocabulary)] == []


def test_the_buyers_counter_said_against_the_reps_number(vocabulary):
    """No ask heard in the call (it is on paper); the buyer names the rep's number and their own."""
    transcript = call(
        "rep: the one open point is the per-truck price",
        "buyer: we wrote in 70 a truck instead of the 90 a truck you had",
        "rep: ok, 70 works, I can make that work",
    )
    assert concessions(vocabulary, transcript) == [(2, "accept_buyer_price")]
    # two figures about the buyer's own operation, with no price talk before, are no counter
    metrics = call(
        "rep: how are the clinics doing?",
        "buyer: we had 110 no-shows last month and a visit is about 85 dollars",
        "rep: ok, 110 at 85 is about 9,300 a month",
    )
    assert [m.move for m in trajectory(metrics, vocabulary) if m.speaker == "buyer"] == []


def test_prices_in_thousands_said_short_or_with_the_thousands_left_unsaid(vocabulary):
    """Against a price in thousands, "four two" is 4,200 and "twenty four" is 24,000."""
    said_short = call(
        "rep: the renewal is four thousand two hundred a month",
        "buyer: four two is a jump from last year's three six",
        "rep: what if I hold it at three nine for the first year",
    )
    assert concessions(vocabulary, said_short) == [(2, "lower_price")]
    unsaid = call(
        "rep: the licence for the unit would be twenty eight thousand a year",
        "buyer: that's more than I was told, is there any give on that",
        "rep: I could probably get it to twenty four if that helps",
    )
    assert [(m.utterance, m.amount) for m in trajectory(unsaid, vocabulary) if m.move == "concession"] == [(2, 24000.0)]
    # a half said as words, or the hundreds after a hyphen
    halves = call(
        "rep: the price with the tooling is fourteen thousand two hundred",
        "buyer: that's more than we set aside, honestly",
        "rep: I could do thirteen and a half if you order this month",
    )
    assert [(m.utterance, m.amount) for m in trajectory(halves, vocabulary) if m.move == "concession"] == [(2, 13500.0)]
    hyphened = call(
        "rep: the price with the install is nine thousand six hundred",
        "buyer: we were hoping for less than that",
        "rep: alright, I can do nine-one if that gets it signed",
    )
    assert [(m.utterance, m.amount) for m in trajectory(hyphened, vocabulary) if m.move == "concession"] == [
        (2, 9100.0)
    ]
    # a span of time said with a half is no price (a count of years, as "thirty carers" is of people)
    waited = call(
        "rep: the price with the install is three thousand two hundred",
        "buyer: that's more than we set aside, honestly",
        "rep: it pays back in about two and a half years, and I can do three thousand",
    )
    assert [(m.utterance, m.amount) for m in trajectory(waited, vocabulary) if m.utterance == 2] == [(2, 3000.0)]
    # a count of people against a price in thousands stays a count
    assert concessions(vocabulary, call("rep: it's 38,000 a year", "buyer: we have thirty carers")) == []


def test_the_number_a_turn_puts_on_the_table_is_the_one_not_said_before(vocabulary):
    transcript = call(
        "rep: the price is forty-six thousand for the seats and eighteen thousand for the module",
        "buyer: I can't take that jump to the partners",
        "rep: what if we phase it: seats at forty-six, the module at twelve thousand the first year, then eighteen",
    )
    assert [(m.utterance, m.amount) for m in trajectory(transcript, vocabulary) if m.move == "concession"] == [
        (2, 12000.0)
    ]


def test_a_number_in_answer_to_who_decides_is_a_sign_off_limit(vocabulary):
    transcript = call(
        "rep: For eleven schools it's fourteen thousand a year, all in.",
        "rep: Apart from you, who else would need to sign this off?",
        "buyer: Procurement wants three quotes for anything over ten thousand.",
    )
    features = [UtteranceFeatures(acts={}) for _ in transcript.utterances]
    features[1] = UtteranceFeatures(acts={"committee_question": 0.9})
    assert [m.move for m in trajectory(transcript, vocabulary, features=features) if m.speaker == "buyer"] == []
    # without the question, ten thousand against fourteen reads as the buyer's counter
    assert [m.move for m in trajectory(transcript, vocabulary) if m.speaker == "buyer"] == ["counter"]


def moves_with_sums(vocabulary, transcript, sums: int = 1) -> list[tuple[int, str, float | None]]:
    """The moves when the utterance at `sums` reads clearly as a value anchor (the rep's sums)."""
    features = [UtteranceFeatures(acts={}) for _ in transcript.utterances]
    features[sums] = UtteranceFeatures(acts={"value_anchor": 0.9})
    moves = trajectory(transcript, vocabulary, None, features, return_turns(transcript, features))
    return [(m.utterance, m.move, m.amount) for m in moves]


def test_the_reps_sums_on_the_buyers_problem_are_no_price(vocabulary):
    transcript = call(
        "buyer: We re-key about 40 orders a day, ten minutes each.",
        "rep: So 40 orders at ten minutes is close to 1,700 hours a year; at 25 an hour that's about 42,000.",
        "buyer: Right.",
        "rep: The plan for your team is 24,000 a year.",
    )
    # the plan's price is the rep's first ask, not a concession from the 42,000 of the sums
    assert moves_with_sums(vocabulary, transcript) == [(3, "ask", 24000.0)]
    # without the reading of the sums, the figure they work out (1,700 hours at 25) is no price either
    assert [(m.utterance, m.move) for m in trajectory(transcript, vocabulary)] == [(3, "ask")]


def test_a_price_named_inside_the_sums_stays_a_price(vocabulary):
    transcript = call(
        "buyer: We lose about 30 pallets a month, at 900 each.",
        "rep: 30 pallets at 900 is 27,000 a month, against a licence of 31,000 a year.",
        "buyer: Can you do 25,000?",
    )
    assert moves_with_sums(vocabulary, transcript) == [(1, "ask", 31000.0), (2, "counter", 25000.0)]


@pytest.mark.parametrize(
    "sums",
    [
        "rep: Three vans idle two days a month is about 5,400 a month in lost jobs, against 900 a month for us.",
        "rep: Three vans idle two days a month is about 5,400 a month in lost jobs, against 900 a month for the app.",
        "rep: Three vans idle two days a month is about 5,400 a month in lost jobs, more than the 900 a month it costs.",
        "rep: Three vans idle two days a month is 5,400 a month in lost jobs, so at 900 a month it has paid for itself.",
    ],
)
def test_a_price_named_right_after_its_figure_in_the_sums_is_the_ask(vocabulary, sums):
    transcript = call(
        "buyer: Our three vans sit idle about two days a month waiting on parts.",
        sums,
        "buyer: We were thinking more like 600.",
    )
    assert moves_with_sums(vocabulary, transcript) == [(1, "ask", 900.0), (2, "counter", 600.0)]


@pytest.mark.parametrize(
    "offer",
    [
        "rep: so six vans out a day is about 2,400 a month in lost jobs and if you add the trailers I'll do the lot at 40 a van instead of 45",
        "rep: thats six vans two days so about 2400 a month lost and ill do the whole fleet at 40 a van instead of 45",
        "rep: six vans at two days is 2,400 a month, and we can do it for 40 a van rather than 45 if you take the trailers too",
    ],
)
def test_a_lower_price_offered_in_place_of_the_ask_inside_the_sums_is_a_concession(vocabulary, offer):
    transcript = call(
        "rep: the app is forty-five a month per van",
        "buyer: our six vans each lose a couple of days a month waiting on parts",
        offer,
    )
    assert moves_with_sums(vocabulary, transcript, sums=2) == [(0, "ask", 45.0), (2, "concession", 40.0)]


@pytest.mark.parametrize(
    "sums",
    [
        # near misses: the sums set against the price with no offer, and a figure that is only compared
        "rep: six vans at two days is 2,400 a month in lost jobs against 45 a van for the app",
        "rep: six vans at two days is 2,400 a month, so you'd save 40 a van a day instead of 45 lost",
    ],
)
def test_the_sums_without_an_offer_move_no_price(vocabulary, sums):
    transcript = call(
        "rep: the app is forty-five a month per van",
        "buyer: our six vans each lose a couple of days a month waiting on parts",
        sums,
    )
    assert [move for move in moves_with_sums(vocabulary, transcript, sums=2) if move[1] == "concession"] == []


def test_the_buyers_cost_said_for_them_in_the_sums_is_no_price(vocabulary):
    transcript = call(
        "buyer: Our three vans sit idle about two days a month waiting on parts.",
        "rep: Three vans idle two days a month is about 5,400 a month for you in lost jobs.",
        "buyer: Sounds about right.",
    )
    assert moves_with_sums(vocabulary, transcript) == []


@pytest.mark.parametrize(
    ("offer", "expected"),
    [
        # a lower monthly price offered in place of a higher one said short, after a yearly price in thousands
        (
            "rep: Add the second van and I'll put both in at one ninety a month rather than two-thirty.",
            [190.0],
        ),
        ("rep: with the trailer module too I can do the pair at two hundred a month instead of two fifty", [200.0]),
        ("rep: Add the depot and we'll do the lot for three ten a month rather than three-sixty.", [310.0]),
        # near miss: the bundle's price read out beside the parts', nothing offered
        ("rep: Together they're two hundred a month, against two-forty bought apart.", []),
    ],
)
def test_a_price_offered_in_place_of_a_higher_one_said_short_is_a_concession(vocabulary, offer, expected):
    transcript = call(
        "rep: A hundred and twenty a month, or thirteen hundred for the year if you pay annually.",
        "buyer: Okay.",
        offer,
    )
    assert [m.amount for m in trajectory(transcript, vocabulary) if m.move == "concession"] == expected


def test_the_buyers_figure_weighing_the_sums_is_no_offer(vocabulary):
    transcript = call(
        "buyer: We set aside 20,000 for this, and we do 600 deliveries a month.",
        "rep: At 600 deliveries and two failed a week at 80 each, that's about 8,000 a year.",
        "buyer: Against the 20,000, I can do that sum.",
    )
    assert moves_with_sums(vocabulary, transcript) == []


def test_the_buyers_offer_on_the_price_after_the_sums_is_a_counter(vocabulary):
    transcript = call(
        "buyer: We had 110 no-shows last month, at 85 each.",
        "rep: 110 at 85 is about 9,350 a month you never see.",
        "buyer: Sure, but on the renewal I was thinking more like 6,000.",
    )
    assert moves_with_sums(vocabulary, transcript) == [(2, "counter", 6000.0)]


def moves_after_objection_to_the_sums(vocabulary, transcript, objection: int = 2) -> list[tuple[int, str, float]]:
    """The moves when the rep's sums at 1 read clearly and the buyer's turn at `objection` objects in
    the words of a pattern."""
    features = [UtteranceFeatures(acts={}) for _ in transcript.utterances]
    features[1] = UtteranceFeatures(acts={"value_anchor": 0.9})
    features[objection] = UtteranceFeatures(
        acts={"price_pushback": 0.9}, act_sources={"price_pushback": "pattern:price_pushback/objects-to-price"}
    )
    moves = trajectory(transcript, vocabulary, None, features, return_turns(transcript, features))
    return [(m.utterance, m.move, m.amount) for m in moves]


@pytest.mark.parametrize(
    ("objection", "offer", "expected"),
    [
        # the buyer objects to a figure right after the rep's sums: it is the price, and a lower one moves
        (
            "buyer: Still, forty-five a van is steep. Thirty-five and we'll talk.",
            "rep: If you take the trailers too, I can do the vans at forty a van.",
            [(3, "concession", 40.0)],
        ),
        (
            "buyer: hmm forty five a van is a lot though",
            "rep: ok i can do forty a van if you sign this month",
            [(3, "concession", 40.0)],
        ),
        # near miss: no lower number offered, the price held
        (
            "buyer: Still, forty-five a van is steep.",
            "rep: It is, and the app pays for itself in the first month on those numbers.",
            [],
        ),
    ],
)
def test_the_buyers_objection_to_a_figure_after_the_sums_names_the_price(vocabulary, objection, offer, expected):
    transcript = call(
        "buyer: Our six vans each lose a couple of days a month waiting on parts, at about two hundred a day.",
        "rep: Six vans at two days is twelve van-days, at two hundred that's 2,400 a month you lose.",
        objection,
        offer,
    )
    assert [move for move in moves_after_objection_to_the_sums(vocabulary, transcript) if move[1] == "concession"] == (
        expected
    )


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # hundreds said in pairs or with a hyphen, next to a price of that order
        (
            ("rep: It's 2,400 a month.", "buyer: That's more than we'd like.", "rep: How about nineteen fifty?"),
            [(2, "lower_price")],
        ),
        (
            ("rep: It's 740 a month.", "buyer: I'd set six-fifty as my ceiling.", "rep: Okay, six-fifty works for us."),
            [(2, "accept_buyer_price")],
        ),
        # the hundreds and ten after a hyphen
        (
            ("rep: It's 360 a month.", "buyer: That's more than we'd like.", "rep: I could go to three-ten a month."),
            [(2, "lower_price")],
        ),
    ],
)
def test_prices_said_short_in_hundreds(vocabulary, lines, expected):
    assert concessions(vocabulary, call(*lines)) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # no money said before: the hyphened figure by the month gives the turn its scale
        (
            (
                "buyer: Your price of five-sixty a month is steep for a shop like ours. Could you do four-eighty?",
                "rep: For a two-year term, yes, four-eighty works.",
            ),
            [(1, "accept_buyer_price")],
        ),
        # a teen before the hyphen, as one says a price in hundreds over a thousand
        (
            ("rep: It's 2,300 a year.", "buyer: That's over what we set.", "rep: I could go to seventeen-ninety."),
            [(2, "lower_price")],
        ),
    ],
)
def test_prices_said_short_with_a_hyphen_and_no_price_before(vocabulary, lines, expected):
    assert concessions(vocabulary, call(*lines)) == expected


@pytest.mark.parametrize(
    ("offer", "expected"),
    [
        # the units hyphened on as well: "one-sixty-five" is 165
        ("rep: Alright, I can do one-sixty-five if you sign this week.", [(2, "lower_price")]),
        ("rep: Fine, I could go to one-eighty-five.", [(2, "lower_price")]),
        # the ask itself said that way moves nothing
        ("rep: It stays at one-ninety-five, I'm afraid.", []),
    ],
)
def test_prices_said_in_hundreds_with_their_units_hyphened(vocabulary, offer, expected):
    transcript = call("rep: The plan is 195 a month.", "buyer: That's more than we wanted to pay.", offer)
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("ask", "expected"),
    [
        # what the buyer pays now, asked to stay on, is their offer; the rep keeping them on it gives it
        ("buyer: Last year we paid forty-two a month. Can we stay on that?", [(3, "accept_buyer_price")]),
        (
            "buyer: we've been paying 42 a month and the boss said to ask if you'd keep us on that",
            [(3, "accept_buyer_price")],
        ),
        # the same figure told as what the buyer lost or pays elsewhere, with no ask to stay on it, is no offer
        ("buyer: Last year we lost about forty-two a month on missed bookings.", []),
        ("buyer: We pay forty-two a month for the phone line, that's the same as last month.", []),
    ],
)
def test_the_rate_the_buyer_asks_to_stay_on_is_an_offer(vocabulary, ask, expected):
    transcript = call(
        "rep: The renewal comes to fifty-four a month now.",
        "buyer: Right, I saw the email.",
        ask,
        "rep: Okay, I can keep you on 42 a month for this year if you renew by Friday.",
    )
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("rise", "expected"),
    [
        # the rep's new price said first, then the old one it is up from: the new one is the ask
        ("rep: The renewal's at 190 a month from March, up from 165.", [(2, "lower_price")]),
        ("rep: So the new rate is 190 a month, increased from 165.", [(2, "lower_price")]),
        # a count up from another is no price: the old price stands
        ("rep: The plan is 165 a month, and you're at 190 bookings a month now, up from 160 bookings.", []),
    ],
)
def test_the_new_price_said_up_from_the_old_is_the_ask(vocabulary, rise, expected):
    transcript = call(rise, "buyer: That's a lot for us.", "rep: I can do 175 if you renew this week.")
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("offer", "expected"),
    [
        # the hundreds, "oh" for the empty tens, the units: "three oh five" is 305
        ("rep: Look, I could do three oh five a month if you sign today.", [(2, "lower_price")]),
        ("rep: um I can probably do three oh nine on the three years", [(2, "lower_price")]),
        # a time said that way, or a figure far from the price, is none
        ("rep: I can call you back at three oh five pm.", []),
        ("rep: I could come out to unit 9 oh 2 on Friday.", []),
    ],
)
def test_prices_said_in_hundreds_with_oh_for_the_tens(vocabulary, offer, expected):
    transcript = call("rep: The lease is 340 a month over three years.", "buyer: The other lot quoted 290.", offer)
    assert concessions(vocabulary, transcript) == expected


def test_a_time_said_with_a_hyphen_and_no_period_is_no_price(vocabulary):
    transcript = call("buyer: The van leaves at five-forty.", "rep: I can do five-forty, that works.")
    assert concessions(vocabulary, transcript) == []


def test_a_time_said_in_pairs_is_no_price(vocabulary):
    transcript = call(
        "rep: It's 1,200 a year.", "buyer: Let's talk Friday.", "rep: What time?", "buyer: ten ten o'clock"
    )
    assert [m.move for m in trajectory(transcript, vocabulary)] == ["ask"]


def test_the_price_sent_before_said_back_by_the_buyer_is_the_reps_ask(vocabulary):
    transcript = call(
        "buyer: So, your quote. 9,600 a year is going to be hard to take to our GM.",
        "rep: What if I got it down to 8,500, if you sign this month?",
    )
    assert concessions(vocabulary, transcript) == [(1, "lower_price")]


@pytest.mark.parametrize(
    "first",
    [
        "buyer: Every empty slot costs us about 65 dollars, and the total is climbing.",
        "buyer: The board approved 40,000 for a new system this year, subscription included.",
    ],
)
def test_the_buyers_own_costs_and_budget_are_not_the_reps_ask(vocabulary, first):
    transcript = call(first, "rep: For all your sites the price would be 36,000 a year.")
    assert concessions(vocabulary, transcript) == []


def test_a_price_named_amid_talk_of_value_is_the_reps_ask(vocabulary):
    transcript = call(
        "rep: Twelve lost days at forty thousand is close to half a million last year, before penalties. "
        "The proposal is two sixty a year, and it pays for itself on a third of those days.",
        "buyer: Honestly, I had two hundred in my head.",
    )
    moves = [(m.utterance, m.move, m.amount) for m in trajectory(transcript, vocabulary)]
    assert moves[0][:2] == (0, "ask")
    assert moves[1][:2] == (1, "counter")


def test_prices_said_short_with_nothing_to_give_their_scale(vocabulary):
    transcript = call(
        "rep: For the sixty vans that comes to fifty-two hundred a month.",
        "buyer: That's more than we planned, we had something like forty five in our heads.",
        "rep: Okay, what if we met in the middle, call it four eight fifty.",
    )
    moves = [(m.utterance, m.move, m.amount) for m in trajectory(transcript, vocabulary)]
    assert moves == [(0, "ask", 5200.0), (1, "counter", 4500.0), (2, "concession", 4850.0)]


def test_the_buyers_own_costs_said_as_what_they_pay_are_no_counter(vocabulary):
    transcript = call(
        "rep: The yard module is 900 a month.",
        "buyer: Okay.",
        "rep: And what does a late container cost you today?",
        "buyer: We pay the carriers for every late box. Thirty dollars a container, on most days.",
    )
    assert [m.move for m in trajectory(transcript, vocabulary)] == ["ask"]


@pytest.mark.parametrize(
    ("question", "moves"),
    [
        # the rep asks what the buyer pays now, with a word between: the answer's figures are information
        ("rep: And the paper forms, what's that all costing you?", []),
        ("rep: Are you paying for a booking app as well?", []),
        ("rep: And how much are you paying the print shop for those?", []),
        # near miss: with no question about what the buyer pays, a price named back and one below it stand
        ("rep: Have you had a look at the quote I sent?", ["counter"]),
    ],
)
def test_the_buyers_spend_asked_for_with_a_word_between_is_no_counter(vocabulary, question, moves):
    transcript = call(question, "buyer: Sixty a month for the laminating, maybe seven hundred a year in total.")
    assert [m.move for m in trajectory(transcript, vocabulary) if m.speaker == "buyer"] == moves


@pytest.mark.parametrize(
    ("spent", "reply", "moves"),
    [
        # what the buyer just or already paid, said back by the rep, is their cost, no ask of the rep's
        (
            "buyer: We've just paid six grand for a new boiler, and we're trying to save where we can this winter.",
            "rep: Six grand for that, right. Shall I bring the booking screen up?",
            [],
        ),
        (
            "buyer: We've already spent six grand on the website this year, so I'm looking for savings.",
            "rep: Six grand for that, right. Shall I bring the booking screen up?",
            [],
        ),
        # near miss: the rep's own price after it is the ask, and the buyer's figure below it a counter
        (
            "buyer: We've just paid six grand for a new boiler, and we're trying to save where we can this winter.",
            "rep: The booking module is two thousand a year. Shall I bring it up?",
            [(1, "ask"), (2, "counter")],
        ),
    ],
)
def test_what_the_buyer_just_or_already_paid_said_back_is_no_ask(vocabulary, spent, reply, moves):
    transcript = call(spent, reply, "buyer: A cancelled class loses us about thirty quid a head.")
    assert [(m.utterance, m.move) for m in trajectory(transcript, vocabulary)] == moves


def test_the_price_said_back_after_the_reps_talk_of_price_is_the_ask(vocabulary):
    """The quote is on the buyer's screen, never said aloud by the rep: the buyer reads it out, and
    the rep's lower number after it is a concession."""
    transcript = call(
        "rep: morning, have you got the quote I sent over open?",
        "buyer: yes, got it here, sixty two thousand",
        "buyer: and honestly sixty two is a lot more than we'd set aside",
        "rep: I hear you, I can meet you at fifty eight",
    )
    assert concessions(vocabulary, transcript) == [(3, "lower_price")]
    # the buyer's figure in answer to the rep's question about what they had in mind is no price of the rep's
    budget = call(
        "rep: and was there a figure in mind for replacing it?",
        "buyer: we've been told to keep it under six thousand for the year",
        "buyer: the partners sign anything over five thousand, so they'll want to see it",
    )
    assert [m.move for m in trajectory(budget, vocabulary) if m.speaker == "buyer"] == []
    # or the number in the buyer's head the rep asks for, a rival's price beside it
    ceiling = call(
        "rep: Is there a number in your head for this?",
        "buyer: Forty quid a month is my ceiling. The other lot charge thirty-five.",
    )
    assert trajectory(ceiling, vocabulary) == []


def test_the_budget_the_buyer_gave_said_back_by_the_rep_is_no_lower_price(vocabulary):
    # the budget given when asked, said back in the rep's question after the price, is the buyer's
    budget = (
        "rep: What have you set aside for this?",
        "buyer: About three grand for the year.",
        "rep: The team plan is four thousand two hundred a year.",
        "buyer: That's more than we'd allowed.",
    )
    said_back = call(*budget, "rep: What did the three grand need to cover, just the rota?")
    assert concessions(vocabulary, said_back) == []
    # a figure of the rep's own below the price is still a move down
    lowered = call(*budget, "rep: I could do three thousand eight hundred if you sign this month.")
    assert concessions(vocabulary, lowered) == [(4, "lower_price")]


def test_the_figure_an_objection_names_is_the_ask(vocabulary):
    """No price said before in the call: the figure the buyer objects to, in the words of an
    objection, is the rep's price."""
    transcript = call(
        "buyer: to be straight with you, thirty grand is well past what we'd planned for",
        "rep: okay, I could probably do twenty eight",
    )
    objection = UtteranceFeatures(
        acts={"price_pushback": 0.85}, act_sources={"price_pushback": "pattern:price_pushback/objects-to-price"}
    )
    features = [objection, UtteranceFeatures(acts={})]
    assert [
        (m.utterance, m.kind) for m in trajectory(transcript, vocabulary, None, features) if m.move == "concession"
    ] == [(1, "lower_price")]


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("rep: Tell you what, I'll knock the setup off.", [(2, "terms")]),
        ("rep: I can knock the travel charge off for you.", [(2, "terms")]),
        ("rep: I can't knock anything off, the setup is what it costs us.", []),
    ],
)
def test_a_part_of_the_price_knocked_off_is_a_concession(vocabulary, reply, expected):
    transcript = call("rep: it's nine thousand, plus fifteen hundred setup", "buyer: that's steep for us", reply)
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a yes to the buyer's question, whatever the reply says after its first sentence
        (
            ("buyer: is the licence fee negotiable?", "rep: It is. We'd love to have you, no pressure either way."),
            [(1, "flexibility")],
        ),
        (
            (
                "buyer: is there any room for negotiation on the quote?",
                "rep: I can work with you. What did you have in mind?",
            ),
            [(1, "flexibility")],
        ),
        (
            ("buyer: could you go lower on that?", "rep: what number are you after? I may be able to cut you a deal"),
            [(1, "flexibility")],
        ),
        (
            ("rep: the plan is 9,000 a year", "buyer: noted", "rep: we can negotiate on price, what would you offer?"),
            [(2, "flexibility")],
        ),
    ],
)
def test_the_price_opened_in_the_reps_own_words(vocabulary, lines, expected):
    assert concessions(vocabulary, call(*lines)) == expected


def test_a_no_to_the_question_of_room_opens_nothing(vocabulary):
    assert concessions(vocabulary, call("buyer: is there room for negotiation?", "rep: No, the price is firm.")) == []


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            (
                "rep: it's 12,000 a year",
                "buyer: could you do 10,000 if we sign for two years?",
                "rep: Absolutely, that sounds very reasonable.",
            ),
            [(2, "accept_buyer_price")],
        ),
        # the rep's own price recalled, then the buyer's taken
        (
            (
                "rep: the price is 4,000",
                "buyer: would you take 3,500?",
                "rep: I was hoping for 4,000 but I'll accept your offer",
            ),
            [(2, "accept_buyer_price")],
        ),
        # the buyer's number named right after the rep's ask
        (("buyer: would you take 3,500?", "rep: the price is 4,000", "rep: 3,500 then."), [(2, "accept_buyer_price")]),
        # the number the rep gives in at after a refusal
        (
            (
                "rep: the price is 5,000",
                "buyer: would you take 4,000?",
                "rep: I can't go any lower than 5,000. But since you're taking the training too, I'll let it go for 4,000",
            ),
            [(2, "accept_buyer_price")],
        ),
    ],
)
def test_the_buyers_number_taken(vocabulary, lines, expected):
    assert concessions(vocabulary, call(*lines)) == expected


def test_the_buyers_number_refused_in_the_words_of_a_move_is_not_taken(vocabulary):
    lines = ("rep: the price is 5,000", "buyer: would you take 4,000?", "rep: I can't let it go for 4,000, sorry")
    assert concessions(vocabulary, call(*lines)) == []


@pytest.mark.parametrize(
    "lines",
    [
        ("buyer: would you take 3,100?", "rep: I think 3,100 is rather low. Can you come up?"),
        ("rep: it's 4,800", "buyer: we have about 3,000", "rep: 3,200 is well below the list price, I'm sorry"),
        # the buyer's number asked back
        ("rep: it's 30 a seat", "buyer: would you do 25 a seat?", "rep: 25 a seat?"),
    ],
)
def test_a_number_judged_or_asked_back_is_no_move(vocabulary, lines):
    assert concessions(vocabulary, call(*lines)) == []


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a price that "seems" fair is no count of things
        (
            ("rep: the price is 650", "buyer: I could pay 500", "rep: that's very low, 600 seems fair"),
            [(2, "lower_price")],
        ),
        # a bare number in reply to the buyer's offer
        (
            ("rep: the price is 2,400", "buyer: we'd pay 1,800", "rep: 2,200 if you sign this week"),
            [(2, "lower_price")],
        ),
    ],
)
def test_a_bare_number_answering_the_buyers_offer_is_a_price(vocabulary, lines, expected):
    assert concessions(vocabulary, call(*lines)) == expected


def test_some_consideration_given_to_price_opens_it(vocabulary):
    lines = ("buyer: it seems high for the area", "rep: we might give some consideration to price, but it's in line")
    assert concessions(vocabulary, call(*lines)) == [(1, "flexibility")]


def test_a_yes_taken_back_by_a_refusal_opens_nothing(vocabulary):
    lines = ("buyer: is the price negotiable?", "rep: Sure, I hear you. Sorry, but the price is firm.")
    assert concessions(vocabulary, call(*lines)) == []


@pytest.mark.parametrize(
    "lines",
    [
        (
            "rep: the list is 50 a seat",
            "buyer: we were thinking 40",
            "rep: 45 is a low price for this, and I can do it",
        ),
        (
            "rep: the plan is 10,000 a year",
            "buyer: that's more than we pay now",
            "rep: 9,000 is below our usual rate, for you",
        ),
        ("rep: the price is 6,000", "buyer: can you do better?", "rep: 5,200 is as low as I can go"),
    ],
)
def test_a_price_put_as_low_or_below_the_usual_is_still_put_up(vocabulary, lines):
    assert concessions(vocabulary, call(*lines)) == [(2, "lower_price")]


def test_the_buyers_problem_cost_said_back_by_the_rep_is_no_price(vocabulary):
    """The rep names what the problem cost the buyer; the first price named after it is the ask."""
    transcript = call(
        "buyer: we mixed up two orders in june and lost about six hundred dollars on them",
        "rep: the difference for you is the stock check, that's the slip that cost you the six hundred",
        "buyer: ok and what does it cost",
        "rep: it's four hundred and fifty a month",
    )
    assert concessions(vocabulary, transcript) == []
    # a ceiling told in a turn about what the buyer pays now, taken by the rep, stays a concession
    ceiling = call(
        "rep: for three sites it's nine hundred a month",
        "buyer: we pay about four hundred now, and I'd set seven-fifty as my ceiling",
        "rep: okay, seven-fifty works if we sign this month",
    )
    assert concessions(vocabulary, ceiling) == [(2, "lower_price")]


def test_what_the_buyer_paid_for_the_problem_said_back_against_the_price_is_no_lower_price(vocabulary):
    """What the buyer paid or spent on the problem, said back by the rep to hold the price, is no price."""
    transcript = call(
        "buyer: the boiler went twice last winter and we paid about four thousand in call-out charges",
        "rep: the contract is six thousand a year for the whole building",
        "buyer: I was hoping for something nearer five",
        "rep: I hear you. Four thousand in call-outs in one winter, and that's before the tenants' complaints",
    )
    assert concessions(vocabulary, transcript) == []


def test_a_price_the_buyer_types_into_the_product_is_no_counter(vocabulary):
    transcript = call(
        "rep: so hit new product and we'll set up your gift hamper together",
        "buyer: ok, name gift hamper, price twenty four ninety nine",
        "rep: perfect. and the whole thing is sixty nine a month for a shop your size",
    )
    assert [m.move for m in trajectory(transcript, vocabulary)] == ["ask"]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # the order of money said in full in the same turn
        (
            (
                "rep: did the renewal come through ok?",
                "buyer: it did. it reads six-four a year, and we'd want it under six grand",
                "rep: I could do six-one for you",
            ),
            [(1, "counter", 6000.0), (2, "concession", 6100.0)],
        ),
        # or said earlier in the call, as a budget
        (
            (
                "rep: what have you set aside for the scheduling side?",
                "buyer: about twenty thousand for the year",
                "rep: thanks, that helps",
                "buyer: so the quote was twenty-four and a half, which is more than we budgeted",
                "rep: I could probably do twenty-two five",
            ),
            [(4, "concession", 22500.0)],
        ),
    ],
)
def test_a_price_said_short_before_any_price_is_read_against_the_money_said(vocabulary, lines, expected):
    """No price on the table yet: "six-four" with "six grand" in the same turn is 6,400, and
    "twenty-four and a half" after a budget of twenty thousand is 24,500."""
    moves = trajectory(call(*lines), vocabulary)
    assert [(m.utterance, m.move, m.amount) for m in moves if m.move in ("counter", "concession")] == expected


def test_the_buyers_number_asked_about_is_not_taken(vocabulary):
    transcript = call(
        "rep: the renewal is fifty-two thousand for the year",
        "buyer: we need it at forty-five",
        "rep: I hear you. What makes forty-five the number for you this year?",
    )
    assert concessions(vocabulary, transcript) == []
    # taken in a question that accepts it, it is a concession still
    taken = call(
        "rep: the renewal is fifty-two thousand for the year",
        "buyer: we need it at forty-five",
        "rep: forty-five works for me, shall I send the paperwork?",
    )
    assert concessions(vocabulary, taken) == [(2, "accept_buyer_price")]


def test_the_standing_price_said_round_is_no_move(vocabulary):
    transcript = call(
        "rep: the renewal comes to 52,300 for the year",
        "buyer: that's more than we budgeted",
        "rep: right, and at fifty-two thousand for the year that covers all four depots",
    )
    assert concessions(vocabulary, transcript) == []
    # a round figure further from the price is a move
    lower = call("rep: the plan is 1,450 a month", "buyer: that's steep", "rep: ok, 1,400 a month then")
    assert concessions(vocabulary, lower) == [(2, "lower_price")]


def test_a_count_the_buyer_gave_said_back_is_no_price(vocabulary):
    transcript = call(
        "rep: what does the paperwork look like today?",
        "buyer: it would save us a lot, we re-key about four hundred delivery notes a month",
        "rep: four hundred a month, right, okay",
    )
    assert trajectory(transcript, vocabulary) == []


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("rep: and since you'd be switching mid-month, I'll take the first month off.", [(2, "terms")]),
        ("rep: we can knock two months off if you sign this week.", [(2, "terms")]),
        ("rep: I can't take a month off, the price is the price.", []),
        # the part of the service the period is of, between the period and "off"
        ("rep: to help it along I can take two months of the hosting off.", [(2, "terms")]),
        ("rep: I can't take two months of the hosting off, sorry.", []),
    ],
)
def test_a_period_taken_off_is_a_concession(vocabulary, reply, expected):
    transcript = call("rep: it's two hundred and ten a month for both rooms", "buyer: right", reply)
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("rep: fair enough, look, I can drop the install fee so it's just the monthly.", [(2, "terms")]),
        ("rep: we'll scrap the onboarding charge if you sign by Friday.", [(2, "terms")]),
        ("rep: I can't drop the install fee, it's two engineers for a day.", []),
        ("rep: you can drop the invoice into the fee folder once it's paid.", []),
        # dropped to nothing, the fee named before the offer
        ("rep: the fitting, right, I'll drop that to nothing.", [(2, "terms")]),
        ("rep: ok the install fee ill drop it to zero if you sign this week", [(2, "terms")]),
        ("rep: We'll scrap the fitting down to nothing for you.", [(2, "terms")]),
        ("rep: I can't drop the install to nothing, it's two engineers for a day.", []),
        ("rep: it drops your paperwork to nothing once the scanner's in.", []),
    ],
)
def test_a_fee_the_rep_drops_is_a_concession(vocabulary, reply, expected):
    transcript = call("rep: it's ninety a month plus a three hundred install fee", "buyer: hmm, right", reply)
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("rep: ok, let me take the install fee off, so it's just the monthly.", [(2, "terms")]),
        ("rep: there's normally a setup charge for the van kit. I'll take that off.", [(2, "terms")]),
        ("rep: I can't take the install fee off, it's two engineers for a day.", []),
        ("rep: the install fee is for the engineers. they take it off the truck and fit it.", []),
        # the installation called the fitting
        ("rep: tell you what, I'll take the fitting off, so it's just the monthly.", [(2, "terms")]),
        ("rep: the fitting is what it is, I can't take it off.", []),
        ("rep: we take the old fittings off the wall as part of it.", []),
    ],
)
def test_a_fee_taken_off_is_a_concession(vocabulary, reply, expected):
    transcript = call("rep: it's ninety a month plus a three hundred install fee", "buyer: hmm, right", reply)
    assert concessions(vocabulary, transcript) == expected


def test_a_price_after_a_colon_is_a_price_and_a_time_with_one_is_not(vocabulary):
    """A price after a colon ("the quote: 4,200") names it; "10:30" and "3/4" are a time and a date."""
    transcript = call(
        "rep: so this is the quote: three thousand six hundred for the year.",
        "buyer: hm.",
        "rep: I can do three thousand four hundred for the year.",
    )
    assert concessions(vocabulary, transcript) == [(2, "lower_price")]
    timed = call("rep: It's 1,200 a year.", "buyer: Let's talk on the 3/4 at 10:30.")
    assert [m.move for m in trajectory(timed, vocabulary)] == ["ask"]


def test_a_price_in_the_words_of_a_move_against_an_objection_is_a_move_down(vocabulary):
    """No price heard in figures: against the buyer's objection to the quote, the number the rep
    names in the words of a move goes down from it; one named in another sentence does not."""
    objection = UtteranceFeatures(
        acts={"price_pushback": 0.85}, act_sources={"price_pushback": "pattern:price_pushback/objects-to-price"}
    )
    buyer = "buyer: honestly, the renewal is a bit much for a crew our size"
    moved = call(buyer, "rep: ok, look, I could do nine and a half on the same plan")
    features = [objection, UtteranceFeatures(acts={})]
    moves = trajectory(moved, vocabulary, None, features)
    assert [(m.utterance, m.kind) for m in moves if m.move == "concession"] == [(1, "lower_price")]
    held = call(buyer, "rep: I think it's the right number for you. 9,500 covers all four crews and the office.")
    moves = trajectory(held, vocabulary, None, features)
    assert [m for m in moves if m.move == "concession"] == []


def test_a_number_of_things_asked_as_one_or_all_is_no_price(vocabulary):
    """Among small prices, "just 1 or all of them" counts the things for sale."""
    transcript = call("buyer: are the phone cases still for sale?", "rep: I do, did you want just 1 or all of them?")
    assert concessions(vocabulary, transcript, list_price=2.0) == []


def test_a_figure_in_the_reps_question_about_the_budget_is_no_ask(vocabulary):
    # the buyer's budget recalled in a question is theirs: the price named after it is the first ask
    transcript = call(
        "rep: And you mentioned the budget for all of this sits with you and Sam, somewhere around three hundred a month?",
        "buyer: Yes, three hundred, maybe a bit more.",
        "rep: The plan for your two sites is two hundred and sixty a month.",
    )
    assert [(m.utterance, m.move, m.amount) for m in trajectory(transcript, vocabulary)] == [(2, "ask", 260.0)]
    # the rep's own price said in a question is still put up
    asked = call("rep: it's three hundred a month, does that fit?", "buyer: bit steep", "rep: I could do 260")
    assert concessions(vocabulary, asked) == [(2, "lower_price")]


def test_named_months_given_free_are_a_concession(vocabulary):
    transcript = call(
        "rep: the plan is a hundred and forty a month",
        "buyer: we don't open till spring",
        "rep: then I'll make March and April free, so you start paying when you open",
    )
    assert concessions(vocabulary, transcript) == [(2, "terms")]
    shut = call("rep: the plan is a hundred and forty a month", "buyer: ok", "rep: support is free in March too")
    assert concessions(vocabulary, shut) == []


def test_the_price_the_buyer_reads_off_the_proposal_is_the_ask(vocabulary):
    # no word of price but the proposal naming the figure: the rep taking the buyer's number moves down
    transcript = call(
        "buyer: The proposal says forty-two thousand a year for the six depots. We had nearer thirty-five in mind.",
        "rep: I think I can make thirty-five work if we sign this quarter.",
    )
    # the buyer's "nearer thirty-five" is 35,000 beside the proposal's figure: the rep takes it
    assert concessions(vocabulary, transcript) == [(1, "accept_buyer_price")]


def test_the_reps_first_price_said_short_is_read_against_the_money_said_before(vocabulary):
    transcript = call(
        "buyer: We've set aside about twenty thousand for new systems this year.",
        "rep: So the whole thing, at fourteen-six a year for all the vans, is under that.",
        "buyer: It is, but I've a roof to fix too.",
        "rep: If you sign before the spring, I'll do it at thirteen thousand flat.",
    )
    moves = [(m.utterance, m.move, m.amount) for m in trajectory(transcript, vocabulary)]
    assert moves == [(1, "ask", 14600.0), (3, "concession", 13000.0)]


def test_a_number_word_in_the_plural_is_no_figure(vocabulary):
    """ "size fives", "hundreds of calls" name things or say many: no figure, so no ask."""
    assert normalise("we ran out of size fives") == "we ran out of size fives"
    assert normalise("hundreds of calls, and one forty a month") == "hundreds of calls, and 140 a month"
    transcript = call(
        "buyer: the owner's given me about two grand to sort it out",
        "rep: and you can stop selling fives online once there's only three left",
        "buyer: that would have saved us, we turned away thirty kids at about six quid each",
    )
    assert trajectory(transcript, vocabulary) == []


def test_a_bare_number_put_in_the_words_of_a_move_is_a_price(vocabulary):
    transcript = call(
        "buyer: it's two forty a month for a site that's shut all winter",
        "rep: ok look i could bring it down to two ten if we get it signed this month",
    )
    assert concessions(vocabulary, transcript) == [(1, "lower_price")]
    offered = call(
        "rep: the plan is three fifty a month",
        "buyer: we were thinking something more like three hundred",
        "rep: ok i think i can make three hundred work",
    )
    assert [(m.utterance, m.move, m.amount) for m in trajectory(offered, vocabulary)][:2] == [
        (0, "ask", 350.0),
        (1, "counter", 300.0),
    ]
    # a move recounted, not made: "your note says ... should come down to forty-two"
    recounted = call(
        "rep: your note says the forty-eight thousand for the kiln should come down to forty-two",
        "buyer: yes, forty-two or close to it",
    )
    assert concessions(vocabulary, recounted) == []


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            (
                "buyer: The quote is seven hundred and twenty a month for both kitchens. We'd pictured nearer five hundred.",
                "rep: I could do five hundred if you sign for two years.",
            ),
            [(0, "counter", 500.0), (1, "concession", 500.0)],
        ),
        (
            (
                "buyer: Your proposal says thirty-eight thousand for the year. We'd want to see it nearer twenty-nine.",
                "rep: I understand. The thirty-eight covers the sensors and the install.",
            ),
            [(0, "counter", 29000.0)],
        ),
    ],
)
def test_a_bare_figure_is_read_against_the_price_said_in_full_in_its_turn(vocabulary, lines, expected):
    """No price on the table yet: the buyer reads the price in full and names their own figure bare
    in the same turn ("nearer five hundred", "nearer twenty-nine" for 29,000): that figure is of the
    order of the price beside it, a counter below it."""
    moves = trajectory(call(*lines), vocabulary)
    assert [(m.utterance, m.move, m.amount) for m in moves if m.move in ("counter", "concession")] == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (("rep: morning. Make me an offer, I'd like it gone by the weekend.", "buyer: ok"), [(0, "flexibility")]),
        (("buyer: what year is the van?", "rep: 2019. Do you have an offer in mind?"), [(1, "flexibility")]),
        (
            ("buyer: I could go to 400", "rep: I'll have to see if she'll lower it, she wanted 600"),
            [(1, "flexibility")],
        ),
        (("rep: the kit is 600", "buyer: what's included?", "rep: the case and two straps"), []),
    ],
)
def test_an_invitation_to_make_an_offer_opens_the_price(vocabulary, lines, expected):
    assert concessions(vocabulary, call(*lines)) == expected


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("ok seven hundred seven hundred works for us", "ok 700 works for us"),
        ("um one twenty one twenty a head", "um 120 a head"),
        # one word said twice is two figures, or a year: left as it is
        ("back in twenty twenty", "back in 20 20"),
        # a half said before the thousands is a half of them; a half of something else is left as it is
        ("the annual plan is three and a half thousand", "the annual plan is 3500"),
        ("we'd pencilled in twelve and a half thousand a year", "we'd pencilled in 12500 a year"),
        ("call it two and a half grand", "call it 2.5 grand"),
        ("it pays back in two and a half years", "it pays back in two and a half years"),
        # the hundreds said short after the thousands join them
        ("it comes to three thousand one twenty five", "it comes to 3125"),
        ("so two thousand four eighty for the year", "so 2480 for the year"),
        # two figures of one scale joined by "and" are two; of two scales, or the tens after the hundreds, one
        ("the mats at three hundred and the poles at five hundred", "the mats at 300 and the poles at 500"),
        ("the two add-ons at four hundred and seven hundred", "the two add-ons at 400 and 700"),
        ("priced at two thousand and three thousand a year", "priced at 2000 and 3000 a year"),
        ("it came to six hundred and nine thousand", "it came to 609000"),
        ("call it two thousand and five hundred", "call it 2500"),
        ("a hundred and ninety a month", "a 190 a month"),
    ],
)
def test_a_figure_is_said_once_and_whole(text, said):
    assert normalise(text) == said


def test_the_buyers_number_said_twice_over_and_taken_is_a_concession(vocabulary):
    transcript = call(
        "rep: for the two kitchens its eight hundred and fifty a month",
        "buyer: we were thinking more like seven hundred to be honest",
        "rep: right um seven hundred seven hundred works if you can sign this week",
    )
    assert concessions(vocabulary, transcript) == [(2, "accept_buyer_price")]


@pytest.mark.parametrize(("period", "moved"), [("for the year", True), ("", False)])
def test_a_price_in_thousands_said_short_by_the_period_is_in_thousands(vocabulary, period, moved):
    """With no price said before, "fourteen three for the year" read off the quote is 14,300; the rep's
    "thirteen five" after the buyer's objection is a move down. Without its period, "fourteen three" may
    be two counts, and the move has nothing to go down from."""
    transcript = call(
        "rep: did the quote reach you all right?",
        f"buyer: it did, fourteen three {period}".strip(),
        "buyer: and honestly that's more than the van insurance",
        "rep: I hear you. What I could do is thirteen five if we sign this month",
    )
    assert bool(concessions(vocabulary, transcript)) == moved


def test_a_rate_of_pay_is_no_price(vocabulary):
    """The buyer's hourly rate, given for the rep's sums, is no counter to the monthly price."""
    transcript = call(
        "rep: for your two sites it's two hundred a month",
        "rep: and what does an hour of your time cost the business",
        "buyer: about forty an hour I'd say",
    )
    assert [m.move for m in trajectory(transcript, vocabulary)] == ["ask"]
    assert [m.amount for m in mentions(normalise("we'd pay forty an hour for that"), vocabulary)] == []


def test_the_buyers_count_after_we_are_at_is_no_price_said_back(vocabulary):
    transcript = call(
        "rep: and how many pallets a week go out?",
        "buyer: we're at three hundred and ten, give or take.",
        "buyer: and a late one is about two hundred dollars less a load",
    )
    assert [m.move for m in trajectory(transcript, vocabulary)] == []
    # the seller's "we're at" names the price
    quoted = call("rep: for the full team we're at nine hundred a month", "buyer: could you do seven hundred?")
    assert [m.move for m in trajectory(quoted, vocabulary)] == ["ask", "counter"]


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # the standing price kept, a lock on it given: no lower number
        ("rep: I hear you. What I can do is hold it at two six for three years.", []),
        # a number under the standing price is still a move down
        ("rep: I hear you. What I can do is two five if we sign this month.", [(4, "lower_price")]),
    ],
)
def test_what_a_sum_works_out_is_no_price(vocabulary, reply, expected):
    """The rep's sum on the buyer's problem comes out a little over the price ("a hundred and ten at
    twenty five is two thousand seven hundred"): the figure it works out is no new price, and a later
    move is measured from the price itself."""
    transcript = call(
        "rep: the licence is two thousand six hundred a year for the three vans",
        "buyer: ok. and we lose about a hundred and ten jobs a year to missed bookings, at twenty five each",
        "rep: so a hundred and ten at twenty five is two thousand seven hundred, about the licence, every year",
        "buyer: even so it's still two six and I'd hoped for two",
        reply,
    )
    assert concessions(vocabulary, transcript) == expected


def test_a_price_worked_out_from_a_price_is_a_price(vocabulary):
    """ "ninety a seat, so four seats is three sixty": the sum starts from a price, and comes to one."""
    transcript = call("rep: it's ninety a seat a month, so four seats is three sixty a month")
    assert [(m.move, m.amount) for m in trajectory(transcript, vocabulary)] == [("ask", 360.0)]


def test_a_count_the_rep_asked_for_is_no_offer(vocabulary):
    """ "How many kennels do you run?" - "about sixteen hundred": the answer counts, it offers nothing,
    and the rep's sum on it that says it back puts up no price."""
    transcript = call(
        "rep: the plan is two thousand four hundred a year",
        "rep: and how many bookings go through in a year?",
        "buyer: about sixteen hundred",
        "rep: so sixteen hundred bookings with no phone call behind them",
    )
    assert [(m.utterance, m.move) for m in trajectory(transcript, vocabulary)] == [(0, "ask")]
    offered = call("rep: the plan is two thousand four hundred a year", "buyer: would you take sixteen hundred?")
    assert [(m.utterance, m.move) for m in trajectory(offered, vocabulary)] == [(0, "ask"), (1, "counter")]


@pytest.mark.parametrize(
    "question",
    ["rep: and how much time does that take you, roughly?", "rep: how long does the chasing take you each week"],
)
def test_the_counts_told_when_asked_how_much_time_a_task_takes_are_no_offer(vocabulary, question):
    """Asked how much time a task takes, the buyer counts what makes it up ("about thirty clients"):
    no figure is offered, and the price said after them is no move down from one."""
    transcript = call(
        question,
        "buyer: well i have about forty regular customers and each one rings me twice a month, ten minutes a go",
        "rep: so the plan was seventy a month for you, with the portal in it",
    )
    assert [(m.utterance, m.move) for m in trajectory(transcript, vocabulary)] == [(2, "ask")]
    offered = call("rep: the plan is seventy a month", "buyer: how about thirty a month?")
    assert [(m.utterance, m.move) for m in trajectory(offered, vocabulary)] == [(0, "ask"), (1, "counter")]


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # the price split into payments: the same total, no move
        ("rep: I could spread it into four payments over the year, the total stays the same", []),
        ("rep: we can split it into monthly payments if that helps, same total", []),
        ("rep: what I can do is split it over two invoices, but the number stays put", []),
        # a cost shared out along something: no move
        ("rep: the tool can split it per crate, so each crate carries its own share", []),
        ("rep: and you choose whether it splits freight by weight or split it by value", []),
        # a place halfway along, in what the price pays for, moves nothing
        ("rep: that covers the camera we fitted at the halfway mark of the flume", []),
        ("rep: we're half way through building the reports module, and that's the rise", []),
        # the difference split stays a move
        ("rep: tell you what, I'll split it with you, call it five thousand", [(2, "split_difference")]),
        ("rep: let's meet in the middle at five thousand", [(2, "split_difference")]),
        ("rep: okay, halfway then, five thousand this year", [(2, "split_difference")]),
        ("rep: I'll meet you half way there, five thousand", [(2, "split_difference")]),
    ],
)
def test_the_price_split_into_payments_is_no_concession(vocabulary, reply, expected):
    transcript = call("rep: the renewal is five and a half thousand a year", "buyer: that's more than we had", reply)
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # what the price includes, read out, is no gift
        ("rep: it's six thousand a year for the three sites, setup included, paid annually", []),
        ("rep: so that's sixty a month per kiosk, onboarding included", []),
        ("rep: the quote on your screen is four thousand two hundred a year, onboarding included", []),
        # the offer in another sentence is about something else
        ("rep: it's two hundred a month, all users included. We can invoice quarterly if that suits.", []),
        # on a condition or in the rep's offer it is given
        ("rep: if you sign before the end of the month, setup included", [(1, "terms")]),
        ("rep: I can do it with the training included, no extra", [(1, "terms")]),
    ],
)
def test_a_thing_included_gives_it_only_when_offered(vocabulary, reply, expected):
    transcript = call("buyer: what does it come to?", reply)
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("rep: go on, I'll do the second scanner free", [(2, "terms")]),
        ("rep: we could throw the extra van on the plan at no charge", [(2, "terms")]),
        ("rep: okay, I can give you another kiosk for nothing if you sign this week", [(2, "terms")]),
        # one more said free with no offer, or free of something else within the clause, gives nothing
        ("rep: the second scanner is free to add on the app, it just pairs", []),
        ("rep: I'll show you the second scanner, then the app, which is free", []),
    ],
)
def test_one_more_of_what_the_price_counts_given_free(vocabulary, reply, expected):
    transcript = call("rep: it's eighty a month per scanner, so one sixty for two", "buyer: that's a lot for us", reply)
    assert concessions(vocabulary, transcript) == expected


def test_a_move_said_in_the_asks_unit_and_its_year_compares_in_the_asks_unit(vocabulary):
    """ "nine hundred a month, so ten thousand eight hundred a year" after "a thousand a month": the
    monthly price moved down; the year it works out to is the same move said again."""
    transcript = call(
        "rep: the plan is a thousand a month",
        "buyer: the other firm quoted eight fifty a month",
        "rep: I'll come to nine hundred a month, so ten thousand eight hundred a year, if we sign this month",
    )
    assert concessions(vocabulary, transcript) == [(2, "lower_price")]
    # the same monthly price said with its year is no move
    again = call(
        "rep: the plan is a thousand a month",
        "buyer: ok",
        "rep: right, a thousand a month, so twelve thousand a year",
    )
    assert concessions(vocabulary, again) == []


def test_a_year_said_after_in_stays_a_year_beside_a_price_of_its_order(vocabulary):
    """ "the same two thousand a year in 2028": the year is no price, though it is of the price's order."""
    transcript = call(
        "rep: it comes to two thousand four hundred a year",
        "buyer: we'd set aside two thousand",
        "rep: I understand. And I can lock that price for three years, so it's the same number in 2028.",
    )
    assert concessions(vocabulary, transcript) == []
    # a price of the same order said down from the ask stays one
    moved = call(
        "rep: it comes to two thousand four hundred a year",
        "buyer: we'd set aside two thousand",
        "rep: I can bring it down from 2400 to 2050 if you sign this month",
    )
    assert concessions(vocabulary, moved) == [(2, "lower_price")]


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("rep: Fair enough, I'll keep you on last year's twelve hundred.", [(2, "kept_rate")]),
        ("rep: we can hold you at your current 1,250 for another year", [(2, "kept_rate")]),
        # the earlier rate refused, or a figure held with no earlier rate named
        ("rep: I'm sorry, we can't keep you on last year's twelve hundred.", []),
        ("rep: I'll keep the fourteen hundred as it is, that's the renewal", []),
    ],
)
def test_the_earlier_rate_kept_said_as_its_figure(vocabulary, reply, expected):
    transcript = call(
        "rep: the renewal is fourteen hundred, up from twelve hundred last year",
        "buyer: two hundred more for the same thing? I don't see why",
        reply,
    )
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # the price locked, a rise put off to a later renewal: nothing given off it
        ("rep: If you sign for two years I'll lock it, no increase at the next renewal.", []),
        ("rep: we can fix it for three years if you commit now, so no uplift in year two", []),
        # the rise this time given up on a condition is a concession
        ("rep: no increase this year if you renew by Friday", [(2, "terms")]),
    ],
)
def test_a_rise_put_off_to_a_later_renewal_is_a_lock_not_a_concession(vocabulary, reply, expected):
    transcript = call("rep: the renewal is 9,800, up from 8,900", "buyer: that's a big jump for us", reply)
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # the buyer's number asked about, said unpunctuated as raw ASR: nothing taken
        ("rep: ok can i ask does the one forty include the van app or is that extra", []),
        ("rep: right and is the one forty with the setup or without", []),
        # the buyer's number taken, unpunctuated
        ("rep: ok one forty works for me", [(2, "accept_buyer_price")]),
    ],
)
def test_the_buyers_number_asked_about_unpunctuated_is_not_taken(vocabulary, reply, expected):
    transcript = call("rep: its one ninety a month for the two vans", "buyer: van desk quoted me one forty", reply)
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # the buyer reads the quote sent before, said short by the period; the rep's lower number moves
        (
            (
                "buyer: So, your proposal. Thirteen forty a year is going to be hard to sell to the board.",
                "rep: I could do twelve hundred.",
            ),
            [(1, "lower_price")],
        ),
        (
            ("buyer: So your quote. Nineteen sixty a month. Hm.", "rep: I can go to eighteen hundred."),
            [(1, "lower_price")],
        ),
    ],
)
def test_a_price_said_short_by_the_period_is_a_price_with_none_said_before(vocabulary, lines, expected):
    assert concessions(vocabulary, call(*lines)) == expected


@pytest.mark.parametrize(
    "line",
    [
        "rep: I'll drop by on Saturday at half eleven with the scanner.",
        "rep: Great, I'll give you a ring Thursday about nine.",
        "rep: I'll be there quarter to ten.",
    ],
)
def test_a_small_number_said_as_a_time_of_day_is_no_price(vocabulary, line):
    transcript = call("rep: The plan is 14,000 a year.", "buyer: That's more than I hoped.", line)
    assert concessions(vocabulary, transcript) == []


def test_a_number_that_says_which_one_is_no_price(vocabulary):
    transcript = call(
        "rep: The plan is 14,000 a year.",
        "buyer: And if Priya holds stall nine for a trader, nobody else gets it?",
    )
    assert [m.move for m in trajectory(transcript, vocabulary)] == ["ask"]


@pytest.mark.parametrize(
    ("offer", "given"),
    [
        ("rep: Alright, I'll take the onboarding off, so it's just the licence.", True),
        ("rep: Look, I can take the installation off if you sign this month.", True),
        ("rep: I can't take the setup off, I'm afraid.", False),
        ("rep: The engineers will take the installation off the van on Monday.", False),
    ],
)
def test_a_part_of_the_price_billed_on_its_own_taken_off_is_given(vocabulary, offer, given):
    transcript = call(
        "rep: It's 3,200 a year and 500 for the onboarding.", "buyer: That's more than we budgeted.", offer
    )
    assert concessions(vocabulary, transcript) == ([(2, "terms")] if given else [])


@pytest.mark.parametrize(
    ("rise", "conceded"),
    [
        # the rise read out by the buyer, from the old figure to the new: the new one is the price
        ("buyer: The renewal letter says it's gone up from 640 to 720 for the year.", True),
        ("buyer: Last year we paid 640 a year. The new invoice says 720.", True),
        # a count that grew, or a jump far past the old figure, is no price rise
        ("buyer: Our members went from 640 to 720 members a year, so we need the bigger plan.", False),
        ("buyer: The letter says it went from 64 to 720 for the year.", False),
        # the thing put between the time and the old figure, or the new figure said first, up from the old
        ("buyer: Last year the pitch was six forty. This year it's seven twenty, can we talk about the price?", True),
        ("buyer: So the renewal's at seven twenty a year now, up from six forty.", True),
        # a count said the same ways is no price rise
        ("buyer: Last year the club had 640 members. This year it's 720 members, so the price matters.", False),
        ("buyer: We're at 720 members on the renewal now, up from 640 members.", False),
    ],
)
def test_the_old_rate_of_a_rise_read_out_given_back_is_a_concession(vocabulary, rise, conceded):
    offer = "rep: If you renew this month I can do six forty for the year."
    moves = trajectory(call("rep: Thanks for calling back about the renewal.", rise, offer), vocabulary)
    assert (moves[-1].move, moves[-1].amount) == ("concession" if conceded else "ask", 640.0)


def test_a_year_said_as_one_stays_a_year_when_said_again(vocabulary):
    held = (
        "rep: It's 2,400 a year for the whole club.",
        "buyer: The other lot came in at 2,000.",
        "rep: I won't move on 2,400, but I can fix it at that until 2028.",
    )
    again = call(*held, "buyer: Fine.", "rep: I'll send it over with the price fixed to 2028.")
    assert concessions(vocabulary, again) == []
    # a figure of that order never said as a year is a price
    lowered = call(*held, "buyer: Fine.", "rep: Alright, I'll send it over with the price brought down to 2,100.")
    assert concessions(vocabulary, lowered) == [(4, "lower_price")]


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (
            "rep: you get what you pay for but look, I could probably do twenty-two hundred if that helps",
            [(2, "lower_price")],
        ),
        ("rep: Fair. We can maybe go to twenty-one fifty if you pay upfront.", [(2, "lower_price")]),
        # a price held, hedged or not
        ("rep: you get what you pay for, and it'll probably save you three thousand a year", []),
        ("rep: I could probably do the install on Tuesday, the price stays at twenty-four hundred", []),
    ],
)
def test_a_move_hedged_with_probably_or_maybe_is_still_a_move(vocabulary, reply, expected):
    transcript = call(
        "rep: the annual plan is twenty-four hundred",
        "buyer: that's a lot more than we pay now",
        reply,
    )
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("it's three hundred and forty pounds a month for both rooms", [340.0]),
        ("the cards are twelve pounds each", [12.0]),
        ("that's 90 pounds per seat", [90.0]),
        # pounds with no period after them weigh things
        ("the frame's about 40 pounds so it ships on a pallet", []),
        ("it can take 300 pounds of flour a day", []),
    ],
)
def test_pounds_with_a_period_after_them_are_money(vocabulary, text, amounts):
    assert [m.amount for m in mentions(normalise(text), vocabulary) if not m.percent] == amounts


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("its sixty nine six nine a month", "its 69 a month"),
        ("forty five, four five a seat", "45 a seat"),
        # digits that spell another figure stay
        ("its sixty nine six eight a month", "its 69 6 8 a month"),
        ("one two three four", "1 2 3 4"),
    ],
)
def test_a_figure_said_again_digit_by_digit_is_said_once(text, said):
    assert normalise(text) == said


def test_the_price_said_again_digit_by_digit_on_a_bad_line_is_no_move(vocabulary):
    transcript = call(
        "rep: its sixty nine a month",
        "buyer: sorry sixteen nine",
        "rep: sixty nine six nine a month",
    )
    assert concessions(vocabulary, transcript) == []


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("rep: I understand. But it's the same rise for everyone. I can't move it back to twelve hundred.", []),
        ("rep: I'm afraid we won't take it back to twelve hundred.", []),
        # a refusal in one clause, a move in another
        ("rep: I can't do twelve hundred, I can do thirteen twenty though.", [(2, "lower_price")]),
        ("rep: No, sorry, but I could go to thirteen hundred.", [(2, "lower_price")]),
    ],
)
def test_a_lower_figure_said_in_the_negative_in_its_clause_is_no_move(vocabulary, reply, expected):
    transcript = call(
        "rep: the price is thirteen hundred and fifty a year.",
        "buyer: that's too much, we'd like to stay on last year's price.",
        reply,
    )
    assert concessions(vocabulary, transcript) == expected


def test_a_floor_said_in_the_negative_offers_the_floor(vocabulary):
    transcript = call(
        "rep: the price is thirteen hundred and fifty a year.",
        "buyer: that's too much, we'd like to stay on last year's price.",
        "rep: No, I couldn't do less than twelve hundred.",
    )
    assert concessions(vocabulary, transcript) == [(2, "lower_price")]


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (
            "rep: If you take both on a two-year order, I'll do the pair at two twenty instead of two fifty.",
            [(2, "lower_price")],
        ),
        (
            "rep: ok so with the grout as well ill do the lot at two thirty a box rather than the two fifty",
            [(2, "lower_price")],
        ),
        # the things the lower figure is for named with their count between the offer and the figure
        (
            "rep: look if it helps i can do the first twenty boxes at one ninety instead of two hundred",
            [(2, "lower_price")],
        ),
        # a way to pay set against another, a price list read out, and a higher figure are no move down
        ("rep: I can do it at fifty a month instead of paying six hundred upfront.", []),
        ("rep: The first twenty boxes are one ninety instead of two hundred, that's just the list.", []),
        ("rep: The pair is two twenty instead of two fifty when you buy them apart, that's just the list.", []),
        ("rep: I'll do the pair at two fifty instead of two twenty, the grout's gone up.", []),
    ],
)
def test_a_lower_figure_set_against_the_one_it_replaces_is_a_move_down(vocabulary, reply, expected):
    transcript = call("rep: the tiles are two hundred a box and the grout is fifty a bag", "buyer: that's steep", reply)
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # waive as raw ASR spells it
        ("rep: ok look ill wave the setup fee if you sign this week", [(2, "terms")]),
        ("rep: tell you what we can wave the delivery charge", [(2, "terms")]),
        # waving something through names no fee given up
        ("rep: ill wave it through with my manager if its under five hundred", []),
        ("rep: I can't wave the setup fee, it's what the fitter costs us.", []),
    ],
)
def test_a_fee_waived_as_raw_asr_spells_it_is_given(vocabulary, reply, expected):
    transcript = call("rep: the setup is three hundred and the plan is forty a month", "buyer: that's a lot", reply)
    assert concessions(vocabulary, transcript) == expected


def test_a_term_of_the_product_set_against_the_old_one_moves_no_price(vocabulary):
    transcript = call(
        "rep: the cover is four thousand a year",
        "buyer: that's a lot",
        "rep: So we'd write you one policy for the vans and the yard, with the excess at one thousand rather than three.",
    )
    assert concessions(vocabulary, transcript) == []


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("rep: I'm sorry. I'll credit the lost week on your next invoice.", [(2, "terms")]),
        ("rep: that's on us, we're crediting you the full month", [(2, "terms")]),
        # the credit named, not given
        ("rep: I'll email you the credit note with the new spec sheet.", []),
        ("rep: I can't credit the month, the outage was your broadband.", []),
    ],
)
def test_money_given_back_on_the_bill_for_a_fault_is_a_concession(vocabulary, reply, expected):
    transcript = call(
        "rep: the plan is ninety a month",
        "buyer: the app was down all of Saturday and I pay you ninety a month for it",
        reply,
    )
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        # the price, then a lower one on the buyer taking more, in the same first turn on price
        ("rep: The steamer is four hundred a month, and if you took two I'd do them at three fifty a month.", True),
        ("rep: it's ninety a crate and um if you went to 30 crates i could do them at eighty a crate", True),
        ("rep: The kettles are sixty each, but if you order a dozen I can do them at fifty-two each.", True),
        ("rep: So that's a hundred and twenty a month, and if you take both I'd do them at a hundred a month.", True),
        # the total for more, another thing priced on the side, a cheaper thing for less, and a higher
        # price for more stay the ask
        ("rep: The steamer is four hundred a month, and if you took two it'd be eight hundred a month.", False),
        ("rep: The van is two hundred a month, and if you take both I'd do the trailer at forty a month.", False),
        (
            "rep: It's four hundred a month with the racks, or if you just want the steamer I could do it at three fifty.",
            False,
        ),
        (
            "rep: The kettles are sixty each, and if you order a dozen I'd do them at sixty-five each with the engraving.",
            False,
        ),
    ],
)
def test_a_lower_price_on_the_buyer_taking_more_is_a_move_down_from_the_price_just_named(vocabulary, turn, expected):
    transcript = call("buyer: what would it cost us?", turn)
    assert concessions(vocabulary, transcript) == ([(1, "lower_price")] if expected else [])


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # the rival's figure said back, weighed or compared, is theirs
        ("rep: Right, and four-twenty is a decent price for what they do.", []),
        ("rep: right four twenty, and does that four twenty include the fitting", []),
        # the rep's own offer at it, or a figure of the rep's own below the ask, moves
        ("rep: I can match the four-twenty if you sign this month.", [(3, "accept_buyer_price")]),
        ("rep: Okay, we'll match them. Four-twenty a month, same pump.", [(3, "accept_buyer_price")]),
        ("rep: We can't match that, I'm afraid. Four-twenty is a good price for theirs.", []),
        ("rep: I could do four-forty, but not four-twenty.", [(3, "lower_price")]),
    ],
)
def test_a_rivals_price_said_back_by_the_rep_is_no_move(vocabulary, reply, expected):
    transcript = call(
        "rep: The pump is five hundred a month.",
        "buyer: that's a lot for a pump.",
        "buyer: Fenwick quoted us four-twenty a month for the same thing.",
        reply,
    )
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("text", "rise"),
    [
        # the old figure said with its period or its pence before the new one
        ("so the renewal is going from um six hundred a year to six fifty", (600.0, 650.0)),
        ("The jars go from 52p to 56p from April, the lids went up.", (52.0, 56.0)),
        ("your plan goes from ninety a month to ninety-eight in the spring", (90.0, 98.0)),
        # a count grown, a rise said with no word of price, a jump far past the old price: none
        ("your orders went from six hundred a box to six fifty", None),
        ("the tide goes from 4 a day to 5", None),
        ("the plan goes from ninety a month to three hundred", None),
    ],
)
def test_a_rise_read_out_with_the_old_figures_period_or_pence(vocabulary, text, rise):
    assert rise_read_out(normalise(text), vocabulary) == rise


def test_a_rivals_price_put_up_as_the_buyers_offer_is_taken_when_matched(vocabulary):
    transcript = call(
        "rep: The pump is five hundred a month.",
        "buyer: Fenwick quoted us four-twenty a month for the same thing.",
        "rep: If four-twenty gets it done, I can match it. Four-twenty, same pump.",
    )
    assert concessions(vocabulary, transcript) == [(2, "accept_buyer_price")]


@pytest.mark.parametrize(
    ("offer", "given"),
    [
        ("rep: Sign before the end of the week and I'll do your first six weeks at half price.", True),
        ("rep: ok tell you what ill do the first two months half price if you sign today", True),
        ("rep: We can let you have the second van for half the price.", True),
        ("rep: If you commit to the year, the first quarter's half-price.", True),
        ("rep: What I can do is a third off the first year if you sign by Friday.", True),
        ("rep: we could do the first month at a quarter off", True),
        # a share set against another price, an offer withdrawn or refused, half of something else
        ("rep: Honestly it's half the price of the system you have, and I can send the spec.", False),
        ("rep: That's about a third off what the others charge, I'll send the sheet.", False),
        ("rep: I'm afraid the half-price offer was only for last month.", False),
        ("rep: I can't do half price, the sixty stands.", False),
        ("rep: We'll be at half capacity on the install team till June, I'll book you in for July.", False),
    ],
)
def test_a_share_of_the_price_taken_off_said_as_a_fraction_is_given(vocabulary, offer, given):
    transcript = call("rep: It's sixty a month per van.", "buyer: That's a lot more than we pay now.", offer)
    assert concessions(vocabulary, transcript) == ([(2, "terms")] if given else [])


@pytest.mark.parametrize(
    ("lines", "asks"),
    [
        # the rep's reply to the buyer's question of price names the price, however plainly
        (
            (
                "buyer: Right, that's clever. And the price?",
                "rep: The press with the two dies is nine thousand four hundred.",
            ),
            [9400.0],
        ),
        (
            ("buyer: so what would all that come to?", "rep: with the tablets it's eleven thousand two hundred"),
            [11200.0],
        ),
        (
            ("buyer: Okay. What are we looking at cost-wise?", "rep: For both vans, seven thousand eight hundred."),
            [7800.0],
        ),
        # a reply to a question of something else, or a price question the rep puts off, names none
        (("buyer: How many jobs can it hold?", "rep: The board holds twelve thousand four hundred."), []),
        (("buyer: And the price?", "rep: Let me show you the three plans first."), []),
    ],
)
def test_a_figure_answering_the_buyers_question_of_price_is_the_ask(vocabulary, lines, asks):
    assert [m.amount for m in trajectory(call(*lines), vocabulary) if m.move == "ask"] == asks


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("The price is sixteen thousand, and the spindle is preset at twelve thousand RPM.", [16000.0]),
        ("it costs nine thousand with a blade of three hundred mm", [9000.0]),
        ("the pump is forty psi and costs nine hundred", [900.0]),
    ],
)
def test_the_units_a_machine_is_measured_in_are_no_price(vocabulary, text, amounts):
    assert [m.amount for m in mentions(normalise(text), vocabulary) if not m.percent] == amounts


@pytest.mark.parametrize(
    ("offer", "given"),
    [
        ("rep: ok I'll take two hundred off the first year.", True),
        ("rep: tell you what ill take fifty quid off each site", True),
        ("rep: we could shave a hundred and fifty off the licence", True),
        ("rep: Sorry about the delay, I'll take twenty pounds off your next invoice.", True),
        ("rep: let me take another 300 off and we'll call it done", True),
        # refused, or the product's worth taken off the buyer's costs
        ("rep: I can't take two hundred off, that's the price.", False),
        ("rep: It takes forty minutes off every job.", False),
        ("rep: That takes about three hundred off your fuel bill a month.", False),
    ],
)
def test_a_sum_taken_off_in_the_reps_offer_is_given(vocabulary, offer, given):
    transcript = call(
        "rep: It's two thousand four hundred a year per site.", "buyer: That's more than we hoped.", offer
    )
    assert concessions(vocabulary, transcript) == ([(2, "terms")] if given else [])


@pytest.mark.parametrize(
    ("lines", "asks"),
    [
        # what the buyer pays, said as the condition of the rep's price, is a term of that price
        (
            (
                "buyer: How much is it?",
                "rep: Forty-five a month. Or four hundred and fifty if you pay the year up front.",
            ),
            [450.0],
        ),
        (
            ("buyer: whats the damage", "rep: its sixty a month or six hundred for the year if youre paying annually"),
            [600.0],
        ),
        (("buyer: And the cost?", "rep: Eighty a van, seventy-five when you pay for the year."), [80.0]),
        (("buyer: What's it come to?", "rep: Two hundred a month, as long as you pay by direct debit."), [200.0]),
        # what the buyer pays said as a cost of theirs is no price of the rep's
        (("buyer: How much is it?", "rep: What you pay the courier now is about ninety a week, isn't it?"), []),
        (("buyer: And the price?", "rep: You're paying three hundred a month for the old system."), []),
    ],
)
def test_paying_as_the_condition_of_the_price_is_no_cost_of_the_buyers(vocabulary, lines, asks):
    assert [m.amount for m in trajectory(call(*lines), vocabulary) if m.move == "ask"] == asks


@pytest.mark.parametrize(
    ("opening", "moves"),
    [
        # a figure after the buyer asks the price is a guess or a fear, no price of the rep's said back: the
        # rep's price answering it is the ask, no lower price
        ("buyer: what would it cost us? the last lot wanted five hundred a month.", ["ask"]),
        ("buyer: What does it cost? I'm braced for something like three hundred a month, honestly.", ["ask"]),
        ("buyer: whats it cost cause the other firm wanted four hundred a month", ["ask"]),
        # the price read out before asking, the rep's price said back, stands as the ask the rep comes down from
        ("buyer: Your quote says 400 a month. What does it cost with the second van?", ["concession"]),
        ("buyer: how much was it for us again cause the quote said four hundred a month", ["concession"]),
    ],
)
def test_a_figure_after_the_buyer_asks_the_price_is_no_price_said_back(vocabulary, opening, moves):
    transcript = call(opening, "rep: It's ninety-five a month, all in.")
    assert [m.move for m in trajectory(transcript, vocabulary) if m.speaker == "rep"] == moves


QUOTE_IN_PENCE = "rep: The plates are twenty-two pence each, so on your order that's nine hundred and twenty all in."


@pytest.mark.parametrize(
    ("lines", "pushed", "expected"),
    [
        # the rep's reply to an objection names a figure a little below the one the buyer said back: a move
        # down, however the price was read before it (in pence, in its parts)
        (
            (
                QUOTE_IN_PENCE,
                "buyer: Nine hundred and twenty for plates, that's steep.",
                "rep: Alright, call it eight seventy-five.",
            ),
            True,
            [(2, 875.0)],
        ),
        (
            (
                "rep: The hire is forty-one pence a chair a day, so two thousand one hundred for the season.",
                "buyer: You said two thousand one hundred. Any room on that?",
                "rep: I can bring it to one thousand nine hundred and fifty.",
            ),
            True,
            [(2, 1950.0)],
        ),
        (
            (
                "rep: so its nineteen p a cup and with the lids and the sleeves you come out at sixteen hundred",
                "buyer: sixteen hundred hmm thats a lot of money for cups",
                "rep: ok ok i could let you have them for fifteen hundred",
            ),
            True,
            [(2, 1500.0)],
        ),
        # near misses: a count, a refusal, a part of the price said out, a figure far below it
        (
            (
                QUOTE_IN_PENCE,
                "buyer: Nine hundred and twenty for plates, that's steep.",
                "rep: It's eight hundred plates though.",
            ),
            True,
            [],
        ),
        (
            (
                QUOTE_IN_PENCE,
                "buyer: Nine hundred and twenty for plates, that's steep.",
                "rep: I can't go to eight seventy-five, sorry.",
            ),
            True,
            [],
        ),
        (
            (
                QUOTE_IN_PENCE,
                "buyer: Nine hundred and twenty for plates, that's steep.",
                "rep: Eight hundred and ninety of that is the plates, the rest is the carriage.",
            ),
            True,
            [],
        ),
        (
            (
                QUOTE_IN_PENCE,
                "buyer: Nine hundred and twenty for plates, that's steep.",
                "rep: Well, four hundred of it is the stand alone.",
            ),
            True,
            [],
        ),
        # ... and a lower figure after a turn that objects to nothing
        (
            (
                QUOTE_IN_PENCE,
                "buyer: Nine hundred and twenty, fine.",
                "rep: Most clubs your size spend about eight hundred and fifty on plates.",
            ),
            False,
            [],
        ),
    ],
)
def test_a_figure_a_little_below_the_one_objected_to_is_a_move_down(vocabulary, lines, pushed, expected):
    transcript = call(*lines)
    features = [UtteranceFeatures(acts={}) for _ in lines]
    if pushed:
        features[1] = UtteranceFeatures(acts={"price_pushback": 0.7})
    moves = trajectory(transcript, vocabulary, None, features)
    assert [(m.utterance, m.amount) for m in moves if m.move == "concession"] == expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # a smaller plan named as one of the range, or at the price everyone pays: its own price, no move down
        (
            "rep: I hear you. There's a smaller plan, the starter one, at two sixty a month, without the forecasting.",
            [],
        ),
        ("rep: ok so the starter plan is two sixty a month thats the price for everyone on it", []),
        # near miss: the same figure put up in the words of nothing but the price
        ("rep: ok I hear you, two sixty a month then.", [(2, 260.0)]),
    ],
)
def test_a_smaller_plan_in_reply_to_an_objection_is_no_move_down(vocabulary, reply, expected):
    transcript = call(
        "rep: The full plan for the three shops is three hundred a month.",
        "buyer: Three hundred a month is more than we wanted to be spending, honestly.",
        reply,
    )
    features = [UtteranceFeatures(acts={}) for _ in transcript.utterances]
    features[1] = UtteranceFeatures(acts={"price_pushback": 0.9})
    moves = trajectory(transcript, vocabulary, None, features)
    assert [(m.utterance, m.amount) for m in moves if m.move == "concession"] == expected


@pytest.mark.parametrize(
    "reply",
    [
        # the buyer's own figure said back, asked about
        "rep: What would eight fifty need to include for it to feel worth it?",
        # an option priced as it stands
        "rep: The plain plates are eight hundred and forty, their list price, if the printing's the worry.",
        # a rise read out
        "rep: It went up from eight hundred and ten to nine hundred and twenty with the card costs.",
    ],
)
def test_the_buyers_figure_another_option_or_a_rise_in_the_reply_is_no_move_down(vocabulary, reply):
    transcript = call(QUOTE_IN_PENCE, "buyer: Nine hundred and twenty for plates is steep, eight fifty I'd do.", reply)
    features = [UtteranceFeatures(acts={}) for _ in transcript.utterances]
    features[1] = UtteranceFeatures(acts={"price_pushback": 0.7})
    moves = trajectory(transcript, vocabulary, None, features)
    assert [m.utterance for m in moves if m.move == "concession"] == []


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # the rep's offer to match the figure the buyer set against the price, however its figures read
        ("rep: Fine, for the labels we'll match your nine pence.", [(2, "matched")]),
        ("rep: right on the oak we can match two sixty then", [(2, "matched")]),
        ("rep: ok i can match that for the first season", [(2, "matched")]),
        ("rep: Fine. We'll price match them on the cartons.", [(2, "matched")]),
        ("rep: what if i match their rate for year one and we look again in the spring", [(2, "matched")]),
        # refused, said of something matched to another, or a question about the buyer's way of working
        ("rep: I can't match nine pence, I'm afraid. The ink alone costs more.", []),
        ("rep: i cant match that the film is thicker", []),
        ("rep: I'd never pretend we can match them on price.", []),
        ("rep: We can match it to your delivery notes, so each carton has its label.", []),
        ("rep: Does that match the way your packers pick?", []),
    ],
)
def test_the_reps_offer_to_match_the_buyers_figure_takes_it(vocabulary, reply, expected):
    transcript = call(
        "rep: The labels are eleven pence each and the cartons are forty pence.",
        "buyer: We pay nine pence now with the other printer, and we use two thousand a week.",
        reply,
    )
    assert concessions(vocabulary, transcript) == expected


def test_an_offer_to_match_with_no_figure_from_the_buyer_matches_something_else(vocabulary):
    transcript = call(
        "rep: The labels are eleven pence each.",
        "buyer: We'd want them in our green, the one on the vans.",
        "rep: We can match your green, no problem.",
    )
    assert concessions(vocabulary, transcript) == []


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # the price said again without its VAT, or the same figure said before tax
        ("rep: so that's 3,720 with the vat, and three thousand one hundred before vat, same money", []),
        ("rep: the 3100 is ex vat, so it comes to the 3720 once the vat's on", []),
        ("rep: thats three one oh oh excluding vat its the same number", []),
        # a lower figure said before tax that is no such price moves
        ("rep: ok i can do 2950 before vat", [(2, "lower_price")]),
        ("rep: Fine, I can do three thousand before VAT, so 3,600 with it.", [(2, "lower_price")]),
    ],
)
def test_the_price_said_again_before_its_vat_is_no_move(vocabulary, reply, expected):
    transcript = call(
        "rep: The whole order comes to 3,720 pounds a year with the vat.",
        "buyer: that's steep for yarn. can you do better",
        reply,
    )
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        # a share of the price paid first
        ("rep: The kit is 2,400 a year, and we ask fifteen percent as a deposit on signing.", []),
        ("rep: it's 2400 a year with ten percent up front and the rest on fitting", []),
        ("rep: The kit is 2,400 a year, and we'd want a fifth as a down payment.", []),
        # a share taken off
        ("rep: The kit is 2,400 a year, and we take twenty percent off if you order this month.", [(0, "percent_off")]),
    ],
)
def test_a_share_of_the_price_paid_first_is_no_discount(vocabulary, quote, expected):
    assert concessions(vocabulary, call(quote)) == expected


@pytest.mark.parametrize(
    ("reply", "moved"),
    [
        # the rep's offer to take a price down to a figure, however the figures read
        ("rep: right i cant touch the wool but i can bring the bleaching line down from one eighty to one fifty", True),
        ("rep: We could bring the callout down to sixty.", True),
        ("rep: i can knock the cones down to seventeen pound each", True),
        ("rep: Go on then, I'll drop the hire down from 2.40 to 2.10 a day.", True),
        # refused, a count taken down, or somewhere taken to
        ("rep: i cant take it down to sixty sorry", False),
        ("rep: Let me bring the dashboard down to 3 panels so it's easier to read.", False),
        ("rep: We'll get the first order down to 40 boxes if you like.", False),
        ("rep: I'll take you down to the yard when you visit.", False),
        # the offer's second verb, after "and", and the figure said with the tax still to add
        ("rep: ok I'll have a word with Sam and bring the linen down to seventeen fifty", True),
        ("rep: Tell you what, I'll ring the mill tonight and knock the cones down to seventeen.", True),
        ("rep: If you take both, I'll do the callout free and bring the cones down to sixteen plus VAT.", True),
        ("rep: We could bring the callout down to seventy-five plus VAT.", True),
        ("rep: I'll send the sheet over and it'll bring the reprints down to 2 a week.", False),
        ("rep: I'll ring the depot, and they'll take it down to the loading bay at 9.", False),
    ],
)
def test_the_reps_offer_to_take_a_price_down_to_a_figure_moves_it(vocabulary, reply, moved):
    transcript = call(
        "rep: The linen is eighteen forty a cone and the callout is ninety.",
        "buyer: that's steep. can you do better",
        reply,
    )
    assert bool(concessions(vocabulary, transcript)) is moved


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        # the scale said once after a range's top counts for its bottom too
        ("the service runs twelve to sixteen hundred a year", "the service runs 1200 to 1600 a year"),
        ("somewhere between five and eight thousand", "somewhere between 5000 and 8000"),
        ("maybe six or seven hundred a quarter", "maybe 600 or 700 a quarter"),
        # near misses: a count beside a figure, and a bottom no smaller than the top's first part
        ("we run 8 and 300 more in spring", "we run 8 and 300 more in spring"),
        ("about 30 to 4000 litres", "about 30 to 4000 litres"),
    ],
)
def test_a_range_said_with_its_scale_once_reads_both_ends_at_that_scale(text, normalised):
    assert normalise(text) == normalised


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # a teen or a tens word with "'s" joined names the figure
        ("the thirty's on the generous side", "the 30's on the generous side"),
        ("honestly the fourteen's about right", "honestly the 14's about right"),
        # near misses: a digit word names a thing, and a word that only begins like a number is none
        ("that one's the better van", "that one's the better van"),
        ("the tenant's van", "the tenant's van"),
    ],
)
def test_a_figure_word_with_s_joined_reads_as_its_figure(text, read):
    assert figure_words_with_s(normalise(text)) == read


def _features_with_pushback(lines: list[str], pushed: set[int]) -> list[UtteranceFeatures]:
    return [UtteranceFeatures(acts={"price_pushback": 0.9} if index in pushed else {}) for index in range(len(lines))]


@pytest.mark.parametrize(
    ("lines", "pushed", "expected"),
    [
        # the price narrowed inside the rep's range from the buyer's size, no pushback: the scope priced
        (
            [
                "rep: The cover runs between 900 and 1,300 a year, depending on the number of stalls.",
                "buyer: We take eleven stalls to the winter fairs.",
                "rep: For eleven stalls you'd sit at about 1,100 a year.",
            ],
            set(),
            [],
        ),
        # near miss: the same figure right after the buyer pushed back is a move down
        (
            [
                "rep: The cover runs between 900 and 1,300 a year, depending on the number of stalls.",
                "buyer: 1,300 is beyond what we can carry this winter.",
                "rep: For eleven stalls you'd sit at about 1,100 a year.",
            ],
            {1},
            [(2, "lower_price")],
        ),
        # ... and a figure under the range's bottom moves it down too
        (
            [
                "rep: The cover runs between 900 and 1,300 a year, depending on the number of stalls.",
                "buyer: We take eleven stalls to the winter fairs.",
                "rep: For eleven stalls you'd sit at about 800 a year.",
            ],
            set(),
            [(2, "lower_price")],
        ),
    ],
)
def test_a_price_narrowed_inside_the_reps_range_without_pushback_is_no_concession(vocabulary, lines, pushed, expected):
    transcript = call(*lines)
    moves = trajectory(transcript, vocabulary, None, _features_with_pushback(lines, pushed))
    assert [(m.utterance, m.kind) for m in moves if m.move == "concession"] == expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # the range's bottom, said in words with the scale once, named again as the rep holds: no move
        ("rep: I won't budge on that one. Twelve hundred was the lighter package, no weekend cover.", []),
        # near miss: the same figure in the words of a move is given
        (
            "rep: I won't budge on the full one, but I can do twelve hundred if we drop the weekend cover.",
            [(3, "lower_price")],
        ),
    ],
)
def test_the_bottom_of_a_range_said_back_as_the_rep_holds_is_no_move(vocabulary, reply, expected):
    lines = [
        "rep: Last month I said somewhere between twelve and sixteen hundred a month.",
        "rep: For the full package it is sixteen hundred a month.",
        "buyer: You said twelve to sixteen hundred before, and now the full sixteen hundred. Any give there?",
        reply,
    ]
    transcript = call(*lines)
    moves = trajectory(transcript, vocabulary, None, _features_with_pushback(lines, {2}))
    assert [(m.utterance, m.kind) for m in moves if m.move == "concession"] == expected


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # the buyer's figure in answer to the rep's question about the budget is information
        ("rep: So Priya picks the right plan, any figure you're working to?", []),
        # near miss: asked about a figure of the quote, not the budget, the buyer's figure is an offer
        ("rep: So Priya picks the right plan, any figure on the quote you'd like to check?", [(2, "lower_price")]),
    ],
)
def test_a_figure_the_buyer_works_to_given_when_asked_is_no_offer(vocabulary, question, expected):
    transcript = call(
        question,
        "buyer: My partner texted to say a hundred a month at most.",
        "rep: Then it's the team plan, sixty-five a month; setup is two hundred and fifty, once.",
    )
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        # the words of a reduction in an earlier sentence reduce something else: the first price is the ask
        (
            "rep: If the filing comes down to one short hour each week, that's fifty hours a year. Against that we're about "
            "six hundred a year.",
            [],
        ),
        # near miss: in the figure's own sentence they name the price moved to
        ("rep: Honestly the lowest I can go is six hundred a year.", [(1, "lower_price")]),
    ],
)
def test_a_reduction_reads_a_price_only_in_its_own_sentence(vocabulary, turn, expected):
    assert concessions(vocabulary, call("buyer: We spend ages on the filing every Friday.", turn)) == expected


@pytest.mark.parametrize(
    ("lines", "countered"),
    [
        # the buyer announces the other firm's quote and reads it out while the rep nods
        (
            [
                "rep: The kiln package is priced at 5,000 per year.",
                "buyer: I've got another quote on my desk, shall I read it out?",
                "rep: please do",
                "buyer: their licence runs three thousand per year, setup four hundred, support by email.",
            ],
            False,
        ),
        # the rep asks about the other firm's quote; the buyer reads its figures out
        (
            [
                "rep: Our package is five thousand a year. You mentioned a quote from Glazeworks?",
                "buyer: Yes, I'll read you the lines. Their price runs three thousand per year and setup four hundred.",
            ],
            False,
        ),
        # near miss: one rival figure set against the rep's price, no read-out announced
        (
            [
                "rep: Our package is five thousand a year.",
                "buyer: Thing is, Glazeworks sent a quote for three thousand per year, same kiln.",
            ],
            True,
        ),
        # near miss: the rep answers the quote at length, and the buyer then names a figure of their own
        (
            [
                "rep: The kiln package is priced at 5,000 per year.",
                "buyer: I've got another quote on my desk, shall I read it out?",
                "rep: Before you do, remember ours includes firing support on weekends and the glaze library.",
                "buyer: Would you take four thousand two hundred?",
            ],
            True,
        ),
    ],
)
def test_a_rivals_quote_read_out_is_no_counter(vocabulary, lines, countered):
    """While the buyer reads out another firm's quote, its figures are what was offered elsewhere,
    not the buyer's offer."""
    moves = trajectory(call(*lines), vocabulary)
    assert any(m.move == "counter" for m in moves) == countered


def test_a_rivals_quote_read_out_with_an_objection_is_a_counter(vocabulary):
    """The buyer reading the other quote and objecting to the rep's price against it still counters."""
    transcript = call(
        "rep: The kiln package is priced at 5,000 per year.",
        "buyer: The other quote is three thousand, and I'd pay three thousand for yours.",
    )
    features = [UtteranceFeatures(acts={}), UtteranceFeatures(acts={"discount_request": 0.9})]
    moves = trajectory(transcript, vocabulary, None, features)
    assert any(m.move == "counter" for m in moves)


@pytest.mark.parametrize(
    ("opening", "countered"),
    [
        # the buyer said early on that another firm's quote is in hand; read out later, it is theirs
        ("buyer: One thing up front: there's another quote sitting on my desk.", False),
        # near miss: no other quote was ever spoken of, so the figure read out stands against nobody's
        ("buyer: One thing up front: the van broke down this morning.", True),
    ],
)
def test_a_rivals_quote_announced_earlier_and_read_out_later_is_no_counter(vocabulary, opening, countered):
    moves = trajectory(
        call(
            opening,
            "rep: No problem. Is the stock count still the main worry for you?",
            "buyer: It is. Okay, let me read the lines: licence, sixty a month. Installation, three hundred. Support, one hundred and twenty.",
            "rep: Okay. Does their sixty cover the barcode scanner?",
            "buyer: It doesn't.",
            "rep: Ours is ninety a month with the scanner, and installation is four hundred.",
            "buyer: Could you do seventy a month?",
        ),
        vocabulary,
    )
    assert any(m.move == "counter" and m.utterance == 2 for m in moves) == countered
    # the counter the buyer does make against the rep's own price stays one
    assert any(m.move == "counter" and m.utterance == 6 for m in moves)


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # a price shown below the one the rep names as the usual one, in the same turn, whatever came before
        ("It's normally eighty a month, but for the spring intake it's sixty-two.", [(1, "lower_price")]),
        (
            "So the list price for two vans is one seventy a month, and for you it's one thirty.",
            [(1, "lower_price")],
        ),
        (
            "Instead of the usual forty-five a month it comes to thirty-nine for you, fixed for a year.",
            [(1, "lower_price")],
        ),
        # near misses: the usual price alone
        ("It's normally eighty a month; every van is in that.", []),
        # ... a figure for the year against one by the month
        ("It's normally eighty a month, so nine sixty over the year.", []),
        # ... a figure above it
        ("The list price is eighty a month; with the tracker added it's one ten.", []),
    ],
)
def test_a_price_shown_below_the_usual_price_is_a_concession(vocabulary, reply, expected):
    """data/LABELS.md: a price shown below a named list price is a concession, in the very turn that names both."""
    transcript = call("buyer: And what would all of that come to?", f"rep: {reply}")
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("rep: I won't budge on the ninety, but I can put three more seats on for the same", [(2, "terms")]),
        ("rep: tell you what, we can add the spare tablet for the till, at the same ninety a month.", [(2, "terms")]),
        ("rep: I could give you another van on the plan for the same", [(2, "terms")]),
        # the things counted as a figure, the same money after a comma or "on" the same money
        ("rep: I could make it seven seats for the same ninety", [(2, "terms")]),
        ("rep: we can do eight users as well, same money", [(2, "terms")]),
        ("rep: I can put your third van on the same ninety a month", [(2, "terms")]),
        # near miss: more things at a money of their own
        ("rep: I can do seven seats at one fifteen a month", []),
        # nothing more given: the same price on other terms, or fewer things at the old rate
        ("rep: I can move your start to April at the same ninety a month", []),
        ("rep: I could do a smaller plan, four vans, at the same rate per van", []),
        # more of something that is not money: "the same week", and more refused
        ("rep: we can send another engineer for the same week if you like", []),
        ("rep: I can't add more seats for the same price, sorry", []),
    ],
)
def test_more_of_what_the_price_counts_for_the_same_money_gives_it(vocabulary, reply, expected):
    transcript = call(
        "rep: the plan is ninety a month covering five vans", "buyer: that's more than we hoped to pay", reply
    )
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("rep: right, I can do this. The pilot lasts forty-five days instead of fifteen.", [(2, "terms")]),
        ("rep: I could make it nine seats rather than five for you.", [(2, "terms")]),
        # near misses: what a plan holds, told with no offer; a longer term the buyer signs for; fewer things
        ("rep: the bigger plan has nine seats instead of five.", []),
        ("rep: I can do it if you commit to twenty-four months instead of twelve.", []),
        ("rep: I could do four seats instead of five on the plan.", []),
        # ... and longer to pay, which is no free stretch
        ("rep: I can let the invoice wait forty-five days rather than fifteen.", []),
    ],
)
def test_more_than_before_in_the_reps_offer_is_given(vocabulary, reply, expected):
    transcript = call(
        "rep: the plan is ninety a month covering five seats, with a fifteen day pilot",
        "buyer: that's above what we budgeted",
        reply,
    )
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ("rep: fine, I'll throw the installation in.", [(2, "terms")]),
        ("rep: we could chuck the second reader in too, if you sign by Friday", [(2, "terms")]),
        # thrown into a place, or not thrown at all, gives nothing
        ("rep: I'll throw the leaflets in the box when I post the reader", []),
        ("rep: I can't throw the installation in, it's a day of an engineer's time", []),
    ],
)
def test_a_thing_the_rep_throws_in_is_given(vocabulary, reply, expected):
    transcript = call(
        "rep: the reader costs forty a month, installation two hundred on top",
        "buyer: that's steep with the installation on top",
        reply,
    )
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # the buyer's figure with its thousands unsaid, too small to read as a price on its own, said to work
        ("rep: Three. Right, I can make three work if the order goes in by Friday.", [(2, "accept_buyer_price")]),
        # refused, or asked about, it is not taken
        ("rep: I can't make three work, not with the fitting in it", []),
        ("rep: what would make three work for you, the fitting spread out?", []),
    ],
)
def test_the_buyers_figure_said_to_work_takes_it(vocabulary, reply, expected):
    transcript = call(
        "rep: the whole fit-out comes to three thousand six hundred",
        "buyer: the other firm said three thousand. could you do three?",
        reply,
    )
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # the gap between the price and what the buyer pays now, named as such, is no price
        (
            "rep: at his hourly rate, getting ten hours back each week alone sits above the three hundred difference",
            [],
        ),
        # a lower price in another sentence still moves, and the difference taken off gives it
        (
            "rep: fair. the gap is three hundred; I could go to eleven hundred if you sign by Friday",
            [(2, "lower_price")],
        ),
        ("rep: fine, three hundred off, that's the difference, if you sign by Friday", [(2, "amount_off")]),
    ],
)
def test_the_gap_between_the_price_and_another_figure_is_no_price(vocabulary, reply, expected):
    transcript = call(
        "rep: the annual plan is twelve hundred",
        "buyer: we pay nine hundred a year for our current setup, so that's a jump",
        reply,
    )
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("reply", "moves"),
    [
        # the buyer puts the guess right with more than the rep said: what they pay today, no price moved
        ("buyer: Fifty-five since they raised it last March.", []),
        ("buyer: Sixty-two, near enough, with the texts on top.", []),
        # near miss: a figure under the rep's leaves the rep's figure an ask
        ("buyer: I'd want it nearer thirty.", [(0, "ask")]),
    ],
)
def test_the_reps_guess_at_what_the_buyer_pays_today_is_no_price(vocabulary, reply, moves):
    guess = call("rep: And the rota tool you use now, you'd be paying, say, forty a month there?", reply)
    assert [(m.utterance, m.move) for m in trajectory(guess, vocabulary)] == moves


@pytest.mark.parametrize(
    ("offer", "expected"),
    [
        # a further thing of what the price counts, put on "at no extra": given free
        ("rep: Alright, sign this week and I will add the third greenhouse at no extra.", [(2, "terms")]),
        # near miss: the same words refused
        ("rep: I'm afraid I can't add the third greenhouse at no extra.", []),
    ],
)
def test_a_thing_added_at_no_extra_is_a_concession(vocabulary, offer, expected):
    transcript = call(
        "rep: For the two greenhouses it comes to ninety a month.",
        "buyer: We have a third greenhouse now, I was hoping ninety would cover all of them.",
        offer,
    )
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # another, smaller option at its own price: an ask of its own, no move down
        (
            "rep: If you only want the scheduling board, the board on its own is fourteen thousand. That's its"
            " standard price.",
            [],
        ),
        ("rep: If you only wanted the tags, there's the basic plan at twelve thousand a year.", []),
        # near misses: the same price offered lower, in the words of a move or with nothing else to it
        ("rep: I could do the whole package at fourteen thousand.", [(2, "lower_price")]),
        ("rep: Okay, fourteen thousand for the whole package, and that's it.", [(2, "lower_price")]),
    ],
)
def test_a_smaller_option_at_its_own_price_is_no_concession(vocabulary, reply, expected):
    transcript = call(
        "rep: The full package is twenty thousand a year.",
        "buyer: That's more than we planned for this year.",
        reply,
    )
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # the same total spread over payments holds the price
        ("rep: We can split it into four quarterly payments of eighteen hundred, the first in April.", []),
        ("rep: It could be spread over twelve monthly payments of six hundred if that helps.", []),
        # near miss: a lower figure for the whole, with no count of payments
        ("rep: I could do sixty-eight hundred if you pay in one go.", [(2, "lower_price")]),
    ],
)
def test_the_price_spread_over_payments_is_no_concession(vocabulary, reply, expected):
    transcript = call(
        "rep: So the proposal is seven thousand two hundred for the year.",
        "buyer: Seven-two in one go is a lot for us in March.",
        reply,
    )
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # "ten fifty" is 1,050 against a price of fourteen hundred, as "nineteen fifty" is 1,950
        ("rep: Look, I can do ten fifty a month, same twelve trucks.", [(2, 1050.0)]),
        # near miss: the same figure refused
        ("rep: I can't do ten fifty, the fourteen hundred is what it costs.", []),
    ],
)
def test_a_price_said_as_ten_and_its_tens_is_in_hundreds(vocabulary, reply, expected):
    transcript = call(
        "rep: The quote is fourteen hundred a month for the twelve trucks.",
        "buyer: That's a lot for us, honestly.",
        reply,
    )
    assert [(m.utterance, m.amount) for m in trajectory(transcript, vocabulary) if m.move == "concession"] == expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # the gap the buyer objected to said back does not make the rep's move sums on the buyer's numbers
        (
            "rep: look i dont want to lose you over three hundred bucks i can do ten fifty a month same trucks",
            [(2, "lower_price")],
        ),
        # near miss: the move said in the negative
        ("rep: look i cant do ten fifty a month, three hundred bucks is the onboarding", []),
    ],
)
def test_the_reps_own_move_in_a_turn_of_sums_is_a_price(vocabulary, reply, expected):
    transcript = call(
        "rep: the quote is fourteen hundred a month for the twelve trucks",
        "buyer: another firm quoted us eleven hundred so youre three hundred over and thats a lot for us",
        reply,
    )
    moves = trajectory(transcript, vocabulary, None, None, frozenset({2}))
    assert [(m.utterance, m.kind) for m in moves if m.move == "concession"] == expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # a price by the thing and the month, said short, shown below the usual one
        (
            "rep: It's normally three-fifty a studio a month, but for a chain signing this quarter it's two-ninety.",
            [(1, "lower_price")],
        ),
        ("rep: It's normally four-twenty per seat per month, this quarter it's three-sixty.", [(1, "lower_price")]),
        # near miss: one price read out, nothing below it
        ("rep: It's three-fifty a studio a month, with the deposits module in it.", []),
    ],
)
def test_a_price_said_short_by_the_thing_and_the_period_is_read(vocabulary, reply, expected):
    transcript = call("buyer: Before you go any further, what's this going to cost?", reply)
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("returns", "moves"),
    [
        # the cost the rep's sums came to, said back and put above what was set aside: no offer, no price
        (frozenset({3}), []),
        # near miss: the rep's figure not read as sums is a price, and the buyer's words weigh it
        (frozenset(), [(3, "ask")]),
    ],
)
def test_the_cost_of_the_sums_put_above_the_budget_is_no_counter(vocabulary, returns, moves):
    transcript = call(
        "rep: Has finance ring-fenced anything for this?",
        "buyer: About eight thousand euro for systems this year.",
        "buyer: We key about ninety lines a container, twenty minutes each, four containers a quarter.",
        "rep: So that's thirty hours a container; at thirty euro an hour that's about eleven thousand a year.",
        "buyer: Eleven thousand. That's more than the whole budget. And if the spring container is late again we"
        " miss the Easter orders, same as last year.",
    )
    features = [UtteranceFeatures(acts={}) for _ in transcript.utterances]
    features[4] = UtteranceFeatures(
        acts={"price_pushback": 0.99},
        act_sources={"price_pushback": "pattern:price_pushback/beyond-what-was-allowed"},
    )
    found = trajectory(transcript, vocabulary, None, features, returns)
    assert [(m.utterance, m.move) for m in found] == moves


@pytest.mark.parametrize(
    ("sums", "expected"),
    [
        # the rep's sums end a period's clause at the comma: what the buyer gave free after it is theirs
        (
            "rep: Six a week at about eighty-five pounds is around twenty-six thousand a year, before the comped"
            " rooms. The whole system is about five thousand a year.",
            [],
        ),
        # near miss: a period given free in the rep's own offer
        ("rep: The whole system is about five thousand a year, and I'll make the first month free.", [(2, "terms")]),
    ],
)
def test_a_thing_given_free_after_a_periods_clause_is_no_free_period(vocabulary, sums, expected):
    transcript = call(
        "rep: Four-twenty a month covers the planner, the rota and the deposits.",
        "buyer: We lost about six treatments a week last April and comped the guests.",
        sums,
    )
    assert concessions(vocabulary, transcript) == expected


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        # the days an invoice waits are payment terms, no price
        (
            "rep: No, I'd rather not play with the number. What I can do is what I said: quarterly, with the first"
            " invoice at net sixty.",
            [],
        ),
        # near miss: a lower figure offered
        ("rep: What I can do is seventeen, billed quarterly.", [(4, "lower_price")]),
    ],
)
def test_payment_terms_in_days_are_no_price(vocabulary, reply, expected):
    transcript = call(
        "buyer: Eighteen thousand a year, paid up front. That's too steep for us in one go.",
        "rep: The eighteen stays where it is, but we can bill it quarterly.",
        "buyer: That's what sold me at the demo.",
        "buyer: Could you do sixteen?",
        reply,
    )
    assert concessions(vocabulary, transcript) == expected
