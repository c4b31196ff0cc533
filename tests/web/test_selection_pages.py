"""Quotes, the scorecard and due diligence in the web app, with the API beside them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from regie import bootstrap
from regie.demo.company import Company
from regie.demo.dossier import scorecard_text
from regie.files.case_loader import load_case
from regie.i18n import Locale
from regie.services import diligence as dd
from regie.services import selection as sel
from regie.services.dossier import Dossier, scorecard_selection
from regie.services.quotes import compare_quotes, comparison_json, stored_quotes
from regie.web import create_app
from tests.web.conftest import CHOSEN, OTHER, csrf_of, log_in
from tests.web.selection_support import dossier_workspace, fill_dossier

EN = Locale("en")


@pytest.fixture(scope="module")
def selection_app(company: Company, tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    return create_app(dossier_workspace(company, tmp_path_factory.mktemp("selection")))


@pytest.fixture()
def writable(company: Company, workspace: Path) -> FastAPI:
    fill_dossier(workspace, company)
    return create_app(workspace)


@pytest.fixture()
def viewer(selection_app: FastAPI) -> Iterator[TestClient]:
    with log_in(selection_app, "viewer") as client:
        yield client


def _comparison(company: Company, workspace: Path) -> dict[str, object]:
    quotes = stored_quotes(bootstrap.store(workspace), bootstrap.quotes(workspace))
    return comparison_json(compare_quotes(load_case(company.case), quotes), EN)


# quotes ----------------------------------------------------------------------------------
def test_the_quotes_page_lists_every_active_quote(viewer: TestClient, company: Company) -> None:
    page = viewer.get("/quotes")
    assert page.status_code == 200
    for vendor, path in company.quotes.files.items():
        assert vendor in page.text and path.name in page.text


def test_the_comparison_ranks_on_tco_as_regie_quote_compare(
    viewer: TestClient, company: Company, selection_app: FastAPI
) -> None:
    expected = _comparison(company, selection_app.state.context.root)
    page = viewer.get("/quotes/comparison")
    assert page.status_code == 200
    ranked = re.findall(r'<tr data-vendor="([^"]+)"', page.text)
    assert ranked == [q["vendor"] for q in expected["quotes"]]  # type: ignore[index]
    for q in expected["quotes"]:  # type: ignore[attr-defined]
        for months in ("12", "24"):
            tco = q["horizons"][months]["tco"]
            if tco is not None:
                assert EN.money(tco) in page.text
    assert 'id="spec-quotes-tco"' in page.text
    api = viewer.get("/api/v1/quotes/comparison").json()
    assert api == expected


def test_a_coverage_the_quotes_do_not_offer_is_flagged(viewer: TestClient) -> None:
    page = viewer.get("/quotes/comparison", params={"coverage": "24/7"})
    assert page.status_code == 200
    assert 'data-kind="scope"' in page.text or "Warning" in page.text
    assert viewer.get("/quotes/comparison", params={"coverage": "always"}).status_code == 422


def test_the_blank_quote_form_downloads_as_xlsx(viewer: TestClient) -> None:
    answer = viewer.get("/quotes/template.xlsx")
    assert answer.status_code == 200
    assert answer.content[:2] == b"PK"


def test_importing_a_quote_form_stores_a_new_version_and_is_audited(
    writable: FastAPI, company: Company
) -> None:
    vendor, path = next(iter(company.quotes.files.items()))
    with log_in(writable, "manager") as client:
        csrf = csrf_of(client)
        files = {"file": (path.name, path.read_bytes(), "application/octet-stream")}
        same = client.post("/quotes", data={"vendor": vendor, "csrf_token": csrf}, files=files)
        assert same.status_code == 200
        assert "nothing changed" in same.text
        files = {"file": ("broken.xlsx", b"not a workbook", "application/octet-stream")}
        refused = client.post("/quotes", data={"vendor": vendor, "csrf_token": csrf}, files=files)
        assert refused.status_code == 422, refused.text
        assert "broken.xlsx" in refused.text
    entries = writable.state.context.accounts.audit_log(10)
    assert any(e.action == "quotes.import" and e.target == vendor for e in entries)
    assert not list((Path(writable.state.context.root) / "web").glob("quote-*"))


def test_the_api_lists_the_quotes(viewer: TestClient, company: Company) -> None:
    found = viewer.get("/api/v1/quotes").json()
    assert sorted(q["vendor"] for q in found) == sorted(company.quotes.files)
    assert all(q["active"] for q in found)


# scorecard -------------------------------------------------------------------------------
def test_the_scorecard_ranks_as_regie_select_score(
    viewer: TestClient, selection_app: FastAPI
) -> None:
    ctx = selection_app.state.context
    found = scorecard_selection(Dossier.of(ctx.files), ctx.store, None, ctx.diligence)
    page = viewer.get("/selection")
    assert page.status_code == 200
    ranked = re.findall(r'<tr data-vendor="([^"]+)" data-rank="(\d+)"', page.text)
    assert ranked == [(r.vendor, str(r.rank)) for r in found.ranking]
    for r in found.ranking:
        assert EN.number(r.total, 2) in page.text
    for f in found.flips:
        assert sel.pair_text(f, EN) in page.text.replace("&#39;", "'")
        assert sel.single_text(f, EN) in page.text.replace("&#39;", "'")
    assert 'id="spec-scorecard-weighted"' in page.text
    api = viewer.get("/api/v1/scorecard").json()
    assert api == sel.selection_json(found)


def test_the_scorecard_can_take_tco_from_the_quotes(writable: FastAPI, company: Company) -> None:
    text = re.sub(r"^tco = \d+\n", "", scorecard_text(), flags=re.M)
    with log_in(writable, "manager") as client:
        data = {"text": text, "tco": "quotes", "csrf_token": csrf_of(client)}
        assert client.post("/selection", data=data).status_code == 200
        api = client.get("/api/v1/scorecard", params={"tco": "quotes", "horizon": 12}).json()
    ctx = writable.state.context
    expected = scorecard_selection(Dossier.of(ctx.files), ctx.store, ctx.quotes, ctx.diligence, 12)
    assert api == sel.selection_json(expected)
    assert api["tco_from"] == "quotes" and api["tco_horizon_months"] == 12


def test_a_bad_scorecard_is_refused_with_its_problems(writable: FastAPI) -> None:
    text = scorecard_text().replace("quality = 4", "quality = 7", 1)
    with log_in(writable, "manager") as client:
        before = client.get("/selection/scorecard.toml").text
        answer = client.post("/selection", data={"text": text, "csrf_token": csrf_of(client)})
        assert answer.status_code == 422
        assert "scores.quality = 7" in answer.text
        assert client.get("/selection/scorecard.toml").text == before


# due diligence ---------------------------------------------------------------------------
def test_the_diligence_page_shows_both_checklists_and_the_verdict(
    viewer: TestClient, selection_app: FastAPI
) -> None:
    ctx = selection_app.state.context
    found = dd.assessment(ctx.store, ctx.diligence, CHOSEN)
    page = viewer.get(f"/diligence/{CHOSEN}")
    assert page.status_code == 200
    assert dd.verdict(found, EN) in page.text
    rows = dict(re.findall(r'<tr data-item="([^"]+)" data-status="([^"]+)"', page.text))
    assert rows == {s.item.key: s.status.value for s in found.states}
    listing = viewer.get("/diligence").text
    ready = dict(re.findall(r'data-vendor="([^"]+)" data-ready="(\w+)"', listing))
    assert ready[CHOSEN] == ("yes" if found.ready_to_sign else "no")
    assert viewer.get(f"/api/v1/diligence/{CHOSEN}").json() == dd.assessment_json(found)


def test_recording_a_check_and_accepting_its_gap_go_to_the_audit_log(writable: FastAPI) -> None:
    ctx = writable.state.context
    with log_in(writable, "manager") as client:
        csrf = csrf_of(client)
        data = {"item": "gdpr.audit_rights", "status": "partial", "evidence": "clause 9",
                "checked_on": "2025-01-15", "csrf_token": csrf}  # fmt: skip
        recorded = client.post(f"/diligence/{OTHER}/checks", data=data)
        assert recorded.status_code == 201, recorded.text
        state = next(s for s in dd.assessment(ctx.store, ctx.diligence, OTHER).states
                     if s.item.key == "gdpr.audit_rights")  # fmt: skip
        assert state.status.value == "partial" and state.open
        accept = {"item": "gdpr.audit_rights", "by": "Anna de Vries", "csrf_token": csrf}
        accepted = client.post(f"/diligence/{OTHER}/accept", data=accept)
        assert accepted.status_code == 201, accepted.text
        assert "accepted by Anna de Vries" in accepted.text
    state = next(s for s in dd.assessment(ctx.store, ctx.diligence, OTHER).states
                 if s.item.key == "gdpr.audit_rights")  # fmt: skip
    assert state.acceptance is not None and state.acceptance.accepted_by == "Anna de Vries"
    entries = {e.action: e for e in ctx.accounts.audit_log(10)}
    assert entries["diligence.accept"].target == OTHER
    assert entries["diligence.accept"].details["accepted_by"] == "Anna de Vries"
    assert entries["diligence.check"].details["status"] == "partial"


def test_the_api_records_checks_and_acceptances(writable: FastAPI) -> None:
    with log_in(writable, "admin") as client:
        headers = {"X-CSRF-Token": csrf_of(client)}
        body = {"item": "sla.penalties", "status": "no", "evidence": "none offered"}
        answer = client.post(f"/api/v1/diligence/{OTHER}/checks", json=body, headers=headers)
        assert answer.status_code == 201
        assert answer.json()["status"] == "no" and answer.json()["vendor"] == OTHER
        body = {"item": "sla.penalties", "by": "Jan Jansen"}
        answer = client.post(f"/api/v1/diligence/{OTHER}/accept", json=body, headers=headers)
        assert answer.status_code == 201
        assert answer.json()["accepted_by"] == "Jan Jansen"
        future = {"item": "sla.penalties", "status": "yes", "checked_on": "2999-01-01"}
        late = client.post(f"/api/v1/diligence/{OTHER}/checks", json=future, headers=headers)
        assert late.status_code == 422
        wrong = {"item": "sla.nothing", "status": "yes"}
        unknown = client.post(f"/api/v1/diligence/{OTHER}/checks", json=wrong, headers=headers)
        assert unknown.status_code in (404, 422)
    actions = [e.action for e in writable.state.context.accounts.audit_log(10)]
    assert "api.diligence.accept" in actions and "api.diligence.check" in actions


def test_a_viewer_may_read_but_not_record(viewer: TestClient) -> None:
    data = {"item": "gdpr.dpa", "status": "yes", "csrf_token": csrf_of(viewer)}
    assert viewer.post(f"/diligence/{CHOSEN}/checks", data=data).status_code == 403


@pytest.mark.parametrize(
    "path",
    ["/quotes", "/quotes/comparison", "/quotes/template.xlsx", "/selection", "/diligence",
     f"/diligence/{CHOSEN}", "/api/v1/quotes", "/api/v1/quotes/comparison",
     "/api/v1/scorecard", f"/api/v1/diligence/{CHOSEN}"],
)  # fmt: skip
def test_vendor_users_never_see_quotes_scorecard_or_diligence(
    selection_app: FastAPI, path: str
) -> None:
    with log_in(selection_app, "vendor") as client:
        assert client.get(path).status_code == 403
