"""Use case: the dashboard of a vendor — its latest month against the contract, six months
of trends, the last recorded statement — and a memo that keeps such results while the
data they come from stay the same.

The "current" month is the latest month with contacts (in the contract's time zone): the
data may be historical. Its statement is the recorded one when there is one (read from
the database, no contacts scanned), else a draft computed now and not recorded. The
trends come from :func:`regie.services.cadence.trend` (recorded statements first).

:class:`Memo` keys each result on the vendor's :func:`fingerprint`: the ids and files of
its import batches, its contract versions and their SHA-256, its outage logs and its
recorded statements. Every input of a statement, a trend or the early warning is among
them, so a memoised result is never stale: a new import, contract, log or record gives a
new fingerprint and a new computation.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

import polars as pl

from regie.domain.errors import InvalidInput, NotFound
from regie.domain.statement import ChannelVolume, Judged
from regie.services.cadence import EarlyWarning, Stated, TrendPoint, month_statement, trend
from regie.services.contracts import contract_versions
from regie.services.ports import ContactStore, GovernanceStore
from regie.services.statement_records import RecordedMonth, recorded_months
from regie.services.watch import BASELINE_DAYS, Method, watch

T = TypeVar("T")
Fingerprint = tuple[Hashable, ...]


def fingerprint(store: ContactStore, book: GovernanceStore, vendor: str) -> Fingerprint:
    """Everything a vendor's statements, trends and signals are computed from."""
    info = store.vendor(vendor)
    batches = tuple((b.id, b.fact_file) for b in store.batches() if b.vendor == info.name)
    contracts = tuple((c.id, c.sha256) for c in book.contracts(info.id))
    logs = tuple(log.id for log in book.outage_logs(info.id))
    records = tuple(r.id for r in book.statements(info.id))
    return (info.id, batches, contracts, logs, records)


class Memo(Generic[T]):
    """Results by key, each valid for one fingerprint; the oldest dropped past ``size``."""

    def __init__(self, size: int = 64) -> None:
        self._found: OrderedDict[Hashable, tuple[Fingerprint, T]] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    def get(self, key: Hashable, print_: Fingerprint, compute: Callable[[], T]) -> T:
        with self._lock:
            kept = self._found.get(key)
        if kept is not None and kept[0] == print_:
            return kept[1]
        value = compute()
        with self._lock:
            self._found[key] = (print_, value)
            self._found.move_to_end(key)
            while len(self._found) > self._size:
                self._found.popitem(last=False)
        return value


@dataclass(frozen=True)
class ChannelLine:
    """A channel's volume in the month and its response norm, judged."""

    volume: ChannelVolume
    norm: Judged | None


@dataclass(frozen=True)
class VendorOverview:
    vendor: str
    month: str | None  # the latest month with contacts; None: no contacts
    current: Stated | None  # its statement; None: no contract in effect then
    trend: tuple[TrendPoint, ...]
    last_recorded: RecordedMonth | None
    has_contract: bool

    @property
    def channels(self) -> list[ChannelLine]:
        if self.current is None:
            return []
        s = self.current.statement
        norms = {j.key: j for j in s.judged}
        return [ChannelLine(v, norms.get(f"response.{v.channel}")) for v in s.volumes]

    @property
    def overall(self) -> list[Judged]:
        """The vendor-wide KPI targets (every channel together)."""
        if self.current is None:
            return []
        return [j for j in self.current.statement.judged if j.key.startswith("kpi.")]


def overview(store: ContactStore, book: GovernanceStore, vendor: str) -> VendorOverview:
    """The vendor's dashboard (see the module docstring)."""
    name = store.vendor(vendor).name
    versions = contract_versions(store, book, name)
    last = last_day(store, name, versions[-1].contract.timezone if versions else "UTC")
    records = recorded_months(store, book, name)
    month = None if last is None else f"{last:%Y-%m}"
    current: Stated | None = None
    points: tuple[TrendPoint, ...] = ()
    if last is not None and versions:
        current = month_statement(store, book, name, f"{last:%Y-%m}", fee=False)
        points = trend(store, book, name, last.replace(day=1))
    return VendorOverview(
        vendor=name,
        month=month,
        current=current,
        trend=points,
        last_recorded=records[-1] if records else None,
        has_contract=bool(versions),
    )


def last_day(store: ContactStore, vendor: str, zone: str) -> date | None:
    """The local day of the vendor's last contact; None without contacts."""
    local = pl.col("created_at").max().dt.convert_time_zone(zone).dt.date()
    mine = store.contacts().filter(pl.col("vendor") == vendor)
    found = mine.select(local).collect().item()
    return found if isinstance(found, date) else None


def early_warning(
    store: ContactStore,
    book: GovernanceStore,
    vendor: str,
    until: date | None = None,
    baseline_days: int = BASELINE_DAYS,
    method: Method = "ewma",
) -> EarlyWarning:
    """:func:`regie.services.watch.watch`, or why a vendor has nothing to watch (no
    contract, no contacts by ``until``) — for a page that shows every vendor."""
    name = store.vendor(vendor).name
    try:
        result = watch(store, book, name, until, baseline_days, method)
    except (NotFound, InvalidInput) as error:
        return EarlyWarning(until, None, error.message)
    return EarlyWarning(result.until, result)
