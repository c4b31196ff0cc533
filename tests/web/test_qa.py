"""QA in the web app: the IQS of a month as the service gives it, samples, reviews, reports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
from fastapi import FastAPI
from fastapi.testclient import TestClient

from regie import bootstrap
from regie.demo.company import Company
from regie.demo.plan import months
from regie.i18n import Locale
from regie.services.qa import month_results
from tests.web.conftest import CHOSEN, OTHER, csrf_of, log_in

MONTH = months()[5]  # the month with reviews and a calibration session
SignedIn = Callable[[str], TestClient]


def _service(root: Path, month: str = MONTH):  # type: ignore[no-untyped-def]
    return month_results(bootstrap.store(root), bootstrap.qa(root), CHOSEN, month)


def test_the_iqs_api_gives_the_services_figures(signed_in: SignedIn, company: Company) -> None:
    expected = _service(company.request.workspace)
    found = signed_in("viewer").get("/api/v1/qa/iqs", params={"vendor": CHOSEN, "month": MONTH})
    assert found.status_code == 200, found.text
    body = found.json()
    assert body["iqs"] == {"n": expected.iqs.n, "mean": expected.iqs.mean, "sd": expected.iqs.sd,
                           "low": expected.iqs.low, "high": expected.iqs.high}  # fmt: skip
    assert body["confidence"] == 0.95 and body["warning"] is expected.warning
    assert body["auto_failed"] == expected.auto_failed
    assert [c["mean"] for c in body["categories"]] == [c.scores.mean for c in expected.categories]
    assert [(c["channel"], c["n"]) for c in body["channels"]] == [
        (ch, f.n) for ch, f in expected.channels
    ]
    cal = body["calibration"]
    assert cal["reviews"] == expected.calibration.reviews > 0
    assert cal["overall"]["alpha"] == expected.calibration.overall.alpha
    assert cal["overall"]["pairs"] == expected.calibration.overall.pairs


def test_the_qa_page_shows_the_iqs_interval_and_calibration(
    signed_in: SignedIn, company: Company
) -> None:
    expected = _service(company.request.workspace)
    loc = Locale("en")
    page = signed_in("viewer").get("/qa", params={"vendor": CHOSEN, "month": MONTH})
    assert page.status_code == 200
    assert f"<strong data-iqs>{loc.number(expected.iqs.mean or 0, 1)}</strong>" in page.text
    interval = f"{loc.number(expected.iqs.low or 0, 1)} – {loc.number(expected.iqs.high or 0, 1)}"
    assert f"<span data-interval>{interval}</span>" in page.text
    alpha = expected.calibration.overall.alpha
    assert f'<td class="num" data-alpha>{loc.number(alpha or 0, 3)}</td>' in page.text
    assert 'id="chart-qa-scores"' in page.text and 'id="chart-qa-categories"' in page.text
    assert "Too few" not in page.text and "fewer than 50" in page.text  # 20 reviews
    assert 'action="/qa/samples"' not in page.text, "a viewer may not draw samples"


def test_the_qa_page_in_dutch_formats_numbers_the_dutch_way(
    company: Company, shared_app: FastAPI
) -> None:
    expected = _service(company.request.workspace)
    client = log_in(shared_app, "viewer")
    client.post("/language", data={"lang": "nl", "csrf_token": csrf_of(client)})
    page = client.get("/qa", params={"vendor": CHOSEN, "month": MONTH})
    client.post("/language", data={"lang": "en", "csrf_token": csrf_of(client)})
    assert (
        f"<strong data-iqs>{Locale('nl').number(expected.iqs.mean or 0, 1)}</strong>" in page.text
    )


def test_samples_are_listed_as_stored(signed_in: SignedIn, company: Company) -> None:
    root = company.request.workspace
    stored = bootstrap.qa(root).samples(bootstrap.store(root).vendor(CHOSEN).id, MONTH)
    listed = signed_in("vendor").get(
        "/api/v1/qa/samples", params={"vendor": CHOSEN, "month": MONTH}
    )
    assert [(s["id"], s["seed"], s["drawn"]) for s in listed.json()] == [
        (s.id, s.sample.seed, len(s.sample.contact_ids)) for s in stored
    ]


def test_a_vendor_user_sees_only_its_own_vendors_qa(signed_in: SignedIn) -> None:
    client = signed_in("vendor")
    mine = {"vendor": CHOSEN, "month": MONTH}
    theirs = {"vendor": OTHER, "month": MONTH}
    assert client.get("/api/v1/qa/iqs", params=mine).status_code == 200
    for path in ("/api/v1/qa/iqs", "/api/v1/qa/samples", "/qa", "/qa/report"):
        assert client.get(path, params=theirs).status_code == 403, path
    page = client.get("/qa")
    assert page.status_code == 200 and OTHER not in page.text


def test_the_qa_report_downloads_as_pdf_and_xlsx(signed_in: SignedIn) -> None:
    client = signed_in("vendor")
    params = {"vendor": CHOSEN, "month": MONTH}
    pdf = client.get("/qa/report", params={**params, "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    xlsx = client.get("/qa/report", params={**params, "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    html = client.get("/qa/report", params={**params, "format": "html"})
    assert html.status_code == 200 and CHOSEN in html.text
    none = client.get("/qa/report", params={"vendor": CHOSEN, "month": "2020-01"})
    assert none.status_code == 404


def test_drawing_a_sample_records_it_and_offers_the_review_form(app: FastAPI) -> None:
    client = log_in(app, "manager")
    data = {"vendor": CHOSEN, "month": MONTH, "size": "12", "seed": "7",
            "csrf_token": csrf_of(client)}  # fmt: skip
    page = client.post("/qa/samples", data=data)
    assert page.status_code == 201, page.text
    root = app.state.context.root
    stored = bootstrap.qa(root).samples(bootstrap.store(root).vendor(CHOSEN).id, MONTH)[-1]
    assert (stored.sample.seed, len(stored.sample.contact_ids)) == (7, 12)
    form = client.get(f"/qa/samples/{stored.id}", params={"vendor": CHOSEN, "month": MONTH})
    assert form.status_code == 200
    rows = pl.read_csv(form.content, infer_schema=False)
    assert rows.get_column("contact_id").to_list() == list(stored.sample.contact_ids)
    assert "reviewer" in rows.columns
    viewer = log_in(app, "viewer")
    refused = viewer.post("/qa/samples", data={**data, "csrf_token": csrf_of(viewer)})
    assert refused.status_code == 403


def test_importing_reviews_changes_the_iqs_as_the_service_computes(
    app: FastAPI, company: Company, tmp_path: Path
) -> None:
    folder = company.request.folder / "qa"
    reviews = pl.read_csv(folder / f"reviews-{MONTH}.csv", infer_schema=False)
    second = reviews.with_columns(pl.lit("Second Opinion").alias("reviewer"))
    path = tmp_path / "second.csv"
    second.write_csv(path)
    card = (folder / "scorecard.toml").read_bytes()
    client = log_in(app, "manager")
    files = {"reviews": ("second.csv", path.read_bytes(), "text/csv"),
             "scorecard": ("scorecard.toml", card, "application/toml")}  # fmt: skip
    data = {"vendor": CHOSEN, "csrf_token": csrf_of(client)}
    page = client.post("/qa/reviews", data=data, files=files)
    assert page.status_code == 201, page.text
    assert f"Imported {second.height} reviews from second.csv" in page.text
    expected = _service(app.state.context.root)
    assert expected.iqs.n == 2 * second.height
    body = client.get("/api/v1/qa/iqs", params={"vendor": CHOSEN, "month": MONTH}).json()
    assert body["iqs"]["n"] == expected.iqs.n and body["iqs"]["mean"] == expected.iqs.mean
    again = client.post("/qa/reviews", data=data, files=files)
    assert again.status_code == 409 and "already has a review" in again.text


def test_bad_qa_queries_are_refused_as_invalid(signed_in: SignedIn) -> None:
    client = signed_in("viewer")
    bad = client.get("/api/v1/qa/iqs", params={"vendor": CHOSEN, "month": "2025-13"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_input"
    unknown = client.get("/api/v1/qa/iqs", params={"vendor": "Nobody BV", "month": MONTH})
    assert unknown.status_code == 404


def test_without_a_month_the_qa_page_opens_the_latest_reviewed_month(
    signed_in: SignedIn, company: Company
) -> None:
    store = bootstrap.store(company.request.workspace)
    reviewed = bootstrap.qa(company.request.workspace).months(store.vendor(CHOSEN).id)
    assert len(reviewed) >= 2
    page = signed_in("manager").get("/qa", params={"vendor": CHOSEN}).text
    assert f'value="{reviewed[-1]}"' in page
    for month in reviewed:
        assert f"month={month}" in page
