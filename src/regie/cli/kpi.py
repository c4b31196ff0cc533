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
from regie.files.contract_loader import load_contract
from regie.services.contracts import contract_in_effect
from regie.services.kpis import KpiRequest, kpi_table

SHOWN = (
    "offered", "handled", "abandonment_rate", "frt_mean", "frt_p90", "within_norm",
    "service_level", "asa_seconds", "aht_seconds", "csat_mean", "csat_top2", "nps", "fcr",
    "escalation_rate", "contacts_per_customer", "cost_per_contact",
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
    contract: str | None = typer.Option(
        None,
        "--contract",
        help="Definitions, time zone and fee from a contract: a TOML file, or 'stored' for "
        "the vendor's version in effect on --from. Without it: UTC days, 24/7, defaults.",
    ),
    workspace: Path | None = WORKSPACE,
    json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """KPIs of a vendor's contacts, per channel, queue, priority and period."""
    _run(vendor, start, end, by, contract, workspace, json)


@guarded
def _run(
    vendor: str,
    start: datetime,
    end: datetime,
    by: str,
    contract: str | None,
    workspace: Path | None,
    json: bool,
) -> None:
    store = bootstrap.store(workspace)
    terms = None
    if contract == "stored":
        book = bootstrap.governance(workspace)
        terms = contract_in_effect(store, book, vendor, start.date()).contract
    elif contract is not None:
        terms = load_contract(Path(contract))
    groups = [b.strip() for b in by.split(",") if b.strip()]
    request = KpiRequest(vendor, start.date(), end.date(), groups, contract=terms)
    table = kpi_table(store, request)
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
