"""The one-page call review in the app, as the manager reads it: the page and its Markdown download.

The rep reads the same review of their own calls under /me (routes/me.py), through the same helpers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from pipeline.coaching import call_review, triage
from pipeline.web.audio import recording_for
from pipeline.web.common import api_page, db, login_required, moment_url, render, state, wants_json
from pipeline.web.routes.coaching import standards


async def read_review(
    request: Request, *, manager_id: str | None = None, rep_id: str | None = None
) -> call_review.CallReview:
    """The review of the path's call, read as the rep's manager or as the rep (NotFound outside that)."""
    call_id = request.path_params["call_id"]
    return await db(
        request, call_review.review_of_call, call_id, standards(request), manager_id=manager_id, rep_id=rep_id
    )


async def review_response(
    request: Request,
    review: call_review.CallReview,
    markdown_url: str,
    moment_link: Callable | None,
    audio_url: str | None = None,
) -> Response:
    """The review page (or its JSON); `moment_link` links each moment to triage, None for a rep;
    `audio_url` plays the call's recording (None: the call has none)."""
    if wants_json(request):
        return await api_page(request, {**asdict(review), "audio_url": audio_url})
    context = {
        "review": review,
        "markdown_url": markdown_url,
        "moment_url": moment_link,
        "audio_url": audio_url,
        "accounts": {review.deal_id: review.account_name} if review.account_name else {},
    }
    return render(request, "call_review.html", context)


def markdown_response(review: call_review.CallReview) -> Response:
    """The review as a Markdown file to download, named after the call."""
    name = re.sub(r"[^A-Za-z0-9._-]", "_", review.call_id)
    return Response(
        call_review.review_markdown(review),
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="call-review-{name}.md"'},
    )


@login_required
async def review_page(request: Request) -> Response:
    review = await read_review(request, manager_id=request.state.user["user_id"])
    call = quote(review.call_id, safe="")
    source = await db(request, triage.call_source, request.state.user["user_id"], review.call_id)
    audio = f"/calls/{call}/audio" if recording_for(review.call_id, source, state(request).recordings) else None
    return await review_response(request, review, f"/calls/{call}/review.md", moment_url, audio)


@login_required
async def review_markdown(request: Request) -> Response:
    return markdown_response(await read_review(request, manager_id=request.state.user["user_id"]))
