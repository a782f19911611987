"""Erasure (`coachloop forget`) on a real database filled by `coachloop run`: every table and column
searched afterwards, audit stubs anonymised, the batch not loading an erased source again."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipeline.batch.voices import add_voice_sample
from pipeline.coaching import triage
from pipeline.privacy.forget import NothingToForget, forget
from pipeline.store import Store
from pipeline.web.auth import hash_password
from tests.support.paths import ROOT
from tests.support.web import ANA_DEMO, MAYA, sample_database

MARKER = " Zebraquokka-Marmalade-Xylophone-4471"
BEN_DEMO = "c-2026-11-03-0002"  # Ben's demo: a budget gap (Maya's team)


@pytest.fixture(scope="module")
def loaded_db() -> Path:
    """The sample database as built (never written: `db` copies it), beside its inbox and rules."""
    return sample_database()


@pytest.fixture
def db(loaded_db, tmp_path) -> Path:
    """A copy with manager records on Ana's and Ben's calls, and the analysts' snapshot."""
    path = tmp_path / "coachloop.duckdb"
    shutil.copy(loaded_db, path)
    store = Store(path)
    for call_id, behaviour in ((ANA_DEMO, "discount_before_value"), (BEN_DEMO, "budget_before_demo")):
        quote = store.rows("SELECT quote FROM findings WHERE call_id = ? AND behaviour = ?", [call_id, behaviour])
        observation = triage.decide(
            store, MAYA[0], call_id, behaviour, "confirmed", diagnosis=f"Said {quote[0]['quote'][:40]!r} too early"
        )
        triage.create_plan(
            store,
            MAYA[0],
            triage.PlanInput(observation, "Ask about value first", date(2026, 12, 1), apply_date=date(2026, 11, 20)),
        )
    triage.save_rep_account(store, "rep_ben", "Ben Okafor", hash_password("ben-password-1"))  # his own login
    with store.transaction() as con:
        ben_quote = con.execute("SELECT quote FROM findings WHERE call_id = ? AND quote <> '' LIMIT 1", [BEN_DEMO])
        ben_quote = ben_quote.fetchone()[0]
        ana_quote = con.execute(
            "SELECT quote FROM findings WHERE call_id = ? AND behaviour = 'discount_before_value'", [ANA_DEMO]
        ).fetchone()[0]
        con.execute(
            "INSERT INTO rep_focus_events (rep_id, behaviours, reason, set_by) VALUES"
            " ('rep_ben', ['budget_before_demo'], 'Ben keeps demoing first', ?),"
            " ('rep_ana', ['discount_before_value'], 'Ana discounts early', ?)",
            [MAYA[0], MAYA[0]],
        )
        for rep_id, quote, call_id in (("rep_ben", ben_quote, BEN_DEMO), ("rep_ana", ana_quote, ANA_DEMO)):
            concern_id = con.execute(
                "INSERT INTO performance_concerns (rep_id, manager_id, concern, evidence, standard)"
                " VALUES (?, ?, 'Deals stall', ?, 'Budget before demo') RETURNING concern_id",
                [rep_id, MAYA[0], f'On {call_id} the rep said "{quote}"'],
            ).fetchone()[0]
            con.execute(
                "INSERT INTO performance_concern_events (concern_id, kind, note, recorded_by)"
                " VALUES (?, 'conversation_held', 'Talked it through', ?)",
                [concern_id, MAYA[0]],
            )
        # Ben's report (its file outside the reports folder) and his CRM history.
        report_file = path.parent / "elsewhere" / "rep_ben-2026-11.md"
        report_file.parent.mkdir()
        report_file.write_text(f"# rep_ben\n\n{ben_quote}\n")
        con.execute(
            "INSERT INTO report_runs (kind, subject_id, period_start, period_end, markdown_path, written_by)"
            " VALUES ('rep', 'rep_ben', DATE '2026-11-01', DATE '2026-11-28', ?, 'cli'),"
            " ('rep', 'rep_ana', DATE '2026-11-01', DATE '2026-11-28', NULL, 'cli')",
            [str(report_file)],
        )
        con.execute(
            "INSERT INTO crm_stage_history VALUES ('opp-1', 'rep_ben', 'proposal', TIMESTAMP '2026-11-02', 1e4, 1, 2),"
            " ('opp-2', 'rep_ana', 'proposal', TIMESTAMP '2026-11-02', 2e4, 1, 3)"
        )
        con.execute("UPDATE performance_concerns SET evidence_calls = [?, ?]", [ANA_DEMO, BEN_DEMO])
        # Words only this call holds, to look for in the file's bytes afterwards.
        con.execute("UPDATE utterances SET text = text || ? WHERE call_id = ? AND idx = 0", [MARKER, ANA_DEMO])
        # A table another part of coachloop might add: covered without being named anywhere.
        con.execute("CREATE TABLE crm_call_notes (note_id INTEGER PRIMARY KEY, crm_call_id VARCHAR, note VARCHAR)")
        con.execute(
            "INSERT INTO crm_call_notes VALUES (1, ?, 'pricing asked'), (2, ?, 'renewal')", [ANA_DEMO, BEN_DEMO]
        )
    store.refresh_snapshot(path.with_suffix(".snapshot.duckdb"))
    return path


