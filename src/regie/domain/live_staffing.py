"""Erlang staffing of a live channel inside the business case.

The linear formula (``workload hours / productive hours``) assumes agents are busy all
the time; on phone and chat they wait for the next call, and a service-level norm
("80 % within 20 s") needs more of them. A channel switched to Erlang staffing spreads
its monthly volume over the open intervals of a week (flat, or shaped by a weekly
profile), finds the agents each interval needs with :mod:`regie.domain.staffing`, and
turns them into staffed agent-hours per month::

    calls in interval i  = volume per month / (52 / 12) × weight_i
    agent-hours a month  = Σ_i agents_i × interval hours × 52 / 12 / (1 − shrinkage)
    FTE                  = agent-hours a month / productive hours per agent a month

Intervals with the same weight share one solve, so a flat week costs one Erlang solve
per month and draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from regie.domain.staffing import ServiceLevelRule, Target, demand, required_agents

WEEKS_PER_MONTH = 52.0 / 12.0


@dataclass(frozen=True)
class LiveStaffing:
    """How one live channel is staffed: target, rule and the week's open intervals."""

    target: Target
    rule: ServiceLevelRule
    interval_minutes: int
    weights: tuple[float, ...]
    patience_seconds: float | None = None
    concurrency: int = 1
    shrinkage_pct: float = 0.0

    @staticmethod
    def flat_weights(open_hours_per_week: float, interval_minutes: int) -> tuple[float, ...]:
        """Weights that spread the volume evenly over the open hours of the week."""
        count = max(round(open_hours_per_week * 60 / interval_minutes), 1)
        return (1.0 / count,) * count

    @property
    def open_intervals(self) -> int:
        return len(self.weights)


def agent_hours_per_month(
    s: LiveStaffing, volume: ArrayLike, aht_hours: ArrayLike
) -> NDArray[np.float64]:
    """Staffed agent-hours a month for monthly ``volume`` (any shape) at ``aht_hours``."""
    volume_a, aht_a = np.broadcast_arrays(np.asarray(volume, float), np.asarray(aht_hours, float))
    weights, counts = np.unique(np.asarray(s.weights), return_counts=True)
    calls = (volume_a / WEEKS_PER_MONTH)[..., None] * weights
    aht_seconds = np.broadcast_to(aht_a[..., None] * 3600.0, calls.shape)
    need = demand(
        calls.ravel(),
        aht_seconds.ravel(),
        s.interval_minutes * 60.0,
        s.patience_seconds,
        s.concurrency,
    )
    agents = required_agents(need, s.target, s.rule).agents.reshape(calls.shape)
    weekly = (agents * counts).sum(axis=-1) * s.interval_minutes / 60.0
    return np.asarray(weekly * WEEKS_PER_MONTH / (1.0 - s.shrinkage_pct / 100.0), dtype=np.float64)
