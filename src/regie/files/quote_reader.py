"""Read a filled quote form (XLSX, written by ``regie quote template``) into a Quote.

Every cell is checked again here, whatever Excel's validation let through (values can
be pasted past it). Every problem becomes one line naming the file, sheet, cell, value
and what is allowed (``quote.xlsx: sheet Pricing, cell C7 = 'abc': must be a number of
euros ≥ 0``); all problems are raised together and nothing is read on error.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

import openpyxl  # type: ignore[import-untyped]
from openpyxl.utils.datetime import from_excel  # type: ignore[import-untyped]
from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

from regie.domain.errors import InvalidInput, NotFound
from regie.domain.quotes import ChannelTerms, Gdpr, PriceList, Quote
from regie.files.case_schema import MODEL_FIELDS
from regie.files.quote_form import (
    CHANNEL_FIELDS,
    CHANNEL_KEY,
    FIRST_ROW,
    MAX_CHANNELS,
    RATE_FIELDS,
    SHEETS,
    SPARE_ROWS,
    UNIT_SECONDS,
    Field,
    Language,
    choice_code,
    choice_label,
    choice_labels,
    column,
    general_fields,
    sheet_language,
)

_DUTCH_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
Cell = Any


@dataclass
class _Sheet:
    """One worksheet of the form, collecting the problems of its cells."""

    sheet: Any
    name: str
    source: str
    lang: Language
    problems: list[str] = field(default_factory=list)

    def raw(self, row: int, col: int) -> Cell:
        value = self.sheet.cell(row=row, column=col + 1).value
        return None if isinstance(value, str) and not value.strip() else value

    def problem(self, row: int, col: int, value: Cell, reason: str) -> None:
        where = f"{self.source}: sheet {self.name}, cell {column(col)}{row}"
        shown = " is blank" if value is None else f" = {_shown(value)}"
        self.problems.append(f"{where}{shown}: {reason}")

    def read(self, row: int, col: int, f: Field) -> Any:
        """The cell's value as ``f`` wants it; None when blank or wrong (with a problem)."""
        value = self.raw(row, col)
        if value is None:
            return None
        percent = "%" in str(self.sheet.cell(row=row, column=col + 1).number_format)
        parsed, reason = _parse(value, f, self.lang, percent)
        if reason:
            self.problem(row, col, value, reason)
        return parsed


def read_quote(path: Path) -> Quote:
    """Read and check a filled form; raise one ``InvalidInput`` listing every problem."""
    if not path.is_file():
        raise NotFound(f"{path}: no such quote file")
    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise InvalidInput(f"{path.name}: not an XLSX workbook ({error})") from None
    lang = sheet_language(list(book.sheetnames))
    if lang is None:
        names = " / ".join(", ".join(s[lang] for s in SHEETS.values()) for lang in ("en", "nl"))
        raise InvalidInput(
            f"{path.name}: not a quote form: it needs the sheets {names}; "
            "start from the form `regie quote template` writes"
        )
    sheets = {
        key: _Sheet(book[names[lang]], names[lang], path.name, lang)
        for key, names in SHEETS.items()
    }
    quote = _quote(sheets)
    problems = [p for s in sheets.values() for p in s.problems]
    if problems:
        raise InvalidInput(problems[0], problems)
    return quote


def _quote(sheets: dict[str, _Sheet]) -> Quote:
    values = {key: sheets["quote"].read(row, 2, f) for key, (row, f) in general_fields().items()}
    general, own = _price_lists(sheets["pricing"])
    terms = _channel_terms(sheets["channels"])
    for channel, prices in own.items():
        terms[channel] = replace(terms.get(channel, ChannelTerms(channel)), pricing=prices)
    gdpr_keys = ("dpa", "data_location", "encryption_at_rest", "encryption_in_transit")
    gdpr = Gdpr(**{k: values.pop(k) for k in (*gdpr_keys, "iso_27001", "soc_2")})
    return Quote(
        vendor=values.pop("vendor") or "",
        pricing=general,
        channels=tuple(terms.values()),
        gdpr=gdpr,
        **values,
    )


def _channel_rows(s: _Sheet, first: int) -> list[tuple[int, str]]:
    """(row, channel key) of each named channel row; a problem for an unnamed filled row."""
    rows: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for row in range(first, first + MAX_CHANNELS + SPARE_ROWS):
        key = s.raw(row, 0)
        filled = any(s.raw(row, c) is not None for c in range(1, 8))
        if key is None:
            if filled:
                s.problem(row, 0, None, "name the channel of this row (phone, email, chat, …)")
            continue
        name = str(key).strip().lower()
        if not re.match(CHANNEL_KEY, name):
            s.problem(row, 0, key, "must be a channel key in lower case, e.g. phone or email")
        elif name in seen:
            s.problem(row, 0, key, f"channel already in row {seen[name]}; give it one row")
        else:
            seen[name] = row
            rows.append((row, name))
    return rows


