"""A rep's coaching focus: the one or two behaviours to listen for and coach on.

The manager's choice wins (`rep_focus_events`, latest per rep; an empty choice clears it). Without
one, the focus comes from data: first the behaviours the manager confirmed as gaps in the focus
window (a diagnosis is stronger evidence than a detector), then the behaviours whose gap rate over
the window is above the standard with enough applicable calls to judge. Every focus carries the
reason in words, shown wherever the focus is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pipeline.coaching.wording import behaviour_label, day
from pipeline.config import CoachingSettings
from pipeline.store import Store
from pipeline.store import focus as focus_sql
from pipeline.store.accounts import display_names
from pipeline.store.trends import latest_call_date

MAX_FOCUS = 2


@dataclass(frozen=True)
class Focus:
    rep_id: str
    behaviours: tuple[str, ...]
    source: str  # manager | diagnoses | gap_rates | none
    reason: str


def _window(store: Store, as_of: date | None, days: int) -> tuple[date, date]:
    """The focus window: `days` days up to `as_of` (default: the latest call's day, else today)."""
    if as_of is None:
        as_of = latest_call_date(store) or date.today()
    return as_of - timedelta(days=days), as_of


def rep_focus(store: Store, rep_id: str, standards: CoachingSettings, as_of: date | None = None) -> Focus:
    """The rep's focus as of `as_of`: the manager's choice, else confirmed diagnoses, else gap rates."""
    return focus_of_reps(store, [rep_id], standards, as_of)[rep_id]


def focus_of_reps(
    store: Store, rep_ids: list[str], standards: CoachingSettings, as_of: date | None = None
) -> dict[str, Focus]:
    """rep_id -> `rep_focus` of each rep, each step asked once for all the reps still without a focus."""
    found: dict[str, Focus] = {}
    chosen = {rep_id: row for rep_id, row in focus_sql.manager_choices(store, rep_ids).items() if row["behaviours"]}
    names = display_names(store) if chosen else {}
    for rep_id, row in chosen.items():
        set_by = names.get(row["set_by"], row["set_by"])
        reason = f"{row['reason'] or 'chosen by the manager'} ({set_by})"
        found[rep_id] = Focus(rep_id, tuple(row["behaviours"][:MAX_FOCUS]), "manager", reason)

    left = [rep_id for rep_id in rep_ids if rep_id not in found]
    if not left:  # every rep has the manager's choice: no window to read
        return {rep_id: found[rep_id] for rep_id in rep_ids}
    since, until = _window(store, as_of, standards.focus_window_days)
    diagnosed = focus_sql.team_confirmed_gaps(store, left, since, until)
    for rep_id, rows in diagnosed.items():
        picked = rows[:MAX_FOCUS]
        parts = ", ".join(f"{behaviour_label(row['behaviour'])} ({row['confirmed']} confirmed)" for row in picked)
        behaviours = tuple(row["behaviour"] for row in picked)
        found[rep_id] = Focus(
            rep_id, behaviours, "diagnoses", f"gaps confirmed by the manager since {day(since)}: {parts}"
        )

    left = [rep_id for rep_id in left if rep_id not in found]
    min_calls, standard_rate = standards.min_calls_to_judge, standards.focus_gap_rate
    rated = focus_sql.team_gaps_above_standard(store, left, since, until, min_calls, standard_rate) if left else {}
    for rep_id, rows in rated.items():
        picked = rows[:MAX_FOCUS]
        parts = ", ".join(
            f"{behaviour_label(row['behaviour'])} (gap in {row['gaps']} of {row['applicable']} calls)" for row in picked
        )
        behaviours = tuple(row["behaviour"] for row in picked)
        found[rep_id] = Focus(
            rep_id, behaviours, "gap_rates", f"gap rate above {standard_rate:.0%} since {day(since)}: {parts}"
        )
    nothing = f"no confirmed gap and no behaviour above the standard since {day(since)}"
    return {rep_id: found.get(rep_id) or Focus(rep_id, (), "none", nothing) for rep_id in rep_ids}


def set_focus(store: Store, rep_id: str, behaviours: list[str], set_by: str, reason: str | None = None) -> None:
    """Record the manager's choice (an empty list clears it). Callers check the manager owns the rep."""
    if len(behaviours) > MAX_FOCUS:
        raise ValueError(f"a focus is one or two behaviours, not {len(behaviours)}")
    focus_sql.record_choice(store, rep_id, behaviours, set_by, reason)
