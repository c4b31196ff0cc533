"""Quotes end to end on SQLite and PostgreSQL: form → filled copy → import → compare.

The scope is the web shop of DOMAIN §1 (``examples/webshop-500.toml``): 500 e-mails a
month, AHT 0.1667 h → 83.35 workload hours a month, 0.52 FTE → 1 agent in month 1;
in-house 1 FTE at € 3,375 a month → € 40,500 over 12 months, € 81,000 over 24.
Three quotes, computed by hand (12 months | 24 months):

- Alpha, € 18 an hour, € 2,000 onboarding: 18 × 83.35 × 12 = 18,003.60 + 2,000 =
  € 20,003.60 | 36,007.20 + 2,000 = € 38,007.20;
- Bravo, € 2.50 a ticket, onboarding 60 h per agent × € 20 × 1 agent = 1,200:
  500 × 2.5 × 12 = 15,000 + 1,200 = € 16,200 | 30,000 + 1,200 = € 31,200;
- Charlie, mixed € 500 a month + € 14 an hour, € 1,000 onboarding: 6,000 + 14,002.80 +
  1,000 = € 21,002.80 | 12,000 + 28,005.60 + 1,000 = € 41,005.60.

Ranked on the 24-month TCO: Bravo (€ 2.60 a ticket), Alpha (€ 3.1673), Charlie
(€ 3.4171) — Charlie has the lowest hourly rate and ranks last. Bravo covers Mon–Fri
only and answers e-mail within 4 h (the others: Mon–Sun, 2 h): two scope mismatches;
it leaves the exit fee and the scale-up time blank: two missing items. Charlie will
not sign a DPA: a risk.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect

from regie.db import migrate
from regie.db.quotes import SqlQuoteStore
from regie.db.store import SqlContactStore
from regie.db.workspace import create_workspace
from regie.domain.errors import InvalidInput, NotFound
from regie.files.case_loader import load_case
from regie.files.quote_form import (
    CHANNEL_FIELDS,
    FIRST_ROW,
    RATE_FIELDS,
    SHEETS,
    general_fields,
    sheet_language,
)
from regie.i18n import Locale
from regie.reports.quote_template import write_quote_template
from regie.services.quotes import compare_quotes, import_quote, stored_quotes

ROOT = Path(__file__).resolve().parents[2]
WEBSHOP = ROOT / "examples" / "webshop-500.toml"
TODAY = date(2026, 3, 1)

COMPLETE: dict[str, Any] = {
    "vendor": "",
    "quote_date": date(2026, 2, 1),
    "valid_until": date(2026, 6, 30),
    "minimum_term_months": 12,
    "onboarding_hours_per_agent": 0,
    "training_hours_per_agent": 60,
    "scale_up_weeks": 4,
    "reporting": "weekly",
    "qa_reviews_per_agent_month": 60,
    "dpa": "yes",
    "data_location": "EU/EEA",
    "encryption_at_rest": "yes",
    "encryption_in_transit": "yes",
    "iso_27001": "yes",
    "soc_2": "no",
    "exit_notice_months": 3,
    "exit_data_return": "yes",
    "exit_fee": 0,
}
EMAIL_7_DAYS = {
    "in_scope": "yes",
    "response_target": 2,
    "response_unit": "hours",
    "response_share_pct": 80,
    "coverage": "Mon–Sun",
    "hours_per_day": 12,
}

QUOTES: dict[str, dict[str, Any]] = {
    "Alpha": {
        "general": {**COMPLETE, "vendor": "Alpha BV", "onboarding_fee": 2000},
        "pricing": {"all": {"model": "per hour", "hourly_rate": 18}},
        "channels": {"email": EMAIL_7_DAYS},
    },
    "Bravo": {
        "general": {
            **COMPLETE,
            "vendor": "Bravo",
            "onboarding_fee": 0,
            "onboarding_hours_per_agent": 60,
            "onboarding_rate": 20,
            "exit_fee": None,
            "scale_up_weeks": None,
        },
        "pricing": {"all": {"model": "per ticket", "ticket_rate": 2.5}},
        "channels": {
            "email": {
                **EMAIL_7_DAYS,
                "response_target": 4,
                "coverage": "Mon–Fri",
                "hours_per_day": 8,
            }
        },
    },
    "Charlie": {
        "general": {**COMPLETE, "vendor": "Charlie", "onboarding_fee": 1000, "dpa": "no"},
        "pricing": {"all": {"model": "mixed", "monthly_fee": 500, "hourly_rate": 14}},
        "channels": {"email": EMAIL_7_DAYS},
    },
}


def fill(template: Path, target: Path, quote: dict[str, Any]) -> Path:
    """A filled copy of the form, written with openpyxl as a vendor's Excel would."""
    book = openpyxl.load_workbook(template)
    lang = sheet_language(book.sheetnames)
    assert lang is not None
    general = book[SHEETS["quote"][lang]]
    for key, value in quote.get("general", {}).items():
        general.cell(row=general_fields()[key][0], column=3, value=value)
    _fill_table(book[SHEETS["pricing"][lang]], quote.get("pricing", {}), RATE_FIELDS, FIRST_ROW)
    _fill_table(book[SHEETS["channels"][lang]], quote.get("channels", {}), CHANNEL_FIELDS, None)
    book.save(target)
    return target


def _fill_table(
    sheet: Any, rows: dict[str, dict[str, Any]], fields: Any, general: int | None
) -> None:
    where = {sheet.cell(row=r, column=1).value: r for r in range(FIRST_ROW, FIRST_ROW + 12)}
    if general is not None:
        where["all"] = general
    columns = {f.key: i + 2 for i, f in enumerate(fields)}
    for channel, values in rows.items():
        for key, value in values.items():
            sheet.cell(row=where[channel], column=columns[key], value=value)


