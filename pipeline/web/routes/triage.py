"""The pages and actions: login, the queue, one moment at a time, decisions and undo, practice plans, audio.

Every GET page has a JSON twin under /api/, the names a person reads beside its ids
(`pipeline/web/names.py`); every POST answers JSON when asked (the page's
script asks) and otherwise redirects, or re-renders the page with the typed text and the error.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from datetime import date
from urllib.parse import parse_qsl, quote, urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from pipeline.coaching import cycles as plan_cycles
from pipeline.coaching import plans as practice
from pipeline.coaching import suggestions, trend, triage, wording
from pipeline.coaching.inspection import INSPECTOR
from pipeline.errors import Invalid, NotFound
from pipeline.store import accounts
from pipeline.store.trends import latest_call_date
from pipeline.web import auth
from pipeline.web.audio import audio_response, recording_for
from pipeline.web.common import (
    APIResponse,
    SaveFailed,
    account_names,
    action,
    api_page,
    csrf_token,
    current_user,
    db,
    label,
    login_required,
    moment_url,
    parse_date,
    path_id,
    read_fields,
    render,
    state,
    success,
    wants_json,
)
from pipeline.web.routes import coaching as coaching_pages
from pipeline.web.sessions import check_available, end_session, start_session

CALL_TYPES = ("discovery", "demo", "negotiation", "follow_up", "other")
ACTIONS = {"confirm": "confirmed", "strength": "strength", "dismiss": "dismissed"}
FILTER_NAMES = ("rep", "behaviour", "skill", "call_type", "since", "until", "status", "kind", "q")
CONTEXT_RADIUS = 2  # utterances shown either side of each evidence utterance


# -- login ------------------------------------------------------------------------------------


async def login_page(request: Request) -> Response:
    if await current_user(request):
        return RedirectResponse("/queue", status_code=303)
    return render(request, "login.html", {"next": request.query_params.get("next", "")})


async def login(request: Request) -> Response:
    fields = await read_fields(request)
    user_id, target = fields.get("user_id", "").strip(), fields.get("next", "")
    if not auth.same_token(request.session.get("csrf"), fields.get("csrf_token")):
        error = "The login form was out of date. Please log in again."
        return render(request, "login.html", {"error": error, "user_id": user_id, "next": target}, 403)
    throttle, address = request.app.state.login_throttle, request.client.host if request.client else ""
    refused = throttle.retry_after(user_id, address)
    if refused:  # checked before the password: a guess during the wait learns nothing
        which, seconds = refused
        where = "for this account from your address" if which == "account" else "from your network address"
        wait = f"{seconds} second(s)" if seconds < 120 else f"{math.ceil(seconds / 60)} minute(s)"
        error = f"Too many failed logins {where}. Try again in {wait}."
        page = render(request, "login.html", {"error": error, "user_id": user_id, "next": target}, 429)
        page.headers["Retry-After"] = str(seconds)
        return page
    account = await db(request, accounts.user, user_id) if user_id else None
    # Reps log in too: their session only reaches their own pages (web.access.RepScope).
    hashed = account["password_hash"] if account and account["role"] in ("manager", "rep") else None
    if not auth.verify_password(hashed, fields.get("password", "")):
        throttle.failed(user_id, address)
        error = "Wrong user id or password."
        return render(request, "login.html", {"error": error, "user_id": user_id, "next": target}, 401)
    throttle.succeeded(user_id, address)
    # A fresh session (new id, new CSRF token) at login: no fixation.
    start_session(request, uid=user_id, fp=auth.fingerprint(hashed), csrf=auth.new_token(), role=account["role"])
    # Only a path of this app: "//host" and "/\\host" would leave it.
    safe_target = target if target.startswith("/") and not target.startswith(("//", "/\\")) else "/queue"
    if account["role"] == "rep":
        safe_target = "/me"
    return RedirectResponse(safe_target, status_code=303)


async def logout(request: Request) -> Response:
    """End the session for every copy of its cookie. Without this session's CSRF token nothing
    ends, and the answer says so (403): a logout never pretends."""
    fields = await read_fields(request)
    check_available(request)
    if request.session.get("uid") and not auth.same_token(request.session.get("csrf"), fields.get("csrf_token")):
        request.state.user = None
        message = "Not logged out: this page's security token is out of date. Reload the page and log out again."
        if wants_json(request):
            return APIResponse({"error": message}, status_code=403)
        return render(request, "error.html", {"message": message}, 403)
    await end_session(request)
    return RedirectResponse("/login", status_code=303)


@login_required
async def api_session(request: Request) -> Response:
    user = request.state.user
    return APIResponse(
        {"user_id": user["user_id"], "display_name": user["display_name"], "csrf_token": csrf_token(request)}
    )


# -- queue ------------------------------------------------------------------------------------


async def _queue_filters(request: Request, params: dict, team: list[dict] | None = None) -> tuple:
    """(filters, the filters given, cleaned) from query parameters. Another team's rep is NotFound."""
    given = {name: (params.get(name) or "").strip() for name in FILTER_NAMES}
    if given["rep"]:
        team = team if team is not None else await db(request, triage.team, request.state.user["user_id"])
        if given["rep"] not in {rep["rep_id"] for rep in team}:
            raise NotFound(f"no rep {given['rep']}")
    behaviours = None
    if given["behaviour"]:
        behaviours = (given["behaviour"],)
    if given["skill"]:
        of_skill = state(request).behaviours_of_skill(given["skill"])
        behaviours = tuple(b for b in (behaviours or of_skill) if b in of_skill)
    text = given["q"]
    filters = triage.QueueFilters(
        text=text or None,
        text_behaviours=tuple(
            rule.behaviour for rule in state(request).rules if text and text.lower() in label(rule.behaviour).lower()
        ),
        rep_id=given["rep"] or None,
        behaviours=behaviours,
        call_type=given["call_type"] or None,
        since=parse_date(given["since"], "since"),
        until=parse_date(given["until"], "until"),
        status=given["status"] if given["status"] in triage.QUEUE_STATUSES else "open",
        kind=given["kind"] if given["kind"] in ("gap", "strength") else None,
    )
    return filters, {name: value for name, value in given.items() if value}


