"""A live channel switched to Erlang staffing: hand-checked FTE, fast path, errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from regie.domain.costing import horizon_totals, project, staffing_factors, totals
from regie.domain.errors import CaseFileError
from regie.domain.scenarios import likely
from regie.files.case_loader import load_case, parse_case
from regie.services.business_case import evaluate, staffing_rows, to_json

DATA = Path(__file__).resolve().parents[1] / "data"
WEEKS_PER_MONTH = 52 / 12
PHONE = f"""
[case]
name = "phone"
productive_hours = "160/month"

[channels.phone]
volume_per_month = {8000 * WEEKS_PER_MONTH!r}
aht_minutes = 3

[channels.phone.staffing]
method = "erlang"
service_level = 0.8
threshold_seconds = 20
open_hours_per_week = 40
interval_minutes = 30

[inhouse]
gross_monthly_salary = 2500
employer_charges_pct = 35

[outsourced.pricing]
model = "hourly"
hourly_rate = 18

[simulation]
draws = 1000
"""


def test_the_classic_interval_gives_fourteen_agents_in_every_open_half_hour() -> None:
    # 8,000 calls a week over 80 open half-hours = 100 calls per 30 min at AHT 180 s:
    # the classic example needs 14 agents for 80/20, so 14 × 80 × 0.5 h = 560 h a week.
    r = evaluate(parse_case(PHONE), draws=1000).realistic
    agent_hours = 14 * 80 * 0.5 * WEEKS_PER_MONTH
    assert float(r.projection.staffed_hours["phone"][0]) == pytest.approx(agent_hours)
    assert float(r.projection.fte["phone"][0]) == pytest.approx(agent_hours / 160)
    workload = 8000 * WEEKS_PER_MONTH * 3 / 60
    assert float(r.projection.hours["phone"][0]) == pytest.approx(workload)
    # an hourly vendor bills the staffed hours, not only the talk time
    assert r.outsourced_tco == pytest.approx(18 * agent_hours * 12)


def test_shrinkage_raises_the_staffed_hours_by_one_over_one_minus_shrinkage() -> None:
    text = PHONE.replace("interval_minutes = 30", "interval_minutes = 30\nshrinkage_pct = 30")
    r = evaluate(parse_case(text), draws=1000).realistic
    assert float(r.projection.staffed_hours["phone"][0]) == pytest.approx(
        14 * 80 * 0.5 * WEEKS_PER_MONTH / 0.7
    )


def test_the_json_and_the_staffing_rows_show_linear_beside_erlang() -> None:
    ev = evaluate(parse_case(PHONE), draws=1000)
    doc = to_json(ev, [])
    assert doc["fte"]["method_by_channel"] == {"phone": "erlang"}
    assert doc["fte"]["linear_by_channel"]["phone"] == pytest.approx(
        8000 * 52 / 12 / 20 / 160, abs=1e-4
    )
    phone, total = staffing_rows(ev)
    assert phone.difference == pytest.approx(phone.fte - phone.fte_linear)
    assert phone.difference > 0
    assert total.fte == pytest.approx(phone.fte)


def test_the_fast_totals_equal_the_projection_with_erlang_channels() -> None:
    case = load_case(DATA / "case-rich.toml")
    values = likely(case.estimates)
    slow, fast = totals(project(case.structure, values)), horizon_totals(case.structure, values)
    assert float(fast.saving) == pytest.approx(float(slow.saving), rel=1e-12)


def test_draws_with_the_realistic_staffing_factors_agree_with_the_projection() -> None:
    case = load_case(DATA / "case-rich.toml")
    base = likely(case.estimates)
    base.update(staffing_factors(case.structure, project(case.structure, base)))
    rng = np.random.default_rng(5)
    stacked = {
        k: (v * rng.uniform(0.8, 1.2, size=(9, 1)) if not k.startswith("staffing") else v)
        for k, v in base.items()
    }
    slow, fast = totals(project(case.structure, stacked)), horizon_totals(case.structure, stacked)
    assert np.allclose(fast.saving, slow.saving, rtol=1e-10)


def test_a_case_without_ranges_keeps_its_erlang_saving_in_every_draw() -> None:
    ev = evaluate(parse_case(PHONE), draws=2000)
    assert ev.monte_carlo.percentile(10) == pytest.approx(ev.realistic.saving)
    assert ev.monte_carlo.percentile(90) == pytest.approx(ev.realistic.saving)


def test_a_broken_profile_is_reported_with_the_key_file_line_and_column(tmp_path: Path) -> None:
    (tmp_path / "profile.csv").write_text("weekday,start,calls\nmon,09:00,-3\nxyz,09:30,5\n")
    text = PHONE.replace("open_hours_per_week = 40", 'profile = "profile.csv"')
    with pytest.raises(CaseFileError) as caught:
        parse_case(text, source="case.toml", folder=tmp_path)
    lines = caught.value.problems
    assert any(
        'channels.phone.staffing.profile = "profile.csv"' in p and "line 2" in p and "calls" in p
        for p in lines
    )
    assert any("line 3" in p and "weekday" in p for p in lines)


def test_staffing_needs_either_open_hours_or_a_profile() -> None:
    with pytest.raises(CaseFileError, match="give exactly one of open_hours_per_week or profile"):
        parse_case(PHONE.replace("open_hours_per_week = 40\n", ""))
