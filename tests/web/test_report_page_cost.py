"""What a report page costs the server: its trend chart is drawn in the browser, never by matplotlib."""

from __future__ import annotations

import subprocess
import sys

from pipeline.config import PROJECT_ROOT

# In a fresh interpreter: whether serving a rep's report with a trend loads the charts' library.
REPORT_PAGE = """
import sys
from pathlib import Path
from tests.support.web import MAYA, client_for, token_in
from tests.support.webapp import make_app
client = client_for(make_app(Path(sys.argv[1])))
login = client.get("/login")
client.post("/login", data={"user_id": MAYA[0], "password": MAYA[1], "csrf_token": token_in(login.text)})
page = client.get("/reports/rep_ben")
assert page.status_code == 200 and 'id="trend-data"' in page.text, page.status_code
print("matplotlib" in sys.modules)
"""


def test_a_report_page_draws_no_chart_on_the_server(db):
    """matplotlib took 100-140 ms of CPU a chart, more than the page's queries on a million calls."""
    result = subprocess.run(
        [sys.executable, "-c", REPORT_PAGE, str(db)], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120
    )
    assert result.stdout.strip() == "False", result.stderr