def _item_json(item: dict, queue_query: str) -> dict:
    return {**item, "url": moment_url(item["call_id"], item["behaviour"], queue_query)}


def page_number(value: str | None) -> int:
    """The page asked for (1-based); anything that is not a whole number from 1 is page 1."""
    return int(value) if (value or "").isdigit() and int(value) >= 1 else 1


@login_required
async def queue_page(request: Request) -> Response:
    manager_id = request.state.user["user_id"]
    team = await db(request, triage.team, manager_id)
    filters, given = await _queue_filters(request, dict(request.query_params), team)
    latest = await db(request, latest_call_date)  # read once for the focus window and the trends
    focus = await coaching_pages.focus_of_team(request, filters.rep_id, latest)
    page = page_number(request.query_params.get("page"))
    per_page = getattr(request.app.state, "queue_page_size", 25)
    sure = coaching_pages.standards(request).sure_speaker_confidence
    found = await db(
        request, triage.queue_page, manager_id, filters, coaching_pages.focus_behaviours(focus), page, per_page, sure
    )
    suggested = await db(request, triage.suggested_calls, manager_id, coaching_pages.focus_behaviours(focus))
    query = urlencode(given)
    if wants_json(request):
        listen_for = {
            rep_id: {"rep_id": rep_id, "behaviours": f.behaviours, "reason": f.reason} for rep_id, f in focus.items()
        }
        return await api_page(
            request,
            {
                "items": [_item_json(item, query) for item in found.items],
                "total": found.total,
                "page": found.page,
                "pages": found.pages,
                "per_page": found.per_page,
                "filters": given,
                "focus": listen_for,
                "suggested": suggested,
            },
        )
    app = state(request)
    context = {
        "items": found.items,
        "found": found,
        "page_url": lambda number: "/queue?" + urlencode({**given, "page": number}),
        "given": given,
        "queue_query": query,
        "team": team,
        "trends": await db(request, trend.team_trends, manager_id, trend.TREND_WEEKS, latest),
        "behaviours": [rule.behaviour for rule in app.rules],
        "skills": app.skills(),
        "call_types": CALL_TYPES,
        "moment_url": moment_url,
        "rep_url": lambda rep_id: "/queue?" + urlencode({**given, "rep": rep_id or ""}),
        "focus": focus,
        "suggested": suggested,
        "accounts": await account_names(request, (item["deal_id"] for item in found.items)),
    }
    return render(request, "queue.html", context)


