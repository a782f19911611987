"""The buyer's answer to an urgency question, on hand-made calls: impact in figures is urgency."""

from __future__ import annotations

import pytest

from pipeline.analysis.urgency import answered_urgency
from pipeline.model import Transcript, Utterance, UtteranceFeatures
from tests.analysis.calls import readings_after, transcript_of


def urgency(lines: list[tuple[str, dict]]) -> list[float]:
    return readings_after(answered_urgency, "urgency_statement", lines)


def test_an_answer_in_figures_to_a_why_now_states_the_impact():
    question = ("rep: And what happens if the rota stays on paper through the summer?", {"urgency_question": 0.9})
    answer = (
        "buyer: We pay agency cover, about nine hundred a week, and two nurses left last year over it.",
        {"urgency_statement": 0.2, "buyer_metric": 0.8},
    )
    assert urgency([question, answer])[1] >= 0.5
    # the same words with no question before them, or a second buyer turn, stay as read
    assert urgency([("rep: Thanks for the tour.", {}), answer])[1] == 0.2
    assert urgency([question, ("buyer: Good question.", {}), answer])[2] == 0.2


def test_a_clear_answer_in_figures_to_a_clear_impact_question_states_the_impact_however_faintly_heard():
    question = ("rep: And if the autumn goes like last year, what does that cost you?", {"urgency_question": 0.9})
    answer = (
        "buyer: We turned down about forty boiler jobs last autumn.",
        {"urgency_statement": 0.06, "buyer_metric": 0.9},
    )
    assert urgency([question, answer])[1] >= 0.5
    # asked only faintly, or answered with figures heard only faintly, the answer stays as read
    faint_question = (question[0], {"urgency_question": 0.6})
    assert urgency([faint_question, answer])[1] == 0.06
    faint_figures = (answer[0], {"urgency_statement": 0.06, "buyer_metric": 0.6})
    assert urgency([question, faint_figures])[1] == 0.06


def test_an_answer_without_figures_stays_as_read():
    question = ("rep: What made you look at this now?", {"urgency_question": 0.9})
    answer = ("buyer: Just curious, honestly, show me the thing.", {"urgency_statement": 0.2})
    assert urgency([question, answer])[1] == 0.2


def test_an_answer_to_a_why_now_that_names_a_point_in_the_calendar_gives_the_deadline():
    question = ("rep: Why look at this now rather than next year?", {"urgency_question": 0.9})
    # the spaCy pass marks the deadline's vocabulary as a cue of the act (urgency_statement/cue-deadline)
    answer = ("buyer: Our head chef leaves in April, and the recipes live in her head.", {"urgency_statement": 0.05})
    lines = [question, answer]
    utterances_cues = [frozenset(), frozenset({"urgency_statement"})]
    assert readings_with_cues(lines, utterances_cues)[1] >= 0.5
    # without the question, or without a point in the calendar, the answer stays as read
    assert readings_with_cues([("rep: Thanks for the tour.", {}), answer], utterances_cues)[1] == 0.05
    assert readings_with_cues(lines, [frozenset(), frozenset()])[1] == 0.05


def test_a_volunteered_deadline_with_what_rides_on_it_is_urgency_however_faintly_heard():
    # the spaCy pass marks a point in the calendar (urgency_statement) and a demand or a loss (urgency_stakes)
    line = (
        "buyer: From June the insurer wants every lift logged, or they'll stop covering the crane.",
        {"urgency_statement": 0.15},
    )
    opener = ("rep: How are lifts logged at the moment?", {})
    both = [frozenset(), frozenset({"urgency_statement", "urgency_stakes"})]
    assert readings_with_cues([opener, line], both)[1] >= 0.5
    # a date alone, stakes alone, or a turn where urgency is not heard at all stay as read
    assert readings_with_cues([opener, line], [frozenset(), frozenset({"urgency_statement"})])[1] == 0.15
    assert readings_with_cues([opener, line], [frozenset(), frozenset({"urgency_stakes"})])[1] == 0.15
    unheard = (line[0], {"urgency_statement": 0.05})
    assert readings_with_cues([opener, unheard], both)[1] == 0.05


def readings_with_cues(lines: list[tuple[str, dict]], cues: list[frozenset]) -> list[float]:
    utterances = [
        Utterance(speaker=line.split(": ", 1)[0], start=float(i), end=i + 0.9, text=line.split(": ", 1)[1])
        for i, (line, _) in enumerate(lines)
    ]
    features = [UtteranceFeatures(acts=acts, cues=cue) for (_, acts), cue in zip(lines, cues, strict=True)]
    updated = answered_urgency(Transcript("c-1", "rep_ana", utterances), features)
    return [f.acts.get("urgency_statement", 0.0) for f in updated]


