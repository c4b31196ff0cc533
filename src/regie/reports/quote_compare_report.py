"""The quote comparison as reports: one HTML page (interactive, offline), a PDF and an XLSX.

``quote-comparison.html``, ``.pdf`` and ``.xlsx`` show what ``regie quote compare``
prints, in the same words: the ranking on TCO with the in-house reference, a bar chart
of each vendor's TCO over 12 and 24 months, the warnings, every finding per quote and
the items side by side. The three files are written in a staging folder beside the
target and moved in only when all three succeeded.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import altair as alt
import jinja2
import vl_convert as vlc

from regie import __version__
from regie.domain.quotes import HORIZONS
from regie.files.quote_form import choice_label
from regie.i18n import Locale
from regie.reports.case_charts import Spec
from regie.reports.case_report import chart_svg, vega_bundle, write_pdf
from regie.reports.quote_compare_xlsx import (
    finding_kinds,
    quote_items,
    write_quote_comparison_xlsx,
)
from regie.services.quotes import PricedQuote, QuoteComparison, flag_text
from regie.services.statement_text import channel_name

STEM = "quote-comparison"
WIDTH = 560
FONT = "DejaVu Sans"
COLOURS = ["#8fb8d8", "#1f5f8b"]
_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("regie.reports", "templates"),
    autoescape=jinja2.select_autoescape(["html", "j2"]),
    undefined=jinja2.StrictUndefined,
)
_D3_LOCALES: dict[str, Any] = {"en": "en-GB", "nl": "nl-NL"}


def write_quote_comparison(c: QuoteComparison, out: Path, loc: Locale) -> list[Path]:
    """Write quote-comparison.html, .pdf and .xlsx into ``out``; all or nothing."""
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".regie-", dir=out))
    names = [f"{STEM}{suffix}" for suffix in (".html", ".pdf", ".xlsx")]
    try:
        chart = tco_chart(c, loc)
        page = render_html(c, loc, chart, interactive=True)
        (staging / names[0]).write_text(page, encoding="utf-8")
        write_pdf(render_html(c, loc, chart, interactive=False), staging / names[1])
        write_quote_comparison_xlsx(c, staging / names[2], loc)
        for name in names:
            os.replace(staging / name, out / name)
        return [out / name for name in names]
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def render_html(c: QuoteComparison, loc: Locale, chart: Spec | None, interactive: bool) -> str:
    """The page; ``interactive=False`` gives the PDF's (chart as SVG, no script)."""
    context = comparison_context(c, loc)
    context["interactive"] = interactive
    context["chart"] = chart
    if chart is not None and interactive:
        context["bundle"] = vega_bundle()
        context["d3_locale"] = vlc.get_format_locale(_D3_LOCALES[loc.lang])
    context["svg"] = chart_svg(chart, loc) if chart is not None and not interactive else ""
    return _TEMPLATES.get_template("quote_compare.html.j2").render(**context)


def comparison_context(c: QuoteComparison, loc: Locale) -> dict[str, Any]:
    """Every figure of the report, already formatted for the locale."""
    long = c.ranked_on
    items = [quote_items(p.info.quote, c.case.structure.channels, loc) for p in c.quotes]
    return {
        "t": loc.t,
        "lang": loc.lang,
        "version": __version__,
        "today": loc.date(date.today()),
        "case": c.case,
        "channels": ", ".join(channel_name(ch, loc) for ch in c.case.structure.channels),
        "agents": loc.number(c.agents_month_1, 0),
        "horizons": HORIZONS,
        "long": long,
        "rows": [_row(p, c, loc) for p in c.quotes],
        "inhouse": {
            "tco": [loc.money(c.inhouse[h].inhouse_tco) for h in HORIZONS],
            "unit": loc.money(c.inhouse[long].cost_per_ticket_inhouse),
        },
        "best": next((p.info.vendor for p in c.quotes if p.rank == 1), None),
        "warnings": [flag_text(w, loc) for w in c.warnings],
        "findings": [_findings(p, loc) for p in c.quotes],
        "items": _side_by_side(items),
        "vendors": [p.info.vendor for p in c.quotes],
        "coverage": None if c.coverage is None else choice_label("coverage", c.coverage, loc.lang),
    }


def _money(value: float | None, loc: Locale, decimals: int = 2) -> str:
    return "—" if value is None else loc.money(value, decimals)


def _row(p: PricedQuote, c: QuoteComparison, loc: Locale) -> dict[str, Any]:
    q = p.info.quote
    long = c.ranked_on
    tco = p.tco(long)
    saving = None if tco is None else c.inhouse[long].inhouse_tco - tco
    return {
        "rank": p.rank or "—",
        "vendor": p.info.vendor,
        "file": f"{p.info.file_name} (v{p.info.version})",
        "models": ", ".join(choice_label("model", m, loc.lang) for m in q.models) or "—",
        "rate": _money(q.hourly_rate, loc),
        "onboarding": loc.money(p.onboarding),
        "tco": [_money(p.tco(h), loc) for h in HORIZONS],
        "unit": _money(p.cost_per_ticket(long), loc),
        "saving": _money(saving, loc),
        "missing": len(p.missing),
        "best": p.rank == 1,
    }


def _findings(p: PricedQuote, loc: Locale) -> dict[str, Any]:
    kinds = finding_kinds(loc)
    return {
        "vendor": p.info.vendor,
        "flags": [
            {"kind": f.kind, "label": kinds[f.kind], "text": flag_text(f, loc)} for f in p.flags
        ],
    }


def _side_by_side(items: list[list[tuple[str, str, bool]]]) -> list[dict[str, Any]]:
    if not items:
        return []
    return [
        {"label": label, "cells": [{"text": q[i][1], "flagged": q[i][2]} for q in items]}
        for i, (label, _, _) in enumerate(items[0])
    ]


def tco_chart(c: QuoteComparison, loc: Locale) -> Spec | None:
    """Grouped bars: each priced vendor's TCO over 12 and 24 months. None when none is priced."""
    rows: list[dict[str, Any]] = [
        {
            "vendor": p.info.vendor,
            "horizon": loc.t("{months} months", months=h),
            "tco": round(tco, 2),
            "tco_text": loc.money(tco),
        }
        for p in c.quotes
        for h in HORIZONS
        if (tco := p.tco(h)) is not None
    ]
    if not rows:
        return None
    vendor_t, horizon_t, tco_t = loc.t("Vendor"), loc.t("Horizon"), loc.t("TCO (€)")
    order = list(dict.fromkeys(str(r["vendor"]) for r in rows))
    horizons = [loc.t("{months} months", months=h) for h in HORIZONS]
    chart = (
        alt.Chart(
            alt.Data(values=rows),  # type: ignore[no-untyped-call]
            title=loc.t("TCO per vendor, 12 and 24 months"),
        )
        .mark_bar()
        .encode(
            x=alt.X("vendor:N", title=vendor_t, sort=order, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("horizon:N", sort=horizons),
            y=alt.Y("tco:Q", title=tco_t, axis=alt.Axis(format=",.0f")),
            color=alt.Color(
                "horizon:N",
                title=horizon_t,
                sort=horizons,
                scale=alt.Scale(domain=horizons, range=COLOURS),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("vendor:N", title=vendor_t),
                alt.Tooltip("horizon:N", title=horizon_t),
                alt.Tooltip("tco_text:N", title=tco_t),
            ],
        )
        .properties(width=WIDTH, height=280)
        .configure(font=FONT)
    )
    spec: Spec = chart.to_dict()
    spec.pop("$schema", None)
    return spec
