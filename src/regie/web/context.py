"""What every request handler may reach: the workspace's stores and the app's settings.

One :class:`Context` per app, kept on ``app.state``; routes take it with
``Depends(context)`` and hand its stores to the services. The stores are opened once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from fastapi import Request

from regie import bootstrap
from regie.db.accounts import SqlAccountStore
from regie.db.diligence import SqlDiligenceStore
from regie.db.governance import SqlGovernanceStore
from regie.db.qa import SqlQaStore
from regie.db.quotes import SqlQuoteStore
from regie.db.store import SqlContactStore
from regie.web.jobs import Jobs
from regie.web.limits import LoginLimiter


@dataclass
class Context:
    """The workspace and the app-wide helpers of one running app."""

    root: Path
    secure_cookies: bool = True
    limiter: LoginLimiter = field(default_factory=LoginLimiter)
    jobs: Jobs = field(default_factory=Jobs)

    @cached_property
    def store(self) -> SqlContactStore:
        return bootstrap.store(self.root)

    @cached_property
    def governance(self) -> SqlGovernanceStore:
        return bootstrap.governance(self.root)

    @cached_property
    def quotes(self) -> SqlQuoteStore:
        return bootstrap.quotes(self.root)

    @cached_property
    def diligence(self) -> SqlDiligenceStore:
        return bootstrap.diligence(self.root)

    @cached_property
    def qa(self) -> SqlQaStore:
        return bootstrap.qa(self.root)

    @cached_property
    def accounts(self) -> SqlAccountStore:
        return bootstrap.accounts(self.root)

    @property
    def files(self) -> Path:
        """Where the web app keeps uploads and generated reports."""
        folder = self.root / "web"
        folder.mkdir(exist_ok=True)
        return folder


def context(request: Request) -> Context:
    found: Context = request.app.state.context
    return found
