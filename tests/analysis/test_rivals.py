"""The rival in the conversation: faint disparagement counts about a competitor just named."""

from __future__ import annotations

import pytest

from pipeline.analysis.nlp import load_patterns
from pipeline.analysis.rivals import rival_acts
from pipeline.model import Transcript, Utterance, UtteranceFeatures
from tests.analysis.calls import readings_after, transcript_of
from tests.support.paths import ROOT


def disparagement(lines: list[tuple[str, dict]]) -> list[float]:
    return readings_after(rival_acts, "competitor_disparagement", lines)


def test_an_insinuation_about_the_rival_just_named_counts():
    scores = disparagement(
        [
            ("buyer: We also had a look at Ledgerly.", {"competitor_mention": 0.9}),
            (
                "rep: Sure. I'd just ask how long their tickets sit once you've signed.",
                {"competitor_disparagement": 0.3},
            ),
        ]
    )
    assert scores[1] >= 0.5


@pytest.mark.parametrize(
    ("rep", "raised"),
    [
        # pointing back at the rival as raw ASR writes it, with no apostrophe
        ("rep: sure theyre cheap for a reason ask anyone", True),
        ("rep: yeah well theyve had a few goes at it havent they", True),
        # a faint reading that points back at nobody stays faint
        ("rep: sure theres a reason for that ask anyone", False),
    ],
)
def test_an_insinuation_pointing_back_at_the_rival_in_raw_speech_counts(rep, raised):
    scores = disparagement(
        [
            ("buyer: we also had a look at ledgerly", {"competitor_mention": 0.9}),
            (rep, {"competitor_disparagement": 0.3}),
        ]
    )
    assert (scores[1] >= 0.5) is raised


@pytest.mark.parametrize(
    ("rep", "source", "raised"),
    [
        # a warning to keep off the rival named a few turns before, read by its pattern, is a dig about it
        (
            "rep: the ledgerly ones um between us theyre the ones that keep crashing id be careful there",
            "pattern:competitor_disparagement/warned-off",
            True,
        ),
        ("rep: Honestly? I'd steer clear.", "pattern:competitor_disparagement/warned-off", True),
        # ... the same words heard only faintly by the classifier stay faint
        ("rep: Honestly? I'd steer clear.", "classifier", False),
    ],
)
def test_a_warning_to_keep_off_a_rival_named_before_is_a_dig(rep, source, raised):
    call = transcript_of(
        [
            "buyer: The Ledgerly lads were in last week, they quoted about the same.",
            "rep: Who else would look at it?",
            "buyer: Just my brother.",
            rep,
        ]
    )
    warning = UtteranceFeatures(
        acts={"competitor_disparagement": 0.3 if source != "classifier" else 0.05, "competitor_differentiation": 0.2},
        act_sources={"competitor_disparagement": source},
    )
    features = [UtteranceFeatures(acts={"competitor_mention": 0.8}), UtteranceFeatures(), UtteranceFeatures(), warning]
    assert (rival_acts(call, features)[3].acts.get("competitor_disparagement", 0.0) >= 0.5) is raised


@pytest.mark.parametrize(
    ("heard", "source", "raised"),
    [
        # the classifier hears a rival clearly enough: "they" points back at it
        (0.6, "classifier", True),
        # ... or a pattern reads one, however faintly
        (0.3, "pattern:competitor_mention/vendor-quoted-figure-lowercase", True),
        # a faint reading of the classifier's alone in the buyer's talk of their own people: "they" are those
        (0.35, "classifier", False),
    ],
)
def test_a_dig_pointing_back_in_a_screen_walkthrough_needs_a_rival_heard_surely_enough(heard, source, raised):
    call = transcript_of(
        [
            "buyer: Three cancellations last autumn, each about six hundred in fees gone.",
            "rep: Ouch. And the crew sheet, down here, is where your puppeteers see which show they're on.",
        ]
    )
    features = [
        UtteranceFeatures(acts={"competitor_mention": heard}, act_sources={"competitor_mention": source}),
        UtteranceFeatures(
            acts={"competitor_disparagement": 0.33}, act_sources={"competitor_disparagement": "classifier"}
        ),
    ]
    assert (rival_acts(call, features)[1].acts["competitor_disparagement"] >= 0.5) is raised


def test_faint_disparagement_without_a_rival_or_read_as_fair_stays_faint():
    # no competitor named: a remark about "their" onboarding is about the buyer's own team
    alone = disparagement(
        [("rep: I'd ask how long their onboarding took last time.", {"competitor_disparagement": 0.3})]
    )
    assert alone == [0.3]
    # a rival named, but the reply reads more as a fair comparison than as a dig
    fair = disparagement(
        [
            ("buyer: We also had a look at Ledgerly.", {"competitor_mention": 0.9}),
            (
                "rep: They're fine; what you described is a plant scheduler, and ours is built for it.",
                {"competitor_disparagement": 0.35, "competitor_differentiation": 0.3, "solution_pitch": 0.3},
            ),
        ]
    )
    assert fair[1] <= 0.35
    # a rival named long ago is out of the conversation
    far = [("buyer: We also had a look at Ledgerly.", {"competitor_mention": 0.9})]
    far += [("buyer: ok", {})] * 7
    far += [("rep: I'd ask how long their tickets sit.", {"competitor_disparagement": 0.3})]
    assert disparagement(far)[-1] == 0.3


def test_a_comparison_that_reads_fairer_than_a_dig_is_held_down():
    scores = disparagement(
        [
            ("buyer: We also spoke to Ledgerly, and they're cheaper.", {"competitor_mention": 0.9}),
            (
                "rep: Ledgerly is good for stock; for your deadline the difference is the audit record.",
                {"competitor_disparagement": 0.55, "competitor_differentiation": 0.7},
            ),
        ]
    )
    assert scores[1] < 0.5
    # a dig that reads more as a dig than as a comparison stays
    dig = disparagement(
        [
            ("buyer: We also spoke to Ledgerly.", {"competitor_mention": 0.9}),
            (
                "rep: Ledgerly is a mess, honestly.",
                {"competitor_disparagement": 0.8, "competitor_differentiation": 0.3},
            ),
        ]
    )
    assert dig[1] == 0.8


def test_a_rival_given_its_due_before_a_comparison_is_no_dig():
    def after(rep: str, act: str) -> float:
        lines = ["buyer: We had a quote from Brightfold too.", rep]
        utterances = [
            Utterance(speaker=line.split(": ", 1)[0], start=float(i), end=i + 0.9, text=line.split(": ", 1)[1])
            for i, line in enumerate(lines)
        ]
        features = [
            UtteranceFeatures(acts={"competitor_mention": 0.9}),
            # the grant is heard by a cue pattern (rules/patterns/competitors.jsonl)
            UtteranceFeatures(
                acts={"competitor_disparagement": 0.8, "competitor_differentiation": 0.4},
                cues=frozenset({"competitor_differentiation"}),
            ),
        ]
        return rival_acts(Transcript("c-1", "rep_ana", utterances), features)[1].acts[act]

    granted = "rep: I won't knock them, they're decent for one office. The difference for you is the audit log."
    assert after(granted, "competitor_disparagement") < 0.5
    assert 0.5 <= after(granted, "competitor_differentiation") < 0.85
    # granted, but no comparison follows: the words decide as before
    assert after("rep: They're fine, if you like waiting a week for support.", "competitor_disparagement") == 0.8
    # what the rival lacks, said as such after its due, is a comparison said as one
    lacks = "rep: They're strong on invoicing. What they don't have is the route planner your drivers need."
    assert after(lacks, "competitor_disparagement") < 0.5
    assert after(lacks, "competitor_differentiation") >= 0.5
    # what ours does that theirs does not, after the rival's due, sets the two side by side
    theirs = (
        "rep: They're a solid company. Your customers order on their phones, and our portal works in Telugu, "
        "which theirs doesn't yet."
    )
    assert after(theirs, "competitor_disparagement") < 0.5
    assert after(theirs, "competitor_differentiation") >= 0.5


def test_a_rival_given_its_due_then_the_product_pitched_is_a_comparison():
    def after(rep: str, pitch: float, source: str = "classifier") -> tuple[float, float]:
        lines = [
            ("buyer: We had Fernhill out to the yard last spring.", {"competitor_mention": 0.85}, frozenset(), ""),
            (
                rep,
                {"competitor_disparagement": 0.45, "solution_pitch": pitch},
                # the grant is heard by a cue pattern (rules/patterns/competitors.jsonl)
                frozenset({"competitor_differentiation"}),
                source,
            ),
        ]
        utterances = [
            Utterance(speaker=line.split(": ", 1)[0], start=float(i), end=i + 0.9, text=line.split(": ", 1)[1])
            for i, (line, _, _, _) in enumerate(lines)
        ]
        features = [
            UtteranceFeatures(acts=acts, cues=cues, act_sources={"competitor_disparagement": s} if s else {})
            for _, acts, cues, s in lines
        ]
        acts = rival_acts(Transcript("c-1", "rep_ana", utterances), features)[1].acts
        return acts["competitor_disparagement"], acts.get("competitor_differentiation", 0.0)

    pitched = "rep: They're solid if you sell by the pallet. What you sell is single trees, and ours tags each one."
    dig, comparison = after(pitched, 0.6)
    assert dig < 0.5 <= comparison
    # granted with no pitch after it, or with a dig the patterns read, the words decide as before
    assert after("rep: They're fine if you don't mind losing a day's notes now and then.", 0.05)[0] >= 0.5
    sarcastic = "rep: They're fine, if you like waiting a week. Ours texts your driver the moment it's booked."
    assert after(sarcastic, 0.6, "pattern:competitor_disparagement/sarcastic-if")[0] >= 0.5


def test_a_comparison_answering_a_faintly_heard_rival_confirms_it():
    lines = [
        ("buyer: we looked at harbor desk last year too", {"competitor_mention": 0.35}),
        ("rep: the difference for you is the lift schedule", {"competitor_differentiation": 0.8}),
    ]
    utterances = [
        Utterance(speaker=line.split(": ", 1)[0], start=float(i), end=i + 0.9, text=line.split(": ", 1)[1])
        for i, (line, _) in enumerate(lines)
    ]
    updated = rival_acts(Transcript("c-1", "rep_ana", utterances), [UtteranceFeatures(acts=a) for _, a in lines])
    assert updated[0].acts["competitor_mention"] >= 0.55
    # a pitch with no rival heard before confirms nothing
    alone = rival_acts(Transcript("c-1", "rep_ana", utterances[1:]), [UtteranceFeatures(acts=lines[1][1])])
    assert "competitor_mention" not in alone[0].acts


def test_a_comparison_said_as_one_confirms_a_rival_heard_very_faintly():
    def mention_after(buyer: str, rep: str, comparison: float) -> float:
        lines = [(buyer, {"competitor_mention": 0.25}), (rep, {"competitor_differentiation": comparison})]
        utterances = [
            Utterance(speaker=line.split(": ", 1)[0], start=float(i), end=i + 0.9, text=line.split(": ", 1)[1])
            for i, (line, _) in enumerate(lines)
        ]
        features = [UtteranceFeatures(acts=a) for _, a in lines]
        return rival_acts(Transcript("c-1", "rep_ana", utterances), features)[0].acts["competitor_mention"]

    buyer = "buyer: slatebook is still cheaper"
    assert mention_after(buyer, "rep: it is. the difference for your shop is the stamped letter", 0.4) >= 0.55
    # a faint comparison that is no comparison in its words (the buyer's own paperwork) confirms nothing
    signed = "buyer: we signed your nda already, it was in the first pack"
    assert mention_after(signed, "rep: your tenant is hosted in the london region", 0.4) == 0.25


def test_the_buyers_provider_said_back_is_the_rival_of_that_reply():
    said_back = disparagement(
        [
            ("buyer: we run everything on crew ledger right now", {}),
            ("rep: oh crew ledger, honestly I'd check how your data gets out of it", {"competitor_disparagement": 0.3}),
        ]
    )
    assert said_back[1] >= 0.5
    # a figure said back is no name, and opens no rival's context for a later "they"
    figure = disparagement(
        [
            ("buyer: our return rate is twenty eight percent", {}),
            ("rep: twenty eight percent, that's normal", {}),
            ("buyer: feels high", {}),
            ("rep: if they pick a different size, the new one ships first", {"competitor_disparagement": 0.25}),
        ]
    )
    assert figure[3] == 0.25


def test_a_faint_dig_in_the_reply_to_a_rival_the_buyer_just_named_counts():
    reply = ("rep: I'd just ask their references how last summer went.", {"competitor_disparagement": 0.13})
    scores = disparagement([("buyer: We looked at Roomly as well.", {"competitor_mention": 0.9}), reply])
    assert scores[1] >= 0.5
    # the same faint reading a few turns after the rival came up stays faint
    later = [("buyer: We looked at Roomly as well.", {"competitor_mention": 0.9})]
    later += [("rep: Sure.", {}), ("buyer: Anyway, the rota.", {}), reply]
    assert disparagement(later)[-1] == 0.13
    # and so does one that reads as much a comparison as a dig
    even = (reply[0], {"competitor_disparagement": 0.13, "competitor_differentiation": 0.13})
    assert disparagement([("buyer: We looked at Roomly as well.", {"competitor_mention": 0.9}), even])[1] == 0.13


def test_a_name_said_back_on_its_own_is_the_rival_of_that_reply():
    def reply(rep: str) -> float:
        return disparagement(
            [
                ("buyer: we're on tillpoint at the moment", {}),
                (rep, {"competitor_disparagement": 0.3}),
            ]
        )[1]

    assert reply("rep: Tillpoint. Sure, if you enjoy a till that freezes at lunch.") >= 0.5
    assert reply("rep: oh tillpoint yeah, good luck getting a refund when it freezes") >= 0.5
    # the name opening a sentence about it is no acknowledgement of the name
    assert reply("rep: Tillpoint is a decent till for one shop, and ours is built for three.") == 0.3


def reply_after(buyer: str, rep: str, heard: float = 0.3) -> float:
    """The disparagement of the rep's reply, heard at `heard`, to the buyer's line."""
    return disparagement([(buyer, {}), (rep, {"competitor_disparagement": heard})])[1]


def test_a_helping_verb_said_back_as_the_reply_opens_is_no_name():
    asked = "buyer: and can i track the spare parts i order for each boat"
    assert reply_after(asked, "rep: yeah you can um log them so if you're waiting on a pump it shows as waiting") == 0.3
    could = "rep: could, yeah, if you like waiting we can email them too"
    assert reply_after("buyer: could you text them", could) == 0.3
    # a name said back the same way still is one
    named = "rep: boatbook um yeah, if you like waiting a week for support"
    assert reply_after("buyer: we use boatbook for that", named) >= 0.5


def test_a_name_with_an_article_inside_said_back_is_the_rival_of_that_reply():
    buyer = "buyer: house of hooves takes ten percent of every booking"
    said_back = "rep: house of hooves yeah um they're lovely right up until you want a refund"
    assert reply_after(buyer, said_back, 0.35) >= 0.5
    # the words of the buyer's turn said back apart are no name
    apart = "rep: ten percent yeah um they're lovely right up until you want a refund"
    assert reply_after(buyer, apart, 0.35) == 0.35


def test_a_rival_named_again_later_in_the_reply_is_its_rival():
    def reply(heard: float) -> float:
        return disparagement(
            [
                ("buyer: we signed with crate hub last week", {"competitor_mention": heard}),
                (
                    "rep: oh, shame. good luck reaching anyone at crate hub in december",
                    {"competitor_disparagement": 0.3},
                ),
            ]
        )[1]

    assert reply(0.25) >= 0.5
    # a turn not heard naming anything: words said again later in the reply are no name
    assert reply(0.05) == 0.3


def _after_rivals(lines: list[tuple[str, dict, str]], classifier_decides: frozenset[str] = frozenset()) -> list[float]:
    """Disparagement after the pass, for lines with their acts and the source of the disparagement."""
    utterances = [
        Utterance(speaker=line.split(": ", 1)[0], start=float(i), end=i + 0.9, text=line.split(": ", 1)[1])
        for i, (line, _, _) in enumerate(lines)
    ]
    features = [
        UtteranceFeatures(acts=acts, act_sources={"competitor_disparagement": source} if source else {})
        for _, acts, source in lines
    ]
    updated = rival_acts(Transcript("c-1", "rep_ana", utterances), features, classifier_decides)
    return [f.acts.get("competitor_disparagement", 0.0) for f in updated]


