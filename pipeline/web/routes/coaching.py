"""The coaching habits in the app: focus-first listening, the one-page call review, review cadence,
the performance conversation, and the rep's own read-only view.

Manager pages use the same login, CSRF and error handling as the triage pages (`login_required`,
`action`) and the same team scoping: another team's rep, call or concern is NotFound (404).

Reps log in with their own account (users.role = 'rep', user_id = rep_id). `RepScope` keeps a rep's
session inside the rep's pages: every other route, every write included, answers 403, so a route
added later is closed to reps until it says otherwise (deny by default).
"""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import date
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from pipeline.coaching import cadence, call_review, concerns, triage
from pipeline.coaching.focus import MAX_FOCUS, Focus, rep_focus, set_focus
from pipeline.config import CoachingSettings
from pipeline.errors import Invalid, NotFound
from pipeline.store import Store
from pipeline.web.common import (
    APIResponse,
    Handler,
    SaveFailed,
    action,
    db,
    login_required,
    moment_url,
    parse_date,
    path_id,
    render,
    session_account,
    state,
    success,
    to_login,
    wants_json,
)

# Paths a rep's session may open (prefixes); `/reports/<own rep_id>` is checked separately.
REP_PATHS = ("/me", "/api/me", "/logout", "/static/")


def standards(request: Request) -> CoachingSettings:
    return getattr(request.app.state, "coaching", None) or CoachingSettings()


# -- focus ------------------------------------------------------------------------------------


def team_focus(store: Store, manager_id: str, standards: CoachingSettings, rep_id: str | None = None) -> dict:
    """rep_id -> Focus for the manager's team (or one rep of it)."""
    reps = store.rows("SELECT rep_id FROM reps WHERE manager_id = ? ORDER BY rep_id", [manager_id])
    return {
        row["rep_id"]: rep_focus(store, row["rep_id"], standards) for row in reps if rep_id in (None, row["rep_id"])
    }


async def focus_of_team(request: Request, rep_id: str | None = None) -> dict[str, Focus]:
    return await db(request, team_focus, request.state.user["user_id"], standards(request), rep_id)


def focus_behaviours(focus: dict[str, Focus]) -> dict[str, tuple[str, ...]]:
    """What `triage.queue` takes: rep_id -> focus behaviours (reps with none left out)."""
    return {rep_id: found.behaviours for rep_id, found in focus.items() if found.behaviours}


def choose_focus(
    store: Store, manager_id: str, rep_id: str, behaviours: list[str], reason: str | None, known: set[str]
) -> None:
    """The manager picks one or two behaviours for a rep of the team, or clears the choice (none)."""
    triage.own_rep(store, manager_id, rep_id)
    unknown = [behaviour for behaviour in behaviours if behaviour not in known]
    if unknown:
        raise Invalid(f"unknown behaviour {unknown[0]!r}", "behaviours")
    if len(set(behaviours)) > MAX_FOCUS:
        raise Invalid(f"A focus is one or two behaviours, not {len(set(behaviours))}.", "behaviours")
    set_focus(store, rep_id, list(dict.fromkeys(behaviours)), manager_id, (reason or "").strip() or None)


# -- the team's coaching page ------------------------------------------------------------------


def _team_overview(store: Store, manager_id: str, standards: CoachingSettings, today: date) -> dict:
    focus = team_focus(store, manager_id, standards)
    return {
        "cadence": cadence.team_cadence(store, manager_id, standards, as_of=today),
        "focus": focus,
        "suggested": triage.suggested_calls(store, manager_id, focus_behaviours(focus)),
        "concerns": concerns.concerns(store, manager_id),
        "reviewed": call_review.reviewed_calls(store, manager_id=manager_id)[:20],
        "team": triage.team(store, manager_id),
    }


@login_required
async def coaching_page(request: Request) -> Response:
    data = await db(request, _team_overview, request.state.user["user_id"], standards(request), date.today())
    if wants_json(request):
        return APIResponse(
            {
                "cadence": asdict(data["cadence"]) | {"flagged": [rep.rep_id for rep in data["cadence"].flagged]},
                "focus": {rep_id: asdict(found) for rep_id, found in data["focus"].items()},
                "suggested": data["suggested"],
                "concerns": data["concerns"],
                "reviewed": data["reviewed"],
            }
        )
    return render(request, "coaching.html", {**data, "moment_url": moment_url})


