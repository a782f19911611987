"""A small coaching team for the loop's tests, written straight into a migrated database: Maya
manages Ben, who has four demo calls on deal d-ben (the diagnosed one, two that miss the budget
question again, one that asks it first); Omar manages Chloe."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from pipeline.coaching import plans, triage
from pipeline.store import Store

MAYA, OMAR = "mgr_maya", "mgr_omar"
BEHAVIOUR = "budget_before_demo"
FOLLOW_UP = date(2026, 12, 20)
# Ben's calls: the diagnosed one, then three later demos (budget missed, missed, asked first).
DIAGNOSED, MISSED_1, MISSED_2, MET = "c-ben-1", "c-ben-2", "c-ben-3", "c-ben-4"
CALLS = {
    DIAGNOSED: (datetime(2026, 11, 3, 9), "gap"),
    MISSED_1: (datetime(2026, 11, 10, 9), "gap"),
    MISSED_2: (datetime(2026, 11, 17, 9), "gap"),
    MET: (datetime(2026, 11, 24, 9), "met"),
}


def team_store(folder: Path) -> Store:
    """A database in `folder`, migrated, holding the team."""
    store = Store(folder / "coachloop.duckdb")
    store.migrate()
    add_team(store)
    return store


def add_team(store: Store) -> None:
    """Maya manages Ben (four demo calls), Omar manages Chloe."""
    with store.transaction() as con:
        for user_id in (MAYA, OMAR):
            con.execute("INSERT INTO users (user_id, role, display_name) VALUES (?, 'manager', ?)", [user_id, user_id])
        con.execute("INSERT INTO reps (rep_id, rep_name, manager_id) VALUES ('rep_ben', 'Ben', ?)", [MAYA])
        con.execute("INSERT INTO reps (rep_id, rep_name, manager_id) VALUES ('rep_chloe', 'Chloe', ?)", [OMAR])
        for call_id, (started_at, verdict) in CALLS.items():
            con.execute(
                "INSERT INTO calls (call_id, rep_id, started_at, call_type, content_hash, deal_id)"
                " VALUES (?, 'rep_ben', ?, 'demo', ?, 'd-ben')",
                [call_id, started_at, f"sha-{call_id}"],
            )
            evidence = [3, 7] if verdict == "met" else [7]
            quote = "What do you spend on this today?" if verdict == "met" else "Let me share my screen"
            con.execute(
                "INSERT INTO findings (call_id, behaviour, verdict, evidence, quote, start) VALUES (?, ?, ?, ?, ?, 42.0)",
                [call_id, BEHAVIOUR, verdict, evidence, quote],
            )


def new_plan(store: Store, apply_call_id: str = MISSED_1) -> int:
    """Maya's plan from a confirmed diagnosis on the first call, applied on `apply_call_id`."""
    observation = triage.decide(store, MAYA, DIAGNOSED, BEHAVIOUR, "confirmed", diagnosis="Demo before budget.")
    return plans.create_plan(
        store, MAYA, plans.PlanInput(observation, "Ask about spend first", FOLLOW_UP, apply_call_id=apply_call_id)
    )


def inspect_manually(store: Store, plan_id: int, outcome: str, on: date = date(2026, 11, 12)) -> None:
    """Maya role-plays the plan's current cycle, sees it applied and records her inspection."""
    plans.advance_plan(store, MAYA, plan_id, "practised", on - timedelta(days=4))
    plans.advance_plan(store, MAYA, plan_id, "applied", on)
    plans.advance_plan(store, MAYA, plan_id, "inspected", on, outcome=outcome)


def again(apply_call_id: str | None = MISSED_2, **changes) -> plans.CycleInput:
    """The next cycle's form as Maya fills it in."""
    fields = {"alternative_behaviour": "Ask what they spend before sharing the screen", "follow_up_date": FOLLOW_UP}
    return plans.CycleInput(**{**fields, "apply_call_id": apply_call_id, **changes})