def test_a_dig_the_patterns_read_is_no_fair_comparison_however_the_classifier_hears_it():
    buyer = ("buyer: The people from Ovenly came round last week.", {"competitor_mention": 0.7}, "")
    sarcastic = "rep: oh ovenly, sure, if you like your engineer turning up a week late, that's their thing"
    acts = {"competitor_disparagement": 0.3, "competitor_differentiation": 0.6}
    pattern = "pattern:competitor_disparagement/sarcastic-if-thing"
    assert _after_rivals([buyer, (sarcastic, acts, pattern)])[1] >= 0.5
    # the classifier's reading alone, or a comparison said as one, stays a comparison
    assert _after_rivals([buyer, (sarcastic, acts, "classifier")])[1] < 0.5
    compared = "rep: if you like their engineers, fine; the difference for you is we're local"
    assert _after_rivals([buyer, (compared, acts, pattern)])[1] < 0.5


def test_a_rival_heard_faintly_in_the_dig_itself_is_its_rival():
    line = "rep: honestly the lads at crate hub, ask them how their vans held up in december"
    acts = {"competitor_disparagement": 0.45, "competitor_mention": 0.25}
    assert _after_rivals([(line, acts, "pattern:competitor_disparagement/ask-them-who")])[0] >= 0.5
    assert _after_rivals([(line, acts, "classifier")])[0] == 0.45


def test_advice_to_check_the_rival_read_fairer_than_a_dig_is_a_comparison():
    buyer = ("buyer: We had a demo from Tallyfold too.", {"competitor_mention": 0.7}, "")
    advice = (
        "rep: They may well suit you. What I'd check with them is the export, since your auditors want the raw logs."
    )
    acts = {"competitor_disparagement": 0.3, "competitor_differentiation": 0.6}
    pattern = "pattern:competitor_disparagement/advice-to-check-them"
    # the rules file leaves this pattern's reading to the classifier (`classifier_decides`)
    decided = frozenset(p.id for p, _ in load_patterns(ROOT / "rules") if p.classifier_decides)
    assert _after_rivals([buyer, (advice, acts, pattern)], decided)[1] < 0.5
    # the same pattern not so marked is a dig the patterns read, however fair the classifier hears it
    assert _after_rivals([buyer, (advice, acts, pattern)])[1] >= 0.5
    # heard by the classifier too, it is a dig as before
    heard = "pattern:competitor_disparagement/advice-to-check-them+classifier"
    assert _after_rivals([buyer, (advice, acts, heard)], decided)[1] >= 0.5


def test_a_rivals_name_said_back_possessive_or_not_is_the_rival_of_the_reply():
    # the buyer names the rival in the possessive, the rep says the name back on its own
    echoed = disparagement(
        [
            ("buyer: From Brackwell's proposal, if I'm honest.", {"competitor_mention": 0.15}),
            ("rep: Brackwell. Right. Well, they're great at the sale.", {"competitor_disparagement": 0.3}),
        ]
    )
    assert echoed[1] >= 0.5
    # a dig the patterns read that says back the name the buyer just gave is about that rival
    buyer = ("buyer: The people who keep calling us are Ferngate. Why not them?", {"competitor_mention": 0.1}, "")
    dig = "rep: Well, Ferngate's lovely if you enjoy waiting on hold till Friday."
    pattern = "pattern:competitor_disparagement/sarcastic-if-habit"
    assert _after_rivals([buyer, (dig, {"competitor_disparagement": 0.45}, pattern)])[1] >= 0.5
    # the classifier's reading alone stays as read
    assert _after_rivals([buyer, (dig, {"competitor_disparagement": 0.45}, "classifier")])[1] == 0.45
    # a word the buyer only said at a sentence's start is no name said back, but the dig names its firm
    # itself, inside its sentence (test_a_dig_the_patterns_read_that_names_its_firm_is_about_that_rival)
    opened = ("buyer: Ferngate keeps calling us. Why not them?", {"competitor_mention": 0.1}, "")
    assert _after_rivals([opened, (dig, {"competitor_disparagement": 0.45}, pattern)])[1] >= 0.5
    unnamed = "rep: Well, it's lovely if you enjoy waiting on hold till Friday."
    assert _after_rivals([opened, (unnamed, {"competitor_disparagement": 0.45}, pattern)])[1] == 0.45


def test_a_faint_rival_whose_name_the_rep_says_back_in_a_comparison_is_confirmed():
    def mention_after(buyer: str, rep: str, comparison: float) -> float:
        lines = [(buyer, {"competitor_mention": 0.3}), (rep, {"competitor_differentiation": comparison})]
        utterances = [
            Utterance(speaker=line.split(": ", 1)[0], start=float(i), end=i + 0.9, text=line.split(": ", 1)[1])
            for i, (line, _) in enumerate(lines)
        ]
        features = [UtteranceFeatures(acts=a) for _, a in lines]
        return rival_acts(Transcript("c-1", "rep_ana", utterances), features)[0].acts["competitor_mention"]

    buyer = "buyer: We tried Plotwise for a while. The crews hated it."
    assert (
        mention_after(buyer, "rep: Plotwise's built for one office; for you it's the rota across sites.", 0.25) >= 0.55
    )
    # the name said back with nothing of a comparison, or a comparison that names nothing, confirms nothing
    assert mention_after(buyer, "rep: Plotwise, sure. How many crews are there?", 0.05) == 0.3
    assert mention_after(buyer, "rep: for you it's the rota across sites", 0.25) == 0.3
    # a word of the buyer's own company said as a common word is no name said back
    own = "buyer: I run the bookings at Harbour Travel, so it's mine."
    assert mention_after(own, "rep: Great. It keeps each client's travel policy on one screen.", 0.25) == 0.3


def rival_heard_after(buyer: str, heard: float, rep: str, comparison: float, cues=frozenset()) -> float:
    """The buyer turn's rival reading after the pass, the turn heard at `heard` and the rep's reply
    (with `cues`) heard comparing at `comparison`."""
    acts = [{"competitor_mention": heard}, {"competitor_differentiation": comparison}]
    utterances = [
        Utterance(speaker=line.split(": ", 1)[0], start=float(i), end=i + 0.9, text=line.split(": ", 1)[1])
        for i, line in enumerate((buyer, rep))
    ]
    features = [UtteranceFeatures(acts=acts[0]), UtteranceFeatures(acts=acts[1], cues=cues)]
    return rival_acts(Transcript("c-1", "rep_ana", utterances), features)[0].acts["competitor_mention"]


def test_a_rival_said_back_in_a_clear_comparison_is_confirmed_however_faintly_heard():
    # a transcript without capitals: the name is said back as the reply opens
    asked = "buyer: so how does that compare with yard boss which my foreman likes"
    reply = "rep: yard boss is fine for the gate but it wont track the skips by site so you'd still ring round"
    assert rival_heard_after(asked, 0.05, reply, 0.7) >= 0.55
    # heard faintly, the name said back in a plainer comparison confirms it too
    used = "buyer: we keep the invoices in a thing called stack ledger"
    said_back = "rep: stack ledger right its good for invoices what it doesnt do is the site tracking"
    assert rival_heard_after(used, 0.3, said_back, 0.4) >= 0.55
    # a faint comparison, or a reply that says back nothing of the turn, confirms nothing
    assert rival_heard_after(asked, 0.05, reply, 0.3) == 0.05
    assert rival_heard_after(asked, 0.05, "rep: for you it's the skips by site that matter", 0.7) == 0.05


@pytest.mark.parametrize(
    ("reply", "comparison", "confirmed"),
    [
        # the rival the buyer faintly named, said back a few turns on in a faint comparison
        ("rep: ok so ledger row use a lighter steel so theyd warp sooner on your hire kit", 0.25, True),
        ("rep: So, Ledger Row. They use a lighter steel, which on your hire kit means they warp.", 0.25, True),
        # ... not a reply that says back no name, nor one heard as no comparison
        ("rep: ok so they use a lighter steel so theyd warp sooner on your hire kit", 0.25, False),
        ("rep: right on ledger row what day suits you for the delivery", 0.05, False),
    ],
)
def test_a_faint_rival_said_back_a_few_turns_on_in_a_comparison_is_confirmed(reply, comparison, confirmed):
    lines = [
        ("buyer: ledger row do them for about eighteen each", {"competitor_mention": 0.3}),
        ("rep: does anyone else have a say on it", {}),
        ("buyer: nah only me and my sister", {}),
        (reply, {"competitor_differentiation": comparison}),
    ]
    assert (mentions_after(lines)[0] >= 0.55) is confirmed


def test_the_buyers_own_system_said_back_a_few_turns_on_is_no_rival():
    call = transcript_of(
        [
            "buyer: The orders come in through Tillnest.",
            "rep: Good, we sync with Tillnest, so a sale takes the parts off at once.",
            "buyer: Show me.",
            "rep: When Tillnest sells one, it comes off the shelf here, so the count stops being guesswork.",
        ]
    )
    features = [
        UtteranceFeatures(acts={"competitor_mention": 0.3}),
        UtteranceFeatures(acts={"solution_pitch": 0.6}, cues=frozenset({"rival_integration"})),
        UtteranceFeatures(),
        UtteranceFeatures(acts={"competitor_differentiation": 0.25}),
    ]
    assert rival_acts(call, features)[0].acts["competitor_mention"] < 0.55


def test_a_comparison_said_back_to_what_the_buyer_named_confirms_it_however_faintly_heard():
    # a name with a capital inside it is a name even as its sentence's first word
    first = "buyer: CrateWise, mostly. And a lot of sticky notes."
    compared = "rep: CrateWise's good at the picking list. What it doesn't do is the returns by supplier."
    assert rival_heard_after(first, 0.05, compared, 0.15) >= 0.55
    # a turn heard naming a rival, answered in the words of a comparison, however faintly it reads
    faint = "buyer: were on shelfy for the orders at the minute"
    wont = "rep: you could keep it shelfy does orders fine what it wont do is the stock by bin"
    assert rival_heard_after(faint, 0.3, wont, 0.05) >= 0.55
    # the rival given its due by the name the buyer gave
    dug = "buyer: And don't mention Binmaster. Useless."
    due = "rep: I won't pile in on Binmaster. They're built for warehouses ten times your size."
    differentiation = frozenset({"competitor_differentiation"})
    assert rival_heard_after(dug, 0.05, due, 0.2, differentiation) >= 0.55
    # a common first word, a reply in no words of a comparison, or one that says back no name: nothing
    assert (
        rival_heard_after("buyer: Honestly, mostly paper.", 0.05, "rep: Honestly, the difference is the bins.", 0.1)
        == 0.05
    )
    assert rival_heard_after(first, 0.05, "rep: CrateWise, sure. How many pickers?", 0.15) == 0.05
    assert rival_heard_after(dug, 0.05, "rep: I won't pile in. How many sites?", 0.2, differentiation) == 0.05


def test_a_name_the_buyer_gave_a_few_turns_back_said_again_in_a_clear_comparison_is_a_rival():
    def mentions(comparison: float, reply: str) -> list[float]:
        return readings_after(
            rival_acts,
            "competitor_mention",
            [
                ("buyer: Honestly, it's twice what we pay Tallyroll now.", {"competitor_mention": 0.05}),
                ("rep: I could take the setup fee off.", {}),
                ("buyer: It doesn't really move the needle.", {}),
                (reply, {"competitor_differentiation": comparison}),
            ],
        )

    compared = "rep: Tallyroll's a fine tool. The difference for you is the lot tracking the auditor asked for."
    assert mentions(0.75, compared)[0] >= 0.55
    # a faint comparison, or a clear one that names nothing the buyer gave, confirms nothing
    assert mentions(0.3, compared)[0] == 0.05
    assert mentions(0.75, "rep: The difference for you is the lot tracking the auditor asked for.")[0] == 0.05
    # a name given more than a few turns back is out of reach
    far = readings_after(
        rival_acts,
        "competitor_mention",
        [("buyer: We pay Tallyroll for the payroll.", {"competitor_mention": 0.05})]
        + [("buyer: Right.", {}), ("rep: Okay.", {})] * 4
        + [(compared, {"competitor_differentiation": 0.75})],
    )
    assert far[0] == 0.05


def test_a_name_the_reply_connects_the_product_to_is_no_rival():
    asked = "buyer: Does it talk to the till? We ring everything up through Tillbook."
    answer = "rep: It does. Sales sync to Tillbook every ten minutes, and refunds post back the same way."
    integration = frozenset({"rival_integration"})
    assert rival_heard_after(asked, 0.3, answer, 0.5, integration) <= 0.3
    # without the connection, the same reply saying the name back confirms it; with a comparison said
    # as one, the rival is confirmed though the reply connects to something
    assert rival_heard_after(asked, 0.3, answer, 0.5) >= 0.55
    compared = "rep: Unlike Tillbook, ours syncs to Xero every ten minutes, so the books are done."
    assert rival_heard_after(asked, 0.3, compared, 0.5, integration) >= 0.55


def test_a_figure_said_back_is_no_name_of_a_rival():
    # the price said back in a clear reply about what it covers names no rival
    price = "buyer: hm the board wont like six twenty for a shed that shuts in winter"
    covers = "rep: i hear you the six twenty covers the app the texts and the booking page"
    assert rival_heard_after(price, 0.05, covers, 0.7) == 0.05
    # nor a count said back on its own as the reply opens
    count = "buyer: we run nine of them in the yard"
    assert rival_heard_after(count, 0.3, "rep: nine, ok, so you'd have nine boards on the one screen", 0.25) == 0.3
    # a name said back the same way still is one
    named = "buyer: we keep the invoices in stack ledger"
    assert (
        rival_heard_after(named, 0.05, "rep: stack ledger right, it covers invoices but not the site tracking", 0.7)
        >= 0.55
    )


def test_a_dig_the_buyer_stands_up_for_a_rival_against_is_about_that_rival():
    def dig_after(source: str, reply: str, heard: float, cues: frozenset[str]) -> float:
        lines = [
            ("buyer", "The Brightwell package is seven hundred a site.", {}, frozenset(), ""),
            (
                "rep",
                "Sure, and good luck getting anyone on the phone over there after five.",
                {"competitor_disparagement": 0.35},
                frozenset(),
                source,
            ),
            ("buyer", reply, {"competitor_mention": heard}, cues, ""),
        ]
        utterances = [
            Utterance(speaker=speaker, start=float(i), end=i + 0.9, text=text)
            for i, (speaker, text, _, _, _) in enumerate(lines)
        ]
        features = [
            UtteranceFeatures(acts=acts, cues=c, act_sources={"competitor_disparagement": s} if s else {})
            for _, _, acts, c, s in lines
        ]
        return rival_acts(Transcript("c-1", "rep_ana", utterances), features)[1].acts["competitor_disparagement"]

    pattern = "pattern:competitor_disparagement/ironic-good-luck"
    defended = "To be fair, the reports on Brightwell are slow."
    assert dig_after(pattern, defended, 0.25, frozenset({"rival_defended"})) >= 0.5
    # the classifier's faint reading alone stays faint
    assert dig_after("classifier", defended, 0.25, frozenset({"rival_defended"})) == 0.35
    # a reply that names a rival without standing up for it brings it up anew, and one that stands
    # up for nobody heard as a rival is about something else
    anew = "Brightwell never had that. Honestly, they were a mess."
    assert dig_after(pattern, anew, 0.8, frozenset()) == 0.35
    assert dig_after(pattern, "To be fair, we never tried.", 0.05, frozenset({"rival_defended"})) == 0.35


def test_a_dig_the_patterns_read_in_the_rivals_context_needs_no_word_pointing_back():
    opened = ("buyer: We also had a demo from Tillnorth on Monday.", {"competitor_mention": 0.8}, "")
    dig = "rep: Right. That outfit has had four owners in six years, so who answers the phone in spring?"
    pattern = "pattern:competitor_disparagement/owners-counted"
    assert _after_rivals([opened, (dig, {"competitor_disparagement": 0.4}, pattern)])[1] >= 0.5
    # the classifier's faint reading with no word pointing back, or a dig with no rival before it, stays faint
    assert _after_rivals([opened, (dig, {"competitor_disparagement": 0.4}, "classifier")])[1] == 0.4
    assert _after_rivals([(dig, {"competitor_disparagement": 0.4}, pattern)])[0] == 0.4


