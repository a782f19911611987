"""The coaching-loop tracker as files: Markdown, and a self-contained HTML page with a trend chart.

The HTML page carries everything inline (its stylesheet, the chart as a base64 PNG), so it can be
mailed or archived and still open. The trend chart is the focus behaviours' weekly gap rate,
drawn with matplotlib's Agg backend (no display needed), with the standard as a dashed line.
The same body template renders inside the triage app (pipeline/web/routes/reports.py), where the
browser draws the chart from `trend_chart_data` and the server draws none.
"""

from __future__ import annotations

import base64
import io
import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from pipeline.coaching.cycles import Cycle
from pipeline.coaching.markdown import md_text as md
from pipeline.coaching.wording import behaviour_label as label
from pipeline.coaching.wording import call_words, day, day_and_time, deal_name, focus_source, mm_ss
from pipeline.config import CoachingSettings
from pipeline.reports.period import Period
from pipeline.reports.rollup import TeamRollup, team_rollup
from pipeline.reports.tracker import Tracker, TrendPoint, build_tracker
from pipeline.store import Store
from pipeline.store.reports import record_report_run

TEMPLATES = Path(__file__).parent / "templates"
STYLESHEET = Path(__file__).parent / "static" / "report.css"
MAX_WEEK_TICKS = 10  # more weeks than this: every other week (or fewer) is named on the chart's axis


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def interval(value) -> str:
    return "–" if value is None else f"{value.low:.0%}–{value.high:.0%}"


def add_filters(environment: Environment) -> Environment:
    environment.filters.update(
        behaviour=label,
        clock=mm_ss,
        percent=percent,
        interval=interval,
        day=day,
        day_and_time=day_and_time,
        call_words=call_words,
        deal=deal_name,
        focus_source=focus_source,
    )
    return environment


environment = add_filters(Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True)))


# -- chart ----------------------------------------------------------------------------------------


def trend_chart_png(tracker: Tracker, standard: float) -> bytes | None:
    """The focus behaviours' weekly gap rate as a PNG; None when there is nothing to draw."""
    if not tracker.trend:
        return None
    return _chart_png(tracker.trend, standard, tracker.period.start)


