"""Pages: monthly statements (``regie evaluate``): the recorded months, one statement with
every norm and KPI and the money, the contacts behind a target, evaluating or recording a
month, and the statement's HTML, PDF and XLSX (written by a background job)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path as FilePath
from typing import Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from regie.domain.access import Principal, Role
from regie.domain.errors import NotFound, PermissionDenied
from regie.domain.statement import Statement
from regie.i18n import Locale
from regie.reports.statement_report import share_chart, statement_context, write_statement
from regie.services.explain import explain
from regie.services.statement_records import missed_explanations, recorded_months, shown
from regie.services.statements import Billed, Evaluation, evaluate
from regie.web.access import CHANGE, READ
from regie.web.audit import note
from regie.web.context import Context, context
from regie.web.jobs import Job, Progress
from regie.web.templating import locale_of, render

router = APIRouter(prefix="/statements")
MONTH = r"^\d{4}-\d{2}$"
KEY = r"^[a-z]+\.[a-z0-9_]+$"
FILE = r"^[\w.-]+\.(html|pdf|xlsx)$"


@router.get("", name="statements.list")
def statements(
    request: Request, user: Principal = READ, ctx: Context = Depends(context)
) -> Response:
    """The recorded statement months of the vendors you may see."""
    vendors = user.visible([v.name for v in ctx.store.vendors()])
    found = [(name, recorded_months(ctx.store, ctx.governance, name)) for name in vendors]
    return render(request, "statements_list.html.j2", vendors=found)


@router.get("/open", name="statements.open")
def open_month(
    vendor: str = Query(..., max_length=200),
    month: str = Query(..., pattern=MONTH),
    user: Principal = READ,
) -> Response:
    """The list page's form: go to a vendor's month."""
    user.require_vendor(vendor)
    return RedirectResponse(f"/statements/{_quote(vendor)}/{month}", status_code=303)


@router.get("/jobs/{job_id}", name="statements.job")
def job_status(
    request: Request,
    job_id: str = Path(..., pattern=r"^[0-9a-f]{32}$"),
    user: Principal = READ,
    ctx: Context = Depends(context),
) -> Response:
    """The progress of writing a statement's files, then the links to them."""
    job = _job(ctx, job_id, user)
    vendor, month = job.vendor or "", str(job.result.get("month", ""))
    return render(request, "statements_job.html.j2", job=job, vq=_quote(vendor), month=month)


def _job(ctx: Context, job_id: str, user: Principal) -> Job:
    job = ctx.jobs.get(job_id)
    if job is None or job.kind != "statement.files":
        raise NotFound(f"job {job_id} is unknown (jobs are kept until the server restarts)")
    if job.owner != user.username and user.role not in (Role.ADMIN, Role.MANAGER):
        raise PermissionDenied(f"{user.username} may only follow their own jobs")
    user.require_vendor(job.vendor or "")
    return job


@router.get("/{vendor}/{month}", name="statements.show")
def show(
    request: Request,
    vendor: str,
    month: str = Path(..., pattern=MONTH),
    user: Principal = READ,
    ctx: Context = Depends(context),
) -> Response:
    """A vendor's monthly statement: every norm and KPI, and the money."""
    user.require_vendor(vendor)
    return _page(request, ctx, shown(ctx.store, ctx.governance, vendor, month))


@router.post("/{vendor}/{month}", name="statements.evaluate")
def evaluate_month(
    request: Request,
    vendor: str,
    month: str = Path(..., pattern=MONTH),
    mode: Literal["record", "draft"] = Form(...),
    recalculate: bool = Form(False),
    billed_hours: float | None = Form(None, ge=0, le=1e7),
    billed_fte: float | None = Form(None, ge=0, le=1e5),
    user: Principal = CHANGE,
    ctx: Context = Depends(context),
) -> Response:
    """Evaluate the month: a draft, or recorded (a new revision with ``recalculate``)."""
    user.require_vendor(vendor)
    billed = Billed(_decimal(billed_hours), _decimal(billed_fte))
    draft = mode == "draft"
    result = evaluate(ctx.store, ctx.governance, vendor, month, draft, recalculate, billed)
    revision = None if result.record is None else result.record.revision
    note(request, f"{vendor} {month}", draft=draft, revision=revision,
         recorded_now=result.recorded_now)  # fmt: skip
    return _page(request, ctx, result, evaluated=True)


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _page(request: Request, ctx: Context, result: Evaluation, evaluated: bool = False) -> Response:
    loc = locale_of(request)
    s = result.statement
    revisions = ctx.governance.statements(ctx.store.vendor(s.vendor).id, s.month)
    return render(request, "statements_show.html.j2", s=s, result=result, evaluated=evaluated,
                  revisions=revisions, vq=_quote(s.vendor), share=share_chart(s, loc),
                  **_context(s, loc))  # fmt: skip


