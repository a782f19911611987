"""What every page and action shares: database calls off the event loop, login, CSRF, rendering."""

from __future__ import annotations

import json
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from pipeline.analysis.rules import BehaviourRule
from pipeline.coaching import wording
from pipeline.errors import Conflict, Invalid, NotFound, StoreBusyError
from pipeline.store import Store, accounts
from pipeline.web import auth, sessions
from pipeline.web.sparkline import sparkline

TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class AppState:
    store: Store
    rules: list[BehaviourRule]
    recordings: dict[str, Path]
    # One process may not hold a read-only and a read-write DuckDB connection to one file at the
    # same time, so the app's own requests take turns (each is a few milliseconds).
    db_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def rules_by_behaviour(self) -> dict[str, BehaviourRule]:
        return {rule.behaviour: rule for rule in self.rules}

    def skills(self) -> list[str]:
        return sorted({skill for rule in self.rules for skill in (rule.skill, *rule.also_skills)})

    def behaviours_of_skill(self, skill: str) -> tuple[str, ...]:
        return tuple(rule.behaviour for rule in self.rules if skill in (rule.skill, *rule.also_skills))

    async def call(self, function: Callable, *args, **kwargs) -> Any:
        """Run a store or coaching call in a worker thread, one at a time."""

        def locked():
            with self.db_lock:
                return function(self.store, *args, **kwargs)

        return await run_in_threadpool(locked)


def state(request: Request) -> AppState:
    return request.app.state.web


async def db(request: Request, function: Callable, *args, **kwargs) -> Any:
    """Run a store or coaching call in a worker thread, one at a time."""
    return await state(request).call(function, *args, **kwargs)


# -- rendering --------------------------------------------------------------------------------


def label(name: str | None) -> str:
    """A name as the pages show it: "budget_before_demo" -> "Budget before demo"."""
    return wording.sentence_case(wording.behaviour_label(name))


@pass_context
def person(context, user_id: str | None) -> str:
    """A rep or manager by name: the page's `people` (user or rep id -> name), else the id itself."""
    return (context.get("people") or {}).get(user_id) or user_id or ""


@pass_context
def call_name(context, call_id: str | None, with_rep: bool = False) -> str:
    """A call by what it was ("demo call, 10 Nov 2026"), from the page's `calls` (call_id -> its row),
    else the id itself."""
    call = (context.get("calls") or {}).get(call_id)
    return wording.call_title(call, with_rep=with_rep) if call else call_id or ""


environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True))
environment.filters.update(
    clock=wording.mm_ss,
    label=label,
    day=wording.day,
    moment_time=wording.day_and_time,
    call_title=wording.call_title,
    source=wording.evidence_source,
    person=person,
    call_name=call_name,
    sparkline=sparkline,
)


def csrf_token(request: Request) -> str:
    if "csrf" not in request.session:
        request.session["csrf"] = auth.new_token()
    return request.session["csrf"]


def render(request: Request, template: str, context: dict | None = None, status_code: int = 200) -> HTMLResponse:
    context = {
        "user": getattr(request.state, "user", None),
        "csrf_token": csrf_token(request),
        "flash": request.session.pop("flash", None),
        "path": request.url.path,
        **(context or {}),
    }
    return HTMLResponse(environment.get_template(template).render(context), status_code=status_code)