def test_a_rival_heard_only_in_the_reps_clear_pitch_is_the_reps_own_product():
    # the rep names the product in a pitch: no rival's context opens, so the aside after it is no dig
    own = [
        (
            "rep: So this is where Tallyhop fits. Each courier sees their round on the phone.",
            {"competitor_mention": 0.5, "solution_pitch": 0.9},
        ),
        ("buyer: Go on.", {}),
        ("rep: These are sample rounds, and they're far tidier than a real Monday.", {"competitor_disparagement": 0.3}),
    ]
    assert readings_after(rival_acts, "competitor_mention", own)[0] <= 0.1
    assert disparagement(own)[2] == 0.3
    # a pitch that compares, or a mention heard with no clear pitch, still names a rival
    compared = [
        (
            "rep: Tallyhop is fine for rounds; the difference for you is the depot scan.",
            {"competitor_mention": 0.5, "solution_pitch": 0.85},
        )
    ]
    assert readings_after(rival_acts, "competitor_mention", compared) == [0.5]
    unpitched = [("rep: Have you come across Tallyhop at all?", {"competitor_mention": 0.5, "solution_pitch": 0.2})]
    assert readings_after(rival_acts, "competitor_mention", unpitched) == [0.5]


def test_a_dig_that_says_back_the_name_of_a_rival_the_buyer_gave_a_few_turns_back_is_about_it():
    pattern = "pattern:competitor_disparagement/ask-them-who"
    dig = "rep: Crewbase, sure. Ask them who answers the phone on a Sunday."
    lines = [
        ("buyer: Didn't Crewbase send us a brochure in the spring?", {"competitor_mention": 0.25}, ""),
        ("buyer: They did. Glossy one.", {}, ""),
        (dig, {"competitor_disparagement": 0.33}, pattern),
    ]
    assert _after_rivals(lines)[2] >= 0.5
    # in a transcript without capitals, two words of the buyer's said together in the dig
    raw = [
        ("buyer: we book it all in a calendar app called pitch planner at the minute", {"competitor_mention": 0.2}, ""),
        ("rep: ok let me share my screen", {}, ""),
        ("buyer: right", {}, ""),
        (
            "rep: and pitch planner is great if you like chasing the fees yourself",
            {"competitor_disparagement": 0.4},
            "",
        ),
    ]
    raw[3] = (raw[3][0], raw[3][1], "pattern:competitor_disparagement/sarcastic-if")
    assert _after_rivals(raw)[3] >= 0.5
    # a turn heard naming no rival: the same words said back are no rival's name
    unheard = [(raw[0][0], {"competitor_mention": 0.05}, ""), *raw[1:]]
    assert _after_rivals(unheard)[3] == 0.4


def test_a_dig_whose_name_the_buyer_says_back_as_a_rival_is_about_it():
    pattern = "pattern:competitor_disparagement/sarcastic-if-habit"
    dig = "rep: Plenty of people came to us from Tabstack; if you enjoy re-keying every order, it's lovely."
    reply = "buyer: We've never used Tabstack, but noted. What's the price?"
    assert (
        _after_rivals([(dig, {"competitor_disparagement": 0.35}, pattern), (reply, {"competitor_mention": 0.7}, "")])[0]
        >= 0.5
    )
    # a reply that says back no name of the dig brings up nothing, and a dig that names no firm itself
    # stays as read
    other = "buyer: Noted. What's the price?"
    unnamed = "rep: Plenty of people came to us from the big lot; if you enjoy re-keying every order, it's lovely."
    assert (
        _after_rivals(
            [(unnamed, {"competitor_disparagement": 0.35}, pattern), (other, {"competitor_mention": 0.7}, "")]
        )[0]
        == 0.35
    )


def test_two_common_words_said_back_in_a_transcript_with_capitals_are_no_name():
    lines = [
        ("buyer: I'm the finance director, so I'll be asking the awkward questions.", {}),
        ("rep: Awkward questions are fine by me. Where did the pilot land?", {"competitor_disparagement": 0.3}),
    ]
    assert disparagement(lines)[1] == 0.3
    # the same two words written without capitals may be a name, said back as the reply opens
    raw = [
        ("buyer: we use awkward questions for the quizzes", {"competitor_mention": 0.25}),
        ("rep: awkward questions yeah, good luck getting a refund out of them", {"competitor_disparagement": 0.3}),
    ]
    assert disparagement(raw)[1] >= 0.5


def mentions_after(lines: list[tuple[str, dict]]) -> list[float]:
    return readings_after(rival_acts, "competitor_mention", lines)


def test_a_comparison_saying_back_the_word_that_opened_the_buyers_sentence_confirms_a_rival():
    buyer = ("buyer: Hollowell offered us the first year free.", {})
    reply = (
        "rep: They do, and fair enough. What I'd look at is the filing: Hollowell doesn't submit the claims, "
        "and that's the difference for you.",
        {"competitor_differentiation": 0.45},
    )
    assert mentions_after([buyer, reply])[0] >= 0.55
    # a first word said back at the start of the reply's own sentence is any first word
    plain = ("buyer: Honestly the first year is the problem.", {})
    opened = ("rep: Honestly, the difference for you is in year two.", {"competitor_differentiation": 0.45})
    assert mentions_after([plain, opened])[0] == 0.0


@pytest.mark.parametrize(
    "reply, confirmed",
    [
        # where the product would differ from what the buyer named, said as a comparison
        ("rep: They do, and Plotwise is decent. Where they'd differ for you is the crew rota.", True),
        ("rep: Plotwise, sure. Where we differ is the rota: yours has nine crews on it.", True),
        # ... a name said back with no comparison said as one confirms nothing
        ("rep: Plotwise, sure. How many crews have you got?", False),
    ],
)
def test_where_the_product_would_differ_from_the_name_the_buyer_gave_compares_with_a_rival(reply, confirmed):
    buyer = ("buyer: My brother sent me a link to Plotwise. It says sixty a month.", {"competitor_mention": 0.15})
    assert (mentions_after([buyer, (reply, {"competitor_differentiation": 0.3})])[0] >= 0.55) is confirmed


def test_the_rival_given_its_due_by_a_name_the_buyer_gave_a_few_turns_back_was_named():
    lines = [
        ("buyer: Petra found Shelfwise. Fifteen hundred a year.", {"competitor_mention": 0.12}),
        ("buyer: It's built for bike shops, but it's cheap.", {}),
        (
            "rep: Shelfwise counts finished stock, and it's good at that. You build to order, and it has no job cards.",
            {"competitor_differentiation": 0.22},
        ),
    ]
    utterances = [
        Utterance(speaker=line.split(": ", 1)[0], start=float(i), end=i + 0.9, text=line.split(": ", 1)[1])
        for i, (line, _) in enumerate(lines)
    ]
    features = [UtteranceFeatures(acts=acts) for _, acts in lines]
    # the grant is heard by a cue pattern (rules/patterns/competitors.jsonl)
    features[2] = UtteranceFeatures(acts=lines[2][1], cues=frozenset({"competitor_differentiation"}))
    updated = rival_acts(Transcript("c-1", "rep_ana", utterances), features)
    assert updated[0].acts["competitor_mention"] >= 0.55
    # without the rival given its due, so faint a comparison confirms nothing
    features[2] = UtteranceFeatures(acts=lines[2][1])
    updated = rival_acts(Transcript("c-1", "rep_ana", utterances), features)
    assert updated[0].acts["competitor_mention"] == 0.12


def test_a_firm_named_in_the_turn_after_a_case_study_is_the_reps_customer():
    def after(buyer: tuple[str, dict], rep: str) -> tuple[float, float]:
        lines = [
            (
                "rep: The live system won't load, so here's a case study from a bakery in Leeds.",
                {"competitor_disparagement": 0.01},
                # the veto pattern `competitor_disparagement/veto-case-study` read the case study
                "classifier-veto:competitor_disparagement/veto-case-study",
            ),
            (*buyer, ""),
            (rep, {"competitor_disparagement": 0.3, "competitor_mention": 0.45}, "classifier"),
        ]
        utterances = [
            Utterance(speaker=line.split(": ", 1)[0], start=float(i), end=i + 0.9, text=line.split(": ", 1)[1])
            for i, (line, _, _) in enumerate(lines)
        ]
        features = [
            UtteranceFeatures(acts=acts, act_sources={act: source for act in acts} if source else {})
            for _, acts, source in lines
        ]
        acts = rival_acts(Transcript("c-1", "rep_ana", utterances), features)[2].acts
        return acts["competitor_disparagement"], acts["competitor_mention"]

    shown = "rep: So this is Crumb and Co. They're a bit bigger than you, so take their numbers with a pinch of salt."
    assert after(("buyer: Fine, a PDF then.", {}), shown) == (0.3, 0.1)
    # a rival the buyer brings up after the case study is still a rival
    named = ("buyer: We use Doughbook at the moment.", {"competitor_mention": 0.6})
    dig, heard = after(named, "rep: Ah, Doughbook. They're lovely until something breaks.")
    assert dig >= 0.5 and heard == 0.45


def test_a_name_the_buyer_said_as_two_words_said_back_as_one_names_the_rival():
    buyer = ("buyer: oh and what about the fern book people they rang me too", {"competitor_mention": 0.1}, "")
    pattern = "pattern:competitor_disparagement/ironic-good-luck"
    dig = "rep: yeah fernbook um good luck getting anyone there on a sunday"
    assert _after_rivals([buyer, (dig, {"competitor_disparagement": 0.3}, pattern)])[1] >= 0.5
    # the same wish naming nothing the buyer said is about no one
    alone = "rep: yeah um good luck getting anyone there on a sunday"
    assert _after_rivals([buyer, (alone, {"competitor_disparagement": 0.3}, pattern)])[1] == 0.3


def test_the_name_of_the_buyers_faint_rival_said_again_in_a_faint_dig_names_it():
    def dig_after(rep: str) -> float:
        lines = [
            ("buyer: you said two forty and fern ledger quoted me one seventy", {"competitor_mention": 0.3}, ""),
            ("rep: does the one seventy include the phone app", {}, ""),
            ("buyer: i think the app is extra", {}, ""),
            (rep, {"competitor_disparagement": 0.26}, "classifier"),
        ]
        return _after_rivals(lines)[3]

    assert dig_after("rep: see that's fern ledger all over cheap up front and the extras eat you alive") >= 0.5
    # the same words naming nothing stay as faint as they were heard, and a comparison said as one
    # that names it compares
    assert dig_after("rep: see that's how it goes cheap up front and the extras add up") == 0.26
    assert dig_after("rep: fern ledger is fine for one van, the difference for you is the driver app") < 0.5


def test_a_month_said_back_is_no_name():
    lines = [
        ("buyer: Our new contract starts in March, so it has to be live by then.", {"competitor_mention": 0.3}, ""),
        ("rep: March is tight, honestly, for anything this size.", {"competitor_disparagement": 0.3}, "classifier"),
    ]
    assert _after_rivals(lines)[1] == 0.3


def test_a_word_on_the_rival_declined_is_no_dig():
    def after(rep: str, cues: frozenset[str]) -> float:
        call = transcript_of(["buyer: Tillmore came in lower, that's all I'll say.", rep])
        features = [
            UtteranceFeatures(acts={"competitor_mention": 0.6}),
            # a word on the rival declined is heard by a cue pattern (rules/patterns/competitors.jsonl)
            UtteranceFeatures(acts={"competitor_disparagement": 0.5}, cues=cues),
        ]
        return rival_acts(call, features)[1].acts["competitor_disparagement"]

    declined = "rep: I haven't seen their proposal, so I can't really speak to it."
    assert after(declined, frozenset({"rival_declined"})) < 0.5
    # words about them declining nothing are a dig about the rival just named
    assert after("rep: Their proposals are always padded.", frozenset()) >= 0.5


def test_a_rival_granted_its_standing_is_no_dig():
    def after(rep: str, disparagement: float, cues: frozenset[str], source: str = "classifier") -> float:
        call = transcript_of(["buyer: A couple of the garages near us run Spannerly.", rep])
        features = [
            UtteranceFeatures(acts={"competitor_mention": 0.9}),
            # the rival's standing is heard by a cue pattern (rules/patterns/competitors.jsonl)
            UtteranceFeatures(
                acts={"competitor_disparagement": disparagement},
                cues=cues,
                act_sources={"competitor_disparagement": source},
            ),
        ]
        return rival_acts(call, features)[1].acts["competitor_disparagement"]

    popular = frozenset({"rival_popular"})
    # a faint reading in the reply to a rival clearly named, pointing back with "they", is held down
    assert after("rep: Yes, they're in a lot of the garages round here.", 0.15, popular) < 0.15
    assert after("rep: Spannerly, sure. They do a decent job, I know a few depots on it.", 0.4, popular) < 0.5
    # without the standing granted, the same faint reading is a dig about the rival just named
    assert after("rep: Yes, they're in a lot of trouble round here.", 0.15, frozenset()) >= 0.5
    # a dig the patterns read, or one the classifier is sure of, stays a dig
    sarcastic = "rep: Loads of people use them, if you enjoy the app falling over."
    assert after(sarcastic, 0.4, popular, "pattern:competitor_disparagement/sarcastic-if-the-thing-doing") >= 0.5
    # ... even advice to check the rival, which the classifier decides elsewhere
    advice = "rep: I'd ask them how many garages are still on it. They're in a lot of trade shows."
    assert after(advice, 0.4, popular, "pattern:competitor_disparagement/advice-to-check-them") >= 0.5
    assert after("rep: Loads of people use them, and loads of people regret it.", 0.75, popular) == 0.75


def test_a_reading_of_disparagement_before_any_rival_came_up_speaks_of_nobody():
    opening = (
        "rep: Morning both. I know pricing calls are nobody's favourite.",
        {"competitor_disparagement": 0.55},
        "",
    )
    assert _after_rivals([opening])[0] < 0.5
    # a clear reading, or one once a rival came up, stays
    assert _after_rivals([(opening[0], {"competitor_disparagement": 0.85}, "")])[0] == 0.85
    named = ("buyer: We also had Brightwell in last week.", {"competitor_mention": 0.9}, "")
    dig = ("rep: Brightwell are all sales and no support.", {"competitor_disparagement": 0.55}, "")
    assert _after_rivals([named, dig])[1] >= 0.55
    # ... and so does one that says back a name the buyer just gave, however faintly it was heard
    unheard = ("buyer: And Brightwell quoted us less.", {"competitor_mention": 0.1}, "")
    assert (
        _after_rivals([unheard, ("rep: Brightwell. Yes, well, they would.", {"competitor_disparagement": 0.55}, "")])[1]
        >= 0.55
    )


def test_a_firm_the_rep_says_is_a_customer_is_no_rival():
    def mention_after(reply_cues: frozenset[str]) -> float:
        call = transcript_of(
            [
                "buyer: Is that Fernbridge on the slide? They're just down the road from us.",
                "rep: It is, they've been with us for two seasons now.",
            ]
        )
        features = [UtteranceFeatures(acts={"competitor_mention": 0.75}), UtteranceFeatures(acts={}, cues=reply_cues)]
        return rival_acts(call, features)[0].acts["competitor_mention"]

    assert mention_after(frozenset({"rival_customer"})) < 0.5
    # a reply that says nothing of whose customer it is leaves the mention as heard
    assert mention_after(frozenset()) == 0.75


def test_a_word_said_back_after_an_article_is_no_name():
    def dig_after(buyer: str, rep: str) -> float:
        return disparagement([(buyer, {}), (rep, {"competitor_disparagement": 0.3})])[1]

    lemons = "buyer: Last winter about a crate of lemons went off in the back."
    assert dig_after(lemons, "rep: A crate. That's a lot of lemonade down the drain.") == 0.3
    # a name said back bare and acknowledged is still the rival's
    named = "buyer: We had a go with Crateline last winter."
    assert dig_after(named, "rep: Crateline. Right, I'd ask them how many of their shops stayed.") >= 0.5


def test_a_comparison_said_as_one_that_says_back_the_buyers_two_word_name_confirms_it():
    buyer = ("buyer: and that's the bit table post can't do it just keeps the table", {})
    compared = (
        "rep: yeah table post keeps it all night which is fine for a pub but the difference for you is the release",
        {"competitor_differentiation": 0.3},
    )
    assert mentions_after([buyer, compared])[0] >= 0.55
    # the same words said back with no comparison said as one confirm nothing
    plain = ("rep: yeah table post keeps it all night and then it frees up", {"competitor_differentiation": 0.3})
    assert mentions_after([buyer, plain])[0] == 0.0


