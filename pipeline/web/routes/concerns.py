"""The performance conversation in the app: drafting a concern from the data, raising it, and
recording what happened next (conversation held, follow-up moved, outcome, closed).

The rules and the wording are in `pipeline.coaching.concerns`; this module reads forms and renders.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from starlette.requests import Request
from starlette.responses import Response

from pipeline.coaching import concerns
from pipeline.errors import Invalid, NotFound
from pipeline.store import accounts
from pipeline.web.common import (
    SaveFailed,
    action,
    api_page,
    db,
    login_required,
    moment_url,
    parse_date,
    path_id,
    render,
    state,
    success,
    wants_json,
)
from pipeline.web.routes.coaching import listed, page_again, rep_id_of, standards

# Concern steps that cannot be taken back, and what the page says when they come without a confirmation.
CONFIRMED_KINDS = {"closed": "Not closed: tick “Yes, close it for good” first. A closed concern cannot be reopened."}


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
        evidence_calls=tuple(listed(fields, "evidence_calls")),
    )


async def _prepared_concern(request: Request, behaviour: str) -> concerns.ConcernDraft:
    rule = state(request).rules_by_behaviour.get(behaviour)
    if rule is None:
        raise NotFound(f"no behaviour {behaviour}")
    return await db(
        request,
        concerns.prepare_concern,
        request.state.user["user_id"],
        rep_id_of(request),
        behaviour,
        standards(request),
        description=rule.description,
    )


async def _concern_form(request: Request, behaviour: str, draft: dict | None = None, error=None, status_code=200):
    prepared = await _prepared_concern(request, behaviour)
    people = await db(request, accounts.display_names)
    context = {"prepared": prepared, "draft": draft or {}, "error": error, "moment_url": moment_url, "people": people}
    return render(request, "concern_new.html", context, status_code)


@login_required
async def concern_new_page(request: Request) -> Response:
    behaviour = request.query_params.get("behaviour", "")
    if wants_json(request):
        return await api_page(request, asdict(await _prepared_concern(request, behaviour)))
    return await _concern_form(request, behaviour)


async def _concern_create_failed(request: Request, fields: dict, error: SaveFailed) -> Response:
    return await _concern_form(request, fields.get("behaviour", ""), fields, error, error.status_code)


@action(on_failure=_concern_create_failed)
async def concern_create(request: Request, fields: dict) -> Response:
    draft = _draft_from(fields, rep_id_of(request))
    known = set(state(request).rules_by_behaviour)
    concern_id = await db(request, concerns.raise_concern, request.state.user["user_id"], draft, known)
    request.session["flash"] = {"text": "Performance concern recorded."}
    url = f"/concerns/{concern_id}"
    return success(request, {"concern_id": concern_id, "next_url": url}, url)


async def _concern_context(request: Request) -> dict:
    found = await db(request, concerns.concern, request.state.user["user_id"], path_id(request, "concern_id"))
    people = await db(request, accounts.display_names)
    return {"concern": found, "outcomes": concerns.OUTCOMES, "today": date.today().isoformat(), "people": people}


@login_required
async def concern_page(request: Request) -> Response:
    context = await _concern_context(request)
    if wants_json(request):
        return await api_page(request, {"concern": context["concern"]})
    return render(request, "concern.html", context)


@action(on_failure=page_again("concern.html", _concern_context))
async def concern_event(request: Request, fields: dict) -> Response:
    concern_id = path_id(request, "concern_id")
    kind = fields.get("kind", "")
    if kind in CONFIRMED_KINDS and not fields.get("confirm"):
        # Closing cannot be taken back: the form's required box asks first, and so does the server
        # for whatever posts without the form.
        raise SaveFailed(422, CONFIRMED_KINDS[kind], "confirm")
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
