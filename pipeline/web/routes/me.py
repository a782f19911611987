"""The rep's own read-only pages: /me and the reviews of the rep's calls.

What the rep may see is decided in `pipeline.coaching.rep_view`; that only a rep reaches these
pages, and nothing else, in web/access.py.
"""

from __future__ import annotations

from dataclasses import asdict
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from pipeline.coaching.rep_view import own_view
from pipeline.web.access import rep_required
from pipeline.web.common import APIResponse, db, render, wants_json
from pipeline.web.routes.coaching import standards
from pipeline.web.routes.reviews import markdown_response, read_review, review_response


@rep_required
async def me_page(request: Request) -> Response:
    rep_id = request.state.user["user_id"]
    data = await db(request, own_view, rep_id, standards(request))
    if wants_json(request):
        return APIResponse({**data, "focus": asdict(data["focus"]), "rep_id": rep_id})
    return render(request, "me.html", data)


@rep_required
async def me_review_page(request: Request) -> Response:
    review = await read_review(request, rep_id=request.state.user["user_id"])
    return review_response(request, review, f"/me/reviews/{quote(review.call_id, safe='')}.md", None)


@rep_required
async def me_review_markdown(request: Request) -> Response:
    return markdown_response(await read_review(request, rep_id=request.state.user["user_id"]))
