"""`regie kpi` and `regie evaluate` on one real month: the "Anonymous Bank" call log.

The calls go in through `regie import mapped` with the shipped mapping; the figures of
`regie kpi --contract` and of the statement are compared with counts made here from the
raw file with the csv module (rules in tests/integration/test_kpi_anonymous_bank.py).
Data: Technion SEE Lab; see ../shared/data/external/anonymous-bank-1999/SOURCE.md. Only
totals are checked, never per-customer or per-agent figures.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.cli import regie
from tests.integration.test_kpi_anonymous_bank import MAPPING, MONTH, answered, ended_in_the_vru

THRESHOLD = 20
CONTRACT = """
[contract]
effective_from = 1999-01-01
timezone = "Asia/Jerusalem"
monthly_fee = 100000

[response.phone]
target_seconds = 20
required_share = 0.8
abandons = "against"

[kpis.csat_mean]
target = 4.0

[[penalties]]
name = "service level"
applies_to = ["response.phone"]
tiers = [{ beyond = 0, percent_of_fee = 2 }, { beyond = 0.2, percent_of_fee = 5 }]
"""


@pytest.fixture(scope="module")
def calls() -> list[dict[str, str]]:
    assert MONTH.is_file(), f"{MONTH} is missing: the repository expects shared/ beside it"
    with MONTH.open(newline="", encoding="ascii") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [r for r in rows if r["outcome"] != "PHANTOM" and not ended_in_the_vru(r)]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bank")
    root = folder / "ws"
    (folder / "bank.toml").write_text(CONTRACT, encoding="utf-8")
    for command in (
        ("init", root),
        ("vendor", "add", "bank", "-w", root),
        ("import", "mapped", MONTH, "--mapping", MAPPING, "--vendor", "bank", "-w", root),
        ("contract", "add", folder / "bank.toml", "--vendor", "bank", "-w", root),
    ):
        result = regie(*command)
        assert result.code == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def month(workspace: Path) -> dict[str, Any]:
    rows = regie("kpi", "--vendor", "bank", "--from", "1999-01-01", "--to", "1999-01-31",
                 "--by", "channel,month", "--contract", "stored", "-w", workspace,
                 "--json").json()  # fmt: skip
    (row,) = rows
    return dict(row)


def test_abandonment_asa_and_aht_equal_the_raw_file(
    calls: list[dict[str, str]], month: dict[str, Any]
) -> None:
    kept = [r for r in calls if answered(r)]
    assert month["offered"] == len(calls)
    assert month["abandonment_rate"] == pytest.approx(
        sum(r["outcome"] == "HANG" for r in calls) / len(calls), rel=1e-12
    )
    assert month["asa_seconds"] == pytest.approx(
        sum(int(r["q_time"]) for r in kept) / len(kept), rel=1e-12
    )
    assert month["aht_seconds"] == pytest.approx(
        sum(int(r["ser_time"]) for r in kept) / len(kept), rel=1e-12
    )


def test_the_service_level_of_kpi_and_statement_equal_the_raw_file(
    calls: list[dict[str, str]], month: dict[str, Any], workspace: Path
) -> None:
    within = sum(answered(r) and int(r["q_time"]) <= THRESHOLD for r in calls)
    assert (month["sl_against_hits"], month["sl_against_n"]) == (within, len(calls))
    statement = regie("evaluate", "--vendor", "bank", "--month", "1999-01", "-w", workspace,
                      "--json", "--draft").json()  # fmt: skip
    (phone,) = [j for j in statement["judged"] if j["key"] == "response.phone"]
    assert (phone["hits"], phone["outcome"]["n"]) == (within, len(calls))
    assert phone["outcome"]["value"] == pytest.approx(within / len(calls), rel=1e-12)
