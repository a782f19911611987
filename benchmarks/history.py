"""How fast are the pages and the analyst views on a year of a large sales floor?

Builds (once, then reuses) a database of --calls synthetic calls (default 1,000,000: 9 findings each,
1,000 reps, 125 managers of 8 reps) through the store's own write path: the roster through
`Store.sync_roster`, the calls through `pipeline.store.bulk.load_new_calls` (the rows and statements of
`Store.load_call`, rollups included), manager decisions, focus choices and practice plans through the
functions the web app calls. Then times, median of --runs runs after one warm-up, the store and
coaching functions behind every page (for one manager and one of their reps) and every analyst view
(read into a pandas data frame, as an analyst reads one), prints a table and exits 1 if any is over --limit-ms. A stopped build goes on with --resume
(the decisions are made once all calls are written).

    python benchmarks/history.py [--calls 1000000] [--db /tmp/coachloop-history-1000000.duckdb]
                                 [--runs 5] [--limit-ms 150] [--rebuild] [--resume]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

from pipeline.coaching import cadence, call_review, concerns, focus, trend, triage
from pipeline.coaching.plans import PlanInput, create_plan
from pipeline.coaching.rep_view import own_view
from pipeline.config import CoachingSettings, StoreSettings, load_settings
from pipeline.ingest.roster import RosterRep
from pipeline.model import CallAnalysis, CallMetrics, Finding, Transcript, Utterance
from pipeline.reports import rollup, summary, tracker
from pipeline.store import Store
from pipeline.store.bulk import load_new_calls
from pipeline.store.trends import latest_call_date
from pipeline.web.routes.coaching import _rep_overview, _team_overview, focus_behaviours, team_focus

CALL_TYPES = ("discovery", "demo", "negotiation", "follow_up", "other")
LAST_DAY = datetime(2026, 11, 27)
CHUNK = 25_000  # calls per write transaction while building
REPS_PER_MANAGER = 8


class HeldStore(Store):
    """The store over one connection held open for the whole benchmark.

    Opening a DuckDB file costs tens of milliseconds on a busy 2-core machine (more than most
    queries here); keeping connections is the web server's business, so the figures below are the
    queries' own time. Every statement is still the store's own.
    """

    def __init__(self, path: Path):
        super().__init__(path, StoreSettings(min_free_mb=0))
        self._held = None

    @contextmanager
    def connect(self, read_only: bool = False, live: bool = False) -> Iterator:
        if self._held is None:
            self._opening = super().connect()
            self._held = self._opening.__enter__()
        yield self._held

    def close(self) -> None:
        if self._held is not None:
            self._opening.__exit__(None, None, None)
            self._held = None


def behaviours() -> list[str]:
    return sorted(path.stem for path in (load_settings().rules_dir / "behaviours").glob("*.yaml"))


def synthetic_calls(count: int, reps: int, days: int, seed: int) -> Iterator[tuple]:
    """`count` calls in time order over `days` days: (transcript, analysis, content_hash, rep_name).

    Each rep has a gap tendency per behaviour; a behaviour applies to about two calls in three.
    """
    rng = random.Random(seed)
    names = behaviours()
    tendency_of = [[rng.uniform(0.1, 0.8) for _ in names] for _ in range(reps)]
    utterances = [  # the same words in every call: what is stored per call is the same either way
        Utterance("rep", 0.0, 4.0, "Thanks for making time today."),
        Utterance("buyer", 4.5, 9.0, "Happy to, we have half an hour."),
        Utterance("rep", 9.5, 15.0, "Who else is involved in the decision on your side?"),
        Utterance("buyer", 15.5, 20.0, "Our finance lead signs off."),
    ]
    quote, first = utterances[2].text, LAST_DAY - timedelta(days=days)
    # Findings are never changed once made: calls share the three possible ones of each behaviour.
    made = {
        (name, verdict): Finding(name, verdict, [2], [], 9.5, 15.0, quote, 0.9, "synthetic")
        for name in names
        for verdict in ("met", "gap")
    } | {(name, "not_applicable"): Finding(name, "not_applicable", detector="synthetic") for name in names}
    for index in range(count):
        rep = rng.randrange(reps)
        started = first + timedelta(seconds=index * days * 86_400 / count)
        call_id = f"h{index:07d}"
        findings = [
            made[(name, "not_applicable" if rng.random() < 0.33 else "gap" if rng.random() < tendency else "met")]
            for name, tendency in zip(names, tendency_of[rep], strict=True)
        ]
        transcript = Transcript(
            call_id=call_id,
            rep_id=f"rep_{rep:04d}",
            utterances=utterances,
            started_at=started.strftime("%Y-%m-%dT%H:%M:%SZ"),
            call_type=CALL_TYPES[index % len(CALL_TYPES)],
            deal_id=f"d-{rep:04d}-{index % 40}",
            deal_stage="evaluation",
            source={"file": f"/inbox/{call_id}.json", "format": "json"},
        )
        metrics = CallMetrics(0.5, 30.0, 4, 3.0, 0.7)
        yield transcript, CallAnalysis(call_id, findings, metrics), f"sha-{call_id}", f"Rep {rep:04d}"


def chunks(items: Iterator[tuple], size: int) -> Iterator[list[tuple]]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def manager_of(rep: int) -> str:
    return f"mgr_{rep // REPS_PER_MANAGER:03d}"


def decisions(store: Store, reps: int, teams: int, per_rep: int, seed: int) -> None:
    """A few decisions per rep of the first `teams` teams through the triage functions, a plan on each
    confirmed gap, and a focus chosen for every other rep: the managers' side of the loop, as the web
    app records it (one write at a time, so only some teams: the timed manager's team is the first)."""
    rng = random.Random(seed)
    names = behaviours()
    for first_rep in range(0, min(reps, teams * REPS_PER_MANAGER), REPS_PER_MANAGER):
        manager = manager_of(first_rep)
        moments: dict[str, list[dict]] = {}
        for moment in triage.queue(store, manager, triage.QueueFilters()):
            moments.setdefault(moment["rep_id"], []).append(moment)
        for rep_id, own in sorted(moments.items()):
            for index, moment in enumerate(rng.sample(own, min(per_rep, len(own)))):
                decide(store, manager, moment, index)
            if int(rep_id.removeprefix("rep_")) % 2 == 0:
                focus.set_focus(store, rep_id, [rng.choice(names)], manager, "benchmark")


def decide(store: Store, manager: str, moment: dict, index: int) -> None:
    call_id, behaviour = moment["call_id"], moment["behaviour"]
    if moment["kind"] == "strength":
        triage.decide(store, manager, call_id, behaviour, "strength")
    elif index % 2 == 0:
        observation = triage.decide(store, manager, call_id, behaviour, "confirmed", diagnosis="Went on too soon.")
        day = moment["started_at"].date()
        draft = PlanInput(observation, "Ask first.", day + timedelta(days=14), apply_date=day + timedelta(days=7))
        create_plan(store, manager, draft)
    else:
        triage.decide(store, manager, call_id, behaviour, "dismissed", reason="not_coachable")


def build(db: Path, calls: int, reps: int, teams: int, decisions_per_rep: int, seed: int) -> float:
    """Build the database, going on from the calls a stopped build wrote; returns the seconds it took."""
    started = time.perf_counter()
    store = HeldStore(db)
    store.migrate()
    store.sync_roster([RosterRep(f"rep_{rep:04d}", f"Rep {rep:04d}", manager_of(rep)) for rep in range(reps)])
    done = store.rows("SELECT count(*) AS n FROM calls")[0]["n"]  # calls come in order, a chunk at a time
    written = 0
    for chunk in chunks(synthetic_calls(calls, reps, 365, seed), CHUNK):
        if written + len(chunk) <= done:
            written += len(chunk)
            continue
        written += load_new_calls(store, chunk)
        rate = (written - done) / (time.perf_counter() - started)
        print(f"  {written:>9,} calls written ({rate:,.0f} calls/s)", file=sys.stderr)
    print(f"  calls written in {time.perf_counter() - started:.0f} s; decisions...", file=sys.stderr)
    decided = time.perf_counter()
    decisions(store, reps, teams, decisions_per_rep, seed)
    print(f"  decisions, plans and focus in {time.perf_counter() - decided:.0f} s", file=sys.stderr)
    clustered = time.perf_counter()
    store.cluster_by_rep()  # as each night's batch leaves the tables after loading its calls
    print(f"  each rep's moments and rollups together in {time.perf_counter() - clustered:.0f} s", file=sys.stderr)
    with store.connect() as con:
        con.execute("CHECKPOINT")
    store.close()
    return time.perf_counter() - started


def timed(function: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of `runs` runs, after one warm-up run. CPU time counts
    every thread of this process (DuckDB's too): on a shared machine it is the query's own cost,
    while the wall clock also holds the time spent waiting for a core."""
    function()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def page_queries(store: Store, manager: str, rep_id: str) -> dict[str, Callable[[], object]]:
    """The store and coaching functions each page calls, as its route calls them (pipeline/web/routes/)."""
    standards = CoachingSettings()
    today = date.today()  # as the routes ask
    per_page, sure = 25, standards.sure_speaker_confidence  # the app's page size and speaker standard

    def queue_page():
        team = triage.team(store, manager)
        latest = latest_call_date(store)
        chosen = focus_behaviours(team_focus(store, manager, standards, as_of=latest))
        triage.queue_page(store, manager, triage.QueueFilters(), chosen, 1, per_page, sure)
        triage.suggested_calls(store, manager, chosen)
        trend.team_trends(store, manager, latest=latest)
        return team

    def moment_page():
        chosen = focus_behaviours(team_focus(store, manager, standards))
        triage.moment(store, manager, call_id, behaviour)
        return triage.queue_neighbours(store, manager, triage.QueueFilters(), chosen, call_id, behaviour)

    first = triage.queue_page(store, manager, triage.QueueFilters(rep_id=rep_id)).items[0]
    call_id, behaviour = first["call_id"], first["behaviour"]
    period = tracker.period_for(store, standards)
    return {
        "queue: team": lambda: triage.team(store, manager),
        "queue: focus of the team": lambda: team_focus(store, manager, standards),
        "queue: moments (open, first page)": lambda: triage.queue_page(
            store, manager, triage.QueueFilters(), None, 1, per_page, sure
        ),
        "queue: moments (one rep, all, last page)": lambda: triage.queue_page(
            store, manager, triage.QueueFilters(rep_id=rep_id, status="all"), None, 10**6, per_page, sure
        ),
        "queue: suggested calls": lambda: triage.suggested_calls(
            store, manager, focus_behaviours(team_focus(store, manager, standards))
        ),
        "queue: team trends": lambda: trend.team_trends(store, manager),
        "queue page (all of the above)": queue_page,
        "moment (with its place in the queue)": moment_page,
        "coaching (team)": lambda: _team_overview(store, manager, standards),
        "coaching (one rep)": lambda: _rep_overview(store, manager, rep_id, standards),
        "plans": lambda: triage.plans(store, manager),
        "report: one rep's tracker": lambda: tracker.build_tracker(store, rep_id, standards, period),
        "report: team roll-up": lambda: rollup.team_rollup(store, manager, standards, period),
        "cadence": lambda: cadence.team_cadence(store, manager, standards, as_of=today),
        "concerns": lambda: concerns.concerns(store, manager),
        "reviewed calls": lambda: call_review.reviewed_calls(store, manager_id=manager),
        "me (the rep's page)": lambda: own_view(store, rep_id, standards),
        "summary table (all reps)": lambda: summary.rep_summary(store),
    }


ANALYST_VIEWS = {
    "rep_scorecard (one manager)": ("SELECT * FROM rep_scorecard WHERE manager_id = ?", "manager"),
    "rep_scorecard (all)": ("SELECT * FROM rep_scorecard", None),
    "behaviour_trends (all)": ("SELECT * FROM behaviour_trends", None),
    "behaviour_trends (one rep)": ("SELECT * FROM behaviour_trends WHERE rep_id = ?", "rep"),
    "triage_candidates (one rep)": ("SELECT * FROM triage_candidates WHERE rep_id = ?", "rep"),
    "finding_moments (one rep)": ("SELECT * FROM finding_moments WHERE rep_id = ?", "rep"),
    "latest_observations (all)": ("SELECT * FROM latest_observations", None),
    "practice_plans (all)": ("SELECT * FROM practice_plans", None),
    "plan_outcomes (all)": ("SELECT * FROM plan_outcomes", None),
    "manager_rep_focus (all)": ("SELECT * FROM manager_rep_focus", None),
    "performance_concern_status (all)": ("SELECT * FROM performance_concern_status", None),
    "open_quarantine (all)": ("SELECT * FROM open_quarantine", None),
    "batch_runs (all)": ("SELECT * FROM batch_runs", None),
    "crm_current_stage (all)": ("SELECT * FROM crm_current_stage", None),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=1_000)
    parser.add_argument("--decided-teams", type=int, default=25, help="teams whose managers decide (see decisions)")
    parser.add_argument("--decisions-per-rep", type=int, default=3)
    parser.add_argument("--db", type=Path, help="default: /tmp/coachloop-history-<calls>.duckdb")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--limit-ms", type=float, default=150.0)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--rebuild", action="store_true", help="build the database again even if it is there")
    parser.add_argument("--resume", action="store_true", help="go on with the calls of a build that was stopped")
    args = parser.parse_args(argv)

    db = args.db or Path(f"/tmp/coachloop-history-{args.calls}.duckdb")
    recipe = {"calls": args.calls, "reps": args.reps, "decided_teams": args.decided_teams}
    recipe |= {"decisions_per_rep": args.decisions_per_rep, "seed": args.seed}
    marker = db.with_name(db.name + ".built.json")
    built = json.loads(marker.read_text()) if marker.exists() and db.exists() else {}
    if args.rebuild or built.get("recipe") != recipe:
        marker.unlink(missing_ok=True)
        if args.rebuild or not args.resume:
            for stale in (db, db.with_name(db.name + ".wal")):
                stale.unlink(missing_ok=True)
        print(f"building {db} ({args.calls:,} calls, {args.reps:,} reps)...", file=sys.stderr)
        seconds = build(db, args.calls, args.reps, args.decided_teams, args.decisions_per_rep, args.seed)
        built = {"recipe": recipe, "build_seconds": round(seconds, 1)}
        marker.write_text(json.dumps(built))
    store = HeldStore(db)
    store.migrate()  # a database built by an older coachloop gets the current schema and views
    counts = store.rows(
        "SELECT (SELECT count(*) FROM calls) AS calls, (SELECT count(*) FROM findings) AS findings,"
        " (SELECT count(DISTINCT rep_id) FROM calls) AS reps, (SELECT count(*) FROM observations) AS decisions"
    )[0]
    print(
        f"{db}: {counts['calls']:,} calls, {counts['findings']:,} findings, {counts['reps']:,} reps, "
        f"{counts['decisions']:,} decisions; built in {built['build_seconds']:.0f} s; {db.stat().st_size / 2**30:.2f} GiB"
    )
    manager, rep_id = manager_of(0), "rep_0000"
    queries = {f"page  {name}": query for name, query in page_queries(store, manager, rep_id).items()}
    for name, (sql, param) in ANALYST_VIEWS.items():
        params = {"manager": [manager], "rep": [rep_id], None: []}[param]
        # An analyst reads a view into a data frame (`Store.frame`, DuckDB's df()), not into Python dicts.
        queries[f"view  {name}"] = lambda sql=sql, params=params: store.frame(sql, params)
    results = []
    for name, query in queries.items():
        results.append((name, timed(query, args.runs)))
        print(f"  {name}: {results[-1][1][0]:.1f} ms wall, {results[-1][1][1]:.1f} ms CPU", file=sys.stderr, flush=True)

    # The nightly write at this size: one call written again over itself (rows and rollups replaced).
    first_call = next(synthetic_calls(args.calls, args.reps, 365, args.seed))
    rewrite = timed(lambda: store.load_call(*first_call[:3], rep_name=first_call[3], replace=True), args.runs)
    over = [name for name, (wall, _) in results if wall > args.limit_ms]
    width = max(len(name) for name, _ in results)
    print(f"\n{'query':<{width}}  median of {args.runs}: wall ms   CPU ms")
    for name, (wall, cpu) in results:
        print(f"{name:<{width}}  {wall:18.1f} {cpu:8.1f}{'  OVER' if wall > args.limit_ms else ''}")
    load = os.getloadavg()[0]
    print(f"(load average {load:.1f} on {os.cpu_count()} cores)")
    print("(page: the store and coaching functions as the routes call them; view: read into a pandas data frame)")
    print(f"(one call written again over itself, rows and rollups: {rewrite[0]:.1f} ms wall, {rewrite[1]:.1f} ms CPU)")
    store.close()
    if over:
        print(f"\nFAILED: {len(over)} of {len(results)} over {args.limit_ms:.0f} ms: {', '.join(over)}")
        return 1
    print(f"\nall {len(results)} under {args.limit_ms:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
