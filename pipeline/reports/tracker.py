"""The coaching-loop tracker of one rep (coaching-system.md, "Coaching loop tracker"), filled from data.

`build_tracker` returns one dataclass tree, everything a report shows and nothing rendered:
the rep and period, the primary focus (pipeline/coaching/focus.py) with the reason, the call observations,
the performance concerns (recorded ones from `performance_concern_status`, plus the ones the data
raises, marked "from data, no conversation yet"), the progress summary, the plans with their
inspections, the answers to the five questions a manager must be able to answer about every rep,
the CRM pipeline evidence when there is any, and the weekly gap rates of the focus behaviours.
The team roll-up built from these trackers is pipeline/reports/rollup.py; the period a report
covers is pipeline/reports/period.py. The SQL behind it all is in pipeline/store/reports.py and
pipeline/store/trends.py: this module assembles, words and judges.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pipeline.coaching import crm_measures as crm
from pipeline.coaching.cycles import Cycle, history_sentence, names_for, plan_cycles
from pipeline.coaching.evidence import behaviours_evidence, met_wording
from pipeline.coaching.focus import Focus, rep_focus
from pipeline.coaching.inspection import plan_inspections, plan_progress
from pipeline.coaching.stats import RateComparison, compare_rates, gap_rate
from pipeline.coaching.wording import apply_on, call_words, day, sentence_case
from pipeline.coaching.wording import behaviour_label as label
from pipeline.config import CoachingSettings
from pipeline.reports.period import Period, default_until, period_for
from pipeline.store import Store, trends
from pipeline.store import reports as report_sql
from pipeline.store.crm import has_crm_data

__all__ = [
    "FROM_DATA",
    "BehaviourRates",
    "CallObservation",
    "Concern",
    "PerformanceAnswers",
    "Period",
    "PipelineEvidence",
    "PlanLine",
    "Progress",
    "Standard",
    "Tracker",
    "TrendPoint",
    "build_tracker",
    "default_until",
    "focus_rates",
    "label",
    "period_for",
    "pipeline_concerns",
    "rate_concerns",
    "rep_pipeline",
    "standards_shown",
    "team_rates",
]

FROM_DATA = "from data, no conversation yet"
MAX_UNREVIEWED_OBSERVATIONS = 6  # gaps not yet reviewed, shown so the table is never empty


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
        return gap_rate(self.gaps, self.applicable)


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
    alternative_behaviour: str  # the current cycle's
    status: str  # the current cycle's step
    apply_on: str  # the current cycle's
    follow_up_date: date | None
    inspections: tuple[dict, ...]  # plan_inspections rows of every cycle, oldest first
    progress: RateComparison
    cycles: tuple[Cycle, ...] = ()  # first to current (pipeline/coaching/cycles.py)
    started_on: date | None = None  # when the manager made the plan

    @property
    def title(self) -> str:
        """ "the plan for next steps with a date and an owner, made 9 Nov 2026": how people name it."""
        made = f", made {day(self.started_on)}" if self.started_on else ""
        return f"the plan for {label(self.behaviour)}{made}"

    @property
    def heading(self) -> str:
        return sentence_case(self.title)

    @property
    def cycle(self) -> int:
        return self.cycles[-1].cycle if self.cycles else 1

    @property
    def history(self) -> str:
        """ "cycle 2 of this plan; cycle 1 inspected: not yet on 2026-11-20", or "" in the first cycle."""
        return history_sentence(self.cycles)


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


# -- pieces ---------------------------------------------------------------------------------------


def standards_shown(standards: CoachingSettings) -> tuple[Standard, ...]:
    """The standards the report judges by, in words, as its last section shows them."""
    return (
        Standard("Behaviour gap rate", f"at most {standards.focus_gap_rate:.0%} of the calls where it applies"),
        Standard("Calls needed to judge a rate", f"at least {standards.min_calls_to_judge} applicable calls"),
        Standard("Evidence window", f"the last {standards.evidence_last_calls} calls where the behaviour applied"),
        Standard("Change after a plan", f"Fisher's exact test, p below {standards.significance_level}"),
        Standard("Opportunity in one stage", f"advance or disqualify within {standards.stage_stale_days} days"),
        Standard("Calls reviewed per rep", f"{standards.reviews_per_week_min}–{standards.reviews_per_week_max} a week"),
    )


def team_rates(
    store: Store, rep_ids: list[str], period: Period, standards: CoachingSettings
) -> dict[str, tuple[BehaviourRates, ...]]:
    """rep_id -> every behaviour that applied to the rep in this period or the previous one, the
    two compared; one query for all the reps."""
    previous = period.previous()
    found = trends.team_rates_in_two_periods(store, rep_ids, (period.start, period.end), (previous.start, previous.end))
    return {rep_id: tuple(_compared(row, standards) for row in found.get(rep_id, [])) for rep_id in rep_ids}


def _compared(row: dict, standards: CoachingSettings) -> BehaviourRates:
    return BehaviourRates(
        behaviour=row["behaviour"],
        gaps=row["gaps"],
        applicable=row["applicable"],
        previous_gaps=row["previous_gaps"],
        previous_applicable=row["previous_applicable"],
        comparison=compare_rates(
            before_gaps=row["previous_gaps"],
            before_calls=row["previous_applicable"],
            after_gaps=row["gaps"],
            after_calls=row["applicable"],
            min_calls=standards.min_calls_to_judge,
            alpha=standards.significance_level,
            sides=("previous period", "this period"),
        ),
    )


def _plans(
    store: Store, rep_id: str, period: Period, standards: CoachingSettings
) -> tuple[tuple[PlanLine, ...], dict[int, PlanLine]]:
    """Plans still open, and plans made or inspected in the period; and the plan made from each
    diagnosis (by observation id), so the observations table can show it."""
    lines, plan_of_observation = [], {}
    rows = report_sql.plans_to_report(store, rep_id, period.start, period.end)
    names = names_for(store, rows)
    for row in rows:
        line = PlanLine(
            plan_id=row["plan_id"],
            behaviour=row["behaviour"],
            alternative_behaviour=row["alternative_behaviour"],
            status=row["status"],
            apply_on=apply_on(row, names.calls, names.accounts),
            follow_up_date=row["follow_up_date"],
            inspections=tuple(plan_inspections(store, row["plan_id"])),
            progress=plan_progress(store, row["plan_id"], standards.min_calls_to_judge),
            cycles=plan_cycles(store, row["plan_id"]),
            started_on=row["created_at"].date() if row["created_at"] else None,
        )
        lines.append(line)
        if row["observation_id"] is not None:
            plan_of_observation[row["observation_id"]] = line
    return tuple(lines), plan_of_observation


def _applied_text(plan: PlanLine | None) -> str:
    """Whether the rep applied the plan's current cycle: the deciding call, else the cycle's
    inspection by a manager, else why it is not known yet; earlier cycles first."""
    if plan is None:
        return ""
    earlier = f" ({plan.history})" if plan.history else ""
    current = plan.cycles[-1] if plan.cycles else None
    calls = current.calls if current else plan.inspections
    decided = [i for i in calls if i["applied"] is not None]
    if decided:
        inspection = decided[-1]
        when = call_words(inspection, inspection["call_id"])
        quote = f": “{inspection['quote']}”" if inspection["quote"] else ""
        return f"{'yes' if inspection['applied'] else 'no'} ({when}){quote}{earlier}"
    if current and current.inspected:
        return current.inspection.rstrip(".") + earlier
    if calls:
        return f"not yet: {call_words(calls[-1], calls[-1]['call_id'])} gave no chance to apply it{earlier}"
    return f"not yet (apply on {plan.apply_on}){earlier}"


def _decided(row: dict, plan: PlanLine | None) -> CallObservation:
    """A manager's decision (a confirmed gap or a strength) as a row of the observations table."""
    return CallObservation(
        call_date=row["call_date"],
        call_id=row["call_id"],
        call_type=row["call_type"],
        behaviour=row["behaviour"],
        verdict=row["finding_verdict"] or row["verdict"] or "",
        quote=row["finding_quote"] or row["quote"] or "",
        start=row["start"],
        diagnosis=row["diagnosis"] or ("strength to keep" if row["decision"] == "strength" else ""),
        decision=row["decision"],
        practice_plan=plan.alternative_behaviour if plan else "",
        applied=_applied_text(plan),
        follow_up=_follow_up_text(plan),
    )


