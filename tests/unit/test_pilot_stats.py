"""The side-by-side tests against SciPy and hand formulas, and the sample sizes."""

from __future__ import annotations

import math

import pytest
from scipy import stats

from regie.domain.pilot_stats import (
    FISHER,
    MANN_WHITNEY,
    Z_TEST,
    compare_proportions,
    expected_cells,
    fisher_exact,
    holm,
    mann_whitney,
    mean_sd,
    n_for_means,
    n_for_proportions,
    two_proportion_z,
)


def hand_z(k1: int, n1: int, k2: int, n2: int) -> tuple[float, float]:
    """The pooled two-proportion z-test written out."""
    p1, p2 = k1 / n1, k2 / n2
    pooled = (k1 + k2) / (n1 + n2)
    z = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return z, math.erfc(abs(z) / math.sqrt(2))  # two-sided: 2 · (1 − Φ(|z|))


@pytest.mark.parametrize(
    ("k1", "n1", "k2", "n2"), [(240, 300, 180, 300), (45, 60, 30, 55), (70, 100, 70, 100)]
)
def test_the_z_test_matches_the_hand_formula(k1: int, n1: int, k2: int, n2: int) -> None:
    found = two_proportion_z(k1, n1, k2, n2)
    z, p = hand_z(k1, n1, k2, n2)
    assert found.test == Z_TEST
    assert found.statistic == pytest.approx(z, rel=1e-12)
    assert found.p_value == pytest.approx(p, rel=1e-9)


def test_240_of_300_against_180_of_300_is_z_5_35() -> None:
    # pooled p = 0.7; se = √(0.7 · 0.3 · 2/300) = 0.037417; z = 0.2 / 0.037417 = 5.3452
    assert two_proportion_z(240, 300, 180, 300).statistic == pytest.approx(5.345225, rel=1e-6)


@pytest.mark.parametrize(
    ("k1", "n1", "k2", "n2"), [(3, 5, 1, 5), (9, 10, 4, 10), (0, 12, 5, 12), (20, 20, 15, 20)]
)
def test_fisher_matches_scipy(k1: int, n1: int, k2: int, n2: int) -> None:
    found = fisher_exact(k1, n1, k2, n2)
    odds, p = stats.fisher_exact([[k1, n1 - k1], [k2, n2 - k2]])
    assert found.test == FISHER
    assert found.p_value == pytest.approx(p, rel=1e-12)
    assert found.statistic == pytest.approx(odds) or math.isinf(odds)


def test_the_expected_cells_of_the_table() -> None:
    # 45/60 vs 30/55: 75 hits and 40 misses of 115
    assert expected_cells(45, 60, 30, 55) == pytest.approx(
        [60 * 75 / 115, 60 * 40 / 115, 55 * 75 / 115, 55 * 40 / 115]
    )


def test_fisher_replaces_the_z_test_when_an_expected_cell_is_below_5() -> None:
    # 95/100 vs 90/100: 15 misses → 7.5 expected each: the z-test
    assert compare_proportions(95, 100, 90, 100).test == Z_TEST  # type: ignore[union-attr]
    # 48/50 vs 45/50: 7 misses → 3.5 expected each: Fisher
    chosen = compare_proportions(48, 50, 45, 50)
    assert chosen is not None and chosen.test == FISHER
    assert chosen.p_value == pytest.approx(stats.fisher_exact([[48, 2], [45, 5]]).pvalue)
    # exactly 5 expected is enough for the z-test: 5/20 vs 5/20 → 10 × 20 / 40 = 5
    assert compare_proportions(5, 20, 5, 20).test == Z_TEST  # type: ignore[union-attr]
    assert compare_proportions(5, 0, 5, 20) is None


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ([1800.0] * 240 + [5400.0] * 60, [1800.0] * 120 + [5400.0] * 180),
        ([120.0, 340.5, 90.0, 600.0, 415.0], [700.0, 230.0, 880.0, 510.0, 960.0, 1200.0]),
        ([3.0, 1.0, 2.0], [4.0, 6.0, 5.0]),
    ],
)
def test_mann_whitney_matches_scipy(first: list[float], second: list[float]) -> None:
    found = mann_whitney(first, second)
    expected = stats.mannwhitneyu(first, second, alternative="two-sided")
    assert found is not None and found.test == MANN_WHITNEY
    assert found.statistic == expected.statistic
    assert found.p_value == pytest.approx(expected.pvalue, rel=1e-12)


def test_mann_whitney_of_identical_samples_is_p_1_and_of_nothing_none() -> None:
    same = mann_whitney([300.0] * 5, [300.0] * 5)
    assert same is not None and same.p_value == 1.0
    assert mann_whitney([], [1.0]) is None


def test_the_sample_size_for_two_proportions() -> None:
    # p 0.8 vs 0.6: p̄ 0.7; (1.95996·√0.42 + 0.84162·√0.40)² / 0.04 = 81.2 → 82 per group
    assert n_for_proportions(0.8, 0.6) == 82
    assert n_for_proportions(0.6, 0.8) == 82
    z_a, z_b = stats.norm.ppf(0.975), stats.norm.ppf(0.8)
    p1, p2 = 0.85, 0.80
    spread = z_a * math.sqrt(2 * 0.825 * 0.175) + z_b * math.sqrt(p1 * 0.15 + p2 * 0.2)
    assert n_for_proportions(p1, p2) == math.ceil(spread**2 / 0.05**2)  # 903
    assert n_for_proportions(0.7, 0.7) is None


def test_the_sample_size_for_two_means() -> None:
    # means 10 and 12, SD 4 each: (1.95996 + 0.84162)² · 32 / 4 = 62.8 → 63
    assert n_for_means(10.0, 4.0, 12.0, 4.0) == 63
    assert n_for_means(300.0, 0.0, 700.0, 0.0) == 2  # no spread: the smallest sample
    assert n_for_means(5.0, 1.0, 5.0, 1.0) is None


def test_holm_adjusts_the_pairs() -> None:
    # sorted 0.01, 0.03, 0.04 → 0.03, 0.06, max(0.06, 0.04) = 0.06
    assert holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])
    assert holm([0.5]) == [0.5]
    assert holm([0.6, 0.7]) == [1.0, 1.0]


def test_mean_and_sample_standard_deviation() -> None:
    found = mean_sd([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0])
    assert found == pytest.approx((5.0, math.sqrt(32 / 7)))
    assert mean_sd([1.0]) is None
