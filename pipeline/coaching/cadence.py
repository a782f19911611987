"""Review cadence: how many calls a manager reviewed for each rep, per ISO week, against the standard.

The reference asks for two to four reviewed calls per rep per week (`coaching.reviews_per_week_min`
and `reviews_per_week_max`). What counts is one definition, the view `call_reviews` (views.sql):
a call counts as reviewed once, in the ISO week (Monday to Sunday) of the first decision the
manager recorded on any of its moments (confirmed, strength or dismissed) that no undo later
cancelled: a decision taken back was not a review. Weeks with no review are reported as zero, so a
gap in the habit shows.

"This week" is the ISO week of today on the server's clock, the clock decisions are stamped with;
every page and report that shows reviews (the Coaching page, a rep's coaching page, the team
roll-up in the app, in files and in mail) reads it from `team_cadence`, whatever period a report
covers, so they never disagree. A rep is flagged when the last complete week of the window is
below the minimum; the current week is shown as "so far" and never flagged, as it is not over yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pipeline.coaching.wording import day
from pipeline.config import CoachingSettings
from pipeline.store import Store, reviews
from pipeline.store.reps import team_members


@dataclass(frozen=True)
class WeekCount:
    week_start: date  # the Monday
    label: str  # ISO week, "2026-W47"
    reviewed: int
    complete: bool  # False for the week that contains `as_of`
    below: bool  # a complete week under the minimum

    @property
    def in_words(self) -> str:
        """The week as people read it: "week of 23 Nov 2026" (weeks run Monday to Sunday)."""
        return f"week of {day(self.week_start)}"


@dataclass(frozen=True)
class RepCadence:
    rep_id: str
    rep_name: str
    weeks: tuple[WeekCount, ...]
    last_week: int  # reviewed in the last complete week
    this_week: int  # reviewed so far in the current week
    average: float  # over the complete weeks of the window
    below_standard: bool  # the last complete week is under the minimum
    weeks_below: int  # complete weeks of the window under the minimum

    @property
    def in_words(self) -> str:
        """ "2 in the week of 23 Nov 2026 / 3 this week so far": the last complete week and the current one."""
        last, current = self.weeks[-2], self.weeks[-1]
        return f"{last.reviewed} in the {last.in_words} / {current.reviewed} this week so far"


@dataclass(frozen=True)
class TeamCadence:
    manager_id: str
    as_of: date
    minimum: int
    maximum: int
    reps: tuple[RepCadence, ...]

    @property
    def flagged(self) -> tuple[RepCadence, ...]:
        return tuple(rep for rep in self.reps if rep.below_standard)

    def standard(self) -> str:
        return f"{self.minimum} to {self.maximum} reviewed calls per rep per week"


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def iso_week_label(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def reviewed_calls(store: Store, manager_id: str, since: date, until: date) -> list[dict]:
    """Every call the manager reviewed between the two dates (inclusive): rep, call, when first decided."""
    return reviews.first_reviews(store, manager_id, since, until)


def team_cadence(
    store: Store, manager_id: str, standards: CoachingSettings, as_of: date | None = None, weeks: int | None = None
) -> TeamCadence:
    """Reviewed calls per rep of the manager's team for the last `weeks` complete weeks and the current
    one, the week of `as_of` (default: today, as every page and report shows it)."""
    as_of = as_of or date.today()
    weeks = standards.cadence_weeks if weeks is None else weeks
    if weeks < 1:
        raise ValueError(f"a cadence window is at least one week, not {weeks}")
    current = monday(as_of)
    starts = [current - timedelta(weeks=back) for back in range(weeks, -1, -1)]
    team = team_members(store, manager_id)
    counts: dict[tuple[str, date], int] = {}
    for row in reviewed_calls(store, manager_id, starts[0], as_of):
        key = (row["rep_id"], row["review_week"])
        counts[key] = counts.get(key, 0) + 1
    reps = []
    for member in team:
        rows = []
        for start in starts:
            reviewed = counts.get((member["rep_id"], start), 0)
            complete = start < current
            below = complete and reviewed < standards.reviews_per_week_min
            rows.append(WeekCount(start, iso_week_label(start), reviewed, complete, below))
        complete_rows = [row for row in rows if row.complete]
        last = complete_rows[-1]
        reps.append(
            RepCadence(
                rep_id=member["rep_id"],
                rep_name=member["rep_name"],
                weeks=tuple(rows),
                last_week=last.reviewed,
                this_week=rows[-1].reviewed,
                average=round(sum(row.reviewed for row in complete_rows) / len(complete_rows), 2),
                below_standard=last.below,
                weeks_below=sum(row.below for row in complete_rows),
            )
        )
    return TeamCadence(manager_id, as_of, standards.reviews_per_week_min, standards.reviews_per_week_max, tuple(reps))
