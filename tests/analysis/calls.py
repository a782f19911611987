"""Hand-made calls for the tests of the structural passes: "speaker: text" lines with their acts."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.model import Transcript, Utterance, UtteranceFeatures

StructuralPass = Callable[[Transcript, list[UtteranceFeatures]], list[UtteranceFeatures]]


def readings_after(structural_pass: StructuralPass, act: str, lines: list[tuple[str, dict]]) -> list[float]:
    """The readings of `act` in each utterance after `structural_pass` ran over the lines."""
    utterances = [
        Utterance(speaker=line.split(": ", 1)[0], start=float(i), end=i + 0.9, text=line.split(": ", 1)[1])
        for i, (line, _) in enumerate(lines)
    ]
    features = [UtteranceFeatures(acts=acts) for _, acts in lines]
    updated = structural_pass(Transcript("c-1", "rep_ana", utterances), features)
    return [f.acts.get(act, 0.0) for f in updated]


def transcript_of(lines: list[str]) -> Transcript:
    """A call of "speaker: text" lines, a second apart."""
    utterances = [
        Utterance(speaker=line.split(": ", 1)[0], start=float(i), end=i + 0.9, text=line.split(": ", 1)[1])
        for i, line in enumerate(lines)
    ]
    return Transcript("c-1", "rep_ana", utterances)
