"""``regie report weekly|monthly|quarterly``: the report cadence as HTML, PDF and XLSX.

Each command writes ``<kind>-<vendor>-<period>.html``, ``.pdf`` and ``.xlsx`` into
``--out`` (default ``./out``) and prints a short summary, or with ``--json`` the report's
figures and the files written. Nothing is recorded: a month without a recorded statement
is shown as a draft. See ``docs/reports.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from regie import bootstrap
from regie.cli.output import console, guarded, print_json
from regie.cli.workspace import JSON, WORKSPACE
from regie.domain.statement import Judged
from regie.files.case_loader import load_case
from regie.i18n import Locale, resolve_language
from regie.services import statement_text as words
from regie.services.cadence import (
    EarlyWarning,
    MonthlyReport,
    QuarterlyReport,
    Stated,
    WeeklyReport,
    monthly,
    quarterly,
    weekly,
)
from regie.services.statement_json import statement_json

app = typer.Typer(
    help="Reports: weekly KPI overview, monthly quality analysis, quarterly evaluation.",
    no_args_is_help=True,
)
VENDOR = typer.Option(..., "--vendor", help="The vendor.")
OUT = typer.Option(Path("out"), "--out", help="The folder to write the reports to.")
LANG = typer.Option(None, "--lang", help="Language: en or nl.")


@app.command("weekly")
@guarded
def weekly_command(
    vendor: str = VENDOR,
    period: str = typer.Option(..., "--period", help="The ISO week, e.g. 2026-W41."),
    out: Path = OUT,
    lang: str | None = LANG,
    workspace: Path | None = WORKSPACE,
    json: bool = JSON,
) -> None:
    """Weekly KPI overview: per channel the week's KPIs against the contract's targets."""
    from regie.reports.cadence_report import write_weekly

    loc = Locale(resolve_language(lang))
    store, book = bootstrap.store(workspace), bootstrap.governance(workspace)
    report = weekly(store, book, vendor, period)
    written = write_weekly(report, out, loc)
    if json:
        print_json({**weekly_json(report), "files": [str(p) for p in written]})
        return
    for c in report.channels:
        _lines(f"{words.channel_name(c.channel, loc)} ({c.handled:,})", c.judged, loc)
    _wrote(written, loc)


@app.command("monthly")
@guarded
def monthly_command(
    vendor: str = VENDOR,
    period: str = typer.Option(..., "--period", help="The month, e.g. 2026-10."),
    out: Path = OUT,
    lang: str | None = LANG,
    workspace: Path | None = WORKSPACE,
    json: bool = JSON,
) -> None:
    """Monthly quality analysis: the statement, QA, trends and early-warning signals."""
    from regie.reports.cadence_report import write_monthly

    loc = Locale(resolve_language(lang))
    store, book = bootstrap.store(workspace), bootstrap.governance(workspace)
    report = monthly(store, book, bootstrap.qa(workspace), vendor, period)
    written = write_monthly(report, out, loc)
    if json:
        print_json({**monthly_json(report), "files": [str(p) for p in written]})
        return
    s = report.current.statement
    _lines(loc.t("Net invoice adjustment {net}", net=words.money(s.net, loc)), s.judged, loc)
    _signals(report.warning, loc)
    _wrote(written, loc)


@app.command("quarterly")
@guarded
def quarterly_command(
    vendor: str = VENDOR,
    period: str = typer.Option(..., "--period", help="The quarter, e.g. 2026-Q4."),
    case: Path = typer.Option(..., "--case", help="The business case file (TOML)."),
    out: Path = OUT,
    lang: str | None = LANG,
    workspace: Path | None = WORKSPACE,
    json: bool = JSON,
) -> None:
    """Quarterly evaluation: the business case against actuals, re-forecast, verdict."""
    from regie.reports.cadence_report import write_quarterly
    from regie.reports.cadence_xlsx import reason_text, verdict_text

    loc = Locale(resolve_language(lang))
    store, book = bootstrap.store(workspace), bootstrap.governance(workspace)
    report = quarterly(store, book, vendor, period, load_case(case))
    written = write_quarterly(report, out, loc)
    if json:
        print_json({**quarterly_json(report), "files": [str(p) for p in written]})
        return
    rec = report.reforecast.recommendation
    console.print(f"[bold]{verdict_text(rec.verdict, loc)}[/]")
    for reason in rec.reasons:
        console.print(f"  • {reason_text(reason, loc)}")
    _signals(report.warning, loc)
    _wrote(written, loc)


def _lines(title: str, judged: tuple[Judged, ...], loc: Locale) -> None:
    console.print(f"[bold]{title}[/]")
    for j in judged:
        status = words.status_text(j.outcome.status, loc)
        console.print(f"  {words.target_label(j, loc)}: {words.value_text(j, loc)} ({status})")


def _signals(warning: EarlyWarning, loc: Locale) -> None:
    for s in signals_json(warning):
        missed = s["first_missed"] or loc.t("not yet")
        console.print(
            loc.t(
                "Signal {key} since {since}; target first missed: {missed}",
                key=s["key"],
                since=s["since"],
                missed=missed,
            )
        )


def _wrote(paths: list[Path], loc: Locale) -> None:
    for path in paths:
        console.print(loc.t("Wrote {path}", path=path))


# JSON ----------------------------------------------------------------------------------
def judged_json(j: Judged) -> dict[str, Any]:
    o = j.outcome
    return {
        "key": j.key,
        "measure": j.measure,
        "value": o.value,
        "target": j.target,
        "n": o.n,
        "status": o.status.value,
        "low": j.low,
        "high": j.high,
    }


def signals_json(warning: EarlyWarning) -> list[dict[str, Any]]:
    """The open signals: the signal date and the first month the target was missed."""
    if warning.result is None:
        return []
    return [
        {
            "key": s.series.kpi,
            "channel": s.series.channel,
            "measure": s.series.measure,
            "since": s.since.isoformat(),
            "first_missed": None if s.first_missed is None else f"{s.first_missed:%Y-%m}",
            "direction": s.direction,
        }
        for s in warning.result.signals
    ]


def _warning_json(warning: EarlyWarning) -> dict[str, Any]:
    until = None if warning.until is None else warning.until.isoformat()
    return {"until": until, "problem": warning.problem, "signals": signals_json(warning)}


def _period(kind: str, r: WeeklyReport | MonthlyReport | QuarterlyReport) -> dict[str, Any]:
    p = r.period
    return {
        "report": kind,
        "vendor": r.vendor,
        "period": p.label,
        "first": p.first.isoformat(),
        "last": p.last.isoformat(),
    }


def weekly_json(r: WeeklyReport) -> dict[str, Any]:
    channels = [
        {
            "channel": c.channel,
            "offered": c.offered,
            "handled": c.handled,
            "abandoned": c.abandoned,
            "aht_seconds": c.aht_seconds,
            "judged": [judged_json(j) for j in c.judged],
        }
        for c in r.channels
    ]
    days = [
        {
            "day": d.day.isoformat(),
            "channel": d.channel,
            "offered": d.offered,
            "handled": d.handled,
            "response": d.response,
            "response_n": d.response_n,
        }
        for d in r.days
    ]
    return {
        **_period("weekly", r),
        "timezone": r.timezone,
        "contract_version": r.contract_version,
        "channels": channels,
        "overall": [judged_json(j) for j in r.overall],
        "days": days,
    }


def monthly_json(r: MonthlyReport) -> dict[str, Any]:
    qa = None
    if r.qa is not None:
        iqs = r.qa.iqs
        qa = {
            "iqs": iqs.mean,
            "low": iqs.low,
            "high": iqs.high,
            "n": iqs.n,
            "warning": r.qa.warning,
        }
    trend = [{"month": p.month, **judged_json(p.judged)} for p in r.trend]
    return {
        **_period("monthly", r),
        **_stated_json(r.current),
        "qa": qa,
        "trend": trend,
        "early_warning": _warning_json(r.warning),
    }


def _stated_json(stated: Stated) -> dict[str, Any]:
    return {
        "statement": statement_json(stated.statement),
        "revision": stated.revision,
        "invoiced": str(stated.invoiced),
    }


def quarterly_json(r: QuarterlyReport) -> dict[str, Any]:
    f = r.reforecast
    lines = [vars(x) for x in f.lines]
    reasons = [
        {"code": x.code, "argues_for": x.argues_for, "figures": dict(x.figures)}
        for x in f.recommendation.reasons
    ]
    figures = {
        "case": f.case_name,
        "case_start": f"{r.case_start:%Y-%m}",
        "volume_ratio": f.volume_ratio,
        "fee_basis": f.fee_basis,
        "planned_saving_so_far": f.planned_saving_so_far,
        "realised_saving": f.realised_saving,
        "saving_share": f.saving_share,
        "planned_cost_per_ticket": f.planned_cost_per_ticket,
        "actual_cost_per_ticket": f.actual_cost_per_ticket,
        "planned_horizon_saving": f.planned_horizon_saving,
        "forecast_horizon_saving": f.forecast_horizon_saving,
        "months": lines,
    }
    months = [
        {"month": m.statement.month, "handled": m.handled, **_stated_json(m)} for m in r.months
    ]
    return {
        **_period("quarterly", r),
        "months": months,
        "reforecast": figures,
        "recommendation": {"verdict": f.recommendation.verdict, "reasons": reasons},
        "early_warning": _warning_json(r.warning),
    }
