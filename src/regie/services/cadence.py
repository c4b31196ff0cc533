"""Use case: the report cadence (``regie report weekly|monthly|quarterly``).

Each function assembles one report's data; :mod:`regie.reports.cadence_report` renders
it; ``docs/reports.md`` describes it. Periods (``2026-W41``: an ISO week, ``2026-10``,
``2026-Q4``) run in the contract's time zone.

- **weekly**: per channel the week's volumes and every target of the contract version in
  effect on the Monday, judged with the contract's definitions as the statement does;
  the vendor-wide targets also over all channels; daily volumes and response shares.
- **monthly**: the month's statement (the recorded one, else a draft not recorded), its
  QA results, six months of every target, and the early warning of
  :mod:`regie.services.watch` up to the month's last day (or the data's, if earlier).
- **quarterly**: the quarter's statements, the business case against every month since
  the contract began (:mod:`regie.services.reforecast`) and the early warning.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

import polars as pl

from regie.analytics.kpi import SL_COLUMNS
from regie.domain.case import BusinessCase
from regie.domain.contract import Contract, Direction, FcrMethod, KpiTarget, ResponseNorm
from regie.domain.errors import InvalidInput, NotFound, RegieError
from regie.domain.penalties import Outcome, Status, assess
from regie.domain.staffing import ServiceLevelRule
from regie.domain.statement import Judged, Statement
from regie.services.contracts import contract_in_effect, contract_versions
from regie.services.kpis import KpiRequest, kpi_table
from regie.services.ports import ContactStore, GovernanceStore
from regie.services.qa import QaMonth, QaStore, month_results
from regie.services.reforecast import ActualMonth, Reforecast, reforecast
from regie.services.statement_json import statement_from_json
from regie.services.statements import DERIVED_FCR, KPI_COLUMNS, Billed, evaluate, next_month
from regie.services.watch import WatchResult, watch

Kind = Literal["week", "month", "quarter"]
TREND_MONTHS = 6
_PATTERNS: dict[Kind, tuple[re.Pattern[str], str]] = {
    "week": (re.compile(r"(\d{4})-W(\d{2})"), "an ISO week as YYYY-Www, e.g. 2026-W41"),
    "month": (re.compile(r"(\d{4})-(\d{2})"), "a month as YYYY-MM, e.g. 2026-10"),
    "quarter": (re.compile(r"(\d{4})-Q([1-4])"), "a quarter as YYYY-Qn, e.g. 2026-Q4"),
}


@dataclass(frozen=True)
class Period:
    kind: Kind
    label: str  # "2026-W41", "2026-10", "2026-Q4"
    first: date
    last: date  # inclusive

    @property
    def months(self) -> tuple[str, ...]:
        found, day = [], self.first.replace(day=1)
        while day <= self.last:
            found.append(f"{day:%Y-%m}")
            day = next_month(day)
        return tuple(found)


def parse_period(kind: Kind, text: str) -> Period:
    """``2026-W41``, ``2026-10`` or ``2026-Q4`` as a :class:`Period`; a clear error else."""
    pattern, example = _PATTERNS[kind]
    match = pattern.fullmatch(text.strip())
    try:
        assert match is not None
        year, number = int(match[1]), int(match[2])
        if kind == "week":
            first = date.fromisocalendar(year, number, 1)
            return Period(kind, f"{year}-W{number:02d}", first, first + timedelta(days=6))
        start = date(year, number if kind == "month" else 3 * number - 2, 1)
    except (AssertionError, ValueError):
        raise InvalidInput(f"--period {text!r}: give {example}") from None
    end = start
    for _ in range(1 if kind == "month" else 3):
        end = next_month(end)
    return Period(kind, text.strip(), start, end - timedelta(days=1))


# weekly --------------------------------------------------------------------------------
@dataclass(frozen=True)
class ChannelWeek:
    channel: str
    offered: int
    handled: int
    abandoned: int
    aht_seconds: float | None
    judged: tuple[Judged, ...]


@dataclass(frozen=True)
class DayPoint:
    day: date
    channel: str
    offered: int
    handled: int
    response: float | None  # share within the channel's norm (phone: its service level)
    response_n: int
    target: float | None  # the norm's required share


@dataclass(frozen=True)
class WeeklyReport:
    vendor: str
    period: Period
    timezone: str
    contract_version: int
    channels: tuple[ChannelWeek, ...]
    overall: tuple[Judged, ...]  # the vendor-wide KPI targets over all channels
    days: tuple[DayPoint, ...]


def weekly(store: ContactStore, book: GovernanceStore, vendor: str, period: str) -> WeeklyReport:
    """The week's KPIs per channel against the contract's targets (module docstring)."""
    week = parse_period("week", period)
    version = contract_in_effect(store, book, vendor, week.first)
    contract = version.contract
    request = KpiRequest(vendor, week.first, week.last, ("channel", "week"), contract=contract)
    by_channel = kpi_table(store, request)
    overall = kpi_table(store, replace(request, by=("week",)))
    daily = kpi_table(store, replace(request, by=("channel", "day")))
    channels = tuple(_channel_week(contract, row) for row in by_channel.iter_rows(named=True))
    total = overall.row(0, named=True) if overall.height else {}
    return WeeklyReport(
        vendor=store.vendor(vendor).name,
        period=week,
        timezone=contract.timezone,
        contract_version=version.info.version,
        channels=channels,
        overall=tuple(j for k in contract.kpis if (j := judge(k, total)) is not None),
        days=tuple(_day(contract, row) for row in daily.iter_rows(named=True)),
    )


def _channel_week(contract: Contract, row: Mapping[str, Any]) -> ChannelWeek:
    channel = row["channel"]
    targets = [n for n in contract.norms if n.channel == channel] + list(contract.kpis)
    return ChannelWeek(
        channel=channel,
        offered=int(row["offered"]),
        handled=int(row["handled"]),
        abandoned=int(row["abandoned"]),
        aht_seconds=row.get("aht_seconds"),
        judged=tuple(j for t in targets if (j := judge(t, row)) is not None),
    )


def _day(contract: Contract, row: Mapping[str, Any]) -> DayPoint:
    norm = next((n for n in contract.norms if n.channel == row["channel"]), None)
    column = None if norm is None else norm_column(norm, row)[1]
    return DayPoint(
        day=row["period_start"],
        channel=row["channel"],
        offered=int(row["offered"]),
        handled=int(row["handled"]),
        response=None if column is None else row.get(column),
        response_n=0 if column is None else int(row.get(f"{column}_n") or 0),
        target=None if norm is None else norm.required_share,
    )


def norm_column(norm: ResponseNorm, row: Mapping[str, Any]) -> tuple[str, str]:
    """(measure, column) of a norm, as the statement judges it: phone's service level when
    calls carry a wait, else the share answered within the norm."""
    rule = norm.service_level or ServiceLevelRule()
    column = SL_COLUMNS[rule.abandons]
    if norm.channel == "phone" and (row.get(f"{column}_n") or 0) > 0:
        return f"service_level_{rule.abandons.value}", column
    return "within_norm", "within_norm"


def judge(target: ResponseNorm | KpiTarget, row: Mapping[str, Any]) -> Judged | None:
    """A norm or KPI target judged on one KPI row (None: availability, not in KPI rows)."""
    if isinstance(target, ResponseNorm):
        measure, value = norm_column(target, row)
        judged = _judged(target, measure, row, (value, f"{value}_n", value))
        return replace(judged, norm_seconds=target.target_seconds, calendar=target.calendar)
    if target.kpi == "availability":
        return None
    if target.kpi == "fcr" and target.fcr_method is FcrMethod.NO_RECONTACT_DAYS:
        return _judged(target, "fcr_no_recontact", row, DERIVED_FCR)
    return _judged(target, target.kpi, row, KPI_COLUMNS[target.kpi])


def _judged(
    target: ResponseNorm | KpiTarget,
    measure: str,
    row: Mapping[str, Any],
    columns: tuple[str, str, str | None],
) -> Judged:
    value, size, share = columns
    n, found = int(row.get(size) or 0), row.get(value)
    outcome = Outcome(Status.INSUFFICIENT, None, None, n)
    if found is not None:
        outcome = assess(target, float(found), n)
    goal: tuple[Direction, float, float | None] = (
        (Direction.AT_LEAST, target.required_share, None)
        if isinstance(target, ResponseNorm)
        else (target.direction, target.threshold, target.high)
    )
    interval = [None if share is None else row.get(f"{share}_{x}") for x in ("hits", "low", "high")]
    return Judged(target.key, measure, *goal, outcome, *interval)


# statements ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Stated:
    """A month's statement: the recorded one, or a draft (``revision`` None)."""

    statement: Statement
    revision: int | None

    @property
    def handled(self) -> int:
        return sum(v.handled for v in self.statement.volumes)

    @property
    def invoiced(self) -> Decimal:
        """The month's fee plus its net invoice adjustment."""
        return self.statement.monthly_fee + self.statement.net


