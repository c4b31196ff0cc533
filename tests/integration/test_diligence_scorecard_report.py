"""The scorecard's reports, with due diligence: an offline HTML page, a PDF and a live
workbook that headless LibreOffice recalculates to the hand-computed ranking of
``tests/unit/test_selection_file.py`` (C 4.40, B & Co 3.86, A 3.70; cost scores 3, 4.2
and 5), and to a new ranking when a weight is changed in the workbook itself."""

from __future__ import annotations

import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from regie.domain.diligence import ITEMS, Acceptance, Check, Status, assess
from regie.domain.selection import build_scorecard, rank
from regie.files.scorecard_loader import parse_scorecard
from regie.i18n import Locale
from regie.reports.scorecard_report import write_scorecard
from regie.reports.scorecard_xlsx import write_scorecard_xlsx
from regie.services.selection import Selection, evaluate
from tests.integration.libreoffice import recalculate
from tests.unit.test_selection_file import GOOD

MOMENT = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
VENDORS = ("C", "B & Co", "A")  # ranking order: columns E, F, G of the Scorecard sheet
CRITERIA = ("quality", "cost", "technology", "cultural_fit")  # rows 7 to 10


def selection() -> Selection:
    yes = [Check(i, item.key, Status.YES, None, date(2026, 10, 1), MOMENT)
           for i, item in enumerate(ITEMS, start=1)]  # fmt: skip
    partial = Check(50, "gdpr.audit_rights", Status.PARTIAL, "Audit once a year <b>only</b>",
                    date(2026, 10, 2), MOMENT)  # fmt: skip
    accepted = Acceptance(1, 50, "gdpr.audit_rights", "Anne de Vries", MOMENT)
    diligence = {
        "C": assess("C", [*yes, partial], []),
        "B & Co": assess("B & Co", [*yes, partial], [accepted]),
        "A": assess("A", [], []),
    }
    return evaluate(parse_scorecard(GOOD), diligence)


@pytest.mark.parametrize(("lang", "total"), [("en", "4.40"), ("nl", "4,40")])
def test_html_and_pdf_show_ranking_sensitivity_and_risks(
    tmp_path: Path, lang: str, total: str
) -> None:
    loc = Locale(lang)  # type: ignore[arg-type]
    html, pdf, xlsx = write_scorecard(selection(), tmp_path, loc, "partner-2027")
    assert [p.name for p in (html, pdf, xlsx)] == [
        "partner-2027.html", "partner-2027.pdf", "partner-2027.xlsx",
    ]  # fmt: skip
    page = html.read_text(encoding="utf-8")
    assert "<script src" not in page and "vegaEmbed(" in page, "offline: nothing fetched"
    assert "Audit once a year &lt;b&gt;only&lt;/b&gt;" in page, "evidence is escaped"
    assert "B &amp; Co" in page
    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Partner 2027" in text and total in text
    assert loc.t("Risk: {item} ({status})", item=loc.t("Audit rights"),
                 status=loc.t("partial")) in text  # fmt: skip
    assert "<svg" not in text and sorted(tmp_path.iterdir()) == sorted([html, pdf, xlsx])


def test_the_pdf_chart_is_drawn_as_vectors(tmp_path: Path) -> None:
    _, pdf, _ = write_scorecard(selection(), tmp_path, Locale("en"))
    assert "Weighted score per vendor" in PdfReader(pdf).pages[0].extract_text()


def cells(path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path, data_only=True)


@pytest.mark.libreoffice
def test_the_workbook_recalculates_to_the_hand_computed_ranking(tmp_path: Path) -> None:
    book = write_scorecard_xlsx(selection(), tmp_path / "s.xlsx", Locale("en"),
                                cached_values=False)  # fmt: skip
    with zipfile.ZipFile(book) as archive:
        assert any(n.startswith("xl/charts/chart") for n in archive.namelist())
    wb = cells(recalculate(book, tmp_path))
    ws = wb["Scorecard"]
    assert [ws.cell(6, c).value for c in (5, 6, 7)] == list(VENDORS)
    assert [ws.cell(8, c).value for c in (5, 6, 7)] == pytest.approx([3.0, 4.2, 5.0])
    assert [ws.cell(r, 4).value for r in range(7, 11)] == pytest.approx([0.4, 0.3, 0.2, 0.1])
    assert [ws.cell(12, c).value for c in (5, 6, 7)] == pytest.approx([4.40, 3.86, 3.70])
    assert [ws.cell(13, c).value for c in (5, 6, 7)] == [1, 2, 3]
    assert ws.cell(17, 6).value == pytest.approx(1.26), "weighted: 0.3 × 4.2"
    gaps = wb["Sensitivity"]
    assert [gaps.cell(r, 3).value for r in (5, 6)] == pytest.approx([0.54, 0.70])
    diligence = wb["Due diligence"]
    assert diligence.max_row == 1 + 3 * 14


@pytest.mark.libreoffice
def test_changing_a_weight_in_the_workbook_reranks_the_vendors(tmp_path: Path) -> None:
    book = write_scorecard_xlsx(selection(), tmp_path / "s.xlsx", Locale("en"))
    wb = openpyxl.load_workbook(book)
    wb["Scorecard"]["C8"] = 90  # cost: 30 → 90
    wb.save(tmp_path / "changed.xlsx")
    ws = cells(recalculate(tmp_path / "changed.xlsx", tmp_path))["Scorecard"]
    sheet = parse_scorecard(GOOD)
    weights = {**sheet.card.weights, "cost": 90.0}
    typed = {v: {k: s for k, s in sheet.card.scores[v].items() if k != "cost"} for v in VENDORS}
    expected = {r.vendor: r for r in rank(build_scorecard(weights, sheet.card.scale, typed,
                                                          sheet.card.tco))}  # fmt: skip
    assert [ws.cell(12, c).value for c in (5, 6, 7)] == pytest.approx(
        [expected[v].total for v in VENDORS]
    )
    assert [ws.cell(13, c).value for c in (5, 6, 7)] == [expected[v].rank for v in VENDORS]
    assert expected["A"].rank == 1, "cost now dominates: the cheapest leads"
