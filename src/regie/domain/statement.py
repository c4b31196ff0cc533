"""The monthly statement of one vendor: every norm and KPI judged, and what it costs.

A statement is built by :mod:`regie.services.statements` from the stored contacts, the
contract version in effect on the month's first day and the outage logs; this module
holds its shape and the arithmetic that needs no data: earn-back refunds and the net
invoice adjustment.

Earn-back money: a penalty is charged in the month of the miss. When its target is then
met in each of the next N months (``earn_back_months``), the statement of month M+N
refunds it. The refund is the penalty's share of what was actually charged that month
(after the cap): ``amount × charged / total``, in cents, half up. The net adjustment of a
month is bonuses paid − penalties charged + refunds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from regie.domain.contract import Direction, cents
from regie.domain.penalties import Adjustment, EarnBack, Outcome, Settlement


@dataclass(frozen=True)
class Judged:
    """One norm or KPI of the month: what was measured and how it compares."""

    key: str  # "response.email", "kpi.fcr"
    measure: str  # what the value is, e.g. "service level (abandons against)"
    direction: Direction
    target: float
    target_high: float | None  # the band's upper end (aht_band)
    outcome: Outcome
    hits: int | None = None  # for proportions: successes among n
    low: float | None = None  # Wilson 95 % interval of a proportion
    high: float | None = None
    note: str | None = None  # why there is no value, or what the value is based on
    norm_seconds: float | None = None  # a response norm's target time
    calendar: str | None = None  # the calendar it is measured on ("24/7" or a name)


@dataclass(frozen=True)
class ChannelVolume:
    channel: str
    offered: int
    handled: int
    abandoned: int


@dataclass(frozen=True)
class EarnBackLine:
    """A penalty of an earlier month under earn-back, as it stands this month."""

    month: str
    penalty: Adjustment
    charged: Decimal  # what that month actually charged for it (after the cap)
    status: EarnBack
    refund: Decimal  # paid back this month (only when waived this month)


@dataclass(frozen=True)
class Statement:
    vendor: str
    month: str  # "2026-10"
    timezone: str
    contract_version: int
    contract_effective_from: date
    contract_sha256: str
    earn_back_months: int | None
    batches: tuple[int, ...]
    cutoff: datetime | None  # the data's last moment: open contacts are judged at it
    monthly_fee: Decimal
    volumes: tuple[ChannelVolume, ...]
    cost_per_contact: Decimal | None
    judged: tuple[Judged, ...]
    settlement: Settlement
    earn_backs: tuple[EarnBackLine, ...]

    @property
    def refunds(self) -> Decimal:
        return sum((line.refund for line in self.earn_backs), Decimal("0.00"))

    @property
    def net(self) -> Decimal:
        """Invoice adjustment in euros: bonuses paid − penalties charged + refunds."""
        return self.settlement.net + self.refunds


def charged_share(penalty: Adjustment, settlement: Settlement) -> Decimal:
    """What the month actually charged for ``penalty``, its share of the capped total."""
    if settlement.penalty_total == 0:
        return Decimal("0.00")
    return cents(penalty.amount * settlement.penalty_charged / settlement.penalty_total)
