"""The monthly statement as reports: one HTML page (interactive, offline), a PDF and an XLSX.

``statement-<vendor>-<month>.html``, ``.pdf`` and ``.xlsx`` hold what the terminal shows
(:mod:`regie.cli.evaluate`), in the same words and figures (:mod:`regie.services.
statement_text`): the contract and data behind the month, every norm and KPI judged, a
chart of the share targets with their 95 % intervals, the money, the volumes and, for
each explanation given, the contacts behind a miss (the first 200 in the page and PDF,
all of them in the workbook).

Each file is written under a temporary name beside its target and renamed into place
when complete, so a reader never finds a half-written report.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import altair as alt
import jinja2
import vl_convert as vlc

from regie import __version__
from regie.domain.penalties import Adjustment, Status
from regie.domain.statement import Judged, Statement
from regie.i18n import Locale
from regie.reports.case_charts import Spec
from regie.reports.case_report import chart_svg, vega_bundle
from regie.reports.publishing import publish
from regie.reports.statement_xlsx import in_zone, local_rows, write_statement_xlsx
from regie.services import statement_text as words
from regie.services.explain import Explanation

SHOWN_CONTACTS = 200  # contacts per explanation in the page and PDF; the XLSX has all
WIDTH = 560
FONT = "DejaVu Sans"  # the page's font: vl-convert measures the labels in it
COLOURS = {Status.MET: "#2e8b57", Status.MISSED: "#c0392b", Status.INSUFFICIENT: "#d4a017"}
_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("regie.reports", "templates"),
    autoescape=jinja2.select_autoescape(["html", "j2"]),
    undefined=jinja2.StrictUndefined,
)
_D3_LOCALES: dict[str, Any] = {"en": "en-GB", "nl": "nl-NL"}


def slug(vendor: str) -> str:
    """``Acme Contact`` → ``acme-contact``: lowercase, every run of other characters a dash."""
    plain = unicodedata.normalize("NFKD", vendor).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "vendor"


def statement_stem(statement: Statement) -> str:
    return f"statement-{slug(statement.vendor)}-{statement.month}"


def write_statement(
    statement: Statement, out: Path, loc: Locale, explanations: Sequence[Explanation] = ()
) -> list[Path]:
    """Write ``statement-<vendor>-<month>.html``, ``.pdf`` and ``.xlsx`` into ``out``.

    Every file is first written under a temporary name in ``out`` and then renamed, so
    none is ever half-written; the paths are returned in that order.
    """
    chart = share_chart(statement, loc)
    page = render_html(statement, loc, chart, explanations)
    printed = render_html(statement, loc, chart, explanations, interactive=False)
    workbook = lambda p: write_statement_xlsx(statement, p, loc, explanations)  # noqa: E731
    return publish(out, statement_stem(statement), page, printed, workbook)


def render_html(
    statement: Statement,
    loc: Locale,
    chart: Spec | None,
    explanations: Sequence[Explanation] = (),
    interactive: bool = True,
) -> str:
    """The statement page; ``interactive=False`` gives the PDF's (charts as SVG, no script)."""
    context = statement_context(statement, loc, explanations)
    context["interactive"] = interactive
    context["chart"] = chart
    if chart is not None and interactive:
        context["bundle"] = vega_bundle()
        context["d3_locale"] = vlc.get_format_locale(_D3_LOCALES[loc.lang])
    context["svg"] = chart_svg(chart, loc) if chart is not None and not interactive else ""
    return _TEMPLATES.get_template("statement.html.j2").render(**context)


