"""The web app's server-side sessions (migration 011): one row per session, found by the sha256 of
the random id its cookie carries. Times are naive UTC datetimes, given by the caller.

A session is ended by deleting its row: logout, a password change (`accounts`), or a revocation
from `coachloop users sessions --revoke`. An expired row is never returned, and goes when the
next session is created.
"""

from __future__ import annotations

import json
from datetime import datetime

import duckdb

from pipeline.errors import Invalid
from pipeline.store.database import Store, one

HANDLE_LENGTH = 12  # how much of the id's sha256 names a session in listings and `--revoke`


def load(store: Store, id_sha256: str, now: datetime) -> dict | None:
    """The live session (user_id, data, last_seen_at, expires_at), or None if unknown, ended or expired."""
    found = store.rows(
        "SELECT user_id, data, last_seen_at, expires_at FROM web_sessions WHERE id_sha256 = ? AND expires_at > ?",
        [id_sha256, now],
        live=True,  # the analysts' snapshot has no sessions
    )
    if not found:
        return None
    return {**found[0], "data": json.loads(found[0]["data"])}


def create(
    store: Store,
    id_sha256: str,
    user_id: str | None,
    data: dict,
    now: datetime,
    expires_at: datetime,
    client_address: str | None = None,
    user_agent: str | None = None,
) -> None:
    """A new session; expired sessions are removed on the way."""
    with store.transaction() as con:
        con.execute("DELETE FROM web_sessions WHERE expires_at <= ?", [now])
        con.execute(
            "INSERT INTO web_sessions (id_sha256, user_id, data, created_at, last_seen_at, expires_at,"
            " client_address, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [id_sha256, user_id, json.dumps(data), now, now, expires_at, client_address, (user_agent or "")[:200]],
        )


def save(store: Store, id_sha256: str, data: dict, now: datetime, expires_at: datetime) -> None:
    """New data for a live session (a flash message, a CSRF token), and its lifetime renewed."""
    with store.transaction() as con:
        con.execute(
            "UPDATE web_sessions SET data = ?, last_seen_at = ?, expires_at = ? WHERE id_sha256 = ?",
            [json.dumps(data), now, expires_at, id_sha256],
        )


def touch(store: Store, id_sha256: str, now: datetime, expires_at: datetime) -> None:
    """The session was used: its lifetime starts again."""
    with store.transaction() as con:
        con.execute(
            "UPDATE web_sessions SET last_seen_at = ?, expires_at = ? WHERE id_sha256 = ?", [now, expires_at, id_sha256]
        )


def end(store: Store, id_sha256: str) -> None:
    with store.transaction() as con:
        con.execute("DELETE FROM web_sessions WHERE id_sha256 = ?", [id_sha256])


def end_all_of(con: duckdb.DuckDBPyConnection, user_id: str) -> None:
    """Every session of `user_id`, inside the caller's transaction (a password change)."""
    con.execute("DELETE FROM web_sessions WHERE user_id = ?", [user_id])


def of_user(store: Store, user_id: str, now: datetime) -> list[dict]:
    """The user's live sessions, newest first, each named by a short `handle`."""
    return store.rows(
        f"SELECT left(id_sha256, {HANDLE_LENGTH}) AS handle, created_at, last_seen_at, expires_at,"
        " client_address, user_agent FROM web_sessions WHERE user_id = ? AND expires_at > ?"
        " ORDER BY last_seen_at DESC",
        [user_id, now],
    )


def revoke(store: Store, user_id: str, handle: str | None = None) -> int:
    """End one session of the user (by its handle) or, without a handle, all of them. Returns how many."""
    with store.transaction() as con:
        if one(con, "SELECT 1 AS known FROM users WHERE user_id = ?", [user_id]) is None:
            raise Invalid(f"no account {user_id}", "user_id")
        if handle is None:
            return len(con.execute("DELETE FROM web_sessions WHERE user_id = ? RETURNING 1", [user_id]).fetchall())
        handle = handle.lower()
        if len(handle) < 6 or not all(c in "0123456789abcdef" for c in handle):
            raise Invalid(f"{handle!r} is not a session handle (as `coachloop users sessions` lists them)", "session")
        matching = "FROM web_sessions WHERE user_id = ? AND starts_with(id_sha256, ?)"
        found = one(con, f"SELECT count(*) AS n {matching}", [user_id, handle])["n"]
        if found != 1:
            raise Invalid(f"{user_id} has {'no' if found == 0 else 'more than one'} session {handle}", "session")
        con.execute(f"DELETE {matching}", [user_id, handle])
        return 1