def test_the_buyer_naming_a_faint_rival_again_is_the_turn_a_later_comparison_answers():
    def mentions(again: str) -> list[float]:
        lines = [
            ("buyer: This is the leaflet Quaywise sent us on Monday.", {"competitor_mention": 0.3}),
            ("rep: Thanks. Is it one kitchen or all three?", {}),
            ("buyer: All three.", {}),
            ("rep: And is there a figure in mind?", {}),
            (again, {}),
            ("rep: Okay, let me put ours up.", {}),
            ("buyer: Go on.", {}),
            (
                "rep: Their rota is one per site, fine for a single cafe; you run three kitchens off one team.",
                {"competitor_differentiation": 0.7},
            ),
        ]
        return mentions_after(lines)

    assert mentions("buyer: Sixty a month at most. Quaywise is fifty.")[4] >= 0.55
    # a turn that names no rival again is no such turn, and the first one is too far back
    assert max(mentions("buyer: Sixty a month at most.")[:5]) < 0.55


def test_what_the_rival_lacks_set_against_the_buyers_own_case_is_a_comparison():
    def dig_after(rep: str) -> float:
        lines = [
            ("buyer: Kilnwise quoted less. About half.", {"competitor_mention": 0.9}),
            (rep, {"competitor_disparagement": 0.4}),
        ]
        return disparagement(lines)[1]

    assert dig_after("rep: They'll be cheaper. They don't keep the firing log, and your insurer asks for it.") < 0.5
    # ... and so is what the rival's price leaves out
    assert dig_after("rep: They're cheaper because the reporting isn't in their price, and that's your Friday.") < 0.5
    assert dig_after("rep: They're cheaper because they're in their first year, and it shows.") >= 0.5
    # a rival that won't answer the phone is a dig however it is put
    assert dig_after("rep: They'll be cheaper. They don't answer the phone, you'll be waiting days.") >= 0.5


@pytest.mark.parametrize(
    ("rep", "comparison"),
    [
        # a comparison said as one, turned on the buyer's own case
        ("rep: On Kilnwise, the difference for you is the lids. Theirs come from Ghent, so a week's wait.", True),
        ("rep: with kilnwise the thing for you is the lead time theyre a fortnight out in your busy month", True),
        ("rep: Fair enough. Where they differ for you is the Sunday cover: their office shuts at five.", True),
        # ... not a dig with no comparison said, one said of nobody's case, or a dig the patterns read
        ("rep: They'll be cheaper, and honestly you'll see why the first week.", False),
        ("rep: The difference is they've changed hands twice since spring.", False),
    ],
)
def test_a_comparison_said_as_one_and_turned_on_the_buyers_case_is_no_dig(rep, comparison):
    lines = [
        ("buyer: Kilnwise quoted less. About half.", {"competitor_mention": 0.9}),
        (rep, {"competitor_disparagement": 0.4}),
    ]
    assert (disparagement(lines)[1] < 0.5) is comparison


def test_a_faint_rival_the_reps_reply_takes_up_without_a_dig_is_confirmed():
    def mention_after(buyer: str, rep: str, rep_acts: dict, cues=frozenset()) -> float:
        transcript = transcript_of([buyer, rep])
        features = [UtteranceFeatures(acts={"competitor_mention": 0.3}), UtteranceFeatures(acts=rep_acts, cues=cues)]
        return rival_acts(transcript, features)[0].acts["competitor_mention"]

    looked = "buyer: we did have a look at reel yard"
    popular = frozenset({"rival_popular"})
    # granted its standing, or the reply heard speaking of a rival itself
    assert mention_after(looked, "rep: uh huh yeah a few people use reel yard", {}, popular) >= 0.55
    came_over = "rep: Yes, a couple of our bakers came over from there."
    assert mention_after("buyer: I had a look at Stallbook once.", came_over, {"competitor_mention": 0.45}) >= 0.55
    # a reply that only acknowledges, goes elsewhere, or digs takes up nothing
    assert mention_after(looked, "rep: reel yard, sure. how many machines?", {}) == 0.3
    assert mention_after(looked, "rep: Noted. What else is in the way?", {"competitor_mention": 0.1}) == 0.3
    dig = "rep: a few people use reel yard, until they need a human"
    assert mention_after(looked, dig, {"competitor_disparagement": 0.5, "competitor_mention": 0.45}, popular) == 0.3


def test_a_two_word_name_said_back_in_the_possessive_in_a_clear_comparison_confirms_the_rival():
    used = "buyer: Hopwell hoists, the blue ones. Three of them."
    compared = "rep: Hopwell's hoists are solid for lifting. Where they fall short for you is the load log."
    assert rival_heard_after(used, 0.1, compared, 0.75) >= 0.55
    # a faint comparison, or two words said back that the buyer never said together, confirm nothing
    assert rival_heard_after(used, 0.1, compared, 0.3) == 0.1
    other = "rep: Hopwell's cranes are solid for lifting. Where they fall short for you is the load log."
    assert rival_heard_after(used, 0.1, other, 0.75) == 0.1


def test_the_first_word_of_a_name_opening_the_buyers_sentence_said_back_later_is_a_rival():
    def mentions(said: str, reply: str) -> list[float]:
        return readings_after(
            rival_acts,
            "competitor_mention",
            [
                (said, {"competitor_mention": 0.05}),
                ("rep: I could do twelve.", {}),
                ("buyer: Oh. Fine.", {}),
                (reply, {"competitor_differentiation": 0.7}),
            ],
        )

    compared = "rep: Brightwater are fine, to be fair. The difference for you is the river trade."
    assert mentions("buyer: Brightwater Bookings told us twelve.", compared)[0] >= 0.55
    # a first word followed by a common word, a day or "I" is any first word, no name
    assert mentions("buyer: Brightwater bookings are what we want.", compared)[0] == 0.05
    assert mentions("buyer: Brightwater Tuesday suits us.", compared)[0] == 0.05
    assert mentions("buyer: Honestly I think twelve.", "rep: Honestly, the difference for you is the river.")[0] == 0.05
    # a person's full name opening the turn just answered is who is speaking: "Hi Dana" names no rival
    introduced = "buyer: Dana Reyes, head of ops. I've read the report."
    assert rival_heard_after(introduced, 0.05, "rep: Hi Dana. It's the live yard that matters for you.", 0.7) == 0.05


def test_the_system_the_reps_reply_connects_the_product_to_is_the_buyers_own():
    def mention_after(buyer: str, rep: str, cues: frozenset[str]) -> float:
        call = transcript_of([buyer, rep])
        features = [UtteranceFeatures(acts={"competitor_mention": 0.9}), UtteranceFeatures(cues=cues)]
        return rival_acts(call, features)[0].acts["competitor_mention"]

    # the reply's connection to a named system is heard by a cue pattern (rules/patterns/competitors.jsonl)
    connects = frozenset({"rival_integration"})
    asked = "buyer: What does it hook into? Our stock lives in Binwise."
    assert mention_after(asked, "rep: There's a Binwise connector, it pulls the counts every hour.", connects) < 0.3
    # a reply that connects to another system, compares with the one named, or connects nothing leaves it
    assert mention_after(asked, "rep: It syncs to Xero overnight.", connects) == 0.9
    compared = "rep: It syncs to Binwise, and the difference for you is the pick list."
    assert mention_after(asked, compared, connects) == 0.9
    assert mention_after(asked, "rep: Binwise is fine for stock.", frozenset()) == 0.9


def test_a_faint_rival_given_its_due_in_the_reply_is_confirmed():
    def mention_after(rep: str, rep_acts: dict, cues: frozenset[str]) -> float:
        call = transcript_of(["buyer: The Kilnright one was cheaper.", rep])
        features = [UtteranceFeatures(acts={"competitor_mention": 0.37}), UtteranceFeatures(acts=rep_acts, cues=cues)]
        return rival_acts(call, features)[0].acts["competitor_mention"]

    # the rival's due is heard by a cue pattern (rules/patterns/competitors.jsonl)
    due = frozenset({"competitor_differentiation"})
    fair = "rep: It is cheaper, and it's a good controller for small kilns. It doesn't do gas, though."
    assert mention_after(fair, {"competitor_differentiation": 0.25}, due) >= 0.55
    # the same reply with a dig heard in it, or with nothing granted, takes up nothing
    assert mention_after(fair, {"competitor_disparagement": 0.4}, due) == 0.37
    assert mention_after("rep: It is cheaper. What else matters to you?", {}, frozenset()) == 0.37


def test_a_rival_given_its_due_then_the_buyers_own_case_or_ours_set_against_it_is_no_dig():
    def after(rep: str) -> float:
        call = transcript_of(["buyer: Wexlow quoted us one-sixty.", rep])
        features = [
            UtteranceFeatures(acts={"competitor_mention": 0.9}),
            # the rival's due is heard by a cue pattern (rules/patterns/competitors.jsonl)
            UtteranceFeatures(
                acts={"competitor_disparagement": 0.45, "competitor_differentiation": 0.15},
                cues=frozenset({"competitor_differentiation"}),
            ),
        ]
        return rival_acts(call, features)[1].acts["competitor_disparagement"]

    assert (
        after("rep: Wexlow's a decent firm. With sixty sites, the audit trail is the part that matters for you.") < 0.5
    )
    assert after("rep: Wexlow's timber is good. Ours is graded by hand, which is why you sent fewer back.") < 0.5
    assert after("rep: They're good for florists. If your list were mostly florists, they'd suit you better.") < 0.5
    # the due granted, then a dig or nothing set against it: the words decide as before
    assert after("rep: Wexlow's a decent firm. Shame about their drivers, mind.") >= 0.5
    assert after("rep: Wexlow's a decent firm, if you like waiting a fortnight for their vans.") >= 0.5


@pytest.mark.parametrize(
    "reply, fair",
    [
        # the rival given its due, then what the buyer said they need set against what it offers
        (
            "rep: and wexlow yeah theyre a decent outfit but their price is the short ladder and you said you need the long one",
            True,
        ),
        ("rep: Wexlow's a solid firm. Their one-sixty is the basic van, and you told me you need the chiller.", True),
        # ... with nothing the buyer needs, or a dig at the buyer's expense, the words decide as before
        ("rep: wexlow yeah theyre a decent outfit but their drivers are something else", False),
        ("rep: Wexlow's a solid firm, if you enjoy chasing your deliveries.", False),
        ("rep: Wexlow, sure. They're a great choice if you want your vans turning up on Thursday.", False),
        ("rep: wexlow theyre a good firm if you need a laugh", False),
    ],
)
def test_a_rival_given_its_due_then_what_the_buyer_said_they_need_set_against_it_is_no_dig(reply, fair):
    call = transcript_of(["buyer: wexlow said one sixty for the lot", reply])
    features = [
        UtteranceFeatures(acts={"competitor_mention": 0.3}),
        # the rival's due is heard by a cue pattern (rules/patterns/competitors.jsonl)
        UtteranceFeatures(acts={"competitor_disparagement": 0.3}, cues=frozenset({"competitor_differentiation"})),
    ]
    updated = rival_acts(call, features)
    assert (updated[1].acts["competitor_disparagement"] < 0.3) is fair
    assert (updated[1].acts.get("competitor_differentiation", 0.0) >= 0.5) is fair
    # the rival the comparison answers was one
    assert (updated[0].acts["competitor_mention"] >= 0.55) is fair
    # with no rival about, the same words grant nobody anything
    call = transcript_of(["buyer: we had a look at the rota last week", reply])
    features[0] = UtteranceFeatures(acts={})
    assert rival_acts(call, features)[1].acts.get("competitor_differentiation", 0.0) == 0.0


@pytest.mark.parametrize(
    "reply, fair",
    [
        # the rival given its due, then the product and the rival side by side
        (
            "rep: they might, calder are decent, i wont knock em. what id say is we cut to a millimetre and they go to three",
            True,
        ),
        ("rep: I won't knock them. We deliver on the Monday, while they deliver when the van's free.", True),
        # ... the rival given its due, then only what it does, side by side with nothing
        ("rep: calder are decent, i wont knock em. they generally go to three, which is a shame", False),
    ],
)
def test_the_rival_given_its_due_then_set_side_by_side_with_the_product_is_a_fair_comparison(reply, fair):
    lines = [
        ("buyer: the yard at calder does it cheaper i think", {"competitor_mention": 0.4}),
        (reply, {"competitor_disparagement": 0.4, "competitor_differentiation": 0.25, "competitor_mention": 0.35}),
    ]
    features = [UtteranceFeatures(acts=acts) for _, acts in lines]
    # the grant is heard by a cue pattern (rules/patterns/competitors.jsonl)
    features[1] = UtteranceFeatures(acts=lines[1][1], cues=frozenset({"competitor_differentiation"}))
    updated = rival_acts(transcript_of([line for line, _ in lines]), features)
    assert (updated[1].acts["competitor_disparagement"] < 0.5) is fair


def mentions_in(lines: list[tuple[str, dict, str, frozenset[str]]]) -> list[float]:
    """The rival mentions of a call of (line, acts, mention source, cues) after the rivals pass."""
    features = [
        UtteranceFeatures(acts=acts, act_sources={"competitor_mention": source} if source else {}, cues=cues)
        for _, acts, source, cues in lines
    ]
    updated = rival_acts(transcript_of([line for line, *_ in lines]), features)
    return [f.acts.get("competitor_mention", 0.0) for f in updated]


NOTHING = frozenset()


@pytest.mark.parametrize(
    "lines, established",
    [
        # nothing establishes a rival: the rep's greeting, the rep's own customer, a turn of the buyer's
        # heard only faintly
        (
            [
                (
                    "rep: morning it's tam from hollin sensors have you got a sec",
                    {"competitor_mention": 0.62},
                    "",
                    NOTHING,
                ),
                ("rep: Corran Bakes in Perth use it for all four ovens.", {"competitor_mention": 0.9}, "", NOTHING),
                ("buyer: go on then, I'm just out the back with Priya", {"competitor_mention": 0.57}, "", NOTHING),
            ],
            False,
        ),
        # ... the same call with the buyer's current vendor heard clearly
        (
            [
                (
                    "rep: morning it's tam from hollin sensors have you got a sec",
                    {"competitor_mention": 0.62},
                    "",
                    NOTHING,
                ),
                ("buyer: We're with Ovenwatch at the moment.", {"competitor_mention": 0.8}, "", NOTHING),
            ],
            True,
        ),
        # ... or named in words a pattern reads, however faintly the classifier hears them
        (
            [
                (
                    "rep: morning it's tam from hollin sensors have you got a sec",
                    {"competitor_mention": 0.62},
                    "",
                    NOTHING,
                ),
                (
                    "buyer: Ovenwatch quoted us forty a month.",
                    {"competitor_mention": 0.4},
                    "pattern:competitor_mention/vendor-quoted",
                    NOTHING,
                ),
            ],
            True,
        ),
        # ... or a rival the rep declines to speak of
        (
            [
                ("buyer: the other lot came in a bit lower", {"competitor_mention": 0.57}, "", NOTHING),
                (
                    "rep: I haven't seen what they sent you, so I can't really speak to it.",
                    {},
                    "",
                    frozenset({"rival_declined"}),
                ),
            ],
            True,
        ),
    ],
)
def test_a_call_is_about_a_rival_only_once_one_is_established(lines, established):
    before = [acts.get("competitor_mention", 0.0) for _, acts, *_ in lines]
    after = mentions_in(lines)
    if established:
        assert after[0] == before[0] and max(after) >= 0.55
    else:
        assert max(after) <= 0.5


@pytest.mark.parametrize(
    ("reply", "acts", "cues", "dig_counts"),
    [
        # the rep answers the vendor the buyer described with a dig, however faint, or compares with it
        (
            "rep: ha, that crowd couldn't wire a plug if you drew them a picture",
            {"competitor_disparagement": 0.15},
            (),
            True,
        ),
        (
            "rep: Oh, them. We hear their vans turn up a day late, every time.",
            {"competitor_disparagement": 0.25},
            (),
            True,
        ),
        # ... and a reply that answers nothing as a rival (a question, a pitch) leaves the description a description
        ("rep: How many vans have you got on the road?", {"competitor_disparagement": 0.15}, (), False),
        (
            "rep: So ours books the job and sends the invoice.",
            {"competitor_disparagement": 0.05, "solution_pitch": 0.7},
            (),
            False,
        ),
        # ... as does a faint reading that reads more as a comparison than as a dig
        (
            "rep: They're fine for a small yard, and ours does the big jobs.",
            {"competitor_disparagement": 0.12, "competitor_differentiation": 0.3},
            (),
            False,
        ),
    ],
)
def test_a_vendor_the_buyer_describes_answered_by_the_rep_as_a_rival_is_one(reply, acts, cues, dig_counts):
    call = transcript_of(["buyer: The crowd we had before never turned up on time.", reply])
    described = [
        UtteranceFeatures(acts={"competitor_mention": 0.1}, cues=frozenset({"rival_described"})),
        UtteranceFeatures(acts=acts, cues=frozenset(cues)),
    ]
    after = rival_acts(call, described)
    assert (after[0].acts["competitor_mention"] >= 0.55) is dig_counts
    assert (after[1].acts.get("competitor_disparagement", 0.0) >= 0.5) is dig_counts
    # the same words, with no vendor described, name nobody
    plain = [UtteranceFeatures(acts={"competitor_mention": 0.1}), UtteranceFeatures(acts=acts, cues=frozenset(cues))]
    after = rival_acts(call, plain)
    assert after[0].acts["competitor_mention"] < 0.55
    assert after[1].acts.get("competitor_disparagement", 0.0) < 0.5


