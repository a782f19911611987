"""The performance conversation (coaching-system.md, "The performance conversation structure").

`prepare_concern` drafts the conversation from the data, in the reference's order: the evidence
(the rep's numbers on the behaviour, the team's for comparison, and call examples), the standard
(from `CoachingSettings`), the named behaviour gap with its examples, the expectation, the practice
plan that addresses it, and the follow-up (a date and exactly what will be reviewed). The manager
edits the draft and raises it (`raise_concern`); what was raised is kept as presented.

What happens next is append-only (`performance_concern_events`): the conversation held on a date,
a moved follow-up date, the outcome at follow-up, closing. `performance_concern_status` (views.sql)
gives where each concern stands; the tracker's performance-concerns table reads it.

Every function is scoped to the manager's team (`team_reps(?)` in the store): another team's rep
or concern is `NotFound`. The SQL lives in `pipeline/store/concerns.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from pipeline.coaching import wording
from pipeline.coaching.evidence import behaviour_evidence, met_wording
from pipeline.coaching.wording import behaviour_label
from pipeline.config import CoachingSettings
from pipeline.errors import Conflict, Invalid
from pipeline.store import Store
from pipeline.store import concerns as store_concerns
from pipeline.store.reps import team_rep
from pipeline.store.trends import latest_call_date

OUTCOMES = {
    "improved": "improved: the evidence is there",
    "not_improved": "not improved: the evidence is not there",
    "escalated": "escalated: the gap is no longer a coaching issue",
}
EVIDENCE_CALLS = 6  # the rep's last calls where the behaviour applied, as in "4 of your last 6 calls"


@dataclass(frozen=True)
class ConcernDraft:
    """A concern as raised (or as prepared for the manager to edit)."""

    rep_id: str
    concern: str
    behaviour: str | None
    evidence: str
    standard: str
    behaviour_gap: str
    expectation: str
    follow_up_date: date
    follow_up_review: str
    plan_id: int | None = None
    conversation_date: date | None = None
    evidence_calls: tuple[str, ...] = ()
    # Shown with the draft, not stored: the moments the evidence points at, and plans to link.
    examples: tuple[dict, ...] = field(default=(), compare=False)
    plans: tuple[dict, ...] = field(default=(), compare=False)


_label = behaviour_label


def _example_line(example: dict) -> str:
    where = f" at {wording.clock(example['start'])}" if example.get("start") is not None else ""
    quote = " ".join((example.get("quote") or "").split())
    said = f": “{quote}”" if quote else ": no single moment in the call"
    return f"{wording.call_title(example, with_rep=False)}{where}{said}"


def _rate_words(rate: dict) -> str:
    """`rate`: gaps, applicable and gap_rate as the store computes them (`gap_rate` in views.sql)."""
    if not rate["applicable"]:
        return "no call where it applied"
    return f"a gap in {rate['gaps']} of {rate['applicable']} calls where it applied ({rate['gap_rate']:.0%})"


def prepare_concern(
    store: Store,
    manager_id: str,
    rep_id: str,
    behaviour: str,
    standards: CoachingSettings,
    *,
    description: str = "",
    today: date | None = None,
) -> ConcernDraft:
    """The conversation drafted from the data, for one of the manager's reps and one behaviour.

    `description` is the behaviour rule's description (what good looks like), used in the expectation.
    """
    rep = team_rep(store, manager_id, rep_id)
    today = today or date.today()
    found = behaviour_evidence(store, rep_id, behaviour, last_n=EVIDENCE_CALLS, until=today)
    # The rates' window ends at the last call loaded (as the focus does): a database not loaded
    # every night still has numbers to show.
    latest = latest_call_date(store)
    since = min(latest or today, today) - timedelta(days=standards.focus_window_days)
    rep_rate = store_concerns.team_gap_rate(store, manager_id, behaviour, since, today, rep_id)
    team_rate = store_concerns.team_gap_rate(store, manager_id, behaviour, since, today)
    examples = "\n".join(f"- {_example_line(example)}" for example in found.examples)
    evidence = (
        f"{wording.sentence_case(_label(behaviour))} since {wording.day(since)}: {rep['rep_name']}, {_rate_words(rep_rate)};"
        f" the team, {_rate_words(team_rate)}." + (f"\nCalls:\n{examples}" if examples else "")
    )
    standard = (
        f"A behaviour is a coaching focus when it is a gap in more than {standards.focus_gap_rate:.0%} of the calls"
        f" where it applies over {standards.focus_window_days} days, judged on at least"
        f" {standards.min_calls_to_judge} such calls. What good looks like: {' '.join(description.split())}"
    ).strip()
    gap_examples = [example for example in found.examples if example.get("quote")][:3]
    behaviour_gap = found.sentence
    if gap_examples:
        behaviour_gap += " For example: " + "; ".join(_example_line(example) for example in gap_examples) + "."
    follow_up = today + timedelta(days=standards.concern_follow_up_days)
    plans = store_concerns.plans_to_link(store, rep_id, behaviour)
    linked = next((plan["plan_id"] for plan in plans if plan["behaviour"] == behaviour), None)
    return ConcernDraft(
        rep_id=rep_id,
        concern=f"{wording.sentence_case(_label(behaviour))}: {_rate_words(rep_rate)} since {wording.day(since)}",
        behaviour=behaviour,
        evidence=evidence,
        standard=standard,
        behaviour_gap=behaviour_gap,
        expectation=(
            f"In every call where {_label(behaviour)} applies, I expect to see this: {' '.join(description.split())}"
            if description.strip()
            else f"In every call where {_label(behaviour)} applies: {met_wording(behaviour)}."
        ),
        follow_up_date=follow_up,
        follow_up_review=(
            f"On {wording.day(follow_up)} I will review your next {standards.concern_follow_up_calls} calls where"
            f" {_label(behaviour)} applies, made after {wording.day(today)}. I expect to see it met in each."
        ),
        plan_id=linked,
        evidence_calls=found.call_ids,
        examples=found.examples,
        plans=tuple(plans),
    )


def _required(value: str, name: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise Invalid(f"Write {what}.", name)
    return value


def raise_concern(store: Store, manager_id: str, draft: ConcernDraft, behaviours: set[str]) -> int:
    """Record a concern as presented; returns its concern_id. `behaviours`: the behaviours the rules define."""
    team_rep(store, manager_id, draft.rep_id)
    concern = _required(draft.concern, "concern", "the concern in a few words")
    evidence = _required(draft.evidence, "evidence", "the evidence: numbers and call examples")
    standard = _required(draft.standard, "standard", "the standard it is measured against")
    behaviour_gap = _required(draft.behaviour_gap, "behaviour_gap", "the behaviour gap, with examples")
    expectation = _required(draft.expectation, "expectation", "the expectation")
    follow_up_review = _required(draft.follow_up_review, "follow_up_review", "exactly what will be reviewed")
    if draft.behaviour and draft.behaviour not in behaviours:
        raise Invalid(f"unknown behaviour {draft.behaviour!r}", "behaviour")
    if draft.follow_up_date is None:
        raise Invalid("Set the follow-up date.", "follow_up_date")
    if draft.conversation_date and draft.follow_up_date < draft.conversation_date:
        raise Invalid("The follow-up comes after the conversation.", "follow_up_date")
    return store_concerns.insert_concern(
        store,
        {
            "rep_id": draft.rep_id,
            "manager_id": manager_id,
            "concern": concern,
            "behaviour": draft.behaviour,
            "evidence": evidence,
            "standard": standard,
            "expectation": expectation,
            "plan_id": draft.plan_id,
            "conversation_date": draft.conversation_date,
            "follow_up_date": draft.follow_up_date,
            "follow_up_review": follow_up_review,
            "behaviour_gap": behaviour_gap,
            "evidence_calls": list(dict.fromkeys(draft.evidence_calls)),
        },
    )


def concerns(store: Store, manager_id: str, rep_id: str | None = None) -> list[dict]:
    """The team's concerns, open ones first, by follow-up date."""
    return store_concerns.team_concerns(store, manager_id, rep_id)


