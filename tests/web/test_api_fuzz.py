"""The JSON API fuzzed with schemathesis against its own OpenAPI document.

Every operation gets generated requests (valid and invalid) as an admin with an API
token: no response may be a 5xx, every response must match its documented schema, and
every error must come in the one error shape. It runs on a copy of the demo workspace,
so the state-changing operations cannot disturb other tests.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from regie import bootstrap
from regie.demo.company import Company
from regie.services import accounts
from regie.web import create_app

ERROR_KEYS = {"status", "code", "message", "details"}
# A request valid by the schema may still break a business rule the schema cannot say
# (a vendor user needs a vendor that exists; a case file's cross-field checks): 422.
BUSINESS_RULES = positive_data_acceptance


@pytest.fixture(scope="module")
def fuzz_app(company: Company, tmp_path_factory: pytest.TempPathFactory) -> tuple[FastAPI, str]:
    copy = tmp_path_factory.mktemp("fuzz") / "workspace"
    shutil.copytree(company.request.workspace, copy)
    token = accounts.issue_token(bootstrap.accounts(copy), "test", "admin", "fuzz")
    return create_app(copy), token


def _operations() -> list[tuple[str, str]]:
    """Every (method, path) of the API; the routes do not depend on the workspace."""
    document = create_app(Path("unused")).openapi()
    return [(m.upper(), p) for p, ops in document["paths"].items() for m in ops]


@pytest.mark.parametrize(("method", "path"), _operations())
def test_the_api_never_fails_and_always_matches_its_schema(
    method: str, path: str, fuzz_app: tuple[FastAPI, str]
) -> None:
    app, token = fuzz_app
    operation = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)[path][method]
    headers = {"Authorization": f"Bearer {token}"}

    @given(case=operation.as_strategy())
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck),
              derandomize=True, database=None)  # fmt: skip
    def fuzz(case: Any) -> None:
        response = case.call_and_validate(headers=headers, excluded_checks=[BUSINESS_RULES])
        assert response.status_code < 500, response.text
        if response.status_code >= 400:
            body = response.json()
            assert set(body) == ERROR_KEYS, body
            assert body["status"] == response.status_code

    fuzz()


def test_the_openapi_document_describes_every_api_route(shared_app: FastAPI) -> None:
    document = shared_app.openapi()
    paths = set(document["paths"])
    assert "/api/v1/me" in paths
    assert all(p.startswith("/api/v1/") for p in paths), sorted(paths)
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            success = [code for code in operation["responses"] if code.startswith("2")]
            assert len(success) == 1, (method, path)


def test_the_openapi_document_is_served_without_signing_in(shared_app: FastAPI) -> None:
    from fastapi.testclient import TestClient

    answer = TestClient(shared_app, base_url="https://testserver").get("/api/v1/openapi.json")
    assert answer.status_code == 200
    assert answer.json()["info"]["title"] == "Regie"


def test_an_unknown_token_is_refused_in_the_one_error_shape(fuzz_app: tuple[FastAPI, str]) -> None:
    from fastapi.testclient import TestClient

    client = TestClient(fuzz_app[0], base_url="https://testserver")
    answer = client.get("/api/v1/me", headers={"Authorization": "Bearer rg_nope"})
    assert answer.status_code == 401
    assert set(answer.json()) == ERROR_KEYS
