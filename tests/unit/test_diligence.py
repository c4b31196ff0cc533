"""Due diligence: both checklists of DOMAIN §2, gaps as named risks, and the rule that a
vendor is ready to sign only when every gap is accepted by a person, check by check."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pytest

from regie.domain.diligence import (
    ITEMS,
    Acceptance,
    Check,
    Checklist,
    Status,
    acceptable,
    assess,
    clean_text,
    find_item,
    parse_status,
)
from regie.domain.errors import Conflict, InvalidInput, NotFound
from regie.i18n import Locale
from regie.services import diligence as dd
from regie.services.ports import VendorInfo

MOMENT = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
DAY = date(2026, 11, 2)


def check(id_: int, key: str, status: Status, evidence: str | None = None) -> Check:
    return Check(id_, key, status, evidence, DAY, MOMENT)


def all_yes() -> list[Check]:
    return [check(i, item.key, Status.YES) for i, item in enumerate(ITEMS, start=1)]


def test_the_checklists_hold_the_items_of_domain_section_2_with_stable_keys() -> None:
    keys = [i.key for i in ITEMS]
    assert keys == [
        "sla.response_times", "sla.availability", "sla.penalties", "sla.disaster_recovery",
        "sla.exit_data_return", "sla.knowledge_base", "sla.escalation_routes",
        "gdpr.dpa", "gdpr.data_localisation", "gdpr.encryption", "gdpr.access_levels",
        "gdpr.audit_rights", "gdpr.incident_response", "gdpr.certifications",
    ]  # fmt: skip
    assert [i.checklist for i in ITEMS].count(Checklist.SLA) == 7
    assert [i.checklist for i in ITEMS].count(Checklist.GDPR) == 7


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_item_has_a_label_in_each_language(lang: str) -> None:
    loc = Locale(lang)  # type: ignore[arg-type]
    assert all(dd.item_label(i.key, loc) for i in ITEMS)
    assert dd.item_label("gdpr.dpa", Locale("en")) == ITEMS[7].label


def test_an_unchecked_vendor_has_every_item_unknown_and_open() -> None:
    a = assess("Acme", [], [])
    assert {s.status for s in a.states} == {Status.UNKNOWN}
    assert len(a.open_gaps) == 14 and not a.ready_to_sign


def test_all_yes_is_ready_to_sign_with_no_risks() -> None:
    a = assess("Acme", all_yes(), [])
    assert a.ready_to_sign and a.risks == ()


def test_gaps_are_named_risks_and_block_signing_until_each_is_accepted() -> None:
    checks = [*all_yes(), check(20, "gdpr.audit_rights", Status.PARTIAL, "only yearly")]
    a = assess("Acme", checks, [])
    assert [s.item.key for s in a.open_gaps] == ["gdpr.audit_rights"]
    assert not a.ready_to_sign
    assert dd.risk_name(a.risks[0], Locale("en")) == "Risk: Audit rights (partial)"
    accepted = Acceptance(1, 20, "gdpr.audit_rights", "Anne de Vries", MOMENT)
    b = assess("Acme", checks, [accepted])
    assert b.ready_to_sign
    assert [s.item.key for s in b.risks] == ["gdpr.audit_rights"], "accepted: still a risk"
    assert dd.acceptance_text(b.risks[0], Locale("en")) == "accepted by Anne de Vries on 2026-11-02"


def test_a_new_check_of_the_item_needs_a_new_acceptance() -> None:
    checks = [*all_yes(), check(20, "gdpr.dpa", Status.PARTIAL), check(21, "gdpr.dpa", Status.NO)]
    accepted = Acceptance(1, 20, "gdpr.dpa", "Anne de Vries", MOMENT)
    a = assess("Acme", checks, [accepted])
    state = next(s for s in a.states if s.item.key == "gdpr.dpa")
    assert state.status is Status.NO and state.acceptance is None and state.open
    assert not a.ready_to_sign


def test_a_later_yes_closes_the_gap_without_an_acceptance() -> None:
    checks = [*all_yes()[:-1], check(30, "gdpr.certifications", Status.NO),
              check(31, "gdpr.certifications", Status.YES)]  # fmt: skip
    assert assess("Acme", checks, []).ready_to_sign


def test_only_a_recorded_unaccepted_gap_can_be_accepted() -> None:
    a = assess("Acme", [check(1, "gdpr.dpa", Status.YES), check(2, "sla.penalties", Status.NO)],
               [Acceptance(1, 2, "sla.penalties", "Bo", MOMENT)])  # fmt: skip
    states = {s.item.key: s for s in a.states}
    with pytest.raises(InvalidInput, match="no status recorded yet"):
        acceptable(states["gdpr.encryption"])
    with pytest.raises(InvalidInput, match="no gap to accept"):
        acceptable(states["gdpr.dpa"])
    with pytest.raises(Conflict, match="already accepted by Bo on 2026-11-02"):
        acceptable(states["sla.penalties"])


def test_keys_and_statuses_are_read_with_a_suggestion() -> None:
    assert find_item(" GDPR.DPA ").key == "gdpr.dpa"
    with pytest.raises(InvalidInput, match=r"did you mean 'gdpr\.audit_rights'"):
        find_item("gdpr.audit_right")
    assert parse_status("Partial") is Status.PARTIAL
    with pytest.raises(InvalidInput, match="use one of yes, no, partial, unknown"):
        parse_status("maybe")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("line one\nline two", "control character U\\+000A"),
        ("tab\there", "control character U\\+0009"),
        ("evil \u202e txt.exe", "control character U\\+202E"),
        ("x" * 1001, "1001 characters; at most 1000"),
    ],
)
def test_evidence_is_one_line_of_plain_text_of_limited_length(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        clean_text(text, "--evidence", 1000)


def test_evidence_is_kept_as_written_but_trimmed() -> None:
    assert clean_text("  Clause 12.3, DPA v2 (signed) — Müller  ", "e", 100) == (
        "Clause 12.3, DPA v2 (signed) — Müller"
    )
    assert clean_text("   ", "e", 10) is None


# the use cases, on in-memory fakes ---------------------------------------------------
@dataclass
class FakeVendors:
    names: tuple[str, ...] = ("Acme",)

    def vendor(self, name: str) -> VendorInfo:
        if name not in self.names:
            raise NotFound(f"vendor {name!r} does not exist")
        return VendorInfo(self.names.index(name) + 1, name, MOMENT)

    def vendors(self) -> list[VendorInfo]:
        return [self.vendor(n) for n in self.names]


@dataclass
class FakeBook:
    rows: list[tuple[int, Check]] = field(default_factory=list)
    accepted: list[tuple[int, Acceptance]] = field(default_factory=list)

    def add_check(self, vendor_id: int, item: str, status: Status, evidence: str | None,
                  checked_on: date) -> Check:  # fmt: skip
        found = Check(len(self.rows) + 1, item, status, evidence, checked_on, MOMENT)
        self.rows.append((vendor_id, found))
        return found

    def checks(self, vendor_id: int) -> list[Check]:
        return [c for v, c in self.rows if v == vendor_id]

    def accept(self, vendor_id: int, check_id: int, accepted_by: str) -> Acceptance:
        found = Acceptance(len(self.accepted) + 1, check_id, "?", accepted_by, MOMENT)
        found = Acceptance(found.id, check_id, self.rows[check_id - 1][1].item, accepted_by,
                           MOMENT)  # fmt: skip
        self.accepted.append((vendor_id, found))
        return found

    def acceptances(self, vendor_id: int) -> list[Acceptance]:
        return [a for v, a in self.accepted if v == vendor_id]


def test_record_then_accept_makes_the_vendor_ready_to_sign() -> None:
    vendors, book = FakeVendors(), FakeBook()
    for item in ITEMS:
        dd.record_check(vendors, book, "Acme", item.key, "yes", None, DAY, DAY)  # type: ignore[arg-type]
    dd.record_check(vendors, book, "Acme", "gdpr.dpa", "partial", "  draft only ", DAY, DAY)  # type: ignore[arg-type]
    assert book.rows[-1][1].evidence == "draft only"
    before = dd.assessment(vendors, book, "Acme")  # type: ignore[arg-type]
    assert not before.ready_to_sign
    state, accepted = dd.accept_gap(vendors, book, "Acme", "gdpr.dpa", " Anne de Vries ")  # type: ignore[arg-type]
    assert (state.status, accepted.accepted_by, accepted.check_id) == (
        Status.PARTIAL, "Anne de Vries", 15,
    )  # fmt: skip
    after = dd.assessment(vendors, book, "Acme")  # type: ignore[arg-type]
    assert after.ready_to_sign
    payload = dd.assessment_json(after)
    assert payload["ready_to_sign"] and payload["accepted_gaps"] == ["gdpr.dpa"]
    assert payload["risks"] == [
        {"item": "gdpr.dpa", "name": "Risk: Data processing agreement (verwerkersovereenkomst) "
         "(partial)", "status": "partial", "open": False}
    ]  # fmt: skip
    dpa = next(i for i in payload["items"] if i["item"] == "gdpr.dpa")
    assert (dpa["status"], dpa["evidence"], dpa["accepted_by"]) == (
        "partial", "draft only", "Anne de Vries",
    )  # fmt: skip


def test_a_check_from_the_future_and_an_empty_name_are_refused() -> None:
    vendors, book = FakeVendors(), FakeBook()
    with pytest.raises(InvalidInput, match="cannot be dated after today"):
        dd.record_check(vendors, book, "Acme", "gdpr.dpa", "no", None, date(2026, 11, 3), DAY)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="give the name of the person"):
        dd.accept_gap(vendors, book, "Acme", "gdpr.dpa", "  ")  # type: ignore[arg-type]


def test_assessments_of_a_scorecard_cover_vendors_the_workspace_does_not_know() -> None:
    found = dd.assessments(FakeVendors(), FakeBook(), ["Acme", "Elsewhere"])  # type: ignore[arg-type]
    assert set(found) == {"Acme", "Elsewhere"}
    assert not found["Elsewhere"].ready_to_sign and len(found["Elsewhere"].open_gaps) == 14
