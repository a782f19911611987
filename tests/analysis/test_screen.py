"""What is on the screen, on hand-made calls: the product starts a demo, documents and deferrals do not."""

from __future__ import annotations

import pytest

from pipeline.analysis.screen import greetings, load_screen_vocabulary, screen_acts, screen_moves
from pipeline.model import Transcript, Utterance, UtteranceFeatures
from tests.support.paths import ROOT

RULES = ROOT / "rules"


@pytest.fixture(scope="module")
def vocabulary():
    return load_screen_vocabulary(RULES)


def shows(vocabulary, *lines: str) -> list[tuple[int, str]]:
    utterances = [
        Utterance(speaker=line.split(": ", 1)[0], start=float(i), end=i + 0.9, text=line.split(": ", 1)[1])
        for i, line in enumerate(lines)
    ]
    return [(m.utterance, m.shows) for m in screen_moves(Transcript("c-1", "rep_ana", utterances), vocabulary)]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            (
                "rep: Let me share my screen, this is a short deck about who we are.",
                "rep: As you can see here, we were founded in 2009.",
            ),
            [(0, "artifact"), (1, "artifact")],
        ),
        (("rep: Let me share the renewal quote so we can go line by line.",), [(0, "artifact")]),
        (
            (
                "rep: I'll pull up the case study from a customer like you.",
                "buyer: ok",
                "rep: Now let me flip over to the product itself, this is the dashboard your dispatchers would land on.",
            ),
            [(0, "artifact"), (2, "product")],
        ),
        (
            ("rep: I'd love to show you the scheduler, but let's save that for our call on Thursday.",),
            [(0, "deferred")],
        ),
        (("rep: ok so I'm in our sandbox now, I'll click on the first order.",), [(0, "product")]),
        (("rep: You should see the inbox view now, every request lands here.",), [(0, "product")]),
        (("rep: our dashboard gives your managers a view of every job",), []),
    ],
)
def test_what_the_rep_shows(vocabulary, lines, expected):
    assert shows(vocabulary, *lines) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (("rep: hi both, can you see my screen", "buyer: nothing yet, sorry, it's only your face"), [(0, "not_up")]),
        (("rep: ok you should see my screen now, oh no not yet, give me a second",), [(0, "not_up")]),
        # the screen comes up: the product pointed at is the demo
        (
            (
                "rep: can you see my screen",
                "buyer: not yet",
                "rep: there it is, you should see the dashboard now",
            ),
            [(0, "not_up"), (2, "product")],
        ),
        # a yes, or a "not yet" said later in the reply about something else, leaves the share alone
        (("rep: can you see my screen", "buyer: yes, and we have not yet decided who joins"), []),
    ],
)
def test_a_share_that_is_not_up_yet_shows_nothing(vocabulary, lines, expected):
    assert shows(vocabulary, *lines) == expected


def test_a_document_holds_the_demo_act_down_and_the_product_raises_it(vocabulary):
    features = [UtteranceFeatures(acts={"demo_start": 0.8}), UtteranceFeatures(acts={})]
    moves = screen_moves(
        Transcript(
            "c-1",
            "rep_ana",
            [
                Utterance("rep", 0, 1, "Let me share my screen, here's the security letter from our auditor."),
                Utterance("rep", 1, 2, "Okay, I'm logged in, I'll click on your first site."),
            ],
        ),
        vocabulary,
    )
    updated = screen_acts(features, moves, veto_factor=0.1)
    assert updated[0].acts["demo_start"] == pytest.approx(0.08)
    assert updated[1].acts["demo_start"] == 0.9 and updated[1].act_sources["demo_start"] == "screen:product"


# -- the parse's reading: the spaCy pass's clauses, on utterances no phrase list was written for --


@pytest.fixture(scope="module")
def spacy_pass():
    from pipeline.analysis.nlp import SpacyPass

    return SpacyPass(RULES)


def shows_parsed(vocabulary, spacy_pass, *lines: str) -> list[tuple[int, str]]:
    utterances = [
        Utterance(speaker=line.split(": ", 1)[0], start=float(i), end=i + 0.9, text=line.split(": ", 1)[1])
        for i, line in enumerate(lines)
    ]
    parses = spacy_pass.run([(u.speaker, u.text) for u in utterances])
    moves = screen_moves(Transcript("c-1", "rep_ana", utterances), vocabulary, parses)
    return [(m.utterance, m.shows) for m in moves]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a document is the object of the showing verb, however far from it
        (("rep: i'll pop the letter from our auditors up on screen",), [(0, "artifact")]),
        (("rep: Right, let me put the implementation document up.",), [(0, "artifact")]),
        (("rep: so i wanted to go over the renewal quote for your three sites",), [(0, "artifact")]),
        # "it" is the document the utterance named
        (
            ("rep: Greg sent a spreadsheet with your scrap figures, mind if I put it up?", "rep: This is your tab."),
            [(0, "artifact"), (1, "artifact")],
        ),
        # the thing nearest the pointing is what is up, and a product said with "not" is not shown
        (("rep: ok it's up, that's the order form, two rooftops and the inventory module",), [(0, "artifact")]),
        (
            ("rep: I've got the proposal on the screen, it's just the contract pages, not the product.",),
            [(0, "artifact")],
        ),
        # the head of the phrase decides: a proposal builder is the product
        (("rep: Sharing my screen, so this is the proposal builder.",), [(0, "product")]),
    ],
)
def test_the_parse_holds_a_document_share_down(vocabulary, spacy_pass, lines, expected):
    assert shows_parsed(vocabulary, spacy_pass, *lines) == expected


@pytest.mark.parametrize(
    "line",
    [
        "rep: Here's the pick list your pickers would get on the handheld: first line is aisle 14, bay C.",
        "rep: What's on your screen now is the pipeline for one role, and the stages across the top are Bea's.",
        "rep: They type the order number into this search bar, and up comes the delivery and its window.",
    ],
)
def test_the_parse_raises_an_interface_seen_from_its_users_side(vocabulary, spacy_pass, line):
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "product")]


@pytest.mark.parametrize(
    "line",
    [
        # a pitch with the user's side but nothing pointed at on a screen
        "rep: Relay keeps the day's jobs on the phone, so your crews will see them without signal.",
        # "this" that points at a time, not at an interface
        "rep: This quarter your dispatchers would see fewer callbacks.",
    ],
)
def test_a_pitch_in_the_users_words_is_no_demo(vocabulary, spacy_pass, line):
    assert shows_parsed(vocabulary, spacy_pass, line) == []


@pytest.mark.parametrize(
    "line",
    [
        "rep: Let's keep the live walkthrough for that session, and I'll bring our product lead.",
        "rep: I'll show you the reporting side next week once your admin is set up.",
        "rep: I'd like to show you the app with your own accounts, so I'd rather do that in its own session.",
        # the later time said as meeting again
        "rep: ok so maybe we meet up again once the audit's done and i'll show you the dashboard properly",
        "rep: Let's talk again soon and I'll walk you through the planner then.",
    ],
)
def test_a_showing_said_with_another_time_is_deferred(vocabulary, spacy_pass, line):
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "deferred")]


def test_the_product_made_ready_for_the_day_agreed_is_deferred(vocabulary, spacy_pass):
    """ "by then" after a day is booked: the showing waits for that day."""
    line = "rep: brilliant ill have the demo environment back up by then and ill load in a couple of your job types"
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "deferred")]


def test_a_staging_copy_shared_is_the_product(vocabulary, spacy_pass):
    """A copy of the product set up with the buyer's own records, shared: the product, whatever file they came from."""
    line = (
        "rep: so ive set up a staging copy with your parts list in it let me share so this is the parts finder"
        " and thats your spares shelf from the spreadsheet you sent me"
    )
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "product")]


def test_a_time_said_of_something_else_is_no_deferral(vocabulary, spacy_pass):
    line = "rep: Let me share my screen, this is the dashboard, and here's a leak a tenant reported this morning."
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "product")]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "rep: Let me put the crew tablet up. This is the start-of-shift check for one of your vehicles, with the tyres.",
            [(0, "product")],
        ),
        ("rep: Let me put the quote up. This is the quote for one of your vehicles.", [(0, "artifact")]),
    ],
)
def test_one_of_the_buyers_own_things_pointed_at_is_the_product(vocabulary, spacy_pass, line, expected):
    assert shows_parsed(vocabulary, spacy_pass, line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "rep: right so i'll share my screen this is the roster for um next week and each crew member's got their hours",
        "rep: Let me share my screen. Here's your board for tomorrow, with the four vans down the side.",
    ],
)
def test_a_day_that_dates_what_is_pointed_at_is_no_deferral(vocabulary, spacy_pass, line):
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "product")]


@pytest.mark.parametrize(
    "line",
    [
        # what is pointed at is seen through one user taken as an example
        "rep: So this is what a warehouse lead sees when a truck checks in: the dock, the door and the ETA.",
        "rep: This is the intake form a new client fills in on their phone before the first visit.",
        "rep: Here's a refund as Omar's team would approve it from the queue.",
    ],
)
def test_what_one_user_sees_pointed_at_is_the_product(vocabulary, spacy_pass, line):
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "product")]


