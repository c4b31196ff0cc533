"""The home dashboard and the early-warning signals (``regie watch``).

Per vendor the user may see: its latest month with data against the contract (per
channel the volume and the response norm, then the vendor-wide KPIs), six months of
trends, the last recorded statement; the open signals load into the page afterwards
(the control charts take longest). Results are kept per vendor in
:class:`regie.services.dashboard.Memo`, keyed on the data they come from.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from regie.domain.access import Principal
from regie.i18n import Locale
from regie.reports.cadence_report import judged_row, trend_points_chart
from regie.reports.watch_charts import control_chart_spec, series_label, versus_text
from regie.services import statement_text as words
from regie.services.cadence import EarlyWarning
from regie.services.dashboard import Memo, VendorOverview, early_warning, fingerprint, overview
from regie.services.watch import ALL, BASELINE_DAYS, Signal
from regie.web.access import READ
from regie.web.context import Context, context
from regie.web.templating import locale_of, render

router = APIRouter()
OVERVIEWS: Memo[VendorOverview] = Memo()
TRENDS: Memo[dict[str, Any] | None] = Memo()
WARNINGS: Memo[EarlyWarning] = Memo()
CHARTS: Memo[list[dict[str, Any]]] = Memo()


@router.get("/", name="home")
def home(request: Request, user: Principal = READ, ctx: Context = Depends(context)) -> Response:
    """The dashboard: each vendor's latest month against its contract, and trends."""
    loc = locale_of(request)
    vendors = user.visible([v.name for v in ctx.store.vendors()])
    shown = [_overview(ctx, name, loc) for name in vendors]
    row = lambda j: judged_row(j, loc)  # noqa: E731
    return render(request, "home.html.j2", overviews=shown, row=row,
                  channel=lambda c: words.channel_name(c, loc))  # fmt: skip


def _overview(ctx: Context, vendor: str, loc: Locale) -> tuple[VendorOverview, Any]:
    store, book = ctx.store, ctx.governance
    print_ = fingerprint(store, book, vendor)
    found = OVERVIEWS.get((str(ctx.root), vendor), print_, lambda: overview(store, book, vendor))
    key = (str(ctx.root), vendor, loc.lang)
    chart = TRENDS.get(key, print_, lambda: trend_points_chart(found.trend, loc))
    return found, chart


@router.get("/signals", name="signals.list")
def signals(
    request: Request,
    vendor: str | None = Query(None, max_length=200),
    method: Literal["ewma", "cusum"] = "ewma",
    until: date | None = None,
    baseline_days: int = Query(BASELINE_DAYS, ge=2, le=3650),
    user: Principal = READ,
    ctx: Context = Depends(context),
) -> Response:
    """The open signals per vendor; an HTMX request gets one vendor's table only."""
    if vendor:
        user.require_vendor(vendor)
        vendors = [ctx.store.vendor(vendor).name]
    else:
        vendors = user.visible([v.name for v in ctx.store.vendors()])
    loc = locale_of(request)
    found = [(name, _warning(ctx, name, until, baseline_days, method)) for name in vendors]
    fragment = bool(request.headers.get("hx-request"))
    shown = [
        (
            name,
            w,
            _rows(w, loc),
            [] if fragment else _charts(ctx, (name, until, baseline_days, method), w, loc),
        )
        for name, w in found
    ]
    template = "home_signals_fragment.html.j2" if fragment else "home_signals.html.j2"
    return render(request, template, warnings=shown, method=method, until=until,
                  baseline_days=baseline_days, vendor=vendor or "",
                  label=lambda s: series_label(s, loc))  # fmt: skip


def _warning(
    ctx: Context, vendor: str, until: date | None, days: int, method: Literal["ewma", "cusum"]
) -> EarlyWarning:
    store, book = ctx.store, ctx.governance
    key = (str(ctx.root), vendor, until, days, method)
    compute = lambda: early_warning(store, book, vendor, until, days, method)  # noqa: E731
    return WARNINGS.get(key, fingerprint(store, book, vendor), compute)


def _rows(warning: EarlyWarning, loc: Locale) -> list[dict[str, str]]:
    if warning.result is None:
        return []
    return [_signal_row(s, loc) for s in warning.result.signals]


def _signal_row(signal: Signal, loc: Locale) -> dict[str, str]:
    s = signal.series
    if signal.first_missed is not None:
        missed = f"{signal.first_missed:%Y-%m}"
    else:
        missed = loc.t("not yet") if s.goal is not None else loc.t("no target")
    return {
        "channel": loc.t("All channels")
        if s.channel == ALL
        else words.channel_name(s.channel, loc),
        "kpi": series_label(s, loc).partition(": ")[2],
        "key": s.kpi,
        "since": signal.since.isoformat(),
        "versus": versus_text(signal, loc),
        "missed": missed,
        "missed_css": "missed" if signal.first_missed is not None else "muted",
    }


def _charts(
    ctx: Context, asked: tuple[Any, ...], warning: EarlyWarning, loc: Locale
) -> list[dict[str, Any]]:
    """The control charts of the signals (kept, like the signals, until the data change)."""
    result = warning.result
    if result is None:
        return []
    print_ = fingerprint(ctx.store, ctx.governance, asked[0])
    compute = lambda: [control_chart_spec(s.watched, loc) for s in result.signals]  # noqa: E731
    return CHARTS.get((str(ctx.root), *asked, loc.lang), print_, compute)
