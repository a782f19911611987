"""Who spoke, where the transcript could not tell: a call that gives every utterance to the buyer."""

from __future__ import annotations

import pytest

from pipeline.analysis.detect import detect
from pipeline.analysis.rules import load_rules
from pipeline.analysis.sides import sides_told, unknown_voice_factor
from pipeline.model import UtteranceFeatures
from tests.analysis.calls import transcript_of
from tests.support.paths import ROOT


@pytest.mark.parametrize(
    "lines",
    [
        # raw ASR that never split the voices: the rep's greeting and questions under the buyer's name
        [
            "buyer: morning its sam from hollybrook can you hear me",
            "buyer: yeah loud and clear",
            "buyer: so who else would sign this off on your side",
        ],
        ["buyer: hello is that the bakery", "buyer: it is yes"],
        # the rep's voice nowhere, whatever the rest was given to
        ["unknown: so what does it cost you now", "buyer: we pay about forty a month"],
    ],
)
def test_a_call_with_no_rep_voice_is_read_with_its_speakers_unknown(lines):
    told = sides_told(transcript_of(lines))
    assert {u.speaker for u in told.utterances} == {"unknown"}
    assert [u.text for u in told.utterances] == [line.split(": ", 1)[1] for line in lines]


@pytest.mark.parametrize(
    "lines",
    [
        # both sides heard: the sides stand
        ["rep: Who else signs this off?", "buyer: Just me."],
        # a voicemail the rep leaves has no buyer voice, and is still the rep's
        ["rep: Hi Jo, it's Sam from Hollybrook.", "rep: Give me a ring back when you can."],
        # one utterance is all a short call may hold
        ["buyer: Sorry, wrong number."],
        # an unknown voice beside the rep's is left to the discount
        ["unknown: so what does it cost", "rep: It's forty a month."],
    ],
)
def test_a_call_with_the_reps_voice_or_too_short_to_tell_keeps_its_sides(lines):
    transcript = transcript_of(lines)
    assert sides_told(transcript) is transcript


def test_the_reps_question_in_a_call_of_unknown_voices_counts_at_its_full_reading():
    """The discount for an unknown voice weighs it against the voices the transcript told; in a call
    where it told none, a committee question heard clearly is asked."""
    lines = [
        "buyer: hi its sam from hollybrook",
        "buyer: hi sam",
        "buyer: who else would be in on the decision",
        "buyer: just me",
    ]
    told = sides_told(transcript_of(lines))
    features = [UtteranceFeatures(acts={}) for _ in lines]
    features[2] = UtteranceFeatures(acts={"committee_question": 0.6})
    rules = [rule for rule in load_rules(ROOT / "rules") if rule.behaviour == "buying_committee_asked"]
    as_given = detect(transcript_of(lines), features, rules, 1.0)
    assert as_given[0].verdict == "gap"
    assert detect(told, features, rules, 1.0)[0].verdict == "met"


@pytest.mark.parametrize(
    ("lines", "factor"),
    [
        # raw ASR that gave every utterance to the buyer, read with its speakers unknown
        (["buyer: hi its sam from hollybrook", "buyer: hi sam"], 1.0),
        # an imported transcript with no speaker names: the same call, the same reading
        (["unknown: hi its sam from hollybrook", "unknown: hi sam"], 1.0),
        # an unknown voice beside the rep's is discounted
        (["unknown: so what does it cost", "rep: It's forty a month."], 0.8),
        (["rep: Who else signs this off?", "buyer: Just me."], 0.8),
    ],
)
def test_an_unknown_voice_counts_in_full_only_in_a_call_where_no_voice_was_told(lines, factor):
    assert unknown_voice_factor(sides_told(transcript_of(lines)), 0.8) == factor
