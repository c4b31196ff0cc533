"""``regie init``, ``regie db upgrade``, ``regie vendor …``, ``regie batches …``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from regie import bootstrap
from regie.cli.output import console, guarded, print_json
from regie.services.ports import BatchInfo

WORKSPACE = typer.Option(
    None,
    "--workspace",
    "-w",
    help="The workspace folder (default REGIE_WORKSPACE or ./regie-workspace).",
)
JSON = typer.Option(False, "--json", help="Print JSON.")

db_app = typer.Typer(help="The workspace database.", no_args_is_help=True)
vendor_app = typer.Typer(help="Outsourcing partners (vendors).", no_args_is_help=True)
batches_app = typer.Typer(help="Import batches.", invoke_without_command=True)


@guarded
def init(
    directory: Path | None = typer.Argument(None, help="Where to create the workspace."),
    admin: str = typer.Option("admin", "--admin", help="User name of the first admin."),
) -> None:
    """Create a workspace: database, fact store, the pseudonymisation secret, an admin.

    The admin's password is REGIE_ADMIN_PASSWORD when set, else a new random one that is
    printed once.
    """
    from regie.cli.users import first_admin

    ws = bootstrap.init_workspace(directory)
    console.print(f"Created workspace {ws.root} ({_engine_name(ws.database_url)}).")
    first_admin(ws.root, admin)


@db_app.command("upgrade")
@guarded
def upgrade(workspace: Path | None = WORKSPACE) -> None:
    """Bring the database schema to the newest version."""
    revision = bootstrap.upgrade_database(workspace)
    console.print(f"Database at schema {revision}.")


@vendor_app.command("add")
@guarded
def vendor_add(name: str = typer.Argument(...), workspace: Path | None = WORKSPACE) -> None:
    """Add a vendor."""
    vendor = bootstrap.store(workspace).add_vendor(name)
    console.print(f"Added vendor {vendor.name!r}.")


@vendor_app.command("list")
@guarded
def vendor_list(workspace: Path | None = WORKSPACE, json: bool = JSON) -> None:
    """List the vendors."""
    vendors = bootstrap.store(workspace).vendors()
    if json:
        print_json(
            [{"id": v.id, "name": v.name, "created_at": v.created_at.isoformat()} for v in vendors]
        )
        return
    table = Table("id", "vendor", "added")
    for v in vendors:
        table.add_row(str(v.id), v.name, v.created_at.strftime("%Y-%m-%d %H:%M"))
    console.print(table)


@batches_app.callback()
@guarded
def batches(ctx: typer.Context, workspace: Path | None = WORKSPACE, json: bool = JSON) -> None:
    """List import batches (or remove one with `regie batches rm ID`)."""
    if ctx.invoked_subcommand is not None:
        return
    found = bootstrap.store(workspace).batches()
    if json:
        print_json([batch_json(b) for b in found])
        return
    table = Table(
        "id",
        "vendor",
        "source",
        "imported at",
        "files",
        "read",
        "imported",
        "duplicates",
        "rejected",
        "skipped",
        title="Import batches",
    )
    for b in found:
        table.add_row(str(b.id), b.vendor, b.source, b.imported_at.strftime("%Y-%m-%d %H:%M"),
                      str(len(b.files)), *(f"{n:,}" for n in (b.rows_read, b.imported,
                      b.duplicates, b.rejected, b.skipped)))  # fmt: skip
    console.print(table)


@batches_app.command("rm")
@guarded
def batches_rm(batch_id: int = typer.Argument(...), workspace: Path | None = WORKSPACE) -> None:
    """Remove a batch and its contacts, atomically."""
    removed = bootstrap.store(workspace).remove_batch(batch_id)
    console.print(f"Removed batch {removed.id} ({removed.imported:,} contacts).")


def batch_json(b: BatchInfo) -> dict[str, Any]:
    return {
        "id": b.id, "vendor": b.vendor, "source": b.source,
        "imported_at": b.imported_at.isoformat(),
        "files": [vars(f) for f in b.files],
        "rows_read": b.rows_read, "imported": b.imported, "duplicates": b.duplicates,
        "rejected": b.rejected, "skipped": b.skipped,
        "quarantine_file": b.quarantine_file,
    }  # fmt: skip


def _engine_name(url: str) -> str:
    return "SQLite" if url.startswith("sqlite") else url.split(":", 1)[0]
