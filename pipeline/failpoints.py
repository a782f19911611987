"""Named points where the kill drills stop the batch dead, as a power cut or `kill -9` would.

A point does nothing unless `COACHLOOP_FAILPOINT` names it: `store.write:3` kills the process
(SIGKILL: no cleanup, no `finally`) the third time it reaches `store.write`, with its whole process
group when it leads one (a batch started in its own session, as the drills start it). The drills (`benchmarks/kill_drill.py`, `tests/drills/`) use it to kill inside
the stages a random delay rarely hits: mid-transcription, mid-analysis, inside the transaction
that writes a call, inside the analysts' snapshot copy.

    transcribe   between two decoded segments of a recording
    analyse      between the language passes and detection of a batch of calls
    store.write  inside a call's transaction: its rows written, the rollups not yet updated
    rollup       inside a call's transaction: the rollups updated, the transaction not yet committed
    snapshot     inside the analysts' copy: the schema copied, the rows not yet
"""

from __future__ import annotations

import os
import signal
import threading

ENVIRONMENT = "COACHLOOP_FAILPOINT"
POINTS = ("transcribe", "analyse", "store.write", "rollup", "snapshot")

_hits: dict[str, int] = {}
_lock = threading.Lock()


def parse(value: str) -> tuple[str, int]:
    """`name:count` (count from 1; `name` alone is `name:1`)."""
    name, _, count = value.partition(":")
    if name not in POINTS:
        raise ValueError(f"{ENVIRONMENT}={value!r}: unknown point {name!r}; the points are {', '.join(POINTS)}")
    hits = int(count or 1)
    if hits < 1:
        raise ValueError(f"{ENVIRONMENT}={value!r}: the count starts at 1")
    return name, hits


def failpoint(name: str) -> None:
    """Kill the process group here if `COACHLOOP_FAILPOINT` asks for this point and hit."""
    wanted = os.environ.get(ENVIRONMENT)
    if not wanted:
        return
    point, hits = parse(wanted)
    if point != name:
        return
    with _lock:
        _hits[name] = _hits.get(name, 0) + 1
        if _hits[name] < hits:
            return
    if os.getpgrp() == os.getpid():
        os.killpg(os.getpgrp(), signal.SIGKILL)
    os.kill(os.getpid(), signal.SIGKILL)
