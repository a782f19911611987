"""Returns in the buyer's numbers: a faint value anchor counts when it works from them."""

from __future__ import annotations

import pytest

from pipeline.analysis.price_words import load_price_vocabulary
from pipeline.analysis.returns import return_acts, return_turns, returned_metrics
from pipeline.model import Transcript, Utterance, UtteranceFeatures
from tests.support.paths import ROOT


def transcript_of(*lines: str) -> Transcript:
    utterances = [
        Utterance(speaker=line.split(": ", 1)[0], start=float(i), end=i + 0.9, text=line.split(": ", 1)[1])
        for i, line in enumerate(lines)
    ]
    return Transcript("c-1", "rep_ana", utterances)


def anchor_after(*lines: str, confidence: float = 0.4, vocabulary=None, heard_by: str | None = None) -> float:
    """The last line is the rep's, read as a value anchor at `confidence` (by `heard_by` alone, if given)."""
    transcript = transcript_of(*lines)
    features = [UtteranceFeatures(acts={}) for _ in lines]
    sources = {"value_anchor": heard_by} if heard_by else {}
    features[-1] = UtteranceFeatures(acts={"value_anchor": confidence}, act_sources=sources)
    return return_acts(transcript, features, 0.5, vocabulary)[-1].acts["value_anchor"]


@pytest.mark.parametrize(
    "lines",
    [
        ("buyer: We lose about 30 hours a week to re-keying.", "rep: So 30 hours a week is 1,500 hours a year."),
        ("buyer: Night shift overtime runs about forty thousand.", "rep: Halving that overtime covers the licence."),
        # the buyer's figures set against the cost of the problem
        (
            "buyer: Six vans, and one missed delivery cost us a client last spring.",
            "rep: Across six vans that's less than one lost client a year.",
        ),
    ],
)
def test_a_faint_return_that_works_from_the_buyers_numbers_stands(lines):
    assert anchor_after(*lines) == 0.4


@pytest.mark.parametrize(
    "lines",
    [
        # the rep's price quoted, not a return on the buyer's figures
        ("buyer: We had 31 missed bookings last month.", "rep: It's 1,450 a month, plus a one-time setup of 2,000."),
        ("buyer: About 4,200 members, a third lapse.", "rep: Can I show you one thing quickly?"),
        # a price said to cover what it includes works on nothing of the buyer's
        (
            "buyer: We turn away about thirty walk-ins on a busy Saturday.",
            "rep: The sixty covers the tablets and the card fees, so what does your till cost you today?",
        ),
        ("buyer: We're about forty staff.", "rep: Can I ask what the ninety a month covers on their side?"),
    ],
)
def test_a_faint_anchor_with_none_of_the_buyers_numbers_is_held_down(lines):
    assert anchor_after(*lines) == pytest.approx(0.2)


def test_a_clear_anchor_is_left_alone():
    assert anchor_after("buyer: We have six planners.", "rep: That is 90,000 a year back.", confidence=0.8) == 0.8


@pytest.mark.parametrize(
    "lines",
    [
        # the buyer's figure named again, with no figure of the rep's own worked out from it
        (
            "buyer: A bad batch cost us about six hundred euros in May.",
            "rep: Ours checks the batch date, which is the slip that cost you the six hundred.",
        ),
        ("buyer: We run clinics on 4 sites.", "rep: You mentioned 4 sites, and each one gets its own dashboard."),
    ],
)
def test_a_faint_anchor_that_only_names_the_buyers_numbers_again_is_held_down(lines):
    assert anchor_after(*lines) == pytest.approx(0.2)


@pytest.mark.parametrize(
    ("lines", "held"),
    [
        # the buyer's figure said back as the reason for a model or a plan: heard, not worked from
        (
            (
                "buyer: We send out about four hundred orders a week in December.",
                "rep: That's the bigger scanner. With four hundred orders a week you'd outgrow the small one by March.",
            ),
            True,
        ),
        (
            ("buyer: We run nine vans out of the one yard.", "rep: With your nine vans you'd want the fleet plan."),
            True,
        ),
        # near misses: a figure of the rep's own worked out, a comparison, a cost of the problem
        (
            (
                "buyer: We send out about four hundred orders a week in December.",
                "rep: At four hundred orders a week, that's sixteen hundred labels a month.",
            ),
            False,
        ),
        (
            (
                "buyer: We run nine vans and lose a morning a week on routes.",
                "rep: Across nine vans, that costs you more than the fleet plan does.",
            ),
            False,
        ),
        (
            (
                "buyer: We run nine vans out of the one yard.",
                "rep: With nine vans, the routing saves you a morning a week on each.",
            ),
            False,
        ),
        # sums said short: two figures or more are left to the classifier
        (
            (
                "buyer: We lose about four days a season, at thirty-two hundred a day.",
                "rep: So four days at thirty-two hundred is twelve-eight you don't get back.",
            ),
            False,
        ),
        # the rep's own figures are left to the classifier
        (("buyer: We run nine vans out of the one yard.", "rep: Firms like yours save 20,000 a year."), False),
    ],
)
def test_a_clear_anchor_that_only_says_the_buyers_figures_back_is_held_down(lines, held):
    vocabulary = load_price_vocabulary(ROOT / "rules")
    after = anchor_after(*lines, confidence=0.6, vocabulary=vocabulary, heard_by="classifier")
    assert after == pytest.approx(0.3 if held else 0.6)