def statement_context(
    s: Statement, loc: Locale, explanations: Sequence[Explanation] = ()
) -> dict[str, Any]:
    """Every figure of the report, already formatted for the locale."""
    labels = {j.key: words.target_label(j, loc) for j in s.judged}
    return {
        "t": loc.t,
        "lang": loc.lang,
        "version": __version__,
        "today": loc.date(date.today()),
        "s": s,
        "effective_from": loc.date(s.contract_effective_from),
        "sha": s.contract_sha256[:12],
        "batches": ", ".join(str(b) for b in s.batches) or "—",
        "cutoff": "—" if s.cutoff is None else f"{in_zone(s.cutoff, s.timezone):%Y-%m-%d %H:%M}",
        "judged": [_judged_row(j, loc) for j in s.judged],
        "money": _money_rows(s, labels, loc),
        "volumes": _volume_rows(s, loc),
        "monthly_fee": words.money(s.monthly_fee, loc),
        "cost_per_contact": words.money(s.cost_per_contact, loc),
        "explanations": [_explanation(e, labels, s.timezone, loc) for e in explanations],
    }


def _judged_row(j: Judged, loc: Locale) -> dict[str, str]:
    return {
        "key": j.key,
        "label": words.target_label(j, loc),
        "value": words.value_text(j, loc),
        "target": words.target_text(j, loc),
        "n": "—" if j.outcome.n is None else loc.number(j.outcome.n, 0),
        "interval": words.interval_text(j, loc),
        "margin": words.margin_text(j, loc),
        "status": words.status_text(j.outcome.status, loc),
        "css": _css(j.outcome.status),
        "note": words.note_text(j.note, loc),
    }


def _css(status: Status) -> str:
    return {Status.MET: "met", Status.MISSED: "missed", Status.INSUFFICIENT: "insufficient"}[status]


def _minus(amount: Decimal, loc: Locale) -> str:
    return ("−" if amount else "") + words.money(amount, loc)


def _money_rows(s: Statement, labels: dict[str, str], loc: Locale) -> dict[str, Any]:
    settlement = s.settlement

    def adjustment(a: Adjustment, kind: str, sign: str) -> dict[str, str]:
        return {
            "kind": kind,
            "rule": a.rule,
            "target": labels.get(a.target, a.target),
            "key": a.target,
            "tier": str(a.tier),
            "amount": sign + words.money(a.amount, loc),
        }

    def cap(amount: Decimal | None) -> str:
        return loc.t("none") if amount is None else words.money(amount, loc)

    return {
        "adjustments": [adjustment(p, loc.t("penalty"), "−") for p in settlement.penalties]
        + [adjustment(b, loc.t("bonus"), "") for b in settlement.bonuses],
        "earn_backs": [
            {
                "month": e.month,
                "rule": e.penalty.rule,
                "target": labels.get(e.penalty.target, e.penalty.target),
                "key": e.penalty.target,
                "status": words.earn_back_text(e.status, loc),
                "charged": words.money(e.charged, loc),
                "refund": words.money(e.refund, loc),
            }
            for e in s.earn_backs
        ],
        "penalty_total": _minus(settlement.penalty_total, loc),
        "penalty_cap": cap(settlement.penalty_cap),
        "penalty_charged": _minus(settlement.penalty_charged, loc),
        "capped": settlement.penalty_charged < settlement.penalty_total,
        "bonus_total": words.money(settlement.bonus_total, loc),
        "bonus_cap": cap(settlement.bonus_cap),
        "bonus_paid": words.money(settlement.bonus_paid, loc),
        "bonus_capped": settlement.bonus_paid < settlement.bonus_total,
        "refunds": words.money(s.refunds, loc),
        "net": words.money(s.net, loc),
        "earn_back_months": s.earn_back_months,
    }


def _volume_rows(s: Statement, loc: Locale) -> list[dict[str, str]]:
    rows = [
        {
            "channel": words.channel_name(v.channel, loc),
            "offered": loc.number(v.offered, 0),
            "handled": loc.number(v.handled, 0),
            "abandoned": loc.number(v.abandoned, 0),
        }
        for v in s.volumes
    ]
    if len(s.volumes) > 1:
        rows.append(
            {
                "channel": "",
                "offered": loc.number(sum(v.offered for v in s.volumes), 0),
                "handled": loc.number(sum(v.handled for v in s.volumes), 0),
                "abandoned": loc.number(sum(v.abandoned for v in s.volumes), 0),
            }
        )
    return rows


