"""The report cadence as files: weekly, monthly and quarterly, each as HTML, PDF and XLSX.

``weekly-<vendor>-2026-W41``, ``monthly-<vendor>-2026-10`` and
``quarterly-<vendor>-2026-Q4`` with ``.html`` (interactive charts, the Vega bundle
inlined: it works offline and requests nothing), ``.pdf`` (the same page with the charts
rendered to SVG by vl-convert, printed by WeasyPrint) and ``.xlsx`` (the tables,
:mod:`regie.reports.cadence_xlsx`). The data come from :mod:`regie.services.cadence`.

- weekly: per channel the week's volumes and KPIs against the contract's targets, the
  vendor-wide targets over all channels, and charts of the handled contacts and the
  response share per day;
- monthly: the statement's summary (targets met or missed, penalties, bonuses, net),
  the QA results (IQS with its interval and n, a warning under 50 reviews), six-month
  trends of every target, and the early warning: a control chart per KPI and the open
  signals with their signal date and the first month the target was missed;
- quarterly: the quarter's statements, the business case against actuals with the
  re-forecast (charts of the monthly cost and the cost per ticket: planned, actual,
  re-forecast), the open signals and the recommendation with its reasons.

Each file is written under a temporary name beside its target and renamed into place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import altair as alt
import jinja2
import vl_convert as vlc
from markupsafe import Markup

from regie import __version__
from regie.domain.statement import Judged
from regie.i18n import Locale
from regie.reports.cadence_xlsx import (
    reason_text,
    signal_rows,
    verdict_text,
    write_monthly_xlsx,
    write_quarterly_xlsx,
    write_weekly_xlsx,
)
from regie.reports.case_charts import Spec
from regie.reports.case_report import chart_svg, vega_bundle
from regie.reports.publishing import publish
from regie.reports.qa_report import qa_context
from regie.reports.statement_report import slug, statement_context
from regie.reports.watch_charts import control_chart_spec
from regie.services import statement_text as words
from regie.services.cadence import (
    EarlyWarning,
    MonthlyReport,
    QuarterlyReport,
    TrendPoint,
    WeeklyReport,
)

WIDTH = 560
FONT = "DejaVu Sans"
COLOURS = ("#1f5f8b", "#e07b39", "#2e8b57", "#8e44ad", "#c0392b")
_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("regie.reports", "templates"),
    autoescape=jinja2.select_autoescape(["html", "j2"]),
    undefined=jinja2.StrictUndefined,
)
_D3_LOCALES: dict[str, Any] = {"en": "en-GB", "nl": "nl-NL"}
Charts = dict[str, Spec]


def stem(kind: str, vendor: str, label: str) -> str:
    """``weekly-acme-contact-2026-W41``."""
    return f"{kind}-{slug(vendor)}-{label}"


def write_weekly(r: WeeklyReport, out: Path, loc: Locale) -> list[Path]:
    charts = {"daily": daily_chart(r, loc)}
    return _write(
        out,
        stem("weekly", r.vendor, r.period.label),
        "weekly.html.j2",
        weekly_context(r, loc),
        charts,
        loc,
        lambda p: write_weekly_xlsx(r, p, loc),
    )


def write_monthly(r: MonthlyReport, out: Path, loc: Locale) -> list[Path]:
    charts = {"trend": trend_chart(r, loc), **control_charts(r.warning, loc, every=True)}
    found = {k: v for k, v in charts.items() if v is not None}
    return _write(
        out,
        stem("monthly", r.vendor, r.period.label),
        "monthly.html.j2",
        monthly_context(r, loc),
        found,
        loc,
        lambda p: write_monthly_xlsx(r, p, loc),
    )


def write_quarterly(r: QuarterlyReport, out: Path, loc: Locale) -> list[Path]:
    charts = {
        "cost": cost_chart(r, loc),
        "per-ticket": cost_per_ticket_chart(r, loc),
        **control_charts(r.warning, loc, every=False),
    }
    return _write(
        out,
        stem("quarterly", r.vendor, r.period.label),
        "quarterly.html.j2",
        quarterly_context(r, loc),
        charts,
        loc,
        lambda p: write_quarterly_xlsx(r, p, loc),
    )


def _write(
    out: Path,
    name: str,
    template: str,
    context: dict[str, Any],
    charts: Charts,
    loc: Locale,
    xlsx: Callable[[Path], object],
) -> list[Path]:
    page = render(template, context, charts, loc, interactive=True)
    printed = render(template, context, charts, loc, interactive=False)
    return publish(out, name, page, printed, xlsx)


def render(
    template: str, context: dict[str, Any], charts: Charts, loc: Locale, interactive: bool
) -> str:
    """A page; ``interactive=False`` gives the PDF's (charts as SVG, no script)."""
    svgs = {} if interactive else {k: chart_svg(v, loc) for k, v in charts.items()}

    def chart(key: str) -> Markup:
        if key not in charts:
            return Markup("")
        if interactive:
            return Markup('<div class="chart" id="chart-{}"></div>').format(key)
        return Markup('<div class="chart">{}</div>').format(Markup(svgs[key]))

    controls = [key for key in charts if key.startswith("control-")]
    extra = {"interactive": interactive, "charts": charts, "chart": chart, "controls": controls}
    if interactive and charts:
        extra["bundle"] = vega_bundle()
        extra["d3_locale"] = vlc.get_format_locale(_D3_LOCALES[loc.lang])
    return _TEMPLATES.get_template(template).render(**_common(loc), **context, **extra)


