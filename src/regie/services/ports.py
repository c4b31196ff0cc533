"""What the use cases need from storage, as Protocols; ``db/`` implements them.

Services depend on these, never on SQLAlchemy or the file layout, so the same import
runs on SQLite + Parquet or PostgreSQL + Parquet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

import polars as pl

from regie.domain.availability import Outage


@dataclass(frozen=True)
class VendorInfo:
    id: int
    name: str
    created_at: datetime


@dataclass(frozen=True)
class FileSummary:
    """What one file of an import gave."""

    file: str
    rows_read: int
    imported: int
    duplicates: int
    rejected: int
    skipped: int = 0


@dataclass(frozen=True)
class BatchInfo:
    id: int
    vendor: str
    source: str
    imported_at: datetime
    files: tuple[FileSummary, ...]
    rows_read: int
    imported: int
    duplicates: int
    rejected: int
    skipped: int
    fact_file: str
    quarantine_file: str | None


def _accept_all(_rejections: pl.DataFrame) -> None:
    return None


@dataclass(frozen=True)
class NewBatch:
    """A batch ready to be stored: contacts and rejections (lazy, computed in one pass).

    ``accept`` sees the rejections before anything is registered and may refuse the
    batch by raising (``--strict``). ``files`` carry rows read and skipped per file;
    the store fills in imported, duplicates and rejected.
    """

    vendor_id: int
    source: str
    contacts: pl.LazyFrame
    rejections: pl.LazyFrame
    files: tuple[FileSummary, ...]
    accept: Callable[[pl.DataFrame], None] = _accept_all


class ContactStore(Protocol):
    """Vendors, import batches and the contact facts of one workspace."""

    def add_vendor(self, name: str) -> VendorInfo: ...

    def vendors(self) -> list[VendorInfo]: ...

    def vendor(self, name: str) -> VendorInfo: ...

    def known_ids(self, vendor_id: int, source: str) -> pl.LazyFrame:
        """``source_id`` of every stored contact of this vendor and source."""
        ...

    def store_batch(self, batch: NewBatch) -> BatchInfo:
        """Write and register a batch, all or nothing."""
        ...

    def batches(self) -> list[BatchInfo]: ...

    def remove_batch(self, batch_id: int) -> BatchInfo: ...

    def contacts(self) -> pl.LazyFrame:
        """Every registered contact (a consistent snapshot of the registered files)."""
        ...

    def pseudonym_key(self) -> bytes:
        """The workspace's secret for keyed hashes of personal identifiers."""
        ...


@dataclass(frozen=True)
class ContractInfo:
    """One stored contract version: the file's text as given, and its identity."""

    id: int
    vendor: str
    version: int
    effective_from: date
    file_name: str
    sha256: str
    text: str
    added_at: datetime


@dataclass(frozen=True)
class OutageLogInfo:
    """An imported outage log: the dates it covers and its outages."""

    id: int
    vendor: str
    file_name: str
    covers_from: date
    covers_to: date
    outages: tuple[Outage, ...]
    imported_at: datetime


@dataclass(frozen=True)
class StatementInfo:
    """A recorded monthly statement: what it used and what it said."""

    id: int
    vendor: str
    month: str
    revision: int
    contract_id: int
    inputs: dict[str, Any]
    result: dict[str, Any]
    recorded_at: datetime


class GovernanceStore(Protocol):
    """Contract versions, outage logs and recorded statements of one workspace."""

    def add_contract(
        self, vendor_id: int, text: str, file_name: str, effective_from: date
    ) -> ContractInfo:
        """Store a new version; refuse one that would change an evaluated month."""
        ...

    def contracts(self, vendor_id: int) -> list[ContractInfo]:
        """Every version, oldest first."""
        ...

    def add_outage_log(
        self,
        vendor_id: int,
        file_name: str,
        covers: tuple[date, date],
        outages: Sequence[Outage],
    ) -> OutageLogInfo: ...

    def outage_logs(self, vendor_id: int) -> list[OutageLogInfo]: ...

    def record_statement(
        self,
        vendor_id: int,
        month: str,
        contract_id: int,
        inputs: dict[str, Any],
        result: dict[str, Any],
    ) -> StatementInfo: ...

    def statements(self, vendor_id: int, month: str | None = None) -> list[StatementInfo]:
        """Recorded statements, by month then revision."""
        ...