# -- one rep: focus chooser, reviews, concerns -------------------------------------------------


def _rep_overview(store: Store, manager_id: str, rep_id: str, standards: CoachingSettings, today: date) -> dict:
    rep = triage.own_rep(store, manager_id, rep_id)
    team = cadence.team_cadence(store, manager_id, standards, as_of=today)
    return {
        "rep": rep,
        "focus": rep_focus(store, rep_id, standards),
        "chosen": next(iter(store.rows("SELECT * FROM manager_rep_focus WHERE rep_id = ?", [rep_id])), None),
        "cadence": next(row for row in team.reps if row.rep_id == rep_id),
        "standard": team.standard(),
        "reviewed": [
            row for row in call_review.reviewed_calls(store, manager_id=manager_id) if row["rep_id"] == rep_id
        ],
        "concerns": concerns.concerns(store, manager_id, rep_id),
        "plans": triage.plans(store, manager_id, rep_id),
    }


def _rep_id(request: Request) -> str:
    return request.path_params["rep_id"]


async def _rep_context(request: Request) -> dict:
    data = await db(
        request, _rep_overview, request.state.user["user_id"], _rep_id(request), standards(request), date.today()
    )
    rules = state(request).rules
    return {**data, "behaviours": [(rule.behaviour, rule.skill) for rule in rules], "max_focus": MAX_FOCUS}


@login_required
async def rep_coaching_page(request: Request) -> Response:
    context = await _rep_context(request)
    if wants_json(request):
        return APIResponse(
            {
                "rep": context["rep"],
                "focus": asdict(context["focus"]),
                "cadence": asdict(context["cadence"]),
                "reviewed": context["reviewed"],
                "concerns": context["concerns"],
            }
        )
    return render(request, "coaching_rep.html", context)


async def _focus_failed(request: Request, fields: dict, error: SaveFailed) -> Response:
    context = await _rep_context(request)
    return render(request, "coaching_rep.html", {**context, "error": error, "draft": fields}, error.status_code)


def _listed(fields: dict, name: str) -> list[str]:
    """Names from one text field: "a b", "a,b", or a JSON list (read_fields turns it into its text)."""
    return re.findall(r"[\w.:-]+", fields.get(name, ""))


@action(on_failure=_focus_failed)
async def focus_save(request: Request, fields: dict) -> Response:
    rep_id = _rep_id(request)
    known = set(state(request).rules_by_behaviour)
    # One checkbox per behaviour (focus:<behaviour>); JSON callers send `behaviours`.
    ticked = [name.split(":", 1)[1] for name, value in fields.items() if name.startswith("focus:") and value]
    behaviours = [] if fields.get("clear") else ticked + _listed(fields, "behaviours")
    if not behaviours and not fields.get("clear"):
        raise SaveFailed(422, "Not saved: tick one or two behaviours, or clear the focus.", "behaviours")
    await db(request, choose_focus, request.state.user["user_id"], rep_id, behaviours, fields.get("reason"), known)
    request.session["flash"] = {"text": "Focus cleared." if not behaviours else "Focus saved."}
    url = f"/coaching/reps/{rep_id}"
    return success(request, {"behaviours": behaviours, "next_url": url}, url)


# -- the one-page call review ------------------------------------------------------------------


def _review(
    store: Store,
    call_id: str,
    standards: CoachingSettings,
    manager_id: str | None = None,
    rep_id: str | None = None,
) -> call_review.CallReview:
    owner = (
        rep_id
        or next(iter(store.rows("SELECT rep_id FROM calls WHERE call_id = ?", [call_id])), {"rep_id": None})["rep_id"]
    )
    focus = rep_focus(store, owner, standards).behaviours if owner else ()
    return call_review.call_review(store, call_id, manager_id=manager_id, rep_id=rep_id, focus=focus)


