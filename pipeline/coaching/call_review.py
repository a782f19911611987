"""The one-page call review (coaching-system.md, "The call review structure") for a reviewed call.

A call is reviewed once the manager has recorded a decision on one of its moments. The review
answers the reference's five questions from what is stored, never from memory:

1. the specific behaviour observed: the quote, its time in the call and who said it;
2. the diagnosis: one or two confirmed behavioural gaps (the rep's focus first, then the earliest);
3. the practice plan: the alternative behaviour and whether it was role-played;
4. when the rep will apply it: the call, deal or date of the plan;
5. the follow-up: the manager's inspection outcome and the pipeline's verdict on the applied call.

Strengths the manager marked are listed as what worked. `review_markdown` gives the same page as
Markdown (quoted transcript text is escaped, so a quote cannot turn into markup or a link).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from pipeline.coaching import wording
from pipeline.coaching.focus import rep_focus
from pipeline.coaching.markdown import md_text
from pipeline.coaching.triage import INSPECTION_OUTCOMES
from pipeline.coaching.wording import behaviour_label
from pipeline.config import CoachingSettings
from pipeline.errors import NotFound
from pipeline.store import Store, deals, reviews
from pipeline.store.accounts import display_names
from pipeline.store.queue import calls_named

MAX_DIAGNOSES = 2


@dataclass(frozen=True)
class FollowUp:
    due: date | None
    outcome: str | None  # the manager's inspection: changed | not_yet
    outcome_on: date | None
    outcome_note: str | None
    inspected_call_id: str | None  # the pipeline's inspection of the applied call (plan_inspections)
    inspected_verdict: str | None  # met | gap | not_applicable
    inspected_quote: str | None
    inspected_start: float | None
    cycle: int = 1  # the plan's current cycle, the one followed up (a "not yet" starts the next)
    inspected_call: str | None = None  # the inspected call in words ("the demo call of 2 Dec 2026")

    @property
    def result(self) -> str:
        """The follow-up in one sentence."""
        parts = []
        if self.outcome:
            parts.append(
                f"{INSPECTION_OUTCOMES.get(self.outcome, self.outcome).capitalize()}"
                f" (inspected {wording.day(self.outcome_on) or 'on an unknown day'})"
            )
        if self.inspected_call_id:
            verdict = {"met": "applied", "gap": "not applied", "not_applicable": "no chance to apply"}.get(
                self.inspected_verdict or "", self.inspected_verdict or ""
            )
            call = self.inspected_call or wording.call_words(None, self.inspected_call_id)
            parts.append(f"on {call} the detector finds the behaviour {verdict}")
        if not parts:
            parts.append(f"Not followed up yet (due {wording.day(self.due)})" if self.due else "Not followed up yet")
        sentence = "; ".join(parts) + "."
        return f"Cycle {self.cycle}: {sentence[0].lower()}{sentence[1:]}" if self.cycle > 1 else sentence


@dataclass(frozen=True)
class Plan:
    plan_id: int
    alternative_behaviour: str
    status: str
    practised_at: datetime | None
    apply_on: str  # the call, the deal (by its account) or the date, in words
    apply_call_id: str | None
    follow_up: FollowUp


@dataclass(frozen=True)
class Observed:
    observation_id: int
    behaviour: str
    decision: str  # confirmed | strength
    quote: str | None
    start: float | None
    end: float | None
    speaker: str | None
    speaker_name: str | None
    missing: tuple[str, ...]
    diagnosis: str | None
    decided_by: str
    decided_at: datetime
    in_focus: bool
    plans: tuple[Plan, ...] = ()


@dataclass(frozen=True)
class CallReview:
    call_id: str
    rep_id: str
    rep_name: str
    started_at: datetime | None
    call_type: str
    deal_id: str | None
    account_name: str | None  # the account the call's deal is with
    focus: tuple[str, ...]
    diagnoses: tuple[Observed, ...]  # one or two confirmed gaps
    more_gaps: tuple[Observed, ...]  # further confirmed gaps, not the focus of this review
    strengths: tuple[Observed, ...]
    dismissed: int
    reviewed_by: tuple[str, ...] = field(default=())


def _plans(store: Store, observation_id: int) -> tuple[Plan, ...]:
    """The plans made from one diagnosis, with the calls and deals they name in words."""
    rows = reviews.diagnosis_plans(store, observation_id)
    calls = calls_named(
        store, [c for row in rows for c in (row["apply_call_id"], row["automatic"].get("call_id")) if c]
    )
    accounts = deals.account_names(store, (row["apply_deal_id"] for row in rows))
    return tuple(_plan(row, calls, accounts) for row in rows)


def _plan(row: dict, calls: dict, accounts: dict) -> Plan:
    manual, auto = row["inspected"], row["automatic"]
    return Plan(
        plan_id=row["plan_id"],
        alternative_behaviour=row["alternative_behaviour"],
        status=row["status"],
        practised_at=row["practised_at"],
        apply_on=wording.apply_on(row, calls, accounts),
        apply_call_id=row["apply_call_id"],
        follow_up=FollowUp(
            due=row["follow_up_date"],
            outcome=manual.get("outcome"),
            outcome_on=manual.get("happened_on"),
            outcome_note=manual.get("note"),
            inspected_call_id=auto.get("call_id"),
            inspected_verdict=auto.get("verdict"),
            inspected_quote=auto.get("quote"),
            inspected_start=auto.get("start"),
            cycle=row["cycle"],
            inspected_call=wording.call_words(calls.get(auto["call_id"]), auto["call_id"]) if auto else None,
        ),
    )


def call_review(
    store: Store,
    call_id: str,
    *,
    manager_id: str | None = None,
    rep_id: str | None = None,
    focus: tuple[str, ...] = (),
) -> CallReview:
    """The review of one call, read as its rep's manager (`manager_id`) or as the rep (`rep_id`).

    NotFound when the call is not in that scope or has no recorded decision (it is not reviewed).
    """
    call = reviews.scoped_call(store, call_id, manager_id=manager_id, rep_id=rep_id)
    decisions = reviews.current_decisions(store, call_id)
    if not decisions:
        raise NotFound(f"call {call_id} has no recorded decision yet: it is not reviewed")
    names = display_names(store)

    def observed(row: dict) -> Observed:
        return Observed(
            observation_id=row["observation_id"],
            behaviour=row["behaviour"],
            decision=row["decision"],
            quote=row["quote"] or None,
            start=row["start"],
            end=row["end"],
            speaker=row["speaker"],
            speaker_name=row["speaker_name"],
            missing=tuple(row["missing"] or ()),
            diagnosis=row["diagnosis"],
            decided_by=row["manager_id"],
            decided_at=row["decided_at"],
            in_focus=row["behaviour"] in focus,
            plans=_plans(store, row["observation_id"]) if row["decision"] == "confirmed" else (),
        )

    # The rep's focus first: the review is about what the rep is working on, then the call's order.
    gaps = sorted((observed(row) for row in decisions if row["decision"] == "confirmed"), key=lambda o: not o.in_focus)
    return CallReview(
        call_id=call["call_id"],
        rep_id=call["rep_id"],
        rep_name=call["rep_name"],
        started_at=call["started_at"],
        call_type=call["call_type"],
        deal_id=call["deal_id"],
        account_name=deals.account_names(store, [call["deal_id"]]).get(call["deal_id"]),
        focus=tuple(focus),
        diagnoses=tuple(gaps[:MAX_DIAGNOSES]),
        more_gaps=tuple(gaps[MAX_DIAGNOSES:]),
        strengths=tuple(observed(row) for row in decisions if row["decision"] == "strength"),
        dismissed=sum(row["decision"] == "dismissed" for row in decisions),
        reviewed_by=tuple(sorted({names.get(row["manager_id"], row["manager_id"]) for row in decisions})),
    )


def reviewed_calls(store: Store, *, manager_id: str | None = None, rep_id: str | None = None) -> list[dict]:
    """The calls with a current decision, newest first, in the manager's team or of the rep."""
    return reviews.reviewed_calls(store, manager_id=manager_id, rep_id=rep_id)