@pytest.mark.parametrize(
    ("lines", "held"),
    [
        # a result told of other customers, worked from nothing the buyer said: the rep's average
        (
            (
                "buyer: We bottle about six hundred cases a month.",
                "rep: Wineries on it typically see breakage fall by a third over a season.",
            ),
            True,
        ),
        (
            (
                "buyer: Our drivers lose a morning a week.",
                "rep: Most of our haulage firms see about twelve percent back on fuel.",
            ),
            True,
        ),
        # the same result worked on the buyer's own figure is a return in their numbers
        (
            (
                "buyer: We bottle about six hundred cases a month.",
                "rep: Wineries on it typically break a third fewer, so of your 600 that's 200 more cases sold.",
            ),
            False,
        ),
    ],
)
def test_a_return_told_of_other_customers_is_the_reps_average(lines, held):
    vocabulary = load_price_vocabulary(ROOT / "rules")
    after = anchor_after(*lines, confidence=0.7, vocabulary=vocabulary, heard_by="classifier")
    assert (after < 0.7) is held
    # held under the rule's bar however clearly it was heard
    assert (after < 0.3) is held


@pytest.mark.parametrize(
    ("lines", "held"),
    [
        # the price worked out on the buyer's count: a quote, not a return
        (
            (
                "buyer: We've got seven groomers across the two salons.",
                "rep: For seven groomers the plan is thirty a month each, so two hundred and ten a month.",
            ),
            True,
        ),
        # the same sums set against what the problem costs the buyer stand
        (
            (
                "buyer: We've got seven groomers and lose about 900 a month to no-shows.",
                "rep: For seven groomers the plan is 210 a month, against the 900 you lose to no-shows.",
            ),
            False,
        ),
    ],
)
def test_a_faint_anchor_that_quotes_the_price_on_the_buyers_count_is_held_down(lines, held):
    vocabulary = load_price_vocabulary(ROOT / "rules")
    assert anchor_after(*lines, vocabulary=vocabulary) == pytest.approx(0.2 if held else 0.4)


@pytest.mark.parametrize(
    ("lines", "summed"),
    [
        # a count at a rate, both the buyer's, coming to a figure of the rep's own
        (
            (
                "buyer: A mixer down costs us about nine hundred a day, and we lost twelve days to it this year.",
                "rep: Twelve days at nine hundred is ten thousand eight hundred, before the overtime.",
            ),
            True,
        ),
        # the rep's own rate on the buyer's count quotes the price
        (
            ("buyer: We've got twelve drivers.", "rep: Twelve drivers at forty a month is four hundred and eighty."),
            False,
        ),
        # the rate said first, then the count
        (
            (
                "buyer: Most weekends we turn away about thirty walk-ins, and a lesson is sixty pounds.",
                "rep: At sixty pounds, thirty walk-ins is eighteen hundred a weekend you're not taking.",
            ),
            True,
        ),
        (
            ("buyer: We've got twelve drivers.", "rep: At forty a month, twelve drivers is four hundred and eighty."),
            False,
        ),
        # the total after a comma, as the sums are written down
        (
            (
                "buyer: We had seven no-shows last month, and each one is a table of four at thirty pounds a head.",
                "rep: So seven tables at thirty, that's two hundred and ten a head gone before the drinks.",
            ),
            True,
        ),
        (
            ("buyer: We've got twelve drivers.", "rep: Twelve drivers at forty, that's four hundred and eighty."),
            False,
        ),
        # the buyer's rate said round
        (
            (
                "buyer: Maybe five a quarter get cancelled, and a party's about seven hundred to us.",
                "rep: Five a quarter at around seven hundred is fourteen thousand a year gone.",
            ),
            True,
        ),
        (
            (
                "buyer: we lose like five lessons a week and theyre thirty quid each",
                "rep: so five a week at about thirty thats a hundred and fifty a week",
            ),
            True,
        ),
        (
            (
                "buyer: Six trucks out each day, and a driver's roughly ninety a day to us.",
                "rep: At roughly ninety, six trucks is five hundred and forty a day.",
            ),
            True,
        ),
        (
            (
                "buyer: We've got twelve drivers.",
                "rep: Nine drivers at about thirty a month is two hundred and seventy.",
            ),
            False,
        ),
        # a small count said as a word
        (
            (
                "buyer: About three a week get sent back, and each is about ninety pounds of work.",
                "rep: So three a week at ninety is over fourteen thousand a year in send-backs.",
            ),
            True,
        ),
        (
            ("buyer: We've got five vans.", "rep: Five vans at forty a month is two hundred."),
            False,
        ),
    ],
)
def test_sums_on_two_of_the_buyers_figures_are_a_clear_return(lines, summed):
    """However faintly the classifier hears the sums, a count at a rate the buyer gave is a return."""
    assert anchor_after(*lines, confidence=0.05) == pytest.approx(0.8 if summed else 0.05)
    turns = return_turns(transcript_of(*lines), [UtteranceFeatures(acts={}) for _ in lines])
    assert (1 in turns) is summed


