"""A pilot check in words and as a workbook.

The first half gives the words and formatted figures of a check — KPI labels, values,
targets, gaps, intervals, trends, tests, verdicts — shared by the terminal
(:mod:`regie.cli.pilot`), the page and PDF (:mod:`regie.reports.pilot_report`) and the
workbook, so the three say the same thing. Shares show as percentages, times as
durations (``1 h 30 min``), cost as euros.

The workbook (XlsxWriter) has four sheets:

- **Pilot**: the pilot and, per vendor, every KPI with its value, target, n, hits,
  Wilson interval, gap and status, then the decision;
- **Analysis**: each KPI not within target: by how much, its trend, the remedies;
- **Comparison** (2–3 vendors): per KPI and pair, the test, p-values and the n still needed;
- **Daily**: the daily KPI values per vendor, in the KPI's units (seconds, shares, euros).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import xlsxwriter

from regie.domain.pilot import (
    Better,
    Decision,
    Judgement,
    Measurement,
    Phase,
    Remedy,
    Status,
    Threshold,
    Trend,
    Verdict,
)
from regie.domain.pilot_stats import FISHER, MANN_WHITNEY, Z_TEST
from regie.i18n import Locale
from regie.services.pilot import Comparison, PilotCheck, VendorCheck
from regie.services.statement_text import channel_name, duration

SHARES = {"top2", "agent_flag"}


def kpi_label(th: Threshold, loc: Locale) -> str:
    if th.kpi == "csat":
        if th.statistic == "mean":
            return loc.t("CSAT, mean score (1–5)")
        return loc.t("CSAT, top-2-box share")
    return {
        "frt": loc.t("First response time, median")
        if th.statistic == "median"
        else loc.t("First response time, mean"),
        "aht": loc.t("Average handle time"),
        "fcr": loc.t("FCR, agent's flag"),
        "cost_per_ticket": loc.t("Cost per ticket"),
    }[th.kpi]


def is_share(th: Threshold) -> bool:
    return th.statistic in SHARES


def figure(th: Threshold, value: float, loc: Locale) -> str:
    """A value in the KPI's units: ``80.0 %``, ``1 h 30 min``, ``€3.33``, ``4.21``."""
    if is_share(th):
        return loc.percent(value * 100, 1)
    if th.kpi in ("frt", "aht"):
        return duration(value, loc)
    if th.kpi == "cost_per_ticket":
        return loc.money(value)
    return loc.number(value, 2)


def value_text(m: Measurement, th: Threshold, loc: Locale) -> str:
    return "—" if m.value is None else figure(th, m.value, loc)


def target_text(th: Threshold, loc: Locale) -> str:
    low = figure(th, th.target, loc)
    if th.better is Better.INSIDE and th.high is not None:
        return f"{low} – {figure(th, th.high, loc)}"
    return f"≤ {low}" if th.better is Better.LOWER else f"≥ {low}"


def amount_text(th: Threshold, amount: float, loc: Locale) -> str:
    """A difference in the KPI's units, unsigned: ``5.0 pp``, ``30 min``, ``€0.33``."""
    if is_share(th):
        return f"{loc.number(abs(amount) * 100, 1)} pp"
    return figure(th, abs(amount), loc)


def margin_text(j: Judgement, loc: Locale) -> str:
    """Signed room to the threshold: ``+10.0 pp`` within, ``−5.0 pp`` missed."""
    if j.gap is None:
        return "—"
    return ("+" if j.gap <= 0 else "−") + amount_text(j.threshold, j.gap, loc)


def interval_text(m: Measurement, loc: Locale) -> str:
    if m.low is None or m.high is None:
        return "—"
    return f"{loc.number(m.low * 100, 1)}–{loc.number(m.high * 100, 1)} %"


def status_text(status: Status, loc: Locale) -> str:
    return {
        Status.WITHIN: loc.t("within target"),
        Status.MISSED: loc.t("missed"),
        Status.INSUFFICIENT: loc.t("insufficient sample"),
    }[status]


def conclusive_text(j: Judgement, loc: Locale) -> str:
    if j.conclusive is False:
        return loc.t("the interval straddles the target")
    return ""


def phase_text(phase: Phase, loc: Locale) -> str:
    return {
        Phase.EARLY_READ: loc.t("early read"),
        Phase.DECISION: loc.t("day-60 decision"),
        Phase.EXIT_EVALUATION: loc.t("exit evaluation"),
    }[phase]


def verdict_text(verdict: Verdict, loc: Locale) -> str:
    return {
        Verdict.ON_TRACK: loc.t("on track"),
        Verdict.AT_RISK: loc.t("at risk"),
        Verdict.SCALE_UP: loc.t("scale up in phases"),
        Verdict.STOP: loc.t("stop and analyse per KPI"),
        Verdict.CONTINUE: loc.t("continue after the pilot"),
        Verdict.EXIT: loc.t("exit"),
    }[verdict]


def decision_text(d: Decision, loc: Locale) -> str:
    return loc.t(
        "{within} of {total} KPIs within target ({required} needed): {verdict}",
        within=d.within,
        total=d.total,
        required=d.required,
        verdict=verdict_text(d.verdict, loc),
    )


