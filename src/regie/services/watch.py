"""Use case: early warning of a slow decline (``regie watch``), per vendor, channel and KPI.

Each KPI the contract judges is measured per day with its definitions (norms per channel,
the other KPIs vendor-wide: channel ``"all"``) and watched by a control chart
(:mod:`regie.domain.drift`) after a baseline. A signal is *open* while the chart was
beyond its worse limit within the last 14 days; beside it stands the first month its
target was missed. The rules and their reasons: ``docs/watch.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Final, Literal
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl
from numpy.typing import NDArray

from regie.analytics.kpi import SL_COLUMNS, contact_kpis
from regie.analytics.kpi_contract import contract_options, data_cutoff
from regie.domain.contract import KPIS, Contract, Direction, FcrMethod, KpiTarget, ResponseNorm
from regie.domain.drift import Baseline, Chart, Floats, Kind, baseline, cusum, ewma
from regie.domain.errors import InvalidInput
from regie.domain.penalties import Status, assess
from regie.domain.staffing import ServiceLevelRule
from regie.services.contracts import contract_in_effect, contract_versions
from regie.services.ports import ContactStore, GovernanceStore

Method = Literal["ewma", "cusum"]
Target = ResponseNorm | KpiTarget
Days = NDArray[np.datetime64]
METHODS: Final = ("ewma", "cusum")
ALL: Final = "all"
OPEN_DAYS: Final = 14
BASELINE_DAYS: Final = 56
SMOOTHING: Final = 0.1
WIDTH: Final = 2.8
"""EWMA λ and L: λ = 0.1 weighs about the last three weeks, for a slow drift rather than
a jump; L = 2.8 keeps about 500 in-control days between false alarms (Lucas & Saccucci)."""

MEASURES: Final[dict[str, tuple[str, str, Kind]]] = {
    # measure: (value column of contact_kpis, its sample size, kind)
    "within_norm": ("within_norm", "within_norm_n", "proportion"),
    "service_level_ignored": ("sl_ignored", "sl_ignored_n", "proportion"),
    "service_level_against": ("sl_against", "sl_against_n", "proportion"),
    "service_level_for": ("sl_for", "sl_for_n", "proportion"),
    "csat_top2": ("csat_top2", "csat_top2_n", "proportion"),
    "csat_mean": ("csat_mean", "csat_top2_n", "mean"),
    "fcr": ("fcr", "fcr_n", "proportion"),
    "fcr_no_recontact": ("fcr_derived", "fcr_derived_n", "proportion"),
    "escalation_rate": ("escalation_rate", "escalation_rate_n", "proportion"),
    "reopen_rate": ("reopen_rate", "reopen_rate_n", "proportion"),
    "nps": ("nps", "nps_n", "mean"),
    "aht": ("aht_seconds", "aht_n", "mean"),
}


@dataclass(frozen=True, eq=False)
class Series:
    """A KPI's daily values (NaN where ``n`` = 0) for one vendor and channel."""

    vendor: str
    channel: str  # "all" for a vendor-wide KPI
    kpi: str  # the target key: "response.email", "kpi.fcr", "kpi.aht_band", ...
    measure: str  # a key of MEASURES
    higher_is_better: bool
    goal: Target | None  # the contract's norm or KPI target
    dates: Days  # consecutive days, datetime64[D]
    values: Floats
    n: Floats

    @property
    def kind(self) -> Kind:
        return MEASURES[self.measure][2]

    @property
    def target(self) -> float | None:
        """The contract's threshold (required share of a norm; a band's low end)."""
        if isinstance(self.goal, ResponseNorm):
            return self.goal.required_share
        return None if self.goal is None else self.goal.threshold

    def day(self, index: int) -> date:
        return as_date(self.dates[index])


@dataclass(frozen=True)
class MonthValue:
    """A month's value from the daily data; ``status`` None: no target or incomplete."""

    month: date
    value: float | None
    n: int
    status: Status | None


@dataclass(frozen=True)
class Episode:
    """Days beyond the worse limit, from ``start`` to ``end`` (short gaps bridged)."""

    start: date
    end: date
    open: bool


