"""``check_pilot`` on a hand-computed 60-day pilot of two vendors (SQLite).

Pilot "E-mail pilot", channel e-mail, start Monday 2 March 2026, 60 days, Europe/Amsterdam
(CEST from Sunday 29 March), FRT 24/7, the default thresholds. Every day each vendor gets
five e-mails, created at 10:00, 11:00, ..., 14:00 local, all answered and handled:

- **Alpha Contact**, fee € 1,000: answered after 30 min (four) and 90 min (one) → median
  FRT 1,800 s; handle time 300 s; CSAT 5, 4, 3, 2, 5 on days 1–30 (60 % top-2) and
  5, 5, 4, 4, 5 on days 31–60 (100 %) → 240 / 300 = 80 %: missed by 5 points, trend
  better; FCR four of five → 240 / 300 = 80 %; cost € 1,000 / 300 = € 3.33.
  Within: FRT, AHT, FCR, cost = 4 → **scale up in phases**.
- **Beta Service**, fee € 900: answered after 30 min (two) and 90 min (three) → median
  5,400 s: missed by 1,800 s; handle time 700 s: above the band by 100 s; CSAT 5, 5, 5,
  4, 4 → 100 %; FCR four of five on days 1–30 and two of five on days 31–60 → 180 / 300 =
  60 %: missed by 10 points, trend worse; cost € 900 / 300 = € 3.00.
  Within: CSAT, cost = 2 → **stop**.

Noise that must not count: a phone contact of Alpha, an e-mail at 23:30 local the day
before the start, and one at 00:30 local on day 61 (still day 60 in UTC).

At day 30: Alpha CSAT 90 / 150 = 60 %, the rest as above → 4 within, on track; Beta FCR
120 / 150 = 80 % within → 3 within, at risk; cost uses half the fee: € 500 / 150.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl
import pytest
from scipy import stats

from regie.db.store import SqlContactStore
from regie.db.workspace import create_workspace
from regie.domain.errors import InvalidInput, NotFound
from regie.domain.pilot import Phase, Status, Verdict
from regie.domain.pilot_stats import FISHER, MANN_WHITNEY, Z_TEST, holm
from regie.files.pilot_loader import parse_pilot
from regie.ingest.canonical import read
from regie.services.importing import ImportRequest, import_files
from regie.services.pilot import VendorCheck, check_pilot

ZONE = ZoneInfo("Europe/Amsterdam")
START = date(2026, 3, 2)
ALPHA, BETA = "Alpha Contact", "Beta Service"

PILOT = f"""
[pilot]
name = "E-mail pilot"
channel = "email"
start = {START.isoformat()}
days = 60
timezone = "Europe/Amsterdam"

[[vendors]]
name = "{ALPHA}"
fee = 1000

[[vendors]]
name = "{BETA}"
fee = 900
"""


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE).astimezone(UTC)


def email(source_id: str, created: datetime, **kw: Any) -> dict[str, Any]:
    after = kw.pop("after_minutes", 30)
    row = {
        "source_id": source_id,
        "channel": kw.pop("channel", "email"),
        "created_at": created.isoformat(),
        "first_response_at": (created + timedelta(minutes=after)).isoformat(),
        "handle_seconds": kw.pop("handle", 300.0),
        "csat_score": kw.pop("csat", None),
        "csat_scale": 5,
        "resolved_first_contact": kw.pop("fcr", True),
    }
    assert not kw
    return row


def alpha() -> list[dict[str, Any]]:
    rows = []
    for d in range(1, 61):
        scores = [5, 4, 3, 2, 5] if d <= 30 else [5, 5, 4, 4, 5]
        for i in range(5):
            created = local(START + timedelta(days=d - 1), 10 + i)
            rows.append(email(f"A{d}-{i}", created, after_minutes=90 if i == 4 else 30,
                              csat=scores[i], fcr=i < 4))  # fmt: skip
    rows.append(email("A-phone", local(START + timedelta(days=9), 10), channel="phone"))
    rows.append(email("A-early", local(START - timedelta(days=1), 23, 30)))
    rows.append(email("A-late", local(START + timedelta(days=60), 0, 30)))
    return rows


def beta() -> list[dict[str, Any]]:
    rows = []
    for d in range(1, 61):
        solved = 4 if d <= 30 else 2
        for i in range(5):
            created = local(START + timedelta(days=d - 1), 10 + i)
            rows.append(email(f"B{d}-{i}", created, after_minutes=30 if i < 2 else 90,
                              handle=700.0, csat=[5, 5, 5, 4, 4][i], fcr=i < solved))  # fmt: skip
    return rows


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    pl.DataFrame(rows).write_csv(path)
    return path


def import_pilot(root: Path, database_url: str | None = None) -> SqlContactStore:
    """A workspace with Alpha's and Beta's pilot contacts, and Gamma with Alpha's."""
    store = SqlContactStore(create_workspace(root / "ws", database_url))
    for name, rows in ((ALPHA, alpha()), (BETA, beta()), ("Gamma", alpha())):
        store.add_vendor(name)
        path = write_csv(root / f"{name}.csv", rows)
        import_files(store, read, ImportRequest(name, [path]))
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqlContactStore]:
    yield import_pilot(tmp_path_factory.mktemp("pilot"))