def _price_lists(s: _Sheet) -> tuple[PriceList | None, dict[str, PriceList]]:
    general = _price_list(s, FIRST_ROW)
    own = {}
    for row, channel in _channel_rows(s, FIRST_ROW + 1):
        prices = _price_list(s, row)
        if prices is not None:
            own[channel] = prices
    return general, own


def _price_list(s: _Sheet, row: int) -> PriceList | None:
    values = {f.key: s.read(row, i + 1, f) for i, f in enumerate(RATE_FIELDS)}
    model = values.pop("model")
    given = {k for k, v in values.items() if v is not None}
    if model is None:
        if given and s.raw(row, 1) is None:
            s.problem(row, 1, None, "choose the pricing model: this row has rates")
        return None
    required, allowed = MODEL_FIELDS[model]
    label = choice_label("model", model, s.lang)
    for i, f in enumerate(RATE_FIELDS[1:], start=2):
        if f.key in given - allowed:
            s.problem(
                row,
                i,
                s.raw(row, i),
                f"model {label!r} does not use it: clear the cell "
                f"or choose {choice_label('model', 'mixed', s.lang)!r}",
            )
        elif f.key in required - given and s.raw(row, i) is None:
            s.problem(row, i, None, f"model {label!r} needs it")
    if model == "mixed" and not given & {"hourly_rate", "fte_monthly_rate", "ticket_rate"}:
        s.problem(
            row,
            1,
            s.raw(row, 1),
            "a mixed price needs a monthly fee and an hourly, FTE or ticket rate",
        )
    return PriceList(model=model, **values)


def _channel_terms(s: _Sheet) -> dict[str, ChannelTerms]:
    fields = {f.key: (i + 1, f) for i, f in enumerate(CHANNEL_FIELDS)}
    terms = {}
    for row, channel in _channel_rows(s, FIRST_ROW):
        v = {key: s.read(row, col, f) for key, (col, f) in fields.items()}
        seconds = None
        if v["response_target"] is not None:
            if v["response_unit"] is None:
                s.problem(row, fields["response_unit"][0], None, "give the unit of the target")
            else:
                seconds = v["response_target"] * UNIT_SECONDS[v["response_unit"]]
        hours = 24.0 if v["coverage"] == "24/7" else v["hours_per_day"]
        terms[channel] = ChannelTerms(
            channel=channel,
            in_scope=v["in_scope"],
            response_seconds=seconds,
            response_share_pct=v["response_share_pct"],
            coverage=v["coverage"],
            hours_per_day=hours,
        )
    return terms


def _parse(value: Cell, f: Field, lang: Language, percent: bool) -> tuple[Any, str]:
    """(parsed value, "") or (None, what is allowed)."""
    if f.kind == "text":
        return str(value).strip(), ""
    if f.kind == "date":
        day = _date(value)
        return (day, "") if day else (None, "must be a date, e.g. 2026-03-31")
    if f.kind == "choice":
        return _choice(value, f, lang)
    number = _number(value)
    if number is not None and f.kind == "percent" and percent:
        number *= 100.0
    if number is None or not f.minimum <= number <= f.maximum:
        return None, _range_text(f)
    return number, ""


def _range_text(f: Field) -> str:
    if f.kind == "money":
        return f"must be a number of euros ≥ {f.minimum:g}"
    if f.kind == "percent":
        return f"must be a percentage from {f.minimum:g} to {f.maximum:g}"
    return f"must be a number from {f.minimum:g} to {f.maximum:g}"


def _choice(value: Cell, f: Field, lang: Language) -> tuple[Any, str]:
    if isinstance(value, bool) and f.choices == "yes_no":
        return value, ""
    code = choice_code(f.choices, str(value))
    if code is None:
        return None, "must be one of: " + ", ".join(choice_labels(f.choices, lang))
    return ({"yes": True, "no": False}.get(code, code) if f.choices == "yes_no" else code), ""


def _number(value: Cell) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if value == value and abs(value) != float("inf") else None
    text = str(value).replace("€", "").replace("%", "").replace("\u00a0", "").replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


def _date(value: Cell) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 2958466:
        return cast(datetime, from_excel(value)).date()
    text = str(value).strip()
    dutch = _DUTCH_DATE.match(text)
    try:
        if dutch:
            return date(int(dutch[3]), int(dutch[2]), int(dutch[1]))
        return date.fromisoformat(text)
    except ValueError:
        return None


def _shown(value: Cell) -> str:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, str):
        return repr(value)
    return str(value)
