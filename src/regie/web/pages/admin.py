"""Admin pages: users (add, new password, API token) and the audit log."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from regie import __version__, bootstrap
from regie.domain.access import Principal, Role
from regie.services import accounts
from regie.web.access import ADMIN
from regie.web.audit import note
from regie.web.context import Context, context
from regie.web.templating import render

router = APIRouter(prefix="/admin")


def _page(request: Request, ctx: Context, status: int = 200, **extra: object) -> Response:
    vendors = [v.name for v in ctx.store.vendors()]
    return render(request, "admin_users.html.j2", status, users=ctx.accounts.users(),
                  roles=[r.value for r in Role], vendors=vendors, **extra)  # fmt: skip


@router.get("/users", name="users.list")
def users(request: Request, user: Principal = ADMIN, ctx: Context = Depends(context)) -> Response:
    """The users, their roles and vendors, and the forms to add or change one."""
    return _page(request, ctx)


@router.post("/users", name="users.add")
def add_user(
    request: Request,
    username: str = Form(..., max_length=100),
    password: str = Form(..., max_length=1000),
    role: str = Form(...),
    vendor: str = Form(""),
    lang: str = Form("en"),
    user: Principal = ADMIN,
    ctx: Context = Depends(context),
) -> Response:
    """Add a user with a role (and, for a vendor user, its vendor)."""
    found = None
    if vendor:
        info = ctx.store.vendor(vendor)
        found = (info.id, info.name)
    added = accounts.add_user(ctx.accounts, user.username, username, password, role, found, lang)
    note(request, added.username, done=True)
    return _page(request, ctx, 201, done=("added", added.username))


@router.post("/users/{username}/password", name="users.passwd")
def set_password(
    request: Request,
    username: str,
    password: str = Form(..., max_length=1000),
    user: Principal = ADMIN,
    ctx: Context = Depends(context),
) -> Response:
    """Give a user a new password."""
    accounts.change_password(ctx.accounts, user.username, username, password)
    note(request, username, done=True)
    return _page(request, ctx, done=("password", username))


@router.post("/users/{username}/token", name="users.token")
def new_token(
    request: Request,
    username: str,
    name: str = Form("api", max_length=100),
    user: Principal = ADMIN,
    ctx: Context = Depends(context),
) -> Response:
    """Issue a new API token for a user, shown only once."""
    token = accounts.issue_token(ctx.accounts, user.username, username, name)
    note(request, username, done=True)
    return _page(request, ctx, done=("token", username), token=token)


@router.get("/audit", name="audit.list")
def audit_log(
    request: Request, limit: int = 200, user: Principal = ADMIN, ctx: Context = Depends(context)
) -> Response:
    """The audit log: the latest entries, newest first (at most 2,000)."""
    entries = ctx.accounts.audit_log(max(1, min(limit, 2000)))
    return render(request, "admin_audit.html.j2", entries=entries)


@router.get("/system", name="system.show")
def system(request: Request, user: Principal = ADMIN, ctx: Context = Depends(context)) -> Response:
    """The workspace: its folder, database and schema, and how much it holds."""
    return render(request, "admin_system.html.j2", facts=bootstrap.describe(ctx.root),
                  version=__version__)  # fmt: skip
