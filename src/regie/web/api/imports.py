"""API: import batches, uploads as background jobs, their quarantine, and jobs' status."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel

from regie.domain.access import Principal
from regie.services.importing import quarantined
from regie.services.ports import BatchInfo
from regie.web.access import CHANGE, READ, UPLOAD
from regie.web.context import Context, context
from regie.web.jobs import Job
from regie.web.pages.imports import (
    ExportUpload,
    begin_import,
    remove_noted,
    vendor_batch,
    visible_batches,
)

router = APIRouter(tags=["imports"])
BATCH_ID = Path(..., ge=1, le=2**31 - 1)


class FileCounts(BaseModel):
    file: str
    rows_read: int
    imported: int
    duplicates: int
    rejected: int
    skipped: int


class Batch(BaseModel):
    id: int
    vendor: str
    source: str
    imported_at: datetime
    files: list[FileCounts]
    rows_read: int
    imported: int
    duplicates: int
    rejected: int
    skipped: int
    quarantine_file: str | None


class Rejection(BaseModel):
    file: str
    row: int
    column: str | None
    value: str | None
    reason: str


class JobError(BaseModel):
    code: str
    message: str
    details: list[Any]


class JobStatus(BaseModel):
    id: str
    kind: str
    state: Literal["running", "finished", "failed"]
    percent: int
    done: int
    total: int
    note: str
    result: dict[str, Any]
    error: JobError | None


def batch_model(b: BatchInfo) -> Batch:
    files = [FileCounts(**vars(f)) for f in b.files]
    return Batch(id=b.id, vendor=b.vendor, source=b.source, imported_at=b.imported_at,
                 files=files, rows_read=b.rows_read, imported=b.imported,
                 duplicates=b.duplicates, rejected=b.rejected, skipped=b.skipped,
                 quarantine_file=b.quarantine_file)  # fmt: skip


def job_model(job: Job) -> JobStatus:
    return JobStatus.model_validate(job.json())


@router.get("/batches", name="api.batches.list", response_model=list[Batch])
def batches(user: Principal = READ, ctx: Context = Depends(context)) -> list[Batch]:
    """The import batches of the vendors you may see, oldest first."""
    return [batch_model(b) for b in visible_batches(ctx, user)]


@router.get("/batches/{batch_id}/quarantine", name="api.batches.quarantine",
            response_model=list[Rejection])  # fmt: skip
def quarantine(
    batch_id: int = BATCH_ID, user: Principal = READ, ctx: Context = Depends(context)
) -> list[Rejection]:
    """The batch's rejected rows: file, row, column, value and reason."""
    batch = vendor_batch(ctx, user, batch_id)
    rows = quarantined(ctx.store.workspace.quarantine, batch).to_dicts()
    return [Rejection.model_validate(r) for r in rows]


@router.delete("/batches/{batch_id}", name="api.batches.remove", response_model=Batch)
def remove(
    request: Request,
    batch_id: int = BATCH_ID,
    user: Principal = CHANGE,
    ctx: Context = Depends(context),
) -> Batch:
    """Remove a batch and its contacts, atomically (as ``regie batches rm``)."""
    return batch_model(remove_noted(request, ctx, batch_id))


@router.post("/imports", name="api.imports.upload", response_model=JobStatus, status_code=202)
def upload(
    request: Request,
    form: ExportUpload = Depends(),
    user: Principal = UPLOAD,
    ctx: Context = Depends(context),
) -> JobStatus:
    """Upload export file(s) as one batch; poll ``/jobs/{job_id}`` for the outcome."""
    return job_model(begin_import(request, form, user, ctx))


@router.get("/jobs/{job_id}", name="api.jobs.show", response_model=JobStatus)
def job_status(
    job_id: str = Path(..., min_length=1, max_length=64, pattern=r"^[0-9a-f]+$"),
    user: Principal = READ,
    ctx: Context = Depends(context),
) -> JobStatus:
    """A background job (import, report) you started: progress, result or error."""
    return job_model(ctx.jobs.read(job_id, user))
