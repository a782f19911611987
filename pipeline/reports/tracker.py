"""The coaching-loop tracker of one rep (coaching-system.md, "Coaching loop tracker"), filled from data.

`build_tracker` returns one dataclass tree, everything a report shows and nothing rendered:
the rep and period, the primary focus (pipeline/coaching/focus.py) with the reason, the call observations,
the performance concerns (recorded ones from `performance_concern_status`, plus the ones the data
raises, marked "from data, no conversation yet"), the progress summary, the plans with their
inspections, the answers to the five questions a manager must be able to answer about every rep,
the CRM pipeline evidence when there is any, and the weekly gap rates of the focus behaviours.
`team_rollup` is the manager's view: which rep needs which focus.

The period ends on `until` (default: the day of the latest call loaded, like focus.py and the
analyst views, so a database that is not loaded every night still reads sensibly).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pipeline.coaching.cadence import RepCadence, team_cadence
from pipeline.coaching.evidence import behaviour_evidence, met_wording
from pipeline.coaching.focus import Focus, rep_focus
from pipeline.coaching.inspection import plan_inspections, plan_progress
from pipeline.coaching.stats import RateComparison, compare_rates
from pipeline.config import CoachingSettings
from pipeline.ingest import crm
from pipeline.store import Store

FROM_DATA = "from data, no conversation yet"
MAX_UNREVIEWED_OBSERVATIONS = 6  # gaps not yet reviewed, shown so the table is never empty


def label(behaviour: str | None) -> str:
    return (behaviour or "").replace("_", " ")


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def __str__(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


@dataclass(frozen=True)
class Standard:
    name: str
    value: str


@dataclass(frozen=True)
class CallObservation:
    call_date: date
    call_id: str
    call_type: str
    behaviour: str
    verdict: str  # the finding: gap | met
    quote: str  # what was said: the behaviour observed
    start: float | None
    diagnosis: str  # the manager's, or "not reviewed yet"
    decision: str  # confirmed | strength | not_reviewed
    practice_plan: str
    applied: str  # the inspection: "yes (call, quote)", "no ...", "not yet", ""
    follow_up: str


@dataclass(frozen=True)
class Concern:
    concern: str
    evidence: str
    standard: str
    conversation_date: date | None
    coaching_plan: str
    follow_up_date: date | None
    outcome: str
    source: str  # recorded | FROM_DATA


@dataclass(frozen=True)
class BehaviourRates:
    behaviour: str
    gaps: int
    applicable: int
    previous_gaps: int
    previous_applicable: int
    comparison: RateComparison  # previous period vs this one

    @property
    def gap_rate(self) -> float | None:
        return self.gaps / self.applicable if self.applicable else None


@dataclass(frozen=True)
class Progress:
    improved: tuple[str, ...]
    still_gaps: tuple[str, ...]
    next_focus: tuple[str, ...]
    next_focus_reason: str


@dataclass(frozen=True)
class PlanLine:
    plan_id: int
    behaviour: str
    alternative_behaviour: str
    status: str
    apply_on: str
    follow_up_date: date | None
    inspections: tuple[dict, ...]  # plan_inspections rows, oldest first
    progress: RateComparison


@dataclass(frozen=True)
class PerformanceAnswers:
    """The five questions of the reference, answered from data; each a list of sentences."""

    doing_well: tuple[str, ...]
    not_doing_well: tuple[str, ...]
    evidence: tuple[str, ...]
    plan: tuple[str, ...]
    consequence: tuple[str, ...]


@dataclass(frozen=True)
class PipelineEvidence:
    conversions: tuple[crm.StageConversion, ...]
    stale: tuple[crm.StaleOpportunity, ...]


@dataclass(frozen=True)
class TrendPoint:
    week: date
    behaviour: str
    gaps: int
    applicable: int


@dataclass(frozen=True)
class Tracker:
    rep_id: str
    rep_name: str
    manager_id: str | None
    period: Period
    focus: Focus
    focus_rates: tuple[BehaviourRates, ...]  # the focus behaviours' numbers in the period
    focus_evidence: tuple[str, ...]  # one evidence sentence per focus behaviour
    observations: tuple[CallObservation, ...]
    concerns: tuple[Concern, ...]
    rates: tuple[BehaviourRates, ...]  # every behaviour that applied in this period or the previous one
    progress: Progress
    plans: tuple[PlanLine, ...]
    answers: PerformanceAnswers
    pipeline: PipelineEvidence | None  # None: no CRM data imported
    trend: tuple[TrendPoint, ...]
    standards: tuple[Standard, ...]
    calls_in_period: int
    generated_at: datetime


# -- period --------------------------------------------------------------------------------------


def default_until(store: Store) -> date:
    latest = store.rows("SELECT CAST(max(started_at) AS DATE) AS d FROM calls")[0]["d"]
    return latest or date.today()


def period_for(store: Store, standards: CoachingSettings, since: date | None = None, until: date | None = None,
               days: int | None = None) -> Period:  # fmt: skip
    end = until or default_until(store)
    if since is not None:
        if since > end:
            raise ValueError(f"the period starts ({since}) after it ends ({end})")
        return Period(since, end)
    return Period(end - timedelta(days=(days or standards.report_period_days) - 1), end)


def standards_shown(standards: CoachingSettings) -> tuple[Standard, ...]:
    return (
        Standard("Behaviour gap rate", f"at most {standards.focus_gap_rate:.0%} of the calls where it applies"),
        Standard("Calls needed to judge a rate", f"at least {standards.min_calls_to_judge} applicable calls"),
        Standard("Evidence window", f"the last {standards.evidence_last_calls} calls where the behaviour applied"),
        Standard("Change after a plan", f"Fisher's exact test, p below {standards.significance_level}"),
        Standard("Opportunity in one stage", f"advance or disqualify within {standards.stage_stale_days} days"),
        Standard("Calls reviewed per rep", f"{standards.reviews_per_week_min}–{standards.reviews_per_week_max} a week"),
    )


# -- pieces ---------------------------------------------------------------------------------------


def _rates(store: Store, rep_id: str, period: Period, standards: CoachingSettings) -> tuple[BehaviourRates, ...]:
    previous = period.previous()
    rows = store.rows(
        """
        SELECT f.behaviour,
               count(*) FILTER (WHERE d BETWEEN ? AND ? AND f.verdict <> 'not_applicable') AS applicable,
               count(*) FILTER (WHERE d BETWEEN ? AND ? AND f.verdict = 'gap') AS gaps,
               count(*) FILTER (WHERE d BETWEEN ? AND ? AND f.verdict <> 'not_applicable') AS previous_applicable,
               count(*) FILTER (WHERE d BETWEEN ? AND ? AND f.verdict = 'gap') AS previous_gaps
        FROM findings f JOIN (SELECT call_id, CAST(started_at AS DATE) AS d FROM calls WHERE rep_id = ?) c USING (call_id)
        GROUP BY f.behaviour
        HAVING applicable > 0 OR previous_applicable > 0
        ORDER BY f.behaviour
        """,
        [period.start, period.end] * 2 + [previous.start, previous.end] * 2 + [rep_id],
    )
    return tuple(
        BehaviourRates(
            row["behaviour"], row["gaps"], row["applicable"], row["previous_gaps"], row["previous_applicable"],
            compare_rates(row["previous_gaps"], row["previous_applicable"], row["gaps"], row["applicable"],
                          standards.min_calls_to_judge, standards.significance_level,
                          ("previous period", "this period")),
        )
        for row in rows
    )  # fmt: skip


def _plan_lines(store: Store, rep_id: str, period: Period, standards: CoachingSettings) -> tuple[PlanLine, ...]:
    """Plans still open, and plans made or inspected in the period."""
    rows = store.rows(
        """
        SELECT p.* FROM practice_plans p
        WHERE p.rep_id = ? AND (p.status <> 'inspected' OR CAST(p.created_at AS DATE) >= ?
              OR EXISTS (SELECT 1 FROM plan_inspections i JOIN calls c USING (call_id)
                         WHERE i.plan_id = p.plan_id AND CAST(c.started_at AS DATE) BETWEEN ? AND ?))
        ORDER BY p.plan_id
        """,
        [rep_id, period.start, period.start, period.end],
    )
    lines = []
    for row in rows:
        apply_on = (
            f"call {row['apply_call_id']}" if row["apply_call_id"]
            else f"deal {row['apply_deal_id']}" if row["apply_deal_id"]
            else f"first call from {row['apply_date']}" if row["apply_date"] else "not set"
        )  # fmt: skip
        lines.append(
            PlanLine(
                row["plan_id"], row["behaviour"], row["alternative_behaviour"], row["status"], apply_on,
                row["follow_up_date"], tuple(plan_inspections(store, row["plan_id"])),
                plan_progress(store, row["plan_id"], standards.min_calls_to_judge),
            )
        )  # fmt: skip
    return tuple(lines)


def _applied_text(plan: PlanLine | None) -> str:
    if plan is None:
        return ""
    decided = [i for i in plan.inspections if i["applied"] is not None]
    if decided:
        inspection = decided[-1]
        when = f"{inspection['started_at']:%Y-%m-%d}, {inspection['call_id']}"
        quote = f": “{inspection['quote']}”" if inspection["quote"] else ""
        return f"{'yes' if inspection['applied'] else 'no'} ({when}){quote}"
    if plan.inspections:
        return f"not yet: {plan.inspections[-1]['call_id']} gave no chance to apply it"
    return f"not yet (apply on {plan.apply_on})"


def _observations(store: Store, rep_id: str, period: Period, focus: Focus, plans: tuple[PlanLine, ...]):
    """Decisions on the period's calls, and the diagnoses behind the period's plans (however old)."""
    plans_by_observation: dict[int, PlanLine] = {}
    for plan_row in store.rows("SELECT plan_id, observation_id FROM coaching_plans WHERE rep_id = ?", [rep_id]):
        match = next((p for p in plans if p.plan_id == plan_row["plan_id"]), None)
        if match is not None and plan_row["observation_id"] is not None:
            plans_by_observation[plan_row["observation_id"]] = match
    decided = store.rows(
        """
        SELECT o.observation_id, o.call_id, o.behaviour, o.decision, o.diagnosis, o.finding_quote,
               o.finding_verdict, f.quote, f.verdict, f.start, c.call_type, CAST(c.started_at AS DATE) AS call_date
        FROM latest_observations o JOIN calls c USING (call_id)
        LEFT JOIN findings f ON f.call_id = o.call_id AND f.behaviour = o.behaviour
        WHERE c.rep_id = ? AND o.decision IN ('confirmed', 'strength')
          AND (CAST(c.started_at AS DATE) BETWEEN ? AND ? OR list_contains(?, o.observation_id))
        ORDER BY c.started_at, o.behaviour
        """,
        [rep_id, period.start, period.end, list(plans_by_observation)],
    )
    observations = []
    for row in decided:
        plan = plans_by_observation.get(row["observation_id"])
        observations.append(
            CallObservation(
                row["call_date"], row["call_id"], row["call_type"], row["behaviour"],
                row["finding_verdict"] or row["verdict"] or "", row["finding_quote"] or row["quote"] or "",
                row["start"], row["diagnosis"] or ("strength to keep" if row["decision"] == "strength" else ""),
                row["decision"], plan.alternative_behaviour if plan else "", _applied_text(plan),
                (f"{plan.follow_up_date} ({plan.status})" if plan and plan.follow_up_date else ""),
            )
        )  # fmt: skip
    # Gaps nobody has reviewed yet, of the focus behaviours (of any behaviour while there is no focus):
    # what to listen to next, so the table is never empty while there is something to review.
    unreviewed = store.rows(
        f"""
        SELECT f.call_id, f.behaviour, f.quote, f.start, c.call_type, CAST(c.started_at AS DATE) AS call_date
        FROM findings f JOIN calls c USING (call_id)
        LEFT JOIN latest_observations o ON o.call_id = f.call_id AND o.behaviour = f.behaviour
        WHERE c.rep_id = ? AND f.verdict = 'gap' AND (? OR list_contains(?, f.behaviour))
          AND o.observation_id IS NULL
          AND CAST(c.started_at AS DATE) BETWEEN ? AND ?
        ORDER BY c.started_at DESC LIMIT {MAX_UNREVIEWED_OBSERVATIONS}
        """,
        [rep_id, not focus.behaviours, list(focus.behaviours), period.start, period.end],
    )
    for row in reversed(unreviewed):
        observations.append(
            CallObservation(
                row["call_date"], row["call_id"], row["call_type"], row["behaviour"], "gap", row["quote"] or "",
                row["start"], "not reviewed yet", "not_reviewed", "", "", "",
            )
        )  # fmt: skip
    return tuple(sorted(observations, key=lambda o: (o.call_date, o.call_id, o.behaviour)))


def _recorded_rows(store: Store, rep_id: str, period: Period) -> list[dict]:
    """The rep's concerns still open, and the ones closed during or after the period."""
    return store.rows(
        """
        SELECT * FROM performance_concern_status
        WHERE rep_id = ? AND (NOT closed OR coalesce(outcome_on, follow_up_on, conversation_held_on) >= ?)
        ORDER BY concern_id
        """,
        [rep_id, period.start],
    )


