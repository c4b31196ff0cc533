"""The selection scorecard as a live workbook (XlsxWriter).

- **Scorecard**: the scale, each criterion's weight (blue: change it) and share
  (``weight / SUM(weights)``), every vendor's typed scores (blue), TCO (blue) and the
  cost score as a formula (``low + (high − low) × MIN(TCO) / TCO``), the weighted total
  (``SUMPRODUCT(shares, scores)``) and the rank (``RANK``); below, the weighted score
  per criterion (share × score) and a stacked bar chart of it;
- **Sensitivity**: the leader against each runner-up: the gap (a formula on the totals)
  and Regie's three measures of the smallest change of weights that flips them;
- **Due diligence** (when assessed): every item of both checklists per vendor.

Formulas carry Regie's own figures as cached values; ``cached_values=False`` writes 0
instead (tests use it to prove that a spreadsheet recalculates them itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_col_to_name, xl_rowcol_to_cell

from regie.domain.selection import COST, Flip
from regie.i18n import Locale
from regie.services import diligence as dd
from regie.services import selection as sel
from regie.services.selection import Selection

HEADER_ROW = 5  # the criteria table's header; criteria start on the next row
FIRST_VENDOR_COL = 4
_FORMATS = {
    "score": "0.00",
    "share": "0.0%",
    "weight": "0.##",
    "money": '"€" #,##0.00',
    "gap": "0.0000",
    "rank": "0",
}


@dataclass(frozen=True)
class _Book:
    workbook: Any
    styles: dict[str, Any]
    cached: bool

    def formula(self, ws: Any, row: int, col: int, text: str, value: float, style: str) -> None:
        ws.write_formula(row, col, text, self.styles[style], value if self.cached else 0)

    def name(self, name: str, ws: Any, row: int, col: int) -> None:
        ref = xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)
        self.workbook.define_name(name, f"={quote_sheetname(ws.get_name())}!{ref}")


@dataclass(frozen=True)
class _Layout:
    """Where the Scorecard sheet put things (rows and columns, 0-based)."""

    criteria: tuple[str, ...]
    vendors: tuple[str, ...]
    tco_row: int | None
    total_row: int
    weighted_row: int

    @property
    def first(self) -> int:
        return HEADER_ROW + 1

    @property
    def last(self) -> int:
        return HEADER_ROW + len(self.criteria)

    def col(self, vendor: str) -> int:
        return FIRST_VENDOR_COL + self.vendors.index(vendor)


def write_scorecard_xlsx(
    s: Selection, path: Path, loc: Locale, *, cached_values: bool = True
) -> Path:
    """Write the workbook of ``s`` to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    options = {"strings_to_formulas": False, "strings_to_urls": False}  # text stays text
    workbook = xlsxwriter.Workbook(str(path), options)
    try:
        book = _Book(workbook, _styles(workbook), cached_values)
        sheet = workbook.add_worksheet(loc.t("Scorecard"))
        layout = _scorecard_sheet(book, sheet, s, loc)
        _chart(book, sheet, layout, loc)
        _sensitivity_sheet(book, workbook.add_worksheet(loc.t("Sensitivity")), s, layout, loc)
        if s.diligence:
            _diligence_sheet(book, workbook.add_worksheet(loc.t("Due diligence")), s, loc)
    finally:
        workbook.close()
    return path


def _styles(workbook: Any) -> dict[str, Any]:
    styles = {name: workbook.add_format({"num_format": f}) for name, f in _FORMATS.items()}
    for name, f in _FORMATS.items():
        styles[f"{name}_input"] = workbook.add_format({"num_format": f, "font_color": "#1F4E9B",
                                                       "bg_color": "#DDEBF7"})  # fmt: skip
        styles[f"{name}_bold"] = workbook.add_format({"num_format": f, "bold": True})
    styles["header"] = workbook.add_format(
        {"bold": True, "bg_color": "#D9D9D9", "bottom": 1, "text_wrap": True, "valign": "top"}
    )
    styles["title"] = workbook.add_format({"bold": True, "font_size": 14})
    styles["note"] = workbook.add_format({"italic": True, "font_color": "#595959"})
    styles["bold"] = workbook.add_format({"bold": True})
    return styles