@pytest.mark.parametrize(
    "line",
    [
        # a pitch about many users, not something pointed at
        "rep: Here's how we'd handle it: drivers see the whole route on their phone before they leave.",
        "rep: What we'd do is text every new member a welcome, and your manager sees who opened it.",
    ],
)
def test_a_pitch_about_its_users_is_no_demo(vocabulary, spacy_pass, line):
    assert shows_parsed(vocabulary, spacy_pass, line) == []


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # put up: a thing someone sent is a document, whatever it is called
        (("rep: ok I've got the markup up that your counsel sent over, can you see the comments",), [(0, "artifact")]),
        (("rep: I've got the price list up, the one from last spring",), [(0, "artifact")]),
        # a share that names nothing shows the document the utterance names
        (("rep: I pulled a few slides together for today. Sharing now. First one is who we are.",), [(0, "artifact")]),
        # a document put away: what is pointed at next is the product
        (
            (
                "rep: Let me share a couple of slides about us first.",
                "buyer: Sure.",
                "rep: Okay, closing the slides. This is the intake page for a sample clinic.",
            ),
            [(0, "artifact"), (2, "product")],
        ),
        # a document put away by a pronoun ("I'll close that"): what is pointed at next is the product
        (
            (
                "rep: Let me put a case study up first. This is the Harbour group in Leeds.",
                "buyer: I know them.",
                "rep: Right. I'll close that. So this is Tallyhub: the left side is your orders.",
            ),
            [(0, "artifact"), (2, "product")],
        ),
        # something else left to the buyer is no document put away
        (
            (
                "rep: Let me put a case study up first. This is the Harbour group in Leeds.",
                "buyer: I know them.",
                "rep: Right. Their old system leaves that to you. So this is the Harbour group's order page.",
            ),
            [(0, "artifact"), (2, "artifact")],
        ),
        # nothing put away: pointing right after the document stays on it
        (
            (
                "rep: Let me put a case study up first. This is the Harbour group in Leeds.",
                "buyer: I know them.",
                "rep: Right, so this is the Harbour group's order page, the left side is theirs.",
            ),
            [(0, "artifact"), (2, "artifact")],
        ),
    ],
)
def test_documents_put_up_and_put_away(vocabulary, spacy_pass, lines, expected):
    assert shows_parsed(vocabulary, spacy_pass, *lines) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # the agenda of the call on the screen is no product; closed, what is pointed at next is
        (
            (
                "rep: Hi Priya, can you see my screen alright? It's only the agenda for the hour, nothing fancy.",
                "buyer: Yes, four points.",
                "rep: Good, closing the agenda. Here's the rota board, every shift for the week.",
            ),
            [(0, "artifact"), (2, "product")],
        ),
        # the rep's notes of the last call likewise
        (
            (
                "rep: Up on screen are my notes from when we first spoke, so we both start from them.",
                "buyer: Oh, you kept the bit about the van.",
                "rep: I did. Closing those. And here's the planner, with your three vans loaded in.",
            ),
            [(0, "artifact"), (2, "product")],
        ),
        # an agenda the product shows is the product
        (("rep: I'm sharing. That's the planner, and each shift's agenda sits down the left.",), [(0, "product")]),
    ],
)
def test_the_calls_agenda_or_notes_on_the_screen_is_a_document(vocabulary, spacy_pass, lines, expected):
    assert shows_parsed(vocabulary, spacy_pass, *lines) == expected


def test_a_report_on_how_something_went_is_a_document(vocabulary, spacy_pass):
    line = "rep: Morning both. I've put the pilot report on screen, the four weeks at the second depot."
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "artifact")]


def test_a_showing_inside_a_plan_for_another_day_is_deferred(vocabulary, spacy_pass):
    later = "rep: I'll send the notes tonight and I'll call you Friday afternoon to go through the dashboard."
    assert shows_parsed(vocabulary, spacy_pass, later) == [(0, "deferred")]
    now = "rep: ok let me go through the dashboard with you now, this is the list for today."
    assert shows_parsed(vocabulary, spacy_pass, now) == [(0, "product")]


def test_a_deferral_said_as_an_adverb_counts(vocabulary, spacy_pass):
    line = "rep: I meant to show you the planner today, but it needs your data loaded, so let's do that next time."
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "deferred")]


def test_made_up_data_pointed_at_is_the_product(vocabulary, spacy_pass):
    line = "rep: so this is the roster for a sample team, everyone's shifts for the week and who's short"
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "product")]
    # a product that tracks samples is not made-up data
    pitch = "rep: That's the idea, it's a sample tracker and notebook in one, every sample linked to its run."
    assert shows_parsed(vocabulary, spacy_pass, pitch) == []


def test_made_up_data_from_a_sample_or_mocked_up_pointed_at_is_the_product(vocabulary, spacy_pass):
    line = "rep: Sure. Here's the league table from a sample season: pick a club and you get every result."
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "product")]
    mocked = "rep: Here's your own site. This is the shop page we mocked up from your catalogue, prices on the right."
    assert shows_parsed(vocabulary, spacy_pass, mocked) == [(0, "product")]
    # said as a pitch, pointed at nothing, it is none
    pitch = "rep: We'd take a sample of your orders and the site would be mocked up within the week."
    assert shows_parsed(vocabulary, spacy_pass, pitch) == []


def test_pointing_right_after_a_document_is_up_stays_on_the_document(vocabulary, spacy_pass):
    lines = (
        "rep: morning, so I've put the renewal quote up on the screen",
        "buyer: ok",
        "rep: so that's the scheduling module and the reporting module for the year",
    )
    assert shows_parsed(vocabulary, spacy_pass, *lines) == [(0, "artifact"), (2, "artifact")]
    # a switch word changes the screen
    switched = (*lines[:2], "rep: flipping over now, this is the scheduling module your planners use")
    assert shows_parsed(vocabulary, spacy_pass, *switched) == [(0, "artifact"), (2, "product")]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # the buyer has the product open and the rep guides them through it
        ("rep: Great, you're in. Click Orders at the top, then open the first one.", [(0, "product")]),
        ("rep: ok so tap routes on the left and pick tuesday", [(0, "product")]),
        # a click with no place on an interface guides nobody through the product
        ("rep: Just click the link in the invite and you'll be in.", []),
    ],
)
def test_guiding_the_buyer_through_the_product_is_a_demo(vocabulary, line, expected):
    assert shows(vocabulary, line) == expected


@pytest.mark.parametrize(
    ("opened", "expected"),
    [
        # the buyer says the product the rep sent is open: the rep's next turn steering them through it
        ("buyer: Okay, done. It's showing a page with Orders and Vans.", [(2, "product")]),
        ("buyer: hang on it wants a password right okay", [(2, "product")]),
        # what the opened page says or has come up with, read off by the buyer
        ("buyer: Right, it says 'Add a van' at the top.", [(2, "product")]),
        ("buyer: ok its come up with a map and some pins", [(2, "product")]),
        ("buyer: yep ive got a page with three tabs on", [(2, "product")]),
        ("buyer: Okay, it's brought up a list of depots.", [(2, "product")]),
        # the app fetched onto the buyer's own phone, waited on or done
        ("buyer: one sec its installing now, the green icon", [(2, "product")]),
        ("buyer: Right, I've downloaded it, the blue one.", [(2, "product")]),
        # the buyer with nothing open yet: the same words describe, they show nothing
        ("buyer: I'll have a look at the link tonight.", []),
    ],
)
def test_steering_the_buyer_through_the_product_they_opened_is_a_demo(vocabulary, opened, expected):
    lines = (
        "rep: Have a go at logging in now.",
        opened,
        "rep: Put in your depot code and you should land on the van list, one row per van.",
    )
    assert shows(vocabulary, *lines) == expected
    # a turn that puts the steering off first shows nothing yet
    first = (lines[0], opened, "rep: Before you click anything, what are you paying for routes now?")
    assert shows(vocabulary, *first) == []


def test_the_buyer_told_to_pick_or_choose_in_the_product_they_opened_is_steered(vocabulary):
    lines = ("rep: The link's in your inbox.", "buyer: Right, it's open now.")
    assert shows(vocabulary, *lines, "rep: So once you choose a slot it jumps to the payment page.") == [(2, "product")]
    # with nothing open, a time to pick is the next meeting
    unopened = ("rep: The link's in your inbox.", "buyer: Thanks, I'll look later.")
    assert shows(vocabulary, *unopened, "rep: Pick a time next week that suits you.") == []


