"""The coaching-loop reports in the triage app: each rep's tracker, and the manager's team roll-up.

    /reports                     the team roll-up, with a link to each rep's tracker
    /reports/<rep_id>            the rep's tracker (?since=&until= or ?days= pick the period)
    /reports/<rep_id>/report.md  the same as Markdown;  /reports/<rep_id>/report.html  as one file

Scoped like triage: a manager sees the reps of their team only; another team's rep is NotFound
(404), the same answer as a rep that does not exist. A rep logged in with their own account may
open their own report (web.access.RepScope lets /reports/<own rep_id> through) and nothing else.
Every GET page has a JSON twin under /api/.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from jinja2 import ChoiceLoader, FileSystemLoader
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from pipeline.config import CoachingSettings
from pipeline.errors import Invalid, NotFound
from pipeline.reports import render as report_render
from pipeline.reports import rollup, tracker
from pipeline.store import Store
from pipeline.store import reports as report_sql
from pipeline.web.access import rep_account
from pipeline.web.common import (
    TEMPLATES,
    APIResponse,
    api_page,
    csrf_token,
    current_user,
    db,
    environment,
    parse_date,
    wants_json,
)

# The app's templates first, then the report's own (the tracker body is shared with the files).
pages_environment = environment.overlay(
    loader=ChoiceLoader([FileSystemLoader(TEMPLATES), FileSystemLoader(report_render.TEMPLATES)])
)
pages_environment.filters = dict(environment.filters)  # an overlay shares the dict; keep the app's own untouched
report_render.add_filters(pages_environment)
MAX_PERIOD_DAYS = 366


def _render(request: Request, template: str, context: dict, status_code: int = 200) -> HTMLResponse:
    context = {
        "user": getattr(request.state, "user", None),
        "csrf_token": csrf_token(request),
        "flash": request.session.pop("flash", None),
        "path": request.url.path,
        **context,
    }
    return HTMLResponse(pages_environment.get_template(template).render(context), status_code=status_code)


def _standards(request: Request) -> CoachingSettings:
    return getattr(request.app.state, "coaching", None) or CoachingSettings()


async def _viewer(request: Request, rep_id: str | None) -> Response | None:
    """Sets request.state.user; a response when the viewer may not see this (login first)."""
    if request.session.get("role") == "rep":
        account = await rep_account(request)
        if account is not None and rep_id == account["user_id"]:
            request.state.user = account
            return None
        if account is not None:
            raise NotFound(f"no report {rep_id}")
    else:
        request.state.user = await current_user(request)
        if request.state.user is not None:
            return None
    if wants_json(request):
        return APIResponse({"error": "not logged in"}, status_code=401)
    return RedirectResponse(f"/login?next={request.url.path}", status_code=303)


def _period(store: Store, standards: CoachingSettings, params: dict[str, str]) -> tracker.Period:
    since, until = parse_date(params.get("since"), "since"), parse_date(params.get("until"), "until")
    days = params.get("days")
    if days is not None and (not days.isdigit() or not 1 <= int(days) <= MAX_PERIOD_DAYS):
        raise Invalid(f"days must be a whole number from 1 to {MAX_PERIOD_DAYS}.", "days")
    try:
        period = tracker.period_for(store, standards, since=since, until=until, days=int(days) if days else None)
    except ValueError as error:
        raise Invalid(str(error), "since") from error
    if period.days > MAX_PERIOD_DAYS:
        raise Invalid(f"A report covers at most {MAX_PERIOD_DAYS} days.", "since")
    return period


def rep_tracker(
    store: Store, viewer: dict, rep_id: str, standards: CoachingSettings, params: dict[str, str]
) -> tracker.Tracker:
    """The rep's tracker, if the viewer may see it: the rep's manager, or the rep."""
    own_team = viewer["role"] == "manager" and report_sql.in_team(store, viewer["user_id"], rep_id)
    if not own_team and not (viewer["role"] == "rep" and viewer["user_id"] == rep_id):
        raise NotFound(f"no rep {rep_id}")
    for_rep = viewer["role"] == "rep"
    return tracker.build_tracker(store, rep_id, standards, _period(store, standards, params), for_rep=for_rep)


def team_rollup(
    store: Store, manager_id: str, standards: CoachingSettings, params: dict[str, str]
) -> rollup.TeamRollup:
    return rollup.team_rollup(store, manager_id, standards, _period(store, standards, params))


async def _tracker(request: Request) -> tracker.Tracker:
    rep_id = request.path_params["rep_id"]
    params = dict(request.query_params)
    return await db(request, rep_tracker, request.state.user, rep_id, _standards(request), params)


def _query(request: Request) -> str:
    return f"?{request.url.query}" if request.url.query else ""


async def report_page(request: Request) -> Response:
    denied = await _viewer(request, request.path_params["rep_id"])
    if denied:
        return denied
    found = await _tracker(request)
    if wants_json(request):
        return await api_page(request, {"tracker": asdict(found)})
    # drawn in the browser from its numbers (static/trend.js): the server draws no chart for a page
    chart_data = report_render.trend_chart_data(found, _standards(request).focus_gap_rate)
    return _render(request, "report.html", {"t": found, "chart_data": chart_data, "query": _query(request)})


async def report_markdown(request: Request) -> Response:
    denied = await _viewer(request, request.path_params["rep_id"])
    if denied:
        return denied
    found = await _tracker(request)
    filename = f"{found.rep_id}-{found.period.end.isoformat()}.md"
    return PlainTextResponse(
        report_render.render_markdown(found),
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def report_file(request: Request) -> Response:
    """The standalone page, as a download (its inline style is the file's, not the app's)."""
    denied = await _viewer(request, request.path_params["rep_id"])
    if denied:
        return denied
    found = await _tracker(request)
    filename = f"{found.rep_id}-{found.period.end.isoformat()}.html"
    return HTMLResponse(
        report_render.render_html(found, _standards(request)),
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def team_page(request: Request) -> Response:
    if request.session.get("role") == "rep":
        raise NotFound("no team report")
    denied = await _viewer(request, None)
    if denied:
        return denied
    params = dict(request.query_params)
    team = await db(request, team_rollup, request.state.user["user_id"], _standards(request), params)
    if wants_json(request):
        return await api_page(request, {"rollup": asdict(team)})
    query = _query(request)
    return _render(
        request,
        "team_report.html",
        {"r": team, "report_url": lambda rep_id: f"/reports/{rep_id}{query}", "today": date.today()},
    )
