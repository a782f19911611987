"""The rep's own read-only pages: /me and the reviews of the rep's calls.

What the rep may see is decided in `pipeline.coaching.rep_view`; that only a rep reaches these
pages, and nothing else, in web/access.py.
"""

from __future__ import annotations

from dataclasses import asdict
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from pipeline.coaching import triage
from pipeline.coaching.rep_view import own_view
from pipeline.errors import NotFound
from pipeline.store import reps as store_reps
from pipeline.web.access import rep_required
from pipeline.web.audio import audio_response, own_audio_urls, recording_for
from pipeline.web.common import account_names, api_page, db, render, state, wants_json
from pipeline.web.routes.coaching import standards
from pipeline.web.routes.reviews import markdown_response, read_review, review_response


async def _audio_urls(request: Request, rep_id: str) -> dict[str, str]:
    """call_id -> where the rep plays it, for the rep's own calls that have a recording."""
    return own_audio_urls(await db(request, store_reps.own_call_sources, rep_id), state(request).recordings)


@rep_required
async def me_page(request: Request) -> Response:
    rep_id = request.state.user["user_id"]
    data = await db(request, own_view, rep_id, standards(request))
    audio = await _audio_urls(request, rep_id)
    if wants_json(request):
        return await api_page(request, {**data, "focus": asdict(data["focus"]), "rep_id": rep_id, "audio_urls": audio})
    calls = await db(
        request, triage.calls_named, [plan["apply_call_id"] for plan in data["plans"] if plan["apply_call_id"]]
    )
    named = await account_names(request, (plan["apply_deal_id"] for plan in data["plans"]))
    return render(request, "me.html", {**data, "audio": audio, "calls": calls, "accounts": named})


@rep_required
async def me_call_audio(request: Request) -> Response:
    """The recording of one of the rep's own calls; any other call is NotFound, like one that does not exist."""
    call_id = request.path_params["call_id"]
    sources = await db(request, store_reps.own_call_sources, request.state.user["user_id"])
    if call_id not in sources:
        raise NotFound(f"no call {call_id}")
    recording = recording_for(call_id, sources[call_id], state(request).recordings)
    if recording is None:
        raise NotFound(f"no recording for call {call_id}")
    return audio_response(recording)


@rep_required
async def me_review_page(request: Request) -> Response:
    review = await read_review(request, rep_id=request.state.user["user_id"])
    audio = (await _audio_urls(request, review.rep_id)).get(review.call_id)  # the rep plays their own call
    return await review_response(request, review, f"/me/reviews/{quote(review.call_id, safe='')}.md", None, audio)


@rep_required
async def me_review_markdown(request: Request) -> Response:
    return markdown_response(await read_review(request, rep_id=request.state.user["user_id"]))
