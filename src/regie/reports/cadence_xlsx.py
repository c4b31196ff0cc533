"""The cadence reports' workbooks (XlsxWriter), and the words both they and the pages use.

Every sheet is one table of the report with its figures as numbers (shares as fractions
formatted as percentages, money in euros, dates as Excel dates), so they can be sorted,
filtered and charted again:

- weekly: **KPIs** (per channel and over all channels, each target judged), **Days**;
- monthly: **Statement** (every target of the month), **Money**, **QA** (when reviews
  exist), **Trends** (six months), **Signals** (the open early-warning signals);
- quarterly: **Months** (the quarter's statements), **Case vs actual** (per case month:
  planned, actual, re-forecast), **Recommendation** (the verdict and its reasons),
  **Signals**.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import xlsxwriter

from regie.domain.statement import Judged
from regie.i18n import Locale
from regie.reports.watch_charts import series_label
from regie.services import statement_text as words
from regie.services.cadence import (
    EarlyWarning,
    MonthlyReport,
    QuarterlyReport,
    Stated,
    WeeklyReport,
)
from regie.services.reforecast import Reason, Verdict

Cell = str | float | int | date | None
Column = tuple[str, str]  # header, format key
_FORMATS = {
    "money": '"€" #,##0.00;"€" -#,##0.00',
    "pct": "0.0%",
    "number": "#,##0.00",
    "count": "#,##0",
    "date": "yyyy-mm-dd",
    "text": "@",
}


# words ---------------------------------------------------------------------------------
def t(message: str) -> str:
    """Mark a message id for extraction; it is translated where it is used."""
    return message


VERDICTS: dict[Verdict, str] = {
    "keep": t("Keep the vendor"),
    "renegotiate": t("Renegotiate"),
    "consider_exit": t("Consider exit"),
}
REASONS = {
    "no_saving_forecast": t(
        "The re-forecast saving over the contract is {forecast} (the case: {planned}): "
        "outsourcing is now expected to cost more than in-house."
    ),
    "persistent_misses": t("Missed in each of the last 3 months: {targets}."),
    "saving_below_case": t(
        "Saving realised {realised} against {planned} in the case for the same months "
        "({share}; below {limit})."
    ),
    "cost_per_ticket_above_case": t(
        "Cost per ticket {actual} against {planned} in the case (more than 10 % above)."
    ),
    "repeated_misses": t("Missed in 2 of the last 3 months: {targets}."),
    "open_signals": t("{signals} open early-warning signal(s): discuss them with the vendor."),
    "on_track": t("Saving realised at {share} of the case's; no target missed repeatedly."),
}
_MONEY = {"forecast", "planned", "realised", "actual"}
SIGNAL_COLUMNS = (
    (t("Key"), "text", "key"),
    (t("KPI"), "text", "label"),
    (t("Signal since"), "date", "since"),
    (t("Target first missed"), "text", "missed_text"),
    (t("Direction"), "text", "direction"),
    (t("Baseline"), "number", "baseline"),
    (t("Statistic"), "number", "statistic"),
    (t("Limit"), "number", "limit"),
)
CASE_COLUMNS = (
    (t("Case month"), "count", "index"),
    (t("Month"), "text", "month"),
    (t("Planned volume"), "number", "planned_volume"),
    (t("Planned fee"), "money", "planned_fee"),
    (t("Planned in-house cost"), "money", "planned_inhouse"),
    (t("Actual volume"), "count", "actual_volume"),
    (t("Invoiced"), "money", "actual_fee"),
    (t("In-house cost at the actual volume"), "money", "actual_inhouse"),
    (t("Re-forecast volume"), "number", "forecast_volume"),
    (t("Re-forecast fee"), "money", "forecast_fee"),
    (t("Re-forecast in-house cost"), "money", "forecast_inhouse"),
)


def verdict_text(verdict: Verdict, loc: Locale) -> str:
    return loc.t(VERDICTS[verdict])


def reason_text(reason: Reason, loc: Locale) -> str:
    """One sentence per rule of :mod:`regie.services.reforecast`, with its figures."""
    values: dict[str, str] = {}
    for key, value in reason.figures.items():
        if value is None or isinstance(value, str):
            values[key] = "—" if value is None else value
        elif key in _MONEY:
            values[key] = loc.money(float(value))
        else:
            values[key] = loc.percent(float(value) * 100, 0) if key != "signals" else str(value)
    return loc.t(REASONS[reason.code], **values) if reason.code in REASONS else reason.code


def signal_rows(warning: EarlyWarning, loc: Locale) -> list[dict[str, Any]]:
    """The open signals: what, since when, and the first month the target was missed."""
    if warning.result is None:
        return []
    return [
        {
            "key": s.series.kpi,
            "label": series_label(s.series, loc),
            "since": s.since,
            "first_missed": s.first_missed,
            "missed_text": loc.t("not yet")
            if s.first_missed is None
            else f"{s.first_missed:%Y-%m}",
            "direction": loc.t("down") if s.direction == "down" else loc.t("up"),
            "baseline": s.baseline_mean,
            "statistic": s.statistic,
            "limit": s.limit,
            "proportion": s.series.kind == "proportion",
            "statistic_share": s.series.kind == "proportion" and s.watched.method == "ewma",
        }
        for s in warning.result.signals
    ]


def judged_value(j: Judged) -> tuple[float | None, float | None, str]:
    """A target's value and threshold as numbers, and their Excel format."""
    style = "pct" if words.is_share(j) else "number"
    return j.outcome.value, j.target, style


