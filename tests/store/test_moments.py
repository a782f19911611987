"""Moments (migration 014): after writes, a replaced call, decisions, an undo, erasures, a rerun and a
re-clustering, the `moments` table, the views read from it and the queue equal the same results
computed from the raw findings, calls, utterances and decisions."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from pipeline.coaching import triage
from pipeline.model import CallAnalysis, CallMetrics, Finding, Transcript, Utterance
from pipeline.store import Store, clustering, trends
from pipeline.store import reports as report_sql
from pipeline.store.bulk import load_new_calls
from pipeline.store.call_rows import call_rows, insert_call
from pipeline.store.erasure import erase
from pipeline.store.queue import QueueFilters
from tests.store.test_rollups import BEHAVIOURS, FIRST_DAY, RAW, REPS, assert_rollups_match_raw, new_store, table
from tests.support.schema import migrate_before

MANAGERS = sorted(set(REPS.values()))
# `moments` as it would be computed from scratch: every met or gap finding with its call, the lowest
# speaker confidence of its evidence, and its kind as the triage definition says (RAW, test_rollups).
RAW_MOMENTS = f"""
    WITH candidates AS ({RAW["triage_candidates"]})
    SELECT f.call_id, f.behaviour, c.rep_id, c.started_at, c.call_type, c.deal_id, c.deal_stage, c.source_path,
           f.verdict, f.evidence, f.missing, f.start, f."end", f.quote, f.confidence, f.detector,
           (SELECT min(u.speaker_confidence) FROM utterances u
            WHERE u.call_id = f.call_id AND list_contains(f.evidence, u.idx)) AS evidence_speaker_confidence,
           t.kind
    FROM findings f JOIN calls c USING (call_id)
    LEFT JOIN candidates t ON t.call_id = f.call_id AND t.behaviour = f.behaviour
    WHERE f.verdict <> 'not_applicable'
"""
RAW_FINDING_MOMENTS = """
    SELECT f.call_id, c.rep_id, r.rep_name, r.manager_id, CAST(c.started_at AS DATE), c.started_at, c.call_type,
           c.deal_id, c.deal_stage, f.behaviour, f.verdict, f.missing, f.evidence, f.start, f."end",
           c.started_at + to_milliseconds(CAST(round(f.start * 1000) AS BIGINT)), f.quote, f.confidence, f.detector,
           c.source_path
    FROM findings f JOIN calls c USING (call_id) LEFT JOIN reps r ON r.rep_id = c.rep_id
    WHERE f.verdict <> 'not_applicable'
"""
# The queue of a manager with every status, from the raw candidates and the decision events.
RAW_QUEUE = f"""
    WITH candidates AS ({RAW["triage_candidates"]})
    SELECT t.call_id, t.behaviour, t.kind, lo.observation_id, lo.decision, t.rep_id,
           EXISTS (SELECT 1 FROM utterances u WHERE u.call_id = t.call_id
                   AND list_contains(t.evidence, u.idx) AND u.speaker_confidence < ?) AS speaker_uncertain
    FROM candidates t JOIN team_reps(?) r ON r.rep_id = t.rep_id
    LEFT JOIN latest_observations lo ON lo.call_id = t.call_id AND lo.behaviour = t.behaviour
"""
SURE = 0.8


def call(call_id: str, rep_id: str, started_at, verdicts: dict[str, str], confidences=(0.95, 0.6)) -> tuple:
    """A call whose met and gap findings cite utterance 0 or both; the speakers' confidences as given."""
    utterances = [
        Utterance("rep", 0.0, 3.0, "Who else signs off on this?", speaker_confidence=confidences[0]),
        Utterance("buyer", 3.5, 6.0, "Our CFO.", speaker_confidence=confidences[1]),
    ]
    transcript = Transcript(
        call_id=call_id,
        rep_id=rep_id,
        utterances=utterances,
        started_at=started_at.strftime("%Y-%m-%dT%H:%M:%SZ") if started_at else None,
        call_type="demo",
        deal_id=f"d-{call_id}",
        deal_stage="evaluation",
        source={"file": f"/inbox/{call_id}.json", "format": "json"},
    )
    findings = [
        Finding(
            behaviour,
            verdict,
            [] if verdict == "not_applicable" else [0] if index % 2 else [0, 1],
            [],
            0.0,
            3.0,
            f"Who else ({call_id})",
            0.9,
            "t",
        )
        for index, (behaviour, verdict) in enumerate(verdicts.items())
    ]
    return transcript, CallAnalysis(call_id, findings, CallMetrics(0.5, 3.0, 1, 2.0, 0.5)), f"sha-{call_id}"


