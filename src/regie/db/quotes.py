"""Imported quotes in the workspace database (table ``quotes``).

Every import of a vendor's quote is kept as a numbered version: the form's content as
structured JSON, the file name and its SHA-256. The highest version is the vendor's
active quote; earlier versions stay as history.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from regie.db.tables import Base, UtcDateTime, vendor_name
from regie.db.workspace import Workspace
from regie.domain.quotes import ChannelTerms, Gdpr, PriceList, Quote
from regie.services.quotes import QuoteInfo

_DATES = ("quote_date", "valid_until")


class QuoteRecord(Base):
    """One imported version of a vendor's quote."""

    __tablename__ = "quotes"
    __table_args__ = (UniqueConstraint("vendor_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"))
    version: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime())


class SqlQuoteStore:
    """:class:`regie.services.quotes.QuoteStore` on SQLAlchemy."""

    def __init__(self, workspace: Workspace) -> None:
        self._sessions = sessionmaker(workspace.engine(), expire_on_commit=False)

    def add_quote(self, vendor_id: int, quote: Quote, file_name: str, sha256: str) -> QuoteInfo:
        with self._sessions.begin() as session:
            latest = session.scalar(
                select(func.max(QuoteRecord.version)).where(QuoteRecord.vendor_id == vendor_id)
            )
            row = QuoteRecord(
                vendor_id=vendor_id,
                version=(latest or 0) + 1,
                file_name=file_name,
                sha256=sha256,
                data=quote_data(quote),
                imported_at=datetime.now(UTC),
            )
            session.add(row)
            session.flush()
            return _info(row, session, active=True)

    def quotes(self, vendor_id: int | None = None, history: bool = False) -> list[QuoteInfo]:
        query = select(QuoteRecord)
        if vendor_id is not None:
            query = query.where(QuoteRecord.vendor_id == vendor_id)
        with self._sessions() as session:
            rows = session.scalars(query.order_by(QuoteRecord.vendor_id, QuoteRecord.version))
            newest: dict[int, int] = {}
            found = list(rows)
            for row in found:
                newest[row.vendor_id] = max(newest.get(row.vendor_id, 0), row.version)
            infos = [_info(r, session, r.version == newest[r.vendor_id]) for r in found]
        shown = infos if history else [i for i in infos if i.active]
        return sorted(shown, key=lambda i: (i.vendor.casefold(), i.version))


def quote_data(quote: Quote) -> dict[str, Any]:
    """The quote as JSON: dates in ISO form, everything else as it is."""
    data = dataclasses.asdict(quote)
    for key in _DATES:
        if data[key] is not None:
            data[key] = data[key].isoformat()
    return data


def quote_from_data(data: dict[str, Any]) -> Quote:
    """The inverse of :func:`quote_data`."""
    values = dict(data)
    for key in _DATES:
        values[key] = None if values.get(key) is None else date.fromisoformat(values[key])
    values["pricing"] = _prices(values.get("pricing"))
    values["gdpr"] = Gdpr(**values.get("gdpr", {}))
    values["channels"] = tuple(
        ChannelTerms(**{**c, "pricing": _prices(c.get("pricing"))})
        for c in values.get("channels", [])
    )
    return Quote(**values)


def _prices(data: dict[str, Any] | None) -> PriceList | None:
    return None if data is None else PriceList(**data)


def _info(row: QuoteRecord, session: Session, active: bool) -> QuoteInfo:
    return QuoteInfo(
        id=row.id,
        vendor=vendor_name(session, row.vendor_id),
        version=row.version,
        file_name=row.file_name,
        sha256=row.sha256,
        quote=quote_from_data(row.data),
        imported_at=row.imported_at,
        active=active,
    )