def trend_text(trend: Trend, th: Threshold, loc: Locale) -> str:
    if trend.slope is None or trend.direction is None:
        return loc.t("no trend (fewer than 3 days)")
    words = {"better": loc.t("improving"), "worse": loc.t("worsening"), "flat": loc.t("flat")}
    size = abs(trend.slope)
    if is_share(th):
        step = f"{loc.number(size * 100, 2)} pp"
    elif th.kpi == "cost_per_ticket":
        step = loc.money(size, 3)
    else:
        step = f"{loc.number(size, 1)} s"
    sign = "+" if trend.slope >= 0 else "−"
    return loc.t(
        "{direction}: {slope} per day over {days} days",
        direction=words[trend.direction],
        slope=sign + step,
        days=trend.days,
    )


def test_text(name: str | None, loc: Locale) -> str:
    names = {
        Z_TEST: loc.t("two-proportion z-test"),
        FISHER: loc.t("Fisher's exact test"),
        MANN_WHITNEY: loc.t("Mann–Whitney U test"),
    }
    return "—" if name is None else names[name]


def p_text(p: float | None, loc: Locale) -> str:
    if p is None:
        return "—"
    return "< " + loc.number(0.001, 3) if p < 0.001 else loc.number(p, 3)


def remedy_kind(remedy: Remedy, loc: Locale) -> str:
    return loc.t("training") if remedy.kind == "training" else loc.t("process change")


def remedy_text(remedy: Remedy, loc: Locale) -> str:
    return loc.t(remedy.text)  # the ids are marked for extraction in regie.domain.pilot


def needed_text(c: Comparison, loc: Locale) -> str:
    if c.needed is None:
        return loc.t("no difference to detect") if c.test is not None else "—"
    return loc.number(c.needed, 0)


def volumes_text(v: VendorCheck, through: date, loc: Locale) -> str:
    """Contacts, handled contacts and fee so far, and where the vendor's data stop short."""
    text = loc.t(
        "{offered} contacts, {handled} handled; fee so far {fee}",
        offered=loc.number(v.offered, 0),
        handled=loc.number(v.handled, 0),
        fee=loc.money(v.fee),
    )
    if v.data_through is not None and v.data_through < through:
        return text + "; " + loc.t("no data after {date}", date=loc.date(v.data_through))
    return text


def title(check: PilotCheck, loc: Locale) -> str:
    p = check.pilot
    return loc.t("Pilot {name} — day {day} of {days}", name=p.name, day=check.day, days=p.days)


def facts(check: PilotCheck, loc: Locale) -> list[tuple[str, str]]:
    p = check.pilot
    clock = p.calendar.name if p.calendar is not None else "24/7"
    return [
        (loc.t("Channel"), channel_name(p.channel, loc)),
        (loc.t("Start"), loc.date(p.start)),
        (loc.t("Checked through"), loc.date(check.through)),
        (loc.t("Stage"), phase_text(check.vendors[0].decision.phase, loc)),
        (loc.t("Time zone"), p.timezone),
        (loc.t("FRT clock"), clock),
    ]


# --- the workbook ---------------------------------------------------------------------


