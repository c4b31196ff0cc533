"""A pilot check as reports: one HTML page (interactive, offline), a PDF and an XLSX.

``pilot-<name>-day<N>.html``, ``.pdf`` and ``.xlsx`` hold what the terminal shows
(:mod:`regie.cli.pilot`), in the same words (:mod:`regie.reports.pilot_xlsx`): the pilot,
per vendor every KPI judged with its interval and the 4-of-5 decision, the analysis of
each KPI not within target (by how much, trend, remedies), with 2–3 vendors the
side-by-side table with the test per KPI and the n still needed, and a chart of the daily
KPIs per vendor against their thresholds. The page embeds Vega, Vega-Lite and vega-embed,
so it opens offline; the PDF (WeasyPrint) carries the chart as SVG.

Each file is written under a temporary name beside its target and renamed into place
when complete, so a reader never finds a half-written report.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, cast

import altair as alt
import jinja2
import vl_convert as vlc

from regie import __version__
from regie.domain.pilot import Better, Status, Threshold
from regie.i18n import Locale
from regie.reports import pilot_xlsx as words
from regie.reports.case_charts import Spec
from regie.reports.case_report import chart_svg, vega_bundle
from regie.reports.publishing import publish
from regie.reports.statement_report import slug
from regie.services.pilot import PilotCheck, VendorCheck

PANEL = 250  # two panels side by side fit a page
FONT = "DejaVu Sans"
COLOURS = ["#1f5f8b", "#e07b39", "#2e8b57"]
CSS = {Status.WITHIN: "met", Status.MISSED: "missed", Status.INSUFFICIENT: "insufficient"}
_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("regie.reports", "templates"),
    autoescape=jinja2.select_autoescape(["html", "j2"]),
    undefined=jinja2.StrictUndefined,
)
_D3_LOCALES: dict[str, Any] = {"en": "en-GB", "nl": "nl-NL"}


def pilot_stem(check: PilotCheck) -> str:
    return f"pilot-{slug(check.pilot.name)}-day{check.day}"


def write_pilot(check: PilotCheck, out: Path, loc: Locale) -> list[Path]:
    """Write ``pilot-<name>-day<N>.html``, ``.pdf`` and ``.xlsx`` into ``out``."""
    chart = daily_chart(check, loc)
    page = render_html(check, loc, chart)
    printed = render_html(check, loc, chart, interactive=False)
    workbook = lambda p: words.write_pilot_xlsx(check, p, loc)  # noqa: E731
    return publish(out, pilot_stem(check), page, printed, workbook)


def render_html(
    check: PilotCheck, loc: Locale, chart: Spec | None, interactive: bool = True
) -> str:
    """The pilot page; ``interactive=False`` gives the PDF's (chart as SVG, no script)."""
    context = pilot_context(check, loc)
    context["interactive"] = interactive
    context["chart"] = chart
    if chart is not None and interactive:
        context["bundle"] = vega_bundle()
        context["d3_locale"] = vlc.get_format_locale(_D3_LOCALES[loc.lang])
    context["svg"] = chart_svg(chart, loc) if chart is not None and not interactive else ""
    return _TEMPLATES.get_template("pilot.html.j2").render(**context)


def pilot_context(check: PilotCheck, loc: Locale) -> dict[str, Any]:
    """Every figure of the report, already formatted for the locale."""
    return {
        "t": loc.t,
        "lang": loc.lang,
        "version": __version__,
        "today": loc.date(date.today()),
        "title": words.title(check, loc),
        "facts": words.facts(check, loc),
        "vendors": [_vendor(v, check.through, loc) for v in check.vendors],
        "side_by_side": _side_by_side(check, loc) if len(check.vendors) > 1 else None,
        "comparisons": [_comparison(check, i, loc) for i in range(len(check.comparisons))],
    }


def _vendor(v: VendorCheck, through: date, loc: Locale) -> dict[str, Any]:
    return {
        "name": v.vendor,
        "verdict": words.verdict_text(v.decision.verdict, loc),
        "passed": v.decision.within >= v.decision.required,
        "decision": words.decision_text(v.decision, loc),
        "volumes": words.volumes_text(v, through, loc),
        "kpis": [
            {
                "label": words.kpi_label(j.threshold, loc),
                "value": words.value_text(j.measurement, j.threshold, loc),
                "target": words.target_text(j.threshold, loc),
                "n": loc.number(j.measurement.n, 0),
                "interval": words.interval_text(j.measurement, loc),
                "margin": words.margin_text(j, loc),
                "status": words.status_text(j.status, loc),
                "css": CSS[j.status],
                "note": words.conclusive_text(j, loc),
            }
            for j in v.judgements
        ],
        "analyses": [
            {
                "label": words.kpi_label(a_th, loc),
                "status": words.status_text(a.status, loc),
                "gap": "—" if a.gap is None or a.gap <= 0 else words.amount_text(a_th, a.gap, loc),
                "trend": words.trend_text(a.trend, a_th, loc),
                "remedies": [
                    (words.remedy_kind(r, loc), words.remedy_text(r, loc)) for r in a.remedies
                ],
            }
            for a, a_th in ((a, _threshold(v, a.kpi)) for a in v.analyses)
        ],
    }