def test_an_answer_holding_figures_the_classifier_does_not_hear_as_a_metric_states_the_impact():
    question = (
        "rep: And what happens if the spring rush hits and the rota's still on paper?",
        {"urgency_question": 0.9},
    )
    answer = (
        "buyer: Same as last spring. We paid about four thousand in overtime because nobody knew who was on.",
        {"urgency_statement": 0.15, "buyer_metric": 0.05},
    )
    # the spaCy pass finds the money in the answer
    money = [("MONEY", "about four thousand")]
    assert readings_with_entities([question, answer], [[], money])[1] >= 0.5
    # without a figure, or without the question before it, the answer stays as read
    assert readings_with_entities([question, answer], [[], []])[1] == 0.15
    assert readings_with_entities([("rep: Thanks for the tour.", {}), answer], [[], money])[1] == 0.15


def test_a_bare_one_is_no_figure_of_the_problem():
    question = ("rep: What made you get in touch this month?", {"urgency_question": 0.9})
    answer = (
        "buyer: Summer, really. One of the big hotels mentioned us and the phone hasn't stopped.",
        {"urgency_statement": 0.15, "buyer_metric": 0.05},
    )
    assert readings_with_entities([question, answer], [[], [("CARDINAL", "One")]])[1] == 0.15


def readings_with_entities(lines: list[tuple[str, dict]], entities: list[list[tuple[str, str]]]) -> list[float]:
    utterances = [
        Utterance(speaker=line.split(": ", 1)[0], start=float(i), end=i + 0.9, text=line.split(": ", 1)[1])
        for i, (line, _) in enumerate(lines)
    ]
    features = [
        UtteranceFeatures(acts=acts, entities=found, quantity=bool(found))
        for (_, acts), found in zip(lines, entities, strict=True)
    ]
    updated = answered_urgency(Transcript("c-1", "rep_ana", utterances), features)
    return [f.acts.get("urgency_statement", 0.0) for f in updated]


def test_a_clear_urgency_question_presents_no_product_however_faintly_a_pitch_is_heard_in_it():
    question = (
        "rep: Before the screens, what happens if the autumn orders land and it's all still on the whiteboard?",
        {"urgency_question": 0.9, "solution_pitch": 0.4},
    )
    pitch = readings_after(answered_urgency, "solution_pitch", [question])
    assert pitch[0] < 0.3
    # asked only faintly, or a pitch heard clearly, the turn stays as read
    faint = (question[0], {"urgency_question": 0.6, "solution_pitch": 0.4})
    assert readings_after(answered_urgency, "solution_pitch", [faint])[0] == 0.4
    clear = (question[0], {"urgency_question": 0.9, "solution_pitch": 0.7})
    assert readings_after(answered_urgency, "solution_pitch", [clear])[0] == 0.7


@pytest.mark.parametrize(
    ("line", "urgency_question", "demo", "source", "shown"),
    [
        # a clear why-now question that mentions what the buyer has seen shows nothing
        ("rep: So you've had the brochure. Why are you after new tills now?", 0.9, 0.5, "classifier", False),
        (
            "rep: right so um youve seen the video so why this now",
            0.86,
            0.55,
            "classifier",
            False,
        ),
        ("rep: I know you've had a play with the trial. Why this spring?", 0.85, 0.4, "classifier", False),
        # ... a demo start heard clearly, read by a pattern or on screen, or the question asked faintly, stays
        ("rep: So you've had the brochure. Why are you after new tills now?", 0.9, 0.7, "classifier", True),
        ("rep: Let me share my screen. Why now, by the way?", 0.9, 0.5, "pattern:demo_start/share-screen", True),
        ("rep: Have you had a look at the brochure?", 0.3, 0.5, "classifier", True),
    ],
)
def test_a_clear_urgency_question_shows_nothing_however_faintly_a_demo_start_is_heard_in_it(
    line, urgency_question, demo, source, shown
):
    utterances = [Utterance(speaker="rep", start=0.0, end=0.9, text=line.split(": ", 1)[1])]
    features = [
        UtteranceFeatures(
            acts={"urgency_question": urgency_question, "demo_start": demo}, act_sources={"demo_start": source}
        )
    ]
    updated = answered_urgency(Transcript("c-1", "rep_ana", utterances), features)
    assert (updated[0].acts["demo_start"] == demo) is shown


