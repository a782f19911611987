"""Pages read again from memory while nothing changed (web.readcache), and never when something did:
a decision, an undo, another process's write (the nightly batch) show on the next load, and one
manager's reads never reach another manager."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import duckdb
import pytest

from pipeline.store.shared import SharedDatabase
from pipeline.web.readcache import ReadCache
from tests.support import webapp as support
from tests.support.cli import coachloop
from tests.support.inbox import inbox_with_ana_again
from tests.support.locks import write_lock_held
from tests.support.web import sample_database
from tests.support.webapp import ANA_DEMO, CHLOE_BAYVIEW, decide

BEHAVIOUR = "discount_before_value"
MOMENT = f"/api/moments/{ANA_DEMO}/{BEHAVIOUR}"


def open_moments(client) -> set[tuple[str, str]]:
    return {(item["call_id"], item["behaviour"]) for item in client.get("/api/queue").json()["items"]}


def hits(app) -> int:
    return app.state.web.reads.hits


def team_read(store, team: str, runs: list) -> list[str]:
    runs.append(team)
    return [team]


def test_a_page_loaded_again_is_read_from_memory_and_a_decision_shows_on_the_next_load(app, maya):
    assert (ANA_DEMO, BEHAVIOUR) in open_moments(maya)
    before = hits(app)
    assert (ANA_DEMO, BEHAVIOUR) in open_moments(maya)
    assert hits(app) > before  # nothing changed: the second load reused the first one's reads
    assert maya.get(MOMENT).json()["decision"] is None

    assert decide(maya, ANA_DEMO, BEHAVIOUR, diagnosis="At 01:00 you offered 15% first.").status_code == 200
    assert (ANA_DEMO, BEHAVIOUR) not in open_moments(maya)
    assert maya.get(MOMENT).json()["decision"]["decision"] == "confirmed"


def test_an_undo_shows_on_the_next_load(app, maya):
    observation_id = decide(maya, ANA_DEMO, BEHAVIOUR, diagnosis="At 01:00 you offered 15% first.").json()[
        "observation_id"
    ]
    assert maya.get(MOMENT).json()["decision"]["decision"] == "confirmed"
    assert (ANA_DEMO, BEHAVIOUR) not in open_moments(maya)
    assert (ANA_DEMO, BEHAVIOUR) not in open_moments(maya)  # kept as it is

    undone = support.post(maya, f"/moments/{ANA_DEMO}/{BEHAVIOUR}/undo", observation_id=str(observation_id))
    assert undone.status_code == 200, undone.text
    assert maya.get(MOMENT).json()["decision"] is None
    assert (ANA_DEMO, BEHAVIOUR) in open_moments(maya)


def test_another_process_s_write_shows_on_the_next_load(app, maya, db):
    assert "rep_chloe" not in {rep["rep_id"] for rep in maya.get("/api/reps").json()["reps"]}
    assert "rep_chloe" not in {rep["rep_id"] for rep in maya.get("/api/reps").json()["reps"]}
    version = app.state.web.store.shared.data_version
    # A second coachloop process takes the file from the running app, writes and hands it back.
    coachloop("users", "assign", "--manager", "mgr_maya", "--rep", "rep_chloe", "--db", str(db))
    assert "rep_chloe" in {rep["rep_id"] for rep in maya.get("/api/reps").json()["reps"]}
    assert app.state.web.store.shared.data_version > version


def test_one_manager_never_sees_what_was_read_for_another(app, maya, omar):
    maya_queue = open_moments(maya)
    assert maya.get(MOMENT).status_code == 200
    assert omar.get(MOMENT).status_code == 404  # Maya's read of Ana's moment is not Omar's
    omar_items = omar.get("/api/queue").json()["items"]
    assert omar_items and {item["rep_id"] for item in omar_items} == {"rep_chloe"}
    assert CHLOE_BAYVIEW not in {call_id for call_id, _ in maya_queue}
    assert open_moments(maya) == maya_queue


def test_the_sessions_own_writes_leave_the_pages_reads_valid(app, maya):
    answer = support.post(
        maya, f"/moments/{ANA_DEMO}/{BEHAVIOUR}/decision", api=False, action="confirm", diagnosis="At 01:00 first."
    )
    assert answer.status_code == 303  # the form's way: a flash kept in the session for the next page
    shared = app.state.web.store.shared
    version = shared.data_version
    page = maya.get("/queue")  # shows the flash and takes it out of the session (a write of the session)
    assert page.status_code == 200 and "Confirmed" in page.text
    assert shared.data_version == version
    before = hits(app)
    assert maya.get("/queue").status_code == 200
    assert hits(app) > before


def test_a_page_read_before_another_process_took_the_file_is_shown_as_of_then(app, maya, db):
    live = maya.get("/api/queue").json()
    with write_lock_held(db):
        held = maya.get("/api/queue")
        unread = maya.get("/api/plans")  # never read: waits for the file, then says it is busy
    assert held.status_code == 200 and held.json()["items"] == live["items"]
    assert held.headers["x-coachloop-data"].startswith("snapshot ")  # the page says it may be behind
    assert unread.status_code == 503
    assert "x-coachloop-data" not in maya.get("/api/queue").headers  # the live file again


def test_while_the_batch_holds_the_file_again_a_page_read_before_it_wrote_is_shown_as_of_its_reading(app, maya, db):
    reps = maya.get("/api/reps")
    read_before = datetime.now()
    assert "rep_chloe" not in {rep["rep_id"] for rep in reps.json()["reps"]}
    # Another process takes the file, writes and hands it back; the page is not loaded in between.
    coachloop("users", "assign", "--manager", "mgr_maya", "--rep", "rep_chloe", "--db", str(db))
    with write_lock_held(db):  # and takes it again (the batch's next call)
        held = maya.get("/api/reps")
    assert held.status_code == 200 and held.json()["reps"] == reps.json()["reps"]  # at once, not a 503
    as_of = datetime.fromisoformat(held.headers["x-coachloop-data"].removeprefix("snapshot "))
    assert as_of <= read_before  # said to be as of its reading, before the other process wrote
    assert "rep_chloe" in {rep["rep_id"] for rep in maya.get("/api/reps").json()["reps"]}  # the file again


# A process that writes through the store (asking the app for the file), then goes on running, as
# the nightly batch does between its calls.
WRITE_AND_STAY = """
import sys
from pathlib import Path
from pipeline.store import Store, accounts
accounts.assign_rep(Store(Path(sys.argv[1])), "mgr_maya", "rep_chloe")
print("written", flush=True)
sys.stdin.readline()
"""


@contextmanager
def written_by_a_running_process(script: str, db, shared: SharedDatabase) -> Iterator[subprocess.Popen]:
    """A process that has run `script`'s write and goes on running (as the batch between two calls),
    once the server has the file back (a page asked for in the moment before would read the file as
    that process left it, which is as right)."""
    writer = subprocess.Popen(
        [sys.executable, "-c", script, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout.readline().strip() == "written"
        deadline = time.monotonic() + 10
        while not shared.serving_live and time.monotonic() < deadline:
            time.sleep(0.01)
        yield writer
    finally:
        writer.stdin.close()
        writer.wait(timeout=30)


def test_a_running_batch_s_writes_are_taken_in_at_each_refresh_and_the_page_says_it_may_be_behind(app, maya, db):
    shared = app.state.web.store.shared
    shared.refresh_s = 3600  # the batch's changes wait for the next refresh
    before = maya.get("/api/reps").json()["reps"]
    assert maya.get("/coaching").status_code == 200
    read_at = datetime.now()
    with written_by_a_running_process(WRITE_AND_STAY, db, shared) as writer:
        behind = maya.get("/api/reps")
        assert behind.json()["reps"] == before  # the page as read before, not read again
        as_of = datetime.fromisoformat(behind.headers["x-coachloop-data"].removeprefix("snapshot "))
        assert as_of <= read_at  # and it says so
        page = maya.get("/coaching")  # a page read before, from memory, saying what is going on
        assert f"(PID {writer.pid}) is writing to the database" in page.text

        shared.refresh_s = 0  # the refresh is due: taken in while the batch still runs
        assert "rep_chloe" in {rep["rep_id"] for rep in maya.get("/api/reps").json()["reps"]}


CHANGE_CHLOE_AND_STAY = """
import sys
from pathlib import Path
from pipeline.store import Store, changes
store = Store(Path(sys.argv[1]))
with changes.scoped_to(["rep_chloe"]), store.transaction() as con:  # a change of Chloe's data alone
    con.execute("UPDATE reps SET rep_name = rep_name WHERE rep_id = 'rep_chloe'")
