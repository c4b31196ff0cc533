"""The quote comparison as a workbook (XlsxWriter).

- **Comparison**: one row per quote in rank order — TCO over 12 and 24 months and the
  volume as numbers, cost per ticket and saving against in-house as formulas (cached
  with Regie's figures) — the in-house row, and a column chart of the TCOs;
- **Findings**: every missing item, scope mismatch, risk and warning, one a row;
- **Items**: what each quote says, item by item, vendors side by side; blanks marked.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from regie.domain.quotes import HORIZONS, PriceList, Quote, missing_items
from regie.files.quote_form import (
    FIELD_ITEMS,
    RATE_FIELDS,
    Field,
    choice_label,
    general_fields,
)
from regie.i18n import Locale
from regie.services.quotes import (
    PricedQuote,
    QuoteComparison,
    duration_text,
    flag_text,
    item_label,
)
from regie.services.statement_text import channel_name

BLANK = "—"
_FORMATS = {"money": '"€" #,##0.00;"€" -#,##0.00', "count": "#,##0", "unit": '"€" #,##0.0000'}


def write_quote_comparison_xlsx(c: QuoteComparison, path: Path, loc: Locale) -> Path:
    """Write the comparison workbook to ``path``."""
    workbook = xlsxwriter.Workbook(str(path))
    try:
        styles = _styles(workbook)
        sheet = workbook.add_worksheet(loc.t("Comparison"))
        _comparison_sheet(workbook, sheet, styles, c, loc)
        _findings_sheet(workbook.add_worksheet(loc.t("Findings")), styles, c, loc)
        _items_sheet(workbook.add_worksheet(loc.t("Items")), styles, c, loc)
    finally:
        workbook.close()
    return path


def _styles(workbook: Any) -> dict[str, Any]:
    styles = {k: workbook.add_format({"num_format": v}) for k, v in _FORMATS.items()}
    styles["header"] = workbook.add_format(
        {"bold": True, "bg_color": "#D9D9D9", "bottom": 1, "text_wrap": True, "valign": "top"}
    )
    styles["title"] = workbook.add_format({"bold": True, "font_size": 14})
    styles["bold"] = workbook.add_format({"bold": True})
    styles["wrap"] = workbook.add_format({"text_wrap": True, "valign": "top"})
    styles["blank"] = workbook.add_format({"bg_color": "#FDECEA", "font_color": "#C0392B"})
    return styles


def _columns(loc: Locale) -> list[str]:
    horizons = [loc.t("TCO {months} months", months=h) for h in HORIZONS]
    volumes = [loc.t("Contacts in {months} months", months=h) for h in HORIZONS]
    units = [loc.t("Cost per ticket, {months} months", months=h) for h in HORIZONS]
    long = max(HORIZONS)
    return [
        loc.t("Rank"),
        loc.t("Vendor"),
        loc.t("Version"),
        loc.t("Model"),
        loc.t("Hourly rate"),
        loc.t("Onboarding"),
        *horizons,
        *volumes,
        *units,
        loc.t("Saving vs in-house, {months} months", months=long),
        loc.t("Missing items"),
    ]


def _comparison_sheet(
    workbook: Any, ws: Any, st: dict[str, Any], c: QuoteComparison, loc: Locale
) -> None:
    ws.write_string(0, 0, loc.t("Quote comparison — {case}", case=c.case.name), st["title"])
    ws.write_string(
        1,
        0,
        loc.t("Ranked on TCO over {months} months, not on the hourly rate.", months=c.ranked_on),
    )
    header = 3
    ws.write_row(header, 0, _columns(loc), st["header"])
    rows = list(c.quotes)
    for i, p in enumerate(rows, start=header + 1):
        _quote_row(ws, i, p, st, loc)
    inhouse = header + len(rows) + 1
    _inhouse_row(ws, inhouse, c, st, loc)
    for i in range(header + 1, header + len(rows) + 1):
        _saving_formula(ws, i, inhouse, c, rows[i - header - 1], st)
    ws.freeze_panes(header + 1, 2)
    ws.set_column(0, 0, 7)
    ws.set_column(1, 1, 24)
    ws.set_column(2, 14, 15)
    priced = [i for i, p in enumerate(rows, start=header + 1) if p.figures is not None]
    if priced:
        ws.insert_chart(inhouse + 2, 1, _chart(workbook, ws, priced, loc))


def _quote_row(ws: Any, row: int, p: PricedQuote, st: dict[str, Any], loc: Locale) -> None:
    q = p.info.quote
    ws.write(row, 0, p.rank if p.rank is not None else BLANK)
    ws.write_string(row, 1, p.info.vendor, st["bold"])
    ws.write_number(row, 2, p.info.version)
    ws.write_string(row, 3, ", ".join(choice_label("model", m, loc.lang) for m in q.models))
    _number(ws, row, 4, q.hourly_rate, st["money"])
    ws.write_number(row, 5, p.onboarding, st["money"])
    for k, h in enumerate(HORIZONS):
        _number(ws, row, 6 + k, p.tco(h), st["money"])
        volume = None if p.figures is None else p.figures[h].volume
        _number(ws, row, 8 + k, volume, st["count"])
        _unit_formula(ws, row, 10 + k, 6 + k, 8 + k, p.cost_per_ticket(h), st)
    ws.write_number(row, 13, len(p.missing))


def _inhouse_row(ws: Any, row: int, c: QuoteComparison, st: dict[str, Any], loc: Locale) -> None:
    ws.write_string(row, 1, loc.t("In-house"), st["bold"])
    for k, h in enumerate(HORIZONS):
        f = c.inhouse[h]
        ws.write_number(row, 6 + k, f.inhouse_tco, st["money"])
        ws.write_number(row, 8 + k, f.volume, st["count"])
        _unit_formula(ws, row, 10 + k, 6 + k, 8 + k, f.cost_per_ticket_inhouse, st)


def _number(ws: Any, row: int, col: int, value: float | None, style: Any) -> None:
    if value is None:
        ws.write_string(row, col, BLANK)
    else:
        ws.write_number(row, col, value, style)


def _unit_formula(
    ws: Any, row: int, col: int, tco: int, volume: int, value: float | None, st: dict[str, Any]
) -> None:
    if value is None:
        ws.write_string(row, col, BLANK)
        return
    a, b = xl_rowcol_to_cell(row, tco), xl_rowcol_to_cell(row, volume)
    ws.write_formula(row, col, f"=IF({b}>0,{a}/{b},0)", st["unit"], value)


def _saving_formula(
    ws: Any, row: int, inhouse: int, c: QuoteComparison, p: PricedQuote, st: dict[str, Any]
) -> None:
    tco = p.tco(c.ranked_on)
    if tco is None:
        ws.write_string(row, 12, BLANK)
        return
    col = 6 + HORIZONS.index(c.ranked_on)
    ref = xl_rowcol_to_cell(inhouse, col, row_abs=True)
    saving = c.inhouse[c.ranked_on].inhouse_tco - tco
    ws.write_formula(row, 12, f"={ref}-{xl_rowcol_to_cell(row, col)}", st["money"], saving)


def _chart(workbook: Any, ws: Any, rows: Sequence[int], loc: Locale) -> Any:
    """Column chart of the TCOs; ``rows`` are the priced quotes' rows (contiguous)."""
    chart = workbook.add_chart({"type": "column"})
    sheet, first, last = ws.get_name(), rows[0], rows[-1]
    for k, h in enumerate(HORIZONS):
        chart.add_series(
            {
                "name": loc.t("TCO {months} months", months=h),
                "categories": [sheet, first, 1, last, 1],
                "values": [sheet, first, 6 + k, last, 6 + k],
            }
        )
    chart.set_title({"name": loc.t("TCO per vendor, 12 and 24 months")})
    chart.set_y_axis({"num_format": '"€" #,##0'})
    chart.set_size({"width": 720, "height": 360})
    return chart