def test_the_fix_needed_in_place_by_a_point_in_the_calendar_is_the_deadline_however_faintly_heard():
    # the spaCy pass marks the point in the calendar (urgency_statement) and the fix needed by then
    # (urgency_needed_by); nobody asked, and the classifier hears no urgency at all
    opener = ("rep: So how do the orders come in at the moment?", {})
    line = ("buyer: Mostly by phone, and I need the new system sorted before March really.", {})
    needed = [frozenset(), frozenset({"urgency_statement", "urgency_needed_by"})]
    assert readings_with_cues([opener, line], needed)[1] >= 0.5
    # a point in the calendar alone, or the need alone (by a day of the week), stay as read
    assert readings_with_cues([opener, line], [frozenset(), frozenset({"urgency_statement"})])[1] == 0.0
    assert readings_with_cues([opener, line], [frozenset(), frozenset({"urgency_needed_by"})])[1] == 0.0


def test_an_answer_saying_what_rides_on_it_states_the_impact_however_faintly_heard():
    question = ("rep: And what happens if it's still like this next winter?", {"urgency_question": 0.9})
    answer = "buyer: Honestly, Maeve's said she'll quit. And then there's no league."
    stakes = [frozenset(), frozenset({"urgency_stakes"})]
    assert readings_with_cues([question, (answer, {})], stakes)[1] >= 0.5
    # not asked, or answered with nothing riding on it, the answer stays as read
    assert readings_with_cues([("rep: How do you run the league now?", {}), (answer, {})], stakes)[1] == 0.0
    plain = ("buyer: Same as now, I suppose.", {})
    assert readings_with_cues([question, plain], [frozenset(), frozenset()])[1] == 0.0
    # an answer that counts something is left to the readings of figures
    counted = [(question[0], {"urgency_question": 0.9}), ("buyer: One of the two coaches said she'll quit.", {})]
    utterances = [
        Utterance(speaker=line.split(": ", 1)[0], start=float(i), end=i + 0.9, text=line.split(": ", 1)[1])
        for i, (line, _) in enumerate(counted)
    ]
    features = [
        UtteranceFeatures(acts=counted[0][1]),
        UtteranceFeatures(cues=frozenset({"urgency_stakes"}), quantity=True),
    ]
    updated = answered_urgency(Transcript("c-1", "rep_ana", utterances), features)
    assert updated[1].acts.get("urgency_statement", 0.0) == 0.0


def pitch_with_cues(lines: list[tuple[str, dict]], cues: list[frozenset]) -> list[float]:
    utterances = [
        Utterance(speaker=line.split(": ", 1)[0], start=float(i), end=i + 0.9, text=line.split(": ", 1)[1])
        for i, (line, _) in enumerate(lines)
    ]
    features = [UtteranceFeatures(acts=acts, cues=cue) for (_, acts), cue in zip(lines, cues, strict=True)]
    updated = answered_urgency(Transcript("c-1", "rep_ana", utterances), features)
    return [f.acts.get("solution_pitch", 0.0) for f in updated]


@pytest.mark.parametrize(
    "cue, line, acts, pitched",
    [
        # the spaCy pass marks what the product spares the buyer (product_benefit) or gives them
        # (product_gain); the classifier hears a recap faintly, as much a comparison with nothing as a pitch
        (
            "product_benefit",
            "rep: So it's the full set, forty colours, on reels that clip together so they don't slide about in the van.",
            {"competitor_differentiation": 0.12, "solution_pitch": 0.06},
            True,
        ),
        (
            "product_benefit",
            "rep: right so the panels come pre cut so your fitters skip the measuring step",
            {"solution_pitch": 0.08, "technical_detail": 0.08},
            True,
        ),
        (
            "product_gain",
            "rep: so its the screw top tubs the lids are sealed at the bakery so you get a full week on the shelf",
            {"competitor_differentiation": 0.09, "technical_detail": 0.1},
            True,
        ),
        # the same words after a favour, heard as no product, stay as read
        (
            "product_benefit",
            "rep: I'll email the sheet tonight so you're not waiting on me.",
            {"next_step": 0.9},
            False,
        ),
        (
            "product_benefit",
            "rep: I'll put the first month in free so you're not paying twice.",
            {"discount_offer": 0.9},
            False,
        ),
        (
            "product_gain",
            "rep: I'll send the revised quote tonight so you can sell it to your partner.",
            {"next_step": 0.9},
            False,
        ),
        # a recap saying nothing it spares or gives stays as read
        (
            None,
            "rep: So it's the full set, forty colours, on reels that clip together so they don't slide about in the van.",
            {"competitor_differentiation": 0.12, "solution_pitch": 0.06},
            False,
        ),
    ],
)
def test_what_the_product_spares_or_gives_the_buyer_in_a_turn_heard_presenting_it_is_a_pitch(cue, line, acts, pitched):
    pitch = pitch_with_cues([(line, acts)], [frozenset({cue} if cue else ())])[0]
    if pitched:
        assert pitch >= 0.3
    else:
        assert pitch == acts.get("solution_pitch", 0.0)