def kpis(vendor: VendorCheck) -> dict[str, tuple[float | None, int, Status]]:
    return {j.kpi: (j.measurement.value, j.measurement.n, j.status) for j in vendor.judgements}


def test_day_60_of_the_hand_computed_pilot(store: SqlContactStore) -> None:
    found = check_pilot(store, parse_pilot(PILOT))
    assert (found.day, found.through) == (60, date(2026, 4, 30))  # data reach day 61: capped
    alpha_, beta_ = found.vendors
    within, missed = Status.WITHIN, Status.MISSED
    assert kpis(alpha_) == {
        "csat": (pytest.approx(0.8), 300, missed),
        "frt": (1800.0, 300, within),
        "aht": (300.0, 300, within),
        "fcr": (pytest.approx(0.8), 300, within),
        "cost_per_ticket": (pytest.approx(1000 / 300), 300, within),
    }
    assert kpis(beta_) == {
        "csat": (1.0, 300, within),
        "frt": (5400.0, 300, missed),
        "aht": (700.0, 300, missed),
        "fcr": (pytest.approx(0.6), 300, missed),
        "cost_per_ticket": (pytest.approx(3.0), 300, within),
    }
    assert (alpha_.offered, alpha_.handled, alpha_.fee) == (300, 300, 1000.0)
    assert alpha_.data_through == date(2026, 4, 30)
    assert (alpha_.decision.phase, alpha_.decision.verdict, alpha_.decision.within) == (
        Phase.DECISION, Verdict.SCALE_UP, 4,
    )  # fmt: skip
    assert (beta_.decision.verdict, beta_.decision.within) == (Verdict.STOP, 2)


def test_the_interval_of_a_share_is_wilson(store: SqlContactStore) -> None:
    csat = check_pilot(store, parse_pilot(PILOT)).vendors[0].judgements[0]
    # 240 / 300, z = 1.96: centre (0.8 + z²/600) / (1 + z²/300), half-width ...
    z = 1.959963984540054
    centre = (0.8 + z * z / 600) / (1 + z * z / 300)
    half = z / (1 + z * z / 300) * math.sqrt(0.8 * 0.2 / 300 + z * z / (4 * 300 * 300))
    assert (csat.measurement.low, csat.measurement.high) == (
        pytest.approx(centre - half), pytest.approx(centre + half),
    )  # fmt: skip
    assert (csat.measurement.hits, csat.gap, csat.conclusive) == (240, pytest.approx(0.05), True)


def test_the_analysis_of_the_missed_kpis(store: SqlContactStore) -> None:
    alpha_, beta_ = check_pilot(store, parse_pilot(PILOT)).vendors[:2]
    (csat,) = alpha_.analyses
    assert (csat.kpi, csat.side, csat.trend.direction) == ("csat", "low", "better")
    assert csat.gap == pytest.approx(0.05)
    found = {a.kpi: a for a in beta_.analyses}
    assert set(found) == {"frt", "aht", "fcr"}
    assert (found["frt"].gap, found["frt"].trend.direction) == (1800.0, "flat")
    assert (found["aht"].gap, found["aht"].side) == (100.0, "high")
    assert found["fcr"].trend.direction == "worse"
    days = np.arange(1, 61)
    step = np.polyfit(days, np.where(days <= 30, 0.8, 0.4), 1)[0]  # −0.4 · 0.025 a day
    assert found["fcr"].trend.slope == pytest.approx(step)
    assert csat.trend.slope == pytest.approx(-step)  # 0.6 → 1.0: the same step, upwards
    assert all(a.remedies for a in beta_.analyses)


