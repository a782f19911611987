"""What each write records for the web server (`store.changes`): which reps' data it changed."""

from __future__ import annotations

from datetime import datetime

from pipeline.model import CallAnalysis, CallMetrics
from pipeline.store import Store, accounts, changes
from tests.support.transcripts import make_transcript


def analysed(call_id: str, rep_id: str, text: str = "rep: Hello there."):
    transcript = make_transcript(text, call_id=call_id, rep_id=rep_id)
    return transcript, CallAnalysis(call_id, [], CallMetrics(0.5, 2.0, 0, 1.0, None)), f"sha-{call_id}-{text}"


def changed_after(store: Store, mark: int | None) -> frozenset[str] | None:
    with store.connect() as con:
        return changes.changed_since(con, mark)[1]


def mark(store: Store) -> int:
    with store.connect() as con:
        return changes.latest(con)


def test_a_call_s_load_records_its_rep_and_a_replaced_call_both_reps(db_path):
    store = Store(db_path)
    store.migrate()
    before = mark(store)
    store.load_call(*analysed("c-1", "rep_ana"))
    assert changed_after(store, before) == {"rep_ana"}
    before = mark(store)
    store.load_call(*analysed("c-1", "rep_ben", "rep: Hello again."), replace=True)  # a corrected source
    assert changed_after(store, before) == {"rep_ana", "rep_ben"}


def test_a_write_that_names_no_rep_may_change_any_page_and_a_sort_changes_none(db_path):
    store = Store(db_path)
    store.migrate()
    store.load_call(*analysed("c-1", "rep_ana"))
    before = mark(store)
    store.cluster_by_rep(force=True)  # the same rows in another order
    store.record_run({"run_id": "r-1", "started_at": datetime(2026, 12, 2, 1, 0)})  # no page shows the runs
    assert changed_after(store, before) == frozenset()
    accounts.save_manager(store, "mgr_maya", "Maya", "not-a-hash")  # an account: every page may change

    assert changed_after(store, before) is None
    assert changed_after(store, None) is None  # nothing to compare with: anything may have changed
