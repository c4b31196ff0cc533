"""Quarterly evaluation: the business case against actuals, a re-forecast, the verdict.

The case's month 1 is the month the vendor's first contract version takes effect; the
contract runs for the case's horizon. Everything is compared on the *vendor-fee basis*:
the vendor's invoices against the in-house cost the case models. The client's own
outsourcing costs (licences, management, one-offs) are not measured by Regie and are
left out on both sides, so the comparison stays like for like.

Per case month:

- **planned**: the case at its likely values — volume, vendor fee (fixed + variable) and
  in-house cost;
- **actual** (the months so far): the contacts handled (the statement's volumes) and the
  amount invoiced (the month's fee plus its net adjustment: penalties lower it, bonuses
  and refunds raise it); the in-house cost of that volume is the case's in-house model
  run at the actual volume per channel (a channel the case does not know is spread over
  the case's channels in their month-1 proportion);
- **re-forecast** (the months after the last actual month): the case's volume per
  channel scaled by the volume ratio ``r = Σ actual volume / Σ planned volume`` of the
  months with actuals; the fee at that volume by the contract in effect when its fee
  depends on handled contacts only (fixed, per ticket, subscription), else the case's
  fee with its variable part scaled by ``r``; the in-house cost at that volume by the
  case's model. Net adjustments are assumed to be zero from now on.

Saving realised = Σ (in-house cost at the actual volume − invoiced) over the months with
actuals; the case's saving over the same months = Σ (planned in-house − planned fee).
Cost per ticket = invoiced / handled, against planned fee / planned volume.

The verdict — keep, renegotiate or consider exit — is the most serious of these rules:

- ``no_saving_forecast`` (consider exit): the re-forecast saving over the horizon ≤ 0;
- ``persistent_misses`` (consider exit): a target missed in each of the last 3 months;
- ``saving_below_case`` (renegotiate): saving realised below 80 % of the case's saving
  over the same months (or below it, when the case planned none);
- ``cost_per_ticket_above_case`` (renegotiate): actual cost per ticket more than 10 %
  above the case's;
- ``repeated_misses`` (renegotiate): a target missed in 2 of the last 3 months;
- ``open_signals`` (keep, noted): early-warning signals without a missed month yet;
- ``on_track`` (keep): none of the above.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Literal

from regie.domain.case import BusinessCase
from regie.domain.contract import Contract
from regie.domain.costing import Projection, Value, project
from regie.domain.scenarios import likely

Verdict = Literal["keep", "renegotiate", "consider_exit"]
SEVERITY: dict[Verdict, int] = {"keep": 0, "renegotiate": 1, "consider_exit": 2}
SAVING_SHARE_MIN = 0.80  # saving realised below this share of the case's: renegotiate
COST_PER_TICKET_MAX = 1.10  # actual cost per ticket above this multiple of the case's
LAST_MONTHS = 3  # the misses of the last 3 months count
REPEATED = 2  # missed in 2 of them: renegotiate; in all 3: consider exit
Figures = Mapping[str, float | int | str | None]


@dataclass(frozen=True)
class ActualMonth:
    """What one month of the contract gave (from its statement)."""

    month: str  # "2026-10"
    handled: Mapping[str, int]  # contacts handled by channel
    invoiced: Decimal  # the month's fee plus its net invoice adjustment
    missed: tuple[str, ...] = ()  # keys of the targets missed that month


@dataclass(frozen=True)
class MonthLine:
    """One case month: planned, and actual (months so far) or re-forecast (the rest)."""

    index: int  # 1-based case month
    month: str
    planned_volume: float
    planned_fee: float
    planned_inhouse: float
    actual_volume: float | None = None
    actual_fee: float | None = None
    actual_inhouse: float | None = None  # the in-house model at the actual volume
    forecast_volume: float | None = None
    forecast_fee: float | None = None
    forecast_inhouse: float | None = None

    @property
    def expected_saving(self) -> float:
        """Actual if known, else re-forecast, else (a gap) planned."""
        if self.actual_fee is not None and self.actual_inhouse is not None:
            return self.actual_inhouse - self.actual_fee
        if self.forecast_fee is not None and self.forecast_inhouse is not None:
            return self.forecast_inhouse - self.forecast_fee
        return self.planned_inhouse - self.planned_fee


@dataclass(frozen=True)
class Reason:
    code: str
    argues_for: Verdict
    figures: Figures


@dataclass(frozen=True)
class Recommendation:
    verdict: Verdict
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Reforecast:
    case_name: str
    lines: tuple[MonthLine, ...]
    volume_ratio: float
    fee_basis: Literal["contract", "case"]
    recommendation: Recommendation

    @property
    def actual(self) -> tuple[MonthLine, ...]:
        return tuple(line for line in self.lines if line.actual_volume is not None)

    def _sum(self, name: str, lines: Sequence[MonthLine] | None = None) -> float:
        chosen = self.actual if lines is None else lines
        return sum(float(getattr(line, name) or 0.0) for line in chosen)

    @property
    def planned_saving_so_far(self) -> float:
        return self._sum("planned_inhouse") - self._sum("planned_fee")

    @property
    def realised_saving(self) -> float:
        return self._sum("actual_inhouse") - self._sum("actual_fee")

    @property
    def saving_share(self) -> float | None:
        planned = self.planned_saving_so_far
        return self.realised_saving / planned if planned > 0 else None

    @property
    def planned_cost_per_ticket(self) -> float | None:
        return _ratio(self._sum("planned_fee"), self._sum("planned_volume"))

    @property
    def actual_cost_per_ticket(self) -> float | None:
        return _ratio(self._sum("actual_fee"), self._sum("actual_volume"))

    @property
    def planned_horizon_saving(self) -> float:
        return self._sum("planned_inhouse", self.lines) - self._sum("planned_fee", self.lines)

    @property
    def forecast_horizon_saving(self) -> float:
        return sum(line.expected_saving for line in self.lines)


def _ratio(a: float, b: float) -> float | None:
    return a / b if b else None


def month_label(start: date, index: int) -> str:
    """The calendar month of case month ``index`` (1-based) when month 1 is ``start``."""
    months = start.year * 12 + start.month - 1 + index - 1
    return f"{months // 12:04d}-{months % 12 + 1:02d}"


def reforecast(
    case: BusinessCase,
    start: date,
    actuals: Sequence[ActualMonth],
    contract: Contract | None = None,
    open_signals: int = 0,
) -> Reforecast:
    """The case against ``actuals`` from ``start`` (case month 1), and the verdict.

    ``contract``: the version in effect, whose fee prices the re-forecast volumes when it
    needs no billed hours or FTE. ``open_signals``: early-warning signals not yet missed.
    """
    plan = project(case.structure, likely(case.estimates))
    labels = [month_label(start, i + 1) for i in range(plan.months)]
    found = {a.month: a for a in actuals if a.month in labels}
    known = max((labels.index(m) + 1 for m in found), default=0)
    ratio = _volume_ratio(plan, labels, found)
    priced = contract is not None and not contract.pricing.needs()
    lines = tuple(
        _line(case, plan, i, labels[i], found.get(labels[i]), known, ratio, contract)
        for i in range(plan.months)
    )
    ordered = [found[m] for m in labels if m in found]
    partial = Reforecast(case.name, lines, ratio, "contract" if priced else "case",
                         Recommendation("keep", ()))  # fmt: skip
    return replace(partial, recommendation=recommend(partial, ordered, open_signals))


def _volume_ratio(
    plan: Projection, labels: Sequence[str], found: Mapping[str, ActualMonth]
) -> float:
    planned = sum(float(plan.volume_total[labels.index(m)]) for m in found)
    handled = sum(sum(a.handled.values()) for a in found.values())
    return 1.0 if planned <= 0 else handled / planned


def _line(
    case: BusinessCase,
    plan: Projection,
    i: int,
    label: str,
    actual: ActualMonth | None,
    known: int,
    ratio: float,
    contract: Contract | None,
) -> MonthLine:
    fee = float(plan.outsourced["vendor_fixed"][i] + plan.outsourced["vendor_variable"][i])
    line = MonthLine(i + 1, label, float(plan.volume_total[i]), fee, float(plan.inhouse_monthly[i]))
    if actual is not None:
        volumes = spread(case, plan, {c: float(v) for c, v in actual.handled.items()})
        return replace(
            line,
            actual_volume=float(sum(actual.handled.values())),
            actual_fee=float(actual.invoiced),
            actual_inhouse=inhouse_cost(case, volumes),
        )
    if i + 1 <= known:
        return line  # a gap: no statement for this month
    volumes = {c: float(plan.volume[c][i]) * ratio for c in case.structure.channels}
    total = sum(volumes.values())
    return replace(
        line,
        forecast_volume=total,
        forecast_fee=_forecast_fee(plan, i, total, ratio, contract),
        forecast_inhouse=inhouse_cost(case, volumes),
    )


def _forecast_fee(
    plan: Projection, i: int, volume: float, ratio: float, contract: Contract | None
) -> float:
    if contract is not None and not contract.pricing.needs():
        return float(contract.fee(round(volume)))
    return float(plan.outsourced["vendor_fixed"][i] + plan.outsourced["vendor_variable"][i] * ratio)


def spread(case: BusinessCase, plan: Projection, handled: Mapping[str, float]) -> dict[str, float]:
    """Volumes by the case's channels: a channel the case does not know is spread over
    the case's channels in their month-1 proportion (equally when that is zero)."""
    channels = case.structure.channels
    volumes = {c: float(handled.get(c, 0.0)) for c in channels}
    other = sum(v for c, v in handled.items() if c not in volumes)
    first = {c: float(plan.volume[c][0]) for c in channels}
    total = sum(first.values())
    for c in channels:
        volumes[c] += other * (first[c] / total if total > 0 else 1.0 / len(channels))
    return volumes


