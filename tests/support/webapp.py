"""The web app over a copy of the sample database for each test, with logins made once per test
process (argon2 takes half a second a login): what the web and coaching tests drive.

Maya manages Ana and Ben, Omar manages Chloe (tests/support/web.py); Ana also has her own
read-only rep account.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from starlette.testclient import TestClient

from pipeline.config import CoachingSettings
from pipeline.web.app import WebOptions, create_app
from tests.support.cli import coachloop
from tests.support.paths import ROOT, SAMPLES
from tests.support.web import ANA, MAYA, OMAR, client_for, copy_sample_database, token_in
from tests.support.web import ANA_DEMO as ANA_DEMO  # the tests read it from here too

ANA_DISCOVERY = "c-2026-11-02-0001"
ANA_NEGOTIATION = "c-2026-11-05-0004"
BEN_NEGOTIATION = "c-2026-11-06-0005"  # discount gap at 15.15 s, next step gap
CHLOE_BAYVIEW = "c-2026-11-12-0009"  # Omar's team


@lru_cache(maxsize=1)
def _built() -> tuple[Path, dict[str, tuple[str, str]]]:
    folder = Path(tempfile.mkdtemp(prefix="coachloop-coaching-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    db = copy_sample_database(folder)
    coachloop("users", "add", "--rep", ANA[0], "--name", "Ana", "--password-stdin", "--db", str(db), stdin=ANA[1])
    app = make_app(db)  # creates the session key every copy shares
    sessions = {}
    for account in (MAYA, OMAR, ANA):
        client = log_in(app, account)
        sessions[account[0]] = (client.cookies["coachloop_session"], client.csrf)
    app.state.web.store.shared.close()  # the sessions checkpointed into the file the tests copy
    return db, sessions


def copy_database(folder: Path) -> Path:
    path = folder / "coachloop.duckdb"
    shutil.copy(_built()[0], path)
    return path


def make_app(
    db: Path,
    coaching: CoachingSettings | None = None,
    recordings: Path | None = SAMPLES / "recordings",
    snapshot: Path | None = None,
):
    options = WebOptions(
        db_path=db,
        snapshot_path=snapshot,
        rules_dir=ROOT / "rules",
        recordings_dir=recordings,
        lock_timeout_s=0.5,
        coaching=coaching or CoachingSettings(),
    )
    return create_app(options)


def log_in(app, account) -> TestClient:
    client = client_for(app)
    page = client.get("/login")
    client.post("/login", data={"user_id": account[0], "password": account[1], "csrf_token": token_in(page.text)})
    session = client.get("/api/me" if account[0].startswith("rep_") else "/api/session")
    assert session.status_code == 200, session.text
    client.csrf = token_in(client.get("/me").text) if account[0].startswith("rep_") else session.json()["csrf_token"]
    return client


def logged_in(app, user_id: str) -> TestClient:
    client = client_for(app)
    cookie, client.csrf = _built()[1][user_id]
    client.cookies.set("coachloop_session", cookie)
    return client


def post(client: TestClient, path: str, api: bool = True, **fields) -> object:
    data = {"csrf_token": client.csrf, **fields}
    return client.post(("/api" if api else "") + path, data=data, follow_redirects=False)


def decide(client: TestClient, call_id: str, behaviour: str, action: str = "confirm", **fields):
    return post(client, f"/moments/{call_id}/{behaviour}/decision", action=action, **fields)
