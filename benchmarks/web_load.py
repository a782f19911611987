"""How fast is the managers' app for one manager, and for many at once while a batch writes?

Builds a demo database the way the tests do (the sample transcripts, once per manager under that
manager's own reps, loaded by `coachloop run` with the pattern rules), adds the manager accounts
through the store, starts `coachloop serve` on loopback and logs every manager in (a session
each). Each manager then requests a mix of pages (queue, a moment, coaching, plans, reports) with
a think time between them: first one manager alone, then all of them at once, optionally while a
real `coachloop run` loads more calls into the same database (`--with-batch`). Prints p50, p95 and
max per page and overall for both phases, then the two figures the app is held to: one manager's
p50 (< 100 ms) and the p95 of all managers at once with the batch writing (< 200 ms).

A manager reads each page before the next click: the think time is drawn between `--think MIN MAX`
seconds (2 to 5 by default; the one manager alone waits `--solo-think`). `--think 0 0` sends the
next request as soon as the last one is answered (a saturation test).

    python benchmarks/web_load.py [--managers 25] [--requests 12] [--solo-requests 60]
                                  [--think 2 5] [--solo-think 0.5] [--with-batch] [--batch-calls 27]
                                  [--keep DIR | --db FILE]

`--keep DIR` builds the demo database there once and reuses it; each run works on a fresh copy of
it, so the batch's calls of one run are not in the next. `--db FILE` measures an existing database
instead, e.g. the million calls of `benchmarks/history.py`: its first `--managers` managers get a
password, the batch's calls go to their reps, and the run works on a copy (beside FILE) as well.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psutil

from pipeline.config import PROJECT_ROOT, StoreSettings
from pipeline.store import Store, accounts, roster
from pipeline.store.reps import team_members
from pipeline.web.auth import hash_password

SAMPLES = PROJECT_ROOT / "data" / "samples" / "transcripts"
PASSWORD = "bench-password-1"
# How often each kind of page is asked for: triage first, then the coaching and report pages.
MIX = {"queue": 3, "moment": 3, "coaching": 2, "plans": 1, "reports": 1, "rep report": 1}


def coachloop(*args: str, **options) -> subprocess.Popen | subprocess.CompletedProcess:
    command = [sys.executable, "-m", "pipeline.cli", *args]
    if options.pop("background", False):
        return subprocess.Popen(command, cwd=PROJECT_ROOT, **options)
    return subprocess.run(command, cwd=PROJECT_ROOT, check=True, capture_output=True, text=True, **options)


SAMPLE_REPS = ("rep_ana", "rep_ben", "rep_chloe")


def copy_transcripts(inbox: Path, suffix: str, reps: dict[str, str]) -> None:
    """The sample transcripts with new call ids (`suffix`), each sample rep's calls given to `reps[rep]`."""
    inbox.mkdir(parents=True, exist_ok=True)
    for original in sorted(SAMPLES.glob("*.json")):
        call = json.loads(original.read_text())
        call["call_id"] += suffix
        call["rep_id"] = reps[call["rep_id"]]
        (inbox / f"{original.stem}{suffix}.json").write_text(json.dumps(call))


def demo_floor(managers: int) -> list[tuple[str, dict[str, str]]]:
    """Each manager of the demo database, with the reps standing for the sample's three."""
    return [(manager_id(k), {rep: f"{rep}_{k:02d}" for rep in SAMPLE_REPS}) for k in range(managers)]


def existing_floor(db: Path, managers: int) -> list[tuple[str, dict[str, str]]]:
    """The first managers of an existing database (three reps or more each), given the benchmark's
    password, with three of their reps standing for the sample's."""
    store = Store(db, StoreSettings())
    floor = []
    for manager in roster.manager_ids(store):
        team = [member["rep_id"] for member in team_members(store, manager)]
        if len(team) >= len(SAMPLE_REPS):
            floor.append((manager, dict(zip(SAMPLE_REPS, team, strict=False))))
        if len(floor) == managers:
            break
    password_hash = hash_password(PASSWORD)
    for manager, _ in floor:
        accounts.save_manager(store, manager, manager.replace("_", " ").title(), password_hash)
    snapshot = db.with_suffix(".snapshot.duckdb")
    if not snapshot.exists():
        store.refresh_snapshot(snapshot)  # the copy pages read while the batch holds the file
    return floor


