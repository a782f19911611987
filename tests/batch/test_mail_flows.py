"""The flows mail what they make: the weekly run delivers each report once, the nightly run a digest
of the night's moments; a mail server that is down fails the delivery, never the batch.

Over the coaching history of the report tests (tests/support/report.py), with a real SMTP server.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from pipeline.batch import flows
from pipeline.batch.mail import deliver_digests
from pipeline.coaching import triage
from pipeline.store import accounts
from pipeline.store import deliveries as delivery_sql
from pipeline.web.auth import hash_password
from tests.support.history import CallSpec, write_calls
from tests.support.report import MAYA, OMAR, build_history
from tests.support.smtp import free_port, smtp_server

pytestmark = pytest.mark.slow  # weeks of history through the batch with the analysis models; a Prefect server

ADDRESSES = {MAYA: "maya@example.com", OMAR: "omar@example.com", "rep_ben": "ben@example.com"}


@pytest.fixture(scope="module")
def history(tmp_path_factory, analyzer):
    found = build_history(tmp_path_factory.mktemp("mail"), analyzer)
    for manager in (MAYA, OMAR):
        triage.save_manager(found.store, manager, manager.split("_")[1].capitalize(), None)
    triage.save_rep_account(found.store, "rep_ben", "Ben", hash_password("ben-password-1"))
    for user_id, address in ADDRESSES.items():
        accounts.set_email(found.store, user_id, address)
    return found


def test_the_weekly_run_delivers_each_report_once(history, prefect_api, tmp_path):
    with smtp_server() as mailbox:
        settings = mailbox.settings(history.settings)
        written = flows.weekly_rep_reports(out=str(tmp_path), settings=settings)
        assert set(written) == {"rep_ana", "rep_ben", "rep_chloe", MAYA, OMAR}
        assert sorted(r for recipients, _ in mailbox.received for r in recipients) == sorted(ADDRESSES.values())
        maya = mailbox.to("maya@example.com")[0].get_body(("plain",)).get_content()
        omar = mailbox.to("omar@example.com")[0].get_body(("plain",)).get_content()
        ben = mailbox.to("ben@example.com")[0].get_body(("plain",)).get_content()
        assert "Coaching loop tracker: Ana" in maya and "Coaching loop tracker: Ben" in maya and "Chloe" not in maya
        assert "Coaching loop tracker: Chloe" in omar and "Ana" not in omar and "Ben" not in omar
        assert "Coaching loop tracker: Ben" in ben and "Coaching loop tracker: Ana" not in ben
        assert "Team roll-up" not in ben
        # A rerun (the schedule firing twice, an operator's retry) sends nothing new.
        flows.weekly_rep_reports(out=str(tmp_path), settings=settings)
        assert len(mailbox.received) == 3
    sends = [r for r in delivery_sql.history(history.store) if r["kind"] != "digest"]
    assert len(sends) == 3 and {r["status"] for r in sends} == {"sent"}


def test_a_down_server_fails_the_digest_not_the_batch_and_the_next_night_sends_it(history, prefect_api):
    with smtp_server() as mailbox:
        settings = mailbox.settings(history.settings)
        deliver_digests(settings)  # what is loaded so far is told: the next digest is the night's news
        before = len(mailbox.received)
        call = CallSpec("n-ben-1127", "rep_ben", datetime(2026, 11, 27, 10), budget_first=False)
        write_calls(settings.inbox_dir, [call])
        down = replace(settings, email=replace(settings.email, port=free_port(), timeout_s=5.0))
        counts = flows.nightly_batch(settings=down)
        assert counts["loaded"] == 1 and counts["quarantined"] == 0
        assert "not sent" in counts["digests"]["failed"]
        failed = delivery_sql.history(history.store, MAYA)[-1]
        assert failed["kind"] == "digest" and failed["status"] == "failed"
        # Chloe had no new call: nothing to tell Omar, nothing tried.
        assert all(r["status"] == "sent" for r in delivery_sql.history(history.store, OMAR))
        again = flows.nightly_batch(settings=settings)
        assert again["loaded"] == 0 and again["digests"]["sent"] == 1
        news = mailbox.received[before:]
        assert [recipients for recipients, _ in news] == [["maya@example.com"]]
        digest = news[0][1]
        text = digest.get_body(("plain",)).get_content()
        assert "in Ben's focus: budget before demo" in digest["Subject"]
        assert "/moments/n-ben-1127/budget_before_demo" in text
