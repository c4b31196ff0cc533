"""Vega-Lite chart specs of a business case, shared by the HTML and PDF reports.

Each function returns a plain Vega-Lite dict (built with Altair), so the same chart is
interactive in a page and rendered to SVG by vl-convert for a PDF.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import numpy as np

from regie.i18n import Locale
from regie.services.business_case import CaseEvaluation
from regie.services.case_text import input_label

Spec = dict[str, Any]
WIDTH = 560
COLOURS = ["#1f5f8b", "#e07b39"]


def cumulative_cost(ev: CaseEvaluation, loc: Locale) -> Spec:
    """Cumulative cost by month, in-house versus outsourced."""
    p = ev.realistic.projection
    inhouse, outsourced = loc.t("In-house"), loc.t("Outsourced")
    rows = []
    for side, monthly in ((inhouse, p.inhouse_monthly), (outsourced, p.outsourced_monthly)):
        for month, value in enumerate(np.cumsum(monthly), start=1):
            rows.append({"month": month, "side": side, "cost": round(float(value), 2)})
    month_t, cost, side_t = loc.t("Month"), loc.t("Cumulative cost (€)"), loc.t("Option")
    chart = (
        alt.Chart(_data(rows), title=loc.t("Cumulative cost by month"))
        .mark_line(point=True)
        .encode(
            x=alt.X("month:O", title=month_t),
            y=alt.Y("cost:Q", title=cost, axis=alt.Axis(format=",.0f")),
            color=alt.Color("side:N", title=side_t, scale=alt.Scale(range=COLOURS)),
            tooltip=[
                alt.Tooltip("month:O", title=month_t),
                alt.Tooltip("side:N", title=side_t),
                alt.Tooltip("cost:Q", title=cost, format=",.2f"),
            ],
        )
        .properties(width=WIDTH, height=260)
    )
    return _spec(chart)


def saving_distribution(ev: CaseEvaluation, loc: Locale, bins: int = 40) -> Spec:
    """Histogram of the Monte Carlo saving with P10, P50 and P90 marked."""
    savings = ev.monte_carlo.savings
    counts, edges = np.histogram(savings, bins=bins)
    share = counts / max(savings.size, 1)
    rows = [
        {"from": float(a), "to": float(b), "share": float(s), "loss": bool(b <= 0)}
        for a, b, s in zip(edges[:-1], edges[1:], share, strict=True)
    ]
    marks = [{"label": f"P{q}", "value": ev.monte_carlo.percentile(q)} for q in (10, 50, 90)]
    saving, share_t = loc.t("Saving over the horizon (€)"), loc.t("Share of draws")
    bars = (
        alt.Chart(_data(rows))
        .mark_bar()
        .encode(
            x=alt.X("from:Q", bin="binned", title=saving, axis=alt.Axis(format=",.0f")),
            x2="to:Q",
            y=alt.Y("share:Q", title=share_t, axis=alt.Axis(format=".0%")),
            color=alt.Color(
                "loss:N",
                legend=None,
                scale=alt.Scale(domain=[False, True], range=["#1f5f8b", "#c0392b"]),
            ),
            tooltip=[
                alt.Tooltip("from:Q", format=",.0f"),
                alt.Tooltip("to:Q", format=",.0f"),
                alt.Tooltip("share:Q", format=".1%", title=share_t),
            ],
        )
    )
    rules = (
        alt.Chart(_data(marks))
        .mark_rule(strokeDash=[4, 3], color="#333")
        .encode(
            x="value:Q", tooltip=[alt.Tooltip("label:N"), alt.Tooltip("value:Q", format=",.0f")]
        )
    )
    labels = (
        alt.Chart(_data(marks))
        .mark_text(dy=-6, align="left", dx=3)
        .encode(x="value:Q", y=alt.value(0), text="label:N")
    )
    title = loc.t(
        "Distribution of the saving ({draws} draws)", draws=loc.number(ev.monte_carlo.draws, 0)
    )
    chart = alt.layer(bars, rules, labels, title=title).properties(width=WIDTH, height=220)
    return _spec(chart)


def tornado(ev: CaseEvaluation, loc: Locale, top: int = 10) -> Spec:
    """Saving with each ranged input at its low and high end, widest swing on top."""
    base = ev.realistic.saving
    rows = []
    for order, bar in enumerate(ev.tornado[:top]):
        label = input_label(bar.key, loc)
        ends = (
            (loc.t("low"), bar.low, bar.saving_at_low),
            (loc.t("high"), bar.high, bar.saving_at_high),
        )
        for end, value, at_end in ends:
            rows.append(
                {
                    "input": label,
                    "order": order,
                    "end": end,
                    "value": value,
                    "from": base,
                    "to": at_end,
                }
            )
    saving = loc.t("Saving over the horizon (€)")
    chart = (
        alt.Chart(_data(rows), title=loc.t("What moves the saving most"))
        .mark_bar()
        .encode(
            y=alt.Y(
                "input:N",
                sort=alt.EncodingSortField("order"),
                title=None,
                axis=alt.Axis(labelLimit=280),
            ),
            x=alt.X(
                "from:Q", title=saving, axis=alt.Axis(format=",.0f"), scale=alt.Scale(zero=False)
            ),
            x2="to:Q",
            color=alt.Color("end:N", title=loc.t("Input at"), scale=alt.Scale(range=COLOURS)),
            tooltip=[
                alt.Tooltip("input:N"),
                alt.Tooltip("end:N"),
                alt.Tooltip("value:Q", format=",.2f"),
                alt.Tooltip("to:Q", title=saving, format=",.0f"),
            ],
        )
        .properties(width=WIDTH - 160, height=max(60, 26 * min(top, len(ev.tornado))))
    )
    return _spec(chart)


def case_charts(ev: CaseEvaluation, loc: Locale) -> dict[str, Spec]:
    """Every chart of the case report, by id."""
    charts = {"cumulative": cumulative_cost(ev, loc), "distribution": saving_distribution(ev, loc)}
    if ev.tornado:
        charts["tornado"] = tornado(ev, loc)
    return charts


def _data(rows: list[dict[str, Any]]) -> alt.Data:
    return alt.Data(values=rows)  # type: ignore[no-untyped-call]


def _spec(chart: alt.TopLevelMixin) -> Spec:
    spec: Spec = chart.to_dict()
    spec.pop("$schema", None)
    return spec
