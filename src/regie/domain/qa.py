"""Quality assurance: scorecards, review scores, IQS, stratified samples and calibration.

Scoring follows the QA tools (``docs/qa.md``):

- a category's score is ``(selected − scale min) / (scale max − scale min) × 100``;
- a review's score is ``Σ(score × weight) / Σ weights`` over the categories not marked
  N/A; when every category is N/A there is nothing to score;
- a **critical** category scored *below* ``critical_below`` (50 %) makes the review 0
  ("auto-fail"); exactly 50 % is not below 50 %;
- the IQS (internal quality score) of a month is the mean of its review scores, with a
  95 % Student-t interval ``mean ± t(0.975, n − 1) · s / √n`` (clipped to 0–100, the
  range a score can take); it needs two reviews, and under :data:`MIN_REVIEWS` a month
  carries a warning (DOMAIN §4: at least 50 interactions a month).

Samples are stratified by channel: :func:`allocate` shares the size out proportionally
with the largest-remainder method, gives every non-empty stratum at least one when the
size allows, never more than a stratum holds; :func:`draw` picks the members with a
seeded NumPy generator, so a seed reproduces a sample.

Calibration (several reviewers on the same contacts) is measured by :func:`agreement`:
the mean absolute difference and the share of exact agreement over every pair of
reviewers on a contact, and Krippendorff's alpha with the interval metric.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from statistics import fmean, stdev

import numpy as np
from scipy import stats

from regie.domain.errors import InvalidInput

CRITICAL_BELOW = 50.0
"""A critical category scored below this (in %) makes the whole review 0."""

MIN_REVIEWS = 50
"""Fewer reviews in a month than this gives a warning: too few for reliable QA figures."""

CONFIDENCE = 0.95
_SAME = 1e-9  # two scores this close agree exactly

Answer = int | None
"""A selected scale value, or None for N/A."""


@dataclass(frozen=True)
class Category:
    """One scorecard category: its weight, its scale ``low``–``high`` and its rules."""

    key: str
    weight: float
    low: int = 1
    high: int = 5
    na_allowed: bool = True
    critical: bool = False
    label: str = ""

    def score(self, selected: int) -> float:
        """The selected value as a percentage of the scale."""
        return (selected - self.low) / (self.high - self.low) * 100.0

    def problem(self, answer: Answer) -> str | None:
        """Why ``answer`` is not allowed in this category, or None when it is."""
        if answer is None:
            return None if self.na_allowed else f"N/A is not allowed here; {self.allowed()}"
        if not self.low <= answer <= self.high:
            return f"out of the scale; {self.allowed()}"
        return None

    def allowed(self) -> str:
        na = " or N/A" if self.na_allowed else ""
        return f"give a whole number from {self.low} to {self.high}{na}"


@dataclass(frozen=True)
class Scorecard:
    name: str
    categories: tuple[Category, ...]
    critical_below: float = CRITICAL_BELOW

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.categories)


@dataclass(frozen=True)
class ReviewScore:
    """A scored review: the score after the critical rule, and how it came about."""

    score: float
    weighted: float
    """Σ(score × weight) / Σ weights, before the critical rule."""
    auto_failed: tuple[str, ...]
    """Critical categories scored below the threshold (the score is then 0)."""
    categories: dict[str, float | None]
    """Category key → category score; None for N/A."""


def score_review(card: Scorecard, answers: Mapping[str, Answer]) -> ReviewScore:
    """Score one review; ``answers`` holds every category of ``card`` (None for N/A).

    Raises :class:`InvalidInput` on a missing category, a value the category does not allow, or
    a review whose every category is N/A (readers check these first, with positions).
    """
    scores: dict[str, float | None] = {}
    for category in card.categories:
        if category.key not in answers:
            raise InvalidInput(f"{category.key}: missing; {category.allowed()}")
        answer = answers[category.key]
        problem = category.problem(answer)
        if problem is not None:
            raise InvalidInput(f"{category.key} = {answer}: {problem}")
        scores[category.key] = None if answer is None else category.score(answer)
    scored = [(c, scores[c.key]) for c in card.categories if scores[c.key] is not None]
    if not scored:
        raise InvalidInput("every category is N/A: nothing to score")
    total = sum(c.weight for c, _ in scored)
    weighted = sum(c.weight * float(s or 0.0) for c, s in scored) / total
    failed = tuple(
        c.key for c, s in scored if c.critical and s is not None and s < card.critical_below
    )
    return ReviewScore(0.0 if failed else weighted, weighted, failed, scores)


# IQS ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class MeanInterval:
    """A mean with its Student-t interval; None where ``n`` is too small for it."""

    n: int
    mean: float | None
    sd: float | None
    low: float | None
    high: float | None


def mean_interval(
    values: Sequence[float],
    confidence: float = CONFIDENCE,
    bounds: tuple[float, float] = (0.0, 100.0),
) -> MeanInterval:
    """Mean ± t((1 + confidence) / 2, n − 1) · s / √n, clipped to ``bounds``."""
    n = len(values)
    if n == 0:
        return MeanInterval(0, None, None, None, None)
    mean = fmean(values)
    if n == 1:
        return MeanInterval(1, mean, None, None, None)
    sd = stdev(values)
    half = float(stats.t.ppf((1 + confidence) / 2, n - 1)) * sd / math.sqrt(n)
    low, high = max(bounds[0], mean - half), min(bounds[1], mean + half)
    return MeanInterval(n, mean, sd, low, high)


# stratified samples --------------------------------------------------------------------
def allocate(population: Mapping[str, int], size: int) -> dict[str, int]:
    """How many to draw from each stratum: proportional, largest remainder first.

    The result sums to ``min(size, total)`` and never exceeds a stratum; when ``size`` is
    at least the number of non-empty strata, each of them gets at least one. Ties go to
    the stratum named first in sorted order, so the result depends on the counts only.
    """
    if size < 0 or any(count < 0 for count in population.values()):
        raise InvalidInput("a sample size and stratum sizes cannot be negative")
    names = sorted(population)
    total = sum(population.values())
    if size >= total:
        return {name: population[name] for name in names}
    quota = {name: size * population[name] / total for name in names}
    filled = [name for name in names if population[name] > 0]
    least = {name: int(size >= len(filled) and name in filled) for name in names}
    share = {name: max(least[name], math.floor(quota[name])) for name in names}
    while sum(share.values()) > size:  # minimums pushed it over: take from the most over
        over = [name for name in names if share[name] > least[name]]
        share[min(over, key=lambda name: quota[name] - share[name])] -= 1
    while sum(share.values()) < size:  # hand out the rest by largest remainder
        room = [name for name in names if share[name] < population[name]]
        share[max(room, key=lambda name: quota[name] - share[name])] += 1
    return share


def draw(population: Mapping[str, int], size: int, seed: int) -> dict[str, tuple[int, ...]]:
    """Positions (0-based, ascending) drawn from each stratum, by :func:`allocate`.

    The same counts, size and seed always give the same positions.
    """
    rng = np.random.default_rng(seed)
    shares = allocate(population, size)
    drawn: dict[str, tuple[int, ...]] = {}
    for name in sorted(shares):
        picked = rng.choice(population[name], size=shares[name], replace=False)
        drawn[name] = tuple(sorted(int(i) for i in picked))
    return drawn


# calibration ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Rating:
    """One reviewer's score of one contact (a category's score or a review's score)."""

    unit: str
    rater: str
    value: float


