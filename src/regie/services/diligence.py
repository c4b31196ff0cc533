"""Use cases: record and assess a vendor's due diligence (DOMAIN §2 checklists).

A check is recorded per item (status, evidence note, the date it was checked); the
history is kept, the latest check counts. A gap (anything but yes) is accepted by a
named person, bound to the check it accepted; the store records the moment in UTC.
See :mod:`regie.domain.diligence` for the ready-to-sign rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, Protocol

from regie.domain.diligence import (
    MAX_EVIDENCE,
    MAX_NAME,
    Acceptance,
    Assessment,
    Check,
    Checklist,
    ItemState,
    Status,
    acceptable,
    assess,
    clean_text,
    find_item,
    parse_status,
)
from regie.domain.errors import InvalidInput
from regie.i18n import Locale
from regie.services.ports import ContactStore

ENGLISH = Locale("en")  # JSON names risks in English, whatever the language of the text


class DiligenceStore(Protocol):
    """Due-diligence checks and acceptances of one workspace."""

    def add_check(
        self, vendor_id: int, item: str, status: Status, evidence: str | None, checked_on: date
    ) -> Check: ...

    def checks(self, vendor_id: int) -> list[Check]:
        """Every check of the vendor, in recording order."""
        ...

    def accept(self, vendor_id: int, check_id: int, accepted_by: str) -> Acceptance:
        """Record an acceptance of the check's gap, now (UTC); refuse (``Conflict``) when
        the check is no longer its item's latest or was accepted already."""
        ...

    def acceptances(self, vendor_id: int) -> list[Acceptance]: ...


def assessment(store: ContactStore, book: DiligenceStore, vendor: str) -> Assessment:
    """Both checklists of a vendor as they stand."""
    found = store.vendor(vendor)
    return assess(found.name, book.checks(found.id), book.acceptances(found.id))


def record_check(
    store: ContactStore,
    book: DiligenceStore,
    vendor: str,
    key: str,
    status: str,
    evidence: str | None,
    checked_on: date,
    today: date,
) -> Check:
    """Record the status of one item; the evidence is the client's own note."""
    entry, value = find_item(key), parse_status(status)
    note = clean_text(evidence, "--evidence", MAX_EVIDENCE)
    if checked_on > today:
        raise InvalidInput(f"--date {checked_on}: a check cannot be dated after today ({today})")
    return book.add_check(store.vendor(vendor).id, entry.key, value, note, checked_on)


def accept_gap(
    store: ContactStore, book: DiligenceStore, vendor: str, key: str, by: str
) -> tuple[ItemState, Acceptance]:
    """A named person accepts the current gap of one item."""
    name = clean_text(by, "--by", MAX_NAME)
    if name is None:
        raise InvalidInput("--by: give the name of the person who accepts the gap")
    entry = find_item(key)
    current = assessment(store, book, vendor)
    state = next(s for s in current.states if s.item.key == entry.key)
    check = acceptable(state)
    return state, book.accept(store.vendor(vendor).id, check.id, name)


def assessments(
    store: ContactStore, book: DiligenceStore, vendors: Iterable[str]
) -> dict[str, Assessment]:
    """Each named vendor's assessment; one the workspace does not know has no checks."""
    known = {v.name for v in store.vendors()}
    return {
        name: assessment(store, book, name) if name in known else assess(name, (), ())
        for name in vendors
    }


# JSON and words --------------------------------------------------------------------------
def assessment_json(a: Assessment) -> dict[str, Any]:
    return {
        "vendor": a.vendor,
        "ready_to_sign": a.ready_to_sign,
        "items": [state_json(s) for s in a.states],
        "open_gaps": [s.item.key for s in a.open_gaps],
        "accepted_gaps": [s.item.key for s in a.risks if not s.open],
        "risks": [
            {
                "item": s.item.key,
                "name": risk_name(s, ENGLISH),
                "status": s.status.value,
                "open": s.open,
            }
            for s in a.risks
        ],
    }


def state_json(s: ItemState) -> dict[str, Any]:
    check, accepted = s.check, s.acceptance
    return {
        "item": s.item.key,
        "checklist": s.item.checklist.value,
        "label": s.item.label,
        "status": s.status.value,
        "recorded": check is not None,
        "evidence": None if check is None else check.evidence,
        "checked_on": None if check is None else check.checked_on.isoformat(),
        "gap": s.gap,
        "accepted_by": None if accepted is None else accepted.accepted_by,
        "accepted_at": None if accepted is None else accepted.accepted_at.isoformat(),
    }


def check_json(check: Check) -> dict[str, Any]:
    return {
        "item": check.item,
        "status": check.status.value,
        "evidence": check.evidence,
        "checked_on": check.checked_on.isoformat(),
        "recorded_at": check.recorded_at.isoformat(),
    }


def checklist_title(checklist: Checklist, loc: Locale) -> str:
    titles = {
        Checklist.SLA: loc.t("SLA and contract"),
        Checklist.GDPR: loc.t("GDPR and security"),
    }
    return titles[checklist]


def status_text(status: Status, loc: Locale) -> str:
    texts = {
        Status.YES: loc.t("yes"),
        Status.NO: loc.t("no"),
        Status.PARTIAL: loc.t("partial"),
        Status.UNKNOWN: loc.t("unknown"),
    }
    return texts[status]


def item_label(key: str, loc: Locale) -> str:
    labels = {
        "sla.response_times": loc.t("Response times per channel"),
        "sla.availability": loc.t("Minimum availability"),
        "sla.penalties": loc.t("Penalties"),
        "sla.disaster_recovery": loc.t("Disaster recovery"),
        "sla.exit_data_return": loc.t("Exit and data-return procedures"),
        "sla.knowledge_base": loc.t("Ownership of the knowledge base"),
        "sla.escalation_routes": loc.t("Escalation routes"),
        "gdpr.dpa": loc.t("Data processing agreement (verwerkersovereenkomst)"),
        "gdpr.data_localisation": loc.t("Data localisation"),
        "gdpr.encryption": loc.t("Encryption at rest and in transit"),
        "gdpr.access_levels": loc.t("Access levels"),
        "gdpr.audit_rights": loc.t("Audit rights"),
        "gdpr.incident_response": loc.t("Incident-response plan"),
        "gdpr.certifications": loc.t("Certifications (ISO 27001, SOC 2)"),
    }
    return labels[key]


def risk_name(s: ItemState, loc: Locale) -> str:
    """A gap as a named risk: ``Risk: Audit rights (partial)``."""
    return loc.t(
        "Risk: {item} ({status})",
        item=item_label(s.item.key, loc),
        status=status_text(s.status, loc),
    )


def verdict(a: Assessment, loc: Locale) -> str:
    if a.ready_to_sign:
        return loc.t("{vendor}: ready to sign.", vendor=a.vendor)
    return loc.t(
        "{vendor}: not ready to sign; open gaps: {count}.", vendor=a.vendor, count=len(a.open_gaps)
    )


def acceptance_text(s: ItemState, loc: Locale) -> str:
    accepted = s.acceptance
    if accepted is None:
        return ""
    return loc.t(
        "accepted by {name} on {day}",
        name=accepted.accepted_by,
        day=f"{accepted.accepted_at:%Y-%m-%d}",
    )