def _common(loc: Locale) -> dict[str, Any]:
    """What every page uses: words, formats, and the row of a judged target."""

    def money(value: float | Decimal | None, decimals: int = 2) -> str:
        return "—" if value is None else loc.money(float(value), decimals)

    def number(value: float | None, decimals: int = 0) -> str:
        return "—" if value is None else loc.number(value, decimals)

    def percent(share: float | None, decimals: int = 0) -> str:
        return "—" if share is None else loc.percent(share * 100, decimals)

    return {
        "t": loc.t,
        "lang": loc.lang,
        "version": __version__,
        "today": loc.date(date.today()),
        "money": money,
        "number": number,
        "percent": percent,
        "date": loc.date,
        "channel": lambda name: words.channel_name(name, loc),
        "row": lambda j: judged_row(j, loc),
        "rows": lambda found: [judged_row(j, loc) for j in found],
    }


# contexts ------------------------------------------------------------------------------
def judged_row(j: Judged, loc: Locale) -> dict[str, str]:
    status = j.outcome.status.value
    return {
        "key": j.key,
        "label": words.target_label(j, loc),
        "value": words.value_text(j, loc),
        "target": words.target_text(j, loc),
        "n": "—" if j.outcome.n is None else loc.number(j.outcome.n, 0),
        "interval": words.interval_text(j, loc),
        "margin": words.margin_text(j, loc),
        "status": words.status_text(j.outcome.status, loc),
        "css": "insufficient" if status == "insufficient" else status,
    }


def weekly_context(r: WeeklyReport, loc: Locale) -> dict[str, Any]:
    return {"r": r, "first": loc.date(r.period.first), "last": loc.date(r.period.last)}


def warning_context(w: EarlyWarning, loc: Locale) -> dict[str, Any]:
    until = "—" if w.until is None else loc.date(w.until)
    return {"signals": signal_rows(w, loc), "problem": w.problem, "until": until}


def monthly_context(r: MonthlyReport, loc: Locale) -> dict[str, Any]:
    trend: dict[str, dict[str, Any]] = {}
    for p in r.trend:
        line = trend.setdefault(p.judged.key, {"judged": p.judged, "cells": {}})
        line["cells"][p.month] = p.judged
    return {
        "r": r,
        "s": statement_context(r.current.statement, loc),
        "qa": None if r.qa is None else qa_context(r.qa, loc),
        "months": sorted({p.month for p in r.trend}),
        "trend": list(trend.values()),
        **warning_context(r.warning, loc),
    }


