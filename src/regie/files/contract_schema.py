"""The SLA contract file format (TOML), as pydantic models.

Shares are fractions 0–1 (``required_share = 0.8``), money is euros (read exactly, as
:class:`~decimal.Decimal`), response targets are seconds. Unknown keys are refused (the
loader suggests the nearest known key), so a typo never silently becomes a default.
Calendars are plain tables here and validated by
:meth:`~regie.domain.calendar.BusinessCalendar.from_dict` in the loader.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import pairwise
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from regie.domain.contract import KPIS
from regie.files.case_schema import Strict

TARGET_PATTERN = r"^(response|kpi)\.[a-z][a-z0-9_]*$"


def _money(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a number of euros")
    amount = Decimal(str(value))
    if amount < 0:
        raise ValueError("must be at least 0")
    return amount


def _share(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a share between 0 and 1, e.g. 0.8 for 80 %")
    if not 0 <= value <= 1:
        raise ValueError("must be a share between 0 and 1, e.g. 0.8 for 80 %")
    return float(value)


Money = Annotated[Decimal, BeforeValidator(_money)]
Share = Annotated[float, BeforeValidator(_share)]
Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]


class ContractMeta(Strict):
    vendor: str | None = None
    effective_from: date
    timezone: str = "Europe/Amsterdam"
    currency: Literal["EUR"] = "EUR"
    monthly_fee: Money | None = None


class Response(Strict):
    target_seconds: float = Field(ge=0)
    calendar: str = "24/7"
    required_share: Share
    abandons: Literal["ignored", "against", "for"] | None = None
    short_abandon_seconds: float | None = Field(default=None, ge=0)


class Kpi(Strict):
    target: float | None = None
    min_seconds: float | None = Field(default=None, ge=0)
    max_seconds: float | None = Field(default=None, gt=0)
    min_sample: int | None = Field(default=None, ge=0)
    method: Literal["agent_flag", "no_recontact_days"] | None = None
    recontact_days: int | None = Field(default=None, ge=1, le=90)


class Kpis(Strict):
    csat_mean: Kpi | None = None
    csat_top2: Kpi | None = None
    fcr: Kpi | None = None
    escalation_rate: Kpi | None = None
    aht_band: Kpi | None = None
    nps: Kpi | None = None
    availability: Kpi | None = None
    reopen_rate: Kpi | None = None

    @model_validator(mode="after")
    def _one_csat(self) -> Kpis:
        if (self.csat_mean is None) == (self.csat_top2 is None):
            raise ValueError("give exactly one of csat_mean or csat_top2")
        return self


class TierFile(Strict):
    beyond: float = Field(ge=0)
    percent_of_fee: Money | None = None
    eur: Money | None = None

    @model_validator(mode="after")
    def _one_amount(self) -> TierFile:
        if (self.percent_of_fee is None) == (self.eur is None):
            raise ValueError("give exactly one of percent_of_fee or eur")
        return self


class RuleFile(Strict):
    name: str | None = None
    applies_to: list[Annotated[str, Field(pattern=TARGET_PATTERN)]] = Field(min_length=1)
    tiers: list[TierFile] = Field(min_length=1)

    @model_validator(mode="after")
    def _ascending(self) -> RuleFile:
        steps = [t.beyond for t in self.tiers]
        if any(b <= a for a, b in pairwise(steps)):
            raise ValueError("tiers must be in strictly increasing order of beyond")
        return self


class Caps(Strict):
    penalty_percent_of_fee: Money | None = None
    penalty_eur: Money | None = None
    bonus_percent_of_fee: Money | None = None
    bonus_eur: Money | None = None

    @model_validator(mode="after")
    def _one_each(self) -> Caps:
        for kind in ("penalty", "bonus"):
            given = [getattr(self, f"{kind}_{unit}") for unit in ("percent_of_fee", "eur")]
            if None not in given:
                raise ValueError(f"give {kind}_percent_of_fee or {kind}_eur, not both")
        return self


class EarnBackFile(Strict):
    months: int = Field(ge=1, le=12)


class FeeFile(Strict):
    """The pricing model; the fixed part stays ``contract.monthly_fee``."""

    model: Literal["fixed", "hourly", "fte", "per_ticket", "subscription", "mixed"]
    hourly_rate: Money | None = None
    fte_monthly_rate: Money | None = None
    ticket_rate: Money | None = None
    included_tickets: int | None = Field(default=None, ge=0)
    overage_rate: Money | None = None


class ContractFile(Strict):
    contract: ContractMeta
    fee: FeeFile | None = None
    calendars: dict[Name, dict[str, Any]] = Field(default_factory=dict)
    response: dict[Name, Response] = Field(default_factory=dict)
    kpis: Kpis
    penalties: list[RuleFile] = Field(default_factory=list)
    bonuses: list[RuleFile] = Field(default_factory=list)
    caps: Caps = Caps()
    earn_back: EarnBackFile | None = None


assert set(Kpis.model_fields) == set(KPIS)
