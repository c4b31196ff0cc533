"""``regie import FORMAT FILE… --vendor NAME``: bring exports into the workspace."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from regie import bootstrap
from regie.cli.output import console, guarded, print_json
from regie.cli.workspace import WORKSPACE, batch_json
from regie.ingest.reading import ReadOptions
from regie.services.importing import ImportRequest, import_files
from regie.services.ports import BatchInfo

app = typer.Typer(help="Import helpdesk and telephony exports.", no_args_is_help=True)

FILES = typer.Argument(..., help="Export file(s); together they make one batch.")
VENDOR = typer.Option(..., "--vendor", help="The vendor these contacts belong to.")
TZ = typer.Option(None, "--tz", help="Time zone of local times, e.g. Europe/Amsterdam.")
MAPPING = typer.Option(None, "--mapping", help="Mapping TOML (format mapped).")
STRICT = typer.Option(False, "--strict", help="Fail on any rejected row.")
KEEP_TEXT = typer.Option(False, "--keep-text", help="Keep subjects and descriptions.")
JSON = typer.Option(False, "--json", help="Print the summary as JSON.")


def _progress(json: bool) -> Progress:
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} files"),
        TimeElapsedColumn(),
    )
    return Progress(*columns, console=console, transient=True, disable=json)


def _command(fmt: str, help_text: str) -> None:
    @app.command(fmt, help=help_text)
    @guarded
    def run(
        files: list[Path] = FILES,
        vendor: str = VENDOR,
        tz: str | None = TZ,
        mapping: Path | None = MAPPING,
        strict: bool = STRICT,
        keep_text: bool = KEEP_TEXT,
        workspace: Path | None = WORKSPACE,
        json: bool = JSON,
    ) -> None:
        store = bootstrap.store(workspace)
        request = ImportRequest(vendor, files, ReadOptions(tz, keep_text, mapping), strict)
        with _progress(json) as bar:
            task = bar.add_task("Reading", total=len(files))
            done = iter(range(len(files)))

            def step(name: str) -> None:
                bar.update(task, description=f"Reading {name}", completed=next(done))

            batch = import_files(store, bootstrap.reader(fmt), request, step)
            bar.update(task, completed=len(files))
        if json:
            print_json(batch_json(batch))
        else:
            _summary(batch, store.workspace.quarantine)


def _summary(batch: BatchInfo, quarantine: Path) -> None:
    title = f"Batch {batch.id}: {batch.vendor}, {batch.source}"
    table = Table(
        "file", "read", "imported", "duplicates skipped", "rejected", "skipped", title=title
    )
    for f in batch.files:
        counts = (f.rows_read, f.imported, f.duplicates, f.rejected, f.skipped)
        table.add_row(f.file, *(f"{n:,}" for n in counts))
    console.print(table)
    if batch.quarantine_file:
        where = quarantine / batch.quarantine_file
        console.print(f"{batch.rejected:,} rejected row(s), each with its reason, in {where}")


_command("zendesk", "Zendesk ticket CSV export (local times: --tz required).")
_command("zendesk-json", "Zendesk API JSON: tickets, ticket_metrics, satisfaction_ratings.")
_command("freshdesk", "Freshdesk ticket CSV export (local times: --tz required).")
_command("zammad", "Zammad tickets JSON (API).")
_command("intercom", "Intercom conversations JSON (API).")
_command("csv", "CSV or Parquet already in Regie's contact schema.")
_command("mapped", "Any CSV, TSV, XLSX or Parquet with a mapping TOML (--mapping).")
