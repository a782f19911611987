"""Another process holding the database file for writing, as the nightly batch or a script does."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.paths import ROOT

# Through the store, as coachloop's own processes open the file: a serving app is asked to let go.
HOLD = """
import sys, time
from pathlib import Path
from pipeline.config import StoreSettings
from pipeline.store import Store
with Store(Path(sys.argv[1]), StoreSettings(lock_timeout_s=30)).connect() as con:
    con.execute("SELECT 1")
    print("locked", flush=True)
    sys.stdin.readline()  # until the test lets go (or ends)
"""


@contextmanager
def write_lock_held(db: Path) -> Iterator[subprocess.Popen]:
    """A second process holding a read-write DuckDB connection to `db` for the length of the block."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        if holder.poll() is None:
            holder.stdin.close()
        holder.wait(timeout=30)