def month_statement(
    store: ContactStore, book: GovernanceStore, vendor: str, month: str, fee: bool = True
) -> Stated | None:
    """The recorded statement of ``month``, else a draft; None without a contract then.

    ``fee=False`` accepts a draft whose fee is unknown (hourly or FTE pricing without the
    invoice's billed hours): its KPIs are right, its money is not.
    """
    info = store.vendor(vendor)
    records = book.statements(info.id, month)
    if records:
        return Stated(statement_from_json(records[-1].result), records[-1].revision)
    try:
        version = contract_in_effect(store, book, vendor, date.fromisoformat(f"{month}-01"))
    except NotFound:
        return None
    billed = Billed()
    if version.contract.pricing.needs():
        if fee:
            raise InvalidInput(
                f"{month}: the {version.contract.pricing.model.value} fee needs the billed "
                f"hours or FTE from the invoice: record the month first with `regie evaluate "
                f"--vendor {info.name!r} --month {month} --billed-hours H` (or --billed-fte)"
            )
        billed = Billed(Decimal(0), Decimal(0))
    return Stated(evaluate(store, book, vendor, month, draft=True, billed=billed).statement, None)


# early warning -------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class EarlyWarning:
    """The control charts and open signals up to ``until``; ``problem``: why none."""

    until: date | None
    result: WatchResult | None
    problem: str | None = None


