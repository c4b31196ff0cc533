"""Pages: vendors' quotes — list, import a filled form, the blank form, the comparison.

The same services as ``regie quote``: :func:`~regie.services.quotes.import_quote`,
:func:`~regie.services.quotes.stored_quotes` and
:func:`~regie.services.quotes.compare_quotes` on the workspace's current business case.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Literal

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, Response

from regie.domain.access import Principal
from regie.domain.quotes import COVERAGES, Coverage
from regie.files.quote_form import DEFAULT_CHANNELS, choice_label
from regie.reports.quote_compare_report import comparison_context, tco_chart
from regie.services.dossier import Dossier, quote_comparison
from regie.services.quotes import QuoteComparison, import_quote, item_label, stored_quotes
from regie.web import selection_reports
from regie.web.access import CHANGE, READ_SELECTION
from regie.web.audit import note
from regie.web.context import Context, context
from regie.web.templating import locale_of, render

router = APIRouter(prefix="/quotes")
CoverageChoice = Literal["", "weekdays", "weekdays_saturday", "all_week", "24/7"]
MAX_FORM = 10_000_000
_UNSAFE = re.compile(r"[^A-Za-z0-9._ -]+")


def comparison(ctx: Context, coverage: str = "") -> QuoteComparison:
    """Every active quote priced on the workspace's current case."""
    chosen: Coverage | None = next((c for c in COVERAGES if c == coverage), None)
    return quote_comparison(Dossier.of(ctx.files), ctx.store, ctx.quotes, chosen)


def _page(request: Request, ctx: Context, status: int = 200, **extra: object) -> Response:
    history = request.query_params.get("history") == "1"
    loc = locale_of(request)
    return render(
        request,
        "quotes_list.html.j2",
        status,
        item_label=lambda k: item_label(k, loc),
        quotes=stored_quotes(ctx.store, ctx.quotes, (), history),
        history=history,
        vendors=[v.name for v in ctx.store.vendors()],
        has_case=Dossier.of(ctx.files).has("case"),
        **extra,
    )


@router.get("", name="quotes.list")
def quotes(
    request: Request, user: Principal = READ_SELECTION, ctx: Context = Depends(context)
) -> Response:
    """The stored quotes (``?history=1``: every version), the upload and the blank form."""
    return _page(request, ctx)


@router.post("", name="quotes.import")
async def import_form(
    request: Request,
    vendor: str = Form(..., max_length=200),
    file: UploadFile = File(...),
    user: Principal = CHANGE,
    ctx: Context = Depends(context),
) -> Response:
    """Store a filled quote form as the vendor's active quote (``regie quote import``)."""
    staging = Path(tempfile.mkdtemp(prefix="quote-", dir=ctx.files))
    try:
        path = staging / (_UNSAFE.sub("_", Path(file.filename or "quote.xlsx").name) or "quote")
        path.write_bytes(await file.read(MAX_FORM))
        imported = import_quote(ctx.store, ctx.quotes, path, vendor)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    info = imported.info
    note(
        request,
        info.vendor,
        version=info.version,
        file=info.file_name,
        unchanged=imported.unchanged,
        missing=len(imported.missing),
    )
    return _page(request, ctx, 201 if not imported.unchanged else 200, imported=imported)


@router.get("/template.xlsx", name="quotes.template")
def template(
    request: Request, user: Principal = READ_SELECTION, ctx: Context = Depends(context)
) -> Response:
    """The blank quote form (``regie quote template``), for the case's channels."""
    from regie.reports.quote_template import write_quote_template

    loc = locale_of(request)
    found = Dossier.of(ctx.files)
    channels = found.case().structure.channels if found.has("case") else DEFAULT_CHANNELS
    name = f"quote-form-{loc.lang}-{'-'.join(channels)}.xlsx"
    path = write_quote_template(selection_reports.folder(ctx) / "forms" / name, loc, channels)
    kind = selection_reports.MEDIA[".xlsx"]
    return FileResponse(path, media_type=kind, filename=f"quote-form-{loc.lang}.xlsx")


@router.get("/comparison", name="quotes.compare")
def compare(
    request: Request,
    coverage: CoverageChoice = Query(""),
    user: Principal = READ_SELECTION,
    ctx: Context = Depends(context),
) -> Response:
    """The quotes priced on the current case (``regie quote compare --case``)."""
    loc = locale_of(request)
    found = comparison(ctx, coverage)
    return render(
        request,
        "quotes_compare.html.j2",
        c=found,
        report=comparison_context(found, loc),
        chart_spec=tco_chart(found, loc),
        coverage=coverage,
        coverages=[(c, choice_label("coverage", c, loc.lang)) for c in COVERAGES],
    )


@router.post("/comparison/reports", name="quotes.reports")
def reports(
    request: Request,
    coverage: CoverageChoice = Form(""),
    user: Principal = READ_SELECTION,
    ctx: Context = Depends(context),
) -> Response:
    """Write quote-comparison.html, .pdf and .xlsx as a job."""
    from regie.reports.quote_compare_report import write_quote_comparison

    found, loc = comparison(ctx, coverage), locale_of(request)
    job = selection_reports.start(
        ctx, user, "quotes", lambda out: write_quote_comparison(found, out, loc)
    )
    note(request, "quote-comparison", job=job.id)
    base = f"/quotes/comparison/reports/{job.id}"
    return render(request, "selection_job.html.j2", job=job, base=base)


@router.get("/comparison/reports/{job_id}", name="quotes.reports.status")
def report_status(
    request: Request, job_id: str, user: Principal = READ_SELECTION, ctx: Context = Depends(context)
) -> Response:
    """The progress of a quote-comparison report job, then its files or the error."""
    return selection_reports.status(request, ctx, user, "quotes", job_id)


@router.get("/comparison/reports/{job_id}/{file_name}", name="quotes.reports.file")
def report_file(
    job_id: str, file_name: str, user: Principal = READ_SELECTION, ctx: Context = Depends(context)
) -> Response:
    """Download one file a finished quote-comparison report job wrote."""
    return selection_reports.download(ctx, user, "quotes", job_id, file_name)
