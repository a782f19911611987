"""Weeks of call history for the report and inspection tests, made the way real history is made.

Each generated call is a transcript file (the sample transcripts' format) whose dialogue shows or
misses chosen behaviours; `coachloop run` reads, analyses and loads them like any night's calls,
so every finding in the database comes from the real detectors. Manager decisions and plans then
go through the triage functions the web app uses. Nothing is INSERTed by hand.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from tests.support.paths import SAMPLES

# Lines whose verdicts the detectors agree on (they come from the behaviours' own examples).
OPENING = [("rep", "Hi Dana, thanks for joining today."), ("buyer", "Thanks for having me.")]
COMMITTEE = [("rep", "Who else needs to sign off on a purchase like this?"), ("buyer", "Our CFO signs off.")]
VOLUME = [("rep", "How many users would you have?"), ("buyer", "About fifty.")]
BUDGET = [
    ("rep", "Before I show you anything, what are you spending on scheduling today?"),
    ("buyer", "About forty thousand a year."),
]
DEMO_START = [
    ("rep", "Great, let me share my screen and walk you through the platform."),
    ("buyer", "This looks useful."),
]
NEXT_STEP_MET = [
    ("rep", "I'll send the proposal and let's meet Thursday at 10 to go through it."),
    ("buyer", "Thursday works."),
]
NEXT_STEP_GAP = [("rep", "I'll send you the deck."), ("buyer", "Great, let's catch up sometime next week.")]


@dataclass(frozen=True)
class CallSpec:
    """One call to generate: which behaviours the rep shows (None: the behaviour cannot apply)."""

    call_id: str
    rep_id: str
    started_at: datetime
    call_type: str = "demo"
    deal_id: str | None = None
    deal_stage: str | None = "evaluation"
    budget_first: bool | None = True  # None: no demo in the call, budget_before_demo not applicable
    committee: bool = True
    next_step: bool = True


def transcript(spec: CallSpec) -> dict:
    lines = list(OPENING) + (COMMITTEE if spec.committee else VOLUME)
    if spec.budget_first is not None:
        lines += (BUDGET if spec.budget_first else []) + DEMO_START
    lines += NEXT_STEP_MET if spec.next_step else NEXT_STEP_GAP
    utterances, clock = [], 0.5
    for speaker, text in lines:
        utterances.append({"speaker": speaker, "start": round(clock, 2), "end": round(clock + 4.0, 2), "text": text})
        clock += 4.6
    return {
        "call_id": spec.call_id,
        "rep_id": spec.rep_id,
        "started_at": spec.started_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "call_type": spec.call_type,
        "deal_id": spec.deal_id or f"d-{spec.call_id}",
        "deal_stage": spec.deal_stage,
        "utterances": utterances,
    }


def write_calls(inbox: Path, specs: list[CallSpec]) -> list[Path]:
    inbox.mkdir(parents=True, exist_ok=True)
    paths = []
    for spec in specs:
        path = inbox / f"{spec.call_id}.json"
        path.write_text(json.dumps(transcript(spec), indent=1))
        paths.append(path)
    return paths


def copy_samples(inbox: Path) -> None:
    shutil.copytree(SAMPLES / "transcripts", inbox, dirs_exist_ok=True)


def weekly_history(rep_id: str, first_day: datetime, weeks: int, gaps_by_week: list[int], calls_per_week: int = 3):
    """`weeks` weeks of demo calls for a rep; in week w, the first `gaps_by_week[w]` calls start the demo
    before budget. Committee and next step are shown on every call, so only budget varies."""
    specs = []
    for week in range(weeks):
        for n in range(calls_per_week):
            started = first_day + timedelta(days=7 * week + 2 * n, hours=10)
            specs.append(
                CallSpec(
                    call_id=f"h-{rep_id}-{started:%Y%m%d}-{n}",
                    rep_id=rep_id,
                    started_at=started,
                    deal_id=f"d-{rep_id}-{week}-{n}",
                    budget_first=n >= gaps_by_week[week],
                )
            )
    return specs
