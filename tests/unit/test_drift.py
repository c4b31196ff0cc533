"""Control charts for a slow decline: hand computations, a plain-loop reference, properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regie.domain.drift import Baseline, baseline, cusum, ewma
from regie.domain.errors import InvalidInput


def loop_ewma(x: list[float], n: list[float], base: Baseline, lam: float) -> tuple[list, list]:
    """EWMA and its exact variance, one day at a time (the textbook recursion)."""
    z, v, zs, vs = base.mean, 0.0, [], []
    for value, size in zip(x, n, strict=True):
        if size > 0:
            sigma2 = base.spread**2 / size
            z = lam * value + (1 - lam) * z
            v = lam * lam * sigma2 + (1 - lam) ** 2 * v
        zs.append(z)
        vs.append(v)
    return zs, vs


def loop_cusum(x: list[float], n: list[float], base: Baseline, k: float) -> list[float]:
    """The lower CUSUM of a KPI where higher is better, one day at a time."""
    c, out = 0.0, []
    for value, size in zip(x, n, strict=True):
        if size > 0:
            u = (value - base.mean) / (base.spread / math.sqrt(size))
            c = max(0.0, c - u - k)
        out.append(c)
    return out


def test_the_baseline_of_a_proportion_pools_the_days_by_their_sample_size() -> None:
    found = baseline([0.8, 0.6], [30, 10], "proportion")
    assert found.mean == pytest.approx((24 + 6) / 40)
    assert found.spread == pytest.approx(math.sqrt(0.75 * 0.25))
    assert found.sigmas([25])[0] == pytest.approx(math.sqrt(0.75 * 0.25) / 5)


def test_the_baseline_of_a_mean_estimates_the_spread_from_the_day_to_day_variation() -> None:
    # two days of 4.0 and 5.0 with 4 answers each: mean 4.5, s² = (4·0.25 + 4·0.25) / 1
    found = baseline([4.0, 5.0], [4, 4], "mean")
    assert (found.mean, found.spread) == (4.5, pytest.approx(math.sqrt(2.0)))


def test_a_baseline_needs_two_days_and_some_variation() -> None:
    with pytest.raises(InvalidInput, match="at least two days"):
        baseline([0.7, 0.9], [10, 0], "proportion")
    with pytest.raises(InvalidInput, match="does not vary"):
        baseline([4.0, 4.0], [5, 5], "mean")


def test_ewma_by_hand_for_two_days() -> None:
    base = Baseline(mean=0.8, spread=0.4, days=10, n=100)
    chart = ewma([0.7, 0.5], [16, 4], base, higher_is_better=True, smoothing=0.5, width=2)
    # z1 = 0.5·0.7 + 0.5·0.8 = 0.75; z2 = 0.5·0.5 + 0.5·0.75 = 0.625
    assert chart.statistic.tolist() == pytest.approx([0.75, 0.625])
    # V1 = 0.25·0.01 = 0.0025; V2 = 0.25·0.04 + 0.25·0.0025 = 0.010625
    assert chart.lower.tolist() == pytest.approx([0.8 - 2 * 0.05, 0.8 - 2 * math.sqrt(0.010625)])
    assert chart.worse.tolist() == [False, False]


def test_ewma_equals_the_day_by_day_recursion_with_gaps() -> None:
    rng = np.random.default_rng(5)
    x = rng.uniform(0.5, 0.9, 120)
    n = rng.integers(0, 40, 120).astype(float)
    n[10:15] = 0  # a week without data
    base = Baseline(0.72, math.sqrt(0.72 * 0.28), 30, 900)
    chart = ewma(x, n, base, higher_is_better=True)
    zs, vs = loop_ewma(x.tolist(), n.tolist(), base, 0.2)
    assert chart.statistic == pytest.approx(np.array(zs))
    assert chart.lower == pytest.approx(0.72 - 3 * np.sqrt(np.array(vs)))


def test_cusum_equals_the_day_by_day_recursion() -> None:
    rng = np.random.default_rng(9)
    x = rng.normal(4.1, 0.3, 200)
    n = rng.integers(0, 30, 200).astype(float)
    base = Baseline(4.2, 0.9, 30, 600)
    chart = cusum(x, n, base, higher_is_better=True, allowance=0.5, interval=5)
    assert chart.statistic == pytest.approx(np.array(loop_cusum(x.tolist(), n.tolist(), base, 0.5)))
    assert chart.worse.tolist() == (chart.statistic > 5).tolist()


def test_a_slow_decline_is_flagged_weeks_before_the_monthly_target_is_missed() -> None:
    # FCR at 75 % with 200 contacts a day, target 70 %; from day 60 it drifts down
    # 0.1 point a day. The monthly mean first falls below 70 % in the month of day 150
    # or later; the charts must signal long before.
    rng = np.random.default_rng(2024)
    days = 240
    p = np.where(np.arange(days) < 60, 0.75, 0.75 - 0.001 * (np.arange(days) - 60))
    n = np.full(days, 200.0)
    x = rng.binomial(200, p) / 200
    base = baseline(x[:56], n[:56], "proportion")
    months = np.arange(days) // 30
    monthly = np.array([x[months == m].mean() for m in range(days // 30)])
    first_miss_day = int(np.flatnonzero(monthly < 0.70)[0]) * 30 + 29
    for chart in (ewma(x, n, base, True), cusum(x, n, base, True)):
        signal = chart.first_signal
        assert signal is not None and 60 < signal < first_miss_day - 21


def test_no_signal_on_a_stable_process_most_of_the_time() -> None:
    rng = np.random.default_rng(11)
    false_alarms = 0
    for _ in range(200):
        x = rng.binomial(100, 0.8, 90) / 100
        base = Baseline(0.8, math.sqrt(0.16), 56, 5600)
        false_alarms += ewma(x, np.full(90, 100.0), base, True).first_signal is not None
    # one-sided at L = 3, λ = 0.2 the in-control run length is about 1,000 days, so
    # roughly 9 % of 90-day stretches raise a false alarm; 15 % would mean limits too tight
    assert false_alarms <= 30


@given(
    st.lists(st.floats(0.0, 1.0), min_size=1, max_size=60),
    st.floats(0.05, 1.0),
)
@settings(max_examples=60, deadline=None)
def test_the_ewma_stays_between_the_smallest_and_largest_value_seen(
    values: list[float], smoothing: float
) -> None:
    base = Baseline(0.5, 0.5, 10, 100)
    chart = ewma(values, [10.0] * len(values), base, True, smoothing)
    low, high = min([*values, 0.5]), max([*values, 0.5])
    assert np.all(chart.statistic >= low - 1e-12)
    assert np.all(chart.statistic <= high + 1e-12)


def test_for_a_kpi_where_lower_is_better_the_upper_side_is_worse() -> None:
    base = Baseline(0.08, math.sqrt(0.08 * 0.92), 30, 3000)
    chart = ewma([0.2] * 10, [100.0] * 10, base, higher_is_better=False)
    assert chart.first_signal is not None and not chart.better.any()