def test_day_30_is_an_early_read_on_half_the_fee(store: SqlContactStore) -> None:
    found = check_pilot(store, parse_pilot(PILOT), day=30)
    alpha_, beta_ = found.vendors[:2]
    assert found.through == date(2026, 3, 31)
    assert kpis(alpha_)["csat"] == (pytest.approx(0.6), 150, Status.MISSED)
    assert kpis(alpha_)["cost_per_ticket"] == (pytest.approx(500 / 150), 150, Status.WITHIN)
    assert kpis(beta_)["fcr"] == (pytest.approx(0.8), 150, Status.WITHIN)
    assert (alpha_.decision.phase, alpha_.decision.verdict) == (Phase.EARLY_READ, Verdict.ON_TRACK)
    assert (beta_.decision.within, beta_.decision.verdict) == (3, Verdict.AT_RISK)


def test_the_daily_series(store: SqlContactStore) -> None:
    daily = check_pilot(store, parse_pilot(PILOT)).daily
    assert daily.height == 2 * 60 * 5  # two vendors, sixty days, five KPIs
    alpha_csat = daily.filter((pl.col("vendor") == ALPHA) & (pl.col("kpi") == "csat"))
    assert alpha_csat["value"].to_list() == [0.6] * 30 + [1.0] * 30
    assert alpha_csat["date"].to_list()[28:30] == [date(2026, 3, 30), date(2026, 3, 31)]
    cost = daily.filter((pl.col("vendor") == BETA) & (pl.col("kpi") == "cost_per_ticket"))
    assert cost["value"].to_list() == pytest.approx([900 / 60 / 5] * 60)
    assert set(daily["n"].to_list()) == {5}


def test_two_vendors_side_by_side_with_the_right_tests(store: SqlContactStore) -> None:
    text = PILOT  # Alpha and Beta only
    found = {c.kpi: c for c in check_pilot(store, parse_pilot(text)).comparisons}
    fcr = found["fcr"]
    assert fcr.vendors == (ALPHA, BETA)
    assert fcr.test is not None and fcr.test.test == Z_TEST
    assert fcr.test.statistic == pytest.approx(0.2 / math.sqrt(0.7 * 0.3 * 2 / 300))
    assert fcr.test.p_value == pytest.approx(2 * stats.norm.sf(fcr.test.statistic))
    assert (fcr.p_holm, fcr.needed, fcr.more) == (fcr.test.p_value, 82, 0)
    frt = found["frt"]
    expected = stats.mannwhitneyu([1800.0] * 240 + [5400.0] * 60,
                                  [1800.0] * 120 + [5400.0] * 180)  # fmt: skip
    assert frt.test is not None and frt.test.test == MANN_WHITNEY
    assert frt.test.statistic == expected.statistic
    assert frt.test.p_value == pytest.approx(expected.pvalue)
    aht = found["aht"]
    assert aht.test is not None and aht.test.p_value == pytest.approx(
        stats.mannwhitneyu([300.0] * 300, [700.0] * 300).pvalue
    )
    assert found["csat"].test is not None and found["csat"].test.test == Z_TEST
    assert found["cost_per_ticket"].test is None


def test_small_samples_use_fisher(store: SqlContactStore) -> None:
    found = {c.kpi: c for c in check_pilot(store, parse_pilot(PILOT), day=3).comparisons}
    csat = found["csat"]  # 9 / 15 against 15 / 15: 3 expected misses each
    assert csat.test is not None and csat.test.test == FISHER
    assert csat.test.p_value == pytest.approx(stats.fisher_exact([[9, 6], [15, 0]]).pvalue)
    assert csat.n == (15, 15)


def test_three_vendors_are_compared_in_pairs_with_holm(store: SqlContactStore) -> None:
    text = PILOT + '\n[[vendors]]\nname = "Gamma"\nfee = 1000\n'
    found = check_pilot(store, parse_pilot(text))
    fcr = [c for c in found.comparisons if c.kpi == "fcr"]
    assert [c.vendors for c in fcr] == [(ALPHA, BETA), (ALPHA, "Gamma"), (BETA, "Gamma")]
    raw = [c.test.p_value for c in fcr if c.test is not None]
    assert [c.p_holm for c in fcr] == pytest.approx(holm(raw))
    same = fcr[1]  # Gamma has Alpha's contacts
    assert same.test is not None and same.test.p_value == pytest.approx(1.0)
    assert (same.needed, same.more) == (None, None)


