"""The business case as a live XLSX model (XlsxWriter).

- **Inputs**: every parameter of the realistic case, one row each, its value cell named
  (``email_volume_per_month``) and marked editable; low/high of ranged inputs for
  information; a live results block and the chart of cumulative cost.
- **Calculation**: one row per month, every cell a formula on the named inputs (see
  :mod:`regie.reports.case_xlsx_formulas`), then named results (``result_saving``, ...).
- **Scenarios**: scenarios, Monte Carlo and tornado as values computed by Regie.

Formulas carry Regie's own results as cached values, so a viewer that does not
recalculate still shows the right numbers; Excel and LibreOffice recalculate on edit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_col_to_name, xl_rowcol_to_cell

from regie.domain.costing import Estimate
from regie.domain.scenarios import SCENARIOS, scenario_values
from regie.i18n import Locale
from regie.reports.case_xlsx_formulas import (
    Cached,
    Column,
    Result,
    calculation_columns,
    input_names,
    input_unit,
    resolve,
    results,
)
from regie.services.business_case import CaseEvaluation, Figures
from regie.services.case_text import input_label

Styles = Mapping[str, Any]
INPUT_FILL = "#DDEBF7"
_NUMBER_FORMATS = {
    "money": '"€" #,##0.00;[Red]"€" -#,##0.00',
    "pct": '0.00" %"',
    "hours": "#,##0.00##",
    "fte": "0.0000",
    "number": "#,##0.00",
    "count": "#,##0",
    "month": "0",
    "text": "@",
    "flag": "General",
}
_INPUTS_HEADER_ROW = 4


@dataclass(frozen=True)
class _Layout:
    """Where the Calculation sheet put its months (Excel rows, 1-based) and columns."""

    sheet: str
    first: int
    last: int
    index: dict[str, int]


def write_case_xlsx(
    evaluation: CaseEvaluation, path: Path, loc: Locale, *, cached_values: bool = True
) -> Path:
    """Write the live workbook of ``evaluation`` to ``path``.

    ``cached_values=False`` writes 0 as every formula's cached result (tests use it to
    prove that a spreadsheet application recalculated the numbers itself).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path))
    try:
        styles = _styles(workbook)
        names = input_names(evaluation.case.estimates)
        inputs = workbook.add_worksheet(loc.t("Inputs"))
        calc = workbook.add_worksheet(loc.t("Calculation"))
        scenarios = workbook.add_worksheet(loc.t("Scenarios"))
        book = _Book(workbook, styles, cached_values)
        _write_inputs(book, inputs, evaluation, names, loc)
        layout = _write_calculation(book, calc, evaluation, names, loc)
        chart_row = _write_live_results(book, inputs, evaluation, loc) + 2
        _insert_chart(book, inputs, layout, loc, chart_row)
        _write_scenarios(book, scenarios, evaluation, loc)
    finally:
        workbook.close()
    return path


@dataclass(frozen=True)
class _Book:
    workbook: Any
    styles: Styles
    cached: bool

    def name(self, name: str, sheet: str, row: int, col: int, last_row: int | None = None) -> None:
        """Define a workbook name on one cell (or a column range down to ``last_row``)."""
        ref = xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)
        if last_row is not None:
            ref += ":" + xl_rowcol_to_cell(last_row, col, row_abs=True, col_abs=True)
        self.workbook.define_name(name, f"={quote_sheetname(sheet)}!{ref}")

    def formula(self, ws: Any, row: int, col: int, formula: str, value: Cached, style: str) -> None:
        ws.write_formula(row, col, formula, self.styles[style], value if self.cached else 0)


def _styles(workbook: Any) -> dict[str, Any]:
    styles: dict[str, Any] = {}
    for style, number_format in _NUMBER_FORMATS.items():
        styles[style] = workbook.add_format({"num_format": number_format})
        styles[f"input_{style}"] = workbook.add_format(
            {"num_format": number_format, "bg_color": INPUT_FILL, "font_color": "#1F4E78",
             "border": 1, "border_color": "#9BC2E6"}
        )  # fmt: skip
        styles[f"result_{style}"] = workbook.add_format(
            {"num_format": number_format, "bold": True, "bg_color": "#FFF2CC"}
        )
    styles["header"] = workbook.add_format(
        {"bold": True, "bg_color": "#D9D9D9", "bottom": 1, "text_wrap": True, "valign": "top"}
    )
    styles["title"] = workbook.add_format({"bold": True, "font_size": 14})
    styles["note"] = workbook.add_format({"italic": True, "font_color": "#595959"})
    styles["bold"] = workbook.add_format({"bold": True})
    styles["plain"] = workbook.add_format({})
    return styles


