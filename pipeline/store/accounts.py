"""Accounts of the web app (managers and reps), team membership, and the app's own secrets.

A rep has one manager (`reps.manager_id`); a rep's own read-only login has user_id = rep_id.
"""

from __future__ import annotations

from collections.abc import Callable
from email.errors import HeaderParseError
from email.headerregistry import Address

import duckdb

from pipeline.errors import Invalid, NotFound
from pipeline.store.database import Store, one
from pipeline.store.web_sessions import end_all_of


def user(store: Store, user_id: str) -> dict | None:
    """The account `user_id` (role, display name, password hash), or None."""
    found = store.rows("SELECT * FROM users WHERE user_id = ?", [user_id], live=True)  # the snapshot has no hashes
    return found[0] if found else None


def display_names(store: Store) -> dict[str, str]:
    """Who is who, for pages that name people: every account's and every rep's id -> name.

    A rep's roster name wins over the display name of the rep's login; ids without a name are left out."""
    found = store.rows(
        "SELECT user_id AS id, display_name AS name, 1 AS rank FROM users WHERE coalesce(display_name, '') <> ''"
        " UNION ALL SELECT rep_id, rep_name, 0 FROM reps WHERE coalesce(rep_name, '') <> ''"
        " ORDER BY rank DESC"
    )
    return {row["id"]: row["name"] for row in found}


def _save_account(
    con: duckdb.DuckDBPyConnection, user_id: str, role: str, display_name: str, password_hash: str
) -> str:
    """Add an account of `role`, or set the name and password of the existing one (ending its sessions).

    Returns added|updated."""
    existing = one(con, "SELECT role FROM users WHERE user_id = ?", [user_id])
    if existing and existing["role"] != role:
        raise Invalid(f"{user_id} is a {existing['role']} account, not a {role}", "user_id")
    if existing:
        con.execute(
            "UPDATE users SET display_name = ?, password_hash = ? WHERE user_id = ?",
            [display_name, password_hash, user_id],
        )
        end_all_of(con, user_id)  # a new password: every browser logged in with the old one logs in again
        return "updated"
    con.execute(
        "INSERT INTO users (user_id, role, display_name, password_hash) VALUES (?, ?, ?, ?)",
        [user_id, role, display_name, password_hash],
    )
    return "added"


def save_manager(store: Store, user_id: str, display_name: str, password_hash: str) -> str:
    """Add a manager account, or set the name and password of an existing one. Returns added|updated."""
    with store.transaction() as con:
        return _save_account(con, user_id, "manager", display_name, password_hash)


def save_rep_account(store: Store, rep_id: str, display_name: str, password_hash: str) -> str:
    """Add a rep's own read-only login (user_id = rep_id), or reset it. The rep must be known. Returns added|updated."""
    with store.transaction() as con:
        if one(con, "SELECT 1 AS known FROM reps WHERE rep_id = ?", [rep_id]) is None:
            raise Invalid(f"no rep {rep_id}: load their calls or assign them to a manager first", "rep")
        return _save_account(con, rep_id, "rep", display_name, password_hash)


def assign_rep(store: Store, manager_id: str, rep_id: str, rep_name: str | None = None) -> str | None:
    """Put a rep in a manager's team (a rep has one manager). Returns the previous manager, if any."""
    with store.transaction() as con:
        manager = one(con, "SELECT role FROM users WHERE user_id = ?", [manager_id])
        if not manager or manager["role"] != "manager":
            raise Invalid(f"no manager account {manager_id}: add it first with `coachloop users add`", "manager")
        previous = one(con, "SELECT manager_id FROM reps WHERE rep_id = ?", [rep_id])
        con.execute(
            "INSERT INTO reps (rep_id, rep_name, manager_id) VALUES (?, ?, ?) ON CONFLICT (rep_id) DO UPDATE"
            " SET manager_id = excluded.manager_id, rep_name = coalesce(excluded.rep_name, reps.rep_name)",
            [rep_id, rep_name, manager_id],
        )
        return previous["manager_id"] if previous else None


def mail_address(text: str) -> str:
    """`text` as one plain address (name@domain.tld), or Invalid saying why not."""
    try:
        address = Address(addr_spec=text.strip())
    except (HeaderParseError, ValueError, IndexError) as error:
        raise Invalid(f"{text!r} is not an e-mail address: {error}", "email") from error
    if not address.username or "." not in address.domain:
        raise Invalid(f"{text!r} is not an e-mail address: it needs a name, an @ and a domain", "email")
    return address.addr_spec


def _set_account(store: Store, user_id: str, column: str, value) -> None:
    with store.transaction() as con:
        if one(con, "SELECT 1 AS known FROM users WHERE user_id = ?", [user_id]) is None:
            raise NotFound(f"no account {user_id}: add it first with `coachloop users add`")
        con.execute(f"UPDATE users SET {column} = ? WHERE user_id = ?", [value, user_id])


def set_email(store: Store, user_id: str, email: str) -> str:
    """Set the address reports and digests are mailed to. Returns the address as stored."""
    address = mail_address(email)
    _set_account(store, user_id, "email", address)
    return address


def set_mail_opt_out(store: Store, user_id: str, opted_out: bool) -> None:
    """Stop (True) or resume (False) mail to this account; the address is kept."""
    _set_account(store, user_id, "mail_opt_out", opted_out)


def accounts(store: Store) -> list[dict]:
    """Every account with its team (rep ids) and its mail settings."""
    return store.rows(
        "SELECT u.user_id, u.role, u.display_name, u.password_hash IS NOT NULL AS can_log_in,"
        " u.email, coalesce(u.mail_opt_out, false) AS mail_opt_out,"
        " list(r.rep_id ORDER BY r.rep_id) FILTER (WHERE r.rep_id IS NOT NULL) AS reps"
        " FROM users u LEFT JOIN reps r ON r.manager_id = u.user_id GROUP BY ALL ORDER BY u.user_id"
    )


def app_secret(store: Store, name: str, generate: Callable[[], str]) -> str:
    """A secret kept in the database across restarts, generated the first time it is asked for."""
    with store.transaction() as con:
        con.execute("INSERT INTO app_secrets (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING", [name, generate()])
        return one(con, "SELECT value FROM app_secrets WHERE name = ?", [name])["value"]
