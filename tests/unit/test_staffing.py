"""Erlang B/C staffing: the classic example, stability, edge cases and bad input."""

from __future__ import annotations

import numpy as np
import pytest

from regie.domain.errors import Infeasible, InvalidInput
from regie.domain.staffing import (
    ServiceLevelRule,
    Target,
    demand,
    evaluate,
    required_agents,
    shrinkage_fte,
)
from regie.domain.staffing_erlang import erlang_b, erlang_c, occupancy, service_level

SL_80_20 = Target(service_level=0.8, threshold_seconds=20)


def erlang_b_by_recursion(n: int, a: float) -> float:
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    return b


def test_the_classic_example_gives_the_textbook_figures() -> None:
    outcome = evaluate(demand([100], [180], 1800), [14], 20)
    assert outcome.traffic_erlangs[0] == pytest.approx(10.0)
    assert outcome.p_wait[0] == pytest.approx(0.1741, abs=5e-5)
    assert outcome.service_level[0] == pytest.approx(0.8884, abs=5e-5)
    assert outcome.asa_seconds[0] == pytest.approx(7.84, abs=5e-3)
    assert outcome.occupancy[0] == pytest.approx(0.7143, abs=5e-5)


def test_the_classic_example_needs_14_agents_and_20_fte_at_30_percent_shrinkage() -> None:
    outcome = required_agents(demand([100], [180], 1800), SL_80_20)
    assert outcome.agents[0] == 14
    assert shrinkage_fte(outcome.agents, 0.3)[0] == 20


def test_shrinkage_fte_is_a_ceiling_never_a_rounding() -> None:
    assert list(shrinkage_fte([10, 14, 7.0], 0.3)) == [15, 20, 10]
    assert shrinkage_fte([1], 0.0)[0] == 1


def test_erlang_b_matches_the_recursion_from_tiny_to_huge_loads() -> None:
    cases = [(1, 0.01), (3, 0.3), (10, 10.0), (50, 45.5), (400, 380.0), (10_100, 10_000.0)]
    cases += [(5, 10_000.0), (5_000, 10_000.0), (12, 100_000.0)]
    for n, a in cases:
        assert erlang_b(n, a) == pytest.approx(erlang_b_by_recursion(n, a), rel=1e-9)


def test_erlang_c_stays_finite_and_exact_beyond_ten_thousand_erlangs() -> None:
    n = np.array([10_001.0, 10_100.0, 10_300.0, 100_500.0, 250_000.0])
    a = np.array([10_000.0, 10_000.0, 10_000.0, 100_000.0, 249_000.0])
    p_wait = erlang_c(n, a)
    assert np.all(np.isfinite(p_wait)) and np.all((p_wait > 0) & (p_wait < 1))
    b = erlang_b_by_recursion(10_100, 10_000.0)
    rho = 10_000.0 / 10_100.0
    assert p_wait[1] == pytest.approx(b / (1 - rho * (1 - b)), rel=1e-9)
    big = required_agents(demand([1e6], [360], 3600), SL_80_20)
    assert 100_000 < big.agents[0] < 100_200 and big.service_level[0] >= 0.8


def test_integer_loads_and_loads_below_half_an_erlang_work() -> None:
    outcome = required_agents(demand([60, 1, 0.5], [1800, 180, 60], 1800), SL_80_20)
    assert outcome.traffic_erlangs[0] == 60.0 and outcome.agents[0] > 60
    assert list(outcome.agents[1:]) == [1, 1]
    assert np.all(outcome.service_level >= 0.8)
    capped = required_agents(demand([60], [1800], 1800), Target(max_occupancy=1.0))
    assert capped.agents[0] == 60


def test_zero_calls_need_zero_agents() -> None:
    outcome = required_agents(demand([0, 100], [180, 180], 1800), SL_80_20)
    assert list(outcome.agents) == [0, 14]
    assert outcome.service_level[0] == 1.0 and outcome.occupancy[0] == 0.0


def test_agents_at_or_below_the_load_never_give_probabilities_above_one() -> None:
    assert erlang_c([5, 10], [10, 10]).tolist() == [1.0, 1.0]
    assert service_level([5, 10], [10, 10], 180, 20).tolist() == [0.0, 0.0]
    assert occupancy([5], [10])[0] == 1.0


def test_an_asa_target_is_met_by_the_smallest_staffing() -> None:
    d = demand([100], [180], 1800)
    outcome = required_agents(d, Target(asa_seconds=15))
    n = outcome.agents[0]
    assert outcome.asa_seconds[0] <= 15
    assert evaluate(d, [n - 1], 20).asa_seconds[0] > 15


def test_max_occupancy_applies_only_when_asked() -> None:
    d = demand([100], [180], 1800)
    assert required_agents(d, SL_80_20).agents[0] == 14
    capped = Target(service_level=0.8, threshold_seconds=20, max_occupancy=0.6)
    assert required_agents(d, capped).agents[0] == 17


def test_fractional_agents_lie_just_below_the_whole_number() -> None:
    outcome = required_agents(demand([100], [180], 1800), SL_80_20, fractional=True)
    assert 13 < outcome.agents[0] < 14
    assert outcome.service_level[0] == pytest.approx(0.8, abs=1e-6)


def test_chat_concurrency_divides_the_slots_among_agents() -> None:
    single = required_agents(demand([300], [360], 1800), SL_80_20)
    triple = required_agents(demand([300], [360], 1800, concurrency=3), SL_80_20)
    assert triple.agents[0] == np.ceil(single.agents[0] / 3)
    assert triple.service_level[0] >= 0.8


@pytest.mark.parametrize(
    ("target", "error"),
    [
        (Target(service_level=1.0, threshold_seconds=0), Infeasible),
        (Target(service_level=1.0, threshold_seconds=20), Infeasible),
        (Target(asa_seconds=0), Infeasible),
        (Target(service_level=1.5), InvalidInput),
        (Target(service_level=-0.1), InvalidInput),
        (Target(service_level=0.8, threshold_seconds=-5), InvalidInput),
        (Target(asa_seconds=-3), InvalidInput),
        (Target(max_occupancy=0.0), InvalidInput),
        (Target(), InvalidInput),
    ],
)
def test_impossible_or_malformed_targets_raise_one_clear_error(
    target: Target, error: type[Exception]
) -> None:
    with pytest.raises(error) as caught:
        required_agents(demand([100], [180], 1800), target)
    assert "\n" not in str(caught.value) and str(caught.value)


@pytest.mark.parametrize(
    "build",
    [
        lambda: demand([-1], [180], 1800),
        lambda: demand([100], [0], 1800),
        lambda: demand([100], [-180], 1800),
        lambda: demand([100], [180], 0),
        lambda: demand([100], [180], 1800, patience_seconds=-1),
        lambda: demand([100], [180], 1800, concurrency=0),
        lambda: demand([float("nan")], [180], 1800),
        lambda: shrinkage_fte([10], 1.0),
        lambda: shrinkage_fte([10], -0.1),
        lambda: evaluate(demand([100], [180], 1800), [-2], 20),
    ],
)
def test_negative_or_missing_values_raise_invalid_input(build: object) -> None:
    with pytest.raises(InvalidInput):
        build()  # type: ignore[operator]


def test_a_short_abandon_threshold_beyond_the_sl_threshold_is_rejected() -> None:
    rule = ServiceLevelRule(short_abandon_seconds=30)
    with pytest.raises(InvalidInput, match="short_abandon_seconds"):
        required_agents(demand([100], [180], 1800, patience_seconds=60), SL_80_20, rule)