class World:
    def __init__(self, root: Path, database_url: str | None) -> None:
        workspace = create_workspace(root / "ws", database_url)
        self.workspace = workspace
        self.store = SqlContactStore(workspace)
        self.book = SqlQuoteStore(workspace)
        self.root = root
        self.form = write_quote_template(root / "form.xlsx", Locale("en"))
        for vendor in QUOTES:
            self.store.add_vendor(vendor)

    def filled(self, vendor: str, **changes: Any) -> Path:
        quote = QUOTES[vendor]
        general = {**quote["general"], **changes}
        target = self.root / f"{vendor.lower()}.xlsx"
        return fill(self.form, target, {**quote, "general": general})

    def import_all(self) -> None:
        for vendor in QUOTES:
            import_quote(self.store, self.book, self.filled(vendor), vendor)


@pytest.fixture
def world(tmp_path: Path, database_url: str | None) -> World:
    return World(tmp_path, database_url)


def test_three_quotes_rank_on_24_month_tco_as_computed_by_hand(world: World) -> None:
    world.import_all()
    c = compare_quotes(load_case(WEBSHOP), stored_quotes(world.store, world.book), today=TODAY)
    ranked = [(p.rank, p.info.vendor, p.tco(12), p.tco(24)) for p in c.quotes]
    assert ranked == [
        (1, "Bravo", pytest.approx(16_200.00), pytest.approx(31_200.00)),
        (2, "Alpha", pytest.approx(20_003.60), pytest.approx(38_007.20)),
        (3, "Charlie", pytest.approx(21_002.80), pytest.approx(41_005.60)),
    ]
    assert [round(p.cost_per_ticket(24) or 0, 4) for p in c.quotes] == [2.6, 3.1673, 3.4171]
    assert [round(c.inhouse[h].inhouse_tco, 2) for h in (12, 24)] == [40_500.00, 81_000.00]
    assert [p.onboarding for p in c.quotes] == [1_200.0, 2_000.0, 1_000.0]
    assert [w.code for w in c.warnings] == ["lowest_rate_not_lowest_tco"]
    assert c.warnings[0].subject == "Charlie"


def test_missing_items_scope_mismatches_and_risks_are_flagged(world: World) -> None:
    world.import_all()
    c = compare_quotes(load_case(WEBSHOP), stored_quotes(world.store, world.book), today=TODAY)
    flags = {p.info.vendor: {(f.kind, f.code, f.subject) for f in p.flags} for p in c.quotes}
    assert flags["Bravo"] == {
        ("missing", "missing", "scale_up"),
        ("missing", "missing", "exit_fee"),
        ("scope", "coverage_narrower", "email"),
        ("scope", "sla_looser", "email"),
    }
    assert flags["Alpha"] == set()
    assert flags["Charlie"] == {("risk", "no_dpa", "")}


def test_a_reimport_makes_a_new_active_version_and_keeps_history(world: World) -> None:
    path = world.filled("Alpha")
    first = import_quote(world.store, world.book, path, "Alpha")
    again = import_quote(world.store, world.book, path, "Alpha")
    assert (first.info.version, first.unchanged) == (1, False)
    assert (again.info.version, again.unchanged) == (1, True)
    changed = import_quote(world.store, world.book, world.filled("Alpha", exit_fee=5000), "Alpha")
    assert (changed.info.version, changed.unchanged) == (2, False)
    (active,) = stored_quotes(world.store, world.book, ["Alpha"])
    assert (active.version, active.quote.exit_fee, active.file_name) == (2, 5000, "alpha.xlsx")
    history = stored_quotes(world.store, world.book, ["Alpha"], history=True)
    assert [(q.version, q.active, q.quote.exit_fee) for q in history] == [
        (1, False, 0),
        (2, True, 5000),
    ]


def test_a_bad_form_stores_nothing_and_names_every_cell(world: World) -> None:
    bad = fill(
        world.form,
        world.root / "bad.xlsx",
        {
            "general": {"onboarding_fee": "abc", "dpa": "maybe"},
            "pricing": {"phone": {"model": "per hour", "hourly_rate": "abc"}},
        },
    )
    with pytest.raises(InvalidInput) as error:
        import_quote(world.store, world.book, bad, "Alpha")
    fee_row = general_fields()["onboarding_fee"][0]
    dpa_row = general_fields()["dpa"][0]
    assert error.value.problems == (
        f"bad.xlsx: sheet Quote, cell C{fee_row} = 'abc': must be a number of euros ≥ 0",
        f"bad.xlsx: sheet Quote, cell C{dpa_row} = 'maybe': must be one of: yes, no",
        "bad.xlsx: sheet Pricing, cell C7 = 'abc': must be a number of euros ≥ 0",
    )
    assert world.book.quotes() == []


def test_an_unknown_vendor_is_refused(world: World) -> None:
    with pytest.raises(NotFound, match="regie vendor add"):
        import_quote(world.store, world.book, world.filled("Alpha"), "Zulu")


def test_migration_0003_creates_and_drops_the_quotes_table(world: World) -> None:
    engine = world.workspace.engine()
    assert "quotes" in inspect(engine).get_table_names()
    config = Config()
    config.set_main_option("script_location", str(migrate.MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    assert "quotes" not in inspect(engine).get_table_names()
    migrate.upgrade(engine)
    columns = {c["name"] for c in inspect(engine).get_columns("quotes")}
    assert columns == {"id", "vendor_id", "version", "file_name", "sha256", "data", "imported_at"}
    engine.dispose()
