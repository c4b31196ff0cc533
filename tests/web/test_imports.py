"""Imports in the web app: upload an export as a job, its counts and quarantine, removal."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import polars as pl
from fastapi import FastAPI
from fastapi.testclient import TestClient

from regie import bootstrap
from regie.ingest.reading import ReadOptions
from regie.services.importing import ImportRequest, import_files
from tests.web.conftest import CHOSEN, OTHER, csrf_of, log_in

ROOT = Path(__file__).resolve().parents[2]
TICKETS = ROOT / "tests/fixtures/zendesk/tickets.csv"
TZ = "Europe/Amsterdam"


def _upload(client: TestClient, vendor: str, path: Path = TICKETS, **extra: str) -> Any:
    data = {"vendor": vendor, "format": "zendesk", "tz": TZ, **extra}
    files = [("files", (path.name, path.read_bytes(), "text/csv"))]
    headers = {"X-CSRF-Token": csrf_of(client)}
    return client.post("/api/v1/imports", data=data, files=files, headers=headers)


def _finished(client: TestClient, job_id: str) -> dict[str, Any]:
    for _ in range(600):
        status: dict[str, Any] = client.get(f"/api/v1/jobs/{job_id}").json()
        if status["state"] != "running":
            return status
        time.sleep(0.05)
    raise AssertionError("the import job did not finish")


def test_an_uploaded_export_imports_as_a_job_with_the_services_counts(
    app: FastAPI, workspace: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "again"
    shutil.copytree(workspace, copy)
    store = bootstrap.store(copy)
    request = ImportRequest(CHOSEN, [TICKETS], ReadOptions(TZ))
    direct = import_files(store, bootstrap.reader("zendesk"), request)
    client = log_in(app, "manager")
    answer = _upload(client, CHOSEN)
    assert answer.status_code == 202, answer.text
    status = _finished(client, answer.json()["id"])
    assert status["state"] == "finished", status
    assert status["percent"] == 100
    batch_id = status["result"]["batch_id"]
    listed = {b["id"]: b for b in client.get("/api/v1/batches").json()}
    got = listed[batch_id]
    for key in ("rows_read", "imported", "duplicates", "rejected", "skipped"):
        assert got[key] == getattr(direct, key), key
    assert (got["rows_read"], got["imported"], got["rejected"]) == (17, 11, 6)
    assert got["files"] == [{"file": "tickets.csv", "rows_read": 17, "imported": 11,
                             "duplicates": 0, "rejected": 6, "skipped": 0}]  # fmt: skip
    assert not list((workspace / "web" / "uploads").glob("*/*")), "uploads are discarded"


def test_the_quarantine_lists_each_rejected_row_with_its_reason(app: FastAPI) -> None:
    client = log_in(app, "admin")
    status = _finished(client, _upload(client, CHOSEN).json()["id"])
    batch_id = status["result"]["batch_id"]
    rows = client.get(f"/api/v1/batches/{batch_id}/quarantine").json()
    assert [r["row"] for r in rows] == [7, 12, 13, 14, 15, 17]
    assert rows[1] == {"file": "tickets.csv", "row": 12, "column": "ID", "value": "1004",
                       "reason": "duplicate of row 5"}  # fmt: skip
    page = client.get(f"/imports/{batch_id}")
    assert page.status_code == 200
    assert "duplicate of row 5" in page.text and "31-02-2024 10:00" in page.text
    fragment = client.get(f"/imports/jobs/{status['id']}", headers={"HX-Request": "true"})
    assert "<progress" in fragment.text and "unknown satisfaction score" in fragment.text


def test_the_page_upload_starts_a_job_that_the_page_polls(app: FastAPI) -> None:
    client = log_in(app, "manager")
    data = {"vendor": CHOSEN, "format": "zendesk", "tz": TZ}
    files = [("files", (TICKETS.name, TICKETS.read_bytes(), "text/csv"))]
    headers = {"X-CSRF-Token": csrf_of(client), "HX-Request": "true"}
    answer = client.post("/imports", data=data, files=files, headers=headers)
    assert answer.status_code == 202
    assert 'hx-trigger="every 500ms"' in answer.text or 'data-state="finished"' in answer.text
    job_id = answer.text.split("/imports/jobs/")[1].split('"')[0]
    _finished(client, job_id)
    done = client.get(f"/imports/jobs/{job_id}", headers={"HX-Request": "true"})
    assert 'data-state="finished"' in done.text and "every 500ms" not in done.text
    listing = client.get("/imports")
    assert "tickets.csv" not in listing.text  # the list shows batches, not files
    assert 'data-batch="' in listing.text


def test_a_bad_export_fails_the_job_with_a_clear_message_and_imports_nothing(
    app: FastAPI,
) -> None:
    client = log_in(app, "admin")
    before = len(client.get("/api/v1/batches").json())
    status = _finished(client, _upload(client, CHOSEN, tz="").json()["id"])
    assert status["state"] == "failed"
    assert "give --tz" in status["error"]["message"]
    assert len(client.get("/api/v1/batches").json()) == before


def test_removing_a_batch_drops_it_and_is_audited(app: FastAPI) -> None:
    client = log_in(app, "admin")
    batch_id = _finished(client, _upload(client, CHOSEN).json()["id"])["result"]["batch_id"]
    csrf = csrf_of(client)
    removed = client.delete(f"/api/v1/batches/{batch_id}", headers={"X-CSRF-Token": csrf})
    assert removed.status_code == 200 and removed.json()["imported"] == 11
    assert batch_id not in [b["id"] for b in client.get("/api/v1/batches").json()]
    again = client.post(f"/imports/{batch_id}/remove", data={"csrf_token": csrf})
    assert again.status_code == 404
    audit = client.get("/api/v1/audit").json()
    entry = next(e for e in audit if e["target"] == f"batch {batch_id}")
    assert entry["details"] == {"vendor": CHOSEN, "source": "zendesk", "contacts": 11}
    upload = next(e for e in audit if e["details"].get("format") == "zendesk")
    assert upload["target"] == CHOSEN and upload["details"]["files"] == ["tickets.csv"]


def test_the_remove_form_removes_a_batch_from_the_page(app: FastAPI) -> None:
    client = log_in(app, "manager")
    batch_id = _finished(client, _upload(client, CHOSEN).json()["id"])["result"]["batch_id"]
    page = client.post(f"/imports/{batch_id}/remove", data={"csrf_token": csrf_of(client)})
    assert page.status_code == 200
    assert f'data-batch="{batch_id}"' not in page.text
    assert 'role="status"' in page.text


def test_a_vendor_user_uploads_only_for_its_own_vendor_and_cannot_remove(app: FastAPI) -> None:
    client = log_in(app, "vendor")
    assert _upload(client, OTHER).status_code == 403
    status = _finished(client, _upload(client, CHOSEN).json()["id"])
    assert status["state"] == "finished"
    batch_id = status["result"]["batch_id"]
    csrf = csrf_of(client)
    assert (
        client.delete(f"/api/v1/batches/{batch_id}", headers={"X-CSRF-Token": csrf}).status_code
        == 403
    )
    assert client.post(f"/imports/{batch_id}/remove", data={"csrf_token": csrf}).status_code == 403
    other = log_in(app, "other_vendor")
    assert other.get(f"/api/v1/jobs/{status['id']}").status_code == 403
    assert other.get(f"/api/v1/batches/{batch_id}/quarantine").status_code == 403
    assert other.get(f"/imports/{batch_id}").status_code == 403


def test_a_vendor_user_sees_only_its_own_vendors_batches(signed_in: Any, company: Any) -> None:
    store = bootstrap.store(company.request.workspace)
    mine = sorted(b.id for b in store.batches() if b.vendor == CHOSEN)
    client = signed_in("vendor")
    listed = client.get("/api/v1/batches").json()
    assert sorted(b["id"] for b in listed) == mine
    assert {b["vendor"] for b in listed} == {CHOSEN}
    page = client.get("/imports")
    assert OTHER not in page.text and CHOSEN in page.text
    theirs = next(b.id for b in store.batches() if b.vendor == OTHER)
    assert client.get(f"/api/v1/batches/{theirs}/quarantine").status_code == 403


def test_the_list_shows_every_batch_with_its_counts(signed_in: Any, company: Any) -> None:
    store = bootstrap.store(company.request.workspace)
    client = signed_in("viewer")
    listed = client.get("/api/v1/batches").json()
    assert [(b["id"], b["imported"]) for b in listed] == [
        (b.id, b.imported) for b in store.batches()
    ]
    page = client.get("/imports")
    assert page.status_code == 200 and OTHER in page.text
    assert 'action="/imports/' not in page.text, "a viewer gets no remove buttons"


def test_an_unknown_batch_or_job_is_not_found(signed_in: Any) -> None:
    client = signed_in("viewer")
    assert client.get("/api/v1/batches/99999/quarantine").status_code == 404
    assert client.get("/api/v1/jobs/" + "a" * 32).json()["code"] == "not_found"
    assert client.get("/api/v1/batches/0/quarantine").status_code == 422


def test_an_outage_log_uploads_and_lists(app: FastAPI) -> None:
    client = log_in(app, "manager")
    log = ROOT / "tests/fixtures/outages/good.csv"
    data = {"vendor": OTHER, "csrf_token": csrf_of(client), "covers": "2024-03"}
    answer = client.post("/imports/outages", data=data,
                         files={"log": ("good.csv", log.read_bytes(), "text/csv")})  # fmt: skip
    assert answer.status_code == 201, answer.text
    book, store = (
        bootstrap.governance(app.state.context.root),
        bootstrap.store(app.state.context.root),
    )
    logs = book.outage_logs(store.vendor(OTHER).id)
    assert [g.file_name for g in logs][-1] == "good.csv"
    listing = client.get("/imports/outages", params={"vendor": OTHER})
    assert "good.csv" in listing.text
    viewer = log_in(app, "viewer")
    refused = viewer.post("/imports/outages", data={**data, "csrf_token": csrf_of(viewer)},
                          files={"log": ("good.csv", log.read_bytes(), "text/csv")})  # fmt: skip
    assert refused.status_code == 403


def test_a_vendor_user_sees_only_its_own_outage_logs(signed_in: Any) -> None:
    client = signed_in("vendor")
    assert client.get("/imports/outages", params={"vendor": OTHER}).status_code == 403
    page = client.get("/imports/outages")
    assert page.status_code == 200 and OTHER not in page.text


def test_quarantine_files_are_read_as_written(app: FastAPI) -> None:
    client = log_in(app, "admin")
    batch_id = _finished(client, _upload(client, CHOSEN).json()["id"])["result"]["batch_id"]
    root = app.state.context.root
    store = bootstrap.store(root)
    batch = next(b for b in store.batches() if b.id == batch_id)
    on_disk = pl.read_csv(store.workspace.quarantine / str(batch.quarantine_file))
    served = client.get(f"/api/v1/batches/{batch_id}/quarantine").json()
    assert [r["reason"] for r in served] == on_disk.get_column("reason").to_list()


def test_a_mapped_export_uploads_with_its_mapping_file(app: FastAPI, workspace: Path) -> None:
    folder = ROOT / "tests/fixtures/mapped"
    export, mapping = folder / "tickets.csv", folder / "tickets.toml"
    direct = bootstrap.reader("mapped")(export, ReadOptions(None, False, mapping))
    client = log_in(app, "admin")
    files = [("files", (export.name, export.read_bytes(), "text/csv")),
             ("mapping", (mapping.name, mapping.read_bytes(), "application/toml"))]  # fmt: skip
    answer = client.post("/api/v1/imports", data={"vendor": OTHER, "format": "mapped"},
                         files=files, headers={"X-CSRF-Token": csrf_of(client)})  # fmt: skip
    status = _finished(client, answer.json()["id"])
    assert status["state"] == "finished", status
    batch = next(b for b in client.get("/api/v1/batches").json()
                 if b["id"] == status["result"]["batch_id"])  # fmt: skip
    assert batch["rows_read"] == direct.rows_read and batch["skipped"] == direct.skipped
    assert batch["rejected"] == direct.rejections.lazy().collect().height


def test_a_mapping_that_is_not_utf8_text_is_refused_at_once(app: FastAPI) -> None:
    client = log_in(app, "admin")
    files = [("files", (TICKETS.name, TICKETS.read_bytes(), "text/csv")),
             ("mapping", ("bad.toml", b"\xff\xfe rules", "application/toml"))]  # fmt: skip
    answer = client.post("/api/v1/imports", data={"vendor": CHOSEN, "format": "mapped"},
                         files=files, headers={"X-CSRF-Token": csrf_of(client)})  # fmt: skip
    assert answer.status_code == 422
    assert answer.json()["message"].startswith("bad.toml: byte 0 is not UTF-8 text")
