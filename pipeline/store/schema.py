"""The schema's files: the numbered migrations and the views, shipped inside the package."""

from __future__ import annotations

from importlib import resources


def migration_files() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every numbered migration, in order."""
    found = []
    for entry in resources.files("pipeline.store.sql").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:3].isdigit():
            found.append((int(name[:3]), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def views_sql() -> str:
    return resources.files("pipeline.store.sql").joinpath("views.sql").read_text(encoding="utf-8")


def latest_version() -> int:
    """The number of the newest migration: what a database made by this code has applied."""
    return migration_files()[-1][0]
