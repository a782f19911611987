"""The SQL of behaviours over time: gap counts per period and per week, the latest calls where a behaviour applied.

Windows are anchored on the latest call loaded (`latest_call_date`), like the analyst views, so
a database that is not loaded every night still reads sensibly. Counts come from the rollups every
write keeps (`rep_behaviour_days`, `rep_behaviour_weeks`: pipeline/store/rollups.py); the
listing of single findings reads the `moments` kept beside them (pipeline/store/moments.py). Rates over SQL rows use the
`gap_rate` macro of views.sql; a caller with counts in hand uses pipeline.coaching.stats.gap_rate.
"""

from __future__ import annotations

from datetime import date, datetime

from pipeline.store.database import Store, by_rep


def latest_call_date(store: Store) -> date | None:
    """The day of the latest call loaded; None when there is no call."""
    return store.rows("SELECT CAST(max(started_at) AS DATE) AS d FROM calls")[0]["d"]


def rates_in_two_periods(
    store: Store, rep_id: str, period: tuple[date, date], previous: tuple[date, date]
) -> list[dict]:
    """Per behaviour that applied in either period (inclusive day ranges): applicable, gaps,
    previous_applicable, previous_gaps; by behaviour."""
    return team_rates_in_two_periods(store, [rep_id], period, previous).get(rep_id, [])


def team_rates_in_two_periods(
    store: Store, rep_ids: list[str], period: tuple[date, date], previous: tuple[date, date]
) -> dict[str, list[dict]]:
    """rep_id -> `rates_in_two_periods` of each rep (reps with no applicable call left out), in one query."""
    found = store.rows(
        """
        SELECT rep_id, behaviour,
               coalesce(sum(applicable_calls) FILTER (WHERE call_date BETWEEN ? AND ?), 0) AS applicable,
               coalesce(sum(gap_calls) FILTER (WHERE call_date BETWEEN ? AND ?), 0) AS gaps,
               coalesce(sum(applicable_calls) FILTER (WHERE call_date BETWEEN ? AND ?), 0) AS previous_applicable,
               coalesce(sum(gap_calls) FILTER (WHERE call_date BETWEEN ? AND ?), 0) AS previous_gaps
        FROM rep_behaviour_days
        WHERE rep_id IN (SELECT unnest(?::VARCHAR[]))
        GROUP BY rep_id, behaviour
        HAVING applicable > 0 OR previous_applicable > 0
        ORDER BY rep_id, behaviour
        """,
        [*period, *period, *previous, *previous, rep_ids],
    )
    return by_rep(found)


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
    found = latest_applicable_findings_of(store, rep_id, [behaviour], last_n, call_type, deal_stage, until)
    return found.get(behaviour, [])


def latest_applicable_findings_of(
    store: Store,
    rep_id: str,
    behaviours: list[str],
    last_n: int,
    call_type: str | None = None,
    deal_stage: str | None = None,
    until: date | datetime | None = None,
) -> dict[str, list[dict]]:
    """behaviour -> `latest_applicable_findings` of each of `behaviours` (those with none left
    out), in one query."""
    conditions = ["m.rep_id = ?", "list_contains(?::VARCHAR[], m.behaviour)"]
    params: list = [rep_id, behaviours]
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
    found = store.rows(
        f"""
        SELECT m.behaviour, m.call_id, m.started_at, m.call_type, m.verdict, m.quote, m.start
        FROM moments m
        WHERE {" AND ".join(conditions)}
        QUALIFY row_number() OVER (PARTITION BY m.behaviour ORDER BY m.started_at DESC, m.call_id DESC) <= ?
        ORDER BY m.behaviour, m.started_at DESC, m.call_id DESC
        """,
        [*params, last_n],
    )
    grouped: dict[str, list[dict]] = {}
    for row in found:
        grouped.setdefault(row.pop("behaviour"), []).append(row)
    return grouped


def behaviour_totals(store: Store, rep_ids: list[str] | None = None) -> list[dict]:
    """Per rep (of `rep_ids`, default all) and behaviour over everything loaded: calls,
    applicable_calls, gap_calls."""
    return store.rows(
        """
        SELECT rep_id, behaviour, sum(calls) AS calls, sum(applicable_calls) AS applicable_calls,
               sum(gap_calls) AS gap_calls
        FROM rep_behaviour_weeks
        WHERE ? IS NULL OR list_contains(?, rep_id)
        GROUP BY ALL ORDER BY ALL
        """,
        [rep_ids, rep_ids],
    )


def last_load(store: Store) -> datetime | None:
    """When the newest call was loaded (the database's clock)."""
    return store.rows("SELECT max(loaded_at) AS at FROM calls")[0]["at"]


def reps_loaded_since(store: Store, after: datetime | None) -> list[str]:
    """The reps with a call loaded after `after` (every rep with a call when None)."""
    rows = store.rows(
        "SELECT DISTINCT rep_id FROM calls WHERE ? IS NULL OR loaded_at > ? ORDER BY rep_id", [after, after]
    )
    return [row["rep_id"] for row in rows]


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
