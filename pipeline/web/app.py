"""The managers' triage web app: Starlette, Jinja2 templates (autoescaped), plain JS in static/.

`create_app` wires the routes to `pages`, adds the server-side sessions (`sessions`: the cookie
holds a random id signed with a key kept in the database; HttpOnly, SameSite=Lax, Secure over
HTTPS), refuses writes from other sites (`origin`), and adds the security headers (a CSP without
inline script, no framing, no MIME sniffing, no caching of pages, no powerful browser features,
a window of its own, HSTS over HTTPS). Failed logins are slowed per account-and-address and
limited per client address (`auth.LoginThrottle`).
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pipeline.analysis.rules import load_rules
from pipeline.coaching import triage
from pipeline.config import CoachingSettings, StoreSettings
from pipeline.errors import Invalid, NotFound, StoreBusyError
from pipeline.store import Store, StoreWriteError
from pipeline.store.shared import SharedDatabase, snapshot_outdated
from pipeline.web import busy
from pipeline.web.access import RepScope
from pipeline.web.audio import recordings_by_call
from pipeline.web.auth import LoginThrottle, ThrottleLimits
from pipeline.web.busy import SnapshotReads
from pipeline.web.common import APIResponse, AppState, render, wants_json
from pipeline.web.origin import SameOrigin
from pipeline.web.routes import coaching as coaching_pages
from pipeline.web.routes import concerns as concern_pages
from pipeline.web.routes import me as me_pages
from pipeline.web.routes import reports as report_pages
from pipeline.web.routes import reviews as review_pages
from pipeline.web.routes import triage as pages
from pipeline.web.sessions import ServerSessions

STATIC = Path(__file__).parent / "static"
REPORT_STATIC = Path(__file__).parent.parent / "reports" / "static"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# The app uses none of the browser's powerful features; a page embedded or opened elsewhere gets none either.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), midi=(), payment=(), usb=(), xr-spatial-tracking=()"
)


@dataclass(frozen=True)
class WebOptions:
    db_path: Path
    rules_dir: Path
    recordings_dir: Path | None = None  # recordings for transcript-only calls, matched by call_id
    # The analysts' snapshot: pages read it while another process holds the database (None: they wait).
    snapshot_path: Path | None = None
    lock_timeout_s: float = 10.0  # how long a save waits for another process's lock before saying so
    session_max_age_s: int = 12 * 3600
    # While the batch runs, its writes reach the pages every `refresh_s` seconds (and once it ends).
    refresh_s: float = 10.0
    query_threads: int = 1  # DuckDB threads per query (`WebSettings.query_threads`; 0: one per core)
    # Host headers answered: the app listens on 127.0.0.1 only; refusing other names stops DNS rebinding.
    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost")
    coaching: CoachingSettings = field(default_factory=CoachingSettings)  # the standards shown and judged
    queue_page_size: int = 25  # moments on one page of the queue
    # Failed logins: growing delays per account-and-address, a coarse limit per address (auth.ThrottleLimits).
    login_limits: ThrottleLimits = field(default_factory=ThrottleLimits)
    # Public origins of the app besides its Host (behind a proxy that rewrites Host): "https://coach.example.com".
    extra_origins: tuple[str, ...] = ()
    # The session cookie's Secure flag: "auto" when the request came over HTTPS (directly, or
    # through a trusted proxy saying X-Forwarded-Proto: https), "always", or "never".
    secure_cookies: str = "auto"
    # Behind a reverse proxy on this machine: take the client address and scheme from its
    # X-Forwarded-For / X-Forwarded-Proto. Off, those headers are ignored (anyone could send them).
    trust_proxy: bool = False


class ForwardedHeaders:
    """The client's address and scheme as the trusted proxy in front saw them.

    The proxy appends the address it saw to X-Forwarded-For: the last entry is the one it vouches
    for (earlier ones came from the client and may be made up).
    """

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = Headers(scope=scope)
            proto = headers.get("x-forwarded-proto", "").split(",")[-1].strip().lower()
            if proto in ("http", "https"):
                scope["scheme"] = proto
            forwarded_for = headers.get("x-forwarded-for", "").split(",")[-1].strip()
            if forwarded_for:
                scope["client"] = (forwarded_for, 0)
        await self.app(scope, receive, send)


class SecurityHeaders:
    def __init__(self, app: ASGIApp, secure_cookies: str = "auto"):
        if secure_cookies not in ("auto", "always", "never"):
            raise ValueError(f"secure_cookies must be auto, always or never, not {secure_cookies!r}")
        self.app = app
        self.secure_cookies = secure_cookies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = scope.get("scheme") == "https"
        secure = self.secure_cookies == "always" or (self.secure_cookies == "auto" and https)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "same-origin")
                headers.setdefault("Cache-Control", "no-store")
                headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
                headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
                if https:
                    headers.setdefault("Strict-Transport-Security", "max-age=31536000")
                if secure:
                    _mark_cookies_secure(message)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _mark_cookies_secure(message: Message) -> None:
    """Add `Secure` to every Set-Cookie of a response: the browser then sends it over HTTPS only."""
    message["headers"] = [
        (name, value + b"; Secure" if name.lower() == b"set-cookie" and b"secure" not in value.lower() else value)
        for name, value in message["headers"]
    ]


def _error(request: Request, status_code: int, message: str) -> Response:
    if wants_json(request):
        return APIResponse({"error": message}, status_code=status_code)
    return render(request, "error.html", {"message": message}, status_code)


async def _not_found(request: Request, exc: Exception) -> Response:
    # Another team's rep, call, moment or plan gets the same answer as one that does not exist.
    return _error(request, 404, "Not found: no such page in your team.")


async def _http_error(request: Request, exc: HTTPException) -> Response:
    return _error(request, exc.status_code, exc.detail)


async def _invalid(request: Request, exc: Invalid) -> Response:
    return _error(request, 422, str(exc))


async def _busy(request: Request, exc: StoreBusyError) -> Response:
    response = _error(request, 503, busy.busy_message(exc))
    busy.retry_after(response.headers)
    return response


async def _disk_full(request: Request, exc: StoreWriteError) -> Response:
    return _error(request, 507, "Not saved: the server's disk is (nearly) full. Tell whoever runs coachloop.")


async def _home(request: Request) -> Response:
    return RedirectResponse("/queue", status_code=303)


def _routes() -> list:
    moment = "/moments/{call_id}/{behaviour}"
    routes = [
        Route("/", _home),
        Route("/login", pages.login_page, methods=["GET"]),
        Route("/login", pages.login, methods=["POST"]),
        Route("/logout", pages.logout, methods=["POST"]),
        Route("/api/session", pages.api_session),
        Route("/api/reps", pages.api_reps),
        Route("/calls/{call_id}/audio", pages.call_audio),
        Route("/plans/new", pages.plan_new_page),
        Mount("/static/reports", StaticFiles(directory=REPORT_STATIC), name="report_static"),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    for prefix in ("", "/api"):
        routes += [
            Route(f"{prefix}/queue", pages.queue_page),
            Route(f"{prefix}{moment}", pages.moment_page, methods=["GET"]),
            Route(f"{prefix}{moment}/decision", pages.decide, methods=["POST"]),
            Route(f"{prefix}{moment}/undo", pages.undo, methods=["POST"]),
            Route(f"{prefix}/plans", pages.plans_page, methods=["GET"]),
            Route(f"{prefix}/plans", pages.plan_create, methods=["POST"]),
            Route(f"{prefix}/plans/{{plan_id}}", pages.plan_page, methods=["GET"]),
            Route(f"{prefix}/plans/{{plan_id}}/status", pages.plan_step, methods=["POST"]),
            Route(f"{prefix}/plans/{{plan_id}}/cycles", pages.plan_again, methods=["POST"]),
        ]
    return routes + _coaching_routes() + _report_routes()


def _report_routes() -> list:
    """Each rep's coaching-loop tracker and the manager's team roll-up (report_pages)."""
    routes = [
        Route("/reports/{rep_id}/report.md", report_pages.report_markdown),
        Route("/reports/{rep_id}/report.html", report_pages.report_file),
    ]
    for prefix in ("", "/api"):
        routes += [
            Route(f"{prefix}/reports", report_pages.team_page),
            Route(f"{prefix}/reports/{{rep_id}}", report_pages.report_page),
        ]
    return routes


def _coaching_routes() -> list:
    """Focus and cadence (coaching_pages), call reviews, performance conversations, and the rep's own view."""
    routes = [
        Route("/calls/{call_id}/review.md", review_pages.review_markdown),
        Route("/me/reviews/{call_id}.md", me_pages.me_review_markdown),
        Route("/me/calls/{call_id}/audio", me_pages.me_call_audio),
    ]
    for prefix in ("", "/api"):
        routes += [
            Route(f"{prefix}/coaching", coaching_pages.coaching_page),
            Route(f"{prefix}/coaching/reps/{{rep_id}}", coaching_pages.rep_coaching_page),
            Route(f"{prefix}/coaching/reps/{{rep_id}}/focus", coaching_pages.focus_save, methods=["POST"]),
            Route(f"{prefix}/coaching/reps/{{rep_id}}/concerns/new", concern_pages.concern_new_page),
            Route(f"{prefix}/coaching/reps/{{rep_id}}/concerns", concern_pages.concern_create, methods=["POST"]),
            Route(f"{prefix}/concerns/{{concern_id}}", concern_pages.concern_page, methods=["GET"]),
            Route(f"{prefix}/concerns/{{concern_id}}/events", concern_pages.concern_event, methods=["POST"]),
            Route(f"{prefix}/calls/{{call_id}}/review", review_pages.review_page),
            Route(f"{prefix}/me", me_pages.me_page),
            Route(f"{prefix}/me/reviews/{{call_id}}", me_pages.me_review_page),
        ]
    return routes


