"""On the demo company the early warning comes weeks before the monthly target is missed.

The demo's chosen vendor declines slowly from month 8 (December 2025). The monthly
statements first miss FCR and CSAT in a later month; the control charts must signal at
least three weeks before that month closes (when the miss becomes a fact on paper).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from pathlib import Path

import pytest

from regie import bootstrap
from regie.demo.company import Company, DemoRequest, build_company
from regie.demo.plan import CHOSEN
from regie.services.watch import watch

QUALITY = ("kpi.fcr", "kpi.csat_top2")


@pytest.fixture(scope="module")
def company(tmp_path_factory: pytest.TempPathFactory) -> Company:
    folder: Path = tmp_path_factory.mktemp("demo-small")
    return build_company(DemoRequest(folder, size="small"))


def month_end(month: str) -> date:
    year, number = (int(part) for part in month.split("-"))
    return date(year, number, calendar.monthrange(year, number)[1])


@pytest.mark.parametrize("key", QUALITY)
def test_the_signal_comes_weeks_before_the_first_missed_month_closes(
    company: Company, key: str
) -> None:
    root = company.request.workspace
    found = watch(bootstrap.store(root), bootstrap.governance(root), CHOSEN.name)
    (signal,) = [s for s in found.signals if s.series.kpi == key]
    missed = [m.month for m in company.governance.months if key in m.missed]
    assert missed, f"{key} is never missed in the demo's statements"
    first_miss = missed[0]
    assert signal.first_missed is not None
    assert signal.first_missed.strftime("%Y-%m") == first_miss  # same month as the statement
    lead = month_end(first_miss) - signal.since
    message = f"{key}: signal since {signal.since}, target first missed in {first_miss}"
    assert lead >= timedelta(weeks=3), message
    assert signal.since >= date(2025, 12, 1), message  # not before the decline begins