def _recorded_concerns(rows: list[dict]) -> list[Concern]:
    return [
        Concern(
            row["concern"], row["evidence"], row["standard"], row["conversation_held_on"],
            f"plan {row['plan_id']}" if row["plan_id"] else "none yet", row["follow_up_on"],
            row["outcome"] or ("closed" if row["closed"] else "open"), "recorded",
        )
        for row in rows
    ]  # fmt: skip


def _data_concerns(
    store: Store, tracker_rates: tuple[BehaviourRates, ...], recorded_rows: list[dict], rep_id: str, period: Period,
    standards: CoachingSettings, pipeline: PipelineEvidence | None, plans: tuple[PlanLine, ...],
) -> list[Concern]:  # fmt: skip
    covered = {row["behaviour"] for row in recorded_rows if row["behaviour"]}  # a conversation is recorded
    plan_of = {plan.behaviour: f"plan {plan.plan_id} ({plan.status})" for plan in plans}
    standard = (
        f"gap rate at most {standards.focus_gap_rate:.0%}, judged on at least {standards.min_calls_to_judge} calls"
    )
    concerns = []
    for rates in tracker_rates:
        if rates.applicable < standards.min_calls_to_judge or rates.gap_rate <= standards.focus_gap_rate:
            continue
        if rates.behaviour in covered:
            continue
        evidence = behaviour_evidence(store, rep_id, rates.behaviour, last_n=standards.evidence_last_calls,
                                      until=period.end)  # fmt: skip
        concerns.append(
            Concern(
                f"{label(rates.behaviour).capitalize()}: gap in {rates.gaps} of {rates.applicable} calls this period",
                evidence.sentence,
                standard,
                None,
                plan_of.get(rates.behaviour, ""),
                None,
                "",
                FROM_DATA,
            )  # fmt: skip
        )
    if pipeline is not None:
        if pipeline.stale:
            listed = ", ".join(f"{s.opportunity_id} ({s.stage}, {s.days_in_stage} days)" for s in pipeline.stale[:5])
            concerns.append(
                Concern(
                    f"{len(pipeline.stale)} opportunit{'y' if len(pipeline.stale) == 1 else 'ies'} stale in stage",
                    listed,
                    f"advance or disqualify within {standards.stage_stale_days} days",
                    None,
                    "",
                    None,
                    "",
                    FROM_DATA,
                )  # fmt: skip
            )
        for conversion in pipeline.conversions:
            if conversion.entered < standards.min_calls_to_judge or conversion.team_rate is None:
                continue
            if conversion.rate < conversion.team_rate:
                concerns.append(
                    Concern(
                        f"Conversion from {label(conversion.stage)} below the team's",
                        f"{conversion.advanced} of {conversion.entered} opportunities advanced ({conversion.rate:.0%});"
                        f" team: {conversion.team_advanced} of {conversion.team_entered} ({conversion.team_rate:.0%})",
                        "at least the team average", None, "", None, "", FROM_DATA,
                    )
                )  # fmt: skip
    return concerns


