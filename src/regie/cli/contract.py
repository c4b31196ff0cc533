"""``regie contract``: write, check and store SLA contract files, with their versions."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer
from rich.table import Table

from regie import bootstrap
from regie.cli.output import console, guarded, print_json
from regie.cli.workspace import JSON, WORKSPACE
from regie.domain.errors import Conflict
from regie.files.contract_loader import load_contract
from regie.files.templates import contract_template
from regie.i18n import Locale, resolve_language
from regie.services.contracts import (
    add_contract,
    contract_in_effect,
    contract_summary,
    contract_versions,
    version_json,
)

app = typer.Typer(
    help="SLA contracts: norms, KPI targets, penalties and bonuses.", no_args_is_help=True
)


@app.command("new")
@guarded
def new(
    path: Path = typer.Argument(..., help="Where to write the commented contract template."),
    lang: str | None = typer.Option(None, "--lang", help="Language of the comments: en or nl."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a commented contract template with the usual norms (DOMAIN §4)."""
    language = resolve_language(lang)
    if path.exists() and not force:
        raise Conflict(f"{path}: already exists; use --force to overwrite it")
    path.write_text(contract_template(language), encoding="utf-8")
    console.print(Locale(language).t("Wrote {path}", path=path))


@app.command("check")
@guarded
def check(
    path: Path = typer.Argument(..., help="The contract file (TOML)."),
    json: bool = typer.Option(False, "--json", help="Print what was read as JSON."),
) -> None:
    """Validate a contract file: every problem on its own line, or what it says."""
    contract = load_contract(path)
    if json:
        print_json(contract_summary(contract))
        return
    norms, kpis = len(contract.norms), len(contract.kpis)
    console.print(f"{path}: valid — {norms} response norms, {kpis} KPI targets")


@app.command("add")
@guarded
def add(
    path: Path = typer.Argument(..., help="The contract file (TOML)."),
    vendor: str = typer.Option(..., "--vendor", help="The vendor it binds."),
    workspace: Path | None = WORKSPACE,
    json: bool = JSON,
) -> None:
    """Store a contract file as the vendor's next version (from its effective_from on)."""
    stored = add_contract(bootstrap.store(workspace), bootstrap.governance(workspace), path, vendor)
    if json:
        print_json(version_json(stored))
        return
    info = stored.info
    console.print(
        f"Stored {path.name} as version {info.version} of {info.vendor!r}'s contract, "
        f"in effect from {info.effective_from}."
    )


@app.command("list")
@guarded
def list_versions(
    vendor: str = typer.Option(..., "--vendor", help="The vendor."),
    workspace: Path | None = WORKSPACE,
    json: bool = JSON,
) -> None:
    """The vendor's contract versions and the dates they take effect."""
    versions = contract_versions(
        bootstrap.store(workspace), bootstrap.governance(workspace), vendor
    )
    if json:
        print_json([version_json(v) for v in versions])
        return
    table = Table("version", "effective from", "file", "monthly fee", "norms", "KPIs", "added",
                  title=f"Contract versions: {vendor}")  # fmt: skip
    for v in versions:
        c = v.contract
        table.add_row(str(v.info.version), str(v.info.effective_from), v.info.file_name,
                      f"€ {c.monthly_fee:,.2f}", str(len(c.norms)), str(len(c.kpis)),
                      v.info.added_at.strftime("%Y-%m-%d %H:%M"))  # fmt: skip
    console.print(table)


@app.command("show")
@guarded
def show(
    vendor: str = typer.Option(..., "--vendor", help="The vendor."),
    on: datetime | None = typer.Option(
        None,
        "--on",
        formats=["%Y-%m-%d"],
        help="The version in effect on this date (default: today).",
    ),
    workspace: Path | None = WORKSPACE,
) -> None:
    """Print the stored contract file in effect on a date, as it was given."""
    day = (on or datetime.now()).date()
    found = contract_in_effect(
        bootstrap.store(workspace), bootstrap.governance(workspace), vendor, day
    )
    typer.echo(found.info.text, nl=False)
