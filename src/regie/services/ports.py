"""What the use cases need from storage, as Protocols; ``db/`` implements them.

Services depend on these, never on SQLAlchemy or the file layout, so the same import
runs on SQLite + Parquet or PostgreSQL + Parquet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import polars as pl


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
