"""The ``regie`` command: the root Typer app and its command groups, loaded on demand.

Each command group lives in its own module; importing them all would load SciPy,
SQLAlchemy, Alembic, Polars, Altair and WeasyPrint on every call. The root group
therefore imports a group's module only when that group is run (or when the full help
is shown), so `regie vendor list` does not pay for the PDF and chart libraries.
"""

from __future__ import annotations

import importlib

import typer
from typer import _click  # Typer ≥ 0.24 ships its own click; its types are these
from typer.core import TyperGroup

from regie import __version__
from regie.cli.audit import audited

COMMANDS: dict[str, tuple[str, str]] = {
    # name on the command line: (module in regie.cli, its Typer app or command function)
    "init": ("workspace", "init"),
    "db": ("workspace", "db_app"),
    "vendor": ("workspace", "vendor_app"),
    "batches": ("workspace", "batches_app"),
    "import": ("importing", "app"),
    "kpi": ("kpi", "kpi"),
    "case": ("case", "app"),
    "staffing": ("staffing", "app"),
    "quote": ("quote", "app"),
    "select": ("select", "app"),
    "pilot": ("pilot", "app"),
    "contract": ("contract", "app"),
    "outage": ("outage", "app"),
    "evaluate": ("evaluate", "evaluate_command"),
    "qa": ("qa", "app"),
    "watch": ("watch", "watch"),
    "demo": ("demo", "demo"),
    "report": ("report", "app"),
    "user": ("users", "app"),
    "serve": ("serve", "serve"),
}


class LazyGroup(TyperGroup):
    """A root group whose subcommands are imported when first needed."""

    def list_commands(self, ctx: _click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: _click.Context, cmd_name: str) -> _click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        return load(cmd_name)


def load(name: str) -> _click.Command:
    """The click command of one subcommand (its module is imported now)."""
    module, attribute = COMMANDS[name]
    target = getattr(importlib.import_module(f"regie.cli.{module}"), attribute)
    if isinstance(target, typer.Typer):
        command: _click.Command = typer.main.get_group(target)
    else:
        single = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
        single.command(name)(target)
        command = typer.main.get_command(single)
    command.name = name
    audited(name, command)
    return command


app = typer.Typer(
    name="regie",
    cls=LazyGroup,
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


def main() -> None:
    """Console-script entry point."""
    app()