@pytest.mark.parametrize(
    ("later", "dig_counts"),
    [
        # the buyer goes on, a second voice adds to it and the rep asks something first: the rep's turn that
        # runs down vendors of that kind, pointing back at them as one of them, answers the described one
        ("rep: Sadly common, that. Some of these outfits cash the cheque and go quiet.", True),
        ("rep: Sadly those outfits are all promises till the invoice clears.", True),
        # ... a turn that points back at no vendor, or at no kind of one, answers nothing
        ("rep: Right, that's common with a busy yard, things slip and go quiet.", False),
    ],
)
def test_a_described_vendor_answered_after_the_buyer_goes_on_is_a_rival(later, dig_counts):
    call = transcript_of(
        [
            "buyer: Our stock app came from the last lot we paid, and it died in March.",
            "buyer: The sync broke in the spring.",
            "rep: Did you lose the orders?",
            "buyer: Most of them, yeah.",
            later,
        ]
    )
    described = [
        UtteranceFeatures(acts={"competitor_mention": 0.2}, cues=frozenset({"rival_described"})),
        UtteranceFeatures(),
        UtteranceFeatures(acts={"competitor_disparagement": 0.05}),
        UtteranceFeatures(),
        # the dig is read by a pattern (rules/patterns/competitors.jsonl) where the words say "outfits"; the
        # classifier hears the others faintly
        UtteranceFeatures(
            acts={"competitor_disparagement": 0.3},
            act_sources={
                "competitor_disparagement": "pattern:competitor_disparagement/outfits-like-that"
                if "outfits" in later
                else "classifier"
            },
        ),
    ]
    after = rival_acts(call, described)
    assert (after[0].acts["competitor_mention"] >= 0.55) is dig_counts
    assert (after[4].acts["competitor_disparagement"] >= 0.5) is dig_counts


@pytest.mark.parametrize(
    "reply, fair",
    [
        # the rival given its due, then the comparison said in other words: where the product is
        # different, where the rival falls short for the buyer, or the two set side by side with only a
        # comma between
        ("rep: They're good at the invoicing, honestly. Where we're different is the van rota.", True),
        ("rep: Handy bit of kit, I'll give them that. What it misses for you is the Sunday shift.", True),
        ("rep: Fair play to them, it's tidy. We book by the room, they book by the day.", True),
        # ... the due granted, then an offer, a dig, or nothing set against it: the words decide as before
        ("rep: They're a decent firm. What I can do for you is ten percent off.", False),
        ("rep: They're a decent firm. Different story once something breaks, mind.", False),
        ("rep: I'll give them that, the app is slick. Shame nobody answers the phone.", False),
    ],
)
def test_a_rival_given_its_due_then_compared_in_other_words_is_no_dig(reply, fair):
    call = transcript_of(["buyer: We had Brackwell round last week, they quoted us less.", reply])
    features = [
        UtteranceFeatures(acts={"competitor_mention": 0.9}),
        # the rival's due is heard by a cue pattern (rules/patterns/competitors.jsonl)
        UtteranceFeatures(acts={"competitor_disparagement": 0.45}, cues=frozenset({"competitor_differentiation"})),
    ]
    updated = rival_acts(call, features)
    assert (updated[1].acts["competitor_disparagement"] < 0.45) is fair
    assert (updated[1].acts.get("competitor_differentiation", 0.0) >= 0.5) is fair
    # in the reply to a rival the buyer clearly named, a dig heard as faintly as counts there is held too
    features[1] = UtteranceFeatures(
        acts={"competitor_disparagement": 0.15}, cues=frozenset({"competitor_differentiation"})
    )
    assert (rival_acts(call, features)[1].acts["competitor_disparagement"] < 0.15) is fair


@pytest.mark.parametrize(
    ("rep", "cues", "brought_up"),
    [
        # a rival the rep names, grants its standing and compares with the buyer's need
        (
            "rep: You'll likely hear about Crumbly, half the bakeries in town are on it. What it doesn't do is the rotas.",
            {"rival_popular"},
            True,
        ),
        (
            "rep: Plenty of yards run Hitchly and it's a good tool. Unlike Hitchly, we track each trailer.",
            {"rival_popular"},
            True,
        ),
        (
            "rep: Sure, Tillpoint's on most of the stalls. They don't do split payments for you though.",
            {"rival_popular"},
            True,
        ),
        # ... or given its due by the rep and compared in the same turn
        (
            "rep: Some salons come to us from Glossly, and it's a solid system. The difference for you is the walk-ins.",
            {"competitor_differentiation"},
            True,
        ),
        (
            "rep: You might have tried Rotawise, they're pretty good at shifts, but on your split weekends "
            "they'd still leave you filling gaps by hand.",
            {"competitor_differentiation"},
            True,
        ),
        # the product's own standing, a rival named with no comparison, or no name at all: none
        ("rep: A lot of bakeries use Crumbly, and the rota screen is here.", {"rival_popular"}, False),
        ("rep: Glossly? Honestly, it's a solid system, they're fine.", {"competitor_differentiation"}, False),
        (
            "rep: it's a solid system, and the difference for you is the walk-ins.",
            {"competitor_differentiation"},
            False,
        ),
        ("rep: Loads of yards run it. What it doesn't do is the trailers.", {"rival_popular"}, False),
        ("rep: You'll hear about Hitchly. What it doesn't do is track each trailer.", set(), False),
    ],
)
def test_a_rival_the_rep_brings_up_granted_its_standing_and_compared_is_a_rival(rep, cues, brought_up):
    # (the buyer's turn before names no firm)
    call = transcript_of(["buyer: We need the rotas sorted by spring.", rep])
    features = [UtteranceFeatures(), UtteranceFeatures(acts={"competitor_mention": 0.2}, cues=frozenset(cues))]
    mention = rival_acts(call, features)[1].acts["competitor_mention"]
    assert (mention >= 0.55) is brought_up
    # heard clearly by the classifier alone, the rep's words establish a rival only as brought up
    heard = [UtteranceFeatures(), UtteranceFeatures(acts={"competitor_mention": 0.7}, cues=frozenset(cues))]
    assert (rival_acts(call, heard)[1].acts["competitor_mention"] >= 0.55) is brought_up


@pytest.mark.parametrize(
    ("rep", "acts", "brought_up"),
    [
        # the firm the buyer will meet, given its due and then contrasted with the buyer's own case
        (
            "rep: You may know the Kilnwise controller, and it's a decent unit, but it takes a single "
            "temperature for your whole kiln.",
            {"competitor_differentiation": 0.3},
            True,
        ),
        # ... named without capitals, as raw ASR has it, compared or run down in the same turn
        (
            "rep: you might have seen mossfield theyre fine but for you the catch is the sunday shift",
            {"competitor_differentiation": 0.3},
            True,
        ),
        (
            "rep: youll have heard of tabstack honestly their support line just rings out",
            {"competitor_disparagement": 0.4, "competitor_differentiation": 0.2},
            True,
        ),
        # no word of a name in a turn written with capitals, or nothing compared or run down: none
        ("rep: You'll know the feeling, but your rota is different.", {"competitor_differentiation": 0.3}, False),
        ("rep: you might have seen mossfield at the show last year", {"competitor_differentiation": 0.1}, False),
    ],
)
def test_a_firm_the_rep_says_the_buyer_will_meet_contrasted_or_run_down_is_a_rival(rep, acts, brought_up):
    call = transcript_of(["buyer: Go on, then.", rep])
    features = [UtteranceFeatures(), UtteranceFeatures(acts=acts, cues=frozenset({"rival_anticipated"}))]
    assert (rival_acts(call, features)[1].acts.get("competitor_mention", 0.0) >= 0.55) is brought_up


def test_a_dig_the_patterns_read_long_after_a_rival_was_clearly_named_is_about_it():
    pattern = "pattern:competitor_disparagement/ask-around"
    lines = [("buyer: hopkin were a good bit under us on the same crates", {"competitor_mention": 0.85}, "")]
    lines += [("rep: right", {}, ""), ("buyer: ok", {}, "")] * 5
    dig = "rep: and between us, half their crates turn up in bits"
    assert _after_rivals([*lines, (dig, {"competitor_disparagement": 0.35}, pattern)])[-1] >= 0.5
    # the classifier's faint reading alone, so far on, or a rival only faintly heard, speaks of nobody
    assert _after_rivals([*lines, (dig, {"competitor_disparagement": 0.35}, "classifier")])[-1] == 0.35
    faint = [(lines[0][0], {"competitor_mention": 0.25}, ""), *lines[1:]]
    plain = "rep: and between us, half the crates turn up in bits"
    assert _after_rivals([*faint, (plain, {"competitor_disparagement": 0.35}, pattern)])[-1] == 0.35


def test_a_clear_comparison_pointing_back_at_what_the_buyers_turn_named_confirms_a_rival():
    said = "buyer: About Hopwell, though. They quoted us ten percent less."
    compared = "rep: They might. Their crates are a thinner board, and your line stacks eight high."
    assert rival_heard_after(said, 0.1, compared, 0.8) >= 0.55
    # a comparison heard only faintly, one that points back at nothing, or a turn with no name stays as read
    assert rival_heard_after(said, 0.1, compared, 0.4) == 0.1
    assert rival_heard_after(said, 0.1, "rep: Our crates are a thicker board for your line.", 0.8) == 0.1
    unnamed = "buyer: the other lot quoted us ten percent less"
    assert rival_heard_after(unnamed, 0.1, compared, 0.8) == 0.1


def test_a_firm_the_rep_declines_to_speak_of_by_the_name_the_buyer_gave_was_a_rival():
    said = "buyer: We used Pulpwise years back. Big promises."
    declined = "rep: I couldn't say what Pulpwise are like these days. Try ours for a month and see."
    assert rival_heard_after(said, 0.1, declined, 0.0, frozenset({"rival_declined"})) >= 0.55
    # declining with no name said back, or the name said back with nothing declined, stays as read
    assert rival_heard_after(said, 0.1, "rep: I couldn't say, honestly.", 0.0, frozenset({"rival_declined"})) == 0.1
    assert rival_heard_after(said, 0.1, declined, 0.0) == 0.1


@pytest.mark.parametrize(
    ("rep", "acts", "raised"),
    [
        # a firm the buyer will meet, named and run down in the same turn: a dig about a rival
        (
            "rep: You'll know Quillmark, most shops start there. Their reports are a lucky dip.",
            {"competitor_disparagement": 0.35, "competitor_mention": 0.15},
            True,
        ),
        # ... compared fairly, no dig
        (
            "rep: You'll know Quillmark. What it doesn't do is your stock counts.",
            {"competitor_disparagement": 0.1, "competitor_differentiation": 0.4, "competitor_mention": 0.15},
            False,
        ),
        # a firm named with nothing run down, or no firm named, speaks of nobody
        ("rep: You'll know Quillmark, they did our signs.", {"competitor_disparagement": 0.05}, False),
        (
            "rep: You'll know the feeling. The old reports are a lucky dip.",
            {"competitor_disparagement": 0.35, "competitor_mention": 0.15},
            False,
        ),
    ],
)
def test_a_firm_the_rep_says_the_buyer_will_meet_run_down_in_the_same_turn_is_a_dig(rep, acts, raised):
    call = transcript_of(["buyer: Go on, then.", rep])
    features = [UtteranceFeatures(), UtteranceFeatures(acts=acts, cues=frozenset({"rival_anticipated"}))]
    assert (rival_acts(call, features)[1].acts.get("competitor_disparagement", 0.0) >= 0.5) is raised


def test_a_firm_the_rep_says_the_buyer_will_meet_compared_in_the_same_turn_is_a_rival():
    call = transcript_of(
        ["buyer: Go on, then.", "rep: You'll know Quillmark. What it doesn't do is your stock counts."]
    )
    acts = {"competitor_differentiation": 0.4, "competitor_mention": 0.15}
    features = [UtteranceFeatures(), UtteranceFeatures(acts=acts, cues=frozenset({"rival_anticipated"}))]
    assert rival_acts(call, features)[1].acts["competitor_mention"] >= 0.55
    assert rival_acts(call, [UtteranceFeatures(), UtteranceFeatures(acts=acts)])[1].acts["competitor_mention"] < 0.55


@pytest.mark.parametrize(
    "reply, disparaging, fair",
    [
        # the rival given its due, then a contrast that turns to the buyer's own case
        (
            "rep: Brackwell's a decent outfit. It's all by email, though, which is what tripped you up in March.",
            0.45,
            True,
        ),
        ("rep: They're solid, but on your long runs they'd still have you re-threading by hand.", 0.4, True),
        ("rep: its a decent system however your night shift would still be on paper with it", 0.3, True),
        # ... a contrast that turns to nobody's case, one heard clearly as a dig, or no contrast at all: the
        # words decide as before
        ("rep: Brackwell's a decent outfit, but their drivers are something else.", 0.45, False),
        ("rep: They're solid, but honestly you'll be chasing them for weeks every time.", 0.7, False),
        ("rep: Brackwell's a decent outfit, if you don't mind orders turning up a fortnight late.", 0.45, False),
    ],
)
def test_a_rival_given_its_due_then_a_contrast_with_the_buyers_own_case_is_no_dig(reply, disparaging, fair):
    call = transcript_of(["buyer: We had Brackwell round last week, they quoted us less.", reply])
    features = [
        UtteranceFeatures(acts={"competitor_mention": 0.9}),
        # the rival's due is heard by a cue pattern (rules/patterns/competitors.jsonl)
        UtteranceFeatures(
            acts={"competitor_disparagement": disparaging}, cues=frozenset({"competitor_differentiation"})
        ),
    ]
    updated = rival_acts(call, features)
    assert (updated[1].acts["competitor_disparagement"] < disparaging) is fair
    assert (updated[1].acts.get("competitor_differentiation", 0.0) >= 0.5) is fair


SUM = frozenset({"budget_answer"})
MAUREEN = [("PERSON", "Maureen")]


@pytest.mark.parametrize(
    ("question", "answer", "cues", "entities", "named"),
    [
        # the firm paid today, named in the answer to the rep's question, is the rival the product replaces
        ("rep: And what are you paying for bookings now?", "buyer: About seventy a month to Ledgerly.", SUM, [], True),
        ("rep: What does it cost you today?", "buyer: We pay Brackwell two grand a year, roughly.", SUM, [], True),
        ("rep: What's the till costing you?", "buyer: Sixty quid a month for PennyPost, and it's slow.", SUM, [], True),
        (
            "rep: what do the rotas cost you now?",
            "buyer: eighty a month with Shiftly and its fine",
            SUM,
            [],
            True,
        ),
        # ... a brand the spaCy pass hears as a person's name is still a brand
        ("rep: What's that costing?", "buyer: Forty a month for RotaDesk.", SUM, [("PERSON", "RotaDesk")], True),
        # a person paid or on the call, a title, a feast, a month, the buyer's customer, the system the sum goes
        # through, no sum, or a sum told unasked
        ("rep: What's that costing you?", "buyer: I pay Maureen forty a week to do the books.", SUM, MAUREEN, False),
        ("rep: What are you paying for it now?", "buyer: About eighty a month, for Priya's desk.", SUM, [], False),
        ("rep: Who signs?", "buyer: Just under two grand a year it goes to Mrs Pell.", SUM, [], False),
        ("rep: What did you spend last winter?", "buyer: About two grand for Christmas, on staff.", SUM, [], False),
        ("rep: What are you paying today?", "buyer: About ninety a month from March.", SUM, [], False),
        (
            "rep: What's it cost you?",
            "buyer: Eighty quid a go, and we lost the order for Hollins Farm.",
            SUM,
            [],
            False,
        ),
        ("rep: What are you paying now?", "buyer: Honestly, about ninety a month all in.", SUM, [], False),
        ("rep: And the texts?", "buyer: Four hundred a month in credits through Pingwell.", SUM, [], False),
        ("rep: Who do you use today?", "buyer: We're on Ledgerly for now.", NOTHING, [], False),
        ("rep: Right, let me share my screen.", "buyer: We pay about seventy a month to Ledgerly.", SUM, [], False),
    ],
)
def test_the_firm_the_buyer_pays_today_named_in_the_answer_to_the_reps_question_is_a_rival(
    question, answer, cues, entities, named
):
    call = transcript_of([question, answer])
    # the buyer on the call is Priya
    call.utterances[1].speaker_name = "Priya"
    features = [
        UtteranceFeatures(question=question.endswith("?")),
        UtteranceFeatures(acts={"competitor_mention": 0.1}, cues=cues, entities=entities),
    ]
    updated = rival_acts(call, features)
    assert (updated[1].acts.get("competitor_mention", 0.0) >= 0.6) is named


