"""Use case: ad-hoc KPI tables over the stored contacts of one vendor."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

import polars as pl

from regie.analytics.kpi import KpiOptions, Period, contact_kpis
from regie.domain.errors import InvalidInput
from regie.services.ports import ContactStore

PERIODS = ("day", "week", "month", "quarter")


@dataclass(frozen=True)
class KpiRequest:
    vendor: str
    start: date
    end: date
    by: Sequence[str] = ("channel", "month")
    options: KpiOptions = field(default_factory=KpiOptions)


def _split(by: Sequence[str]) -> tuple[list[str], Period]:
    periods = [b for b in by if b in PERIODS]
    if len(periods) > 1:
        raise InvalidInput(f"--by {','.join(by)}: give at most one period ({', '.join(PERIODS)})")
    keys = [b for b in by if b not in PERIODS]
    return ["vendor", *keys], periods[0] if periods else "month"  # type: ignore[return-value]


def kpi_table(store: ContactStore, request: KpiRequest) -> pl.DataFrame:
    """KPIs of the vendor's contacts created in [start, end], per the requested groups."""
    if request.end < request.start:
        raise InvalidInput(f"--to {request.end} is before --from {request.start}")
    vendor = store.vendor(request.vendor)
    keys, period = _split(request.by)
    start = datetime.combine(request.start, time(), UTC)
    end = datetime.combine(request.end, time.max, UTC)
    contacts = store.contacts().filter(
        (pl.col("vendor") == vendor.name) & pl.col("created_at").is_between(start, end)
    )
    return contact_kpis(contacts, keys, period, request.options).collect()
