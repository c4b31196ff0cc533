"""Use cases: store a vendor's contract versions and find the one in effect.

A version is the contract file as given, validated before it is stored. It takes effect
on the first day of a month (statements are monthly) and holds until the next version's
date. A version that would change a month with a recorded statement is refused by the
store (see :mod:`regie.db.governance`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from regie.domain.contract import Contract
from regie.domain.errors import InvalidInput, NotFound
from regie.files.contract_loader import load_contract, parse_contract
from regie.services.ports import ContactStore, ContractInfo, GovernanceStore


@dataclass(frozen=True)
class ContractVersion:
    """A stored version and the contract it holds."""

    info: ContractInfo
    contract: Contract


def add_contract(
    store: ContactStore, book: GovernanceStore, path: Path, vendor: str
) -> ContractVersion:
    """Validate ``path`` and store it as the vendor's next contract version."""
    contract = load_contract(path)
    found = store.vendor(vendor)
    if contract.vendor is not None and contract.vendor != found.name:
        raise InvalidInput(
            f'{path.name}: contract.vendor = "{contract.vendor}" but --vendor is '
            f'"{found.name}": make them the same, or leave contract.vendor out'
        )
    start = contract.effective_from
    if start.day != 1:
        raise InvalidInput(
            f"{path.name}: contract.effective_from = {start}: statements are monthly, so a "
            f"version takes effect on the first day of a month, e.g. {start.replace(day=1)}"
        )
    text = path.read_text(encoding="utf-8")
    info = book.add_contract(found.id, text, path.name, start)
    return ContractVersion(info, contract)


def contract_versions(
    store: ContactStore, book: GovernanceStore, vendor: str
) -> list[ContractVersion]:
    """Every stored version of the vendor's contract, oldest first."""
    return [_parsed(info) for info in book.contracts(store.vendor(vendor).id)]


def contract_in_effect(
    store: ContactStore, book: GovernanceStore, vendor: str, day: date
) -> ContractVersion:
    """The version in effect on ``day``: the latest with ``effective_from`` ≤ ``day``."""
    versions = book.contracts(store.vendor(vendor).id)
    valid = [v for v in versions if v.effective_from <= day]
    if not valid:
        first = (
            f"; the first version takes effect on {versions[0].effective_from}" if versions else ""
        )
        raise NotFound(
            f"vendor {vendor!r} has no contract in effect on {day}{first}; store one with "
            f"`regie contract add FILE --vendor {vendor!r}`"
        )
    return _parsed(valid[-1])


def _parsed(info: ContractInfo) -> ContractVersion:
    return ContractVersion(info, parse_contract(info.text, source=info.file_name))


def version_json(v: ContractVersion) -> dict[str, Any]:
    """A stored version for a machine (``regie contract list --json``)."""
    info = v.info
    return {
        "vendor": info.vendor,
        "version": info.version,
        "effective_from": str(info.effective_from),
        "file": info.file_name,
        "sha256": info.sha256,
        "added_at": info.added_at.isoformat(),
        "monthly_fee": str(v.contract.monthly_fee),
        "norms": [n.key for n in v.contract.norms],
        "kpis": [k.key for k in v.contract.kpis],
    }


def contract_summary(contract: Contract) -> dict[str, Any]:
    """What a checked contract file says (``regie contract check --json``)."""
    return {
        "effective_from": str(contract.effective_from),
        "monthly_fee": str(contract.monthly_fee),
        "norms": [n.key for n in contract.norms],
        "kpis": [k.key for k in contract.kpis],
    }
