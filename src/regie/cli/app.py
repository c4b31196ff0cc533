"""The ``regie`` command: the root Typer app and its command groups."""

from __future__ import annotations

import typer

from regie import __version__

app = typer.Typer(
    name="regie",
    help="Regie: keep control of customer service you outsource.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"regie {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Regie: decide, select, pilot and govern outsourced customer service."""


def _register() -> None:
    from regie.cli import (
        case,
        contract,
        evaluate,
        importing,
        kpi,
        outage,
        pilot,
        qa,
        quote,
        select,
        staffing,
        workspace,
    )

    app.add_typer(case.app, name="case")
    app.add_typer(staffing.app, name="staffing")
    app.command("init")(workspace.init)
    app.add_typer(workspace.db_app, name="db")
    app.add_typer(workspace.vendor_app, name="vendor")
    app.add_typer(workspace.batches_app, name="batches")
    app.add_typer(importing.app, name="import")
    app.command("kpi")(kpi.kpi)
    app.add_typer(contract.app, name="contract")
    app.add_typer(outage.app, name="outage")
    app.command("evaluate")(evaluate.evaluate_command)
    app.add_typer(quote.app, name="quote")
    app.add_typer(select.app, name="select")
    app.add_typer(pilot.app, name="pilot")
    app.add_typer(qa.app, name="qa")


_register()


def main() -> None:
    """Console-script entry point."""
    app()