def _scorecard_sheet(book: _Book, ws: Any, s: Selection, loc: Locale) -> _Layout:
    st, card = book.styles, s.sheet.card
    vendors = tuple(r.vendor for r in s.ranking)
    ws.write_string(0, 0, s.sheet.title or loc.t("Selection scorecard"), st["title"])
    ws.write_string(1, 0, loc.t("Change the blue cells; results follow."), st["note"])
    ws.write_string(3, 0, loc.t("Scale"), st["bold"])
    ws.write_number(3, 1, card.scale.low, st["score_input"])
    ws.write_number(3, 2, card.scale.high, st["score_input"])
    book.name("scale_low", ws, 3, 1)
    book.name("scale_high", ws, 3, 2)
    headers = [loc.t("Criterion"), loc.t("Key"), loc.t("Weight"), loc.t("Share"), *vendors]
    ws.write_row(HEADER_ROW, 0, headers, st["header"])
    tco_row = HEADER_ROW + len(card.criteria) + 1 if COST in card.weights else None
    total_row = (tco_row or HEADER_ROW + len(card.criteria)) + 1
    layout = _Layout(card.criteria, vendors, tco_row, total_row, total_row + 3)
    _criteria_rows(book, ws, s, layout, loc)
    _total_rows(book, ws, s, layout, loc)
    _weighted_rows(book, ws, s, layout, loc)
    ws.freeze_panes(HEADER_ROW + 1, 2)
    ws.set_column(0, 0, 26)
    ws.set_column(1, 1, 18)
    ws.set_column(2, 3, 10)
    ws.set_column(FIRST_VENDOR_COL, FIRST_VENDOR_COL + len(vendors), 16)
    return layout


def _criteria_rows(book: _Book, ws: Any, s: Selection, at: _Layout, loc: Locale) -> None:
    st, card, shares = book.styles, s.sheet.card, s.weights
    weights = f"$C${at.first + 1}:$C${at.last + 1}"
    for row, key in enumerate(at.criteria, start=at.first):
        ws.write_string(row, 0, sel.criterion_label(key, loc))
        ws.write_string(row, 1, key)
        ws.write_number(row, 2, card.weights[key], st["weight_input"])
        book.formula(ws, row, 3, f"=C{row + 1}/SUM({weights})", shares[key], "share")
        for vendor in at.vendors:
            col, value = at.col(vendor), card.scores[vendor][key]
            if key == COST and at.tco_row is not None:
                book.formula(ws, row, col, _cost_formula(at, col), value, "score")
            else:
                ws.write_number(row, col, value, st["score_input"])
    if at.tco_row is not None:
        ws.write_string(at.tco_row, 0, loc.t("TCO"), st["bold"])
        for vendor in at.vendors:
            ws.write_number(at.tco_row, at.col(vendor), card.tco[vendor], st["money_input"])


def _cost_formula(at: _Layout, col: int) -> str:
    assert at.tco_row is not None
    first = xl_rowcol_to_cell(at.tco_row, FIRST_VENDOR_COL, row_abs=True, col_abs=True)
    last = xl_rowcol_to_cell(at.tco_row, at.col(at.vendors[-1]), row_abs=True, col_abs=True)
    own = xl_rowcol_to_cell(at.tco_row, col, row_abs=True)
    return f"=scale_low+(scale_high-scale_low)*MIN({first}:{last})/{own}"


def _total_rows(book: _Book, ws: Any, s: Selection, at: _Layout, loc: Locale) -> None:
    st = book.styles
    shares = f"$D${at.first + 1}:$D${at.last + 1}"
    totals = {r.vendor: r for r in s.ranking}
    ws.write_string(at.total_row, 0, loc.t("Weighted total"), st["bold"])
    ws.write_string(at.total_row + 1, 0, loc.t("Rank"), st["bold"])
    first = xl_rowcol_to_cell(at.total_row, FIRST_VENDOR_COL, row_abs=True, col_abs=True)
    last = xl_rowcol_to_cell(at.total_row, at.col(at.vendors[-1]), row_abs=True, col_abs=True)
    for vendor in at.vendors:
        col = at.col(vendor)
        letter = xl_col_to_name(col)
        scores = f"{letter}{at.first + 1}:{letter}{at.last + 1}"
        book.formula(ws, at.total_row, col, f"=SUMPRODUCT({shares},{scores})",
                     totals[vendor].total, "score_bold")  # fmt: skip
        book.formula(ws, at.total_row + 1, col, f"=RANK({letter}{at.total_row + 1},{first}:{last})",
                     totals[vendor].rank, "rank")  # fmt: skip


def _weighted_rows(book: _Book, ws: Any, s: Selection, at: _Layout, loc: Locale) -> None:
    st = book.styles
    parts = {r.vendor: r.parts for r in s.ranking}
    ws.write_string(at.weighted_row - 1, 0, loc.t("Weighted score (share × score)"), st["bold"])
    ws.write_row(at.weighted_row, 0, [loc.t("Criterion"), loc.t("Key"), "", "", *at.vendors],
                 st["header"])  # fmt: skip
    for i, key in enumerate(at.criteria):
        row, source = at.weighted_row + 1 + i, at.first + i + 1
        ws.write_string(row, 0, sel.criterion_label(key, loc))
        ws.write_string(row, 1, key)
        for vendor in at.vendors:
            letter = xl_col_to_name(at.col(vendor))
            book.formula(ws, row, at.col(vendor), f"=$D{source}*{letter}{source}",
                         parts[vendor][key], "score")  # fmt: skip


