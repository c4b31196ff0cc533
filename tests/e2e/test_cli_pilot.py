"""``regie pilot new|show|check`` end to end, on the hand-computed 60-day pilot of
``tests/integration/test_pilot_check.py`` imported from CSV files built here."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.cli import regie
from tests.integration.test_pilot_check import ALPHA, BETA, PILOT, alpha, beta, write_csv


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pilot-cli")
    root = folder / "ws"
    write_csv(folder / "alpha.csv", alpha())
    write_csv(folder / "beta.csv", beta())
    (folder / "pilot.toml").write_text(PILOT, encoding="utf-8")
    for command in (
        ("init", root),
        ("vendor", "add", ALPHA, "-w", root),
        ("vendor", "add", BETA, "-w", root),
        ("import", "csv", folder / "alpha.csv", "--vendor", ALPHA, "-w", root),
        ("import", "csv", folder / "beta.csv", "--vendor", BETA, "-w", root),
    ):
        result = regie(*command)
        assert result.code == 0, result.stderr
    return folder


def test_new_writes_a_pilot_that_check_reads(folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "pilot.toml"
    made = regie("pilot", "new", path, "--vendor", ALPHA, "--vendor", BETA, "--fee", "1000",
                 "--fee", "900", "--start", "2026-03-02", "--days", "60", "--name",
                 "E-mail pilot", "--json")  # fmt: skip
    assert made.code == 0, made.stderr
    found = made.json()
    assert (found["file"], found["days"], found["fees_missing"]) == (str(path), 60, [])
    assert [t["target"] for t in found["thresholds"]] == [0.85, 3600.0, 180.0, 0.7, 4.0]
    checked = regie("pilot", "check", path, "-w", folder / "ws", "--json").json()
    verdicts = [v["decision"]["verdict"] for v in checked["vendors"]]
    assert verdicts == ["scale up in phases", "stop and analyse per KPI"]


def test_new_in_dutch_names_the_vendors_still_without_a_fee(tmp_path: Path) -> None:
    path = tmp_path / "pilot.toml"
    made = regie("pilot", "new", path, "--vendor", "Acme", "--lang", "nl")
    assert made.code == 0, made.stderr
    assert "De sleutels blijven Engels" in path.read_text(encoding="utf-8")
    assert "Acme" in made.stdout
    again = regie("pilot", "new", path)
    assert again.code == 1 and "already exists; use --force" in again.stderr
    shown = regie("pilot", "show", path)
    assert shown.code == 1
    assert "pilot.toml: vendors[1]: give fee (euros for the whole pilot)" in shown.stderr


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--days", "120"), "pilot.toml: pilot.days = 120: must be 30 to 90 days"),
        (("--channel", "fax"), "pilot.toml: pilot.channel = \"fax\": must be 'phone'"),
        (("--vendor", "A", "--vendor", "B", "--fee", "1", "--fee", "2", "--fee", "3"),
         "--fee given 3 times for 2 vendors"),
        (tuple(x for i in range(4) for x in ("--vendor", f"V{i}")),
         "a pilot has 1 to 3 vendors"),
    ],
)  # fmt: skip
def test_new_refuses_what_check_would_refuse(
    tmp_path: Path, options: tuple[str, ...], message: str
) -> None:
    result = regie("pilot", "new", tmp_path / "pilot.toml", *options)
    assert result.code == 1
    assert message in result.stderr
    assert not (tmp_path / "pilot.toml").exists()


def test_show_prints_what_was_read(folder: Path) -> None:
    found = regie("pilot", "show", folder / "pilot.toml", "--json").json()
    assert [v["name"] for v in found["vendors"]] == [ALPHA, BETA]
    assert (found["channel"], found["start"], found["frt_calendar"]) == (
        "email", "2026-03-02", "24/7",
    )  # fmt: skip
    table = regie("pilot", "show", folder / "pilot.toml")
    assert "CSAT, top-2-box share" in table.stdout and "≥ 85.0 %" in table.stdout


def test_check_gives_the_hand_computed_figures_as_json(folder: Path) -> None:
    found = regie("pilot", "check", folder / "pilot.toml", "-w", folder / "ws", "--json").json()
    assert (found["day"], found["through"], found["files"]) == (60, "2026-04-30", [])
    alpha_, beta_ = found["vendors"]
    values = {k["kpi"]: (round(k["value"], 4), k["n"], k["status"]) for k in alpha_["kpis"]}
    assert values == {
        "csat": (0.8, 300, "missed"),
        "frt": (1800.0, 300, "within target"),
        "aht": (300.0, 300, "within target"),
        "fcr": (0.8, 300, "within target"),
        "cost_per_ticket": (3.3333, 300, "within target"),
    }
    assert alpha_["decision"] == {"phase": "decision", "verdict": "scale up in phases",
                                  "within": 4, "required": 4, "total": 5}  # fmt: skip
    assert [a["kpi"] for a in beta_["analysis"]] == ["frt", "aht", "fcr"]
    fcr = beta_["analysis"][2]
    assert (round(fcr["gap"], 9), fcr["side"], fcr["trend"]["direction"]) == (0.1, "low", "worse")
    assert fcr["remedies"][0]["kind"] == "training"
    pairs = {c["kpi"]: c for c in found["comparisons"]}
    assert (pairs["fcr"]["test"], pairs["fcr"]["needed_per_group"]) == ("two-proportion z-test", 82)
    assert pairs["frt"]["test"] == "Mann–Whitney U test"
    assert len(found["daily"]) == 2 * 60 * 5


def test_check_at_day_30_is_an_early_read(folder: Path) -> None:
    found = regie("pilot", "check", folder / "pilot.toml", "-w", folder / "ws", "--day", "30",
                  "--json").json()  # fmt: skip
    assert [v["decision"]["verdict"] for v in found["vendors"]] == ["on track", "at risk"]
    assert found["vendors"][0]["fee"] == 500.0


def test_check_prints_tables_and_writes_dutch_reports(folder: Path, tmp_path: Path) -> None:
    result = regie("pilot", "check", folder / "pilot.toml", "-w", folder / "ws", "--out",
                   tmp_path, "--lang", "nl")  # fmt: skip
    assert result.code == 0, result.stderr
    assert "niet gehaald" in result.stdout
    assert "80,0 %" in result.stdout
    names = sorted(p.name for p in tmp_path.iterdir())
    stem = "pilot-e-mail-pilot-day60"
    assert names == [f"{stem}.html", f"{stem}.pdf", f"{stem}.xlsx"]


def test_check_in_english_says_what_to_do(folder: Path) -> None:
    result = regie("pilot", "check", folder / "pilot.toml", "-w", folder / "ws")
    assert result.code == 0, result.stderr
    assert "4 of 5 KPIs within target (4 needed): scale up in phases" in result.stdout
    assert "Widen first-line authority" in result.stdout
    assert "Side by side" in result.stdout


def test_check_refuses_a_day_outside_the_pilot(folder: Path) -> None:
    result = regie("pilot", "check", folder / "pilot.toml", "-w", folder / "ws", "--day", "61")
    assert result.code == 1
    assert "--day 61: must be 1 to 60 (the pilot's length)" in result.stderr
    missing = regie("pilot", "check", folder / "none.toml", "-w", folder / "ws")
    assert missing.code == 1 and "no such pilot file" in missing.stderr