def inhouse_cost(case: BusinessCase, volumes: Mapping[str, float]) -> float:
    """The case's in-house cost of one month that handles ``volumes`` per channel."""
    values: dict[str, Value] = dict(likely(case.estimates))
    values["volume_growth_pct_per_month"] = 0.0
    for channel in case.structure.channels:
        values[f"channels.{channel}.volume_per_month"] = float(volumes.get(channel, 0.0))
    one = replace(case.structure, horizon_months=1)
    return float(project(one, values).inhouse_monthly[0])


def recommend(r: Reforecast, months: Sequence[ActualMonth], open_signals: int) -> Recommendation:
    """The verdict and every reason behind it, most serious first (module docstring)."""
    reasons = _money_reasons(r) + _miss_reasons(months)
    if open_signals:
        reasons.append(Reason("open_signals", "keep", {"signals": open_signals}))
    if not any(SEVERITY[x.argues_for] for x in reasons):
        share = r.saving_share
        reasons.insert(0, Reason("on_track", "keep", {"share": share}))
    reasons.sort(key=lambda x: -SEVERITY[x.argues_for])
    verdict = max((x.argues_for for x in reasons), key=SEVERITY.__getitem__)
    return Recommendation(verdict, tuple(reasons))


def _money_reasons(r: Reforecast) -> list[Reason]:
    reasons: list[Reason] = []
    figures: Figures
    horizon = r.forecast_horizon_saving
    if horizon <= 0:
        figures = {"forecast": horizon, "planned": r.planned_horizon_saving}
        reasons.append(Reason("no_saving_forecast", "consider_exit", figures))
    if not r.actual:
        return reasons
    planned, realised, share = r.planned_saving_so_far, r.realised_saving, r.saving_share
    if (share is not None and share < SAVING_SHARE_MIN) or (share is None and realised < planned):
        figures = {"realised": realised, "planned": planned, "share": share,
                   "limit": SAVING_SHARE_MIN}  # fmt: skip
        reasons.append(Reason("saving_below_case", "renegotiate", figures))
    actual, case = r.actual_cost_per_ticket, r.planned_cost_per_ticket
    if actual is not None and case is not None and actual > case * COST_PER_TICKET_MAX:
        figures = {"actual": actual, "planned": case, "limit": COST_PER_TICKET_MAX}
        reasons.append(Reason("cost_per_ticket_above_case", "renegotiate", figures))
    return reasons


def _miss_reasons(months: Sequence[ActualMonth]) -> list[Reason]:
    recent = months[-LAST_MONTHS:]
    counts = Counter(key for m in recent for key in set(m.missed))
    always = sorted(k for k, n in counts.items() if n == LAST_MONTHS)
    often = sorted(k for k, n in counts.items() if REPEATED <= n < LAST_MONTHS)
    reasons: list[Reason] = []
    if always:
        reasons.append(Reason("persistent_misses", "consider_exit", {"targets": ", ".join(always)}))
    if often:
        reasons.append(Reason("repeated_misses", "renegotiate", {"targets": ", ".join(often)}))
    return reasons