@pytest.mark.parametrize(
    ("line", "acts", "cues", "held"),
    [
        # a price objection, unasked, with no deadline, stakes or fix needed by a time: its tone is no urgency
        (
            "buyer: Honestly that's way past what we'd set aside for the year.",
            {"price_pushback": 0.95},
            set(),
            True,
        ),
        ("buyer: three hundred a month is a lot for a till to be honest", {"price_pushback": 0.97}, set(), True),
        # the objection with a deadline, what rides on it, or the fix needed by then keeps its urgency
        (
            "buyer: It's steep, and we need it running before Easter.",
            {"price_pushback": 0.95},
            {"urgency_statement", "urgency_needed_by"},
            False,
        ),
        (
            "buyer: That's a lot, but if the inspector comes back we lose the licence.",
            {"price_pushback": 0.95},
            {"urgency_stakes"},
            False,
        ),
        # pushback heard only faintly, or none, stays as read
        ("buyer: We lost two weddings over it, it's a lot of money.", {"price_pushback": 0.6}, set(), False),
        ("buyer: The spreadsheet keeps eating our bookings.", {}, set(), False),
    ],
)
def test_a_price_objection_with_no_cue_of_urgency_holds_its_faint_urgency_down(line, acts, cues, held):
    opener = ("rep: So that's the quote for the year.", {})
    answer = (line, {"urgency_statement": 0.35, **acts})
    reading = readings_with_cues([opener, answer], [frozenset(), frozenset(cues)])[1]
    assert (reading < 0.3) is held
    # asked why now, the same turn is the answer and stays as read or raised
    asked = ("rep: So why look at this now, out of interest?", {"urgency_question": 0.9})
    assert readings_with_cues([asked, answer], [frozenset(), frozenset(cues)])[1] >= 0.35