def _progress(rates: tuple[BehaviourRates, ...], focus: Focus, standards: CoachingSettings) -> Progress:
    improved = tuple(r.behaviour for r in rates if r.comparison.judgement == "improved")
    still = [
        r for r in rates
        if r.applicable >= standards.min_calls_to_judge and r.gap_rate > standards.focus_gap_rate
    ]  # fmt: skip
    still.sort(key=lambda r: (r.behaviour not in focus.behaviours, -r.gap_rate, -r.applicable))
    still_gaps = tuple(r.behaviour for r in still)
    if still_gaps:
        next_focus = still_gaps[:2]
        reason = "still above the standard: " + ", ".join(
            f"{label(r.behaviour)} (gap in {r.gaps} of {r.applicable})" for r in still[:2]
        )
    else:
        next_focus = focus.behaviours
        reason = f"keep the current focus ({focus.reason})" if focus.behaviours else "no behaviour above the standard"
    return Progress(improved, still_gaps, next_focus, reason)


def _pipeline(store: Store, rep_id: str, period: Period, standards: CoachingSettings) -> PipelineEvidence | None:
    if not crm.has_crm_data(store):
        return None
    return PipelineEvidence(
        tuple(crm.stage_conversion(store, rep_id, standards, period.end)),
        tuple(crm.stale_opportunities(store, rep_id, standards, period.end)),
    )


