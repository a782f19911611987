"""The rival in the conversation: faint disparagement counts about a competitor just named."""

from __future__ import annotations

from pipeline.analysis.rivals import rival_acts
from pipeline.model import Transcript, Utterance, UtteranceFeatures


def disparagement(lines: list[tuple[str, dict]]) -> list[float]:
    utterances = [
        Utterance(speaker=line.split(": ", 1)[0], start=float(i), end=i + 0.9, text=line.split(": ", 1)[1])
        for i, (line, _) in enumerate(lines)
    ]
    features = [UtteranceFeatures(acts=acts) for _, acts in lines]
    updated = rival_acts(Transcript("c-1", "rep_ana", utterances), features)
    return [f.acts.get("competitor_disparagement", 0.0) for f in updated]


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
    assert fair[1] == 0.35
    # a rival named long ago is out of the conversation
    far = [("buyer: We also had a look at Ledgerly.", {"competitor_mention": 0.9})]
    far += [("buyer: ok", {})] * 7
    far += [("rep: I'd ask how long their tickets sit.", {"competitor_disparagement": 0.3})]
    assert disparagement(far)[-1] == 0.3
