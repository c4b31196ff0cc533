"""Statement pages: the recorded months, one statement, its contacts, evaluating, files."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.testclient import TestClient

from regie import bootstrap
from regie.demo.company import Company
from regie.demo.plan import months
from regie.i18n import Locale
from regie.services import statement_text as words
from regie.services.explain import explain
from regie.services.statement_json import statement_from_json
from tests.web.conftest import CHOSEN, OTHER, csrf_of, log_in

V = quote(CHOSEN)


def _records(company: Company) -> list[dict[str, object]]:
    ws = company.request.workspace
    store, book = bootstrap.store(ws), bootstrap.governance(ws)
    return [r.result for r in book.statements(store.vendor(CHOSEN).id)]


def test_the_list_shows_every_recorded_month_with_its_net_adjustment(
    signed_in: Callable[[str], TestClient], company: Company
) -> None:
    page = signed_in("viewer").get("/statements")
    assert page.status_code == 200
    found = dict(re.findall(r'<tr data-month="([\d-]+)">.*?data-net="([-\d.]+)"', page.text, re.S))
    expected = {r["month"]: r["net_adjustment"] for r in _records(company)}
    assert found == expected
    assert set(found) == set(months())


def test_a_statement_shows_every_target_and_the_money_as_recorded(
    signed_in: Callable[[str], TestClient], company: Company
) -> None:
    month = months()[-1]
    recorded = next(r for r in _records(company) if r["month"] == month)
    s = statement_from_json(recorded)  # type: ignore[arg-type]
    page = signed_in("viewer").get(f"/statements/{V}/{month}")
    assert page.status_code == 200
    loc = Locale("en")
    for j in s.judged:
        row = re.search(rf'<tr data-key="{re.escape(j.key)}">(.*?)</tr>', page.text, re.S)
        assert row is not None, j.key
        assert words.value_text(j, loc) in row.group(1)
        assert words.status_text(j.outcome.status, loc) in row.group(1)
        assert ("explain/" + j.key in row.group(1)) == (j.outcome.status.value == "missed")
    net = re.search(r'data-figure="net">([^<]+)<', page.text)
    assert net is not None and net.group(1) == words.money(s.net, loc)
    assert 'data-record="1"' in page.text
    assert 'name="mode"' not in page.text  # a viewer may not evaluate


def test_the_contacts_behind_a_missed_target_are_those_of_the_explain_service(
    signed_in: Callable[[str], TestClient], company: Company
) -> None:
    month = months()[-1]
    ws = company.request.workspace
    expected = explain(bootstrap.store(ws), bootstrap.governance(ws), CHOSEN, month, "kpi.fcr")
    answer = signed_in("vendor").get(f"/statements/{V}/{month}/explain/kpi.fcr",
                                     headers={"HX-Request": "true"})  # fmt: skip
    assert answer.status_code == 200
    assert f'data-total="{expected.rows.height}"' in answer.text
    assert answer.text.count("<tr>") == min(expected.rows.height, 200) + 1  # + the header
    unknown = signed_in("viewer").get(f"/statements/{V}/{month}/explain/kpi.nothing")
    assert unknown.status_code == 422


def test_a_manager_evaluates_a_draft_with_the_same_figures_as_the_record(
    signed_in: Callable[[str], TestClient],
) -> None:
    client = signed_in("manager")
    month = months()[3]
    answer = client.post(f"/statements/{V}/{month}", data={"mode": "draft"},
                         headers={"X-CSRF-Token": csrf_of(client)})  # fmt: skip
    assert answer.status_code == 200
    assert "Same figures as revision 1" in answer.text


def test_recording_again_is_audited_and_a_viewer_may_not_evaluate(
    app: FastAPI, company: Company
) -> None:
    manager = log_in(app, "manager")
    month = months()[2]
    answer = manager.post(f"/statements/{V}/{month}", data={"mode": "record"},
                          headers={"X-CSRF-Token": csrf_of(manager)})  # fmt: skip
    assert answer.status_code == 200
    entry = app.state.context.accounts.audit_log(5)[0]
    assert entry.target == f"{CHOSEN} {month}"
    assert entry.details["revision"] == 1 and entry.details["recorded_now"] is False
    viewer = log_in(app, "viewer")
    refused = viewer.post(f"/statements/{V}/{month}", data={"mode": "draft"},
                          headers={"X-CSRF-Token": csrf_of(viewer)})  # fmt: skip
    assert refused.status_code == 403


def test_the_files_are_written_by_a_job_and_downloaded(app: FastAPI) -> None:
    client = log_in(app, "vendor")
    month = months()[-1]
    started = client.post(
        f"/statements/{V}/{month}/files", headers={"X-CSRF-Token": csrf_of(client)}
    )
    assert started.status_code == 200
    job = re.search(r'id="job-([0-9a-f]{32})"', started.text)
    assert job is not None
    for _ in range(240):
        status = client.get(f"/statements/jobs/{job.group(1)}")
        if 'data-state="running"' not in status.text:
            break
        time.sleep(0.5)
    assert 'data-state="finished"' in status.text, status.text
    names = re.findall(r'/files/([\w.-]+)"', status.text)
    assert [n.rsplit(".", 1)[1] for n in names] == ["html", "pdf", "xlsx"]
    pdf = client.get(f"/statements/{V}/{month}/files/{names[1]}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(f"/statements/{V}/{month}/files/..%2Fsecret.html").status_code in (404, 422)
    other = log_in(app, "other_vendor")
    assert other.get(f"/statements/jobs/{job.group(1)}").status_code == 403


def test_a_vendor_user_sees_only_its_own_statements(
    signed_in: Callable[[str], TestClient],
) -> None:
    client = signed_in("other_vendor")
    assert CHOSEN not in client.get("/statements").text
    assert client.get(f"/statements/{V}/{months()[0]}").status_code == 403
    assert client.get(f"/statements/{V}/{months()[0]}/explain/kpi.fcr").status_code == 403
    assert OTHER in client.get("/statements").text
