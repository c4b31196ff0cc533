"""A year of governing the chosen vendor: contacts, contract, outages, statements.

- **operations**: twelve months from 1 May 2025 (:func:`regie.demo.operations.generate`
  with the default story: quality slips from month 8), the three exports imported
  through the real importers as three batches of the chosen vendor;
- **contract**: ``contract.toml`` (:func:`regie.demo.paperwork.contract_text`) stored as
  the vendor's contract from 1 May 2025 (:func:`regie.services.contracts.add_contract`);
- **outages**: ``outages.csv`` imported as one log covering the whole year;
- **statements**: every month evaluated and recorded in order (earlier months feed the
  earn-back of later ones) by :func:`regie.services.statements.evaluate`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from regie.demo.arrivals import TIMEZONE
from regie.demo.loading import import_exports
from regie.demo.operations import Operations, Size, generate
from regie.demo.paperwork import contract_text, outages_text
from regie.demo.plan import (
    CHOSEN,
    OPERATIONS_MONTHS,
    OPERATIONS_START,
    months,
    operations_end,
    seed_for,
)
from regie.services.contracts import add_contract
from regie.services.outages import import_outages
from regie.services.ports import BatchInfo, ContactStore, GovernanceStore
from regie.services.statements import evaluate


@dataclass(frozen=True)
class Year:
    """The operations generated and imported."""

    operations: Operations
    batches: tuple[BatchInfo, ...]

    @property
    def imported(self) -> int:
        return sum(b.imported for b in self.batches)


def run_operations(store: ContactStore, folder: Path, size: Size, seed: int) -> Year:
    """Generate the year of operations into ``folder/operations`` and import it."""
    operations = generate(
        folder / "operations",
        OPERATIONS_START,
        months=OPERATIONS_MONTHS,
        size=size,
        seed=seed_for(seed, 0),
    )
    return Year(operations, tuple(import_exports(store, operations, CHOSEN.name)))


@dataclass(frozen=True)
class Month:
    """One month's recorded statement, in short."""

    month: str
    net_adjustment: Decimal
    penalties: Decimal
    bonuses: Decimal
    refunds: Decimal
    missed: tuple[str, ...]
    """Keys of the norms and KPIs missed (``response.chat``, ``kpi.fcr``, …)."""
    statement: dict[str, Any]
    """The statement's JSON as recorded."""


@dataclass(frozen=True)
class Governance:
    contract: Path
    outages: Path
    outage_count: int
    months: tuple[Month, ...]


def govern(store: ContactStore, book: GovernanceStore, folder: Path, size: Size) -> Governance:
    """Store the contract and the outage log, then record every month's statement."""
    contract = folder / "contract.toml"
    contract.write_text(contract_text(size), encoding="utf-8")
    add_contract(store, book, contract, CHOSEN.name)
    outages = folder / "outages.csv"
    outages.write_text(outages_text(), encoding="utf-8")
    covers = (OPERATIONS_START, operations_end() - timedelta(days=1))
    log = import_outages(store, book, outages, CHOSEN.name, covers, TIMEZONE)
    found = tuple(_month(store, book, month) for month in months())
    return Governance(contract, outages, len(log.outages), found)


def _month(store: ContactStore, book: GovernanceStore, month: str) -> Month:
    result = evaluate(store, book, CHOSEN.name, month).json
    settlement = result["settlement"]
    missed = tuple(j["key"] for j in result["judged"] if j["outcome"]["status"] == "missed")
    return Month(
        month=month,
        net_adjustment=Decimal(result["net_adjustment"]),
        penalties=Decimal(settlement["penalty_charged"]),
        bonuses=Decimal(settlement["bonus_paid"]),
        refunds=Decimal(result["refunds"]),
        missed=missed,
        statement=result,
    )
