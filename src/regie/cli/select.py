"""``regie select``: Selection: the scorecard of vendors and due diligence."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Selection: the scorecard of vendors and due diligence.", no_args_is_help=True
)
