"""Which loaded call the pipeline inspects a plan on (pipeline/store/inspections.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import duckdb

from pipeline.coaching import plans, triage
from pipeline.coaching.inspection import inspect_due_plans
from pipeline.store import inspections
from tests.support.plan_team import BEHAVIOUR, DIAGNOSED, FOLLOW_UP, MAYA, MISSED_1, team_store


def test_the_next_call_is_the_first_after_the_date_with_a_finding_on_the_behaviour_however_many_lack_one(tmp_path):
    store = team_store(tmp_path)
    # Twenty later calls of Ben's, the first eighteen analysed without this behaviour (more than one
    # page of candidates): the inspection passes over them to the nineteenth.
    later = [(f"c-ben-x{k:02d}", datetime(2026, 11, 25, 9) + timedelta(hours=k)) for k in range(20)]
    with store.transaction() as con:
        for call_id, started_at in later:
            con.execute(
                "INSERT INTO calls (call_id, rep_id, started_at, call_type, content_hash, deal_id)"
                " VALUES (?, 'rep_ben', ?, 'demo', ?, 'd-ben')",
                [call_id, started_at, f"sha-{call_id}"],
            )
        for call_id, _ in later[18:]:
            con.execute(
                "INSERT INTO findings (call_id, behaviour, verdict, evidence, quote, start)"
                " VALUES (?, ?, 'met', [2], 'What do you spend today?', 12.5)",
                [call_id, BEHAVIOUR],
            )
    observation = triage.decide(store, MAYA, DIAGNOSED, BEHAVIOUR, "confirmed", diagnosis="Demo before budget.")
    plans.create_plan(
        store, MAYA, plans.PlanInput(observation, "Ask about spend first", FOLLOW_UP, apply_date=date(2026, 11, 25))
    )
    [due] = inspections.due_plans(store)

    call = inspections.next_call(store, due, "apply_date")

    assert (call["call_id"], call["verdict"], call["evidence"], call["start"]) == ("c-ben-x18", "met", [2], 12.5)
    assert call["started_at"] == later[18][1]


def test_inspecting_the_due_plans_opens_the_database_file_once(tmp_path, monkeypatch):
    """Each opening costs tens of ms on a large history and hands the file to the web app between two."""
    store = team_store(tmp_path)
    observation = triage.decide(store, MAYA, DIAGNOSED, BEHAVIOUR, "confirmed", diagnosis="Demo before budget.")
    plans.create_plan(store, MAYA, plans.PlanInput(observation, "Ask first", FOLLOW_UP, apply_date=date(2026, 11, 9)))
    openings = []
    real_connect = duckdb.connect
    monkeypatch.setattr(
        duckdb, "connect", lambda *args, **kwargs: openings.append(args) or real_connect(*args, **kwargs)
    )

    done = inspect_due_plans(store)

    assert [(inspection.call_id, inspection.applied) for inspection in done] == [(MISSED_1, False)]
    assert len(openings) == 1
    assert inspections.due_plans(store) == []  # closed, as committed