def history(seed: int, count: int, prefix: str) -> list[tuple]:
    """`count` calls over about 5 months (strengths need a gap within 60 days: some have none), at random."""
    rng = random.Random(seed)
    calls = []
    for index in range(count):
        started = FIRST_DAY + timedelta(days=rng.randrange(150), hours=rng.randrange(10))
        verdicts = {behaviour: rng.choice(("met", "met", "gap", "not_applicable")) for behaviour in BEHAVIOURS}
        confidences = (rng.choice((None, 0.95, 0.5)), rng.choice((None, 0.9, 0.4)))
        calls.append(call(f"{prefix}-{index:03d}", rng.choice(sorted(REPS)), None if index == 3 else started,
                          verdicts, confidences))  # fmt: skip
    return calls


def assert_moments_match_raw(store: Store) -> None:
    assert table(store, "SELECT * FROM moments") == table(store, RAW_MOMENTS)
    assert table(store, "SELECT * FROM triage_candidates") == table(store, RAW["triage_candidates"])
    assert table(store, "SELECT * FROM finding_moments") == table(store, RAW_FINDING_MOMENTS)
    for manager in MANAGERS:
        queued = triage.queue(store, manager, QueueFilters(status="all"), sure_speaker_confidence=SURE)
        columns = ("call_id", "behaviour", "kind", "observation_id", "decision", "rep_id", "speaker_uncertain")
        got = sorted(tuple(moment[name] for name in columns) for moment in queued)
        raw_queue = sorted(table(store, RAW_QUEUE, [SURE, manager]))
        assert got == raw_queue, manager
        open_of = {row["rep_id"]: row["open_moments"] for row in triage.team(store, manager)}
        raw_open = {row["rep_id"]: 0 for row in store.rows("SELECT rep_id FROM team_reps(?)", [manager])}
        for row in raw_queue:
            raw_open[row[5]] += row[3] is None
        assert open_of == raw_open, manager
    for rep_id in REPS:
        latest_of = trends.latest_applicable_findings_of(store, rep_id, list(BEHAVIOURS), 5)  # one query for all
        for behaviour in BEHAVIOURS:
            latest = trends.latest_applicable_findings(store, rep_id, behaviour, 5)
            assert latest == latest_of.get(behaviour, []), (rep_id, behaviour)
            raw = store.rows(
                "SELECT f.call_id, c.started_at FROM findings f JOIN calls c USING (call_id)"
                " WHERE c.rep_id = ? AND f.behaviour = ? AND f.verdict <> 'not_applicable'"
                " ORDER BY c.started_at DESC, f.call_id DESC LIMIT 5",
                [rep_id, behaviour],
            )
            assert [(row["call_id"], row["started_at"]) for row in latest] == [tuple(row.values()) for row in raw]
        days = (FIRST_DAY.date(), FIRST_DAY.date() + timedelta(1000))
        gaps = report_sql.unreviewed_gaps(store, rep_id, *days, [], 1000)
        raw_gaps = table(
            store,
            "SELECT f.call_id, f.behaviour FROM findings f JOIN calls c USING (call_id)"
            " LEFT JOIN latest_observations o ON o.call_id = f.call_id AND o.behaviour = f.behaviour"
            " WHERE c.rep_id = ? AND f.verdict = 'gap' AND o.observation_id IS NULL AND c.started_at IS NOT NULL",
            [rep_id],
        )
        assert sorted((row["call_id"], row["behaviour"]) for row in gaps) == raw_gaps


@pytest.fixture
def loaded(tmp_path) -> Store:
    """Twenty calls written one by one as the nightly batch writes them, and sixty in bulk."""
    store = new_store(tmp_path)
    for transcript, analysis, content_hash in history(1, 20, "c"):
        assert store.load_call(transcript, analysis, content_hash).status == "loaded"
    load_new_calls(store, [(*item, None) for item in history(2, 60, "b")])
    return store