def _follow_up_text(plan: PlanLine | None) -> str:
    if plan is None or not plan.follow_up_date:
        return ""
    cycle = f"cycle {plan.cycle}, " if plan.cycle > 1 else ""
    return f"{day(plan.follow_up_date)} ({cycle}{plan.status})"


def _not_reviewed(row: dict) -> CallObservation:
    """A gap nobody has decided on yet, as a row of the observations table."""
    return CallObservation(
        call_date=row["call_date"],
        call_id=row["call_id"],
        call_type=row["call_type"],
        behaviour=row["behaviour"],
        verdict="gap",
        quote=row["quote"] or "",
        start=row["start"],
        diagnosis="not reviewed yet",
        decision="not_reviewed",
        practice_plan="",
        applied="",
        follow_up="",
    )


def _observations(
    store: Store,
    rep_id: str,
    period: Period,
    focus: Focus,
    plan_of_observation: dict[int, PlanLine],
    decided: list[dict],
) -> tuple[CallObservation, ...]:
    """Decisions on the period's calls, and the diagnoses behind the period's plans (however old):
    `decided` (report_sql.decided_observations)."""
    observations = [_decided(row, plan_of_observation.get(row["observation_id"])) for row in decided]
    # Gaps nobody has reviewed yet, of the focus behaviours (of any behaviour while there is no focus):
    # what to listen to next, so the table is never empty while there is something to review.
    unreviewed = report_sql.unreviewed_gaps(
        store, rep_id, period.start, period.end, list(focus.behaviours), MAX_UNREVIEWED_OBSERVATIONS
    )
    observations += [_not_reviewed(row) for row in reversed(unreviewed)]
    return tuple(sorted(observations, key=lambda o: (o.call_date, o.call_id, o.behaviour)))


