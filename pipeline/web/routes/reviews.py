"""The one-page call review in the app, as the manager reads it: the page and its Markdown download.

The rep reads the same review of their own calls under /me (routes/me.py).
"""

from __future__ import annotations

import re
from dataclasses import asdict
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from pipeline.coaching import call_review
from pipeline.web.common import APIResponse, db, login_required, moment_url, render, wants_json
from pipeline.web.routes.coaching import standards


def markdown_response(review: call_review.CallReview) -> Response:
    """The review as a Markdown file to download, named after the call."""
    name = re.sub(r"[^A-Za-z0-9._-]", "_", review.call_id)
    return Response(
        call_review.review_markdown(review),
        media_type="text/markdown; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="call-review-{name}.md"'},
    )


async def _managers_review(request: Request) -> call_review.CallReview:
    call_id = request.path_params["call_id"]
    return await db(
        request, call_review.review_of_call, call_id, standards(request), manager_id=request.state.user["user_id"]
    )


@login_required
async def review_page(request: Request) -> Response:
    review = await _managers_review(request)
    if wants_json(request):
        return APIResponse(asdict(review))
    base = f"/calls/{quote(review.call_id, safe='')}/review"
    return render(
        request, "call_review.html", {"review": review, "markdown_url": f"{base}.md", "moment_url": moment_url}
    )


@login_required
async def review_markdown(request: Request) -> Response:
    return markdown_response(await _managers_review(request))
