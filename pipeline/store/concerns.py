"""Performance concerns: raised as presented, then append-only events (`performance_concern_events`);
`performance_concern_status` (views.sql) says where each stands.

A manager reads and writes the concerns of their own team only (`team_reps(?)`): another team's
concern is NotFound. The evidence numbers come from here too, with `gap_rate(...)` from views.sql.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from pipeline.errors import Invalid, NotFound
from pipeline.store.database import Store, one

_TEAM_CONCERNS = """
    SELECT s.*, coalesce(r.rep_name, r.rep_id) AS rep_name,
           p.alternative_behaviour AS plan_alternative, p.status AS plan_status
    FROM performance_concern_status s
    JOIN team_reps(?) r ON r.rep_id = s.rep_id
    LEFT JOIN practice_plans p ON p.plan_id = s.plan_id
"""

_COLUMNS = (
    "rep_id",
    "manager_id",
    "concern",
    "behaviour",
    "evidence",
    "standard",
    "expectation",
    "plan_id",
    "conversation_date",
    "follow_up_date",
    "follow_up_review",
    "behaviour_gap",
    "evidence_calls",
)


def team_gap_rate(
    store: Store, manager_id: str, behaviour: str, since: date, until: date, rep_id: str | None = None
) -> dict:
    """gaps, applicable (calls) and gap_rate on the behaviour in the window: the team, or one rep of it."""
    rep_filter, params = ("AND d.rep_id = ?", [rep_id]) if rep_id else ("", [])
    return store.rows(
        f"""
        SELECT gaps, applicable, gap_rate(gaps, applicable) AS gap_rate
        FROM (
            SELECT coalesce(sum(d.gap_calls), 0) AS gaps, coalesce(sum(d.applicable_calls), 0) AS applicable
            FROM rep_behaviour_days d JOIN team_reps(?) r ON r.rep_id = d.rep_id
            WHERE d.behaviour = ? AND d.call_date BETWEEN ? AND ? {rep_filter}
        )
        """,
        [manager_id, behaviour, since, until, *params],
    )[0]


def plans_to_link(store: Store, rep_id: str, behaviour: str) -> list[dict]:
    """The rep's practice plans a concern may point at: the behaviour's first, open before inspected."""
    return store.rows(
        "SELECT plan_id, behaviour, alternative_behaviour, status, follow_up_date FROM practice_plans"
        " WHERE rep_id = ? ORDER BY behaviour = ? DESC, status = 'inspected', plan_id DESC",
        [rep_id, behaviour],
    )


def insert_concern(store: Store, values: dict) -> int:
    """Record a concern as presented (`values` holds every column of `_COLUMNS`); returns its concern_id.

    Invalid when the linked plan or a cited call is not the rep's: checked in the same transaction.
    """
    with store.transaction() as con:
        rep_id, plan_id, cited = values["rep_id"], values["plan_id"], values["evidence_calls"]
        if plan_id is not None and not one(
            con, "SELECT 1 FROM practice_plans WHERE plan_id = ? AND rep_id = ?", [plan_id, rep_id]
        ):
            raise Invalid(f"plan {plan_id} is not one of this rep's practice plans", "plan_id")
        if cited:
            own = one(
                con,
                "SELECT count(*) AS n FROM calls WHERE rep_id = ? AND list_contains(?::VARCHAR[], call_id)",
                [rep_id, cited],
            )["n"]
            if own != len(cited):
                raise Invalid("The evidence cites a call that is not one of this rep's calls.", "evidence_calls")
        placeholders = ", ".join("?" for _ in _COLUMNS)
        return one(
            con,
            f"INSERT INTO performance_concerns ({', '.join(_COLUMNS)}) VALUES ({placeholders}) RETURNING concern_id",
            [values[column] for column in _COLUMNS],
        )["concern_id"]


def team_concerns(store: Store, manager_id: str, rep_id: str | None = None) -> list[dict]:
    """The team's concerns (or one rep's), open ones first, by follow-up date."""
    sql, params = _TEAM_CONCERNS, [manager_id]
    if rep_id:
        sql += " WHERE s.rep_id = ?"
        params.append(rep_id)
    return store.rows(sql + " ORDER BY s.closed, s.follow_up_on NULLS LAST, s.concern_id", params)


def team_concern(store: Store, manager_id: str, concern_id: int) -> dict:
    """One concern of the team with its events, oldest first; NotFound otherwise."""
    found = store.rows(_TEAM_CONCERNS + " WHERE s.concern_id = ?", [manager_id, concern_id])
    if not found:
        raise NotFound(f"no concern {concern_id}")
    concern = found[0]
    concern["events"] = store.rows(
        "SELECT * FROM performance_concern_events WHERE concern_id = ? ORDER BY event_id", [concern_id]
    )
    return concern


def append_event(store: Store, manager_id: str, concern_id: int, event: dict, check: Callable[[dict], None]) -> int:
    """Append an event (kind, happened_on, outcome, note) to a concern of the team; returns its event_id.

    `check` gets where the concern stands (conversation_held_on, closed) inside the transaction and
    raises when the event does not fit it, so nothing changes between the check and the write.
    """
    with store.transaction() as con:
        standing = one(
            con,
            "SELECT s.conversation_held_on, s.closed FROM performance_concern_status s"
            " JOIN team_reps(?) r ON r.rep_id = s.rep_id WHERE s.concern_id = ?",
            [manager_id, concern_id],
        )
        if standing is None:
            raise NotFound(f"no concern {concern_id}")
        check(standing)
        return one(
            con,
            "INSERT INTO performance_concern_events (concern_id, kind, happened_on, outcome, note, recorded_by)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING event_id",
            [concern_id, event["kind"], event["happened_on"], event["outcome"], event["note"], manager_id],
        )["event_id"]


def open_concerns_of_rep(store: Store, rep_id: str) -> list[dict]:
    """The rep's concerns not closed yet, by follow-up date, with when the conversation was held (or None)."""
    return store.rows(
        "SELECT concern_id, concern, expectation, conversation_held_on, follow_up_on, follow_up_review, outcome"
        " FROM performance_concern_status WHERE rep_id = ? AND NOT closed"
        " ORDER BY follow_up_on NULLS LAST, concern_id",
        [rep_id],
    )