def _strengths(decided: list[dict], period: Period) -> list[tuple[str, int]]:
    """(behaviour, calls) the manager marked a strength on the rep's calls of the period, most first:
    counted from the decisions `_observations` shows (those of the period's calls among them)."""
    counted = Counter(
        row["behaviour"]
        for row in decided
        if row["decision"] == "strength" and period.start <= row["call_date"] <= period.end
    )
    return sorted(counted.items(), key=lambda item: (-item[1], item[0]))


def _outcome(row: dict) -> str:
    """A recorded concern's outcome, or where it stands while there is none."""
    return row["outcome"] or ("closed" if row["closed"] else "open")


def _recorded_concerns(rows: list[dict], plans: tuple[PlanLine, ...]) -> list[Concern]:
    title = {plan.plan_id: plan.title for plan in plans}
    return [
        Concern(
            concern=row["concern"],
            evidence=row["evidence"],
            standard=row["standard"],
            conversation_date=row["conversation_held_on"],
            coaching_plan=title.get(row["plan_id"], "a practice plan") if row["plan_id"] else "none yet",
            follow_up_date=row["follow_up_on"],
            outcome=_outcome(row),
            source="recorded",
        )
        for row in rows
    ]


def _from_data(concern: str, evidence: str, standard: str, coaching_plan: str = "") -> Concern:
    """A concern the data raises: no conversation, follow-up or outcome yet."""
    return Concern(
        concern=concern,
        evidence=evidence,
        standard=standard,
        conversation_date=None,
        coaching_plan=coaching_plan,
        follow_up_date=None,
        outcome="",
        source=FROM_DATA,
    )


def _evidence_sentences(
    store: Store, rep_id: str, behaviours: list[str], period: Period, standards: CoachingSettings
) -> dict[str, str]:
    """behaviour -> the rep's last calls where it applied, up to the period's end, in one sentence."""
    found = behaviours_evidence(store, rep_id, behaviours, last_n=standards.evidence_last_calls, until=period.end)
    return {behaviour: evidence.sentence for behaviour, evidence in found.items()}


def _above_standard(rates: BehaviourRates, standards: CoachingSettings) -> bool:
    """Judged on enough calls, and a gap more often than the standard allows."""
    return rates.applicable >= standards.min_calls_to_judge and rates.gap_rate > standards.focus_gap_rate


def _pipeline_concerns(pipeline: PipelineEvidence, standards: CoachingSettings) -> list[Concern]:
    """Opportunities stale in a stage, and stages the rep converts worse than the team."""
    concerns = []
    if pipeline.stale:
        listed = ", ".join(f"{s.name}: {label(s.stage)}, {s.days_in_stage} days" for s in pipeline.stale[:5])
        concerns.append(
            _from_data(
                f"{len(pipeline.stale)} opportunit{'y' if len(pipeline.stale) == 1 else 'ies'} stale in stage",
                listed,
                f"advance or disqualify within {standards.stage_stale_days} days",
            )
        )
    for conversion in pipeline.conversions:
        if conversion.entered < standards.min_calls_to_judge or conversion.team_rate is None:
            continue
        if conversion.rate < conversion.team_rate:
            concerns.append(
                _from_data(
                    f"Conversion from {label(conversion.stage)} below the team's",
                    f"{conversion.advanced} of {conversion.entered} opportunities advanced ({conversion.rate:.0%});"
                    f" team: {conversion.team_advanced} of {conversion.team_entered} ({conversion.team_rate:.0%})",
                    "at least the team average",
                )
            )
    return concerns


