"""What is on the screen, on hand-made calls: the product starts a demo, documents and deferrals do not."""

from __future__ import annotations

import pytest

from pipeline.analysis.screen import load_screen_vocabulary, screen_acts, screen_moves
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
