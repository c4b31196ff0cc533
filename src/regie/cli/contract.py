"""``regie contract``: write and check SLA contract files."""

from __future__ import annotations

from pathlib import Path

import typer

from regie.cli.output import console, guarded, print_json
from regie.domain.errors import Conflict
from regie.files.contract_loader import load_contract
from regie.files.templates import contract_template
from regie.i18n import Locale, resolve_language

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
    summary = {
        "effective_from": str(contract.effective_from),
        "monthly_fee": str(contract.monthly_fee),
        "norms": [n.key for n in contract.norms],
        "kpis": [k.key for k in contract.kpis],
    }
    if json:
        print_json(summary)
        return
    norms, kpis = len(contract.norms), len(contract.kpis)
    console.print(f"{path}: valid — {norms} response norms, {kpis} KPI targets")