def _threshold(v: VendorCheck, kpi: str) -> Threshold:
    return next(j.threshold for j in v.judgements if j.kpi == kpi)


def _side_by_side(check: PilotCheck, loc: Locale) -> dict[str, Any]:
    rows = []
    for i, th in enumerate(check.pilot.thresholds):
        cells = []
        for v in check.vendors:
            j = v.judgements[i]
            value = words.value_text(j.measurement, th, loc)
            cells.append(
                {"value": value, "n": loc.number(j.measurement.n, 0), "css": CSS[j.status]}
            )
        rows.append({"label": words.kpi_label(th, loc), "target": words.target_text(th, loc),
                     "cells": cells})  # fmt: skip
    return {"vendors": [v.vendor for v in check.vendors], "rows": rows}


def _comparison(check: PilotCheck, index: int, loc: Locale) -> dict[str, str]:
    c = check.comparisons[index]
    th = check.pilot.threshold(c.kpi)
    shown = [words.figure(th, x, loc) if x is not None else "—" for x in c.values]
    return {
        "label": words.kpi_label(th, loc),
        "pair": f"{c.vendors[0]} ({shown[0]}) – {c.vendors[1]} ({shown[1]})",
        "test": words.test_text(c.test.test if c.test else None, loc),
        "p": words.p_text(c.test.p_value if c.test else None, loc),
        "p_holm": words.p_text(c.p_holm, loc),
        "needed": words.needed_text(c, loc),
        "more": "—" if c.more is None else loc.number(c.more, 0),
    }


def _unit(th: Threshold, loc: Locale) -> tuple[float, str, str]:
    """Scale, axis title and axis format of a KPI's daily values in the chart."""
    if words.is_share(th):
        return 1.0, loc.t("share"), ".0%"
    if th.kpi in ("frt", "aht"):
        return 1 / 60, loc.t("minutes"), ",.1f"
    if th.kpi == "cost_per_ticket":
        return 1.0, "€", ",.2f"
    return 1.0, loc.t("score"), ",.2f"


def daily_chart(check: PilotCheck, loc: Locale) -> Spec | None:
    """The daily value of each KPI per vendor, with its threshold(s) as dashed lines."""
    if check.daily.height == 0:
        return None
    vendors = [v.name for v in check.pilot.vendors]
    colour = alt.Color("vendor:N", title=loc.t("Vendor"),
                       scale=alt.Scale(domain=vendors, range=COLOURS[: len(vendors)]),
                       legend=alt.Legend(orient="bottom"))  # fmt: skip
    charts = [_kpi_chart(check, th, colour, loc) for th in check.pilot.thresholds]
    subtitle = loc.t("Dashed: the threshold; a day without data has no point.")
    title = alt.Title(loc.t("Daily KPIs per vendor"), subtitle=subtitle)
    chart = alt.concat(*charts, columns=2, title=title).configure(font=FONT)
    spec: Spec = chart.to_dict()
    spec.pop("$schema", None)
    return spec


def _kpi_chart(check: PilotCheck, th: Threshold, colour: alt.Color, loc: Locale) -> alt.LayerChart:
    scale, unit, fmt = _unit(th, loc)
    rows = [
        {"day": r["day"], "date": r["date"].isoformat(), "vendor": r["vendor"], "n": r["n"],
         "value": r["value"] * scale, "text": words.figure(th, r["value"], loc)}
        for r in check.daily.filter(check.daily["kpi"] == th.kpi).iter_rows(named=True)
        if r["value"] is not None
    ]  # fmt: skip
    day_t = loc.t("Pilot day")
    lines = (
        alt.Chart(alt.Data(values=rows))  # type: ignore[no-untyped-call]
        .mark_line(point=True, strokeWidth=1.5)
        .encode(
            x=alt.X("day:Q", title=day_t, scale=alt.Scale(domain=[1, max(check.day, 2)])),
            y=alt.Y("value:Q", title=unit, axis=alt.Axis(format=fmt), scale=alt.Scale(zero=False)),
            color=colour,
            tooltip=[
                alt.Tooltip("vendor:N", title=loc.t("Vendor")),
                alt.Tooltip("day:Q", title=day_t),
                alt.Tooltip("date:N", title=loc.t("Date")),
                alt.Tooltip("text:N", title=loc.t("Value")),
                alt.Tooltip("n:Q", title="n"),
            ],
        )
    )
    ends = [th.target, th.high] if th.better is Better.INSIDE else [th.target]
    marks = [{"target": x * scale} for x in ends if x is not None]
    rules = (
        alt.Chart(alt.Data(values=marks))  # type: ignore[no-untyped-call]
        .mark_rule(strokeDash=[4, 3], color="#1d2430")
        .encode(y="target:Q")
    )
    label = f"{words.kpi_label(th, loc)} ({words.target_text(th, loc)})"
    layered = alt.layer(lines, rules, title=label).properties(width=PANEL, height=120)
    return cast(alt.LayerChart, layered)
