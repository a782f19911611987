"""The performance conversation (coaching-system.md, "The performance conversation structure").

`prepare_concern` drafts the conversation from the data, in the reference's order: the evidence
(the rep's numbers on the behaviour, the team's for comparison, and call examples), the standard
(from `CoachingSettings`), the named behaviour gap with its examples, the expectation, the practice
plan that addresses it, and the follow-up (a date and exactly what will be reviewed). The manager
edits the draft and raises it (`raise_concern`); what was raised is kept as presented.

What happens next is append-only (`performance_concern_events`): the conversation held on a date,
a moved follow-up date, the outcome at follow-up, closing. `performance_concern_status` (views.sql)
gives where each concern stands; the tracker's performance-concerns table reads it.

Every function is scoped to the manager's team (`reps.manager_id`): another team's rep or concern
is `NotFound`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from pipeline.coaching import wording
from pipeline.coaching.evidence import behaviour_evidence, met_wording
from pipeline.coaching.triage import own_rep
from pipeline.config import CoachingSettings
from pipeline.errors import Conflict, Invalid, NotFound
from pipeline.store import Store

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


def _label(name: str | None) -> str:
    return (name or "").replace("_", " ")


def _example_line(example: dict) -> str:
    day = f"{example['started_at']:%Y-%m-%d}" if example.get("started_at") else "undated"
    where = f" at {wording.clock(example['start'])}" if example.get("start") is not None else ""
    quote = " ".join((example.get("quote") or "").split())
    said = f": “{quote}”" if quote else ": no single moment in the call"
    return f"{day}, call {example['call_id']}{where}{said}"


def gap_rate(
    store: Store, manager_id: str, behaviour: str, since: date, until: date, rep_id: str | None = None
) -> tuple[int, int]:
    """(gaps, applicable calls) on the behaviour in the window: the manager's team, or one rep of it."""
    rep_filter, params = ("AND c.rep_id = ?", [rep_id]) if rep_id else ("", [])
    row = store.rows(
        f"""
        SELECT count(*) FILTER (WHERE f.verdict = 'gap') AS gaps,
               count(*) FILTER (WHERE f.verdict <> 'not_applicable') AS applicable
        FROM findings f JOIN calls c USING (call_id) JOIN reps r ON r.rep_id = c.rep_id
        WHERE r.manager_id = ? AND f.behaviour = ? AND CAST(c.started_at AS DATE) BETWEEN ? AND ? {rep_filter}
        """,
        [manager_id, behaviour, since, until, *params],
    )[0]
    return row["gaps"], row["applicable"]