def quarterly_context(r: QuarterlyReport, loc: Locale) -> dict[str, Any]:
    rec = r.reforecast.recommendation
    return {
        "r": r,
        "f": r.reforecast,
        "verdict_text": verdict_text(rec.verdict, loc),
        "reasons": [reason_text(x, loc) for x in rec.reasons],
        **warning_context(r.warning, loc),
    }


# charts --------------------------------------------------------------------------------
def _spec(chart: alt.TopLevelMixin) -> Spec:
    spec: Spec = chart.configure(font=FONT).to_dict()
    spec.pop("$schema", None)
    return spec


def _data(rows: list[dict[str, Any]]) -> alt.Data:
    return alt.Data(values=rows)  # type: ignore[no-untyped-call]


def _tips(*fields: tuple[str, str], form: str | None = None) -> list[alt.Tooltip]:
    """Tooltips ``(field:type, title)``; ``form``: the d3 format of the last one."""
    tips = [alt.Tooltip(field, title=title) for field, title in fields]
    if form is not None:
        tips[-1] = alt.Tooltip(fields[-1][0], title=fields[-1][1], format=form)
    return tips


def daily_chart(r: WeeklyReport, loc: Locale) -> Spec:
    """Per day: the handled contacts by channel (bars) and each channel's share answered
    within its norm (phone: the service level) against the required share (dashed)."""
    rows = [
        {
            "day": d.day.isoformat(),
            "channel": words.channel_name(d.channel, loc),
            "handled": d.handled,
            "share": d.response,
            "n": d.response_n,
            "target": d.target,
        }
        for d in r.days
    ]
    day, channel = ("day:T", loc.t("Day")), ("channel:N", loc.t("Channel"))
    handled, share = ("handled:Q", loc.t("Handled")), ("share:Q", loc.t("Within the norm"))
    colour = alt.Color(channel[0], title=channel[1], scale=alt.Scale(range=list(COLOURS)))
    base = alt.Chart(_data(rows)).encode(
        x=alt.X(day[0], title=day[1], timeUnit="yearmonthdate"), color=colour
    )
    bars = base.mark_bar().encode(
        y=alt.Y(handled[0], title=handled[1]), tooltip=_tips(day, channel, handled)
    )
    answered = base.transform_filter("datum.share != null")
    line = answered.mark_line(point=True).encode(
        y=alt.Y(share[0], title=share[1], axis=alt.Axis(format=".0%"), scale=alt.Scale(zero=False)),
        tooltip=_tips(day, channel, ("n:Q", "n"), share, form=".1%"),
    )
    norm = answered.mark_line(strokeDash=[4, 3], opacity=0.7).encode(y="target:Q")
    title = alt.Title(
        loc.t("The week per day"), subtitle=loc.t("Dashed: the share the contract requires.")
    )
    size = {"width": WIDTH, "height": 170}
    return _spec(
        alt.vconcat(bars.properties(**size), alt.layer(norm, line).properties(**size), title=title)
    )


def trend_chart(r: MonthlyReport, loc: Locale) -> Spec | None:
    """Six months of each target: its value and its target, one panel per target."""
    return trend_points_chart(r.trend, loc)


def trend_points_chart(trend: Sequence[TrendPoint], loc: Locale) -> Spec | None:
    """:func:`trend_chart` of any months' judged targets (the dashboard's trends)."""
    panels: dict[str, list[dict[str, Any]]] = {}
    for p in trend:
        j = p.judged
        if j.outcome.value is not None:
            row = {"month": p.month, "value": j.outcome.value, "target": j.target,
                   "text": words.value_text(j, loc), "share": words.is_share(j),
                   "status": words.status_text(j.outcome.status, loc)}  # fmt: skip
            panels.setdefault(words.target_label(j, loc), []).append(row)
    if not panels:
        return None
    title = alt.Title(loc.t("The last six months"), subtitle=loc.t("Dashed: the target."))
    charts = [_trend_panel(label, rows, loc) for label, rows in panels.items()]
    rows = [alt.hconcat(*charts[i : i + 2]) for i in range(0, len(charts), 2)]
    return _spec(alt.vconcat(*rows, title=title))  # concat with columns: blank in browsers


