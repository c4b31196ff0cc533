"""The business-case report: one HTML page (interactive, offline), a PDF and a live XLSX.

The three files are written to a temporary folder beside the target and moved in only
when all three succeeded, so a failure never leaves a half-written report.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import vl_convert as vlc

from regie import __version__
from regie.i18n import Locale
from regie.reports.case_charts import Spec, case_charts
from regie.reports.case_xlsx import write_case_xlsx
from regie.services.business_case import CaseEvaluation, staffing_rows
from regie.services.case_text import decision_label, input_label, reasons

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("regie.reports", "templates"),
    autoescape=jinja2.select_autoescape(["html", "j2"]),
    undefined=jinja2.StrictUndefined,
)
_D3_LOCALES: dict[str, Any] = {"en": "en-GB", "nl": "nl-NL"}


@cache
def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one script, so pages fetch nothing."""
    snippet = "window.vegaEmbed = vegaEmbed; window.vegaLite = vegaLite; window.vega = vega;"
    return str(vlc.javascript_bundle(snippet)).replace("</script", "<\\/script")


def chart_svg(spec: Spec, loc: Locale) -> str:
    """A chart rendered to SVG, for the PDF."""
    return str(vlc.vegalite_to_svg(spec, format_locale=_D3_LOCALES[loc.lang]))


def write_case_reports(ev: CaseEvaluation, out: Path, loc: Locale) -> list[Path]:
    """Write case.html, case.pdf and case.xlsx into ``out``; all or nothing."""
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".regie-", dir=out))
    try:
        charts = case_charts(ev, loc)
        html = staging / "case.html"
        html.write_text(render_html(ev, loc, charts, interactive=True), encoding="utf-8")
        write_pdf(render_html(ev, loc, charts, interactive=False), staging / "case.pdf")
        write_case_xlsx(ev, staging / "case.xlsx", loc)
        names = ("case.html", "case.pdf", "case.xlsx")
        for name in names:
            os.replace(staging / name, out / name)
        return [out / name for name in names]
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_pdf(html: str, path: Path) -> None:
    from weasyprint import HTML

    HTML(string=html).write_pdf(path)


def render_html(ev: CaseEvaluation, loc: Locale, charts: dict[str, Spec], interactive: bool) -> str:
    context = report_context(ev, loc)
    if interactive:
        context["charts"] = charts
        context["bundle"] = vega_bundle()
        context["d3_locale"] = vlc.get_format_locale(_D3_LOCALES[loc.lang])
    else:
        context["svgs"] = {k: chart_svg(v, loc) for k, v in charts.items()}
    context["interactive"] = interactive
    return _TEMPLATES.get_template("case.html.j2").render(**context)


def report_context(ev: CaseEvaluation, loc: Locale) -> dict[str, Any]:
    """Every figure of the report, already formatted for the locale."""
    r = ev.realistic
    p = r.projection
    mc = ev.monte_carlo
    hours = ev.case.productive_hours
    in_fixed, in_var = p.split("inhouse")
    out_fixed, out_var = p.split("outsourced")
    return {
        "t": loc.t,
        "money": loc.money,
        "number": loc.number,
        "percent": loc.percent,
        "lang": loc.lang,
        "version": __version__,
        "today": loc.date(date.today()),
        "case": ev.case,
        "r": r,
        "p": p,
        "mc": mc,
        "decision": ev.recommendation.decision,
        "decision_label": decision_label(ev.recommendation.decision, loc),
        "reasons": reasons(ev.recommendation.reasons, loc),
        "hours_basis": hours.label,
        "hours_per_month": hours.per_month,
        "split": {
            "in_fixed": float(in_fixed.sum()),
            "in_var": float(in_var.sum()),
            "out_fixed": float(out_fixed.sum()),
            "out_var": float(out_var.sum()),
        },
        "monthly": _monthly_rows(ev),
        "staffing": staffing_rows(ev),
        "live": bool(ev.case.structure.live),
        "scenarios": ev.scenarios,
        "tornado": [(input_label(b.key, loc), b) for b in ev.tornado],
        "inputs": [
            (input_label(k, loc), k, e)
            for k, e in ev.case.estimates.items()
            if e.is_range or e.likely != 0
        ],
        "risk_per_year": ev.risk_per_year,
    }


def _monthly_rows(ev: CaseEvaluation) -> list[dict[str, float]]:
    p = ev.realistic.projection
    cum_in = p.inhouse_monthly.cumsum()
    cum_out = p.outsourced_monthly.cumsum()
    return [
        {
            "month": m + 1,
            "volume": float(p.volume_total[m]),
            "fte": float(p.fte_total[m]),
            "inhouse": float(p.inhouse_monthly[m]),
            "outsourced": float(p.outsourced_monthly[m]),
            "cum_in": float(cum_in[m]),
            "cum_out": float(cum_out[m]),
        }
        for m in range(p.months)
    ]