def early_warning(
    store: ContactStore, book: GovernanceStore, vendor: str, last: date
) -> EarlyWarning:
    """:func:`regie.services.watch.watch` up to ``last`` or the data's last day if earlier."""
    zone = contract_versions(store, book, vendor)[-1].contract.timezone
    until = min(last, _last_day(store, vendor, zone) or last)
    try:
        return EarlyWarning(until, watch(store, book, vendor, until))
    except RegieError as error:
        return EarlyWarning(until, None, error.message)


def _last_day(store: ContactStore, vendor: str, zone: str) -> date | None:
    """The local day of the vendor's last contact."""
    name = store.vendor(vendor).name
    local = pl.col("created_at").max().dt.convert_time_zone(zone).dt.date()
    found = store.contacts().filter(pl.col("vendor") == name).select(local).collect().item()
    return found if isinstance(found, date) else None


# monthly -------------------------------------------------------------------------------
@dataclass(frozen=True)
class TrendPoint:
    month: str
    judged: Judged


@dataclass(frozen=True, eq=False)
class MonthlyReport:
    vendor: str
    period: Period
    current: Stated
    qa: QaMonth | None
    trend: tuple[TrendPoint, ...]
    warning: EarlyWarning


def monthly(
    store: ContactStore, book: GovernanceStore, qa: QaStore | None, vendor: str, period: str
) -> MonthlyReport:
    """The month's statement, QA, six-month trends and early warning (module docstring)."""
    month = parse_period("month", period)
    contract_in_effect(store, book, vendor, month.first)  # or: how to add a contract
    current = month_statement(store, book, vendor, month.label)
    assert current is not None
    return MonthlyReport(
        vendor=current.statement.vendor,
        period=month,
        current=current,
        qa=None if qa is None else qa_month(store, qa, vendor, month.label),
        trend=trend(store, book, vendor, month.first),
        warning=early_warning(store, book, vendor, month.last),
    )


def qa_month(store: ContactStore, qa: QaStore, vendor: str, month: str) -> QaMonth | None:
    """The month's QA results, None without reviews."""
    try:
        return month_results(store, qa, vendor, month)
    except NotFound:
        return None


def trend(
    store: ContactStore, book: GovernanceStore, vendor: str, first: date
) -> tuple[TrendPoint, ...]:
    """Every judged target of the last six months up to ``first``'s, months with data."""
    points: list[TrendPoint] = []
    for back in range(TREND_MONTHS - 1, -1, -1):
        index = first.year * 12 + first.month - 1 - back
        month = f"{index // 12:04d}-{index % 12 + 1:02d}"
        stated = month_statement(store, book, vendor, month, fee=False)
        if stated is not None and stated.handled:
            points += [TrendPoint(month, j) for j in stated.statement.judged]
    return tuple(points)


# quarterly -----------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class QuarterlyReport:
    vendor: str
    period: Period
    case_start: date  # the case's month 1: the first contract version's month
    months: tuple[Stated, ...]  # the quarter's months with data
    reforecast: Reforecast
    warning: EarlyWarning


def quarterly(
    store: ContactStore, book: GovernanceStore, vendor: str, period: str, case: BusinessCase
) -> QuarterlyReport:
    """The quarter's statements, the case against actuals, the verdict (module docstring)."""
    quarter = parse_period("quarter", period)
    versions = contract_versions(store, book, vendor)
    if not versions:
        contract_in_effect(store, book, vendor, quarter.first)  # raises: how to add one
    start = versions[0].info.effective_from.replace(day=1)
    stated = _since(store, book, vendor, start, quarter.last)
    months = tuple(s for s in stated if s.statement.month in quarter.months)
    if not months:
        raise NotFound(f"{vendor!r} has no contacts in {quarter.label}: nothing to evaluate")
    contract = contract_in_effect(store, book, vendor, quarter.last.replace(day=1)).contract
    warning = early_warning(store, book, vendor, quarter.last)
    signals = 0 if warning.result is None else len(warning.result.signals)
    actuals = [_actual(s) for s in stated]
    found = reforecast(case, start, actuals, contract, signals)
    return QuarterlyReport(months[0].statement.vendor, quarter, start, months, found, warning)


def _since(
    store: ContactStore, book: GovernanceStore, vendor: str, start: date, last: date
) -> list[Stated]:
    """The statements of every month from ``start`` to ``last`` that has data."""
    found: list[Stated] = []
    day = start
    while day <= last:
        stated = month_statement(store, book, vendor, f"{day:%Y-%m}")
        if stated is not None and (stated.handled or stated.revision is not None):
            found.append(stated)
        day = next_month(day)
    return found


def _actual(stated: Stated) -> ActualMonth:
    s = stated.statement
    return ActualMonth(
        s.month,
        {v.channel: v.handled for v in s.volumes},
        stated.invoiced,
        tuple(j.key for j in s.judged if j.outcome.status is Status.MISSED),
    )