def _trend(store: Store, rep_id: str, behaviours: tuple[str, ...], period: Period) -> tuple[TrendPoint, ...]:
    """Weekly gap counts of the behaviours over this period and the previous one."""
    if not behaviours:
        return ()
    rows = store.rows(
        "SELECT week, behaviour, gap_calls, applicable_calls FROM behaviour_trends"
        " WHERE rep_id = ? AND list_contains(?, behaviour) AND week BETWEEN ? AND ? AND applicable_calls > 0"
        " ORDER BY week, behaviour",
        [rep_id, list(behaviours), period.previous().start - timedelta(days=6), period.end],
    )
    return tuple(TrendPoint(r["week"], r["behaviour"], r["gap_calls"], r["applicable_calls"]) for r in rows)


def _answers(
    store: Store, rep_id: str, rates: tuple[BehaviourRates, ...], focus: Focus, plans: tuple[PlanLine, ...],
    concerns: list[Concern], recorded_rows: list[dict], pipeline: PipelineEvidence | None, period: Period,
    standards: CoachingSettings,
) -> PerformanceAnswers:  # fmt: skip
    judged = [r for r in rates if r.applicable >= standards.min_calls_to_judge]
    doing_well = [
        f"{met_wording(r.behaviour).capitalize()} in {r.applicable - r.gaps} of {r.applicable} calls this period."
        for r in judged if r.gap_rate < standards.focus_gap_rate
    ]  # fmt: skip
    strengths = store.rows(
        "SELECT o.behaviour, count(*) AS n FROM latest_observations o JOIN calls c USING (call_id)"
        " WHERE c.rep_id = ? AND o.decision = 'strength' AND CAST(c.started_at AS DATE) BETWEEN ? AND ?"
        " GROUP BY o.behaviour ORDER BY n DESC",
        [rep_id, period.start, period.end],
    )
    doing_well += [f"Strength confirmed by the manager: {label(s['behaviour'])} ({s['n']} calls)." for s in strengths]
    gaps = [r for r in judged if r.gap_rate > standards.focus_gap_rate]
    not_doing_well = [
        f"{label(r.behaviour).capitalize()}: gap in {r.gaps} of {r.applicable} calls this period "
        f"(standard: at most {standards.focus_gap_rate:.0%})." for r in gaps
    ]  # fmt: skip
    evidence = [
        behaviour_evidence(store, rep_id, b, last_n=standards.evidence_last_calls, until=period.end).sentence
        for b in dict.fromkeys((*focus.behaviours, *(r.behaviour for r in gaps)))
    ]
    if pipeline is not None:
        not_doing_well += [c.concern + "." for c in concerns if c.source == FROM_DATA and "stale" in c.concern]
        evidence += [
            f"{c.advanced} of {c.entered} of your opportunities advanced beyond {label(c.stage)} "
            f"(team: {c.team_advanced} of {c.team_entered})."
            for c in pipeline.conversions if c.entered
        ]  # fmt: skip
    plan = [
        f"Plan {p.plan_id} ({p.status}): practise “{p.alternative_behaviour}” for {label(p.behaviour)}, "
        f"apply on {p.apply_on}, follow-up {p.follow_up_date or 'not set'}. {p.progress.statement}"
        for p in plans
    ]
    consequence = [
        f"{row['concern']}: expected: {row['expectation'] or 'not set'} At the follow-up "
        f"({row['follow_up_on'] or 'no date'}): {row['follow_up_review'] or 'not set'}. "
        f"Outcome so far: {(row['outcome'] or ('closed' if row['closed'] else 'open')).replace('_', ' ')}."
        for row in recorded_rows
    ]
    if not consequence:
        consequence = [
            "No performance conversation recorded yet: nothing has been agreed on what happens if the gap stays."
        ]
    return PerformanceAnswers(
        tuple(doing_well) or ("Nothing judged yet: no behaviour has enough calls this period.",),
        tuple(not_doing_well) or ("No behaviour above the standard this period.",),
        tuple(evidence) or ("No call evidence yet.",),
        tuple(plan) or ("No coaching plan yet.",),
        tuple(consequence),
    )