@pytest.mark.parametrize(
    ("opened", "pointed"),
    [
        # the buyer says what the rep sent has opened, in the words people use for it; the rep's next turn
        # points at what they have open
        (
            "buyer: ok its opened now theres a load of coloured boxes",
            "rep: right so thats your delivery board every box is one drop",
        ),
        (
            "buyer: Right, it's opened. I can see a calendar with names on.",
            "rep: That's your rota, the way the crew get it on their phones.",
        ),
        ("buyer: OK, it's loaded now.", "rep: Great, so this is the yard view, with the lorries down the side."),
        ("buyer: yep im in now", "rep: so thats your job list with every job on its own line"),
    ],
)
def test_pointing_at_what_the_buyer_just_opened_is_a_demo(vocabulary, spacy_pass, opened, pointed):
    lines = ("rep: The link's in my email, go ahead and open it.", opened, pointed)
    assert shows_parsed(vocabulary, spacy_pass, *lines) == [(2, "product")]
    # with nothing opened, the same words describe what the buyer will get
    unopened = (
        lines[0],
        "buyer: Great, the shop's open till six.",
        "rep: That's your rota, the way the crew get it on their phones.",
    )
    assert shows_parsed(vocabulary, spacy_pass, *unopened) == []
    # what the buyer opened, answered with no pointing at it, or with a document pointed at, shows no product
    done = (lines[0], opened, "rep: Great, that's the hard part done. So what are you paying for the counts now?")
    assert shows_parsed(vocabulary, spacy_pass, *done) == []
    form = (lines[0], opened, "rep: That's the start of the order form we quoted you.")
    assert (2, "product") not in shows_parsed(vocabulary, spacy_pass, *form)
    # what the buyer has open is the quote the rep sent: pointing at it goes through the document
    quote = (
        "rep: I sent the quote over on Friday, did it come through?",
        "buyer: yep got it the pdfs open in front of me",
        "rep: ok so thats your total for the year, and just to go back to where we started, what was it you lost",
    )
    assert (2, "product") not in shows_parsed(vocabulary, spacy_pass, *quote)


def test_where_a_thing_stands_said_with_a_place_defers_nothing(vocabulary, spacy_pass):
    line = "rep: let me share, so this is your stock list, each bowl with a photo and where it's sat in the workshop"
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "product")]
    # the showing itself kept for the workshop is deferred still
    kept = "rep: let me share, so this is the rota, and we can do it properly in the workshop"
    assert shows_parsed(vocabulary, spacy_pass, kept) == [(0, "deferred")]


def test_a_screen_shared_without_naming_it_shows_the_document_named_next(vocabulary):
    lines = (
        "rep: Morning Sam, can you see my screen?",
        "buyer: Yes, got it.",
        "rep: Great, so this is our pricing page, just so you know where we sit.",
    )
    assert shows(vocabulary, *lines) == [(0, "artifact"), (2, "artifact")]
    # the product named next leaves the share as the words read it
    product = (*lines[:2], "rep: Great, so this is the dashboard your planners would land on.")
    assert shows(vocabulary, *product) == [(2, "product")]
    # a screen pointed at by name is no bare share: a document named later leaves it alone
    named = (
        "rep: So this is the intake screen, every referral lands here.",
        "buyer: ok",
        "rep: And this is the quote we sent over last week.",
    )
    assert shows(vocabulary, *named) == [(2, "artifact")]


@pytest.mark.parametrize(
    "line",
    [
        "rep: Bad news first: the server is down, so I can't show you the planner live today.",
        "rep: Change of plan. I was going to take you through the live app, but it's mid-upgrade.",
        # raw ASR writes "going to" as "gonna"
        "rep: i was gonna show you the the rota app as well but um we're out of time so another day",
        "rep: we were gonna take you through the live app but the server's down",
        # held back by choice, for the buyer's own data
        "rep: I don't want to show you the product on made-up scans, so let's do it with a few of yours.",
        "rep: i'd rather not show you the planner with dummy jobs in it",
    ],
)
def test_a_showing_called_off_in_the_same_turn_is_deferred(vocabulary, line):
    assert shows(vocabulary, line) == [(0, "deferred")]
    # the same share, not called off, shows the product
    assert shows(vocabulary, "rep: Let me take you through the live app, this is the planner.") == [(0, "product")]
    assert shows(vocabulary, "rep: ok im gonna show you the rota app now, this is the planner.") == [(0, "product")]


@pytest.mark.parametrize(
    "line",
    [
        "rep: That won't happen with ours. Right, screen's up now, this is the planner.",
        "rep: Honestly, we couldn't. Anyway, I'll share my screen now, this is the planner.",
        "rep: the old one cant do that. ok screens up now this is the planner",
    ],
)
def test_a_call_off_that_ends_its_sentence_calls_off_no_share_after_it(vocabulary, line):
    assert shows(vocabulary, line) == [(0, "product")]
    # said right before the share, in the same sentence, it still calls it off
    assert shows(vocabulary, "rep: I'm afraid I can't share my screen today, the laptop's died.") == [(0, "deferred")]


def test_a_screen_of_something_pointed_at_is_the_product(vocabulary, spacy_pass):
    # the screen where quotes are made is the product's, not a quote
    line = "rep: I'll skip the slides. So this is the quote screen: type in any postcode you like."
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "product")]
    document = "rep: Morning, so this is the quote we sent over, line by line."
    assert shows_parsed(vocabulary, spacy_pass, document) == [(0, "artifact")]
    # screens thrown in, or a screen gone through another day, are not pointed at
    assert shows_parsed(vocabulary, spacy_pass, "rep: I can throw the lobby screens in at no charge.") == []
    later = "rep: Could we meet on the ninth and go through the variation screen properly?"
    assert (0, "product") not in shows_parsed(vocabulary, spacy_pass, later)


def test_a_share_that_stalls_shows_nothing(vocabulary):
    # the product that never comes up starts no demo, said in the same turn or the rep's next
    same = "rep: Right, I'll log in to the demo account. It's thinking."
    assert shows(vocabulary, same) == [(0, "not_up")]
    # however much the rep says of what should come up before it stalls
    long = (
        "rep: Okay, let me share. This is the login page, it should take me straight through to the "
        "planner with a sample week in it... it's thinking."
    )
    assert shows(vocabulary, long) == [(0, "not_up")]
    nxt = (
        "rep: so the plan was to walk you through the live planner, let me log into the demo site",
        "buyer: no rush",
        "rep: hmm it's just spinning on the login page, bear with me",
    )
    assert shows(vocabulary, *nxt) == [(0, "not_up"), (2, "not_up")]
    # a share that comes up is the product
    assert shows(vocabulary, *nxt[:2], "rep: there we go, so this is the planner") == [(0, "product"), (2, "product")]


def test_a_share_still_loading_shows_nothing(vocabulary):
    # the rep talks over the loading screen: the share before showed nothing, nor does the talk
    lines = (
        "rep: Morning both, I've got the rota planner ready to show you, just signing in now.",
        "buyer: No hurry.",
        "rep: While that loads: every shift is a tile, and swaps go to the manager for a yes or no.",
    )
    assert shows(vocabulary, *lines) == [(0, "not_up"), (2, "not_up")]
    # the buyer says their screen stalls, and the rep's turn that says so holds a demo act down
    buyer = ("rep: so today i want to show you the rota planner", "buyer: i've opened the link but it's spinning")
    assert shows(vocabulary, *buyer) == [(0, "not_up")]
    assert shows(vocabulary, "rep: sorry the login page still isn't loading on mine either") == [(0, "not_up")]
    # the product that comes up after the wait is the demo
    up = (*lines, "buyer: Ah, there it is.", "rep: Right, you should see the planner now, this week's rota.")
    assert shows(vocabulary, *up) == [(0, "not_up"), (2, "not_up"), (4, "product")]


def test_the_buyer_saying_a_document_is_up_answers_a_bare_screen_check(vocabulary, spacy_pass):
    lines = (
        "rep: hi, can you see my screen yet?",
        "buyer: yes I can see a spreadsheet, is that our rota?",
        "rep: ok so this column here is the one I wanted to ask about",
    )
    assert shows(vocabulary, *lines) == [(0, "artifact"), (2, "artifact")]
    # going through what is up stays on the buyer's document, and so does their sheet pointed at
    parsed = (*lines[:2], "rep: so first I wanted to go through the columns with you, this one here says the van")
    assert shows_parsed(vocabulary, spacy_pass, *parsed) == [(0, "artifact"), (2, "artifact")]
    assert shows(vocabulary, "rep: ok so this is your sheet, one row per van") == [(0, "artifact")]
    # a reply that names nothing leaves the check to what the rep points at next
    assert shows(vocabulary, lines[0], "buyer: yep, all good", "rep: so this is the planner") == [(2, "product")]


def test_a_document_the_rep_names_as_the_next_turn_opens_was_what_a_bare_share_put_up(vocabulary, spacy_pass):
    lines = (
        "rep: hello ruth, is my screen coming through",
        "buyer: something's up, what am I looking at",
        "rep: right, it's the agenda for today, four items, and then the money at the end",
        "buyer: fine",
        "rep: right, here's the planner, each driver gets a line",
    )
    assert shows_parsed(vocabulary, spacy_pass, *lines) == [(0, "artifact"), (4, "product")]
    # a document named only later in the turn, or after more talk, says nothing of the share
    later = (*lines[:2], "rep: right, before the planner, how did the agenda I sent round yesterday land")
    assert (0, "artifact") not in shows_parsed(vocabulary, spacy_pass, *later)
    after = (*lines[:2], "rep: good", "buyer: ok", "rep: by the way, the agenda is in your inbox")
    assert (0, "artifact") not in shows_parsed(vocabulary, spacy_pass, *after)


@pytest.mark.parametrize(
    "line",
    [
        "rep: Okay, I'm sharing now. This is the ticket list the way one of your wardens would see it each morning.",
        "rep: Let me bring it up. This is the stock forecast: each line is a branch, the bar is days left.",
    ],
)
def test_a_share_announced_then_something_pointed_at_is_the_product(vocabulary, spacy_pass, line):
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "product")]