def _chart(book: _Book, ws: Any, at: _Layout, loc: Locale) -> None:
    chart = book.workbook.add_chart({"type": "bar", "subtype": "stacked"})
    name = ws.get_name()
    last_col = at.col(at.vendors[-1])
    for i in range(len(at.criteria)):
        row = at.weighted_row + 1 + i
        chart.add_series({
            "name": [name, row, 0],
            "categories": [name, at.weighted_row, FIRST_VENDOR_COL, at.weighted_row, last_col],
            "values": [name, row, FIRST_VENDOR_COL, row, last_col],
        })  # fmt: skip
    chart.set_title({"name": loc.t("Weighted score per vendor")})
    chart.set_x_axis({"name": loc.t("Weighted total")})
    chart.set_y_axis({"reverse": True})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 720, "height": 120 + 48 * len(at.vendors)})
    ws.insert_chart(at.weighted_row + len(at.criteria) + 3, 0, chart)


def _sensitivity_sheet(book: _Book, ws: Any, s: Selection, at: _Layout, loc: Locale) -> None:
    st = book.styles
    ws.write_string(0, 0, loc.t("How robust is the ranking?"), st["title"])
    ws.write_string(1, 0, loc.t("Changes are shares of the total weight, in percentage "
                                "points; computed by Regie."), st["note"])  # fmt: skip
    headers = [loc.t("Leader"), loc.t("Runner-up"), loc.t("Gap"), loc.t("Pair transfer"),
               loc.t("Moved (pair)"), loc.t("Smallest change in all (L1)"),
               loc.t("One weight alone"), loc.t("Change (one weight)")]  # fmt: skip
    ws.write_row(3, 0, headers, st["header"])
    for row, f in enumerate(s.flips, start=4):
        _flip_row(book, ws, row, f, at, loc)
    row = 5 + len(s.flips)
    for f in s.flips:
        row = _singles_table(book, ws, row + 1, f, loc)
    for col, width in enumerate((22, 22, 10, 44, 12, 48, 44, 14)):
        ws.set_column(col, col, width)


def _flip_row(book: _Book, ws: Any, row: int, f: Flip, at: _Layout, loc: Locale) -> None:
    st = book.styles
    ws.write_row(row, 0, [f.leader, f.runner_up])
    leader = xl_rowcol_to_cell(at.total_row, at.col(f.leader))
    runner = xl_rowcol_to_cell(at.total_row, at.col(f.runner_up))
    sheet = quote_sheetname(loc.t("Scorecard"))
    book.formula(ws, row, 2, f"={sheet}!{leader}-{sheet}!{runner}", f.gap, "gap")
    ws.write_string(row, 3, sel.pair_text(f, loc))
    if f.pair is not None:
        ws.write_number(row, 4, f.pair.delta, st["share"])
    ws.write_string(row, 5, sel.l1_text(f, loc))
    ws.write_string(row, 6, sel.single_text(f, loc))
    if f.single is not None:
        ws.write_number(row, 7, f.single.change, st["share"])


def _singles_table(book: _Book, ws: Any, row: int, f: Flip, loc: Locale) -> int:
    st = book.styles
    title = loc.t("{runner_up} against {leader}: one weight at a time", runner_up=f.runner_up,
                  leader=f.leader)  # fmt: skip
    ws.write_string(row, 0, title, st["bold"])
    ws.write_row(row + 1, 0, [loc.t("Criterion"), loc.t("Share"), loc.t("Level at"),
                              loc.t("Change")], st["header"])  # fmt: skip
    row += 1
    for c in f.singles:
        row += 1
        ws.write_string(row, 0, sel.criterion_label(c.criterion, loc))
        ws.write_number(row, 1, c.weight, st["share"])
        ws.write_number(row, 2, c.flips_at, st["share"])
        book.formula(ws, row, 3, f"=C{row + 1}-B{row + 1}", c.change, "share")
    if not f.singles:
        row += 1
        ws.write_string(row, 0, sel.single_text(f, loc), st["note"])
    return row + 1


def _diligence_sheet(book: _Book, ws: Any, s: Selection, loc: Locale) -> None:
    st = book.styles
    headers = [loc.t("Vendor"), loc.t("Checklist"), loc.t("Item"), loc.t("Key"),
               loc.t("Status"), loc.t("Evidence"), loc.t("Checked on"), loc.t("Accepted by"),
               loc.t("Accepted on")]  # fmt: skip
    ws.write_row(0, 0, headers, st["header"])
    row = 0
    for vendor, a in s.diligence.items():
        for state in a.states:
            row += 1
            check, accepted = state.check, state.acceptance
            ws.write_row(row, 0, [
                vendor, dd.checklist_title(state.item.checklist, loc),
                dd.item_label(state.item.key, loc), state.item.key,
                dd.status_text(state.status, loc),
                "" if check is None else check.evidence or "",
                "" if check is None else check.checked_on.isoformat(),
                "" if accepted is None else accepted.accepted_by,
                "" if accepted is None else f"{accepted.accepted_at:%Y-%m-%d %H:%M} UTC",
            ])  # fmt: skip
    ws.freeze_panes(1, 1)
    if row:
        ws.autofilter(0, 0, row, len(headers) - 1)
    for col, width in enumerate((22, 20, 40, 24, 10, 48, 12, 22, 20)):
        ws.set_column(col, col, width)
