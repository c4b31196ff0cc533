"""Interval plans over a week, and staffing for deferred work (e-mail, back office).

A weekly arrival profile (calls and AHT per 15-, 30- or 60-minute interval) becomes agents,
service level and occupancy per interval, plus the week's agent hours, paid hours after
shrinkage, FTE and cost. Deferred work has no queue to model: what arrives in an interval
must be finished within a deadline, so its workload is spread evenly over the intervals up
to that deadline (the profile repeats weekly, so work late on Sunday spills into Monday).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from regie.domain.errors import InvalidInput
from regie.domain.staffing import (
    Demand,
    Outcome,
    ServiceLevelRule,
    Target,
    required_agents,
    shrinkage_fte,
)
from regie.domain.staffing_erlang import Floats, as_floats

INTERVAL_MINUTES = (15, 30, 60)
WEEK_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class PlanCosts:
    """How agent hours turn into FTE and money."""

    shrinkage: float = 0.0
    hours_per_fte: float = 40.0
    hourly_cost: float | None = None


@dataclass(frozen=True)
class IntervalPlan:
    """Per-interval staffing for a week and its totals."""

    outcome: Outcome
    scheduled: Floats
    interval_seconds: float
    agent_hours: float
    paid_hours: float
    fte: float
    cost: float | None


def check_interval(interval_minutes: float) -> None:
    """Plans use 15-, 30- or 60-minute intervals."""
    if interval_minutes not in INTERVAL_MINUTES:
        allowed = ", ".join(str(m) for m in INTERVAL_MINUTES)
        raise InvalidInput(f"interval minutes = {interval_minutes}: must be one of {allowed}")


def plan_intervals(
    d: Demand,
    target: Target,
    rule: ServiceLevelRule | None = None,
    costs: PlanCosts | None = None,
    fractional: bool = False,
) -> IntervalPlan:
    """Solve every interval of the profile and add up hours, FTE and cost."""
    costs = costs or PlanCosts()
    if costs.hours_per_fte <= 0:
        raise InvalidInput(f"hours per FTE = {costs.hours_per_fte}: must be greater than 0")
    if costs.hourly_cost is not None and costs.hourly_cost < 0:
        raise InvalidInput(f"hourly cost = {costs.hourly_cost}: must be at least 0")
    outcome = required_agents(d, target, rule, fractional)
    scheduled = shrinkage_fte(outcome.agents, costs.shrinkage, fractional)
    hours = d.interval_seconds / 3600.0
    paid_hours = float(scheduled.sum() * hours)
    cost = None if costs.hourly_cost is None else paid_hours * costs.hourly_cost
    return IntervalPlan(
        outcome=outcome,
        scheduled=scheduled,
        interval_seconds=d.interval_seconds,
        agent_hours=float(outcome.agents.sum() * hours),
        paid_hours=paid_hours,
        fte=paid_hours / costs.hours_per_fte,
        cost=cost,
    )


def backlog_agents(
    items: ArrayLike,
    aht_seconds: ArrayLike,
    interval_seconds: float,
    deadline_seconds: float,
    max_occupancy: float = 1.0,
) -> Floats:
    """Agents per interval so each interval's work is done within ``deadline_seconds``.

    The work of an interval (items × AHT) is spread evenly over the ``m = ⌊deadline /
    interval⌋`` intervals from its own (at least one), cyclically over the profile;
    agents = ⌈spread work / (interval × max occupancy)⌉.
    """
    work = as_floats(items) * as_floats(aht_seconds)
    if np.any(~np.isfinite(work)) or np.any(work < 0):
        raise InvalidInput("items and AHT must be finite and at least 0")
    if interval_seconds <= 0 or deadline_seconds <= 0:
        raise InvalidInput(
            f"interval = {interval_seconds} s, deadline = {deadline_seconds} s: "
            "both must be greater than 0"
        )
    if not 0 < max_occupancy <= 1:
        raise InvalidInput(f"max_occupancy = {max_occupancy}: must be above 0 and at most 1")
    span = max(1, min(int(deadline_seconds // interval_seconds), work.size))
    padded = np.concatenate([work[work.size - span + 1 :], work]) if span > 1 else work
    running = np.concatenate([[0.0], np.cumsum(padded)])
    spread = (running[span:] - running[:-span]) / span
    return as_floats(np.ceil(np.round(spread / (interval_seconds * max_occupancy), 9)))
