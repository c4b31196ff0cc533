"""The business-case XLSX is a live model: LibreOffice recalculates it to Regie's figures.

How recalculation is proven: the workbook under test is written with every formula's
cached value set to 0 (``cached_values=False``), so any right number read back can only
come from LibreOffice evaluating the formulas. LibreOffice is started headless with a
fresh profile per run whose ``OOXMLRecalcMode`` is 0 ("always recalculate on load"; its
default keeps the cached values of XlsxWriter files), converts the file to XLSX, and
openpyxl reads the recalculated values (``data_only=True``) through the workbook names.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest

from regie.domain.scenarios import likely
from regie.files.case_loader import load_case, parse_case
from regie.i18n import Locale
from regie.reports.case_xlsx import write_case_xlsx
from regie.reports.case_xlsx_formulas import excel_name, input_names
from regie.services.business_case import CaseEvaluation, Figures, evaluate, figures
from tests.integration.libreoffice import recalculate

ROOT = Path(__file__).resolve().parents[2]
CASES = {
    "webshop": ROOT / "examples" / "webshop-500.toml",
    "rich": ROOT / "tests" / "data" / "case-rich.toml",
}


@pytest.fixture(scope="module", params=sorted(CASES))
def evaluation(request: pytest.FixtureRequest) -> CaseEvaluation:
    return evaluate(load_case(CASES[request.param]), draws=2_000)


def named_values(path: Path) -> dict[str, Any]:
    """Every workbook name with the (cached) value of its cell, or a list for a range."""
    book = openpyxl.load_workbook(path, data_only=True)
    values: dict[str, Any] = {}
    for name, defined in book.defined_names.items():
        [(sheet, ref)] = list(defined.destinations)
        cells = book[sheet][ref.replace("$", "")]
        if isinstance(cells, tuple):
            values[name] = [row[0].value for row in cells]
        else:
            values[name] = cells.value
    return values


def expected_results(r: Figures) -> dict[str, Any]:
    p = r.projection
    in_fixed, in_variable = p.split("inhouse")
    out_fixed, out_variable = p.split("outsourced")
    return {
        "result_inhouse_tco": r.inhouse_tco,
        "result_inhouse_fixed": float(in_fixed.sum()),
        "result_inhouse_variable": float(in_variable.sum()),
        "result_outsourced_tco": r.outsourced_tco,
        "result_outsourced_fixed": float(out_fixed.sum()),
        "result_outsourced_variable": float(out_variable.sum()),
        "result_saving": r.saving,
        "result_saving_pct": r.saving_pct,
        "result_roi_pct": r.roi_pct,
        "result_volume": r.volume,
        "result_cost_per_ticket_inhouse": r.cost_per_ticket_inhouse,
        "result_cost_per_ticket_outsourced": r.cost_per_ticket_outsourced,
        "result_fte_total": float(p.fte_total[0]),
        "result_inhouse_fte": float(p.inhouse_fte[0]),
        "result_break_even_month": r.break_even_month or "none",
    }


def assert_matches(values: dict[str, Any], r: Figures) -> None:
    expected = expected_results(r)
    assert {n for n in values if n.startswith("result_")} == set(expected)
    for name, value in expected.items():
        if isinstance(value, str):
            assert values[name] == value, name
        else:
            assert values[name] == pytest.approx(value, rel=1e-6, abs=0.005), name
    p = r.projection
    cumulative = {
        "calc_cum_inhouse": np.cumsum(p.inhouse_monthly),
        "calc_cum_outsourced": np.cumsum(p.outsourced_monthly),
    }
    for name, monthly in cumulative.items():
        assert len(values[name]) == p.months
        assert values[name] == pytest.approx(monthly.tolist(), rel=1e-6, abs=0.005), name


def test_the_workbook_has_inputs_calculation_scenarios_and_a_line_chart(
    evaluation: CaseEvaluation, tmp_path: Path
) -> None:
    path = write_case_xlsx(evaluation, tmp_path / "case.xlsx", Locale("en"))
    assert openpyxl.load_workbook(path).sheetnames == ["Inputs", "Calculation", "Scenarios"]
    with zipfile.ZipFile(path) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert charts
        assert b"<c:lineChart>" in archive.read(charts[0])


def test_every_monthly_cell_of_the_calculation_sheet_is_a_formula_but_erlang_factors(
    evaluation: CaseEvaluation, tmp_path: Path
) -> None:
    path = write_case_xlsx(evaluation, tmp_path / "case.xlsx", Locale("en"))
    sheet = openpyxl.load_workbook(path)["Calculation"]
    months = evaluation.case.structure.horizon_months
    rows = list(sheet.iter_rows(min_row=2, max_row=months + 1, min_col=2))
    assert len(rows) == months
    headers = [cell.value for cell in sheet[1]][1:]
    for row in rows:
        for header, cell in zip(headers, row, strict=False):
            # Erlang staffing factors are Regie's own (queueing maths has no Excel formula).
            if "Erlang" not in str(header):
                assert str(cell.value).startswith("="), (header, cell.value)


def test_every_input_value_cell_carries_a_name_and_the_likely_value(
    evaluation: CaseEvaluation, tmp_path: Path
) -> None:
    path = write_case_xlsx(evaluation, tmp_path / "case.xlsx", Locale("en"))
    values = named_values(path)
    for key, name in input_names(evaluation.case.estimates).items():
        assert values[name] == pytest.approx(evaluation.case.estimates[key].likely), key
    assert values["include_exit_fee"] is evaluation.case.structure.include_exit_fee
    assert_matches(values, evaluation.realistic)  # the cached values are Regie's own


def test_workbook_names_never_read_as_cell_references() -> None:
    assert excel_name("ab12") == "in_ab12"
    assert excel_name("r1c1") == "in_r1c1"
    assert excel_name("2nd-line") == "in_2nd_line"
    assert input_names(["channels.email.aht_hours"]) == {
        "channels.email.aht_hours": "email_aht_hours"
    }


def test_the_dutch_workbook_keeps_the_same_names(
    evaluation: CaseEvaluation, tmp_path: Path
) -> None:
    path = write_case_xlsx(evaluation, tmp_path / "case.xlsx", Locale("nl"))
    assert named_values(path)["result_saving"] == pytest.approx(evaluation.realistic.saving)


@pytest.mark.libreoffice
def test_libreoffice_recalculates_every_result_and_monthly_cumulative_to_regie_figures(
    evaluation: CaseEvaluation, tmp_path: Path
) -> None:
    blank = write_case_xlsx(evaluation, tmp_path / "case.xlsx", Locale("en"), cached_values=False)
    assert named_values(blank)["result_saving"] == 0  # no number is pasted in advance
    assert_matches(named_values(recalculate(blank, tmp_path)), evaluation.realistic)


@pytest.mark.libreoffice
@pytest.mark.parametrize(
    ("case", "old", "new"),
    [
        ("webshop", "hourly_rate = 18", "hourly_rate = 20"),
        ("webshop", "hourly_rate = 18", "hourly_rate = 60"),  # never breaks even
        ("rich", "hourly_rate = [16, 18, 22]", "hourly_rate = [16, 20, 22]"),
        ("rich", "minimum_fte = 3", "minimum_fte = 9"),
    ],
)
def test_a_changed_input_moves_the_saving_to_what_regie_computes_for_that_change(
    case: str, old: str, new: str, tmp_path: Path
) -> None:
    text = CASES[case].read_text("utf-8")
    assert old in text
    folder = CASES[case].parent
    changed = parse_case(text.replace(old, new), folder=folder)
    name, value = _the_changed_input(parse_case(text, folder=folder), changed)
    original = evaluate(parse_case(text, folder=folder), draws=1_000)
    path = write_case_xlsx(original, tmp_path / "case.xlsx", Locale("en"))
    book = openpyxl.load_workbook(path)
    [(sheet, ref)] = list(book.defined_names[name].destinations)
    book[sheet][ref.replace("$", "")] = value
    book.save(path)
    values = named_values(recalculate(path, tmp_path))
    expected = figures(changed, likely(changed.estimates))
    assert values["result_saving"] == pytest.approx(expected.saving, rel=1e-6, abs=0.005)
    assert_matches(values, expected)


def _the_changed_input(before: Any, after: Any) -> tuple[str, float]:
    names = input_names(before.estimates)
    [key] = [
        k
        for k, e in after.estimates.items()
        if e.likely != before.estimates[k].likely and not _follows(before, k)
    ]
    return names[key], after.estimates[key].likely


def _follows(case: Any, key: str) -> bool:
    """The onboarding rate follows the hourly rate in the workbook, as in the loader."""
    return key == "one_off.onboarding_rate" and case.structure.onboarding == "per_agent"