def _explanation(
    e: Explanation, labels: dict[str, str], timezone: str, loc: Locale
) -> dict[str, Any]:
    rows = local_rows(e.rows, timezone)
    shown = rows.head(SHOWN_CONTACTS)
    return {
        "key": e.key,
        "label": labels.get(e.key, e.key),
        "figure": e.figure,
        "total": rows.height,
        "total_text": loc.number(rows.height, 0),
        "shown": shown.height,
        "shown_text": loc.number(shown.height, 0),
        "columns": rows.columns,
        "rows": [[_cell(v, loc) for v in row] for row in shown.iter_rows()],
    }


def _cell(value: object, loc: Locale) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return loc.t("yes") if value else loc.t("no")
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M:%S}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return loc.number(value, 0)
    if isinstance(value, float | Decimal):
        number = float(value)
        if not math.isfinite(number):
            return "—"
        return loc.number(number, 0 if number.is_integer() else 1)
    return str(value)


def share_chart(s: Statement, loc: Locale) -> Spec | None:
    """Each share target's value with its 95 % interval against the target, by status.

    None when the month has no share target with a value.
    """
    rows = [_chart_row(j, loc) for j in s.judged if words.is_share(j)]
    data = [row for row in rows if row is not None]
    if not data:
        return None
    lowest = min(min(r["value"], r["target"], r["low"] or 1.0) for r in data)
    domain = [max(0.0, math.floor(lowest * 20) / 20 - 0.05), 1.0]
    statuses = [words.status_text(status, loc) for status in COLOURS]
    value_t, target_t, status_t = loc.t("Value"), loc.t("Target value"), loc.t("Status")
    interval_t = loc.t("95 % interval")
    base = alt.Chart(alt.Data(values=data)).encode(  # type: ignore[no-untyped-call]
        y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=300)),
        tooltip=[
            alt.Tooltip("label:N", title=loc.t("Target")),
            alt.Tooltip("value_text:N", title=value_t),
            alt.Tooltip("interval_text:N", title=interval_t),
            alt.Tooltip("target_text:N", title=target_t),
            alt.Tooltip("status:N", title=status_t),
        ],
    )
    x = alt.X("value:Q", title=value_t, scale=alt.Scale(domain=domain), axis=alt.Axis(format=".0%"))
    colour = alt.Color(
        "status:N",
        title=status_t,
        scale=alt.Scale(domain=statuses, range=list(COLOURS.values())),
        legend=alt.Legend(orient="bottom"),
    )
    interval = base.mark_rule(strokeWidth=2).encode(
        x=alt.X("low:Q", scale=alt.Scale(domain=domain)), x2="high:Q", color=colour
    )
    points = base.mark_point(filled=True, size=90, opacity=1).encode(x=x, color=colour)
    targets = base.mark_tick(color="#1d2430", thickness=2, size=22).encode(
        x=alt.X("target:Q", scale=alt.Scale(domain=domain))
    )
    title = alt.Title(
        loc.t("Shares against their targets (95 % interval)"),
        subtitle=loc.t("Dot: the value; line: its 95 % interval; tick: the target."),
    )
    chart = (
        alt.layer(interval, targets, points, title=title)
        .properties(width=WIDTH - 220, height=max(60, 34 * len(data)))
        .configure(font=FONT)
    )
    spec: Spec = chart.to_dict()
    spec.pop("$schema", None)
    return spec


def _chart_row(j: Judged, loc: Locale) -> dict[str, Any] | None:
    if j.outcome.value is None:
        return None
    return {
        "label": words.target_label(j, loc),
        "value": j.outcome.value,
        "low": j.low,
        "high": j.high,
        "target": j.target,
        "status": words.status_text(j.outcome.status, loc),
        "value_text": words.value_text(j, loc),
        "interval_text": words.interval_text(j, loc),
        "target_text": words.target_text(j, loc),
    }
