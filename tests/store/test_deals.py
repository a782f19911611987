"""Migration 015: the account each deal is with, named by a call's metadata (one call at a time and in
bulk) or by a CRM export's account column; the latest naming wins and a source without a name leaves
the name as it was. An older database gains the empty table and keeps its calls."""

from __future__ import annotations

import pytest

from pipeline.batch import crm_import
from pipeline.errors import TranscriptError
from pipeline.ingest.roster import RosterRep
from pipeline.jsonio import metadata_from_dict, transcript_from_dict, transcript_to_dict
from pipeline.model import CallAnalysis, CallMetrics, Transcript, Utterance
from pipeline.store import Store, deals
from pipeline.store.bulk import load_new_calls
from tests.support.schema import migrate_before

CRM = "opportunity,rep,stage,entered_at,amount,Account Name\n"


def analysed(call_id: str, deal_id: str | None, account_name: str | None) -> tuple:
    transcript = Transcript(
        call_id=call_id,
        rep_id="rep_ana",
        utterances=[Utterance("rep", 0.0, 2.0, "Thanks for joining.")],
        started_at="2026-11-10T15:30:00Z",
        call_type="demo",
        deal_id=deal_id,
        account_name=account_name,
    )
    return transcript, CallAnalysis(call_id, [], CallMetrics(0.5, 2.0, 0, 1.0, None)), f"sha-{call_id}"


def new_store(tmp_path) -> Store:
    store = Store(tmp_path / "coachloop.duckdb")
    store.migrate()
    store.sync_roster([RosterRep("rep_ana", "Ana", None)])
    return store


def test_a_call_names_its_deal_and_a_later_call_or_export_renames_it(tmp_path):
    store = new_store(tmp_path)
    store.load_call(*analysed("c-1", "d-1", "Oakridge Props"))
    store.load_call(*analysed("c-2", "d-2", None))  # a call that names no account
    assert deals.account_names(store, ["d-1", "d-2", None, "d-9"]) == {"d-1": "Oakridge Props"}

    bulk = [analysed("c-3", "d-1", "Oakridge Properties"), analysed("c-4", "d-3", "  Lakeside  ")]
    load_new_calls(store, [(*call, "Ana") for call in bulk])
    assert deals.account_names(store, ["d-1", "d-3"]) == {"d-1": "Oakridge Properties", "d-3": "Lakeside"}
    store.load_call(*analysed("c-5", "d-1", None))  # no name: the deal keeps its account
    assert deals.account_names(store, ["d-1"]) == {"d-1": "Oakridge Properties"}

    export = tmp_path / "opportunities.csv"
    export.write_text(
        CRM + "d-2,rep_ana,qualification,2026-10-01,100,Northwind Facilities\nd-1,Ana,evaluation,2026-10-02,,\n"
    )
    assert crm_import.import_export(store, export).loaded == 2
    named = store.rows("SELECT deal_id, account_name, named_by FROM deals ORDER BY deal_id")
    assert named == [
        {"deal_id": "d-1", "account_name": "Oakridge Properties", "named_by": "call"},  # the export's cell is empty
        {"deal_id": "d-2", "account_name": "Northwind Facilities", "named_by": "crm"},
        {"deal_id": "d-3", "account_name": "Lakeside", "named_by": "call"},
    ]


def test_account_name_is_an_optional_field_of_the_transcript_and_the_sidecar():
    base = {"call_id": "c-1", "rep_id": "rep_ana", "deal_id": "d-1", "utterances": []}
    transcript = transcript_from_dict({**base, "account_name": "Oakridge Properties"})
    assert transcript.account_name == "Oakridge Properties"
    assert transcript_to_dict(transcript)["account_name"] == "Oakridge Properties"
    assert "account_name" not in transcript_to_dict(transcript_from_dict(base))  # absent stays absent
    assert metadata_from_dict({"call_id": "c-1", "rep_id": "rep_ana", "account_name": "Lakeside"}).account_name == (
        "Lakeside"
    )
    with pytest.raises(TranscriptError, match="account_name must be a string"):
        transcript_from_dict({**base, "account_name": 42})


def test_migration_015_adds_the_deals_to_a_database_with_calls(tmp_path):
    store = Store(tmp_path / "coachloop.duckdb")
    migrate_before(store, 15)
    with store.transaction() as con:
        con.execute(
            "INSERT INTO calls (call_id, rep_id, call_type, deal_id, content_hash) VALUES ('c-old', 'rep_ana', 'demo',"
            " 'd-old', 'sha')"
        )
    assert "015_deals.sql" in store.migrate()
    assert store.rows("SELECT call_id, deal_id FROM calls") == [{"call_id": "c-old", "deal_id": "d-old"}]
    assert deals.account_names(store, ["d-old"]) == {}  # named by the next call or export that says so
    assert store.migrate() == []
