"""KPIs of one real month of the "Anonymous Bank" call log against an independent count.

Data: Technion SEE Lab (Guedj & Mandelbaum), analysed in Brown et al. (2005), JASA 100(469);
see ../shared/data/external/anonymous-bank-1999/SOURCE.md. The contacts come through the
shipped mapping; the expected figures are computed here from the raw file with the csv
module, using the mapping's rules: PHANTOM calls and calls that ended in the voice menu
(HANG with neither a queue entry nor a service) are left out; a call is answered when its
outcome is AGENT and it has a service start; its wait is ``q_time``, its handle time
``ser_time``. Only totals are checked: never per-customer or per-agent figures.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from regie.analytics.kpi import KpiOptions, contact_kpis
from regie.domain.staffing import Abandons, ServiceLevelRule
from regie.ingest.mapped import read
from regie.ingest.reading import ReadOptions

REPO = Path(__file__).resolve().parents[2]
MONTH = REPO.parent / "shared/data/external/anonymous-bank-1999/01_January.txt"
MAPPING = REPO / "examples/mappings/anonymous-bank-1999.toml"
NOT_HAPPENED = "0:00:00"
THRESHOLD = 20


@pytest.fixture(scope="module")
def calls() -> list[dict[str, str]]:
    """The raw calls the mapping keeps."""
    assert MONTH.is_file(), f"{MONTH} is missing: the repository expects shared/ beside it"
    with MONTH.open(newline="", encoding="ascii") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [r for r in rows if r["outcome"] != "PHANTOM" and not ended_in_the_vru(r)]


def ended_in_the_vru(row: dict[str, str]) -> bool:
    no_queue = row["q_start"] == NOT_HAPPENED and row["ser_start"] == NOT_HAPPENED
    return row["outcome"] == "HANG" and no_queue


def answered(row: dict[str, str]) -> bool:
    return row["outcome"] == "AGENT" and row["ser_start"] != NOT_HAPPENED


@pytest.fixture(scope="module")
def month() -> dict[str, Any]:
    """The KPI row of January 1999 (Israeli local dates), all calls in one group."""
    reading = read(MONTH, ReadOptions(mapping=MAPPING))
    rule = ServiceLevelRule(abandons=Abandons.AGAINST)
    options = KpiOptions(
        timezone="Asia/Jerusalem", service_level_seconds=THRESHOLD, service_level=rule
    )
    found = contact_kpis(reading.canonical(), by=("channel",), period="month", options=options)
    table = found.collect()
    assert table.height == 1, "every call of the January file lies in January, local time"
    return table.row(0, named=True)


def test_the_month_offers_every_kept_call(
    calls: list[dict[str, str]], month: dict[str, Any]
) -> None:
    assert month["offered"] == len(calls) == 30_161
    assert month["handled"] == sum(answered(r) for r in calls)


def test_abandonment_rate_equals_hang_ups_over_kept_calls(
    calls: list[dict[str, str]], month: dict[str, Any]
) -> None:
    hang_ups = sum(r["outcome"] == "HANG" for r in calls)
    assert (month["abandonment_rate_hits"], month["abandonment_rate_n"]) == (3_101, len(calls))
    assert month["abandonment_rate"] == pytest.approx(hang_ups / len(calls), rel=1e-12)


def test_asa_equals_the_mean_queue_time_of_answered_calls(
    calls: list[dict[str, str]], month: dict[str, Any]
) -> None:
    waits = [int(r["q_time"]) for r in calls if answered(r)]
    assert month["asa_n"] == len(waits)
    assert month["asa_seconds"] == pytest.approx(sum(waits) / len(waits), rel=1e-12)


def test_aht_equals_the_mean_service_time_of_answered_calls(
    calls: list[dict[str, str]], month: dict[str, Any]
) -> None:
    handles = [int(r["ser_time"]) for r in calls if answered(r)]
    assert month["aht_n"] == len(handles)
    assert month["aht_seconds"] == pytest.approx(sum(handles) / len(handles), rel=1e-12)


def test_service_level_at_20_seconds_with_abandons_against_matches_the_raw_file(
    calls: list[dict[str, str]], month: dict[str, Any]
) -> None:
    within = sum(answered(r) and int(r["q_time"]) <= THRESHOLD for r in calls)
    assert (month["sl_against_hits"], month["sl_against_n"]) == (within, len(calls))
    assert month["service_level"] == pytest.approx(within / len(calls), rel=1e-12)
    assert month["sl_against_low"] < month["service_level"] < month["sl_against_high"]
