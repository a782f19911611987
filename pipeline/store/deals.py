"""The accounts deals are with: named by calls' metadata and CRM exports, read by every page that names a deal."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:
    from pipeline.store.database import Store

_NAME = (
    "INSERT INTO deals (deal_id, account_name, named_by) VALUES (?, ?, ?) ON CONFLICT (deal_id) DO UPDATE"
    " SET account_name = excluded.account_name, named_by = excluded.named_by, named_at = now()"
)


def name_deals(con: duckdb.DuckDBPyConnection, names: Iterable[tuple[str, str]], named_by: str) -> None:
    """Record (deal_id, account_name) pairs, inside the caller's transaction; the last pair of a deal wins."""
    latest = {deal_id: account.strip() for deal_id, account in names if deal_id and account and account.strip()}
    if latest:
        con.executemany(_NAME, [[deal_id, account, named_by] for deal_id, account in latest.items()])


def account_names(store: Store, deal_ids: Iterable[str | None]) -> dict[str, str]:
    """deal_id -> the account's name, for the given deals that have one."""
    wanted = sorted({deal_id for deal_id in deal_ids if deal_id})
    if not wanted:
        return {}
    found = store.rows("SELECT deal_id, account_name FROM deals WHERE list_contains(?, deal_id)", [wanted])
    return {row["deal_id"]: row["account_name"] for row in found}
