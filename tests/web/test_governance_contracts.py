"""Contract pages: the versions, one version's terms and file, storing and checking a file."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.testclient import TestClient

from regie import bootstrap
from regie.demo.company import Company
from regie.services.contracts import contract_versions
from tests.web.conftest import CHOSEN, OTHER, csrf_of, log_in


def _versions(company: Company, vendor: str = CHOSEN):  # type: ignore[no-untyped-def]
    ws = company.request.workspace
    return contract_versions(bootstrap.store(ws), bootstrap.governance(ws), vendor)


def _text_for(company: Company, vendor: str) -> str:
    """The demo's contract, made out to another vendor."""
    text = _versions(company)[0].info.text
    return text.replace(f'vendor = "{CHOSEN}"', f'vendor = "{vendor}"')


def test_the_list_shows_every_version_with_its_effective_month_and_sha256(
    signed_in: Callable[[str], TestClient], company: Company
) -> None:
    page = signed_in("viewer").get("/contracts")
    assert page.status_code == 200
    for v in _versions(company):
        assert f'data-version="{v.info.version}"' in page.text
        assert v.info.sha256 in page.text
        assert v.info.effective_from.strftime("%Y-%m") in page.text
    assert "Store as the next version" not in page.text  # a viewer may not add one


def test_a_version_shows_its_terms_and_its_file(
    signed_in: Callable[[str], TestClient], company: Company
) -> None:
    v = _versions(company)[0]
    page = signed_in("vendor").get(f"/contracts/{quote(CHOSEN)}/{v.info.version}")
    assert page.status_code == 200
    for norm in v.contract.norms:
        assert f'data-key="{norm.key}"' in page.text
    for kpi in v.contract.kpis:
        assert f'data-key="{kpi.key}"' in page.text
    assert "[response.phone]" in page.text  # the TOML text
    in_effect = signed_in("viewer").get(f"/contracts/{quote(CHOSEN)}", params={"on": "2025-06-01"})
    assert v.info.sha256 in in_effect.text
    assert signed_in("viewer").get(f"/contracts/{quote(CHOSEN)}/99").status_code == 404


def test_a_manager_stores_a_pasted_contract_as_the_next_version(
    app: FastAPI, company: Company
) -> None:
    client = log_in(app, "manager")
    text = _text_for(company, OTHER)
    answer = client.post(f"/contracts/{quote(OTHER)}",
                         data={"text": text, "file_name": "polder.toml",
                               "csrf_token": csrf_of(client)})  # fmt: skip
    assert answer.status_code == 201, answer.text
    assert "Stored polder.toml as version 1" in answer.text
    ctx = app.state.context
    stored = contract_versions(ctx.store, ctx.governance, OTHER)
    assert [v.info.sha256 for v in stored] == [hashlib.sha256(text.encode()).hexdigest()]
    entry = ctx.accounts.audit_log(1)[0]
    assert entry.target == OTHER and entry.details["version"] == 1


def test_an_uploaded_contract_with_mistakes_is_refused_with_every_problem(app: FastAPI) -> None:
    client = log_in(app, "manager")
    bad = (
        b"[contract]\neffective_from = 2025-05-01\nmonthly_fee = -5\n"
        b"[response.phone]\nrequired_share = 1.5\n"
    )
    answer = client.post(f"/contracts/{quote(OTHER)}",
                         files={"file": ("bad.toml", bad, "application/toml")},
                         data={"csrf_token": csrf_of(client)})  # fmt: skip
    assert answer.status_code == 422
    assert "bad.toml" in answer.text and "required_share" in answer.text
    ctx = app.state.context
    assert contract_versions(ctx.store, ctx.governance, OTHER) == []


def test_checking_a_contract_stores_nothing(app: FastAPI, company: Company) -> None:
    client = log_in(app, "manager")
    answer = client.post("/contracts/check", data={"text": _text_for(company, OTHER),
                                                   "csrf_token": csrf_of(client)})  # fmt: skip
    assert answer.status_code == 200
    assert "contract.toml: valid — 4 response norms, 5 KPI targets" in answer.text
    ctx = app.state.context
    assert contract_versions(ctx.store, ctx.governance, OTHER) == []


def test_viewers_and_vendors_may_not_add_contracts_and_vendors_see_only_their_own(
    signed_in: Callable[[str], TestClient], company: Company
) -> None:
    viewer = signed_in("viewer")
    refused = viewer.post(f"/contracts/{quote(CHOSEN)}", data={"text": "x"},
                          headers={"X-CSRF-Token": csrf_of(viewer)})  # fmt: skip
    assert refused.status_code == 403
    other = signed_in("other_vendor")
    assert CHOSEN not in other.get("/contracts").text
    assert other.get(f"/contracts/{quote(CHOSEN)}/1").status_code == 403


def test_the_template_is_the_commented_contract_of_regie_contract_new(
    signed_in: Callable[[str], TestClient],
) -> None:
    from regie.files.templates import contract_template

    answer = signed_in("viewer").get("/contracts/template", params={"lang": "nl"})
    assert answer.status_code == 200
    assert answer.text == contract_template("nl")
