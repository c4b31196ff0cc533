"""Sign-in, CSRF and the one rule each route declares.

Every route depends on :func:`allow` (a capability of :mod:`regie.domain.access`) or on
:func:`public`; the role-matrix test fails for a route that has neither. A request is
signed in by the session cookie (pages) or by ``Authorization: Bearer <token>`` (API).
A state-changing request on a session must carry the session's CSRF token, in the
``X-CSRF-Token`` header (HTMX, API) or the ``csrf_token`` form field (forms).
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Depends, Request

from regie.domain.access import Capability, Principal
from regie.domain.errors import PermissionDenied, RegieError
from regie.services import accounts
from regie.web.context import Context, context

SESSION_COOKIE = "regie_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class NotSignedIn(RegieError):
    """No valid session or token: pages redirect to the log-in, the API answers 401."""

    code = "not_signed_in"


class CsrfFailed(RegieError):
    code = "csrf_failed"


async def signed_in(request: Request, ctx: Context = Depends(context)) -> Principal:
    """The user of this request, checked for CSRF on state-changing session requests."""
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = accounts.token_user(ctx.accounts, header[7:].strip())
        if user is None:
            raise NotSignedIn("the API token is unknown or revoked")
        principal = user.principal()
        request.state.principal = principal
        return principal
    cookie = request.cookies.get(SESSION_COOKIE)
    found = accounts.session_user(ctx.accounts, cookie) if cookie else None
    if found is None:
        raise NotSignedIn("sign in first")
    user, csrf = found
    if request.method not in SAFE_METHODS:
        await _check_csrf(request, csrf)
    principal = user.principal()
    request.state.principal = principal
    request.state.csrf = csrf
    return principal


async def _check_csrf(request: Request, expected: str) -> None:
    given = request.headers.get(CSRF_HEADER)
    if given is None and _is_form(request):
        value = (await request.form()).get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not given or not hmac.compare_digest(given, expected):
        raise CsrfFailed("the form has expired or did not come from this site: reload the page")


def _is_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "")
    return kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))


Rule = Callable[..., Awaitable[Any]]


def allow(capability: Capability) -> Rule:
    """The dependency of a route that needs ``capability``; it yields the user."""

    async def rule(principal: Principal = Depends(signed_in)) -> Principal:
        if not principal.can(capability):
            raise PermissionDenied(
                f"{principal.username} ({principal.role}) may not do this: it needs {capability}"
            )
        return principal

    rule.capability = capability  # type: ignore[attr-defined]
    return rule


async def _public() -> None:
    return None


_public.capability = None  # type: ignore[attr-defined]


def public() -> Rule:
    """The dependency of a route anyone may open (log-in page, assets, health)."""
    return _public


def rule_of(dependencies: list[Any]) -> tuple[bool, Capability | None]:
    """(declared?, capability) of a route's dependency tree (for the role-matrix test)."""
    for dependant in dependencies:
        call = getattr(dependant, "call", None)
        if call is not None and hasattr(call, "capability"):
            return True, call.capability
        declared, found = rule_of(getattr(dependant, "dependencies", []))
        if declared:
            return True, found
    return False, None


READ = Depends(allow(Capability.READ))
READ_SELECTION = Depends(allow(Capability.READ_SELECTION))
UPLOAD = Depends(allow(Capability.UPLOAD))
CHANGE = Depends(allow(Capability.CHANGE))
ADMIN = Depends(allow(Capability.ADMIN))
PUBLIC = Depends(public())