def _json_default(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


class APIResponse(JSONResponse):
    def render(self, content) -> bytes:
        return json.dumps(content, default=_json_default, ensure_ascii=False).encode("utf-8")


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def moment_url(call_id: str, behaviour: str, queue_query: str = "") -> str:
    url = f"/moments/{quote(call_id, safe='')}/{quote(behaviour, safe='')}"
    return f"{url}?{queue_query}" if queue_query else url


# -- login and actions ------------------------------------------------------------------------


async def session_account(request: Request, role: str) -> dict | None:
    """The logged-in account if it has `role`, or None. A changed password or a removed account
    ends the session."""
    sessions.check_available(request)
    user_id = request.session.get("uid")
    if not user_id:
        return None
    account = await db(request, accounts.user, user_id)
    if (
        not account
        or account["role"] != role
        or request.session.get("fp") != auth.fingerprint(account["password_hash"])
    ):
        request.session.clear()
        return None
    return account


async def current_user(request: Request) -> dict | None:
    """The logged-in manager, or None."""
    return await session_account(request, "manager")


Handler = Callable[[Request], Awaitable[Response]]


def to_login(request: Request) -> Response:
    """A visitor without a session: 401 for the API, else the login page that comes back here."""
    if wants_json(request):
        return APIResponse({"error": "not logged in"}, status_code=401)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse("/login?" + urlencode({"next": target}), status_code=303)


def login_required(handler: Handler) -> Handler:
    async def page(request: Request) -> Response:
        request.state.user = await current_user(request)
        if request.state.user is None:
            return to_login(request)
        return await handler(request)

    return page


def path_id(request: Request, name: str) -> int:
    """A numeric id from the path; anything else is NotFound, like an id that does not exist."""
    value = request.path_params[name]
    if not value.isdigit():
        raise NotFound(f"no {name.removesuffix('_id')} {value}")
    return int(value)


class SaveFailed(Exception):
    """A write that did not happen; the page says so and keeps what the manager typed."""

    def __init__(self, status_code: int, message: str, field: str | None = None, nudge: bool = False):
        super().__init__(message)
        self.status_code, self.message, self.field, self.nudge = status_code, message, field, nudge


FailurePage = Callable[[Request, dict, SaveFailed], Awaitable[Response]]


def action(on_failure: FailurePage) -> Callable:
    """A form POST: login and CSRF checked, errors answered as JSON or as the page re-rendered with the text.

    The handler gets the submitted fields and returns the success response. Whatever fails
    (logged out, stale CSRF token, database locked, invalid input, a conflict) writes nothing.
    """

    def wrap(handler: Callable[[Request, dict], Awaitable[Response]]) -> Handler:
        async def endpoint(request: Request) -> Response:
            fields = await read_fields(request)
            request.state.user = None
            try:
                request.state.user = await current_user(request)
                if request.state.user is None:
                    raise SaveFailed(
                        401, "Not saved: you are logged out. Log in again in another tab, then save again."
                    )
                given = fields.get("csrf_token") or request.headers.get("x-csrf-token")
                if not auth.same_token(request.session.get("csrf"), given):
                    raise SaveFailed(
                        403, "Not saved: this page's security token is out of date. Reload the page and save again."
                    )
                return await handler(request, fields)
            except SaveFailed as failure:
                error = failure
            except NotFound as exc:
                error = SaveFailed(404, f"Not saved: {exc}.")
            except Conflict as exc:
                error = SaveFailed(409, f"Not saved: {exc}")
            except Invalid as exc:
                error = SaveFailed(422, f"Not saved: {exc}", exc.field)
            except StoreBusyError:
                error = SaveFailed(
                    503, "Not saved: the database is busy (the nightly batch is writing). Try again in a minute."
                )
            if wants_json(request):
                body = {"saved": False, "error": error.message, "field": error.field, "nudge": error.nudge}
                return APIResponse(body, status_code=error.status_code)
            if request.state.user is not None and error.status_code not in (404, 503):
                try:
                    return await on_failure(request, fields, error)
                except (StoreBusyError, NotFound, Invalid):
                    pass  # the page cannot be rebuilt: show the text on its own
            context = {"error": error.message, "fields": _typed(fields)}
            return render(request, "not_saved.html", context, error.status_code)

        return endpoint

    return wrap


def _typed(fields: dict) -> dict:
    """What the manager wrote, without the form's plumbing."""
    skip = {"csrf_token", "action", "queue", "current_observation_id", "observation_id", "accept_wording"}
    return {name: value for name, value in fields.items() if name not in skip and value}


async def read_fields(request: Request) -> dict[str, str]:
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            body = await request.json()
        except ValueError:
            return {}
        return {str(k): "" if v is None else str(v) for k, v in body.items()} if isinstance(body, dict) else {}
    form = await request.form()
    return {name: value for name, value in form.items() if isinstance(value, str)}


def success(request: Request, body: dict, redirect_to: str) -> Response:
    if wants_json(request):
        return APIResponse({"saved": True, **body})
    return RedirectResponse(redirect_to, status_code=303)


def parse_date(value: str | None, field_name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise Invalid(f"{value!r} is not a date (YYYY-MM-DD).", field_name) from exc
