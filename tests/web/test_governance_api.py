"""The governance API: the same JSON as the CLI's ``--json``, vendor-scoped, one error shape."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.testclient import TestClient

from regie import bootstrap
from regie.demo.company import Company
from regie.demo.plan import months
from regie.services.contracts import contract_versions, version_json
from regie.services.explain import explain
from regie.services.kpis import KpiRequest, kpi_table
from regie.services.statements import evaluate
from regie.services.watch import watch
from regie.services.watch_json import watch_json
from tests.web.conftest import CHOSEN, OTHER, csrf_of, log_in

V = quote(CHOSEN)


def _stores(company: Company):  # type: ignore[no-untyped-def]
    ws = company.request.workspace
    return bootstrap.store(ws), bootstrap.governance(ws)


def test_a_statement_is_the_recorded_json_with_its_record(
    signed_in: Callable[[str], TestClient], company: Company
) -> None:
    store, book = _stores(company)
    month = months()[5]
    record = book.statements(store.vendor(CHOSEN).id, month)[-1]
    answer = signed_in("viewer").get(f"/api/v1/statements/{V}/{month}")
    assert answer.status_code == 200
    body = answer.json()
    assert body.pop("record") == {"revision": record.revision, "recorded_now": False,
                                  "recorded_at": record.recorded_at.isoformat()}  # fmt: skip
    assert body.pop("files") == []
    assert body == record.result


def test_the_list_of_statements_sums_up_each_recorded_month(
    signed_in: Callable[[str], TestClient], company: Company
) -> None:
    store, book = _stores(company)
    answer = signed_in("vendor").get("/api/v1/statements")
    assert answer.status_code == 200
    rows = answer.json()
    assert [r["month"] for r in rows] == months()
    for row, record in zip(rows, book.statements(store.vendor(CHOSEN).id), strict=True):
        assert row["net_adjustment"] == record.result["net_adjustment"]
        statuses = [j["outcome"]["status"] for j in record.result["judged"]]
        assert row["missed"] == statuses.count("missed")


def test_a_draft_evaluation_gives_the_services_json(
    signed_in: Callable[[str], TestClient], company: Company
) -> None:
    store, book = _stores(company)
    month = months()[-1]
    expected = evaluate(store, book, CHOSEN, month, draft=True)
    client = signed_in("manager")
    answer = client.post(f"/api/v1/statements/{V}/{month}", json={"draft": True},
                         headers={"X-CSRF-Token": csrf_of(client)})  # fmt: skip
    assert answer.status_code == 200
    body = answer.json()
    assert body["record"]["revision"] == 1 and body["record"]["recorded_now"] is False
    assert {k: v for k, v in body.items() if k not in ("record", "files")} == expected.json


def test_the_contacts_behind_a_target_are_those_of_the_explain_service(
    signed_in: Callable[[str], TestClient], company: Company
) -> None:
    store, book = _stores(company)
    month = months()[-1]
    expected = explain(store, book, CHOSEN, month, "response.email")
    answer = signed_in("viewer").get(f"/api/v1/statements/{V}/{month}/explain/response.email",
                                     params={"limit": 5})  # fmt: skip
    assert answer.status_code == 200
    body = answer.json()
    assert body["total"] == expected.rows.height
    assert body["figure"] == expected.figure
    assert [c["source_id"] for c in body["contacts"]] == expected.rows["source_id"].head(
        5
    ).to_list()


def test_contracts_kpis_and_signals_match_the_cli_json(
    signed_in: Callable[[str], TestClient], company: Company
) -> None:
    store, book = _stores(company)
    client = signed_in("viewer")
    versions = contract_versions(store, book, CHOSEN)
    assert client.get("/api/v1/contracts").json() == [version_json(v) for v in versions]
    month = months()[-1]
    kpis = client.get("/api/v1/kpis", params={"vendor": CHOSEN, "month": month})
    assert kpis.status_code == 200
    request = KpiRequest(CHOSEN, date(2026, 4, 1), date(2026, 4, 30),
                         contract=versions[-1].contract)  # fmt: skip
    table = kpi_table(store, request)
    assert {r["channel"]: r["offered"] for r in kpis.json()} == dict(
        zip(table["channel"], table["offered"], strict=True)
    )
    signals = client.get("/api/v1/signals", params={"vendor": CHOSEN})
    assert signals.status_code == 200
    assert signals.json() == watch_json(watch(store, book, CHOSEN))


def test_a_manager_adds_a_contract_through_the_api(app: FastAPI, company: Company) -> None:
    store, book = _stores(company)
    text = contract_versions(store, book, CHOSEN)[0].info.text.replace(CHOSEN, OTHER)
    client = log_in(app, "manager")
    csrf = {"X-CSRF-Token": csrf_of(client)}
    checked = client.post("/api/v1/contracts/check", json={"text": text}, headers=csrf)
    assert checked.status_code == 200 and len(checked.json()["norms"]) == 4
    added = client.post(f"/api/v1/contracts/{quote(OTHER)}",
                        json={"text": text, "file_name": "polder.toml"}, headers=csrf)  # fmt: skip
    assert added.status_code == 201
    assert added.json()["version"] == 1 and added.json()["text"] == text
    again = client.get(f"/api/v1/contracts/{quote(OTHER)}/1")
    assert again.json()["sha256"] == added.json()["sha256"]
    twice = client.post(f"/api/v1/contracts/{quote(OTHER)}", json={"text": "nonsense = ["},
                        headers=csrf)  # fmt: skip
    assert twice.status_code == 422 and "polder" not in twice.json()["message"]


def test_the_api_is_vendor_scoped_and_answers_errors_in_the_one_shape(
    signed_in: Callable[[str], TestClient],
) -> None:
    client = signed_in("other_vendor")
    assert [v["name"] for v in client.get("/api/v1/vendors").json()] == [OTHER]
    assert client.get("/api/v1/contracts").json() == []
    for path in (f"/api/v1/statements/{V}/{months()[0]}", "/api/v1/contracts",
                 "/api/v1/statements"):  # fmt: skip
        answer = client.get(path, params={"vendor": CHOSEN})
        assert answer.status_code == 403, path
        assert answer.json()["code"] == "permission_denied"
    assert client.get("/api/v1/signals", params={"vendor": CHOSEN}).status_code == 403
    viewer = signed_in("viewer")
    bad = viewer.get(f"/api/v1/statements/{V}/2026-13")
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_input"
    unknown = viewer.get("/api/v1/statements/Nobody/2026-01")
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"
    assert (
        viewer.get("/api/v1/kpis", params={"vendor": CHOSEN, "month": "2026-1"}).status_code == 422
    )
