"""Contract versions, outage logs and recorded statements in the workspace database.

The rule that protects evaluated months lives here, inside the transaction that adds a
version: a version whose ``effective_from`` falls in or before a month that already has
a recorded statement is refused, so a statement is never silently recalculated under
new terms. Contracts are stored as the TOML text the user gave, with its SHA-256.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from regie.db.tables import ContractVersion, OutageLog, StatementRecord, vendor_name
from regie.db.workspace import Workspace
from regie.domain.availability import Outage
from regie.domain.errors import Conflict
from regie.services.ports import ContractInfo, OutageLogInfo, StatementInfo


class SqlGovernanceStore:
    """:class:`regie.services.ports.GovernanceStore` on SQLAlchemy."""

    def __init__(self, workspace: Workspace) -> None:
        self._sessions = sessionmaker(workspace.engine(), expire_on_commit=False)

    # contracts -----------------------------------------------------------------------
    def add_contract(
        self, vendor_id: int, text: str, file_name: str, effective_from: date
    ) -> ContractInfo:
        month = effective_from.strftime("%Y-%m")
        with self._sessions.begin() as session:
            evaluated = session.scalar(
                select(func.max(StatementRecord.month)).where(
                    StatementRecord.vendor_id == vendor_id, StatementRecord.month >= month
                )
            )
            if evaluated is not None:
                raise Conflict(
                    f"{file_name}: effective_from {effective_from} would change {evaluated}, "
                    "which already has a recorded statement; a new version can take effect "
                    f"from {_month_after(evaluated)} on"
                )
            same_day = session.scalar(
                select(ContractVersion).where(
                    ContractVersion.vendor_id == vendor_id,
                    ContractVersion.effective_from == effective_from,
                )
            )
            if same_day is not None:
                raise Conflict(
                    f"{file_name}: version {same_day.version} already takes effect on "
                    f"{effective_from}; give the new version a later effective_from"
                )
            latest = session.scalar(
                select(func.max(ContractVersion.version)).where(
                    ContractVersion.vendor_id == vendor_id
                )
            )
            row = ContractVersion(
                vendor_id=vendor_id,
                version=(latest or 0) + 1,
                effective_from=effective_from,
                file_name=file_name,
                sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                text=text,
                added_at=datetime.now(UTC),
            )
            session.add(row)
            session.flush()
            return _contract(row, session)

    def contracts(self, vendor_id: int) -> list[ContractInfo]:
        with self._sessions() as session:
            rows = session.scalars(
                select(ContractVersion)
                .where(ContractVersion.vendor_id == vendor_id)
                .order_by(ContractVersion.effective_from)
            ).all()
            return [_contract(r, session) for r in rows]

    # outages -------------------------------------------------------------------------
    def add_outage_log(
        self,
        vendor_id: int,
        file_name: str,
        covers: tuple[date, date],
        outages: Sequence[Outage],
    ) -> OutageLogInfo:
        row = OutageLog(
            vendor_id=vendor_id,
            file_name=file_name,
            covers_from=covers[0],
            covers_to=covers[1],
            outages=[_outage_json(o) for o in outages],
            imported_at=datetime.now(UTC),
        )
        with self._sessions.begin() as session:
            session.add(row)
            session.flush()
            return _outage_log(row, session)

    def outage_logs(self, vendor_id: int) -> list[OutageLogInfo]:
        with self._sessions() as session:
            rows = session.scalars(
                select(OutageLog).where(OutageLog.vendor_id == vendor_id).order_by(OutageLog.id)
            ).all()
            return [_outage_log(r, session) for r in rows]

    # statements ----------------------------------------------------------------------
    def record_statement(
        self,
        vendor_id: int,
        month: str,
        contract_id: int,
        inputs: dict[str, Any],
        result: dict[str, Any],
    ) -> StatementInfo:
        with self._sessions.begin() as session:
            latest = session.scalar(
                select(func.max(StatementRecord.revision)).where(
                    StatementRecord.vendor_id == vendor_id, StatementRecord.month == month
                )
            )
            row = StatementRecord(
                vendor_id=vendor_id,
                month=month,
                revision=(latest or 0) + 1,
                contract_id=contract_id,
                inputs=inputs,
                result=result,
                recorded_at=datetime.now(UTC),
            )
            session.add(row)
            session.flush()
            return _statement(row, session)

    def statements(self, vendor_id: int, month: str | None = None) -> list[StatementInfo]:
        query = select(StatementRecord).where(StatementRecord.vendor_id == vendor_id)
        if month is not None:
            query = query.where(StatementRecord.month == month)
        with self._sessions() as session:
            rows = session.scalars(
                query.order_by(StatementRecord.month, StatementRecord.revision)
            ).all()
            return [_statement(r, session) for r in rows]


def _month_after(month: str) -> str:
    year, number = (int(part) for part in month.split("-"))
    return f"{year + number // 12}-{number % 12 + 1:02d}-01"


def _contract(row: ContractVersion, session: Session) -> ContractInfo:
    return ContractInfo(
        id=row.id,
        vendor=vendor_name(session, row.vendor_id),
        version=row.version,
        effective_from=row.effective_from,
        file_name=row.file_name,
        sha256=row.sha256,
        text=row.text,
        added_at=row.added_at,
    )


def _outage_json(outage: Outage) -> dict[str, object]:
    return {
        "start": outage.start.isoformat(),
        "end": outage.end.isoformat(),
        "service": outage.service,
        "planned": outage.planned,
    }


def _outage(raw: dict[str, Any]) -> Outage:
    start = datetime.fromisoformat(raw["start"]).astimezone(UTC)
    end = datetime.fromisoformat(raw["end"]).astimezone(UTC)
    return Outage(start, end, raw.get("service"), bool(raw.get("planned", False)))


def _outage_log(row: OutageLog, session: Session) -> OutageLogInfo:
    return OutageLogInfo(
        id=row.id,
        vendor=vendor_name(session, row.vendor_id),
        file_name=row.file_name,
        covers_from=row.covers_from,
        covers_to=row.covers_to,
        outages=tuple(_outage(o) for o in row.outages),
        imported_at=row.imported_at,
    )


def _statement(row: StatementRecord, session: Session) -> StatementInfo:
    return StatementInfo(
        id=row.id,
        vendor=vendor_name(session, row.vendor_id),
        month=row.month,
        revision=row.revision,
        contract_id=row.contract_id,
        inputs=dict(row.inputs),
        result=dict(row.result),
        recorded_at=row.recorded_at,
    )