def test_a_share_announced_then_a_document_pointed_at_is_the_document(vocabulary, spacy_pass):
    line = "rep: Okay, I'm sharing now. This is the proposal we talked about."
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "artifact")]
    # nothing announced: pointing at something unnamed is no demo
    assert shows_parsed(vocabulary, spacy_pass, "rep: This is the bit that worries me about the rollout.") == []


@pytest.mark.parametrize(
    "line",
    [
        "rep: Of course. This is what your surveyor sees when they open a job: the plot, the notes, the photos.",
        "rep: so this is what the courier gets at the end of each drop, they just tap and sign",
    ],
)
def test_what_one_user_named_by_role_sees_pointed_at_is_the_product(vocabulary, spacy_pass, line):
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "product")]


def test_the_buyers_own_data_imported_and_pointed_at_is_the_product(vocabulary, spacy_pass):
    line = "rep: So this is Tuesday at your depot, as it would look with your rota imported."
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "product")]


def test_an_email_pointed_at_is_a_document(vocabulary):
    # "can you see the email with the trial login" asks about the buyer's inbox, not the product
    assert shows(vocabulary, "rep: hi its sam, can you see the email with your trial login") == [(0, "artifact")]
    assert shows(vocabulary, "rep: you can see the planner now, every job lands here") == [(0, "product")]


def test_a_thing_someone_sent_is_a_document(vocabulary, spacy_pass):
    # what the rep or the buyer sent is a document, whatever it is called
    assert shows(vocabulary, "rep: hi mo, can you see the the access link i sent across") == [(0, "artifact")]
    line = "rep: Morning. I've got the markup you sent over on screen; shall we take it page by page?"
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "artifact")]
    # the product named before what someone did to it is still the product
    assert shows(vocabulary, "rep: you can see the planner we set up, every job lands here") == [(0, "product")]
    assert shows(vocabulary, "rep: can you see the planner i sent you the invite for") == [(0, "product")]


def test_a_pointing_restarted_in_raw_asr_still_points(vocabulary, spacy_pass):
    # "this is the this is the ...": the false start leaves "the this" as the subject
    line = "rep: okay so let me let me share this is the this is the rota screen from the nurse side"
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "product")]


def test_the_reps_pointing_when_the_buyer_asks_for_the_product_shows_it(vocabulary, spacy_pass):
    asked = "buyer: Before we talk terms, show me that rostering screen again, my partner missed it."
    # (what each part of the screen stands for, "every nurse is a row", reads the layout: a demo, asked or not)
    lines = (asked, "rep: Sure. Here it is: the gaps are red.")
    assert shows_parsed(vocabulary, spacy_pass, *lines) == [(1, "product")]
    # asked for a document, or pointed at without being asked, it is no demo
    document = ("buyer: can you show me the contract again", "rep: sure, here it is, clause four is the one")
    assert (1, "product") not in shows_parsed(vocabulary, spacy_pass, *document)
    unasked = ("buyer: we're short of nurses every Sunday.", lines[1])
    assert shows_parsed(vocabulary, spacy_pass, *unasked) == []
    # the product asked for as "it" at work
    it = ("buyer: Can you just show us what it looks like? Enough sums.", "rep: Of course. Here's a shift card.")
    assert shows_parsed(vocabulary, spacy_pass, *it) == [(1, "product")]
    unasked_it = ("buyer: Enough sums for one evening.", it[1])
    assert shows_parsed(vocabulary, spacy_pass, *unasked_it) == []


def test_the_buyer_asking_what_a_thing_of_the_product_looks_like_asks_for_the_product(vocabulary, spacy_pass):
    asked = "buyer: Could you show me what the rounds side looks like? I've had enough talk of features."
    lines = (asked, "rep: Sure. This is Monday's round: each stop in order, and the ticks come in as you go.")
    assert shows_parsed(vocabulary, spacy_pass, *lines) == [(1, "product")]
    how = ("buyer: Can we see how the rota works for a week?", lines[1])
    assert shows_parsed(vocabulary, spacy_pass, *how) == [(1, "product")]
    # a document so asked for stays a document; the same pointing unasked is none
    invoice = (
        "buyer: Can you show me what the invoice looks like?",
        "rep: Sure, this is the invoice, VAT at the bottom.",
    )
    assert (1, "product") not in shows_parsed(vocabulary, spacy_pass, *invoice)
    unasked = ("buyer: I've had enough talk of features for one day.", lines[1])
    assert shows_parsed(vocabulary, spacy_pass, *unasked) == []


def test_a_word_inside_the_buyers_asking_phrase_changes_nothing_of_it(vocabulary, spacy_pass):
    lines = (
        "buyer: Could we quickly see the rota screen? Words don't stick with me.",
        "rep: Right, here's a week at the bakery, one row per person.",
    )
    assert shows_parsed(vocabulary, spacy_pass, *lines) == [(1, "product")]
    # the rep's own product asked for as "yours" at work
    yours = ("buyer: Can I maybe see what yours would look like, roughly?", lines[1])
    assert shows_parsed(vocabulary, spacy_pass, *yours) == [(1, "product")]
    # the buyer's own, or no asking at all, asks for nothing
    ours = ("buyer: We could just see what ours looks like, I suppose.", lines[1])
    assert shows_parsed(vocabulary, spacy_pass, *ours) == []
    told = ("buyer: We just see the rota pinned up by the kettle.", lines[1])
    assert shows_parsed(vocabulary, spacy_pass, *told) == []


def test_the_product_asked_for_while_a_document_is_up_is_no_longer_the_document(vocabulary, spacy_pass):
    lines = (
        "rep: I'll put the proposal up first, it's three pages.",
        "buyer: Hang on, can you bring the rota screen back first? My husband missed it.",
        "rep: Sure, here's the rota screen for a normal week.",
    )
    assert shows_parsed(vocabulary, spacy_pass, *lines) == [(0, "artifact"), (2, "product")]
    # with nothing asked in between, pointing after the document went up is still the document
    unasked = (lines[0], "buyer: Fine, my husband's listening too.", lines[2])
    assert shows_parsed(vocabulary, spacy_pass, *unasked) == [(0, "artifact"), (2, "artifact")]


def test_the_buyer_asking_for_a_colleague_to_see_the_product_asks_for_it(vocabulary, spacy_pass):
    asked = "buyer: Before the figures, can Priya see the rota screen? She wasn't on the last call."
    lines = (asked, "rep: Sure. So this is a week in the shop, one row per person.")
    assert shows_parsed(vocabulary, spacy_pass, *lines) == [(1, "product")]
    they = ("buyer: Could they have a look at the booking screen first?", lines[1])
    assert shows_parsed(vocabulary, spacy_pass, *they) == [(1, "product")]
    # the buyer's own seeing, or a colleague who can see a document, asks for no product
    own = ("buyer: Before the figures, can you see my point about the rota?", lines[1])
    assert shows_parsed(vocabulary, spacy_pass, *own) == []
    document = ("buyer: Can Priya see the contract first?", "rep: Sure. So this is clause four.")
    assert (1, "product") not in shows_parsed(vocabulary, spacy_pass, *document)


def test_what_a_user_by_role_is_claimed_to_see_is_no_demo(vocabulary, spacy_pass):
    line = "rep: So here's how we'd do it: crews get the plan on a tablet, and your auditor sees a full trail."
    assert shows_parsed(vocabulary, spacy_pass, line) == []


@pytest.mark.parametrize(
    "line",
    [
        "rep: Sure, this is the kennel list, and each kennel has its dogs under it with the feeding times.",
        "rep: Okay. This is Tidebook with your moorings in. Every berth carries its own tide window and fees.",
        # each one said to be one of the buyer's things
        "rep: Right, so this is the cellar wall. Each cask is one of your barrels and the dot is its temperature.",
        "rep: ok this is um this is the pitch layout each square is a stall and the colour says whos paid",
        "rep: Sure. This is Hivelog. Your apiary sits here, and every ring is a hive you've weighed.",
    ],
)
def test_something_pointed_at_gone_through_item_by_item_is_the_product(vocabulary, spacy_pass, line):
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "product")]


@pytest.mark.parametrize(
    "line",
    [
        "rep: so those are your moorings each ring is one boat and the shading says whos paid the season",
        "rep: Right. That's a fortnight like yours, I've made up a few rounds. Each tile is a delivery, and red is late.",
    ],
)
def test_something_pointed_back_at_then_gone_through_record_by_record_is_the_product(vocabulary, spacy_pass, line):
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "product")]


@pytest.mark.parametrize(
    "line",
    [
        # "that" or "those" at a sum, at a document, or said alone: nothing on a screen gone through
        "rep: So that's your ninety quid a month, and each van is one more driver you pay.",
        "rep: Those are the slides, each page is one of your depots.",
        "rep: That's your deadline then, and each site is a separate job.",
        # a point the rep makes, pointed back at, then a pitch said record by record
        "rep: That's the part I'd stress for you. Every stall has its own float, and the takings go in one tap.",
    ],
)
def test_something_pointed_back_at_with_no_records_on_a_screen_is_no_product(vocabulary, spacy_pass, line):
    assert (0, "product") not in shows_parsed(vocabulary, spacy_pass, line)


