"""Pages: the selection scorecard — criteria and weights, ranking, how robust it is.

``regie select new|score`` on the workspace's stored scorecard
(:func:`regie.services.dossier.scorecard_selection`): TCO from the file or from the
quotes priced on the current case, each vendor's due diligence beside its rank, the
sensitivity (smallest pair transfer, the L1-minimal change, one weight alone) and the
report's weighted chart.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, Response

from regie.domain.access import Principal
from regie.domain.errors import RegieError
from regie.files.scorecard_template import scorecard_template
from regie.reports.scorecard_report import scorecard_context, weighted_chart
from regie.services.dossier import Dossier, decoded, scorecard_selection
from regie.services.selection import Selection, workspace_tco
from regie.web import selection_reports
from regie.web.access import CHANGE, READ_SELECTION
from regie.web.audit import note
from regie.web.context import Context, context
from regie.web.templating import locale_of, render

router = APIRouter(prefix="/selection")
TcoSource = Literal["file", "quotes"]
Horizon = int  # months of the quotes' TCO: 12 or 24 (checked by the service)


def selection(ctx: Context, tco: TcoSource = "file", horizon: Horizon | None = None) -> Selection:
    """The stored scorecard ranked, with every vendor's due diligence."""
    quotes = ctx.quotes if tco == "quotes" else None
    dossier = Dossier.of(ctx.files)
    return scorecard_selection(dossier, ctx.store, quotes, ctx.diligence, horizon)


def _page(
    request: Request,
    ctx: Context,
    tco: TcoSource,
    horizon: Horizon | None,
    status: int = 200,
    **extra: object,
) -> Response:
    dossier, loc = Dossier.of(ctx.files), locale_of(request)
    values: dict[str, object] = {"tco": tco, "horizon": horizon, "text": "", "has_case": False}
    values["has_case"] = dossier.has("case")
    if dossier.has("scorecard"):
        found = selection(ctx, tco, horizon)
        values.update(
            s=found,
            report=scorecard_context(found, loc),
            chart_spec=weighted_chart(found, loc),
            text=dossier.text("scorecard"),
        )
    values.update(extra)
    return render(request, "selection_show.html.j2", status, **values)


@router.get("", name="selection.show")
def show(
    request: Request,
    tco: TcoSource = Query("file"),
    horizon: Horizon | None = Query(None, ge=12, le=24),
    user: Principal = READ_SELECTION,
    ctx: Context = Depends(context),
) -> Response:
    """The ranking (``regie select score --diligence``; ``?tco=quotes``: ``--case``)."""
    return _page(request, ctx, tco, horizon)


def _store(ctx: Context, text: str, tco: TcoSource) -> str:
    dossier = Dossier.of(ctx.files)
    quoted = workspace_tco(dossier.case(), ctx.store, ctx.quotes) if tco == "quotes" else None
    sheet = dossier.store_scorecard(text, None if quoted is None else quoted.tco)
    return sheet.title or "scorecard"


@router.post("", name="selection.save")
def save(
    request: Request,
    text: str = Form(..., max_length=1_000_000),
    tco: TcoSource = Form("file"),
    user: Principal = CHANGE,
    ctx: Context = Depends(context),
) -> Response:
    """Store the edited scorecard file (criteria, weights, scores)."""
    try:
        title = _store(ctx, text, tco)
    except RegieError as error:
        problems = list(getattr(error, "problems", (error.message,)))
        return _page(request, ctx, tco, None, 422, problems=problems, text=text, kept=True)
    note(request, "scorecard.toml", title=title, source="form")
    return _page(request, ctx, tco, None, saved=title)


@router.post("/upload", name="selection.upload")
async def upload(
    request: Request,
    file: UploadFile = File(...),
    tco: TcoSource = Form("file"),
    user: Principal = CHANGE,
    ctx: Context = Depends(context),
) -> Response:
    """Store an uploaded scorecard file."""
    title = _store(ctx, decoded(await file.read(1_000_001), "scorecard"), tco)
    note(request, "scorecard.toml", title=title, source=file.filename or "upload")
    return _page(request, ctx, tco, None, saved=title)


@router.post("/new", name="selection.new")
def new(request: Request, user: Principal = CHANGE, ctx: Context = Depends(context)) -> Response:
    """Start from the commented template (``regie select new``): edit its vendors."""
    text = scorecard_template(locale_of(request).lang)
    title = _store(ctx, text, "file")
    note(request, "scorecard.toml", title=title, source="template")
    return _page(request, ctx, "file", None, saved=title)


@router.get("/scorecard.toml", name="selection.download")
def download(user: Principal = READ_SELECTION, ctx: Context = Depends(context)) -> Response:
    """The current scorecard file as stored."""
    dossier = Dossier.of(ctx.files)
    dossier.text("scorecard")
    return FileResponse(
        dossier.path("scorecard"), media_type="application/toml", filename="scorecard.toml"
    )


@router.post("/reports", name="selection.reports")
def reports(
    request: Request,
    tco: TcoSource = Form("file"),
    horizon: Horizon | None = Form(None, ge=12, le=24),
    user: Principal = READ_SELECTION,
    ctx: Context = Depends(context),
) -> Response:
    """Write scorecard.html, .pdf and .xlsx (``regie select score --out``) as a job."""
    from regie.reports.scorecard_report import write_scorecard

    found, loc = selection(ctx, tco, horizon), locale_of(request)
    job = selection_reports.start(
        ctx, user, "selection", lambda out: write_scorecard(found, out, loc, "scorecard")
    )
    note(request, "scorecard.toml", job=job.id)
    return render(request, "selection_job.html.j2", job=job, base=f"/selection/reports/{job.id}")


@router.get("/reports/{job_id}", name="selection.reports.status")
def report_status(
    request: Request, job_id: str, user: Principal = READ_SELECTION, ctx: Context = Depends(context)
) -> Response:
    """The progress of a scorecard report job, then its files or the error."""
    return selection_reports.status(request, ctx, user, "selection", job_id)


@router.get("/reports/{job_id}/{file_name}", name="selection.reports.file")
def report_file(
    job_id: str, file_name: str, user: Principal = READ_SELECTION, ctx: Context = Depends(context)
) -> Response:
    """Download one file a finished scorecard report job wrote."""
    return selection_reports.download(ctx, user, "selection", job_id, file_name)
