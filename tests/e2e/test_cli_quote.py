"""``regie quote template|import|list|compare`` end to end, on the hand-computed quotes of
``tests/integration/test_quotes.py`` (web shop: Bravo € 31,200, Alpha € 38,007.20,
Charlie € 41,005.60 over 24 months)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.e2e.cli import regie
from tests.integration.test_quotes import QUOTES, WEBSHOP, fill


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("quotes")
    root = folder / "ws"
    assert regie("init", root).code == 0
    made = regie("quote", "template", "--xlsx", folder / "form.xlsx", "--json")
    assert made.code == 0, made.stderr
    assert made.json()["channels"] == ["phone", "email", "chat", "social"]
    for vendor, quote in QUOTES.items():
        general = {**quote["general"], "valid_until": None}  # never expires in this test
        fill(folder / "form.xlsx", folder / f"{vendor}.xlsx", {**quote, "general": general})
        assert regie("vendor", "add", vendor, "-w", root).code == 0
        stored = regie(
            "quote", "import", folder / f"{vendor}.xlsx", "--vendor", vendor, "-w", root, "--json"
        )
        assert stored.code == 0, stored.stderr
        assert (stored.json()["version"], stored.json()["unchanged"]) == (1, False)
    return root


def test_a_reimport_of_the_same_file_changes_nothing_and_names_missing_items(
    workspace: Path,
) -> None:
    folder = workspace.parent
    result = regie("quote", "import", folder / "Bravo.xlsx", "--vendor", "Bravo", "-w", workspace)
    assert result.code == 0, result.stderr
    assert "nothing changed" in result.stdout and "Scale-up time" in result.stdout
    again = regie(
        "quote", "import", folder / "Bravo.xlsx", "--vendor", "Bravo", "-w", workspace, "--json"
    ).json()
    assert (again["version"], again["unchanged"]) == (1, True)
    assert again["missing"] == ["scale_up", "exit_fee"]
    assert again["quote"]["pricing"] == {
        "model": "per_ticket",
        "hourly_rate": None,
        "fte_monthly_rate": None,
        "ticket_rate": 2.5,
        "monthly_fee": None,
        "included_tickets": None,
        "overage_rate": None,
    }


def test_compare_ranks_on_tco_in_json(workspace: Path) -> None:
    found = regie("quote", "compare", "--case", WEBSHOP, "-w", workspace, "--json").json()
    ranked = [
        (q["rank"], q["vendor"], q["horizons"]["12"]["tco"], q["horizons"]["24"]["tco"])
        for q in found["quotes"]
    ]
    assert ranked == [
        (1, "Bravo", 16_200.0, 31_200.0),
        (2, "Alpha", 20_003.6, 38_007.2),
        (3, "Charlie", 21_002.8, 41_005.6),
    ]
    assert found["quotes"][0]["horizons"]["24"]["cost_per_ticket"] == 2.6
    assert found["inhouse"]["24"]["tco"] == 81_000.0
    assert [w["code"] for w in found["warnings"]] == ["lowest_rate_not_lowest_tco"]
    bravo = {f["code"] for f in found["quotes"][0]["flags"]}
    assert bravo == {"missing", "coverage_narrower", "sla_looser"}


def test_fewer_than_three_quotes_give_a_warning(workspace: Path) -> None:
    result = regie(
        "quote",
        "compare",
        "--case",
        WEBSHOP,
        "--vendor",
        "Alpha",
        "--vendor",
        "Charlie",
        "-w",
        workspace,
    )
    assert result.code == 0, result.stderr
    assert "Only 2 quote(s): ask at least 3 with the same scope." in result.stdout
    assert "€38,007.20" in result.stdout


def test_compare_writes_the_three_reports_in_dutch(workspace: Path) -> None:
    out = workspace.parent / "out"
    result = regie(
        "quote", "compare", "--case", WEBSHOP, "-w", workspace, "--out", out, "--lang", "nl"
    )
    assert result.code == 0, result.stderr
    assert "€ 31.200,00" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == [
        "quote-comparison.html",
        "quote-comparison.pdf",
        "quote-comparison.xlsx",
    ]


def test_list_shows_every_version_with_history(workspace: Path) -> None:
    versions = regie("quote", "list", "--history", "-w", workspace, "--json").json()
    assert {(v["vendor"], v["active"]) for v in versions} >= {("Alpha", True), ("Bravo", True)}


def test_a_bad_form_is_refused_line_by_line_and_nothing_is_stored(workspace: Path) -> None:
    folder = workspace.parent
    bad = folder / "bad.xlsx"
    book = openpyxl.load_workbook(folder / "Alpha.xlsx")
    book["Pricing"]["C6"] = "abc"
    book["Channels"]["E7"] = 150
    book.save(bad)
    before = regie("quote", "list", "--history", "-w", workspace, "--json").json()
    result = regie("quote", "import", bad, "--vendor", "Alpha", "-w", workspace)
    assert result.code == 1
    assert result.stderr.splitlines() == [
        "error: bad.xlsx: sheet Pricing, cell C6 = 'abc': must be a number of euros ≥ 0",
        "error: bad.xlsx: sheet Channels, cell E7 = 150: must be a percentage from 0 to 100",
    ]
    assert regie("quote", "list", "--history", "-w", workspace, "--json").json() == before


def test_template_refuses_to_overwrite_and_writes_dutch(workspace: Path) -> None:
    folder = workspace.parent
    assert regie("quote", "template", "--xlsx", folder / "form.xlsx").code == 1
    dutch = folder / "offerte.xlsx"
    result = regie(
        "quote", "template", "--xlsx", dutch, "--lang", "nl", "--channels", "phone,email"
    )
    assert result.code == 0, result.stderr
    book = openpyxl.load_workbook(dutch)
    assert book.sheetnames == ["Offerte", "Tarieven", "Kanalen"]
    assert [book["Kanalen"][f"A{r}"].value for r in (6, 7, 8)] == ["phone", "email", None]