@pytest.mark.parametrize(
    ("lines", "prices", "worked"),
    [
        # two of the buyer's figures multiplied, only the result said
        (
            (
                "buyer: Roughly nine a week, and every one is about sixty pounds of labour.",
                "rep: So that's five hundred and forty a week going straight out the door.",
            ),
            set(),
            True,
        ),
        (
            (
                "buyer: We bin around a hundred and fifty loaves a week.",
                "rep: And what does a loaf cost you to bake?",
                "buyer: Call it four quid a loaf.",
                "rep: Right, so roughly six hundred pounds binned every week.",
            ),
            set(),
            True,
        ),
        # raw speech, the sum said round
        (
            (
                "buyer: like six no shows a month and thats ninety quid each",
                "rep: yeah so youre losing about five forty a month there",
            ),
            set(),
            True,
        ),
        # near misses: the product is the price the price pass read there
        (
            ("buyer: We've got fifteen vans and about thirty drivers.", "rep: It's four hundred and fifty a month."),
            {450.0},
            False,
        ),
        # ... the rep's own rate on the buyer's count
        (
            ("buyer: We've got twelve drivers.", "rep: At forty a month that's four hundred and eighty."),
            set(),
            False,
        ),
        # ... a small product, a count of days
        (
            ("buyer: Two sites, three days a visit.", "rep: So six days on the road, more or less."),
            set(),
            False,
        ),
        # ... a figure no sum of the buyer's comes to
        (
            (
                "buyer: Roughly nine a week, and every one is about sixty pounds of labour.",
                "rep: Our average client saves about nine hundred a month.",
            ),
            set(),
            False,
        ),
        # ... figures the buyer gave long before the rep's turn
        (
            (
                "buyer: Roughly nine a week, and every one is about sixty pounds of labour.",
                *("buyer: Right." if i % 2 else "rep: Okay." for i in range(9)),
                "rep: So that's five hundred and forty a week going straight out the door.",
            ),
            set(),
            False,
        ),
    ],
)
def test_the_buyers_figures_multiplied_with_the_sums_unsaid_are_a_clear_return(lines, prices, worked):
    """The rep says only what two of the buyer's recent figures come to: a return however faintly heard."""
    transcript = transcript_of(*lines)
    features = [UtteranceFeatures(acts={}) for _ in lines]
    features[-1] = UtteranceFeatures(acts={"value_anchor": 0.05})
    last = len(lines) - 1
    after = return_acts(transcript, features, 0.5, None, {last: frozenset(prices)})
    assert after[-1].acts["value_anchor"] == pytest.approx(0.8 if worked else 0.05)
    # the buyer's turn the factors came from gave a number about their own problem
    metrics = returned_metrics(transcript, after)
    assert (max(metrics[i].acts.get("buyer_metric", 0.0) for i in range(last)) >= 0.5) is (worked and not prices)


def metrics_after(lines: list[tuple[str, dict]]) -> list[float]:
    transcript = transcript_of(*(line for line, _ in lines))
    features = [UtteranceFeatures(acts=acts) for _, acts in lines]
    return [f.acts.get("buyer_metric", 0.0) for f in returned_metrics(transcript, features)]


def test_the_buyers_figures_a_clear_return_works_from_are_a_buyer_metric():
    said = "buyer: we get maybe nine no-shows a week, mostly the two-hour slots"
    worth = "buyer: about sixty quid a slot"
    returned = "rep: so nine a week at sixty is five hundred and forty a week, call it twenty-eight grand a year"
    metrics = metrics_after(
        [
            (said, {"buyer_metric": 0.1}),
            ("rep: and what's a slot worth?", {}),
            (worth, {}),
            (returned, {"value_anchor": 0.9}),
        ]
    )
    assert metrics[0] >= 0.5
    # the same figures said back in a faint reading, or in a clear one that comes to nothing new, are no return
    faint = [(said, {"buyer_metric": 0.1}), (returned, {"value_anchor": 0.3})]
    assert metrics_after(faint)[0] == 0.1
    again = [(said, {"buyer_metric": 0.1}), ("rep: nine no-shows a week, right.", {"value_anchor": 0.9})]
    assert metrics_after(again)[0] == 0.1
    # a figure said back as the reply opens, then sums on figures of the rep's own, works from nothing of the turn
    heard = [
        ("buyer: nine", {"buyer_metric": 0.1}),
        (
            "rep: nine okay so at your rent of fifteen hundred, three days saved is a hundred and fifty a turn",
            {"value_anchor": 0.9},
        ),
    ]
    assert metrics_after(heard)[0] == 0.1
    # the rep's sums on figures of the rep's own leave the buyer's turn as it was heard
    own = [
        (said, {"buyer_metric": 0.1}),
        ("rep: our clinics save forty hours, about three grand a month", {"value_anchor": 0.9}),
    ]
    assert metrics_after(own)[0] == 0.1


