"""``regie watch`` end to end on the tiny demo company (2025, decline from August).

The command runs as ``python -m regie watch`` once the root command lists it; until then
the same command function runs through Typer's test runner on an app built here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from tests.e2e.cli import Result, regie
from tests.integration.test_watch import VENDOR, build


@cache
def registered() -> bool:
    return regie("watch", "--help").code == 0


def run(*args: str | Path) -> Result:
    if registered():
        return regie("watch", *args)
    from regie.cli.watch import watch

    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    app.command("watch")(watch)
    app.callback()(lambda: None)
    env = {"COLUMNS": "200", "NO_COLOR": "1", "REGIE_LANG": "en"}
    done = CliRunner().invoke(app, ["watch", *map(str, args)], env=env)
    return Result(done.exit_code, done.stdout, done.stderr)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("watch-cli")
    build(root, "tiny")
    return root / "workspace"


def test_json_lists_the_open_signals_with_both_dates_and_exits_0(workspace: Path) -> None:
    result = run("--vendor", VENDOR, "-w", workspace, "--json")
    assert result.code == 0, result.stderr
    found = result.json()
    assert (found["vendor"], found["until"], found["method"]) == (VENDOR, "2025-12-31", "ewma")
    assert (found["watched"], found["no_baseline"], found["open_days"]) == (8, [], 14)
    signals = {s["kpi"]: s for s in found["signals"]}
    assert {"kpi.fcr", "kpi.csat_top2"} <= set(signals)
    fcr = signals["kpi.fcr"]
    assert (fcr["channel"], fcr["measure"], fcr["direction"]) == ("all", "fcr_no_recontact", "down")
    assert fcr["baseline"] == {"from": "2025-01-01", "to": "2025-02-25"}
    assert fcr["since"] >= "2025-08-01" and fcr["target"] == 0.7
    assert fcr["target_first_missed"] is not None and fcr["statistic"] < fcr["baseline_mean"]


def test_the_table_names_each_signal_in_english_and_dutch(workspace: Path) -> None:
    english = run("--vendor", VENDOR, "-w", workspace, "--method", "cusum")
    assert english.code == 0, english.stderr
    assert "Open signals for Demo Vendor up to 2025-12-31 (CUSUM)" in english.stdout
    assert "FCR, no new contact from the customer within N days" in english.stdout
    dutch = run("--vendor", VENDOR, "-w", workspace, "--lang", "nl")
    assert dutch.code == 0, dutch.stderr
    assert "Leverancier" in dutch.stdout and "Alle kanalen" in dutch.stdout


def test_a_day_before_the_decline_nothing_is_open(workspace: Path) -> None:
    result = run("--vendor", VENDOR, "-w", workspace, "--until", "2025-07-31", "--json")
    assert result.code == 0, result.stderr
    found = result.json()
    assert found["until"] == "2025-07-31"
    assert not {"kpi.fcr", "kpi.csat_top2"} & {s["kpi"] for s in found["signals"]}


def test_a_baseline_longer_than_the_data_leaves_every_series_without_one(workspace: Path) -> None:
    result = run("--vendor", VENDOR, "-w", workspace, "--baseline-days", "400", "--json")
    assert result.code == 0, result.stderr
    found = result.json()
    assert found["signals"] == [] and len(found["no_baseline"]) == 8
    assert "leaves no later day to watch" in found["no_baseline"][0]["problem"]
    table = run("--vendor", VENDOR, "-w", workspace, "--baseline-days", "400")
    assert "No open signals (8 series watched)." in table.stdout
    assert "No baseline for Phone: service level" in table.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--vendor", "Nobody"), "vendor 'Nobody' does not exist"),
        (("--vendor", VENDOR, "--baseline", "2025-03-01"), "give FROM:TO"),
        (("--vendor", VENDOR, "--baseline", "2025-01-01:2025-02-31"), "as YYYY-MM-DD"),
        (("--vendor", VENDOR, "--baseline", "2025-01-01:2025-02-28", "--baseline-days", "30"),
         "not both"),
        (("--vendor", VENDOR, "--method", "shewhart"), "use one of ewma, cusum"),
    ],
)  # fmt: skip
def test_user_errors_exit_1_with_one_line(
    workspace: Path, args: tuple[str, ...], message: str
) -> None:
    result = run(*args, "-w", workspace)
    assert result.code == 1
    assert message in result.stderr