@pytest.mark.parametrize(
    ("lines", "pitched"),
    [
        # the rep's statement right after the buyer's stated urgency, heard at all as presenting the product,
        # offers the product as the answer
        (
            [
                (
                    "buyer: We lose two weekends every spring to the backlog, and the fair is in April.",
                    {"urgency_statement": 0.9},
                ),
                ("rep: So the plan covers two visits before March and parts at cost.", {"solution_pitch": 0.2}),
            ],
            True,
        ),
        (
            [
                ("buyer: the cooler has to be in by june or the council shuts the kitchen", {"urgency_statement": 0.6}),
                (
                    "rep: right so the unit is twin fan with a defrost timer so the ice never builds",
                    {"competitor_differentiation": 0.25},
                ),
            ],
            True,
        ),
        # after the buyer's nod, or a turn heard only faintly as urgency, the rep as often recaps the deal
        (
            [
                ("buyer: Last winter the pipes burst twice and we closed for a week.", {"urgency_statement": 0.95}),
                (
                    "rep: A week shut, at your takings, is a lot. Here's the quote again.",
                    {"competitor_differentiation": 0.05},
                ),
                ("buyer: Right.", {}),
                (
                    "rep: The quote has the plumber visits and the parts, as we said.",
                    {"solution_pitch": 0.1, "technical_detail": 0.1},
                ),
            ],
            False,
        ),
        (
            [
                ("buyer: We run twelve vans out of the one yard.", {"urgency_statement": 0.35}),
                ("rep: So the plan covers all twelve and the yard gate.", {"solution_pitch": 0.2}),
            ],
            False,
        ),
        # a question asked back is no answer with the product
        (
            [
                ("buyer: We lose two weekends every spring to the backlog.", {"urgency_statement": 0.9}),
                ("rep: And what does a lost weekend cost you, roughly?", {"solution_pitch": 0.2}),
            ],
            False,
        ),
        # a turn heard as no product (a price, a next step) stays as read
        (
            [
                ("buyer: We lose two weekends every spring to the backlog.", {"urgency_statement": 0.9}),
                ("rep: Understood. I'll send the quote over tonight.", {"solution_pitch": 0.05}),
            ],
            False,
        ),
        # ... a term of the deal said with it, the price not spoken of, takes nothing from the answer
        (
            [
                ("buyer: The floats have to be in before Easter or we lose the regatta.", {"urgency_statement": 0.9}),
                (
                    "rep: They're sealed at the seams so nothing sits wet over the bank holiday, and I can have them on the van Monday.",
                    {"solution_pitch": 0.2},
                    {"next_step"},
                ),
            ],
            True,
        ),
        # a reply that holds the price or speaks of it, a fee or a discount, talks of what the price buys
        (
            [
                ("buyer: If the boiler goes again in January we shut the pool.", {"urgency_statement": 0.9}),
                (
                    "rep: That's what the price pays for, the night callouts and the spares, so I'd rather not cut it.",
                    {"solution_pitch": 0.2},
                    {"discount_refusal"},
                ),
            ],
            False,
        ),
        (
            [
                ("buyer: we need it in before the season or we lose the school bookings", {"urgency_statement": 0.8}),
                (
                    "rep: ok so the plan has the two visits and i'll knock the callout fee off",
                    {"solution_pitch": 0.2},
                    {"discount_offer"},
                ),
            ],
            False,
        ),
        # no urgency stated before it, or stated long before, the faint reading stays as read
        (
            [
                ("buyer: We're a small yard, just the two of us.", {}),
                ("rep: So the plan covers two visits a year and parts at cost.", {"solution_pitch": 0.2}),
            ],
            False,
        ),
        (
            [
                ("buyer: We lose two weekends every spring to the backlog.", {"urgency_statement": 0.9}),
                ("rep: How many staff do you have?", {}),
                ("buyer: Four.", {}),
                ("rep: And who does the books?", {}),
                ("buyer: My sister.", {}),
                ("rep: So the plan covers two visits a year and parts at cost.", {"solution_pitch": 0.2}),
            ],
            False,
        ),
    ],
)
def test_the_reps_statement_presenting_the_product_after_the_buyers_urgency_answers_it(lines, pitched):
    utterances = [
        Utterance(speaker=line.split(": ", 1)[0], start=float(i), end=i + 0.9, text=line.split(": ", 1)[1])
        for i, (line, *_) in enumerate(lines)
    ]
    features = [
        UtteranceFeatures(
            acts=line[1], question=line[0].endswith("?"), cues=frozenset(line[2] if len(line) > 2 else ())
        )
        for line in lines
    ]
    updated = answered_urgency(Transcript("c-1", "rep_ana", utterances), features)
    last_acts = lines[-1][1]
    pitch = updated[-1].acts.get("solution_pitch", 0.0)
    if pitched:
        assert pitch >= 0.3
    else:
        assert pitch == last_acts.get("solution_pitch", 0.0)


@pytest.mark.parametrize(
    ("buyer", "buyer_cues", "rep", "rep_cues", "deadline"),
    [
        # a point in the calendar the rep's reply at once plans around is the deadline
        (
            "buyer: The new stock lands in April and the old shelving won't take it.",
            {"urgency_statement"},
            "rep: Then let's make sure the racks are in before April.",
            {"urgency_taken_up"},
            True,
        ),
        (
            "buyer: we open for the summer at the start of june",
            {"urgency_statement"},
            "rep: right then lets get your crews on it by may",
            {"urgency_taken_up"},
            True,
        ),
        # a point in the calendar the reply does not build on stays as read
        (
            "buyer: The new stock lands in April and the old shelving won't take it.",
            {"urgency_statement"},
            "rep: How many racks do you have now?",
            set(),
            False,
        ),
        # ... and so does a turn with no point in the calendar that the reply takes up
        (
            "buyer: It's just me on Tuesdays, so I haven't got long.",
            set(),
            "rep: Then let's keep it short.",
            {"urgency_taken_up"},
            False,
        ),
    ],
)
def test_a_point_in_the_calendar_the_reps_reply_takes_as_its_premise_is_the_deadline(
    buyer, buyer_cues, rep, rep_cues, deadline
):
    readings = readings_with_cues(
        [(buyer, {"urgency_statement": 0.1}), (rep, {})], [frozenset(buyer_cues), frozenset(rep_cues)]
    )
    assert (readings[0] >= 0.5) is deadline


