"""An SLA contract with one vendor: fee, response norms, KPI targets, penalties, bonuses.

Pure data (read from a contract TOML by :mod:`regie.files.contract_loader`). Units:

- shares (required share of a norm, FCR, escalation, reopen, availability, CSAT top-2-box)
  are fractions 0–1; CSAT mean is on the 1–5 scale; NPS on −100…100; the AHT band in
  seconds;
- money is :class:`~decimal.Decimal` euros.

Every norm and KPI is a *target* with a stable key: ``response.<channel>`` or
``kpi.<name>``. Penalty and bonus rules name the targets they apply to by that key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from regie.domain.calendar import BusinessCalendar
from regie.domain.errors import InvalidInput
from regie.domain.staffing import ServiceLevelRule

ALWAYS = "24/7"
CENT = Decimal("0.01")


class Direction(StrEnum):
    """How a KPI value is judged against its threshold(s)."""

    AT_LEAST = "at_least"  # met when value ≥ target
    BELOW = "below"  # met when value < target
    WITHIN = "within"  # met when low ≤ value ≤ high


class FeeModel(StrEnum):
    """How the vendor invoices a month (the business case's pricing models)."""

    FIXED = "fixed"  # the monthly fee only
    HOURLY = "hourly"  # billed hours × hourly rate
    FTE = "fte"  # billed FTE × monthly rate per FTE
    PER_TICKET = "per_ticket"  # handled contacts × ticket rate
    SUBSCRIPTION = "subscription"  # monthly fee for included contacts, overage beyond
    MIXED = "mixed"  # monthly fee plus any of the variable rates


class FcrMethod(StrEnum):
    AGENT_FLAG = "agent_flag"  # the agent marks a contact as resolved at first contact
    NO_RECONTACT_DAYS = "no_recontact_days"  # no new contact from the customer within N days


# name: (direction, default minimum sample, what the sample counts)
KPIS: dict[str, tuple[Direction, int, str]] = {
    "csat_mean": (Direction.AT_LEAST, 50, "survey responses"),
    "csat_top2": (Direction.AT_LEAST, 50, "survey responses"),
    "nps": (Direction.AT_LEAST, 50, "survey responses"),
    "fcr": (Direction.AT_LEAST, 100, "resolved contacts"),
    "escalation_rate": (Direction.BELOW, 100, "handled contacts"),
    "reopen_rate": (Direction.BELOW, 100, "solved tickets"),
    "aht_band": (Direction.WITHIN, 30, "handled contacts"),
    "availability": (Direction.AT_LEAST, 0, "time-based: no sample needed"),
}


def cents(amount: Decimal) -> Decimal:
    """Round euros to cents, half up (the invoice convention)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Charge:
    """An amount: a percentage of the monthly fee or a fixed sum in euros (exactly one)."""

    percent_of_fee: Decimal | None = None
    eur: Decimal | None = None

    def amount(self, monthly_fee: Decimal) -> Decimal:
        if self.percent_of_fee is not None:
            return cents(monthly_fee * self.percent_of_fee / 100)
        assert self.eur is not None
        return cents(self.eur)


@dataclass(frozen=True)
class Pricing:
    """The variable part of the fee; the fixed part is the contract's ``monthly_fee``.

    A month's fee = monthly fee + ticket rate × handled + overage rate × max(0, handled −
    included) + hourly rate × billed hours + FTE rate × billed FTE, in cents, half up.
    Handled contacts are counted by Regie; hours and FTE come from the vendor's invoice.
    """

    model: FeeModel = FeeModel.FIXED
    hourly_rate: Decimal | None = None
    fte_monthly_rate: Decimal | None = None
    ticket_rate: Decimal | None = None
    included_tickets: int | None = None
    overage_rate: Decimal | None = None

    def needs(self) -> tuple[str, ...]:
        """What the month's fee needs besides handled contacts: "hours", "fte"."""
        return tuple(
            name
            for name, rate in (("hours", self.hourly_rate), ("fte", self.fte_monthly_rate))
            if rate is not None
        )

    def variable(
        self, handled: int, hours: Decimal | None = None, fte: Decimal | None = None
    ) -> Decimal:
        zero = Decimal(0)
        overage = Decimal(max(0, handled - (self.included_tickets or 0)))
        parts = [
            (self.ticket_rate or zero) * handled,
            (self.overage_rate or zero) * overage,
            (self.hourly_rate or zero) * (hours or zero),
            (self.fte_monthly_rate or zero) * (fte or zero),
        ]
        return sum(parts, zero)