# -- one moment -------------------------------------------------------------------------------


def context_windows(count: int, evidence: list[int], radius: int = CONTEXT_RADIUS) -> list[list[int]]:
    """Utterance indexes to show around the evidence, as separate runs; the end of the call when none."""
    if count == 0:
        return []
    if not evidence:
        return [list(range(max(0, count - 2 * radius), count))]
    windows: list[list[int]] = []
    for index in sorted(set(evidence)):
        low, high = max(0, index - radius), min(count - 1, index + radius)
        if windows and low <= windows[-1][-1] + 1:
            windows[-1].extend(range(windows[-1][-1] + 1, high + 1))
        else:
            windows.append(list(range(low, high + 1)))
    return windows


async def _moment_context(request: Request, call_id: str, behaviour: str, queue_params: dict) -> dict:
    user_id = request.state.user["user_id"]
    data = await db(request, triage.moment, user_id, call_id, behaviour)
    filters, given = await _queue_filters(request, queue_params)
    focus = await coaching_pages.focus_of_team(request)
    near = await db(
        request, triage.queue_neighbours, user_id, filters, coaching_pages.focus_behaviours(focus), call_id, behaviour
    )
    query = urlencode(given)
    finding, utterances = data["finding"], data["utterances"]
    windows = context_windows(len(utterances), finding["evidence"] or [])
    first_shown = utterances[windows[0][0]]["start"] if windows else 0.0
    rule = state(request).rules_by_behaviour.get(behaviour)
    recording = recording_for(call_id, finding["source_path"], state(request).recordings)
    suggestion = suggestions.suggested_diagnosis(finding, utterances)

    return {
        **data,
        "windows": [[utterances[i] for i in window] for window in windows],
        "evidence": set(finding["evidence"] or []),
        "play_from": finding["start"] if finding["start"] is not None else first_shown,
        "audio_url": f"/calls/{quote(call_id, safe='')}/audio" if recording else None,
        "moment_base": moment_url(call_id, behaviour),
        "description": rule.description if rule else "",
        "skill": rule.skill if rule else "",
        "suggestion": suggestion.text,
        "suggestion_claims": [asdict(claim) for claim in suggestion.claims],
        "queue_query": query,
        "queue_position": near["position"] - 1 if near["position"] else None,
        "queue_length": near["total"],
        "previous_url": moment_url(*near["previous"], query) if near["previous"] else None,
        "next_url": moment_url(*near["next"], query) if near["next"] else None,
        "people": await db(request, accounts.display_names),
        "accounts": await account_names(request, [finding["deal_id"]]),
        "dismiss_reasons": triage.DISMISS_REASONS,
        "rep_focus": focus.get(finding["rep_id"]),
        "sure_speaker_confidence": coaching_pages.standards(request).sure_speaker_confidence,
        "personality_words": wording.PERSONALITY_WORDS,
        "moment_words": wording.MOMENT_WORDS,
    }


@login_required
async def moment_page(request: Request) -> Response:
    call_id, behaviour = request.path_params["call_id"], request.path_params["behaviour"]
    context = await _moment_context(request, call_id, behaviour, dict(request.query_params))
    if wants_json(request):
        keep = (
            "utterances",
            "decision",
            "history",
            "plans",
            "audio_url",
            "play_from",
            "suggestion",
            "suggestion_claims",
            "last_wording",
        )
        # Where the recording lies on the server is not the browser's business: whether there is one, and its URL.
        finding = {key: value for key, value in context["finding"].items() if key != "source_path"}
        return await api_page(
            request,
            {key: context[key] for key in keep}
            | {
                "finding": finding,
                "recording_available": context["audio_url"] is not None,
                "context": context["windows"],
                "sure_speaker_confidence": context["sure_speaker_confidence"],
            },
        )
    return render(request, "moment.html", context)


