"""The quote form: Excel validation on the right cells, protected labels, both languages,
and the reader, which checks every cell again and names sheet, cell, value and reason."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from regie.domain.errors import InvalidInput, NotFound
from regie.domain.quotes import ChannelTerms, Gdpr, PriceList
from regie.files.quote_form import CHOICES, FIRST_ROW, general_fields
from regie.files.quote_reader import read_quote
from regie.i18n import Locale
from regie.reports.quote_template import write_quote_template
from tests.integration.test_quotes import QUOTES, fill


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("forms")
    return {
        lang: write_quote_template(folder / f"form-{lang}.xlsx", Locale(lang))  # type: ignore[arg-type]
        for lang in ("en", "nl")
    }


def validations(sheet: Any) -> dict[str, Any]:
    return {str(v.sqref): v for v in sheet.data_validations.dataValidation}


def row_of(key: str) -> int:
    return general_fields()[key][0]


def test_the_form_has_the_three_sheets_in_each_language(forms: dict[str, Path]) -> None:
    assert openpyxl.load_workbook(forms["en"]).sheetnames == ["Quote", "Pricing", "Channels"]
    assert openpyxl.load_workbook(forms["nl"]).sheetnames == ["Offerte", "Tarieven", "Kanalen"]


def test_every_item_of_the_quote_sheet_is_validated_in_column_c(forms: dict[str, Path]) -> None:
    sheet = openpyxl.load_workbook(forms["en"])["Quote"]
    found = validations(sheet)
    assert set(found) == {f"C{row}" for row, _ in general_fields().values()}
    fee, dpa = found[f"C{row_of('onboarding_fee')}"], found[f"C{row_of('dpa')}"]
    assert (fee.type, fee.operator, fee.formula1) == ("decimal", None, "0.0")  # None: between
    assert (dpa.type, dpa.formula1) == ("list", '"yes,no"')
    assert found[f"C{row_of('quote_date')}"].type == "date"
    share = found[f"C{row_of('qa_sample_pct')}"]
    assert (share.formula1, share.formula2) == ("0", "100")
    assert fee.promptTitle == "Onboarding fee" and "set-up fee" in fee.prompt
    assert fee.showInputMessage and fee.showErrorMessage


def test_the_pricing_sheet_has_a_model_drop_down_and_euro_ranges(forms: dict[str, Path]) -> None:
    sheet = openpyxl.load_workbook(forms["en"])["Pricing"]
    found = validations(sheet)
    models = ",".join(names["en"] for names in CHOICES["model"].values())
    assert found["B6"].formula1 == f'"{models}"'
    assert found["B7"].formula1 == f'"{models}"'
    assert (found["C7"].type, found["C7"].formula1) == ("decimal", "0.0")
    assert sheet["A7"].value == "phone" and sheet["A10"].value == "social"


def test_the_channels_sheet_validates_units_shares_days_and_hours(forms: dict[str, Path]) -> None:
    found = validations(openpyxl.load_workbook(forms["nl"])["Kanalen"])
    assert found["B6"].formula1 == '"ja,nee"'
    assert found["D6"].formula1 == '"seconden,minuten,uren"'
    assert (found["E6"].formula1, found["E6"].formula2) == ("0", "100")
    assert found["F6"].formula1 == '"ma–vr,ma–za,ma–zo,24/7"'
    assert (found["G6"].formula1, found["G6"].formula2) == ("0", "24")


def test_labels_are_protected_and_only_value_cells_are_open(forms: dict[str, Path]) -> None:
    book = openpyxl.load_workbook(forms["en"])
    quote, pricing = book["Quote"], book["Pricing"]
    assert quote.protection.sheet and pricing.protection.sheet
    row = row_of("onboarding_fee")
    assert quote[f"A{row}"].protection.locked and quote[f"A{row}"].value == "Onboarding fee"
    assert quote[f"C{row}"].protection.locked is False
    assert pricing["A7"].protection.locked and pricing["C7"].protection.locked is False
    assert pricing[f"A{FIRST_ROW + 5}"].protection.locked is False  # a spare channel row


def test_a_dutch_form_reads_back_to_the_same_quote_as_an_english_one(
    forms: dict[str, Path], tmp_path: Path
) -> None:
    dutch = {
        **QUOTES["Bravo"],
        "general": {
            **QUOTES["Bravo"]["general"],
            "dpa": "ja",
            "reporting": "wekelijks",
            "data_location": "EU/EER",
        },
    }
    dutch["channels"] = {
        "email": {
            **dutch["channels"]["email"],
            "in_scope": "ja",
            "response_unit": "uren",
            "coverage": "ma–vr",
        }
    }
    english = read_quote(fill(forms["en"], tmp_path / "en.xlsx", QUOTES["Bravo"]))
    assert read_quote(fill(forms["nl"], tmp_path / "nl.xlsx", dutch)) == english
    assert english.pricing == PriceList("per_ticket", ticket_rate=2.5)
    assert english.terms("email") == ChannelTerms(
        "email", True, None, 14400.0, 80.0, "weekdays", 8.0
    )
    assert english.gdpr == Gdpr(True, "eu", True, True, True, False)
    assert (english.quote_date, english.reporting) == (date(2026, 2, 1), "weekly")


def test_the_reader_accepts_what_people_type(forms: dict[str, Path], tmp_path: Path) -> None:
    path = fill(
        forms["en"],
        tmp_path / "typed.xlsx",
        {
            "general": {
                "onboarding_fee": "€ 1.250,50",
                "valid_until": "31-12-2026",
                "qa_sample_pct": 0.05,
                "dpa": " YES ",
                "reporting": "Monthly",
            },
            "pricing": {"all": {"model": "per_ticket", "ticket_rate": "2,75"}},
            "channels": {"chat": {"in_scope": True, "coverage": "24/7"}},
        },
    )
    book = openpyxl.load_workbook(path)
    book["Quote"][f"C{row_of('qa_sample_pct')}"].number_format = "0%"
    book.save(path)
    quote = read_quote(path)
    assert (quote.onboarding_fee, quote.valid_until) == (1250.5, date(2026, 12, 31))
    assert (quote.qa_sample_pct, quote.gdpr.dpa, quote.reporting) == (5.0, True, "monthly")
    assert quote.pricing == PriceList("per_ticket", ticket_rate=2.75)
    assert quote.terms("chat") == ChannelTerms("chat", True, None, None, None, "24/7", 24.0)


def test_every_problem_is_one_line_with_sheet_cell_value_and_reason(
    forms: dict[str, Path], tmp_path: Path
) -> None:
    path = fill(
        forms["en"],
        tmp_path / "bad.xlsx",
        {
            "general": {"quote_date": "soon", "minimum_term_months": 500},
            "pricing": {
                "all": {"hourly_rate": 18},
                "phone": {"model": "per hour", "hourly_rate": 20, "ticket_rate": 1},
                "email": {"model": "mixed", "monthly_fee": 100},
            },
            "channels": {
                "phone": {"response_target": 30, "response_share_pct": 120},
                "chat": {"coverage": "weekends"},
            },
        },
    )
    with pytest.raises(InvalidInput) as error:
        read_quote(path)
    assert error.value.problems == (
        f"bad.xlsx: sheet Quote, cell C{row_of('quote_date')} = 'soon': must be a date, "
        "e.g. 2026-03-31",
        f"bad.xlsx: sheet Quote, cell C{row_of('minimum_term_months')} = 500: must be a "
        "number from 0 to 120",
        "bad.xlsx: sheet Pricing, cell B6 is blank: choose the pricing model: this row has rates",
        "bad.xlsx: sheet Pricing, cell E7 = 1: model 'per hour' does not use it: clear the "
        "cell or choose 'mixed'",
        "bad.xlsx: sheet Pricing, cell B8 = 'mixed': a mixed price needs a monthly fee and an "
        "hourly, FTE or ticket rate",
        "bad.xlsx: sheet Channels, cell E6 = 120: must be a percentage from 0 to 100",
        "bad.xlsx: sheet Channels, cell D6 is blank: give the unit of the target",
        "bad.xlsx: sheet Channels, cell F8 = 'weekends': must be one of: Mon–Fri, Mon–Sat, "
        "Mon–Sun, 24/7",
    )


def test_channel_rows_need_a_unique_lower_case_key(forms: dict[str, Path], tmp_path: Path) -> None:
    path = fill(forms["en"], tmp_path / "keys.xlsx", {})
    book = openpyxl.load_workbook(path)
    sheet = book["Channels"]
    sheet["A10"], sheet["A11"], sheet["B12"] = "WhatsApp!", "phone", "yes"
    book.save(path)
    with pytest.raises(InvalidInput) as error:
        read_quote(path)
    assert error.value.problems == (
        "keys.xlsx: sheet Channels, cell A10 = 'WhatsApp!': must be a channel key in lower "
        "case, e.g. phone or email",
        "keys.xlsx: sheet Channels, cell A11 = 'phone': channel already in row 6; give it one row",
        "keys.xlsx: sheet Channels, cell A12 is blank: name the channel of this row (phone, "
        "email, chat, …)",
    )


def test_a_spare_row_adds_a_channel(forms: dict[str, Path], tmp_path: Path) -> None:
    path = fill(forms["en"], tmp_path / "spare.xlsx", {})
    book = openpyxl.load_workbook(path)
    book["Channels"]["A10"], book["Channels"]["B10"] = "whatsapp", "yes"
    book.save(path)
    assert read_quote(path).in_scope == ("whatsapp",)


def test_files_that_are_not_a_quote_form_are_refused(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        read_quote(tmp_path / "absent.xlsx")
    text = tmp_path / "text.xlsx"
    text.write_text("not a workbook")
    with pytest.raises(InvalidInput, match="not an XLSX workbook"):
        read_quote(text)
    other = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(other)
    with pytest.raises(InvalidInput, match="Quote, Pricing, Channels / Offerte, Tarieven"):
        read_quote(other)
