"""One real month of the "Anonymous Bank" call log through the shipped mapping.

Data: Technion SEE Lab (Guedj & Mandelbaum), analysed in Brown et al. (2005), JASA 100(469);
see ../shared/data/external/anonymous-bank-1999/SOURCE.md. The expected counts are computed
here, independently, from the raw file with the csv module. Only totals and one known call
are checked: never per-customer or per-agent figures.
"""

from __future__ import annotations

import csv
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from regie.ingest.mapped import read
from regie.ingest.reading import Reading, ReadOptions

REPO = Path(__file__).resolve().parents[2]
MONTH = REPO.parent / "shared/data/external/anonymous-bank-1999/01_January.txt"
MAPPING = REPO / "examples/mappings/anonymous-bank-1999.toml"
NOT_HAPPENED = "0:00:00"


@pytest.fixture(scope="module")
def raw() -> list[dict[str, str]]:
    assert MONTH.is_file(), f"{MONTH} is missing: the repository expects shared/ beside it"
    with MONTH.open(newline="", encoding="ascii") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.fixture(scope="module")
def reading() -> Reading:
    return read(MONTH, ReadOptions(mapping=MAPPING))


@pytest.fixture(scope="module")
def contacts(reading: Reading) -> pl.DataFrame:
    return reading.canonical().collect()


def ended_in_the_vru(row: dict[str, str]) -> bool:
    no_queue = row["q_start"] == NOT_HAPPENED and row["ser_start"] == NOT_HAPPENED
    return row["outcome"] == "HANG" and no_queue


def kept(raw: list[dict[str, str]]) -> list[dict[str, str]]:
    return [r for r in raw if r["outcome"] != "PHANTOM" and not ended_in_the_vru(r)]


def test_every_row_of_the_month_is_read(raw: list[dict[str, str]], reading: Reading) -> None:
    assert reading.rows_read == len(raw) == 31_599
    assert reading.source == "anonymous-bank"


def test_phantom_calls_and_calls_ending_in_the_voice_menu_are_skipped_not_rejected(
    raw: list[dict[str, str]], reading: Reading
) -> None:
    phantom = sum(r["outcome"] == "PHANTOM" for r in raw)
    vru_only = sum(ended_in_the_vru(r) for r in raw)
    assert (phantom, reading.skipped) == (240, phantom + vru_only)
    assert reading.rejections.height == 0


def test_every_other_call_is_imported_once(
    raw: list[dict[str, str]], contacts: pl.DataFrame
) -> None:
    assert contacts.height == len(kept(raw))
    assert contacts["source_id"].n_unique() == contacts.height


def test_answered_and_abandoned_calls_match_the_outcomes_of_the_raw_file(
    raw: list[dict[str, str]], contacts: pl.DataFrame
) -> None:
    outcomes = Counter(r["outcome"] for r in kept(raw))
    assert contacts["abandoned"].value_counts().sort("abandoned").rows() == [
        (False, outcomes["AGENT"]),
        (True, outcomes["HANG"]),
    ]
    assert outcomes["AGENT"] == sum(r["outcome"] == "AGENT" for r in raw)


def test_waits_and_handle_times_add_up_to_the_raw_seconds(
    raw: list[dict[str, str]], contacts: pl.DataFrame
) -> None:
    rows = kept(raw)
    served = [r for r in rows if r["outcome"] == "AGENT" and r["ser_start"] != NOT_HAPPENED]
    assert contacts["wait_seconds"].sum() == sum(int(r["q_time"]) for r in rows)
    assert contacts["handle_seconds"].sum() == sum(int(r["ser_time"]) for r in served)
    assert contacts["handle_seconds"].count() == len(served)
    assert contacts["first_response_at"].count() == len(served)


def test_unidentified_customers_and_calls_without_an_agent_have_no_key(
    raw: list[dict[str, str]], contacts: pl.DataFrame
) -> None:
    rows = kept(raw)
    assert contacts["customer_key"].null_count() == sum(r["customer_id"] == "0" for r in rows)
    assert contacts["agent_key"].null_count() == sum(r["server"] == "NO_SERVER" for r in rows)


def test_a_known_call_is_converted_from_israeli_winter_time_to_utc(contacts: pl.DataFrame) -> None:
    # AA0101 33118: 990101 6:55:20 arrival, queued 17 s, agent from 6:55:43 for 54 s.
    call = contacts.filter(pl.col("source_id") == "AA0101-33118").row(0, named=True)
    assert call["contact_id"] == "anonymous-bank:AA0101-33118"
    assert call["created_at"] == datetime(1999, 1, 1, 4, 55, 20, tzinfo=UTC)
    assert call["first_response_at"] == datetime(1999, 1, 1, 4, 55, 43, tzinfo=UTC)
    assert (call["wait_seconds"], call["handle_seconds"], call["abandoned"]) == (17, 54, False)
    assert (call["channel"], call["queue"], call["priority"]) == ("phone", "PS", "high")


def test_a_service_starting_after_midnight_is_answered_on_the_next_day(
    contacts: pl.DataFrame,
) -> None:
    # AA0106 35258: arrived 990123 23:59:48, agent from 0:00:01 (the 24th, local time).
    call = contacts.filter(pl.col("source_id") == "AA0106-35258").row(0, named=True)
    assert call["created_at"] == datetime(1999, 1, 23, 21, 59, 48, tzinfo=UTC)
    assert call["first_response_at"] == datetime(1999, 1, 23, 22, 0, 1, tzinfo=UTC)
