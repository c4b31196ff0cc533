"""``regie demo DIR --size tiny`` end to end, as a user runs it: the JSON summary, the
human summary, and the workspace it leaves behind for the other commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from regie.demo.company import PHASES
from regie.demo.plan import CHOSEN, RUNNER_UP
from tests.e2e.cli import regie


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("demo") / "company"
    result = regie("demo", folder, "--size", "tiny", "--json")
    assert result.code == 0, result.stderr
    return folder, result.json()


def test_the_json_names_the_files_vendors_counts_months_and_timings(
    made: tuple[Path, dict[str, Any]],
) -> None:
    folder, found = made
    assert (found["size"], found["seed"]) == ("tiny", 2025)
    assert Path(found["files"]["workspace"]) == folder / "workspace"
    for key in ("case", "contract", "pilot", "outages", "qa_scorecard"):
        assert Path(found["files"][key]).is_file(), key
    assert [Path(p).is_file() for p in found["files"]["quotes"].values()] == [True] * 3
    vendors = {v["name"]: v for v in found["vendors"]}
    assert vendors[CHOSEN.name]["diligence"]["ready_to_sign"] is True
    assert vendors[CHOSEN.name]["pilot"]["day_60"]["verdict"] == "scale up in phases"
    assert vendors[RUNNER_UP.name]["pilot"]["day_60"]["verdict"] == "stop and analyse per KPI"
    assert (found["counts"]["quotes"], found["counts"]["statements"]) == (3, 12)
    assert [m["month"] for m in found["months"]][::11] == ["2025-05", "2026-04"]
    assert set(found["timings"]) == set(PHASES)
    assert all(seconds >= 0 for seconds in found["timings"].values())


def test_the_workspace_serves_the_other_commands(made: tuple[Path, dict[str, Any]]) -> None:
    folder, found = made
    workspace = folder / "workspace"
    statement = regie("evaluate", "--vendor", CHOSEN.name, "--month", "2026-03", "-w",
                      workspace, "--json")  # fmt: skip
    assert statement.code == 0, statement.stderr
    assert statement.json()["net_adjustment"] == found["months"][10]["net_adjustment"]
    pilot = regie("pilot", "check", folder / "pilot.toml", "--day", "60", "-w", workspace)
    assert pilot.code == 0 and "scale up in phases" in pilot.stdout


def test_a_second_run_is_refused_then_forced_with_a_human_summary(
    made: tuple[Path, dict[str, Any]],
) -> None:
    folder, _ = made
    refused = regie("demo", folder, "--size", "tiny")
    assert refused.code == 1 and "--force" in refused.stderr
    forced = regie("demo", folder, "--size", "tiny", "--force", "--lang", "nl")
    assert forced.code == 0, forced.stderr
    assert "Polder Service Groep" in forced.stdout and "2026-04" in forced.stdout


def test_an_unknown_size_is_one_clear_error(tmp_path: Path) -> None:
    result = regie("demo", tmp_path / "demo", "--size", "huge")
    assert result.code == 1 and "--size 'huge': use small or full" in result.stderr
    assert not (tmp_path / "demo").exists()