@pytest.mark.parametrize(
    "line",
    [
        # each one said to be a figure or a quality, or what each would be: no record on a screen
        "rep: Here's the thing, every site is different.",
        "rep: This is the deal, each seat is twenty a month.",
        "rep: This is the idea, each depot would be a separate account.",
        # a document gone through line by line
        "rep: This is the quote, each line is one of your sites.",
    ],
)
def test_each_one_said_to_be_a_figure_or_of_a_document_is_no_product(vocabulary, spacy_pass, line):
    assert (0, "product") not in shows_parsed(vocabulary, spacy_pass, line)


@pytest.mark.parametrize(
    "line",
    [
        "rep: So this is your month in the planner. Saturday's the tall bar, Sunday's the short one, and the coloured tags show who drove.",
        "rep: right so this is your week on the dashboard friday is the big one saturday the small one and the flags show which van took what",
    ],
)
def test_a_thing_on_the_screen_that_shows_something_defers_nothing(vocabulary, spacy_pass, line):
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "product")]
    # a person who shows it another day still defers the showing
    later = "rep: Our trainer will show you the planner on Thursday."
    assert shows_parsed(vocabulary, spacy_pass, later) == [(0, "deferred")]


def test_each_one_said_with_a_modal_or_of_a_document_is_no_demo(vocabulary, spacy_pass):
    # a pitch of what each would get, and a document gone through line by line, show no product
    assert shows_parsed(vocabulary, spacy_pass, "rep: This is the idea, each depot would have its own login.") == []
    line = "rep: This is the proposal, each site has its own line and price."
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "artifact")]


@pytest.mark.parametrize(
    "line",
    [
        "rep: Of course. Let me bring the seating screen back up. So here are your nine rooms across the week.",
        "rep: Right, I've got the rota screen up, with the shifts for the week.",
        "rep: Sure, let me pull up the intake screen for you.",
    ],
)
def test_a_screen_of_something_put_up_is_the_product(vocabulary, spacy_pass, line):
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "product")]


def test_a_document_put_back_up_is_still_a_document(vocabulary, spacy_pass):
    assert shows_parsed(vocabulary, spacy_pass, "rep: I'll bring the pricing sheet back up.") == [(0, "artifact")]


def test_the_rep_taking_the_buyer_into_the_product_shows_it(vocabulary, spacy_pass):
    line = "rep: Let me close the slides and take you into the order view, because that's where it happens."
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "product")]
    later = "rep: Next time I'll take you into the order view properly."
    assert shows_parsed(vocabulary, spacy_pass, later) == [(0, "deferred")]


def test_what_someone_sees_pointed_at_is_the_product(vocabulary, spacy_pass):
    line = "rep: Okay. This is what someone sees when they book from their phone: two chairs and the free slots."
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "product")]
    # a claim about what someone would see, pointed at nothing, stays a pitch
    assert shows_parsed(vocabulary, spacy_pass, "rep: Someone booking late sees only the free slots.") == []


@pytest.mark.parametrize(
    "last",
    [
        "rep: Right, that's the slides done. This is the client file. Each client has a card with their last visit.",
        "rep: Slides done. This is the kennel list, and each kennel has its dogs under it.",
    ],
)
def test_a_document_said_to_be_done_with_is_put_away(vocabulary, spacy_pass, last):
    lines = ("rep: I'll put two slides up first, just so you know who we are.", "buyer: Fine.", last)
    assert shows_parsed(vocabulary, spacy_pass, *lines) == [(0, "artifact"), (2, "product")]
    # a date said of what a document plans stays on the document
    still = "rep: That's the scheduling module, for the year, and that's done by the twelfth."
    assert shows_parsed(
        vocabulary, spacy_pass, "rep: I've got the quote up, the one from March.", "buyer: Fine.", still
    ) == [
        (0, "artifact"),
        (2, "artifact"),
    ]


def test_the_buyers_records_as_they_would_look_in_the_product_pointed_at_are_the_product(vocabulary, spacy_pass):
    line = (
        "rep: Right, this is your menu as it'd look in Platewise: each dish, its allergens, and what's in the walk-in."
    )
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "product")]
    # said of a document, it stays the document; said as a pitch, pointed at nothing, it is none
    document = "rep: So this is your price list as it would look in the new template we'd send you."
    assert shows_parsed(vocabulary, spacy_pass, document) == [(0, "artifact")]
    assert (
        shows_parsed(vocabulary, spacy_pass, "rep: Your rota would look in the app just like it does on the wall.")
        == []
    )


@pytest.mark.parametrize(
    "line",
    [
        "rep: Okay. So what you're looking at is the rota grid for your four wards.",
        "rep: right so what youre looking at is the the intake log and each pallet gets a line when it lands",
        "rep: so youre looking at the the cask list um this is one barrel and every sample taken from it",
    ],
)
def test_what_the_buyer_is_looking_at_pointed_at_is_the_product(vocabulary, spacy_pass, line):
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "product")]


def test_what_the_buyer_is_looking_at_said_of_a_figure_or_a_document_is_no_demo(vocabulary, spacy_pass):
    # a sum or a reason the buyer is looking is no screen
    assert shows_parsed(vocabulary, spacy_pass, "rep: The saving you're looking at is nine hundred a month.") == []
    assert shows_parsed(vocabulary, spacy_pass, "rep: Is there a reason you're looking at this now?") == []
    # a document looked at stays the document
    line = "rep: So what you're looking at is the proposal we sent on Monday."
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "artifact")]


@pytest.mark.parametrize(
    "lines",
    [
        (
            "rep: hello nadia did the the proposal reach you alright",
            "buyer: yep it came through ive got it here nine four for the year",
            "rep: great so thats the two kiln licences and the the glaze planner",
        ),
        (
            "rep: Morning Tom. You've had the quote I emailed on Friday?",
            "buyer: I have, it's up on my laptop. Six thousand for the two vans.",
            "rep: Right, so that's the route board and the driver logins for both.",
        ),
    ],
)
def test_a_document_the_buyer_says_is_in_front_of_them_holds_the_next_pointing(vocabulary, lines):
    # the rep goes through the document the buyer has, not the product
    assert shows(vocabulary, *lines) == [(2, "artifact")]


def test_the_buyer_with_a_document_away_from_one_changes_nothing(vocabulary):
    # the buyer has nothing of ours in front of them: the rep's pointing shows the product
    lines = (
        "rep: can you hear me ok",
        "buyer: yes the call came through fine",
        "rep: great so thats the route board and the driver app",
    )
    assert shows(vocabulary, *lines) == [(2, "product")]
    # a buyer who says they have the document, then the rep switching to the product, shows it
    lines = (
        "rep: did the quote come through?",
        "buyer: it came through, I've got it here.",
        "rep: Good. Let me switch to the live app now, this is the route board.",
    )
    assert shows(vocabulary, *lines) == [(2, "product")]


def greeted(vocabulary, spacy_pass, *lines: str) -> list[int]:
    utterances = [
        Utterance(speaker=line.split(": ", 1)[0], start=float(i), end=i + 0.9, text=line.split(": ", 1)[1])
        for i, line in enumerate(lines)
    ]
    parses = spacy_pass.run([(u.speaker, u.text) for u in utterances])
    transcript = Transcript("c-1", "rep_ana", utterances)
    return [
        m.utterance for m in greetings(transcript, vocabulary, screen_moves(transcript, vocabulary, parses), parses)
    ]


@pytest.mark.parametrize(
    "opening",
    [
        "rep: Ines, Tom, hi both. Sounds like you're out in the yard, I can hear the forklifts.",
        "rep: Hello again Priya. I've got the renewal letter open, so I take it we're talking numbers today.",
    ],
)
def test_the_reps_turn_before_the_buyer_speaks_that_shows_nothing_is_a_greeting(vocabulary, spacy_pass, opening):
    assert greeted(vocabulary, spacy_pass, opening, "buyer: Hi. Yes, go on.") == [0]


@pytest.mark.parametrize(
    "lines",
    [
        # the product shared or pointed at in the opening is no greeting
        ("rep: Hi Ola, let me share my screen straight away, this is the booking calendar.", "buyer: Oh nice."),
        ("rep: Morning! So this is the rota page your supervisors would open first thing.", "buyer: Right."),
        # a rep's turn after the buyer has spoken is no opening
        ("buyer: Hi, sorry I'm late.", "rep: No worries, I can hear the forklifts from here."),
    ],
)
def test_a_showing_or_a_turn_after_the_buyer_is_no_greeting(vocabulary, spacy_pass, lines):
    assert greeted(vocabulary, spacy_pass, *lines) == []


def test_the_buyer_seeing_a_document_answers_a_bare_screen_check_anywhere_in_the_reply(vocabulary):
    lines = (
        "rep: morning pat, can you see my screen or is it still the lobby thing",
        "buyer: no no i can see it, i can see a slide with a big lighthouse on it",
        "rep: ah thats just the cover, ignore it",
    )
    assert shows(vocabulary, *lines)[0] == (0, "artifact")
    # the buyer seeing the rep's face names no document
    face = (lines[0], "buyer: no i can see it yep, i can see you and the plant behind you")
    assert shows(vocabulary, *face) == []