def _write_inputs(
    book: _Book, ws: Any, ev: CaseEvaluation, names: Mapping[str, str], loc: Locale
) -> None:
    st, sheet = book.styles, ws.get_name()
    ws.write_string(0, 0, loc.t("Business case: {name}", name=ev.case.name), st["title"])
    ws.write_string(1, 0, loc.t("Change the blue cells; results follow."), st["note"])
    basis = ev.case.productive_hours.label
    ws.write_string(2, 0, loc.t("Productive hours basis: {basis}", basis=basis), st["note"])
    headers = [loc.t("Input"), loc.t("Key"), loc.t("Value"), loc.t("Unit"), loc.t("Low"),
               loc.t("High")]  # fmt: skip
    ws.write_row(_INPUTS_HEADER_ROW, 0, headers, st["header"])
    row = _INPUTS_HEADER_ROW + 1
    for key, estimate in ev.case.estimates.items():
        _input_row(book, ws, row, key, estimate, ev, names[key], loc)
        book.name(names[key], sheet, row, 2)
        row += 1
    _structure_rows(book, ws, row, ev, loc)
    ws.freeze_panes(_INPUTS_HEADER_ROW + 1, 0)
    for col, width in enumerate((44, 40, 16, 30, 14, 14, 3, 36, 18)):
        ws.set_column(col, col, width)


def _input_row(
    book: _Book,
    ws: Any,
    row: int,
    key: str,
    estimate: Estimate,
    ev: CaseEvaluation,
    name: str,
    loc: Locale,
) -> None:
    st = book.styles
    unit, style = input_unit(key, loc)
    ws.write_string(row, 0, input_label(key, loc))
    ws.write_string(row, 1, key)
    linked = _linked_rate(ev, key)
    if linked is None:
        ws.write_number(row, 2, estimate.likely, st[f"input_{style}"])
    else:
        book.formula(ws, row, 2, f"={linked}", estimate.likely, style)
        unit = loc.t("{unit} (follows the hourly rate)", unit=unit)
    ws.write_string(row, 3, unit)
    if estimate.is_range:
        ws.write_number(row, 4, estimate.low, st[style])
        ws.write_number(row, 5, estimate.high, st[style])


def _linked_rate(ev: CaseEvaluation, key: str) -> str | None:
    """The name the onboarding rate follows when the case took it from the hourly rate."""
    hourly = "outsourced.pricing.hourly_rate"
    estimates = ev.case.estimates
    taken = estimates.get(hourly) is estimates[key] and ev.case.structure.onboarding == "per_agent"
    if key == "one_off.onboarding_rate" and taken:
        return input_names(estimates)[hourly]
    return None


def _structure_rows(book: _Book, ws: Any, row: int, ev: CaseEvaluation, loc: Locale) -> None:
    st, sheet, structure = book.styles, ws.get_name(), ev.case.structure
    ws.write_string(row, 0, loc.t("Include the exit fee"))
    ws.write_string(row, 1, "contractual.include_exit_fee")
    ws.write_boolean(row, 2, structure.include_exit_fee, st["input_flag"])
    ws.write_string(row, 3, loc.t("TRUE or FALSE"))
    book.name("include_exit_fee", sheet, row, 2)
    ws.write_string(row + 1, 0, loc.t("Horizon"))
    ws.write_string(row + 1, 1, "case.horizon_months")
    ws.write_number(row + 1, 2, structure.horizon_months, st["month"])
    ws.write_string(row + 1, 3, loc.t("months (fixed: one Calculation row per month)"))
    book.name("horizon_months", sheet, row + 1, 2)