async def _moment_failed(request: Request, fields: dict, error: SaveFailed) -> Response:
    call_id, behaviour = request.path_params["call_id"], request.path_params["behaviour"]
    context = await _moment_context(request, call_id, behaviour, dict(parse_qsl(fields.get("queue", ""))))
    return render(request, "moment.html", {**context, "draft": fields, "error": error}, error.status_code)


@action(on_failure=_moment_failed)
async def decide(request: Request, fields: dict) -> Response:
    call_id, behaviour = request.path_params["call_id"], request.path_params["behaviour"]
    decision = ACTIONS.get(fields.get("action", ""))
    if decision is None:
        raise SaveFailed(422, "Not saved: choose confirm, strength or dismiss.", "action")
    text = fields.get("diagnosis", "")
    if decision != "dismissed" and not fields.get("accept_wording"):
        words = wording.personality_words(text)
        if words:
            raise SaveFailed(422, wording.nudge(words), "diagnosis", nudge=True)
    user_id = request.state.user["user_id"]
    queue_params = dict(parse_qsl(fields.get("queue", "")))
    filters, given = await _queue_filters(request, queue_params)
    focus = coaching_pages.focus_behaviours(await coaching_pages.focus_of_team(request))
    near = await db(request, triage.queue_neighbours, user_id, filters, focus, call_id, behaviour)
    call = await db(request, triage.team_call, user_id, call_id)
    current = fields.get("current_observation_id", "")
    observation_id = await db(
        request,
        triage.decide,
        user_id,
        call_id,
        behaviour,
        decision,
        diagnosis=text if decision != "dismissed" else None,
        reason=fields.get("reason") if decision == "dismissed" else None,
        note=fields.get("note") if decision == "dismissed" else None,
        expected_current=int(current) if current.isdigit() else None,
        wording=text,
    )
    # Next: the moment after this one in the queue, wrapping round to the first.
    following = near["next"] or (near["first"] if near["first"] != (call_id, behaviour) else None)
    query = urlencode(given)
    next_url = moment_url(*following, query) if following else "/queue" + (f"?{query}" if query else "")
    request.session["flash"] = {
        "text": f"{label(decision)}: {label(behaviour)} on {wording.call_title(call)}.",
        "undo": {"url": moment_url(call_id, behaviour) + "/undo", "observation_id": observation_id, "queue": query},
        "plan_url": f"/plans/new?observation={observation_id}" if decision == "confirmed" else None,
    }
    return success(request, {"observation_id": observation_id, "next_url": next_url}, next_url)


@action(on_failure=_moment_failed)
async def undo(request: Request, fields: dict) -> Response:
    call_id, behaviour = request.path_params["call_id"], request.path_params["behaviour"]
    target = fields.get("observation_id", "")
    if not target.isdigit():
        raise SaveFailed(422, "Not saved: which decision to undo is missing.", "observation_id")
    restored = await db(request, triage.undo, request.state.user["user_id"], call_id, behaviour, int(target))
    call = await db(request, triage.team_call, request.state.user["user_id"], call_id)
    now = f"back to {restored['decision']}" if restored else "open again"
    request.session["flash"] = {"text": f"Undone: {label(behaviour)} on {wording.call_title(call)} is {now}."}
    url = moment_url(call_id, behaviour, fields.get("queue", ""))
    return success(request, {"current": restored, "next_url": url}, url)


# -- practice plans ---------------------------------------------------------------------------


def _observation_id(value: str | None) -> int:
    if not (value or "").isdigit():
        raise NotFound("no diagnosis")
    return int(value)


