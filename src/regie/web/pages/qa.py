"""Pages: QA — a vendor's month: IQS with its 95 % interval, categories, channels and
calibration (``regie qa iqs``), samples (``regie qa sample``), reviews import
(``regie qa import``) and the QA report as HTML, PDF or XLSX.

A vendor user sees only its own vendor's QA; drawing samples and importing reviews
need the change rule.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, Response

from regie.domain.access import Principal
from regie.domain.errors import NotFound
from regie.domain.qa import CONFIDENCE, MIN_REVIEWS
from regie.reports.qa_report import category_chart, score_chart, write_qa, write_sample
from regie.services.cadence import qa_month
from regie.services.qa import QaMonth, SampleInfo, draw_sample, import_reviews, month_results
from regie.services.statement_text import channel_name
from regie.web.access import CHANGE, READ
from regie.web.audit import note
from regie.web.context import Context, context
from regie.web.templating import locale_of, render
from regie.web.uploads import discard, save, upload_folder

router = APIRouter(prefix="/qa")
MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"
Download = Literal["html", "pdf", "xlsx"]
SampleFormat = Literal["csv", "xlsx"]
MEDIA = {
    "html": "text/html",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
}


def chosen_vendor(ctx: Context, user: Principal, vendor: str | None) -> tuple[list[str], str]:
    """The vendors this user may see and the one asked for (else the first), checked."""
    vendors = user.visible([v.name for v in ctx.store.vendors()])
    chosen = vendor or (vendors[0] if vendors else user.vendor or "")
    user.require_vendor(chosen)
    return vendors, ctx.store.vendor(chosen).name


def vendor_samples(ctx: Context, user: Principal, vendor: str, month: str) -> list[SampleInfo]:
    user.require_vendor(vendor)
    return ctx.qa.samples(ctx.store.vendor(vendor).id, month)


def sample_file(ctx: Context, sample_id: int, suffix: str) -> Path:
    return ctx.files / "qa" / "samples" / f"sample-{sample_id}.{suffix}"


def qa_month_view(ctx: Context, request: Request, m: QaMonth | None) -> dict[str, Any]:
    """The month's figures and the report's own charts (Vega-Lite specs)."""
    loc = locale_of(request)
    names = {"channel_name": lambda c: channel_name(c, loc)}
    if m is None:
        return {"result": None, "charts": {}, **names}
    charts = {"scores": score_chart(m, loc), "categories": category_chart(m, loc)}
    return {"result": m, "charts": {k: v for k, v in charts.items() if v is not None}, **names}


def _page(request: Request, ctx: Context, user: Principal, vendor: str | None,
          month: str | None, status: int = 200, **extra: Any) -> Response:  # fmt: skip
    vendors, chosen = chosen_vendor(ctx, user, vendor)
    vendor_id = ctx.store.vendor(chosen).id
    reviewed = ctx.qa.months(vendor_id)
    month = month or (reviewed[-1] if reviewed else None)
    found = qa_month(ctx.store, ctx.qa, chosen, month) if month else None
    samples = ctx.qa.samples(vendor_id, month) if month else []
    files = {s.id for s in samples if sample_file(ctx, s.id, "csv").is_file()}
    return render(request, "qa_month.html.j2", status, vendors=vendors, vendor=chosen,
                  month=month, reviewed=reviewed, imports=ctx.qa.imports(vendor_id),
                  samples=samples,
                  sample_files=files, min_reviews=MIN_REVIEWS, confidence=CONFIDENCE,
                  **qa_month_view(ctx, request, found), **extra)  # fmt: skip


@router.get("", name="qa.show")
def show(
    request: Request,
    vendor: str | None = Query(None, max_length=200),
    month: str | None = Query(None, pattern=MONTH),
    user: Principal = READ,
    ctx: Context = Depends(context),
) -> Response:
    """A vendor's QA month: IQS, categories, channels, calibration, samples and imports."""
    return _page(request, ctx, user, vendor, month)


@router.post("/samples", name="qa.sample")
def sample(
    request: Request,
    vendor: str = Form(..., max_length=200),
    month: str = Form(..., pattern=MONTH),
    size: int = Form(MIN_REVIEWS, ge=1, le=100_000),
    seed: int | None = Form(None, ge=0, le=2**32 - 1),
    user: Principal = CHANGE,
    ctx: Context = Depends(context),
) -> Response:
    """Draw a QA sample of a vendor's month (``regie qa sample``)."""
    drawn = draw_sample(ctx.store, ctx.qa, vendor, month, size, seed)
    for suffix in ("csv", "xlsx"):
        write_sample(drawn, sample_file(ctx, drawn.info.id, suffix))
    info = drawn.info
    note(request, info.vendor, sample=info.id, month=month, size=size, seed=info.sample.seed,
         drawn=len(info.sample.contact_ids))  # fmt: skip
    return _page(request, ctx, user, info.vendor, month, 201, drawn=info)


@router.get("/samples/{sample_id}", name="qa.sample_file")
def sample_download(
    sample_id: int,
    vendor: str = Query(..., max_length=200),
    month: str = Query(..., pattern=MONTH),
    fmt: SampleFormat = Query("csv", alias="format"),
    user: Principal = READ,
    ctx: Context = Depends(context),
) -> Response:
    """Download a drawn QA sample as CSV or XLSX."""
    known = {s.id for s in vendor_samples(ctx, user, vendor, month)}
    path = sample_file(ctx, sample_id, fmt)
    if sample_id not in known or not path.is_file():
        raise NotFound(f"sample {sample_id} of {vendor} in {month} has no file to download")
    return FileResponse(path, media_type=MEDIA[fmt], filename=path.name)


@router.post("/reviews", name="qa.import")
def reviews(
    request: Request,
    vendor: str = Form(..., max_length=200),
    reviews_file: UploadFile = File(..., alias="reviews"),
    scorecard: UploadFile = File(...),
    calibration: bool = Form(False),
    keep_text: bool = Form(False),
    user: Principal = CHANGE,
    ctx: Context = Depends(context),
) -> Response:
    """Import QA reviews scored on a scorecard (``regie qa import``)."""
    folder = upload_folder(ctx.files)
    try:
        path = save(reviews_file, folder, "reviews.csv")
        card = save(scorecard, folder, "scorecard.toml", text=True)
        done = import_reviews(ctx.store, ctx.qa, path, vendor, card, calibration, keep_text)
    finally:
        discard(folder)
    i = done.info
    note(request, i.vendor, file=i.file_name, reviews=i.reviews, calibration=i.calibration,
         months=done.months)  # fmt: skip
    month = max(done.months) if done.months else None
    return _page(request, ctx, user, i.vendor, month, 201, imported=done)


@router.get("/report", name="qa.report")
def report(
    request: Request,
    vendor: str = Query(..., max_length=200),
    month: str = Query(..., pattern=MONTH),
    fmt: Download = Query("pdf", alias="format"),
    user: Principal = READ,
    ctx: Context = Depends(context),
) -> Response:
    """Download a vendor's QA report for a month as HTML, PDF or XLSX."""
    user.require_vendor(vendor)
    found = month_results(ctx.store, ctx.qa, vendor, month)
    loc = locale_of(request)
    written = write_qa(found, ctx.files / "qa" / "reports" / loc.lang, loc)
    path = next(p for p in written if p.suffix == f".{fmt}")
    return FileResponse(path, media_type=MEDIA[fmt], filename=path.name)