def pitch_of(line: str, acts: dict, question: bool = False) -> float:
    utterances = [Utterance(speaker=line.split(": ", 1)[0], start=0.0, end=0.9, text=line.split(": ", 1)[1])]
    features = [UtteranceFeatures(acts=acts, question=question)]
    return answered_urgency(Transcript("c-1", "rep_ana", utterances), features)[0].acts.get("solution_pitch", 0.0)


@pytest.mark.parametrize(
    ("line", "acts", "question", "pitched"),
    [
        # the return worked in the buyer's figures, with the product at work in it, offers it as the answer
        (
            "rep: So that's about four grand a year in spoiled trays, and with the chilled vans you'd keep nearly all of it.",
            {"value_anchor": 0.85, "solution_pitch": 0.2, "competitor_differentiation": 0.02},
            False,
            True,
        ),
        (
            "rep: Then that's nine hundred a month in missed bookings. The online diary takes them overnight, so "
            "even half of that back pays for it twice.",
            {"value_anchor": 0.9, "solution_pitch": 0.2},
            False,
            True,
        ),
        (
            "rep: right so twenty jobs at sixty quid thats twelve hundred a month and ours does the reminders "
            "so you get most of that back",
            {"value_anchor": 0.7, "solution_pitch": 0.03, "competitor_differentiation": 0.18},
            False,
            True,
        ),
        # the cost of the problem alone, heard as no product, a return heard faintly, or one asked, stay as read
        (
            "rep: So that's about four grand a year in spoiled trays, call it eighty a week.",
            {"value_anchor": 0.9, "solution_pitch": 0.07, "technical_detail": 0.04},
            False,
            False,
        ),
        (
            "rep: So that's about four grand a year, and the vans would help with some of it.",
            {"value_anchor": 0.4, "solution_pitch": 0.1},
            False,
            False,
        ),
        # ... and so does a sum of the quote
        (
            "rep: so thats forty a month on the annual plan and the setup on top which covers both vans",
            {"value_anchor": 0.75, "solution_pitch": 0.05},
            False,
            False,
        ),
        (
            "rep: Right, the quote's two hundred for the fitting and then sixty a month for the three sites.",
            {"value_anchor": 0.7, "solution_pitch": 0.1},
            False,
            False,
        ),
        (
            "rep: So that's twenty jobs a month. What do you charge for a job?",
            {"value_anchor": 0.85, "solution_pitch": 0.05},
            True,
            False,
        ),
    ],
)
def test_the_return_in_the_buyers_figures_with_the_product_in_it_is_a_pitch(line, acts, question, pitched):
    pitch = pitch_of(line, acts, question)
    if pitched:
        assert pitch >= 0.3
    else:
        assert pitch == acts.get("solution_pitch", 0.0)


CHECKED = frozenset({"urgency_date_check", "urgency_recalled"})


@pytest.mark.parametrize(
    ("check", "check_cues", "answer", "answer_cues", "raised"),
    [
        # the rep checks the month the buyer gave before, and the buyer confirms it, yes first or the month back
        (
            "rep: And your insurance runs out in June, you said?",
            CHECKED,
            "buyer: Yeah. And after that it's double the rate.",
            frozenset(),
            True,
        ),
        (
            "rep: the tasting you mentioned thats october yeah?",
            CHECKED,
            "buyer: early october and half the orders for the year come off it",
            frozenset({"urgency_statement"}),
            True,
        ),
        # the buyer puts the rep right, or the rep checks a month without recalling the buyer's words
        (
            "rep: You said the audit's in June, right?",
            CHECKED,
            "buyer: No, they moved it to next year.",
            frozenset(),
            False,
        ),
        (
            "rep: So we'd start you in June, right?",
            frozenset({"urgency_date_check"}),
            "buyer: Yeah, fine.",
            frozenset(),
            False,
        ),
        # the recall without a month checked
        (
            "rep: You mentioned the two vans, is that right?",
            frozenset({"urgency_recalled"}),
            "buyer: Yes, two.",
            frozenset(),
            False,
        ),
    ],
)
def test_a_month_the_buyer_gave_before_confirmed_when_the_rep_checks_it_is_the_deadline(
    check, check_cues, answer, answer_cues, raised
):
    lines = [(check, {}), (answer, {"urgency_statement": 0.04})]
    assert (readings_with_cues(lines, [check_cues, answer_cues])[1] >= 0.5) is raised


