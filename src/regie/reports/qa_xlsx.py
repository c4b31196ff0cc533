"""QA as workbooks (XlsxWriter): the month's IQS report and a sample to review.

The month's workbook:

- **IQS**: the vendor, month and scorecards; n, IQS, standard deviation, t and the 95 %
  interval as live formulas over the Reviews sheet (``COUNT``, ``AVERAGE``, ``STDEV``,
  ``TINV``), so a spreadsheet application recalculates them; then each category (mean
  and interval of its scores, reviews N/A) and each channel;
- **Reviews**: every review counted in the IQS, one row each: pseudonyms of agent and
  reviewer, the score, the weighted score before the critical rule, the critical
  categories that failed it and every category's score (empty for N/A);
- **Calibration**: agreement between reviewers overall and per category, and each
  reviewer's mean difference from the others.

Formulas carry Regie's own figures as cached values, so a viewer that does not
recalculate still shows the right numbers. Comments are never written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl
import xlsxwriter
from scipy import stats
from xlsxwriter.utility import xl_range_abs, xl_rowcol_to_cell

from regie.domain.qa import CONFIDENCE, MIN_REVIEWS, Agreement, MeanInterval
from regie.i18n import Locale
from regie.services.qa import QaMonth
from regie.services.statement_text import channel_name

IQS_ROW = 6  # the first row of the IQS block on the IQS sheet (0-based)
NAMES = ("qa_n", "qa_iqs", "qa_sd", "qa_t", "qa_low", "qa_high")
"""Workbook names of the IQS block's cells, in order."""
_FORMATS = {"score": "0.0", "count": "#,##0", "share": "0.0%", "alpha": "0.000", "text": "@"}


def _styles(workbook: Any) -> dict[str, Any]:
    styles = {k: workbook.add_format({"num_format": v}) for k, v in _FORMATS.items()}
    styles["header"] = workbook.add_format(
        {"bold": True, "bg_color": "#D9D9D9", "bottom": 1, "text_wrap": True, "valign": "top"}
    )
    styles["title"] = workbook.add_format({"bold": True, "font_size": 14})
    styles["bold"] = workbook.add_format({"bold": True})
    styles["bold_score"] = workbook.add_format({"bold": True, "num_format": "0.0"})
    styles["warning"] = workbook.add_format({"bold": True, "font_color": "#9A7400"})
    return styles


def write_qa_xlsx(m: QaMonth, path: Path, loc: Locale, *, cached_values: bool = True) -> Path:
    """Write the month's workbook; ``cached_values=False`` caches 0 for every formula."""
    workbook = xlsxwriter.Workbook(str(path))
    try:
        st = _styles(workbook)
        name = loc.t("Reviews")
        scores = f"{_quote(name)}!{xl_range_abs(1, 5, max(1, len(m.reviews)), 5)}"
        _iqs_sheet(workbook.add_worksheet("IQS"), m, st, loc, scores, cached_values)
        for i, label in enumerate(NAMES):
            workbook.define_name(label, f"=IQS!{xl_rowcol_to_cell(IQS_ROW + i, 1, True, True)}")
        _reviews_sheet(workbook.add_worksheet(name), m, st, loc)
        _calibration_sheet(workbook.add_worksheet(loc.t("Calibration")), m, st, loc)
    finally:
        workbook.close()
    return path