def pattern_rules(work: Path) -> Path:
    """The rules with the dialogue-act classifier off, as the web tests build their database."""
    rules = work / "rules"
    shutil.rmtree(rules, ignore_errors=True)  # copied afresh: a kept copy may be of older code's rules
    shutil.copytree(PROJECT_ROOT / "rules", rules)
    analysis = rules / "analysis.yaml"
    analysis.write_text(analysis.read_text().replace("  enabled: true", "  enabled: false"))
    return rules


def build(work: Path, managers: int) -> Path:
    """The demo calls once per manager, each manager with their own three reps."""
    db = work / "coachloop.duckdb"
    if db.exists():
        return db
    for k, (_, reps) in enumerate(demo_floor(managers)):
        copy_transcripts(work / "inbox", f"-m{k:02d}", reps)
    started = time.monotonic()
    coachloop("run", "--inbox", str(work / "inbox"), "--db", str(db), "--rules", str(pattern_rules(work)))
    store = Store(db, StoreSettings())
    password_hash = hash_password(PASSWORD)
    for k, (manager, reps) in enumerate(demo_floor(managers)):
        accounts.save_manager(store, manager, f"Manager {k}", password_hash)
        for rep in reps.values():
            accounts.assign_rep(store, manager, rep)
    store.refresh_snapshot(db.with_suffix(".snapshot.duckdb"))  # with the teams, as the nightly batch leaves it
    print(f"built {db.name}: {managers * 9} calls, {managers} managers in {time.monotonic() - started:.0f} s")
    return db


def manager_id(k: int) -> str:
    return f"mgr_bench_{k:02d}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(db: Path, port: int, log: Path) -> subprocess.Popen:
    with log.open("a") as out:
        server = coachloop("serve", "--db", str(db), "--port", str(port), background=True, stdout=out, stderr=out)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"coachloop serve stopped:\n{log.read_text()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("coachloop serve did not start")


class Manager:
    """One manager's browser: a session of their own, and the pages of their team."""

    def __init__(self, base_url: str, manager: str, k: int):
        self.client = httpx.Client(base_url=base_url, timeout=60, follow_redirects=False)
        page = self.client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        answer = self.client.post("/login", data={"user_id": manager, "password": PASSWORD, "csrf_token": token})
        if answer.status_code != 303:
            raise SystemExit(f"{manager} could not log in: {answer.status_code}")
        queue = self.client.get("/api/queue").json()["items"]
        self.moments = [f"/moments/{item['call_id']}/{item['behaviour']}" for item in queue]
        self.reps = sorted({item["rep_id"] for item in queue})
        self.random = random.Random(k)

    def next_page(self) -> tuple[str, str]:
        kind = self.random.choices(list(MIX), weights=list(MIX.values()))[0]
        rep = self.random.choice(self.reps)
        url = {
            "queue": "/queue",
            "moment": self.random.choice(self.moments) if self.moments else "/queue",
            "coaching": self.random.choice(["/coaching", f"/coaching/reps/{rep}"]),
            "plans": "/plans",
            "reports": "/reports",
            "rep report": f"/reports/{rep}",
        }[kind]
        return kind, url

    def browse(self, requests: int, think_s: tuple[float, float], results: list) -> None:
        # Managers come to the app at their own moments, not all in the same second: each starts
        # after a pause drawn like the think time (all at once, the first clicks queue behind
        # each other, a burst the app would not meet).
        if think_s[1] > 0:
            time.sleep(self.random.uniform(0, think_s[1]))
        for _ in range(requests):
            kind, url = self.next_page()
            started = time.perf_counter()
            try:
                response = self.client.get(url)
            except (httpx.ReadError, httpx.RemoteProtocolError):
                # The server closed the idle connection as this request went out (uvicorn keeps one
                # alive 5 s, as long as a manager may read): a browser sends it again, so do we.
                response = self.client.get(url)
            elapsed_ms = (time.perf_counter() - started) * 1000
            from_snapshot = "x-coachloop-data" in response.headers
            results.append((kind, elapsed_ms, response.status_code, from_snapshot))
            if think_s[1] > 0:
                time.sleep(self.random.uniform(*think_s))


