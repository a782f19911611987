"""Server-side sessions: the cookie carries only a random session id, signed; what a session holds
(who logged in, their role, the CSRF token, a flash message) is a row of `web_sessions`.

Ending a session deletes its row, so every copy of its cookie stops working at once: logout,
a new password (`coachloop users add` on an existing account), `coachloop users sessions --revoke`.
A session expires `max_age_s` after it was last used (its use is recorded at most once a minute,
and not while another process holds the database: then at a later request).
A login always starts a new id: an id planted in the browser before the login is worth nothing.
"""

from __future__ import annotations

import hashlib
import secrets
import sys
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import itsdangerous
from starlette.datastructures import MutableHeaders
from starlette.middleware.sessions import Session
from starlette.requests import HTTPConnection, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pipeline.errors import StoreBusyError
from pipeline.store import StoreWriteError, web_sessions
from pipeline.store.shared import changes_pages

if TYPE_CHECKING:
    from pipeline.web.common import AppState

SESSION_COOKIE = "coachloop_session"
TOUCH_INTERVAL = timedelta(minutes=1)
_UNAVAILABLE = "coachloop.session_unavailable"  # scope key: why the session could not be read
_ENDED = "coachloop.session_ended"
_RENEW = "coachloop.session_renew"
_READ_ONLY = "coachloop.session_read_only"  # read from memory while another process holds the file


def utc_now() -> datetime:
    """Naive UTC, as web_sessions stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


def id_sha256(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def check_available(request: Request) -> None:
    """Raise the error that kept the session from being read (the database was busy)."""
    error = request.scope.get(_UNAVAILABLE)
    if error is not None:
        raise error


def start_session(request: Request, **data) -> None:
    """A fresh session holding `data`, under a new id (given at the response): a login."""
    request.session.clear()
    request.session.update(data)
    request.scope[_RENEW] = True


async def end_session(request: Request) -> None:
    """End this session now, for every copy of its cookie; raises if the database cannot say so."""
    check_available(request)
    ended = request.scope.get("coachloop.session_id")
    if ended:
        request.app.state.web.forget(("session", id_sha256(ended)))
        await request.app.state.web.call(web_sessions.end, id_sha256(ended))
        request.scope[_ENDED] = True
    request.session.clear()


class ServerSessions:
    def __init__(self, app: ASGIApp, state: AppState, secret_key: str, max_age_s: int, same_site: str = "lax"):
        self.app = app
        self.state = state
        self.signer = itsdangerous.TimestampSigner(secret_key)
        self.max_age_s = max_age_s
        self.flags = f"path=/; httponly; samesite={same_site}"

    def _session_id(self, cookie: str | None) -> str | None:
        if not cookie:
            return None
        try:
            return self.signer.unsign(cookie.encode(), max_age=self.max_age_s).decode()
        except itsdangerous.BadSignature:  # tampered, or older than max_age
            return None

    def _cookie(self, session_id: str | None) -> str:
        if session_id is None:
            return f"{SESSION_COOKIE}=null; expires=Thu, 01 Jan 1970 00:00:00 GMT; {self.flags}"
        signed = self.signer.sign(session_id.encode()).decode()
        return f"{SESSION_COOKIE}={signed}; Max-Age={self.max_age_s}; {self.flags}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        session_id = self._session_id(connection.cookies.get(SESSION_COOKIE))
        now = utc_now()
        loaded = None
        if session_id:
            key = ("session", id_sha256(session_id))
            try:
                loaded = await self.state.call(web_sessions.load, id_sha256(session_id), now)
                self.state.remember(key, loaded)
            except StoreBusyError as error:
                # Another process holds the file: the session as last read, unchanged by this request.
                loaded, scope[_READ_ONLY] = self.state.recall(key), True
                if loaded is None:
                    # Pages say the database is busy when they ask who is logged in (common.session_account).
                    scope["session"], scope[_UNAVAILABLE] = Session(), error
                    await self.app(scope, receive, send)
                    return
        scope["session"] = Session(loaded["data"] if loaded else {})
        scope["coachloop.session_id"] = session_id if loaded else None

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                quiet = changes_pages.set(False)  # a session's row is on no page: the pages' reads stay valid
                try:
                    cookie = await self._save(scope, session_id, loaded, now, connection)
                except (StoreBusyError, StoreWriteError) as error:
                    print(f"coachloop serve: session not saved: {error}", file=sys.stderr)
                    cookie = None
                finally:
                    changes_pages.reset(quiet)
                if cookie:
                    MutableHeaders(scope=message).append("Set-Cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _file_at_hand(self) -> bool:
        """Whether the server has the database open now: recording a session's use can wait for a
        later request, a page should not wait for the batch to hand the file back (seconds while it
        copies the analysts' snapshot)."""
        shared = self.state.store.shared
        return shared is None or shared.serving_live

    async def _save(
        self, scope: Scope, session_id: str | None, loaded: dict | None, now: datetime, connection: HTTPConnection
    ) -> str | None:
        """Write what changed; returns the Set-Cookie value, if any."""
        if scope.get(_READ_ONLY):
            return None
        session, expires_at = dict(scope["session"]), now + timedelta(seconds=self.max_age_s)
        if not session:
            if loaded and not scope.get(_ENDED):
                self.state.forget(("session", id_sha256(session_id)))
                await self.state.call(web_sessions.end, id_sha256(session_id))
            return self._cookie(None) if session_id else None
        if loaded is None or scope.get(_RENEW) or session.get("uid") != loaded["user_id"]:
            if loaded:
                self.state.forget(("session", id_sha256(session_id)))
                await self.state.call(web_sessions.end, id_sha256(session_id))
            new_id = secrets.token_urlsafe(32)
            client = connection.client.host if connection.client else None
            await self.state.call(
                web_sessions.create,
                id_sha256(new_id),
                session.get("uid"),
                session,
                now,
                expires_at,
                client,
                connection.headers.get("user-agent"),
            )
            return self._cookie(new_id)
        if session != loaded["data"]:
            await self.state.call(web_sessions.save, id_sha256(session_id), session, now, expires_at)
        elif now - loaded["last_seen_at"] >= TOUCH_INTERVAL and self._file_at_hand():
            await self.state.call(web_sessions.touch, id_sha256(session_id), now, expires_at)
        else:
            return None
        return self._cookie(session_id)
