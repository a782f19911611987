"""The performance conversation: drafted from the data in the reference's structure, raised as
presented, then the conversation date and the follow-up outcome recorded as append-only events;
the rep's tracker lists it. Over a real database filled by `coachloop run` on the sample transcripts.

On the samples Ben misses the dated next step on all four of his calls where it applies; across
Maya's team it is five of seven.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pipeline.coaching import wording
from pipeline.config import CoachingSettings
from pipeline.reports.tracker import build_tracker, period_for
from tests.support import webapp as support

NEW = "/coaching/reps/rep_ben/concerns/new?behaviour=next_step_date_owner"


def prepared(client) -> dict:
    response = client.get(f"/api{NEW}")
    assert response.status_code == 200, response.text
    return response.json()


def raise_from(client, draft: dict, api: bool = True, **changes):
    fields = {
        name: draft[name]
        for name in ("behaviour", "concern", "evidence", "standard", "behaviour_gap", "expectation", "follow_up_review")
    }
    fields |= {"follow_up_date": draft["follow_up_date"], "evidence_calls": " ".join(draft["evidence_calls"])}
    fields["plan_id"] = str(draft["plan_id"] or "")
    return support.post(client, "/coaching/reps/rep_ben/concerns", api=api, **(fields | changes))


def event(client, concern_id: int, kind: str, happened_on: str, **fields):
    return support.post(client, f"/concerns/{concern_id}/events", kind=kind, happened_on=happened_on, **fields)


def test_the_draft_follows_the_reference_with_numbers_examples_and_the_configured_standard(maya):
    draft = prepared(maya)
    assert draft["concern"].startswith("Next step date owner: a gap in 4 of 4 calls where it applied (100%)")
    # The evidence: the rep's numbers, the team's for comparison, and the calls.
    assert "Ben, a gap in 4 of 4 calls where it applied (100%)" in draft["evidence"]
    assert "the team, a gap in 5 of 7 calls where it applied (71%)" in draft["evidence"]
    for call, call_id in (
        ("Demo call, 3 Nov 2026", "c-2026-11-03-0002"),
        ("Negotiation call, 6 Nov 2026", "c-2026-11-06-0005"),
    ):
        assert call in draft["evidence"] and call_id in draft["evidence_calls"]
    assert "c-2026-" not in draft["evidence"] + draft["behaviour_gap"]  # calls by what they were, not by id
    # the step without an owner, at the proposal that named the day the buyer then accepted
    assert "at 01:02: “Sounds good. We should catch up again next Friday and go through it.”" in draft["evidence"]
    # The standard, from the configuration.
    assert "more than 50% of the calls where it applies over 56 days" in draft["standard"]
    assert "at least 3 such calls" in draft["standard"]
    # The named gap with examples, the expectation, the follow-up.
    assert "without a next step that has both a date and an owner" in draft["behaviour_gap"]
    assert (
        "For example: " in draft["behaviour_gap"]
        and "We should catch up again next Friday and go through it." in draft["behaviour_gap"]
    )
    assert "a specific date or day and an owner" in draft["expectation"]
    follow_up = date.today() + timedelta(days=14)
    assert draft["follow_up_date"] == follow_up.isoformat()
    assert draft["follow_up_review"].startswith(f"On {wording.day(follow_up)} I will review your next 4 calls where")


def test_the_standard_and_follow_up_come_from_the_configuration(db):
    strict = CoachingSettings(focus_gap_rate=0.3, concern_follow_up_days=7, concern_follow_up_calls=3)
    app = support.make_app(db, strict)
    draft = prepared(support.logged_in(app, "mgr_maya"))
    assert "more than 30% of the calls" in draft["standard"]
    assert draft["follow_up_date"] == (date.today() + timedelta(days=7)).isoformat()
    assert "your next 3 calls" in draft["follow_up_review"]


def test_raise_hold_the_conversation_and_record_the_outcome(maya, app):
    draft = prepared(maya)
    expectation = "In every call, end with a meeting that has a date, a time and who does what before it."
    response = raise_from(maya, draft, api=False, expectation=expectation, conversation_date="")
    assert response.status_code == 303 and response.headers["location"].startswith("/concerns/")
    concern_id = int(response.headers["location"].rsplit("/", 1)[1])
    store = app.state.web.store
    row = store.rows("SELECT * FROM performance_concern_status WHERE concern_id = ?", [concern_id])[0]
    assert row["expectation"] == expectation and row["manager_id"] == "mgr_maya"
    assert row["evidence"] == draft["evidence"] and row["behaviour_gap"] == draft["behaviour_gap"]
    assert row["evidence_calls"] == draft["evidence_calls"] and row["conversation_held_on"] is None

    early = event(maya, concern_id, "outcome", "2026-12-10", outcome="improved")
    assert early.status_code == 409 and "Record the conversation first" in early.json()["error"]
    assert event(maya, concern_id, "conversation_held", "2026-11-30", note="Walked through the four calls.").json()[
        "saved"
    ]
    assert event(maya, concern_id, "outcome", "2026-11-29", outcome="improved").status_code == 422  # before it
    assert event(maya, concern_id, "outcome", "2026-12-14").status_code == 422  # no outcome given
    assert event(maya, concern_id, "outcome", "2026-12-14", outcome="not_improved", note="2 of 4 dated.").json()[
        "saved"
    ]

    row = store.rows("SELECT * FROM performance_concern_status WHERE concern_id = ?", [concern_id])[0]
    assert row["conversation_held_on"] == date(2026, 11, 30)
    assert (row["outcome"], row["outcome_on"], row["outcome_note"]) == (
        "not_improved",
        date(2026, 12, 14),
        "2 of 4 dated.",
    )
    kinds = [e["kind"] for e in store.rows("SELECT kind FROM performance_concern_events ORDER BY event_id")]
    assert kinds == ["conversation_held", "outcome"]

    page = maya.get(f"/concerns/{concern_id}").text
    for part in (
        "1. The evidence",
        "2. The standard",
        "3. The behaviour gap",
        "4. The expectation",
        "5. The coaching",
        "6. The follow-up",
        "7. Outcome",
    ):
        assert part in page
    assert "not improved: the evidence is not there" in page and "held 30 Nov 2026" in page

    assert event(maya, concern_id, "closed", "2026-12-15", confirm="1").json()["saved"]
    assert event(maya, concern_id, "outcome", "2026-12-16", outcome="improved").status_code == 409


def test_the_rep_s_tracker_lists_the_recorded_concern(maya, app):
    concern_id = raise_from(maya, prepared(maya)).json()["concern_id"]
    event(maya, concern_id, "conversation_held", "2026-11-30")
    store, standards = app.state.web.store, CoachingSettings()
    # The tracker's period to today: the concern was raised today, after the last sample call.
    tracker = build_tracker(store, "rep_ben", standards, period_for(store, standards, until=date.today()))
    recorded = [c for c in tracker.concerns if c.source == "recorded"]
    assert len(recorded) == 1 and recorded[0].conversation_date == date(2026, 11, 30)
    assert recorded[0].concern.startswith("Next step date owner") and recorded[0].outcome == "open"


def test_a_plan_of_the_rep_can_be_linked(maya, app):
    observation = support.decide(
        maya,
        support.BEN_NEGOTIATION,
        "next_step_date_owner",
        diagnosis="At 01:07 you accepted 'next Friday' with no time or owner.",
    )
    plan = support.post(
        maya, "/plans", observation_id=str(observation.json()["observation_id"]),
        alternative_behaviour="Propose a day, a time and who sends what.", follow_up_date="2026-12-10",
        apply_to="deal", apply_deal_id="d-1005",
    )  # fmt: skip
    plan_id = plan.json()["plan_id"]
    draft = prepared(maya)
    assert draft["plan_id"] == plan_id and draft["plans"][0]["plan_id"] == plan_id
    concern_id = raise_from(maya, draft).json()["concern_id"]
    assert maya.get(f"/api/concerns/{concern_id}").json()["concern"]["plan_alternative"].startswith("Propose a day")
    assert f'href="/plans/{plan_id}"' in maya.get(f"/concerns/{concern_id}").text


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"expectation": "  "}, 422, "expectation"),
        ({"evidence": ""}, 422, "evidence"),
        ({"follow_up_date": ""}, 422, "follow_up_date"),
        ({"conversation_date": "2026-12-20", "follow_up_date": "2026-12-01"}, 422, "follow_up_date"),
        ({"evidence_calls": "c-2026-11-12-0009"}, 422, "evidence_calls"),  # Chloe's call
        ({"plan_id": "999"}, 422, "plan_id"),
        ({"behaviour": "no_such_behaviour"}, 422, "behaviour"),
    ],
)
def test_what_cannot_be_saved_is_refused_and_nothing_is_written(maya, app, changes, status, field):
    response = raise_from(maya, prepared(maya), **changes)
    assert response.status_code == status and response.json()["field"] == field
    assert app.state.web.store.rows("SELECT count(*) AS n FROM performance_concerns")[0]["n"] == 0


def test_a_refused_form_keeps_what_the_manager_wrote(maya):
    typed = "My own words about the next steps, kept after the error."
    response = raise_from(maya, prepared(maya), api=False, concern=typed, expectation="")
    assert response.status_code == 422 and typed in response.text and "Write the expectation." in response.text


def test_another_team_s_rep_and_concern_are_not_found(maya, app, omar):
    concern_id = raise_from(maya, prepared(maya)).json()["concern_id"]
    assert omar.get(NEW).status_code == 404
    assert omar.get(f"/concerns/{concern_id}").status_code == 404
    assert event(omar, concern_id, "conversation_held", "2026-11-30").status_code == 404
    assert raise_from(omar, prepared(maya)).status_code == 404
    assert app.state.web.store.rows("SELECT count(*) AS n FROM performance_concern_events")[0]["n"] == 0
