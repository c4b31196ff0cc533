"""``regie contract add|list|show``, ``regie outage``, ``regie evaluate`` and
``regie kpi --contract`` end to end, on the hand-computed October of
``tests/integration/test_statements.py``."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tests.e2e.cli import regie
from tests.integration.test_statements import CONTRACT, OUTAGES, VENDOR, october


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("govern")
    root = folder / "ws"
    (folder / "acme.toml").write_text(CONTRACT, encoding="utf-8")
    (folder / "outages.csv").write_text(OUTAGES, encoding="utf-8")
    pl.DataFrame(october()).write_csv(folder / "october.csv")
    for command in (
        ("init", root),
        ("vendor", "add", VENDOR, "-w", root),
        ("import", "csv", folder / "october.csv", "--vendor", VENDOR, "-w", root),
        ("contract", "add", folder / "acme.toml", "--vendor", VENDOR, "-w", root),
        ("outage", "import", folder / "outages.csv", "--vendor", VENDOR, "-w", root),
    ):
        result = regie(*command)
        assert result.code == 0, result.stderr
    return root


def test_the_stored_contract_is_listed_and_shown_as_given(workspace: Path) -> None:
    (version,) = regie("contract", "list", "--vendor", VENDOR, "-w", workspace, "--json").json()
    assert (version["version"], version["effective_from"]) == (1, "2026-09-01")
    assert version["norms"] == ["response.email", "response.phone"]
    shown = regie("contract", "show", "--vendor", VENDOR, "--on", "2026-10-15", "-w", workspace)
    assert shown.stdout == CONTRACT


def test_the_outage_log_covers_the_months_of_its_outages(workspace: Path) -> None:
    (log,) = regie("outage", "list", "--vendor", VENDOR, "-w", workspace, "--json").json()
    assert (log["covers_from"], log["covers_to"], len(log["outages"])) == (
        "2026-10-01", "2026-10-31", 2,
    )  # fmt: skip


def test_evaluate_prints_the_statement_as_json(workspace: Path) -> None:
    found = regie("evaluate", "--vendor", VENDOR, "--month", "2026-10", "-w", workspace,
                  "--json", "--draft").json()  # fmt: skip
    assert found["net_adjustment"] == "-350.00"
    assert found["settlement"]["penalty_charged"] == "600.00"
    assert found["contract"]["version"] == 1
    assert found["record"] is None
    judged = {j["key"]: j for j in found["judged"]}
    assert judged["response.email"]["outcome"]["status"] == "missed"


def test_evaluate_shows_a_table_in_dutch(workspace: Path) -> None:
    result = regie("evaluate", "--vendor", VENDOR, "--month", "2026-10", "-w", workspace,
                   "--draft", "--lang", "nl")  # fmt: skip
    assert result.code == 0, result.stderr
    assert "€ -350,00" in result.stdout or "€ −350,00" in result.stdout
    assert "niet gehaald" in result.stdout


def test_explain_names_the_contacts_behind_a_miss(workspace: Path) -> None:
    found = regie("evaluate", "--vendor", VENDOR, "--month", "2026-10", "-w", workspace,
                  "--explain", "response.email", "--json").json()  # fmt: skip
    assert [c["source_id"] for c in found["contacts"]] == ["E7", "E8", "E9"]
    assert found["figure"] == "business_seconds"


def test_kpi_with_the_stored_contract_agrees_with_the_statement(workspace: Path) -> None:
    rows = regie("kpi", "--vendor", VENDOR, "--from", "2026-10-01", "--to", "2026-10-31",
                 "--contract", "stored", "--by", "channel,month", "-w", workspace,
                 "--json").json()  # fmt: skip
    by_channel = {r["channel"]: r for r in rows}
    assert (by_channel["email"]["within_norm_hits"], by_channel["email"]["within_norm_n"]) == (6, 9)
    assert (by_channel["phone"]["sl_against_hits"], by_channel["phone"]["sl_against_n"]) == (7, 9)
    assert by_channel["email"]["cost_per_contact"] == pytest.approx(10_000 / 16)


def test_evaluate_names_a_bad_month(workspace: Path) -> None:
    result = regie("evaluate", "--vendor", VENDOR, "--month", "October", "-w", workspace)
    assert result.code == 1
    assert "--month 'October': give a month as YYYY-MM, e.g. 2026-10" in result.stderr


def test_evaluate_writes_the_statement_files_with_the_contacts_behind_each_miss(
    workspace: Path, tmp_path: Path
) -> None:
    result = regie("evaluate", "--vendor", VENDOR, "--month", "2026-10", "-w", workspace,
                   "--draft", "--out", tmp_path, "--json")  # fmt: skip
    assert result.code == 0, result.stderr
    names = sorted(Path(p).name for p in result.json()["files"])
    stem = "statement-acme-contact-2026-10"
    assert names == [f"{stem}.html", f"{stem}.pdf", f"{stem}.xlsx"]
    from openpyxl import load_workbook

    sheets = load_workbook(tmp_path / f"{stem}.xlsx").sheetnames
    assert {"response.email", "response.phone"} <= set(sheets)  # the two missed norms
