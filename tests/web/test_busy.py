"""Pages while a second process holds the database file for writing (as the nightly batch does):
reads come from the analysts' snapshot, the busy page names the holder and says when to retry,
and a decision is saved once the file is free or refused with its text kept, never dropped."""

from __future__ import annotations

import threading

from pipeline.store import Store
from tests.support import webapp as support
from tests.support.locks import write_lock_held
from tests.support.webapp import ANA_DEMO, decide


def observations(db) -> list[dict]:
    return Store(db).rows("SELECT call_id, behaviour, decision, diagnosis FROM observations")


def test_the_busy_page_names_the_holder_and_says_when_to_retry(maya, db):
    # The session as read before the file was taken; no page read yet (a page read before is shown
    # from memory: test_read_cache.py).
    assert maya.get("/api/session").status_code == 200
    with write_lock_held(db) as holder:
        page = maya.get("/queue")
        api = maya.get("/api/queue")
    assert page.status_code == 503 and api.status_code == 503
    assert f"(PID {holder.pid})" in page.text and f"(PID {holder.pid})" in api.json()["error"]
    assert "database is busy" in page.text and str(db) not in page.text  # the holder, never a server path
    assert int(page.headers["retry-after"]) > 0 and int(api.headers["retry-after"]) > 0
    assert maya.get("/queue").status_code == 200  # free again


def test_pages_read_the_snapshot_while_another_process_holds_the_file(db, tmp_path):
    snapshot = Store(db).refresh_snapshot(tmp_path / "coachloop.snapshot.duckdb")
    app = support.make_app(db)
    app.state.web.store.shared.snapshot = snapshot
    maya = support.logged_in(app, "mgr_maya")
    live = maya.get("/api/queue").json()
    with write_lock_held(db) as holder:
        api = maya.get("/api/queue")
        page = maya.get("/queue")
        moment = maya.get(f"/moments/{ANA_DEMO}/discount_before_value")
    assert api.status_code == 200 and api.json()["items"] == live["items"]
    assert api.headers["x-coachloop-data"].startswith("snapshot ")
    assert page.status_code == 200 and "this page shows the copy of" in page.text and f"PID {holder.pid}" in page.text
    assert moment.status_code == 200 and "15 percent" in moment.text
    assert "x-coachloop-data" not in maya.get("/api/queue").headers  # the live file again


def test_a_snapshot_made_before_an_upgrade_is_not_read(db, tmp_path):
    """Its tables are not the ones this code reads: the page is busy, not wrong or broken."""
    snapshot = Store(db).refresh_snapshot(tmp_path / "coachloop.snapshot.duckdb")
    with Store(snapshot).transaction() as con:
        con.execute("DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)")
    app = support.make_app(db)
    app.state.web.store.shared.snapshot = snapshot
    maya = support.logged_in(app, "mgr_maya")
    assert maya.get("/api/session").status_code == 200
    with write_lock_held(db):
        api = maya.get("/api/queue")
    assert api.status_code == 503 and "x-coachloop-data" not in api.headers


def test_a_decision_made_while_the_file_is_held_is_saved_once_it_is_free(maya, app, db):
    app.state.web.store.shared.wait_s = 60  # the batch holds the file for one call's write
    answers = []
    diagnosis = "At 01:00 you offered 15% before restating his costs."
    with write_lock_held(db):
        saving = threading.Thread(
            target=lambda: answers.append(decide(maya, ANA_DEMO, "discount_before_value", diagnosis=diagnosis))
        )
        saving.start()
        saving.join(timeout=1.5)
        assert saving.is_alive()  # waiting for the file, not answered
    saving.join(timeout=60)
    assert answers[0].status_code == 200 and answers[0].json()["saved"] is True
    assert observations(db) == [
        {"call_id": ANA_DEMO, "behaviour": "discount_before_value", "decision": "confirmed", "diagnosis": diagnosis}
    ]
