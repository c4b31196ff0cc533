"""The quote comparison's HTML, PDF and XLSX (nl and en), on the hand-computed quotes of
``test_quotes.py``: Bravo € 31,200, Alpha € 38,007.20, Charlie € 41,005.60 over 24 months."""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader

from regie.files.case_loader import load_case
from regie.files.quote_reader import read_quote
from regie.i18n import Locale
from regie.reports.quote_compare_report import write_quote_comparison
from regie.reports.quote_template import write_quote_template
from regie.services.quotes import QuoteComparison, QuoteInfo, compare_quotes
from tests.integration.libreoffice import recalculate
from tests.integration.test_quotes import QUOTES, TODAY, WEBSHOP, fill

TCO_24 = {"Bravo": 31_200.00, "Alpha": 38_007.20, "Charlie": 41_005.60}


def comparison(folder: Path) -> QuoteComparison:
    form = write_quote_template(folder / "form.xlsx", Locale("en"))
    infos = []
    for number, (vendor, quote) in enumerate(QUOTES.items(), start=1):
        path = fill(form, folder / f"{vendor}.xlsx", quote)
        moment = datetime(2026, 2, 2, tzinfo=UTC)
        infos.append(
            QuoteInfo(number, vendor, 1, path.name, "a" * 64, read_quote(path), moment, True)
        )
    return compare_quotes(load_case(WEBSHOP), infos, today=TODAY)


@pytest.fixture(scope="module", params=["en", "nl"])
def reports(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    loc = Locale(request.param)
    folder = tmp_path_factory.mktemp(f"quotes-{loc.lang}")
    c = comparison(folder)
    paths = write_quote_comparison(c, folder / "out", loc)
    return loc, c, paths


def test_three_files_are_written_and_nothing_else(reports: Any) -> None:
    _, _, paths = reports
    assert [p.name for p in paths] == [
        "quote-comparison.html",
        "quote-comparison.pdf",
        "quote-comparison.xlsx",
    ]
    assert sorted(p.name for p in paths[0].parent.iterdir()) == sorted(p.name for p in paths)


def test_the_page_ranks_on_tco_with_an_offline_chart(reports: Any) -> None:
    loc, _, paths = reports
    html = paths[0].read_text(encoding="utf-8")
    positions = [html.index(f">{vendor}<") for vendor in ("Bravo", "Alpha", "Charlie")]
    assert positions == sorted(positions)
    for tco in TCO_24.values():
        assert loc.money(tco) in html
    assert '"xOffset"' in html and "vegaEmbed(" in html
    assert not re.search(r"<script[^>]+src=", html)
    assert loc.t("TCO per vendor, 12 and 24 months") in html
    assert "Charlie" in html and loc.money(14.0) in html  # the warning names the rate


def test_the_pdf_has_the_ranking_the_chart_and_the_findings(reports: Any) -> None:
    loc, _, paths = reports
    reader = PdfReader(paths[1])
    text = re.sub(r"\s+", " ", "".join(page.extract_text() for page in reader.pages))
    for vendor, tco in TCO_24.items():
        assert vendor in text and loc.money(tco) in text
    assert loc.money(81_000) in text  # in-house over 24 months
    assert "DPA" in text


def test_the_workbook_has_figures_formulas_findings_items_and_a_chart(reports: Any) -> None:
    loc, _, paths = reports
    book = openpyxl.load_workbook(paths[2])
    assert book.sheetnames == [loc.t("Comparison"), loc.t("Findings"), loc.t("Items")]
    sheet = book[loc.t("Comparison")]
    rows = [r for r in sheet.iter_rows(min_row=5, max_row=7, values_only=True)]
    assert [(r[0], r[1], r[7]) for r in rows] == [
        (rank, vendor, pytest.approx(TCO_24[vendor]))
        for rank, vendor in enumerate(("Bravo", "Alpha", "Charlie"), start=1)
    ]
    assert sheet["L5"].value == "=IF(J5>0,H5/J5,0)"
    assert sheet["M5"].value == "=H$8-H5"
    assert sheet["B8"].value == loc.t("In-house")
    with zipfile.ZipFile(paths[2]) as archive:
        assert any(name.startswith("xl/charts/chart") for name in archive.namelist())
    findings = [r for r in book[loc.t("Findings")].iter_rows(min_row=2, values_only=True)]
    assert ("Charlie", loc.t("risk")) in {(r[0], r[1]) for r in findings}
    items = list(book[loc.t("Items")].iter_rows(values_only=True))
    assert items[0] == (loc.t("Item"), "Bravo", "Alpha", "Charlie")


def test_cached_values_are_regies_own_figures(reports: Any) -> None:
    _, _, paths = reports
    sheet = openpyxl.load_workbook(paths[2], data_only=True).worksheets[0]
    assert sheet["L5"].value == pytest.approx(31_200 / 12_000)
    assert sheet["M5"].value == pytest.approx(81_000 - 31_200)


@pytest.mark.libreoffice
def test_libreoffice_recalculates_cost_per_ticket_and_saving(tmp_path: Path) -> None:
    c = comparison(tmp_path)
    paths = write_quote_comparison(c, tmp_path / "out", Locale("en"))
    sheet = openpyxl.load_workbook(recalculate(paths[2], tmp_path), data_only=True)["Comparison"]
    assert [sheet[f"L{row}"].value for row in (5, 6, 7, 8)] == pytest.approx(
        [31_200 / 12_000, 38_007.20 / 12_000, 41_005.60 / 12_000, 81_000 / 12_000]
    )
    assert [sheet[f"M{row}"].value for row in (5, 6, 7)] == pytest.approx(
        [81_000 - 31_200, 81_000 - 38_007.20, 81_000 - 41_005.60]
    )


def test_the_worked_example_in_the_docs_matches_regie(tmp_path: Path) -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "quotes.md").read_text()
    rows = {
        cells[0]: cells
        for line in doc.splitlines()
        if line.startswith("| ") and len(cells := [c.strip() for c in line.split("|")[1:-1]]) == 7
    }
    c = comparison(tmp_path)
    for p in c.quotes:
        row = rows[p.info.vendor]
        assert row[3:7] == [
            f"€ {p.tco(12):,.2f}",
            f"€ {p.tco(24):,.2f}",
            f"€ {p.cost_per_ticket(24):,.2f}",
            str(p.rank),
        ]
    assert rows["in-house"][3:5] == [f"€ {c.inhouse[h].inhouse_tco:,.2f}" for h in (12, 24)]
