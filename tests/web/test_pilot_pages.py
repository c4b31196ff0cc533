"""The pilot in the web app: gates on days 30/60/90, per vendor and side by side, the API."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from markupsafe import escape

from regie.demo.company import Company
from regie.i18n import Locale
from regie.reports import pilot_xlsx as words
from regie.services.pilot_json import check_json
from regie.web import create_app
from tests.web.conftest import CHOSEN, csrf_of, log_in
from tests.web.selection_support import dossier_workspace, fill_dossier

EN = Locale("en")


@pytest.fixture(scope="module")
def pilot_app(company: Company, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    return create_app(dossier_workspace(company, tmp_path_factory.mktemp("pilot")))


@pytest.fixture()
def viewer(pilot_app: FastAPI) -> Iterator[TestClient]:
    with log_in(pilot_app, "viewer") as client:
        yield client


@pytest.mark.parametrize("day", [30, 60, 90])
def test_each_gate_shows_the_checks_of_regie_pilot_check(
    viewer: TestClient, company: Company, day: int
) -> None:
    check = company.pilot.checks[day]
    page = viewer.get("/pilot", params={"day": day})
    assert page.status_code == 200
    assert words.title(check, EN) in page.text
    passed = dict(re.findall(r'data-vendor="([^"]+)" data-passed="(\w+)"', page.text))
    for v in check.vendors:
        ok = v.decision.within >= v.decision.required
        assert passed[v.vendor] == ("yes" if ok else "no")
        assert words.decision_text(v.decision, EN) in page.text
        for j in v.judgements:
            assert words.value_text(j.measurement, j.threshold, EN) in page.text
        for a in v.analyses:
            for r in a.remedies:
                assert words.remedy_text(r, EN).replace("'", "&#39;") in page.text


def test_the_vendors_are_compared_with_holm_adjusted_p(
    viewer: TestClient, company: Company
) -> None:
    check = company.pilot.checks[90]
    page = viewer.get("/pilot", params={"day": 90})
    tests = page.text.split('id="pilot-tests"')[1].split("</table>")[0]
    assert tests.count("<tr>") == len(check.comparisons) + 1
    for c in check.comparisons:
        assert str(escape(words.p_text(c.p_holm, EN))) in tests
    assert 'id="spec-pilot-daily"' in page.text


def test_the_api_gives_regie_pilot_check_json(viewer: TestClient, company: Company) -> None:
    answer = viewer.get("/api/v1/pilot", params={"day": 60})
    assert answer.status_code == 200
    expected = check_json(company.pilot.checks[60])
    assert answer.json() == expected
    assert viewer.get("/api/v1/pilot", params={"day": 0}).status_code == 422


def test_a_new_pilot_from_the_form_replaces_the_stored_one(
    company: Company, workspace: Path
) -> None:
    fill_dossier(workspace, company)
    app = create_app(workspace)
    with log_in(app, "manager") as client:
        data = {"vendor": [CHOSEN], "fee": "5000", "channel": "email", "start": "2025-03-03",
                "days": "60", "name": "Mail pilot", "csrf_token": csrf_of(client)}  # fmt: skip
        answer = client.post("/pilot/new", data=data)
        assert answer.status_code == 200, answer.text
        stored = client.get("/pilot/pilot.toml").text
        assert "Mail pilot" in stored and CHOSEN in stored
        bad = {"file": ("pilot.toml", b"[pilot]\nname = 3\n", "application/toml")}
        refused = client.post("/pilot/upload", files=bad, data={"csrf_token": csrf_of(client)})
        assert refused.status_code == 422
        assert client.get("/pilot/pilot.toml").text == stored
    assert any(e.action == "pilot.new" for e in app.state.context.accounts.audit_log(5))


@pytest.mark.parametrize("path", ["/pilot", "/pilot/pilot.toml", "/api/v1/pilot"])
def test_vendor_users_never_see_the_pilot(pilot_app: FastAPI, path: str) -> None:
    with log_in(pilot_app, "vendor") as client:
        assert client.get(path).status_code == 403
