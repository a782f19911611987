"""Migration 010: accounts gain an e-mail address and an opt-out; the table of sends is added.
An existing database at version 9 keeps its accounts, which mail nothing until given an address."""

from __future__ import annotations

from pipeline.store import Store
from pipeline.store import deliveries as delivery_sql
from tests.support.schema import migrate_before


def migrate_to_009(store: Store) -> None:
    """The schema an existing database has before migration 010, applied the way `migrate` does."""
    migrate_before(store, 10)
    with store.transaction() as con:
        con.execute(
            "INSERT INTO users (user_id, role, display_name, password_hash) VALUES"
            " ('mgr_maya', 'manager', 'Maya', 'hash'), ('rep_ana', 'rep', 'Ana', 'hash')"
        )


def test_migration_010_keeps_the_accounts_and_mails_nobody_until_given_an_address(tmp_path):
    store = Store(tmp_path / "coachloop.duckdb")
    migrate_to_009(store)
    applied = store.migrate()
    assert "010_mail.sql" in applied and store.schema_version() >= 10
    rows = store.rows("SELECT user_id, email, mail_opt_out FROM users ORDER BY user_id")
    assert rows == [
        {"user_id": "mgr_maya", "email": None, "mail_opt_out": False},
        {"user_id": "rep_ana", "email": None, "mail_opt_out": False},
    ]
    assert delivery_sql.recipients(store) == [] and delivery_sql.history(store) == []
    assert store.migrate() == []  # applied once