@pytest.mark.parametrize(
    ("lines", "prices", "held"),
    [
        # the turn opens with the price the price pass read, worked out on the buyer's count
        (
            (
                "buyer: We've got nine groomers on the rota.",
                "rep: Okay, so it'd be sixty a month for all nine groomers.",
            ),
            {60.0},
            True,
        ),
        (
            (
                "buyer: About forty boats on the moorings.",
                "rep: It's twelve a boat a month, so forty boats is four eighty.",
            ),
            {12.0},
            True,
        ),
        # ... read clearly as well, up to a reading of sums
        (
            ("buyer: We've got nine groomers on the rota.", "rep: It's sixty a month for the salon and three tablets."),
            {60.0},
            True,
        ),
        # a return opens with the sums on the buyer's figures, whatever price the pass read in it
        (
            (
                "buyer: Two of us spend six hours a week on it.",
                "rep: Two of you at six hours is twelve hours a week, over five hundred a year, at thirty an hour.",
            ),
            {30.0},
            False,
        ),
        # the price set against what the problem costs is a return
        (
            (
                "buyer: We lose about four bookings a week.",
                "rep: It's sixty a month, and four lost bookings a week costs you more than that.",
            ),
            {60.0},
            False,
        ),
        # a turn the price pass read no price in
        (
            (
                "buyer: We've got nine groomers on the rota.",
                "rep: Okay, so it'd be sixty a month for all nine groomers.",
            ),
            set(),
            False,
        ),
    ],
)
def test_a_turn_that_opens_with_the_price_is_no_return(lines, prices, held):
    vocabulary = load_price_vocabulary(ROOT / "rules")
    for confidence in (0.35, 0.6):
        transcript = transcript_of(*lines)
        features = [UtteranceFeatures(acts={}), UtteranceFeatures(acts={"value_anchor": confidence})]
        named = {1: frozenset(prices)} if prices else {}
        after = return_acts(transcript, features, 0.5, vocabulary, named)[1].acts["value_anchor"]
        if held:
            assert after == pytest.approx(confidence * 0.5)
        else:
            assert after >= min(confidence, 0.35)


@pytest.mark.parametrize(
    ("lines", "prices", "source", "held"),
    [
        # the price the price pass read stands after the count it is for: a quote all the same
        (
            ("buyer: Go on then.", "rep: So that's five tills and the kiosk, six in all at thirty a till a month."),
            {30.0},
            "classifier",
            True,
        ),
        (
            (
                "buyer: We run about twenty vans out of two depots.",
                "rep: For the two depots it's seven hundred a month and the install is twelve hundred.",
            ),
            {1200.0},
            "classifier",
            True,
        ),
        # the price named, then set against what the problem costs the buyer: a return
        (
            (
                "buyer: We run about twenty vans.",
                "rep: It's seven hundred a month, and twenty vans idling costs you more than that in diesel.",
            ),
            {700.0},
            "classifier",
            False,
        ),
        # ... or the buyer's numbers worked out to a figure of the rep's own
        (
            (
                "buyer: We lose about 12 hours a week to the rota.",
                "rep: Twelve hours a week is about 600 hours a year back, and it's 700 a month.",
            ),
            {700.0},
            "classifier",
            False,
        ),
        # the same sums with no price read in the turn are left to the classifier
        (
            ("buyer: Go on then.", "rep: So that's five tills and the kiosk, six in all at thirty a till a month."),
            set(),
            "classifier",
            False,
        ),
        # the rep's words recall the buyer's numbers, told before the call: worked from them
        (
            (
                "buyer: It's still a lot for two sites.",
                "rep: You mentioned four hours a day on reminders. Across two sites that's about two thousand "
                "hours a year, some fifty thousand of staff time.",
            ),
            {50000.0},
            "pattern:value_anchor/your-numbers+classifier",
            False,
        ),
    ],
)
def test_a_turn_that_names_the_price_and_works_nothing_out_is_no_return(lines, prices, source, held):
    vocabulary = load_price_vocabulary(ROOT / "rules")
    transcript = transcript_of(*lines)
    reading = UtteranceFeatures(acts={"value_anchor": 0.7}, act_sources={"value_anchor": source})
    features = [UtteranceFeatures(acts={}), reading]
    named = {1: frozenset(prices)} if prices else {}
    after = return_acts(transcript, features, 0.5, vocabulary, named)[1].acts["value_anchor"]
    assert after == pytest.approx(0.35 if held else 0.7)


