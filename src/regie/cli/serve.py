"""``regie serve``: the web app on a workspace (uvicorn)."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from regie import bootstrap
from regie.cli.output import console, guarded
from regie.cli.workspace import WORKSPACE


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    insecure_cookies: bool = typer.Option(
        False,
        "--insecure-cookies",
        help="Drop the cookies' Secure flag (plain HTTP on another host than localhost).",
    ),
    workspace: Path | None = WORKSPACE,
) -> None:
    """Serve the web app: dashboards, editors, the vendor portal and the JSON API."""
    _run(host, port, insecure_cookies, workspace)


@guarded
def _run(host: str, port: int, insecure_cookies: bool, workspace: Path | None) -> None:
    import uvicorn

    ws = bootstrap.workspace(workspace)  # a clear error before the server starts
    os.environ["REGIE_WORKSPACE"] = str(ws.root.resolve())
    os.environ["REGIE_INSECURE_COOKIES"] = "1" if insecure_cookies else "0"
    console.print(f"Regie serves {ws.root} on http://{host}:{port}/ (Ctrl+C stops)")
    uvicorn.run(
        "regie.web.server:from_environment",
        factory=True,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
    )
