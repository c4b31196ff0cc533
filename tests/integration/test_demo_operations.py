"""The demo company's operations, end to end: generate a tiny company, import its exports
through the real importers and check that what was generated is what Regie measures.

Two months (6 January – 6 March 2025, no daylight-saving change) at the ``tiny`` size:
about 3,500 contacts. The story starts on Monday 3 February with a steep decline (5 points
of FCR and 0.2 of satisfaction a week), so four weeks of decline show clearly in weekly
KPIs even at this size. Derived FCR is compared only on contacts at least a week before
the data end (``KpiOptions.until``): a later contact can still be followed by a re-contact.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from regie.analytics.kpi import KpiOptions, contact_kpis
from regie.bootstrap import reader
from regie.db.store import SqlContactStore
from regie.db.workspace import create_workspace
from regie.demo import Operations, Story, generate
from regie.ingest.reading import ReadOptions
from regie.services.importing import ImportRequest, import_files
from regie.services.ports import BatchInfo

START = date(2025, 1, 6)
STORY = Story(date(2025, 2, 3), fcr_drift=0.05, csat_drift=0.2)
VENDOR = "Demo Vendor"
TZ = "Europe/Amsterdam"
OBSERVABLE_UNTIL = datetime(2025, 2, 27, tzinfo=ZoneInfo(TZ)).astimezone(UTC)
"""A week before the data end: derived FCR of later contacts is not yet observable."""


def tiny(folder: Path, seed: int = 11) -> Operations:
    return generate(folder, START, months=2, size="tiny", seed=seed, story=STORY)


@dataclass
class Imported:
    operations: Operations
    truth: dict[str, Any]
    store: SqlContactStore
    batches: dict[str, BatchInfo]

    def contacts(self) -> pl.LazyFrame:
        return self.store.contacts()


def options(fmt: str, operations: Operations) -> ReadOptions:
    if fmt == "zendesk":
        return ReadOptions(tz=TZ)
    if fmt == "mapped":
        return ReadOptions(mapping=operations.exports["mapping"])
    return ReadOptions()


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    root = tmp_path_factory.mktemp("demo")
    operations = tiny(root / "exports")
    store = SqlContactStore(create_workspace(root / "workspace", None))
    store.add_vendor(VENDOR)
    batches = {
        fmt: import_files(
            store,
            reader(fmt),
            ImportRequest(VENDOR, [operations.exports[fmt]], options(fmt, operations)),
        )
        for fmt in ("zendesk", "intercom", "mapped")
    }
    truth = json.loads(operations.truth.read_text(encoding="utf-8"))
    return Imported(operations, truth, store, batches)


def test_every_row_of_every_export_is_imported_or_skipped(imported: Imported) -> None:
    for fmt, batch in imported.batches.items():
        expected = imported.truth["files"][fmt]["rows"]
        skipped = imported.truth["skipped"].get(fmt, 0)
        assert (batch.rows_read, batch.rejected, batch.duplicates) == (expected, 0, 0), fmt
        assert (batch.imported, batch.skipped) == (expected - skipped, skipped), fmt
    assert imported.truth["skipped"]["mapped"] > 0  # calls that ended in the voice menu


def test_the_contacts_per_channel_survive_the_import(imported: Imported) -> None:
    counts = imported.contacts().group_by("channel").len().collect()
    found = dict(zip(counts["channel"], counts["len"], strict=True))
    assert found == imported.truth["contacts"]
    assert 2_500 < sum(found.values()) < 5_000


def test_weekly_volumes_abandons_and_ratings_survive_the_import(imported: Imported) -> None:
    kpis = contact_kpis(
        imported.contacts(), by=("channel",), period="week", options=KpiOptions(timezone=TZ)
    ).collect()
    weekly = pl.read_parquet(imported.operations.weekly).rename({"week": "period_start"})
    joined = weekly.join(kpis, on=["period_start", "channel"], how="full", coalesce=True)
    assert joined.height == weekly.height == kpis.height > 30
    assert joined.filter(pl.col("contacts") != pl.col("offered")).height == 0
    assert joined.filter(pl.col("ratings") != pl.col("csat_top2_n")).height == 0
    assert joined.filter(pl.col("ratings_top2") != pl.col("csat_top2_hits")).height == 0
    assert kpis["abandoned"].sum() == imported.truth["abandoned"]
    assert kpis["nps_n"].sum() == imported.truth["nps_answers"]


def pooled(kpis: pl.DataFrame, name: str, first: date, last: date) -> float:
    """Hits over n of proportion ``name`` in the weeks starting ``first`` … ``last``."""
    weeks = kpis.filter(pl.col("period_start").is_between(first, last))
    return float(weeks[f"{name}_hits"].sum() / weeks[f"{name}_n"].sum())


@pytest.mark.parametrize(("name", "drop"), [("fcr_derived", 0.08), ("csat_top2", 0.10)])
def test_quality_declines_after_the_story_starts_in_the_imported_data(
    imported: Imported, name: str, drop: float
) -> None:
    observable = KpiOptions(timezone=TZ, until=OBSERVABLE_UNTIL)
    kpis = contact_kpis(imported.contacts(), by=("vendor",), period="week", options=observable)
    kpis = kpis.collect()
    before = pooled(kpis, name, date(2025, 1, 6), date(2025, 1, 27))
    after = pooled(kpis, name, date(2025, 2, 17), date(2025, 2, 24))
    assert after < before - drop, (before, after)


def test_the_agent_flag_for_calls_declines_too(imported: Imported) -> None:
    phone = imported.contacts().filter(pl.col("channel") == "phone")
    kpis = contact_kpis(phone, by=("channel",), period="week", options=KpiOptions(timezone=TZ))
    weekly = kpis.collect()
    before = pooled(weekly, "fcr", date(2025, 1, 6), date(2025, 1, 27))
    after = pooled(weekly, "fcr", date(2025, 2, 17), date(2025, 3, 3))
    assert before > 0.7
    assert after < before - 0.1


def test_the_same_seed_gives_byte_identical_exports(imported: Imported, tmp_path: Path) -> None:
    again = tiny(tmp_path / "again")
    other = tiny(tmp_path / "other", seed=12)
    first = imported.operations
    names = sorted(p.name for p in first.folder.iterdir())
    assert names == sorted(p.name for p in again.folder.iterdir())
    for name in names:
        assert (again.folder / name).read_bytes() == (first.folder / name).read_bytes(), name
    for fmt in ("zendesk", "intercom", "mapped"):
        assert other.exports[fmt].read_bytes() != first.exports[fmt].read_bytes(), fmt
