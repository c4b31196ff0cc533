"""``regie case``: the commands a user runs, end to end in a subprocess."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.e2e.cli import regie


def test_version_prints_the_package_version() -> None:
    from regie import __version__

    result = regie("--version")
    assert result.code == 0
    assert result.stdout.strip() == f"regie {__version__}"


def test_show_json_gives_the_worked_example_figures(webshop_path: Path) -> None:
    result = regie("case", "show", webshop_path, "--json", "--draws", "2000")
    assert result.code == 0, result.stderr
    doc = result.json()
    assert doc["fte"]["total"] == pytest.approx(0.5209, abs=1e-4)
    assert doc["fte"]["by_channel"]["email"] == pytest.approx(0.5209, abs=1e-4)
    assert doc["inhouse"]["tco"] == 40500.0
    assert doc["outsourced"]["tco"] == 20003.6
    assert doc["saving"] == {"eur": 20496.4, "pct": 50.61}
    assert doc["roi_pct"] == 102.46
    assert doc["break_even_month"] == 2
    assert doc["cost_per_ticket"] == {"inhouse": 6.75, "outsourced": 3.3339}
    for key in ("p10", "p50", "p90", "p_loss"):
        assert key in doc["monte_carlo"]
    assert doc["recommendation"]["decision"] == "outsource"
    assert isinstance(doc["recommendation"]["reasons"], list) and doc["recommendation"]["reasons"]


def test_show_prints_tables_and_the_recommendation(webshop_path: Path) -> None:
    result = regie("case", "show", webshop_path, "--draws", "1000")
    assert result.code == 0, result.stderr
    assert "€40,500.00" in result.stdout
    assert "Recommendation: Outsource" in result.stdout


def test_show_in_dutch_formats_money_the_dutch_way(webshop_path: Path) -> None:
    result = regie("case", "show", webshop_path, "--draws", "1000", "--lang", "nl")
    assert result.code == 0, result.stderr
    assert "€ 40.500,00" in result.stdout
    assert "Advies: Uitbesteden" in result.stdout


def test_the_language_comes_from_regie_lang_when_not_given(webshop_path: Path) -> None:
    result = regie("case", "show", webshop_path, "--draws", "1000", env={"REGIE_LANG": "nl"})
    assert "€ 40.500,00" in result.stdout


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_new_writes_a_template_that_show_can_evaluate(tmp_path: Path, lang: str) -> None:
    path = tmp_path / "case.toml"
    assert regie("case", "new", path, "--lang", lang).code == 0
    assert ("Onze klantenservice" in path.read_text()) == (lang == "nl")
    result = regie("case", "show", path, "--json", "--draws", "1000")
    assert result.code == 0, result.stderr
    assert result.json()["recommendation"]["decision"] in {
        "outsource",
        "pilot_first",
        "keep_in_house",
    }


def test_new_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    path = tmp_path / "case.toml"
    path.write_text("mine")
    result = regie("case", "new", path)
    assert result.code == 1
    assert "already exists; use --force" in result.stderr
    assert path.read_text() == "mine"


def test_a_bad_case_file_gives_one_line_exit_one_and_no_traceback(
    tmp_path: Path, webshop_path: Path
) -> None:
    bad = tmp_path / "case.toml"
    bad.write_text(webshop_path.read_text().replace("aht_hours = 0.1667", "aht_minutes = -3"))
    result = regie("case", "show", bad)
    assert result.code == 1
    assert result.stdout == ""
    assert (
        result.stderr.strip()
        == "error: case.toml: channels.email.aht_minutes = -3: must be greater than 0"
    )


def test_a_bad_case_file_writes_no_report_at_all(tmp_path: Path, webshop_path: Path) -> None:
    bad = tmp_path / "case.toml"
    bad.write_text(
        webshop_path.read_text().replace("volume_per_month = 500", "volume_per_month = [3]")
    )
    out = tmp_path / "out"
    result = regie("case", "report", bad, "--out", out)
    assert result.code == 1
    assert "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_report_writes_html_pdf_and_xlsx_that_work_offline(
    tmp_path: Path, webshop_path: Path
) -> None:
    out = tmp_path / "out"
    result = regie("case", "report", webshop_path, "--out", out, "--draws", "2000", "--lang", "nl")
    assert result.code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["case.html", "case.pdf", "case.xlsx"]
    html = (out / "case.html").read_text()
    assert "€ 40.500,00" in html and "€ 20.003,60" in html
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"?https?:", html)
    assert "vegaEmbed" in html
    text = "".join(page.extract_text() for page in PdfReader(out / "case.pdf").pages)
    assert "40.500,00" in text and "Uitbesteden" in text


def test_a_bad_regie_lang_is_one_clear_error(webshop_path: Path) -> None:
    result = regie("case", "show", webshop_path, env={"REGIE_LANG": "fr"})
    assert result.code == 1
    assert result.stderr.strip() == "error: REGIE_LANG = 'fr': must be 'en' or 'nl'"


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_contract_new_writes_a_template_that_check_accepts(tmp_path: Path, lang: str) -> None:
    path = tmp_path / "contract.toml"
    assert regie("contract", "new", path, "--lang", lang).code == 0
    checked = regie("contract", "check", path, "--json")
    assert checked.code == 0, checked.stderr
    assert "response.phone" in checked.json()["norms"]
    path.write_text(path.read_text().replace("monthly_fee = 25000", "monthly_fee = -5"))
    refused = regie("contract", "check", path)
    assert refused.code == 1
    assert "contract.monthly_fee = -5: must be at least 0" in refused.stderr