@pytest.mark.parametrize(
    ("lines", "prices", "held"),
    [
        # the price multiplied out on the buyer's count: the sums come to the price
        (
            ("buyer: There's nine of us driving.", "rep: It's thirty a van a month, so two seventy for your nine."),
            {270.0},
            True,
        ),
        (
            (
                "buyer: Six of us in the salon.",
                "rep: so for the six of you thats forty two each, two fifty two a month",
            ),
            {252.0},
            True,
        ),
        (
            (
                "buyer: we've got four sites",
                "rep: Right, four sites at a hundred and ten is four forty a month all in.",
            ),
            {440.0},
            True,
        ),
        # near misses: the buyer's count worked out to a cost of their problem beside the price
        (
            (
                "buyer: There's nine of us driving.",
                "rep: Nine vans at two hours a day is eighteen hours lost, and it's two seventy a month.",
            ),
            {270.0},
            False,
        ),
        # ... and a figure of the rep's own that the buyer's count does not take to the price
        (
            (
                "buyer: There's nine of us driving.",
                "rep: Nine vans home an hour earlier is forty-five hours a week, for two seventy a month.",
            ),
            {270.0},
            False,
        ),
    ],
)
def test_the_price_worked_out_on_the_buyers_count_is_no_return(lines, prices, held):
    vocabulary = load_price_vocabulary(ROOT / "rules")
    transcript = transcript_of(*lines)
    reading = UtteranceFeatures(acts={"value_anchor": 0.4}, act_sources={"value_anchor": "classifier"})
    features = [UtteranceFeatures(acts={}), reading]
    after = return_acts(transcript, features, 0.5, vocabulary, {1: frozenset(prices)})[1].acts["value_anchor"]
    assert after == pytest.approx(0.2 if held else 0.4)


@pytest.mark.parametrize(
    ("quote", "held"),
    [
        # the price quoted in its parts, set against nothing the problem costs: no anchor
        ("rep: So the yearly licence is 2,600, onboarding is 400, so 3,000 all in for year one.", True),
        # the same parts set against what the problem costs stand
        ("rep: The yearly licence is 2,600, against the 9,000 a year you lose to no-shows.", False),
    ],
)
def test_a_price_quoted_in_its_parts_is_no_anchor(quote, held):
    vocabulary = load_price_vocabulary(ROOT / "rules")
    reading = anchor_after("buyer: Go on, what's the damage?", quote, confidence=0.66, vocabulary=vocabulary)
    assert reading == pytest.approx(0.33 if held else 0.66)


@pytest.mark.parametrize(
    ("quote", "held"),
    [
        # the price corrected from last year's: an earlier price named, no cost of the problem
        (
            "rep: The app on its own is two-sixty a month, no, sorry, two-ninety, two-sixty was last year's. "
            "And the mapping module is another forty a month on top.",
            True,
        ),
        ("rep: Apologies, I had last year's list open: the licence is 3,200 a year.", True),
        # what the problem cost last year, set against the price, stands
        (
            "rep: Last year's overtime came to twelve thousand; at two-ninety a month the app is paid for in a quarter.",
            False,
        ),
        ("rep: The licence is 3,200 a year, against what you lost last year that's nothing.", False),
    ],
)
def test_a_price_corrected_from_last_years_is_no_anchor(quote, held):
    vocabulary = load_price_vocabulary(ROOT / "rules")
    reading = anchor_after("buyer: Prices?", quote, confidence=0.66, vocabulary=vocabulary)
    assert reading == pytest.approx(0.33 if held else 0.66)


@pytest.mark.parametrize(
    ("quote", "held"),
    [
        # the price before a rise named, and the new one: the rise read out, no return
        ("rep: So last season it was ninety a pitch, and for next season it's ninety five a pitch.", True),
        ("rep: last year you were on um 310 a month for the 40 tablets and from april it's 340", True),
        ("rep: the renewal is three pound a member a month now, it was two fifty last year", True),
        # the earlier price set against what the problem costs, or a time said as it was: left alone
        ("rep: Last year it was 310 a month, which is less than the one fine you paid in June.", False),
        ("rep: Last season it was six hours a week on the rota, and now it's two.", False),
    ],
)
def test_a_rise_read_out_by_the_rep_is_no_return(quote, held):
    vocabulary = load_price_vocabulary(ROOT / "rules")
    transcript = transcript_of("buyer: Go on, what's the damage this year?", quote)
    reading = UtteranceFeatures(acts={"value_anchor": 0.6}, act_sources={"value_anchor": "classifier"})
    after = return_acts(transcript, [UtteranceFeatures(acts={}), reading], 0.5, vocabulary)[1].acts["value_anchor"]
    assert after == pytest.approx(0.3 if held else 0.6)