def _findings_sheet(ws: Any, st: dict[str, Any], c: QuoteComparison, loc: Locale) -> None:
    ws.write_row(0, 0, [loc.t("Vendor"), loc.t("Kind"), loc.t("Finding")], st["header"])
    row = 0
    kinds = finding_kinds(loc)
    for w in c.warnings:
        row += 1
        ws.write_row(row, 0, ["", kinds[w.kind], flag_text(w, loc)])
    for p in c.quotes:
        for f in p.flags:
            row += 1
            ws.write_row(row, 0, [p.info.vendor, kinds[f.kind], flag_text(f, loc)])
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 20)
    ws.set_column(2, 2, 110)


def finding_kinds(loc: Locale) -> dict[str, str]:
    return {
        "missing": loc.t("unforeseen-cost risk"),
        "scope": loc.t("scope mismatch"),
        "risk": loc.t("risk"),
        "warning": loc.t("warning"),
    }


def _items_sheet(ws: Any, st: dict[str, Any], c: QuoteComparison, loc: Locale) -> None:
    ws.write_row(0, 0, [loc.t("Item"), *(p.info.vendor for p in c.quotes)], st["header"])
    table = [quote_items(p.info.quote, c.case.structure.channels, loc) for p in c.quotes]
    for i, (label, _, _) in enumerate(table[0] if table else [], start=1):
        ws.write_string(i, 0, label, st["bold"])
        for k, items in enumerate(table, start=1):
            _, value, flagged = items[i - 1]
            ws.write_string(i, k, value, st["blank"] if flagged else st["wrap"])
    ws.set_column(0, 0, 36)
    ws.set_column(1, len(c.quotes), 30)
    ws.freeze_panes(1, 1)


