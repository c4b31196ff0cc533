"""The monthly statement as a workbook (XlsxWriter).

- **Statement**: the contract and data behind the month, then every judged norm and KPI
  with its figures as numbers (value, target, n, hits, Wilson interval, margin) and its
  status as text;
- **Money**: every penalty, bonus and earn-back line with its amount as a number, then
  the totals as formulas (sums, caps with ``MIN``, net = paid − charged + refunds), so a
  spreadsheet application recalculates them; the total cells carry workbook names
  (``penalties_charged``, ``net_adjustment``, ...);
- **Volumes**: offered, handled and abandoned contacts per channel, the monthly fee and
  the cost per contact (a formula);
- one sheet per explanation (named after its target key, ``response.email``): every
  contact behind the miss, date-times as Excel dates in the contract's time zone.

Formulas carry Regie's own figures as cached values, so a viewer that does not
recalculate still shows the right numbers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from regie.domain.contract import Direction
from regie.domain.penalties import Adjustment
from regie.domain.statement import Judged, Statement
from regie.i18n import Locale
from regie.services import statement_text as words
from regie.services.explain import Explanation

MAX_ROWS = 1_048_576  # an Excel sheet's rows, the header included
_SHEET_NAME = 31
_NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
_FORMATS = {
    "money": '"€" #,##0.00;"€" -#,##0.00',
    "money_bold": '"€" #,##0.00;"€" -#,##0.00',
    "pct": "0.0%",
    "pct_margin": "+0.0%;-0.0%;0.0%",
    "number": "#,##0.00",
    "number_margin": "+#,##0.00;-#,##0.00;0.00",
    "seconds": "#,##0",
    "seconds_margin": "+#,##0;-#,##0;0",
    "count": "#,##0",
    "datetime": "yyyy-mm-dd hh:mm:ss",
    "date": "yyyy-mm-dd",
    "decimal": "#,##0.00##",
    "text": "@",
}


def write_statement_xlsx(
    statement: Statement,
    path: Path,
    loc: Locale,
    explanations: Sequence[Explanation] = (),
    *,
    cached_values: bool = True,
) -> Path:
    """Write the workbook of ``statement`` to ``path``.

    ``cached_values=False`` writes 0 as every formula's cached result (tests use it to
    prove that a spreadsheet application recalculated the totals itself).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path))
    try:
        book = _Book(workbook, _styles(workbook), cached_values)
        _statement_sheet(book, workbook.add_worksheet(loc.t("Statement")), statement, loc)
        _money_sheet(book, workbook.add_worksheet(loc.t("Money")), statement, loc)
        _volumes_sheet(book, workbook.add_worksheet(loc.t("Volumes")), statement, loc)
        taken = {name.lower() for name in workbook.sheetnames}
        for explanation in explanations:
            name = sheet_name(explanation.key, taken)
            taken.add(name.lower())
            _explanation_sheet(book, workbook.add_worksheet(name), explanation, statement)
    finally:
        workbook.close()
    return path


