"""Selecting a partner in the demo: three quotes and the due-diligence checklists.

Each vendor fills in the real quote form (:mod:`regie.reports.quote_template`) — here
with openpyxl, as a vendor's Excel would — and the client imports it through the real
reader and use case (:func:`regie.services.quotes.import_quote`):

- **Noordzee Klantcontact** (chosen later): a complete quote, a monthly fee plus a rate
  per contact, six or seven days a week;
- **Polder Service Groep**: the lowest rate per contact and the lowest TCO, but weekdays
  only and looser targets: scope mismatches against the other quotes and the case's
  phone and chat hours;
- **Kustlijn Contact**: a rate per contact, with items left blank (scale-up time,
  training, QA, certifications, exit fee): missing items.

Due diligence records every vendor's checks (:mod:`regie.services.diligence`); the
chosen vendor's three gaps are accepted by name, so it is ready to sign.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import openpyxl  # type: ignore[import-untyped]

from regie.demo.operations import Size
from regie.demo.plan import (
    ACCEPTED_BY,
    CHECKED_ON,
    CHOSEN,
    COMPARED_ON,
    QUOTE_DATE,
    QUOTE_ONLY,
    QUOTES_VALID_UNTIL,
    RUNNER_UP,
    VENDORS,
    euros,
)
from regie.domain.case import BusinessCase
from regie.domain.diligence import ITEMS
from regie.files.quote_form import (
    CHANNEL_FIELDS,
    DEFAULT_CHANNELS,
    FIRST_ROW,
    RATE_FIELDS,
    SHEETS,
    SPARE_ROWS,
    Field,
    Language,
    choice_label,
    general_fields,
)
from regie.i18n import Locale
from regie.reports.quote_template import write_quote_template
from regie.services.diligence import DiligenceStore, accept_gap, assessment, record_check
from regie.services.ports import ContactStore
from regie.services.quotes import (
    QuoteComparison,
    QuoteStore,
    compare_quotes,
    import_quote,
    stored_quotes,
)

Values = dict[str, Any]
COMMON: Final[Values] = {
    "quote_date": QUOTE_DATE, "valid_until": QUOTES_VALID_UNTIL, "minimum_term_months": 24,
    "training_hours_per_agent": 60, "scale_up_weeks": 4, "reporting": "weekly",
    "qa_reviews_per_agent_month": 8, "dpa": "yes", "data_location": "eu",
    "encryption_at_rest": "yes", "encryption_in_transit": "yes", "iso_27001": "yes",
    "soc_2": "no", "exit_notice_months": 6, "exit_data_return": "yes", "exit_fee": 0,
}  # fmt: skip
CHANNEL_KEYS: Final = ("in_scope", "response_target", "response_unit", "response_share_pct",
                       "coverage", "hours_per_day")  # fmt: skip
TERMS: Final[dict[str, dict[str, tuple[Any, ...]]]] = {
    CHOSEN.name: {
        "phone": ("yes", 30, "seconds", 80, "weekdays_saturday", 12),
        "email": ("yes", 2, "hours", 85, "weekdays_saturday", 10),
        "chat": ("yes", 1, "minutes", 80, "weekdays_saturday", 13),
        "social": ("yes", 1, "hours", 80, "all_week", 14),
    },
    RUNNER_UP.name: {
        "phone": ("yes", 30, "seconds", 80, "weekdays", 12),
        "email": ("yes", 4, "hours", 80, "weekdays", 10),
        "chat": ("yes", 1, "minutes", 80, "weekdays", 12),
        "social": ("yes", 2, "hours", 75, "weekdays", 10),
    },
    QUOTE_ONLY.name: {
        "phone": ("yes", 20, "seconds", 80, "weekdays_saturday", 12),
        "email": ("yes", 1, "hours", 90, "weekdays_saturday", 10),
        "chat": ("yes", 30, "seconds", 85, "weekdays_saturday", 13),
        "social": ("yes", 1, "hours", 85, "all_week", 14),
    },
}
BLANK: Final = ("scale_up_weeks", "training_hours_per_agent", "qa_reviews_per_agent_month",
                "iso_27001", "soc_2", "exit_fee")  # fmt: skip
"""The items Kustlijn Contact leaves blank."""


def quote_values(vendor: str, size: Size) -> tuple[Values, dict[str, Values]]:
    """(the Quote sheet's values, the Pricing sheet's rows) of one vendor's quote."""
    general: Values
    rates: Values
    if vendor == CHOSEN.name:
        general = {"onboarding_fee": euros(9000, size), "onboarding_hours_per_agent": 0}
        rates = {"model": "mixed", "monthly_fee": euros(2500, size), "ticket_rate": 2.95}
    elif vendor == RUNNER_UP.name:
        general = {"onboarding_fee": 0, "onboarding_hours_per_agent": 40, "onboarding_rate": 23.5,
                   "scale_up_weeks": 6, "exit_fee": euros(5000, size)}  # fmt: skip
        rates = {"model": "per_ticket", "ticket_rate": 2.6}
    else:
        general = {"onboarding_fee": euros(6000, size), **dict.fromkeys(BLANK)}
        rates = {"model": "per_ticket", "ticket_rate": 3.45}
    return {**COMMON, "vendor": vendor, **general}, {"all": rates}


