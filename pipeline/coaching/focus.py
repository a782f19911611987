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
    return team_focus(store, [rep_id], standards, as_of)[rep_id]


def team_focus(
    store: Store, rep_ids: list[str], standards: CoachingSettings, as_of: date | None = None
) -> dict[str, Focus]:
    """`rep_focus` of several reps, read together (a few queries for the whole team): rep_id -> Focus."""
    if not rep_ids:
        return {}
    chosen = focus_sql.manager_choices(store, rep_ids)
    names = display_names(store) if any(choice["behaviours"] for choice in chosen.values()) else {}
    since, until = _window(store, as_of, standards.focus_window_days)
    undecided = [rep_id for rep_id in rep_ids if not (chosen.get(rep_id) or {}).get("behaviours")]
    diagnosed = focus_sql.confirmed_gaps_of_reps(store, undecided, since, until) if undecided else {}
    unconfirmed = [rep_id for rep_id in undecided if rep_id not in diagnosed]
    rated = {}
    if unconfirmed:
        rated = focus_sql.gaps_above_standard_of_reps(
            store, unconfirmed, since, until, standards.min_calls_to_judge, standards.focus_gap_rate
        )
    return {
        rep_id: _focus(rep_id, chosen.get(rep_id), diagnosed.get(rep_id), rated.get(rep_id), since, standards, names)
        for rep_id in rep_ids
    }


def _focus(
    rep_id: str,
    chosen: dict | None,
    diagnosed: list[dict] | None,
    rated: list[dict] | None,
    since: date,
    standards: CoachingSettings,
    names: dict[str, str],
) -> Focus:
    """The manager's choice, else the confirmed diagnoses, else the gap rates, with the reason in words."""
    if chosen and chosen["behaviours"]:
        reason = chosen["reason"] or "chosen by the manager"
        set_by = names.get(chosen["set_by"], chosen["set_by"])
        return Focus(rep_id, tuple(chosen["behaviours"][:MAX_FOCUS]), "manager", f"{reason} ({set_by})")
    if diagnosed:
        picked = diagnosed[:MAX_FOCUS]
        parts = ", ".join(f"{behaviour_label(row['behaviour'])} ({row['confirmed']} confirmed)" for row in picked)
        return Focus(
            rep_id,
            tuple(row["behaviour"] for row in picked),
            "diagnoses",
            f"gaps confirmed by the manager since {day(since)}: {parts}",
        )
    if rated:
        picked = rated[:MAX_FOCUS]
        parts = ", ".join(
            f"{behaviour_label(row['behaviour'])} (gap in {row['gaps']} of {row['applicable']} calls)" for row in picked
        )
        return Focus(
            rep_id,
            tuple(row["behaviour"] for row in picked),
            "gap_rates",
            f"gap rate above {standards.focus_gap_rate:.0%} since {day(since)}: {parts}",
        )
    return Focus(rep_id, (), "none", f"no confirmed gap and no behaviour above the standard since {day(since)}")


def set_focus(store: Store, rep_id: str, behaviours: list[str], set_by: str, reason: str | None = None) -> None:
    """Record the manager's choice (an empty list clears it). Callers check the manager owns the rep."""
    if len(behaviours) > MAX_FOCUS:
        raise ValueError(f"a focus is one or two behaviours, not {len(behaviours)}")
    focus_sql.record_choice(store, rep_id, behaviours, set_by, reason)