# -- the tracker ----------------------------------------------------------------------------------


def build_tracker(
    store: Store, rep_id: str, standards: CoachingSettings, period: Period | None = None, for_rep: bool = False
) -> Tracker:
    """Everything one rep's report shows, for `period` (default: the report period up to the latest call).

    `for_rep`: the copy the rep reads, without the concerns the manager is still preparing (a
    recorded concern reaches the rep once the conversation about it has been held)."""
    rep = store.rows("SELECT rep_id, coalesce(rep_name, rep_id) AS rep_name, manager_id FROM reps WHERE rep_id = ?",
                     [rep_id])  # fmt: skip
    if not rep:
        raise KeyError(f"no rep {rep_id!r}")
    period = period or period_for(store, standards)
    focus = rep_focus(store, rep_id, standards, as_of=period.end)
    rates = _rates(store, rep_id, period, standards)
    plans = _plan_lines(store, rep_id, period, standards)
    pipeline = _pipeline(store, rep_id, period, standards)
    recorded_rows = _recorded_rows(store, rep_id, period)
    if for_rep:
        recorded_rows = [row for row in recorded_rows if row["conversation_held_on"]]
    recorded = _recorded_concerns(recorded_rows)
    concerns = recorded + _data_concerns(store, rates, recorded_rows, rep_id, period, standards, pipeline, plans)
    focus_rates = tuple(r for b in focus.behaviours for r in rates if r.behaviour == b)
    calls = store.rows(
        "SELECT count(*) AS n FROM calls WHERE rep_id = ? AND CAST(started_at AS DATE) BETWEEN ? AND ?",
        [rep_id, period.start, period.end],
    )[0]["n"]
    return Tracker(
        rep_id=rep_id,
        rep_name=rep[0]["rep_name"],
        manager_id=rep[0]["manager_id"],
        period=period,
        focus=focus,
        focus_rates=focus_rates,
        focus_evidence=tuple(
            behaviour_evidence(store, rep_id, b, last_n=standards.evidence_last_calls, until=period.end).sentence
            for b in focus.behaviours
        ),
        observations=_observations(store, rep_id, period, focus, plans),
        concerns=tuple(concerns),
        rates=rates,
        progress=_progress(rates, focus, standards),
        plans=plans,
        answers=_answers(store, rep_id, rates, focus, plans, concerns, recorded_rows, pipeline, period, standards),
        pipeline=pipeline,
        trend=_trend(store, rep_id, focus.behaviours, period),
        standards=standards_shown(standards),
        calls_in_period=calls,
        generated_at=datetime.now().replace(microsecond=0),
    )


