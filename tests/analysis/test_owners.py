"""An owner who calls the business theirs as the answer to who decides, on hand-made calls."""

from __future__ import annotations

from pipeline.analysis.owners import claimed_business
from pipeline.model import Transcript, Utterance, UtteranceFeatures


def readings(lines: list[tuple[str, str, dict[str, float], frozenset[str]]]) -> list[float]:
    """(speaker, text, acts, cues) in, each utterance's executive_intro reading after the pass out."""
    utterances = [
        Utterance(speaker=speaker, start=float(i), end=i + 0.9, text=text)
        for i, (speaker, text, _, _) in enumerate(lines)
    ]
    features = [UtteranceFeatures(acts=dict(acts), cues=cues) for _, _, acts, cues in lines]
    updated = claimed_business(Transcript("c-1", "rep_ana", utterances), features)
    return [f.acts.get("executive_intro", 0.0) for f in updated]


CLAIM = frozenset({"business_claimed"})
CLAIM_AND_WHO = frozenset({"business_claimed", "committee_answer"})
ASKED = {"committee_question": 0.8}


def test_calling_the_business_theirs_in_reply_to_who_decides_is_its_owner():
    answered = readings(
        [
            ("rep", "Does the order need a second signature from anyone?", ASKED, frozenset()),
            ("buyer", "Nobody else. It's my chandlery.", {}, CLAIM),
        ]
    )
    assert answered[1] >= 0.5


def test_calling_the_business_theirs_beside_their_own_say_is_its_owner():
    beside = readings(
        [
            ("rep", "Afternoon, you two, am I coming through?", {}, frozenset()),
            ("buyer", "Loud and clear. It's my glasshouse, and the yes or no is mine.", {}, CLAIM_AND_WHO),
        ]
    )
    assert beside[1] >= 0.5


def test_calling_something_theirs_elsewhere_in_the_call_stays_as_read():
    elsewhere = readings(
        [
            ("rep", "Which of the stalls is yours at the fair?", {"committee_question": 0.1}, frozenset()),
            ("buyer", "It's our stand, the green one by the gate.", {"executive_intro": 0.05}, CLAIM),
        ]
    )
    assert elsewhere[1] == 0.05
    # the rep's own words, and a reply to a question asked two turns before, claim nothing
    rep_said = readings(
        [
            ("buyer", "Who do you think decides?", {}, frozenset()),
            ("rep", "It's my patchwork of regions, so me.", {}, CLAIM_AND_WHO),
        ]
    )
    assert rep_said[1] == 0.0
    late = readings(
        [
            ("rep", "Who signs for it?", ASKED, frozenset()),
            ("buyer", "Hang on, the kettle.", {}, frozenset()),
            ("buyer", "It's our chalet, the blue one.", {}, CLAIM),
        ]
    )
    assert late[2] == 0.0


def test_a_claim_a_veto_pattern_ruled_out_stays_as_read():
    unvetoed = readings(
        [
            ("rep", "And who has the final say on it?", ASKED, frozenset()),
            ("buyer", "its my uncles garage so him really", {"executive_intro": 0.1}, CLAIM),
        ]
    )
    assert unvetoed[1] >= 0.5
    features = [
        UtteranceFeatures(acts=ASKED),
        UtteranceFeatures(
            acts={"executive_intro": 0.1},
            act_sources={"executive_intro": "classifier-veto:executive_intro/veto-its-someone-elses"},
            cues=CLAIM,
        ),
    ]
    utterances = [
        Utterance(speaker="rep", start=0.0, end=0.9, text="And who has the final say on it?"),
        Utterance(speaker="buyer", start=1.0, end=1.9, text="its my uncles garage so him really"),
    ]
    updated = claimed_business(Transcript("c-1", "rep_ana", utterances), features)
    assert updated[1].acts["executive_intro"] == 0.1


WHOSE_IT_IS = frozenset({"ownership_asked"})
BARE_CLAIM = frozenset({"ownership_claimed"})


def test_saying_it_is_theirs_in_reply_to_whether_the_business_is_theirs_is_its_owner():
    answered = readings(
        [
            ("rep", "Is it your shop, Shane, or are you running it for someone?", {}, WHOSE_IT_IS),
            ("buyer", "It's mine. Me and four benders.", {}, BARE_CLAIM),
        ]
    )
    assert answered[1] >= 0.5
    # "it's mine" with no such question before it is anything of theirs ("it's mine, the blue mug")
    unasked = readings(
        [
            ("rep", "Whose is the mug on the desk?", {}, frozenset()),
            ("buyer", "It's mine, sorry.", {}, BARE_CLAIM),
        ]
    )
    assert unasked[1] == 0.0
