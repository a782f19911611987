"""A recording played on the call, on hand-made calls: what the rep points at while it plays is no live demo."""

from __future__ import annotations

import pytest

from pipeline.analysis.recordings import narrated_pitches, recordings
from pipeline.analysis.screen import load_screen_vocabulary, screen_acts, screen_moves
from pipeline.model import Transcript, Utterance, UtteranceFeatures
from tests.support.paths import ROOT


@pytest.fixture(scope="module")
def vocabulary():
    return load_screen_vocabulary(ROOT / "rules")


def call(*lines: str) -> Transcript:
    utterances = [
        Utterance(speaker=line.split(": ", 1)[0], start=float(i), end=i + 0.9, text=line.split(": ", 1)[1])
        for i, line in enumerate(lines)
    ]
    return Transcript("c-1", "rep_ana", utterances)


def shown(vocabulary, *lines: str) -> dict[int, str]:
    transcript = call(*lines)
    return {m.utterance: m.shows for m in recordings(transcript, vocabulary, screen_moves(transcript, vocabulary))}


def test_what_is_pointed_at_while_a_recording_plays_is_the_recording(vocabulary):
    moves = shown(
        vocabulary,
        "rep: The sandbox is being patched today, so here's the short clip our support lead made instead, playing now.",
        "buyer: Fine by me.",
        "rep: You should see the dashboard now, each van shows as a dot, late ones flashing.",
    )
    assert moves == {0: "recording", 2: "played"}


def test_the_rep_turning_to_the_live_product_ends_the_recording(vocabulary):
    moves = shown(
        vocabulary,
        "rep: First, a ninety-second video of a depot using it. Let me play it.",
        "buyer: Sure.",
        "rep: Okay, pausing that and logging in myself. You should see the dashboard now, your vans as pins.",
    )
    assert moves == {0: "recording", 2: "product"}


def test_a_screen_shared_just_before_the_recording_carries_it(vocabulary):
    moves = shown(
        vocabulary,
        "rep: Morning Jo. Is my screen coming through on your side?",
        "buyer: Yep, all there.",
        "rep: Good. The trial server fell over last night, so let me play the clip we made in May instead.",
    )
    assert moves == {0: "recording", 2: "recording"}


@pytest.mark.parametrize(
    "lines",
    [
        # a recording sent for later plays nothing now: the product pointed at is shown live
        (
            "rep: I'll send you the recording of this afterwards so your team can play it back later.",
            "rep: You should see the dashboard now, each van shows as a dot, late ones flashing.",
        ),
        # a video the product keeps is no recording played on the call
        ("rep: You should see the dashboard now, and each job card keeps the fitter's photos and videos.",),
    ],
)
def test_a_recording_not_played_now_leaves_the_showing_alone(vocabulary, lines):
    assert "recording" not in shown(vocabulary, *lines).values()


def test_a_recording_holds_the_demo_act_down(vocabulary):
    transcript = call(
        "rep: We cut a two-minute clip last week, let me play it.",
        "rep: There, that's the rota board, each shift a column.",
    )
    features = [UtteranceFeatures(acts={"demo_start": 0.3}), UtteranceFeatures(acts={"demo_start": 0.85})]
    moves = recordings(transcript, vocabulary, screen_moves(transcript, vocabulary))
    updated = screen_acts(features, moves, veto_factor=0.1)
    assert updated[1].acts["demo_start"] < 0.5


def test_what_the_rep_says_over_the_recording_is_the_pitch(vocabulary):
    transcript = call(
        "rep: We cut a two-minute clip last week, let me play it.",
        "rep: So the shifts sit in columns, any gap glowing amber, so nobody rings round on a Sunday night.",
        "rep: Can you hear the sound on it?",
    )
    features = [
        UtteranceFeatures(acts={"solution_pitch": 0.1, "demo_start": 0.1}),
        UtteranceFeatures(acts={"solution_pitch": 0.1, "demo_start": 0.1}),
        UtteranceFeatures(acts={"solution_pitch": 0.1, "demo_start": 0.1}, question=True),
    ]
    moves = recordings(transcript, vocabulary, screen_moves(transcript, vocabulary))
    pitches = [f.acts["solution_pitch"] for f in narrated_pitches(features, moves)]
    # the turn naming the recording presents nothing yet, and nor does a question asked over it
    assert pitches == [0.1, 0.5, 0.1]


def test_a_recording_skipped_through_plays_and_what_is_told_on_it_is_narrated(vocabulary):
    moves = shown(
        vocabulary,
        "buyer: Can you play the bit about the labels again?",
        "rep: Sure, this is the recording from Monday, skip to about two minutes... there. That's the printer "
        "picking the label off the order.",
    )
    assert moves == {1: "played"}
    # named and played, telling nothing of what is on it yet
    moves = shown(vocabulary, "rep: Sure, this is the recording from Monday, skip to about two minutes.")
    assert moves == {0: "recording"}