@dataclass(frozen=True)
class Agreement:
    """How far reviewers agree on the contacts that more than one of them scored."""

    units: int
    """Contacts scored by at least two reviewers."""
    pairs: int
    """Pairs of reviewers on the same contact."""
    mean_abs_diff: float | None
    """Mean absolute difference of a pair's scores, in points (0–100)."""
    exact_share: float | None
    """Share of pairs with the same score."""
    alpha: float | None
    """Krippendorff's alpha (interval metric); None when there is no variation."""


@dataclass(frozen=True)
class RaterBias:
    """A reviewer's scores against the others' on the same contacts."""

    rater: str
    units: int
    mean_difference: float
    """Mean of (this reviewer's score − the mean of the others' scores), in points."""


def _by_unit(ratings: Sequence[Rating]) -> dict[str, dict[str, float]]:
    units: dict[str, dict[str, float]] = defaultdict(dict)
    for r in ratings:
        units[r.unit][r.rater] = r.value
    return {unit: raters for unit, raters in units.items() if len(raters) >= 2}


def agreement(ratings: Sequence[Rating]) -> Agreement:
    """Pairwise agreement and Krippendorff's alpha of ``ratings`` (one per unit and rater)."""
    units = _by_unit(ratings)
    gaps = [abs(a - b) for raters in units.values() for a, b in combinations(raters.values(), 2)]
    if not gaps:
        return Agreement(len(units), 0, None, None, None)
    alpha = krippendorff_interval([list(raters.values()) for raters in units.values()])
    exact = sum(gap < _SAME for gap in gaps) / len(gaps)
    return Agreement(len(units), len(gaps), fmean(gaps), exact, alpha)


def krippendorff_interval(units: Sequence[Sequence[float]]) -> float | None:
    """Krippendorff's alpha with the interval metric δ² = (a − b)².

    ``units`` holds each unit's values (missing ones left out); units with fewer than two
    values are not pairable and are ignored. With N pairable values::

        D_o = (1/N) Σ_u Σ_{i≠j in u} (v_i − v_j)² / (m_u − 1)
        D_e = Σ_{i≠j} (v_i − v_j)² / (N (N − 1))
        α   = 1 − D_o / D_e

    None when every pairable value is the same (D_e = 0: alpha is undefined).
    """
    pairable = [np.asarray(u, dtype=float) for u in units if len(u) >= 2]
    if not pairable:
        return None
    values = np.concatenate(pairable)
    n = values.size
    # Σ over ordered pairs i≠j of (v_i − v_j)² = 2 m Σ (v − mean)²
    within = sum(2 * u.size * float(((u - u.mean()) ** 2).sum()) / (u.size - 1) for u in pairable)
    expected = 2 * n * float(((values - values.mean()) ** 2).sum()) / (n * (n - 1))
    if expected <= _SAME:
        return None
    alpha = 1.0 - (within / n) / expected
    return 0.0 if abs(alpha) < _SAME else alpha


def rater_bias(ratings: Sequence[Rating]) -> tuple[RaterBias, ...]:
    """Each reviewer's mean difference from the other reviewers, by reviewer."""
    differences: dict[str, list[float]] = defaultdict(list)
    for raters in _by_unit(ratings).values():
        for rater, value in raters.items():
            others = [v for r, v in raters.items() if r != rater]
            differences[rater].append(value - fmean(others))
    return tuple(
        RaterBias(rater, len(found), fmean(found)) for rater, found in sorted(differences.items())
    )
