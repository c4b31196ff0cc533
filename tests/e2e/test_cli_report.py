"""``regie report weekly|monthly|quarterly`` end to end, on the four months of
``tests/integration/test_cadence.py``."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tests.e2e.cli import regie
from tests.integration.test_cadence import CASE, CONTRACT, VENDOR, all_contacts


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    root = folder / "ws"
    (folder / "acme.toml").write_text(CONTRACT, encoding="utf-8")
    (folder / "case.toml").write_text(CASE, encoding="utf-8")
    pl.DataFrame(all_contacts()).write_csv(folder / "contacts.csv")
    for command in (
        ("init", root),
        ("vendor", "add", VENDOR, "-w", root),
        ("import", "csv", folder / "contacts.csv", "--vendor", VENDOR, "-w", root),
        ("contract", "add", folder / "acme.toml", "--vendor", VENDOR, "-w", root),
    ):
        result = regie(*command)
        assert result.code == 0, result.stderr
    return root


def test_the_monthly_report_as_json_names_its_files_and_the_signal(
    workspace: Path, tmp_path: Path
) -> None:
    result = regie("report", "monthly", "--vendor", VENDOR, "--period", "2026-10",
                   "-w", workspace, "--out", tmp_path, "--json")  # fmt: skip
    assert result.code == 0, result.stderr
    found = result.json()
    assert (found["report"], found["period"], found["revision"]) == ("monthly", "2026-10", None)
    assert found["statement"]["net_adjustment"] == "-105.80"  # 5 % of 1,000 + 2 × 558
    assert found["invoiced"] == "2010.20"
    (signal,) = found["early_warning"]["signals"]
    assert (signal["key"], signal["first_missed"]) == ("response.email", "2026-10")
    assert signal["since"] >= "2026-10-01"
    assert {Path(p).suffix for p in found["files"]} == {".html", ".pdf", ".xlsx"}
    assert all(Path(p).is_file() for p in found["files"])
    assert found["qa"] is None


def test_the_quarterly_report_needs_the_case_and_gives_the_verdict(
    workspace: Path, tmp_path: Path
) -> None:
    case = workspace.parent / "case.toml"
    result = regie("report", "quarterly", "--vendor", VENDOR, "--period", "2026-Q4",
                   "--case", case, "-w", workspace, "--out", tmp_path, "--lang", "nl")  # fmt: skip
    assert result.code == 0, result.stderr
    assert "quarterly-acme-contact-2026-Q4.pdf" in result.stdout.replace("\n", "")
    assert (tmp_path / "quarterly-acme-contact-2026-Q4.xlsx").is_file()


def test_a_period_in_the_wrong_form_is_one_clear_line(workspace: Path) -> None:
    result = regie("report", "weekly", "--vendor", VENDOR, "--period", "2026-41",
                   "-w", workspace)  # fmt: skip
    assert result.code == 1
    assert "--period '2026-41': give an ISO week as YYYY-Www, e.g. 2026-W41" in result.stderr
