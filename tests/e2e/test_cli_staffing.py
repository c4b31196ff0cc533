"""``regie staffing``: single interval, evaluation, errors, and the weekly plan."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from regie.cli.staffing import app

runner = CliRunner()
CLASSIC = ["--calls", "100", "--interval-minutes", "30", "--aht-seconds", "180"]
TARGET = ["--target-sl", "0.8", "--target-seconds", "20"]


def run_json(*args: str) -> dict[str, object]:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    payload: dict[str, object] = json.loads(result.stdout)
    return payload


def test_the_classic_example_prints_14_agents_and_20_fte_as_json() -> None:
    payload = run_json(*CLASSIC, *TARGET, "--shrinkage", "0.3")
    assert set(payload) == {
        "agents",
        "traffic_erlangs",
        "service_level",
        "p_wait",
        "asa_seconds",
        "occupancy",
        "fte",
    }
    assert (payload["agents"], payload["fte"], payload["traffic_erlangs"]) == (14, 20, 10.0)
    assert round(payload["service_level"], 4) == 0.8884
    assert round(payload["p_wait"], 4) == 0.1741
    assert round(payload["asa_seconds"], 2) == 7.84
    assert round(payload["occupancy"], 4) == 0.7143


def test_given_agents_are_evaluated_instead_of_solved() -> None:
    payload = run_json(*CLASSIC, *TARGET, "--agents", "12")
    assert payload["agents"] == 12 and payload["service_level"] < 0.8


def test_patience_switches_to_erlang_a_and_reports_abandons() -> None:
    payload = run_json(*CLASSIC, *TARGET, "--patience-seconds", "300", "--abandons", "ignored")
    assert "abandon_rate" in payload and payload["agents"] <= 14


def test_fractional_concurrency_and_asa_options_are_accepted() -> None:
    payload = run_json(*CLASSIC, "--target-asa-seconds", "10", "--fractional")
    assert isinstance(payload["agents"], float) and payload["asa_seconds"] <= 10
    chat = run_json(*CLASSIC, *TARGET, "--concurrency", "2")
    assert chat["agents"] == 7


def test_an_impossible_target_prints_one_line_and_exits_1() -> None:
    result = runner.invoke(app, [*CLASSIC, "--target-sl", "1.0", "--target-seconds", "0"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "error:" in result.output
    assert "Traceback" not in result.output


def test_negative_calls_are_a_user_error() -> None:
    result = runner.invoke(app, ["--calls", "-5", "--aht-seconds", "180"])
    assert result.exit_code == 1 and "calls = -5.0: must be >= 0" in result.output


def test_a_rich_table_is_printed_without_json() -> None:
    result = runner.invoke(app, [*CLASSIC, *TARGET])
    assert result.exit_code == 0 and "Erlang C" in result.output and "14" in result.output


def test_the_plan_command_writes_csv_and_xlsx(tmp_path: Path) -> None:
    profile = tmp_path / "profile.csv"
    rows = "".join(f"{d},{h:02d}:30,{20 * h},200\n" for d in ("mon", "sat") for h in range(8, 18))
    profile.write_text("weekday,start,calls,aht_seconds\n" + rows, encoding="utf-8")
    out = tmp_path / "out"
    args = ["plan", str(profile), *TARGET, "--shrinkage", "0.3", "--hourly-cost", "30"]
    payload = run_json(*args, "--out", str(out))
    assert payload["intervals"] == 20
    assert (out / "staffing-plan.csv").read_text().startswith("weekday,start,calls")
    assert (out / "staffing-plan.xlsx").stat().st_size > 5000
    assert payload["cost"] == payload["paid_hours"] * 30


def test_a_bad_profile_names_the_line_and_exits_1(tmp_path: Path) -> None:
    profile = tmp_path / "bad.csv"
    profile.write_text("weekday,start,calls\nmon,08:00,-1\n", encoding="utf-8")
    result = runner.invoke(app, ["plan", str(profile), "--aht-seconds", "180"])
    assert result.exit_code == 1
    assert "bad.csv: line 2, column calls = '-1': must be a number >= 0" in result.output


def test_the_regie_command_exposes_staffing() -> None:
    script = "from regie.cli.app import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", script, "staffing", *CLASSIC, *TARGET, "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["agents"] == 14


def test_the_table_speaks_dutch_with_dutch_numbers() -> None:
    from tests.e2e.cli import regie

    result = regie("staffing", *CLASSIC, *TARGET, "--lang", "nl")
    assert result.code == 0, result.stderr
    assert "Servicelevel" in result.stdout and "88,84 %" in result.stdout