def test_writes_one_by_one_and_in_bulk_keep_the_moments_equal_to_the_raw_rows(loaded):
    kinds = {row["kind"] for row in loaded.rows("SELECT DISTINCT kind FROM moments")}
    assert kinds == {"gap", "strength", None}  # the history has met findings with and without a gap near
    assert loaded.rows("SELECT count(*) AS n FROM moments WHERE evidence_speaker_confidence < ?", [SURE])[0]["n"]
    assert_moments_match_raw(loaded)


def test_a_replaced_call_turns_the_strengths_its_gaps_made_back_and_forth(loaded):
    # A rep whose only gap of a behaviour is on one call: its met findings within 60 days are strengths...
    lone = call("lone-gap", "rep_cy", FIRST_DAY + timedelta(days=400), dict.fromkeys(BEHAVIOURS, "gap"))
    near = call("near-met", "rep_cy", FIRST_DAY + timedelta(days=430), dict.fromkeys(BEHAVIOURS, "met"))
    far = call("far-met", "rep_cy", FIRST_DAY + timedelta(days=470), dict.fromkeys(BEHAVIOURS, "met"))
    for item in (lone, near, far):
        loaded.load_call(*item)
    kind_of = "SELECT DISTINCT kind FROM moments WHERE call_id = ?"
    assert loaded.rows(kind_of, ["near-met"]) == [{"kind": "strength"}]
    assert loaded.rows(kind_of, ["far-met"]) == [{"kind": None}]
    assert_moments_match_raw(loaded)
    # ...until the call is analysed again without them, and again with them.
    met = call("lone-gap", "rep_cy", FIRST_DAY + timedelta(days=400), dict.fromkeys(BEHAVIOURS, "met"))
    assert loaded.load_call(*met[:2], "sha-again", replace=True).status == "replaced"
    assert loaded.rows(kind_of, ["near-met"]) == [{"kind": None}]
    assert_moments_match_raw(loaded)
    moved = call("lone-gap", "rep_cy", FIRST_DAY + timedelta(days=450), dict.fromkeys(BEHAVIOURS, "gap"))
    assert loaded.load_call(*moved[:2], "sha-moved", replace=True).status == "replaced"
    assert loaded.rows(kind_of, ["far-met"]) == [{"kind": "strength"}]
    assert_moments_match_raw(loaded)


def test_a_moment_s_place_previous_and_next_are_those_of_the_queue_as_listed(loaded):
    """Focus first, newest first, calls without a time last; decided moments leave the open queue;
    a moment the filters leave out has no place."""
    manager = REPS["rep_ana"]
    first = triage.queue(loaded, manager, QueueFilters())[0]
    triage.decide(loaded, manager, first["call_id"], first["behaviour"], "dismissed", reason="not_coachable")
    focus = {rep_id: [BEHAVIOURS[index % len(BEHAVIOURS)]] for index, rep_id in enumerate(sorted(REPS))}
    for filters in (QueueFilters(status="all"), QueueFilters()):
        listed = [(moment["call_id"], moment["behaviour"]) for moment in triage.queue(loaded, manager, filters, focus)]
        for index in sorted({*range(0, len(listed), 3), len(listed) - 1}):  # a third of them, the last too
            call_id, behaviour = listed[index]
            found = triage.queue_neighbours(loaded, manager, filters, focus, call_id, behaviour)
            assert found == {
                "total": len(listed),
                "position": index + 1,
                "previous": listed[index - 1] if index else None,
                "next": listed[index + 1] if index + 1 < len(listed) else None,
                "first": listed[0],
            }
    assert (first["call_id"], first["behaviour"]) not in listed  # decided: out of the open queue
    outside = triage.queue_neighbours(loaded, manager, QueueFilters(), focus, first["call_id"], first["behaviour"])
    assert outside["position"] is None and outside["previous"] is None and outside["next"] is None
    assert outside["total"] == len(listed) and outside["first"] == listed[0]
    empty = triage.queue_neighbours(loaded, manager, QueueFilters(kind="no such kind"), focus, *listed[0])
    assert empty == {"total": 0, "position": None, "previous": None, "next": None, "first": None}


