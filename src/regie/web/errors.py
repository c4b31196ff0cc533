"""One error shape for the whole app.

The API answers every error, ours or the framework's, as JSON::

    {"status": 422, "code": "invalid_input", "message": "…", "details": ["…", "…"]}

Pages show the same message in the page's language; a request that is not signed in is
sent to the log-in page. Codes and statuses::

    RegieError               400 error
    ├── InvalidInput         422 invalid_input (and the framework's validation errors)
    ├── NotFound             404 not_found
    ├── Conflict             409 conflict
    ├── PermissionDenied     403 permission_denied
    ├── CsrfFailed           403 csrf_failed
    ├── NotSignedIn          401 not_signed_in
    └── TooManyAttempts      429 too_many_attempts
    (anything else)          500 internal
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from regie.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied, RegieError
from regie.web.access import CsrfFailed, NotSignedIn
from regie.web.limits import TooManyAttempts
from regie.web.templating import render

STATUS: list[tuple[type[RegieError], int]] = [
    (NotSignedIn, 401),
    (CsrfFailed, 403),
    (PermissionDenied, 403),
    (TooManyAttempts, 429),
    (InvalidInput, 422),
    (NotFound, 404),
    (Conflict, 409),
    (RegieError, 400),
]
HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 401: "not_signed_in"}
log = logging.getLogger("regie.web")


class ApiError(BaseModel):
    """The body of every error the API returns."""

    status: int
    code: str
    message: str
    details: list[str]


RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ApiError, "description": description}
    for status, description in [
        (400, "The request breaks a rule"),
        (401, "Not signed in: no or an unknown API token"),
        (403, "The user's role or vendor does not allow this, or the CSRF token is missing"),
        (404, "Not found"),
        (409, "Conflicts with what is stored"),
        (422, "Invalid input: each problem in details"),
        (429, "Too many attempts"),
    ]
}


def status_of(error: RegieError) -> int:
    return next(status for kind, status in STATUS if isinstance(error, kind))


def body(status: int, code: str, message: str, details: list[Any]) -> dict[str, Any]:
    return {"status": status, "code": code, "message": message, "details": details}


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def respond(request: Request, status: int, code: str, message: str, details: list[Any]) -> Response:
    if is_api(request):
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse(body(status, code, message, details), status, headers=headers)
    if status == 401:
        target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
        return RedirectResponse(f"/login?next={target}", status_code=303)
    template = "error_fragment.html.j2" if request.headers.get("hx-request") else "error.html.j2"
    return render(request, template, status, status=status, code=code, message=message,
                  details=details)  # fmt: skip


async def on_regie_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RegieError)
    details = [str(p) for p in getattr(error, "problems", ())]
    if details == [error.message]:
        details = []
    return respond(request, status_of(error), error.code, error.message, details)


async def on_validation(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    details = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()]
    return respond(request, 422, "invalid_input", "the request is not valid", details)


async def on_http(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    code = HTTP_CODES.get(error.status_code, "error")
    return respond(request, error.status_code, code, str(error.detail), [])


async def on_crash(request: Request, error: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return respond(request, 500, "internal", "an unexpected error: see the server log", [])


def install(app: FastAPI) -> None:
    app.add_exception_handler(RegieError, on_regie_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(Exception, on_crash)
