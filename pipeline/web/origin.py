"""Writes only from the app's own pages: every POST, PUT, PATCH and DELETE whose `Origin` (or, when
a browser sends none, `Referer`) names another site is refused with 403 before it reaches a route.

The app's own origin is the scheme and Host of the request: the Host header is one the app answers
(TrustedHostMiddleware refuses the others) and the scheme is the connection's, or the trusted
proxy's X-Forwarded-Proto under `serve --trust-proxy`. Behind a proxy that rewrites Host, the
public origin comes from its X-Forwarded-Host (trusted proxy only) or from `serve --origin`.
A request with neither header (a script, not a browser) still needs the CSRF token like any other.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

WRITES = ("POST", "PUT", "PATCH", "DELETE")
REFUSED = "Refused: this request came from another site, not from coachloop's own pages."


def origin_of(url: str) -> str | None:
    """'https://Host:8443/x?y' -> 'https://host:8443'; None for 'null' or anything without a host."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc.lower()}"


class SameOrigin:
    def __init__(self, app: ASGIApp, trust_proxy: bool = False, extra_origins: tuple[str, ...] = ()):
        self.app = app
        self.trust_proxy = trust_proxy
        self.extra_origins = {origin_of(origin) for origin in extra_origins} - {None}

    def own_origins(self, scope: Scope, headers: Headers) -> set[str]:
        scheme = scope.get("scheme", "http")
        hosts = [headers.get("host", "")]
        if self.trust_proxy:
            hosts.append(headers.get("x-forwarded-host", "").split(",")[-1].strip())
        return {f"{scheme}://{host.lower()}" for host in hosts if host} | self.extra_origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in WRITES:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        claimed = headers.get("origin") or headers.get("referer")
        if claimed is None or origin_of(claimed) in self.own_origins(scope, headers):
            await self.app(scope, receive, send)
            return
        response: Response
        if scope["path"].startswith("/api/") or "application/json" in headers.get("accept", ""):
            response = JSONResponse({"saved": False, "error": REFUSED}, status_code=403)
        else:
            response = PlainTextResponse(REFUSED, status_code=403)
        await response(scope, receive, send)