def test_an_insufficient_sample_is_not_within_target(store: SqlContactStore) -> None:
    text = PILOT + "\n[kpis.fcr]\nmin_sample = 301\n"
    alpha_ = check_pilot(store, parse_pilot(text)).vendors[0]
    assert kpis(alpha_)["fcr"][2] is Status.INSUFFICIENT
    assert (alpha_.decision.within, alpha_.decision.verdict) == (3, Verdict.STOP)
    assert "flag" in alpha_.analyses[-1].remedies[0].text


def test_frt_in_business_hours(store: SqlContactStore) -> None:
    # Mon–Fri 08:00–17:00, no holidays: weekend e-mails have no open time (0 s); 16 of the
    # 60 days are weekend days: mean = (176 × 1,800 + 44 × 5,400) / 300 = 1,848 s
    found = check_pilot(store, parse_pilot(PILOT + OFFICE))
    assert kpis(found.vendors[0])["frt"] == (pytest.approx(1848.0), 300, Status.WITHIN)
    saturday = found.daily.filter(
        (pl.col("vendor") == ALPHA) & (pl.col("kpi") == "frt") & (pl.col("day") == 6)
    )
    assert saturday["value"].to_list() == [0.0]


OFFICE = """
[kpis.frt]
statistic = "mean"
calendar = "office"

[calendars.office]
timezone = "Europe/Amsterdam"
holidays = false

[calendars.office.hours]
mon = ["08:00-17:00"]
tue = ["08:00-17:00"]
wed = ["08:00-17:00"]
thu = ["08:00-17:00"]
fri = ["08:00-17:00"]
"""


def test_the_day_must_lie_in_the_pilot(store: SqlContactStore) -> None:
    with pytest.raises(InvalidInput, match="--day 61: must be 1 to 60"):
        check_pilot(store, parse_pilot(PILOT), day=61)


def test_a_pilot_without_contacts_says_what_to_import(store: SqlContactStore) -> None:
    text = PILOT.replace('channel = "email"', 'channel = "chat"')
    with pytest.raises(InvalidInput, match="no chat contacts of Alpha Contact, Beta Service"):
        check_pilot(store, parse_pilot(text))
    empty = check_pilot(store, parse_pilot(text), day=10)  # a day given: empty figures
    assert {j.status for j in empty.vendors[0].judgements} == {Status.INSUFFICIENT}
    assert empty.daily.height == 0


def test_an_unknown_vendor_is_named(store: SqlContactStore) -> None:
    with pytest.raises(NotFound, match="vendor 'Delta' does not exist"):
        check_pilot(store, parse_pilot(PILOT.replace(BETA, "Delta")))


def test_a_backlog_of_unanswered_contacts_is_not_hidden(tmp_path: Path) -> None:
    # day 1: 15 e-mails answered after 10 min, 16 never answered (09:00); day 3: one
    # answered 12:00 → 12:05 (the data's last moment) and one open since 11:30 (35 min:
    # within the norm, not judged yet). The 16 open count with their age at the cutoff,
    # 2 days 3 h 5 min = 183,900 s: 32 values, median = (600 + 183,900) / 2 = 92,250 s.
    store = SqlContactStore(create_workspace(tmp_path / "ws", None))
    store.add_vendor("Open Desk")
    first, third = START, START + timedelta(days=2)
    rows = [email(f"A{i}", local(first, 10, i), after_minutes=10) for i in range(15)]
    rows += [{**email(f"O{i}", local(first, 9)), "first_response_at": ""} for i in range(16)]
    rows.append(email("L", local(third, 12), after_minutes=5))
    rows.append({**email("Y", local(third, 11, 30)), "first_response_at": ""})
    import_files(store, read, ImportRequest("Open Desk", [write_csv(tmp_path / "o.csv", rows)]))
    text = PILOT.split("[[vendors]]")[0] + '[[vendors]]\nname = "Open Desk"\nfee = 100\n'
    found = check_pilot(store, parse_pilot(text + "\n[kpis.frt]\nmin_sample = 1\n"))
    (desk,) = found.vendors
    assert (desk.offered, desk.handled) == (33, 16)
    assert kpis(desk)["frt"] == (92_250.0, 32, Status.MISSED)
    first_day = found.daily.filter((pl.col("kpi") == "frt") & (pl.col("day") == 1))
    assert first_day["n"].to_list() == [31]
