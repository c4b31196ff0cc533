"""The early warning on the demo company: the slow decline from month 8 is signalled weeks
before the monthly target is first missed.

Twelve months (2025) at the ``small`` size (about 72,000 contacts; ``tiny`` has too few
ratings a day to tell a 2-point drift from noise), imported through the real importers,
with a contract whose targets the vendor meets comfortably before the decline: FCR (no
new contact within 7 days, every channel) ≥ 70 % and CSAT top-2-box ≥ 60 %. The story
takes half a point of FCR and 0.02 of mean satisfaction a week from 1 August.

A miss is a fact when its month closes (the statement is drawn up after the last day),
so "weeks before" is measured to the last day of the first missed month; and replaying
the watch on the day three weeks before that, with only the contacts created by then,
shows the signal already open while the target is not yet missed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from regie.bootstrap import reader
from regie.db.governance import SqlGovernanceStore
from regie.db.store import SqlContactStore
from regie.db.workspace import create_workspace
from regie.demo import Operations, Size, generate
from regie.domain.penalties import Status
from regie.ingest.reading import ReadOptions
from regie.services.contracts import add_contract
from regie.services.importing import ImportRequest, import_files
from regie.services.statements import evaluate, next_month
from regie.services.watch import Method, Signal, WatchResult, watch

VENDOR = "Demo Vendor"
START = date(2025, 1, 1)
TZ = "Europe/Amsterdam"
WARNING = timedelta(weeks=3)

CONTRACT = """
[contract]
effective_from = 2025-01-01
timezone = "Europe/Amsterdam"
monthly_fee = 20000

[calendars.office]
timezone = "Europe/Amsterdam"
holidays = { country = "NL" }

[calendars.office.hours]
mon = ["08:00-18:00"]
tue = ["08:00-18:00"]
wed = ["08:00-18:00"]
thu = ["08:00-18:00"]
fri = ["08:00-18:00"]

[response.phone]
target_seconds = 30
required_share = 0.7
abandons = "against"

[response.email]
target_seconds = 7200
required_share = 0.75
calendar = "office"

[response.chat]
target_seconds = 60
required_share = 0.8

[response.social]
target_seconds = 3600
required_share = 0.65

[kpis.csat_top2]
target = 0.6
min_sample = 50

[kpis.fcr]
target = 0.70
method = "no_recontact_days"
recontact_days = 7

[kpis.escalation_rate]
target = 0.10
"""


@dataclass
class Demo:
    operations: Operations
    store: SqlContactStore
    book: SqlGovernanceStore
    decline_start: date


def build(root: Path, size: Size, seed: int = 0) -> Demo:
    """Generate the demo company into ``root``, import it and store the contract."""
    operations = generate(root / "exports", START, months=12, size=size, seed=seed)
    workspace = create_workspace(root / "workspace", None)
    store, book = SqlContactStore(workspace), SqlGovernanceStore(workspace)
    store.add_vendor(VENDOR)
    formats = {
        "zendesk": ReadOptions(tz=TZ),
        "intercom": ReadOptions(),
        "mapped": ReadOptions(mapping=operations.exports["mapping"]),
    }
    for fmt, options in formats.items():
        request = ImportRequest(VENDOR, [operations.exports[fmt]], options)
        import_files(store, reader(fmt), request)
    contract = root / "contract.toml"
    contract.write_text(CONTRACT, encoding="utf-8")
    add_contract(store, book, contract, VENDOR)
    truth = json.loads(operations.truth.read_text(encoding="utf-8"))
    decline = date.fromisoformat(truth["story"]["decline_start"])
    return Demo(operations, store, book, decline)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    return build(tmp_path_factory.mktemp("watch"), "small")


def month_end(first: date) -> date:
    return next_month(first) - timedelta(days=1)


def signal_of(result: WatchResult, key: str) -> Signal:
    found = {s.series.kpi: s for s in result.signals}
    assert key in found, f"no open signal for {key}; open: {sorted(found)}"
    return found[key]


def dates(signal: Signal) -> str:
    missed = signal.first_missed
    known = "not yet" if missed is None else f"{missed:%Y-%m} (known {month_end(missed)})"
    name = f"{signal.series.kpi} ({signal.method})"
    return f"{name}: signal since {signal.since}, target first missed {known}"


def test_the_targets_are_met_before_the_decline_and_missed_after_it(demo: Demo) -> None:
    result = watch(demo.store, demo.book, VENDOR)
    for w in result.watched:
        if w.series.kpi not in ("kpi.fcr", "kpi.csat_top2"):
            continue
        before = [m for m in w.months if m.month < demo.decline_start]
        after = [m for m in w.months if m.month >= demo.decline_start]
        assert [m.status for m in before] == [Status.MET] * 7, w.series.kpi
        assert after[-1].status is Status.MISSED, w.series.kpi


@pytest.mark.parametrize("method", ["ewma", "cusum"])
@pytest.mark.parametrize("key", ["kpi.fcr", "kpi.csat_top2"])
def test_the_signal_comes_weeks_before_the_target_is_first_missed(
    demo: Demo, key: str, method: Method
) -> None:
    signal = signal_of(watch(demo.store, demo.book, VENDOR, method=method), key)
    print(dates(signal))
    assert signal.first_missed is not None, dates(signal)
    assert signal.since >= demo.decline_start, "a false alarm before the decline: " + dates(signal)
    assert signal.since <= month_end(signal.first_missed) - WARNING, dates(signal)
    assert signal.direction == "down"
    assert signal.statistic < signal.limit if method == "ewma" else signal.statistic > 5


@pytest.mark.parametrize("key", ["kpi.fcr", "kpi.csat_top2"])
def test_a_daily_run_three_weeks_before_the_miss_already_shows_the_signal(
    demo: Demo, key: str
) -> None:
    full = signal_of(watch(demo.store, demo.book, VENDOR), key)
    assert full.first_missed is not None
    day = month_end(full.first_missed) - WARNING
    then = signal_of(watch(demo.store, demo.book, VENDOR, until=day), key)
    print(f"as of {day}: {dates(then)}")
    assert then.first_missed is None, dates(then)  # the month is not over: not yet missed
    assert then.since <= day, dates(then)


def test_the_monthly_values_from_the_daily_ones_are_the_statements(demo: Demo) -> None:
    result = watch(demo.store, demo.book, VENDOR)
    statement = evaluate(demo.store, demo.book, VENDOR, "2025-10", draft=True).statement
    judged = {j.key: j.outcome for j in statement.judged}
    october = {w.series.kpi: next(m for m in w.months if m.month == date(2025, 10, 1))
               for w in result.watched}  # fmt: skip
    compared = [key for key in october if key in judged]
    assert len(compared) == 7  # four norms, CSAT, FCR, escalation rate
    for key in compared:
        mine, theirs = october[key], judged[key]
        assert (mine.value, mine.n, mine.status) == (
            pytest.approx(theirs.value, abs=1e-12), theirs.n, theirs.status,
        ), key  # fmt: skip