async def _plan_form(request: Request, observation_id: int, draft: dict | None = None, error=None, status_code=200):
    user_id = request.state.user["user_id"]
    options = await db(request, practice.plan_options, user_id, observation_id)
    diagnosis = options["diagnosis"]
    suggestion = await db(request, suggestions.practice_for, user_id, diagnosis["call_id"], diagnosis["behaviour"])
    default_follow_up = date.fromordinal(date.today().toordinal() + 14)
    context = {
        **options,
        "draft": draft or {},
        "error": error,
        "suggestion": suggestion.text,
        "default_follow_up": default_follow_up.isoformat(),
        "accounts": await account_names(request, _apply_on_deals(options)),
    }
    return render(request, "plan_new.html", context, status_code)


@login_required
async def plan_new_page(request: Request) -> Response:
    return await _plan_form(request, _observation_id(request.query_params.get("observation")))


async def _plan_create_failed(request: Request, fields: dict, error: SaveFailed) -> Response:
    return await _plan_form(request, _observation_id(fields.get("observation_id")), fields, error, error.status_code)


def _apply_on_deals(choices: dict | None) -> list[str]:
    """The deals a plan form offers (its later calls' and its deals), to name their accounts."""
    choices = choices or {}
    return [row["deal_id"] for row in (*choices.get("later_calls", ()), *choices.get("deals", ()))]


def _plan_fields(fields: dict) -> dict:
    """What a plan form and a next-cycle form share: the alternative, the role-play, where and when."""
    apply_to = fields.get("apply_to", "")
    practised_on = parse_date(fields.get("practised_on"), "practised_on") if fields.get("practised") else None
    if fields.get("practised") and practised_on is None:
        raise Invalid("Say when it was role-played.", "practised_on")
    return {
        "alternative_behaviour": fields.get("alternative_behaviour", ""),
        "follow_up_date": parse_date(fields.get("follow_up_date"), "follow_up_date"),
        "practised_on": practised_on,
        "apply_call_id": (fields.get("apply_call_id") or None) if apply_to == "call" else None,
        "apply_deal_id": (fields.get("apply_deal_id") or None) if apply_to == "deal" else None,
        "apply_date": parse_date(fields.get("apply_date"), "apply_date") if apply_to == "date" else None,
    }


@action(on_failure=_plan_create_failed)
async def plan_create(request: Request, fields: dict) -> Response:
    draft = practice.PlanInput(observation_id=_observation_id(fields.get("observation_id")), **_plan_fields(fields))
    plan_id = await db(request, practice.create_plan, request.state.user["user_id"], draft)
    request.session["flash"] = {"text": "Practice plan created."}
    return success(request, {"plan_id": plan_id, "next_url": f"/plans/{plan_id}"}, f"/plans/{plan_id}")


@login_required
async def plans_page(request: Request) -> Response:
    user_id = request.state.user["user_id"]
    team = await db(request, triage.team, user_id)
    rep_id = request.query_params.get("rep") or None
    if rep_id and rep_id not in {rep["rep_id"] for rep in team}:
        raise NotFound(f"no rep {rep_id}")
    rows = await db(request, practice.plans, user_id, rep_id)
    if wants_json(request):
        return await api_page(request, {"plans": rows})
    calls = await db(request, triage.calls_named, [row["apply_call_id"] for row in rows if row["apply_call_id"]])
    accounts_named = await account_names(request, (row["apply_deal_id"] for row in rows))
    context = {"plans": rows, "team": team, "rep": rep_id, "today": date.today(), "calls": calls}
    context["accounts"] = accounts_named
    return render(request, "plans.html", context)