def sheet_name(key: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A valid sheet name from a target key: at most 31 characters, unique (any case)."""
    base = _NOT_IN_SHEET_NAME.sub("_", key).strip("'") or "explanation"
    name, counter = base[:_SHEET_NAME], 1
    while name.lower() in taken:
        counter += 1
        suffix = f" ({counter})"
        name = base[: _SHEET_NAME - len(suffix)] + suffix
    return name


def local_rows(rows: pl.DataFrame, timezone: str) -> pl.DataFrame:
    """``rows`` with every zoned date-time in ``timezone``, then naive (as Excel keeps them)."""
    zoned = [
        name
        for name, dtype in rows.schema.items()
        if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None
    ]
    return rows.with_columns(
        pl.col(name).dt.convert_time_zone(timezone).dt.replace_time_zone(None) for name in zoned
    )


@dataclass(frozen=True)
class _Book:
    workbook: Any
    styles: dict[str, Any]
    cached: bool

    def formula(
        self, ws: Any, row: int, col: int, formula: str, value: float | str, style: str
    ) -> None:
        ws.write_formula(row, col, formula, self.styles[style], value if self.cached else 0)

    def name(self, name: str, ws: Any, row: int, col: int) -> None:
        ref = xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)
        self.workbook.define_name(name, f"={quote_sheetname(ws.get_name())}!{ref}")


def _styles(workbook: Any) -> dict[str, Any]:
    styles: dict[str, Any] = {}
    for style, number_format in _FORMATS.items():
        spec: dict[str, Any] = {"num_format": number_format}
        if style.endswith("_bold"):
            spec["bold"] = True
        styles[style] = workbook.add_format(spec)
    styles["header"] = workbook.add_format(
        {"bold": True, "bg_color": "#D9D9D9", "bottom": 1, "text_wrap": True, "valign": "top"}
    )
    styles["title"] = workbook.add_format({"bold": True, "font_size": 14})
    styles["note"] = workbook.add_format({"italic": True, "font_color": "#595959"})
    styles["bold"] = workbook.add_format({"bold": True})
    styles["plain"] = workbook.add_format({})
    styles["met"] = workbook.add_format({"font_color": "#1E7B45", "bold": True})
    styles["missed"] = workbook.add_format({"font_color": "#C0392B", "bold": True})
    styles["insufficient sample"] = workbook.add_format({"font_color": "#9A7400", "bold": True})
    return styles


def _money(amount: Decimal | None) -> float:
    return 0.0 if amount is None else float(amount)


def _statement_sheet(book: _Book, ws: Any, s: Statement, loc: Locale) -> None:
    st = book.styles
    ws.write_string(0, 0, loc.t("Statement {vendor} — {month}", vendor=s.vendor, month=s.month),
                    st["title"])  # fmt: skip
    facts: list[tuple[str, Any, str]] = [
        (loc.t("Vendor"), s.vendor, "plain"),
        (loc.t("Month"), s.month, "text"),
        (loc.t("Contract version"), s.contract_version, "count"),
        (loc.t("Effective from"), s.contract_effective_from, "date"),
        (loc.t("Contract SHA-256"), s.contract_sha256, "plain"),
        (loc.t("Batches"), ", ".join(str(b) for b in s.batches) or "—", "plain"),
        (loc.t("Data cutoff"), _cutoff(s), "datetime"),
        (loc.t("Time zone"), s.timezone, "plain"),
    ]
    row = 2
    for label, value, style in facts:
        ws.write_string(row, 0, label, st["bold"])
        if isinstance(value, datetime | date):
            ws.write_datetime(row, 1, value, st[style])
        elif value is None:
            ws.write_string(row, 1, "—")
        elif isinstance(value, int):
            ws.write_number(row, 1, value, st[style])
        else:
            ws.write_string(row, 1, str(value), st[style])
        row += 1
    row += 1
    headers = [loc.t("Key"), loc.t("Target"), loc.t("Norm"), loc.t("Value"),
               loc.t("Target value"), loc.t("Upper target value"), "n", loc.t("Hits"),
               loc.t("95 % low"), loc.t("95 % high"), loc.t("Margin"), loc.t("Status"),
               loc.t("Note")]  # fmt: skip
    ws.write_row(row, 0, headers, st["header"])
    ws.freeze_panes(row + 1, 2)
    for j in s.judged:
        row += 1
        _judged_row(book, ws, row, j, loc)
    for col, width in enumerate((22, 42, 16, 11, 12, 12, 9, 9, 10, 10, 10, 18, 40)):
        ws.set_column(col, col, width)


def _cutoff(s: Statement) -> datetime | None:
    if s.cutoff is None:
        return None
    return in_zone(s.cutoff, s.timezone).replace(tzinfo=None)


def in_zone(moment: datetime, timezone: str) -> datetime:
    """``moment`` in ``timezone`` (a naive moment is taken as UTC)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(timezone))


def _judged_row(book: _Book, ws: Any, row: int, j: Judged, loc: Locale) -> None:
    st = book.styles
    kind = "pct" if words.is_share(j) else "seconds" if j.measure == "aht_band" else "number"
    cells: list[tuple[int, float | int | None, str]] = [
        (3, j.outcome.value, kind),
        (4, j.target, kind),
        (5, j.target_high if j.direction is Direction.WITHIN else None, kind),
        (6, j.outcome.n, "count"),
        (7, j.hits, "count"),
        (8, j.low, "pct"),
        (9, j.high, "pct"),
        (10, j.outcome.margin, f"{kind}_margin"),
    ]
    ws.write_string(row, 0, j.key)
    ws.write_string(row, 1, words.target_label(j, loc))
    ws.write_string(row, 2, words.target_text(j, loc))
    for col, value, style in cells:
        if value is None or not math.isfinite(value):
            ws.write_blank(row, col, None)
        else:
            ws.write_number(row, col, value, st[style])
    ws.write_string(row, 11, words.status_text(j.outcome.status, loc), st[str(j.outcome.status)])
    note = words.note_text(j.note, loc)
    if note:
        ws.write_string(row, 12, note)


