"""A month's penalties and bonuses under a contract, with caps and earn-back.

Outcome of a target (:func:`assess`), with *margin* in the KPI's own units, positive
meaning better than the target:

- ``at_least`` (response share, CSAT, FCR, NPS, availability): margin = value − target;
  met when margin ≥ 0;
- ``below`` (escalation, reopen rate): margin = target − value; met when margin > 0
  (the target itself is a miss: "escalation < 10 %");
- ``within`` (AHT band low…high): margin = min(value − low, high − value); met when ≥ 0;
- fewer observations than the minimum sample: *insufficient sample*, neither met nor
  missed, and so neither penalty nor bonus.

Per rule (:func:`settle`), for each target it applies to:

- penalty: the target is missed; shortfall = −margin; the tier applied is the last tier
  (tiers ascend by ``beyond``) with ``beyond`` ≤ shortfall;
- bonus: the target is met; surplus = margin; the last tier with ``beyond`` ≤ surplus;
- amount = monthly fee × percent / 100, or the fixed euros; rounded to cents half up;
- a rule pays once a month: over its targets, the largest amount (first target on ties),
  recorded with the target and tier (1-based) that produced it. A target without an
  outcome this month counts for nothing.

Caps (separate for penalties and bonuses): charged = min(Σ penalties, penalty cap);
paid = min(Σ bonuses, bonus cap); no cap means no limit. Net invoice adjustment =
paid − charged (negative: the vendor invoices less).

Earn-back (:func:`earn_back`): with ``earn_back_months = N``, a penalty caused by target T
in month M is *waived* when T is met in each of months M+1 … M+N; a later month with T
missed, insufficient or absent *keeps* it; fewer than N later months known and all met
leaves it *pending*.

Margins and shortfalls are rounded to 9 decimals before comparing, so that binary
floating point (0.70 − 0.60 = 0.0999…) does not drop an outcome below a tier it reaches.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from regie.domain.contract import (
    Contract,
    Direction,
    KpiTarget,
    ResponseNorm,
    Rule,
    Tier,
)

DIGITS = 9  # margins are rounded so that 0.70 − 0.60 reaches a tier at 0.10


class Status(StrEnum):
    MET = "met"
    MISSED = "missed"
    INSUFFICIENT = "insufficient sample"


class EarnBack(StrEnum):
    NONE = "no earn-back"
    PENDING = "pending"
    WAIVED = "waived"
    KEPT = "kept"


@dataclass(frozen=True)
class Outcome:
    status: Status
    value: float | None = None
    margin: float | None = None
    n: int | None = None


@dataclass(frozen=True)
class Adjustment:
    """One penalty or bonus: the rule, target and tier that produced it, in euros."""

    kind: str  # "penalty" | "bonus"
    rule: str
    target: str
    tier: int
    amount: Decimal


@dataclass(frozen=True)
class Settlement:
    penalties: tuple[Adjustment, ...]
    bonuses: tuple[Adjustment, ...]
    penalty_total: Decimal
    bonus_total: Decimal
    penalty_cap: Decimal | None
    bonus_cap: Decimal | None
    penalty_charged: Decimal
    bonus_paid: Decimal

    @property
    def net(self) -> Decimal:
        """Invoice adjustment in euros: bonuses paid − penalties charged."""
        return self.bonus_paid - self.penalty_charged


def assess(target: ResponseNorm | KpiTarget, value: float, n: int) -> Outcome:
    """Judge ``value`` (measured on ``n`` observations) against a norm or KPI target."""
    if isinstance(target, ResponseNorm):
        if n < 1:
            return Outcome(Status.INSUFFICIENT, value, None, n)
        margin = round(value - target.required_share, DIGITS)
        return Outcome(Status.MET if margin >= 0 else Status.MISSED, value, margin, n)
    if n < target.min_sample:
        return Outcome(Status.INSUFFICIENT, value, None, n)
    margin = round(_margin(target, value), DIGITS)
    met = margin > 0 if target.direction is Direction.BELOW else margin >= 0
    return Outcome(Status.MET if met else Status.MISSED, value, margin, n)


def _margin(target: KpiTarget, value: float) -> float:
    if target.direction is Direction.AT_LEAST:
        return value - target.threshold
    if target.direction is Direction.BELOW:
        return target.threshold - value
    assert target.high is not None
    return min(value - target.threshold, target.high - value)


def settle(
    contract: Contract, outcomes: Mapping[str, Outcome], fee: Decimal | None = None
) -> Settlement:
    """Penalties, bonuses, caps and net adjustment for one month's outcomes by target key.

    ``fee`` is the month's fee, the base of every percentage (default: the monthly fee;
    with a variable pricing model, :meth:`Contract.fee` of the month).
    """
    fee = contract.monthly_fee if fee is None else fee
    penalties = _adjustments("penalty", contract.penalties, outcomes, fee)
    bonuses = _adjustments("bonus", contract.bonuses, outcomes, fee)
    penalty_total = sum((a.amount for a in penalties), Decimal("0.00"))
    bonus_total = sum((a.amount for a in bonuses), Decimal("0.00"))
    penalty_cap = contract.penalty_cap.amount(fee) if contract.penalty_cap else None
    bonus_cap = contract.bonus_cap.amount(fee) if contract.bonus_cap else None
    return Settlement(
        penalties=penalties,
        bonuses=bonuses,
        penalty_total=penalty_total,
        bonus_total=bonus_total,
        penalty_cap=penalty_cap,
        bonus_cap=bonus_cap,
        penalty_charged=_capped(penalty_total, penalty_cap),
        bonus_paid=_capped(bonus_total, bonus_cap),
    )


def _capped(total: Decimal, cap: Decimal | None) -> Decimal:
    return total if cap is None else min(total, cap)


def _adjustments(
    kind: str, rules: Sequence[Rule], outcomes: Mapping[str, Outcome], fee: Decimal
) -> tuple[Adjustment, ...]:
    found: list[Adjustment] = []
    for rule in rules:
        best: Adjustment | None = None
        for key in rule.applies_to:
            candidate = _candidate(kind, rule, key, outcomes.get(key), fee)
            if candidate is not None and (best is None or candidate.amount > best.amount):
                best = candidate
        if best is not None:
            found.append(best)
    return tuple(found)


def _candidate(
    kind: str, rule: Rule, key: str, outcome: Outcome | None, fee: Decimal
) -> Adjustment | None:
    wanted = Status.MISSED if kind == "penalty" else Status.MET
    if outcome is None or outcome.status is not wanted or outcome.margin is None:
        return None
    distance = -outcome.margin if kind == "penalty" else outcome.margin
    index = _tier(rule.tiers, distance)
    if index is None:
        return None
    amount = rule.tiers[index].charge.amount(fee)
    return Adjustment(kind, rule.name, key, index + 1, amount)


def _tier(tiers: Sequence[Tier], distance: float) -> int | None:
    reached = [i for i, tier in enumerate(tiers) if tier.beyond <= round(distance, DIGITS)]
    return reached[-1] if reached else None


def earn_back(
    contract: Contract, penalty: Adjustment, later: Sequence[Mapping[str, Outcome]]
) -> EarnBack:
    """Whether ``penalty`` is waived, given the outcomes of the months after it, in order."""
    return earn_back_after(contract.earn_back_months, penalty, later)


def earn_back_after(
    months: int | None, penalty: Adjustment, later: Sequence[Mapping[str, Outcome]]
) -> EarnBack:
    """:func:`earn_back` for a contract with ``earn_back_months = months``."""
    if not months:
        return EarnBack.NONE
    for outcomes in later[:months]:
        outcome = outcomes.get(penalty.target)
        if outcome is None or outcome.status is not Status.MET:
            return EarnBack.KEPT
    return EarnBack.WAIVED if len(later) >= months else EarnBack.PENDING


def waivers(
    contract: Contract, settlement: Settlement, later: Sequence[Mapping[str, Outcome]]
) -> dict[Adjustment, EarnBack]:
    """:func:`earn_back` for every penalty of one month's settlement."""
    return {p: earn_back(contract, p, later) for p in settlement.penalties}
