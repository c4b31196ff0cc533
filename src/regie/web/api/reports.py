"""API: generate cadence reports as jobs (``regie report …``) and list the files written."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from pydantic import BaseModel

from regie.domain.access import Principal
from regie.i18n import Locale
from regie.web.access import CHANGE, READ_SELECTION
from regie.web.api.imports import JobStatus, job_model
from regie.web.audit import note
from regie.web.context import Context, context
from regie.web.pages.reports import PERIOD, Cadence, report_files, start_report, uploaded_case

router = APIRouter(tags=["reports"])


class ReportFile(BaseModel):
    name: str
    kind: str
    size: int
    modified: datetime
    url: str


@router.get("/reports", name="api.reports.list", response_model=list[ReportFile])
def reports(user: Principal = READ_SELECTION, ctx: Context = Depends(context)) -> list[ReportFile]:
    """The generated report files, newest first, with where to download each."""
    return [
        ReportFile(
            name=f.name,
            kind=f.kind,
            size=f.size,
            modified=f.modified,
            url=f"/reports/files/{f.name}",
        )
        for f in report_files(ctx)
    ]


@router.post("/reports", name="api.reports.generate", response_model=JobStatus, status_code=202)
def generate(
    request: Request,
    kind: Cadence = Form(...),
    vendor: str = Form(..., min_length=1, max_length=200),
    period: str = Form(..., pattern=PERIOD),
    lang: Literal["en", "nl"] = Form("en"),
    case: UploadFile | None = File(None),
    user: Principal = CHANGE,
    ctx: Context = Depends(context),
) -> JobStatus:
    """Generate a weekly, monthly or quarterly report (quarterly: with the case file);
    poll ``/jobs/{job_id}``: its result names the files written."""
    loc = Locale(lang)
    job = start_report(ctx, user, (kind, vendor, period), uploaded_case(ctx, kind, case), loc)
    note(request, vendor, report=kind, period=period, lang=lang, job=job.id)
    return job_model(job)