def _money_sheet(book: _Book, ws: Any, s: Statement, loc: Locale) -> None:
    st, settlement = book.styles, s.settlement
    ws.write_string(0, 0, loc.t("Penalties and bonuses"), st["title"])
    ws.write_string(1, 0, loc.t("Amounts are values; the totals below are formulas."),
                    st["note"])  # fmt: skip
    headers = [loc.t("Adjustment"), loc.t("Rule"), loc.t("Target"), loc.t("Tier"),
               loc.t("Amount")]  # fmt: skip
    ws.write_row(3, 0, headers, st["header"])
    row = 3
    penalty_rows = _adjustment_rows(book, ws, row + 1, settlement.penalties, loc.t("penalty"))
    row += len(settlement.penalties)
    bonus_rows = _adjustment_rows(book, ws, row + 1, settlement.bonuses, loc.t("bonus"))
    row += len(settlement.bonuses) + 2
    headers = [loc.t("Earn-back of month"), loc.t("Rule"), loc.t("Target"), loc.t("Status"),
               loc.t("Charged that month"), loc.t("Refund")]  # fmt: skip
    ws.write_row(row, 0, headers, st["header"])
    first_refund = row + 1
    for line in s.earn_backs:
        row += 1
        ws.write_row(row, 0, [line.month, line.penalty.rule, line.penalty.target,
                              words.earn_back_text(line.status, loc)])  # fmt: skip
        ws.write_number(row, 4, _money(line.charged), st["money"])
        ws.write_number(row, 5, _money(line.refund), st["money"])
    if not s.earn_backs:
        row += 1
        ws.write_string(row, 0, loc.t("No penalty of an earlier month is under earn-back."),
                        st["note"])  # fmt: skip
    refund_rows = (first_refund, first_refund + len(s.earn_backs) - 1)
    _money_totals(book, ws, row + 2, s, (penalty_rows, bonus_rows, refund_rows), loc)
    for col, width in enumerate((34, 28, 22, 16, 18, 16)):
        ws.set_column(col, col, width)


def _adjustment_rows(
    book: _Book, ws: Any, first: int, adjustments: Sequence[Adjustment], kind: str
) -> tuple[int, int]:
    for i, a in enumerate(adjustments):
        ws.write_row(first + i, 0, [kind, a.rule, a.target])
        ws.write_number(first + i, 3, a.tier, book.styles["count"])
        ws.write_number(first + i, 4, _money(a.amount), book.styles["money"])
    return first, first + len(adjustments) - 1


def _sum(col: str, rows: tuple[int, int]) -> str:
    first, last = rows
    return f"SUM({col}{first + 1}:{col}{last + 1})" if last >= first else "0"


def _money_totals(
    book: _Book,
    ws: Any,
    row: int,
    s: Statement,
    ranges: tuple[tuple[int, int], tuple[int, int], tuple[int, int]],
    loc: Locale,
) -> None:
    st, settlement = book.styles, s.settlement
    penalties, bonuses, refunds = ranges
    ws.write_row(row, 0, [loc.t("Total"), "", "", "", loc.t("Amount")], st["header"])
    at: dict[str, str] = {}

    def line(name: str, label: str, formula: str, value: Decimal, style: str = "money") -> None:
        nonlocal row
        row += 1
        ws.write_string(row, 0, label, st["bold"] if style == "money_bold" else st["plain"])
        book.formula(ws, row, 4, "=" + formula.format(**at), _money(value), style)
        book.name(name, ws, row, 4)
        at[name] = xl_rowcol_to_cell(row, 4)

    def cap(name: str, label: str, amount: Decimal | None) -> None:
        nonlocal row
        row += 1
        ws.write_string(row, 0, label)
        if amount is None:
            ws.write_string(row, 4, loc.t("none"))
        else:
            ws.write_number(row, 4, _money(amount), st["money"])
            book.name(name, ws, row, 4)
        at[name] = xl_rowcol_to_cell(row, 4)

    line("penalty_total", loc.t("penalties total"), _sum("E", penalties),
         settlement.penalty_total)  # fmt: skip
    cap("penalty_cap", loc.t("penalty cap"), settlement.penalty_cap)
    charged = (
        "MIN({penalty_total},{penalty_cap})"
        if settlement.penalty_cap is not None
        else ("{penalty_total}")
    )
    line("penalties_charged", loc.t("penalties charged"), charged, settlement.penalty_charged)
    line("bonus_total", loc.t("bonuses total"), _sum("E", bonuses), settlement.bonus_total)
    cap("bonus_cap", loc.t("bonus cap"), settlement.bonus_cap)
    paid = (
        "MIN({bonus_total},{bonus_cap})" if settlement.bonus_cap is not None else ("{bonus_total}")
    )
    line("bonuses_paid", loc.t("bonuses paid"), paid, settlement.bonus_paid)
    line("refunds", loc.t("earned back"), _sum("F", refunds), s.refunds)
    line("net_adjustment", loc.t("net invoice adjustment"),
         "{bonuses_paid}-{penalties_charged}+{refunds}", s.net, "money_bold")  # fmt: skip
    row += 2
    ws.write_string(row, 0, loc.t("Net invoice adjustment = bonuses paid − penalties charged + "
                                  "earned back; negative: the vendor invoices less."),
                    st["note"])  # fmt: skip


