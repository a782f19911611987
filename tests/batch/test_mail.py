"""Reports by mail, through a real SMTP server in the test process (tests/support/smtp.py), over a
copy of the sample database: Maya manages Ana and Ben, Omar manages Chloe, Ana has her own login.

Who receives what, that no manager receives another team's rep, the rep's copy, that a rerun
sends nothing new, that a refused or unreachable server is recorded and retried, and opt-out.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from pipeline.batch.mail import DeliveryFailed, deliver_digests, deliver_weekly
from pipeline.cli import main
from pipeline.coaching import concerns
from pipeline.coaching.focus import rep_focus, set_focus
from pipeline.config import load_settings
from pipeline.errors import CoachloopError
from pipeline.reports.period import period_for
from pipeline.reports.render import render_markdown
from pipeline.reports.tracker import build_tracker
from pipeline.store import Store
from pipeline.store import deliveries as delivery_sql
from pipeline.store.queue import QueueFilters, queue
from tests.support.smtp import free_port, smtp_server

# The sample database with mail accounts takes a while to build: the full suite runs these.
pytestmark = pytest.mark.slow

MAYA, OMAR, ANA = "mgr_maya@example.com", "mgr_omar@example.com", "ana@example.com"
ADDRESSES = {"mgr_maya": MAYA, "mgr_omar": OMAR, "rep_ana": ANA}


@pytest.fixture
def mail_db(db: Path) -> Path:
    for user_id, address in ADDRESSES.items():
        assert main(["users", "set", user_id, "--email", address, "--db", str(db)]) == 0
    return db


@pytest.fixture
def mailbox():
    with smtp_server() as server:
        yield server


def settings_for(db: Path, mailbox):
    return mailbox.settings(load_settings(db_path=str(db)))


def period_of(settings):
    return period_for(Store(settings.db_path), settings.coaching)


def html_of(message):
    return message.get_body(("html",)).get_content().replace("\r\n", "\n")


def text_of(message):
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def test_each_manager_gets_their_team_and_each_rep_with_a_login_their_own_copy(mail_db, mailbox):
    settings = settings_for(mail_db, mailbox)
    sent = deliver_weekly(settings, period_of(settings))
    assert sorted(sent.sent) == ["mgr_maya weekly_team", "mgr_omar weekly_team", "rep_ana weekly_rep"]
    assert sorted(r for recipients, _ in mailbox.received for r in recipients) == sorted(ADDRESSES.values())
    maya, omar = mailbox.to(MAYA)[0], mailbox.to(OMAR)[0]
    names = {"rep_ana": "Ana", "rep_ben": "Ben", "rep_chloe": "Chloe"}
    for message, ours, others in (
        (maya, ("rep_ana", "rep_ben"), ("rep_chloe",)),
        (omar, ("rep_chloe",), ("rep_ana", "rep_ben")),
    ):
        text, html = text_of(message), html_of(message)
        assert "# Team roll-up" in text and 'id="team-rollup"' in html
        for rep in ours:
            title = f"Coaching loop tracker: {names[rep]}"
            assert title in text and title in html
        for rep in others:  # no manager receives another team's rep
            title = f"Coaching loop tracker: {names[rep]}"
            assert rep not in text and rep not in html and title not in text and title not in html
    assert maya["Subject"].startswith("coachloop: your team coaching report") and maya["To"] == f"Maya <{MAYA}>"
    assert re.fullmatch(
        r"coachloop: your team coaching report, \d{1,2} \w{3} 20\d\d to \d{1,2} \w{3} 20\d\d", maya["Subject"]
    )
    assert "# Team roll-up: Maya" in text_of(maya)
    assert 'href="http://127.0.0.1:8000/reports/rep_ben"' in html_of(maya)
    assert not mailbox.to("ben@example.com")  # Ben has no login, so no account and no address


def test_the_charts_travel_as_inline_images_the_html_refers_to(mail_db, mailbox):
    settings = settings_for(mail_db, mailbox)
    set_focus(Store(mail_db), "rep_ben", ["next_step_date_owner"], "mgr_maya", "every next step without a date")
    deliver_weekly(settings, period_of(settings))
    maya = mailbox.to(MAYA)[0]
    related = next(part for part in maya.walk() if part.get_content_type() == "multipart/related")
    assert related.get_body(("html",)) == maya.get_body(("html",))  # the images belong to the HTML body
    images = {
        part["Content-ID"].strip(" <>"): part for part in related.iter_parts() if part.get_content_type() == "image/png"
    }
    referred = re.findall(r'src="cid:([^"]+)"', html_of(maya))
    charts = [t for t in ("rep_ana", "rep_ben") if build_tracker(Store(mail_db), t, settings.coaching).trend]
    assert charts == ["rep_ben"] and len(referred) == 1 and set(referred) == set(images)
    assert all(image.get_content().startswith(b"\x89PNG") for image in images.values())
    assert "data:image/png" not in html_of(maya)


def test_the_reps_copy_leaves_out_a_concern_before_the_conversation(mail_db, mailbox):
    store = Store(mail_db)
    draft = concerns.ConcernDraft(
        rep_id="rep_ana",
        concern="Discounts before value",
        behaviour="discount_before_value",
        evidence="A discount offered before any value anchor.",
        standard="Value before every concession",
        behaviour_gap="Offers 15 percent off at once.",
        expectation="Anchor on value first.",
        follow_up_date=date(2026, 12, 1),
        follow_up_review="The next two negotiations",
    )
    behaviours = {row["behaviour"] for row in store.rows("SELECT DISTINCT behaviour FROM findings")}
    concerns.raise_concern(store, "mgr_maya", draft, behaviours)
    settings = settings_for(mail_db, mailbox)
    period = period_of(settings)
    deliver_weekly(settings, period)
    assert "Discounts before value" in text_of(mailbox.to(MAYA)[0])
    ana = text_of(mailbox.to(ANA)[0])
    assert "Discounts before value" not in ana
    own_copy = render_markdown(build_tracker(store, "rep_ana", settings.coaching, period, for_rep=True))
    assert own_copy.split("_Generated")[0] in ana  # the app's copy for the rep, up to its time stamp
    assert "http://127.0.0.1:8000/me" in ana


def test_a_rerun_sends_nothing_new(mail_db, mailbox):
    settings = settings_for(mail_db, mailbox)
    period = period_of(settings)
    first = deliver_weekly(settings, period)
    again = deliver_weekly(settings, period)
    assert len(first.sent) == 3 and again.sent == [] and sorted(again.already_sent) == sorted(first.sent)
    assert len(mailbox.received) == 3
    rows = delivery_sql.history(Store(mail_db))
    assert [(r["recipient_id"], r["kind"], r["period"], r["status"]) for r in rows] == [
        ("mgr_maya", "weekly_team", str(period), "sent"),
        ("mgr_omar", "weekly_team", str(period), "sent"),
        ("rep_ana", "weekly_rep", str(period), "sent"),
    ]
    assert [r["rep_id"] for r in rows] == [None, None, "rep_ana"]


def test_a_refused_send_is_recorded_as_failed_and_sent_on_the_next_run(mail_db, mailbox):
    settings = settings_for(mail_db, mailbox)
    period = period_of(settings)
    mailbox.refuse = True
    with pytest.raises(DeliveryFailed, match="3 of 3 mail"):
        deliver_weekly(settings, period)
    failed = delivery_sql.history(Store(mail_db))
    assert {r["status"] for r in failed} == {"failed"} and len(failed) == 3
    assert all("554" in r["error"] and "refused by the test" in r["error"] for r in failed)
    assert mailbox.received == []
    mailbox.refuse = False
    retried = deliver_weekly(settings, period)
    assert len(retried.sent) == 3 and len(mailbox.received) == 3
    assert [r["status"] for r in delivery_sql.history(Store(mail_db))] == ["failed"] * 3 + ["sent"] * 3


def test_a_server_that_is_down_fails_the_delivery_and_each_mail_is_recorded(mail_db, mailbox):
    settings = settings_for(mail_db, mailbox)
    down = replace(settings, email=replace(settings.email, port=free_port(), timeout_s=5.0))
    with pytest.raises(DeliveryFailed, match="ConnectionRefusedError"):
        deliver_weekly(down, period_of(settings))
    rows = delivery_sql.history(Store(mail_db))
    assert len(rows) == 3 and all(r["status"] == "failed" and "ConnectionRefused" in r["error"] for r in rows)
    assert len(deliver_weekly(settings, period_of(settings)).sent) == 3


def test_an_opted_out_account_gets_nothing_until_mail_is_on_again(mail_db, mailbox, capsys):
    assert main(["users", "set", "mgr_omar", "--no-email", "--db", str(mail_db)]) == 0
    settings = settings_for(mail_db, mailbox)
    period = period_of(settings)
    assert sorted(deliver_weekly(settings, period).sent) == ["mgr_maya weekly_team", "rep_ana weekly_rep"]
    assert not mailbox.to(OMAR)
    assert main(["users", "list", "--db", str(mail_db)]) == 0
    assert "(mail off)" in capsys.readouterr().out
    assert main(["users", "set", "mgr_omar", "--email-on", "--db", str(mail_db)]) == 0
    assert deliver_weekly(settings, period).sent == ["mgr_omar weekly_team"]
    assert len(mailbox.to(OMAR)) == 1


def test_users_set_refuses_a_bad_address_and_an_unknown_account(db, capsys):
    assert main(["users", "set", "mgr_maya", "--email", "maya at example", "--db", str(db)]) == 2
    assert "'maya at example' is not an e-mail address" in capsys.readouterr().err
    assert main(["users", "set", "rep_ben", "--email", "ben@example.com", "--db", str(db)]) == 2
    assert "no account rep_ben" in capsys.readouterr().err


def test_no_mail_server_configured_sends_and_records_nothing(mail_db):
    settings = load_settings(db_path=str(mail_db))
    assert deliver_weekly(settings, period_of(settings)).mail_off
    assert deliver_digests(settings).mail_off
    assert delivery_sql.history(Store(mail_db)) == []


# -- the nightly digest -----------------------------------------------------------------------------


def test_the_digest_counts_the_teams_new_moments_and_those_on_each_reps_focus(mail_db, mailbox):
    settings = settings_for(mail_db, mailbox)
    store = Store(mail_db)
    sent = deliver_digests(settings)
    assert sorted(sent.sent) == ["mgr_maya digest", "mgr_omar digest"] and not mailbox.to(ANA)
    focus = {rep: rep_focus(store, rep, settings.coaching).behaviours for rep in ("rep_ana", "rep_ben")}
    open_moments = queue(store, "mgr_maya", QueueFilters(), focus)
    maya = mailbox.to(MAYA)[0]
    headline = f"{len(open_moments)} new moments"
    for rep_id in ("rep_ana", "rep_ben"):
        on_focus = [m for m in open_moments if m["rep_id"] == rep_id and m["in_focus"]]
        if on_focus:
            labels = ", ".join(b.replace("_", " ") for b in focus[rep_id])
            headline += f", {len(on_focus)} in {on_focus[0]['rep_name'] or rep_id}'s focus: {labels}"
            first = on_focus[0]
            assert f"http://127.0.0.1:8000/moments/{first['call_id']}/{first['behaviour']}" in text_of(maya)
    assert maya["Subject"] == f"coachloop: {headline}"
    assert "rep_chloe" not in text_of(maya) and "rep_chloe" not in html_of(maya)
    assert "http://127.0.0.1:8000/queue" in html_of(maya)
    # The calls in words with their deal's account, never by id or an ISO date, outside the links.
    for body in (text_of(maya), html_of(maya)):
        shown = re.sub(r"https?://\S+|href=\"[^\"]*\"", "", body)
        assert "c-2026-" not in shown and not re.search(r"\b20\d\d-\d\d-\d\d\b", shown)
    assert "the negotiation call of 6 Nov 2026, Summit Cleaning (deal d-1005)" in text_of(maya)
    # The calls loaded are all covered now: a rerun sends nothing.
    assert deliver_digests(settings).sent == [] and len(mailbox.received) == 2
    digest = delivery_sql.history(store, "mgr_maya")[0]
    assert digest["kind"] == "digest" and digest["loaded_until"] is not None


def test_a_failed_digest_is_sent_by_the_next_run(mail_db, mailbox):
    settings = settings_for(mail_db, mailbox)
    mailbox.refuse = True
    with pytest.raises(DeliveryFailed):
        deliver_digests(settings)
    mailbox.refuse = False
    assert sorted(deliver_digests(settings).sent) == ["mgr_maya digest", "mgr_omar digest"]


# -- settings -----------------------------------------------------------------------------------------


def test_email_settings_are_read_and_checked(tmp_path):
    config = tmp_path / "coachloop.toml"
    config.write_text(
        '[email]\nhost = "smtp.example.com"\nport = 465\nsecurity = "ssl"\nuser = "coach"\n'
        'password_env = "COACH_SMTP"\nsender = "coachloop <coach@example.com>"\n'
        '[web]\nbase_url = "https://coach.example.com"\n'
    )
    settings = load_settings(config)
    assert (settings.email.host, settings.email.port, settings.email.security) == ("smtp.example.com", 465, "ssl")
    assert settings.web.base_url == "https://coach.example.com"
    for body, reason in (
        ('[email]\nsmtp_host = "x"\n', "unknown setting [email].'smtp_host'"),
        ('[email]\nsecurity = "tls"\n', "[email].security must be one of starttls, ssl, none"),
        ('[email]\nhost = "smtp.example.com"\n', "[email].sender is needed"),
        ('[web]\nbase_url = "coach.example.com"\n', "[web].base_url must start with http"),
        ('[web]\nurl = "https://x"\n', "unknown setting [web].'url'"),
    ):
        config.write_text(body)
        with pytest.raises(CoachloopError, match=re.escape(reason)):
            load_settings(config)


def test_a_login_without_its_password_variable_is_a_clear_error(mail_db, mailbox, monkeypatch):
    settings = settings_for(mail_db, mailbox)
    monkeypatch.delenv("COACH_SMTP_TEST", raising=False)
    email = replace(settings.email, user="coach", password_env="COACH_SMTP_TEST")
    with pytest.raises(CoachloopError, match="COACH_SMTP_TEST"):
        deliver_weekly(replace(settings, email=email), period_of(settings))


def test_forgetting_a_rep_removes_what_was_mailed_to_them(mail_db, mailbox):
    from pipeline.store.erasure import erase

    settings = settings_for(mail_db, mailbox)
    deliver_weekly(settings, period_of(settings))
    erase(Store(mail_db), rep_id="rep_ana")
    rows = delivery_sql.history(Store(mail_db))
    assert [r["recipient_id"] for r in rows] == ["mgr_maya", "mgr_omar"]
    assert all(ANA not in str(value) for r in rows for value in r.values())