# workbooks -----------------------------------------------------------------------------
class _Book:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.workbook = xlsxwriter.Workbook(str(path))
        self.styles = {k: self.workbook.add_format({"num_format": v}) for k, v in _FORMATS.items()}
        self.header = self.workbook.add_format({"bold": True, "bg_color": "#D9D9D9", "bottom": 1})
        self.title = self.workbook.add_format({"bold": True, "font_size": 14})

    def sheet(
        self,
        name: str,
        title: str,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Cell]],
        styles: Sequence[Sequence[str]] | None = None,
    ) -> None:
        """One table: a title, a header row, then one row per item (``styles`` per cell)."""
        ws = self.workbook.add_worksheet(name[:31])
        ws.write_string(0, 0, title, self.title)
        ws.write_row(2, 0, [c[0] for c in columns], self.header)
        ws.freeze_panes(3, 1)
        for r, row in enumerate(rows, start=3):
            for c, value in enumerate(row):
                style = styles[r - 3][c] if styles else columns[c][1]
                self._cell(ws, r, c, value, style)
        for c, (header, _) in enumerate(columns):
            ws.set_column(c, c, max(12, min(len(header) + 2, 40)))

    def _cell(self, ws: Any, r: int, c: int, value: Cell, style: str) -> None:
        if value is None:
            ws.write_string(r, c, "—")
        elif isinstance(value, date):
            ws.write_datetime(r, c, value, self.styles["date"])
        elif isinstance(value, int | float):
            ws.write_number(r, c, value, self.styles.get(style, self.styles["number"]))
        else:
            ws.write_string(r, c, value)

    def close(self) -> None:
        self.workbook.close()


def _judged_table(
    rows: Sequence[tuple[str, Judged]], loc: Locale
) -> tuple[list[Column], list[list[Cell]], list[list[str]]]:
    columns: list[Column] = [
        (loc.t("Channel"), "text"),
        (loc.t("Key"), "text"),
        (loc.t("Target"), "text"),
        (loc.t("Value"), "number"),
        (loc.t("Target value"), "number"),
        ("n", "count"),
        (loc.t("Status"), "text"),
    ]
    cells: list[list[Cell]] = []
    styles: list[list[str]] = []
    for channel, j in rows:
        value, target, style = judged_value(j)
        label = words.target_label(j, loc)
        status = words.status_text(j.outcome.status, loc)
        cells.append([channel, j.key, label, value, target, j.outcome.n, status])
        styles.append(["text", "text", "text", style, style, "count", "text"])
    return columns, cells, styles


def _signals_sheet(book: _Book, warning: EarlyWarning, loc: Locale) -> None:
    found = signal_rows(warning, loc)
    columns = [(loc.t(name), kind) for name, kind, _ in SIGNAL_COLUMNS]
    rows = [[s[key] for *_, key in SIGNAL_COLUMNS] for s in found]
    styles = [_signal_styles(s) for s in found]
    book.sheet(loc.t("Signals"), loc.t("Early-warning signals"), columns, rows, styles)


def _signal_styles(row: dict[str, Any]) -> list[str]:
    value = "pct" if row["proportion"] else "number"
    statistic = "pct" if row["statistic_share"] else "number"
    return ["text", "text", "date", "text", "text", value, statistic, statistic]


def write_weekly_xlsx(r: WeeklyReport, path: Path, loc: Locale) -> Path:
    book = _Book(path)
    try:
        everything = "(" + loc.t("all channels") + ")"
        judged = [(words.channel_name(c.channel, loc), j) for c in r.channels for j in c.judged]
        judged += [(everything, j) for j in r.overall]
        title = loc.t(
            "Weekly KPI overview {vendor} — {period}", vendor=r.vendor, period=r.period.label
        )
        book.sheet(loc.t("KPIs"), title, *_judged_table(judged, loc))
        columns: list[Column] = [
            (loc.t("Day"), "date"),
            (loc.t("Channel"), "text"),
            (loc.t("Offered"), "count"),
            (loc.t("Handled"), "count"),
            (loc.t("Within the norm"), "pct"),
            ("n", "count"),
            (loc.t("Required share"), "pct"),
        ]
        rows: list[list[Cell]] = [
            [
                d.day,
                words.channel_name(d.channel, loc),
                d.offered,
                d.handled,
                d.response,
                d.response_n,
                d.target,
            ]
            for d in r.days
        ]
        book.sheet(loc.t("Days"), loc.t("Per day"), columns, rows)
    finally:
        book.close()
    return path


