"""``create_app()``: the FastAPI app of one workspace.

Pages live in ``pages/`` (HTML, HTMX), the JSON API in ``api/`` under ``/api/v1``; both
call the services, never the database. Each module has one ``router``; the order below
is the order of the navigation.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

from regie import __version__
from regie.web import errors
from regie.web.audit import AuditTrail
from regie.web.context import Context
from regie.web.security import SecurityHeaders, ServerTiming

STATIC = Path(__file__).parent / "static"
PAGES = [
    "auth", "home", "statements", "contracts", "imports", "qa", "reports",
    "case", "quotes", "selection", "diligence", "pilot", "admin",
]  # fmt: skip
API = ["me", "governance", "imports", "qa", "reports", "selection", "admin"]


def create_app(root: Path, *, secure_cookies: bool = True) -> FastAPI:
    """The app serving the workspace at ``root``.

    ``secure_cookies=False`` drops the cookies' Secure flag, for plain-HTTP tests only.
    """
    app = FastAPI(
        title="Regie",
        version=__version__,
        summary="Keep control of outsourced customer service.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.context = Context(root, secure_cookies)
    errors.install(app)
    app.add_middleware(AuditTrail)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(ServerTiming)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for name in PAGES:
        app.include_router(_router(f"regie.web.pages.{name}"), include_in_schema=False)
    for name in API:
        app.include_router(
            _router(f"regie.web.api.{name}"), prefix="/api/v1", responses=errors.RESPONSES
        )
    return app


@dataclass(frozen=True)
class Endpoint:
    """One route as served: its full path and the route (for the role walk and the docs)."""

    path: str
    route: APIRoute

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/api/")


def endpoints() -> list[Endpoint]:
    """Every page and API route the app serves, with its full path."""
    found = [Endpoint(r.path, r) for n in PAGES for r in _routes(f"regie.web.pages.{n}")]
    found += [Endpoint("/api/v1" + r.path, r) for n in API for r in _routes(f"regie.web.api.{n}")]
    return found


def _routes(module: str) -> list[APIRoute]:
    return [r for r in _router(module).routes if isinstance(r, APIRoute)]


def _router(module: str) -> APIRouter:
    found: APIRouter = importlib.import_module(module).router
    return found
