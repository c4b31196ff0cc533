"""Pages: the report cadence — weekly, monthly and quarterly reports as HTML, PDF and XLSX.

Generating runs ``regie report weekly|monthly|quarterly``'s service and writers as a
background job (the page polls its progress); the files land in ``web/reports/`` and
are listed and downloaded here. Quarterly reports compare against the business case, so
the whole area needs the read-selection rule (vendor users never see it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, RedirectResponse, Response

from regie.domain.access import Principal
from regie.domain.case import BusinessCase
from regie.domain.errors import InvalidInput, NotFound
from regie.files.case_loader import load_case
from regie.i18n import Locale
from regie.reports.cadence_report import write_monthly, write_quarterly, write_weekly
from regie.services.cadence import Kind, monthly, parse_period, quarterly, weekly
from regie.web.access import CHANGE, READ_SELECTION
from regie.web.audit import note
from regie.web.context import Context, context
from regie.web.jobs import Job, Progress
from regie.web.templating import locale_of, render
from regie.web.uploads import discard, save, upload_folder

router = APIRouter(prefix="/reports")
Cadence = Literal["weekly", "monthly", "quarterly"]
PERIOD_OF: dict[str, Kind] = {"weekly": "week", "monthly": "month", "quarterly": "quarter"}
REPORT_FILE = re.compile(r"(weekly|monthly|quarterly)-[A-Za-z0-9-]+\.(html|pdf|xlsx)")
PERIOD = r"^\d{4}-(W\d{2}|Q[1-4]|\d{2})$"
MEDIA = {
    "html": "text/html",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class ReportFile:
    name: str
    kind: str
    size: int
    modified: datetime


def report_folder(ctx: Context) -> Path:
    folder = ctx.files / "reports"
    folder.mkdir(exist_ok=True)
    return folder


def report_files(ctx: Context) -> list[ReportFile]:
    """The generated report files, newest first."""
    found = []
    for path in report_folder(ctx).iterdir():
        if path.is_file() and REPORT_FILE.fullmatch(path.name):
            stat = path.stat()
            when = datetime.fromtimestamp(stat.st_mtime, UTC)
            found.append(ReportFile(path.name, path.name.split("-")[0], stat.st_size, when))
    return sorted(found, key=lambda f: (f.modified, f.name), reverse=True)


def report_file(ctx: Context, name: str) -> Path:
    """A generated file by its name; nothing outside the reports folder is ever served."""
    path = report_folder(ctx) / name
    if not REPORT_FILE.fullmatch(name) or not path.is_file():
        raise NotFound(f"report file {name!r} does not exist; generate it first")
    return path


def uploaded_case(ctx: Context, kind: str, case: UploadFile | None) -> BusinessCase | None:
    """The business case a quarterly report needs (``--case``), read from the upload."""
    if kind != "quarterly":
        return None
    if case is None or not case.filename:
        raise InvalidInput("a quarterly report needs the business case file (TOML)")
    folder = upload_folder(ctx.files)
    try:
        return load_case(save(case, folder, "case.toml", text=True))
    finally:
        discard(folder)


def _computed(
    ctx: Context, order: tuple[Cadence, str, str], case: BusinessCase | None, loc: Locale
) -> Callable[[Path], list[Path]]:
    """The report's figures from the service, as a writer of its three files."""
    kind, vendor, period = order
    store, book = ctx.store, ctx.governance
    if kind == "weekly":
        week = weekly(store, book, vendor, period)
        return lambda out: write_weekly(week, out, loc)
    if kind == "monthly":
        month = monthly(store, book, ctx.qa, vendor, period)
        return lambda out: write_monthly(month, out, loc)
    if case is None:
        raise InvalidInput("a quarterly report needs the business case file (TOML)")
    quarter = quarterly(store, book, vendor, period, case)
    return lambda out: write_quarterly(quarter, out, loc)


def start_report(
    ctx: Context,
    user: Principal,
    order: tuple[Cadence, str, str],
    case: BusinessCase | None,
    loc: Locale,
) -> Job:
    """Run the service and writers of ``regie report <kind>`` in the background."""
    kind, vendor, period = order
    parse_period(PERIOD_OF[kind], period)  # a clear error now, not in the job
    ctx.store.vendor(vendor)

    def work(progress: Progress) -> dict[str, Any]:
        progress(0, 2, loc.t("Computing the figures"))
        write = _computed(ctx, order, case, loc)
        progress(1, 2, loc.t("Writing HTML, PDF and XLSX"))
        written = write(report_folder(ctx))
        return {"kind": kind, "vendor": vendor, "period": period,
                "files": [p.name for p in written]}  # fmt: skip

    return ctx.jobs.start("report", user.username, work, vendor)


def _page(request: Request, ctx: Context, user: Principal, status: int = 200,
          **extra: Any) -> Response:  # fmt: skip
    vendors = user.visible([v.name for v in ctx.store.vendors()])
    return render(request, "reports_list.html.j2", status, vendors=vendors,
                  files=report_files(ctx), kinds=list(PERIOD_OF), **extra)  # fmt: skip


@router.get("", name="reports.list")
def reports(
    request: Request, user: Principal = READ_SELECTION, ctx: Context = Depends(context)
) -> Response:
    """The generated weekly, monthly and quarterly reports, and the form to generate one."""
    return _page(request, ctx, user)


@router.post("", name="reports.generate")
def generate(
    request: Request,
    kind: Cadence = Form(...),
    vendor: str = Form(..., max_length=200),
    period: str = Form(..., pattern=PERIOD),
    lang: Literal["en", "nl"] | None = Form(None),
    case: UploadFile | None = File(None),
    user: Principal = CHANGE,
    ctx: Context = Depends(context),
) -> Response:
    """Generate a weekly, monthly or quarterly report in the background."""
    loc = Locale(lang) if lang else locale_of(request)
    job = start_report(ctx, user, (kind, vendor, period), uploaded_case(ctx, kind, case), loc)
    note(request, vendor, report=kind, period=period, lang=loc.lang, job=job.id)
    if request.headers.get("hx-request"):
        return render(request, "reports_job.html.j2", 202, job=job)
    return RedirectResponse(f"/reports/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}", name="reports.job")
def job_status(
    request: Request,
    job_id: str,
    user: Principal = READ_SELECTION,
    ctx: Context = Depends(context),
) -> Response:
    """The progress of a report job, then its files or the error."""
    job = ctx.jobs.read(job_id, user)
    if request.headers.get("hx-request"):
        return render(request, "reports_job.html.j2", job=job)
    return _page(request, ctx, user, job=job)


@router.get("/files/{file_name}", name="reports.download")
def download(
    file_name: str, user: Principal = READ_SELECTION, ctx: Context = Depends(context)
) -> Response:
    """Download a generated report file."""
    path = report_file(ctx, file_name)
    media = MEDIA[path.suffix.lstrip(".")]
    return FileResponse(path, media_type=media, filename=path.name)
