"""Control charts of the early warning (:mod:`regie.services.watch`), for any report.

One chart per watched series, built with Altair: the daily values as points (days with
more contacts drawn larger), the baseline mean, the contract target as a rule, the first
day of the open signal and the first missed month marked. With EWMA the smoothed line
runs between its control limits (a band) on the values' own axis; with CUSUM the sum on
the worse side runs on a second axis up to its decision interval.

:func:`control_chart` gives the Altair chart (to combine with others),
:func:`control_chart_spec` the plain Vega-Lite dict (interactive in HTML, rendered to SVG
by vl-convert for a PDF), :func:`series_label` the words for a series.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import Any, Literal

import altair as alt
import numpy as np

from regie.domain.drift import Floats
from regie.i18n import Locale
from regie.services.statement_text import channel_name, measure_label
from regie.services.watch import ALL, Series, Signal, Watched, open_signal

Spec = dict[str, Any]
Side = Literal["left", "right"]
WIDTH = 560
HEIGHT = 220
COLOURS = {"value": "#8aa4b8", "line": "#1f5f8b", "band": "#1f5f8b", "target": "#c0392b",
           "signal": "#e07b39", "mean": "#555555"}  # fmt: skip


def series_label(series: Series, loc: Locale) -> str:
    """ "E-mail: share answered within the norm", "All channels: FCR, agent's flag", …"""
    channel = loc.t("All channels") if series.channel == ALL else channel_name(series.channel, loc)
    return f"{channel}: {measure_text(series.measure, loc)}"


def measure_text(measure: str, loc: Locale) -> str:
    return loc.t("AHT (seconds)") if measure == "aht" else measure_label(measure, loc)


def value_format(series: Series) -> str:
    """The d3 format of the series' values: percentages for shares."""
    if series.kind == "proportion":
        return ".1%"
    return ",.0f" if series.measure == "aht" else ",.2f"


def control_chart(watched: Watched, loc: Locale) -> alt.LayerChart:
    """The control chart of one watched series (see the module docstring)."""
    series = watched.series
    base = alt.Chart(_data(_rows(watched))).encode(x=alt.X("day:T", title=loc.t("Day")))
    y = _axis(series, loc)
    points = base.mark_circle(color=COLOURS["value"], opacity=0.6).encode(
        y=y("value"),
        size=alt.Size("n:Q", legend=None, scale=alt.Scale(range=[6, 60])),
        tooltip=_tooltip(series, loc),
    )
    values: list[Any] = [points, *_rules(watched, y, loc)]
    title = alt.Title(series_label(series, loc), subtitle=_subtitle(watched, loc))
    if watched.chart is None:
        return alt.LayerChart(layer=values, title=title, width=WIDTH, height=HEIGHT)
    if watched.method == "ewma":
        layers = [*_ewma(base, y), *values]
        return alt.LayerChart(layer=layers, title=title, width=WIDTH, height=HEIGHT)
    independent = alt.Resolve(scale=alt.ScaleResolveMap(y="independent"))
    both = [alt.LayerChart(layer=values), alt.LayerChart(layer=_cusum(base, loc))]
    return alt.LayerChart(layer=both, resolve=independent, title=title, width=WIDTH, height=HEIGHT)


def _axis(series: Series, loc: Locale) -> Callable[[str], alt.Y]:
    """The y encoding of a field on the values' axis (one title, one format)."""
    title = loc.t("Daily value")
    axis = alt.Axis(format=value_format(series).replace(".1%", ".0%"))

    def encode(field: str) -> alt.Y:
        return alt.Y(f"{field}:Q", title=title, axis=axis, scale=alt.Scale(zero=False))

    return encode


def control_chart_spec(watched: Watched, loc: Locale) -> Spec:
    """:func:`control_chart` as a plain Vega-Lite dict."""
    spec: Spec = control_chart(watched, loc).to_dict()
    spec.pop("$schema", None)
    return spec


def _rows(watched: Watched) -> list[dict[str, Any]]:
    series = watched.series
    statistic, lower, upper = (_padded(watched, part) for part in ("statistic", "lower", "upper"))
    columns = zip(series.dates, series.n, series.values, statistic, lower, upper, strict=True)
    names = ("value", "statistic", "lower", "upper")
    return [
        {"day": str(day), "n": int(n)} | {k: _number(v) for k, v in zip(names, row, strict=True)}
        for day, n, *row in columns
    ]


def _padded(watched: Watched, part: str) -> Floats:
    """The chart's ``part`` over every day of the series (NaN before the watched days)."""
    full = np.full(watched.series.dates.size, np.nan)
    if watched.chart is not None:
        full[watched.start :] = getattr(watched.chart, part)
    return full


def _number(value: float) -> float | None:
    return None if math.isnan(value) or math.isinf(value) else round(float(value), 6)


