"""The business case in the web app: the form, its figures and charts, storing it, the API."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from regie.demo.company import Company
from regie.files.case_loader import load_case, parse_case
from regie.i18n import Locale
from regie.services.business_case import evaluate, to_json
from regie.services.case_text import reasons
from regie.services.dossier import Dossier
from regie.web import create_app
from tests.web.conftest import csrf_of, log_in
from tests.web.selection_support import dossier_workspace, fill_dossier

EN = Locale("en")


@pytest.fixture(scope="module")
def case_app(company: Company, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    return create_app(dossier_workspace(company, tmp_path_factory.mktemp("case")))


@pytest.fixture()
def writable(company: Company, workspace: Path) -> FastAPI:
    fill_dossier(workspace, company)
    return create_app(workspace)


@pytest.fixture()
def viewer(case_app: FastAPI) -> Iterator[TestClient]:
    with log_in(case_app, "viewer") as client:
        yield client


def fields_of(page: str) -> dict[str, str]:
    found = re.findall(r'<input name="(f\.[^"]+)" value="([^"]*)"', page)
    return {k: v.replace("&#34;", '"').replace("&quot;", '"') for k, v in found}


def test_the_case_page_shows_the_figures_of_regie_case_show(
    viewer: TestClient, company: Company
) -> None:
    ev = evaluate(load_case(company.case))
    page = viewer.get("/case")
    assert page.status_code == 200
    r = ev.realistic
    for figure in (r.inhouse_tco, r.outsourced_tco, r.saving, r.cost_per_ticket_inhouse):
        assert EN.money(figure) in page.text
    assert f'data-decision="{ev.recommendation.decision}"' in page.text
    assert EN.money(ev.monte_carlo.percentile(50), 0) in page.text
    assert 'id="chart-case-cumulative"' in page.text and 'id="spec-case-tornado"' in page.text


def test_the_form_holds_every_key_of_the_case_file(viewer: TestClient) -> None:
    fields = fields_of(viewer.get("/case").text)
    assert fields["f.case.horizon_months"] == "24"
    assert fields["f.channels.phone.volume_per_month"] == "[608, 675, 776]"
    assert fields["f.outsourced.pricing.model"] == '"per_ticket"'


def test_a_changed_field_gives_new_figures_without_storing_them(
    viewer: TestClient, company: Company
) -> None:
    fields = fields_of(viewer.get("/case").text)
    fields["f.case.horizon_months"] = "12"
    answer = viewer.get("/case/preview", params=fields, headers={"HX-Request": "true"})
    assert answer.status_code == 200
    assert "<html" not in answer.text
    text = company.case.read_text(encoding="utf-8").replace(
        "horizon_months = 24", "horizon_months = 12"
    )

    twelve = evaluate(parse_case(text))
    assert EN.money(twelve.realistic.saving) in answer.text
    assert 'id="spec-case-distribution"' in answer.text
    assert "horizon_months = 24" in viewer.get("/case/case.toml").text


def test_a_bad_value_names_the_key_the_value_and_what_is_allowed(viewer: TestClient) -> None:
    fields = fields_of(viewer.get("/case").text)
    fields["f.channels.email.aht_minutes"] = "-3"
    answer = viewer.get("/case/preview", params=fields, headers={"HX-Request": "true"})
    assert answer.status_code == 422
    assert "channels.email.aht_minutes = -3: must be greater than 0" in answer.text
    fields["f.channels.email.aht_minutes"] = "abc"
    answer = viewer.get("/case/preview", params=fields, headers={"HX-Request": "true"})
    assert answer.status_code == 422
    assert "channels.email.aht_minutes = abc: not a value" in answer.text


def test_saving_the_form_stores_the_case_and_writes_the_audit_log(
    writable: FastAPI, company: Company
) -> None:
    with log_in(writable, "manager") as client:
        fields = fields_of(client.get("/case").text)
        fields["f.inhouse.gross_monthly_salary"] = "3500"
        data = {**fields, "csrf_token": csrf_of(client)}
        answer = client.post("/case", data=data)
        assert answer.status_code == 200, answer.text
        stored = client.get("/case/case.toml").text
    assert "gross_monthly_salary = 3500" in stored
    workspace = Path(str(writable.state.context.root))
    ev = evaluate(Dossier.of(workspace / "web").case())
    assert ev.case.name == evaluate(load_case(company.case)).case.name
    entries = writable.state.context.accounts.audit_log(20)
    found = [(e.action, e.actor, e.target) for e in entries]
    assert ("case.save", "manager", "case.toml") in found, found


def test_saving_bad_values_keeps_the_stored_case_and_shows_the_problems(
    writable: FastAPI,
) -> None:
    with log_in(writable, "manager") as client:
        before = client.get("/case/case.toml").text
        fields = fields_of(client.get("/case").text)
        fields["f.inhouse.employer_charges_pct"] = "[10, 200]"
        answer = client.post("/case", data={**fields, "csrf_token": csrf_of(client)})
        assert answer.status_code == 422
        assert "inhouse.employer_charges_pct" in answer.text
        assert "must be at most 100" in answer.text
        assert client.get("/case/case.toml").text == before


def test_an_uploaded_case_file_becomes_the_current_case(writable: FastAPI) -> None:
    text = (
        '[case]\nname = "Tiny"\nproductive_hours = "160/month"\n\n[channels.email]\n'
        "volume_per_month = 1000\naht_minutes = 6\n\n[inhouse]\ngross_monthly_salary = 3000\n\n"
        '[outsourced.pricing]\nmodel = "per_ticket"\nticket_rate = 2\n'
    )
    with log_in(writable, "admin") as client:
        files = {"file": ("mine.toml", text.encode(), "application/toml")}
        answer = client.post("/case/upload", files=files, data={"csrf_token": csrf_of(client)})
        assert answer.status_code == 200, answer.text
        expected = evaluate(parse_case(text))
        assert EN.money(expected.realistic.saving) in answer.text
        bad = {"file": ("bad.toml", b"[case\nname=", "application/toml")}
        refused = client.post("/case/upload", files=bad, data={"csrf_token": csrf_of(client)})
        assert refused.status_code == 422
        assert "not valid TOML" in refused.text
        assert client.get("/case/case.toml").text == text


def test_the_reports_are_written_as_a_job_and_downloaded(writable: FastAPI) -> None:
    with log_in(writable, "viewer") as client:
        started = client.post("/case/reports", headers={"X-CSRF-Token": csrf_of(client)})
        assert started.status_code == 200
        job = re.search(r'id="job-([0-9a-f]{32})"', started.text)
        assert job is not None
        status = client.get(f"/case/reports/{job.group(1)}")
        for _ in range(240):
            if 'data-state="running"' not in status.text:
                break
            time.sleep(0.5)
            status = client.get(f"/case/reports/{job.group(1)}")
        assert 'data-state="finished"' in status.text, status.text
        for name in ("case.html", "case.pdf", "case.xlsx"):
            assert name in status.text
        pdf = client.get(f"/case/reports/{job.group(1)}/case.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        escape = client.get(f"/case/reports/{job.group(1)}/..%2Fcase.toml")
        assert escape.status_code == 404
    with log_in(writable, "other_vendor") as other:
        assert other.get(f"/case/reports/{job.group(1)}/case.pdf").status_code == 403


def test_the_api_gives_regie_case_show_json(viewer: TestClient, company: Company) -> None:
    ev = evaluate(load_case(company.case))
    expected = to_json(ev, reasons(ev.recommendation.reasons, EN))
    answer = viewer.get("/api/v1/case")
    assert answer.status_code == 200
    assert answer.json() == expected


def test_the_api_stores_a_case_or_lists_its_problems(writable: FastAPI, company: Company) -> None:
    with log_in(writable, "manager") as client:
        headers = {"X-CSRF-Token": csrf_of(client)}
        text = company.case.read_text(encoding="utf-8").replace(
            "minimum_fte = 2", "minimum_fte = 3"
        )
        answer = client.put("/api/v1/case", json={"text": text}, headers=headers)
        assert answer.status_code == 200

        assert answer.json()["saving"]["eur"] == round(
            evaluate(parse_case(text)).realistic.saving, 2
        )
        bad = client.put(
            "/api/v1/case", json={"text": "[case]\nhorizon_months = 0\n"}, headers=headers
        )
        assert bad.status_code == 422
        assert bad.json()["code"] == "invalid_case_file"
        assert any("horizon_months = 0" in d for d in bad.json()["details"])
    with log_in(writable, "viewer") as viewer:
        refused = viewer.put(
            "/api/v1/case", json={"text": text}, headers={"X-CSRF-Token": csrf_of(viewer)}
        )
        assert refused.status_code == 403


@pytest.mark.parametrize("path", ["/case", "/case/case.toml", "/api/v1/case"])
def test_vendor_users_never_see_the_business_case(case_app: FastAPI, path: str) -> None:
    with log_in(case_app, "vendor") as client:
        assert client.get(path).status_code == 403