def review_of_call(
    store: Store,
    call_id: str,
    standards: CoachingSettings,
    *,
    manager_id: str | None = None,
    rep_id: str | None = None,
) -> CallReview:
    """`call_review` with the focus of the call's rep (the rep reading it, or the call's own rep)."""
    owner = rep_id or reviews.call_owner(store, call_id)
    focus = rep_focus(store, owner, standards).behaviours if owner else ()
    return call_review(store, call_id, manager_id=manager_id, rep_id=rep_id, focus=focus)


# -- Markdown ---------------------------------------------------------------------------------


def clock(seconds: float | None) -> str:
    """mm:ss as the triage pages show it; a finding with no single moment is about the whole call."""
    return wording.clock(seconds) if seconds is not None else "whole call"


def label(name: str | None) -> str:
    return wording.sentence_case(behaviour_label(name))


def _moment_lines(item: Observed) -> list[str]:
    who = item.speaker_name or item.speaker or "unknown speaker"
    if item.quote:
        return [f"> {md_text(item.quote)}", ">", f"> — {md_text(who)}, at {clock(item.start)}"]
    missing = f" (missing {md_text(', '.join(item.missing))})" if item.missing else ""
    return [f"No single moment{missing}: the gap is in the whole call."]


def review_markdown(review: CallReview) -> str:
    when = wording.day_and_time(review.started_at) or "unknown date"
    deal = f" · {md_text(wording.deal_name(review.deal_id, review.account_name))}" if review.deal_id else ""
    call = {"rep_name": review.rep_name, "call_type": review.call_type, "started_at": review.started_at}
    lines = [
        f"# Call review: {md_text(wording.call_title(call))}",
        "",
        f"{when} · {md_text(label(review.call_type))} call{deal} · reviewed by {md_text(', '.join(review.reviewed_by))}",
        "",
    ]
    if review.focus:
        lines += [f"Listening for: {md_text(', '.join(label(b) for b in review.focus))}", ""]
    if not review.diagnoses:
        lines += ["## What was observed", "", "No gap was confirmed on this call.", ""]
    for number, item in enumerate(review.diagnoses, start=1):
        focus = " (the rep's focus)" if item.in_focus else ""
        lines += [f"## {number}. {md_text(label(item.behaviour))}{focus}", "", "### Behaviour observed", ""]
        lines += _moment_lines(item) + ["", "### Diagnosis", "", md_text(item.diagnosis), "", "### Practice plan", ""]
        if not item.plans:
            lines += ["No practice plan yet.", ""]
        for plan in item.plans:
            practised = f"role-played {wording.day(plan.practised_at)}" if plan.practised_at else "not role-played yet"
            lines += [
                f"{md_text(plan.alternative_behaviour)} ({practised}; status {plan.status})",
                "",
                "### Apply on",
                "",
                md_text(plan.apply_on),
                "",
                "### Follow-up",
                "",
                md_text(plan.follow_up.result),
                "",
            ]
            if plan.follow_up.outcome_note:
                lines += [f"Note: {md_text(plan.follow_up.outcome_note)}", ""]
    if review.more_gaps:
        others = ", ".join(label(item.behaviour) for item in review.more_gaps)
        lines += [f"Also confirmed on this call, not the focus of this review: {md_text(others)}.", ""]
    if review.strengths:
        lines += ["## What worked", ""]
        for item in review.strengths:
            quote = f": “{md_text(item.quote)}” at {clock(item.start)}" if item.quote else ""
            lines.append(f"- {md_text(label(item.behaviour))}{quote}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
