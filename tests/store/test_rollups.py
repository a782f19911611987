"""Rollups (migration 013): every write, replacement, rerun and erasure leaves the rollup-backed
views and queries equal to the same aggregates computed from the raw findings."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest

from pipeline.ingest.roster import RosterRep
from pipeline.model import CallAnalysis, CallMetrics, Finding, Transcript, Utterance
from pipeline.store import Store, concerns, focus, rollups, trends
from pipeline.store import reports as report_sql
from pipeline.store.bulk import load_new_calls
from pipeline.store.call_rows import call_rows, insert_call
from pipeline.store.erasure import erase
from tests.support.schema import migrate_before

BEHAVIOURS = ("budget_before_demo", "buying_committee_asked", "next_step_date_owner")
REPS = {"rep_ana": "mgr_maya", "rep_ben": "mgr_maya", "rep_cy": "mgr_omar"}
FIRST_DAY = datetime(2026, 8, 3, 9, 0)

# The aggregates as coachloop computed them before the rollups: straight from findings and calls.
RAW = {
    "rep_behaviour_days": """
        SELECT c.rep_id, f.behaviour, CAST(c.started_at AS DATE) AS call_date, count(*) AS calls,
               count(*) FILTER (WHERE f.verdict <> 'not_applicable') AS applicable_calls,
               count(*) FILTER (WHERE f.verdict = 'gap') AS gap_calls,
               count(*) FILTER (WHERE f.verdict = 'met') AS met_calls
        FROM findings f JOIN calls c USING (call_id) GROUP BY ALL""",
    "rep_behaviour_weeks": """
        SELECT c.rep_id, f.behaviour, CAST(date_trunc('week', c.started_at) AS DATE) AS week, count(*) AS calls,
               count(*) FILTER (WHERE f.verdict <> 'not_applicable') AS applicable_calls,
               count(*) FILTER (WHERE f.verdict = 'gap') AS gap_calls,
               count(*) FILTER (WHERE f.verdict = 'met') AS met_calls
        FROM findings f JOIN calls c USING (call_id) GROUP BY ALL""",
    "behaviour_trends": """
        SELECT c.rep_id, CAST(date_trunc('week', c.started_at) AS DATE) AS week, f.behaviour,
               count(*) FILTER (WHERE f.verdict <> 'not_applicable') AS applicable_calls,
               count(*) FILTER (WHERE f.verdict = 'gap') AS gap_calls,
               gap_rate(count(*) FILTER (WHERE f.verdict = 'gap'),
                        count(*) FILTER (WHERE f.verdict <> 'not_applicable')) AS gap_rate
        FROM findings f JOIN calls c USING (call_id) GROUP BY ALL""",
    "rep_scorecard": """
        WITH anchored AS (
            SELECT c.rep_id, f.behaviour, f.verdict, CAST(c.started_at AS DATE) AS call_date,
                   (SELECT CAST(max(started_at) AS DATE) FROM calls) AS as_of
            FROM findings f JOIN calls c USING (call_id)
        ), windowed AS (
            SELECT *, call_date > as_of - 28 AS in_last_4w,
                   call_date > as_of - 56 AND call_date <= as_of - 28 AS in_prev_4w
            FROM anchored
        ), counted AS (
            SELECT rep_id, behaviour, any_value(as_of) AS as_of, count(*) AS calls,
                   count(*) FILTER (WHERE verdict <> 'not_applicable') AS applicable_calls,
                   count(*) FILTER (WHERE verdict = 'gap') AS gap_calls,
                   count(*) FILTER (WHERE in_last_4w AND verdict <> 'not_applicable') AS last_4w_applicable,
                   count(*) FILTER (WHERE in_last_4w AND verdict = 'gap') AS last_4w_gaps,
                   count(*) FILTER (WHERE in_prev_4w AND verdict <> 'not_applicable') AS prev_4w_applicable,
                   count(*) FILTER (WHERE in_prev_4w AND verdict = 'gap') AS prev_4w_gaps
            FROM windowed GROUP BY rep_id, behaviour
        )
        SELECT c.rep_id, r.rep_name, r.manager_id, c.behaviour, c.as_of, c.calls, c.applicable_calls, c.gap_calls,
               gap_rate(c.gap_calls, c.applicable_calls) AS gap_rate,
               c.last_4w_applicable, c.last_4w_gaps, gap_rate(c.last_4w_gaps, c.last_4w_applicable) AS last_4w_gap_rate,
               c.prev_4w_applicable, c.prev_4w_gaps, gap_rate(c.prev_4w_gaps, c.prev_4w_applicable) AS prev_4w_gap_rate,
               round(c.last_4w_gaps / nullif(c.last_4w_applicable, 0)
                     - c.prev_4w_gaps / nullif(c.prev_4w_applicable, 0), 4) AS gap_rate_change
        FROM counted c LEFT JOIN reps r USING (rep_id)""",
    "triage_candidates": """
        SELECT f.call_id, c.rep_id, c.started_at, c.call_type, c.deal_id, f.behaviour, f.verdict, f.evidence,
               f.missing, f.start, f."end", f.quote, f.confidence, f.detector,
               CASE WHEN f.verdict = 'gap' THEN 'gap' ELSE 'strength' END AS kind
        FROM findings f JOIN calls c USING (call_id)
        WHERE f.verdict = 'gap'
           OR (f.verdict = 'met' AND len(f.evidence) > 0 AND EXISTS (
                  SELECT 1 FROM findings g JOIN calls gc USING (call_id)
                  WHERE gc.rep_id = c.rep_id AND g.behaviour = f.behaviour AND g.verdict = 'gap'
                    AND g.call_id <> f.call_id
                    AND abs(datediff('day', CAST(gc.started_at AS DATE), CAST(c.started_at AS DATE))) <= 60))""",
}


def table(store: Store, sql: str, params: list | None = None) -> list[tuple]:
    """Every row of a query as sorted tuples (None sorts first): compared as sets of rows with repeats."""
    with store.connect(read_only=True) as con:
        rows = con.execute(sql, params or []).fetchall()
    return sorted(rows, key=lambda row: tuple((value is not None, str(value)) for value in row))


def call(call_id: str, rep_id: str, started_at: datetime | None, verdicts: dict[str, str]) -> tuple:
    """A call of `rep_id` whose findings have the given verdicts (met and gap cite their evidence)."""
    utterances = [Utterance("rep", 0.0, 3.0, "Who else signs off on this?"), Utterance("buyer", 3.5, 6.0, "Our CFO.")]
    transcript = Transcript(
        call_id=call_id,
        rep_id=rep_id,
        utterances=utterances,
        started_at=started_at.strftime("%Y-%m-%dT%H:%M:%SZ") if started_at else None,
        call_type="demo",
        deal_id=f"d-{call_id}",
    )
    findings = [
        Finding(behaviour, verdict, [] if verdict == "not_applicable" else [0], [], 0.0, 3.0, "Who else", 0.9, "t")
        for behaviour, verdict in verdicts.items()
    ]
    return transcript, CallAnalysis(call_id, findings, CallMetrics(0.5, 3.0, 1, 2.0, 0.5)), f"sha-{call_id}"


def history(seed: int, count: int, prefix: str = "c") -> list[tuple]:
    """`count` calls over about 14 weeks, reps and verdicts at random, one call with no start time."""
    rng = random.Random(seed)
    calls = []
    for index in range(count):
        started = FIRST_DAY + timedelta(days=rng.randrange(98), hours=rng.randrange(10))
        verdicts = {behaviour: rng.choice(("met", "gap", "gap", "not_applicable")) for behaviour in BEHAVIOURS}
        rep_id = rng.choice(sorted(REPS))
        calls.append(call(f"{prefix}-{index:03d}", rep_id, None if index == 5 else started, verdicts))
    return calls


def new_store(tmp_path) -> Store:
    store = Store(tmp_path / "coachloop.duckdb")
    store.migrate()
    store.sync_roster([RosterRep(rep_id, rep_id.title(), manager) for rep_id, manager in REPS.items()])
    return store


def assert_rollups_match_raw(store: Store) -> None:
    """Each rollup table, view and rollup-backed query equals its aggregate over the raw findings."""
    for name, raw in RAW.items():
        assert table(store, f"SELECT * FROM {name}") == table(store, raw), name
    latest = store.rows("SELECT CAST(max(started_at) AS DATE) AS d FROM calls")[0]["d"] or date(2026, 11, 1)
    period, previous = (latest - timedelta(days=27), latest), (latest - timedelta(days=55), latest - timedelta(27))
    # The team reads (one query for many reps, as the team roll-up asks) against the same raw counts below.
    team = [*REPS, "rep_nobody"]
    team_rates = trends.team_rates_in_two_periods(store, team, period, previous)
    team_above = focus.team_gaps_above_standard(store, team, previous[0], latest, 2, 0.3)
    call_counts = report_sql.call_counts(store, team, *period)
    assert call_counts["rep_nobody"] == 0 and "rep_nobody" not in team_rates | team_above
    for rep_id, manager in REPS.items():
        raw_calls = store.rows(
            "SELECT count(*) AS n FROM calls WHERE rep_id = ? AND CAST(started_at AS DATE) BETWEEN ? AND ?",
            [rep_id, *period],
        )[0]["n"]
        assert call_counts[rep_id] == raw_calls, rep_id
        raw_periods = [
            row
            for row in table(
                store,
                "SELECT f.behaviour,"
                " count(*) FILTER (WHERE CAST(c.started_at AS DATE) BETWEEN ? AND ? AND f.verdict <> 'not_applicable'),"
                " count(*) FILTER (WHERE CAST(c.started_at AS DATE) BETWEEN ? AND ? AND f.verdict = 'gap'),"
                " count(*) FILTER (WHERE CAST(c.started_at AS DATE) BETWEEN ? AND ? AND f.verdict <> 'not_applicable'),"
                " count(*) FILTER (WHERE CAST(c.started_at AS DATE) BETWEEN ? AND ? AND f.verdict = 'gap')"
                " FROM findings f JOIN calls c USING (call_id) WHERE c.rep_id = ? GROUP BY f.behaviour",
                [*period, *period, *previous, *previous, rep_id],
            )
            if row[1] or row[3]
        ]
        got = [tuple(row.values()) for row in trends.rates_in_two_periods(store, rep_id, period, previous)]
        assert got == raw_periods, rep_id
        assert [tuple(row.values()) for row in team_rates.get(rep_id, [])] == raw_periods, rep_id
        for behaviour in BEHAVIOURS[: 1 + len(rep_id) % 3]:  # not all for every rep: each check opens the file
            for scope in (None, rep_id):
                rate = concerns.team_gap_rate(store, manager, behaviour, previous[0], latest, scope)
                raw_rate = store.rows(
                    "SELECT count(*) FILTER (WHERE f.verdict = 'gap') AS gaps,"
                    " count(*) FILTER (WHERE f.verdict <> 'not_applicable') AS applicable"
                    " FROM findings f JOIN calls c USING (call_id) JOIN team_reps(?) r ON r.rep_id = c.rep_id"
                    " WHERE f.behaviour = ? AND CAST(c.started_at AS DATE) BETWEEN ? AND ?"
                    " AND (? IS NULL OR c.rep_id = ?)",
                    [manager, behaviour, previous[0], latest, scope, scope],
                )[0]
                assert (rate["gaps"], rate["applicable"]) == (raw_rate["gaps"], raw_rate["applicable"])
        above = focus.gaps_above_standard(store, rep_id, previous[0], latest, 2, 0.3)
        raw_above = store.rows(
            "SELECT f.behaviour, count(*) FILTER (WHERE f.verdict <> 'not_applicable') AS applicable,"
            " count(*) FILTER (WHERE f.verdict = 'gap') AS gaps FROM findings f JOIN calls c USING (call_id)"
            " WHERE c.rep_id = ? AND CAST(c.started_at AS DATE) BETWEEN ? AND ? GROUP BY f.behaviour"
            " HAVING applicable >= 2 AND gap_rate(gaps, applicable) > 0.3"
            " ORDER BY gap_rate(gaps, applicable) DESC, applicable DESC, f.behaviour",
            [rep_id, previous[0], latest],
        )
        assert above == raw_above
        assert team_above.get(rep_id, []) == raw_above, rep_id
        weeks = trends.weekly_gaps(store, rep_id, list(BEHAVIOURS), date(2026, 1, 1), latest)
        raw_weeks = [
            {"week": row[1], "behaviour": row[2], "gap_calls": row[4], "applicable_calls": row[3]}
            for row in table(store, RAW["behaviour_trends"])
            if row[0] == rep_id and row[1] is not None and row[3] > 0
        ]
        assert weeks == sorted(raw_weeks, key=lambda row: (row["week"], row["behaviour"]))
    raw_totals = store.rows(
        "SELECT c.rep_id, f.behaviour, count(DISTINCT c.call_id) AS calls,"
        " count(*) FILTER (WHERE f.verdict <> 'not_applicable') AS applicable_calls,"
        " count(*) FILTER (WHERE f.verdict = 'gap') AS gap_calls"
        " FROM calls c JOIN findings f USING (call_id) GROUP BY ALL ORDER BY ALL"
    )
    assert trends.behaviour_totals(store) == raw_totals


@pytest.fixture
def loaded(tmp_path) -> Store:
    """Fifteen calls written one by one as the nightly batch writes them, and seventy-five in bulk."""
    store = new_store(tmp_path)
    for transcript, analysis, content_hash in history(1, 15):
        assert store.load_call(transcript, analysis, content_hash).status == "loaded"
    load_new_calls(store, [(*item, None) for item in history(2, 75, prefix="b")])
    return store


def test_writes_one_by_one_and_in_bulk_keep_every_aggregate_equal_to_the_raw_findings(loaded):
    assert loaded.rows("SELECT sum(calls) AS n FROM rep_behaviour_weeks")[0]["n"] == 90 * len(BEHAVIOURS)
    assert loaded.rows("SELECT count(*) AS n FROM rep_behaviour_days WHERE call_date IS NULL")[0]["n"] > 0
    assert_rollups_match_raw(loaded)


def test_a_rerun_changes_no_count(loaded):
    before = {name: table(loaded, f"SELECT * FROM {name}") for name in rollups.PERIODS}
    for transcript, analysis, content_hash in history(1, 15):
        assert loaded.load_call(transcript, analysis, content_hash).status == "unchanged"
    assert {name: table(loaded, f"SELECT * FROM {name}") for name in rollups.PERIODS} == before


def test_a_replaced_call_counts_only_its_new_findings_in_its_new_week(loaded):
    original = loaded.rows("SELECT rep_id, started_at FROM calls WHERE call_id = 'c-010'")[0]
    moved = call("c-010", "rep_cy", original["started_at"] + timedelta(days=9), dict.fromkeys(BEHAVIOURS, "met"))
    assert loaded.load_call(*moved, replace=True).status == "replaced"
    undated = "SELECT sum(calls) AS n FROM rep_behaviour_days WHERE call_date IS NULL"
    before = loaded.rows(undated)[0]["n"]
    no_start = call("c-005", "rep_ana", FIRST_DAY, dict.fromkeys(BEHAVIOURS, "gap"))  # had no start time
    assert loaded.load_call(*no_start, replace=True).status == "replaced"
    assert loaded.rows(undated)[0]["n"] == before - len(BEHAVIOURS)
    assert_rollups_match_raw(loaded)


def test_erasing_a_call_and_a_rep_takes_their_counts_out(loaded):
    erase(loaded, call_id="c-012")
    assert_rollups_match_raw(loaded)
    erase(loaded, rep_id="rep_ben")
    assert loaded.rows("SELECT count(*) AS n FROM rep_behaviour_weeks WHERE rep_id = 'rep_ben'")[0]["n"] == 0
    assert_rollups_match_raw(loaded)


def test_a_dry_run_erasure_leaves_the_counts(loaded):
    before = table(loaded, "SELECT * FROM rep_behaviour_days")
    erase(loaded, rep_id="rep_ana", dry_run=True)
    assert table(loaded, "SELECT * FROM rep_behaviour_days") == before


def test_a_bulk_write_with_a_loaded_call_writes_nothing(loaded):
    before = table(loaded, "SELECT * FROM rep_behaviour_weeks")
    again = [(*call("b-new", "rep_ana", FIRST_DAY, dict.fromkeys(BEHAVIOURS, "gap")), None), (*history(1, 1)[0], None)]
    with pytest.raises(Exception, match="already loaded"):
        load_new_calls(loaded, again)
    assert table(loaded, "SELECT * FROM rep_behaviour_weeks") == before
    assert not loaded.rows("SELECT 1 FROM calls WHERE call_id = 'b-new'")


def test_migration_013_counts_the_calls_an_older_coachloop_loaded(tmp_path):
    store = Store(tmp_path / "coachloop.duckdb")
    migrate_before(store, 13)
    with store.transaction() as con:  # what an older write left: the call's rows, no rollup
        for transcript, analysis, content_hash in history(3, 50):
            insert_call(con, call_rows(transcript, analysis, content_hash, None))
    assert "013_rollups.sql" in store.migrate()
    assert table(store, "SELECT * FROM rep_behaviour_days") == table(store, RAW["rep_behaviour_days"])
    assert table(store, "SELECT * FROM rep_behaviour_weeks") == table(store, RAW["rep_behaviour_weeks"])
    store.sync_roster([RosterRep(rep_id, rep_id.title(), manager) for rep_id, manager in REPS.items()])
    assert_rollups_match_raw(store)
    assert store.migrate() == []
