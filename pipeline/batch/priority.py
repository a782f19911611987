"""The batch's CPU priority: below the web app's, so managers' pages stay quick while it runs.

The nightly batch keeps every core busy for as long as it runs (transcription, then analysis); a
`coachloop serve` on the same machine would answer pages at the batch's pace. The batch lowers its
own priority (the Unix nice value, `[batch].nice`) before it starts any thread, so the threads it
starts, its models' thread pools and the flow runs it spawns inherit it. On a machine of its own
the batch loses nothing: a lower priority matters only when another process wants the cores.
"""

from __future__ import annotations

import os

NICEST = 19  # the lowest priority Unix knows


def lower_priority(nice: int) -> int | None:
    """Run this thread, and those it starts, at least this nice (never raises the priority: that
    needs privileges and is not the batch's to take). The niceness now; None where there is none."""
    if not hasattr(os, "getpriority"):
        return None
    current = os.getpriority(os.PRIO_PROCESS, 0)
    wanted = min(max(nice, 0), NICEST)
    if wanted > current:
        os.setpriority(os.PRIO_PROCESS, 0, wanted)
    return os.getpriority(os.PRIO_PROCESS, 0)
