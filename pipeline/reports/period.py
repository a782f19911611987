"""The period a report covers: whole days, both ends included, and the period of the same length before it.

A period ends on `until`, by default the day of the latest call loaded (like focus.py and the
analyst views), so a database that is not loaded every night still reads sensibly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pipeline.coaching.wording import day
from pipeline.config import CoachingSettings
from pipeline.store import Store
from pipeline.store.trends import latest_call_date


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length that ends the day before this one starts."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def __str__(self) -> str:
        """The period as records key it (ISO dates): deliveries are told apart by it."""
        return f"{self.start.isoformat()} to {self.end.isoformat()}"

    @property
    def in_words(self) -> str:
        """The period as people read it: "17 Oct 2026 to 13 Nov 2026"."""
        return f"{day(self.start)} to {day(self.end)}"


def default_until(store: Store) -> date:
    """The day of the latest call loaded; today when nothing is loaded yet."""
    return latest_call_date(store) or date.today()


def period_for(
    store: Store,
    standards: CoachingSettings,
    since: date | None = None,
    until: date | None = None,
    days: int | None = None,
) -> Period:
    """`since` to `until`, or the `days` (default: the report period) up to `until`; ValueError when
    the period would start after it ends."""
    end = until or default_until(store)
    if since is not None:
        if since > end:
            raise ValueError(f"the period starts ({since}) after it ends ({end})")
        return Period(since, end)
    return Period(end - timedelta(days=(days or standards.report_period_days) - 1), end)