def fill_quote(template: Path, target: Path, vendor: str, size: Size, lang: Language) -> Path:
    """A copy of the form filled in by ``vendor``."""
    book = openpyxl.load_workbook(template)
    general, pricing = quote_values(vendor, size)
    sheet = book[SHEETS["quote"][lang]]
    for key, (row, field) in general_fields().items():
        sheet.cell(row=row, column=3, value=_cell(field, general.get(key), lang))
    _table(book[SHEETS["pricing"][lang]], pricing, RATE_FIELDS, lang, general_row=FIRST_ROW)
    channels = {c: dict(zip(CHANNEL_KEYS, t, strict=True)) for c, t in TERMS[vendor].items()}
    _table(book[SHEETS["channels"][lang]], channels, CHANNEL_FIELDS, lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return target


def _cell(field: Field, value: Any, lang: Language) -> Any:
    if value is None or field.kind != "choice":
        return value
    return choice_label(field.choices, str(value), lang)


def _table(
    sheet: Any,
    rows: Mapping[str, Values],
    fields: tuple[Field, ...],
    lang: Language,
    general_row: int | None = None,
) -> None:
    """Fill the rows named in column A (``all``: the general row) of a table sheet."""
    last = FIRST_ROW + len(DEFAULT_CHANNELS) + SPARE_ROWS
    where = {sheet.cell(row=r, column=1).value: r for r in range(FIRST_ROW, last)}
    if general_row is not None:
        where["all"] = general_row
    for name, values in rows.items():
        for column, field in enumerate(fields, start=2):
            if field.key in values:
                value = _cell(field, values[field.key], lang)
                sheet.cell(row=where[name], column=column, value=value)


@dataclass(frozen=True)
class QuoteOutcome:
    files: dict[str, Path]
    comparison: QuoteComparison


def import_quotes(
    store: ContactStore,
    book: QuoteStore,
    case: BusinessCase,
    folder: Path,
    size: Size,
    lang: Language,
) -> QuoteOutcome:
    """Write the form, fill it in for each vendor, import and compare the quotes."""
    template = write_quote_template(folder / "quote-form.xlsx", Locale(lang))
    files: dict[str, Path] = {}
    for vendor in VENDORS:
        path = folder / f"{vendor.slug}.xlsx"
        files[vendor.name] = fill_quote(template, path, vendor.name, size, lang)
        import_quote(store, book, path, vendor.name)
    comparison = compare_quotes(case, stored_quotes(store, book), today=COMPARED_ON)
    return QuoteOutcome(files, comparison)


ACCEPTED: Final = ("sla.disaster_recovery", "gdpr.audit_rights", "gdpr.certifications")
CHECKS: Final[dict[str, dict[str, tuple[str, str]]]] = {
    CHOSEN.name: {
        "sla.disaster_recovery": ("partial", "Fail-over site in Groningen; last test in 2023"),
        "gdpr.audit_rights": ("partial", "One audit a year, with 30 days' notice"),
        "gdpr.certifications": ("partial", "ISO 27001 until 2026; no SOC 2 report"),
    },
    RUNNER_UP.name: {
        "sla.availability": ("partial", "99.5 % offered for telephony only"),
        "sla.knowledge_base": ("no", "The knowledge base stays the vendor's property"),
        "gdpr.data_localisation": ("partial", "Back-ups in a data centre outside the EU"),
        "gdpr.audit_rights": ("unknown", "Asked on 18 November; no answer yet"),
    },
    QUOTE_ONLY.name: {},
}
RECORDED: Final[dict[str, tuple[str, ...]]] = {
    QUOTE_ONLY.name: ("gdpr.dpa", "gdpr.encryption", "gdpr.data_localisation"),
}
"""Items checked of a vendor that did not reach the pilot (others: every item)."""


@dataclass(frozen=True)
class DiligenceOutcome:
    ready: dict[str, bool]
    open_gaps: dict[str, int]
    accepted: dict[str, int]


def due_diligence(store: ContactStore, book: DiligenceStore) -> DiligenceOutcome:
    """Record every vendor's checks; accept the chosen vendor's gaps by name."""
    ready, open_gaps, accepted = {}, {}, {}
    for vendor in VENDORS:
        found = CHECKS[vendor.name]
        for key in RECORDED.get(vendor.name, tuple(item.key for item in ITEMS)):
            status, note = found.get(key, ("yes", "Confirmed in the draft contract"))
            record_check(store, book, vendor.name, key, status, note, CHECKED_ON, CHECKED_ON)
        if vendor is CHOSEN:
            for key in ACCEPTED:
                accept_gap(store, book, vendor.name, key, ACCEPTED_BY)
        result = assessment(store, book, vendor.name)
        ready[vendor.name] = result.ready_to_sign
        open_gaps[vendor.name] = len(result.open_gaps)
        accepted[vendor.name] = sum(not s.open for s in result.risks)
    return DiligenceOutcome(ready, open_gaps, accepted)
