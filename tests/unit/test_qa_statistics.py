"""IQS intervals against SciPy, stratified allocation (by hand and as properties), and
calibration agreement on a hand-made set."""

from __future__ import annotations

import math
from statistics import fmean

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from regie.domain.qa import (
    Rating,
    agreement,
    allocate,
    draw,
    krippendorff_interval,
    mean_interval,
    rater_bias,
)

# IQS ----------------------------------------------------------------------------------


def test_the_interval_is_scipys_student_t_interval() -> None:
    scores = [70.0, 80.0, 90.0, 65.0, 85.0, 75.0, 0.0, 100.0, 88.3]
    found = mean_interval(scores)
    low, high = stats.t.interval(0.95, len(scores) - 1, loc=fmean(scores), scale=stats.sem(scores))
    assert found.n == 9
    assert found.mean == pytest.approx(fmean(scores))
    assert (found.low, found.high) == (pytest.approx(low), pytest.approx(high))


@given(st.lists(st.floats(40, 60), min_size=2, max_size=80))
@settings(max_examples=60, deadline=None)
def test_the_interval_matches_scipy_for_any_sample(scores: list[float]) -> None:
    found = mean_interval(scores, bounds=(-math.inf, math.inf))
    sem = stats.sem(scores)
    assert found.mean is not None and found.low is not None and found.high is not None
    if sem == 0:
        assert found.low == pytest.approx(found.mean) == pytest.approx(found.high)
        return
    low, high = stats.t.interval(0.95, len(scores) - 1, loc=fmean(scores), scale=sem)
    assert (found.low, found.high) == (pytest.approx(low), pytest.approx(high))


def test_the_interval_is_clipped_to_the_range_of_a_score() -> None:
    found = mean_interval([0.0, 0.0, 100.0])
    assert (found.low, found.high) == (0.0, 100.0)


def test_no_interval_under_two_scores() -> None:
    assert mean_interval([]).mean is None
    one = mean_interval([80.0])
    assert (one.n, one.mean, one.low, one.high) == (1, 80.0, None, None)


# allocation ---------------------------------------------------------------------------


def test_proportional_allocation_by_hand() -> None:
    # quotas 45, 4.75, 0.25 → floors 45, 4, 0; chat gets its minimum of 1
    assert allocate({"email": 900, "phone": 95, "chat": 5}, 50) == {
        "chat": 1, "email": 45, "phone": 4,
    }  # fmt: skip
    # quotas 2.5, 1.5, 1.0 → floors 2, 1, 1; one left: the tie of .5 goes to "a" (first)
    assert allocate({"a": 5, "b": 3, "c": 2}, 5) == {"a": 3, "b": 1, "c": 1}


def test_every_non_empty_stratum_gets_one_when_the_size_allows() -> None:
    assert allocate({"a": 1, "b": 1, "c": 100}, 3) == {"a": 1, "b": 1, "c": 1}
    assert allocate({"a": 1, "b": 1, "c": 100}, 2) == {"a": 0, "b": 0, "c": 2}
    assert allocate({"a": 0, "b": 10}, 3) == {"a": 0, "b": 3}


def test_a_size_beyond_the_population_takes_everything() -> None:
    assert allocate({"email": 3, "phone": 2}, 50) == {"email": 3, "phone": 2}


strata = st.dictionaries(
    st.sampled_from(["phone", "email", "chat", "social", "other"]),
    st.integers(0, 400),
    min_size=1,
)


@given(strata, st.integers(0, 600))
@settings(max_examples=300, deadline=None)
def test_allocation_sums_to_the_size_and_never_exceeds_a_stratum(
    population: dict[str, int], size: int
) -> None:
    shares = allocate(population, size)
    assert sum(shares.values()) == min(size, sum(population.values()))
    assert all(0 <= shares[k] <= population[k] for k in population)
    filled = [k for k, n in population.items() if n > 0]
    if size >= len(filled):
        assert all(shares[k] >= 1 for k in filled)


