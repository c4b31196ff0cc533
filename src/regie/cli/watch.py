"""``regie watch``: the open early-warning signals of a vendor, for a daily cron job.

The exit code is 0 whether or not there are signals (1 only for a user error such as an
unknown vendor): a cron job reads ``--json`` and decides what to do with the signals.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from rich.table import Table

from regie import bootstrap
from regie.cli.output import console, guarded, print_json
from regie.cli.workspace import JSON, WORKSPACE
from regie.domain.errors import InvalidInput
from regie.i18n import Locale, resolve_language
from regie.reports.watch_charts import series_label, versus_text
from regie.services.statement_text import channel_name
from regie.services.watch import (
    ALL,
    BASELINE_DAYS,
    METHODS,
    Method,
    Signal,
    WatchResult,
)
from regie.services.watch import watch as find_signals
from regie.services.watch_json import watch_json


def watch(
    vendor: str = typer.Option(..., "--vendor", help="The vendor."),
    until: str | None = typer.Option(
        None, "--until", help="The last day to watch, YYYY-MM-DD (default: the data's last day)."
    ),
    baseline_days: int | None = typer.Option(
        None,
        "--baseline-days",
        help=f"Baseline: the first N days with data of each series (default {BASELINE_DAYS}).",
    ),
    baseline: str | None = typer.Option(
        None, "--baseline", help="Baseline: these dates instead, FROM:TO (YYYY-MM-DD:YYYY-MM-DD)."
    ),
    method: str = typer.Option("ewma", "--method", help="Control chart: ewma or cusum."),
    lang: str | None = typer.Option(None, "--lang", help="Language: en or nl."),
    workspace: Path | None = WORKSPACE,
    json: bool = JSON,
) -> None:
    """Open signals of a slow decline per channel and KPI (exit code 0 even with signals)."""
    _run(vendor, until, baseline_days, baseline, method, lang, workspace, json)


@guarded
def _run(
    vendor: str,
    until: str | None,
    baseline_days: int | None,
    baseline: str | None,
    method: str,
    lang: str | None,
    workspace: Path | None,
    json: bool,
) -> None:
    loc = Locale(resolve_language(lang))
    if baseline is not None and baseline_days is not None:
        raise InvalidInput("give --baseline-days or --baseline, not both")
    chosen = _method(method)
    period = None if baseline is None else _period(baseline)
    last = None if until is None else _day(until, "--until")
    store, book = bootstrap.store(workspace), bootstrap.governance(workspace)
    days = BASELINE_DAYS if baseline_days is None else baseline_days
    result = find_signals(store, book, vendor, last, days, chosen, period)
    if json:
        print_json(watch_json(result))
        return
    render(result, loc)


def _method(text: str) -> Method:
    chosen = text.strip().lower()
    for known in METHODS:
        if chosen == known:
            return known
    raise InvalidInput(f"--method {text}: use one of {', '.join(METHODS)}")


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{option} {text!r}: give a date as YYYY-MM-DD") from None


def _period(text: str) -> tuple[date, date]:
    first, colon, last = text.partition(":")
    if not colon:
        raise InvalidInput(f"--baseline {text!r}: give FROM:TO, e.g. 2025-01-01:2025-02-28")
    return _day(first, "--baseline"), _day(last, "--baseline")


def render(result: WatchResult, loc: Locale) -> None:
    """The open signals as a table, then the series that could not be watched."""
    title = loc.t(
        "Open signals for {vendor} up to {day} ({method})",
        vendor=result.vendor,
        day=result.until.isoformat(),
        method=result.method.upper(),
    )
    headers = (loc.t("Vendor"), loc.t("Channel"), loc.t("KPI"), loc.t("Signal since"),
               loc.t("Statistic vs limit"), loc.t("Monthly target first missed"))  # fmt: skip
    table = Table(*headers, title=title)
    for signal in result.signals:
        table.add_row(*_row(signal, loc))
    if result.signals:
        console.print(table)
    else:
        console.print(loc.t("No open signals ({count} series watched).", count=len(result.watched)))
    for w in result.watched:
        if w.base is None:
            name = series_label(w.series, loc)
            console.print(loc.t("No baseline for {series}: {problem}", series=name,
                                problem=w.problem or ""))  # fmt: skip


def _row(signal: Signal, loc: Locale) -> tuple[str, ...]:
    s = signal.series
    channel = loc.t("All channels") if s.channel == ALL else channel_name(s.channel, loc)
    label = series_label(s, loc).partition(": ")[2]
    if signal.first_missed is not None:
        missed = f"[bold red]{signal.first_missed:%Y-%m}[/]"
    else:
        missed = loc.t("not yet") if s.goal is not None else loc.t("no target")
    return (s.vendor, channel, label, signal.since.isoformat(), versus_text(signal, loc), missed)