def test_the_buyer_saying_there_is_no_hurry_before_the_pitch_states_no_urgency():
    lines = [
        ("rep: Hello Bronwen, how's the kiln today?", {}),
        ("buyer: Cooling down. We're shut for stocktake until the spring fair.", {"urgency_statement": 0.7}),
        ("rep: So why this winter, of all of them?", {"urgency_question": 0.9}),
        ("buyer: Not really, we're not in a hurry. The fair opens in April.", {"urgency_statement": 0.2}),
        ("rep: Sure. So the planner takes each firing and books the glaze slots.", {"solution_pitch": 0.9}),
    ]
    dated = frozenset({"urgency_statement"})
    denied = [frozenset(), dated, frozenset(), dated | {"urgency_denied"}, frozenset()]
    readings = readings_with_cues(lines, denied)
    # what the buyer said up to the denial, and the dated answer that denies, state no urgency
    assert readings[1] < 0.3 and readings[3] < 0.3
    # the same call with no denial: the opening remark stands and the dated answer counts
    readings = readings_with_cues(lines, [frozenset(), dated, frozenset(), dated, frozenset()])
    assert readings[1] == 0.7 and readings[3] >= 0.5


def test_a_comparison_on_a_rivals_terms_presents_no_product():
    stated = ("buyer: The show opens in May, and a year ago half the bookings went astray.", {"urgency_statement": 0.9})
    terms = (
        "rep: Ledgerline bill by the booking, so a busy May costs you twice there.",
        {"competitor_differentiation": 0.85},
    )
    # after the buyer's urgency, a comparison on the rival's terms is no product offered as the answer
    cues = [frozenset({"urgency_statement"}), frozenset({"competitor_differentiation", "rival_terms"})]
    transcript = transcript_of([stated[0], terms[0]])
    feats = [UtteranceFeatures(acts=dict(acts), cues=cue) for (_, acts), cue in zip([stated, terms], cues, strict=True)]
    assert answered_urgency(transcript, feats)[1].acts.get("solution_pitch", 0.0) == 0.0
    # a comparison said of the product's own edge is
    feats[1] = UtteranceFeatures(acts=dict(terms[1]), cues=frozenset({"competitor_differentiation"}))
    assert answered_urgency(transcript, feats)[1].acts.get("solution_pitch", 0.0) >= 0.3
    # and a "no hurry" after a comparison on a rival's terms is still said before the pitch
    lines = [
        ("buyer: The kiln room floods every April, it's a mess.", {"urgency_statement": 0.7}),
        terms,
        ("buyer: We're not in a hurry, mind.", {}),
        ("rep: So the planner books each firing for you.", {"solution_pitch": 0.9}),
    ]
    denied = [frozenset(), cues[1], frozenset({"urgency_denied"}), frozenset()]
    assert readings_with_cues(lines, denied)[0] < 0.3


def test_no_hurry_said_after_the_pitch_reaches_back_to_nothing():
    lines = [
        ("rep: What's behind the timing?", {"urgency_question": 0.9}),
        ("buyer: The brewery tour season opens in May and we lost bookings last year.", {"urgency_statement": 0.8}),
        ("rep: So the booking page takes deposits and fills the tour slots for you.", {"solution_pitch": 0.9}),
        ("buyer: Lovely. Send the contract whenever, we're not in a hurry.", {}),
    ]
    cues = [frozenset(), frozenset({"urgency_statement"}), frozenset(), frozenset({"urgency_denied"})]
    assert readings_with_cues(lines, cues)[1] == 0.8


def test_the_buyers_answer_to_the_rep_recalling_what_they_said_before_answers_it_as_a_why_now():
    hello = ("buyer: Hello, I'm in the lambing shed, so the line may cut.", {})
    recall = "rep: When we first talked, you said the lambing sheds were the worry."
    answer = (
        "buyer: They are. We lost forty-odd lambs in March to chills, and the bank won't carry another year like it.",
        {"urgency_statement": 0.2, "buyer_metric": 0.7},
    )
    stakes = frozenset({"urgency_stakes"})
    recalled = [frozenset(), frozenset({"urgency_recalled"}), stakes]
    assert readings_with_cues([hello, (recall, {}), answer], recalled)[2] >= 0.5
    # a rep's turn that recalls nothing, or the recall in the greeting before the buyer has said a word,
    # leaves the same answer as read
    plain = [frozenset(), frozenset(), stakes]
    assert readings_with_cues([hello, ("rep: Thanks for the tour.", {}), answer], plain)[2] == 0.2
    assert readings_with_cues([(recall, {}), answer], recalled[1:])[1] == 0.2
    # what the buyer confirms of a count ("still three vans, yes, and a fourth in spring") puts nothing at stake
    counted = (
        "buyer: Still three vans, yes, and we'd like a fourth in spring.",
        {"urgency_statement": 0.2, "buyer_metric": 0.7},
    )
    only_recalled = [frozenset(), frozenset({"urgency_recalled"}), frozenset()]
    assert readings_with_cues([hello, (recall, {}), counted], only_recalled)[2] == 0.2