print("written", flush=True)
sys.stdin.readline()
"""


def test_while_a_batch_s_change_waits_for_the_refresh_only_that_team_s_pages_say_they_may_be_behind(
    app, maya, omar, db
):
    """Chloe is Omar's rep: his page says as of when it was read; Maya's team got nothing new, so hers does not."""
    shared = app.state.web.store.shared
    shared.refresh_s = 3600
    for client in (maya, omar):
        assert client.get("/api/reps").status_code == 200
    with written_by_a_running_process(CHANGE_CHLOE_AND_STAY, db, shared):
        assert "x-coachloop-data" in omar.get("/api/reps").headers
        assert "x-coachloop-data" not in maya.get("/api/reps").headers


def test_while_the_batch_holds_the_file_a_page_read_before_a_decision_is_not_shown(app, maya, db):
    """A manager's decision never shows undone: the page is read from the snapshot instead."""
    assert (ANA_DEMO, BEHAVIOUR) in open_moments(maya)
    assert decide(maya, ANA_DEMO, BEHAVIOUR, diagnosis="At 01:00 you offered 15% first.").status_code == 200
    coachloop("snapshot", "--db", str(db))  # the analysts' copy, with the decision, by another process
    app.state.web.store.shared.snapshot = db.with_suffix(".snapshot.duckdb")
    with write_lock_held(db):
        held = maya.get("/api/queue")
    assert held.headers["x-coachloop-data"].startswith("snapshot ")
    assert (ANA_DEMO, BEHAVIOUR) not in {(item["call_id"], item["behaviour"]) for item in held.json()["items"]}


