"""The suggestions where the manager meets them: the moment's pre-filled diagnosis and the plan
form's pre-filled practice, over the sample database (pipeline/coaching/suggestions.py builds them)."""

from __future__ import annotations

import html
import re

from pipeline.coaching.suggestions import suggested_diagnosis, suggested_practice
from pipeline.coaching.wording import mm_ss
from pipeline.store import Store
from pipeline.store.queue import QueueFilters, finding_evidence, queue
from tests.support.web import MAYA
from tests.support.webapp import ANA_DEMO, BEN_NEGOTIATION, decide

DISCOUNT = f"/moments/{ANA_DEMO}/discount_before_value"


def test_every_moment_s_claims_point_at_its_evidence(db):
    """Each claim of each moment's suggestion: an evidence utterance, its speaker, its time, its words."""
    store = Store(db)
    items = queue(store, MAYA[0], QueueFilters(status="all"))
    assert len({item["behaviour"] for item in items}) >= 7
    for item in items:
        moment = finding_evidence(store, MAYA[0], item["call_id"], item["behaviour"])
        said = {utterance["idx"]: utterance for utterance in moment["utterances"]}
        for suggestion in (
            suggested_diagnosis(moment["finding"], moment["utterances"]),
            suggested_practice(moment["finding"], moment["utterances"]),
        ):
            for claim in suggestion.claims:
                assert claim.utterance in moment["finding"]["evidence"], (item, claim)
                utterance = said[claim.utterance]
                assert claim.speaker == utterance["speaker"] and claim.at == mm_ss(utterance["start"])
                assert claim.at in suggestion.text
                assert not claim.quote or f"“{claim.quote}”" in suggestion.text


def test_ana_s_volunteered_discount_is_not_called_a_push(maya):
    moment = maya.get(f"/api{DISCOUNT}").json()
    assert moment["suggestion"].startswith("At 01:00 you offered a concession (“And if you sign before the end")
    assert not re.search(r"push|objec", moment["suggestion"], re.IGNORECASE)
    assert [(c["event"], c["utterance"], c["speaker"]) for c in moment["suggestion_claims"]] == [
        ("concession", 10, "rep")
    ]
    page = html.unescape(maya.get(DISCOUNT).text)
    assert moment["suggestion"] in page  # the textarea is pre-filled with it


def test_a_buyer_s_pushback_in_the_evidence_is_named(maya):
    moment = maya.get(f"/api/moments/{BEN_NEGOTIATION}/price_held_under_pushback").json()
    assert moment["suggestion"].startswith("At 00:05 the buyer pushed back on price (“I did. Honestly, $1,500 a month")
    assert [c["event"] for c in moment["suggestion_claims"]] == ["price_pushback", "conceding_reply"]


def test_the_plan_form_suggests_practice_at_the_moment(maya):
    observation_id = decide(maya, ANA_DEMO, "discount_before_value", diagnosis="At 01:00 you offered 15% off.")
    page = html.unescape(maya.get(f"/plans/new?observation={observation_id.json()['observation_id']}").text)
    practice = re.search(r'<textarea id="alternative_behaviour"[^>]*>([^<]*)</textarea>', page).group(1)
    assert practice.startswith("Replay the moment at 01:00: before any concession, tie the price")
    assert not re.search(r"push|objec", practice, re.IGNORECASE)