def _tooltip(series: Series, loc: Locale) -> list[alt.Tooltip]:
    return [
        alt.Tooltip("day:T", title=loc.t("Day")),
        alt.Tooltip("value:Q", title=loc.t("Value"), format=value_format(series)),
        alt.Tooltip("n:Q", title="n"),
    ]


def _ewma(base: alt.Chart, y: Callable[[str], alt.Y]) -> list[alt.Chart]:
    """The EWMA line inside its control limits."""
    band = base.mark_area(opacity=0.12, color=COLOURS["band"]).encode(y=y("lower"), y2="upper:Q")
    line = base.mark_line(strokeWidth=2, color=COLOURS["line"]).encode(y=y("statistic"))
    return [band, line]


def _cusum(base: alt.Chart, loc: Locale) -> list[alt.Chart]:
    """The CUSUM of the shortfall and its decision interval, on a second axis."""
    y = alt.Y("statistic:Q", title=loc.t("CUSUM of the shortfall (standard errors)"))
    axis = alt.Axis(orient="right")
    line = base.mark_line(strokeWidth=2, color=COLOURS["line"]).encode(y=y.axis(axis))
    limit = base.mark_line(strokeDash=[6, 3], color=COLOURS["signal"]).encode(y="upper:Q")
    return [line, limit]


def _rules(watched: Watched, y: Callable[[str], alt.Y], loc: Locale) -> list[alt.LayerChart]:
    """The baseline mean, the target, the signal day and the first missed month."""
    found: list[alt.LayerChart] = []
    series, base = watched.series, watched.base
    horizontal = [(base.mean if base else None, loc.t("baseline mean"), COLOURS["mean"]),
                  (series.target, loc.t("target"), COLOURS["target"])]  # fmt: skip
    for value, label, colour in horizontal:
        if value is not None:
            row = {"value": value, "label": label}
            found.append(_rule(row, {"y": y("value")}, {"x": alt.value(2)}, colour))
    for day, label, align in _marked_days(watched, loc):
        row, at = {"day": day.isoformat(), "label": label}, {"y": alt.value(8)}
        found.append(_rule(row, {"x": alt.X("day:T")}, at, COLOURS["signal"], align))
    return found


def _marked_days(watched: Watched, loc: Locale) -> list[tuple[date, str, Side]]:
    """The open signal's first day (labelled left of it), the first missed month (right)."""
    signal = open_signal(watched)
    if signal is None:
        return []
    since = loc.t("signal since {day}", day=signal.since.isoformat())
    marked: list[tuple[date, str, Side]] = [(signal.since, since, "right")]
    if signal.first_missed is not None:
        month = f"{signal.first_missed:%Y-%m}"
        missed = loc.t("target first missed: {month}", month=month)
        marked.append((signal.first_missed, missed, "left"))
    return marked


def _rule(
    row: dict[str, Any],
    where: dict[str, Any],
    text_at: dict[str, Any],
    colour: str,
    align: Side = "left",
) -> alt.LayerChart:
    """A dashed rule with its label beside it (``align``: which side of the label)."""
    data = _data([row])
    rule = alt.Chart(data).mark_rule(strokeDash=[4, 3], color=colour)
    dx = 3 if align == "left" else -3
    text = alt.Chart(data).mark_text(align=align, dx=dx, dy=-4, color=colour)
    labelled = text.encode(**where, **text_at, text="label:N")
    return alt.LayerChart(layer=[rule.encode(**where, tooltip=["label:N"]), labelled])


def _subtitle(watched: Watched, loc: Locale) -> str:
    if watched.base is None:
        return loc.t("no baseline: {problem}", problem=watched.problem or "")
    return loc.t(
        "baseline {start} – {end}, {method}",
        start=watched.baseline_from.isoformat(),
        end=watched.baseline_to.isoformat(),
        method=watched.method.upper(),
    )


def _data(rows: list[dict[str, Any]]) -> alt.Data:
    return alt.Data(values=rows)  # type: ignore[no-untyped-call]


def versus_text(signal: Signal, loc: Locale) -> str:
    """``63.1 % < 70.9 %`` (EWMA, in the KPI's unit) or ``120.1 > 5.0`` (CUSUM)."""
    stat, limit = signal.statistic, signal.limit
    sign = "<" if stat < limit else ">" if stat > limit else "="
    return f"{signal_figure(signal, stat, loc)} {sign} {signal_figure(signal, limit, loc)}"


def signal_figure(signal: Signal, value: float, loc: Locale) -> str:
    if signal.method == "cusum":
        return loc.number(value, 1)
    if signal.series.kind == "proportion":
        return loc.percent(100 * value, 1)
    return loc.number(value, 0 if signal.series.measure == "aht" else 2)