def cells(path: Path) -> list[tuple[str, str, str]]:
    """(table, column, value as text) for every non-null cell of every table."""
    found = []
    with duckdb.connect(str(path), read_only=True) as con:
        columns = con.execute(
            "SELECT table_name, column_name FROM information_schema.columns c"
            " JOIN information_schema.tables t USING (table_schema, table_name) WHERE t.table_type = 'BASE TABLE'"
        ).fetchall()
        for table, column in columns:
            sql = f'SELECT CAST("{column}" AS VARCHAR) FROM "{table}" WHERE "{column}" IS NOT NULL'
            found += [(table, column, row[0]) for row in con.execute(sql).fetchall()]
    return found


def mentions(path: Path, needles: list[str]) -> list[tuple[str, str, str]]:
    return [(table, column, value) for table, column, value in cells(path) if any(n in value for n in needles)]


def quotes_of(path: Path, call_ids: list[str]) -> list[str]:
    with duckdb.connect(str(path), read_only=True) as con:
        return [
            row[0]
            for row in con.execute(
                "SELECT DISTINCT quote FROM findings WHERE list_contains(?, call_id) AND length(quote) >= 12",
                [call_ids],
            ).fetchall()
        ]


def count(path: Path, sql: str, params: list | None = None):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql, params or []).fetchone()[0]


def test_forgetting_a_call_leaves_nothing_of_it_in_any_table_and_keeps_an_anonymous_decision_stub(db):
    snapshot = db.with_suffix(".snapshot.duckdb")
    needles = [ANA_DEMO, *quotes_of(db, [ANA_DEMO])]
    assert len(needles) > 3 and len(mentions(db, needles)) > 20  # the search finds it before
    other_calls = count(db, "SELECT count(*) FROM utterances WHERE call_id <> ?", [ANA_DEMO])
    decisions = count(db, "SELECT count(*) FROM observations")

    with duckdb.connect(str(db)) as con:
        con.execute("CHECKPOINT")
    assert MARKER.encode() in db.read_bytes()  # the words are in the file as they are

    report = forget(Store(db), call_id=ANA_DEMO, snapshot_path=snapshot)

    assert mentions(db, needles) == []
    assert report.compacted and MARKER.encode() not in db.read_bytes()  # not even in its free space
    assert (
        not db.with_name(db.name + ".wal").exists()
        or MARKER.encode() not in db.with_name(db.name + ".wal").read_bytes()
    )
    assert mentions(snapshot, needles) == [] and report.snapshot == "refreshed"
    assert report.removed["utterances"] > 0 and report.removed["findings"] > 0
    assert report.removed["calls"] == report.removed["call_metrics"] == report.removed["crm_call_notes"] == 1
    assert report.stubbed == {"observations": 1}
    stub = Store(db).rows("SELECT * FROM observations WHERE call_id LIKE 'erased-%'")[0]
    assert (stub["decision"], stub["behaviour"], stub["manager_id"]) == ("confirmed", "discount_before_value", MAYA[0])
    assert stub["diagnosis"] is None and stub["finding_quote"] is None and stub["decided_at"] is not None
    assert count(db, "SELECT count(*) FROM observations") == decisions  # the audit trail keeps its length
    assert count(db, "SELECT count(*) FROM utterances") == other_calls  # nothing else went
    concerns = count(db, "SELECT count(*) FROM performance_concerns")
    assert report.scrubbed["performance_concerns"] == concerns  # each named the call; one quoted it too
    assert count(db, "SELECT count(*) FROM performance_concerns WHERE evidence LIKE '%[erased]%'") == 1
    assert (
        count(db, "SELECT count(*) FROM performance_concerns WHERE list_contains(evidence_calls, '[erased]')")
        == concerns
    )
    assert count(db, "SELECT count(*) FROM coaching_plans") == 2  # plans are about the rep, not the call
    log = Store(db).rows("SELECT * FROM erasures")
    assert [(row["subject_kind"], row["calls_erased"], row["snapshot"]) for row in log] == [("call", 1, "refreshed")]
    assert count(db, "SELECT count(*) FROM erased_sources") == 1


