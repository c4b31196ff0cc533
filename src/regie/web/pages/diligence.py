"""Pages: due diligence — both checklists per vendor, record a check, accept a gap.

``regie select checklist|check|accept|status`` on the same services
(:mod:`regie.services.diligence`). Recording a check and accepting a gap change the
workspace (``change``) and go to the audit log with the vendor, the item and the person.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from regie.domain.access import Principal
from regie.domain.diligence import (
    ITEMS,
    Acceptance,
    Assessment,
    Check,
    Checklist,
    ItemState,
    Status,
)
from regie.i18n import Locale
from regie.services import diligence as dd
from regie.web.access import CHANGE, READ_SELECTION
from regie.web.audit import note
from regie.web.context import Context, context
from regie.web.templating import locale_of, render

router = APIRouter(prefix="/diligence")
StatusChoice = tuple(s.value for s in Status)


def words(loc: Locale) -> dict[str, Any]:
    """The services' words for the templates, in the reader's language."""
    return {
        "item_label": lambda key: dd.item_label(key, loc),
        "status_text": lambda status: dd.status_text(status, loc),
        "acceptance_text": lambda state: dd.acceptance_text(state, loc),
        "risk_name": lambda state: dd.risk_name(state, loc),
        "verdict": lambda a: dd.verdict(a, loc),
    }


def checklists(a: Assessment, loc: Locale) -> list[tuple[str, list[Any]]]:
    """Each checklist's title and its items as they stand."""
    return [
        (dd.checklist_title(kind, loc), [s for s in a.states if s.item.checklist is kind])
        for kind in Checklist
    ]


@router.get("", name="diligence.list")
def vendors(
    request: Request, user: Principal = READ_SELECTION, ctx: Context = Depends(context)
) -> Response:
    """Every vendor: ready to sign, or how many gaps are open (``regie select status``)."""
    names = user.visible([v.name for v in ctx.store.vendors()])
    found = dd.assessments(ctx.store, ctx.diligence, names)
    return render(
        request,
        "diligence_list.html.j2",
        assessments=list(found.values()),
        **words(locale_of(request)),
    )


def _vendor_page(
    request: Request, ctx: Context, vendor: str, status: int = 200, **extra: Any
) -> Response:
    loc = locale_of(request)
    found = dd.assessment(ctx.store, ctx.diligence, vendor)
    return render(
        request,
        "diligence_vendor.html.j2",
        status,
        a=found,
        lists=checklists(found, loc),
        items=ITEMS,
        statuses=StatusChoice,
        today=date.today().isoformat(),
        **words(loc),
        **extra,
    )


def record_noted(
    request: Request,
    ctx: Context,
    vendor: str,
    item: str,
    status: str,
    evidence: str | None,
    checked_on: date | None,
) -> Check:
    """``regie select check`` (today unless ``checked_on``), noted for the audit log."""
    today = date.today()
    check = dd.record_check(
        ctx.store, ctx.diligence, vendor, item, status, evidence, checked_on or today, today
    )
    note(request, ctx.store.vendor(vendor).name, item=check.item, status=check.status.value,
         checked_on=check.checked_on.isoformat(), evidence=check.evidence or "")  # fmt: skip
    return check


def accept_noted(
    request: Request, ctx: Context, vendor: str, item: str, by: str
) -> tuple[ItemState, Acceptance]:
    """``regie select accept``, noted for the audit log."""
    state, accepted = dd.accept_gap(ctx.store, ctx.diligence, vendor, item, by)
    when = accepted.accepted_at.isoformat()
    note(request, ctx.store.vendor(vendor).name, item=accepted.item, status=state.status.value,
         accepted_by=accepted.accepted_by, accepted_at=when)  # fmt: skip
    return state, accepted


@router.get("/{vendor}", name="diligence.show")
def vendor_page(
    request: Request, vendor: str, user: Principal = READ_SELECTION, ctx: Context = Depends(context)
) -> Response:
    """Both checklists of one vendor (``regie select checklist``) and its verdict."""
    user.require_vendor(vendor)
    return _vendor_page(request, ctx, vendor)


@router.post("/{vendor}/checks", name="diligence.check")
def record(
    request: Request,
    vendor: str,
    item: str = Form(..., max_length=100),
    status: str = Form(..., max_length=20),
    evidence: str = Form("", max_length=2000),
    checked_on: date | None = Form(None),
    user: Principal = CHANGE,
    ctx: Context = Depends(context),
) -> Response:
    """Record the status of one item (``regie select check``); the latest one counts."""
    user.require_vendor(vendor)
    check = record_noted(request, ctx, vendor, item, status, evidence or None, checked_on)
    return _vendor_page(request, ctx, vendor, 201, recorded=check)


@router.post("/{vendor}/accept", name="diligence.accept")
def accept(
    request: Request,
    vendor: str,
    item: str = Form(..., max_length=100),
    by: str = Form(..., max_length=200),
    user: Principal = CHANGE,
    ctx: Context = Depends(context),
) -> Response:
    """A named person accepts the current gap of one item (``regie select accept``)."""
    user.require_vendor(vendor)
    _state, accepted = accept_noted(request, ctx, vendor, item, by)
    return _vendor_page(request, ctx, vendor, 201, accepted=accepted)
