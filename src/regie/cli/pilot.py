"""``regie pilot``: The pilot: 30/60/90-day gates on five KPIs."""

from __future__ import annotations

import typer

app = typer.Typer(help="The pilot: 30/60/90-day gates on five KPIs.", no_args_is_help=True)
