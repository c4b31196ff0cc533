"""Use case: ad-hoc KPI tables over the stored contacts of one vendor."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import polars as pl

from regie.analytics.kpi import KpiOptions, Period, contact_kpis
from regie.analytics.kpi_contract import contract_options, data_cutoff
from regie.analytics.kpi_cost import with_cost_per_contact
from regie.domain.contract import Contract
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
    contract: Contract | None = None  # its definitions, time zone and fee (cost per contact)


def _split(by: Sequence[str]) -> tuple[list[str], Period]:
    periods = [b for b in by if b in PERIODS]
    if len(periods) > 1:
        raise InvalidInput(f"--by {','.join(by)}: give at most one period ({', '.join(PERIODS)})")
    keys = [b for b in by if b not in PERIODS]
    return ["vendor", *keys], periods[0] if periods else "month"  # type: ignore[return-value]


def kpi_table(store: ContactStore, request: KpiRequest) -> pl.DataFrame:
    """KPIs of the vendor's contacts created in [start, end], per the requested groups.

    Without a contract, days are UTC days and the request's options apply. With one, its
    definitions apply as in the monthly statement — its norms and calendars, its
    service-level formula, its time zone for days and months, open contacts judged at the
    data's cutoff — and ``cost_per_contact`` spreads its fee over the handled contacts.
    """
    if request.end < request.start:
        raise InvalidInput(f"--to {request.end} is before --from {request.start}")
    vendor = store.vendor(request.vendor)
    keys, period = _split(request.by)
    mine = store.contacts().filter(pl.col("vendor") == vendor.name)
    contract = request.contract
    options = request.options
    zone = ZoneInfo("UTC")
    if contract is not None:
        zone = ZoneInfo(contract.timezone)
    start = datetime.combine(request.start, time(), zone).astimezone(UTC)
    end = datetime.combine(request.end + timedelta(days=1), time(), zone).astimezone(UTC)
    if contract is not None:
        options = contract_options(contract, data_cutoff(mine), until=end)
    options = replace(options, until=end)
    created = pl.col("created_at")
    ahead = timedelta(days=options.fcr_days or 0)
    contacts = mine.filter((created >= start) & (created < end + ahead))
    table = contact_kpis(contacts, keys, period, options).collect()
    if contract is None:
        return table
    pricing = contract.pricing
    linear = not pricing.needs() and pricing.overage_rate is None
    fee = float(contract.monthly_fee) if linear else None
    rate = float(pricing.ticket_rate or 0)
    return with_cost_per_contact(table, period, request.start, request.end, fee, rate)
