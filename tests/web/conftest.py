"""The web app in-process on a tiny demo company, with one signed-in client per role.

``company`` is built once per test session (the demo story at size ``tiny``: three
vendors, a pilot, a governed year, statements, QA). ``signed_in(role)`` returns an
HTTPS test client signed in through the real log-in form; every client of a test shares
one app, so the app's memory (jobs, login limits) is shared as in a real server.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from regie import bootstrap
from regie.demo.company import Company, DemoRequest, build_company
from regie.demo.plan import VENDORS
from regie.services import accounts
from regie.web import create_app

PASSWORD = "correct-horse-battery"
CHOSEN = VENDORS[0].name
OTHER = VENDORS[1].name
ROLES = ("admin", "manager", "viewer", "vendor", "other_vendor")


@pytest.fixture(scope="session")
def company(tmp_path_factory: pytest.TempPathFactory) -> Company:
    folder = tmp_path_factory.mktemp("web") / "demo"
    built = build_company(DemoRequest(folder, size="tiny"))
    store, book = (
        bootstrap.store(built.request.workspace),
        bootstrap.accounts(built.request.workspace),
    )
    for role in ("admin", "manager", "viewer"):  # the demo has an admin and a manager
        if book.user(role) is None:
            accounts.add_user(book, "test", role, PASSWORD, role)
        else:
            accounts.change_password(book, "test", role, PASSWORD)
    for name, vendor in (("vendor", CHOSEN), ("other_vendor", OTHER)):
        info = store.vendor(vendor)
        accounts.add_user(book, "test", name, PASSWORD, "vendor", (info.id, info.name))
    return built


@pytest.fixture()
def workspace(company: Company, tmp_path: Path) -> Path:
    """A copy of the demo workspace that a test may change."""
    copy = tmp_path / "workspace"
    shutil.copytree(company.request.workspace, copy)
    return copy


@pytest.fixture(scope="session")
def shared_app(company: Company) -> FastAPI:
    """One app on the session's demo workspace: for tests that only read."""
    return create_app(company.request.workspace)


@pytest.fixture()
def app(workspace: Path) -> FastAPI:
    """A fresh app on a copy of the workspace: for tests that change things."""
    return create_app(workspace)


def log_in(app: FastAPI, username: str, password: str = PASSWORD) -> TestClient:
    client = TestClient(app, base_url="https://testserver", follow_redirects=False)
    form = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token is not None
    data = {"username": username, "password": password, "csrf_token": token.group(1)}
    answer = client.post("/login", data=data)
    assert answer.status_code == 303, answer.text
    return client


def csrf_of(client: TestClient) -> str:
    """The session's CSRF token, as every page carries it for HTMX."""
    page = client.get("/")
    found = re.search(r'X-CSRF-Token": "([^"]+)"', page.text)
    assert found is not None, page.text[:300]
    return found.group(1)


@pytest.fixture()
def signed_in(shared_app: FastAPI) -> Iterator[Callable[[str], TestClient]]:
    """``signed_in("viewer")``: a client of the shared app signed in as that role."""
    made: list[TestClient] = []

    def make(role: str) -> TestClient:
        client = log_in(shared_app, role)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()
