"""Use case: a weekly arrival profile (CSV) → an interval staffing plan as a table.

The profile file format is read by :mod:`regie.files.profile`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

from regie.domain.errors import InvalidInput
from regie.domain.staffing import Demand, ServiceLevelRule, Target, demand
from regie.domain.staffing_plan import IntervalPlan, PlanCosts, plan_intervals
from regie.files.profile import Profile, read_profile

__all__ = ["PlanRequest", "Profile", "build_plan", "plan_table", "profile_demand", "read_profile"]


@dataclass(frozen=True)
class PlanRequest:
    """Everything besides the profile that a plan needs."""

    interval_minutes: int
    target: Target
    rule: ServiceLevelRule
    aht_seconds: float | None = None
    patience_seconds: float | None = None
    concurrency: int = 1
    costs: PlanCosts = field(default_factory=PlanCosts)
    fractional: bool = False


def profile_demand(profile: Profile, request: PlanRequest) -> Demand:
    """The profile as a :class:`Demand`, with the default AHT where it has none."""
    aht = profile.aht_seconds
    if aht is None:
        if request.aht_seconds is None:
            raise InvalidInput("the profile has no aht_seconds column: give --aht-seconds")
        aht = np.full(profile.calls.shape, request.aht_seconds)
    return demand(
        profile.calls,
        aht,
        request.interval_minutes * 60.0,
        request.patience_seconds,
        request.concurrency,
    )


def build_plan(profile: Profile, request: PlanRequest) -> tuple[IntervalPlan, pl.DataFrame]:
    """Solve the profile; return the plan and its per-interval table."""
    d = profile_demand(profile, request)
    plan = plan_intervals(d, request.target, request.rule, request.costs, request.fractional)
    return plan, plan_table(profile, d, plan)


def plan_table(profile: Profile, d: Demand, plan: IntervalPlan) -> pl.DataFrame:
    """One row per interval: demand, agents, scheduled staff and what they achieve."""
    out = plan.outcome
    columns: dict[str, object] = {
        "weekday": profile.weekday,
        "start": profile.start,
        "calls": d.calls,
        "aht_seconds": d.aht_seconds,
        "traffic_erlangs": out.traffic_erlangs,
        "agents": out.agents,
        "scheduled": plan.scheduled,
        "service_level": out.service_level,
        "p_wait": out.p_wait,
        "asa_seconds": np.where(np.isfinite(out.asa_seconds), out.asa_seconds, np.nan),
        "occupancy": out.occupancy,
    }
    if out.abandon_rate is not None:
        columns["abandon_rate"] = out.abandon_rate
    return pl.DataFrame(columns)