# -- the manager's roll-up ------------------------------------------------------------------------


@dataclass(frozen=True)
class RollupRow:
    rep_id: str
    rep_name: str
    focus: Focus
    calls_in_period: int
    focus_rates: tuple[BehaviourRates, ...]
    open_plans: int
    inspected_changed: int
    inspected_not_yet: int
    concerns: int  # recorded and from data
    reviews: RepCadence | None = None  # reviewed calls per week (pipeline/coaching/cadence.py)


@dataclass(frozen=True)
class TeamRollup:
    manager_id: str
    period: Period
    rows: tuple[RollupRow, ...]
    generated_at: datetime


def team_rollup(store: Store, manager_id: str, settings: CoachingSettings, period: Period | None = None) -> TeamRollup:
    """Which rep of the manager's team needs which focus, with the numbers behind it."""
    asked_period = period is not None
    period = period or period_for(store, settings)
    reps = store.rows("SELECT rep_id FROM reps WHERE manager_id = ? ORDER BY coalesce(rep_name, rep_id)", [manager_id])
    # Review cadence is the manager's habit in real time: as of today, or of the end of a period asked for.
    reviews_as_of = period.end if asked_period else date.today()
    reviews = {row.rep_id: row for row in team_cadence(store, manager_id, settings, as_of=reviews_as_of).reps}
    rows = []
    for rep in reps:
        tracker = build_tracker(store, rep["rep_id"], settings, period)
        outcomes = [
            i["applied"] for p in tracker.plans for i in p.inspections[-1:] if p.status == "inspected"
        ]  # fmt: skip
        rows.append(
            RollupRow(
                tracker.rep_id, tracker.rep_name, tracker.focus, tracker.calls_in_period, tracker.focus_rates,
                sum(p.status != "inspected" for p in tracker.plans), outcomes.count(True), outcomes.count(False),
                len(tracker.concerns), reviews.get(tracker.rep_id),
            )
        )  # fmt: skip
    return TeamRollup(manager_id, period, tuple(rows), datetime.now().replace(microsecond=0))
