"""Pages while another process holds the database: read from the analysts' snapshot, say so, and
answer what cannot wait with 503, the holder's name and `Retry-After`.

`SnapshotReads` lets a page's reads fall back to the snapshot (`store.shared`) on GET and HEAD
only: a form's POST always reads the live file it writes to. A page that read the snapshot carries
`X-Coachloop-Data: snapshot <time>` and a notice (`snapshot_notice`).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pipeline.errors import StoreBusyError
from pipeline.store.shared import snapshot_reads, stale_reads_allowed

RETRY_AFTER_S = 5  # the batch holds the file for tens of milliseconds a call; a minute for the snapshot


def busy_message(error: StoreBusyError, saving: bool = False) -> str:
    holder = error.holder.describe() if error.holder else "another process"
    done = "Not saved: the" if saving else "The"
    return f"{done} database is busy: it is held by {holder}. Try again in {RETRY_AFTER_S} seconds."


def retry_after(headers: MutableHeaders) -> None:
    headers["Retry-After"] = str(RETRY_AFTER_S)


def snapshot_notice(request: Request) -> dict | None:
    """The flash that says a page shows the snapshot, or None when it shows the live data."""
    reads = snapshot_reads.get()
    if not reads:
        return None
    shared = request.app.state.web.store.shared
    holder, writer = shared.holder, shared.writer
    if holder is None and writer is not None:  # the server has the file; a batch goes on writing
        return {
            "text": f"{writer.program} (PID {writer.pid}) is writing to the database: this page shows the data "
            f"as of {min(reads):%H:%M:%S}, and its latest changes every {shared.refresh_s:.0f} seconds while it runs."
        }
    who = holder.describe() if holder else "another process"
    return {
        "text": f"The database is held by {who}: this page shows the copy of {min(reads):%H:%M} "
        "and may miss the latest decisions; saving waits until the database is free."
    }


class SnapshotReads:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        reads: list = []
        allowed = stale_reads_allowed.set(scope["method"] in ("GET", "HEAD"))
        logged = snapshot_reads.set(reads)

        async def send_marked(message: Message) -> None:
            if message["type"] == "http.response.start" and reads:
                MutableHeaders(scope=message)["X-Coachloop-Data"] = f"snapshot {min(reads):%Y-%m-%dT%H:%M:%S}"
            await send(message)

        try:
            await self.app(scope, receive, send_marked)
        finally:
            stale_reads_allowed.reset(allowed)
            snapshot_reads.reset(logged)