def _write_calculation(
    book: _Book, ws: Any, ev: CaseEvaluation, names: Mapping[str, str], loc: Locale
) -> _Layout:
    columns = calculation_columns(ev, names, loc)
    months = ev.case.structure.horizon_months
    layout = _Layout(ws.get_name(), 2, months + 1, {c.id: i for i, c in enumerate(columns)})
    letters = {c.id: xl_col_to_name(i) for i, c in enumerate(columns)}
    for i, column in enumerate(columns):
        ws.write_string(0, i, column.header, book.styles["header"])
        ws.set_column(i, i, 14 if i else 10)
        for m in range(months):
            _calc_cell(book, ws, column, m, i, resolve_row(column, letters, layout, m + 2))
    _write_totals(book, ws, columns, layout, loc)
    _write_results(book, ws, results(ev, loc), letters, layout, loc)
    ws.freeze_panes(1, 1)
    ws.set_row(0, 45)
    for name, column_id in (("calc_month", "month"), ("calc_cum_inhouse", "cum_in"),
                            ("calc_cum_outsourced", "cum_out"),
                            ("calc_inhouse_monthly", "in_total"),
                            ("calc_outsourced_monthly", "out_total")):  # fmt: skip
        book.name(name, layout.sheet, 1, layout.index[column_id], months)
    return layout


def resolve_row(column: Column, letters: Mapping[str, str], layout: _Layout, row: int) -> str:
    if column.template is None:
        return ""
    return resolve(column.template, letters, row, layout.first, layout.last)


def _calc_cell(book: _Book, ws: Any, column: Column, m: int, col: int, formula: str) -> None:
    value = column.values[m]
    if column.template is None:
        ws.write_number(m + 1, col, float(value), book.styles[column.style])
    else:
        book.formula(ws, m + 1, col, formula, value, column.style)


def _write_totals(
    book: _Book, ws: Any, columns: Sequence[Column], layout: _Layout, loc: Locale
) -> None:
    row = layout.last  # 0-based index of the row after the last month
    ws.write_string(row, 0, loc.t("Total"), book.styles["bold"])
    for i, column in enumerate(columns):
        if column.total:
            letter = xl_col_to_name(i)
            total = sum(float(v) for v in column.values)
            formula = f"=SUM({letter}{layout.first}:{letter}{layout.last})"
            book.formula(ws, row, i, formula, total, f"result_{column.style}")


def _write_results(
    book: _Book,
    ws: Any,
    items: Sequence[Result],
    letters: Mapping[str, str],
    layout: _Layout,
    loc: Locale,
) -> None:
    row = layout.last + 2
    ws.write_string(row, 0, loc.t("Results (formulas)"), book.styles["title"])
    for item in items:
        row += 1
        ws.write_string(row, 0, item.label)
        formula = resolve(item.template, letters, layout.first, layout.first, layout.last)
        book.formula(ws, row, 3, formula, item.value, f"result_{item.style}")
        book.name(item.name, layout.sheet, row, 3)


def _write_live_results(book: _Book, ws: Any, ev: CaseEvaluation, loc: Locale) -> int:
    row = _INPUTS_HEADER_ROW
    ws.write_row(row, 7, [loc.t("Result (live)"), loc.t("Value")], book.styles["header"])
    for item in results(ev, loc):
        row += 1
        ws.write_string(row, 7, item.label)
        book.formula(ws, row, 8, f"={item.name}", item.value, f"result_{item.style}")
    return row


def _insert_chart(book: _Book, ws: Any, layout: _Layout, loc: Locale, row: int) -> None:
    chart = book.workbook.add_chart({"type": "line"})
    month = layout.index["month"]
    categories = [layout.sheet, layout.first - 1, month, layout.last - 1, month]
    for column_id, label in (("cum_in", loc.t("Cumulative in-house cost")),
                             ("cum_out", loc.t("Cumulative outsourced cost"))):  # fmt: skip
        col = layout.index[column_id]
        values = [layout.sheet, layout.first - 1, col, layout.last - 1, col]
        chart.add_series({"name": label, "categories": categories, "values": values,
                          "marker": {"type": "circle", "size": 4}})  # fmt: skip
    chart.set_title({"name": loc.t("Cumulative cost by month")})
    chart.set_x_axis({"name": loc.t("Month")})
    chart.set_y_axis({"name": "€", "num_format": '"€" #,##0'})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 620, "height": 340})
    ws.insert_chart(row, 7, chart)