def _trend_panel(label: str, rows: list[dict[str, Any]], loc: Locale) -> alt.LayerChart:
    month = ("month:O", loc.t("Month"))
    axis = alt.Axis(format=".0%" if rows[0]["share"] else ",.2~f")
    base = alt.Chart(_data(rows)).encode(x=alt.X(month[0], title=month[1]))
    line = base.mark_line(point=True, color=COLOURS[0]).encode(
        y=alt.Y("value:Q", title=None, axis=axis, scale=alt.Scale(zero=False)),
        tooltip=_tips(month, ("text:N", loc.t("Value")), ("status:N", loc.t("Status"))),
    )
    target = base.mark_line(strokeDash=[4, 3], color=COLOURS[4]).encode(y="target:Q")
    return alt.LayerChart(layer=[target, line], title=label, width=230, height=110)


def control_charts(w: EarlyWarning, loc: Locale, every: bool) -> Charts:
    """A control chart per watched KPI (``every``), or per KPI with an open signal."""
    if w.result is None:
        return {}
    signalled = {id(s.watched) for s in w.result.signals}
    chosen = [x for x in w.result.watched if every or id(x) in signalled]
    specs = (control_chart_spec(x, loc) for x in chosen)
    fonts = ({**spec, "config": {**spec.get("config", {}), "font": FONT}} for spec in specs)
    return {f"control-{i}": spec for i, spec in enumerate(fonts)}


def cost_chart(r: QuarterlyReport, loc: Locale) -> Spec:
    """The monthly vendor cost: planned, actual (invoiced) and re-forecast."""
    return _case_chart(r, loc, lambda v, fee: fee, loc.t("Vendor cost per month (€)"), ",.0f")


def cost_per_ticket_chart(r: QuarterlyReport, loc: Locale) -> Spec:
    """Cost per ticket per month: planned, actual and re-forecast."""
    return _case_chart(r, loc, _per_ticket, loc.t("Cost per ticket (€)"), ",.2f")


def _per_ticket(volume: float, fee: float) -> float | None:
    return fee / volume if volume else None


def _case_chart(
    r: QuarterlyReport,
    loc: Locale,
    measure: Callable[[float, float], float | None],
    title: str,
    form: str,
) -> Spec:
    kinds = (loc.t("Planned"), loc.t("Actual"), loc.t("Re-forecast"))
    rows = []
    for x in r.reforecast.lines:
        pairs = (
            (x.planned_volume, x.planned_fee),
            (x.actual_volume, x.actual_fee),
            (x.forecast_volume, x.forecast_fee),
        )
        for kind, (volume, fee) in zip(kinds, pairs, strict=True):
            value = None if volume is None or fee is None else measure(volume, fee)
            if value is not None:
                rows.append({"month": x.month, "kind": kind, "value": round(value, 4)})
    month, series = ("month:O", loc.t("Month")), ("kind:N", loc.t("Series"))
    domain = alt.Scale(domain=list(kinds), range=list(COLOURS[:3]))
    dashes = alt.Scale(domain=list(kinds), range=[[4, 3], [1, 0], [2, 2]])
    chart = (
        alt.Chart(_data(rows), title=title)
        .mark_line(point=True)
        .encode(
            x=alt.X(month[0], title=month[1]),
            y=alt.Y("value:Q", title=title, axis=alt.Axis(format=form)),
            color=alt.Color(series[0], title=series[1], scale=domain),
            strokeDash=alt.StrokeDash(series[0], title=series[1], scale=dashes),
            tooltip=_tips(month, series, ("value:Q", title), form=form),
        )
        .properties(width=WIDTH, height=220)
    )
    return _spec(chart)