def write_pilot_xlsx(check: PilotCheck, path: Path, loc: Locale) -> Path:
    """Write the workbook of ``check`` to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(path))
    try:
        st = _styles(workbook)
        _pilot_sheet(workbook.add_worksheet(loc.t("Pilot")), st, check, loc)
        _analysis_sheet(workbook.add_worksheet(loc.t("Analysis")), st, check, loc)
        if len(check.vendors) > 1:
            _comparison_sheet(workbook.add_worksheet(loc.t("Comparison")), st, check, loc)
        _daily_sheet(workbook.add_worksheet(loc.t("Daily")), st, check, loc)
    finally:
        workbook.close()
    return path


def _styles(workbook: Any) -> dict[str, Any]:
    formats = {"pct": "0.0%", "money": '"€" #,##0.00', "count": "#,##0", "number": "#,##0.00",
               "p": "0.0000", "date": "yyyy-mm-dd"}  # fmt: skip
    st = {name: workbook.add_format({"num_format": f}) for name, f in formats.items()}
    st["header"] = workbook.add_format({"bold": True, "bg_color": "#D9D9D9", "bottom": 1})
    st["title"] = workbook.add_format({"bold": True, "font_size": 14})
    st["bold"] = workbook.add_format({"bold": True})
    return st


def _number_style(th: Threshold) -> str:
    return "pct" if is_share(th) else "money" if th.kpi == "cost_per_ticket" else "number"


def _cell(ws: Any, row: int, col: int, value: float | None, style: Any) -> None:
    if value is None:
        ws.write_string(row, col, "—")
    else:
        ws.write_number(row, col, value, style)


def _pilot_sheet(ws: Any, st: dict[str, Any], check: PilotCheck, loc: Locale) -> None:
    ws.write_string(0, 0, title(check, loc), st["title"])
    row = 2
    for label, text in facts(check, loc):
        ws.write_string(row, 0, label, st["bold"])
        ws.write_string(row, 1, text)
        row += 1
    headers = [loc.t("Vendor"), loc.t("KPI"), loc.t("Value"), loc.t("Target value"),
               loc.t("Upper target value"), "n", loc.t("Hits"), loc.t("95 % low"),
               loc.t("95 % high"), loc.t("Gap"), loc.t("Status")]  # fmt: skip
    row += 1
    ws.write_row(row, 0, headers, st["header"])
    for v in check.vendors:
        for j in v.judgements:
            row += 1
            th, m = j.threshold, j.measurement
            style = st[_number_style(th)]
            ws.write_row(row, 0, [v.vendor, kpi_label(th, loc)])
            for col, value in enumerate((m.value, th.target, th.high), start=2):
                _cell(ws, row, col, value, style)
            ws.write_number(row, 5, m.n, st["count"])
            _cell(ws, row, 6, m.hits, st["count"])
            _cell(ws, row, 7, m.low, st["pct"])
            _cell(ws, row, 8, m.high, st["pct"])
            _cell(ws, row, 9, j.gap, style)
            ws.write_string(row, 10, status_text(j.status, loc))
        row += 1
        ws.write_string(row, 0, v.vendor, st["bold"])
        ws.write_string(row, 1, decision_text(v.decision, loc), st["bold"])
    for col, width in enumerate((22, 34, 12, 12, 12, 8, 8, 10, 10, 10, 20)):
        ws.set_column(col, col, width)


def _analysis_sheet(ws: Any, st: dict[str, Any], check: PilotCheck, loc: Locale) -> None:
    headers = [loc.t("Vendor"), loc.t("KPI"), loc.t("Status"), loc.t("Missed by"),
               loc.t("Trend"), loc.t("Remedy type"), loc.t("Suggested remedy")]  # fmt: skip
    ws.write_row(0, 0, headers, st["header"])
    row = 0
    for v in check.vendors:
        for a in v.analyses:
            th = check.pilot.threshold(a.kpi)
            gap = "—" if a.gap is None or a.gap <= 0 else amount_text(th, a.gap, loc)
            for remedy in a.remedies:
                row += 1
                ws.write_row(row, 0, [v.vendor, kpi_label(th, loc), status_text(a.status, loc),
                                      gap, trend_text(a.trend, th, loc), remedy_kind(remedy, loc),
                                      remedy_text(remedy, loc)])  # fmt: skip
    for col, width in enumerate((22, 34, 18, 12, 40, 16, 80)):
        ws.set_column(col, col, width)


def _comparison_sheet(ws: Any, st: dict[str, Any], check: PilotCheck, loc: Locale) -> None:
    headers = [loc.t("KPI"), loc.t("Vendor"), loc.t("Value"), "n", loc.t("Vendor"),
               loc.t("Value"), "n", loc.t("Test"), loc.t("Statistic"), "p", loc.t("p (Holm)"),
               loc.t("n needed per group"), loc.t("More needed")]  # fmt: skip
    ws.write_row(0, 0, headers, st["header"])
    for row, c in enumerate(check.comparisons, start=1):
        th = check.pilot.threshold(c.kpi)
        style = st[_number_style(th)]
        ws.write_string(row, 0, kpi_label(th, loc))
        for side in (0, 1):
            ws.write_string(row, 1 + 3 * side, c.vendors[side])
            _cell(ws, row, 2 + 3 * side, c.values[side], style)
            ws.write_number(row, 3 + 3 * side, c.n[side], st["count"])
        ws.write_string(row, 7, test_text(c.test.test if c.test else None, loc))
        _cell(ws, row, 8, c.test.statistic if c.test else None, st["number"])
        _cell(ws, row, 9, c.test.p_value if c.test else None, st["p"])
        _cell(ws, row, 10, c.p_holm, st["p"])
        _cell(ws, row, 11, c.needed, st["count"])
        _cell(ws, row, 12, c.more, st["count"])
    for col, width in enumerate((34, 22, 12, 8, 22, 12, 8, 26, 10, 10, 10, 14, 12)):
        ws.set_column(col, col, width)


def _daily_sheet(ws: Any, st: dict[str, Any], check: PilotCheck, loc: Locale) -> None:
    headers = [loc.t("Vendor"), loc.t("Day"), loc.t("Date"), loc.t("KPI"), loc.t("Value"), "n"]
    ws.write_row(0, 0, headers, st["header"])
    labels = {th.kpi: kpi_label(th, loc) for th in check.pilot.thresholds}
    for row, r in enumerate(check.daily.iter_rows(named=True), start=1):
        th = check.pilot.threshold(r["kpi"])
        ws.write_string(row, 0, r["vendor"])
        ws.write_number(row, 1, r["day"], st["count"])
        ws.write_datetime(row, 2, r["date"], st["date"])
        ws.write_string(row, 3, labels[r["kpi"]])
        _cell(ws, row, 4, r["value"], st[_number_style(th)])
        ws.write_number(row, 5, r["n"], st["count"])
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(check.daily.height, 1), len(headers) - 1)
    for col, width in enumerate((22, 8, 12, 34, 12, 8)):
        ws.set_column(col, col, width)
