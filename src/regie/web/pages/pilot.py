"""Pages: the pilot — the 30/60/90-day gates on five KPIs, per vendor and side by side.

``regie pilot new|show|check`` on the workspace's stored pilot file
(:func:`regie.services.dossier.pilot_check`): each vendor's KPIs against their
thresholds with the 4-of-5 rule, the analysis of each KPI not within target (gap, trend,
remedies), the vendors compared with tests and Holm-adjusted p, the daily KPI chart.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, Response

from regie.domain.access import Principal
from regie.files.pilot_template import PilotChoices
from regie.reports.pilot_report import daily_chart, pilot_context
from regie.services.dossier import Dossier, decoded, pilot_check
from regie.services.pilot import pilot_file
from regie.services.statement_text import channel_name
from regie.web import selection_reports
from regie.web.access import CHANGE, READ_SELECTION
from regie.web.audit import note
from regie.web.context import Context, context
from regie.web.templating import locale_of, render

router = APIRouter(prefix="/pilot")
GATES = (30, 60, 90)
CHANNELS = ("phone", "email", "chat", "social", "other")
Day = Query(None, ge=1, le=366, description="Pilot day to check (default: latest with data).")


def _page(
    request: Request, ctx: Context, day: int | None, status: int = 200, **extra: object
) -> Response:
    dossier, loc = Dossier.of(ctx.files), locale_of(request)
    values: dict[str, object] = {
        "vendors": [v.name for v in ctx.store.vendors()],
        "gates": GATES,
        "channels": [(c, channel_name(c, loc)) for c in CHANNELS],
        "day": day,
    }
    if dossier.has("pilot"):
        found = pilot_check(dossier, ctx.store, day)
        values.update(
            check=found, report=pilot_context(found, loc), chart_spec=daily_chart(found, loc)
        )
    values.update(extra)
    return render(request, "pilot_show.html.j2", status, **values)


@router.get("", name="pilot.show")
def show(
    request: Request,
    day: int | None = Day,
    user: Principal = READ_SELECTION,
    ctx: Context = Depends(context),
) -> Response:
    """The pilot checked through ``day`` (``regie pilot check --day``)."""
    return _page(request, ctx, day)


@router.post("/upload", name="pilot.upload")
async def upload(
    request: Request,
    file: UploadFile = File(...),
    user: Principal = CHANGE,
    ctx: Context = Depends(context),
) -> Response:
    """Store an uploaded pilot file (checked as ``regie pilot show`` does)."""
    pilot = Dossier.of(ctx.files).store_pilot(decoded(await file.read(1_000_001), "pilot"))
    note(request, "pilot.toml", name=pilot.name, source=file.filename or "upload")
    return _page(request, ctx, None, saved=pilot.name)


@router.post("/new", name="pilot.new")
def new(
    request: Request,
    vendor: list[str] = Form(..., min_length=1, max_length=3),
    fee: Decimal | None = Form(None, ge=0, le=100_000_000),
    channel: str = Form("email", max_length=20),
    start: date = Form(...),
    days: int = Form(60, ge=1, le=366),
    name: str = Form("Pilot", max_length=200),
    csat: float = Form(0.85, ge=0, le=1),
    frt_minutes: float = Form(60, gt=0, le=100_000),
    aht_min: float = Form(180, ge=0, le=100_000),
    aht_max: float = Form(600, ge=0, le=100_000),
    fcr: float = Form(0.70, ge=0, le=1),
    cost: Decimal = Form(Decimal("4.00"), ge=0, le=100_000),
    user: Principal = CHANGE,
    ctx: Context = Depends(context),
) -> Response:
    """Write a new pilot file from the form (``regie pilot new``) and store it."""
    choices = PilotChoices(
        vendors=tuple(vendor),
        fees=() if fee is None else (fee,),
        channel=channel,
        start=start,
        days=days,
        name=name,
        csat_target=csat,
        frt_seconds=frt_minutes * 60,
        aht_min=aht_min,
        aht_max=aht_max,
        fcr_target=fcr,
        cost_max=cost,
    )
    text, pilot = pilot_file(choices, locale_of(request).lang)
    Dossier.of(ctx.files).store_pilot(text)
    note(request, "pilot.toml", name=pilot.name, source="form", vendors=list(vendor))
    return _page(request, ctx, None, saved=pilot.name, unpriced=fee is None)


@router.get("/pilot.toml", name="pilot.download")
def download(user: Principal = READ_SELECTION, ctx: Context = Depends(context)) -> Response:
    """The current pilot file as stored."""
    dossier = Dossier.of(ctx.files)
    dossier.text("pilot")
    return FileResponse(dossier.path("pilot"), media_type="application/toml", filename="pilot.toml")


@router.post("/reports", name="pilot.reports")
def reports(
    request: Request,
    day: int | None = Form(None, ge=1, le=366),
    user: Principal = READ_SELECTION,
    ctx: Context = Depends(context),
) -> Response:
    """Write pilot-<name>-day<N>.html, .pdf and .xlsx (``regie pilot check --out``)."""
    from regie.reports.pilot_report import write_pilot

    found, loc = pilot_check(Dossier.of(ctx.files), ctx.store, day), locale_of(request)
    job = selection_reports.start(ctx, user, "pilot", lambda out: write_pilot(found, out, loc))
    note(request, "pilot.toml", job=job.id, day=found.day)
    return render(request, "selection_job.html.j2", job=job, base=f"/pilot/reports/{job.id}")


@router.get("/reports/{job_id}", name="pilot.reports.status")
def report_status(
    request: Request, job_id: str, user: Principal = READ_SELECTION, ctx: Context = Depends(context)
) -> Response:
    """The progress of a pilot report job, then its files or the error."""
    return selection_reports.status(request, ctx, user, "pilot", job_id)


@router.get("/reports/{job_id}/{file_name}", name="pilot.reports.file")
def report_file(
    job_id: str, file_name: str, user: Principal = READ_SELECTION, ctx: Context = Depends(context)
) -> Response:
    """Download one file a finished pilot report job wrote."""
    return selection_reports.download(ctx, user, "pilot", job_id, file_name)
