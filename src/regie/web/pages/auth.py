"""Log in, log out, choose the language; a health check for monitors."""

from __future__ import annotations

import secrets
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import FileResponse, PlainTextResponse, RedirectResponse, Response

from regie.domain.access import Principal
from regie.domain.errors import InvalidInput, PermissionDenied
from regie.i18n import LANGUAGES
from regie.services import accounts
from regie.web.access import PUBLIC, READ, SESSION_COOKIE, CsrfFailed
from regie.web.context import Context, context
from regie.web.templating import LANG_COOKIE, render

router = APIRouter()
LOGIN_CSRF = "regie_login_csrf"


def _safe_next(target: str | None) -> str:
    """Only a path on this site (no ``//host`` or scheme) may follow the log-in."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login", name="session.form", dependencies=[PUBLIC])
def login_form(request: Request, next: str = "/") -> Response:
    """The log-in form."""
    token = request.cookies.get(LOGIN_CSRF) or secrets.token_urlsafe(32)
    request.state.csrf = token
    response = render(request, "login.html.j2", next=_safe_next(next), error=None)
    _cookie(request, response, LOGIN_CSRF, token, max_age=3600)
    return response


@router.post("/login", name="session.open", dependencies=[PUBLIC])
def login(
    request: Request,
    username: str = Form(..., max_length=100),
    password: str = Form(..., max_length=1000),
    csrf_token: str = Form(""),
    next: str = Form("/"),
    ctx: Context = Depends(context),
) -> Response:
    """Log in with a username and password, then go on to the page asked for."""
    expected = request.cookies.get(LOGIN_CSRF, "")
    if not expected or not secrets.compare_digest(csrf_token, expected):
        raise CsrfFailed("the log-in form has expired: reload the page")
    client = request.client.host if request.client else "?"
    ctx.limiter.check(client, username)
    try:
        user = accounts.authenticate(ctx.accounts, username, password)
    except PermissionDenied as error:
        ctx.limiter.failed(client, username)
        request.state.csrf = expected
        return render(request, "login.html.j2", 401, next=_safe_next(next), error=error.message)
    ctx.limiter.succeeded(client, username)
    token, _csrf = accounts.open_session(ctx.accounts, user)
    response = RedirectResponse(_safe_next(next), status_code=303)
    _cookie(request, response, SESSION_COOKIE, token, max_age=accounts.SESSION_HOURS * 3600)
    response.delete_cookie(LOGIN_CSRF, path="/")
    return response


@router.post("/logout", name="session.close")
def logout(request: Request, user: Principal = READ, ctx: Context = Depends(context)) -> Response:
    """Log out: end the session and go back to the log-in form."""
    accounts.close_session(ctx.accounts, request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/language", name="language.set")
def language(
    request: Request,
    lang: str = Form(...),
    user: Principal = READ,
    ctx: Context = Depends(context),
) -> Response:
    """Choose the language of the pages and go back to the page you came from."""
    if lang not in LANGUAGES:
        raise InvalidInput(f"language {lang!r}: use one of {', '.join(LANGUAGES)}")
    ctx.accounts.set_language(user.user_id, lang)
    back = urlsplit(request.headers.get("referer", "/"))
    path = back.path + (f"?{back.query}" if back.query else "")
    response = RedirectResponse(_safe_next(path), status_code=303)
    _cookie(request, response, LANG_COOKIE, lang, max_age=365 * 86400, http_only=False)
    return response


@router.get("/favicon.ico", name="favicon", dependencies=[PUBLIC])
def favicon() -> FileResponse:
    """The app's icon, for browsers that ask for it by its old name."""
    icon = Path(__file__).resolve().parent.parent / "static" / "favicon.svg"
    return FileResponse(icon, media_type="image/svg+xml")


@router.get("/healthz", name="health", dependencies=[PUBLIC])
def health() -> PlainTextResponse:
    """A health check for monitors: always answers ok."""
    return PlainTextResponse("ok")


def _cookie(
    request: Request,
    response: Response,
    name: str,
    value: str,
    max_age: int,
    http_only: bool = True,
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        secure=request.app.state.context.secure_cookies,
        httponly=http_only,
        samesite="strict",
    )
