"""What is mailed to whom: the recipients, the new moments a digest tells of, and the record of every send.

A send is one row of `deliveries` (migration 010). A weekly report is sent once per recipient and
period: a rerun finds it `sent`; a `failed` one is tried again. A digest covers the calls loaded
after the last digest sent to that manager, so a failed one is folded into the next.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pipeline.store.database import Store

# The window of a manager's first digest: the calls loaded in the day before the latest load.
FIRST_DIGEST_HOURS = 24


def recipients(store: Store) -> list[dict]:
    """Accounts mail goes to: managers, and reps with a login (their own copy), with an address and
    not opted out. Each with user_id, role, display_name, email."""
    return store.rows(
        "SELECT user_id, role, display_name, email FROM users"
        " WHERE email IS NOT NULL AND NOT coalesce(mail_opt_out, false)"
        " AND (role = 'manager' OR password_hash IS NOT NULL) ORDER BY role, user_id"
    )


def was_sent(store: Store, recipient_id: str, kind: str, period: str) -> bool:
    """Whether this recipient already has this report for this period."""
    return bool(
        store.rows(
            "SELECT 1 FROM deliveries WHERE recipient_id = ? AND kind = ? AND period = ? AND status = 'sent' LIMIT 1",
            [recipient_id, kind, period],
        )
    )


def record(
    store: Store,
    *,
    recipient: dict,
    kind: str,
    period: str,
    subject: str,
    error: str | None = None,
    loaded_until: datetime | None = None,
) -> int:
    """Record one send (`error` None: sent). Returns its delivery id."""
    rep_id = recipient["user_id"] if recipient["role"] == "rep" else None
    with store.transaction() as con:
        return con.execute(
            "INSERT INTO deliveries (recipient_id, rep_id, address, kind, period, loaded_until, subject, status, error)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING delivery_id",
            [
                recipient["user_id"],
                rep_id,
                recipient["email"],
                kind,
                period,
                loaded_until,
                subject,
                "failed" if error else "sent",
                error,
            ],
        ).fetchone()[0]


def history(store: Store, recipient_id: str | None = None) -> list[dict]:
    """Every send (of one recipient), oldest first."""
    where, params = ("WHERE recipient_id = ?", [recipient_id]) if recipient_id else ("", [])
    return store.rows(f"SELECT * FROM deliveries {where} ORDER BY delivery_id", params)


def digest_window(store: Store, manager_id: str) -> tuple[datetime | None, datetime | None]:
    """(after, until): the call loads a manager's next digest covers. `after` is where the last
    digest sent ended (the first: a day before `until`); `until` is the latest load of the team's
    calls. None, None when the team has no call."""
    row = store.rows(
        "SELECT (SELECT max(c.loaded_at) FROM calls c JOIN team_reps(?) r USING (rep_id)) AS until,"
        " (SELECT max(loaded_until) FROM deliveries"
        "  WHERE recipient_id = ? AND kind = 'digest' AND status = 'sent') AS after",
        [manager_id, manager_id],
    )[0]
    if row["until"] is None:
        return None, None
    return row["after"] or row["until"] - timedelta(hours=FIRST_DIGEST_HOURS), row["until"]


def new_moments(store: Store, manager_id: str, after: datetime, until: datetime) -> list[dict]:
    """The open moments (no decision yet) of the manager's reps in calls loaded after `after` up to
    `until`, newest call first."""
    return store.rows(
        """
        SELECT t.call_id, t.rep_id, coalesce(r.rep_name, r.rep_id) AS rep_name, t.behaviour, t.kind,
               t.started_at, t.start, t.quote, t.call_type, t.deal_id, d.account_name
        FROM triage_candidates t
        JOIN team_reps(?) r ON r.rep_id = t.rep_id
        JOIN calls c ON c.call_id = t.call_id
        LEFT JOIN deals d ON d.deal_id = t.deal_id
        LEFT JOIN latest_observations lo ON lo.call_id = t.call_id AND lo.behaviour = t.behaviour
        WHERE lo.observation_id IS NULL AND c.loaded_at > ? AND c.loaded_at <= ?
        ORDER BY t.started_at DESC NULLS LAST, t.call_id, t.start NULLS LAST, t.behaviour
        """,
        [manager_id, after, until],
    )