def test_a_question_recalling_what_the_buyer_said_shows_nothing():
    def demo_after(text: str, question: bool) -> float:
        call = transcript_of(["buyer: Morning, go ahead.", f"rep: {text}"])
        features = [
            UtteranceFeatures(),
            UtteranceFeatures(
                acts={"demo_start": 0.55},
                act_sources={"demo_start": "classifier"},
                question=question,
                cues=frozenset({"urgency_recalled"}),
            ),
        ]
        return answered_urgency(call, features)[1].acts["demo_start"]

    assert demo_after("So the county inspector visits after Easter, from what you wrote?", True) == 0.0
    # said, not asked, the same recall keeps what the classifier heard
    assert demo_after("From what you wrote, the inspector visits after Easter.", False) == 0.55


def test_an_answer_telling_what_the_buyer_pays_now_states_no_urgency():
    question = ("rep: And what does the old booking tool set you back these days?", {"urgency_question": 0.9})
    spend = frozenset({"budget_answer", "urgency_statement"})
    paid = (
        "buyer: Slotwise, roughly sixty a month since they raised it in May.",
        {"urgency_statement": 0.2, "budget_statement": 0.6, "buyer_metric": 0.3},
    )
    assert readings_with_cues([question, paid], [frozenset(), spend])[1] == 0.2
    # a sum heard more as a figure of the business than as what they pay is what the problem costs them
    lost = (
        "buyer: No-shows cost us roughly five hundred in refunds every month since May.",
        {"urgency_statement": 0.2, "budget_statement": 0.2, "buyer_metric": 0.8},
    )
    assert readings_with_cues([question, lost], [frozenset(), spend])[1] >= 0.5


def opening(greeting: dict, answer: str, acts: dict, entities: list | None = None) -> float:
    """The urgency read in the buyer's first turn, after the rep's opening heard with `greeting`."""
    call = transcript_of(["rep: Morning Priya, how's the allotment shop holding up?", answer])
    features = [UtteranceFeatures(acts=greeting), UtteranceFeatures(acts=acts, entities=entities or [])]
    return answered_urgency(call, features)[1].acts.get("urgency_statement", 0.0)


def test_small_talk_answering_the_greeting_states_no_urgency():
    greeting = {"other": 0.9}
    chatter = "buyer: Frantic, honestly, the kettle's not been off all morning."
    assert opening(greeting, chatter, {"urgency_statement": 0.7}) == 0.0
    # after a rep's turn heard as part of the sale, not a greeting, it stays as read
    assert opening({"solution_pitch": 0.9}, chatter, {"urgency_statement": 0.7}) == 0.7
    # chatter with a figure of the business or a time in it stays as read
    assert opening(greeting, chatter, {"urgency_statement": 0.7, "buyer_metric": 0.6}) == 0.7
    dated = "buyer: Frantic, the seed order goes off at Easter and nothing's counted."
    assert opening(greeting, dated, {"urgency_statement": 0.7}, [("DATE", "Easter")]) == 0.7


def urgency_of(lines: list[tuple[str, UtteranceFeatures]]) -> list[float]:
    """The urgency read in each utterance of hand-made lines with their whole features."""
    updated = answered_urgency(transcript_of([line for line, _ in lines]), [features for _, features in lines])
    return [f.acts.get("urgency_statement", 0.0) for f in updated]


def test_an_answer_to_a_clear_question_of_what_rides_on_it_tells_it_however_faintly_heard():
    stakes = UtteranceFeatures(
        acts={"urgency_question": 0.9},
        act_sources={"urgency_question": "pattern:urgency_question/what-happens-if+classifier"},
        question=True,
    )
    question = ("rep: And if the autumn term starts with it all still on paper, then what?", stakes)
    answer = (
        "buyer: Honestly the council would take the allotments back off us.",
        UtteranceFeatures(acts={"urgency_statement": 0.2}),
    )
    assert urgency_of([question, answer])[1] >= 0.5
    # a why-now the classifier alone hears asks for no stakes: the same answer stays as read
    why_now = UtteranceFeatures(acts={"urgency_question": 0.9}, act_sources={"urgency_question": "classifier"})
    assert urgency_of([("rep: So what brings you to it this month?", why_now), answer])[1] == 0.2