@dataclass(frozen=True, eq=False)
class Watched:
    """A series' control chart: its baseline, the chart over the days after it."""

    series: Series
    method: Method
    baseline_from: date
    baseline_to: date
    base: Baseline | None  # None: no usable baseline (see ``problem``)
    problem: str | None
    start: int  # index of the first watched day
    chart: Chart | None  # over series.dates[start:]
    months: tuple[MonthValue, ...]

    def worse_limit(self) -> Floats:
        """The limit on the worse side over the watched days (CUSUM: its interval)."""
        assert self.chart is not None
        low = self.method == "ewma" and self.series.higher_is_better
        return self.chart.lower if low else self.chart.upper

    def episodes(self) -> list[Episode]:
        """Runs of days beyond the worse limit; one less than OPEN_DAYS after the last continues."""
        beyond = np.flatnonzero(self.chart.worse if self.chart else []) + self.start
        runs = np.split(beyond, np.flatnonzero(np.diff(beyond) >= OPEN_DAYS) + 1)
        last, s = self.series.dates.size - 1, self.series
        ends = [(int(r[0]), int(r[-1])) for r in runs if r.size]
        return [Episode(s.day(a), s.day(b), last - b < OPEN_DAYS) for a, b in ends]


@dataclass(frozen=True, eq=False)
class Signal:
    """An open signal: a sustained shift to the worse side, and where the target stands."""

    series: Series
    method: Method
    since: date  # the open episode's first day beyond the limit
    last_beyond: date
    baseline_mean: float
    statistic: float  # on the last day watched
    limit: float  # the worse limit that day
    direction: Literal["down", "up"]  # the worse direction
    first_missed: date | None  # the first day of the first missed month, None: not yet
    watched: Watched


@dataclass(frozen=True, eq=False)
class WatchResult:
    vendor: str
    until: date
    method: Method
    watched: tuple[Watched, ...]
    signals: tuple[Signal, ...]  # open signals; a watched series without a base: w.problem


def as_date(day: np.datetime64) -> date:
    found = day.astype("datetime64[D]").item()
    assert isinstance(found, date)
    return found


def watch(
    store: ContactStore,
    book: GovernanceStore,
    vendor: str,
    until: date | None = None,
    baseline_days: int = BASELINE_DAYS,
    method: Method = "ewma",
    baseline_period: tuple[date, date] | None = None,
) -> WatchResult:
    """Every series' chart and the open signals (see the module docstring)."""
    series = daily_series(store, book, vendor, until)
    return watch_series(series, baseline_days, method, baseline_period)


def watch_series(
    series: Sequence[Series],
    baseline_days: int = BASELINE_DAYS,
    method: Method = "ewma",
    baseline_period: tuple[date, date] | None = None,
) -> WatchResult:
    """:func:`watch` on series already measured (all ending on the same day)."""
    if not series:
        raise InvalidInput("nothing to watch: no daily values")
    until = series[0].day(-1)
    _check(baseline_days, method, baseline_period, until)
    watched = tuple(chart_series(s, baseline_days, method, baseline_period) for s in series)
    found = (open_signal(w) for w in watched)
    signals = tuple(s for s in found if s is not None)
    return WatchResult(series[0].vendor, until, method, watched, signals)


def _check(days: int, method: str, period: tuple[date, date] | None, until: date) -> None:
    if days < 2:
        raise InvalidInput(f"--baseline-days {days}: give at least 2 days")
    if method not in METHODS:
        raise InvalidInput(f"--method {method}: use one of {', '.join(METHODS)}")
    if period is not None and period[1] < period[0]:
        raise InvalidInput(f"--baseline {period[0]}:{period[1]}: the end is before the start")
    if period is not None and period[1] >= until:
        raise InvalidInput(f"--baseline ends {period[1]}, not before --until {until}")


def chart_series(
    series: Series,
    baseline_days: int = BASELINE_DAYS,
    method: Method = "ewma",
    baseline_period: tuple[date, date] | None = None,
) -> Watched:
    """The control chart of one series against its baseline."""
    begin, end = _window(series, baseline_days, baseline_period)
    if end <= begin:
        raise InvalidInput(f"--baseline {baseline_period}: no day of the data falls in it")
    first, last = series.day(begin), series.day(end - 1)
    months = tuple(monthly_values(series))
    kept = Watched(series, method, first, last, None, None, end, None, months)
    if end >= series.dates.size:
        problem = f"the baseline ({first} – {last}) leaves no later day to watch"
        return replace(kept, problem=problem)
    try:
        base = _baseline(series.values[begin:end], series.n[begin:end], series.kind)
    except InvalidInput as error:
        return replace(kept, problem=f"{error.message} ({first} – {last})")
    x, n, better = series.values[end:], series.n[end:], series.higher_is_better
    if method == "ewma":
        chart = ewma(x, n, base, better, smoothing=SMOOTHING, width=WIDTH)
    else:
        chart = cusum(x, n, base, better)
    return replace(kept, base=base, chart=chart)