@lru_cache(maxsize=512)
def _chart_png(trend: tuple[TrendPoint, ...], standard: float, period_start: date) -> bytes:
    """Drawn once per distinct chart (about 100 ms of CPU): a report file and the weekly mail that
    carries it show the same PNG."""
    figure = _figure_class()(figsize=(7.5, 3.0), dpi=110)
    axes = figure.add_subplot()
    for behaviour in dict.fromkeys(point.behaviour for point in trend):
        points = [p for p in trend if p.behaviour == behaviour]
        weeks = [p.week for p in points]
        rates = [100 * p.gaps / p.applicable for p in points]
        line = axes.plot(weeks, rates, marker="o", label=label(behaviour))[0]
        for week, rate, point in zip(weeks, rates, points, strict=True):
            axes.annotate(
                f"{point.gaps}/{point.applicable}",
                (week, rate),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                fontsize=7,
                color=line.get_color(),
            )
    axes.axhline(100 * standard, linestyle="--", color="#888888", linewidth=1, label=f"standard ({standard:.0%})")
    axes.axvline(period_start, linestyle=":", color="#bbbbbb", linewidth=1)
    axes.set_ylim(-5, 115)
    axes.set_ylabel("gap rate (%)")
    name_weeks(axes, sorted({point.week for point in trend}))
    axes.tick_params(labelsize=8)
    figure.autofmt_xdate()
    # Above the plot, where it never hides a point; the labels on the points are gaps / applicable calls.
    axes.legend(fontsize=7, loc="lower left", bbox_to_anchor=(0, 1.01), ncol=3, frameon=False)
    # Fixed margins that fit the legend's two rows and the slanted week names: `tight_layout`
    # drew the chart twice to measure them (half of the chart's CPU, the most of a report page).
    figure.subplots_adjust(left=0.08, right=0.98, bottom=0.24, top=0.80)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _figure_class():
    """matplotlib's Figure on the Agg backend (no display), imported when a chart is first drawn.
    A Figure without pyplot: no global state, thread-safe."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    return Figure


def name_weeks(axes, weeks: list[date]) -> None:
    """The x axis names each week by its Monday, as every date is written ("9 Nov 2026"), never as
    an ISO week; past `MAX_WEEK_TICKS` weeks only every second (third, ...) week is named."""
    from matplotlib.dates import num2date
    from matplotlib.ticker import FuncFormatter

    axes.set_xticks(weeks[:: max(1, math.ceil(len(weeks) / MAX_WEEK_TICKS))])
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: day(num2date(value).date())))
    axes.set_xlabel("week of", fontsize=8)


def trend_chart_data(tracker: Tracker, standard: float) -> dict | None:
    """The same trend as numbers for the app's report page, which draws it in the browser
    (static/trend.js): a week a behaviour did not apply on any call is a null, a break in its line.
    None when there is nothing to draw."""
    if not tracker.trend:
        return None
    weeks = sorted({point.week for point in tracker.trend})
    by_week = {(point.behaviour, point.week): point for point in tracker.trend}
    series = []
    for behaviour in dict.fromkeys(point.behaviour for point in tracker.trend):
        points = [by_week.get((behaviour, week)) for week in weeks]
        series.append(
            {
                "label": label(behaviour),
                "rates": [None if p is None else round(100 * p.gaps / p.applicable, 1) for p in points],
                "counts": [None if p is None else f"{p.gaps}/{p.applicable}" for p in points],
            }
        )
    # the first week that ends on or after the period's first day: where the period starts
    starts_at = next((i for i, week in enumerate(weeks) if week + timedelta(days=6) >= tracker.period.start), None)
    return {
        "weeks": [day(week) for week in weeks],
        "series": series,
        "standard": round(100 * standard, 1),
        "period_starts_at": starts_at,
    }


def chart_data_uri(tracker: Tracker, standard: float) -> str | None:
    png = trend_chart_png(tracker, standard)
    return None if png is None else "data:image/png;base64," + base64.b64encode(png).decode("ascii")


# -- Markdown -------------------------------------------------------------------------------------


def _cell(value) -> str:
    """One table cell: every value is text to show, never markup (quotes and diagnoses are typed or said);
    dates as people read them."""
    if isinstance(value, date | datetime):
        value = day(value)
    return md(value) or "–"


def _table(headers: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    if not rows:
        lines.append("| " + " | ".join(["–"] * len(headers)) + " |")
    return "\n".join(lines)


def _observed(quote: str, start: float | None, behaviour: str) -> str:
    said = f"“{quote}” ({mm_ss(start)})" if quote else "(nothing said: the behaviour was missing)"
    return f"{label(behaviour)}: {said}"


def render_markdown(tracker: Tracker) -> str:
    t = tracker
    focus = ", ".join(label(b) for b in t.focus.behaviours) or "none yet"
    source = focus_source(t.focus.source)
    out = [
        f"# Coaching loop tracker: {md(t.rep_name)}",
        "",
        f"**Rep:** {md(t.rep_name)}  ",
        f"**Coaching period:** {md(t.period.in_words)} ({t.calls_in_period} calls)  ",
        f"**Primary coaching focus:** {md(focus)}  ",
        f"**Why this focus:** {md(t.focus.reason)}" + (f" (source: {md(source)})" if source else ""),
        "",
    ]
    out += [f"- {md(sentence)}" for sentence in t.focus_evidence]
    out += ["", "## Call observations", ""]
    out.append(
        _table(
            ["Date", "Call type", "Behaviour observed", "Diagnosis", "Practice plan", "Applied", "Follow-up"],
            [
                [
                    o.call_date,
                    label(o.call_type),
                    _observed(o.quote, o.start, o.behaviour),
                    o.diagnosis,
                    o.practice_plan,
                    o.applied,
                    o.follow_up,
                ]
                for o in t.observations
            ],
        )
    )
    out += ["", "## Performance concerns", ""]
    out.append(
        _table(
            ["Concern", "Evidence", "Standard", "Conversation date", "Coaching plan", "Follow-up date", "Outcome"],
            [
                [
                    c.concern + (f" ({c.source})" if c.source != "recorded" else ""),
                    c.evidence,
                    c.standard,
                    c.conversation_date,
                    c.coaching_plan,
                    c.follow_up_date,
                    c.outcome,
                ]
                for c in t.concerns
            ],
        )
    )
    p = t.progress
    out += [
        "",
        "## Progress summary",
        "",
        f"- **What improved:** {md(', '.join(label(b) for b in p.improved) or 'nothing measurably yet')}",
        f"- **Still a gap:** {md(', '.join(label(b) for b in p.still_gaps) or 'no behaviour above the standard')}",
        f"- **Next focus:** {md(', '.join(label(b) for b in p.next_focus) or 'none')} ({md(p.next_focus_reason)})",
        "",
        "### Gap rates: this period against the previous one",
        "",
        _table(
            ["Behaviour", "This period", "95% CI", "Previous period", "95% CI", "Change"],
            [
                [
                    label(r.behaviour),
                    f"{r.gaps} of {r.applicable}",
                    interval(r.comparison.after_interval),
                    f"{r.previous_gaps} of {r.previous_applicable}",
                    interval(r.comparison.before_interval),
                    r.comparison.judgement.replace("_", " "),
                ]
                for r in t.rates
            ],
        ),
        "",
        f"Method: {md(t.rates[0].comparison.method if t.rates else 'Wilson score interval (95%), Fisher exact test')};"
        " a change is called only with enough calls on both sides.",
        "",
        "## Coaching plans and inspections",
        "",
    ]
    if not t.plans:
        out.append("No coaching plan in this period.")
    for plan in t.plans:
        out.append(
            f"- **{md(plan.heading)}** ({md(plan.status)});"
            f" practise “{md(plan.alternative_behaviour)}”; apply on {md(plan.apply_on)};"
            f" follow-up {md(day(plan.follow_up_date) or 'not set')}."
        )
        if plan.history:
            out.append(f"  - {md(plan.history[0].upper() + plan.history[1:])}.")
        for cycle in plan.cycles:
            out += _cycle_lines(cycle, several=len(plan.cycles) > 1)
        out.append(f"  - Before/after: {md(plan.progress.statement)}")
    a = t.answers
    out += ["", "## The performance questions", ""]
    for title, sentences in (
        ("What is the rep doing well?", a.doing_well),
        ("What is the rep not doing well?", a.not_doing_well),
        ("What is the evidence?", a.evidence),
        ("What is the plan?", a.plan),
        ("What is the consequence if it does not change?", a.consequence),
    ):
        out += [f"**{title}**", ""] + [f"- {md(s)}" for s in sentences] + [""]
    if t.pipeline is not None:
        out += ["## Pipeline (CRM)", ""]
        out.append(
            _table(
                ["Stage", "Advanced (rep)", "Rate", "Team", "Team rate"],
                [
                    [
                        f"{label(c.stage)} → {label(c.next_stage)} or later",
                        f"{c.advanced} of {c.entered}",
                        percent(c.rate),
                        f"{c.team_advanced} of {c.team_entered}",
                        percent(c.team_rate),
                    ]
                    for c in t.pipeline.conversions
                ],
            )
        )
        out += ["", "Opportunities beyond the stage standard:", ""]
        out.append(
            _table(
                ["Opportunity", "Stage", "Entered", "Days in stage", "Amount"],
                [
                    [
                        md(s.name),
                        label(s.stage),
                        day(s.entered_at),
                        s.days_in_stage,
                        f"{s.amount:,.0f}" if s.amount is not None else "",
                    ]
                    for s in t.pipeline.stale
                ],
            )
        )
        out.append("")
    out += ["## Standards", ""] + [f"- {md(s.name)}: {md(s.value)}" for s in t.standards]
    out += [
        "",
        f"_Generated {day_and_time(t.generated_at)} by coachloop from the call findings and manager decisions._",
        "",
    ]
    return "\n".join(out)


def _cycle_lines(cycle: Cycle, several: bool) -> list[str]:
    """One cycle of a plan: (when there are several) what it practised, then the calls the pipeline
    inspected for it and the cycle's inspection."""
    indent = "    " if several else "  "
    lines = []
    if several:
        lines.append(
            f"  - Cycle {cycle.cycle}: practise “{md(cycle.alternative_behaviour)}”; apply on {md(cycle.apply_on)};"
            f" follow-up {md(day(cycle.follow_up_date) or 'not set')}."
        )
    for inspection in cycle.calls:
        applied = {True: "applied", False: "not applied", None: "no chance to apply it"}[inspection["applied"]]
        quote = f": “{md(inspection['quote'])}” ({mm_ss(inspection['start'])})" if inspection["quote"] else ""
        lines.append(
            f"{indent}- On {md(call_words(inspection, inspection['call_id']))}, the detector finds: {applied}{quote}"
        )
    note = cycle.inspection_note if cycle.inspected and cycle.inspector != "the pipeline" else None
    lines.append(f"{indent}- {md(cycle.inspection)}" + (f" “{md(note)}”" if note else ""))
    return lines


