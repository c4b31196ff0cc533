"""Due diligence of a vendor: the SLA/contract and GDPR/security checklists (DOMAIN §2),
the status of each item, gaps as named risks, and the ready-to-sign rule.

Every item has a stable key (``gdpr.dpa``). A check records a status (yes / no /
partial / unknown), an evidence note and the date it was checked; the latest check of
an item is its status, and an item never checked is ``unknown``. Anything but ``yes`` is
a **gap**: a named risk in the decision. A person may accept a gap explicitly (name and
moment recorded); the acceptance binds to that check, so a new check of the item needs
a new acceptance. A vendor is **ready to sign** when every item is ``yes`` or an
accepted gap.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from regie.domain.errors import Conflict, InvalidInput

MAX_EVIDENCE = 1000  # characters of an evidence note
MAX_NAME = 200  # characters of the name of the person who accepts a gap
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


class Status(StrEnum):
    YES = "yes"
    NO = "no"
    PARTIAL = "partial"
    UNKNOWN = "unknown"


class Checklist(StrEnum):
    SLA = "sla"
    GDPR = "gdpr"


@dataclass(frozen=True)
class Item:
    """One line of a checklist; ``key`` is stable, ``label`` is the English text."""

    key: str
    label: str

    @property
    def checklist(self) -> Checklist:
        return Checklist(self.key.partition(".")[0])


ITEMS: tuple[Item, ...] = (
    Item("sla.response_times", "Response times per channel"),
    Item("sla.availability", "Minimum availability"),
    Item("sla.penalties", "Penalties"),
    Item("sla.disaster_recovery", "Disaster recovery"),
    Item("sla.exit_data_return", "Exit and data-return procedures"),
    Item("sla.knowledge_base", "Ownership of the knowledge base"),
    Item("sla.escalation_routes", "Escalation routes"),
    Item("gdpr.dpa", "Data processing agreement (verwerkersovereenkomst)"),
    Item("gdpr.data_localisation", "Data localisation"),
    Item("gdpr.encryption", "Encryption at rest and in transit"),
    Item("gdpr.access_levels", "Access levels"),
    Item("gdpr.audit_rights", "Audit rights"),
    Item("gdpr.incident_response", "Incident-response plan"),
    Item("gdpr.certifications", "Certifications (ISO 27001, SOC 2)"),
)
KEYS = {item.key: item for item in ITEMS}


def find_item(key: str) -> Item:
    """The item with ``key``; a clear error naming the nearest key otherwise."""
    found = KEYS.get(key.strip().lower())
    if found is not None:
        return found
    close = difflib.get_close_matches(key, list(KEYS), n=1, cutoff=0.5)
    hint = f"did you mean '{close[0]}'?" if close else f"use one of {', '.join(KEYS)}"
    raise InvalidInput(f"{key!r} is not a due-diligence item: {hint}")


def parse_status(text: str) -> Status:
    try:
        return Status(text.strip().lower())
    except ValueError:
        allowed = ", ".join(s.value for s in Status)
        raise InvalidInput(f"status {text!r}: use one of {allowed}") from None


def clean_text(text: str | None, what: str, limit: int) -> str | None:
    """Free text of the client's own (evidence, a name): trimmed, limited, one line, no
    control or direction-override characters; empty gives ``None``."""
    if text is None or not text.strip():
        return None
    trimmed = text.strip()
    bad = [c for c in trimmed if unicodedata.category(c) == "Cc" or c in _BIDI]
    if bad:
        raise InvalidInput(
            f"{what}: control character U+{ord(bad[0]):04X} is not allowed; write it on "
            "one line of plain text"
        )
    if len(trimmed) > limit:
        raise InvalidInput(f"{what}: {len(trimmed)} characters; at most {limit} are allowed")
    return trimmed


@dataclass(frozen=True)
class Check:
    """A recorded status of one item, with its evidence and the date it was checked."""

    id: int
    item: str
    status: Status
    evidence: str | None
    checked_on: date
    recorded_at: datetime


@dataclass(frozen=True)
class Acceptance:
    """A person's explicit acceptance of the gap that check ``check_id`` recorded."""

    id: int
    check_id: int
    item: str
    accepted_by: str
    accepted_at: datetime


@dataclass(frozen=True)
class ItemState:
    """An item as it stands: its latest check (``None``: never checked) and whether a
    person accepted that check's gap."""

    item: Item
    check: Check | None
    acceptance: Acceptance | None

    @property
    def status(self) -> Status:
        return Status.UNKNOWN if self.check is None else self.check.status

    @property
    def gap(self) -> bool:
        return self.status is not Status.YES

    @property
    def open(self) -> bool:
        """A gap nobody has accepted: it keeps the vendor from ready to sign."""
        return self.gap and self.acceptance is None


@dataclass(frozen=True)
class Assessment:
    """Both checklists of one vendor, item by item."""

    vendor: str
    states: tuple[ItemState, ...]

    @property
    def risks(self) -> tuple[ItemState, ...]:
        """Every gap, accepted or not: the named risks of the decision."""
        return tuple(s for s in self.states if s.gap)

    @property
    def open_gaps(self) -> tuple[ItemState, ...]:
        return tuple(s for s in self.states if s.open)

    @property
    def ready_to_sign(self) -> bool:
        return not self.open_gaps


def latest_checks(checks: Iterable[Check]) -> dict[str, Check]:
    """The latest check of each item (by recording order: the highest id)."""
    latest: dict[str, Check] = {}
    for check in sorted(checks, key=lambda c: c.id):
        latest[check.item] = check
    return latest


def assess(vendor: str, checks: Iterable[Check], acceptances: Iterable[Acceptance]) -> Assessment:
    """Every item's state; an acceptance counts only for the check it accepted."""
    latest = latest_checks(checks)
    accepted: Mapping[int, Acceptance] = {a.check_id: a for a in acceptances}
    states = []
    for entry in ITEMS:
        check = latest.get(entry.key)
        acceptance = None
        if check is not None and check.status is not Status.YES:
            acceptance = accepted.get(check.id)
        states.append(ItemState(entry, check, acceptance))
    return Assessment(vendor, tuple(states))


def acceptable(state: ItemState) -> Check:
    """The check whose gap a person may accept now; refuse anything else."""
    key = state.item.key
    if state.check is None:
        raise InvalidInput(
            f"{key}: no status recorded yet; record one first (e.g. `unknown` with a note)"
        )
    if not state.gap:
        raise InvalidInput(f"{key}: the status is yes: there is no gap to accept")
    if state.acceptance is not None:
        raise Conflict(
            f"{key}: this gap ({state.status}) was already accepted by "
            f"{state.acceptance.accepted_by} on {state.acceptance.accepted_at:%Y-%m-%d}"
        )
    return state.check
