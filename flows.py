"""coachloop's Prefect flows, the project's entry point for Prefect (`python flows.py`).

The flows themselves live in the package, `pipeline/batch/flows.py`, so that an installed
coachloop (`coachloop run --prefect`, `coachloop schedule`) has them too.

    python flows.py [run] [--inbox DIR] [--db FILE] [--config FILE]   the nightly batch, once
    python flows.py serve [--config FILE]                             schedule it on a Prefect server
"""

import sys

from pipeline.batch.flows import main, nightly_batch, weekly_rep_reports

__all__ = ["main", "nightly_batch", "weekly_rep_reports"]

if __name__ == "__main__":
    sys.exit(main())
