"""Pages: import batches (list, upload with progress, quarantine, removal) and outage logs.

An upload is saved under the web folder and imported by a background job through the
same service as ``regie import``; the page polls the job and then shows the validation
summary and the quarantined rows. Outage logs use the service of ``regie outage import``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, get_args

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from regie import bootstrap
from regie.domain.access import Principal
from regie.ingest.reading import ReadOptions
from regie.services.importing import ImportRequest, find_batch, import_files, quarantined
from regie.services.outages import import_outages, parse_covers
from regie.services.ports import BatchInfo
from regie.web.access import CHANGE, READ, UPLOAD
from regie.web.audit import note
from regie.web.context import Context, context
from regie.web.jobs import Job, Progress
from regie.web.templating import render
from regie.web.uploads import discard, save, upload_folder

router = APIRouter(prefix="/imports")
Format = Literal["zendesk", "zendesk-json", "freshdesk", "zammad", "intercom", "csv", "mapped"]
SHOWN_REJECTIONS = 500


def visible_batches(ctx: Context, user: Principal) -> list[BatchInfo]:
    """The batches of the vendors this user may see."""
    found = ctx.store.batches()
    shown = set(user.visible(sorted({b.vendor for b in found})))
    return [b for b in found if b.vendor in shown]


def vendor_batch(ctx: Context, user: Principal, batch_id: int) -> BatchInfo:
    """Batch ``batch_id``, refused when it is another vendor's."""
    batch = find_batch(ctx.store, batch_id)
    user.require_vendor(batch.vendor)
    return batch


def start_import(
    ctx: Context, user: Principal, fmt: str, request: ImportRequest, folder: Path
) -> Job:
    """Run ``regie import``'s service in the background on the saved files."""
    reader = bootstrap.reader(fmt)

    def work(progress: Progress) -> dict[str, Any]:
        total = len(request.files)
        steps = iter(range(total))
        try:
            batch = import_files(
                ctx.store, reader, request, lambda name: progress(next(steps), total, name)
            )
        finally:
            discard(folder)
        return {"batch_id": batch.id, "vendor": batch.vendor, "imported": batch.imported,
                "rejected": batch.rejected}  # fmt: skip

    return ctx.jobs.start("import", user.username, work, request.vendor)


class ExportUpload:
    """The upload form of ``regie import``'s options, for the page and the API alike."""

    def __init__(
        self,
        vendor: str = Form(..., min_length=1, max_length=200),
        fmt: Format = Form(..., alias="format"),
        files: list[UploadFile] = File(...),
        mapping: UploadFile | None = File(None),
        tz: str = Form("", max_length=64),
        strict: bool = Form(False),
        keep_text: bool = Form(False),
    ) -> None:
        self.vendor, self.fmt, self.files, self.mapping = vendor, fmt, files, mapping
        self.tz, self.strict, self.keep_text = tz, strict, keep_text


def begin_import(request: Request, form: ExportUpload, user: Principal, ctx: Context) -> Job:
    """Check the vendor, save the files, start the import job and note it for the audit."""
    user.require_vendor(form.vendor)
    ctx.store.vendor(form.vendor)
    import_request, folder = saved_request(ctx, form)
    job = start_import(ctx, user, form.fmt, import_request, folder)
    note(request, form.vendor, format=form.fmt, files=[p.name for p in import_request.files],
         job=job.id)  # fmt: skip
    return job


def saved_request(ctx: Context, form: ExportUpload) -> tuple[ImportRequest, Path]:
    """The uploads saved to a new folder, as the import request of ``regie import``."""
    folder = upload_folder(ctx.files)
    try:
        paths = [save(f, folder, "export") for f in form.files]
        mapping = form.mapping
        rules = (
            save(mapping, folder, "mapping.toml", text=True)
            if mapping and mapping.filename
            else None
        )
    except Exception:
        discard(folder)
        raise
    read = ReadOptions(form.tz or None, form.keep_text, rules)
    return ImportRequest(form.vendor, paths, read, form.strict), folder


def _list(request: Request, ctx: Context, user: Principal, status: int = 200,
          **extra: Any) -> Response:  # fmt: skip
    batches = visible_batches(ctx, user)
    vendors = user.visible([v.name for v in ctx.store.vendors()])
    return render(request, "imports_list.html.j2", status, batches=batches, vendors=vendors,
                  formats=list(get_args(Format)), **extra)  # fmt: skip


@router.get("", name="imports.list")
def batches(request: Request, user: Principal = READ, ctx: Context = Depends(context)) -> Response:
    """The import batches of the vendors you may see, and the upload form."""
    return _list(request, ctx, user)