@pytest.mark.parametrize(
    ("lines", "worked"),
    [
        # the buyer's count taken at a rate the rep guesses aloud to a sum told as the buyer's loss, as a question
        (
            (
                "buyer: On a wet Sunday maybe twenty-five tables cancel on us.",
                "rep: Twenty-five tables at, what, forty quid a head? That's a thousand a Sunday going begging?",
            ),
            True,
        ),
        # raw speech, the sum said in thousands
        (
            (
                "buyer: we throw out about sixty trays a week when the chiller trips",
                "rep: sixty trays at say three quid thats what nine grand a year straight in the bin",
            ),
            True,
        ),
        # two of the buyer's recent figures multiplied, only the result said, that the price pass would take
        # for the rep's price in a negotiation
        (
            (
                "buyer: about twelve parties a month walk out when the wait gets long",
                "rep: and what does a party spend with you",
                "buyer: eighty pounds or so",
                "rep: so it's nine hundred and sixty quid every month walking out",
            ),
            True,
        ),
        # near misses: the buyer's figure said back as a loss, no sum of the rep's own
        (
            (
                "buyer: On a wet Sunday maybe twenty-five tables cancel on us.",
                "rep: Twenty-five tables going begging, that hurts.",
            ),
            False,
        ),
        # ... the sums come to the product's price, no loss of the buyer's told
        (
            (
                "buyer: On a wet Sunday maybe twenty-five tables cancel on us.",
                "rep: For twenty-five tables the licence runs to four hundred and thirty a month.",
            ),
            False,
        ),
        # ... a loss of the rep's own margin
        (
            (
                "buyer: I'd pay four hundred for it.",
                "rep: At four hundred I'd be losing money, four fifty is where it sits.",
            ),
            False,
        ),
    ],
)
def test_sums_on_the_buyers_figures_told_as_their_loss_are_a_return(lines, worked):
    """The rep works the buyer's figures into a sum of their own and tells it as what the buyer goes without,
    said as a question as often as not: a return however faintly heard, and no price of the rep's."""
    vocabulary = load_price_vocabulary(ROOT / "rules")
    transcript = transcript_of(*lines)
    features = [UtteranceFeatures(acts={}) for _ in lines]
    features[-1] = UtteranceFeatures(acts={"value_anchor": 0.05}, act_sources={"value_anchor": "classifier"})
    after = return_acts(transcript, features, 0.5, vocabulary)
    assert after[-1].acts["value_anchor"] == pytest.approx(0.8 if worked else 0.05)
    assert (len(lines) - 1 in return_turns(transcript, features, vocabulary)) is worked


@pytest.mark.parametrize(
    ("lines", "summed"),
    [
        # the buyer's rate said in thousands as a word, the rep's sums saying it in full
        (
            (
                "buyer: Every late shipment is a penalty of about two grand, and we had five in spring.",
                "rep: So five late shipments at two thousand is ten thousand in penalties.",
            ),
            True,
        ),
        # near miss: the rate is the rep's own, not the buyer's
        (
            ("buyer: We run five depots.", "rep: So five depots at two thousand comes to ten thousand."),
            False,
        ),
    ],
)
def test_the_buyers_figure_said_in_thousands_is_the_amount(lines, summed):
    assert anchor_after(*lines, confidence=0.05) == pytest.approx(0.8 if summed else 0.05)


@pytest.mark.parametrize(
    ("lines", "summed"),
    [
        # one of the buyer's figures, a figure of the rep's own, the total said last
        (
            (
                "buyer: We do four emergency callouts a week, easily.",
                "rep: four callouts a week over forty five working weeks makes a hundred and eighty callouts.",
            ),
            True,
        ),
        (
            (
                "buyer: We throw out about sixty trays a month.",
                "rep: Sixty trays a month across a ten month season comes to six hundred trays.",
            ),
            True,
        ),
        # near misses: the rep's own rate on the buyer's count is the price worked out
        (
            (
                "buyer: We throw out about sixty trays a month.",
                "rep: At two pounds a tray for the labels, sixty trays comes to one twenty.",
            ),
            False,
        ),
        # ... the total said before the sums
        (
            (
                "buyer: We do four emergency callouts a week, easily.",
                "rep: A hundred and eighty callouts, roughly, is what four clients of ours save in forty five weeks.",
            ),
            False,
        ),
        # ... a small count kept as a word names a thing, no count ("room two")
        (
            (
                "buyer: And what about room two?",
                "rep: Room two would be thirty-five, so seventy for two of them.",
            ),
            False,
        ),
    ],
)
def test_the_reps_sums_said_out_on_one_of_the_buyers_figures_are_a_return(lines, summed):
    vocabulary = load_price_vocabulary(ROOT / "rules")
    assert anchor_after(*lines, confidence=0.05, vocabulary=vocabulary) == pytest.approx(0.8 if summed else 0.05)


@pytest.mark.parametrize(
    ("reply", "worked"),
    [
        ("rep: So that's around ten thousand down the drain every quarter.", True),
        # near misses: said without a hedge, not as worked out; a hedged figure too far from the sums
        ("rep: So that's ten thousand down the drain every quarter.", False),
        ("rep: So that's around eleven thousand down the drain every quarter.", False),
        ("rep: So that's around ten thousand four hundred down the drain every quarter.", False),
    ],
)
def test_the_buyers_figures_multiplied_and_said_round_are_a_return(reply, worked):
    lines = (
        "buyer: We scrapped fourteen batches last quarter.",
        "rep: And what's one batch worth to you?",
        "buyer: Seven hundred and twenty, roughly.",
        reply,
    )
    assert anchor_after(*lines, confidence=0.05) == pytest.approx(0.8 if worked else 0.05)