def test_a_login_that_is_not_coming_up_shows_nothing(vocabulary):
    line = "rep: let me log into the planner, hmm, the sign in page just isn't coming up for me"
    assert shows(vocabulary, line) == [(0, "not_up")]
    # the product that comes up shows it
    assert shows(vocabulary, "rep: let me log into the planner, right, this is the week view") == [(0, "product")]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # what each part of an interface stands for, said as it stands, reads the layout on the screen
        (("rep: Right, this is the rota. Each card is a shift, and the colour is the site.",), [(0, "product")]),
        (("rep: So each row on here is one of your drivers, the grey ones are off today.",), [(0, "product")]),
        # where each record lands, "here", after the buyer's own photo
        (
            (
                "buyer: Here, this is a photo of our packing bench last December, so you see what we mean.",
                "rep: That's a lot of boxes. Right, here it is with Parcelly: each order lands here with the label "
                "already printed, and the packer's queue is sorted by ship date.",
            ),
            [(1, "product")],
        ),
        # said with a modal it is a pitch, and the price of each is no layout
        (
            (
                "buyer: Here, this is a photo of our packing bench last December, so you see what we mean.",
                "rep: That's a lot of boxes. Right, here it is with Parcelly: each order would land here with the "
                "label already printed.",
            ),
            [],
        ),
        (("rep: Each site would be a row in the report we send you.",), []),
        # "here's what you'd have" points at a pitch, whatever each one does in it
        (
            (
                "rep: Then here's what you'd have: each garden shop orders from your live stock list on their phone, "
                "and the order lands on your dispatch sheet without anyone typing it.",
            ),
            [],
        ),
        (("rep: Each licence is forty pounds a month, billed yearly.",), []),
    ],
)
def test_the_layout_read_off_the_screen_shows_the_product(vocabulary, spacy_pass, lines, expected):
    assert shows_parsed(vocabulary, spacy_pass, *lines) == expected


def test_the_product_put_up_again_at_the_buyers_asking_is_shown(vocabulary):
    asked = ("buyer: Could you pull the booking screen up again? My partner missed it.", "rep: Sure. Here's the week.")
    assert shows(vocabulary, *asked) == [(1, "product")]
    # a document asked for again is no product
    quote = ("buyer: Could you put the quote up again? My partner missed it.", "rep: Sure, here it is, two vans.")
    assert shows(vocabulary, *quote) == []


def test_going_to_a_place_on_the_interface_works_the_product(vocabulary):
    assert shows(vocabulary, "rep: Go to Rooms, top right, and pick the first one.") == [(0, "product")]
    # a place said of something else is somewhere else
    assert shows(vocabulary, "rep: Go to the bank on the left of the square and you'll see us.") == []


def test_a_share_the_rep_says_stalls_shows_nothing(vocabulary):
    assert shows(vocabulary, "rep: Okay, sharing now. Hmm, it's asking me to log in again, one moment.") == [
        (0, "not_up")
    ]
    assert shows(vocabulary, "rep: Okay, sharing now. This is the planner with your sites on it.") == [(0, "product")]
    # a turn that shares again and stalls shows nothing, and neither did the share before it
    lines = (
        "rep: let me log into the demo kitchen and show you the prep list",
        "buyer: sure",
        "rep: it's thinking, the log in page is spinning, hang on",
    )
    assert shows(vocabulary, *lines) == [(0, "not_up"), (2, "not_up")]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("rep: Thanks for that. I'll take the screen back now. This is the stock list for your shop.", "product"),
        # a document pointed at stays a document
        ("rep: Thanks. Let me take the screen back. This is the proposal we sent over last week.", "artifact"),
    ],
)
def test_the_screen_taken_back_and_pointed_at_is_the_product(vocabulary, spacy_pass, line, expected):
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, expected)]


def test_a_walkthrough_proposed_as_the_next_step_is_deferred(vocabulary, spacy_pass):
    proposed = "rep: As a next step I'd suggest a proper walkthrough with your own jobs loaded in."
    assert shows(vocabulary, proposed) == [(0, "deferred")]
    # the next step of something in the product, shown now, is no deferral
    shown = "rep: Let me show you the next step of an order. This is the picking screen."
    assert shows_parsed(vocabulary, spacy_pass, shown) == [(0, "product")]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (("rep: Right, let me come off the slides. This is Crateline, the yard view.",), [(0, "product")]),
        (("rep: I'll get out of the deck now. This is the rota for your two kitchens.",), [(0, "product")]),
        (
            (
                "buyer: Here's our spreadsheet, it's a mess.",
                "rep: Lovely, thanks. Let me take the screen back. Right, this is the order list as your florists see it.",
            ),
            [(1, "product")],
        ),
        # a document pointed at once the slides are left is still a document, and slides left later are still up
        (("rep: Let me come off the slides. This is the proposal we sent last week.",), [(0, "artifact")]),
        (("rep: I'll get out of the slides in a minute. This is the team in Leeds.",), [(0, "artifact")]),
    ],
)
def test_something_pointed_at_once_the_rep_leaves_a_document_is_the_product(vocabulary, spacy_pass, lines, expected):
    assert shows_parsed(vocabulary, spacy_pass, *lines) == expected


def test_the_rep_handing_the_screen_to_the_buyer_shows_no_product(vocabulary, spacy_pass):
    lines = ("buyer: Can I show you the sheet I use now?", "rep: Of course, go ahead and share.")
    assert shows_parsed(vocabulary, spacy_pass, *lines) == [(1, "artifact")]
    # the rep sharing their own product is still a demo
    own = ("buyer: Can I see it?", "rep: Of course, let me share my screen. This is the planner.")
    assert shows_parsed(vocabulary, spacy_pass, *own) == [(1, "product")]


def test_the_rep_taking_the_controls_and_pointing_shows_the_product(vocabulary, spacy_pass):
    line = "rep: Okay, I'll drive, you tell me where to stop. This is a blank booking for a Saturday."
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "product")]
    # driving somewhere is no screen
    assert shows_parsed(vocabulary, spacy_pass, "rep: I'll drive over on Friday with the kit.") == []


def test_the_buyer_asking_what_a_user_would_see_asks_for_the_product(vocabulary, spacy_pass):
    asked = "buyer: Sorry, can you just show me what a driver would actually see? I can't picture it."
    lines = (asked, "rep: Sure. Right, this is a drop as it lands on the driver's phone.")
    assert shows_parsed(vocabulary, spacy_pass, *lines) == [(1, "product")]
    unasked = ("buyer: The drivers hate the paper sheets.", lines[1])
    assert shows_parsed(vocabulary, spacy_pass, *unasked) == []


def test_the_reps_own_put_up_is_the_product(vocabulary, spacy_pass):
    lines = (
        "buyer: That's the leaflet the other lot sent.",
        "rep: Thanks. Let me put ours up. This is a Monday in Rotawise.",
    )
    assert shows_parsed(vocabulary, spacy_pass, *lines) == [(1, "product")]
    # a document put up is still a document
    quote = ("buyer: Go on then.", "rep: Let me put the quote up. This is page two.")
    assert shows_parsed(vocabulary, spacy_pass, *quote) == [(1, "artifact")]


def test_a_record_of_the_product_that_shows_something_defers_nothing(vocabulary, spacy_pass):
    board = "rep: I'll drive for now. This is the job board, and each van shows its drops for the morning."
    # the rep showing it another morning is still deferred
    later = "rep: I'll show you the job board on Thursday morning, with your own vans in it."
    assert [shows_parsed(vocabulary, spacy_pass, line) for line in (board, later)] == [
        [(0, "product")],
        [(0, "deferred")],
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # the product itself shown through the camera, then pointed at
        ("rep: Hang on, let me turn the camera round. This is the big oak bench, see the joints?", [(0, "product")]),
        ("rep: I'm in the workshop, I'll point the camera at it. Here's the twin tank on the stand.", [(0, "product")]),
        ("rep: I can turn the camera off if the line's bad.", []),
        # a look asked for, then something pointed at that is no document
        (
            "rep: Right, have a look at this. I've loaded your twelve vans already. These are your routes for Monday.",
            [(0, "product")],
        ),
        ("rep: Have a look at this quote, it's the one from March.", []),
        ("rep: Have a look at this when you get a minute, it's a good article.", []),
        # the buyer's own record as it looks in the product
        ("rep: Right, here's your same order in ours, all the lines already filled.", [(0, "product")]),
        ("rep: Our prices are better than theirs, and in ours the setup is free.", []),
        # the product's viewer opened
        ("rep: Sure, let me open the viewer, here's a pot we did in Stoke.", [(0, "product")]),
    ],
)
def test_the_product_put_in_front_of_the_buyer_without_the_usual_words(vocabulary, spacy_pass, line, expected):
    assert shows_parsed(vocabulary, spacy_pass, line) == expected


def test_a_showing_held_until_someone_is_on_is_deferred(vocabulary, spacy_pass):
    later = "rep: I'd rather show you when Sam's on, so you both see it with your own stock loaded."
    assert shows_parsed(vocabulary, spacy_pass, later) == [(0, "deferred")]
    # the rep preferring one thing to show over another still shows it
    now = "rep: I'd rather show you the board than the slides. This is the board."
    assert shows_parsed(vocabulary, spacy_pass, now) == [(0, "product")]


