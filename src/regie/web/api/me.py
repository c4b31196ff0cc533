"""API: who am I."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from regie.domain.access import POLICY, Principal
from regie.web.access import READ

router = APIRouter(tags=["session"])


class Me(BaseModel):
    username: str
    role: str
    vendor: str | None
    lang: str
    capabilities: list[str]


@router.get("/me", name="api.me", response_model=Me)
def me(user: Principal = READ) -> Me:
    """The signed-in user, its role and what it may do."""
    return Me(
        username=user.username,
        role=str(user.role),
        vendor=user.vendor,
        lang=user.lang,
        capabilities=sorted(str(c) for c in POLICY[user.role]),
    )
