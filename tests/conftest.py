"""Fixtures every test folder may use: the analysis models and the Prefect API, each started once
per session, and the web app over a private copy of the sample database.

Helpers and factories live in tests/support/ (imported, never looked up by fixture name).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.support import webapp

# Keep tools that write under the home folder inside the test run: Prefect's state goes to a
# temporary folder of this session (set before anything imports prefect), and it runs offline.
if "PREFECT_HOME" not in os.environ:
    os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="coachloop-prefect-")
    atexit.register(shutil.rmtree, os.environ["PREFECT_HOME"], ignore_errors=True)
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "coachloop.duckdb"


@pytest.fixture(scope="session")
def prefect_api() -> str:
    """One temporary Prefect API server (SQLite in a temp folder) for every flow test of the session.

    Returns its URL, for subprocesses that must report to it (PREFECT_API_URL).
    """
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield PREFECT_API_URL.value()


@pytest.fixture(scope="session")
def analyzer():
    """The full analyzer (spaCy, the committed classifier head, the rules), loaded once per session.

    It is the batch's own per-process analyzer for the default rules and models, so a test that runs
    the batch without handing it an analyzer does not load the models a second time.
    """
    from pipeline.batch.nightly import analyzer_for
    from pipeline.config import Settings

    return analyzer_for(Settings())


# -- the web app over the sample database (tests/support/webapp.py) ---------------------------------


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """This test's own copy of the sample database, with Ana's rep account and the logins made."""
    return webapp.copy_database(tmp_path)


@pytest.fixture
def app(db: Path):
    return webapp.make_app(db)


@pytest.fixture
def maya(app):
    """A client logged in as Maya, who manages Ana and Ben."""
    return webapp.logged_in(app, "mgr_maya")


@pytest.fixture
def omar(app):
    """A client logged in as Omar, who manages Chloe."""
    return webapp.logged_in(app, "mgr_omar")