def test_decisions_and_an_undo_show_in_the_queue_as_in_the_raw_events(loaded):
    manager = REPS["rep_ana"]
    first, second = triage.queue(loaded, manager, QueueFilters())[:2]
    triage.decide(loaded, manager, first["call_id"], first["behaviour"], "dismissed", reason="not_coachable")
    decided = triage.decide(loaded, manager, second["call_id"], second["behaviour"], "strength")
    assert_moments_match_raw(loaded)
    triage.undo(loaded, manager, second["call_id"], second["behaviour"], decided)
    assert_moments_match_raw(loaded)


def test_erasures_a_rerun_and_clustering_keep_the_moments_equal_to_the_raw_rows(loaded):
    erase(loaded, call_id="c-004")
    assert not loaded.rows("SELECT 1 FROM moments WHERE call_id = 'c-004'")
    assert_moments_match_raw(loaded)
    erase(loaded, rep_id="rep_ben")
    assert not loaded.rows("SELECT 1 FROM moments WHERE rep_id = 'rep_ben'")
    assert_moments_match_raw(loaded)
    before = table(loaded, "SELECT * FROM moments")
    for transcript, analysis, content_hash in history(1, 20, "c"):
        assert loaded.load_call(transcript, analysis, content_hash).status in ("unchanged", "loaded")
    loaded.cluster_by_rep()
    assert_moments_match_raw(loaded)
    for name in ("calls", "moments", "rep_behaviour_days", "rep_behaviour_weeks"):
        order = [row["rep_id"] for row in loaded.rows(f"SELECT rep_id FROM {name}")]
        assert order == sorted(order), name  # each rep's rows together
    assert_rollups_match_raw(loaded)
    assert len(table(loaded, "SELECT * FROM moments")) > len(before)  # c-004 came back with the rerun


def test_a_table_is_sorted_again_once_its_unsorted_tail_has_grown(loaded, monkeypatch):
    clustered = ["calls", "moments", "rep_behaviour_days", "rep_behaviour_weeks"]
    assert loaded.cluster_by_rep() == clustered  # never sorted since it was written: all of it is tail
    assert loaded.cluster_by_rep() == []  # nothing written since
    # A large history: a tail needs a quarter of the table before it is worth writing the table again.
    monkeypatch.setattr(clustering, "ROW_GROUP_ROWS", 10**9)
    monkeypatch.setattr(clustering, "TAIL_SHARE", 0.25)
    moments_before = len(table(loaded, "SELECT * FROM moments"))
    load_new_calls(loaded, [(*item, None) for item in history(3, 4, "t")])
    assert loaded.cluster_by_rep() == []  # a small tail stays where it is, and reads stay right
    assert_moments_match_raw(loaded)
    load_new_calls(loaded, [(*item, None) for item in history(4, 60, "u")])
    assert len(table(loaded, "SELECT * FROM moments")) >= 1.5 * moments_before
    assert "moments" in loaded.cluster_by_rep()  # both loads together: the tail has grown
    order = [row["rep_id"] for row in loaded.rows("SELECT rep_id FROM moments")]
    assert order == sorted(order)
    erase(loaded, rep_id="rep_ben")  # fewer rows, still in order
    assert loaded.cluster_by_rep() == []
    assert loaded.cluster_by_rep(force=True) == clustered
    assert_moments_match_raw(loaded)


def test_migration_014_writes_the_moments_of_the_calls_an_older_coachloop_loaded(tmp_path):
    store = Store(tmp_path / "coachloop.duckdb")
    migrate_before(store, 14)
    with store.transaction() as con:  # what an older write left: the calls' rows and rollups, no moments
        for transcript, analysis, content_hash in history(3, 60, "old"):
            insert_call(con, call_rows(transcript, analysis, content_hash, None))
        con.execute(
            "INSERT INTO rep_behaviour_days SELECT c.rep_id, f.behaviour, CAST(c.started_at AS DATE), count(*),"
            " count(*) FILTER (WHERE f.verdict <> 'not_applicable'), count(*) FILTER (WHERE f.verdict = 'gap'),"
            " count(*) FILTER (WHERE f.verdict = 'met') FROM findings f JOIN calls c USING (call_id) GROUP BY ALL"
        )
    assert store.migrate()[:1] == ["014_moments.sql"]
    assert store.rows("SELECT count(*) AS n FROM moments WHERE kind = 'strength'")[0]["n"] > 0
    assert table(store, "SELECT * FROM moments") == table(store, RAW_MOMENTS)
    assert store.migrate() == []
