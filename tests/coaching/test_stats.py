"""Wilson intervals and Fisher's exact test against published values (pipeline/coaching/stats.py)."""

from __future__ import annotations

import pytest

from pipeline.coaching.stats import compare_rates, fisher_exact, gap_rate, wilson_interval


# Newcombe (1998), "Two-sided confidence intervals for the single proportion", Statistics in
# Medicine 17:857-872, Table I, method 3 (Wilson score interval without continuity correction).
@pytest.mark.parametrize(
    ("successes", "trials", "low", "high"),
    [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718)],
)
def test_wilson_interval_matches_newcombe_1998(successes, trials, low, high):
    interval = wilson_interval(successes, trials)
    assert interval.low == pytest.approx(low, abs=5e-5)
    assert interval.high == pytest.approx(high, abs=5e-5)


def test_wilson_interval_edges():
    assert wilson_interval(0, 0) is None
    assert wilson_interval(3, 3).high == 1.0 and wilson_interval(0, 3).low == 0.0
    assert wilson_interval(1, 2).low == pytest.approx(1 - wilson_interval(1, 2).high)  # symmetric at p = 1/2
    with pytest.raises(ValueError):
        wilson_interval(4, 3)


# Fisher (1935), the lady tasting tea: 3 of 4 cups right in each row; two-sided p = 34/70.
# SciPy's documentation example [[8, 2], [1, 5]]: p = 0.0349650. R's fisher.test on
# [[1, 9], [11, 3]] (Wikipedia's dieting example): p = 0.002759.
@pytest.mark.parametrize(
    ("table", "p_value"),
    [((3, 1, 1, 3), 34 / 70), ((8, 2, 1, 5), 0.0349650), ((1, 9, 11, 3), 0.0027595), ((0, 5, 5, 0), 2 / 252)],
)
def test_fisher_exact_matches_published_values(table, p_value):
    assert fisher_exact(*table) == pytest.approx(p_value, abs=1e-7)


def test_fisher_exact_degenerate_tables_say_nothing():
    assert fisher_exact(0, 0, 3, 4) == 1.0  # an empty row
    assert fisher_exact(2, 0, 3, 0) == 1.0  # one column only
    with pytest.raises(ValueError):
        fisher_exact(-1, 2, 3, 4)


def test_compare_rates_judges_only_with_enough_calls_on_both_sides():
    few = compare_rates(3, 3, 0, 2, min_calls=3)
    assert few.judgement == "too_few_calls" and few.p_value is None
    assert few.statement.startswith("Too few calls to tell yet") and "gap in 0 of 2" in few.statement

    clear = compare_rates(8, 10, 0, 7, min_calls=3)
    assert clear.judgement == "improved" and clear.p_value < 0.05
    assert "Wilson" in clear.method and "Fisher" in clear.method

    unclear = compare_rates(3, 4, 1, 4, min_calls=3)  # the tea table: p = 0.486
    assert unclear.judgement == "no_clear_change" and unclear.statement.startswith("No clear change yet")

    worse = compare_rates(0, 7, 8, 10, min_calls=3)
    assert worse.judgement == "worse"


@pytest.mark.parametrize(("gaps", "applicable", "rate"), [(0, 0, None), (0, 4, 0.0), (2, 3, 2 / 3), (5, 5, 1.0)])
def test_the_gap_rate_is_the_share_of_applicable_calls_and_none_without_any(gaps, applicable, rate):
    assert gap_rate(gaps, applicable) == rate