def _closing(shared: SharedDatabase):
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            shared.close()  # the file is free for the batch the moment the server stops

    return lifespan


def create_app(options: WebOptions) -> Starlette:
    # One open instance lent to every request, let go when the batch asks (store.shared).
    settings = StoreSettings(lock_timeout_s=options.lock_timeout_s)
    plain = Store(options.db_path, settings)  # short connections, before the server keeps the file open
    plain.migrate()
    if snapshot_outdated(options.snapshot_path):  # made before an upgrade: pages could not read it
        plain.refresh_snapshot(options.snapshot_path)
    shared = SharedDatabase(
        options.db_path,
        snapshot=options.snapshot_path,
        wait_s=options.lock_timeout_s,
        refresh_s=options.refresh_s,
        threads=options.query_threads,
    )
    store = Store(options.db_path, settings, shared=shared)
    session_key = triage.app_secret(store, "session_key", lambda: secrets.token_urlsafe(48))
    web = AppState(store, load_rules(options.rules_dir), recordings_by_call(options.recordings_dir))
    app = Starlette(
        routes=_routes(),
        middleware=[
            Middleware(TrustedHostMiddleware, allowed_hosts=list(options.allowed_hosts)),
            Middleware(SnapshotReads),
            *([Middleware(ForwardedHeaders)] if options.trust_proxy else []),
            Middleware(SecurityHeaders, secure_cookies=options.secure_cookies),
            Middleware(SameOrigin, trust_proxy=options.trust_proxy, extra_origins=options.extra_origins),
            Middleware(ServerSessions, state=web, secret_key=session_key, max_age_s=options.session_max_age_s),
            Middleware(RepScope),  # inside the session: a rep's session reaches only the rep's pages
        ],
        lifespan=_closing(shared),
        exception_handlers={
            NotFound: _not_found,
            Invalid: _invalid,
            StoreBusyError: _busy,
            StoreWriteError: _disk_full,
            HTTPException: _http_error,
        },
    )
    app.state.coaching = options.coaching
    app.state.queue_page_size = options.queue_page_size
    app.state.login_throttle = LoginThrottle(options.login_limits)
    app.state.web = web
    return app