@pytest.mark.parametrize(
    "line",
    [
        "rep: Honestly I'd rather show it with last month's orders in there. Who else should be on that one?",
        "rep: to be fair id rather show it with a weeks jobs in there, can you send me the list",
        "rep: Honestly I'd sooner show you with the menu you actually run. Can we find an hour next week?",
        "rep: I'd rather do the demo with your bookings in, so let's get them across first.",
    ],
)
def test_a_showing_held_until_the_buyers_own_data_is_in_is_deferred(vocabulary, spacy_pass, line):
    assert shows_parsed(vocabulary, spacy_pass, "buyer: Can we see the stock side?", line) == [(1, "deferred")]
    # preferring showing to telling still shows it
    now = "rep: I'd rather show you than tell you. Here we go, this is the planner."
    assert shows_parsed(vocabulary, spacy_pass, "buyer: Go on, let's have a look then.", now) == [(1, "product")]


@pytest.mark.parametrize(
    "lines",
    [
        (
            "rep: I'd love to show you the job board, once your own jobs are loaded in.",
            "buyer: Go on then.",
            "rep: How about Tuesday the ninth at two? I'll load your jobs before.",
        ),
        (
            "rep: id like to show you the rota app with your own staff in it",
            "buyer: yeah sure",
            "rep: ok lets say thursday at ten then",
        ),
        (
            "rep: What I wanted to show you is the dashboard with your vans on it.",
            "buyer: Fine.",
            "rep: So, Monday the fourth, ten o'clock?",
        ),
    ],
)
def test_a_showing_wished_for_then_given_a_day_is_promised_for_later(vocabulary, spacy_pass, lines):
    assert shows_parsed(vocabulary, spacy_pass, *lines) == [(0, "deferred")]


def test_a_showing_wished_for_then_done_or_left_alone_stays_as_read(vocabulary, spacy_pass):
    wished = "rep: I'd love to show you the job board, once your own jobs are loaded in."
    done = (wished, "buyer: Go on then.", "rep: Right, let me share. This is the planner, each job is a card.")
    assert shows_parsed(vocabulary, spacy_pass, *done)[0] == (0, "product")
    assert shows_parsed(vocabulary, spacy_pass, wished, "buyer: Sure.") == [(0, "product")]
    # a showing done now, then a day for something else, is no wish
    shown = (
        "rep: Let me show you the planner, this is today's jobs.",
        "buyer: Ok.",
        "rep: Shall we talk Friday at two?",
    )
    assert shows_parsed(vocabulary, spacy_pass, *shown) == [(0, "product")]


def test_the_buyer_reading_off_a_document_they_have_opens_no_product(vocabulary):
    """ "it says" of a quote the buyer has in front of them reads off the document: the rep's next
    turn pointing at its lines goes through the quote."""
    lines = (
        "rep: Did the quote come through okay?",
        "buyer: yeah it came through, it says nine forty at the bottom",
        "rep: So that's the two licences and the setup fee.",
    )
    assert "product" not in {move for _, move in shows(vocabulary, *lines)}
    emailed = ("rep: I emailed the price sheet.", "buyer: Right, it says forty a month.", "rep: That's for one site.")
    assert "product" not in {move for _, move in shows(vocabulary, *emailed)}


@pytest.mark.parametrize(
    "last",
    [
        "rep: Okay, those were the slides. This is the real thing, the jobs board for a wet Tuesday.",
        "rep: So that was the deck. Here's the rota for your two vans, drivers down the side.",
        "rep: Those are the slides anyway. This is the stock list as the shop would see it.",
        "rep: ok that was our deck now this is the actual booking board for a normal monday",
    ],
)
def test_a_document_pointed_back_at_then_something_else_pointed_at_is_the_product(vocabulary, spacy_pass, last):
    lines = ("rep: Let me put a couple of slides up first, just who we are.", "buyer: Go on.", last)
    assert shows_parsed(vocabulary, spacy_pass, *lines) == [(0, "artifact"), (2, "product")]


@pytest.mark.parametrize(
    "last",
    [
        # a document pointed at after it, or the slide itself pointed at, is still the document
        "rep: So those were the slides. This is the quote we sent on Monday.",
        "rep: That's the slide with our prices on, and that's the team in Leeds.",
        # a plan for the slides, or nothing pointed at after them
        "rep: That's the slides for another day, we'll leave them.",
        "rep: That's the deck I mentioned, so any questions?",
    ],
)
def test_a_document_pointed_back_at_with_no_new_thing_pointed_at_stays_a_document(vocabulary, spacy_pass, last):
    lines = ("rep: Let me put a couple of slides up first, just who we are.", "buyer: Go on.", last)
    assert (2, "product") not in shows_parsed(vocabulary, spacy_pass, *lines)


def test_a_document_pointed_back_at_before_any_is_up_moves_nothing_to_the_product(vocabulary, spacy_pass):
    line = "rep: Hi both. That's the brochure you asked for, and this is our team in Leeds."
    assert (0, "product") not in shows_parsed(vocabulary, spacy_pass, line)


@pytest.mark.parametrize(
    ("first", "last"),
    [
        # the document said to be done with, then something that is no document pointed at
        (
            "rep: I'll pop two slides up first, just so you get the shape of it.",
            "rep: Okay, that's the slides done. Here's the order list for a Saturday.",
        ),
        (
            "rep: Let me put the deck up for a second.",
            "rep: right thats the deck done this is the actual rota for a busy saturday",
        ),
        # a document named in an earlier turn, however it went up, then pointed back at
        (
            "rep: I'll begin with a handful of slides to say who we are. This one's the team.",
            "rep: Right, those are the slides. This is the working system, tonight's deliveries first.",
        ),
    ],
)
def test_a_document_done_with_then_something_else_pointed_at_is_the_product(vocabulary, spacy_pass, first, last):
    moves = shows_parsed(vocabulary, spacy_pass, first, "buyer: Fine.", last)
    assert (2, "product") in moves


@pytest.mark.parametrize(
    "last",
    [
        # the document pointed at after it, or nothing new pointed at
        "rep: Okay, that's the slides done. This is the quote we sent on Friday.",
        "rep: Right, that's the slides done, any questions before we talk price?",
    ],
)
def test_a_document_done_with_and_nothing_else_pointed_at_shows_no_product(vocabulary, spacy_pass, last):
    moves = shows_parsed(vocabulary, spacy_pass, "rep: I'll pop two slides up first.", "buyer: Fine.", last)
    assert (2, "product") not in moves


@pytest.mark.parametrize(
    "ask",
    [
        "buyer: ok and can we see the actual system now",
        "buyer: ok but can you show us the real thing",
        "buyer: Could we see the real screens, please?",
        "buyer: Can we see the thing itself now?",
    ],
)
def test_the_buyer_asking_for_the_real_thing_then_something_pointed_at_is_the_product(vocabulary, spacy_pass, ask):
    lines = (
        "rep: So the idea is simple: every order you take feeds the stock count.",
        ask,
        "rep: Of course. Here's the working setup with tonight's bookings in it.",
    )
    assert (2, "product") in shows_parsed(vocabulary, spacy_pass, *lines)


@pytest.mark.parametrize(
    "ask",
    [
        # a document asked for, or the thing asked about is no showing
        "buyer: Can we see the actual quote though?",
        "buyer: Is that the real thing or a mock-up?",
    ],
)
def test_the_buyer_asking_for_a_document_or_asking_no_showing_moves_nothing(vocabulary, spacy_pass, ask):
    lines = (
        "rep: So the idea is simple: every order you take feeds the stock count.",
        ask,
        "rep: Of course. This is the summary from Tuesday.",
    )
    assert (2, "product") not in shows_parsed(vocabulary, spacy_pass, *lines)


@pytest.mark.parametrize(
    "line",
    [
        "rep: Sure, let me show you. This is the job list for a busy Friday.",
        "rep: right ill show you. this is your kitchen as the chef sees it",
        "rep: Let me just show you. This is the morning list for a busy site.",
    ],
)
def test_a_showing_announced_then_something_pointed_at_is_the_product(vocabulary, spacy_pass, line):
    assert shows_parsed(vocabulary, spacy_pass, "buyer: Go on then.", line) == [(1, "product")]


@pytest.mark.parametrize(
    "line",
    [
        "rep: Let me show you. Here's the quote we talked about.",
        "rep: I'll show you next week. This is just the plan for today.",
    ],
)
def test_a_showing_announced_then_a_document_or_a_later_day_shows_no_product(vocabulary, spacy_pass, line):
    assert (1, "product") not in shows_parsed(vocabulary, spacy_pass, "buyer: Go on then.", line)


@pytest.mark.parametrize(
    "line",
    [
        "rep: Right, let me swap across to the booking portal.",
        "rep: I'll flick over to the dashboard now, one second.",
        "rep: ok let me hop over to the app",
        "rep: Let me just nip over to the planner so you can see Friday.",
    ],
)
def test_swapping_over_to_the_product_shows_it(vocabulary, line):
    assert shows(vocabulary, line) == [(0, "product")]


def test_swapping_over_to_a_document_shows_no_product(vocabulary):
    assert (0, "product") not in shows(vocabulary, "rep: Let me swap over to the proposal for a second.")


@pytest.mark.parametrize(
    ("offer", "reply"),
    [
        ("rep: Shall I show you the rota screen, so Dev can see it too?", "buyer: Go on."),
        ("rep: can i walk you through how the rota works?", "buyer: yes please"),
        ("rep: Want me to show you what the drivers get?", "buyer: Sure, why not."),
    ],
)
def test_an_offer_to_show_taken_up_then_something_pointed_at_is_the_product(vocabulary, spacy_pass, offer, reply):
    lines = (offer, reply, "rep: Right, here's the bar till. When a pint is poured, the keg count drops.")
    assert (2, "product") in shows_parsed(vocabulary, spacy_pass, *lines)


