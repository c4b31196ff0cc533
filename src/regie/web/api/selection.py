"""API: decide and select — business case, quotes, scorecard, due diligence, pilot.

The JSON documents are the CLI's ``--json`` ones (``regie case show``, ``regie quote
list|compare``, ``regie select score|checklist``, ``regie pilot check``), made by the same
service functions, on the workspace's dossier (:mod:`regie.services.dossier`). Every
endpoint needs ``read_selection`` (reading) or ``change`` (writing): vendor users never
reach any of them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from regie.db.quotes import quote_data
from regie.domain.access import Principal
from regie.domain.quotes import COVERAGES, Coverage
from regie.services import diligence as dd
from regie.services.business_case import evaluate, to_json
from regie.services.case_text import reasons
from regie.services.dossier import Dossier, pilot_check, quote_comparison, scorecard_selection
from regie.services.pilot_json import check_json
from regie.services.quotes import QuoteInfo, comparison_json, stored_quotes
from regie.services.selection import selection_json
from regie.web.access import CHANGE, READ_SELECTION
from regie.web.audit import note
from regie.web.context import Context, context
from regie.web.pages.diligence import accept_noted, record_noted
from regie.web.templating import locale_of

router = APIRouter(tags=["selection"])
VENDOR = Field(min_length=1, max_length=200)


class Document(BaseModel):
    """A CLI ``--json`` document: the named keys are always there, the rest as the CLI."""

    model_config = ConfigDict(extra="allow")


class CaseResult(Document):
    name: str
    horizon_months: int
    volume_total: float
    inhouse: dict[str, Any]
    outsourced: dict[str, Any]
    saving: dict[str, float]
    roi_pct: float
    break_even_month: int | None
    cost_per_ticket: dict[str, float]
    scenarios: dict[str, Any]
    monte_carlo: dict[str, Any]
    recommendation: dict[str, Any]


class CaseText(BaseModel):
    """A whole case file (TOML), as ``regie case show`` reads it."""

    text: str = Field(min_length=1, max_length=1_000_000)


class QuoteOut(BaseModel):
    vendor: str
    version: int
    file_name: str
    sha256: str
    imported_at: datetime
    active: bool
    quote: dict[str, Any]


class Comparison(Document):
    case: dict[str, Any]
    horizons: list[int]
    ranked_on_months: int
    inhouse: dict[str, Any]
    quotes: list[dict[str, Any]]
    warnings: list[dict[str, Any]]


class ScorecardResult(Document):
    title: str | None
    criteria: list[dict[str, Any]]
    ranking: list[dict[str, Any]]
    sensitivity: list[dict[str, Any]]


class DiligenceResult(Document):
    vendor: str
    ready_to_sign: bool
    items: list[dict[str, Any]]
    open_gaps: list[str]
    accepted_gaps: list[str]
    risks: list[dict[str, Any]]


class NewCheck(BaseModel):
    item: str = Field(min_length=1, max_length=100, examples=["gdpr.dpa"])
    status: Literal["yes", "no", "partial", "unknown"]
    evidence: str | None = Field(default=None, max_length=2000)
    checked_on: date | None = None


class CheckOut(BaseModel):
    vendor: str
    item: str
    status: str
    evidence: str | None
    checked_on: date
    recorded_at: datetime


class NewAcceptance(BaseModel):
    item: str = Field(min_length=1, max_length=100, examples=["gdpr.audit_rights"])
    by: str = Field(min_length=1, max_length=200, examples=["Anna de Vries"])


class AcceptanceOut(BaseModel):
    vendor: str
    item: str
    status: str
    accepted_by: str
    accepted_at: datetime


class PilotResult(Document):
    pilot: dict[str, Any]
    day: int
    through: str
    vendors: list[dict[str, Any]]
    comparisons: list[dict[str, Any]]
    daily: list[dict[str, Any]]


def _case_result(request: Request, ctx: Context) -> CaseResult:
    loc = locale_of(request)
    ev = evaluate(Dossier.of(ctx.files).case())
    return CaseResult.model_validate(to_json(ev, reasons(ev.recommendation.reasons, loc)))


@router.get("/case", name="api.case.show", response_model=CaseResult)
def case(
    request: Request, user: Principal = READ_SELECTION, ctx: Context = Depends(context)
) -> CaseResult:
    """The current business case evaluated (``regie case show --json``)."""
    return _case_result(request, ctx)


@router.put("/case", name="api.case.store", response_model=CaseResult)
def store_case(
    request: Request, body: CaseText, user: Principal = CHANGE, ctx: Context = Depends(context)
) -> CaseResult:
    """Make a case file the current case; its problems are listed in ``details``."""
    stored = Dossier.of(ctx.files).store_case(body.text)
    note(request, "case.toml", name=stored.name, source="api")
    return _case_result(request, ctx)


def _quote(q: QuoteInfo) -> QuoteOut:
    return QuoteOut(
        vendor=q.vendor,
        version=q.version,
        file_name=q.file_name,
        sha256=q.sha256,
        imported_at=q.imported_at,
        active=q.active,
        quote=quote_data(q.quote),
    )


@router.get("/quotes", name="api.quotes.list", response_model=list[QuoteOut])
def quotes(
    history: bool = False, user: Principal = READ_SELECTION, ctx: Context = Depends(context)
) -> list[QuoteOut]:
    """The active quote of each vendor, or every version (``regie quote list --json``)."""
    return [_quote(q) for q in stored_quotes(ctx.store, ctx.quotes, (), history)]


@router.get("/quotes/comparison", name="api.quotes.compare", response_model=Comparison)
def comparison(
    request: Request,
    coverage: Literal["weekdays", "weekdays_saturday", "all_week", "24/7"] | None = None,
    user: Principal = READ_SELECTION,
    ctx: Context = Depends(context),
) -> Comparison:
    """The quotes priced on the current case (``regie quote compare --case --json``)."""
    chosen: Coverage | None = next((c for c in COVERAGES if c == coverage), None)
    found = quote_comparison(Dossier.of(ctx.files), ctx.store, ctx.quotes, chosen)
    return Comparison.model_validate(comparison_json(found, locale_of(request)))


@router.get("/scorecard", name="api.scorecard.show", response_model=ScorecardResult)
def scorecard(
    tco: Literal["file", "quotes"] = "file",
    horizon: int | None = Query(None, ge=12, le=24, description="12 or 24 months"),
    user: Principal = READ_SELECTION,
    ctx: Context = Depends(context),
) -> ScorecardResult:
    """The stored scorecard ranked, with due diligence (``regie select score --json``)."""
    books = ctx.quotes if tco == "quotes" else None
    found = scorecard_selection(Dossier.of(ctx.files), ctx.store, books, ctx.diligence, horizon)
    return ScorecardResult.model_validate(selection_json(found))


@router.get("/diligence/{vendor}", name="api.diligence.show", response_model=DiligenceResult)
def diligence(
    vendor: str, user: Principal = READ_SELECTION, ctx: Context = Depends(context)
) -> DiligenceResult:
    """Both checklists of a vendor and ready-to-sign (``regie select checklist --json``)."""
    user.require_vendor(vendor)
    found = dd.assessment(ctx.store, ctx.diligence, vendor)
    return DiligenceResult.model_validate(dd.assessment_json(found))


@router.post(
    "/diligence/{vendor}/checks",
    name="api.diligence.check",
    response_model=CheckOut,
    status_code=201,
)
def record_check(
    request: Request,
    vendor: str,
    body: NewCheck,
    user: Principal = CHANGE,
    ctx: Context = Depends(context),
) -> CheckOut:
    """Record one item's status (``regie select check``); the latest check counts."""
    user.require_vendor(vendor)
    check = record_noted(request, ctx, vendor, body.item, body.status, body.evidence,
                         body.checked_on)  # fmt: skip
    name = ctx.store.vendor(vendor).name
    return CheckOut(
        vendor=name,
        item=check.item,
        status=check.status.value,
        evidence=check.evidence,
        checked_on=check.checked_on,
        recorded_at=check.recorded_at,
    )


@router.post(
    "/diligence/{vendor}/accept",
    name="api.diligence.accept",
    response_model=AcceptanceOut,
    status_code=201,
)
def accept_gap(
    request: Request,
    vendor: str,
    body: NewAcceptance,
    user: Principal = CHANGE,
    ctx: Context = Depends(context),
) -> AcceptanceOut:
    """A named person accepts the current gap of one item (``regie select accept``)."""
    user.require_vendor(vendor)
    state, accepted = accept_noted(request, ctx, vendor, body.item, body.by)
    name = ctx.store.vendor(vendor).name
    return AcceptanceOut(
        vendor=name,
        item=accepted.item,
        status=state.status.value,
        accepted_by=accepted.accepted_by,
        accepted_at=accepted.accepted_at,
    )


@router.get("/pilot", name="api.pilot.check", response_model=PilotResult)
def pilot(
    day: int | None = Query(None, ge=1, le=366),
    user: Principal = READ_SELECTION,
    ctx: Context = Depends(context),
) -> PilotResult:
    """The stored pilot checked through ``day`` (``regie pilot check --json``)."""
    found = pilot_check(Dossier.of(ctx.files), ctx.store, day)
    return PilotResult.model_validate(check_json(found))
