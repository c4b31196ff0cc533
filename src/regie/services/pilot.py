"""Use case: check a pilot on the contacts imported for its vendors (``regie pilot check``).

For each vendor: its contacts in the pilot's channel created from the start date up to
pilot day N (local dates in the pilot's time zone; day 1 is the start date). The KPI
engine (:func:`~regie.analytics.kpi.contact_kpis`, per local day) gives the daily series;
the figures so far add up the days (hits and n of the proportions, handle-time sums) or,
for FRT, take the median or mean of the response times (business seconds when the pilot
names a calendar, elapsed time otherwise) of the answered contacts **and** of those still
open past the FRT threshold at the data's last moment, counted with their age then, so a
backlog of unanswered contacts cannot hide behind a fast median. Cost per ticket is the
fee of the first N days (the fixed fee spread over the pilot's days, plus the ticket rate
per handled contact) divided by the handled contacts.

With 2–3 vendors every pair is compared per KPI (:mod:`regie.domain.pilot_stats`).
Documented for users in ``docs/pilot.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from itertools import combinations
from zoneinfo import ZoneInfo

import polars as pl

from regie.analytics.kpi import ChannelNorm, KpiOptions, contact_kpis, measured_contacts
from regie.analytics.kpi_contract import data_cutoff
from regie.analytics.kpi_intervals import wilson
from regie.analytics.kpi_rows import handled
from regie.config import Language
from regie.domain.errors import InvalidInput
from regie.domain.pilot import (
    KPIS,
    Analysis,
    Decision,
    Judgement,
    Measurement,
    Pilot,
    PilotVendor,
    Status,
    analyse,
    decide,
    judge,
)
from regie.domain.pilot_stats import (
    TestResult,
    compare_proportions,
    holm,
    mann_whitney,
    mean_sd,
    n_for_means,
    n_for_proportions,
)
from regie.files.pilot_loader import parse_pilot
from regie.files.pilot_template import PilotChoices, pilot_template
from regie.services.ports import ContactStore

DAILY_SCHEMA = {"vendor": pl.String, "day": pl.Int64, "date": pl.Date, "kpi": pl.String,
                "value": pl.Float64, "n": pl.Int64}  # fmt: skip


@dataclass(frozen=True)
class VendorCheck:
    vendor: str
    offered: int
    handled: int
    fee: float  # the fee of the days checked
    judgements: tuple[Judgement, ...]  # in KPIS order
    decision: Decision
    analyses: tuple[Analysis, ...]  # the KPIs not within target
    data_through: date | None  # the last local date with a contact


@dataclass(frozen=True)
class Comparison:
    """One KPI of two vendors side by side: the test, and the n per group still needed."""

    kpi: str
    vendors: tuple[str, str]
    values: tuple[float | None, float | None]
    n: tuple[int, int]
    test: TestResult | None
    p_holm: float | None  # Holm-adjusted over this KPI's pairs
    needed: int | None  # per group, to detect the observed difference (α 0.05, power 0.8)

    @property
    def more(self) -> int | None:
        """Observations still needed in the smaller group."""
        return None if self.needed is None else max(0, self.needed - min(self.n))


@dataclass(frozen=True)
class PilotCheck:
    pilot: Pilot
    day: int
    through: date  # the local date of day N
    vendors: tuple[VendorCheck, ...]
    comparisons: tuple[Comparison, ...]
    daily: pl.DataFrame  # vendor, day, date, kpi, value, n (DAILY_SCHEMA)


@dataclass(frozen=True)
class _Samples:
    """Per-contact values behind the tests: response and handle times, ratings."""

    frt: list[float]
    aht: list[float]
    csat: list[float]
    frt_days: pl.DataFrame  # period_start, frt: the FRT sample by local day


def check_pilot(store: ContactStore, pilot: Pilot, day: int | None = None) -> PilotCheck:
    """The pilot at day ``day`` (default: the latest day with data, at most its length)."""
    frames = {v.name: _contacts(store, pilot, v) for v in pilot.vendors}
    latest = [_last_date(frame, pilot.timezone) for frame in frames.values()]
    chosen = _day(pilot, day, [d for d in latest if d is not None])
    end = _utc(pilot, pilot.date_of(chosen) + timedelta(days=1))
    checks, daily, samples = [], [], []
    for vendor in pilot.vendors:
        found, series, sample = _vendor(pilot, vendor, chosen, frames[vendor.name], end)
        checks.append(found)
        daily.append(series)
        samples.append(sample)
    comparisons = _comparisons(checks, samples)
    table = pl.concat(daily) if daily else pl.DataFrame(schema=DAILY_SCHEMA)
    return PilotCheck(pilot, chosen, pilot.date_of(chosen), tuple(checks), comparisons, table)


def _utc(pilot: Pilot, day: date) -> datetime:
    return datetime.combine(day, time(), ZoneInfo(pilot.timezone)).astimezone(UTC)


def _contacts(store: ContactStore, pilot: Pilot, vendor: PilotVendor) -> pl.LazyFrame:
    name = store.vendor(vendor.name).name
    mine = (pl.col("vendor") == name) & (pl.col("channel") == pilot.channel)
    return store.contacts().filter(mine & (pl.col("created_at") >= _utc(pilot, pilot.start)))


def _last_date(contacts: pl.LazyFrame, timezone: str) -> date | None:
    local = pl.col("created_at").max().dt.convert_time_zone(timezone).dt.date()
    value = contacts.select(local).collect().item()
    return value if isinstance(value, date) else None


def _day(pilot: Pilot, day: int | None, latest: Sequence[date]) -> int:
    if day is not None:
        if not 1 <= day <= pilot.days:
            raise InvalidInput(f"--day {day}: must be 1 to {pilot.days} (the pilot's length)")
        return day
    if not latest:
        vendors = ", ".join(v.name for v in pilot.vendors)
        raise InvalidInput(
            f"no {pilot.channel} contacts of {vendors} from {pilot.start} on: import the "
            "pilot's contacts with `regie import ... --vendor NAME`"
        )
    return max(1, min(pilot.day_of(max(latest)), pilot.days))


def _options(pilot: Pilot, contacts: pl.LazyFrame) -> KpiOptions:
    """Local days; FRT on the pilot's clock, open contacts aged at the data's last moment."""
    norm = ChannelNorm(pilot.threshold("frt").target, pilot.calendar)
    return KpiOptions(timezone=pilot.timezone, fcr_days=None, norms={pilot.channel: norm},
                      cutoff=data_cutoff(contacts))  # fmt: skip


def _vendor(
    pilot: Pilot, vendor: PilotVendor, day: int, everything: pl.LazyFrame, end: datetime
) -> tuple[VendorCheck, pl.DataFrame, _Samples]:
    options = _options(pilot, everything)
    contacts = everything.filter(pl.col("created_at") < end)
    rows = contact_kpis(contacts, ("vendor",), "day", options).collect()
    measured = measured_contacts(contacts, "day", options).collect()
    samples = _samples(measured)
    handled_n = int(rows["handled"].sum()) if rows.height else 0
    fee = vendor.cost(day, pilot.days, handled_n)
    values = _measurements(pilot, rows, samples, handled_n, fee)
    series = _daily(pilot, vendor, rows, samples.frt_days)
    judgements = tuple(judge(pilot.threshold(k), values[k]) for k in KPIS)
    decision = decide(day, pilot.days, [j.status for j in judgements])
    analyses = tuple(
        analyse(j, _points(series, j.kpi)) for j in judgements if j.status is not Status.WITHIN
    )
    offered = int(rows["offered"].sum()) if rows.height else 0
    last = rows["period_start"].max() if rows.height else None
    through = last if isinstance(last, date) else None
    check = VendorCheck(vendor.name, offered, handled_n, fee, judgements, decision, analyses,
                        through)  # fmt: skip
    return check, series, samples


def _samples(measured: pl.DataFrame) -> _Samples:
    """FRT of answered contacts and of those still open past the norm (their age at the
    cutoff: a backlog is not hidden), handle times of handled contacts, ratings."""
    counted = pl.col("first_response_at").is_not_null() | pl.col("within_norm").eq(False)
    frt = measured.filter(counted.fill_null(False) & pl.col("norm_seconds").is_not_null())
    rated = measured.filter(pl.col("csat_score").is_not_null() & pl.col("csat_scale").is_not_null())
    return _Samples(
        frt=frt["norm_seconds"].to_list(),
        aht=measured.filter(handled)["handle_seconds"].drop_nulls().to_list(),
        csat=rated["csat_score"].to_list() if rated["csat_scale"].n_unique() <= 1 else [],
        frt_days=frt.select("period_start", pl.col("norm_seconds").alias("frt")),
    )


def _share(hits: int, n: int) -> Measurement:
    low, high = wilson(hits, n)
    if n == 0:
        return Measurement(None, 0, None, None, 0)
    return Measurement(hits / n, n, float(low), float(high), hits)


def _measurements(
    pilot: Pilot, rows: pl.DataFrame, s: _Samples, handled_n: int, fee: float
) -> dict[str, Measurement]:
    def total(column: str) -> int:
        return int(rows[column].sum()) if rows.height else 0

    csat = pilot.threshold("csat").statistic
    median = pilot.threshold("frt").statistic == "median"
    frt = pl.Series(s.frt, dtype=pl.Float64)
    return {
        "csat": _share(total("csat_top2_hits"), total("csat_top2_n"))
        if csat == "top2"
        else Measurement(_mean(s.csat), len(s.csat)),
        "frt": Measurement(_number(frt.median() if median else frt.mean()), len(s.frt)),
        "aht": Measurement(_mean(s.aht), len(s.aht)),
        "fcr": _share(total("fcr_hits"), total("fcr_n")),
        "cost_per_ticket": Measurement(fee / handled_n if handled_n else None, handled_n),
    }


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _daily(
    pilot: Pilot, vendor: PilotVendor, rows: pl.DataFrame, frt_days: pl.DataFrame
) -> pl.DataFrame:
    """The five KPIs per day with data, long: one row per vendor, day and KPI."""
    if rows.height == 0:
        return pl.DataFrame(schema=DAILY_SCHEMA)
    median = pilot.threshold("frt").statistic == "median"
    frt = pl.col("frt").median() if median else pl.col("frt").mean()
    by_day = frt_days.group_by("period_start").agg(frt.alias("_frt"), pl.len().alias("_frt_n"))
    rows = rows.join(by_day, on="period_start", how="left")
    csat = "csat_top2" if pilot.threshold("csat").statistic == "top2" else "csat_mean"
    count = pl.col("handled")
    cost = (float(vendor.fee) / pilot.days + float(vendor.ticket_rate) * count) / count
    columns = {
        "csat": (pl.col(csat), pl.col("csat_top2_n")),
        "frt": (pl.col("_frt"), pl.col("_frt_n").fill_null(0)),
        "aht": (pl.col("aht_seconds"), pl.col("aht_n")),
        "fcr": (pl.col("fcr"), pl.col("fcr_n")),
        "cost_per_ticket": (pl.when(count > 0).then(cost), count),
    }
    day = (pl.col("period_start") - pl.lit(pilot.start)).dt.total_days() + 1
    parts = [
        rows.select(
            pl.lit(vendor.name).alias("vendor"),
            day.cast(pl.Int64).alias("day"),
            pl.col("period_start").alias("date"),
            pl.lit(kpi).alias("kpi"),
            value.cast(pl.Float64).alias("value"),
            n.cast(pl.Int64).alias("n"),
        )
        for kpi, (value, n) in columns.items()
    ]
    return pl.concat(parts).sort("kpi", "day")


def _points(series: pl.DataFrame, kpi: str) -> list[tuple[int, float]]:
    found = series.filter((pl.col("kpi") == kpi) & pl.col("value").is_not_null())
    return list(zip(found["day"].to_list(), found["value"].to_list(), strict=True))


def _comparisons(
    checks: Sequence[VendorCheck], samples: Sequence[_Samples]
) -> tuple[Comparison, ...]:
    found: list[Comparison] = []
    for kpi in KPIS:
        pairs = [
            _compare(kpi, (checks[i], checks[j]), (samples[i], samples[j]))
            for i, j in combinations(range(len(checks)), 2)
        ]
        adjusted = iter(holm([c.test.p_value for c in pairs if c.test is not None]))
        found += [replace(c, p_holm=next(adjusted)) if c.test else c for c in pairs]
    return tuple(found)


def _compare(
    kpi: str, pair: tuple[VendorCheck, VendorCheck], samples: tuple[_Samples, _Samples]
) -> Comparison:
    a, b = (c.judgements[KPIS.index(kpi)].measurement for c in pair)
    names = (pair[0].vendor, pair[1].vendor)
    test, needed = _test(kpi, a, b, samples)
    return Comparison(kpi, names, (a.value, b.value), (a.n, b.n), test, None, needed)


def _test(
    kpi: str, a: Measurement, b: Measurement, samples: tuple[_Samples, _Samples]
) -> tuple[TestResult | None, int | None]:
    if kpi == "cost_per_ticket":
        return None, None  # a fee divided by a count: no sampling error to test
    if a.hits is not None and b.hits is not None:
        test = compare_proportions(a.hits, a.n, b.hits, b.n)
        both = a.value is not None and b.value is not None
        return test, n_for_proportions(a.value or 0.0, b.value or 0.0) if both else None
    first, second = (getattr(s, kpi) for s in samples)
    test = mann_whitney(first, second)
    spread = (mean_sd(first), mean_sd(second))
    if spread[0] is None or spread[1] is None:
        return test, None
    return test, n_for_means(*spread[0], *spread[1])


def pilot_file(
    choices: PilotChoices, lang: Language, source: str = "pilot.toml"
) -> tuple[str, Pilot]:
    """A new pilot file's text from ``choices`` (``regie pilot new``), checked by the loader.

    Vendors without a fee are checked as if their fee were 0 and keep an empty fee for
    the client to fill in."""
    checked = replace(choices, fees=choices.fees or (Decimal(0),))
    pilot = parse_pilot(pilot_template(lang, checked), source=source)
    return pilot_template(lang, choices), pilot
