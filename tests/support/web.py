"""The web tests' database: the sample calls loaded by the real `coachloop run`, two managers.

Building it runs `coachloop` five times (half a minute), so the pattern-only build is made once
per test process (`sample_database`) and every module or test works on a copy of it.
"""

from __future__ import annotations

import atexit
import json
import re
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from starlette.testclient import TestClient

from tests.support.cli import coachloop
from tests.support.paths import ROOT, SAMPLES

MAYA, OMAR = ("mgr_maya", "maya-password-1"), ("mgr_omar", "omar-password-1")
ANA = ("rep_ana", "ana-password-1")  # Ana's own read-only rep account, where a test adds it
ANA_DEMO = "c-2026-11-10-0007"  # Ana's demo (Oakridge, d-1007): discount gap at 60.47 s, next step gap
HOSTILE = "c-2026-11-13-0666"  # Ben's call whose transcript carries HTML
HOSTILE_TEXT = "<script>alert('x')</script> Let me share my screen. This is the dashboard <b>bold</b>."


def client_for(app, **options) -> TestClient:
    """A browser-like client of the app on its own host name (the Host check refuses others)."""
    return TestClient(app, base_url="http://127.0.0.1", **options)


def token_in(html: str) -> str:
    """The CSRF token of the first form in a page."""
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def build_database(folder: Path, classifier: bool = True) -> Path:
    """The sample transcripts plus one with HTML in it, loaded by `coachloop run` with the sample
    roster (the reps' names); Maya manages Ana and Ben, Omar manages Chloe. `classifier=False` runs the pattern pass only (half a minute less)."""
    inbox = folder / "inbox"
    shutil.copytree(SAMPLES / "transcripts", inbox)
    hostile = {
        "call_id": HOSTILE,
        "rep_id": "rep_ben",
        "started_at": "2026-11-13T10:00:00Z",
        "call_type": "demo",
        "utterances": [
            {"speaker": "rep", "start": 0.5, "end": 3.0, "text": "Hi, thanks for joining."},
            {"speaker": "buyer", "start": 3.5, "end": 6.0, "text": "Happy to <i>see</i> it."},
            {"speaker": "rep", "start": 6.5, "end": 11.0, "text": HOSTILE_TEXT},
        ],
    }
    (inbox / "zz-hostile.json").write_text(json.dumps(hostile))
    rules = ROOT / "rules"
    if not classifier:
        rules = folder / "rules"
        shutil.copytree(ROOT / "rules", rules)
        analysis = rules / "analysis.yaml"
        analysis.write_text(analysis.read_text().replace("  enabled: true", "  enabled: false"))
    db = folder / "coachloop.duckdb"
    roster = SAMPLES / "team.yaml"  # the reps' names, as the demo loads them
    coachloop("run", "--inbox", str(inbox), "--db", str(db), "--rules", str(rules), "--roster", str(roster))
    for (user_id, password), name in ((MAYA, "Maya"), (OMAR, "Omar")):
        coachloop(
            "users", "add", "--manager", user_id, "--name", name, "--password-stdin", "--db", str(db), stdin=password
        )
    coachloop("users", "assign", "--manager", MAYA[0], "--rep", "rep_ana", "--rep", "rep_ben", "--db", str(db))
    coachloop("users", "assign", "--manager", OMAR[0], "--rep", "rep_chloe", "--db", str(db))
    return db


@lru_cache(maxsize=1)
def sample_database() -> Path:
    """`build_database(classifier=False)`, once per test process, in a folder removed at exit.

    Never write to it: copy it (`copy_sample_database`). Its folder also holds the inbox and the
    pattern-only rules it was built from, for tests that run the batch again."""
    folder = Path(tempfile.mkdtemp(prefix="coachloop-samples-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return build_database(folder, classifier=False)


def copy_sample_database(folder: Path) -> Path:
    """A private copy of `sample_database()` as `folder`/coachloop.duckdb."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(sample_database(), folder / "coachloop.duckdb"))