async def _plan_context(request: Request) -> dict:
    found = await db(request, practice.plan, request.state.user["user_id"], path_id(request, "plan_id"))
    step = practice.PLAN_STEPS.index(found["status"])
    next_step = practice.PLAN_STEPS[step + 1] if step + 1 < len(practice.PLAN_STEPS) else None
    applied = found.get("applied_finding") or {}
    call_ids = [found.get("apply_call_id"), applied.get("call_id"), *(c["apply_call_id"] for c in found["cycles"])]
    deal_ids = [found.get("apply_deal_id"), *(c["apply_deal_id"] for c in found["cycles"])]
    names = plan_cycles.Names(
        await db(request, triage.calls_named, [call_id for call_id in call_ids if call_id]),
        await account_names(request, [*deal_ids, *_apply_on_deals(found.get("practise_again"))]),
        await db(request, accounts.display_names),
    )
    cycles = plan_cycles.cycles_from_rows(found["cycles"], names)
    return {
        "plan": found,
        "cycles": cycles,
        "history": plan_cycles.history_sentence(cycles),
        "calls": names.calls,
        "people": {**names.people, INSPECTOR: "the pipeline"},  # the pipeline records the steps it inspects
        "accounts": names.accounts,
        "steps": practice.PLAN_STEPS,
        "next_step": next_step,
        "outcomes": practice.INSPECTION_OUTCOMES,
        "today": date.today().isoformat(),
        "default_follow_up": date.fromordinal(date.today().toordinal() + 14).isoformat(),
        "moment_url": moment_url,
    }


@login_required
async def plan_page(request: Request) -> Response:
    context = await _plan_context(request)
    if wants_json(request):
        body = {"plan": context["plan"], "next_step": context["next_step"], "history": context["history"]}
        return await api_page(request, body)
    return render(request, "plan.html", context)


async def _plan_step_failed(request: Request, fields: dict, error: SaveFailed) -> Response:
    context = await _plan_context(request)
    return render(request, "plan.html", {**context, "draft": fields, "error": error}, error.status_code)


# Plan steps that cannot be taken back, and what the page says when they come without a confirmation.
CONFIRMED_STEPS = {
    "inspected": "Not saved: tick “Yes, record this inspection” first. An inspection cannot be taken back.",
}


@action(on_failure=_plan_step_failed)
async def plan_step(request: Request, fields: dict) -> Response:
    plan_id = path_id(request, "plan_id")
    status = fields.get("status", "")
    if status in CONFIRMED_STEPS and not fields.get("confirm"):
        # The form's required box asks first, and so does the server for whatever posts without the form.
        raise SaveFailed(422, CONFIRMED_STEPS[status], "confirm")
    await db(
        request,
        practice.advance_plan,
        request.state.user["user_id"],
        plan_id,
        fields.get("status", ""),
        parse_date(fields.get("happened_on"), "happened_on") or date.today(),
        note=fields.get("note"),
        outcome=fields.get("outcome") or None,
    )
    request.session["flash"] = {"text": f"Plan marked {fields.get('status')}."}
    return success(request, {"plan_id": plan_id, "next_url": f"/plans/{plan_id}"}, f"/plans/{plan_id}")


@action(on_failure=_plan_step_failed)
async def plan_again(request: Request, fields: dict) -> Response:
    """'Not yet: practise again': the plan's next cycle, with its own apply-on call and follow-up."""
    plan_id = path_id(request, "plan_id")
    draft = practice.CycleInput(note=fields.get("note"), **_plan_fields(fields))
    cycle = await db(request, practice.practise_again, request.state.user["user_id"], plan_id, draft)
    request.session["flash"] = {"text": f"Back to practice: cycle {cycle} of this plan."}
    return success(request, {"plan_id": plan_id, "cycle": cycle, "next_url": f"/plans/{plan_id}"}, f"/plans/{plan_id}")


# -- team and audio ---------------------------------------------------------------------------


@login_required
async def api_reps(request: Request) -> Response:
    return await api_page(request, {"reps": await db(request, triage.team, request.state.user["user_id"])})


@login_required
async def call_audio(request: Request) -> Response:
    """The call's recording, for the manager of the call's rep."""
    call_id = request.path_params["call_id"]
    source = await db(request, triage.call_source, request.state.user["user_id"], call_id)
    recording = recording_for(call_id, source, state(request).recordings)
    if recording is None:
        raise NotFound(f"no recording for call {call_id}")
    return audio_response(recording)
