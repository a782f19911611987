"""Practice plan steps are append-only events (migration 008): the view `practice_plans` gives a
plan's status and role-play date from them, and nothing updates a plan in place."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest

import pipeline
from pipeline.coaching import plans, triage
from pipeline.errors import Conflict
from pipeline.store import Store
from tests.support.schema import migrate_before

MAYA = "mgr_maya"
CALL = "c-plan-1"
BEHAVIOUR = "budget_before_demo"


def migrate_to_007(store: Store) -> None:
    """The schema an existing database has before migration 008, applied the way `migrate` does."""
    migrate_before(store, 8)
    with store.transaction() as con:
        # Views of the time read the columns that 008 drops.
        con.execute("CREATE VIEW practice_plans AS SELECT * FROM coaching_plans")
        con.execute("CREATE VIEW plan_outcomes AS SELECT p.plan_id, p.status FROM coaching_plans p")


def old_plan(store: Store, status: str, practised_at: datetime | None, event_steps: list[str]) -> int:
    """A plan as the code before 008 could leave it: `status` in the row, `event_steps` in its history."""
    with store.transaction() as con:
        plan_id = con.execute(
            "INSERT INTO coaching_plans (rep_id, behaviour, alternative_behaviour, practised_at, apply_call_id,"
            " follow_up_date, status, created_by, created_at) VALUES ('rep_ben', ?, 'Ask about spend first', ?,"
            " 'c-later', DATE '2026-12-01', ?, ?, TIMESTAMP '2026-11-05 10:00') RETURNING plan_id",
            [BEHAVIOUR, practised_at, status, MAYA],
        ).fetchone()[0]
        for step in event_steps:
            con.execute(
                "INSERT INTO coaching_plan_events (plan_id, status, happened_on, recorded_by)"
                " VALUES (?, ?, DATE '2026-11-05', ?)",
                [plan_id, step, MAYA],
            )
    return plan_id


def steps(store: Store, plan_id: int) -> list[str]:
    return [row["status"] for row in events(store, plan_id)]


def events(store: Store, plan_id: int) -> list[dict]:
    return store.rows("SELECT * FROM coaching_plan_events WHERE plan_id = ? ORDER BY event_id", [plan_id])


def practice_plan(store: Store, plan_id: int) -> dict:
    return store.rows("SELECT * FROM practice_plans WHERE plan_id = ?", [plan_id])[0]


def test_migration_008_keeps_every_plans_status_and_completes_its_history(tmp_path):
    store = Store(tmp_path / "coachloop.duckdb")
    migrate_to_007(store)
    role_played = datetime(2026, 11, 7)
    applied = old_plan(store, "applied", role_played, ["planned"])  # moved on in place, history left behind
    untouched = old_plan(store, "practised", role_played, ["planned", "practised"])
    # The pipeline's inspection closed a plan never role-played: no 'practised' step to invent.
    inspected = old_plan(store, "inspected", None, ["planned", "applied", "inspected"])
    no_events = old_plan(store, "planned", None, [])

    assert store.migrate()[0] == "008_plan_events.sql"  # and any later migration

    assert steps(store, applied) == ["planned", "practised", "applied"]
    assert (practice_plan(store, applied)["status"], practice_plan(store, applied)["practised_at"]) == (
        "applied",
        role_played,
    )
    assert events(store, applied)[1]["happened_on"] == role_played.date()
    assert steps(store, untouched) == ["planned", "practised"]
    assert practice_plan(store, untouched)["status"] == "practised"
    assert steps(store, inspected) == ["planned", "applied", "inspected"]
    assert practice_plan(store, inspected)["status"] == "inspected"
    assert practice_plan(store, inspected)["practised_at"] is None
    assert steps(store, no_events) == ["planned"] and practice_plan(store, no_events)["status"] == "planned"
    assert events(store, no_events)[0]["happened_on"] == date(2026, 11, 5)
    # The columns are gone: the events are the only truth, and the views read them.
    columns = {row["column_name"] for row in store.rows("DESCRIBE coaching_plans")}
    assert not columns & {"status", "practised_at"}
    assert {row["plan_id"]: row["status"] for row in store.rows("SELECT * FROM plan_outcomes")} == {
        applied: "applied",
        untouched: "practised",
        inspected: "inspected",
        no_events: "planned",
    }
    assert store.migrate() == []  # applied once
    assert steps(store, applied) == ["planned", "practised", "applied"]


@pytest.fixture
def team(tmp_path) -> Store:
    """Maya's rep Ben with one call and a confirmed budget_before_demo diagnosis on it."""
    store = Store(tmp_path / "coachloop.duckdb")
    store.migrate()
    with store.transaction() as con:
        con.execute("INSERT INTO users (user_id, role, display_name) VALUES (?, 'manager', 'Maya')", [MAYA])
        con.execute("INSERT INTO reps (rep_id, rep_name, manager_id) VALUES ('rep_ben', 'Ben', ?)", [MAYA])
        con.execute(
            "INSERT INTO calls (call_id, rep_id, started_at, call_type, content_hash)"
            " VALUES (?, 'rep_ben', TIMESTAMP '2026-11-03 09:00', 'demo', 'sha-1')",
            [CALL],
        )
        con.execute(
            "INSERT INTO findings (call_id, behaviour, verdict, evidence, quote) VALUES (?, ?, 'gap', [0], 'Let me share')",
            [CALL, BEHAVIOUR],
        )
    return store


