"""The selection scorecard as reports: one HTML page (interactive, offline), a PDF and a
live XLSX (:mod:`regie.reports.scorecard_xlsx`).

``<stem>.html``, ``.pdf`` and ``.xlsx`` hold the ranking with a stacked bar chart of the
weighted score per criterion, the weights, how the cost score follows from TCO, the
sensitivity of the ranking to the weights and, when assessed, each vendor's due
diligence with its gaps as named risks. Each file is written under a temporary name
beside its target and renamed into place when complete.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import altair as alt
import jinja2
import vl_convert as vlc

from regie import __version__
from regie.domain.diligence import Assessment, ItemState
from regie.domain.selection import COST, Flip
from regie.i18n import Locale
from regie.reports.case_charts import Spec
from regie.reports.case_report import chart_svg, vega_bundle
from regie.reports.publishing import publish
from regie.reports.scorecard_xlsx import write_scorecard_xlsx
from regie.services import diligence as dd
from regie.services import selection as sel
from regie.services.selection import Selection

WIDTH = 560
FONT = "DejaVu Sans"
PALETTE = ["#1f5f8b", "#e07b39", "#2e8b57", "#8e44ad", "#c0392b", "#d4a017", "#16a085",
           "#7f8c8d", "#34495e", "#e84393"]  # fmt: skip
_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("regie.reports", "templates"),
    autoescape=jinja2.select_autoescape(["html", "j2"]),
    undefined=jinja2.StrictUndefined,
)
_D3_LOCALES: dict[str, Any] = {"en": "en-GB", "nl": "nl-NL"}


def write_scorecard(s: Selection, out: Path, loc: Locale, stem: str = "scorecard") -> list[Path]:
    """Write ``<stem>.html``, ``.pdf`` and ``.xlsx`` into ``out``; return their paths."""
    chart = weighted_chart(s, loc)
    page = render_html(s, loc, chart)
    printed = render_html(s, loc, chart, interactive=False)
    return publish(out, stem, page, printed, lambda p: write_scorecard_xlsx(s, p, loc))


def render_html(s: Selection, loc: Locale, chart: Spec, interactive: bool = True) -> str:
    """The scorecard page; ``interactive=False`` gives the PDF's (chart as SVG, no script)."""
    context = scorecard_context(s, loc)
    context["interactive"] = interactive
    context["chart"] = chart
    if interactive:
        context["bundle"] = vega_bundle()
        context["d3_locale"] = vlc.get_format_locale(_D3_LOCALES[loc.lang])
    context["svg"] = "" if interactive else chart_svg(chart, loc)
    return _TEMPLATES.get_template("scorecard.html.j2").render(**context)


def scorecard_context(s: Selection, loc: Locale) -> dict[str, Any]:
    """Every figure of the report, already formatted for the locale."""
    card = s.sheet.card
    return {
        "t": loc.t,
        "lang": loc.lang,
        "version": __version__,
        "today": loc.date(date.today()),
        "title": s.sheet.title or loc.t("Selection scorecard"),
        "scale": f"{loc.number(card.scale.low, 0)}–{loc.number(card.scale.high, 0)}",
        "tco_from": _tco_from(s.sheet.tco_from, loc),
        "criteria": [_criterion(k, s, loc) for k in card.criteria],
        "ranking": _ranking(s, loc),
        "leader": _leader(s, loc),
        "has_cost": COST in card.weights,
        "costs": _costs(s, loc),
        "flips": [_flip(f, loc) for f in s.flips],
        "diligence": [_assessment(a, loc) for a in s.diligence.values()],
    }


def _number(value: float, loc: Locale) -> str:
    return loc.number(value, 2)


def _tco_from(source: str | None, loc: Locale) -> str:
    if source is None:
        return loc.t("no cost criterion")
    return loc.t("the quotes comparison") if source == "quotes" else loc.t("the scorecard file")


def _criterion(key: str, s: Selection, loc: Locale) -> dict[str, str]:
    return {
        "key": key,
        "label": sel.criterion_label(key, loc),
        "weight": loc.number(s.sheet.card.weights[key], 2).rstrip("0").rstrip(".,"),
        "share": loc.percent(s.weights[key] * 100, 1),
    }


def _ranking(s: Selection, loc: Locale) -> list[dict[str, Any]]:
    card = s.sheet.card
    rows = []
    for r in s.ranking:
        a = s.diligence.get(r.vendor)
        rows.append({
            "rank": r.rank,
            "vendor": r.vendor,
            "total": _number(r.total, loc),
            "scores": [_number(card.scores[r.vendor][k], loc) for k in card.criteria],
            "ready": None if a is None else a.ready_to_sign,
            "ready_text": "" if a is None else _ready_text(a, loc),
        })  # fmt: skip
    return rows