@dataclass(frozen=True)
class ResponseNorm:
    """``required_share`` of a channel's contacts answered within ``target_seconds``."""

    channel: str
    target_seconds: float
    required_share: float
    calendar: str = ALWAYS  # a calendar name of the contract, or "24/7"
    service_level: ServiceLevelRule | None = None  # phone: how abandons count

    @property
    def key(self) -> str:
        return f"response.{self.channel}"


@dataclass(frozen=True)
class KpiTarget:
    """A KPI target; ``high`` only for a band (``aht_band``: low … high seconds)."""

    kpi: str
    direction: Direction
    threshold: float
    min_sample: int
    high: float | None = None
    fcr_method: FcrMethod | None = None
    recontact_days: int | None = None

    @property
    def key(self) -> str:
        return f"kpi.{self.kpi}"


@dataclass(frozen=True)
class Tier:
    """Applies when the outcome is at least ``beyond`` past the target (KPI units)."""

    beyond: float
    charge: Charge


@dataclass(frozen=True)
class Rule:
    """Tiers (ascending ``beyond``) for the targets in ``applies_to``; the worst tier wins."""

    name: str
    applies_to: tuple[str, ...]
    tiers: tuple[Tier, ...]


class PenaltyRule(Rule):
    """Money off the invoice when a target is missed."""


class BonusRule(Rule):
    """Money on top of the invoice when a target is beaten."""


@dataclass(frozen=True)
class Contract:
    """One version of a contract, valid from ``effective_from``."""

    effective_from: date
    monthly_fee: Decimal
    vendor: str | None = None
    currency: str = "EUR"
    timezone: str = "Europe/Amsterdam"  # months and days are counted in this zone
    calendars: Mapping[str, BusinessCalendar] = field(default_factory=dict)
    norms: tuple[ResponseNorm, ...] = ()
    kpis: tuple[KpiTarget, ...] = ()
    penalties: tuple[PenaltyRule, ...] = ()
    bonuses: tuple[BonusRule, ...] = ()
    penalty_cap: Charge | None = None
    bonus_cap: Charge | None = None
    earn_back_months: int | None = None  # a penalty is waived when the next N months are met
    pricing: Pricing = field(default_factory=Pricing)

    def fee(
        self, handled: int, hours: Decimal | None = None, fte: Decimal | None = None
    ) -> Decimal:
        """The month's fee: the base of every ``percent_of_fee`` and of cost per contact."""
        missing = [n for n in self.pricing.needs() if {"hours": hours, "fte": fte}[n] is None]
        if missing:
            flags = " and ".join(f"--billed-{n}" for n in missing)
            raise InvalidInput(
                f"the {self.pricing.model.value} fee needs the billed {' and '.join(missing)} "
                f"of the month from the vendor's invoice: give {flags}"
            )
        return cents(self.monthly_fee + self.pricing.variable(handled, hours, fte))

    def targets(self) -> dict[str, ResponseNorm | KpiTarget]:
        """Every norm and KPI by its key (``response.phone``, ``kpi.fcr``, ...)."""
        found: dict[str, ResponseNorm | KpiTarget] = {n.key: n for n in self.norms}
        found.update({k.key: k for k in self.kpis})
        return found
