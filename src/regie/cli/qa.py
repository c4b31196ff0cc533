"""``regie qa``: Quality assurance: samples, reviews, IQS and calibration."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Quality assurance: samples, reviews, IQS and calibration.", no_args_is_help=True
)