def percentile(values: list[float], share: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1] if len(values) > 1 else values[0]
    )


def report(title: str, results: list, wall_s: float, cpu_s: float) -> dict[str, float]:
    by_kind = defaultdict(list)
    for kind, elapsed_ms, _, _ in results:
        by_kind[kind].append(elapsed_ms)
    errors = [status for _, _, status, _ in results if status != 200]
    from_snapshot = sum(1 for *_, snapshot in results if snapshot)
    print(f"\n{title}: {len(results)} requests in {wall_s:.1f} s ({len(results) / wall_s:.1f}/s)")
    print(f"  {'page':<12} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for kind in [*MIX, "overall"]:
        values = [r[1] for r in results] if kind == "overall" else by_kind.get(kind)
        if values:
            row = f"  {kind:<12} {len(values):>5} {statistics.median(values):8.0f} {percentile(values, 0.95):8.0f}"
            print(f"{row} {max(values):8.0f}")
    print(f"  not 200: {len(errors)} {sorted(set(errors)) or ''}  served from the snapshot: {from_snapshot}")
    print(f"  server CPU: {cpu_s:.1f} s, {cpu_s * 1000 / len(results):.0f} ms a request")
    overall = [r[1] for r in results]
    return {"p50": statistics.median(overall), "p95": percentile(overall, 0.95)}


def run_phase(
    managers: list[Manager], requests: int, think_s: tuple[float, float], server: psutil.Process
) -> tuple[list, float, float]:
    """The requests' results, the phase's seconds, and the CPU seconds the server spent meanwhile."""
    results: list = []
    started, cpu_before = time.monotonic(), sum(server.cpu_times()[:2])
    with ThreadPoolExecutor(max_workers=len(managers)) as pool:
        for done in [pool.submit(m.browse, requests, think_s, results) for m in managers]:
            done.result()
    return results, time.monotonic() - started, sum(server.cpu_times()[:2]) - cpu_before


def fresh_copy(built: Path, folder: Path) -> Path:
    """The built database and its snapshot copied into `folder`, for one run to change; both brought
    up to this code's schema first, as the nightly batch leaves them after an upgrade (a snapshot of
    an older schema is never read, and pages would wait for the file instead)."""
    store = Store(built, StoreSettings())
    snapshot = built.with_suffix(".snapshot.duckdb")
    if store.migrate() or not snapshot.exists():
        store.refresh_snapshot(snapshot)
    folder.mkdir(parents=True, exist_ok=True)
    for name in (built.name, snapshot.name):
        shutil.copy(built.with_name(name), folder / name)
    return folder / built.name


def start_batch(
    work: Path, scratch: Path, db: Path, calls: int, floor: list[tuple[str, dict[str, str]]]
) -> tuple[subprocess.Popen, threading.Event, list[str]]:
    """`coachloop run` over new calls for the first managers' reps; the event is set at its first load."""
    inbox = scratch / "batch-inbox"
    for k in range(-(-calls // 9)):
        copy_transcripts(inbox, f"-w{os.getpid()}-{k:02d}", floor[k % len(floor)][1])
    rules = pattern_rules(work)
    batch = coachloop(
        "run", "--inbox", str(inbox), "--db", str(db), "--rules", str(rules),
        background=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    writing, lines = threading.Event(), []

    def follow() -> None:
        for line in batch.stderr:
            lines.append(line.rstrip())
            if line.strip().startswith("loaded"):
                writing.set()
        writing.set()  # ended (or failed) before loading anything: do not wait for it

    threading.Thread(target=follow, daemon=True).start()
    return batch, writing, lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--managers", type=int, default=25)
    parser.add_argument("--requests", type=int, default=12, help="pages per manager in the concurrent phase")
    parser.add_argument("--solo-requests", type=int, default=60, help="pages of the one manager alone")
    parser.add_argument(
        "--think", type=float, nargs=2, default=(2.0, 5.0), metavar=("MIN", "MAX"),
        help="seconds a manager reads a page before the next click, drawn between MIN and MAX (0 0: none)",
    )  # fmt: skip
    parser.add_argument("--solo-think", type=float, default=0.5, help="the same for the one manager alone")
    parser.add_argument(
        "--with-batch", action="store_true", help="a `coachloop run` writes during the concurrent phase"
    )
    parser.add_argument("--batch-calls", type=int, default=27)
    parser.add_argument("--keep", type=Path, help="build the database here, and reuse it when it is there")
    parser.add_argument("--db", type=Path, help="measure this existing database (on a copy) instead of the demo")
    args = parser.parse_args(argv)

    if args.db:
        work = args.db.parent
        built, floor = args.db, existing_floor(args.db, args.managers)
        print(f"{args.db.name}: {len(floor)} of its managers")
    else:
        work = args.keep or Path(tempfile.mkdtemp(prefix="coachloop-webload-"))
        work.mkdir(parents=True, exist_ok=True)
        built, floor = build(work, args.managers), demo_floor(args.managers)
    db = fresh_copy(built, work / f"run-{os.getpid()}")
    port = free_port()
    server = serve(db, port, work / "serve.log")
    batch = None
    try:
        base_url = f"http://127.0.0.1:{port}"
        managers = [Manager(base_url, manager, k) for k, (manager, _) in enumerate(floor)]
        print(f"{len(managers)} managers logged in; cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}")
        for url in ("/queue", "/coaching", "/plans", "/reports"):  # first uses (templates) unmeasured
            managers[0].client.get(url)
        solo_think = (args.solo_think, args.solo_think)
        process = psutil.Process(server.pid)
        results, wall, cpu = run_phase(managers[:1], args.solo_requests, solo_think, process)
        solo = report(f"1 manager (think {args.solo_think:.2f} s)", results, wall, cpu)
        if args.with_batch:
            batch, writing, lines = start_batch(work, db.parent, db, args.batch_calls, floor)
            writing.wait(timeout=600)
        results, wall, cpu = run_phase(managers, args.requests, tuple(args.think), process)
        batch_note = ""
        if batch is not None:
            loaded = sum(1 for line in lines if line.strip().startswith("loaded"))
            still = "still writing at the end" if batch.poll() is None else "ended before the phase did"
            batch_note = f", a batch writing: {loaded} calls loaded, {still}"
        think = f"{args.think[0]:g}-{args.think[1]:g} s"
        crowd = report(f"{len(managers)} managers at once (think {think}{batch_note})", results, wall, cpu)
        if batch is not None:
            status = batch.wait(timeout=1200)
            print(f"\nthe batch ended with status {status}: " + (lines[-1] if lines else ""))
        print(f"\none manager alone: p50 {solo['p50']:.0f} ms (target < 100 ms)")
        with_batch = "with a batch writing" if batch is not None else "without a batch"
        print(f"{len(managers)} managers at once {with_batch}: p95 {crowd['p95']:.0f} ms (target < 200 ms)")
    finally:
        if batch is not None and batch.poll() is None:
            batch.terminate()
            batch.wait()
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(db.parent, ignore_errors=True)
        if not args.keep and not args.db:
            shutil.rmtree(work, ignore_errors=True)
    print(f"load average after: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
