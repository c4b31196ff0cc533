"""The quote form a company sends to vendors (``regie quote template``), with XlsxWriter.

Every value cell carries Excel data validation — a drop-down for a choice, a number
range, a date range — with an input message saying what to enter. Labels, units and
explanations are locked (the sheets are protected without a password); only the
yellow value cells can be edited. The layout comes from :mod:`regie.files.quote_form`,
which the reader uses too.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import xlsxwriter

from regie.files.quote_form import (
    CHANNEL_FIELDS,
    DEFAULT_CHANNELS,
    FIRST_ROW,
    HEADER_ROW,
    RATE_FIELDS,
    SHEETS,
    SPARE_ROWS,
    Field,
    Section,
    choice_labels,
    general_rows,
)
from regie.i18n import Locale

_INPUT_TITLE = 32  # Excel's limits on a validation's texts
_INPUT_MESSAGE = 255


def write_quote_template(
    path: Path, loc: Locale, channels: Sequence[str] = DEFAULT_CHANNELS
) -> Path:
    """Write the form to ``path`` (under a temporary name first, then renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".regie-", dir=path.parent))
    try:
        temporary = staging / path.name
        _write(temporary, loc, channels)
        os.replace(temporary, path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return path


def _write(path: Path, loc: Locale, channels: Sequence[str]) -> None:
    workbook = xlsxwriter.Workbook(str(path))
    try:
        styles = _styles(workbook)
        quote = workbook.add_worksheet(SHEETS["quote"][loc.lang])
        _quote_sheet(quote, styles, loc)
        pricing = workbook.add_worksheet(SHEETS["pricing"][loc.lang])
        _pricing_sheet(pricing, styles, loc, channels)
        terms = workbook.add_worksheet(SHEETS["channels"][loc.lang])
        _channels_sheet(terms, styles, loc, channels)
        workbook.set_properties({"title": loc.t("Quote form"), "comments": "regie quote form 1"})
    finally:
        workbook.close()


def _styles(workbook: Any) -> dict[str, Any]:
    value = {"locked": False, "bg_color": "#FFF6CC", "border": 1, "border_color": "#C9B458"}
    return {
        "title": workbook.add_format({"bold": True, "font_size": 15}),
        "note": workbook.add_format({"italic": True, "font_color": "#5A6472", "text_wrap": True}),
        "header": workbook.add_format(
            {"bold": True, "bg_color": "#F2F5F8", "text_wrap": True, "valign": "top", "border": 1}
        ),
        "section": workbook.add_format({"bold": True, "font_color": "#1F5F8B", "bottom": 2}),
        "label": workbook.add_format({"text_wrap": True, "valign": "top"}),
        "hint": workbook.add_format({"font_color": "#5A6472", "text_wrap": True, "valign": "top"}),
        "text": workbook.add_format(value),
        "number": workbook.add_format({**value, "num_format": "#,##0.##"}),
        "money": workbook.add_format({**value, "num_format": '"€" #,##0.00'}),
        "percent": workbook.add_format({**value, "num_format": "0.##"}),
        "date": workbook.add_format({**value, "num_format": "yyyy-mm-dd"}),
        "choice": workbook.add_format(value),
    }


def _protect(sheet: Any) -> None:
    sheet.protect("", {"format_columns": True, "format_rows": True, "select_locked_cells": True})


def _intro(sheet: Any, styles: dict[str, Any], title: str, notes: Sequence[str]) -> None:
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.write(0, 0, title, styles["title"])
    for i, note in enumerate(notes, start=1):
        sheet.merge_range(i, 0, i, 6, note, styles["note"])
        sheet.set_row(i, 30)


def validation(f: Field, loc: Locale) -> dict[str, Any]:
    """The Excel data validation of one value cell, with its input and error messages."""
    texts = {
        "input_title": loc.t(f.label)[:_INPUT_TITLE],
        "input_message": loc.t(f.hint)[:_INPUT_MESSAGE],
        "error_title": loc.t("Not allowed here")[:_INPUT_TITLE],
    }
    if f.kind == "choice":
        labels = choice_labels(f.choices, loc.lang)
        message = loc.t("Choose one of: {choices}.", choices=", ".join(labels))
        rule: dict[str, Any] = {"validate": "list", "source": labels}
    elif f.kind == "date":
        message = loc.t("Enter a date, e.g. 2026-03-31.")
        rule = {
            "validate": "date",
            "criteria": "between",
            "minimum": date(2000, 1, 1),
            "maximum": date(2100, 12, 31),
        }
    elif f.kind == "text":
        message = loc.t("Enter at most 200 characters.")
        rule = {"validate": "length", "criteria": "<=", "value": 200}
    else:
        message = loc.t(
            "Enter a number from {minimum} to {maximum}.",
            minimum=f"{f.minimum:g}",
            maximum=f"{f.maximum:,.0f}" if f.maximum >= 1e6 else f"{f.maximum:g}",
        )
        rule = {
            "validate": "decimal",
            "criteria": "between",
            "minimum": f.minimum,
            "maximum": f.maximum,
        }
    return {**rule, **texts, "error_message": message[:_INPUT_MESSAGE]}


def _value_cell(
    sheet: Any, row: int, col: int, f: Field, styles: dict[str, Any], loc: Locale
) -> None:
    sheet.write_blank(row - 1, col, None, styles[f.kind])
    sheet.data_validation(row - 1, col, row - 1, col, validation(f, loc))


def _quote_sheet(sheet: Any, styles: dict[str, Any], loc: Locale) -> None:
    _intro(
        sheet,
        styles,
        loc.t("Quote form — outsourced customer service"),
        [
            loc.t(
                "Fill in the yellow cells only. Leave a cell blank when you do not offer the "
                "item: a blank item counts as an open cost in our comparison."
            ),
            loc.t(
                "Prices go on the sheet {pricing}; service levels and hours per channel on the "
                "sheet {channels}. Please keep the sheets and rows as they are.",
                pricing=SHEETS["pricing"][loc.lang],
                channels=SHEETS["channels"][loc.lang],
            ),
        ],
    )
    headers = (loc.t("Item"), loc.t("Unit"), loc.t("Value"), loc.t("What to enter"))
    sheet.write_row(HEADER_ROW - 1, 0, headers, styles["header"])
    for row, item in general_rows():
        if isinstance(item, Section):
            sheet.write(row - 1, 0, loc.t(item.title), styles["section"])
            continue
        sheet.write(row - 1, 0, loc.t(item.label), styles["label"])
        sheet.write(row - 1, 1, loc.t(item.unit) if item.unit else "", styles["hint"])
        _value_cell(sheet, row, 2, item, styles, loc)
        sheet.write(row - 1, 3, loc.t(item.hint), styles["hint"])
    sheet.set_column(0, 0, 36)
    sheet.set_column(1, 1, 16)
    sheet.set_column(2, 2, 24)
    sheet.set_column(3, 3, 72)
    sheet.freeze_panes(HEADER_ROW, 0)
    _protect(sheet)


def _header(f: Field, loc: Locale) -> str:
    return loc.t(f.label) + (f" ({loc.t(f.unit)})" if f.unit else "")


def _channel_key_cell(sheet: Any, row: int, styles: dict[str, Any], loc: Locale) -> None:
    sheet.write_blank(row - 1, 0, None, styles["text"])
    message = loc.t(
        "Another channel: its key in lower case, as in the business case (e.g. whatsapp)."
    )
    sheet.data_validation(
        row - 1,
        0,
        row - 1,
        0,
        {
            "validate": "length",
            "criteria": "between",
            "minimum": 1,
            "maximum": 30,
            "input_title": loc.t("Channel")[:_INPUT_TITLE],
            "input_message": message,
        },
    )


def _table(
    sheet: Any,
    styles: dict[str, Any],
    loc: Locale,
    first: int,
    fields: Sequence[Field],
    channels: Sequence[str],
) -> None:
    sheet.write_row(
        HEADER_ROW - 1, 0, [loc.t("Channel"), *(_header(f, loc) for f in fields)], styles["header"]
    )
    sheet.set_row(HEADER_ROW - 1, 45)
    for i in range(len(channels) + SPARE_ROWS):
        row = first + i
        if i < len(channels):
            sheet.write(row - 1, 0, channels[i], styles["label"])
        else:
            _channel_key_cell(sheet, row, styles, loc)
        for col, f in enumerate(fields, start=1):
            _value_cell(sheet, row, col, f, styles, loc)
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, len(fields), 17)
    sheet.freeze_panes(HEADER_ROW, 1)


