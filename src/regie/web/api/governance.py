"""API: governance — vendors, monthly statements (``regie evaluate``), the contacts behind
a target, contracts (``regie contract``), KPI tables (``regie kpi``) and the early
warning (``regie watch``). Every answer is the CLI's ``--json`` for the same question;
a vendor user reaches only its own vendor."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal
from typing import Any, Literal

import polars as pl
from fastapi import APIRouter, Depends, Path, Query, Request

from regie.domain.access import Principal
from regie.domain.errors import NotFound
from regie.files.contract_loader import load_contract
from regie.services.contracts import (
    add_contract,
    contract_in_effect,
    contract_summary,
    contract_versions,
    version_json,
)
from regie.services.explain import explain
from regie.services.kpis import KpiRequest, kpi_table
from regie.services.statement_records import record_json, recorded_months, shown
from regie.services.statements import Billed, Evaluation, evaluate, next_month, parse_month
from regie.services.watch import BASELINE_DAYS, watch
from regie.services.watch_json import watch_json
from regie.web.access import CHANGE, READ
from regie.web.api.governance_models import (
    ContractCheckOut,
    ContractIn,
    ContractOut,
    EvaluateIn,
    ExplanationOut,
    RecordedMonthOut,
    StatementOut,
    VendorOut,
    WatchOut,
)
from regie.web.audit import note
from regie.web.context import Context, context
from regie.web.pages.contracts import safe_name, saved_file

router = APIRouter(tags=["governance"])
MONTH = r"^\d{4}-\d{2}$"
GROUPS = r"^(channel|queue|priority|day|week|month|quarter)(,(channel|queue|priority|day|week|month|quarter))*$"  # noqa: E501
VENDOR = Query(..., min_length=1, max_length=200)


def _vendors(user: Principal, ctx: Context, vendor: str | None) -> list[str]:
    """The vendor asked for (if the user may see it), else every vendor it may see."""
    if vendor is not None:
        user.require_vendor(vendor)
        return [ctx.store.vendor(vendor).name]
    return user.visible([v.name for v in ctx.store.vendors()])


@router.get("/vendors", name="api.vendors.list", response_model=list[VendorOut])
def vendors(user: Principal = READ, ctx: Context = Depends(context)) -> list[VendorOut]:
    """The vendors this user may see, with their contract versions and recorded months."""
    found = []
    for name in _vendors(user, ctx, None):
        info = ctx.store.vendor(name)
        months = recorded_months(ctx.store, ctx.governance, name)
        found.append(
            VendorOut(
                name=name,
                created_at=info.created_at,
                contract_versions=len(ctx.governance.contracts(info.id)),
                recorded_months=len(months),
                last_recorded_month=months[-1].month if months else None,
            )
        )
    return found


@router.get("/statements", name="api.statements.list", response_model=list[RecordedMonthOut])
def statements(
    vendor: str | None = Query(None, min_length=1, max_length=200),
    user: Principal = READ,
    ctx: Context = Depends(context),
) -> list[RecordedMonthOut]:
    """Every recorded month (its latest revision), per vendor, oldest first."""
    return [
        RecordedMonthOut(**{**vars(m), "net_adjustment": str(m.net)})
        for name in _vendors(user, ctx, vendor)
        for m in recorded_months(ctx.store, ctx.governance, name)
    ]


def _statement(result: Evaluation) -> StatementOut:
    return StatementOut.model_validate({**result.json, "record": record_json(result), "files": []})


@router.get("/statements/{vendor}/{month}", name="api.statements.show",
            response_model=StatementOut)  # fmt: skip
def statement(
    vendor: str,
    month: str = Path(..., pattern=MONTH),
    user: Principal = READ,
    ctx: Context = Depends(context),
) -> StatementOut:
    """The month's latest recorded revision, else a draft (``record`` null), never recorded."""
    user.require_vendor(vendor)
    return _statement(shown(ctx.store, ctx.governance, vendor, month))


@router.post("/statements/{vendor}/{month}", name="api.statements.evaluate",
             response_model=StatementOut)  # fmt: skip
def evaluate_month(
    request: Request,
    options: EvaluateIn,
    vendor: str,
    month: str = Path(..., pattern=MONTH),
    user: Principal = CHANGE,
    ctx: Context = Depends(context),
) -> StatementOut:
    """``regie evaluate``: a draft, or recorded (409 when the inputs changed, unless
    ``recalculate``: a new revision)."""
    user.require_vendor(vendor)
    billed = Billed(_decimal(options.billed_hours), _decimal(options.billed_fte))
    result = evaluate(ctx.store, ctx.governance, vendor, month, options.draft,
                      options.recalculate, billed)  # fmt: skip
    revision = None if result.record is None else result.record.revision
    note(request, f"{vendor} {month}", draft=options.draft, revision=revision,
         recorded_now=result.recorded_now)  # fmt: skip
    return _statement(result)


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@router.get("/statements/{vendor}/{month}/explain/{key}", name="api.statements.explain",
            response_model=ExplanationOut)  # fmt: skip