def _write_scenarios(book: _Book, ws: Any, ev: CaseEvaluation, loc: Locale) -> None:
    st = book.styles
    ws.write_string(0, 0, loc.t("Scenarios, Monte Carlo and tornado"), st["title"])
    note = loc.t("Computed by Regie (values, not formulas); the live model is on Calculation.")
    ws.write_string(1, 0, note, st["note"])
    row = _scenario_inputs(book, ws, ev, loc, 3)
    row = _scenario_results(book, ws, ev, loc, row + 2)
    row = _monte_carlo(book, ws, ev, loc, row + 2)
    _tornado(book, ws, ev, loc, row + 2)
    for col, width in enumerate((44, 18, 18, 18, 18, 18, 18)):
        ws.set_column(col, col, width)


def _scenario_header(book: _Book, ws: Any, row: int, first: str, loc: Locale) -> None:
    names = [loc.t("Pessimistic"), loc.t("Realistic"), loc.t("Optimistic")]
    ws.write_row(row, 0, [first, *names], book.styles["header"])


def _scenario_inputs(book: _Book, ws: Any, ev: CaseEvaluation, loc: Locale, row: int) -> int:
    _scenario_header(book, ws, row, loc.t("Input"), loc)
    values = scenario_values(ev.case.estimates, ev.tornado)
    if not ev.tornado:
        ws.write_string(row + 1, 0, loc.t("No input is a range: the three scenarios are equal."))
        return row + 1
    for bar in ev.tornado:
        row += 1
        style = input_unit(bar.key, loc)[1]
        ws.write_string(row, 0, input_label(bar.key, loc))
        for i, name in enumerate(SCENARIOS):
            value = float(values[name][bar.key])
            ws.write_number(row, 1 + i, value, book.styles[style])
    return row


def _scenario_results(book: _Book, ws: Any, ev: CaseEvaluation, loc: Locale, row: int) -> int:
    _scenario_header(book, ws, row, loc.t("Result"), loc)

    def break_even(f: Figures) -> float | str:
        return loc.t("none") if f.break_even_month is None else f.break_even_month

    lines: list[tuple[str, str, Callable[[Figures], float | str]]] = [
        (loc.t("In-house TCO"), "money", lambda f: f.inhouse_tco),
        (loc.t("Outsourced TCO"), "money", lambda f: f.outsourced_tco),
        (loc.t("Saving"), "money", lambda f: f.saving),
        (loc.t("Saving %"), "pct", lambda f: f.saving_pct),
        (loc.t("ROI %"), "pct", lambda f: f.roi_pct),
        (loc.t("Break-even month"), "month", break_even),
    ]
    for label, style, value in lines:
        row += 1
        ws.write_string(row, 0, label)
        for i, name in enumerate(SCENARIOS):
            ws.write(row, 1 + i, value(ev.scenarios[name]), book.styles[style])
    return row


def _monte_carlo(book: _Book, ws: Any, ev: CaseEvaluation, loc: Locale, row: int) -> int:
    mc, st = ev.monte_carlo, book.styles
    ws.write_row(row, 0, [loc.t("Monte Carlo of the saving"), loc.t("Value")], st["header"])
    lines: list[tuple[str, float | str, str]] = [
        (loc.t("Draws"), mc.draws, "count"),
        (loc.t("Seed"), mc.seed, "month"),
        (loc.t("Distribution"), mc.distribution, "text"),
        (loc.t("P10 of the saving"), mc.percentile(10), "money"),
        (loc.t("P50 of the saving"), mc.percentile(50), "money"),
        (loc.t("P90 of the saving"), mc.percentile(90), "money"),
        (loc.t("Mean saving"), float(mc.savings.mean()), "money"),
        (loc.t("P(loss): chance that outsourcing costs more"), mc.p_loss * 100.0, "pct"),
    ]
    for label, value, style in lines:
        row += 1
        ws.write_string(row, 0, label)
        ws.write(row, 1, value, st[style])
    return row


def _tornado(book: _Book, ws: Any, ev: CaseEvaluation, loc: Locale, row: int) -> None:
    st = book.styles
    headers = [loc.t("Tornado: input"), loc.t("Key"), loc.t("Low"), loc.t("High"),
               loc.t("Saving at low"), loc.t("Saving at high"), loc.t("Swing")]  # fmt: skip
    ws.write_row(row, 0, headers, st["header"])
    for bar in ev.tornado:
        row += 1
        style = st[input_unit(bar.key, loc)[1]]
        ws.write_row(row, 0, [input_label(bar.key, loc), bar.key])
        ws.write_row(row, 2, [bar.low, bar.high], style)
        ws.write_row(row, 4, [bar.saving_at_low, bar.saving_at_high, bar.swing], st["money"])