ASKED = frozenset({"rival_asked"})


@pytest.mark.parametrize(
    ("question", "cues", "answer", "named"),
    [
        # a name in the buyer's answer to the rep's question about what else they weighed is a rival
        ("rep: Have you tried anybody else yet?", ASKED, "buyer: My cousin runs his kennels on Pawbook.", True),
        ("rep: Did you see any other systems?", ASKED, "buyer: Not much. Rotawell, and one called Fennix.", True),
        ("rep: talking to anyone else", ASKED, "buyer: the lads at the depot use shift mate and moan", True),
        # a person's thing, someone on the call, an answer naming nobody, or no such question
        ("rep: Did you look at anybody else?", ASKED, "buyer: No, just Gwen's ledger, honestly.", False),
        ("rep: Were you talking to someone else?", ASKED, "buyer: Priya did, I think. Nothing came of it.", False),
        ("rep: Are you speaking to anyone else?", ASKED, "buyer: Not really, we wanted to see you first.", False),
        ("rep: How are bookings going?", NOTHING, "buyer: My cousin runs his kennels on Pawbook.", False),
    ],
)
def test_a_name_in_the_answer_to_the_reps_question_about_what_else_the_buyer_weighed_is_a_rival(
    question, cues, answer, named
):
    call = transcript_of([question, answer])
    # the buyer on the call is Priya
    call.utterances[1].speaker_name = "Priya"
    features = [
        UtteranceFeatures(question=True, cues=cues),
        UtteranceFeatures(acts={"competitor_mention": 0.2}),
    ]
    updated = rival_acts(call, features)
    assert (updated[1].acts.get("competitor_mention", 0.0) >= 0.6) is named


def test_a_dig_at_the_firm_the_buyer_pays_today_counts():
    call = transcript_of(
        [
            "rep: And the booking side, what is that costing you monthly?",
            "buyer: About seventy a month to Ledgerly.",
            "rep: Ha. And how quick are they to answer when it falls over?",
        ]
    )
    features = [
        UtteranceFeatures(question=True),
        UtteranceFeatures(acts={"competitor_mention": 0.1}, cues=SUM),
        UtteranceFeatures(acts={"competitor_disparagement": 0.3}, question=True),
    ]
    assert rival_acts(call, features)[2].acts["competitor_disparagement"] >= 0.5


@pytest.mark.parametrize(
    ("buyer", "rep", "confirmed"),
    [
        # a greeting said back as the reply opens names nothing, however clearly the reply compares
        ("buyer: yeah hi sam", "rep: hi there so about the quote, the new rolls stop the banding", False),
        ("buyer: morning tam", "rep: morning so the coated stock is the bit that fixes your reprints", False),
        ("buyer: hiya", "rep: hiya right so the core size on ours fits your plotter", False),
        # ... a name said back as the reply opens still does
        ("buyer: we looked at quillby last year", "rep: quillby yeah the difference for you is the core size", True),
    ],
)
def test_a_greeting_said_back_is_no_name_said_back(buyer, rep, confirmed):
    assert (rival_heard_after(buyer, 0.3, rep, 0.65) >= 0.55) is confirmed


@pytest.mark.parametrize(
    ("rep", "heard", "dig"),
    [
        # the rival given its due with nothing set against it: the mention handled fairly
        ("rep: Ah Spannerly, yeah, they're a decent outfit, honestly.", 0.3, False),
        ("rep: spannerly are good people id not say a word against them", 0.45, False),
        ("rep: They're a solid firm. Anyway, shall I show you the van screen?", 0.45, False),
        ("rep: credit where its due theyre a decent crowd", 0.2, False),
        ("rep: Good people. They're a solid firm, honestly. Shall I show you the van screen?", 0.45, False),
        # praise a word turns: sarcasm, a catch, a contrast, or a dig the classifier is sure of
        ("rep: Oh they're great, if you like waiting a fortnight for a callback.", 0.3, True),
        ("rep: they're fine, just slow to answer the phone", 0.3, True),
        ("rep: They're a decent outfit, but ask how long their repairs take.", 0.3, True),
        ("rep: theyre solid till something breaks on a sunday", 0.3, True),
        ("rep: They're good people. Shame the software's from 2009.", 0.45, True),
        ("rep: They're a lovely bunch and the app's a disaster.", 0.85, True),
        # ... but the rival vouched for in so many words is given its due however clearly a dig is heard, and a
        # question after the praise asks about the buyer
        ("rep: Spannerly? Lovely people, can't fault them one bit.", 0.85, False),
        ("rep: Good firm, Spannerly. What did the missed bookings cost you in June?", 0.45, False),
        ("rep: Good firm, Spannerly. What happens when their server drops, mind?", 0.45, True),
        # ... or the praise and then something else said: the praise as often grudging, before the dig
        ("rep: Well, they're good at marketing, I'll give them that. The product's another matter.", 0.3, True),
        ("rep: They're thorough, fair play to them. Thorough at sending invoices.", 0.3, True),
    ],
)
def test_a_rival_only_praised_is_no_dig_unless_a_word_turns_the_praise(rep, heard, dig):
    call = transcript_of(["buyer: A couple of the garages near us run Spannerly.", rep])
    # the rival's due is heard by a cue pattern (competitor_differentiation/rival-*), and "can't fault them" by
    # rival_vouched/*
    vouched = {"rival_vouched"} if "fault them" in rep else set()
    features = [
        UtteranceFeatures(acts={"competitor_mention": 0.9}),
        UtteranceFeatures(
            acts={"competitor_disparagement": heard},
            cues=frozenset({"competitor_differentiation", *vouched}),
            act_sources={"competitor_disparagement": "classifier"},
        ),
    ]
    assert (rival_acts(call, features)[1].acts["competitor_disparagement"] >= 0.5) is dig


@pytest.mark.parametrize(
    ("reply", "fair"),
    [
        # the rival given its due, then what it won't do, or what ours does, set against it
        ("rep: They're genuinely solid, honestly. What they won't do is cover your weekends.", True),
        (
            "rep: That's where we part from them, to be fair to them. Theirs needs a signal. Ours keeps it on the phone.",
            True,
        ),
        ("rep: in fairness to them its tidy but ours prints the labels too", True),
        # ... a plural "ours" with its verb bare
        ("rep: Their crates are sturdy enough, to be fair. Ours come flat-packed and stack twelve high.", True),
        ("rep: they're decent, their vans are newer. ours run on the hour though", True),
        ("rep: Their crates are sturdy enough, to be fair. Ours too.", False),
        # the due granted, then a dig with nothing compared
        ("rep: They're genuinely solid, honestly. At sending invoices.", False),
    ],
)
def test_a_rival_given_its_due_then_what_ours_does_is_a_comparison(reply, fair):
    call = transcript_of(["buyer: We had Brackwell round last week.", reply])
    features = [
        UtteranceFeatures(acts={"competitor_mention": 0.9}),
        # the rival's due is heard by a cue pattern (rules/patterns/competitors.jsonl)
        UtteranceFeatures(acts={"competitor_disparagement": 0.7}, cues=frozenset({"competitor_differentiation"})),
    ]
    assert (rival_acts(call, features)[1].acts["competitor_disparagement"] < 0.5) is fair


@pytest.mark.parametrize(
    ("rep", "source", "named"),
    [
        # a dig the patterns read that names its firm, though nobody brought one up
        (
            "rep: And if Glazewise ring you, good luck getting anyone on the phone.",
            "pattern:competitor_disparagement/ironic-good-luck",
            True,
        ),
        ("rep: Honestly, Rotafix is fine if you enjoy typing.", "pattern:competitor_disparagement/sarcastic-if", True),
        (
            "rep: Sure. RotaPlus's great if you like waiting a week.",
            "pattern:competitor_disparagement/sarcastic-if",
            True,
        ),
        # ... no name in it, or a dig only the classifier hears, names nobody
        (
            "rep: and good luck getting anyone on the phone on a sunday",
            "pattern:competitor_disparagement/ironic-good-luck",
            False,
        ),
        ("rep: Honestly, Rotafix is a bit clunky.", "classifier", False),
    ],
)
def test_a_dig_the_patterns_read_that_names_its_firm_is_about_that_rival(rep, source, named):
    call = transcript_of(["rep: So that's the rota screen.", "buyer: Right, looks tidy.", rep])
    features = [
        UtteranceFeatures(),
        UtteranceFeatures(),
        UtteranceFeatures(
            acts={"competitor_disparagement": 0.35},
            act_sources={"competitor_disparagement": source},
            cues=frozenset({"competitor_disparagement"}),
        ),
    ]
    after = rival_acts(call, features)[2].acts
    assert (after["competitor_disparagement"] >= 0.5) is named
    assert (after.get("competitor_mention", 0.0) >= 0.55) is named


@pytest.mark.parametrize(
    ("reply", "dig"),
    [
        # the rep asks back what the buyer needs from whoever does the work: no dig
        ("rep: So what matters to you in a fitter? Speed, price, the finish?", False),
        ("rep: right so whats missing for you with it at the moment", False),
        ("rep: Sure. And what matters most to you in a supplier?", False),
        ("rep: what are you looking for from the next one", False),
        # a question about the rival itself, as faint, is the dig it sounds like
        ("rep: And do their engineers ever pick up the phone?", True),
        ("rep: Have you seen how often their vans turn up late?", True),
    ],
)
def test_a_question_back_about_what_the_buyer_needs_is_no_dig_after_a_rival_named(reply, dig):
    call = transcript_of(["buyer: We had a price from Hedgewell last spring.", reply])
    features = [
        UtteranceFeatures(acts={"competitor_mention": 0.9}),
        UtteranceFeatures(acts={"competitor_disparagement": 0.3}, question=True),
    ]
    assert (rival_acts(call, features)[1].acts["competitor_disparagement"] >= 0.5) is dig


def test_a_name_the_buyer_said_first_given_its_due_and_compared_is_answered_not_brought_up():
    # the buyer's own system, named first, given its due and compared by the rep: no rival brought up
    call = transcript_of(
        [
            "buyer: Our bookings already sit in Slotwise, so why two?",
            "rep: Sure, Slotwise is fine for bookings, it's a good tool. What it doesn't do is the kit lists.",
        ]
    )
    features = [UtteranceFeatures(), UtteranceFeatures(cues=frozenset({"competitor_differentiation"}))]
    assert rival_acts(call, features)[1].acts.get("competitor_mention", 0.0) < 0.55


@pytest.mark.parametrize(
    ("later", "confirmed"),
    [
        # the rep asks about the other offer first, then sets the product against it a few turns on
        ("rep: Right. What they can't do is come out on a Sunday, and Sunday is your busy day.", True),
        # ... or runs it down in words the patterns read
        ("rep: Fair. Mind, theirs comes cheap for a reason.", True),
        # a later turn that compares with nothing, or points back at nobody, answers nothing
        ("rep: Right. Next, the Sunday rota?", False),
        ("rep: Right. What it doesn't do yet is print the labels.", False),
    ],
)
def test_a_vendor_the_buyer_describes_answered_a_few_turns_on_as_a_rival_is_one(later, confirmed):
    call = transcript_of(
        [
            "buyer: I've got the other price here and it's a fair bit lower.",
            "rep: How much lower, roughly?",
            "buyer: Roughly ninety a month.",
            later,
        ]
    )
    dig = "pattern:competitor_disparagement/said-no-more" if "reason" in later else ""
    features = [
        UtteranceFeatures(acts={"competitor_mention": 0.1}, cues=frozenset({"rival_described"})),
        UtteranceFeatures(question=True),
        UtteranceFeatures(),
        UtteranceFeatures(
            acts={"competitor_disparagement": 0.3} if dig else {"competitor_differentiation": 0.2},
            act_sources={"competitor_disparagement": dig} if dig else {},
        ),
    ]
    after = rival_acts(call, features)
    assert (after[0].acts["competitor_mention"] >= 0.55) is confirmed


@pytest.mark.parametrize(
    ("reply", "raised"),
    [
        # the name said back as one word with a plural or possessive s, as raw ASR writes it
        ("rep: yeah fernrotas grand if you enjoy holding for an hour", True),
        ("rep: yeah fernrota grand if you enjoy holding for an hour", True),
        # ... another word said back names nobody
        ("rep: yeah ferns grand if you enjoy holding for an hour", False),
    ],
)
def test_a_faint_rival_said_back_as_one_word_in_raw_speech_is_the_rival_of_the_dig(reply, raised):
    call = transcript_of(["buyer: i used fern rota for a while", "rep: how long for", "buyer: a year or so", reply])
    features = [
        UtteranceFeatures(acts={"competitor_mention": 0.25}),
        UtteranceFeatures(question=True),
        UtteranceFeatures(),
        UtteranceFeatures(
            acts={"competitor_disparagement": 0.35},
            act_sources={"competitor_disparagement": "pattern:competitor_disparagement/sarcastic-if"},
        ),
    ]
    assert (rival_acts(call, features)[3].acts["competitor_disparagement"] >= 0.5) is raised


@pytest.mark.parametrize(
    ("source", "raised"),
    [
        # a dig the patterns read that spells back the letters the buyer just named its system by
        ("pattern:competitor_disparagement/support-treating-you", True),
        # ... the classifier's faint reading alone names nobody
        ("classifier", False),
    ],
)
def test_a_dig_saying_back_the_buyers_spelt_out_system_is_about_it(source, raised):
    call = transcript_of(
        [
            "buyer: were on k l m for the bookings the council set it up",
            "rep: right and hows k l m support treating you",
        ]
    )
    features = [
        UtteranceFeatures(acts={"competitor_mention": 0.1}),
        UtteranceFeatures(acts={"competitor_disparagement": 0.35}, act_sources={"competitor_disparagement": source}),
    ]
    assert (rival_acts(call, features)[1].acts["competitor_disparagement"] >= 0.5) is raised


@pytest.mark.parametrize(
    ("reply", "reply_features", "rival"),
    [
        # the rep asks what the buyer's current firm does well: it is answered as a rival, fairly, and the
        # question is no dig however its "them" points back
        (
            "rep: Fair enough. And what did you value about them, over the years?",
            UtteranceFeatures(
                acts={"competitor_disparagement": 0.15}, cues=frozenset({"rival_strengths"}), question=True
            ),
            "met",
        ),
        # ... runs it down, pointing back at it
        (
            "rep: Between ourselves they lose half the parcels they touch.",
            UtteranceFeatures(acts={"competitor_disparagement": 0.3}),
            "gap",
        ),
        # ... or moves on with no word on it: the buyer's firm named by its place is no rival
        (
            "rep: Got it. How many vans go out on a Monday?",
            UtteranceFeatures(acts={"competitor_disparagement": 0.05}, question=True),
            None,
        ),
    ],
)
def test_the_buyers_current_firm_described_is_a_rival_once_the_rep_answers_it_as_one(reply, reply_features, rival):
    call = transcript_of(["buyer: Our current couriers do the parcels, it's only the vans we're stuck on.", reply])
    described = [
        UtteranceFeatures(acts={"competitor_mention": 0.15}, cues=frozenset({"rival_described"})),
        reply_features,
    ]
    after = rival_acts(call, described)
    assert (after[0].acts["competitor_mention"] >= 0.55) is (rival is not None)
    assert (after[1].acts.get("competitor_disparagement", 0.0) >= 0.5) is (rival == "gap")