@pytest.mark.parametrize(
    ("reply", "summed"),
    [
        # what two of the buyer's figures come to, heard faintly: their sums, no price of the product
        ("rep: So twelve hundred or so gone on the crates.", True),
        # near miss: said a period, as a price is
        ("rep: It's twelve hundred a month.", False),
    ],
)
def test_a_faint_turn_the_buyers_figures_multiply_to_is_a_return_turn(reply, summed):
    lines = ("buyer: We lose about forty crates in a bad week.", "buyer: Thirty pounds a crate, near enough.", reply)
    features = [UtteranceFeatures(acts={}) for _ in lines]
    turns = return_turns(transcript_of(*lines), features, load_price_vocabulary(ROOT / "rules"))
    assert (2 in turns) is summed


@pytest.mark.parametrize(
    ("lines", "worked"),
    [
        # a count of the buyer's at a rate the rep asks inside the sums, the total said round, told as a loss
        (
            (
                "buyer: We cap it at a thousand. On a sunny Saturday I'd say a hundred and twenty no-shows.",
                "rep: So a hundred and twenty empty slots at, what's a ticket, nine pounds? That's over a thousand"
                " pounds a Saturday walking off, isn't it?",
            ),
            True,
        ),
        # two of the buyer's figures, minutes counted in hours, told as what the buyer pays for
        (
            (
                "buyer: My techs spend forty minutes on every work order, and we do about two hundred and fifty a month.",
                "rep: Forty minutes on two hundred and fifty is about a hundred and sixty-seven hours a month you're"
                " paying people to look for paper.",
            ),
            True,
        ),
        # near misses: the total too far from the sums
        (
            (
                "buyer: On a sunny Saturday I'd say a hundred and twenty no-shows.",
                "rep: So a hundred and twenty empty slots at nine pounds, that's over two thousand a Saturday it"
                " costs you.",
            ),
            False,
        ),
        # ... the sums told as no loss or cost of the buyer's: the price worked out on their count
        (
            (
                "buyer: We run about a hundred and twenty rooms.",
                "rep: So a hundred and twenty rooms at nine pounds comes to about eleven hundred a month.",
            ),
            False,
        ),
    ],
)
def test_the_reps_sums_said_round_on_the_buyers_figures_are_a_return(lines, worked):
    vocabulary = load_price_vocabulary(ROOT / "rules")
    assert anchor_after(*lines, confidence=0.05, vocabulary=vocabulary) == pytest.approx(0.8 if worked else 0.05)


def test_a_count_of_two_said_as_a_word_is_one_of_the_buyers_figures():
    lines = (
        "buyer: And we lose about two tonnes a month to bags we can't trace.",
        "rep: Two tonnes a month at, what, six hundred a tonne wholesale?",
        "buyer: Nearer five fifty for the stoneground.",
        "rep: So about eleven hundred pounds a month, thirteen thousand a year, going out of the door as feed.",
    )
    vocabulary = load_price_vocabulary(ROOT / "rules")
    assert anchor_after(*lines, confidence=0.05, vocabulary=vocabulary) == pytest.approx(0.8)
    # "two of us" counts people said as who, no figure of the buyer's problem
    lines = ("buyer: There's two of us doing it, at five fifty each.", *lines[3:])
    assert anchor_after(*lines, confidence=0.05, vocabulary=vocabulary) == pytest.approx(0.05)


def test_the_buyers_figures_summed_many_turns_later_are_a_buyer_metric():
    said = "buyer: We lose jobs in that gap. Two a month, easily, to whoever gets a price back the same day."
    rate = "buyer: Warehouse floors, mostly. Four grand a job, give or take."
    returned = "rep: Two jobs a month at four grand each is eight thousand a month you're handing to whoever's quicker."
    between = [("rep: So this is the survey on the tablet.", {}), ("buyer: And it prices it there and then?", {})] * 5
    lines = [(said, {}), ("rep: Decent-sized jobs?", {}), (rate, {}), *between, (returned, {"value_anchor": 0.9})]
    assert metrics_after(lines)[0] >= 0.5
    # the rep's own rate on the buyer's count is the price worked out: the buyer's turn stays as it was heard
    own = "rep: Two users at forty each is eighty a month."
    assert metrics_after([*lines[:-1], (own, {"value_anchor": 0.9})])[0] == 0.0