def concern(store: Store, manager_id: str, concern_id: int) -> dict:
    """One concern with its events, oldest first."""
    return store_concerns.team_concern(store, manager_id, concern_id)


def record_event(
    store: Store,
    manager_id: str,
    concern_id: int,
    kind: str,
    happened_on: date | None,
    *,
    outcome: str | None = None,
    note: str | None = None,
) -> int:
    """Append what happened: conversation_held, follow_up_set (a new date), outcome, closed. Returns event_id."""
    note = (note or "").strip() or None
    if kind not in ("conversation_held", "follow_up_set", "outcome", "closed"):
        raise Invalid(f"unknown concern event {kind!r}", "kind")
    if happened_on is None:
        raise Invalid("Say on which date.", "happened_on")
    if kind == "outcome" and outcome not in OUTCOMES:
        raise Invalid("Say what the follow-up found: improved, not improved or escalated.", "outcome")
    if kind != "outcome":
        outcome = None

    def fits(standing: dict) -> None:
        held_on = standing["conversation_held_on"]
        if standing["closed"]:
            raise Conflict("This concern is closed. Reload to see it.")
        if kind == "outcome" and held_on is None:
            raise Conflict("Record the conversation first: the outcome is what the follow-up found after it.")
        if kind in ("outcome", "follow_up_set") and held_on is not None and happened_on < held_on:
            raise Invalid(f"That is before the conversation ({held_on}).", "happened_on")

    event = {"kind": kind, "happened_on": happened_on, "outcome": outcome, "note": note}
    return store_concerns.append_event(store, manager_id, concern_id, event, fits)


def rep_expectations(store: Store, rep_id: str) -> list[dict]:
    """What the rep was told is expected of them: the open concerns whose conversation was held.

    Before the conversation a concern is the manager's preparation, so the rep does not see it.
    """
    return [row for row in store_concerns.open_concerns_of_rep(store, rep_id) if row["conversation_held_on"]]
