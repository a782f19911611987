"""The team's coaching page and one rep's coaching page, with the focus chooser on it.

The coaching habits in the app: focus-first listening, review cadence and what waits for the
manager. Call reviews (routes/reviews.py), performance conversations (routes/concerns.py) and the
rep's own view (routes/me.py) have their own modules; who may open which is in web/access.py.
Manager pages share the triage pages' login, CSRF and error handling (`login_required`, `action`).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from datetime import date

from starlette.requests import Request
from starlette.responses import Response

from pipeline.coaching import cadence, call_review, concerns, trend, triage
from pipeline.coaching import focus as coaching_focus
from pipeline.coaching.focus import MAX_FOCUS, Focus, rep_focus, set_focus
from pipeline.config import CoachingSettings
from pipeline.errors import Invalid
from pipeline.store import Store
from pipeline.store import reps as store_reps
from pipeline.store.trends import latest_call_date
from pipeline.web.common import (
    FailurePage,
    SaveFailed,
    action,
    api_page,
    db,
    login_required,
    moment_url,
    render,
    state,
    success,
    wants_json,
)


def standards(request: Request) -> CoachingSettings:
    """The coaching standards the app was started with (`WebOptions.coaching`)."""
    return getattr(request.app.state, "coaching", None) or CoachingSettings()


def page_again(template: str, context_of: Callable[[Request], Awaitable[dict]]) -> FailurePage:
    """An `action`'s failure page: the form's page rebuilt, with the error and what the manager typed."""

    async def failed(request: Request, fields: dict, error: SaveFailed) -> Response:
        context = await context_of(request)
        return render(request, template, {**context, "error": error, "draft": fields}, error.status_code)

    return failed


def listed(fields: dict, name: str) -> list[str]:
    """Names from one text field: "a b", "a,b", or a JSON list (read_fields turns it into its text)."""
    return re.findall(r"[\w.:-]+", fields.get(name, ""))


# -- focus ------------------------------------------------------------------------------------


def team_focus(
    store: Store, manager_id: str, standards: CoachingSettings, rep_id: str | None = None, as_of: date | None = None
) -> dict:
    """rep_id -> Focus for the manager's team (or one rep of it), as of the latest call loaded (or `as_of`)."""
    team = sorted(member["rep_id"] for member in store_reps.team_members(store, manager_id))
    members = [member for member in team if rep_id in (None, member)]
    return coaching_focus.focus_of_reps(store, members, standards, as_of)


async def focus_of_team(request: Request, rep_id: str | None = None, as_of: date | None = None) -> dict[str, Focus]:
    return await db(request, team_focus, request.state.user["user_id"], standards(request), rep_id, as_of)


def focus_behaviours(focus: dict[str, Focus]) -> dict[str, tuple[str, ...]]:
    """What `triage.queue` takes: rep_id -> focus behaviours (reps with none left out)."""
    return {rep_id: found.behaviours for rep_id, found in focus.items() if found.behaviours}


def choose_focus(
    store: Store, manager_id: str, rep_id: str, behaviours: list[str], reason: str | None, known: set[str]
) -> None:
    """The manager picks one or two behaviours for a rep of the team, or clears the choice (none)."""
    store_reps.team_rep(store, manager_id, rep_id)
    unknown = [behaviour for behaviour in behaviours if behaviour not in known]
    if unknown:
        raise Invalid(f"unknown behaviour {unknown[0]!r}", "behaviours")
    if len(set(behaviours)) > MAX_FOCUS:
        raise Invalid(f"A focus is one or two behaviours, not {len(set(behaviours))}.", "behaviours")
    set_focus(store, rep_id, list(dict.fromkeys(behaviours)), manager_id, (reason or "").strip() or None)


# -- the team's coaching page ------------------------------------------------------------------