def test_what_a_page_read_from_the_snapshot_is_kept_while_that_snapshot_is_served(app, maya, db):
    coachloop("snapshot", "--db", str(db))
    app.state.web.store.shared.snapshot = db.with_suffix(".snapshot.duckdb")
    assert maya.get("/api/session").status_code == 200
    with write_lock_held(db):
        first = maya.get("/api/plans")  # never read before: from the snapshot
        before = hits(app)
        again = maya.get("/api/plans")
        assert hits(app) > before  # the snapshot's answer again, from memory
    assert first.status_code == again.status_code == 200 and again.json() == first.json()
    assert again.headers["x-coachloop-data"] == first.headers["x-coachloop-data"]


def test_reads_are_kept_per_account_and_only_while_the_version_stands(tmp_path):
    shared = SharedDatabase(tmp_path / "cache.duckdb")
    try:
        cache, runs = ReadCache(shared), []

        def read(user_id: str) -> list[str]:
            return cache.read(user_id, team_read, ("team-a",), {}, lambda: team_read(None, "team-a", runs))

        with shared.cursor():  # the file opened: the version reads are kept under
            pass
        assert read("mgr_maya") == ["team-a"] and read("mgr_maya") == ["team-a"]
        assert len(runs) == 1
        read("mgr_omar")  # the same function and arguments, another account: read for that account
        assert len(runs) == 2
        read("mgr_maya").append("changed by a page")
        assert read("mgr_maya") == ["team-a"]  # each hit is a copy
        with shared.cursor(write=True):
            pass
        read("mgr_maya")
        assert len(runs) == 3  # a write: read again
    finally:
        shared.close()


@pytest.mark.slow
def test_a_batch_s_new_call_shows_on_the_next_load(app, maya, db, tmp_path):
    """The real nightly batch, in its own process, loads a new call of Ana's while the app serves."""
    assert open_moments(maya) == open_moments(maya)
    inbox = inbox_with_ana_again(tmp_path)
    rules = sample_database().parent / "rules"
    coachloop("run", "--inbox", str(inbox), "--db", str(db), "--rules", str(rules))
    assert "c-2026-11-20-0100" in {call_id for call_id, _ in open_moments(maya)}


def test_a_batch_s_call_of_another_team_leaves_a_manager_s_pages_as_read(app, maya, omar, db, tmp_path):
    """Only the pages of the team whose data the batch changed are read again."""
    maya_queue, omar_queue = open_moments(maya), open_moments(omar)
    assert open_moments(maya) == maya_queue and open_moments(omar) == omar_queue  # kept from here on
    version = app.state.web.store.shared.data_version
    inbox = inbox_with_ana_again(tmp_path, "c-2026-11-20-0101", sample="chloe-demo-greenfield")  # Omar's rep
    coachloop("run", "--inbox", str(inbox), "--db", str(db), "--rules", str(sample_database().parent / "rules"))
    assert "c-2026-11-20-0101" in {call_id for call_id, _ in open_moments(omar)}  # Omar's team: read again
    before = hits(app)
    assert open_moments(maya) == maya_queue  # Maya's: as read before, from memory
    assert hits(app) > before
    assert app.state.web.store.shared.data_version > version and open_moments(omar) != omar_queue


def test_a_server_started_after_an_upgrade_serves_unread_pages_from_a_snapshot_of_the_new_schema(db):
    snapshot = db.with_suffix(".snapshot.duckdb")
    coachloop("snapshot", "--db", str(db))
    with duckdb.connect(str(snapshot)) as copy:  # as made before the upgrade's last migration
        copy.execute("DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)")
    app = support.make_app(db, snapshot=snapshot)
    maya = support.logged_in(app, "mgr_maya")
    assert maya.get("/api/session").status_code == 200
    with write_lock_held(db):
        unread = maya.get("/api/plans")  # never read: from the snapshot, not a wait for the file
    assert unread.status_code == 200, unread.text
    assert unread.headers["x-coachloop-data"].startswith("snapshot ")
