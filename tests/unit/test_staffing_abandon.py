"""Erlang A (M/M/n+M): exact against a birth–death chain, close to a simulation."""

from __future__ import annotations

import heapq

import numpy as np
import pytest

from regie.domain.staffing import (
    Abandons,
    ServiceLevelRule,
    Target,
    demand,
    evaluate,
    required_agents,
    service_level_share,
)

SL_80_20 = Target(service_level=0.8, threshold_seconds=20)


def birth_death_chain(lam: float, aht: float, patience: float, n: int) -> tuple[float, float]:
    """P(wait) and P(abandon) from the truncated stationary law of M/M/n+M."""
    states = np.arange(6000)
    rates = np.minimum(states[1:], n) / aht + np.maximum(states[1:] - n, 0) / patience
    log_p = np.concatenate([[0.0], np.cumsum(np.log(lam / rates))])
    p = np.exp(log_p - log_p.max())
    p /= p.sum()
    queued = np.maximum(states - n, 0)
    return float(p[n:].sum()), float((p * queued).sum() / patience / lam)


def simulate(
    lam: float, aht: float, patience: float, n: int, calls: int, seed: int
) -> dict[str, float]:
    """FCFS M/M/n+M: served callers take the earliest free agent; others hang up."""
    rng = np.random.default_rng(seed)
    arrivals = np.cumsum(rng.exponential(1 / lam, calls))
    services = rng.exponential(aht, calls)
    patiences = rng.exponential(patience, calls)
    free = [0.0] * n
    waits = np.empty(calls)
    served = np.zeros(calls, dtype=bool)
    for i in range(calls):
        start = max(free[0], arrivals[i])
        wait = start - arrivals[i]
        if wait <= patiences[i]:
            heapq.heapreplace(free, start + services[i])
            served[i], waits[i] = True, wait
        else:
            waits[i] = patiences[i]
    keep = slice(calls // 10, None)
    s, w = served[keep], waits[keep]
    return {
        "answered_within": float(np.mean(s & (w <= 20))),
        "abandoned_within": float(np.mean(~s & (w <= 20))),
        "abandon_rate": float(np.mean(~s)),
        "asa": float(w[s].mean()),
    }


@pytest.mark.parametrize(
    ("calls", "aht", "patience", "n"),
    [(100, 180, 300, 14), (2000, 600, 180, 400), (2000, 600, 180, 638), (3, 200, 100, 1)],
)
def test_erlang_a_matches_the_exact_birth_death_chain(
    calls: float, aht: float, patience: float, n: int
) -> None:
    outcome = evaluate(demand([calls], [aht], 1800, patience), [n], 20)
    p_wait, p_abandon = birth_death_chain(calls / 1800, aht, patience, n)
    assert outcome.p_wait[0] == pytest.approx(p_wait, rel=1e-9, abs=1e-12)
    assert outcome.abandon_rate is not None
    assert outcome.abandon_rate[0] == pytest.approx(p_abandon, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize(
    ("calls", "aht", "patience", "n", "seed"),
    [
        (100, 180, 60, 10, 1),
        (300, 240, 120, 40, 2),
        (120, 300, 600, 22, 3),
        (300, 120, 3000, 23, 4),
    ],
)
def test_erlang_a_is_within_one_point_of_a_simulation(
    calls: float, aht: float, patience: float, n: int, seed: int
) -> None:
    sim = simulate(calls / 1800, aht, patience, n, 150_000, seed)
    rules = {a: ServiceLevelRule(a) for a in Abandons}
    d = demand([calls], [aht], 1800, patience)
    got = {a: evaluate(d, [n], 20, rule) for a, rule in rules.items()}
    answered, gone = sim["answered_within"], sim["abandoned_within"]
    assert got[Abandons.AGAINST].service_level[0] == pytest.approx(answered, abs=0.01)
    assert got[Abandons.FOR].service_level[0] == pytest.approx(answered + gone, abs=0.01)
    ignored = answered / (1 - gone)
    assert got[Abandons.IGNORED].service_level[0] == pytest.approx(ignored, abs=0.01)
    abandon = got[Abandons.AGAINST].abandon_rate
    assert abandon is not None and abandon[0] == pytest.approx(sim["abandon_rate"], abs=0.01)
    assert got[Abandons.AGAINST].asa_seconds[0] == pytest.approx(sim["asa"], rel=0.05, abs=0.5)


def test_the_three_service_level_definitions_give_the_reference_figures() -> None:
    answered, abandoned = 0.70, 0.10
    share = {
        a: service_level_share(answered, abandoned, 0.0, ServiceLevelRule(a)) for a in Abandons
    }
    assert share[Abandons.IGNORED] == pytest.approx(0.778, abs=5e-4)
    assert share[Abandons.AGAINST] == pytest.approx(0.70)
    assert share[Abandons.FOR] == pytest.approx(0.80)


def test_short_abandons_are_left_out_of_the_offered_calls() -> None:
    # 100 offered, 70 answered within t, 10 abandoned within t, of which 4 within 5 s.
    def share(abandons: Abandons) -> float:
        rule = ServiceLevelRule(abandons, short_abandon_seconds=5)
        return float(service_level_share(0.70, 0.10, 0.04, rule))

    assert share(Abandons.AGAINST) == pytest.approx(70 / 96)
    assert share(Abandons.FOR) == pytest.approx(76 / 96)
    assert share(Abandons.IGNORED) == pytest.approx(70 / 90)


def test_erlang_a_staffs_below_the_offered_load_when_that_meets_the_target() -> None:
    # 2,000 calls / 30 min, AHT 10 min, patience 3 min: 667 Erlangs offered.
    d = demand([2000], [600], 1800, patience_seconds=180)
    outcome = required_agents(d, SL_80_20)
    n = outcome.agents[0]
    assert n < 667 and outcome.service_level[0] >= 0.8
    assert evaluate(d, [n - 1], 20).service_level[0] < 0.8


def test_erlang_a_with_very_long_patience_approaches_erlang_c() -> None:
    patient = required_agents(demand([100], [180], 1800, patience_seconds=1e7), SL_80_20)
    assert patient.agents[0] == 14
    erlang_c = evaluate(demand([100], [180], 1800), [14], 20)
    assert patient.asa_seconds[0] == pytest.approx(erlang_c.asa_seconds[0], rel=1e-3)
    assert patient.service_level[0] == pytest.approx(erlang_c.service_level[0], abs=1e-5)


def test_erlang_a_handles_zero_calls_and_zero_agents() -> None:
    d = demand([0, 50], [180, 180], 1800, patience_seconds=60)
    outcome = evaluate(d, [0, 0], 20)
    assert outcome.abandon_rate is not None
    assert outcome.abandon_rate.tolist() == [0.0, 1.0]
    assert outcome.service_level.tolist() == [1.0, 0.0]
    assert required_agents(d, SL_80_20).agents[0] == 0


def test_erlang_a_stays_finite_far_from_the_load_in_both_directions() -> None:
    d = demand([100, 100, 20_000], [180, 180, 600], 1800, patience_seconds=30_000)
    outcome = evaluate(d, [1, 400, 5_000], 20)
    assert outcome.abandon_rate is not None
    for values in (outcome.service_level, outcome.p_wait, outcome.abandon_rate):
        assert np.all(np.isfinite(values)) and np.all((values >= 0) & (values <= 1))
    assert outcome.service_level[1] == pytest.approx(1.0) and outcome.p_wait[1] < 1e-100
    assert outcome.p_wait[0] == pytest.approx(1.0) and outcome.service_level[0] < 0.01
