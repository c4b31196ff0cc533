"""The SQL tables of a workspace (SQLAlchemy 2, typed declarative).

State lives here; contacts live in Parquet files registered in ``import_batches``.
Every change of schema goes through an Alembic migration in ``db/migrations``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every engine (SQLite stores them without an offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime: Regie stores UTC only")
        return None if value is None else value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if not isinstance(value, datetime):
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class Vendor(Base):
    __tablename__ = "vendors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    batches: Mapped[list[ImportBatch]] = relationship(back_populates="vendor")


def vendor_name(session: Session, vendor_id: int) -> str:
    """The name of a stored vendor ("?" if it has gone)."""
    vendor = session.get(Vendor, vendor_id)
    return vendor.name if vendor else "?"


class ImportBatch(Base):
    """One import: its files, counts and the Parquet file that holds its contacts."""

    __tablename__ = "import_batches"
    __table_args__ = (UniqueConstraint("fact_file"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"))
    source: Mapped[str] = mapped_column(String(50))
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime())
    files: Mapped[list[dict[str, object]]] = mapped_column(JSON)
    rows_read: Mapped[int] = mapped_column(Integer)
    imported: Mapped[int] = mapped_column(Integer)
    duplicates: Mapped[int] = mapped_column(Integer)
    rejected: Mapped[int] = mapped_column(Integer)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    fact_file: Mapped[str] = mapped_column(String(300))
    quarantine_file: Mapped[str | None] = mapped_column(String(300), nullable=True)
    vendor: Mapped[Vendor] = relationship(back_populates="batches")


class ContractVersion(Base):
    """One version of a vendor's contract: the TOML as given, valid from a first of month."""

    __tablename__ = "contract_versions"
    __table_args__ = (
        UniqueConstraint("vendor_id", "version"),
        UniqueConstraint("vendor_id", "effective_from"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"))
    version: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[date] = mapped_column(Date)
    file_name: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(UtcDateTime())


class OutageLog(Base):
    """An imported outage log: the period it covers and its outages (start, end, ...)."""

    __tablename__ = "outage_logs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"))
    file_name: Mapped[str] = mapped_column(String(300))
    covers_from: Mapped[date] = mapped_column(Date)
    covers_to: Mapped[date] = mapped_column(Date)
    outages: Mapped[list[dict[str, object]]] = mapped_column(JSON)
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime())


class StatementRecord(Base):
    """A recorded monthly statement: its inputs (contract version, batches) and result."""

    __tablename__ = "statements"
    __table_args__ = (UniqueConstraint("vendor_id", "month", "revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"))
    month: Mapped[str] = mapped_column(String(7))
    revision: Mapped[int] = mapped_column(Integer)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract_versions.id"))
    inputs: Mapped[dict[str, object]] = mapped_column(JSON)
    result: Mapped[dict[str, object]] = mapped_column(JSON)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())