def _reviews_cell(reviews) -> str:
    """Review cadence of a roll-up row (pipeline/coaching/cadence.py): last complete week / current week so far."""
    if reviews is None:
        return "–"
    return reviews.in_words + (" (below standard)" if reviews.below_standard else "")


def render_team_markdown(rollup: TeamRollup) -> str:
    manager = rollup.manager_name or rollup.manager_id
    out = [f"# Team roll-up: {md(manager)}", "", f"**Coaching period:** {md(rollup.period.in_words)}", ""]
    out.append(
        _table(
            [
                "Rep",
                "Calls",
                "Focus",
                "Why",
                "Focus gap rate",
                "Open plans",
                "Inspected: changed / not yet",
                "Concerns",
                "Reviewed calls: last week / this week",
            ],
            [
                [
                    r.rep_name,
                    r.calls_in_period,
                    ", ".join(label(b) for b in r.focus.behaviours) or "none",
                    r.focus.reason,
                    "; ".join(f"{label(x.behaviour)} {x.gaps} of {x.applicable}" for x in r.focus_rates),
                    r.open_plans,
                    f"{r.inspected_changed} / {r.inspected_not_yet}",
                    r.concerns,
                    _reviews_cell(r.reviews),
                ]
                for r in rollup.rows
            ],
        )
    )
    out += ["", f"_Generated {day_and_time(rollup.generated_at)} by coachloop._", ""]
    return "\n".join(out)


