"""Who holds the database file, as the busy page names it: from DuckDB's refusal, without paths."""

from __future__ import annotations

import os
import sys
from datetime import datetime

from pipeline.store import handoff
from tests.support.locks import write_lock_held


def test_the_holder_is_named_from_duckdbs_refusal_without_its_path(tmp_path):
    since = datetime(2026, 11, 2, 2, 0, 5)
    refusal = (
        f'IO Error: Could not set lock on file "x": Conflicting lock is held in {sys.executable} (PID {os.getpid()}).'
    )
    holder = handoff.holder_of(refusal, since)
    assert holder.pid == os.getpid() and holder.started_at is not None
    assert "/" not in holder.program and "/" not in holder.describe()
    assert f"(PID {os.getpid()})" in holder.describe() and "since at least 02:00:05" in holder.describe()
    unknown = handoff.holder_of("IO Error: Could not set lock on file", since)
    assert unknown.pid is None and unknown.describe().startswith("another process")


def test_a_coachloop_process_names_itself_and_withdraws_its_request(db_path):
    from pipeline.store import Store

    Store(db_path).migrate()
    with write_lock_held(db_path) as holder:
        assert handoff.asker(db_path) is None  # it had no one to ask
        handoff.ask(db_path)
        assert handoff.asker(db_path) is None  # this process's own request is not "another process"
        handoff.withdraw(db_path)
        assert not handoff.request_path(db_path).exists()
        assert f"PID {holder.pid}" in handoff.process_holder(holder.pid, datetime.now()).describe()
