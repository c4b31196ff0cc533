"""Due diligence stored on SQLite and a real PostgreSQL: checks, acceptances bound to a
check, the ready-to-sign rule, and migration 0004 up and down."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect

from regie.db import migrate
from regie.db.diligence import SqlDiligenceStore
from regie.db.store import SqlContactStore
from regie.db.workspace import Workspace, create_workspace
from regie.domain.diligence import ITEMS, Status
from regie.domain.errors import Conflict, NotFound
from regie.services import diligence as dd

VENDOR = "Nearshore BV"
DAY = date(2026, 10, 15)
TABLES = {"diligence_checks", "diligence_acceptances"}


@pytest.fixture
def workspace(tmp_path: Path, database_url: str | None) -> Workspace:
    ws = create_workspace(tmp_path / "ws", database_url)
    SqlContactStore(ws).add_vendor(VENDOR)
    return ws


def stores(ws: Workspace) -> tuple[SqlContactStore, SqlDiligenceStore]:
    return SqlContactStore(ws), SqlDiligenceStore(ws)


def test_checks_and_acceptances_make_a_vendor_ready_to_sign(workspace: Workspace) -> None:
    store, book = stores(workspace)
    for item in ITEMS:
        dd.record_check(store, book, VENDOR, item.key, "yes", None, DAY, DAY)
    note = "Audit once a year only — clause 14.2 (‘Prüfung’)"
    dd.record_check(store, book, VENDOR, "gdpr.audit_rights", "partial", note, DAY, DAY)
    before = dd.assessment(store, book, VENDOR)
    assert [s.item.key for s in before.open_gaps] == ["gdpr.audit_rights"]
    state, accepted = dd.accept_gap(store, book, VENDOR, "gdpr.audit_rights", "Anne de Vries")
    assert state.check is not None and state.check.evidence == note
    assert accepted.accepted_at.tzinfo is not None
    assert datetime.now(UTC) - accepted.accepted_at < timedelta(minutes=5)
    after = SqlDiligenceStore(workspace)  # a fresh session reads what was committed
    assessed = dd.assessment(store, after, VENDOR)
    assert assessed.ready_to_sign
    assert [s.acceptance.accepted_by for s in assessed.risks if s.acceptance] == ["Anne de Vries"]


def test_a_newer_check_voids_the_acceptance_of_the_older_one(workspace: Workspace) -> None:
    store, book = stores(workspace)
    dd.record_check(store, book, VENDOR, "gdpr.dpa", "partial", "draft", DAY, DAY)
    dd.accept_gap(store, book, VENDOR, "gdpr.dpa", "Anne de Vries")
    dd.record_check(store, book, VENDOR, "gdpr.dpa", "no", "withdrawn", DAY, DAY)
    state = next(s for s in dd.assessment(store, book, VENDOR).states if s.item.key == "gdpr.dpa")
    assert state.status is Status.NO and state.open
    assert len(book.checks(store.vendor(VENDOR).id)) == 2, "the history is kept"


def test_the_store_refuses_a_stale_or_repeated_acceptance(workspace: Workspace) -> None:
    store, book = stores(workspace)
    vendor = store.vendor(VENDOR).id
    first = book.add_check(vendor, "sla.penalties", Status.NO, None, DAY)
    book.add_check(vendor, "sla.penalties", Status.PARTIAL, None, DAY)
    with pytest.raises(Conflict, match="a newer status was recorded"):
        book.accept(vendor, first.id, "Bo")
    latest = book.checks(vendor)[-1]
    book.accept(vendor, latest.id, "Bo")
    with pytest.raises(Conflict, match="already accepted by Bo"):
        book.accept(vendor, latest.id, "Cas")
    with pytest.raises(NotFound):
        book.accept(vendor, 999, "Bo")


def test_checks_of_one_vendor_never_show_for_another(workspace: Workspace) -> None:
    store, book = stores(workspace)
    store.add_vendor("Other")
    dd.record_check(store, book, VENDOR, "gdpr.dpa", "yes", None, DAY, DAY)
    other = dd.assessment(store, book, "Other")
    assert all(s.check is None for s in other.states)


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrate.MIGRATIONS))
    return config


def test_migration_0004_creates_and_drops_its_tables(workspace: Workspace) -> None:
    engine = workspace.engine()
    assert set(inspect(engine).get_table_names()) >= TABLES
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    assert not TABLES & set(inspect(engine).get_table_names())
    migrate.upgrade(engine)
    assert set(inspect(engine).get_table_names()) >= TABLES
    engine.dispose()
