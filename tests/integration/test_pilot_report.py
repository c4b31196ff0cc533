"""The pilot's HTML, PDF and XLSX reports, on the hand-computed pilot of
``tests/integration/test_pilot_check.py``, in English and Dutch."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from regie.files.pilot_loader import parse_pilot
from regie.i18n import Locale
from regie.reports.pilot_report import daily_chart, pilot_stem, write_pilot
from regie.reports.pilot_xlsx import volumes_text
from regie.services.pilot import PilotCheck, check_pilot
from tests.integration.test_pilot_check import ALPHA, BETA, PILOT, import_pilot

STEM = "pilot-e-mail-pilot-day60"


@pytest.fixture(scope="module")
def check(tmp_path_factory: pytest.TempPathFactory) -> PilotCheck:
    store = import_pilot(tmp_path_factory.mktemp("pilot-report"))
    return check_pilot(store, parse_pilot(PILOT))


@pytest.fixture(scope="module")
def written(check: PilotCheck, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    write_pilot(check, out, Locale("en"))
    return out


def test_three_files_and_nothing_half_written(written: Path, check: PilotCheck) -> None:
    assert pilot_stem(check) == STEM
    assert sorted(p.name for p in written.iterdir()) == [
        f"{STEM}.html", f"{STEM}.pdf", f"{STEM}.xlsx",
    ]  # fmt: skip


def test_the_page_works_offline_and_says_what_the_terminal_says(written: Path) -> None:
    page = (written / f"{STEM}.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']https?://""", page)
    assert "<link" not in page
    for text in ("Pilot E-mail pilot — day 60 of 60", "scale up in phases",
                 "stop and analyse per KPI", "4 of 5 KPIs within target (4 needed)",
                 "missed by 5.0 pp", "improving: +1.00 pp per day over 60 days",
                 "two-proportion z-test", "Mann–Whitney U test", "75.1–84.1 %", "1 h 30 min",
                 "Widen first-line authority"):  # fmt: skip
        assert text in page, text
    spec = json.loads(re.search(r"const spec = (\{.*?\});\n", page, re.DOTALL).group(1))  # type: ignore[union-attr]
    assert spec["columns"] == 2 and len(spec["concat"]) == 5
    assert 'mode: "vega-lite"' in page  # a concat spec is not recognised as Vega-Lite unaided


def test_the_chart_has_each_vendors_daily_values_and_the_thresholds(check: PilotCheck) -> None:
    spec = daily_chart(check, Locale("en"))
    assert spec is not None
    csat = spec["concat"][0]
    lines, rules = csat["layer"]
    values = lines["data"]["values"]
    assert len(values) == 120 and {v["vendor"] for v in values} == {ALPHA, BETA}
    assert rules["data"]["values"] == [{"target": 0.85}]
    frt_rules = spec["concat"][1]["layer"][1]["data"]["values"]
    aht_rules = spec["concat"][2]["layer"][1]["data"]["values"]
    assert frt_rules == [{"target": 60.0}]  # minutes
    assert aht_rules == [{"target": 3.0}, {"target": 10.0}]  # the band's two ends


def test_the_pdf_carries_the_tables_and_the_chart(written: Path) -> None:
    reader = PdfReader(written / f"{STEM}.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    for words in ("Pilot E-mail pilot — day 60 of 60", "Side by side", "Daily KPIs per vendor",
                  "Pilot day", "Beta Service"):  # fmt: skip
        assert words in text, words
    assert len(reader.pages) <= 4


def test_the_workbook_holds_the_figures_as_numbers(written: Path) -> None:
    book = load_workbook(written / f"{STEM}.xlsx")
    assert book.sheetnames == ["Pilot", "Analysis", "Comparison", "Daily"]
    rows = [r for r in book["Pilot"].iter_rows(values_only=True) if r[0] == ALPHA and r[1]]
    csat = next(r for r in rows if r[1] == "CSAT, top-2-box share")
    assert csat[2:10] == (0.8, 0.85, "—", 300, 240, pytest.approx(0.7511, abs=1e-4),
                          pytest.approx(0.8413, abs=1e-4), pytest.approx(0.05))  # fmt: skip
    assert csat[10] == "missed"
    analysis = list(book["Analysis"].iter_rows(values_only=True))[1:]
    assert len(analysis) == 3 + 9  # Alpha: CSAT; Beta: FRT, AHT, FCR; three remedies each
    comparison = {r[0]: r for r in book["Comparison"].iter_rows(values_only=True)}
    fcr = comparison["FCR, agent's flag"]
    assert (fcr[1], fcr[2], fcr[4], fcr[5], fcr[7], fcr[11]) == (
        ALPHA, 0.8, BETA, 0.6, "two-proportion z-test", 82,
    )  # fmt: skip
    assert book["Daily"].max_row == 1 + 2 * 60 * 5


def test_the_reports_in_dutch(check: PilotCheck, tmp_path: Path) -> None:
    write_pilot(check, tmp_path, Locale("nl"))
    page = (tmp_path / f"{STEM}.html").read_text(encoding="utf-8")
    assert '<html lang="nl">' in page
    assert "80,0 %" in page and "€ 3,33" in page
    assert "niet gehaald" in page
    book = load_workbook(tmp_path / f"{STEM}.xlsx")
    assert len(book.sheetnames) == 4


def test_one_vendor_has_no_side_by_side(tmp_path: Path) -> None:
    store = import_pilot(tmp_path)
    one = PILOT.split("[[vendors]]")
    text = one[0] + "[[vendors]]" + one[1]  # Alpha only
    check = check_pilot(store, parse_pilot(text), day=30)
    files = write_pilot(check, tmp_path / "out", Locale("en"))
    page = files[0].read_text(encoding="utf-8")
    assert "Side by side" not in page
    assert "on track" in page
    assert load_workbook(files[2]).sheetnames == ["Pilot", "Analysis", "Daily"]


def test_a_vendor_whose_data_stop_short_is_flagged(check: PilotCheck) -> None:
    beta_ = check.vendors[1]
    loc = Locale("en")
    assert volumes_text(beta_, check.through, loc) == (
        "300 contacts, 300 handled; fee so far €900.00"
    )
    later = date(2026, 5, 15)  # a longer pilot checked past Beta's last contact
    assert volumes_text(beta_, later, loc).endswith("; no data after 30 April 2026")
