"""A small line of rates for an inline SVG (templates/_trend.html): no script, no image request.

Rates run from 0 (bottom) to 1 (top); a week without a rate breaks the line, so a gap in the data
is not drawn as a slope.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT, PAD = 96, 24, 3


@dataclass(frozen=True)
class Sparkline:
    width: int
    height: int
    segments: tuple[str, ...]  # SVG polyline points, one string per unbroken run of weeks
    dots: tuple[tuple[float, float], ...]  # every week with a rate (a run of one week is a dot)
    last: tuple[float, float] | None  # the latest week with a rate


def sparkline(rates: Sequence[float | None], width: int = WIDTH, height: int = HEIGHT) -> Sparkline:
    """The points of `rates` (oldest first) in a `width` x `height` box."""
    step = (width - 2 * PAD) / max(1, len(rates) - 1)
    points: list[tuple[float, float] | None] = [
        None if rate is None else (round(PAD + i * step, 1), round(PAD + (1 - rate) * (height - 2 * PAD), 1))
        for i, rate in enumerate(rates)
    ]
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            runs.append([])
        else:
            runs[-1].append(point)
    segments = tuple(" ".join(f"{x},{y}" for x, y in run) for run in runs if len(run) > 1)
    drawn = [point for point in points if point is not None]
    return Sparkline(width, height, segments, tuple(drawn), drawn[-1] if drawn else None)
