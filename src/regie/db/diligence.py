"""Due-diligence checks and acceptances in the workspace database.

Both tables only grow: a new check of an item is a new row (the latest counts), and an
acceptance is bound to the check it accepted. The rule that an acceptance must name the
item's latest check, once, is kept inside the transaction that records it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, sessionmaker

from regie.db.tables import Base, UtcDateTime
from regie.db.workspace import Workspace
from regie.domain.diligence import Acceptance, Check, Status
from regie.domain.errors import Conflict, NotFound


class DiligenceCheck(Base):
    """One recorded status of one checklist item of a vendor."""

    __tablename__ = "diligence_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), index=True)
    item: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(10))
    evidence: Mapped[str | None] = mapped_column(Text, nullable=True)
    checked_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class DiligenceAcceptance(Base):
    """A named person's acceptance of the gap one check recorded."""

    __tablename__ = "diligence_acceptances"
    __table_args__ = (UniqueConstraint("check_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"), index=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("diligence_checks.id"))
    item: Mapped[str] = mapped_column(String(60))
    accepted_by: Mapped[str] = mapped_column(String(200))
    accepted_at: Mapped[datetime] = mapped_column(UtcDateTime())


class SqlDiligenceStore:
    """:class:`regie.services.diligence.DiligenceStore` on SQLAlchemy."""

    def __init__(self, workspace: Workspace) -> None:
        self._sessions = sessionmaker(workspace.engine(), expire_on_commit=False)

    def add_check(
        self, vendor_id: int, item: str, status: Status, evidence: str | None, checked_on: date
    ) -> Check:
        row = DiligenceCheck(
            vendor_id=vendor_id,
            item=item,
            status=status.value,
            evidence=evidence,
            checked_on=checked_on,
            recorded_at=datetime.now(UTC),
        )
        with self._sessions.begin() as session:
            session.add(row)
            session.flush()
            return _check(row)

    def checks(self, vendor_id: int) -> list[Check]:
        with self._sessions() as session:
            rows = session.scalars(
                select(DiligenceCheck)
                .where(DiligenceCheck.vendor_id == vendor_id)
                .order_by(DiligenceCheck.id)
            ).all()
            return [_check(r) for r in rows]

    def accept(self, vendor_id: int, check_id: int, accepted_by: str) -> Acceptance:
        with self._sessions.begin() as session:
            check = session.get(DiligenceCheck, check_id, with_for_update=True)
            if check is None or check.vendor_id != vendor_id:
                raise NotFound(f"check {check_id} of this vendor does not exist")
            latest = session.scalar(
                select(DiligenceCheck.id)
                .where(DiligenceCheck.vendor_id == vendor_id, DiligenceCheck.item == check.item)
                .order_by(DiligenceCheck.id.desc())
                .limit(1)
            )
            if latest != check_id:
                raise Conflict(f"{check.item}: a newer status was recorded meanwhile; look again")
            done = session.scalar(
                select(DiligenceAcceptance).where(DiligenceAcceptance.check_id == check_id)
            )
            if done is not None:
                raise Conflict(f"{check.item}: this gap was already accepted by {done.accepted_by}")
            row = DiligenceAcceptance(
                vendor_id=vendor_id,
                check_id=check_id,
                item=check.item,
                accepted_by=accepted_by,
                accepted_at=datetime.now(UTC),
            )
            session.add(row)
            session.flush()
            return _acceptance(row)

    def acceptances(self, vendor_id: int) -> list[Acceptance]:
        with self._sessions() as session:
            rows = session.scalars(
                select(DiligenceAcceptance)
                .where(DiligenceAcceptance.vendor_id == vendor_id)
                .order_by(DiligenceAcceptance.id)
            ).all()
            return [_acceptance(r) for r in rows]


def _check(row: DiligenceCheck) -> Check:
    return Check(
        id=row.id,
        item=row.item,
        status=Status(row.status),
        evidence=row.evidence,
        checked_on=row.checked_on,
        recorded_at=row.recorded_at,
    )


def _acceptance(row: DiligenceAcceptance) -> Acceptance:
    return Acceptance(
        id=row.id,
        check_id=row.check_id,
        item=row.item,
        accepted_by=row.accepted_by,
        accepted_at=row.accepted_at,
    )
