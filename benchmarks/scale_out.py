"""Scale-out: the Prefect batch on a real Dask cluster (a scheduler and worker processes started
here, as on a cluster), 1 worker against N, on the same calls; and how many calls per second the
single DuckDB writer loads, which is where adding workers stops paying.

    python benchmarks/scale_out.py [--calls 20] [--source recordings|transcripts] [--workers 2]

Prints the wall time and calls per minute for 1 and N workers, the speed-up, the writer's calls
per second, and the number of workers at which the writer would become the limit.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from batch import build_inbox  # noqa: E402

from pipeline.config import load_settings  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_workers(address: str, count: int, timeout: float = 120) -> None:
    from distributed import Client

    with Client(address, timeout=timeout) as client:
        client.wait_for_workers(count, timeout=timeout)


class Cluster:
    """`dask scheduler` and `dask worker --nworkers N` in their own processes, on loopback."""

    def __init__(self, workers: int):
        self.workers = workers
        self.address = f"tcp://127.0.0.1:{free_port()}"
        self.processes: list[subprocess.Popen] = []

    def __enter__(self) -> Cluster:
        dask = str(Path(sys.executable).with_name("dask"))
        port = self.address.rsplit(":", 1)[1]
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.processes.append(
            subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"], **quiet)
        )
        self.processes.append(
            subprocess.Popen(
                [dask, "worker", self.address, "--nworkers", str(self.workers), "--nthreads", "1", "--no-dashboard"],
                env=env,
                **quiet,
            )
        )
        wait_for_workers(self.address, self.workers)
        return self

    def __exit__(self, *exc) -> None:
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            process.wait(timeout=60)


def run_on(cluster: Cluster, inbox: Path, folder: Path) -> tuple[float, int]:
    from pipeline.batch import flows

    db = folder / f"scale-{cluster.workers}.duckdb"
    settings = load_settings(inbox_dir=str(inbox), db_path=str(db), workers=cluster.workers)
    settings = replace(settings, batch=replace(settings.batch, task_runner="dask", dask_address=cluster.address))
    result = flows.run_nightly(settings)
    # The batch's own wall time (workers loading their models included, Prefect's API start-up not).
    return result["wall_seconds"], result["loaded"]


def writer_calls_per_second(folder: Path, calls: int) -> float:
    """Calls the one writer loads per second: prepared (read and analysed) first, then timed
    loading alone, one transaction per call, as the batch's writer does."""
    from pipeline.batch.nightly import analyzer_for
    from pipeline.ingest.inbox import discover, load_transcript
    from pipeline.store import Store

    inbox = folder / "writer-inbox"
    build_inbox(inbox, "transcripts", calls)
    settings = load_settings(inbox_dir=str(inbox))
    transcripts = [load_transcript(item, settings.transcribe) for item in discover(inbox)]
    analyses = analyzer_for(settings).analyze_many(transcripts)
    store = Store(folder / "writer.duckdb")
    store.migrate()
    started = time.perf_counter()
    for index, (transcript, analysis) in enumerate(zip(transcripts, analyses, strict=True)):
        store.load_call(transcript, analysis, f"hash-{index}")
    return len(transcripts) / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    # Prefect's temporary API server, which the Dask workers report to, starts slowly on a busy machine.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--source", choices=("recordings", "transcripts"), default="recordings")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="coachloop-scale-"))
    inbox = folder / "inbox"
    build_inbox(inbox, args.source, args.calls)
    print(f"scale-out: {args.calls} calls from the sample {args.source}, Prefect on a Dask cluster (loopback), "
          f"{os.cpu_count()} cores")  # fmt: skip
    walls = {}
    for workers in (1, args.workers):
        with Cluster(workers) as cluster:
            wall, processed = run_on(cluster, inbox, folder)
        walls[workers] = wall
        print(f"  {workers} worker{'s' if workers > 1 else ' '}  {wall:7.1f} s  {processed / wall * 60:6.1f} calls/min")
    speedup = walls[1] / walls[args.workers]
    print(f"  speed-up with {args.workers} workers: {speedup:.2f}x")
    writer = writer_calls_per_second(folder, 200)
    per_worker = args.calls / walls[1]
    print(f"  the single DuckDB writer loads {writer:.1f} calls/s; one worker prepares {per_worker:.2f} calls/s")
    print(f"  the writer becomes the limit at about {writer / per_worker:.0f} workers of this speed")
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
