"""Use cases: the recorded statements as the edges show them (web pages, API, CLI).

- :func:`shown`: a month's statement for reading: the latest recorded revision, else a
  draft computed now and not recorded (reading never records);
- :func:`record_json`: the ``record`` part of ``regie evaluate --json``;
- :func:`recorded_months`: one line per recorded month of a vendor (latest revision);
- :func:`statement_sources`: what the statement's downloads are written from: the
  statement and the contacts behind each missed target (:func:`regie.services.explain.
  explain`), as ``regie evaluate --out`` writes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from regie.domain.penalties import Status
from regie.domain.statement import Statement
from regie.services.explain import Explanation, explain
from regie.services.ports import ContactStore, GovernanceStore, StatementInfo
from regie.services.statement_json import statement_from_json
from regie.services.statements import Evaluation, evaluate, parse_month


def shown(store: ContactStore, book: GovernanceStore, vendor: str, month: str) -> Evaluation:
    """The latest recorded revision of ``month``, else a draft (not recorded)."""
    label = f"{parse_month(month):%Y-%m}"
    records = book.statements(store.vendor(vendor).id, label)
    if records:
        latest = records[-1]
        return Evaluation(statement_from_json(latest.result), latest, False, latest.result)
    return evaluate(store, book, vendor, label, draft=True)


def record_json(result: Evaluation) -> dict[str, Any] | None:
    """The record a statement matches or was stored as; None for a draft."""
    record = result.record
    if record is None:
        return None
    return {
        "revision": record.revision,
        "recorded_at": record.recorded_at.isoformat(),
        "recorded_now": result.recorded_now,
    }


@dataclass(frozen=True)
class RecordedMonth:
    """The latest revision of a recorded month, summed up."""

    vendor: str
    month: str
    revision: int
    revisions: int
    recorded_at: datetime
    contract_version: int
    met: int
    missed: int
    insufficient: int
    net: Decimal


def recorded_months(store: ContactStore, book: GovernanceStore, vendor: str) -> list[RecordedMonth]:
    """Every recorded month of ``vendor``, oldest first, by its latest revision."""
    latest: dict[str, list[StatementInfo]] = {}
    for record in book.statements(store.vendor(vendor).id):
        latest.setdefault(record.month, []).append(record)
    return [_summary(records[-1], len(records)) for _, records in sorted(latest.items())]


def _summary(record: StatementInfo, revisions: int) -> RecordedMonth:
    result = record.result
    statuses = [j["outcome"]["status"] for j in result["judged"]]
    return RecordedMonth(
        vendor=record.vendor,
        month=record.month,
        revision=record.revision,
        revisions=revisions,
        recorded_at=record.recorded_at,
        contract_version=int(result["contract"]["version"]),
        met=statuses.count(Status.MET.value),
        missed=statuses.count(Status.MISSED.value),
        insufficient=statuses.count(Status.INSUFFICIENT.value),
        net=Decimal(result["net_adjustment"]),
    )


def missed_explanations(
    store: ContactStore, book: GovernanceStore, statement: Statement
) -> list[Explanation]:
    """The contacts behind every missed target of ``statement``, in its order."""
    missed = [j.key for j in statement.judged if j.outcome.status is Status.MISSED]
    return [explain(store, book, statement.vendor, statement.month, key) for key in missed]