def _window(series: Series, days: int, period: tuple[date, date] | None) -> tuple[int, int]:
    """Indexes [begin, end) of the baseline days."""
    if period is not None:
        bounds = np.array(period, dtype="datetime64[D]")
        begin, last = np.searchsorted(series.dates, bounds[0]), bounds[1]
        return int(begin), int(np.searchsorted(series.dates, last, side="right"))
    known = np.flatnonzero(series.n > 0)
    begin = int(known[0]) if known.size else 0
    return begin, min(begin + days, series.dates.size)


def _baseline(values: Floats, n: Floats, kind: Kind) -> Baseline:
    """:func:`baseline`; for a proportion the spread is widened to the day-to-day one."""
    found = baseline(values, n, kind)
    try:
        spread = baseline(values, n, "mean").spread
    except InvalidInput:  # every day alike: the binomial spread stands
        spread = 0.0
    return replace(found, spread=max(found.spread, spread))


def open_signal(watched: Watched) -> Signal | None:
    """The open signal of a chart, or None (no episode, or only ones that came and went)."""
    episodes = watched.episodes()
    if not episodes or not episodes[-1].open or watched.chart is None:
        return None
    latest, base, series = episodes[-1], watched.base, watched.series
    assert base is not None
    return Signal(
        series, watched.method, latest.start, latest.end, base.mean,
        statistic=float(watched.chart.statistic[-1]),
        limit=float(watched.worse_limit()[-1]),
        direction="down" if series.higher_is_better else "up",
        first_missed=first_missed(watched.months, latest.start),
        watched=watched,
    )  # fmt: skip


def monthly_values(series: Series) -> list[MonthValue]:
    """Each month's value from the daily ones, judged against the target when complete."""
    month_of = series.dates.astype("datetime64[M]")
    months, inverse = np.unique(month_of, return_inverse=True)
    totals = np.nan_to_num(series.values) * series.n
    if series.kind == "proportion":
        totals = np.rint(totals)  # hits
    total = np.bincount(inverse, weights=totals, minlength=months.size)
    size = np.bincount(inverse, weights=series.n, minlength=months.size)
    ends = (months + 1).astype("datetime64[D]") - 1
    complete = ends <= series.dates[-1]
    found, goal = [], series.goal
    for month, hits, n, whole in zip(months, total, size, complete, strict=True):
        value = float(hits / n) if n > 0 else None
        status = None if goal is None or not whole else Status.INSUFFICIENT
        if goal is not None and status is not None and value is not None:
            status = assess(goal, value, int(n)).status
        found.append(MonthValue(as_date(month), value, int(n), status))
    return found


def first_missed(months: Sequence[MonthValue], since: date) -> date | None:
    """The first month of the streak of missed months reaching ``since``'s month or later."""
    signal_month = since.replace(day=1)
    streak: date | None = None
    for m in months:
        if m.status is Status.MET:
            streak = None
        elif m.status is Status.MISSED:
            streak = streak or m.month
            if m.month >= signal_month:
                return streak
    return None


def daily_series(
    store: ContactStore, book: GovernanceStore, vendor: str, until: date | None = None
) -> list[Series]:
    """The vendor's daily series up to ``until`` (default: the data's last day), from the
    contacts created by then (as a daily run on that day would see them; derived FCR is
    judged once its window has passed), with the contract version in effect that day."""
    name = store.vendor(vendor).name
    mine = store.contacts().filter(pl.col("vendor") == name)
    last = until or _last_day(store, book, name, mine)
    contract = contract_in_effect(store, book, name, last).contract
    zone = ZoneInfo(contract.timezone)
    end = datetime.combine(last + timedelta(days=1), time(), zone).astimezone(UTC)
    contacts = mine.filter(pl.col("created_at") < end)
    options = contract_options(contract, data_cutoff(contacts), until=end)
    frame = contact_kpis(contacts, ("vendor", "channel"), "day", options).collect()
    if frame.is_empty():
        raise InvalidInput(f"vendor {name!r} has no contacts up to {last}: nothing to watch")
    first = frame["period_start"].to_numpy().astype("datetime64[D]").min()
    dates = np.arange(first, np.datetime64(last, "D") + 1)
    found = [_series(frame, name, dates, spec) for spec in _specs(contract, frame)]
    return [s for s in found if s.n.sum() > 0]