@router.post("", name="imports.upload")
def upload(
    request: Request,
    form: ExportUpload = Depends(),
    user: Principal = UPLOAD,
    ctx: Context = Depends(context),
) -> Response:
    """Upload a vendor's export files and import them in the background."""
    job = begin_import(request, form, user, ctx)
    if request.headers.get("hx-request"):
        return render(request, "imports_job.html.j2", 202, job=job)
    return RedirectResponse(f"/imports/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}", name="imports.job")
def job_status(
    request: Request, job_id: str, user: Principal = READ, ctx: Context = Depends(context)
) -> Response:
    """The progress of an import, then its batch and the quarantined rows."""
    job = ctx.jobs.read(job_id, user)
    batch, rejected = None, None
    if job.state == "finished" and job.kind == "import":
        batch = vendor_batch(ctx, user, int(job.result["batch_id"]))
        rejected = quarantined(ctx.store.workspace.quarantine, batch, SHOWN_REJECTIONS)
    template = (
        "imports_job.html.j2" if request.headers.get("hx-request") else "imports_job_page.html.j2"
    )
    return render(request, template, job=job, batch=batch, rejected=rejected,
                  shown=SHOWN_REJECTIONS)  # fmt: skip


@router.get("/{batch_id:int}", name="imports.show")
def show(
    request: Request, batch_id: int, user: Principal = READ, ctx: Context = Depends(context)
) -> Response:
    """One import batch: its summary and the quarantined rows."""
    batch = vendor_batch(ctx, user, batch_id)
    rejected = quarantined(ctx.store.workspace.quarantine, batch, SHOWN_REJECTIONS)
    return render(request, "imports_batch.html.j2", batch=batch, rejected=rejected,
                  shown=SHOWN_REJECTIONS)  # fmt: skip


def remove_noted(request: Request, ctx: Context, batch_id: int) -> BatchInfo:
    """``regie batches rm``: the batch and its contacts removed, and said in the audit log."""
    removed = ctx.store.remove_batch(batch_id)
    note(request, f"batch {removed.id}", vendor=removed.vendor, source=removed.source,
         contacts=removed.imported)  # fmt: skip
    return removed


@router.delete("/{batch_id:int}", name="imports.remove")
def remove(
    request: Request, batch_id: int, user: Principal = CHANGE, ctx: Context = Depends(context)
) -> Response:
    """Remove a batch and its contacts (atomically)."""
    removed = remove_noted(request, ctx, batch_id)
    return _list(request, ctx, user, removed=removed)


@router.post("/{batch_id:int}/remove", name="imports.remove_form")
def remove_form(
    request: Request, batch_id: int, user: Principal = CHANGE, ctx: Context = Depends(context)
) -> Response:
    """Remove a batch and its contacts (atomically), from a plain HTML form."""
    removed = remove_noted(request, ctx, batch_id)
    return _list(request, ctx, user, removed=removed)


# outage logs ---------------------------------------------------------------------------
def _outages(request: Request, ctx: Context, user: Principal, vendor: str | None,
             status: int = 200, **extra: Any) -> Response:  # fmt: skip
    vendors = user.visible([v.name for v in ctx.store.vendors()])
    chosen = vendor or (vendors[0] if vendors else None)
    logs = []
    if chosen is not None:
        user.require_vendor(chosen)
        logs = ctx.governance.outage_logs(ctx.store.vendor(chosen).id)
    return render(request, "imports_outages.html.j2", status, vendors=vendors, vendor=chosen,
                  logs=logs, **extra)  # fmt: skip


@router.get("/outages", name="outages.list")
def outage_logs(
    request: Request,
    vendor: str | None = None,
    user: Principal = READ,
    ctx: Context = Depends(context),
) -> Response:
    """The outage logs of a vendor (else the first you may see), and the upload form."""
    return _outages(request, ctx, user, vendor)


@router.post("/outages", name="outages.upload")
def upload_outages(
    request: Request,
    vendor: str = Form(..., max_length=200),
    log: UploadFile = File(...),
    covers: str = Form("", max_length=20),
    timezone: str = Form("", max_length=64),
    user: Principal = CHANGE,
    ctx: Context = Depends(context),
) -> Response:
    """Upload and store a vendor's outage log (``regie outage import``)."""
    span = parse_covers(covers) if covers.strip() else None
    folder = upload_folder(ctx.files)
    try:
        path = save(log, folder, "outages.csv")
        stored = import_outages(ctx.store, ctx.governance, path, vendor, span, timezone or None)
    finally:
        discard(folder)
    note(request, stored.vendor, file=stored.file_name, outages=len(stored.outages),
         covers=f"{stored.covers_from}:{stored.covers_to}")  # fmt: skip
    return _outages(request, ctx, user, stored.vendor, 201, stored=stored)