def quote_items(q: Quote, channels: Sequence[str], loc: Locale) -> list[tuple[str, str, bool]]:
    """What the quote says, item by item: (label, text, part of a missing item)."""
    gdpr, missing = vars(q.gdpr), set(missing_items(q))
    rows = [
        (
            loc.t(f.label),
            _value_text(gdpr[k] if k in gdpr else getattr(q, k), f, loc),
            FIELD_ITEMS.get(k) in missing,
        )
        for k, (_, f) in general_fields().items()
    ]
    rows.insert(4, (item_label("pricing", loc), price_text(q.pricing, loc), "pricing" in missing))
    for channel in channels:
        rows += _channel_items(q, channel, missing, loc)
    return rows


def _channel_items(
    q: Quote, channel: str, missing: set[str], loc: Locale
) -> list[tuple[str, str, bool]]:
    t = q.terms(channel)
    name = channel_name(channel, loc)
    own = t.pricing if t is not None else None
    prices = price_text(own, loc) if own else loc.t("the general price list")
    if q.price_list(channel) is None:
        prices = BLANK
    scope = BLANK if t is None or t.in_scope is None else _yes_no(t.in_scope, loc)
    return [
        (loc.t("In scope ({channel})", channel=name), scope, t is None or not t.in_scope),
        (item_label(f"pricing.{channel}", loc), prices, f"pricing.{channel}" in missing),
        (item_label(f"sla.{channel}", loc), _sla_text(t, loc), f"sla.{channel}" in missing),
        (item_label(f"hours.{channel}", loc), _hours_text(t, loc), f"hours.{channel}" in missing),
    ]


def price_text(p: PriceList | None, loc: Locale) -> str:
    if p is None:
        return BLANK
    rates = [
        f"{loc.t(f.label).lower()} {_rate(getattr(p, f.key), f.kind, loc)}"
        for f in RATE_FIELDS[1:]
        if getattr(p, f.key) is not None
    ]
    return choice_label("model", p.model, loc.lang) + (": " + ", ".join(rates) if rates else "")


def _rate(value: float, kind: str, loc: Locale) -> str:
    return loc.money(value) if kind == "money" else loc.number(value, 0)


def _sla_text(t: Any, loc: Locale) -> str:
    if t is None or t.response_seconds is None:
        return BLANK
    share = BLANK if t.response_share_pct is None else loc.percent(t.response_share_pct, 0)
    return loc.t(
        "{share} within {target}", share=share, target=duration_text(t.response_seconds, loc)
    )


def _hours_text(t: Any, loc: Locale) -> str:
    if t is None or t.coverage is None:
        return BLANK
    days = choice_label("coverage", t.coverage, loc.lang)
    if t.coverage == "24/7" or t.hours_per_day is None:
        return days
    return loc.t("{days}, {hours} h a day", days=days, hours=loc.number(t.hours_per_day, 1))


def _yes_no(value: bool, loc: Locale) -> str:
    return loc.t("yes") if value else loc.t("no")


def _value_text(value: Any, f: Field, loc: Locale) -> str:
    kind, choices = f.kind, f.choices
    if value is None or value == "":
        return BLANK
    if isinstance(value, bool):
        return _yes_no(value, loc)
    if kind == "choice":
        return choice_label(choices, str(value), loc.lang)
    if kind == "money":
        return loc.money(float(value))
    if kind == "percent":
        return loc.percent(float(value))
    if kind == "number":
        return loc.number(float(value), 0 if float(value).is_integer() else 1)
    return str(value)