@pytest.mark.parametrize(
    ("line", "acts", "held"),
    [
        # the rep asks what the problem costs, a guess at most: no return yet, however clearly a pattern hears it
        (
            "rep: and the night checks what are they costing you now im guessing a couple of hundred a month in overtime",
            {"value_anchor": 0.6, "urgency_question": 0.85},
            True,
        ),
        # near miss: the same question worked on the buyer's figure
        (
            "rep: and at eight thousand fry a night what's that costing you, three thousand a night?",
            {"value_anchor": 0.6, "urgency_question": 0.85},
            False,
        ),
        # a concession's worth: what comes off the price, the buyer's budget said back
        (
            "rep: if i put the four tablets in free thats about three and a half thousand off so youd be just over twenty",
            {"value_anchor": 0.4, "price_concession": 0.95, "discount_offer": 0.7},
            True,
        ),
        # near misses: a concession that says no worth of its own ("meet in the middle at eleven") ...
        (
            "rep: you mentioned ten on the email and the twenty, im at twelve so lets meet in the middle at eleven",
            {"value_anchor": 0.4, "price_concession": 0.95, "discount_offer": 0.7},
            False,
        ),
        # ... and a question of the budget, which names the buyer's money as a return does
        (
            "rep: and last time you said the budget was twenty, and at eight thousand fry a night that's a lot",
            {"value_anchor": 0.6, "budget_question": 0.9},
            False,
        ),
        # near miss: the same figures with no concession read in the turn
        (
            "rep: the four tablets are about three and a half thousand of it so youd be just over twenty",
            {"value_anchor": 0.4},
            False,
        ),
    ],
)
def test_a_cost_asked_or_a_concessions_worth_is_no_return(line, acts, held):
    lines = ("buyer: we lost about eight thousand fry, and i cannot go over the twenty", line)
    transcript = transcript_of(*lines)
    features = [
        UtteranceFeatures(acts={}),
        UtteranceFeatures(acts=acts, act_sources={"value_anchor": "pattern:value_anchor/your-numbers"}),
    ]
    after = return_acts(transcript, features, 0.5, load_price_vocabulary(ROOT / "rules"))[-1].acts["value_anchor"]
    assert (after < 0.3) is held


@pytest.mark.parametrize(
    ("reply", "held"),
    [
        # the price told by the month and by the year, however clearly heard
        ("rep: So for your three boats it's a hundred and forty a month, about seventeen hundred a year.", True),
        # near miss: the year's price said beside the buyer's own figure may be set against it
        ("rep: So the twelve trips, and it's a hundred and forty a month, about seventeen hundred a year.", False),
    ],
)
def test_the_price_told_by_the_month_and_by_the_year_is_no_return(reply, held):
    lines = ("buyer: We cancel about twelve trips a month.", reply)
    transcript = transcript_of(*lines)
    features = [
        UtteranceFeatures(acts={}),
        UtteranceFeatures(acts={"value_anchor": 0.74}, act_sources={"value_anchor": "classifier"}),
    ]
    after = return_acts(transcript, features, 0.5, load_price_vocabulary(ROOT / "rules"), {1: frozenset({1700.0})})
    assert (after[-1].acts["value_anchor"] < 0.3) is held


def test_the_buyers_figures_multiplied_are_no_return_where_a_veto_says_what_the_figures_are():
    """The sums left unsaid are a guess: "four payments of three thousand six hundred" is the price split,
    however the buyer's nine hundred a day across four sites happens to multiply to it."""
    lines = (
        "buyer: We bin about nine hundred dumplings a day across the four sites.",
        "rep: The price stays, but I can split it into four quarterly payments of three thousand six hundred.",
    )
    vetoed = UtteranceFeatures(
        acts={"value_anchor": 0.08}, act_sources={"value_anchor": "classifier-veto:value_anchor/veto-payments-of"}
    )
    after = return_acts(transcript_of(*lines), [UtteranceFeatures(acts={}), vetoed], 0.5, None)
    assert after[-1].acts["value_anchor"] == pytest.approx(0.08)
    # unvetoed, the same sums are the buyer's
    heard = UtteranceFeatures(acts={"value_anchor": 0.08})
    after = return_acts(transcript_of(*lines), [UtteranceFeatures(acts={}), heard], 0.5, None)
    assert after[-1].acts["value_anchor"] == pytest.approx(0.8)


@pytest.mark.parametrize(
    ("reply", "held"),
    [
        (
            "rep: So the quote is forty a seat a month, and with the six seats you asked for that's two hundred and forty a month.",
            True,
        ),
        ("rep: It's thirty a van a month, so for your eight vans that's two hundred and forty a month.", True),
        # a sum set against what the problem costs is a return
        (
            "rep: At forty a seat a month, six seats is two hundred and forty a month, against the three grand you lose.",
            False,
        ),
    ],
)
def test_a_rate_of_the_price_multiplied_out_on_a_count_is_no_return_however_clearly_heard(reply, held):
    vocabulary = load_price_vocabulary(ROOT / "rules")
    lines = ("buyer: We do about a hundred and twenty rugs a week.", reply)
    reading = UtteranceFeatures(acts={"value_anchor": 0.92}, act_sources={"value_anchor": "classifier"})
    after = return_acts(transcript_of(*lines), [UtteranceFeatures(acts={}), reading], 0.5, vocabulary)
    assert (after[-1].acts["value_anchor"] < 0.3) is held
