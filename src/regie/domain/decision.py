"""Whether to outsource: the decision matrix of DOMAIN §1.

Three outcomes, from most to least cautious: ``keep_in_house``, ``pilot_first``,
``outsource``. Each rule that fires adds a :class:`Reason` (a stable code, the severity
it argues for, and the figures behind it); the decision is the most cautious severity
among the reasons. The rules:

- no saving over the horizon → keep in-house;
- quality risk per year above 70 % of the annual saving → keep in-house (the source's
  rule); above half that limit → pilot first;
- data too sensitive to share → keep in-house;
- service a strategic differentiator: strategic value 5 → keep in-house, 4 → pilot first;
- volume extremely low, or extremely high and complex → keep in-house;
- a real chance that outsourcing costs more (Monte Carlo) → pilot first;
- otherwise outsource, with the saving, break-even and risk as supporting reasons.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Decision = Literal["outsource", "pilot_first", "keep_in_house"]
Level = Literal["low", "medium", "high"]
SEVERITY: dict[Decision, int] = {"outsource": 0, "pilot_first": 1, "keep_in_house": 2}
RISK_LIMIT = 0.70


@dataclass(frozen=True)
class Reason:
    code: str
    argues_for: Decision
    figures: Mapping[str, float | int | str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class DecisionInputs:
    saving: float
    saving_pct: float
    horizon_months: int
    break_even_month: int | None
    p_loss: float
    risk_per_year: float | None
    strategic_value: int = 3
    data_sensitivity: Level = "medium"
    complexity: Level = "medium"
    volume_per_month: float = 0.0
    low_volume_per_month: float = 50.0
    high_volume_per_month: float = 100_000.0
    max_p_loss: float = 0.20


@dataclass(frozen=True)
class Recommendation:
    decision: Decision
    reasons: tuple[Reason, ...]


def annual_saving(inputs: DecisionInputs) -> float:
    return inputs.saving * 12.0 / inputs.horizon_months


def _saving_reasons(d: DecisionInputs) -> list[Reason]:
    if d.saving <= 0:
        return [Reason("no_saving", "keep_in_house", {"saving": d.saving})]
    reasons = [
        Reason("saving", "outsource", {"saving": d.saving, "saving_pct": d.saving_pct}),
        Reason("break_even", "outsource", {"month": d.break_even_month}),
    ]
    if d.p_loss > d.max_p_loss:
        figures = {"p_loss": d.p_loss, "limit": d.max_p_loss}
        reasons.append(Reason("uncertain_saving", "pilot_first", figures))
    return reasons


def _risk_reasons(d: DecisionInputs) -> list[Reason]:
    yearly = annual_saving(d)
    if yearly <= 0:
        return []
    if d.risk_per_year is None:
        return [Reason("risk_unknown", "outsource")]
    share = d.risk_per_year / yearly
    figures: dict[str, float | int | str | None] = {
        "risk": d.risk_per_year,
        "annual_saving": yearly,
        "share": share,
        "limit": RISK_LIMIT,
    }
    if share > RISK_LIMIT:
        return [Reason("risk_above_limit", "keep_in_house", figures)]
    if share > RISK_LIMIT / 2:
        return [Reason("risk_material", "pilot_first", figures)]
    return [Reason("risk_acceptable", "outsource", figures)]


def _fit_reasons(d: DecisionInputs) -> list[Reason]:
    reasons: list[Reason] = []
    if d.data_sensitivity == "high":
        reasons.append(Reason("data_sensitive", "keep_in_house"))
    if d.strategic_value >= 5:
        reasons.append(Reason("strategic_core", "keep_in_house", {"value": d.strategic_value}))
    elif d.strategic_value == 4:
        reasons.append(Reason("strategic_high", "pilot_first", {"value": d.strategic_value}))
    if d.volume_per_month < d.low_volume_per_month:
        figures = {"volume": d.volume_per_month, "limit": d.low_volume_per_month}
        reasons.append(Reason("volume_too_low", "keep_in_house", figures))
    if d.volume_per_month > d.high_volume_per_month and d.complexity == "high":
        figures = {"volume": d.volume_per_month, "limit": d.high_volume_per_month}
        reasons.append(Reason("volume_high_complex", "keep_in_house", figures))
    return reasons


def recommend(inputs: DecisionInputs) -> Recommendation:
    """The decision and every reason behind it, most cautious first."""
    reasons = _saving_reasons(inputs) + _risk_reasons(inputs) + _fit_reasons(inputs)
    reasons.sort(key=lambda r: -SEVERITY[r.argues_for])
    decision = max((r.argues_for for r in reasons), key=SEVERITY.__getitem__)
    return Recommendation(decision, tuple(reasons))
