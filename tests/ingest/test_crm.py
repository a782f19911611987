"""CRM import (pipeline/ingest/crm.py, `coachloop import-crm`) and the pipeline measures made from it.

The reps come from the sample roster, loaded by `Store.sync_roster` as the batch does; the measures
run on small exports written here, whose answers can be counted by hand.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from pipeline.batch import crm_import
from pipeline.coaching import crm_measures
from pipeline.config import CoachingSettings
from pipeline.errors import CoachloopError
from pipeline.ingest.roster import load_roster
from pipeline.store import Store
from tests.support.paths import SAMPLES


@pytest.fixture
def store(tmp_path: Path) -> Store:
    found = Store(tmp_path / "coachloop.duckdb")
    found.migrate()
    found.sync_roster(list(load_roster(SAMPLES / "team.yaml").values()))
    return found


def write(tmp_path: Path, text: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_the_sample_export_loads_completely_and_a_reimport_changes_nothing(store):
    first = crm_import.import_export(store, SAMPLES / "crm" / "opportunities.csv")
    assert (first.loaded, first.rejected) == (36, ())
    count = "SELECT count(*) AS n, count(DISTINCT opportunity_id) AS opportunities FROM crm_stage_history"
    assert store.rows(count) == [{"n": 36, "opportunities": 15}]
    crm_import.import_export(store, SAMPLES / "crm" / "opportunities.csv")
    assert store.rows(count) == [{"n": 36, "opportunities": 15}]
    assert store.rows("SELECT count(*) AS n FROM crm_imports")[0]["n"] == 2


def test_salesforce_headers_names_and_dates_are_understood(store, tmp_path):
    export = write(
        tmp_path,
        "Opportunity ID,Opportunity Owner,Stage Name,Last Stage Change Date,Amount (converted)\n"
        '006A1,Ana,Qualification,10/1/2026,"$12,000.00"\n'
        "006A1,Ana,Proposal/Price Quote,2026-10-20T09:30:00.000Z,12000\n"
        "006A1,ANA,Closed Won,10/30/2026 2:15 PM,\n",
    )
    result = crm_import.import_export(store, export)
    assert (result.loaded, result.rejected) == (3, ())
    rows = store.rows("SELECT * FROM crm_stage_history ORDER BY entered_at")
    assert [(r["rep_id"], r["stage"], r["amount"], r["source_line"]) for r in rows] == [
        ("rep_ana", "qualification", 12000.0, 2),
        ("rep_ana", "proposal_price_quote", 12000.0, 3),
        ("rep_ana", "closed_won", None, 4),
    ]
    assert rows[1]["entered_at"] == datetime(2026, 10, 20, 9, 30)
    assert rows[2]["entered_at"] == datetime(2026, 10, 30, 14, 15)


def test_malformed_rows_are_reported_by_line_and_the_good_ones_load(store, tmp_path):
    export = write(
        tmp_path,
        "opportunity,rep,stage,entered_at,amount\n"
        "o-1,rep_ana,qualification,2026-10-01,1000\n"
        "o-2,rep_zed,qualification,2026-10-01,1000\n"
        "o-3,rep_ben,qualification,yesterday,1000\n"
        "\n"
        "o-4,rep_ben,,2026-10-01,1000\n"
        "o-5,rep_ben,evaluation,2026-10-02,lots\n"
        '"o-6,rep_ben\n'
        "o-7,rep_chloe,qualification,2026-10-03,500\n",
    )
    result = crm_import.import_export(store, export)
    assert result.loaded == 1
    assert [(row.line, row.reason) for row in result.rejected] == [
        (3, "rep 'rep_zed' is neither a rep id nor a rep name of the team"),
        (4, "date 'yesterday' is neither ISO (2026-11-03) nor month/day/year (11/3/2026)"),
        (6, "stage is empty"),
        (7, "amount 'lots' is not a number"),
        # An unclosed quote swallows the rest of the file: reported where it starts.
        (8, "1 field, expected at least 5 (the row runs on to line 9: an unclosed quote?)"),
    ]
    stored = store.rows("SELECT line, reason FROM crm_rejected_rows ORDER BY line")
    assert [row["line"] for row in stored] == [3, 4, 6, 7, 8]


def test_a_file_without_the_needed_columns_is_refused_whole(store, tmp_path):
    export = write(tmp_path, "name,owner,value\nx,rep_ana,3\n")
    with pytest.raises(CoachloopError, match=r"missing column\(s\) opportunity, stage, entered_at"):
        crm_import.import_export(store, export)
    with pytest.raises(CoachloopError, match="the file is empty"):
        crm_import.import_export(store, write(tmp_path, "", "empty.csv"))
    with pytest.raises(CoachloopError, match="cannot read"):
        crm_import.import_export(store, tmp_path / "missing.csv")
    assert store.rows("SELECT count(*) AS n FROM crm_imports")[0]["n"] == 0


def test_the_command_prints_rejected_rows_as_file_and_line(store, tmp_path, capsys):
    from pipeline.cli import main

    export = write(tmp_path, "opportunity,rep,stage,entered_at\no-1,rep_ana,qualification,2026-10-01\no-2,x,y,z\n")
    assert main(["import-crm", str(export), "--db", str(store.path)]) == 1
    err = capsys.readouterr().err
    assert f"{export}:3: rep 'x' is neither a rep id" in err and "1 stage rows loaded, 1 rejected" in err


def test_conversion_and_staleness_against_the_standard(store, tmp_path):
    # As of 1 December, with the default standard of 21 days in a stage:
    # a-1 advanced from qualification; a-2 sits in qualification 61 days (stale: counts, did not
    # advance); a-3 entered qualification 6 days ago (undecided: not counted); a-4 was lost.
    # Ben (same team): b-1 advanced, b-2 advanced.
    export = write(
        tmp_path,
        "opportunity,rep,stage,entered_at,amount\n"
        "a-1,rep_ana,qualification,2026-10-01,100\n"
        "a-1,rep_ana,evaluation,2026-10-10,100\n"
        "a-2,rep_ana,qualification,2026-10-01,200\n"
        "a-3,rep_ana,qualification,2026-11-25,300\n"
        "a-4,rep_ana,qualification,2026-10-05,400\n"
        "a-4,rep_ana,closed_lost,2026-10-20,400\n"
        "b-1,rep_ben,qualification,2026-10-01,100\n"
        "b-1,rep_ben,negotiation,2026-10-15,100\n"
        "b-2,rep_ben,qualification,2026-10-01,100\n"
        "b-2,rep_ben,evaluation,2026-11-28,100\n",
    )
    crm_import.import_export(store, export)
    standards = CoachingSettings()
    as_of = date(2026, 12, 1)
    [qualification, evaluation, negotiation] = crm_measures.stage_conversion(store, "rep_ana", standards, as_of)
    assert (qualification.stage, qualification.next_stage) == ("qualification", "evaluation")
    assert (qualification.advanced, qualification.entered) == (1, 3)
    assert (qualification.team_advanced, qualification.team_entered) == (3, 5)
    assert qualification.rate == pytest.approx(1 / 3) and qualification.team_rate == pytest.approx(3 / 5)
    # a-1 has sat in evaluation since 10 October (stale); b-2 entered it 3 days ago (undecided).
    assert (evaluation.advanced, evaluation.entered, evaluation.team_entered) == (0, 1, 1)
    # Only Ben's b-1 reached negotiation (stale there since 15 October): a team number, none of Ana's.
    assert (negotiation.entered, negotiation.team_entered, negotiation.rate) == (0, 1, None)
    stale = crm_measures.stale_opportunities(store, "rep_ana", standards, as_of)
    assert [(s.opportunity_id, s.stage, s.days_in_stage) for s in stale] == [
        ("a-2", "qualification", 61),
        ("a-1", "evaluation", 52),
    ]
    stricter = CoachingSettings(stage_stale_days=60)
    assert [s.opportunity_id for s in crm_measures.stale_opportunities(store, "rep_ana", stricter, as_of)] == ["a-2"]