def _reviews_sheet(ws: Any, m: QaMonth, st: dict[str, Any], loc: Locale) -> None:
    """One row per review; the score in column F (the IQS sheet's formulas read it)."""
    keys = [c.key for c in m.categories]
    head = [
        loc.t("Contact"),
        loc.t("Channel"),
        loc.t("Agent (pseudonym)"),
        loc.t("Reviewer (pseudonym)"),
        loc.t("Reviewed on"),
        loc.t("Score"),
        loc.t("Weighted score"),
        loc.t("Failed critical categories"),
        *keys,
    ]
    ws.write_row(0, 0, head, st["header"])
    ws.freeze_panes(1, 1)
    for i, r in enumerate(m.reviews, start=1):
        ws.write_row(
            i,
            0,
            [
                r.contact_id,
                channel_name(r.channel, loc),
                r.agent_key or "",
                r.reviewer_key,
                "" if r.reviewed_on is None else str(r.reviewed_on),
            ],
        )
        ws.write_number(i, 5, r.score, st["score"])
        ws.write_number(i, 6, r.weighted, st["score"])
        ws.write_string(i, 7, ", ".join(r.auto_failed))
        for j, key in enumerate(keys, start=8):
            value = r.category_scores.get(key)
            if value is not None:
                ws.write_number(i, j, value, st["score"])
    ws.set_column(0, 0, 18)
    ws.set_column(1, 7, 14)
    ws.set_column(8, 8 + len(keys), 12)


def _quote(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _iqs_sheet(
    ws: Any, m: QaMonth, st: dict[str, Any], loc: Locale, scores: str, cached: bool
) -> None:
    ws.write_string(
        0, 0, loc.t("QA {vendor} — {month}", vendor=m.vendor, month=m.month), st["title"]
    )
    facts = [
        (loc.t("Vendor"), m.vendor),
        (loc.t("Month"), m.month),
        (loc.t("Scorecards"), ", ".join(m.scorecards)),
    ]
    for row, (label, value) in enumerate(facts, start=2):
        ws.write_string(row, 0, label, st["bold"])
        ws.write_string(row, 1, value)
    row = _iqs_block(ws, IQS_ROW, m.iqs, st, loc, scores, cached)
    if m.warning:
        ws.write_string(row, 0, _warning(m, loc), st["warning"])
    row += 2
    head = [
        loc.t("Category"),
        loc.t("Key"),
        loc.t("Weight"),
        loc.t("Critical"),
        "n",
        loc.t("N/A"),
        loc.t("Mean score"),
        loc.t("95 % low"),
        loc.t("95 % high"),
    ]
    ws.write_row(row, 0, head, st["header"])
    for c in m.categories:
        row += 1
        ws.write_row(row, 0, [c.label, c.key, c.weight, loc.t("yes") if c.critical else ""])
        _interval_cells(ws, row, 4, c.scores, st, na=c.na)
    row += 2
    ws.write_row(
        row,
        0,
        [loc.t("Channel"), "", "", "", "n", "", "IQS", loc.t("95 % low"), loc.t("95 % high")],
        st["header"],
    )
    for channel, found in m.channels:
        row += 1
        ws.write_string(row, 0, channel_name(channel, loc))
        _interval_cells(ws, row, 4, found, st)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 8, 13)


def _iqs_block(
    ws: Any, row: int, iqs: MeanInterval, st: dict[str, Any], loc: Locale, scores: str, cached: bool
) -> int:
    """n, IQS, sd, t and the interval as formulas over ``scores``; the next free row."""
    cell = {name: xl_rowcol_to_cell(row + i, 1) for i, name in enumerate(("n", "iqs", "sd", "t"))}
    n, mean, sd, t = cell["n"], cell["iqs"], cell["sd"], cell["t"]
    half = f"{t}*{sd}/SQRT({n})"
    t_value = _t(iqs, 1 - CONFIDENCE)
    lines: list[tuple[str, str, float | None, str]] = [
        (loc.t("Reviews (n)"), f"=COUNT({scores})", iqs.n, "count"),
        ("IQS", f'=IF({n}=0,"",AVERAGE({scores}))', iqs.mean, "bold_score"),
        (loc.t("Standard deviation"), f'=IF({n}<2,"",STDEV({scores}))', iqs.sd, "score"),
        ("t (0.975)", f'=IF({n}<2,"",TINV({1 - CONFIDENCE:g},{n}-1))', t_value, "alpha"),
        (loc.t("95 % low"), f'=IF({n}<2,"",MAX(0,{mean}-{half}))', iqs.low, "score"),
        (loc.t("95 % high"), f'=IF({n}<2,"",MIN(100,{mean}+{half}))', iqs.high, "score"),
    ]
    for i, (label, formula, value, style) in enumerate(lines):
        ws.write_string(row + i, 0, label, st["bold"])
        cached_value: float | str = ("" if value is None else value) if cached else 0
        ws.write_formula(row + i, 1, formula, st[style], cached_value)
    return row + len(lines)


