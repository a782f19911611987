"""Scale-out: the nightly flow on a Dask cluster (a local one here; a real one is just an address).

The cluster is started as a team would start theirs (a scheduler and worker processes), and the
flow is pointed at its address, so that this is the path documented in docs/batch.md.
"""

import sys
from dataclasses import replace

import duckdb
import pytest

from pipeline.batch import flows
from tests.support.inbox import batch_settings, copy_samples, write_vtt_call

pytestmark = pytest.mark.slow  # a Dask cluster of worker processes and a Prefect server

distributed = pytest.importorskip("distributed")


def calls_analysed_here() -> int:
    """Run on each worker: how many Analyzers that worker process built (0: it analysed nothing)."""
    batch = sys.modules.get("pipeline.batch.nightly")
    return len(batch._analyzers) if batch else 0


def test_the_nightly_flow_spreads_calls_over_dask_workers(prefect_api, tmp_path):
    inbox = tmp_path / "inbox"
    copy_samples(inbox, 3)
    write_vtt_call(inbox, "zoom-call", "c-zoom-1")
    (inbox / "broken.json").write_text("{")
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        settings = batch_settings(tmp_path, inbox, task_runner="dask", dask_address=cluster.scheduler_address)
        counts = flows.run_nightly(settings)
        per_worker = client.run(calls_analysed_here)

    assert (counts["loaded"], counts["quarantined"]) == (4, 1)
    assert sum(per_worker.values()) >= 1, per_worker  # the calls were analysed in the worker processes
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM calls").fetchone()[0] == 4
        assert con.execute("SELECT task_runner FROM pipeline_runs").fetchone()[0] == "dask"

    # Rerunning on the cluster finds everything loaded.
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        again = flows.run_nightly(
            replace(settings, batch=replace(settings.batch, dask_address=cluster.scheduler_address))
        )
    assert (again["loaded"], again["skipped"]) == (0, 4)
