"""Each rep's gap rate week by week, where the manager decides (the queue and the coaching page).

A week's rate is the rep's gap findings over the findings that applied, every behaviour together
(the `behaviour_trends` view summed per week). Weeks are anchored on the latest call loaded, like
the analyst views, and a week with no call where anything applied is kept as a hole (rate None),
so the line is true to time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pipeline.coaching.cadence import iso_week_label, monday
from pipeline.coaching.wording import day
from pipeline.store import Store
from pipeline.store.reps import team_members
from pipeline.store.trends import latest_call_date, team_weekly_gap_rates

TREND_WEEKS = 8


@dataclass(frozen=True)
class WeekRate:
    week_start: date  # the Monday
    label: str  # ISO week, "2026-W47": for scripts and the JSON, never for people to read
    gap_calls: int
    applicable_calls: int
    gap_rate: float | None  # None: nothing applied that week

    @property
    def in_words(self) -> str:
        """The week as people read it: "week of 16 Nov 2026" (weeks run Monday to Sunday)."""
        return f"week of {day(self.week_start)}"

    @property
    def rate_in_words(self) -> str:
        """ "33%", or "no calls" for a week where nothing applied."""
        return "no calls" if self.gap_rate is None else f"{self.gap_rate:.0%}"


@dataclass(frozen=True)
class RepTrend:
    rep_id: str
    weeks: tuple[WeekRate, ...]

    @property
    def latest(self) -> WeekRate | None:
        """The most recent week with a rate."""
        return next((week for week in reversed(self.weeks) if week.gap_rate is not None), None)

    def summary(self) -> str:
        """The trend in words, for a screen reader and a hover:
        "week of 2 Nov 2026: 50% · week of 9 Nov 2026: no calls · week of 16 Nov 2026: 33%"."""
        return " · ".join(f"{week.in_words}: {week.rate_in_words}" for week in self.weeks)


def team_trends(
    store: Store, manager_id: str, weeks: int = TREND_WEEKS, latest: date | None = None
) -> dict[str, RepTrend]:
    """rep_id -> the rep's weekly gap rates for the last `weeks` weeks up to the latest call loaded
    (`latest`, the day of that call where the caller has read it already)."""
    latest = latest or latest_call_date(store)
    members = [member["rep_id"] for member in team_members(store, manager_id)]
    if latest is None:
        return {rep_id: RepTrend(rep_id, ()) for rep_id in members}
    last_week = monday(latest)
    starts = [last_week - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
    found = {
        (row["rep_id"], row["week"]): row for row in team_weekly_gap_rates(store, manager_id, starts[0], last_week)
    }

    def week_of(rep_id: str, start: date) -> WeekRate:
        row = found.get((rep_id, start))
        if row is None:
            return WeekRate(start, iso_week_label(start), 0, 0, None)
        return WeekRate(start, iso_week_label(start), row["gap_calls"], row["applicable_calls"], row["gap_rate"])

    return {rep_id: RepTrend(rep_id, tuple(week_of(rep_id, start) for start in starts)) for rep_id in members}
