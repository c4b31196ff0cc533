"""The web app on a real PostgreSQL: the demo company stored there, every route walked
with every role, and the changes (users, audit log) written there.

The other web tests use the embedded SQLite default; these run the same walk on the
server database, so a page that only works on SQLite fails here.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import create_engine, text

from regie import bootstrap
from regie.config import get_settings
from regie.demo.company import DemoRequest, build_company
from regie.services import accounts
from regie.web import create_app
from tests.integration.postgres import postgres_server
from tests.web import test_role_matrix as matrix
from tests.web.conftest import CHOSEN, OTHER, PASSWORD, csrf_of, log_in


@pytest.fixture(scope="module")
def pg_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    with postgres_server() as server, pytest.MonkeyPatch.context() as patch:
        name = f"web_{uuid.uuid4().hex[:10]}"
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        patch.setenv("REGIE_DATABASE_URL", server.rsplit("/", 1)[0] + f"/{name}")
        get_settings.cache_clear()
        try:
            folder = tmp_path_factory.mktemp("pg") / "demo"
            company = build_company(DemoRequest(folder, size="tiny"))
            root = company.request.workspace
            _users(root)
            yield create_app(root)
        finally:
            get_settings.cache_clear()
            admin.dispose()


def _users(root: Path) -> None:
    store, book = bootstrap.store(root), bootstrap.accounts(root)
    accounts.change_password(book, "test", "admin", PASSWORD)
    accounts.change_password(book, "test", "manager", PASSWORD)
    accounts.add_user(book, "test", "viewer", PASSWORD, "viewer")
    for username, vendor in (("vendor", CHOSEN), ("other_vendor", OTHER)):
        info = store.vendor(vendor)
        accounts.add_user(book, "test", username, PASSWORD, "vendor", (info.id, info.name))


def test_the_workspace_really_is_on_postgresql(pg_app: FastAPI) -> None:
    url = pg_app.state.context.store.workspace.database_url
    assert url.startswith("postgresql")


@pytest.mark.parametrize("role", ["admin", "manager", "viewer", "vendor"])
def test_each_role_reaches_exactly_what_the_policy_allows_on_postgresql(
    role: str, pg_app: FastAPI
) -> None:
    client = log_in(pg_app, role)
    csrf = csrf_of(client)
    wrong = []
    for method, template, capability in matrix.calls(pg_app):
        if template == "/logout":
            continue
        status = matrix._send(client, method, matrix._path(template, CHOSEN), csrf)
        allowed = matrix._expected(role, capability)
        if allowed == (status in (401, 403)) or status >= 500:
            wrong.append(f"{method} {template}: {status}")
    assert wrong == []


def test_users_and_the_audit_log_are_kept_in_postgresql(pg_app: FastAPI) -> None:
    client = log_in(pg_app, "admin")
    body = {"username": "pg-user", "password": "long-enough-pw", "role": "viewer"}
    added = client.post("/api/v1/users", json=body, headers={"X-CSRF-Token": csrf_of(client)})
    assert added.status_code == 201, added.text
    log_in(pg_app, "pg-user", "long-enough-pw")
    actions = [(e["actor"], e["action"], e["target"]) for e in client.get("/api/v1/audit").json()]
    assert ("admin", "user.add", "pg-user") in actions
    assert ("pg-user", "session.open", "pg-user") in actions


def test_an_import_a_check_and_an_accepted_gap_are_stored_in_postgresql(pg_app: FastAPI) -> None:
    client = log_in(pg_app, "manager")
    headers = {"X-CSRF-Token": csrf_of(client)}
    export = Path(__file__).resolve().parents[1] / "fixtures" / "zendesk" / "tickets.csv"
    with export.open("rb") as handle:
        started = client.post(
            "/api/v1/imports",
            data={"vendor": OTHER, "format": "zendesk", "tz": "Europe/Amsterdam"},
            files={"files": ("tickets.csv", handle, "text/csv")},
            headers=headers,
        )
    assert started.status_code == 202, started.text
    for _ in range(600):
        status = client.get(f"/api/v1/jobs/{started.json()['id']}").json()
        if status["state"] != "running":
            break
        time.sleep(0.05)
    assert status["state"] == "finished", status
    batch = next(b for b in client.get("/api/v1/batches").json()
                 if b["id"] == status["result"]["batch_id"])  # fmt: skip
    assert (batch["rows_read"], batch["imported"], batch["rejected"]) == (17, 11, 6)
    check = {"item": "sla.penalties", "status": "no", "evidence": "none offered"}
    assert client.post(f"/api/v1/diligence/{OTHER}/checks", json=check,
                       headers=headers).status_code == 201  # fmt: skip
    accept = {"item": "sla.penalties", "by": "Jan Jansen"}
    assert client.post(f"/api/v1/diligence/{OTHER}/accept", json=accept,
                       headers=headers).status_code == 201  # fmt: skip
    actions = [e["action"] for e in log_in(pg_app, "admin").get("/api/v1/audit").json()]
    assert {"api.imports.upload", "api.diligence.check", "api.diligence.accept"} <= set(actions)
