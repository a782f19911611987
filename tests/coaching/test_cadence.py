"""Review cadence against a known history: reviewed calls per rep per ISO week, and the flags.

The history is written into a real migrated DuckDB: the decisions a manager recorded, with their
times, are the input cadence reads (observations are what the triage app writes).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from pipeline.coaching.cadence import iso_week_label, monday, reviewed_calls, team_cadence
from pipeline.config import CoachingSettings
from pipeline.store import Store
from tests.support import webapp as support

AS_OF = date(2026, 11, 26)  # a Thursday in ISO week 2026-W48
STANDARD = CoachingSettings(reviews_per_week_min=2, reviews_per_week_max=4, cadence_weeks=4)


def _store(db_path) -> Store:
    store = Store(db_path)
    store.migrate()
    with store.transaction() as con:
        for user_id in ("mgr_maya", "mgr_omar"):
            con.execute("INSERT INTO users (user_id, role, display_name) VALUES (?, 'manager', ?)", [user_id, user_id])
        for rep_id, name, manager in (("rep_ana", "Ana", "mgr_maya"), ("rep_ben", "Ben", "mgr_maya")):
            con.execute("INSERT INTO reps (rep_id, rep_name, manager_id) VALUES (?, ?, ?)", [rep_id, name, manager])
        for number in range(1, 13):
            rep = "rep_ana" if number <= 8 else "rep_ben"
            con.execute(
                "INSERT INTO calls (call_id, rep_id, started_at, call_type, content_hash) VALUES (?, ?, ?, 'demo', ?)",
                [f"call-{number}", rep, datetime(2026, 10, 20) + timedelta(days=number), f"hash-{number}"],
            )
    return store


def _decide(store: Store, call_id: str, at: datetime, behaviour: str = "budget_before_demo", **extra) -> int:
    with store.transaction() as con:
        return con.execute(
            "INSERT INTO observations (call_id, behaviour, manager_id, decision, decided_at, undoes_observation_id)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING observation_id",
            [
                call_id,
                behaviour,
                extra.get("manager", "mgr_maya"),
                extra.get("decision", "confirmed"),
                at,
                extra.get("undoes"),
            ],
        ).fetchone()[0]


@pytest.fixture
def history(db_path) -> Store:
    """Ana: W45 three calls, W46 one, W47 two (one call decided twice, one decided again in W48), W48 one so far.
    Ben: W47 one call, and one whose only decision was undone; Omar's decision on Ben's call is Omar's."""
    store = _store(db_path)
    _decide(store, "call-1", datetime(2026, 11, 2, 9))  # Monday W45
    _decide(store, "call-2", datetime(2026, 11, 4, 9))
    _decide(store, "call-3", datetime(2026, 11, 8, 23, 59))  # Sunday night: still W45
    _decide(store, "call-4", datetime(2026, 11, 9, 0, 0))  # Monday 00:00: W46
    _decide(store, "call-5", datetime(2026, 11, 17, 10))  # W47
    _decide(store, "call-5", datetime(2026, 11, 17, 10, 5), "next_step_date_owner")  # same call: counts once
    _decide(store, "call-6", datetime(2026, 11, 19, 10))  # W47
    _decide(store, "call-6", datetime(2026, 11, 24, 10), "next_step_date_owner")  # reviewed in W47 already
    _decide(store, "call-7", datetime(2026, 11, 25, 10), decision="strength")  # W48 so far
    _decide(store, "call-9", datetime(2026, 11, 18, 10), decision="dismissed")  # Ben W47
    undone = _decide(store, "call-10", datetime(2026, 11, 18, 11))
    _decide(store, "call-10", datetime(2026, 11, 18, 11, 1), decision="undone", undoes=undone)  # not a review
    _decide(store, "call-11", datetime(2026, 11, 18, 12), manager="mgr_omar")  # not Maya's review
    return store


def test_weekly_counts_flags_and_averages_match_the_known_history(history):
    team = team_cadence(history, "mgr_maya", STANDARD, as_of=AS_OF)
    ana, ben = team.reps
    assert [week.label for week in ana.weeks] == ["2026-W44", "2026-W45", "2026-W46", "2026-W47", "2026-W48"]
    assert [week.reviewed for week in ana.weeks] == [0, 3, 1, 2, 1]
    assert ana.in_words == "2 in the week of 16 Nov 2026 / 1 this week so far"  # weeks as people read them
    assert [week.complete for week in ana.weeks] == [True, True, True, True, False]
    assert [week.below for week in ana.weeks] == [True, False, True, False, False]
    assert (ana.last_week, ana.this_week, ana.average, ana.weeks_below) == (2, 1, 1.5, 2)
    assert not ana.below_standard
    assert [week.reviewed for week in ben.weeks] == [0, 0, 0, 1, 0]
    assert (ben.last_week, ben.below_standard, ben.weeks_below) == (1, True, 4)
    assert [rep.rep_id for rep in team.flagged] == ["rep_ben"]
    assert team.standard() == "2 to 4 reviewed calls per rep per week"


