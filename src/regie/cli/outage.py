"""``regie outage``: import and list a vendor's outage logs (for the availability KPI)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from regie import bootstrap
from regie.cli.output import console, guarded, print_json
from regie.cli.workspace import JSON, WORKSPACE
from regie.services.outages import import_outages, parse_covers

app = typer.Typer(help="Outage logs: when the vendor's service was down.", no_args_is_help=True)


@app.command("import")
@guarded
def import_log(
    path: Path = typer.Argument(..., help="The outage log (CSV: start, end[, service, planned])."),
    vendor: str = typer.Option(..., "--vendor", help="The vendor."),
    covers: str | None = typer.Option(
        None, "--covers", help="Months the log covers: 2026-10 or 2026-10:2026-12."
    ),
    timezone: str | None = typer.Option(
        None, "--timezone", help="Time zone of times without an offset, e.g. Europe/Amsterdam."
    ),
    workspace: Path | None = WORKSPACE,
    json: bool = JSON,
) -> None:
    """Store an outage log; availability is judged for the months it covers."""
    span = parse_covers(covers) if covers else None
    log = import_outages(
        bootstrap.store(workspace), bootstrap.governance(workspace), path, vendor, span, timezone
    )
    if json:
        print_json(
            {
                "id": log.id,
                "vendor": log.vendor,
                "file": log.file_name,
                "covers_from": str(log.covers_from),
                "covers_to": str(log.covers_to),
                "outages": len(log.outages),
            }
        )
        return
    console.print(
        f"Stored {len(log.outages)} outages from {path.name} for {log.vendor!r}, covering "
        f"{log.covers_from} to {log.covers_to}."
    )


@app.command("list")
@guarded
def list_logs(
    vendor: str = typer.Option(..., "--vendor", help="The vendor."),
    workspace: Path | None = WORKSPACE,
    json: bool = JSON,
) -> None:
    """The vendor's outage logs and the dates they cover."""
    store = bootstrap.store(workspace)
    logs = bootstrap.governance(workspace).outage_logs(store.vendor(vendor).id)
    if json:
        print_json(
            [
                {
                    "id": g.id,
                    "file": g.file_name,
                    "covers_from": str(g.covers_from),
                    "covers_to": str(g.covers_to),
                    "outages": [
                        {
                            "start": o.start.isoformat(),
                            "end": o.end.isoformat(),
                            "service": o.service,
                            "planned": o.planned,
                        }
                        for o in g.outages
                    ],
                }
                for g in logs
            ]
        )
        return
    table = Table("id", "file", "covers", "outages", "imported", title=f"Outage logs: {vendor}")
    for g in logs:
        table.add_row(str(g.id), g.file_name, f"{g.covers_from} – {g.covers_to}",
                      str(len(g.outages)), g.imported_at.strftime("%Y-%m-%d %H:%M"))  # fmt: skip
    console.print(table)
