"""The business case: staffing need and cost of in-house versus outsourced service.

The model is one vectorised function, :func:`project`, over named parameters. Every
parameter may be a number or a NumPy array of draws (shape ``(draws, 1)``), so the same
code computes the realistic case, the scenarios, the tornado and a Monte Carlo run of
100,000 draws without a loop per draw. Months run along the last axis.

Formulas (DOMAIN §1):

- workload hours in month m: ``volume × (1 + growth)^(m−1) × AHT_hours``
- ``FTE = workload hours / productive hours per agent per month`` (linear formula)
- in-house: ``max(FTE, minimum FTE) × (gross salary × (1 + charges) + overhead)``
- outsourced: the vendor fee of each pricing block (base fee + rate × hours, FTEs,
  tickets, overage) plus the client's own recurring, one-off and contractual costs
- ``TCO`` = the sum over the horizon; ``cost per ticket = TCO / volume``;
  ``saving = in-house TCO − outsourced TCO``; ``ROI % = saving / outsourced TCO × 100``;
  break-even month: the first month whose cumulative outsourced cost is at most the
  cumulative in-house cost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from regie.domain.live_staffing import LiveStaffing, agent_hours_per_month

Array = NDArray[np.float64]
Value = float | Array
OnboardingMode = Literal["per_agent", "fixed"]
PricingModel = Literal["hourly", "fte", "per_ticket", "subscription", "mixed"]

PRICING_RATES = (
    "hourly_rate",
    "fte_monthly_rate",
    "ticket_rate",
    "monthly_fee",
    "included_tickets",
    "overage_rate",
)
_FTE_EPSILON = 1e-9


@dataclass(frozen=True)
class Estimate:
    """A number known as a value or as a range ``low ≤ likely ≤ high``."""

    low: float
    likely: float
    high: float

    @classmethod
    def exact(cls, value: float) -> Estimate:
        return cls(value, value, value)

    @property
    def is_range(self) -> bool:
        return self.high > self.low


@dataclass(frozen=True)
class PricingBlock:
    """One vendor price list, covering the channels it names.

    ``key`` is the prefix of its parameters (``outsourced.pricing`` or
    ``channels.phone.pricing``): ``<key>.hourly_rate`` and so on.
    """

    key: str
    model: PricingModel
    channels: tuple[str, ...]


@dataclass(frozen=True)
class CaseStructure:
    """The non-numeric shape of a business case."""

    channels: tuple[str, ...]
    pricing: tuple[PricingBlock, ...]
    horizon_months: int = 12
    onboarding: OnboardingMode = "fixed"
    include_exit_fee: bool = False
    live: Mapping[str, LiveStaffing] = field(default_factory=dict)

    def is_live(self, channel: str) -> bool:
        """True when ``channel`` is staffed with Erlang rather than the linear formula."""
        return channel in self.live


@dataclass(frozen=True)
class Projection:
    """Month-by-month figures of one evaluation; arrays end with the month axis."""

    months: int
    volume: dict[str, Array]
    hours: dict[str, Array]
    staffed_hours: dict[str, Array]
    fte: dict[str, Array]
    inhouse_fte: Array
    inhouse: dict[str, Array]
    outsourced: dict[str, Array]
    inhouse_fixed_items: tuple[str, ...] = ("staff_minimum", "other")
    outsourced_variable_items: tuple[str, ...] = ("vendor_variable", "licences")

    @property
    def volume_total(self) -> Array:
        return _sum(self.volume.values())

    @property
    def fte_total(self) -> Array:
        return _sum(self.fte.values())

    def linear_fte(self, productive_hours_per_month: float) -> dict[str, Array]:
        """FTE by the linear formula (workload / productive hours), for comparison."""
        return {c: h / productive_hours_per_month for c, h in self.hours.items()}

    @property
    def inhouse_monthly(self) -> Array:
        return _sum(self.inhouse.values())

    @property
    def outsourced_monthly(self) -> Array:
        return _sum(self.outsourced.values())

    def split(self, side: Literal["inhouse", "outsourced"]) -> tuple[Array, Array]:
        """Monthly (fixed, variable) cost of one side."""
        items = self.inhouse if side == "inhouse" else self.outsourced
        if side == "inhouse":
            fixed = [v for k, v in items.items() if k in self.inhouse_fixed_items]
            variable = [v for k, v in items.items() if k not in self.inhouse_fixed_items]
        else:
            variable = [v for k, v in items.items() if k in self.outsourced_variable_items]
            fixed = [v for k, v in items.items() if k not in self.outsourced_variable_items]
        return _sum(fixed), _sum(variable)


@dataclass(frozen=True)
class Totals:
    """Horizon totals derived from a :class:`Projection` (arrays for draws)."""

    inhouse_tco: Value
    outsourced_tco: Value
    volume: Value
    saving: Value = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "saving", self.inhouse_tco - self.outsourced_tco)


def _sum(arrays: object) -> Array:
    total: Array | float = 0.0
    for item in arrays:  # type: ignore[attr-defined]
        total = total + item
    return np.asarray(total, dtype=np.float64)


def month_index(months: int) -> Array:
    """0, 1, ..., months − 1 as floats (the exponent of monthly growth)."""
    return np.arange(months, dtype=np.float64)


def agents(fte: Value) -> Array:
    """Whole agents needed for a fractional FTE: the ceiling, never rounding."""
    return np.ceil(np.asarray(fte, dtype=np.float64) - _FTE_EPSILON).clip(min=0.0)


def project(structure: CaseStructure, p: Mapping[str, Value]) -> Projection:
    """Evaluate the case month by month for parameter values ``p`` (numbers or draws)."""
    m = month_index(structure.horizon_months)
    growth = (1.0 + np.asarray(p["volume_growth_pct_per_month"]) / 100.0) ** m
    volume = {c: p[f"channels.{c}.volume_per_month"] * growth for c in structure.channels}
    hours = {c: volume[c] * p[f"channels.{c}.aht_hours"] for c in structure.channels}
    staffed = {c: staffed_hours(structure, p, c, volume[c], hours[c]) for c in structure.channels}
    fte = {c: staffed[c] / p["productive_hours_per_month"] for c in structure.channels}
    proj_fte = _sum(fte.values())
    inhouse_fte, inhouse = _inhouse(p, proj_fte)
    outsourced = _outsourced(structure, p, volume, staffed, fte, proj_fte, inhouse)
    return Projection(
        months=structure.horizon_months,
        volume={c: np.asarray(v, dtype=np.float64) for c, v in volume.items()},
        hours={c: np.asarray(v, dtype=np.float64) for c, v in hours.items()},
        staffed_hours={c: np.asarray(v, dtype=np.float64) for c, v in staffed.items()},
        fte={c: np.asarray(v, dtype=np.float64) for c, v in fte.items()},
        inhouse_fte=inhouse_fte,
        inhouse=inhouse,
        outsourced=outsourced,
    )


def staffed_hours(
    structure: CaseStructure, p: Mapping[str, Value], channel: str, volume: Value, hours: Value
) -> Value:
    """Agent-hours a month the channel needs: its workload (linear) or Erlang staffing.

    A parameter ``staffing_factor.<channel>`` (agent-hours per workload hour, by month)
    replaces the Erlang solve: the Monte Carlo uses the realistic case's factors.
    """
    if not structure.is_live(channel):
        return hours
    factor = p.get(f"staffing_factor.{channel}")
    if factor is not None:
        return hours * factor
    aht = p[f"channels.{channel}.aht_hours"]
    return agent_hours_per_month(
        structure.live[channel], volume, np.broadcast_to(aht, np.shape(volume))
    )


def staffing_factors(structure: CaseStructure, projection: Projection) -> dict[str, Value]:
    """Agent-hours per workload hour of each Erlang-staffed channel, month by month."""
    factors: dict[str, Value] = {}
    for channel in structure.live:
        hours = projection.hours[channel]
        staffed = projection.staffed_hours[channel]
        factors[f"staffing_factor.{channel}"] = np.divide(
            staffed, hours, out=np.ones_like(staffed), where=hours > 0
        )
    return factors


def cost_per_fte_month(p: Mapping[str, Value]) -> Value:
    """Gross monthly salary plus employer charges plus overhead, per FTE."""
    charges = 1.0 + p["inhouse.employer_charges_pct"] / 100.0
    return p["inhouse.gross_monthly_salary"] * charges + p["inhouse.overhead_per_fte_month"]


def _inhouse(p: Mapping[str, Value], fte: Array) -> tuple[Array, dict[str, Array]]:
    minimum = np.asarray(p["inhouse.minimum_fte"], dtype=np.float64)
    staffed = np.maximum(fte, minimum)
    per_fte = cost_per_fte_month(p)
    ones = np.ones_like(staffed)
    items = {
        "staff_minimum": minimum * per_fte * ones,
        "staff_volume": (staffed - minimum) * per_fte,
        "other": p["inhouse.other_per_month"] * ones,
    }
    return staffed, items


def vendor_fee(
    block: PricingBlock,
    p: Mapping[str, Value],
    volume: Mapping[str, Value],
    hours: Mapping[str, Value],
    fte: Mapping[str, Value],
) -> tuple[Value, Value]:
    """(fixed, variable) monthly fee of one pricing block over its channels."""
    k = block.key
    vol = sum((volume[c] for c in block.channels), 0.0)
    hrs = sum((hours[c] for c in block.channels), 0.0)
    ftes = sum((fte[c] for c in block.channels), 0.0)
    overage = np.maximum(vol - p[f"{k}.included_tickets"], 0.0)
    variable = (
        p[f"{k}.hourly_rate"] * hrs
        + p[f"{k}.fte_monthly_rate"] * ftes
        + p[f"{k}.ticket_rate"] * vol
        + p[f"{k}.overage_rate"] * overage
    )
    return p[f"{k}.monthly_fee"], variable


def _first_month(months: int, amount: Value) -> Array:
    first = np.zeros(months)
    first[0] = 1.0
    return np.asarray(amount, dtype=np.float64) * first


def _last_month(months: int, amount: Value) -> Array:
    last = np.zeros(months)
    last[-1] = 1.0
    return np.asarray(amount, dtype=np.float64) * last


def onboarding_cost(structure: CaseStructure, p: Mapping[str, Value], fte: Array) -> Value:
    """One-off onboarding: hours per agent × rate × agents in month 1, or a fixed fee."""
    if structure.onboarding == "fixed":
        return p["one_off.onboarding_fee"]
    first_agents = agents(fte[..., :1])
    return p["one_off.onboarding_hours_per_agent"] * p["one_off.onboarding_rate"] * first_agents


def transition_share(months: int, overlap_months: Value) -> Array:
    """Share of each month in which in-house staff still work beside the vendor."""
    m = month_index(months)
    return np.clip(np.asarray(overlap_months, dtype=np.float64) - m, 0.0, 1.0)


def _outsourced(
    structure: CaseStructure,
    p: Mapping[str, Value],
    volume: Mapping[str, Value],
    hours: Mapping[str, Value],
    fte: Mapping[str, Value],
    fte_total: Array,
    inhouse: Mapping[str, Array],
) -> dict[str, Array]:
    months = structure.horizon_months
    ones = np.ones_like(fte_total)
    fees = [vendor_fee(b, p, volume, hours, fte) for b in structure.pricing]
    one_off = p["one_off.integration"] + p["one_off.other"]
    exit_fee = p["contractual.exit_fee"] if structure.include_exit_fee else 0.0
    inhouse_total = _sum(inhouse.values())
    return {
        "vendor_fixed": sum((f for f, _ in fees), 0.0) * ones,
        "vendor_variable": sum((v for _, v in fees), 0.0) * ones,
        "licences": p["recurring.licences_per_agent_month"] * agents(fte_total),
        "management_qa": p["recurring.management_qa_per_month"] * ones,
        "telephony": p["recurring.telephony_per_month"] * ones,
        "penalties": p["contractual.expected_penalties_per_month"] * ones,
        "onboarding": _first_month(months, onboarding_cost(structure, p, fte_total)) * ones,
        "integration": _first_month(months, one_off) * ones,
        "transition": inhouse_total * transition_share(months, p["one_off.transition_months"]),
        "exit_fee": _last_month(months, exit_fee) * ones,
    }


def totals(projection: Projection) -> Totals:
    """TCO both ways and the volume over the horizon."""
    return Totals(
        inhouse_tco=projection.inhouse_monthly.sum(axis=-1),
        outsourced_tco=projection.outsourced_monthly.sum(axis=-1),
        volume=projection.volume_total.sum(axis=-1),
    )


def break_even_month(projection: Projection) -> int | None:
    """First month (1-based) where cumulative outsourced cost ≤ cumulative in-house cost."""
    cum_out = np.cumsum(projection.outsourced_monthly, axis=-1)
    cum_in = np.cumsum(projection.inhouse_monthly, axis=-1)
    reached = np.flatnonzero(cum_out <= cum_in + 1e-9)
    return int(reached[0]) + 1 if reached.size else None


def roi_pct(inhouse_tco: Value, outsourced_tco: Value) -> Value:
    """``(in-house TCO − outsourced TCO) / outsourced TCO × 100``."""
    return (inhouse_tco - outsourced_tco) / outsourced_tco * 100.0


def quality_risk_per_year(customers: float, clv: float, churn_change_pp: float) -> float:
    """Euro effect of a quality drop: churn change (pp) × customers × CLV, per year."""
    return customers * churn_change_pp / 100.0 * clv


def _is_zero(value: Value) -> bool:
    return bool(np.all(np.asarray(value) == 0.0))


def _months_sum(monthly: Array) -> Array:
    return np.asarray(monthly.sum(axis=-1, keepdims=True), dtype=np.float64)


def horizon_totals(structure: CaseStructure, p: Mapping[str, Value]) -> Totals:
    """The horizon totals of :func:`project`, without the month-by-month detail.

    The fast path of the Monte Carlo: every per-channel quantity is linear in the growth
    curve, so it is summed over months once; only the truly non-linear terms (minimum
    staffing, whole agents, overage, transition) are evaluated per month. Tests hold it
    equal to ``totals(project(...))``.
    """
    months = structure.horizon_months
    growth = (1.0 + np.asarray(p["volume_growth_pct_per_month"]) / 100.0) ** month_index(months)
    growth_sum = _months_sum(np.atleast_1d(growth))
    hours_month, hours_sum = _staffed_hours_over_horizon(structure, p, growth, growth_sum)
    fte_month = hours_month / p["productive_hours_per_month"]
    per_fte = cost_per_fte_month(p)
    staffed = np.maximum(fte_month, p["inhouse.minimum_fte"])
    inhouse = per_fte * _months_sum(staffed) + p["inhouse.other_per_month"] * months
    outsourced = _vendor_totals(structure, p, hours_sum, growth, growth_sum) + _client_totals(
        structure, p, fte_month
    )
    overlap = p["one_off.transition_months"]
    if not _is_zero(overlap):
        first = int(np.ceil(np.max(overlap)))
        share = transition_share(min(first, months), overlap)
        inhouse_month = per_fte * staffed[..., : share.shape[-1]] + p["inhouse.other_per_month"]
        outsourced = outsourced + _months_sum(inhouse_month * share)
    volume = growth_sum * sum(
        (p[f"channels.{c}.volume_per_month"] for c in structure.channels), 0.0
    )
    return Totals(
        inhouse_tco=_flat(inhouse), outsourced_tco=_flat(outsourced), volume=_flat(volume)
    )


def _staffed_hours_over_horizon(
    structure: CaseStructure, p: Mapping[str, Value], growth: Value, growth_sum: Array
) -> tuple[Array, dict[str, Value]]:
    """Total staffed hours by month, and each channel's staffed hours over the horizon.

    Linear channels scale with the growth curve, so their sum over months is the month-1
    workload times the summed growth; Erlang channels are evaluated month by month.
    """
    linear: Value = 0.0
    monthly: Value = 0.0
    sums: dict[str, Value] = {}
    for c in structure.channels:
        volume, aht = p[f"channels.{c}.volume_per_month"], p[f"channels.{c}.aht_hours"]
        if structure.is_live(c):
            month = np.atleast_1d(
                staffed_hours(structure, p, c, volume * growth, volume * aht * growth)
            )
            monthly = monthly + month
            sums[c] = _months_sum(month)
        else:
            linear = linear + volume * aht
            sums[c] = volume * aht * growth_sum
    return np.atleast_1d(np.asarray(growth * linear + monthly, dtype=np.float64)), sums


def _flat(value: Value) -> Value:
    array = np.asarray(value, dtype=np.float64)
    return array.reshape(array.shape[:-1]) if array.ndim > 1 else array.reshape(()) + 0.0


def _vendor_totals(
    structure: CaseStructure,
    p: Mapping[str, Value],
    hours_sum: Mapping[str, Value],
    growth: Value,
    growth_sum: Array,
) -> Value:
    total: Value = 0.0
    for block in structure.pricing:
        k = block.key
        vol = sum((p[f"channels.{c}.volume_per_month"] for c in block.channels), 0.0)
        hrs = sum((hours_sum[c] for c in block.channels), 0.0)
        total = (
            total
            + p[f"{k}.monthly_fee"] * structure.horizon_months
            + p[f"{k}.hourly_rate"] * hrs
            + p[f"{k}.fte_monthly_rate"] * hrs / p["productive_hours_per_month"]
            + p[f"{k}.ticket_rate"] * vol * growth_sum
        )
        if not _is_zero(p[f"{k}.overage_rate"]):
            overage = np.maximum(growth * vol - p[f"{k}.included_tickets"], 0.0)
            total = total + p[f"{k}.overage_rate"] * _months_sum(np.atleast_1d(overage))
    return total


def _client_totals(structure: CaseStructure, p: Mapping[str, Value], fte_month: Value) -> Value:
    months = structure.horizon_months
    fte_month = np.atleast_1d(np.asarray(fte_month, dtype=np.float64))
    monthly = (
        p["recurring.management_qa_per_month"]
        + p["recurring.telephony_per_month"]
        + p["contractual.expected_penalties_per_month"]
    )
    total = monthly * months + onboarding_cost(structure, p, fte_month)
    total = total + p["one_off.integration"] + p["one_off.other"]
    if not _is_zero(p["recurring.licences_per_agent_month"]):
        total = total + p["recurring.licences_per_agent_month"] * _months_sum(agents(fte_month))
    if structure.include_exit_fee:
        total = total + p["contractual.exit_fee"]
    return total
