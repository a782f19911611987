"""Who is in the team: the reps and their managers, as the batch, the CLI and the CRM import read them.

A manager's reps come from the `team_reps(?)` macro, the one access rule (views.sql).
"""

from __future__ import annotations

from pipeline.store.database import Store


def reps(store: Store) -> list[dict]:
    """Every rep (rep_id, rep_name, manager_id), by rep id."""
    return store.rows("SELECT rep_id, rep_name, manager_id FROM reps ORDER BY rep_id")


def rep_ids(store: Store) -> list[str]:
    """Every rep's id, sorted."""
    return [rep["rep_id"] for rep in reps(store)]


def manager_ids(store: Store) -> list[str]:
    """Every manager who has at least one rep, sorted."""
    rows = store.rows("SELECT DISTINCT manager_id FROM reps WHERE manager_id IS NOT NULL ORDER BY 1")
    return [row["manager_id"] for row in rows]


def has_team(store: Store, manager_id: str) -> bool:
    """Whether any rep has this manager."""
    return bool(store.rows("SELECT 1 FROM team_reps(?) LIMIT 1", [manager_id]))


def teammates(store: Store, rep_id: str) -> list[str]:
    """The reps who share this rep's manager (reps without one are a team too), this rep included."""
    rows = store.rows(
        "SELECT r.rep_id FROM reps r WHERE r.manager_id IS NOT DISTINCT FROM"
        " (SELECT manager_id FROM reps WHERE rep_id = ?)",
        [rep_id],
    )
    return [row["rep_id"] for row in rows] or [rep_id]


def reps_seen_by(store: Store, user_id: str) -> list[str]:
    """The reps whose data an account's pages show: a manager's team; a rep, their team (a rep's
    report compares them with it)."""
    found = store.rows(
        "SELECT rep_id FROM team_reps(?)"
        " UNION SELECT r.rep_id FROM reps r JOIN reps me ON me.rep_id = ?"
        " AND r.manager_id IS NOT DISTINCT FROM me.manager_id",
        [user_id, user_id],
    )
    return sorted(row["rep_id"] for row in found)