def new_plan(store: Store) -> int:
    diagnosis = triage.decide(store, MAYA, CALL, BEHAVIOUR, "confirmed", diagnosis="Demo before budget.")
    return plans.create_plan(
        store, MAYA, plans.PlanInput(diagnosis, "Ask about spend first", date(2026, 12, 1), apply_call_id=CALL)
    )


def test_each_step_is_one_event_and_the_view_gives_the_latest(team):
    plan_id = new_plan(team)
    assert steps(team, plan_id) == ["planned"] and practice_plan(team, plan_id)["practised_at"] is None
    plans.advance_plan(team, MAYA, plan_id, "practised", date(2026, 11, 10), note="role-played twice")
    plans.advance_plan(team, MAYA, plan_id, "applied", date(2026, 11, 12))
    plans.advance_plan(team, MAYA, plan_id, "inspected", date(2026, 11, 20), outcome="changed")

    assert steps(team, plan_id) == list(plans.PLAN_STEPS)
    found = practice_plan(team, plan_id)
    assert (found["status"], found["practised_at"]) == ("inspected", datetime(2026, 11, 10))
    assert events(team, plan_id)[-1]["outcome"] == "changed"
    assert plans.plan(team, MAYA, plan_id)["status"] == "inspected"


def test_a_repeated_step_is_refused_and_records_nothing(team):
    plan_id = new_plan(team)
    plans.advance_plan(team, MAYA, plan_id, "practised", date(2026, 11, 10))
    with pytest.raises(Conflict, match="This plan is practised; it cannot move to practised"):
        plans.advance_plan(team, MAYA, plan_id, "practised", date(2026, 11, 10))  # a double submit
    with pytest.raises(Conflict):
        plans.advance_plan(team, MAYA, plan_id, "inspected", date(2026, 11, 10), outcome="changed")  # a step skipped
    assert steps(team, plan_id) == ["planned", "practised"]
    assert practice_plan(team, plan_id)["status"] == "practised"


def test_no_code_updates_a_plan_in_place():
    package = Path(pipeline.__file__).parent
    in_place = re.compile(r"UPDATE\s+coaching_plans\b", re.IGNORECASE)
    offenders = [
        str(path.relative_to(package))
        for path in sorted(package.rglob("*"))
        if path.suffix in {".py", ".sql"} and in_place.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