def _pricing_sheet(
    sheet: Any, styles: dict[str, Any], loc: Locale, channels: Sequence[str]
) -> None:
    _intro(
        sheet,
        styles,
        loc.t("Pricing"),
        [
            loc.t(
                "Row {row} is your price list for every channel. Fill a channel's row only when "
                "that channel has prices of its own.",
                row=FIRST_ROW,
            ),
            loc.t(
                "Per hour: hourly rate. Per FTE-month: FTE rate. Per ticket: ticket rate. "
                "Subscription: monthly fee, optionally included contacts and an overage rate. "
                "Mixed: monthly fee plus an hourly, FTE or ticket rate."
            ),
        ],
    )
    _table(sheet, styles, loc, FIRST_ROW + 1, RATE_FIELDS, channels)
    sheet.write(FIRST_ROW - 1, 0, loc.t("All channels"), styles["section"])
    for col, f in enumerate(RATE_FIELDS, start=1):
        _value_cell(sheet, FIRST_ROW, col, f, styles, loc)
    _protect(sheet)


def _channels_sheet(
    sheet: Any, styles: dict[str, Any], loc: Locale, channels: Sequence[str]
) -> None:
    _intro(
        sheet,
        styles,
        loc.t("Service levels and hours per channel"),
        [
            loc.t(
                "For each channel you offer: yes under In scope, the response target with its "
                "unit and the share answered within it, and the days and hours you staff it."
            ),
            loc.t(
                "Usual targets: phone 30 seconds, e-mail 2 hours, chat 1 minute, social media "
                "1 hour, for 80 % of the contacts."
            ),
        ],
    )
    _table(sheet, styles, loc, FIRST_ROW, CHANNEL_FIELDS, channels)
    _protect(sheet)