def rate_concerns(
    rates: tuple[BehaviourRates, ...], recorded_rows: list[dict], standards: CoachingSettings
) -> list[BehaviourRates]:
    """The behaviours above the standard this period that no recorded conversation covers yet."""
    covered = {row["behaviour"] for row in recorded_rows if row["behaviour"]}  # a conversation is recorded
    return [r for r in rates if _above_standard(r, standards) and r.behaviour not in covered]


def _data_concerns(
    standards: CoachingSettings,
    *,
    rates: tuple[BehaviourRates, ...],
    recorded_rows: list[dict],
    plans: tuple[PlanLine, ...],
    pipeline: PipelineEvidence | None,
    evidence: dict[str, str],
) -> list[Concern]:
    """What the data raises that no recorded conversation covers yet."""
    plan_of = {plan.behaviour: f"{plan.title} ({plan.status})" for plan in plans}
    standard = (
        f"gap rate at most {standards.focus_gap_rate:.0%}, judged on at least {standards.min_calls_to_judge} calls"
    )
    concerns = [
        _from_data(
            f"{label(r.behaviour).capitalize()}: gap in {r.gaps} of {r.applicable} calls this period",
            evidence[r.behaviour],
            standard,
            plan_of.get(r.behaviour, ""),
        )
        for r in rate_concerns(rates, recorded_rows, standards)
    ]
    return concerns + pipeline_concerns(pipeline, standards)


def _progress(rates: tuple[BehaviourRates, ...], focus: Focus, standards: CoachingSettings) -> Progress:
    improved = tuple(r.behaviour for r in rates if r.comparison.judgement == "improved")
    still = [r for r in rates if _above_standard(r, standards)]
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
    return Progress(improved=improved, still_gaps=still_gaps, next_focus=next_focus, next_focus_reason=reason)


def _pipeline(store: Store, rep_id: str, period: Period, standards: CoachingSettings) -> PipelineEvidence | None:
    if not has_crm_data(store):
        return None
    return rep_pipeline(store, rep_id, period, standards)


def rep_pipeline(store: Store, rep_id: str, period: Period, standards: CoachingSettings) -> PipelineEvidence:
    """The rep's CRM evidence (when CRM data was imported)."""
    return PipelineEvidence(
        conversions=tuple(crm.stage_conversion(store, rep_id, standards, period.end)),
        stale=tuple(crm.stale_opportunities(store, rep_id, standards, period.end)),
    )


def pipeline_concerns(pipeline: PipelineEvidence | None, standards: CoachingSettings) -> list[Concern]:
    """The concerns the CRM evidence raises (none without CRM data)."""
    return [] if pipeline is None else _pipeline_concerns(pipeline, standards)


def _trend(store: Store, rep_id: str, behaviours: tuple[str, ...], period: Period) -> tuple[TrendPoint, ...]:
    """Weekly gap counts of the behaviours over this period and the previous one."""
    if not behaviours:
        return ()
    since = period.previous().start - timedelta(days=6)  # the week the previous period starts in
    rows = trends.weekly_gaps(store, rep_id, list(behaviours), since, period.end)
    return tuple(
        TrendPoint(week=r["week"], behaviour=r["behaviour"], gaps=r["gap_calls"], applicable=r["applicable_calls"])
        for r in rows
    )