@pytest.mark.parametrize(
    ("reply", "gap"),
    [
        # the vendor the buyer described, pointed back at as "that thing" and run down: a dig about it, the
        # vendor a rival
        ("rep: Oh man, that thing. It's built by people who've never used one, honestly.", True),
        # ... one pointing at nothing the buyer described establishes no rival, and is held down as no dig
        ("rep: Oh man. It's built for people who've never used one, honestly.", False),
    ],
)
def test_a_described_vendor_pointed_back_at_as_that_thing_is_the_rival_of_the_dig(reply, gap):
    call = transcript_of(["buyer: We tried the one with the owl logo that all the big chains push.", reply])
    described = [
        UtteranceFeatures(acts={"competitor_mention": 0.1}, cues=frozenset({"rival_described"})),
        UtteranceFeatures(acts={"competitor_disparagement": 0.7}),
    ]
    after = rival_acts(call, described)
    assert (after[0].acts["competitor_mention"] >= 0.55) is gap
    assert (after[1].acts["competitor_disparagement"] >= 0.5) is gap


OWN_TERMS = frozenset({"own_terms"})


@pytest.mark.parametrize(
    ("lines", "cues", "compared"),
    [
        # the product's own terms in the rep's reply to a vendor the buyer described: a comparison on terms
        (
            [
                "buyer: The crowd we had before billed us per parcel, which hurt at Christmas.",
                "rep: Ours is the one price whatever you post, so December costs what March does.",
            ],
            [frozenset({"rival_described"}), OWN_TERMS],
            True,
        ),
        # ... past the rep's backchannel, the buyer going on
        (
            [
                "buyer: the people we used last year took a slice of every ticket",
                "rep: right",
                "buyer: so the big shows cost us most",
                "rep: we never take a slice you pay one flat fee all season",
            ],
            [frozenset({"rival_described"}), NOTHING, NOTHING, OWN_TERMS],
            True,
        ),
        # the same terms with no vendor described before them, or a reply that moves on, compare nothing
        (
            [
                "buyer: We send out roughly four hundred parcels weekly, double in December.",
                "rep: Ours is the one price whatever you post, so December costs what March does.",
            ],
            [NOTHING, OWN_TERMS],
            False,
        ),
        (
            [
                "buyer: The crowd we had before billed us per parcel, which hurt at Christmas.",
                "rep: Got it. How many go out on a Monday?",
                "buyer: Sixty or so.",
                "rep: Ours is the one price whatever you post.",
            ],
            [frozenset({"rival_described"}), NOTHING, NOTHING, OWN_TERMS],
            False,
        ),
    ],
)
def test_the_products_own_terms_set_against_a_described_vendor_compare_them(lines, cues, compared):
    features = [UtteranceFeatures(acts={"competitor_mention": 0.15}, cues=cue) for cue in cues]
    after = rival_acts(transcript_of(lines), features)
    assert (after[-1].acts.get("competitor_differentiation", 0.0) >= 0.5) is compared
    # ... a comparison on terms, marked as one: no pitch of the product
    assert ("rival_terms" in after[-1].cues) is compared
    assert (after[0].acts["competitor_mention"] >= 0.55) is compared


@pytest.mark.parametrize(
    ("dig", "runs_down"),
    [
        # the rep who describes the buyer's own firm runs it down in that same turn, pointing back at it
        (0.3, True),
        # ... a fainter reading there is the rep's plain question about it
        (0.12, False),
    ],
)
def test_the_buyers_current_firm_described_by_the_rep_and_run_down_in_that_turn_is_a_rival(dig, runs_down):
    call = transcript_of(
        [
            "buyer: The renewals all go out by post, one at a time.",
            "rep: Right, and your current printers, honestly, they've not changed a thing since the fax.",
        ]
    )
    described = [
        UtteranceFeatures(),
        UtteranceFeatures(acts={"competitor_disparagement": dig}, cues=frozenset({"rival_described"})),
    ]
    after = rival_acts(call, described)
    assert (after[1].acts.get("competitor_mention", 0.0) >= 0.55) is runs_down
    assert (after[1].acts["competitor_disparagement"] >= 0.5) is runs_down


@pytest.mark.parametrize(
    ("reply", "rival"),
    [
        # the rep says plainly what the buyer's current system lacks, on the buyer's own case: answered as a rival
        ("rep: Right, so it can't split a delivery across two depots, and that's your whole Friday.", True),
        # ... a reply on something else leaves the system described no rival
        ("rep: Right, and how many depots send out on a Friday?", False),
    ],
)
def test_the_buyers_current_system_answered_by_what_it_lacks_for_them_is_a_rival(reply, rival):
    call = transcript_of(["buyer: The route planner we're on now handles single drops fine.", reply])
    described = [
        UtteranceFeatures(acts={"competitor_mention": 0.15}, cues=frozenset({"rival_described"})),
        UtteranceFeatures(acts={"competitor_disparagement": 0.1}),
    ]
    after = rival_acts(call, described)
    assert (after[0].acts["competitor_mention"] >= 0.55) is rival
    assert after[1].acts["competitor_disparagement"] < 0.5


@pytest.mark.parametrize(
    ("rep", "dig"),
    [
        # what the rival was made for, set against the buyer's own case, is a comparison on the buyer's facts
        ("rep: Sure, they're built for guest houses. Yours sleeps a whole choir in one bunkroom.", False),
        # ... where the same turn runs the rival down, it stays a dig
        ("rep: Sure, they're a shambles. Yours sleeps a whole choir in one bunkroom.", True),
    ],
)
def test_what_the_rival_was_made_for_set_against_the_buyers_case_is_no_dig(rep, dig):
    scores = disparagement(
        [
            ("buyer: We had a go with Roomly last winter.", {"competitor_mention": 0.9}),
            (rep, {"competitor_disparagement": 0.3}),
        ]
    )
    assert (scores[1] >= 0.5) is dig


@pytest.mark.parametrize(
    ("rep", "dig"),
    [
        # what the rival offers asked about against what the buyer said they need is a comparison
        ("rep: Does their plan do the night rota? You said nights are where the gaps turn up.", False),
        # ... a question that only runs the rival down stays a dig
        ("rep: Does their plan ever stay up past lunch? Ask anyone on it.", True),
    ],
)
def test_the_rivals_offer_set_against_what_the_buyer_said_they_need_is_no_dig(rep, dig):
    scores = disparagement(
        [
            ("buyer: Tallyfold came in a bit cheaper, to be honest.", {"competitor_mention": 0.9}),
            (rep, {"competitor_disparagement": 0.3}),
        ]
    )
    assert (scores[1] >= 0.5) is dig


@pytest.mark.parametrize(
    ("buyer", "rival"),
    [
        # a comparison said as one that points back at a name the buyer's turn just gave confirms it as a
        # rival, however faintly the turn was heard
        ("buyer: Is fitting extra? The lads at Marlowbridge charged us two hundred for it.", True),
        # ... a name of someone on the call is nobody's product
        ("buyer: Is fitting extra? Ask Ana, she sorted the last lot.", False),
    ],
)
def test_a_comparison_pointing_back_at_a_name_the_buyer_gave_confirms_a_rival(buyer, rival):
    call = Transcript(
        "c-1",
        "rep_ana",
        [
            Utterance(speaker="buyer", start=0.0, end=0.9, text=buyer, speaker_name="Jo"),
            Utterance(
                speaker="rep",
                start=1.0,
                end=1.9,
                text="I won't guess at their rates. For you, the catch is the low beams over your cutting bench.",
                speaker_name="Ana",
            ),
        ],
    )
    features = [
        UtteranceFeatures(acts={"competitor_mention": 0.1}),
        UtteranceFeatures(acts={"competitor_differentiation": 0.45, "competitor_disparagement": 0.05}),
    ]
    assert (rival_acts(call, features)[0].acts["competitor_mention"] >= 0.55) is rival


@pytest.mark.parametrize(
    ("reply", "rival"),
    [
        # the rep says back the buyer's faintly heard rival and what it was made for: answered as a rival
        ("rep: right so bed nest yeah its made for hostels selling one bunk at a time", True),
        # ... its name said back alone takes nothing up
        ("rep: right so bed nest yeah and how many bunks have you got", False),
    ],
)
def test_the_buyers_faint_rival_said_back_with_what_it_was_made_for_is_a_rival(reply, rival):
    call = transcript_of(
        [
            "buyer: we take bookings through bed nest at the moment",
            "rep: ok and the school groups",
            "buyer: they email me and i block the dorm by hand",
            reply,
        ]
    )
    features = [
        UtteranceFeatures(acts={"competitor_mention": 0.25}),
        UtteranceFeatures(),
        UtteranceFeatures(),
        UtteranceFeatures(acts={"competitor_differentiation": 0.05, "solution_pitch": 0.7}),
    ]
    assert (rival_acts(call, features)[0].acts["competitor_mention"] >= 0.55) is rival


@pytest.mark.parametrize(
    ("reply", "reply_acts", "established"),
    [
        # the rep passes over the buyer's turn: it named nobody, however the classifier half-heard a rival
        ("rep: Lovely. Here's the orders screen, with the week down the side.", {}, False),
        # ... the rep's next turn asks back about what it named
        ("rep: Oh right, and is it working out for you?", {}, True),
        # ... or compares with it
        ("rep: Then the part for you is the weekend rota.", {"competitor_differentiation": 0.5}, True),
        # ... or sets the product against it in words, however faintly the comparison is heard
        ("rep: Fair enough, and what they can't do is the weekend rota.", {"competitor_differentiation": 0.1}, True),
        # ... but "it doesn't" with nothing pointing back at it is the matter in hand, not what a rival lacks
        ("rep: Sure, the trial stays open so it doesn't lapse over the weekend.", {}, False),
    ],
)
def test_a_buyers_turn_half_heard_as_a_rival_names_one_only_when_the_rep_takes_it_up(reply, reply_acts, established):
    call = transcript_of(["rep: How are the hens this week?", "buyer: Ned's out with them, he loves the cold.", reply])
    features = [
        UtteranceFeatures(),
        UtteranceFeatures(acts={"competitor_mention": 0.7}),
        UtteranceFeatures(acts=reply_acts),
    ]
    after = max(f.acts.get("competitor_mention", 0.0) for f in rival_acts(call, features))
    assert (after >= 0.55) is established


@pytest.mark.parametrize(
    ("comeback", "named"),
    [
        # the name the buyer gave, brought back turns later with the money that goes to it beside ours
        (
            "rep: So a tenth of your takings to Pennyroll comes to eight thousand yearly, and ours is ninety monthly, flat.",
            True,
        ),
        # ... or with what it lacks, or was made for, by its name
        ("rep: Back to your fees, Pennyroll can't split a delivery between two vans.", True),
        ("rep: Pennyroll's made for single shops, so two depots is a stretch for it.", True),
        # the name said back with nothing set against it names no rival
        ("rep: Pennyroll can stay on the card side, nothing changes there.", False),
    ],
)
def test_a_name_the_buyer_gave_set_against_the_product_later_was_a_rival(comeback, named):
    call = transcript_of(
        [
            "rep: What runs your orders now?",
            "buyer: Pennyroll. They keep a tenth of each sale.",
            "rep: Right, here's the orders screen.",
            "buyer: Looks tidy enough.",
            "rep: And the van list sits under it.",
            "buyer: Good, the vans are the headache.",
            "rep: Each van gets its own run sheet.",
            "buyer: Handy.",
            comeback,
        ]
    )
    features = [UtteranceFeatures() for _ in call.utterances]
    features[1] = UtteranceFeatures(acts={"competitor_mention": 0.1})
    after = rival_acts(call, features)
    assert (after[1].acts.get("competitor_mention", 0.0) >= 0.55) is named


def test_a_persons_name_said_back_beside_our_price_is_no_rival():
    call = transcript_of(
        [
            "rep: Who does the books?",
            "buyer: Ned does them on a Sunday.",
            "rep: Then the invoice goes to Ned, ninety a month with us and nothing extra for him to do.",
        ]
    )
    call.utterances[1].speaker_name = "Ned"
    features = [UtteranceFeatures() for _ in call.utterances]
    after = rival_acts(call, features)
    assert after[1].acts.get("competitor_mention", 0.0) < 0.55


@pytest.mark.parametrize(
    ("laugh", "about_rival", "raised"),
    [
        # what the rep says of the rival the buyer just named, answered with a laugh, was a dig at it
        ("buyer: Ha. Now and then, I suppose.", True, True),
        ("buyer: haha yeah fair", True, True),
        # ... the same question answered plainly is a fair one
        ("buyer: Now and then, I suppose.", True, False),
        # ... and a laugh at the rep's sums about the buyer's own week is no dig at anyone
        ("buyer: Ha. Now and then, I suppose.", False, False),
    ],
)
def test_a_remark_about_the_rival_the_buyer_laughs_at_is_a_dig(laugh, about_rival, raised):
    remark = (
        "rep: And do they still pick up the phone these days?"
        if about_rival
        else "rep: So two nights weekly on the rota, that's about ninety hours yearly?"
    )
    call = transcript_of(["rep: What runs the rota now?", "buyer: We pay Shiftly for it.", remark, laugh])
    features = [
        UtteranceFeatures(),
        UtteranceFeatures(acts={"competitor_mention": 0.7}),
        UtteranceFeatures(acts={"competitor_disparagement": 0.08}),
        UtteranceFeatures(),
    ]
    after = rival_acts(call, features)
    assert (after[2].acts.get("competitor_disparagement", 0.0) >= 0.5) is raised


def test_a_laugh_far_from_any_rival_the_buyer_named_is_no_dig():
    # a rival read at the start of the call, long before: the buyer laughing at the rep's own plan names nobody
    call = transcript_of(
        [
            "rep: What runs the listings now?",
            "buyer: Shelfwise, for years.",
            "rep: And the stock, roughly?",
            "buyer: Nine hundred pieces or so.",
            "rep: All in one room?",
            "buyer: Two rooms and a barn.",
            "rep: And the barn's listed too?",
            "buyer: Only the big pieces.",
            "rep: Send me forty of your pieces and I'll load them, rather than walk you round a pretend shop.",
            "buyer: Ha. Will do.",
        ]
    )
    features = [UtteranceFeatures() for _ in call.utterances]
    features[1] = UtteranceFeatures(acts={"competitor_mention": 0.95})
    features[8] = UtteranceFeatures(acts={"competitor_disparagement": 0.08})
    after = rival_acts(call, features)
    assert after[8].acts.get("competitor_disparagement", 0.0) < 0.5


@pytest.mark.parametrize(
    ("comeback", "named"),
    [
        # in raw speech the name the buyer paid, written as one word and spelt a little differently, said back
        # beside the money that goes to it and what it lacks for the buyer
        ("rep: right so the ninety on pebbeldash it doesnt do the van rota you told me about", True),
        # ... or with what it lacks by its name, or the product said to be not like it
        ("rep: sure pebbeldash doesnt split a delivery between two vans", True),
        ("rep: to be clear we are not like pebbeldash we charge nothing per van", True),
        # the name said back with nothing set against it names no rival
        ("rep: pebbeldash can stay on the card side nothing changes there", False),
    ],
)
def test_a_name_the_buyer_pays_in_raw_speech_set_against_the_product_was_a_rival(comeback, named):
    call = transcript_of(
        [
            "rep: so whats the van side costing you",
            "buyer: we pay pebble dash roughly ninety monthly for orders",
            "rep: ok and how many vans go out on a monday",
            "buyer: four on a good week",
            comeback,
        ]
    )
    features = [UtteranceFeatures() for _ in call.utterances]
    after = rival_acts(call, features)
    assert (after[1].acts.get("competitor_mention", 0.0) >= 0.55) is named


def test_the_buyers_own_way_said_back_as_one_word_is_no_rival():
    # words after "the" are a thing of the buyer's, no name by their place, however the rep writes them
    call = transcript_of(
        [
            "rep: so where do the jobs live now",
            "buyer: we write them on the wall chart in the yard",
            "rep: sure the wallchart doesnt tell you who is off sick though",
        ]
    )
    after = rival_acts(call, [UtteranceFeatures() for _ in call.utterances])
    assert after[1].acts.get("competitor_mention", 0.0) < 0.55


@pytest.mark.parametrize(
    ("reply", "kept"),
    [
        # the rep's reply opens by saying back, as one word, the words that opened the buyer's answer: the
        # dig after it is about that rival, not said before any rival came up
        ("rep: tallyfocks yeah between us tallyfocks falls over every other saturday dont they", True),
        # a reply that opens with anything else speaks of nobody yet
        ("rep: sure yeah between us most of them fall over every other saturday dont they", False),
    ],
)
def test_a_name_opening_the_buyers_raw_answer_said_back_as_the_reply_opens_is_the_rival(reply, kept):
    scores = disparagement(
        [
            ("rep: right and what runs your till and stock these days", {}),
            ("buyer: tally fox for the till its grand for coffees but it knows nothing about jars", {}),
            (reply, {"competitor_disparagement": 0.66}),
        ]
    )
    assert (scores[2] >= 0.6) is kept


