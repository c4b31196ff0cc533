"""Uncertainty in a business case: scenarios, a tornado and a Monte Carlo run.

Inputs given as ranges ``[low, high]`` (or ``[low, likely, high]``) drive three views:

- the **tornado**: each ranged input moved alone to its low and to its high end, all
  others at their likely value; bars ranked by the swing of the saving they cause;
- the **scenarios**: realistic (every input likely), pessimistic (every input at the end
  that lowers the saving, as the tornado shows), optimistic (the other end);
- the **Monte Carlo**: seeded draws of all ranged inputs at once (PERT or triangular),
  giving P10 / P50 / P90 of the saving and the probability that outsourcing costs more.
  Erlang-staffed channels keep the realistic case's agent-hours per workload hour in
  the draws (an Erlang solve per draw and month would be a thousand times slower).

All evaluations stack their variants along a leading axis and call
:func:`regie.domain.costing.project` once per chunk, never once per draw.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from regie.domain.costing import (
    Array,
    CaseStructure,
    Estimate,
    Value,
    horizon_totals,
    project,
    staffing_factors,
)

Distribution = Literal["pert", "triangular"]
ScenarioName = Literal["pessimistic", "realistic", "optimistic"]
SCENARIOS: tuple[ScenarioName, ...] = ("pessimistic", "realistic", "optimistic")
PERT_LAMBDA = 4.0


@dataclass(frozen=True)
class TornadoBar:
    """The saving with one input at its low and at its high end."""

    key: str
    low: float
    high: float
    saving_at_low: float
    saving_at_high: float

    @property
    def swing(self) -> float:
        return abs(self.saving_at_high - self.saving_at_low)


@dataclass(frozen=True)
class MonteCarlo:
    """Distribution of the saving over seeded draws."""

    savings: Array
    draws: int
    seed: int
    distribution: Distribution

    def percentile(self, q: float) -> float:
        return float(np.percentile(self.savings, q))

    @property
    def p_loss(self) -> float:
        """Probability that outsourcing costs more than in-house (saving < 0)."""
        return float(np.mean(self.savings < 0.0))


def likely(estimates: Mapping[str, Estimate]) -> dict[str, Value]:
    return {k: e.likely for k, e in estimates.items()}


def ranged(estimates: Mapping[str, Estimate]) -> list[str]:
    return [k for k, e in estimates.items() if e.is_range]


def savings(structure: CaseStructure, values: Mapping[str, Value]) -> Array:
    """Saving over the horizon for (stacked) parameter values."""
    return np.atleast_1d(np.asarray(horizon_totals(structure, values).saving))


def tornado(structure: CaseStructure, estimates: Mapping[str, Estimate]) -> list[TornadoBar]:
    """One bar per ranged input, widest swing first."""
    keys = ranged(estimates)
    if not keys:
        return []
    values: dict[str, Value] = {}
    for k, e in estimates.items():
        column = np.full(2 * len(keys), e.likely)
        if k in keys:
            i = keys.index(k)
            column[2 * i], column[2 * i + 1] = e.low, e.high
        values[k] = column[:, None]
    result = savings(structure, values)
    bars = [
        TornadoBar(
            k, estimates[k].low, estimates[k].high, float(result[2 * i]), float(result[2 * i + 1])
        )
        for i, k in enumerate(keys)
    ]
    return sorted(bars, key=lambda b: b.swing, reverse=True)


def scenario_values(
    estimates: Mapping[str, Estimate], bars: list[TornadoBar]
) -> dict[ScenarioName, dict[str, Value]]:
    """Parameter values of the three scenarios, each input at its worse or better end."""
    realistic = likely(estimates)
    pessimistic, optimistic = dict(realistic), dict(realistic)
    for bar in bars:
        low_is_worse = bar.saving_at_low <= bar.saving_at_high
        pessimistic[bar.key] = bar.low if low_is_worse else bar.high
        optimistic[bar.key] = bar.high if low_is_worse else bar.low
    return {"pessimistic": pessimistic, "realistic": realistic, "optimistic": optimistic}


def draw(estimate: Estimate, n: int, rng: np.random.Generator, distribution: Distribution) -> Array:
    """``n`` draws of one ranged estimate (PERT with λ = 4, or triangular)."""
    a, m, b = estimate.low, estimate.likely, estimate.high
    if distribution == "triangular":
        return rng.triangular(a, m, b, size=n)
    alpha = 1.0 + PERT_LAMBDA * (m - a) / (b - a)
    beta = 1.0 + PERT_LAMBDA * (b - m) / (b - a)
    return a + rng.beta(alpha, beta, size=n) * (b - a)


def monte_carlo(
    structure: CaseStructure,
    estimates: Mapping[str, Estimate],
    draws: int = 100_000,
    seed: int = 20250101,
    distribution: Distribution = "pert",
    chunk: int = 25_000,
) -> MonteCarlo:
    """Seeded draws of every ranged input; the saving of each draw."""
    rng = np.random.default_rng(seed)
    keys = ranged(estimates)
    sampled = {k: draw(estimates[k], draws, rng, distribution) for k in keys}
    base = likely(estimates)
    base.update(staffing_factors(structure, project(structure, base)))
    parts = []
    for start in range(0, draws, chunk):
        values = dict(base)
        values.update({k: v[start : start + chunk, None] for k, v in sampled.items()})
        parts.append(np.broadcast_to(savings(structure, values), (min(chunk, draws - start),)))
    return MonteCarlo(np.concatenate(parts), draws, seed, distribution)
