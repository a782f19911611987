"""Pipeline measures from the CRM's stage history: conversion from each stage against the team's,
and opportunities that stayed in a stage longer than the standard."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from pipeline.coaching.wording import deal_name
from pipeline.config import CoachingSettings
from pipeline.store import Store, deals, roster
from pipeline.store.crm import stage_history


@dataclass(frozen=True)
class StageConversion:
    stage: str
    next_stage: str
    entered: int  # opportunities of the rep whose time in `stage` is decided (advanced, closed or stale)
    advanced: int  # ... that went on to any later stage of the funnel
    team_entered: int
    team_advanced: int

    @property
    def rate(self) -> float | None:
        return self.advanced / self.entered if self.entered else None

    @property
    def team_rate(self) -> float | None:
        return self.team_advanced / self.team_entered if self.team_entered else None


@dataclass(frozen=True)
class StaleOpportunity:
    opportunity_id: str
    stage: str
    entered_at: datetime
    days_in_stage: int
    amount: float | None
    account_name: str | None = None  # the account the opportunity is with (the deal of the same id)

    @property
    def name(self) -> str:
        """ "Maple Dental (deal d-1010)", or "deal d-1010" without an account."""
        return deal_name(self.opportunity_id, self.account_name)


def _histories(store: Store, rep_ids: list[str], as_of: date) -> dict[str, list[dict]]:
    """Each opportunity's stages in the order entered (up to `as_of`), by the opportunity's latest owner."""
    histories: dict[str, list[dict]] = {}
    for row in stage_history(store, rep_ids, as_of):
        histories.setdefault(row["opportunity_id"], []).append(row)
    return histories


def _conversion_counts(histories: dict[str, list[dict]], standards: CoachingSettings, as_of: date) -> dict:
    funnel = list(standards.crm_stages)
    stale_before = as_of - timedelta(days=standards.stage_stale_days)
    counts: dict[str, list[int]] = {stage: [0, 0] for stage in funnel[:-1]}
    for stages in histories.values():
        names = [row["stage"] for row in stages]
        for position, row in enumerate(stages):
            if row["stage"] not in counts:
                continue
            later = names[position + 1 :]
            advanced = any(s in funnel and funnel.index(s) > funnel.index(row["stage"]) for s in later)
            closed = any(s in standards.crm_closed_stages for s in later)
            stale = row["entered_at"].date() < stale_before
            if advanced or closed or stale:  # still within the standard in this stage: not decided yet
                counts[row["stage"]][0] += 1
                counts[row["stage"]][1] += int(advanced)
    return counts


def stage_conversion(store: Store, rep_id: str, standards: CoachingSettings, as_of: date) -> list[StageConversion]:
    """Conversion from each funnel stage to a later one, the rep's against the rep's team's."""
    funnel = list(standards.crm_stages)
    team_histories = _histories(store, roster.teammates(store, rep_id), as_of)
    mine = _conversion_counts(_histories(store, [rep_id], as_of), standards, as_of)
    team = _conversion_counts(team_histories, standards, as_of)
    # The next stage the team's opportunities actually use (a CRM need not use every funnel stage).
    used = {row["stage"] for stages in team_histories.values() for row in stages}
    conversions = []
    for position, stage in enumerate(funnel[:-1]):
        if not team[stage][0]:
            continue
        following = next((s for s in funnel[position + 1 :] if s in used), funnel[position + 1])
        conversions.append(StageConversion(stage, following, *mine[stage], *team[stage]))
    return conversions


def stale_opportunities(store: Store, rep_id: str, standards: CoachingSettings, as_of: date) -> list[StaleOpportunity]:
    """The rep's open opportunities that entered their current stage more than the standard ago."""
    stale = []
    for opportunity_id, stages in _histories(store, [rep_id], as_of).items():
        current = stages[-1]
        if current["stage"] in standards.crm_closed_stages:
            continue
        days = (as_of - current["entered_at"].date()).days
        if days > standards.stage_stale_days:
            stale.append(
                StaleOpportunity(opportunity_id, current["stage"], current["entered_at"], days, current["amount"])
            )
    accounts = deals.account_names(store, (item.opportunity_id for item in stale))
    named = [replace(item, account_name=accounts.get(item.opportunity_id)) for item in stale]
    return sorted(named, key=lambda item: -item.days_in_stage)