@given(strata, st.integers(1, 600))
@settings(max_examples=300, deadline=None)
def test_allocation_is_the_largest_remainder_when_every_quota_is_at_least_one(
    population: dict[str, int], size: int
) -> None:
    total = sum(population.values())
    quotas = {k: size * n / total for k, n in population.items()} if total else {}
    if size >= total or min(quotas.values(), default=0) < 1:
        return
    shares = allocate(population, size)
    assert all(math.floor(q) <= shares[k] <= math.ceil(q) for k, q in quotas.items())


@given(strata, st.integers(0, 600), st.integers(0, 2**32 - 1))
@settings(max_examples=150, deadline=None)
def test_a_seed_reproduces_the_draw(population: dict[str, int], size: int, seed: int) -> None:
    first = draw(population, size, seed)
    assert draw(dict(reversed(population.items())), size, seed) == first
    shares = allocate(population, size)
    for name, positions in first.items():
        assert len(positions) == len(set(positions)) == shares[name]
        assert all(0 <= p < population[name] for p in positions)
        assert list(positions) == sorted(positions)


def test_other_seeds_draw_other_contacts() -> None:
    draws = {draw({"email": 1000, "phone": 500}, 50, seed)["email"] for seed in range(5)}
    assert len(draws) == 5


# calibration --------------------------------------------------------------------------
# contact c1: A 75, B 75, C 50; c2: A 100, B 75; c3: A 50 only (no pair)
CALIBRATION = [
    Rating("c1", "A", 75.0), Rating("c1", "B", 75.0), Rating("c1", "C", 50.0),
    Rating("c2", "A", 100.0), Rating("c2", "B", 75.0),
    Rating("c3", "A", 50.0),
]  # fmt: skip


def test_pairwise_agreement_by_hand() -> None:
    found = agreement(CALIBRATION)
    # pairs: c1 (75, 75) 0, (75, 50) 25, (75, 50) 25; c2 (100, 75) 25
    assert (found.units, found.pairs) == (2, 4)
    assert found.mean_abs_diff == pytest.approx(75 / 4)
    assert found.exact_share == pytest.approx(0.25)
    # pairable values 75 75 50 | 100 75 (N = 5):
    # D_o = [(4·625)/2 + (2·625)/1] / 5 = 500; D_e = 2·6250 / (5·4) = 625; α = 1 − 500/625
    assert found.alpha == pytest.approx(0.2)


def test_krippendorffs_alpha_by_hand_and_on_the_reference_data() -> None:
    # (1, 2), (3, 3): D_o = 2/4, D_e = 22/12 → α = 1 − 6/22 = 8/11
    assert krippendorff_interval([[1, 2], [3, 3]]) == pytest.approx(8 / 11)
    # the three coders, fifteen units of Krippendorff's worked example (Wikipedia)
    a = ["*", "*", "*", "*", "*", "3", "4", "1", "2", "1", "1", "3", "3", "*", "3"]
    b = ["1", "*", "2", "1", "3", "3", "4", "3", "*", "*", "*", "*", "*", "*", "*"]
    c = ["*", "*", "2", "1", "3", "4", "4", "*", "2", "1", "1", "3", "3", "*", "4"]
    units = [[float(v) for v in unit if v != "*"] for unit in zip(a, b, c, strict=True)]
    assert krippendorff_interval(units) == pytest.approx(0.811, abs=5e-4)


def test_full_agreement_and_no_pairs() -> None:
    same = agreement([Rating("c1", "A", 50.0), Rating("c1", "B", 50.0)])
    assert (same.mean_abs_diff, same.exact_share, same.alpha) == (0.0, 1.0, None)
    alone = agreement([Rating("c1", "A", 50.0), Rating("c2", "B", 50.0)])
    assert (alone.units, alone.pairs, alone.alpha) == (0, 0, None)


def test_each_reviewer_against_the_others_by_hand() -> None:
    # A: c1 75 − 62.5 = 12.5, c2 100 − 75 = 25; B: 12.5, −25; C: 50 − 75 = −25
    bias = {b.rater: (b.units, b.mean_difference) for b in rater_bias(CALIBRATION)}
    assert bias == {"A": (2, 18.75), "B": (2, -6.25), "C": (1, -25.0)}