def _markdown_response(review: call_review.CallReview) -> Response:
    name = re.sub(r"[^A-Za-z0-9._-]", "_", review.call_id)
    return Response(
        call_review.review_markdown(review),
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="call-review-{name}.md"'},
    )


@login_required
async def review_page(request: Request) -> Response:
    call_id = request.path_params["call_id"]
    review = await db(request, _review, call_id, standards(request), manager_id=request.state.user["user_id"])
    if wants_json(request):
        return APIResponse(asdict(review))
    base = f"/calls/{quote(call_id, safe='')}/review"
    return render(
        request, "call_review.html", {"review": review, "markdown_url": f"{base}.md", "moment_url": moment_url}
    )


@login_required
async def review_markdown(request: Request) -> Response:
    call_id = request.path_params["call_id"]
    review = await db(request, _review, call_id, standards(request), manager_id=request.state.user["user_id"])
    return _markdown_response(review)


# -- the performance conversation --------------------------------------------------------------


def _draft_from(fields: dict, rep_id: str) -> concerns.ConcernDraft:
    plan = fields.get("plan_id", "")
    follow_up = parse_date(fields.get("follow_up_date"), "follow_up_date")
    if follow_up is None:
        raise Invalid("Set the follow-up date.", "follow_up_date")
    return concerns.ConcernDraft(
        rep_id=rep_id,
        concern=fields.get("concern", ""),
        behaviour=fields.get("behaviour") or None,
        evidence=fields.get("evidence", ""),
        standard=fields.get("standard", ""),
        behaviour_gap=fields.get("behaviour_gap", ""),
        expectation=fields.get("expectation", ""),
        follow_up_date=follow_up,
        follow_up_review=fields.get("follow_up_review", ""),
        plan_id=int(plan) if plan.isdigit() else None,
        conversation_date=parse_date(fields.get("conversation_date"), "conversation_date"),
        evidence_calls=tuple(_listed(fields, "evidence_calls")),
    )


async def _prepared_concern(request: Request, behaviour: str):
    rule = state(request).rules_by_behaviour.get(behaviour)
    if rule is None:
        raise NotFound(f"no behaviour {behaviour}")
    return await db(
        request,
        concerns.prepare_concern,
        request.state.user["user_id"],
        _rep_id(request),
        behaviour,
        standards(request),
        description=rule.description,
    )


async def _concern_form(request: Request, behaviour: str, draft: dict | None = None, error=None, status_code=200):
    prepared = await _prepared_concern(request, behaviour)
    context = {"prepared": prepared, "draft": draft or {}, "error": error, "moment_url": moment_url}
    return render(request, "concern_new.html", context, status_code)


@login_required
async def concern_new_page(request: Request) -> Response:
    behaviour = request.query_params.get("behaviour", "")
    if wants_json(request):
        return APIResponse(asdict(await _prepared_concern(request, behaviour)))
    return await _concern_form(request, behaviour)


async def _concern_create_failed(request: Request, fields: dict, error: SaveFailed) -> Response:
    return await _concern_form(request, fields.get("behaviour", ""), fields, error, error.status_code)


@action(on_failure=_concern_create_failed)
async def concern_create(request: Request, fields: dict) -> Response:
    draft = _draft_from(fields, _rep_id(request))
    known = set(state(request).rules_by_behaviour)
    concern_id = await db(request, concerns.raise_concern, request.state.user["user_id"], draft, known)
    request.session["flash"] = {"text": "Performance concern recorded."}
    url = f"/concerns/{concern_id}"
    return success(request, {"concern_id": concern_id, "next_url": url}, url)


async def _concern_context(request: Request) -> dict:
    found = await db(request, concerns.concern, request.state.user["user_id"], path_id(request, "concern_id"))
    return {"concern": found, "outcomes": concerns.OUTCOMES, "today": date.today().isoformat()}


@login_required
async def concern_page(request: Request) -> Response:
    context = await _concern_context(request)
    if wants_json(request):
        return APIResponse({"concern": context["concern"]})
    return render(request, "concern.html", context)


async def _concern_event_failed(request: Request, fields: dict, error: SaveFailed) -> Response:
    context = await _concern_context(request)
    return render(request, "concern.html", {**context, "error": error, "draft": fields}, error.status_code)