def write_monthly_xlsx(r: MonthlyReport, path: Path, loc: Locale) -> Path:
    book = _Book(path)
    try:
        s = r.current.statement
        title = loc.t(
            "Monthly quality analysis {vendor} — {period}", vendor=r.vendor, period=r.period.label
        )
        book.sheet(loc.t("Statement"), title, *_judged_table([("", j) for j in s.judged], loc))
        book.sheet(loc.t("Money"), loc.t("Penalties and bonuses"), *_money_table(r.current, loc))
        if r.qa is not None:
            q = r.qa
            lines = [(loc.t("all channels"), q.iqs)] + [
                (words.channel_name(c, loc), m) for c, m in q.channels
            ]
            columns: list[Column] = [
                (loc.t("Channel"), "text"),
                ("IQS", "number"),
                (loc.t("95 % low"), "number"),
                (loc.t("95 % high"), "number"),
                ("n", "count"),
            ]
            rows: list[list[Cell]] = [[c, m.mean, m.low, m.high, m.n] for c, m in lines]
            book.sheet("QA", loc.t("Quality assurance"), columns, rows)
        trend = [(p.month, p.judged) for p in r.trend]
        book.sheet(loc.t("Trends"), loc.t("The last six months"), *_judged_table(trend, loc))
        _signals_sheet(book, r.warning, loc)
    finally:
        book.close()
    return path


def _money_table(stated: Stated, loc: Locale) -> tuple[list[Column], list[list[Cell]]]:
    s = stated.statement
    items: list[tuple[str, Any]] = [
        (loc.t("Monthly fee"), s.monthly_fee),
        (loc.t("penalties charged"), -s.settlement.penalty_charged),
        (loc.t("bonuses paid"), s.settlement.bonus_paid),
        (loc.t("earned back"), s.refunds),
        (loc.t("net invoice adjustment"), s.net),
        (loc.t("Invoiced"), stated.invoiced),
        (loc.t("Cost per contact"), s.cost_per_contact),
    ]
    rows: list[list[Cell]] = [[k, None if v is None else float(v)] for k, v in items]
    return [(loc.t("Item"), "text"), (loc.t("Amount"), "money")], rows


def write_quarterly_xlsx(r: QuarterlyReport, path: Path, loc: Locale) -> Path:
    book = _Book(path)
    try:
        title = loc.t(
            "Quarterly evaluation {vendor} — {period}", vendor=r.vendor, period=r.period.label
        )
        book.sheet(loc.t("Months"), title, *_months_table(r.months, loc))
        book.sheet(loc.t("Case vs actual"), r.reforecast.case_name, *_case_table(r, loc))
        rec = r.reforecast.recommendation
        rows: list[list[Cell]] = [[verdict_text(rec.verdict, loc), ""]]
        rows += [[x.code, reason_text(x, loc)] for x in rec.reasons]
        columns: list[Column] = [(loc.t("Reason"), "text"), (loc.t("Explanation"), "text")]
        book.sheet(loc.t("Recommendation"), loc.t("Recommendation"), columns, rows)
        _signals_sheet(book, r.warning, loc)
    finally:
        book.close()
    return path


def _months_table(months: Sequence[Stated], loc: Locale) -> tuple[list[Column], list[list[Cell]]]:
    columns: list[Column] = [
        (loc.t("Month"), "text"),
        (loc.t("Handled"), "count"),
        (loc.t("Monthly fee"), "money"),
        (loc.t("net invoice adjustment"), "money"),
        (loc.t("Invoiced"), "money"),
        (loc.t("Cost per contact"), "money"),
        (loc.t("Met"), "count"),
        (loc.t("Missed"), "count"),
        (loc.t("Recorded revision"), "count"),
    ]
    rows: list[list[Cell]] = []
    for m in months:
        s = m.statement
        statuses = [j.outcome.status.value for j in s.judged]
        cost = None if s.cost_per_contact is None else float(s.cost_per_contact)
        rows.append(
            [
                s.month,
                m.handled,
                float(s.monthly_fee),
                float(s.net),
                float(m.invoiced),
                cost,
                statuses.count("met"),
                statuses.count("missed"),
                m.revision,
            ]
        )
    return columns, rows


def _case_table(r: QuarterlyReport, loc: Locale) -> tuple[list[Column], list[list[Cell]]]:
    columns = [(loc.t(name), kind) for name, kind, _ in CASE_COLUMNS]
    rows = [[getattr(x, field) for *_, field in CASE_COLUMNS] for x in r.reforecast.lines]
    return columns, rows
