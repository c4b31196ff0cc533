"""The app factory uvicorn calls (``regie serve``): the workspace from the settings."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI

from regie import bootstrap
from regie.web.app import create_app

INSECURE_COOKIES = "REGIE_INSECURE_COOKIES"


def from_environment() -> FastAPI:
    """The app on ``REGIE_WORKSPACE``; Secure cookies unless REGIE_INSECURE_COOKIES=1."""
    given = os.environ.get("REGIE_WORKSPACE")  # set by `regie serve`, read afresh
    workspace = bootstrap.workspace(Path(given) if given else None)
    return create_app(workspace.root, secure_cookies=os.environ.get(INSECURE_COOKIES) != "1")
