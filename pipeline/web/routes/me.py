"""The rep's own read-only pages: /me and the reviews of the rep's calls.

What the rep may see is decided in `pipeline.coaching.rep_view`; that only a rep reaches these
pages, and nothing else, in web/access.py.
"""

from __future__ import annotations

from dataclasses import asdict
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from pipeline.coaching import call_review
from pipeline.coaching.rep_view import own_view
from pipeline.web.access import rep_required
from pipeline.web.common import APIResponse, db, render, wants_json
from pipeline.web.routes.coaching import standards
from pipeline.web.routes.reviews import markdown_response


@rep_required
async def me_page(request: Request) -> Response:
    rep_id = request.state.user["user_id"]
    data = await db(request, own_view, rep_id, standards(request))
    if wants_json(request):
        return APIResponse({**data, "focus": asdict(data["focus"]), "rep_id": rep_id})
    return render(request, "me.html", data)


async def _own_review(request: Request) -> call_review.CallReview:
    call_id, rep_id = request.path_params["call_id"], request.state.user["user_id"]
    return await db(request, call_review.review_of_call, call_id, standards(request), rep_id=rep_id)


@rep_required
async def me_review_page(request: Request) -> Response:
    review = await _own_review(request)
    if wants_json(request):
        return APIResponse(asdict(review))
    markdown_url = f"/me/reviews/{quote(review.call_id, safe='')}.md"
    return render(request, "call_review.html", {"review": review, "markdown_url": markdown_url, "moment_url": None})


@rep_required
async def me_review_markdown(request: Request) -> Response:
    return markdown_response(await _own_review(request))