def _team_overview(store: Store, manager_id: str, standards: CoachingSettings) -> dict:
    latest = latest_call_date(store)  # read once for the focus window and the trends
    focus = team_focus(store, manager_id, standards, as_of=latest)
    return {
        "cadence": cadence.team_cadence(store, manager_id, standards),
        "focus": focus,
        "suggested": triage.suggested_calls(store, manager_id, focus_behaviours(focus)),
        "concerns": concerns.concerns(store, manager_id),
        "reviewed": call_review.reviewed_calls(store, manager_id=manager_id)[:20],
        "team": triage.team(store, manager_id),
        "trends": trend.team_trends(store, manager_id, latest=latest),
    }


@login_required
async def coaching_page(request: Request) -> Response:
    data = await db(request, _team_overview, request.state.user["user_id"], standards(request))
    if wants_json(request):
        flagged = data["cadence"].flagged
        return await api_page(
            request,
            {
                "cadence": asdict(data["cadence"])
                | {"flagged": [rep.rep_id for rep in flagged], "flagged_names": [rep.rep_name for rep in flagged]},
                "focus": {rep_id: asdict(found) for rep_id, found in data["focus"].items()},
                "suggested": data["suggested"],
                "concerns": data["concerns"],
                "reviewed": data["reviewed"],
            },
        )
    return render(request, "coaching.html", {**data, "moment_url": moment_url})


# -- one rep: focus chooser, reviews, concerns -------------------------------------------------


def _rep_overview(store: Store, manager_id: str, rep_id: str, standards: CoachingSettings) -> dict:
    rep = store_reps.team_rep(store, manager_id, rep_id)
    team = cadence.team_cadence(store, manager_id, standards)
    return {
        "rep": rep,
        "focus": rep_focus(store, rep_id, standards),
        "chosen": store_reps.chosen_focus(store, rep_id),
        "cadence": next(row for row in team.reps if row.rep_id == rep_id),
        "standard": team.standard(),
        "reviewed": [
            row for row in call_review.reviewed_calls(store, manager_id=manager_id) if row["rep_id"] == rep_id
        ],
        "concerns": concerns.concerns(store, manager_id, rep_id),
        "plans": triage.plans(store, manager_id, rep_id),
        "trend": trend.team_trends(store, manager_id).get(rep_id),
    }


def rep_id_of(request: Request) -> str:
    return request.path_params["rep_id"]


async def _rep_context(request: Request) -> dict:
    data = await db(request, _rep_overview, request.state.user["user_id"], rep_id_of(request), standards(request))
    rules = state(request).rules
    return {**data, "behaviours": [(rule.behaviour, rule.skill) for rule in rules], "max_focus": MAX_FOCUS}


@login_required
async def rep_coaching_page(request: Request) -> Response:
    context = await _rep_context(request)
    if wants_json(request):
        return await api_page(
            request,
            {
                "rep": context["rep"],
                "focus": asdict(context["focus"]),
                "cadence": asdict(context["cadence"]),
                "reviewed": context["reviewed"],
                "concerns": context["concerns"],
            },
        )
    return render(request, "coaching_rep.html", context)


@action(on_failure=page_again("coaching_rep.html", _rep_context))
async def focus_save(request: Request, fields: dict) -> Response:
    rep_id = rep_id_of(request)
    known = set(state(request).rules_by_behaviour)
    # One checkbox per behaviour (focus:<behaviour>); JSON callers send `behaviours`.
    ticked = [name.split(":", 1)[1] for name, value in fields.items() if name.startswith("focus:") and value]
    behaviours = [] if fields.get("clear") else ticked + listed(fields, "behaviours")
    if not behaviours and not fields.get("clear"):
        raise SaveFailed(422, "Not saved: tick one or two behaviours, or clear the focus.", "behaviours")
    await db(request, choose_focus, request.state.user["user_id"], rep_id, behaviours, fields.get("reason"), known)
    request.session["flash"] = {"text": "Focus saved." if behaviours else "Focus cleared."}
    url = f"/coaching/reps/{rep_id}"
    return success(request, {"behaviours": behaviours, "next_url": url}, url)