@action(on_failure=_concern_event_failed)
async def concern_event(request: Request, fields: dict) -> Response:
    concern_id = path_id(request, "concern_id")
    kind = fields.get("kind", "")
    event_id = await db(
        request,
        concerns.record_event,
        request.state.user["user_id"],
        concern_id,
        kind,
        parse_date(fields.get("happened_on"), "happened_on"),
        outcome=fields.get("outcome") or None,
        note=fields.get("note"),
    )
    request.session["flash"] = {"text": f"Recorded: {kind.replace('_', ' ')}."}
    url = f"/concerns/{concern_id}"
    return success(request, {"event_id": event_id, "next_url": url}, url)


# -- the rep's own view (read-only) ------------------------------------------------------------


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


def _rep_view(store: Store, rep_id: str, standards: CoachingSettings) -> dict:
    return {
        "focus": rep_focus(store, rep_id, standards),
        "diagnoses": store.rows(
            """
            SELECT lo.call_id, lo.behaviour, lo.decision, lo.diagnosis, lo.decided_at,
                   coalesce(lo.finding_quote, f.quote) AS quote, f.start, c.started_at, c.call_type
            FROM latest_observations lo JOIN calls c USING (call_id)
            LEFT JOIN findings f ON f.call_id = lo.call_id AND f.behaviour = lo.behaviour
            WHERE c.rep_id = ? AND lo.decision IN ('confirmed', 'strength')
            ORDER BY c.started_at DESC, f.start NULLS LAST
            """,
            [rep_id],
        ),
        "plans": store.rows(
            "SELECT plan_id, behaviour, alternative_behaviour, status, practised_at, apply_call_id, apply_deal_id,"
            " apply_date, follow_up_date FROM practice_plans WHERE rep_id = ?"
            " ORDER BY status = 'inspected', follow_up_date NULLS LAST, plan_id",
            [rep_id],
        ),
        "reviewed": call_review.reviewed_calls(store, rep_id=rep_id),
        # A concern reaches the rep once the conversation was held: the expectation and the follow-up
        # were said to them then. Before that it is the manager's preparation.
        "expectations": store.rows(
            "SELECT concern_id, concern, expectation, conversation_held_on, follow_up_on, follow_up_review, outcome"
            " FROM performance_concern_status WHERE rep_id = ? AND conversation_held_on IS NOT NULL AND NOT closed"
            " ORDER BY follow_up_on NULLS LAST, concern_id",
            [rep_id],
        ),
    }


@rep_required
async def me_page(request: Request) -> Response:
    rep_id = request.state.user["user_id"]
    data = await db(request, _rep_view, rep_id, standards(request))
    if wants_json(request):
        return APIResponse({**data, "focus": asdict(data["focus"]), "rep_id": rep_id})
    return render(request, "me.html", data)


@rep_required
async def me_review_page(request: Request) -> Response:
    call_id, rep_id = request.path_params["call_id"], request.state.user["user_id"]
    review = await db(request, _review, call_id, standards(request), rep_id=rep_id)
    if wants_json(request):
        return APIResponse(asdict(review))
    context = {"review": review, "markdown_url": f"/me/reviews/{quote(call_id, safe='')}.md", "moment_url": None}
    return render(request, "call_review.html", context)


@rep_required
async def me_review_markdown(request: Request) -> Response:
    call_id, rep_id = request.path_params["call_id"], request.state.user["user_id"]
    return _markdown_response(await db(request, _review, call_id, standards(request), rep_id=rep_id))


class RepScope:
    """Keeps a rep's session on the rep's own pages: anything else answers 403 (writes included).

    Runs inside the session middleware. The role is kept in the signed session at login; the rep's
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


def rep_may_open(path: str, rep_id: str) -> bool:
    """The rep's own report (report_pages): /reports/<rep_id>, its files and its JSON twin."""
    if not rep_id:
        return False
    return any(
        path == f"{base}/{rep_id}" or path.startswith(f"{base}/{rep_id}/") for base in ("/reports", "/api/reports")
    )