def explain_target(
    vendor: str,
    month: str = Path(..., pattern=MONTH),
    key: str = Path(..., pattern=r"^[a-z]+\.[a-z0-9_]+$", max_length=60),
    limit: int = Query(1000, ge=1, le=100_000),
    user: Principal = READ,
    ctx: Context = Depends(context),
) -> ExplanationOut:
    """``regie evaluate --explain KEY --json``: the contacts counting against a target."""
    user.require_vendor(vendor)
    found = explain(ctx.store, ctx.governance, vendor, month, key)
    rows = found.rows.with_columns(pl.col(pl.Date, pl.Datetime).cast(pl.String))
    contacts = [_cells(r) for r in rows.head(limit).to_dicts()]
    return ExplanationOut(target=found.key, figure=found.figure, total=rows.height,
                          contacts=contacts)  # fmt: skip


def _cells(row: dict[str, Any]) -> dict[str, Any]:
    """A row for JSON: NaN and infinity become null."""
    return {k: None if isinstance(v, float) and not math.isfinite(v) else v for k, v in row.items()}


@router.get(
    "/contracts",
    name="api.contracts.list",
    response_model=list[ContractOut],
    response_model_exclude_unset=True,
)
def contracts(
    vendor: str | None = Query(None, min_length=1, max_length=200),
    user: Principal = READ,
    ctx: Context = Depends(context),
) -> list[ContractOut]:
    """``regie contract list --json`` for every vendor this user may see (or one)."""
    return [
        ContractOut(**version_json(v))
        for name in _vendors(user, ctx, vendor)
        for v in contract_versions(ctx.store, ctx.governance, name)
    ]


@router.post("/contracts/check", name="api.contracts.check", response_model=ContractCheckOut)
def check_contract(
    request: Request, given: ContractIn, user: Principal = CHANGE, ctx: Context = Depends(context)
) -> ContractCheckOut:
    """``regie contract check --json``: validate a contract file without storing it."""
    name = safe_name(given.file_name)
    contract = saved_file(ctx, name, given.text.encode("utf-8"), load_contract)
    note(request, name, checked=True)
    return ContractCheckOut(**contract_summary(contract))


@router.get("/contracts/{vendor}/{version}", name="api.contracts.show",
            response_model=ContractOut)  # fmt: skip
def contract(
    vendor: str,
    version: int = Path(..., ge=1, le=100_000),
    user: Principal = READ,
    ctx: Context = Depends(context),
) -> ContractOut:
    """One stored version with its file's text."""
    user.require_vendor(vendor)
    for v in contract_versions(ctx.store, ctx.governance, vendor):
        if v.info.version == version:
            return ContractOut(**version_json(v), text=v.info.text)
    raise NotFound(f"{vendor!r} has no contract version {version}")


@router.post("/contracts/{vendor}", name="api.contracts.add", response_model=ContractOut,
             status_code=201)  # fmt: skip
def add(
    request: Request,
    given: ContractIn,
    vendor: str,
    user: Principal = CHANGE,
    ctx: Context = Depends(context),
) -> ContractOut:
    """``regie contract add``: store the file as the vendor's next version."""
    user.require_vendor(vendor)
    name, text = safe_name(given.file_name), given.text.encode("utf-8")
    stored = saved_file(
        ctx, name, text, lambda p: add_contract(ctx.store, ctx.governance, p, vendor)
    )
    info = stored.info
    note(request, info.vendor, version=info.version, effective_from=str(info.effective_from),
         sha256=info.sha256, file=info.file_name)  # fmt: skip
    return ContractOut(**version_json(stored), text=info.text)


@router.get("/kpis", name="api.kpis", response_model=list[dict[str, Any]])
def kpis(
    vendor: str = VENDOR,
    month: str = Query(..., pattern=MONTH),
    by: str = Query("channel,month", max_length=100, pattern=GROUPS),
    contract: Literal["stored", "none"] = "stored",
    user: Principal = READ,
    ctx: Context = Depends(context),
) -> list[dict[str, Any]]:
    """``regie kpi --json`` over one month: the KPI table per the groups in ``by``, with the
    stored contract's definitions (``contract=none``: UTC days, 24/7, defaults)."""
    user.require_vendor(vendor)
    first = parse_month(month)
    last = date.fromordinal(next_month(first).toordinal() - 1)
    terms = None
    if contract == "stored":
        terms = contract_in_effect(ctx.store, ctx.governance, vendor, first).contract
    request = KpiRequest(vendor, first, last, by.split(","), contract=terms)
    table = kpi_table(ctx.store, request)
    rows = table.with_columns(pl.col(pl.Date, pl.Datetime).cast(pl.String)).to_dicts()
    return [_cells(r) for r in rows]


@router.get("/signals", name="api.signals", response_model=WatchOut)
def signals(
    vendor: str = VENDOR,
    method: Literal["ewma", "cusum"] = "ewma",
    until: date | None = None,
    baseline_days: int = Query(BASELINE_DAYS, ge=2, le=3650),
    user: Principal = READ,
    ctx: Context = Depends(context),
) -> WatchOut:
    """``regie watch --json``: the open early-warning signals of a vendor."""
    user.require_vendor(vendor)
    result = watch(ctx.store, ctx.governance, vendor, until, baseline_days, method)
    return WatchOut.model_validate(watch_json(result))
