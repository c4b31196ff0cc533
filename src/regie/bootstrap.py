"""The composition root: settings → workspace → stores, and the importers by format name."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import cast

from regie.config import get_settings
from regie.db import migrate
from regie.db.accounts import SqlAccountStore
from regie.db.diligence import SqlDiligenceStore
from regie.db.governance import SqlGovernanceStore
from regie.db.qa import SqlQaStore
from regie.db.quotes import SqlQuoteStore
from regie.db.store import SqlContactStore
from regie.db.workspace import SECRET, Workspace, create_workspace, open_workspace, sqlite_url
from regie.domain.errors import InvalidInput, NotFound
from regie.services.importing import Reader

FORMATS: dict[str, str] = {
    # format name on the command line: module in regie.ingest
    "zendesk": "zendesk",
    "zendesk-json": "zendesk_json",
    "freshdesk": "freshdesk",
    "zammad": "zammad",
    "intercom": "intercom",
    "csv": "canonical",
    "mapped": "mapped",
}


def workspace_root(explicit: Path | None = None) -> Path:
    return explicit or get_settings().workspace


def init_workspace(root: Path | None = None) -> Workspace:
    return create_workspace(workspace_root(root), get_settings().database_url)


def workspace(root: Path | None = None) -> Workspace:
    return open_workspace(workspace_root(root), get_settings().database_url)


def upgrade_database(root: Path | None = None) -> str | None:
    """Migrate the workspace's database to the newest schema; return that revision."""
    folder = workspace_root(root)
    if not (folder / SECRET).is_file():
        raise NotFound(f"{folder}: no Regie workspace here; create one with `regie init {folder}`")
    ws = Workspace(folder, get_settings().database_url or sqlite_url(folder))
    migrate.upgrade(ws.engine())
    return migrate.current(ws.engine())


def store(root: Path | None = None) -> SqlContactStore:
    return SqlContactStore(workspace(root))


def governance(root: Path | None = None) -> SqlGovernanceStore:
    return SqlGovernanceStore(workspace(root))


def quotes(root: Path | None = None) -> SqlQuoteStore:
    return SqlQuoteStore(workspace(root))


def diligence(root: Path | None = None) -> SqlDiligenceStore:
    return SqlDiligenceStore(workspace(root))


def qa(root: Path | None = None) -> SqlQaStore:
    return SqlQaStore(workspace(root))


def accounts(root: Path | None = None) -> SqlAccountStore:
    return SqlAccountStore(workspace(root))


def reader(fmt: str) -> Reader:
    """The reader of an export format (imported on first use)."""
    if fmt not in FORMATS:
        raise InvalidInput(f"format {fmt!r} is unknown: use one of {', '.join(FORMATS)}")
    module = importlib.import_module(f"regie.ingest.{FORMATS[fmt]}")
    return cast(Reader, module.read)


def describe(root: Path | None = None) -> dict[str, object]:
    """What an admin wants to know about a workspace: where, which database, how much."""
    ws = workspace(root)
    engine = ws.engine()
    url = engine.url.render_as_string(hide_password=True)
    facts = sum(f.stat().st_size for f in ws.facts.glob("*.parquet"))
    contacts = SqlContactStore(ws)
    batches = contacts.batches()
    return {
        "workspace": str(ws.root.resolve()),
        "database": url,
        "schema": migrate.current(engine),
        "fact_files_mb": round(facts / 1e6, 1),
        "vendors": len(contacts.vendors()),
        "batches": len(batches),
        "contacts": sum(b.imported for b in batches),
        "users": len(SqlAccountStore(ws).users()),
    }
