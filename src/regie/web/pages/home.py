"""The home dashboard (to be built: KPIs against targets, trends, signals, statements)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from regie.domain.access import Principal
from regie.web.access import READ
from regie.web.context import Context, context
from regie.web.templating import render

router = APIRouter()


@router.get("/", name="home")
def home(request: Request, user: Principal = READ, ctx: Context = Depends(context)) -> Response:
    vendors = user.visible([v.name for v in ctx.store.vendors()])
    return render(request, "home.html.j2", vendors=vendors)