@pytest.mark.parametrize(
    ("offer", "reply"),
    [
        # turned down or put off, a document offered, or the showing said outside the question
        ("rep: Shall I show you the rota screen?", "buyer: No, not today, we're short on time."),
        ("rep: Shall I show you the rota screen?", "buyer: Maybe later, first tell me the price."),
        ("rep: Can I show you the quote again?", "buyer: Go on."),
        (
            "rep: Before I share, one thing so I pick the right screens: what's the budget?",
            "buyer: About two thousand.",
        ),
    ],
)
def test_an_offer_turned_down_or_of_a_document_moves_nothing(vocabulary, spacy_pass, offer, reply):
    lines = (offer, reply, "rep: So this is the thing I mentioned. What's the timing on your side?")
    assert (2, "product") not in shows_parsed(vocabulary, spacy_pass, *lines)


@pytest.mark.parametrize(
    "line",
    [
        "rep: Okay, let's get going. This is the diary as your groomers see it on their tablets: who's booked, which dog, which room.",
        "rep: ok here's the schedule as the drivers see it each morning with their drops in order",
    ],
)
def test_what_is_pointed_at_as_its_users_see_it_is_the_product(vocabulary, spacy_pass, line):
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "product")]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # a document named only in a sentence after the share's is talked about: nothing is shown
        (
            "rep: Yeah, that's the snag with a good many of the suppliers out there. Somebody loses the invoice and nobody chases it.",
            [],
        ),
        # named before the share, or beside it, it is what goes up
        ("rep: I've got the brochure here for you. Sharing now.", [(0, "artifact")]),
        ("rep: Sharing now, it's the brochure from last spring.", [(0, "artifact")]),
    ],
)
def test_a_document_named_only_after_the_shares_sentence_is_not_shown(vocabulary, line, expected):
    assert shows(vocabulary, line) == expected


def test_a_showing_wished_for_the_next_step_is_deferred_whatever_document_is_named_after_it(vocabulary, spacy_pass):
    """The showing said for the next step is for another call, though no document the turn names later
    holds it down any more; the same showing said now, with a sample loaded, is the product."""
    later = (
        "rep: So for the next step, we would sooner show you the route planner holding your own routes in it than a"
        " made-up depot. Can you pop the route list from your spreadsheet across?"
    )
    assert shows_parsed(vocabulary, spacy_pass, later) == [(0, "deferred")]
    now = "rep: Right, walking you through the route planner now, a made-up depot in it."
    assert shows_parsed(vocabulary, spacy_pass, now) == [(0, "product")]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # users at large seeing what is pointed at, with a modal: their view of the product
        ("rep: right, this is what shoppers would see, the basket and the pickup slot", [(0, "product")]),
        ("rep: So here's what members would get before each class.", [(0, "product")]),
        # the listener's own view, and a claim about users with nothing pointed at, are no showing
        ("rep: This is what you'd get out of it, fewer missed calls.", []),
        ("rep: Honestly members would see the difference in a week.", []),
    ],
)
def test_what_users_at_large_would_see_pointed_at_is_the_product(vocabulary, spacy_pass, line, expected):
    assert shows_parsed(vocabulary, spacy_pass, line) == expected


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        # something pointed at that is no document, then the listener working it as it stands
        ("rep: Right, this is the order sheet for a hamper. You pick the basket and it adds the ribbon.", True),
        ("rep: right this is the cellar record you type the wine in and it sorts the flights", True),
        ("rep: This is a room plan we loaded: you tap the floor and choose the carpet.", True),
        # the same steps said with a modal or in the past, or of a document, show nothing
        ("rep: This is the idea, you'd pick the basket and it would add the ribbon.", False),
        ("rep: This is the quote, you picked the two-year option last week.", False),
    ],
)
def test_something_pointed_at_that_the_listener_works_step_by_step_is_the_product(vocabulary, spacy_pass, line, shown):
    assert ((0, "product") in shows_parsed(vocabulary, spacy_pass, line)) is shown


@pytest.mark.parametrize(
    "line",
    [
        "rep: Right then, here's your allotment site, and the green plots are the ones paid up.",
        "rep: So here is your Saturday: the blue slots are lessons, grey means free to hire.",
        "rep: ok so thats your tuesday there and the two vans are already on it",
    ],
)
def test_the_buyers_own_records_pointed_at_are_the_product(vocabulary, spacy_pass, line):
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "product")]


@pytest.mark.parametrize(
    "line",
    [
        # a figure of theirs, said back, is no record on a screen
        "rep: So that's your nine hundred a quarter on fuel, gone.",
        # "that" without "there" points back at what was said
        "rep: Right, so that's your cut-off, then.",
        # pointing said as what the rep knows is a greeting, no screen
        "rep: Morning Ifan. I realise this is your quiet hour, I won't keep you.",
        # a document of theirs pointed at is the document
        "rep: Here's your renewal quote, the second page has the totals.",
        # asked, it points at nothing
        "rep: Before we go on, is this your sign-off by yourself, or does a partner weigh in?",
    ],
)
def test_the_buyers_own_figure_or_document_pointed_at_is_no_product(vocabulary, spacy_pass, line):
    assert (0, "product") not in shows_parsed(vocabulary, spacy_pass, line)


def test_something_pointed_at_that_the_rep_filled_with_the_buyers_things_is_the_product(vocabulary, spacy_pass):
    line = "rep: Okay. This is Saturday morning at the lido, I've loaded your six lanes and the swim club bookings."
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "product")]
    # the buyer's things put into nothing pointed at is a plan, no showing
    plan = "rep: Once you sign, I'll load your six lanes and the club bookings in for you."
    assert shows_parsed(vocabulary, spacy_pass, plan) == []


def test_something_pointed_at_right_after_the_buyer_asks_for_the_product_is_the_product(vocabulary, spacy_pass):
    asked = "buyer: Could you bring the rota screen back up? The weekend part is what worries me."
    pointed = "rep: Sure, there it is. This is this weekend's cover, and the manager gets the report every Friday."
    assert shows_parsed(vocabulary, spacy_pass, asked, pointed) == [(1, "product")]
    # a document named as what is pointed at stays the document
    document = "rep: Sure, there it is. That's the proposal, and the weekend cover is on its second page."
    assert shows_parsed(vocabulary, spacy_pass, asked, document) == [(1, "artifact")]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # a live step said to come after a question is put off: nothing is worked yet
        ("rep: right, before i click into the board, how do the shifts get handed out now", []),
        ("rep: Before we click into it, who else looks at the shifts?", []),
        # the same step taken, or taken after something else is done
        ("rep: great so i'll click into the rota, here's the board for the week", [(0, "product")]),
        ("rep: ok, now that you've sent the list, i'm clicking into the rota", [(0, "product")]),
    ],
)
def test_a_live_step_said_to_wait_on_something_else_is_put_off(vocabulary, line, expected):
    assert shows(vocabulary, line) == expected


@pytest.mark.parametrize(
    "line",
    [
        # the buyer's own thing pointed at, which they sent over: their records loaded into the product
        "rep: Okay, here's your tile layout, the one you sent over, on the standard sheet of the grey stone.",
        "rep: Right. This is your own stock list, from the file you sent, sorted by shelf.",
    ],
)
def test_the_buyers_own_thing_they_sent_pointed_at_is_the_product(vocabulary, spacy_pass, line):
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "product")]


def test_a_thing_someone_sent_that_is_not_the_buyers_own_stays_a_document(vocabulary, spacy_pass):
    line = "rep: Can you see the trial login I sent over? It should be on your screen."
    assert (0, "product") not in shows_parsed(vocabulary, spacy_pass, line)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # each record said where it stands, as it stands: the records on the screen gone through
        ("rep: ok so these are the jobs booked for the week and each one is sitting against a van", [(0, "product")]),
        # said with a modal, a pitch
        ("rep: So these are the jobs, and each one would sit against a van once you're live.", []),
        # how the product is made, no record on a screen
        ("rep: So this is the new tin, and every biscuit sits in its own slot.", []),
    ],
)
def test_each_record_said_where_it_stands_is_the_product(vocabulary, spacy_pass, line, expected):
    assert shows_parsed(vocabulary, spacy_pass, line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # one of the buyer's people working what is pointed at, as it stands
        ("rep: Right, so this is a job sheet. Your fitter draws the room, then picks the flooring.", [(0, "product")]),
        # with a modal, what they would do is a pitch
        ("rep: Right, so this is a job sheet. Your fitter would draw the room, then pick the flooring.", []),
        # something of theirs that works nothing
        ("rep: So this is the flat box, and your freight drops.", []),
    ],
)
def test_the_buyers_people_working_what_is_pointed_at_is_the_product(vocabulary, spacy_pass, line, expected):
    assert shows_parsed(vocabulary, spacy_pass, line) == expected


def test_raw_asr_heres_points_like_heres(vocabulary, spacy_pass):
    line = "rep: ok great so so heres the the booking screen this is a class from tuesday"
    assert shows_parsed(vocabulary, spacy_pass, line) == [(0, "product")]