def _ready_text(a: Assessment, loc: Locale) -> str:
    if a.ready_to_sign:
        return loc.t("ready to sign")
    return loc.t("open gaps: {count}", count=len(a.open_gaps))


def _leader(s: Selection, loc: Locale) -> dict[str, str]:
    first = s.ranking[0]
    flip = s.flips[0] if s.flips else None
    distance = None if flip is None else flip.l1_distance
    return {
        "vendor": first.vendor,
        "total": _number(first.total, loc),
        "gap": "—" if flip is None else _number(flip.gap, loc),
        "l1": "—" if distance is None else sel.share_text(distance, loc),
    }


def _costs(s: Selection, loc: Locale) -> list[dict[str, str]]:
    card = s.sheet.card
    if COST not in card.weights:
        return []
    cheapest = min(card.tco.values())
    return [
        {
            "vendor": r.vendor,
            "tco": loc.money(card.tco[r.vendor], 0),
            "ratio": loc.percent(cheapest / card.tco[r.vendor] * 100, 1),
            "score": _number(card.scores[r.vendor][COST], loc),
        }
        for r in s.ranking
    ]


def _flip(f: Flip, loc: Locale) -> dict[str, Any]:
    return {
        "leader": f.leader,
        "runner_up": f.runner_up,
        "gap": _number(f.gap, loc),
        "pair": sel.pair_text(f, loc),
        "l1": sel.l1_text(f, loc),
        "single": sel.single_text(f, loc),
        "singles": [
            {
                "criterion": sel.criterion_label(c.criterion, loc),
                "weight": loc.percent(c.weight * 100, 1),
                "flips_at": loc.percent(c.flips_at * 100, 1),
                "change": ("+" if c.change > 0 else "−") + sel.share_text(abs(c.change), loc),
            }
            for c in f.singles
        ],
    }


def _assessment(a: Assessment, loc: Locale) -> dict[str, Any]:
    return {
        "vendor": a.vendor,
        "ready": a.ready_to_sign,
        "verdict": dd.verdict(a, loc),
        "risks": [_risk(state, loc) for state in a.risks],
    }


def _risk(state: ItemState, loc: Locale) -> dict[str, Any]:
    check = state.check
    return {
        "name": dd.risk_name(state, loc),
        "key": state.item.key,
        "open": state.open,
        "evidence": "" if check is None else check.evidence or "",
        "checked_on": "—" if check is None else check.checked_on.isoformat(),
        "accepted": dd.acceptance_text(state, loc),
    }


def weighted_chart(s: Selection, loc: Locale) -> Spec:
    """Each vendor's weighted total as a bar stacked from its criteria (share × score)."""
    title = alt.Title(
        loc.t("Weighted score per vendor"),
        subtitle=loc.t("Each segment: a criterion's share of the weight × its score."),
    )
    chart = (
        alt.layer(_bars(s, loc), title=title)
        .properties(width=WIDTH - 160, height=max(80, 40 * len(s.ranking)))
        .configure(font=FONT)
    )
    spec: Spec = chart.to_dict()
    spec.pop("$schema", None)
    return spec


def _chart_rows(s: Selection, loc: Locale) -> list[dict[str, Any]]:
    card = s.sheet.card
    return [
        {
            "vendor": r.vendor,
            "criterion": sel.criterion_label(k, loc),
            "order": i,
            "points": r.parts[k],
            "score": card.scores[r.vendor][k],
            "share": s.weights[k],
        }
        for r in s.ranking
        for i, k in enumerate(card.criteria)
    ]


def _bars(s: Selection, loc: Locale) -> alt.Chart:
    scale = s.sheet.card.scale
    labels = [sel.criterion_label(k, loc) for k in s.sheet.card.criteria]
    criterion_t, points_t = loc.t("Criterion"), loc.t("Weighted score")
    domain = [min(0.0, scale.low), scale.high]
    bars: alt.Chart = (
        alt.Chart(alt.Data(values=_chart_rows(s, loc)))  # type: ignore[no-untyped-call]
        .mark_bar()
        .encode(
            x=alt.X("sum(points):Q", title=points_t, scale=alt.Scale(domain=domain)),
            y=alt.Y(
                "vendor:N",
                title=None,
                sort=[r.vendor for r in s.ranking],
                axis=alt.Axis(labelLimit=220),
            ),
            color=alt.Color(
                "criterion:N",
                title=criterion_t,
                sort=labels,
                scale=alt.Scale(domain=labels, range=PALETTE),
                legend=alt.Legend(orient="bottom", columns=4),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("vendor:N", title=loc.t("Vendor")),
                alt.Tooltip("criterion:N", title=criterion_t),
                alt.Tooltip("score:Q", title=loc.t("Score"), format=".2f"),
                alt.Tooltip("share:Q", title=loc.t("Share"), format=".1%"),
                alt.Tooltip("points:Q", title=points_t, format=".3f"),
            ],
        )
    )
    return bars
