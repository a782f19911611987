"""Sending the reports and digests (pipeline/reports/delivery.py) through the configured SMTP server.

    deliver_weekly   each manager's roll-up with their reps' trackers, each rep's own copy
    deliver_digests  each manager's digest of the moments the night's batch found

Every send is recorded (pipeline/store/deliveries.py) before the next one starts: a rerun sends
only what is not recorded as sent, so a failed send goes out on the next run and nothing goes out
twice. A send that fails is recorded with its reason and the others still go; when any failed,
`DeliveryFailed` is raised at the end, so the delivery step fails while the batch before it stands.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.config import EmailSettings, Settings
from pipeline.errors import CoachloopError
from pipeline.reports import delivery
from pipeline.reports.period import Period
from pipeline.store import Store
from pipeline.store import deliveries as delivery_sql


class DeliveryFailed(CoachloopError):
    """Some mail could not be sent; each failure is recorded and is tried again by the next run."""


@dataclass
class DeliveryReport:
    sent: list[str] = field(default_factory=list)  # "recipient kind"
    failed: dict[str, str] = field(default_factory=dict)  # "recipient kind" -> reason
    already_sent: list[str] = field(default_factory=list)
    mail_off: bool = False  # no [email].host: nothing was tried

    def counts(self) -> dict:
        return {"sent": len(self.sent), "failed": len(self.failed), "already_sent": len(self.already_sent)}


def _password(email: EmailSettings) -> str:
    password = os.environ.get(email.password_env)
    if password is None:
        raise CoachloopError(
            f"[email].user is {email.user!r} but the environment variable {email.password_env}"
            " ([email].password_env) that holds the password is not set"
        )
    return password


def connect(email: EmailSettings) -> smtplib.SMTP:
    """A logged-in connection to the mail server, over TLS unless [email].security is none."""
    if email.security == "ssl":
        server = smtplib.SMTP_SSL(email.host, email.port, timeout=email.timeout_s, context=ssl.create_default_context())
    else:
        server = smtplib.SMTP(email.host, email.port, timeout=email.timeout_s)
    try:
        if email.security == "starttls":
            server.starttls(context=ssl.create_default_context())
        if email.user:
            server.login(email.user, _password(email))
    except BaseException:
        server.close()
        raise
    return server


class Outbox:
    """One connection for a run's messages, opened at the first send and again after a dropped one.
    A server that cannot be reached fails the rest of the run's messages at once, each with that reason."""

    def __init__(self, email: EmailSettings):
        self.email = email
        self._server: smtplib.SMTP | None = None
        self._unreachable: Exception | None = None

    def send(self, mail: delivery.Mail) -> None:
        if self._unreachable is not None:
            raise self._unreachable
        if self._server is None:
            try:
                self._server = connect(self.email)
            except (smtplib.SMTPException, OSError) as error:
                self._unreachable = error
                raise
        try:
            self._server.send_message(mail.message)
        except (smtplib.SMTPServerDisconnected, smtplib.SMTPResponseException, OSError):
            self.close()  # the next message starts on a fresh connection
            raise

    def close(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        try:
            server.quit()
        except (smtplib.SMTPException, OSError):
            server.close()


def _deliver(
    store: Store, settings: Settings, jobs: list[tuple[dict, str, str | None, Callable[[], delivery.Mail | None]]]
) -> DeliveryReport:
    """Send each job's mail unless it was sent already: (recipient, kind, period or None, build)."""
    report = DeliveryReport()
    outbox = Outbox(settings.email)
    try:
        for recipient, kind, period, build in jobs:
            label = f"{recipient['user_id']} {kind}"
            if period is not None and delivery_sql.was_sent(store, recipient["user_id"], kind, period):
                report.already_sent.append(label)
                continue
            mail = build()
            if mail is None:
                continue
            subject = str(mail.message["Subject"])
            try:
                outbox.send(mail)
            except (smtplib.SMTPException, OSError) as error:
                reason = f"{type(error).__name__}: {error}"
                report.failed[label] = reason
            else:
                reason = None
                report.sent.append(label)
            delivery_sql.record(
                store,
                recipient=recipient,
                kind=kind,
                period=mail.period,
                subject=subject,
                error=reason,
                loaded_until=mail.loaded_until,
            )
    finally:
        outbox.close()
    if report.failed:
        first = next(iter(report.failed.items()))
        raise DeliveryFailed(
            f"{len(report.failed)} of {len(report.failed) + len(report.sent)} mail(s) not sent through"
            f" {settings.email.host}:{settings.email.port} (first: {first[0]}: {first[1]}); recorded, the next run"
            " tries them again"
        )
    return report


def deliver_weekly(settings: Settings, period: Period) -> DeliveryReport:
    """Each manager's roll-up and team trackers, and each rep's own tracker, for `period`."""
    if not settings.email.host:
        return DeliveryReport(mail_off=True)
    store = Store(settings.db_path, settings.store)
    jobs = []
    for recipient in delivery_sql.recipients(store):
        if recipient["role"] == "manager":
            build = lambda r=recipient: delivery.team_mail(store, r, settings, period)  # noqa: E731
            jobs.append((recipient, delivery.WEEKLY_TEAM, str(period), build))
        else:
            build = lambda r=recipient: delivery.rep_mail(store, r, settings, period)  # noqa: E731
            jobs.append((recipient, delivery.WEEKLY_REP, str(period), build))
    return _deliver(store, settings, jobs)


def deliver_digests(settings: Settings) -> DeliveryReport:
    """Each manager's digest of the open moments loaded since their last digest."""
    if not settings.email.host:
        return DeliveryReport(mail_off=True)
    store = Store(settings.db_path, settings.store)
    managers = [r for r in delivery_sql.recipients(store) if r["role"] == "manager"]
    jobs = [
        (manager, delivery.DIGEST, None, lambda m=manager: delivery.digest_mail(store, m, settings))
        for manager in managers
    ]
    return _deliver(store, settings, jobs)
