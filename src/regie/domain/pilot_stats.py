"""Telling pilot vendors apart: significance tests and the sample size still needed.

- **Proportions** (FCR, CSAT top-2-box): the pooled two-proportion z-test, two-sided;
  Fisher's exact test instead when any expected cell of the 2×2 table is below 5 (the
  z-test's normal approximation is then unreliable);
- **Times** (FRT, AHT) and mean ratings: the Mann–Whitney U test, two-sided (response and
  handle times are skewed; it compares the distributions without assuming normality);
- **Sample size per group** to detect the observed difference at α = 0.05 (two-sided)
  with power 0.8: for two proportions the standard formula

      n = (z₁₋α/₂·√(2·p̄·q̄) + z₁₋β·√(p₁q₁ + p₂q₂))² / (p₁ − p₂)²,   p̄ = (p₁ + p₂)/2

  and for times the normal approximation on the observed means and standard deviations

      n = (z₁₋α/₂ + z₁₋β)² · (s₁² + s₂²) / (m₁ − m₂)²

  (the t-test's large-sample form; Mann–Whitney needs about the same n on normal data,
  its asymptotic relative efficiency being 3/π ≈ 0.95, and often fewer on skewed data);
- :func:`holm`: Holm–Bonferroni adjusted p-values for the pairs of three vendors.

Documented for users in ``docs/pilot.md``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from scipy import stats

ALPHA: Final = 0.05
POWER: Final = 0.8
MIN_EXPECTED: Final = 5.0
Z_TEST: Final = "two-proportion z-test"
FISHER: Final = "Fisher's exact test"
MANN_WHITNEY: Final = "Mann–Whitney U test"


@dataclass(frozen=True)
class TestResult:
    test: str  # Z_TEST, FISHER or MANN_WHITNEY
    statistic: float  # z, the odds ratio, or U of the first group
    p_value: float  # two-sided

    __test__ = False  # not a pytest test class


def two_proportion_z(k1: int, n1: int, k2: int, n2: int) -> TestResult:
    """The pooled two-proportion z-test of k1/n1 against k2/n2 (two-sided)."""
    pooled = (k1 + k2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    z = (k1 / n1 - k2 / n2) / se
    return TestResult(Z_TEST, z, float(2 * stats.norm.sf(abs(z))))


def fisher_exact(k1: int, n1: int, k2: int, n2: int) -> TestResult:
    """Fisher's exact test on the table [[k1, n1 − k1], [k2, n2 − k2]] (two-sided)."""
    found = stats.fisher_exact([[k1, n1 - k1], [k2, n2 - k2]])
    return TestResult(FISHER, float(found.statistic), float(found.pvalue))


def expected_cells(k1: int, n1: int, k2: int, n2: int) -> list[float]:
    """The four expected counts of the 2×2 table under equal proportions."""
    total = n1 + n2
    hits, misses = k1 + k2, total - k1 - k2
    return [n * column / total for n in (n1, n2) for column in (hits, misses)]


def compare_proportions(k1: int, n1: int, k2: int, n2: int) -> TestResult | None:
    """The z-test, or Fisher's exact test when an expected cell is below 5; None without
    a sample on either side."""
    if n1 <= 0 or n2 <= 0:
        return None
    if min(expected_cells(k1, n1, k2, n2)) < MIN_EXPECTED:
        return fisher_exact(k1, n1, k2, n2)
    return two_proportion_z(k1, n1, k2, n2)


def mann_whitney(first: Sequence[float], second: Sequence[float]) -> TestResult | None:
    """The two-sided Mann–Whitney U test (SciPy's default method); None when a side is
    empty. Identical samples give p = 1."""
    if not first or not second:
        return None
    found = stats.mannwhitneyu(first, second, alternative="two-sided")
    p_value = float(found.pvalue)
    return TestResult(MANN_WHITNEY, float(found.statistic), 1.0 if math.isnan(p_value) else p_value)


def _z(alpha: float, power: float) -> tuple[float, float]:
    return float(stats.norm.ppf(1 - alpha / 2)), float(stats.norm.ppf(power))


def n_for_proportions(
    p1: float, p2: float, alpha: float = ALPHA, power: float = POWER
) -> int | None:
    """Contacts per group to detect p1 against p2; None when they are equal (no n will do)."""
    if p1 == p2:
        return None
    z_alpha, z_beta = _z(alpha, power)
    mean = (p1 + p2) / 2
    spread = z_alpha * math.sqrt(2 * mean * (1 - mean)) + z_beta * math.sqrt(
        p1 * (1 - p1) + p2 * (1 - p2)
    )
    return max(2, math.ceil(spread**2 / (p1 - p2) ** 2))


def n_for_means(
    m1: float, s1: float, m2: float, s2: float, alpha: float = ALPHA, power: float = POWER
) -> int | None:
    """Observations per group to detect mean m1 against m2 with SDs s1, s2; None when the
    means are equal."""
    if m1 == m2:
        return None
    z_alpha, z_beta = _z(alpha, power)
    return max(2, math.ceil((z_alpha + z_beta) ** 2 * (s1**2 + s2**2) / (m1 - m2) ** 2))


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm–Bonferroni adjusted p-values, in the order given."""
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    adjusted = [0.0] * len(p_values)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(p_values) - rank) * p_values[i]))
        adjusted[i] = running
    return adjusted


def mean_sd(values: Sequence[float]) -> tuple[float, float] | None:
    """The mean and sample standard deviation (n − 1); None for fewer than 2 values."""
    if len(values) < 2:
        return None
    mean = sum(values) / len(values)
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
