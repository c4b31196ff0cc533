"""The KPI definitions a contract chooses, as :class:`~regie.analytics.kpi.KpiOptions`.

- each channel's response norm: its target seconds on its calendar (``"24/7"``: elapsed
  time); the phone norm's target is also the service-level threshold, and its
  ``abandons`` and ``short_abandon_seconds`` choose the service-level formula;
- derived FCR looks ``recontact_days`` ahead when the contract chooses that method;
- periods (days, months) run in the contract's time zone.
"""

from __future__ import annotations

from datetime import datetime

import polars as pl

from regie.analytics.columns import TIMESTAMPS
from regie.analytics.kpi import ChannelNorm, KpiOptions
from regie.domain.contract import ALWAYS, Contract, FcrMethod
from regie.domain.staffing import ServiceLevelRule

DEFAULT_FCR_DAYS = 7


def data_cutoff(contacts: pl.LazyFrame) -> datetime | None:
    """The last moment in the data (latest of every timestamp): open contacts are judged
    at it, so the same data always give the same figures."""
    latest = pl.max_horizontal([pl.col(c).max() for c in TIMESTAMPS])
    value = contacts.select(latest).collect().item()
    return value if isinstance(value, datetime) else None


def contract_options(
    contract: Contract, cutoff: datetime | None = None, until: datetime | None = None
) -> KpiOptions:
    """Options that measure what ``contract`` promises; ``cutoff``: the data's end;
    ``until``: where the contacts to judge end (later ones only count as re-contacts)."""
    norms = {
        n.channel: ChannelNorm(
            n.target_seconds, None if n.calendar == ALWAYS else contract.calendars[n.calendar]
        )
        for n in contract.norms
    }
    phone = next((n for n in contract.norms if n.channel == "phone"), None)
    fcr = next((k for k in contract.kpis if k.kpi == "fcr"), None)
    derived = fcr is not None and fcr.fcr_method is FcrMethod.NO_RECONTACT_DAYS
    return KpiOptions(
        norms=norms,
        cutoff=cutoff,
        until=until,
        service_level_seconds=phone.target_seconds if phone else 20.0,
        service_level=(phone.service_level if phone else None) or ServiceLevelRule(),
        fcr_days=(fcr.recontact_days or DEFAULT_FCR_DAYS) if derived and fcr else None,
        timezone=contract.timezone,
    )
