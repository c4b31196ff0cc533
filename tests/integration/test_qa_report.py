"""The QA reports: HTML (offline, two charts), PDF, a workbook whose IQS recalculates, and
the sample file a reviewer fills in.

The month: 60 e-mails and calls of Acme Contact in October 2026, each reviewed once on
the template scorecard (every tenth fails the critical category), plus a calibration
session on two of them; and a month of three reviews for the warning.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import polars as pl
import pytest
from pypdf import PdfReader

from regie.config import Language
from regie.db.qa import SqlQaStore
from regie.db.store import SqlContactStore
from regie.db.workspace import create_workspace
from regie.domain.errors import InvalidInput
from regie.files.qa_scorecard_loader import load_scorecard
from regie.files.qa_template import scorecard_template
from regie.i18n import Locale
from regie.ingest.canonical import read
from regie.ingest.reading import ReadOptions
from regie.reports.qa_report import write_qa, write_sample
from regie.reports.qa_xlsx import NAMES, write_qa_xlsx
from regie.services.importing import ImportRequest, import_files
from regie.services.qa import QaMonth, draw_sample, import_reviews, month_results
from tests.integration.libreoffice import recalculate

VENDOR = "Acme Contact"
KEYS = "friendliness,professionalism,product_knowledge,process_compliance,resolution"


def answers(i: int) -> str:
    compliance = 2 if i % 10 == 0 else 3 + i % 3
    return f"{1 + i % 5},{2 + i % 4},{'N/A' if i % 3 == 0 else 3 + i % 3},{compliance},{5 - i % 2}"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("qa-report")
    workspace = create_workspace(folder / "ws")
    store, qa = SqlContactStore(workspace), SqlQaStore(workspace)
    store.add_vendor(VENDOR)
    start = datetime(2026, 10, 1, 7, tzinfo=UTC)
    rows = [
        {"source_id": f"T{i}", "channel": "email" if i % 3 else "phone",
         "created_at": (start + timedelta(hours=11 * i)).isoformat()}
        for i in range(60)
    ]  # fmt: skip
    rows += [
        {"source_id": f"N{i}", "channel": "chat",
         "created_at": (start + timedelta(days=31 + i)).isoformat()}
        for i in range(3)
    ]  # fmt: skip
    pl.DataFrame(rows).write_csv(folder / "contacts.csv")
    import_files(store, read, ImportRequest(VENDOR, [folder / "contacts.csv"], ReadOptions()))
    card = folder / "scorecard.toml"
    card.write_text(scorecard_template("en"), encoding="utf-8")
    lines = [f"contact_id,reviewer,{KEYS},comment"]
    lines += [f"csv:T{i},Reviewer {i % 4},{answers(i)},SECRET COMMENT {i}" for i in range(60)]
    lines += [f"csv:N{i},Reviewer 1,{answers(i)}," for i in range(3)]
    (folder / "reviews.csv").write_text("\n".join(lines), encoding="utf-8")
    import_reviews(store, qa, folder / "reviews.csv", VENDOR, card, keep_text=True)
    session = [
        f"contact_id,reviewer,{KEYS}",
        f"csv:T1,Eva,{answers(2)}",
        f"csv:T2,Eva,{answers(2)}",
    ]
    (folder / "calibration.csv").write_text("\n".join(session), encoding="utf-8")
    import_reviews(store, qa, folder / "calibration.csv", VENDOR, card, calibration=True)
    return store, qa, card, folder


@pytest.fixture(scope="module")
def october(world: Any) -> QaMonth:
    store, qa, _, _ = world
    return month_results(store, qa, VENDOR, "2026-10")


@pytest.fixture(scope="module", params=["en", "nl"])
def reports(request: pytest.FixtureRequest, october: QaMonth, world: Any) -> Any:
    loc = Locale(request.param)
    out = world[3] / f"reports-{request.param}"
    return loc, out, write_qa(october, out, loc)


def test_the_month_has_sixty_reviews_and_six_auto_fails(october: QaMonth) -> None:
    assert (october.iqs.n, october.auto_failed, october.warning) == (60, 6, False)
    assert october.calibration.reviews == 2


def test_three_files_are_written_and_nothing_else(reports: Any) -> None:
    _, out, paths = reports
    names = [f"qa-acme-contact-2026-10.{suffix}" for suffix in ("html", "pdf", "xlsx")]
    assert [p.name for p in paths] == names
    assert sorted(p.name for p in out.iterdir()) == names


def test_the_page_is_offline_with_both_charts_and_the_figures_in_the_locale(
    reports: Any, october: QaMonth
) -> None:
    loc, _, paths = reports
    html = paths[0].read_text("utf-8")
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=[\"']?(https?:)?//", html)
    assert 'id="chart-scores"' in html and 'id="chart-categories"' in html
    assert "vegaEmbed" in html
    assert october.iqs.mean is not None and october.iqs.low is not None
    assert loc.number(october.iqs.mean, 1) in html
    assert loc.number(october.iqs.low, 1) in html
    assert "Process and compliance" in html and "Acme Contact" in html
    assert "SECRET COMMENT" not in html
    assert "fewer than 50" not in html


def test_the_pdf_holds_the_vendor_and_the_iqs(reports: Any, october: QaMonth) -> None:
    loc, _, paths = reports
    text = "".join(page.extract_text() for page in PdfReader(paths[1]).pages)
    assert "Acme Contact" in text and "SECRET" not in text
    assert october.iqs.mean is not None and loc.number(october.iqs.mean, 1) in text


def test_the_workbook_has_the_iqs_the_reviews_and_calibration(
    reports: Any, october: QaMonth
) -> None:
    loc, _, paths = reports
    book = openpyxl.load_workbook(paths[2], data_only=True)
    assert book.sheetnames == ["IQS", loc.t("Reviews"), loc.t("Calibration")]
    values = named(paths[2])
    assert values["qa_n"] == 60
    assert values["qa_iqs"] == pytest.approx(october.iqs.mean)
    assert (values["qa_low"], values["qa_high"]) == (
        pytest.approx(october.iqs.low), pytest.approx(october.iqs.high),
    )  # fmt: skip
    reviews = book[loc.t("Reviews")]
    assert reviews.max_row == 61
    scores = [row[5] for row in reviews.iter_rows(min_row=2, values_only=True)]
    assert sum(scores) / 60 == pytest.approx(october.iqs.mean)
    everything = " ".join(
        str(c) for s in book for row in s.iter_rows(values_only=True) for c in row
    )
    assert "SECRET" not in everything


def named(path: Path) -> dict[str, Any]:
    book = openpyxl.load_workbook(path, data_only=True)
    values: dict[str, Any] = {}
    for name, defined in book.defined_names.items():
        [(sheet, ref)] = list(defined.destinations)
        values[name] = book[sheet][ref.replace("$", "")].value
    return values


def test_a_month_under_fifty_reviews_carries_the_warning(world: Any, tmp_path: Path) -> None:
    store, qa, _, _ = world
    november = month_results(store, qa, VENDOR, "2026-11")
    assert (november.iqs.n, november.warning) == (3, True)
    html = write_qa(november, tmp_path, Locale("en"))[0].read_text("utf-8")
    assert "Only 3 reviews this month: fewer than 50" in html
    assert "No calibration reviews this month." in html


@pytest.mark.libreoffice
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_libreoffice_recalculates_the_iqs_and_its_interval(
    lang: Language, october: QaMonth, tmp_path: Path
) -> None:
    blank = write_qa_xlsx(october, tmp_path / "blank.xlsx", Locale(lang), cached_values=False)
    assert named(blank)["qa_iqs"] == 0  # nothing is pasted in advance
    values = named(recalculate(blank, tmp_path))
    expected = [october.iqs.n, october.iqs.mean, october.iqs.sd, None, october.iqs.low,
                october.iqs.high]  # fmt: skip
    for name, value in zip(NAMES, expected, strict=True):
        if value is not None:
            assert values[name] == pytest.approx(value), name
    assert values["qa_t"] == pytest.approx(2.0009953, rel=1e-6)  # t(0.975, 59)


# the sample file ---------------------------------------------------------------------------


def test_the_sample_file_is_the_review_form(world: Any, tmp_path: Path) -> None:
    store, qa, card, _ = world
    sample = draw_sample(store, qa, VENDOR, "2026-10", 6, seed=3)
    scorecard = load_scorecard(card).scorecard
    written = write_sample(sample, tmp_path / "sample.csv", scorecard)
    frame = pl.read_csv(written, infer_schema=False)
    assert frame.columns == [
        "contact_id", "source", "source_id", "channel", "created_at", "queue", "agent_key",
        "reviewer", "reviewed_at", *KEYS.split(","), "comment",
    ]  # fmt: skip
    assert frame.height == 6
    assert all(re.fullmatch(r"2026-1[01]-\d\dT\d\d:\d\d:\d\d\+0[12]:00", t)
               for t in frame["created_at"])  # fmt: skip
    xlsx = write_sample(sample, tmp_path / "sample.xlsx")
    sheet = openpyxl.load_workbook(xlsx).active
    assert sheet is not None and sheet.max_row == 7
    header = [c.value for c in sheet[1]]
    assert header[-3:] == ["reviewer", "reviewed_at", "comment"]
    with pytest.raises(InvalidInput, match=r"give a file ending in \.csv or \.xlsx"):
        write_sample(sample, tmp_path / "sample.txt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sample.csv", "sample.xlsx"]