def _answers(
    standards: CoachingSettings,
    *,
    rates: tuple[BehaviourRates, ...],
    focus: Focus,
    plans: tuple[PlanLine, ...],
    concerns: list[Concern],
    recorded_rows: list[dict],
    pipeline: PipelineEvidence | None,
    strengths: list[tuple[str, int]],
    evidence_of: dict[str, str],
) -> PerformanceAnswers:
    judged = [r for r in rates if r.applicable >= standards.min_calls_to_judge]
    doing_well = [
        f"{met_wording(r.behaviour).capitalize()} in {r.applicable - r.gaps} of {r.applicable} calls this period."
        for r in judged
        if r.gap_rate < standards.focus_gap_rate
    ]
    doing_well += [f"Strength confirmed by the manager: {label(behaviour)} ({n} calls)." for behaviour, n in strengths]
    gaps = [r for r in judged if r.gap_rate > standards.focus_gap_rate]
    not_doing_well = [
        f"{label(r.behaviour).capitalize()}: gap in {r.gaps} of {r.applicable} calls this period "
        f"(standard: at most {standards.focus_gap_rate:.0%})."
        for r in gaps
    ]
    evidence = [evidence_of[b] for b in dict.fromkeys((*focus.behaviours, *(r.behaviour for r in gaps)))]
    if pipeline is not None:
        not_doing_well += [c.concern + "." for c in concerns if c.source == FROM_DATA and "stale" in c.concern]
        evidence += [
            f"{c.advanced} of {c.entered} of your opportunities advanced beyond {label(c.stage)} "
            f"(team: {c.team_advanced} of {c.team_entered})."
            for c in pipeline.conversions
            if c.entered
        ]
    plan = [
        f"{p.heading} ({p.status}{f'; {p.history}' if p.history else ''}):"
        f" practise “{p.alternative_behaviour}”, apply on {p.apply_on}, follow-up {day(p.follow_up_date) or 'not set'}."
        f" {p.progress.statement}"
        for p in plans
    ]
    consequence = [
        f"{row['concern']}: expected: {row['expectation'] or 'not set'} At the follow-up "
        f"({day(row['follow_up_on']) or 'no date'}): {row['follow_up_review'] or 'not set'}. "
        f"Outcome so far: {label(_outcome(row))}."
        for row in recorded_rows
    ]
    if not consequence:
        consequence = [
            "No performance conversation recorded yet: nothing has been agreed on what happens if the gap stays."
        ]
    return PerformanceAnswers(
        doing_well=tuple(doing_well) or ("Nothing judged yet: no behaviour has enough calls this period.",),
        not_doing_well=tuple(not_doing_well) or ("No behaviour above the standard this period.",),
        evidence=tuple(evidence) or ("No call evidence yet.",),
        plan=tuple(plan) or ("No coaching plan yet.",),
        consequence=tuple(consequence),
    )


# -- the tracker ----------------------------------------------------------------------------------


def build_tracker(
    store: Store, rep_id: str, standards: CoachingSettings, period: Period | None = None, for_rep: bool = False
) -> Tracker:
    """Everything one rep's report shows, for `period` (default: the report period up to the latest call).

    `for_rep`: the copy the rep reads, without the concerns the manager is still preparing (a
    recorded concern reaches the rep once the conversation about it has been held). An unknown
    rep is NotFound."""
    rep = report_sql.rep(store, rep_id)
    period = period or period_for(store, standards)
    focus = rep_focus(store, rep_id, standards, as_of=period.end)
    rates = team_rates(store, [rep_id], period, standards)[rep_id]
    plans, plan_of_observation = _plans(store, rep_id, period, standards)
    pipeline = _pipeline(store, rep_id, period, standards)
    recorded_rows = report_sql.concerns_to_report(store, rep_id, period.start)
    if for_rep:
        recorded_rows = [row for row in recorded_rows if row["conversation_held_on"]]
    # Every evidence sentence the report shows, read at once: the focus's and those of the
    # behaviours above the standard (the concerns and the answers name them).
    shown = [*focus.behaviours, *(r.behaviour for r in rates if _above_standard(r, standards))]
    evidence = _evidence_sentences(store, rep_id, list(dict.fromkeys(shown)), period, standards)
    concerns = _recorded_concerns(recorded_rows, plans) + _data_concerns(
        standards, rates=rates, recorded_rows=recorded_rows, plans=plans, pipeline=pipeline, evidence=evidence
    )
    decided = report_sql.decided_observations(store, rep_id, period.start, period.end, list(plan_of_observation))
    return Tracker(
        rep_id=rep_id,
        rep_name=rep["rep_name"],
        manager_id=rep["manager_id"],
        period=period,
        focus=focus,
        focus_rates=focus_rates(focus, rates),
        focus_evidence=tuple(evidence[b] for b in focus.behaviours),
        observations=_observations(store, rep_id, period, focus, plan_of_observation, decided),
        concerns=tuple(concerns),
        rates=rates,
        progress=_progress(rates, focus, standards),
        plans=plans,
        answers=_answers(
            standards,
            rates=rates,
            focus=focus,
            plans=plans,
            concerns=concerns,
            recorded_rows=recorded_rows,
            pipeline=pipeline,
            strengths=_strengths(decided, period),
            evidence_of=evidence,
        ),
        pipeline=pipeline,
        trend=_trend(store, rep_id, focus.behaviours, period),
        standards=standards_shown(standards),
        calls_in_period=report_sql.call_count(store, rep_id, period.start, period.end),
        generated_at=datetime.now().replace(microsecond=0),
    )


def focus_rates(focus: Focus, rates: tuple[BehaviourRates, ...]) -> tuple[BehaviourRates, ...]:
    """The focus behaviours' numbers in the period, in the focus's order."""
    return tuple(r for b in focus.behaviours for r in rates if r.behaviour == b)
