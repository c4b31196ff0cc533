"""Every change made through the web app goes to the audit log: who, when, what.

The middleware writes one entry for each state-changing request that succeeded, named
by its route (``import.upload``) with the route's own words when it gave them through
:func:`note` (the vendor, the batch id, …). Services that audit themselves (users) set
``done=True`` so nothing is written twice.
"""

from __future__ import annotations

from typing import Any

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import Response

from regie.domain.access import Principal
from regie.web.access import SAFE_METHODS


def note(request: Request, target: str, done: bool = False, **details: Any) -> None:
    """What this request changed, for its audit entry."""
    request.state.audit = {"target": target, "done": done, "details": details}


class AuditTrail(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        if request.method in SAFE_METHODS or response.status_code >= 400:
            return response
        principal: Principal | None = getattr(request.state, "principal", None)
        given: dict[str, Any] = getattr(request.state, "audit", {})
        if principal is None or given.get("done"):
            return response
        action = _route_name(request)
        if action in ("session.close", "language.set"):
            return response
        accounts = request.app.state.context.accounts
        target = str(given.get("target", request.url.path))
        accounts.audit(principal.username, action, target, dict(given.get("details", {})))
        return response


def _route_name(request: Request) -> str:
    """The name of the route that served the request (the router puts it in the scope)."""
    matched = request.scope.get("route")
    name = getattr(matched, "name", None)
    return str(name) if name else request.url.path
