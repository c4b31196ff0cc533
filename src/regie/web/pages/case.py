"""Pages: the business case — edit it in a form, see the figures and charts, download it.

The current case is the workspace's dossier file (:mod:`regie.services.dossier`). The
form holds one field per key of the case file; HTMX sends it to ``/case/preview`` on
every change and swaps in the figures (``regie case show``) and the report's charts,
without storing anything. Saving, uploading and starting from the template store it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import FileResponse, Response

from regie.domain.access import Principal
from regie.domain.errors import RegieError
from regie.files.case_loader import parse_case
from regie.files.templates import case_template
from regie.i18n import Locale
from regie.reports.case_charts import case_charts
from regie.services import case_form
from regie.services.business_case import CaseEvaluation, evaluate, staffing_rows, to_json
from regie.services.case_text import decision_label, input_label, reasons
from regie.services.dossier import Dossier, decoded
from regie.web import selection_reports
from regie.web.access import CHANGE, READ_SELECTION
from regie.web.audit import note
from regie.web.context import Context, context
from regie.web.templating import locale_of, render

router = APIRouter(prefix="/case")
PREFIX = "f."


def dossier(ctx: Context) -> Dossier:
    return Dossier.of(ctx.files)


def results(ev: CaseEvaluation, loc: Locale) -> dict[str, Any]:
    """What the results fragment shows: the evaluation, its JSON figures and charts."""
    return {
        "ev": ev,
        "doc": to_json(ev, reasons(ev.recommendation.reasons, loc)),
        "staffing": staffing_rows(ev),
        "charts": case_charts(ev, loc),
        "decision": decision_label(ev.recommendation.decision, loc),
        "input_label": lambda key: input_label(key, loc),
    }


def _page(request: Request, ctx: Context, status: int = 200, **extra: Any) -> Response:
    found = dossier(ctx)
    values: dict[str, Any] = {"sections": [], "problems": []}
    if found.has("case"):
        text = found.text("case")
        values["sections"] = case_form.sections(case_form.case_fields(text))
        values.update(results(evaluate(parse_case(text, folder=found.folder)), locale_of(request)))
    values.update(extra)
    return render(request, "case_show.html.j2", status, **values)


def _form_fields(items: Iterable[tuple[str, Any]]) -> list[tuple[str, str]]:
    pairs = [(k[len(PREFIX) :], str(v)) for k, v in items if k.startswith(PREFIX)]
    added = dict((k, str(v)) for k, v in items if k in ("new_key", "new_value"))
    if added.get("new_key", "").strip():
        pairs.append((added["new_key"], added.get("new_value", "")))
    return pairs


@router.get("", name="case.show")
def show(
    request: Request, user: Principal = READ_SELECTION, ctx: Context = Depends(context)
) -> Response:
    """The case form, its figures and charts (or the upload form when there is none)."""
    return _page(request, ctx)


@router.get("/preview", name="case.preview")
def preview(
    request: Request, user: Principal = READ_SELECTION, ctx: Context = Depends(context)
) -> Response:
    """The figures and charts of the form's values, not stored (HTMX fragment)."""
    text = case_form.case_text(_form_fields(request.query_params.multi_items()))
    ev = evaluate(parse_case(text, folder=dossier(ctx).folder))
    return render(request, "case_results.html.j2", **results(ev, locale_of(request)))


@router.post("", name="case.save")
async def save(
    request: Request, user: Principal = CHANGE, ctx: Context = Depends(context)
) -> Response:
    """Store the form's values as the current case."""
    form = await request.form()
    pairs = _form_fields(form.multi_items())
    try:
        case = dossier(ctx).store_case(case_form.case_text(pairs))
    except RegieError as error:
        problems = list(getattr(error, "problems", (error.message,)))
        given = case_form.sections(case_form.CaseField(k, v) for k, v in pairs)
        return _page(request, ctx, 422, problems=problems, sections=given)
    note(request, "case.toml", name=case.name, source="form")
    return _page(request, ctx, saved=case.name)


@router.post("/upload", name="case.upload")
async def upload(
    request: Request,
    file: UploadFile = File(...),
    user: Principal = CHANGE,
    ctx: Context = Depends(context),
) -> Response:
    """Make an uploaded case file the current case."""
    text = decoded(await file.read(1_000_001), "case")
    case = dossier(ctx).store_case(text)
    note(request, "case.toml", name=case.name, source=file.filename or "upload")
    return _page(request, ctx, saved=case.name)


@router.post("/new", name="case.new")
def new(request: Request, user: Principal = CHANGE, ctx: Context = Depends(context)) -> Response:
    """Start from the commented template (``regie case new``)."""
    loc = locale_of(request)
    case = dossier(ctx).store_case(case_template(loc.lang))
    note(request, "case.toml", name=case.name, source="template")
    return _page(request, ctx, saved=case.name)


@router.get("/case.toml", name="case.download")
def download(user: Principal = READ_SELECTION, ctx: Context = Depends(context)) -> Response:
    """The current case file as stored."""
    found = dossier(ctx)
    found.text("case")  # NotFound when there is none
    return FileResponse(found.path("case"), media_type="application/toml", filename="case.toml")


@router.post("/reports", name="case.reports")
def reports(
    request: Request, user: Principal = READ_SELECTION, ctx: Context = Depends(context)
) -> Response:
    """Write case.html, case.pdf and case.xlsx (``regie case report``) as a job."""
    from regie.reports.case_report import write_case_reports

    ev = evaluate(dossier(ctx).case())
    loc = locale_of(request)
    job = selection_reports.start(ctx, user, "case", lambda out: write_case_reports(ev, out, loc))
    note(request, "case.toml", job=job.id)
    return render(request, "selection_job.html.j2", job=job, base=f"/case/reports/{job.id}")


@router.get("/reports/{job_id}", name="case.reports.status")
def report_status(
    request: Request, job_id: str, user: Principal = READ_SELECTION, ctx: Context = Depends(context)
) -> Response:
    """The progress of a business-case report job, then its files or the error."""
    return selection_reports.status(request, ctx, user, "case", job_id)


@router.get("/reports/{job_id}/{file_name}", name="case.reports.file")
def report_file(
    job_id: str, file_name: str, user: Principal = READ_SELECTION, ctx: Context = Depends(context)
) -> Response:
    """Download one file a finished business-case report job wrote."""
    return selection_reports.download(ctx, user, "case", job_id, file_name)