# -- HTML -----------------------------------------------------------------------------------------


def stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def render_html(tracker: Tracker, standards: CoachingSettings) -> str:
    """A self-contained page: inline stylesheet, the chart as a data URI."""
    return environment.get_template("report.html").render(
        t=tracker, chart=chart_data_uri(tracker, standards.focus_gap_rate), stylesheet=stylesheet()
    )


def render_team_html(rollup: TeamRollup) -> str:
    return environment.get_template("team.html").render(r=rollup, stylesheet=stylesheet())


# -- files ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFiles:
    html: Path
    markdown: Path


def _record(store: Store, kind: str, subject: str, period: Period, focus, files: ReportFiles, written_by: str):
    record_report_run(
        store,
        kind=kind,
        subject_id=subject,
        start=period.start,
        end=period.end,
        focus=list(focus),
        html_path=files.html,
        markdown_path=files.markdown,
        written_by=written_by,
    )


def _write(out_dir: Path, stem: str, html: str, markdown: str) -> ReportFiles:
    out_dir.mkdir(parents=True, exist_ok=True)
    files = ReportFiles(out_dir / f"{stem}.html", out_dir / f"{stem}.md")
    files.html.write_text(html, encoding="utf-8")
    files.markdown.write_text(markdown, encoding="utf-8")
    return files


def write_rep_report(
    store: Store,
    rep_id: str,
    standards: CoachingSettings,
    period: Period | None = None,
    out_dir: Path | None = None,
    written_by: str = "cli",
) -> ReportFiles:
    """Build one rep's tracker, write it as HTML and Markdown, record the run."""
    tracker = build_tracker(store, rep_id, standards, period)
    stem = f"{rep_id}-{tracker.period.end.isoformat()}"
    files = _write(out_dir or standards.reports_dir, stem, render_html(tracker, standards), render_markdown(tracker))
    _record(store, "rep", rep_id, tracker.period, tracker.focus.behaviours, files, written_by)
    return files


def write_team_report(
    store: Store,
    manager_id: str,
    standards: CoachingSettings,
    period: Period | None = None,
    out_dir: Path | None = None,
    written_by: str = "cli",
) -> ReportFiles:
    rollup = team_rollup(store, manager_id, standards, period)
    stem = f"team-{manager_id}-{rollup.period.end.isoformat()}"
    files = _write(out_dir or standards.reports_dir, stem, render_team_html(rollup), render_team_markdown(rollup))
    focus = sorted({b for row in rollup.rows for b in row.focus.behaviours})
    _record(store, "team", manager_id, rollup.period, focus, files, written_by)
    return files
