"""Who may reach which route.

Managers log in to every page (`login_required`, `action` in common.py) and see their own team
only: another team's rep, call or concern is NotFound (404), enforced by the store's `team_reps(?)`.

Reps log in with their own account (users.role = 'rep', user_id = rep_id). `RepScope` keeps a rep's
session inside the rep's pages: every other route, every write included, answers 403, so a route
added later is closed to reps until it says otherwise (deny by default). The rep's own pages still
check the account itself (`rep_required`).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from pipeline.web.common import APIResponse, Handler, render, session_account, to_login, wants_json

# Paths a rep's session may open (prefixes); `/reports/<own rep_id>` is checked separately.
REP_PATHS = ("/me", "/api/me", "/logout", "/static/")


async def rep_account(request: Request) -> dict | None:
    """The logged-in rep, or None. A changed password or a removed account ends the session."""
    if request.session.get("role") != "rep":
        return None
    return await session_account(request, "rep")


def rep_required(handler: Handler) -> Handler:
    """A rep's own page: a manager is sent to the coaching page, a visitor to the login."""

    async def page(request: Request) -> Response:
        request.state.user = await rep_account(request)
        if request.state.user is None:
            if request.session.get("uid"):  # a manager: this is a rep's page
                return RedirectResponse("/coaching", status_code=303)
            return to_login(request)
        return await handler(request)

    return page


def rep_may_open(path: str, rep_id: str) -> bool:
    """The rep's own report (report_pages): /reports/<rep_id>, its files and its JSON twin."""
    if not rep_id:
        return False
    return any(
        path == f"{base}/{rep_id}" or path.startswith(f"{base}/{rep_id}/") for base in ("/reports", "/api/reports")
    )


class RepScope:
    """Keeps a rep's session on the rep's own pages: anything else answers 403 (writes included).

    Runs inside the session middleware. The role is kept in the server-side session at login; the rep's
    pages still check the account itself (`rep_required`).
    """

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        session = scope.get("session") if scope["type"] == "http" else None
        if not session or session.get("role") != "rep":
            await self.app(scope, receive, send)
            return
        path, method = scope["path"], scope["method"]
        # POST /login lets another person log in from this browser; it replaces the session.
        allowed = path.startswith(REP_PATHS) or (path == "/login" and method == "POST")
        if allowed or rep_may_open(path, session.get("uid", "")):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        if path == "/login" and method == "GET" or path == "/":
            response: Response = RedirectResponse("/me", status_code=303)
        elif wants_json(request):
            response = APIResponse({"error": "reps see only their own pages"}, status_code=403)
        else:
            request.state.user = None
            message = "Reps see only their own coaching page."
            response = render(request, "rep_denied.html", {"message": message}, 403)
        await response(scope, receive, send)