def _rate_words(gaps: int, applicable: int) -> str:
    if not applicable:
        return "no call where it applied"
    return f"a gap in {gaps} of {applicable} calls where it applied ({gaps / applicable:.0%})"


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
    rep = own_rep(store, manager_id, rep_id)
    today = today or date.today()
    found = behaviour_evidence(store, rep_id, behaviour, last_n=EVIDENCE_CALLS, until=today)
    # The rates' window ends at the last call loaded (as the focus does): a database not loaded
    # every night still has numbers to show.
    latest = store.rows("SELECT CAST(max(started_at) AS DATE) AS day FROM calls")[0]["day"]
    since = min(latest or today, today) - timedelta(days=standards.focus_window_days)
    rep_rate = gap_rate(store, manager_id, behaviour, since, today, rep_id)
    team_rate = gap_rate(store, manager_id, behaviour, since, today)
    examples = "\n".join(f"- {_example_line(example)}" for example in found.examples)
    evidence = (
        f"{_label(behaviour).capitalize()} since {since.isoformat()}: {rep['rep_name']}, {_rate_words(*rep_rate)};"
        f" the team, {_rate_words(*team_rate)}." + (f"\nCalls:\n{examples}" if examples else "")
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
    plans = store.rows(
        "SELECT plan_id, behaviour, alternative_behaviour, status, follow_up_date FROM practice_plans"
        " WHERE rep_id = ? ORDER BY behaviour = ? DESC, status = 'inspected', plan_id DESC",
        [rep_id, behaviour],
    )
    linked = next((plan["plan_id"] for plan in plans if plan["behaviour"] == behaviour), None)
    return ConcernDraft(
        rep_id=rep_id,
        concern=f"{_label(behaviour).capitalize()}: {_rate_words(*rep_rate)} since {since.isoformat()}",
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
            f"On {follow_up.isoformat()} I will review your next {standards.concern_follow_up_calls} calls where"
            f" {_label(behaviour)} applies, made after {today.isoformat()}. I expect to see it met in each."
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
    own_rep(store, manager_id, draft.rep_id)
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
    with store.transaction() as con:
        if (
            draft.plan_id is not None
            and not con.execute(
                "SELECT 1 FROM coaching_plans WHERE plan_id = ? AND rep_id = ?", [draft.plan_id, draft.rep_id]
            ).fetchone()
        ):
            raise Invalid(f"plan {draft.plan_id} is not one of this rep's practice plans", "plan_id")
        cited = list(dict.fromkeys(draft.evidence_calls))
        if cited:
            own = con.execute(
                "SELECT count(*) FROM calls WHERE rep_id = ? AND list_contains(?::VARCHAR[], call_id)",
                [draft.rep_id, cited],
            ).fetchone()[0]
            if own != len(cited):
                raise Invalid("The evidence cites a call that is not one of this rep's calls.", "evidence_calls")
        return con.execute(
            """
            INSERT INTO performance_concerns (rep_id, manager_id, concern, behaviour, evidence, standard, expectation,
                plan_id, conversation_date, follow_up_date, follow_up_review, behaviour_gap, evidence_calls)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING concern_id
            """,
            [
                draft.rep_id,
                manager_id,
                concern,
                draft.behaviour,
                evidence,
                standard,
                expectation,
                draft.plan_id,
                draft.conversation_date,
                draft.follow_up_date,
                follow_up_review,
                behaviour_gap,
                cited,
            ],
        ).fetchone()[0]


_OWN_CONCERN = """
    SELECT s.*, coalesce(r.rep_name, r.rep_id) AS rep_name,
           p.alternative_behaviour AS plan_alternative, p.status AS plan_status
    FROM performance_concern_status s
    JOIN reps r ON r.rep_id = s.rep_id
    LEFT JOIN practice_plans p ON p.plan_id = s.plan_id
    WHERE r.manager_id = ?
"""


def concerns(store: Store, manager_id: str, rep_id: str | None = None) -> list[dict]:
    """The team's concerns, open ones first, by follow-up date."""
    sql, params = _OWN_CONCERN, [manager_id]
    if rep_id:
        sql += " AND s.rep_id = ?"
        params.append(rep_id)
    return store.rows(sql + " ORDER BY s.closed, s.follow_up_on NULLS LAST, s.concern_id", params)


def concern(store: Store, manager_id: str, concern_id: int) -> dict:
    """One concern with its events, oldest first."""
    found = store.rows(_OWN_CONCERN + " AND s.concern_id = ?", [manager_id, concern_id])
    if not found:
        raise NotFound(f"no concern {concern_id}")
    row = found[0]
    row["events"] = store.rows(
        "SELECT * FROM performance_concern_events WHERE concern_id = ? ORDER BY event_id", [concern_id]
    )
    return row


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
    with store.transaction() as con:
        row = con.execute(
            "SELECT s.conversation_held_on, s.closed FROM performance_concern_status s JOIN reps r USING (rep_id)"
            " WHERE s.concern_id = ? AND r.manager_id = ?",
            [concern_id, manager_id],
        ).fetchone()
        if row is None:
            raise NotFound(f"no concern {concern_id}")
        held_on, closed = row
        if closed:
            raise Conflict("This concern is closed. Reload to see it.")
        if kind == "outcome" and held_on is None:
            raise Conflict("Record the conversation first: the outcome is what the follow-up found after it.")
        if kind in ("outcome", "follow_up_set") and held_on is not None and happened_on < held_on:
            raise Invalid(f"That is before the conversation ({held_on}).", "happened_on")
        return con.execute(
            "INSERT INTO performance_concern_events (concern_id, kind, happened_on, outcome, note, recorded_by)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING event_id",
            [concern_id, kind, happened_on, outcome, note, manager_id],
        ).fetchone()[0]
