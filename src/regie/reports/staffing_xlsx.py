"""The interval staffing plan as an XLSX workbook with a native Excel chart.

Sheet "Plan" holds one row per interval; sheet "Summary" the week's totals; a column chart
of agents (and scheduled staff) per interval over the week sits beside the plan. The file is
written to a temporary name and renamed, so a failed run leaves no half-written workbook.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import polars as pl
import xlsxwriter

from regie.domain.staffing_plan import IntervalPlan

_FORMATS = {
    "service_level": "0.0%",
    "occupancy": "0.0%",
    "p_wait": "0.0%",
    "abandon_rate": "0.0%",
    "traffic_erlangs": "0.00",
    "asa_seconds": "0.0",
    "aht_seconds": "0",
}


def _write_plan(book: xlsxwriter.Workbook, table: pl.DataFrame) -> xlsxwriter.worksheet.Worksheet:
    sheet = book.add_worksheet("Plan")
    bold = book.add_format({"bold": True})
    formats = {name: book.add_format({"num_format": f}) for name, f in _FORMATS.items()}
    for col, name in enumerate(table.columns):
        sheet.write(0, col, name, bold)
        sheet.set_column(col, col, max(10, len(name) + 2), formats.get(name))
        for row, value in enumerate(table[name].to_list(), start=1):
            if isinstance(value, float) and not math.isfinite(value):
                sheet.write_blank(row, col, None)
            else:
                sheet.write(row, col, value)
    sheet.freeze_panes(1, 2)
    return sheet


def _add_chart(
    book: xlsxwriter.Workbook, sheet: xlsxwriter.worksheet.Worksheet, table: pl.DataFrame
) -> None:
    last = table.height
    chart = book.add_chart({"type": "column"})
    for name in ("agents", "scheduled"):
        col = table.columns.index(name)
        chart.add_series(
            {
                "name": ["Plan", 0, col],
                "categories": ["Plan", 1, 0, last, 1],
                "values": ["Plan", 1, col, last, col],
                "gap": 10,
            }
        )
    chart.set_title({"name": "Agents per interval over the week"})
    chart.set_x_axis({"name": "Interval (weekday, start)", "num_font": {"rotation": -90}})
    chart.set_y_axis({"name": "Agents"})
    chart.set_size({"width": 1100, "height": 420})
    sheet.insert_chart(1, table.width + 1, chart)


def _write_summary(book: xlsxwriter.Workbook, plan: IntervalPlan) -> None:
    sheet = book.add_worksheet("Summary")
    bold = book.add_format({"bold": True})
    rows: list[tuple[str, float | None]] = [
        ("interval_minutes", plan.interval_seconds / 60.0),
        ("agent_hours", plan.agent_hours),
        ("paid_hours", plan.paid_hours),
        ("fte", plan.fte),
        ("peak_agents", float(plan.outcome.agents.max(initial=0.0))),
        ("cost", plan.cost),
    ]
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 14, book.add_format({"num_format": "#,##0.00"}))
    for row, (name, value) in enumerate(rows):
        sheet.write(row, 0, name, bold)
        if value is not None:
            sheet.write(row, 1, value)


def write_plan_xlsx(path: Path, table: pl.DataFrame, plan: IntervalPlan) -> Path:
    """Write the plan workbook at ``path`` (atomically) and return the path."""
    temporary = path.with_name(f".{path.name}.tmp")
    book = xlsxwriter.Workbook(str(temporary))
    try:
        sheet = _write_plan(book, table)
        _add_chart(book, sheet, table)
        _write_summary(book, plan)
    finally:
        book.close()
    os.replace(temporary, path)
    return path
