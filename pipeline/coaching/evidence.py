"""Evidence about one behaviour of one rep, in numbers and in a sentence a rep can act on.

The reference asks for evidence that is specific and countable ("In 4 of your last 6 stage-two
calls you showed the product before discussing budget"), not an impression. `behaviour_evidence`
looks at the rep's most recent calls in which the behaviour applied (a `not_applicable` call gave
no chance to show it, so it is not counted), optionally only calls of one type or deal stage, and
counts the gaps among them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pipeline.coaching.wording import behaviour_label
from pipeline.store import Store, trends

# What the rep did when the behaviour was a gap, and what they did when it was met: second person,
# past tense, the moment named (a behaviour, never a judgement of the person).
GAP_WORDING = {
    "budget_before_demo": "you showed the product before discussing budget",
    "next_step_date_owner": "you ended the call without a next step that has both a date and an owner",
    "discount_before_value": "you offered a concession before tying the price to the buyer's own numbers",
    "buying_committee_asked": "you did not ask who else is involved in the decision",
    "competitor_disparaged": "you spoke badly of a competitor instead of differentiating on the buyer's facts",
    "urgency_before_solution": "you pitched the solution before the buyer's urgency was on the table",
    "roi_in_buyer_numbers": "you left the buyer's own numbers without turning them into a return or a cost",
    "price_held_under_pushback": "you answered the first price objection with a concession",
    "executive_next_step": "you lost the executive in technical detail or ended without a dated next step",
}
MET_WORDING = {
    "budget_before_demo": "you discussed budget before showing the product",
    "next_step_date_owner": "you ended the call with a next step that has a date and an owner",
    "discount_before_value": "you tied the price to the buyer's own numbers before any concession",
    "buying_committee_asked": "you asked who else is involved in the decision",
    "competitor_disparaged": "you differentiated on the buyer's facts when a competitor came up",
    "urgency_before_solution": "you got the buyer's urgency on the table before pitching the solution",
    "roi_in_buyer_numbers": "you turned the buyer's own numbers into a return or a cost for them",
    "price_held_under_pushback": "you held the price at the first objection",
    "executive_next_step": "you kept the executive at their level and ended with a dated next step",
}


@dataclass(frozen=True)
class BehaviourEvidence:
    behaviour: str
    gaps: int  # calls among `call_ids` where the behaviour was a gap
    applicable: int  # calls counted: the rep's last `last_n` (or fewer) calls where the behaviour applied
    call_ids: tuple[str, ...]  # those calls, newest first
    # The moments behind the count, newest first: the gap moments, or the met moments when there is
    # no gap (so "0 of 6" still comes with something to point at). Dicts: call_id, started_at, quote, start.
    examples: tuple[dict, ...]
    sentence: str


def gap_wording(behaviour: str) -> str:
    return GAP_WORDING.get(behaviour, f"the {behaviour_label(behaviour)} check found a gap")


def met_wording(behaviour: str) -> str:
    return MET_WORDING.get(behaviour, f"the {behaviour_label(behaviour)} check was met")


def scope_words(call_type: str | None, deal_stage: str | None) -> tuple[str, str]:
    """("demo ", " at the evaluation stage"): the words around "calls" that say which calls count."""
    before = f"{call_type.replace('_', '-')} " if call_type else ""
    stage = (deal_stage or "").replace("_", " ")
    after = "" if not stage else f" at {stage}" if "stage" in stage.lower() else f" at the {stage} stage"
    return before, after


def evidence_sentence(
    behaviour: str, gaps: int, applicable: int, last_n: int, call_type: str | None = None, deal_stage: str | None = None
) -> str:
    before, after = scope_words(call_type, deal_stage)
    if applicable == 0:
        return f"No {before}call{after} of yours has given a chance to show this yet ({behaviour})."
    if applicable == 1:
        did = gap_wording(behaviour) if gaps else met_wording(behaviour)
        return f"In your only {before}call{after} so far where it applied, {did}."
    window = f"your last {applicable}" if applicable >= last_n else f"your {applicable}"
    so_far = "" if applicable >= last_n else " so far"
    if gaps == 0:
        return f"In all of {window} {before}calls{after}{so_far} {met_wording(behaviour)}."
    if gaps == applicable:
        return f"In each of {window} {before}calls{after}{so_far} {gap_wording(behaviour)}."
    return f"In {gaps} of {window} {before}calls{after}{so_far} {gap_wording(behaviour)}."


def behaviour_evidence(
    store: Store,
    rep_id: str,
    behaviour: str,
    *,
    last_n: int = 6,
    call_type: str | None = None,
    deal_stage: str | None = None,
    until: date | datetime | None = None,
) -> BehaviourEvidence:
    """The rep's last `last_n` calls where `behaviour` applied (up to `until`, inclusive), and the gaps among them."""
    found = behaviours_evidence(
        store, rep_id, [behaviour], last_n=last_n, call_type=call_type, deal_stage=deal_stage, until=until
    )
    return found[behaviour]


def behaviours_evidence(
    store: Store,
    rep_id: str,
    behaviours: list[str],
    *,
    last_n: int = 6,
    call_type: str | None = None,
    deal_stage: str | None = None,
    until: date | datetime | None = None,
) -> dict[str, BehaviourEvidence]:
    """behaviour -> `behaviour_evidence` of each of `behaviours`, the rep's moments read once."""
    if last_n < 1:
        raise ValueError(f"last_n must be at least 1, not {last_n}")
    if not behaviours:
        return {}
    found = trends.latest_applicable_findings_of(store, rep_id, behaviours, last_n, call_type, deal_stage, until)
    return {
        behaviour: _evidence(behaviour, found.get(behaviour, []), last_n, call_type, deal_stage)
        for behaviour in behaviours
    }


def _evidence(
    behaviour: str, rows: list[dict], last_n: int, call_type: str | None, deal_stage: str | None
) -> BehaviourEvidence:
    gap_rows = [row for row in rows if row["verdict"] == "gap"]
    shown = gap_rows or [row for row in rows if row["verdict"] == "met"]
    examples = tuple(
        {key: row[key] for key in ("call_id", "started_at", "call_type", "quote", "start")} for row in shown
    )
    return BehaviourEvidence(
        behaviour=behaviour,
        gaps=len(gap_rows),
        applicable=len(rows),
        call_ids=tuple(row["call_id"] for row in rows),
        examples=examples,
        sentence=evidence_sentence(behaviour, len(gap_rows), len(rows), last_n, call_type, deal_stage),
    )
