"""Prefect orchestration of the nightly batch. Thin: every stage is a plain function in `pipeline`.

python flows.py            # run the nightly batch once over the configured inbox
"""

from __future__ import annotations

import sys

from prefect import flow, get_run_logger, task

from pipeline.analyze import AnalyzeOptions, Analyzer
from pipeline.batch import run_batch
from pipeline.config import load_settings
from pipeline.store import Store


@task(name="run-batch")
def run_batch_task(inbox: str, db: str) -> dict:
    settings = load_settings(inbox_dir=inbox, db_path=db)
    report = run_batch(
        settings.inbox_dir,
        Store(settings.db_path, settings.store),
        Analyzer(AnalyzeOptions(settings.rules_dir)),
        settings,
    )
    return {
        "run_id": report.run_id,
        "loaded": report.count("loaded", "replaced"),
        "skipped": report.count("skipped", "unchanged"),
        "quarantined": report.count("quarantined"),
    }


@flow(name="nightly-batch")
def nightly_batch(inbox: str | None = None, db: str | None = None) -> dict:
    settings = load_settings(inbox_dir=inbox, db_path=db)
    counts = run_batch_task(str(settings.inbox_dir), str(settings.db_path))
    get_run_logger().info("nightly batch: %s", counts)
    return counts


if __name__ == "__main__":
    nightly_batch(*(sys.argv[1:3] if len(sys.argv) > 1 else ()))
    sys.exit(0)
