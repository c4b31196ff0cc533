"""``regie quote``: Quotes from vendors: a form to send, import, and compare on TCO."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Quotes from vendors: a form to send, import, and compare on TCO.", no_args_is_help=True
)
