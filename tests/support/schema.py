"""A database as an older coachloop left it: the numbered migrations before `version` applied and
recorded the way `Store.migrate` does, so a test can then run the newer ones on it."""

from __future__ import annotations

from pipeline.store import Store, migration_files


def migrate_before(store: Store, version: int) -> None:
    with store.transaction() as con:
        con.execute(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
            " applied_at TIMESTAMP DEFAULT current_timestamp)"
        )
        for number, name, sql in migration_files():
            if number < version:
                con.execute(sql)
                con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [number, name])
