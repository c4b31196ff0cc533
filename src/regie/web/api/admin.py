"""API: users and the audit log (admin only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from regie.domain.access import Principal
from regie.services import accounts
from regie.web.access import ADMIN
from regie.web.audit import note
from regie.web.context import Context, context

router = APIRouter(tags=["admin"])


class User(BaseModel):
    username: str
    role: str
    vendor: str | None
    lang: str
    created_at: datetime


class NewUser(BaseModel):
    username: str = Field(pattern=r"^\S{1,100}$")
    password: str = Field(min_length=accounts.MIN_PASSWORD, max_length=1000)
    role: Literal["admin", "manager", "viewer", "vendor"]
    vendor: str | None = Field(default=None, max_length=200)
    lang: Literal["en", "nl"] = "en"


class AuditEntry(BaseModel):
    at: datetime
    actor: str
    action: str
    target: str
    details: dict[str, Any]


def _user(u: accounts.UserInfo) -> User:
    return User(username=u.username, role=str(u.role), vendor=u.vendor, lang=u.lang,
                created_at=u.created_at)  # fmt: skip


@router.get("/users", name="api.users.list", response_model=list[User])
def users(user: Principal = ADMIN, ctx: Context = Depends(context)) -> list[User]:
    """Every user."""
    return [_user(u) for u in ctx.accounts.users()]


@router.post("/users", name="api.users.add", response_model=User, status_code=201)
def add_user(
    request: Request, new: NewUser, user: Principal = ADMIN, ctx: Context = Depends(context)
) -> User:
    """Add a user; a vendor user names its vendor."""
    vendor = None
    if new.vendor:
        info = ctx.store.vendor(new.vendor)
        vendor = (info.id, info.name)
    added = accounts.add_user(
        ctx.accounts, user.username, new.username, new.password, new.role, vendor, new.lang
    )
    note(request, added.username, done=True)
    return _user(added)


@router.get("/audit", name="api.audit.list", response_model=list[AuditEntry])
def audit_log(
    limit: int = 200, user: Principal = ADMIN, ctx: Context = Depends(context)
) -> list[AuditEntry]:
    """The newest entries of the audit log first."""
    entries = ctx.accounts.audit_log(max(1, min(limit, 2000)))
    return [AuditEntry(at=e.at, actor=e.actor, action=e.action, target=e.target,
                       details=e.details) for e in entries]  # fmt: skip