def _last_day(store: ContactStore, book: GovernanceStore, name: str, mine: pl.LazyFrame) -> date:
    versions = contract_versions(store, book, name)  # none: contract_in_effect explains
    zone = versions[-1].contract.timezone if versions else "UTC"
    local = pl.col("created_at").max().dt.convert_time_zone(zone).dt.date()
    found = mine.select(local).collect().item()
    if not isinstance(found, date):
        raise InvalidInput(f"vendor {name!r} has no contacts: nothing to watch")
    return found


Spec = tuple[str, str, str, bool, Target | None]  # channel, key, measure, better up, goal


def _specs(contract: Contract, frame: pl.DataFrame) -> list[Spec]:
    specs: list[Spec] = [
        (n.channel, n.key, _norm_measure(n, frame), True, n) for n in contract.norms
    ]
    kpis = {k.kpi: k for k in contract.kpis}
    csat = "csat_mean" if "csat_mean" in kpis else "csat_top2"
    fcr = kpis.get("fcr")
    derived = fcr is not None and fcr.fcr_method is FcrMethod.NO_RECONTACT_DAYS
    wanted = {csat: csat, "fcr": "fcr_no_recontact" if derived else "fcr",
              "escalation_rate": "escalation_rate", "aht_band": "aht"}  # fmt: skip
    wanted |= {k: k for k in ("reopen_rate", "nps") if k in kpis}
    for kpi, measure in wanted.items():
        better = KPIS[kpi][0] is Direction.AT_LEAST
        specs.append((ALL, f"kpi.{kpi}", measure, better, kpis.get(kpi)))
    return specs


def _norm_measure(norm: ResponseNorm, frame: pl.DataFrame) -> str:
    """The statement's measure: phone's service level when calls carry a wait."""
    rule = norm.service_level or ServiceLevelRule()
    column = SL_COLUMNS[rule.abandons]
    phone = frame.filter(pl.col("channel") == "phone")[f"{column}_n"].sum()
    has_sl = norm.channel == "phone" and phone > 0
    return f"service_level_{rule.abandons.value}" if has_sl else "within_norm"


def _series(frame: pl.DataFrame, vendor: str, dates: Days, spec: Spec) -> Series:
    channel, key, measure, better, goal = spec
    rows = frame if channel == ALL else frame.filter(pl.col("channel") == channel)
    daily = rows.group_by("period_start").agg(_daily(measure))
    index = (daily["period_start"].to_numpy().astype("datetime64[D]") - dates[0]).astype(int)
    values, n = np.full(dates.size, np.nan), np.zeros(dates.size)
    values[index] = daily["value"].to_numpy().astype(np.float64)  # null: NaN
    n[index] = daily["n"].to_numpy().astype(np.float64)
    n = np.where(np.isnan(values), 0.0, n)
    return Series(vendor, channel, key, measure, better, goal, dates, values, n)


def _daily(measure: str) -> list[pl.Expr]:
    """The day's value and n over the rows of one day (channels pooled)."""
    value, size, kind = MEASURES[measure]
    n = pl.col(size).fill_null(0)
    total = pl.col(f"{value}_hits") if kind == "proportion" else pl.col(value) * n
    unknown = pl.col(value).filter(n > 0).is_null().any()
    if measure == "csat_mean":  # a mean over ratings on different scales means nothing
        unknown = unknown | (pl.col("csat_scale").filter(n > 0).n_unique() > 1)
    pooled = total.fill_null(0).sum() / n.sum()
    day_value = pl.when(~unknown & (n.sum() > 0)).then(pooled)
    return [day_value.alias("value"), n.sum().alias("n")]
