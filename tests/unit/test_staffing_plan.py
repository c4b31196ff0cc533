"""Weekly interval plans, deferred work with a deadline, the profile CSV and the workbook."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook

from regie.domain.errors import InvalidInput, NotFound
from regie.domain.staffing import ServiceLevelRule, Target, demand
from regie.domain.staffing_plan import PlanCosts, backlog_agents, plan_intervals
from regie.reports.staffing_xlsx import write_plan_xlsx
from regie.services.staffing_plan import PlanRequest, build_plan, read_profile

SL_80_20 = Target(service_level=0.8, threshold_seconds=20)


def write_profile(folder: Path, text: str) -> Path:
    path = folder / "profile.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_plan_adds_up_agent_hours_paid_hours_fte_and_cost() -> None:
    d = demand([100, 0, 100], [180, 180, 180], 1800)
    plan = plan_intervals(d, SL_80_20, costs=PlanCosts(0.3, 40.0, 30.0))
    assert plan.outcome.agents.tolist() == [14, 0, 14]
    assert plan.scheduled.tolist() == [20, 0, 20]
    assert plan.agent_hours == pytest.approx(14.0)
    assert plan.paid_hours == pytest.approx(20.0)
    assert plan.fte == pytest.approx(0.5)
    assert plan.cost == pytest.approx(600.0)


def test_deferred_work_is_spread_up_to_its_deadline() -> None:
    # 60 e-mails of 10 minutes in one hour-long interval, due within 4 hours.
    items = np.array([60.0, 0, 0, 0, 0, 0])
    agents = backlog_agents(items, 600.0, 3600, 4 * 3600)
    assert agents.tolist() == [3, 3, 3, 3, 0, 0]
    same_interval = backlog_agents(items, 600.0, 3600, 1800, max_occupancy=0.8)
    assert same_interval[0] == 13


def test_deferred_work_wraps_around_the_end_of_the_week() -> None:
    agents = backlog_agents([0, 0, 0, 36.0], 600.0, 3600, 2 * 3600)
    assert agents.tolist() == [3, 0, 0, 3]


def test_deferred_work_rejects_a_zero_deadline() -> None:
    with pytest.raises(InvalidInput):
        backlog_agents([1.0], 600.0, 3600, 0)


def test_a_profile_is_read_in_week_order_with_any_weekday_spelling(tmp_path: Path) -> None:
    path = write_profile(tmp_path, "Weekday,Start,Calls\nTuesday,9:00,5\n1,08:30,10\nmon,08:00,0\n")
    profile = read_profile(path, 30)
    assert profile.weekday == ["mon", "mon", "tue"]
    assert profile.start == ["08:00", "08:30", "09:00"]
    assert profile.calls.tolist() == [0, 10, 5]
    assert profile.aht_seconds is None


def test_every_bad_profile_value_is_named_with_line_column_and_rule(tmp_path: Path) -> None:
    path = write_profile(
        tmp_path,
        "weekday,start,calls,aht_seconds\nmon,08:00,-3,180\nfunday,08:10,x,0\n",
    )
    with pytest.raises(InvalidInput) as caught:
        read_profile(path, 30)
    problems = caught.value.problems
    assert "profile.csv: line 2, column calls = '-3': must be a number >= 0" in problems
    assert any("line 3, column weekday = 'funday'" in p for p in problems)
    assert any("line 3, column start = '08:10'" in p and "30-minute grid" in p for p in problems)
    assert any("line 3, column aht_seconds = '0'" in p for p in problems)


def test_a_profile_with_a_duplicate_interval_or_missing_column_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="duplicate of line 2"):
        read_profile(write_profile(tmp_path, "weekday,start,calls\nmon,08:00,1\n1,8:00,2\n"), 30)
    with pytest.raises(InvalidInput, match="missing column"):
        read_profile(write_profile(tmp_path, "weekday,calls\nmon,1\n"), 30)
    with pytest.raises(InvalidInput, match="must be one of 15, 30, 60"):
        read_profile(write_profile(tmp_path, "weekday,start,calls\nmon,08:00,1\n"), 20)
    with pytest.raises(NotFound):
        read_profile(tmp_path / "absent.csv", 30)


def test_a_profile_without_aht_needs_a_default_aht(tmp_path: Path) -> None:
    profile = read_profile(write_profile(tmp_path, "weekday,start,calls\nmon,08:00,100\n"), 30)
    request = PlanRequest(interval_minutes=30, target=SL_80_20, rule=ServiceLevelRule())
    with pytest.raises(InvalidInput, match="aht"):
        build_plan(profile, request)
    _, table = build_plan(profile, PlanRequest(30, SL_80_20, ServiceLevelRule(), 180.0))
    assert table["agents"].to_list() == [14.0]


def test_the_workbook_holds_the_plan_and_a_native_chart(tmp_path: Path) -> None:
    rows = "".join(f"{d},{h:02d}:00,{50 + 10 * h}\n" for d in ("mon", "tue") for h in range(8, 12))
    profile = read_profile(write_profile(tmp_path, "weekday,start,calls\n" + rows), 60)
    plan, table = build_plan(
        profile, PlanRequest(60, SL_80_20, ServiceLevelRule(), 240.0, patience_seconds=120)
    )
    path = write_plan_xlsx(tmp_path / "plan.xlsx", table, plan)
    book = load_workbook(path)
    sheet = book["Plan"]
    assert [c.value for c in sheet[1]][:6] == [
        "weekday",
        "start",
        "calls",
        "aht_seconds",
        "traffic_erlangs",
        "agents",
    ]
    assert sheet.max_row == 9 and "abandon_rate" in [c.value for c in sheet[1]]
    with zipfile.ZipFile(path) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert charts and b"barChart" in archive.read(charts[0])
    assert not list(tmp_path.glob(".*.tmp"))
