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

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from pipeline.coaching import wording
from pipeline.coaching.triage import INSPECTION_OUTCOMES
from pipeline.errors import NotFound
from pipeline.store import Store

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

    @property
    def result(self) -> str:
        """The follow-up in one sentence."""
        parts = []
        if self.outcome:
            parts.append(
                f"{INSPECTION_OUTCOMES.get(self.outcome, self.outcome).capitalize()} (inspected {self.outcome_on})"
            )
        if self.inspected_call_id:
            verdict = {"met": "applied", "gap": "not applied", "not_applicable": "no chance to apply"}.get(
                self.inspected_verdict or "", self.inspected_verdict or ""
            )
            parts.append(f"on {self.inspected_call_id} the detector finds the behaviour {verdict}")
        if not parts:
            return f"Not followed up yet (due {self.due})." if self.due else "Not followed up yet."
        return "; ".join(parts) + "."


@dataclass(frozen=True)
class Plan:
    plan_id: int
    alternative_behaviour: str
    status: str
    practised_at: datetime | None
    apply_on: str  # "call c-…", "deal d-…" or a date, in words
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
    focus: tuple[str, ...]
    diagnoses: tuple[Observed, ...]  # one or two confirmed gaps
    more_gaps: tuple[Observed, ...]  # further confirmed gaps, not the focus of this review
    strengths: tuple[Observed, ...]
    dismissed: int
    reviewed_by: tuple[str, ...] = field(default=())


def _scoped_call(store: Store, call_id: str, manager_id: str | None, rep_id: str | None) -> dict:
    if (manager_id is None) == (rep_id is None):
        raise ValueError("a call review is read either as the rep's manager or as the rep")
    scope, value = ("r.manager_id = ?", manager_id) if manager_id else ("c.rep_id = ?", rep_id)
    rows = store.rows(
        "SELECT c.call_id, c.rep_id, coalesce(r.rep_name, c.rep_id) AS rep_name, c.started_at, c.call_type, c.deal_id"
        f" FROM calls c LEFT JOIN reps r ON r.rep_id = c.rep_id WHERE c.call_id = ? AND {scope}",
        [call_id, value],
    )
    if not rows:
        raise NotFound(f"no call {call_id}")
    return rows[0]


def _plans(store: Store, observation_id: int) -> tuple[Plan, ...]:
    found = []
    for row in store.rows("SELECT * FROM practice_plans WHERE observation_id = ? ORDER BY plan_id", [observation_id]):
        inspected = store.rows(
            "SELECT outcome, happened_on, note FROM coaching_plan_events WHERE plan_id = ? AND status = 'inspected'"
            " ORDER BY event_id DESC LIMIT 1",
            [row["plan_id"]],
        )
        automatic = store.rows(
            "SELECT call_id, verdict, quote, start FROM plan_inspections WHERE plan_id = ?"
            " ORDER BY inspected_at DESC, call_id DESC LIMIT 1",
            [row["plan_id"]],
        )
        manual, auto = (inspected or [{}])[0], (automatic or [{}])[0]
        if row["apply_call_id"]:
            apply_on = f"call {row['apply_call_id']}"
        elif row["apply_deal_id"]:
            apply_on = f"the next call on deal {row['apply_deal_id']}"
        else:
            apply_on = f"the first call on or after {row['apply_date']}"
        found.append(
            Plan(
                plan_id=row["plan_id"],
                alternative_behaviour=row["alternative_behaviour"],
                status=row["status"],
                practised_at=row["practised_at"],
                apply_on=apply_on,
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
                ),
            )
        )
    return tuple(found)


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
    call = _scoped_call(store, call_id, manager_id, rep_id)
    decisions = store.rows(
        """
        SELECT lo.observation_id, lo.behaviour, lo.decision, lo.diagnosis, lo.manager_id, lo.decided_at,
               coalesce(lo.finding_quote, f.quote) AS quote, f.start, f."end", f.missing,
               u.speaker, u.speaker_name
        FROM latest_observations lo
        LEFT JOIN findings f ON f.call_id = lo.call_id AND f.behaviour = lo.behaviour
        LEFT JOIN utterances u ON u.call_id = lo.call_id AND u.idx = f.evidence[1]
        WHERE lo.call_id = ?
        ORDER BY f.start NULLS LAST, lo.behaviour
        """,
        [call_id],
    )
    if not decisions:
        raise NotFound(f"call {call_id} has no recorded decision yet: it is not reviewed")

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
        focus=tuple(focus),
        diagnoses=tuple(gaps[:MAX_DIAGNOSES]),
        more_gaps=tuple(gaps[MAX_DIAGNOSES:]),
        strengths=tuple(observed(row) for row in decisions if row["decision"] == "strength"),
        dismissed=sum(row["decision"] == "dismissed" for row in decisions),
        reviewed_by=tuple(sorted({row["manager_id"] for row in decisions})),
    )


def reviewed_calls(store: Store, *, manager_id: str | None = None, rep_id: str | None = None) -> list[dict]:
    """The calls with a current decision, newest first, in the manager's team or of the rep."""
    if (manager_id is None) == (rep_id is None):
        raise ValueError("reviewed calls are listed either for a manager's team or for one rep")
    scope, value = ("r.manager_id = ?", manager_id) if manager_id else ("c.rep_id = ?", rep_id)
    return store.rows(
        f"""
        SELECT c.call_id, c.rep_id, coalesce(r.rep_name, c.rep_id) AS rep_name, c.started_at, c.call_type,
               count(*) FILTER (WHERE lo.decision = 'confirmed') AS gaps,
               count(*) FILTER (WHERE lo.decision = 'strength') AS strengths,
               max(lo.decided_at) AS last_decided_at
        FROM latest_observations lo JOIN calls c USING (call_id) LEFT JOIN reps r ON r.rep_id = c.rep_id
        WHERE {scope}
        GROUP BY ALL ORDER BY c.started_at DESC, c.call_id DESC
        """,
        [value],
    )


# -- Markdown ---------------------------------------------------------------------------------

# Inline text only: what could start markup, a link, HTML or a table cell.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def md_text(text: str | None) -> str:
    """Transcript or typed text as literal Markdown: special characters escaped, one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join((text or "").split()))


def clock(seconds: float | None) -> str:
    """mm:ss as the triage pages show it; a finding with no single moment is about the whole call."""
    return wording.clock(seconds) if seconds is not None else "whole call"


def label(name: str | None) -> str:
    return (name or "").replace("_", " ").capitalize()


def _moment_lines(item: Observed) -> list[str]:
    who = item.speaker_name or item.speaker or "unknown speaker"
    if item.quote:
        return [f"> {md_text(item.quote)}", ">", f"> — {md_text(who)}, at {clock(item.start)}"]
    missing = f" (missing {md_text(', '.join(item.missing))})" if item.missing else ""
    return [f"No single moment{missing}: the gap is in the whole call."]


def review_markdown(review: CallReview) -> str:
    when = review.started_at.strftime("%Y-%m-%d %H:%M") if review.started_at else "unknown date"
    deal = f" · deal {md_text(review.deal_id)}" if review.deal_id else ""
    lines = [
        f"# Call review: {md_text(review.rep_name)}, {md_text(review.call_id)}",
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
            practised = f"role-played {plan.practised_at:%Y-%m-%d}" if plan.practised_at else "not role-played yet"
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
