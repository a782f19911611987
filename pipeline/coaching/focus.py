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

from pipeline.config import CoachingSettings
from pipeline.store import Store

MAX_FOCUS = 2


@dataclass(frozen=True)
class Focus:
    rep_id: str
    behaviours: tuple[str, ...]
    source: str  # manager | diagnoses | gap_rates | none
    reason: str


def _window_start(store: Store, as_of: date | None, days: int) -> tuple[date, date]:
    if as_of is None:
        latest = store.rows("SELECT CAST(max(started_at) AS DATE) AS d FROM calls")[0]["d"]
        as_of = latest or date.today()
    return as_of - timedelta(days=days), as_of


def rep_focus(store: Store, rep_id: str, standards: CoachingSettings, as_of: date | None = None) -> Focus:
    chosen = store.rows("SELECT behaviours, reason, set_by FROM manager_rep_focus WHERE rep_id = ?", [rep_id])
    if chosen and chosen[0]["behaviours"]:
        row = chosen[0]
        reason = row["reason"] or "chosen by the manager"
        return Focus(rep_id, tuple(row["behaviours"][:MAX_FOCUS]), "manager", f"{reason} ({row['set_by']})")

    since, until = _window_start(store, as_of, standards.focus_window_days)
    diagnosed = store.rows(
        """
        SELECT o.behaviour, count(*) AS confirmed
        FROM latest_observations o JOIN calls c USING (call_id)
        WHERE c.rep_id = ? AND o.decision = 'confirmed'
          AND CAST(c.started_at AS DATE) BETWEEN ? AND ?
        GROUP BY o.behaviour
        ORDER BY confirmed DESC, o.behaviour
        """,
        [rep_id, since, until],
    )
    if diagnosed:
        picked = diagnosed[:MAX_FOCUS]
        parts = ", ".join(f"{row['behaviour']} ({row['confirmed']} confirmed)" for row in picked)
        return Focus(
            rep_id,
            tuple(row["behaviour"] for row in picked),
            "diagnoses",
            f"gaps confirmed by the manager since {since.isoformat()}: {parts}",
        )

    rated = store.rows(
        """
        SELECT f.behaviour,
               count(*) FILTER (WHERE f.verdict <> 'not_applicable') AS applicable,
               count(*) FILTER (WHERE f.verdict = 'gap') AS gaps
        FROM findings f JOIN calls c USING (call_id)
        WHERE c.rep_id = ? AND CAST(c.started_at AS DATE) BETWEEN ? AND ?
        GROUP BY f.behaviour
        HAVING applicable >= ? AND gaps / applicable > ?
        ORDER BY gaps / applicable DESC, applicable DESC, f.behaviour
        """,
        [rep_id, since, until, standards.min_calls_to_judge, standards.focus_gap_rate],
    )
    if rated:
        picked = rated[:MAX_FOCUS]
        parts = ", ".join(f"{row['behaviour']} (gap in {row['gaps']} of {row['applicable']} calls)" for row in picked)
        return Focus(
            rep_id,
            tuple(row["behaviour"] for row in picked),
            "gap_rates",
            f"gap rate above {standards.focus_gap_rate:.0%} since {since.isoformat()}: {parts}",
        )
    return Focus(rep_id, (), "none", f"no confirmed gap and no behaviour above the standard since {since.isoformat()}")


def set_focus(store: Store, rep_id: str, behaviours: list[str], set_by: str, reason: str | None = None) -> None:
    """Record the manager's choice (an empty list clears it). Callers check the manager owns the rep."""
    if len(behaviours) > MAX_FOCUS:
        raise ValueError(f"a focus is one or two behaviours, not {len(behaviours)}")
    with store.transaction() as con:
        con.execute(
            "INSERT INTO rep_focus_events (rep_id, behaviours, reason, set_by) VALUES (?, ?, ?, ?)",
            [rep_id, behaviours, reason, set_by],
        )