def test_forgetting_a_rep_takes_their_calls_and_records_and_leaves_the_other_reps(db):
    ben_calls = [row["call_id"] for row in Store(db).rows("SELECT call_id FROM calls WHERE rep_id = 'rep_ben'")]
    needles = ["rep_ben", *ben_calls, *quotes_of(db, ben_calls)]
    ana = count(db, "SELECT count(*) FROM calls WHERE rep_id = 'rep_ana'")
    ana_focus = Store(db).rows("SELECT * FROM rep_focus_events WHERE rep_id = 'rep_ana'")

    report = forget(Store(db), rep_id="rep_ben")

    assert report.calls == len(ben_calls) >= 3
    assert mentions(db, needles) == []
    assert not [cell for cell in cells(db) if cell[2] == "Ben"]  # the rep's name went with the reps row
    assert report.removed["reps"] == report.removed["users"] == 1 and report.removed["calls"] == len(ben_calls)
    assert not [cell for cell in cells(db) if "Okafor" in cell[2]]  # the account's name went with it
    assert report.removed["report_runs"] == report.removed["crm_stage_history"] == 1  # the other reps' stay
    assert count(db, "SELECT count(*) FROM report_runs") == count(db, "SELECT count(*) FROM crm_stage_history") == 1
    assert [Path(path).name for path in report.report_files] == ["rep_ben-2026-11.md"]
    assert not (db.parent / "elsewhere" / "rep_ben-2026-11.md").exists()
    # Manager records about Ben stay as stubs: who did what, when; no words about him.
    for table in ("observations", "coaching_plans", "coaching_plan_events", "rep_focus_events"):
        assert report.stubbed[table] >= 1, table
    assert report.stubbed["performance_concerns"] == report.stubbed["performance_concern_events"] == 1
    event = Store(db).rows("SELECT * FROM performance_concern_events WHERE note IS NULL")
    assert [(row["kind"], row["recorded_by"]) for row in event] == [("conversation_held", MAYA[0])]
    assert count(db, "SELECT count(*) FROM calls WHERE rep_id = 'rep_ana'") == ana
    assert Store(db).rows("SELECT * FROM rep_focus_events WHERE rep_id = 'rep_ana'") == ana_focus
    assert count(db, "SELECT count(*) FROM performance_concern_events WHERE note IS NOT NULL") == 1  # Ana's


def test_a_dry_run_changes_nothing_and_an_unknown_id_is_a_clear_error(db):
    before = cells(db)
    report = forget(Store(db), rep_id="rep_ben", dry_run=True)
    assert report.dry_run and report.removed["calls"] >= 3
    assert cells(db) == before
    with pytest.raises(NothingToForget, match="no call c-nope"):
        forget(Store(db), call_id="c-nope")
    assert cells(db) == before


def test_the_command_erases_says_what_went_and_the_batch_does_not_load_the_source_again(db, loaded_db):
    inbox = loaded_db.parent / "inbox"
    run = [sys.executable, "-m", "pipeline.cli"]
    result = subprocess.run(
        [*run, "forget", "--call", ANA_DEMO, "--db", str(db)], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert "erased call" in result.stderr and "utterances" in result.stderr
    assert "source still on disk" in result.stderr and "ana-demo-oakridge.json" in result.stderr

    rules = loaded_db.parent / "rules"  # the pattern-only rules build_database wrote
    again = subprocess.run(
        [*run, "run", "--inbox", str(inbox), "--db", str(db), "--rules", str(rules)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert again.returncode == 0, again.stderr
    assert "erased; delete the source" in again.stderr
    assert count(db, "SELECT count(*) FROM calls WHERE call_id = ?", [ANA_DEMO]) == 0

    roster = ROOT / "data" / "samples" / "team.yaml"
    ben = subprocess.run(
        [*run, "forget", "--rep", "rep_ben", "--db", str(db), "--roster", str(roster)], capture_output=True, text=True
    )
    assert ben.returncode == 0 and "rep_ben is still in the roster" in ben.stderr, ben.stderr
    assert "reps" in ben.stderr and "kept as audit stubs" in ben.stderr

    missing = subprocess.run([*run, "forget", "--rep", "rep_nobody", "--db", str(db)], capture_output=True, text=True)
    assert missing.returncode == 2 and "no rep rep_nobody in the database" in missing.stderr


def test_forgetting_a_rep_with_no_calls_takes_their_voice_profile_and_record(db):
    store = Store(db)
    triage.assign_rep(store, MAYA[0], "rep_new", "New Rep")
    add_voice_sample(store, "rep_new", [1.0, 0.0, 0.0], 12.0)

    report = forget(store, rep_id="rep_new")

    assert report.calls == 0 and report.removed["reps"] == 1 and report.removed["voice_profiles"] == 1
    assert count(db, "SELECT count(*) FROM voice_profiles WHERE rep_id = 'rep_new'") == 0
    assert count(db, "SELECT count(*) FROM reps WHERE rep_id = 'rep_new'") == 0
