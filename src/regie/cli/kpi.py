"""``regie kpi``: ad-hoc KPI tables per vendor, channel and period."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import polars as pl
import typer
from rich.table import Table

from regie import bootstrap
from regie.cli.output import console, guarded, print_json
from regie.cli.workspace import WORKSPACE
from regie.services.kpis import KpiRequest, kpi_table

SHOWN = (
    "offered", "handled", "abandonment_rate", "frt_mean", "frt_p90", "service_level",
    "asa_seconds", "aht_seconds", "csat_mean", "csat_top2", "nps", "fcr", "escalation_rate",
)  # fmt: skip


def kpi(
    vendor: str = typer.Option(..., "--vendor", help="The vendor."),
    start: datetime = typer.Option(..., "--from", formats=["%Y-%m-%d"], help="First day (UTC)."),
    end: datetime = typer.Option(..., "--to", formats=["%Y-%m-%d"], help="Last day (UTC)."),
    by: str = typer.Option(
        "channel,month",
        "--by",
        help="Groups: channel, queue, priority and one of day, week, month, quarter.",
    ),
    workspace: Path | None = WORKSPACE,
    json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """KPIs of a vendor's contacts (24/7 calendar and default definitions)."""
    _run(vendor, start, end, by, workspace, json)


@guarded
def _run(
    vendor: str, start: datetime, end: datetime, by: str, workspace: Path | None, json: bool
) -> None:
    request = KpiRequest(
        vendor, start.date(), end.date(), [b.strip() for b in by.split(",") if b.strip()]
    )
    table = kpi_table(bootstrap.store(workspace), request)
    if json:
        print_json(table.with_columns(pl.col(pl.Date, pl.Datetime).cast(pl.String)).to_dicts())
        return
    _render(table)


def _render(table: pl.DataFrame) -> None:
    keys = [
        c for c in table.columns if c in ("vendor", "channel", "queue", "priority", "period_start")
    ]
    shown = [c for c in SHOWN if c in table.columns]
    rich = Table(*keys, *shown, title="KPIs")
    for row in table.iter_rows(named=True):
        rich.add_row(*(str(row[k]) for k in keys), *(_cell(row[c]) for c in shown))
    console.print(rich)


def _cell(value: object) -> str:
    if value is None:
        return "—"
    return (
        f"{value:,.3f}"
        if isinstance(value, float)
        else f"{value:,}"
        if isinstance(value, int)
        else str(value)
    )