def _volumes_sheet(book: _Book, ws: Any, s: Statement, loc: Locale) -> None:
    st = book.styles
    ws.write_string(0, 0, loc.t("Volumes per channel"), st["title"])
    ws.write_row(2, 0, [loc.t("Channel"), loc.t("Offered"), loc.t("Handled"),
                        loc.t("Abandoned")], st["header"])  # fmt: skip
    row = 2
    for v in s.volumes:
        row += 1
        ws.write_string(row, 0, words.channel_name(v.channel, loc))
        ws.write_row(row, 1, [v.offered, v.handled, v.abandoned], st["count"])
    total = row + 1
    ws.write_string(total, 0, loc.t("Total"), st["bold"])
    for col, letter, figure in ((1, "B", "offered"), (2, "C", "handled"), (3, "D", "abandoned")):
        value = sum(getattr(v, figure) for v in s.volumes)
        formula = f"=SUM({letter}4:{letter}{total})" if s.volumes else "=0"
        book.formula(ws, total, col, formula, value, "count")
    fee = total + 2
    ws.write_string(fee, 0, loc.t("Monthly fee"))
    ws.write_number(fee, 1, _money(s.monthly_fee), st["money"])
    ws.write_string(fee + 1, 0, loc.t("Cost per contact (monthly fee / handled contacts)"))
    handled = f"C{total + 1}"
    cost: float | str = "—" if s.cost_per_contact is None else _money(s.cost_per_contact)
    formula = f'=IF({handled}>0,ROUND(B{fee + 1}/{handled},2),"—")'
    book.formula(ws, fee + 1, 1, formula, cost, "money")
    book.name("cost_per_contact", ws, fee + 1, 1)
    for col, width in enumerate((48, 16, 14, 14)):
        ws.set_column(col, col, width)


def _explanation_sheet(book: _Book, ws: Any, explanation: Explanation, s: Statement) -> None:
    st = book.styles
    rows = local_rows(explanation.rows, s.timezone)
    ws.write_row(0, 0, rows.columns, st["header"])
    formats = [st.get(_column_style(dtype) or "plain") for dtype in rows.dtypes]
    shown = rows.head(MAX_ROWS - 1)
    for r, values in enumerate(shown.iter_rows(), start=1):
        for c, value in enumerate(values):
            _cell(ws, r, c, value, formats[c])
    ws.freeze_panes(1, 0)
    if rows.width:
        ws.autofilter(0, 0, shown.height, rows.width - 1)
    for c, dtype in enumerate(rows.dtypes):
        ws.set_column(c, c, 20 if dtype.is_temporal() else 16)


def _column_style(dtype: pl.DataType) -> str | None:
    if isinstance(dtype, pl.Datetime):
        return "datetime"
    if isinstance(dtype, pl.Date):
        return "date"
    if dtype.is_integer():
        return "count"
    if dtype.is_float() or isinstance(dtype, pl.Decimal):
        return "decimal"
    return None


def _cell(ws: Any, row: int, col: int, value: object, style: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        ws.write_boolean(row, col, value)
    elif isinstance(value, datetime | date):
        ws.write_datetime(row, col, value, style)
    elif isinstance(value, int | float | Decimal):
        if math.isfinite(value):
            ws.write_number(row, col, float(value), style)
    elif isinstance(value, time | timedelta):
        ws.write_string(row, col, str(value))
    else:
        ws.write_string(row, col, str(value))
