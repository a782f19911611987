"""The SQL of behaviours over time: gap counts per period and per week, the latest calls where a behaviour applied.

Windows are anchored on the latest call loaded (`latest_call_date`), like the analyst views, so
a database that is not loaded every night still reads sensibly. Counts come from the rollups every
write keeps (`rep_behaviour_days`, `rep_behaviour_weeks`: pipeline/store/rollups.py); the
listing of single findings reads the `moments` kept beside them (pipeline/store/moments.py). Rates over SQL rows use the
`gap_rate` macro of views.sql; a caller with counts in hand uses pipeline.coaching.stats.gap_rate.
"""

from __future__ import annotations

from datetime import date, datetime

from pipeline.store.database import Store


def latest_call_date(store: Store) -> date | None:
    """The day of the latest call loaded; None when there is no call."""
    return store.rows("SELECT CAST(max(started_at) AS DATE) AS d FROM calls")[0]["d"]


def rates_in_two_periods(
    store: Store, rep_id: str, period: tuple[date, date], previous: tuple[date, date]
) -> list[dict]:
    """Per behaviour that applied in either period (inclusive day ranges): applicable, gaps,
    previous_applicable, previous_gaps; by behaviour."""
    return store.rows(
        """
        SELECT behaviour,
               coalesce(sum(applicable_calls) FILTER (WHERE call_date BETWEEN ? AND ?), 0) AS applicable,
               coalesce(sum(gap_calls) FILTER (WHERE call_date BETWEEN ? AND ?), 0) AS gaps,
               coalesce(sum(applicable_calls) FILTER (WHERE call_date BETWEEN ? AND ?), 0) AS previous_applicable,
               coalesce(sum(gap_calls) FILTER (WHERE call_date BETWEEN ? AND ?), 0) AS previous_gaps
        FROM rep_behaviour_days
        WHERE rep_id = ?
        GROUP BY behaviour
        HAVING applicable > 0 OR previous_applicable > 0
        ORDER BY behaviour
        """,
        [*period, *period, *previous, *previous, rep_id],
    )


def weekly_gaps(store: Store, rep_id: str, behaviours: list[str], since: date, until: date) -> list[dict]:
    """Weeks (starting between `since` and `until`) where the behaviours applied: week, behaviour,
    gap_calls, applicable_calls; by week, then behaviour."""
    return store.rows(
        "SELECT week, behaviour, gap_calls, applicable_calls FROM behaviour_trends"
        " WHERE rep_id = ? AND list_contains(?, behaviour) AND week BETWEEN ? AND ? AND applicable_calls > 0"
        " ORDER BY week, behaviour",
        [rep_id, behaviours, since, until],
    )


def latest_applicable_findings(
    store: Store,
    rep_id: str,
    behaviour: str,
    last_n: int,
    call_type: str | None = None,
    deal_stage: str | None = None,
    until: date | datetime | None = None,
) -> list[dict]:
    """The rep's last `last_n` findings of `behaviour` that applied (verdict met or gap), newest
    first: call_id, started_at, call_type, verdict, quote, start. `until` is inclusive: a datetime to the
    moment, a date to the end of that day."""
    conditions = ["m.rep_id = ?", "m.behaviour = ?"]
    params: list = [rep_id, behaviour]
    if call_type:
        conditions.append("m.call_type = ?")
        params.append(call_type)
    if deal_stage:
        conditions.append("m.deal_stage = ?")
        params.append(deal_stage)
    if isinstance(until, datetime):
        conditions.append("m.started_at <= ?")
        params.append(until)
    elif until is not None:
        conditions.append("CAST(m.started_at AS DATE) <= ?")
        params.append(until)
    return store.rows(
        f"""
        SELECT m.call_id, m.started_at, m.call_type, m.verdict, m.quote, m.start
        FROM moments m
        WHERE {" AND ".join(conditions)}
        ORDER BY m.started_at DESC, m.call_id DESC
        LIMIT ?
        """,
        [*params, last_n],
    )


def behaviour_totals(store: Store) -> list[dict]:
    """Per rep and behaviour over everything loaded: calls, applicable_calls, gap_calls."""
    return store.rows(
        """
        SELECT rep_id, behaviour, sum(calls) AS calls, sum(applicable_calls) AS applicable_calls,
               sum(gap_calls) AS gap_calls
        FROM rep_behaviour_weeks
        GROUP BY ALL ORDER BY ALL
        """
    )


def team_weekly_gap_rates(store: Store, manager_id: str, since: date, until: date) -> list[dict]:
    """Each rep of the manager's team, per week starting between `since` and `until` with a call
    where some behaviour applied: rep_id, week, gap_calls, applicable_calls and gap_rate over every
    behaviour (a call counts once per behaviour that applied); by rep, then week."""
    return store.rows(
        """
        SELECT b.rep_id, b.week, sum(b.gap_calls) AS gap_calls, sum(b.applicable_calls) AS applicable_calls,
               gap_rate(sum(b.gap_calls), sum(b.applicable_calls)) AS gap_rate
        FROM behaviour_trends b JOIN team_reps(?) r ON r.rep_id = b.rep_id
        WHERE b.week BETWEEN ? AND ?
        GROUP BY b.rep_id, b.week
        HAVING sum(b.applicable_calls) > 0
        ORDER BY b.rep_id, b.week
        """,
        [manager_id, since, until],
    )