def _context(s: Statement, loc: Locale) -> dict[str, Any]:
    """The report's figures, formatted as in the HTML, PDF and XLSX files."""
    found = statement_context(s, loc)
    return {k: v for k, v in found.items() if k not in ("t", "lang", "s")}


@router.get("/{vendor}/{month}/explain/{key}", name="statements.explain")
def explain_target(
    request: Request,
    vendor: str,
    month: str = Path(..., pattern=MONTH),
    key: str = Path(..., pattern=KEY, max_length=60),
    user: Principal = READ,
    ctx: Context = Depends(context),
) -> Response:
    """The contacts behind a target (an HTMX fragment; the first 200 are listed)."""
    user.require_vendor(vendor)
    found = explain(ctx.store, ctx.governance, vendor, month, key)
    s = shown(ctx.store, ctx.governance, vendor, month).statement
    rows = statement_context(s, locale_of(request), [found])["explanations"][0]
    return render(request, "statements_explain.html.j2", e=rows)


# downloads -----------------------------------------------------------------------------
def _folder(ctx: Context, vendor: str, month: str, lang: str) -> FilePath:
    """Where a month's files are written: one folder per revision (or draft) and language."""
    info = ctx.store.vendor(vendor)
    records = ctx.governance.statements(info.id, month)
    label = f"revision-{records[-1].revision}" if records else "draft"
    return ctx.files / "statements" / str(info.id) / month / f"{label}-{lang}"


@router.post("/{vendor}/{month}/files", name="statements.files")
def write_files(
    request: Request,
    vendor: str,
    month: str = Path(..., pattern=MONTH),
    user: Principal = READ,
    ctx: Context = Depends(context),
) -> Response:
    """Write the month's HTML, PDF and XLSX in the background (``regie evaluate --out``)."""
    user.require_vendor(vendor)
    loc = locale_of(request)
    name = ctx.store.vendor(vendor).name
    out = _folder(ctx, name, month, loc.lang)

    def work(progress: Progress) -> dict[str, Any]:
        progress(0, 3, "statement")
        s = shown(ctx.store, ctx.governance, name, month).statement
        progress(1, 3, "contacts")
        explained = missed_explanations(ctx.store, ctx.governance, s)
        progress(2, 3, "files")
        paths = write_statement(s, out, loc, explained)
        return {"vendor": name, "month": month, "files": [p.name for p in paths]}

    job = ctx.jobs.start("statement.files", user.username, work, name)
    note(request, f"{name} {month}", job=job.id)
    return render(request, "statements_job.html.j2", job=job, vq=_quote(name), month=month)


@router.get("/{vendor}/{month}/files/{file_name}", name="statements.download")
def download(
    request: Request,
    vendor: str,
    month: str = Path(..., pattern=MONTH),
    file_name: str = Path(..., pattern=FILE, max_length=200),
    user: Principal = READ,
    ctx: Context = Depends(context),
) -> Response:
    """Download a month's statement file (HTML, PDF or XLSX) once written."""
    user.require_vendor(vendor)
    folder = _folder(ctx, vendor, month, locale_of(request).lang)
    path = folder / file_name
    if path.parent != folder or not path.is_file():
        raise NotFound(f"{file_name}: not written yet for {vendor} {month}; write the files first")
    return FileResponse(path, filename=file_name)


def _quote(text: str) -> str:
    return quote(text, safe="")
