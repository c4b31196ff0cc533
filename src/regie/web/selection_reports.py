"""Report downloads of the selection pages (case, quotes, scorecard, pilot) as jobs.

A page starts a job that runs one of the report writers of :mod:`regie.reports` into a
fresh folder under the web app's folder of the workspace; the page polls the job's
status fragment, which lists the files when the job is done. A file is served only to
the job's owner (or an admin or manager) and only by a name the job itself wrote, so a
path parameter can never reach outside that folder.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import FileResponse, Response

from regie.domain.access import Principal, Role
from regie.domain.errors import NotFound, PermissionDenied
from regie.web.context import Context
from regie.web.jobs import Job, Progress
from regie.web.templating import render

Writer = Callable[[Path], list[Path]]
MEDIA = {
    ".html": "text/html; charset=utf-8",
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".toml": "application/toml",
}


def folder(ctx: Context) -> Path:
    return ctx.files / "selection-reports"


def start(ctx: Context, user: Principal, area: str, write: Writer) -> Job:
    """Run ``write(folder)`` as a job of kind ``<area>.reports``."""
    token = uuid.uuid4().hex
    out = folder(ctx) / token

    def work(progress: Progress) -> dict[str, Any]:
        progress(0, 1, "writing the reports")
        written = write(out)
        progress(1, 1, "done")
        return {"token": token, "files": [p.name for p in written]}

    return ctx.jobs.start(f"{area}.reports", user.username, work)


def job_of(ctx: Context, user: Principal, area: str, job_id: str) -> Job:
    """The job, if it is one of this area's and the user may read it."""
    job = ctx.jobs.get(job_id)
    if job is None or job.kind != f"{area}.reports":
        raise NotFound(f"no report job {job_id[:40]!r}")
    if job.owner != user.username and user.role not in (Role.ADMIN, Role.MANAGER):
        raise PermissionDenied(f"{user.username} may not read the job of {job.owner}")
    return job


def status(request: Request, ctx: Context, user: Principal, area: str, job_id: str) -> Response:
    """The status fragment of a report job: progress, then the files or the error."""
    job = job_of(ctx, user, area, job_id)
    return render(request, "selection_job.html.j2", job=job, base=f"{request.url.path}")


def download(ctx: Context, user: Principal, area: str, job_id: str, file_name: str) -> Response:
    """One file a finished report job wrote."""
    job = job_of(ctx, user, area, job_id)
    if job.state != "finished" or file_name not in job.result.get("files", []):
        raise NotFound(f"the job has no file {file_name[:80]!r}")
    path = folder(ctx) / str(job.result["token"]) / file_name
    if not path.is_file():
        raise NotFound(f"{file_name} is no longer there: write the reports again")
    kind = MEDIA.get(path.suffix, "application/octet-stream")
    return FileResponse(path, media_type=kind, filename=file_name)
