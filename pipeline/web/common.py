"""What every page and action shares: database calls off the event loop, login, CSRF, rendering."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from cachetools import TTLCache
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from pipeline.analysis.rules import BehaviourRule
from pipeline.coaching import wording
from pipeline.coaching.inspection import INSPECTOR
from pipeline.errors import Conflict, Invalid, NotFound, StoreBusyError
from pipeline.store import Store, accounts, deals, roster
from pipeline.web import auth, busy, names, sessions
from pipeline.web.readcache import ReadCache
from pipeline.web.sparkline import sparkline

TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class AppState:
    store: Store
    rules: list[BehaviourRule]
    recordings: dict[str, Path]
    # Sessions and accounts as last read from the live file, for the pages served from the
    # snapshot while another process holds it (`cached_call`).
    recent: TTLCache = field(default_factory=lambda: TTLCache(maxsize=10_000, ttl=15 * 60))
    reads: ReadCache | None = None  # pages' reads per user and data version (`readcache`)
    # The reps each account's pages read, with the `common_version` they were read at.
    scopes: dict[str, tuple[int, frozenset[str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.reads is None:
            self.reads = ReadCache(self.store.shared, scope=self.reps_seen_by)

    def reps_seen_by(self, user_id: str) -> frozenset[str] | None:
        """The reps whose data `user_id`'s pages show (kept while no change may have moved a rep
        between teams); None when that cannot be read now."""
        shared = self.store.shared
        if shared is None:
            return None
        common = shared.common_version
        found = self.scopes.get(user_id)
        if found is not None and found[0] == common:
            return found[1]
        try:
            reps = frozenset(roster.reps_seen_by(self.store, user_id))
        except StoreBusyError:
            return None
        if shared.common_version != common:
            return None  # the teams may have changed while they were read
        self.scopes[user_id] = (common, reps)
        return reps

    @property
    def rules_by_behaviour(self) -> dict[str, BehaviourRule]:
        return {rule.behaviour: rule for rule in self.rules}

    def skills(self) -> list[str]:
        return sorted({skill for rule in self.rules for skill in (rule.skill, *rule.also_skills)})

    def behaviours_of_skill(self, skill: str) -> tuple[str, ...]:
        return tuple(rule.behaviour for rule in self.rules if skill in (rule.skill, *rule.also_skills))

    async def call(self, function: Callable, *args, **kwargs) -> Any:
        """Run a store or coaching call in a worker thread (calls run side by side: `store.shared`)."""
        return await run_in_threadpool(function, self.store, *args, **kwargs)

    async def read(self, user_id: str, function: Callable, *args, **kwargs) -> Any:
        """`call` for a read made for `user_id`: its last result while the data has not changed."""
        return await run_in_threadpool(
            self.reads.read, user_id, function, args, kwargs, lambda: function(self.store, *args, **kwargs)
        )

    async def cached_call(self, key: tuple, function: Callable, *args) -> Any:
        """`call` for a live-only read (a session, an account); while another process holds the
        file, the value this server read in the file's last opening (`recall`), if any."""
        try:
            value = await self.call(function, *args)
        except StoreBusyError:
            value = self.recall(key)
            if value is None:
                raise
            return value
        self.remember(key, value)
        return value

    def remember(self, key: tuple, value: Any) -> None:
        if value is None:
            self.recent.pop(key, None)
        else:
            self.recent[key] = (value, self._generation())

    def recall(self, key: tuple) -> Any:
        """A value remembered in the live file's current opening; None for one read before the
        server last let go of the file (another process may have revoked the session since)."""
        found = self.recent.get(key)
        return found[0] if found and found[1] is not None and found[1] == self._generation() else None

    def forget(self, key: tuple) -> None:
        self.recent.pop(key, None)

    def _generation(self) -> int | None:
        return self.store.shared.generation if self.store.shared else None


def state(request: Request) -> AppState:
    return request.app.state.web


async def db(request: Request, function: Callable, *args, **kwargs) -> Any:
    """Run a store or coaching call in a worker thread. A logged-in page's reads (GET) reuse what the
    same read gave the same account while nothing was written (`readcache`); forms' reads never do."""
    user = getattr(request.state, "user", None)
    if request.method in ("GET", "HEAD") and user:
        return await state(request).read(user["user_id"], function, *args, **kwargs)
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


@pass_context
def deal(context, deal_id: str | None, stage: str | None = None) -> Markup:
    """A deal by its account, the id (and stage) as detail, from the page's `accounts` (deal_id -> name)."""
    if not deal_id:
        return Markup("")
    detail = f"deal {deal_id}" + (f", {label(stage).lower()}" if stage else "")
    account = (context.get("accounts") or {}).get(deal_id)
    if account:
        return Markup('<span class="account">{}</span> <span class="secondary">({})</span>').format(account, detail)
    return Markup('<span class="secondary">{}</span>').format(detail)


@pass_context
def deal_text(context, deal_id: str | None) -> str:
    """`deal` as plain text, for places without markup (a select's options)."""
    return wording.deal_name(deal_id, (context.get("accounts") or {}).get(deal_id))


async def account_names(request: Request, deal_ids) -> dict[str, str]:
    """deal_id -> account name for the deals a page names (its `accounts`)."""
    return await db(request, deals.account_names, list(deal_ids))


environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True))
environment.filters.update(
    clock=wording.mm_ss,
    label=label,
    day=wording.day,
    moment_time=wording.day_and_time,
    call_title=wording.call_title,
    source=wording.evidence_source,
    applied=wording.applied,
    person=person,
    call_name=call_name,
    deal=deal,
    deal_text=deal_text,
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
        "flash": request.session.pop("flash", None) or busy.snapshot_notice(request),
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


async def api_page(request: Request, body: dict) -> APIResponse:
    """A page's JSON twin: its ids, and beside each the name a person reads (`names.with_names`)."""
    people = {INSPECTOR: "the pipeline", **await db(request, accounts.display_names)}
    found = await account_names(request, names.deal_ids(body))
    return APIResponse(names.with_names(body, people, found))


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
    account = await state(request).cached_call(("user", user_id), accounts.user, user_id)
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
            except NotFound:  # another team's item reads as one that does not exist, and neither by its id
                error = SaveFailed(
                    404, "Not saved: what this page saves is not in your team (it may have been removed)."
                )
            except Conflict as exc:
                error = SaveFailed(409, f"Not saved: {exc}")
            except Invalid as exc:
                error = SaveFailed(422, f"Not saved: {exc}", exc.field)
            except StoreBusyError as exc:
                error = SaveFailed(503, busy.busy_message(exc, saving=True))
            if wants_json(request):
                body = {"saved": False, "error": error.message, "field": error.field, "nudge": error.nudge}
                return _retry_later(APIResponse(body, status_code=error.status_code))
            if request.state.user is not None and error.status_code not in (404, 503):
                try:
                    return await on_failure(request, fields, error)
                except (StoreBusyError, NotFound, Invalid):
                    pass  # the page cannot be rebuilt: show the text on its own
            context = {"error": error.message, "fields": _typed(fields)}
            return _retry_later(render(request, "not_saved.html", context, error.status_code))

        return endpoint

    return wrap


def _retry_later(response: Response) -> Response:
    """A 503 says when to come back: the form's text is on the page to be sent again."""
    if response.status_code == 503:
        busy.retry_after(response.headers)
    return response


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
