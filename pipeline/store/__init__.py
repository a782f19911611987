"""The one door to DuckDB: connections, migrations, snapshots, and all of coachloop's SQL."""

from pipeline.errors import DuplicateCallError, StoreWriteError
from pipeline.store.database import LoadResult, Store, migration_files, views_sql

__all__ = ["DuplicateCallError", "LoadResult", "Store", "StoreWriteError", "migration_files", "views_sql"]