@pytest.mark.parametrize(
    ("reply", "named"),
    [
        # a comparison said as one that opens a sentence with the name that opened the buyer's, a word the call
        # never writes in lower case: the buyer's turn named a rival
        (
            "rep: They might be. For you it's the night run that differs. Pelloway's loggers stop at the gate.",
            True,
        ),
        # ... a first word set off by a comma is no name said back
        ("rep: They might be. Honestly, for you it's the night run that differs.", False),
    ],
)
def test_a_name_opening_a_sentence_said_back_opening_one_in_a_comparison_was_a_rival(reply, named):
    call = transcript_of(
        [
            "rep: Anyone else in the running?",
            "buyer: Pelloway quoted, sure. Honestly, they're cheaper per pallet.",
            reply,
        ]
    )
    features = [UtteranceFeatures() for _ in call.utterances]
    after = rival_acts(call, features)
    assert (after[1].acts.get("competitor_mention", 0.0) >= 0.55) is named


def test_the_reps_own_product_said_back_in_raw_speech_is_no_rival():
    # the rep said the word before the buyer gave it: the rep's own product, however it is set against
    call = transcript_of(
        [
            "rep: hiya dana here from pebbeldash is now a good time",
            "buyer: yeah go on",
            "rep: so did you get our quote ok",
            "buyer: it did we had pebble dash send it over to the office",
            "rep: great and pebbeldash doesnt charge per van so the four vans are in",
        ]
    )
    after = rival_acts(call, [UtteranceFeatures() for _ in call.utterances])
    assert after[3].acts.get("competitor_mention", 0.0) < 0.55


@pytest.mark.parametrize("described", [True, False])
def test_a_joke_at_a_vendor_only_described_that_the_buyer_laughs_at_makes_it_a_rival(described):
    # the rep describes the buyer's current app, the buyer answers of it, and the rep's joke about it is laughed at
    call = transcript_of(
        [
            "rep: so the rota app you use today, about forty a month you said",
            "buyer: forty two since the spring",
            "rep: and do they still log the whole team out at midnight",
            "buyer: ha every single night",
        ]
    )
    features = [
        UtteranceFeatures(cues=frozenset({"rival_described"}) if described else frozenset()),
        UtteranceFeatures(),
        UtteranceFeatures(acts={"competitor_disparagement": 0.1}, question=True),
        UtteranceFeatures(),
    ]
    after = rival_acts(call, features)
    assert (after[2].acts.get("competitor_disparagement", 0.0) >= 0.5) is described
    assert (after[2].acts.get("competitor_mention", 0.0) >= 0.55) is described


@pytest.mark.parametrize(
    ("joke", "raised"),
    [
        # the firm the rep put to the buyer as theirs, said again in a joke the buyer laughs at, is a rival run down
        ("rep: Right. Does Ledgerbarn still fall over on a Friday afternoon?", True),
        # ... another name the call never put to the buyer is nobody in particular
        ("rep: Right. Does Quillstone still fall over on a Friday afternoon?", False),
    ],
)
def test_a_joke_at_the_firm_the_rep_put_to_the_buyer_as_theirs_is_a_dig_at_a_rival(joke, raised):
    call = transcript_of(
        [
            "rep: You're on Ledgerbarn for the invoices, aren't you?",
            "buyer: Since last spring.",
            joke,
            "buyer: Ha. Most Fridays.",
        ]
    )
    features = [
        UtteranceFeatures(question=True),
        UtteranceFeatures(),
        UtteranceFeatures(acts={"competitor_disparagement": 0.05}, question=True),
        UtteranceFeatures(),
    ]
    after = rival_acts(call, features)
    assert (after[2].acts.get("competitor_disparagement", 0.0) >= 0.5) is raised
    assert (after[2].acts.get("competitor_mention", 0.0) >= 0.55) is raised


@pytest.mark.parametrize(
    ("question", "raised"),
    [
        # the rep asks which of the rival's habits it is, as one both sides know of: a dig however the buyer answers
        ("rep: Was it the one where your export costs extra every month?", True),
        ("rep: oh right isnt it the one that logs everyone out at lunch", True),
        # ... asking what the buyer's system is, or which screen the buyer means, takes no habit for granted
        ("rep: Is that the booking system from the council?", False),
        ("rep: And you'd want the one where the prices sit, yes?", False),
        ("rep: Are you still running the one that shipped with the tills?", False),
        # ... nor does asking what the habit costs, a figure in it
        ("rep: Isn't it the one that charges forty a month per till?", False),
    ],
)
def test_a_question_that_asks_which_of_the_rivals_known_habits_it_is_is_a_dig(question, raised):
    call = transcript_of(
        ["rep: What takes the bookings now?", "buyer: Whatever came bundled with our tills, we use that.", question]
    )
    features = [
        UtteranceFeatures(question=True),
        UtteranceFeatures(acts={"competitor_mention": 0.8}, cues=frozenset({"rival_described"})),
        UtteranceFeatures(acts={"competitor_disparagement": 0.05}, question="?" in question),
    ]
    after = rival_acts(call, features)
    assert (after[2].acts.get("competitor_disparagement", 0.0) >= 0.5) is raised


@pytest.mark.parametrize(
    ("reply", "raised"), [("buyer: (laughs) Not every Sunday.", True), ("buyer: Not every Sunday.", False)]
)
def test_a_laugh_the_transcript_writes_down_is_a_laugh(reply, raised):
    call = transcript_of(
        [
            "buyer: The rota lives on Shiftwell at the moment.",
            "rep: Shiftwell, right. And how does it hold up on a Sunday with the whole team logging in?",
            reply,
        ]
    )
    features = [
        UtteranceFeatures(acts={"competitor_mention": 0.9}),
        UtteranceFeatures(acts={"competitor_disparagement": 0.05}, question=True),
        UtteranceFeatures(),
    ]
    after = rival_acts(call, features)
    assert (after[1].acts.get("competitor_disparagement", 0.0) >= 0.5) is raised


@pytest.mark.parametrize(
    ("answer", "cued", "raised"),
    [
        # the buyer names the vendor, the classifier hearing no rival there, and the rep asks whether it ever put
        # its fault right: the fault is taken for granted, a dig at that vendor however the buyer answers
        ("buyer: Mostly Gridlock. The invoices are a separate book.", True, True),
        # ... the same question after a turn that names nothing is about nobody in particular
        ("buyer: Mostly by hand. The invoices are a separate book.", True, False),
        # ... and a question with no fault taken for granted is a fair one
        ("buyer: Mostly Gridlock. The invoices are a separate book.", False, False),
    ],
)
def test_a_question_whether_the_vendor_ever_put_a_fault_right_is_a_dig(answer, cued, raised):
    call = transcript_of(
        [
            "rep: What keeps the delivery rounds straight these days?",
            answer,
            "rep: And did they ever sort the double charging, or do you still check each bill?",
            "buyer: Still checking.",
        ]
    )
    features = [
        UtteranceFeatures(question=True),
        UtteranceFeatures(),
        UtteranceFeatures(
            acts={"competitor_disparagement": 0.05},
            question=True,
            cues=frozenset({"rival_fault_assumed"}) if cued else frozenset(),
        ),
        UtteranceFeatures(),
    ]
    after = rival_acts(call, features)
    assert (after[2].acts.get("competitor_disparagement", 0.0) >= 0.5) is raised


def test_a_question_whether_a_vendor_it_names_ever_put_a_fault_right_is_a_dig():
    # no vendor before it: the question names its own ("is Tillhouse still doing your rounds?")
    call = transcript_of(
        [
            "rep: How many drops on a Monday?",
            "buyer: Thirty, give or take.",
            "rep: Is Tillhouse still doing your rounds? Did they ever sort the double charging?",
        ]
    )
    features = [
        UtteranceFeatures(question=True),
        UtteranceFeatures(),
        UtteranceFeatures(
            acts={"competitor_disparagement": 0.05}, question=True, cues=frozenset({"rival_fault_assumed"})
        ),
    ]
    after = rival_acts(call, features)
    assert after[2].acts.get("competitor_disparagement", 0.0) >= 0.5


@pytest.mark.parametrize(
    ("reply", "laugh", "raised"),
    [
        # in raw speech the rep's reply opens by saying back, as one word, the name the buyer gave, and the buyer
        # laughs at what it says of it: a joke at that rival
        ("rep: ledgermouse yeah i think half the county has had ledgermouse once and lived to tell it", True, True),
        # ... the same said with no laugh after it is no joke
        ("rep: ledgermouse yeah i think half the county has had ledgermouse once and lived to tell it", False, False),
        # ... and a reply that opens with anything else names no rival for the laugh to be at
        ("rep: right yeah i think half the county has had one of those once and lived to tell it", True, False),
    ],
)
def test_a_laugh_at_the_reply_that_says_back_the_buyers_raw_name_as_it_opens_is_a_dig(reply, laugh, raised):
    call = transcript_of(
        [
            "buyer: we had ledger mouse before you know for the rounds",
            reply,
            "buyer: ha yes we did" if laugh else "buyer: right yes we did",
        ]
    )
    features = [
        UtteranceFeatures(acts={"competitor_mention": 0.4}),
        UtteranceFeatures(acts={"competitor_disparagement": 0.1}),
        UtteranceFeatures(),
    ]
    after = rival_acts(call, features)
    assert (after[1].acts.get("competitor_disparagement", 0.0) >= 0.5) is raised


def test_a_laugh_at_figures_the_rep_says_back_in_raw_speech_is_no_dig():
    # the rep's reply opens by saying back the buyer's figures, and the buyer laughs at the sum: nobody run down
    call = transcript_of(
        [
            "buyer: honestly we lose four evenings a month to the rounds",
            "rep: four evenings right so nearly fifty of them yearly gone on rounds",
            "buyer: ha dont tell my wife",
        ]
    )
    features = [
        UtteranceFeatures(),
        UtteranceFeatures(acts={"competitor_disparagement": 0.1}),
        UtteranceFeatures(),
    ]
    after = rival_acts(call, features)
    assert after[1].acts.get("competitor_disparagement", 0.0) < 0.5


def test_a_dig_pointing_back_off_the_screen_counts_in_a_faint_context():
    call = transcript_of(
        [
            "buyer: The Cutty Sark, one in ninety-six. Seventy-five now, they put it up in the autumn.",
            "rep: Ha, they do like doing that, don't they. Every autumn, like clockwork.",
        ]
    )
    features = [
        UtteranceFeatures(acts={"competitor_mention": 0.38}, act_sources={"competitor_mention": "classifier"}),
        UtteranceFeatures(
            acts={"competitor_disparagement": 0.24}, act_sources={"competitor_disparagement": "classifier"}
        ),
    ]
    assert rival_acts(call, features)[1].acts["competitor_disparagement"] >= 0.5


@pytest.mark.parametrize(("cues", "raised"), [(frozenset({"rival_kept"}), False), (frozenset(), True)])
def test_the_product_reading_the_records_of_the_system_the_buyer_keeps_is_no_dig(cues, raised):
    call = transcript_of(
        [
            "buyer: and we are currently on stock master for the inventory its okay its not great",
            "rep: sure stock master can stay we would pull the stock numbers from it every night",
        ]
    )
    features = [
        UtteranceFeatures(
            acts={"competitor_mention": 0.85},
            act_sources={"competitor_mention": "pattern:competitor_mention/currently-on-a-named-system"},
        ),
        UtteranceFeatures(
            acts={"competitor_disparagement": 0.2}, act_sources={"competitor_disparagement": "classifier"}, cues=cues
        ),
    ]
    assert (rival_acts(call, features)[1].acts["competitor_disparagement"] >= 0.5) is raised


@pytest.mark.parametrize(
    ("buyer", "reply"),
    [
        ("buyer: Hang on, so nobody types the luff length in again?", "rep: Nobody. You check it here, tick, done."),
        ("buyer: so nothing off then", "rep: nothing off no but you wouldnt pay a penny till your fitters are on it"),
    ],
)
def test_the_buyers_nobody_or_nothing_said_back_is_no_name(buyer, reply):
    call = transcript_of([buyer, reply])
    features = [
        UtteranceFeatures(),
        UtteranceFeatures(
            acts={"competitor_disparagement": 0.45}, act_sources={"competitor_disparagement": "classifier"}
        ),
    ]
    assert rival_acts(call, features)[1].acts["competitor_disparagement"] < 0.5


@pytest.mark.parametrize(
    ("quote_source", "conceded", "named", "dig"),
    [
        # the rival's price matched: the mention handled, no dig however "them" points back
        ("pattern:competitor_mention/vendor-quoted-figure-lowercase", 0.95, True, False),
        # ... a reply that concedes nothing is read as before
        ("pattern:competitor_mention/vendor-quoted-figure-lowercase", 0.0, False, True),
    ],
)
def test_a_rivals_price_matched_in_the_reps_reply_is_the_mention_handled(quote_source, conceded, named, dig):
    call = transcript_of(
        [
            "buyer: the thing is rig safe quoted us eight thousand four hundred a month and youre at nine and a half",
            "rep: ok look if rig safe is at eight four ill do eight two so youre under them",
        ]
    )
    features = [
        UtteranceFeatures(
            acts={"competitor_mention": 0.3, "price_counter": 0.9}, act_sources={"competitor_mention": quote_source}
        ),
        UtteranceFeatures(
            acts={"competitor_disparagement": 0.3, "price_concession": conceded},
            act_sources={"competitor_disparagement": "classifier"},
        ),
    ]
    after = rival_acts(call, features)
    assert (after[0].acts["competitor_mention"] >= 0.55) is named
    assert (after[1].acts["competitor_disparagement"] >= 0.5) is dig


def test_a_rivals_price_matched_by_the_name_said_back_was_a_rival():
    call = transcript_of(
        [
            "buyer: The problem is that Uniformly quoted us eighty-four thousand for the same sort of thing.",
            "rep: If Uniformly is at eighty-four, I can match eighty-four.",
        ]
    )
    features = [
        UtteranceFeatures(acts={"price_counter": 0.9}),
        UtteranceFeatures(acts={"price_concession": 0.95}),
    ]
    assert rival_acts(call, features)[0].acts.get("competitor_mention", 0.0) >= 0.55


@pytest.mark.parametrize(("speaker_name", "raised"), [("Warren", False), (None, True)])
def test_a_laugh_at_the_greeting_to_a_buyer_who_gave_their_own_name_is_no_dig(speaker_name, raised):
    # the name said back is a person on the call, greeted; a name that is nobody's on the call is the firm joked at
    lines = [
        ("buyer", "It is. Warren Doyle, general manager. I've got to jump off, Kylie's running this one."),
        ("rep", "Good to meet you, Warren. I'll try to keep Kylie entertained."),
        ("buyer", "Ha. Good luck with that."),
        ("buyer", "Right, he's gone. So where do you want to start?"),
    ]
    names = [speaker_name, None, speaker_name, "Kylie" if speaker_name else None]
    call = Transcript(
        "c-1",
        "rep_ana",
        [
            Utterance(speaker=speaker, start=float(i), end=i + 0.9, text=text, speaker_name=names[i])
            for i, (speaker, text) in enumerate(lines)
        ],
    )
    features = [
        UtteranceFeatures(),
        UtteranceFeatures(
            acts={"competitor_disparagement": 0.05}, act_sources={"competitor_disparagement": "classifier"}
        ),
        UtteranceFeatures(),
        UtteranceFeatures(),
    ]
    assert (rival_acts(call, features)[1].acts["competitor_disparagement"] >= 0.5) is raised


@pytest.mark.parametrize(("cues", "raised"), [(frozenset({"rival_published"}), False), (frozenset(), True)])
def test_a_fact_about_the_rival_sent_to_its_own_published_price_list_is_no_dig(cues, raised):
    call = transcript_of(
        [
            "buyer: Bloomfreight has offered us their documents package for twenty and a half thousand.",
            "rep: Their price is per certificate above five hundred a year. Ours is flat.",
            "buyer: Hm. You have checked their per-certificate price?",
            "rep: It's on their public price list. I'll send you the link rather than ask you to take my word for it.",
        ]
    )
    features = [
        UtteranceFeatures(
            acts={"competitor_mention": 0.9}, act_sources={"competitor_mention": "pattern:competitor_mention/x"}
        ),
        UtteranceFeatures(),
        UtteranceFeatures(),
        UtteranceFeatures(
            acts={"competitor_disparagement": 0.3}, act_sources={"competitor_disparagement": "classifier"}, cues=cues
        ),
    ]
    assert (rival_acts(call, features)[3].acts["competitor_disparagement"] >= 0.5) is raised
