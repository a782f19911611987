"""Hand-built transcripts for the logic tests, and the behaviours every analysis must report."""

from __future__ import annotations

from pipeline.model import Transcript, Utterance

# The five behaviours of DESIGN.md that every analysis must report.
HEADLINE = {
    "budget_before_demo",
    "next_step_date_owner",
    "discount_before_value",
    "buying_committee_asked",
    "competitor_disparaged",
}


def make_transcript(*lines: str, call_id: str = "t-1", rep_id: str = "rep_test", gap: float = 0.5) -> Transcript:
    """A transcript from 'rep: text' / 'buyer: text' lines, each 3 s long with `gap` between them."""
    utterances, clock = [], 0.0
    for line in lines:
        speaker, text = line.split(": ", 1)
        utterances.append(Utterance(speaker=speaker, start=clock, end=clock + 3.0, text=text))
        clock += 3.0 + gap
    return Transcript(call_id=call_id, rep_id=rep_id, utterances=utterances, started_at="2026-11-02T15:00:00Z")