def test_the_minimum_is_configurable(history):
    lenient = team_cadence(history, "mgr_maya", CoachingSettings(reviews_per_week_min=1), as_of=AS_OF)
    assert lenient.flagged == ()
    strict = team_cadence(history, "mgr_maya", CoachingSettings(reviews_per_week_min=3), as_of=AS_OF)
    assert [rep.rep_id for rep in strict.flagged] == ["rep_ana", "rep_ben"]


def test_a_call_counts_once_in_the_week_of_its_first_decision(history):
    rows = reviewed_calls(history, "mgr_maya", date(2026, 11, 1), AS_OF)
    assert [row["call_id"] for row in rows] == [
        "call-1",
        "call-2",
        "call-3",
        "call-4",
        "call-5",
        "call-9",
        "call-6",
        "call-7",
    ]
    assert next(row for row in rows if row["call_id"] == "call-6")["reviewed_at"] == datetime(2026, 11, 19, 10)
    assert all(row["manager_id"] == "mgr_maya" for row in rows)


def test_undoing_the_only_decision_takes_the_review_back(history):
    before = team_cadence(history, "mgr_maya", STANDARD, as_of=AS_OF).reps[0].this_week
    latest = history.rows("SELECT max(observation_id) AS id FROM observations WHERE call_id = 'call-7'")[0]["id"]
    _decide(history, "call-7", datetime(2026, 11, 25, 10, 1), decision="undone", undoes=latest)
    assert team_cadence(history, "mgr_maya", STANDARD, as_of=AS_OF).reps[0].this_week == before - 1


def test_week_helpers_and_a_bad_window(history):
    assert monday(date(2026, 11, 29)) == date(2026, 11, 23)
    assert iso_week_label(date(2027, 1, 1)) == "2026-W53"
    with pytest.raises(ValueError, match="at least one week"):
        team_cadence(history, "mgr_maya", STANDARD, as_of=AS_OF, weeks=0)


# -- the app: the figures on the coaching page ---------------------------------------------------


def test_the_coaching_page_shows_the_cadence_and_a_decision_counts_this_week(app, tmp_path):
    store = app.state.web.store
    today = date.today()
    last_monday = monday(today) - timedelta(weeks=1)
    for offset, call_id in enumerate((support.ANA_DEMO, support.ANA_DISCOVERY)):  # Ana: 2 last week
        with store.transaction() as con:
            con.execute(
                "INSERT INTO observations (call_id, behaviour, manager_id, decision, decided_at)"
                " VALUES (?, 'next_step_date_owner', 'mgr_maya', 'dismissed', ?)",
                [call_id, datetime.combine(last_monday, datetime.min.time()) + timedelta(hours=9 + offset)],
            )
    maya = support.logged_in(app, "mgr_maya")
    figures = maya.get("/api/coaching").json()["cadence"]
    ana, ben = figures["reps"]
    assert ana["rep_id"] == "rep_ana" and ana["last_week"] == 2 and not ana["below_standard"]
    assert ben["last_week"] == 0 and ben["below_standard"] and figures["flagged"] == ["rep_ben"]
    assert ben["this_week"] == 0

    assert support.decide(
        maya, support.BEN_NEGOTIATION, "discount_before_value", diagnosis="Offered 20% at 00:15."
    ).json()["saved"]
    ben_now = maya.get("/api/coaching").json()["cadence"]["reps"][1]
    assert ben_now["this_week"] == 1 and ben_now["weeks"][-1]["label"] == iso_week_label(today)

    page = maya.get("/coaching").text
    assert 'id="cadence-flags"' in page and "Below the standard last week: Ben" in page
    assert "2 to 4 reviewed calls per rep per week" in page


def test_another_manager_sees_only_their_own_team_s_cadence(app, omar):
    assert [rep["rep_id"] for rep in omar.get("/api/coaching").json()["cadence"]["reps"]] == ["rep_chloe"]
