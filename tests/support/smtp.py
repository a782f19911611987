"""A real SMTP server in the test process (aiosmtpd), keeping what it receives, refusing on request."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from pipeline.config import EmailSettings, Settings


@dataclass
class Mailbox:
    """What the server accepted: (envelope recipients, message), in order. `refuse`: answer 554."""

    received: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    refuse: bool = False
    port: int = 0

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's hook name
        if self.refuse:
            return "554 5.3.0 Transaction failed: refused by the test"
        self.received.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [message for recipients, message in self.received if address in recipients]

    def settings(self, settings: Settings) -> Settings:
        """`settings` sending through this server (plain SMTP on 127.0.0.1, no login)."""
        email = EmailSettings(host="127.0.0.1", port=self.port, security="none", sender="coachloop <coach@example.com>")
        return replace(settings, email=email)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server() -> Iterator[Mailbox]:
    mailbox = Mailbox(port=free_port())
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()
