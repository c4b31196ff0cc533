"""Erlang C against pyworkforce (a test-only dependency, installed by the Makefile).

pyworkforce 0.5.1's package imports OR-Tools and pandas at import time; 0.3.0 ships the
same ``ErlangC`` class (same code) with a queueing module that needs only the standard
library, so the Makefile installs ``pyworkforce==0.3.0`` with ``--no-deps``.
"""

from __future__ import annotations

import numpy as np
from pyworkforce.queuing import ErlangC

from regie.domain.staffing import Target, demand, evaluate, required_agents


def random_intervals(count: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "calls": rng.uniform(1, 2000, count).round(1),
        "aht": rng.uniform(60, 900, count).round(0),
        "threshold": rng.choice([10.0, 15.0, 20.0, 30.0, 60.0], count),
        "target": rng.choice([0.6, 0.7, 0.8, 0.9, 0.95], count),
    }


def test_required_agents_are_identical_to_pyworkforce_on_1000_random_intervals() -> None:
    cases = random_intervals(1000, seed=7)
    ours = np.empty(1000)
    for threshold in np.unique(cases["threshold"]):
        for level in np.unique(cases["target"]):
            pick = (cases["threshold"] == threshold) & (cases["target"] == level)
            d = demand(cases["calls"][pick], cases["aht"][pick], 1800)
            target = Target(service_level=float(level), threshold_seconds=float(threshold))
            ours[pick] = required_agents(d, target).agents
    theirs = [
        ErlangC(transactions=c, aht=h / 60, asa=t / 60, interval=30).required_positions(
            service_level=s
        )["raw_positions"]
        for c, h, t, s in zip(
            cases["calls"], cases["aht"], cases["threshold"], cases["target"], strict=True
        )
    ]
    assert ours.tolist() == theirs


def test_service_level_and_p_wait_match_pyworkforce_for_given_agents() -> None:
    cases = random_intervals(200, seed=11)
    agents = np.ceil(cases["calls"] * cases["aht"] / 1800) + 3
    ours = evaluate(demand(cases["calls"], cases["aht"], 1800), agents, 20)
    for i in range(200):
        n = int(agents[i])
        model = ErlangC(
            transactions=cases["calls"][i], aht=cases["aht"][i] / 60, asa=20 / 60, interval=30
        )
        assert abs(ours.p_wait[i] - model.waiting_probability(n)) < 1e-9
        assert abs(ours.service_level[i] - model.service_level(n)) < 1e-9
