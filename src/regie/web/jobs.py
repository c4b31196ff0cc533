"""Long work (imports, reports) run in a background thread, with progress to poll.

A job is a function that takes a ``progress(done, total, note)`` callback and returns a
JSON-able result; a :class:`regie.domain.errors.RegieError` becomes the job's error.
Jobs live in the server's memory and are owned by the user who started them.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from regie.domain.access import Principal, Role
from regie.domain.errors import NotFound, PermissionDenied, RegieError

Progress = Callable[[int, int, str], None]
Work = Callable[[Progress], dict[str, Any]]


@dataclass
class Job:
    id: str
    kind: str
    owner: str
    vendor: str | None = None
    done: int = 0
    total: int = 0
    note: str = ""
    state: str = "running"  # running | finished | failed
    result: dict[str, Any] = field(default_factory=dict)
    error: dict[str, Any] | None = None

    @property
    def percent(self) -> int:
        return 100 if self.state != "running" else int(100 * self.done / max(self.total, 1))

    def json(self) -> dict[str, Any]:
        return {
            "id": self.id, "kind": self.kind, "state": self.state, "percent": self.percent,
            "done": self.done, "total": self.total, "note": self.note,
            "result": self.result, "error": self.error,
        }  # fmt: skip


class Jobs:
    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(self, kind: str, owner: str, work: Work, vendor: str | None = None) -> Job:
        job = Job(uuid.uuid4().hex, kind, owner, vendor)
        with self._lock:
            self._jobs[job.id] = job
        threading.Thread(target=self._run, args=(job, work), daemon=True).start()
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def read(self, job_id: str, user: Principal) -> Job:
        """The job, for its owner or an admin or manager; NotFound for anyone else's."""
        job = self.get(job_id)
        if job is None:
            raise NotFound(f"job {job_id} does not exist (jobs are kept until the server restarts)")
        if job.owner != user.username and user.role not in (Role.ADMIN, Role.MANAGER):
            raise PermissionDenied(f"{user.username} may not read another user's job")
        return job

    def _run(self, job: Job, work: Work) -> None:
        def progress(done: int, total: int, note: str) -> None:
            job.done, job.total, job.note = done, total, note

        try:
            job.result = work(progress)
            job.state = "finished"
        except RegieError as error:
            problems = list(getattr(error, "problems", (error.message,)))
            job.error = {"code": error.code, "message": error.message, "details": problems}
            job.state = "failed"
        except Exception as error:  # a bug: keep the server up, say what happened
            job.error = {"code": "internal", "message": repr(error), "details": []}
            job.state = "failed"