def _t(iqs: MeanInterval, alpha: float) -> float | None:
    if iqs.n < 2:
        return None
    return float(stats.t.ppf(1 - alpha / 2, iqs.n - 1))


def _interval_cells(
    ws: Any, row: int, col: int, found: MeanInterval, st: dict[str, Any], na: int | None = None
) -> None:
    ws.write_number(row, col, found.n, st["count"])
    if na is not None:
        ws.write_number(row, col + 1, na, st["count"])
    for offset, value in enumerate((found.mean, found.low, found.high), start=2):
        if value is not None:
            ws.write_number(row, col + offset, value, st["score"])


def _warning(m: QaMonth, loc: Locale) -> str:
    return loc.t(
        "Only {n} reviews this month: fewer than {minimum}, too few for reliable QA figures.",
        n=m.iqs.n,
        minimum=MIN_REVIEWS,
    )


def _calibration_sheet(ws: Any, m: QaMonth, st: dict[str, Any], loc: Locale) -> None:
    cal = m.calibration
    ws.write_string(0, 0, loc.t("Calibration"), st["title"])
    ws.write_row(2, 0, [loc.t("Calibration reviews"), cal.reviews], st["bold"])
    ws.write_row(3, 0, [loc.t("Reviewers"), cal.reviewers], st["bold"])
    head = [
        loc.t("Category"),
        loc.t("Contacts"),
        loc.t("Pairs"),
        loc.t("Mean absolute difference"),
        loc.t("Exact agreement"),
        loc.t("Krippendorff's alpha"),
    ]
    ws.write_row(5, 0, head, st["header"])
    rows: Sequence[tuple[str, Agreement]] = [
        (loc.t("Review score"), cal.overall),
        *((c.label, a) for c, a in cal.categories),
    ]
    for i, (label, found) in enumerate(rows, start=6):
        ws.write_string(i, 0, label, st["bold"] if i == 6 else None)
        ws.write_number(i, 1, found.units, st["count"])
        ws.write_number(i, 2, found.pairs, st["count"])
        for col, value, style in (
            (3, found.mean_abs_diff, "score"),
            (4, found.exact_share, "share"),
            (5, found.alpha, "alpha"),
        ):
            if value is not None:
                ws.write_number(i, col, value, st[style])
    row = 7 + len(rows)
    ws.write_row(
        row,
        0,
        [
            loc.t("Reviewer (pseudonym)"),
            loc.t("Contacts"),
            loc.t("Mean difference from the others"),
        ],
        st["header"],
    )
    for i, b in enumerate(cal.bias, start=row + 1):
        ws.write_string(i, 0, b.rater)
        ws.write_number(i, 1, b.units, st["count"])
        ws.write_number(i, 2, b.mean_difference, st["score"])
    ws.set_column(0, 0, 30)
    ws.set_column(1, 5, 16)


def write_sample_xlsx(frame: pl.DataFrame, path: Path) -> Path:
    """A sample to review as a workbook: every column as text, the header frozen."""
    workbook = xlsxwriter.Workbook(str(path))
    try:
        st = _styles(workbook)
        ws = workbook.add_worksheet("Sample")
        ws.write_row(0, 0, frame.columns, st["header"])
        ws.freeze_panes(1, 1)
        for i, row in enumerate(frame.iter_rows(), start=1):
            ws.write_row(i, 0, ["" if v is None else str(v) for v in row])
        ws.set_column(0, len(frame.columns), 16)
    finally:
        workbook.close()
    return path
