"""The pilot file format (TOML), as pydantic models.

Shares are fractions 0–1 (``target = 0.85``), money is euros (read exactly), times are
seconds. Every KPI section is optional and defaults to DOMAIN §3: CSAT top-2-box ≥ 85 %,
median FRT ≤ 60 min (24/7), AHT 180–600 s, FCR ≥ 70 %, cost per ticket ≤ € 4.00. Unknown
keys are refused (the loader suggests the nearest known key). Calendars are plain
tables here and validated by :meth:`~regie.domain.calendar.BusinessCalendar.from_dict`
in the loader.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import Field

from regie.domain.pilot import MAX_DAYS, MAX_VENDORS, MIN_DAYS
from regie.files.case_schema import Strict
from regie.files.contract_schema import Money, Name, Share

Channel = Literal["phone", "email", "chat", "social", "other"]


class PilotMeta(Strict):
    name: str = Field(default="Pilot", min_length=1)
    channel: Channel
    start: date
    days: int = Field(ge=MIN_DAYS, le=MAX_DAYS)
    timezone: str = "Europe/Amsterdam"


class VendorFile(Strict):
    name: str = Field(min_length=1)
    fee: Money | None = None  # euros for the whole pilot period
    ticket_rate: Money | None = None  # euros per handled contact


class CsatKpi(Strict):
    measure: Literal["top2", "mean"] = "top2"
    target: float | None = None  # default 0.85 (top2) or 4.0 (mean, 1–5)
    min_sample: int = Field(default=50, ge=0)


class FrtKpi(Strict):
    statistic: Literal["median", "mean"] = "median"
    max_seconds: float = Field(default=3600.0, gt=0)
    calendar: str = "24/7"
    min_sample: int = Field(default=30, ge=0)


class AhtKpi(Strict):
    min_seconds: float | None = Field(default=None, ge=0)  # absent: a maximum only
    max_seconds: float = Field(default=600.0, gt=0)
    min_sample: int = Field(default=30, ge=0)


class FcrKpi(Strict):
    target: Share = 0.70
    min_sample: int = Field(default=100, ge=0)


class CostKpi(Strict):
    max_eur: Money = Decimal("4.00")
    min_sample: int = Field(default=30, ge=0)


class Kpis(Strict):
    csat: CsatKpi = CsatKpi()
    frt: FrtKpi = FrtKpi()
    aht: AhtKpi = AhtKpi(min_seconds=180.0)
    fcr: FcrKpi = FcrKpi()
    cost_per_ticket: CostKpi = CostKpi()


class PilotFile(Strict):
    pilot: PilotMeta
    vendors: list[VendorFile] = Field(min_length=1, max_length=MAX_VENDORS)
    kpis: Kpis = Kpis()
    calendars: dict[Name, dict[str, Any]] = Field(default_factory=dict)
