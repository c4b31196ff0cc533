"""Reports in the web app: generate the cadence reports as jobs, list and download them."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from regie.demo.company import Company
from regie.demo.plan import months
from regie.reports.cadence_report import stem
from tests.web.conftest import CHOSEN, csrf_of, log_in

MONTH = months()[9]
SignedIn = Callable[[str], TestClient]


def _finished(client: TestClient, job_id: str) -> dict[str, Any]:
    for _ in range(1200):
        status: dict[str, Any] = client.get(f"/api/v1/jobs/{job_id}").json()
        if status["state"] != "running":
            return status
        time.sleep(0.1)
    raise AssertionError("the report job did not finish")


def test_a_monthly_report_generates_as_a_job_and_downloads(app: FastAPI) -> None:
    client = log_in(app, "manager")
    data = {"kind": "monthly", "vendor": CHOSEN, "period": MONTH, "lang": "en"}
    started = client.post("/api/v1/reports", data=data, headers={"X-CSRF-Token": csrf_of(client)})
    assert started.status_code == 202, started.text
    status = _finished(client, started.json()["id"])
    assert status["state"] == "finished", status
    name = stem("monthly", CHOSEN, MONTH)
    assert status["result"]["files"] == [f"{name}.html", f"{name}.pdf", f"{name}.xlsx"]
    listed = client.get("/api/v1/reports").json()
    assert {f["name"] for f in listed} == set(status["result"]["files"])
    pdf = client.get(f"/reports/files/{name}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = client.get(f"/reports/files/{name}.xlsx")
    assert xlsx.content.startswith(b"PK")
    html = client.get(f"/reports/files/{name}.html")
    assert CHOSEN in html.text and MONTH in html.text
    page = client.get("/reports")
    assert f'href="/reports/files/{name}.pdf"' in page.text
    viewer = log_in(app, "viewer")
    assert viewer.get(f"/reports/files/{name}.pdf").status_code == 200


def test_the_page_starts_a_report_job_and_polls_it(app: FastAPI) -> None:
    client = log_in(app, "admin")
    data = {"kind": "weekly", "vendor": CHOSEN, "period": "2025-W41"}
    headers = {"X-CSRF-Token": csrf_of(client), "HX-Request": "true"}
    answer = client.post("/reports", data=data, headers=headers)
    assert answer.status_code == 202, answer.text
    assert 'hx-trigger="every 500ms"' in answer.text and "<progress" in answer.text
    job_id = answer.text.split('hx-get="/reports/jobs/')[1].split('"')[0]
    status = _finished(client, job_id)
    assert status["state"] == "finished", status
    done = client.get(f"/reports/jobs/{job_id}", headers={"HX-Request": "true"})
    assert 'data-state="finished"' in done.text and "every 500ms" not in done.text
    weekly = f"{stem('weekly', CHOSEN, '2025-W41')}.pdf"
    assert weekly in done.text
    assert client.get(f"/reports/files/{weekly}").content.startswith(b"%PDF")
    entries = client.get("/api/v1/audit").json()
    assert any(e["details"].get("report") == "weekly" for e in entries)


def test_a_quarterly_report_without_the_business_case_is_refused(app: FastAPI) -> None:
    client = log_in(app, "manager")
    data = {"kind": "quarterly", "vendor": CHOSEN, "period": "2025-Q4"}
    answer = client.post("/api/v1/reports", data=data, headers={"X-CSRF-Token": csrf_of(client)})
    assert answer.status_code == 422
    assert "business case" in answer.json()["message"]
    wrong = {"kind": "monthly", "vendor": CHOSEN, "period": "2025-Q4"}
    refused = client.post("/api/v1/reports", data=wrong, headers={"X-CSRF-Token": csrf_of(client)})
    assert refused.status_code == 422 and "YYYY-MM" in refused.json()["message"]


def test_a_failing_report_job_says_why(app: FastAPI) -> None:
    client = log_in(app, "manager")
    data = {"kind": "monthly", "vendor": "Kustlijn Contact", "period": MONTH}
    started = client.post("/api/v1/reports", data=data, headers={"X-CSRF-Token": csrf_of(client)})
    status = _finished(client, started.json()["id"])
    assert status["state"] == "failed"
    assert status["error"]["code"] != "internal", status["error"]


def test_who_may_see_and_generate_reports(signed_in: SignedIn) -> None:
    vendor = signed_in("vendor")
    assert vendor.get("/reports").status_code == 403
    assert vendor.get("/api/v1/reports").status_code == 403
    assert 'href="/reports"' not in vendor.get("/").text
    viewer = signed_in("viewer")
    assert viewer.get("/reports").status_code == 200
    assert 'action="/reports"' not in viewer.get("/reports").text
    data = {"kind": "monthly", "vendor": CHOSEN, "period": MONTH}
    refused = viewer.post("/api/v1/reports", data=data, headers={"X-CSRF-Token": csrf_of(viewer)})
    assert refused.status_code == 403


def test_a_download_never_leaves_the_reports_folder(signed_in: SignedIn) -> None:
    client = signed_in("manager")
    for name in ("..%2Fregie.db", "regie.db", "monthly-..-x.pdf", "missing.html"):
        assert client.get(f"/reports/files/{name}").status_code == 404, name


def test_a_quarterly_report_compares_with_the_uploaded_business_case(
    app: FastAPI, company: Company
) -> None:
    case = (company.request.folder / "case.toml").read_bytes()
    client = log_in(app, "manager")
    data = {"kind": "quarterly", "vendor": CHOSEN, "period": "2026-Q1", "lang": "nl"}
    started = client.post("/api/v1/reports", data=data, headers={"X-CSRF-Token": csrf_of(client)},
                          files={"case": ("case.toml", case, "application/toml")})  # fmt: skip
    assert started.status_code == 202, started.text
    status = _finished(client, started.json()["id"])
    assert status["state"] == "finished", status
    name = stem("quarterly", CHOSEN, "2026-Q1")
    assert status["result"]["files"][1] == f"{name}.pdf"
    html = client.get(f"/reports/files/{name}.html")
    assert html.status_code == 200 and 'lang="nl"' in html.text
