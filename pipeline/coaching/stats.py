"""Small-sample statistics for coaching evidence: Wilson score intervals and Fisher's exact test.

A rep has a handful of calls a week, so a gap rate of "2 of 3" says little. The Wilson score
interval (Wilson 1927; Newcombe 1998, method 3) stays inside [0, 1] and is honest at small n where
the normal approximation is not. Fisher's exact test compares two such rates (before a coaching
plan and after it) without any large-sample assumption; the two-sided p-value sums every table
with the same margins that is no more likely than the one observed (the convention of R's
fisher.test and SciPy). Both are written out here: a few lines each, no dependency.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

WILSON = "Wilson score interval"
FISHER = "Fisher's exact test (two-sided)"


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> Interval | None:
    """The Wilson score interval for `successes` of `trials`; None when there are no trials."""
    if trials < 0 or not 0 <= successes <= trials:
        raise ValueError(f"need 0 <= successes <= trials, got {successes} of {trials}")
    if trials == 0:
        return None
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half_width = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    # At 0 or n successes one end is exactly 0 or 1; rounding must not push it past.
    low = 0.0 if successes == 0 else max(0.0, centre - half_width)
    high = 1.0 if successes == trials else min(1.0, centre + half_width)
    return Interval(low, high)


def _hypergeometric(k: int, row1: int, row2: int, col1: int) -> float:
    """P(top-left cell = k) for a 2x2 table with row sums row1, row2 and first column sum col1."""
    return math.comb(row1, k) * math.comb(row2, col1 - k) / math.comb(row1 + row2, col1)


def fisher_exact(a: int, b: int, c: int, d: int) -> float:
    """Two-sided p-value of Fisher's exact test for the table [[a, b], [c, d]]."""
    if min(a, b, c, d) < 0:
        raise ValueError("table cells must be counts (>= 0)")
    row1, row2, col1 = a + b, c + d, a + c
    if row1 == 0 or row2 == 0 or col1 == 0 or col1 == row1 + row2:
        return 1.0
    observed = _hypergeometric(a, row1, row2, col1)
    # Tables as likely as the observed one count too; the relative tolerance absorbs float noise.
    threshold = observed * (1 + 1e-7)
    k_range = range(max(0, col1 - row2), min(row1, col1) + 1)
    p_value = sum(p for p in (_hypergeometric(k, row1, row2, col1) for k in k_range) if p <= threshold)
    return min(1.0, p_value)


@dataclass(frozen=True)
class RateComparison:
    """A behaviour's gap rate before a point in time and after it, and what can honestly be said."""

    before_gaps: int
    before_calls: int
    after_gaps: int
    after_calls: int
    before_interval: Interval | None
    after_interval: Interval | None
    p_value: float | None  # None: too few calls on one side to test
    judgement: str  # too_few_calls | improved | worse | no_clear_change
    statement: str
    method: str = f"{WILSON} (95%), {FISHER}"


def gap_rate(gaps: int, applicable: int) -> float | None:
    """The share of applicable calls with a gap; None when no call applied.

    The Python twin of the SQL macro `gap_rate` (pipeline/store/sql/views.sql), for counts already
    in hand. Not rounded: it is compared with the standard, and rounding could tip a rate over it."""
    return gaps / applicable if applicable else None


def format_p(p_value: float) -> str:
    return "p < 0.001" if p_value < 0.001 else f"p = {p_value:.3f}"


def _rate(gaps: int, calls: int, interval: Interval | None) -> str:
    if calls == 0:
        return "no applicable calls"
    return f"gap in {gaps} of {calls} ({gap_rate(gaps, calls):.0%}, 95% CI {interval.low:.0%}–{interval.high:.0%})"


def compare_rates(
    before_gaps: int,
    before_calls: int,
    after_gaps: int,
    after_calls: int,
    min_calls: int,
    alpha: float = 0.05,
    sides: tuple[str, str] = ("before", "after"),
) -> RateComparison:
    """Before vs after; judged only with at least `min_calls` applicable calls on each side.
    `sides` names the two sides in the statement ("previous period", "this period")."""
    before_interval = wilson_interval(before_gaps, before_calls)
    after_interval = wilson_interval(after_gaps, after_calls)
    rates = (
        f"{sides[0]}: {_rate(before_gaps, before_calls, before_interval)}; "
        f"{sides[1]}: {_rate(after_gaps, after_calls, after_interval)}"
    )
    p_value = None  # too few calls on one side to test
    if before_calls < min_calls or after_calls < min_calls:
        judgement = "too_few_calls"
        statement = (
            f"Too few calls to tell yet ({rates}; at least {min_calls} applicable calls on each side are needed)."
        )
    else:
        p_value = fisher_exact(before_gaps, before_calls - before_gaps, after_gaps, after_calls - after_gaps)
        if p_value < alpha:
            improved = gap_rate(after_gaps, after_calls) < gap_rate(before_gaps, before_calls)
            judgement = "improved" if improved else "worse"
            said = "The gap rate fell" if improved else "The gap rate rose"
            statement = f"{said} ({rates}; Fisher's exact {format_p(p_value)})."
        else:
            judgement = "no_clear_change"
            statement = f"No clear change yet ({rates}; Fisher's exact {format_p(p_value)}, not below {alpha})."
    return RateComparison(
        before_gaps=before_gaps,
        before_calls=before_calls,
        after_gaps=after_gaps,
        after_calls=after_calls,
        before_interval=before_interval,
        after_interval=after_interval,
        p_value=p_value,
        judgement=judgement,
        statement=statement,
    )
