"""Use case: the monthly statement of a vendor (``regie evaluate``).

For month M the statement takes the contract version in effect on M's first day, the
vendor's stored contacts created in M (days and months in the contract's time zone;
derived FCR also looks N days into M+1), its outage logs, and the recorded statements of
earlier months (for earn-back). It judges every norm and KPI, settles penalties and
bonuses, and records itself with its inputs: the contract version and its SHA-256, the
batches and outage logs. Running it again on the same inputs gives the same JSON; when
the inputs have changed (a late import, a removed batch), it refuses to overwrite the
record unless asked to ``recalculate`` (a new revision; the old one is kept).

Open contacts are judged at the *cutoff*, the last moment in the vendor's data: a
contact unanswered past its norm by then counts as a miss.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

from regie.analytics.kpi import SL_COLUMNS, KpiOptions, contact_kpis
from regie.analytics.kpi_contract import contract_options, data_cutoff
from regie.domain.availability import availability
from regie.domain.contract import (
    Contract,
    Direction,
    FcrMethod,
    KpiTarget,
    ResponseNorm,
    cents,
)
from regie.domain.errors import Conflict, InvalidInput
from regie.domain.penalties import (
    Adjustment,
    EarnBack,
    Outcome,
    Status,
    assess,
    earn_back_after,
    settle,
)
from regie.domain.staffing import ServiceLevelRule
from regie.domain.statement import ChannelVolume, EarnBackLine, Judged, Statement
from regie.services.contracts import ContractVersion, contract_in_effect
from regie.services.ports import ContactStore, GovernanceStore, OutageLogInfo, StatementInfo
from regie.services.statement_json import (
    JsonDict,
    outcomes_of,
    penalties_of,
    statement_json,
)

# KPI name → (value column, sample-size column, proportion column or None)
KPI_COLUMNS: dict[str, tuple[str, str, str | None]] = {
    "csat_mean": ("csat_mean", "csat_top2_n", None),
    "csat_top2": ("csat_top2", "csat_top2_n", "csat_top2"),
    "nps": ("nps", "nps_n", None),
    "fcr": ("fcr", "fcr_n", "fcr"),
    "escalation_rate": ("escalation_rate", "escalation_rate_n", "escalation_rate"),
    "reopen_rate": ("reopen_rate", "reopen_rate_n", "reopen_rate"),
    "aht_band": ("aht_seconds", "aht_n", None),
}
DERIVED_FCR = ("fcr_derived", "fcr_derived_n", "fcr_derived")


@dataclass(frozen=True)
class Evaluation:
    """A statement, and the record it matches or was stored as (None for a draft)."""

    statement: Statement
    record: StatementInfo | None
    recorded_now: bool
    json: JsonDict


@dataclass(frozen=True)
class Billed:
    """What the vendor's invoice says it worked, for an hourly or FTE fee."""

    hours: Decimal | None = None
    fte: Decimal | None = None


@dataclass(frozen=True)
class MonthScope:
    """Everything a month's statement is computed from."""

    vendor: str
    vendor_id: int
    month: str
    first: date
    start: datetime  # the month's first instant, UTC
    end: datetime  # the next month's first instant, UTC
    version: ContractVersion
    batches: tuple[int, ...]
    logs: tuple[OutageLogInfo, ...]
    cutoff: datetime | None
    options: KpiOptions
    billed: Billed = Billed()

    @property
    def contract(self) -> Contract:
        return self.version.contract

    def contacts(self, store: ContactStore, lookahead: bool = True) -> pl.LazyFrame:
        """The vendor's contacts created in the month (and ``fcr_days`` after it)."""
        extra = timedelta(days=(self.options.fcr_days or 0) if lookahead else 0)
        created = pl.col("created_at")
        return store.contacts().filter(
            (pl.col("vendor") == self.vendor)
            & (created >= self.start)
            & (created < self.end + extra)
        )


def parse_month(text: str) -> date:
    """``"2026-10"`` → 2026-10-01; a clear error otherwise."""
    try:
        return datetime.strptime(text.strip(), "%Y-%m").date()
    except ValueError:
        raise InvalidInput(f"--month {text!r}: give a month as YYYY-MM, e.g. 2026-10") from None


def next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def month_scope(
    store: ContactStore, book: GovernanceStore, vendor: str, month: str, billed: Billed = Billed()
) -> MonthScope:
    first = parse_month(month)
    version = contract_in_effect(store, book, vendor, first)
    info = store.vendor(vendor)
    zone = ZoneInfo(version.contract.timezone)
    batches = tuple(sorted(b.id for b in store.batches() if b.vendor == info.name))
    cutoff = data_cutoff(store.contacts().filter(pl.col("vendor") == info.name))
    end = datetime.combine(next_month(first), time(), zone).astimezone(UTC)
    return MonthScope(
        vendor=info.name,
        vendor_id=info.id,
        month=first.strftime("%Y-%m"),
        first=first,
        start=datetime.combine(first, time(), zone).astimezone(UTC),
        end=end,
        version=version,
        batches=batches,
        logs=tuple(book.outage_logs(info.id)),
        cutoff=cutoff,
        options=contract_options(version.contract, cutoff, until=end),
        billed=billed,
    )


def evaluate(
    store: ContactStore,
    book: GovernanceStore,
    vendor: str,
    month: str,
    draft: bool = False,
    recalculate: bool = False,
    billed: Billed | None = None,
) -> Evaluation:
    """The month's statement; recorded unless ``draft`` (see the module docstring).

    ``billed``: hours or FTE from the vendor's invoice, for an hourly or FTE fee.
    """
    scope = month_scope(store, book, vendor, month, billed or Billed())
    earlier = _latest_records(book, scope.vendor_id, before=scope.month)
    statement = build_statement(store, scope, earlier)
    result = statement_json(statement)
    inputs = _inputs(scope, earlier)
    recorded = book.statements(scope.vendor_id, scope.month)
    latest = recorded[-1] if recorded else None
    if latest is not None and latest.inputs == inputs and latest.result == result:
        return Evaluation(statement, latest, False, result)
    if draft:
        return Evaluation(statement, None, False, result)
    if latest is not None and not recalculate:
        raise Conflict(_changed(scope.month, latest, inputs))
    record = book.record_statement(
        scope.vendor_id, scope.month, scope.version.info.id, inputs, result
    )
    return Evaluation(statement, record, True, result)


def _inputs(scope: MonthScope, earlier: Mapping[str, StatementInfo]) -> JsonDict:
    info = scope.version.info
    return {
        "contract_id": info.id,
        "contract_version": info.version,
        "contract_sha256": info.sha256,
        "batches": list(scope.batches),
        "outage_logs": [log.id for log in scope.logs],
        "earlier_statements": sorted(r.id for r in earlier.values()),
        "billed_hours": None if scope.billed.hours is None else str(scope.billed.hours),
        "billed_fte": None if scope.billed.fte is None else str(scope.billed.fte),
    }


def _changed(month: str, latest: StatementInfo, inputs: JsonDict) -> str:
    was = latest.inputs
    changes = [
        f"{key.replace('_', ' ')} {was.get(key)} → {inputs[key]}"
        for key in inputs
        if was.get(key) != inputs[key]
    ] or ["the same inputs now give other figures (the definitions of this Regie version differ)"]
    return (
        f"{month} was recorded on {latest.recorded_at:%Y-%m-%d %H:%M} UTC (revision "
        f"{latest.revision}); since then: {'; '.join(changes)}. Pass --recalculate to record "
        "revision {0} (the old one is kept), or --draft to see it without recording".format(
            latest.revision + 1
        )
    )


def _latest_records(book: GovernanceStore, vendor_id: int, before: str) -> dict[str, StatementInfo]:
    latest: dict[str, StatementInfo] = {}
    for record in book.statements(vendor_id):
        if record.month < before:
            latest[record.month] = record  # revisions ascend: the last one wins
    return latest


def build_statement(
    store: ContactStore, scope: MonthScope, earlier: Mapping[str, StatementInfo]
) -> Statement:
    contract = scope.contract
    contacts = scope.contacts(store)
    in_month = pl.col("period_start") == scope.first  # (until = the month's end)
    by_channel = contact_kpis(contacts, ("vendor", "channel"), "month", scope.options)
    overall = contact_kpis(contacts, ("vendor",), "month", scope.options)
    channels, totals = pl.collect_all([by_channel.filter(in_month), overall.filter(in_month)])
    rows = {r["channel"]: r for r in channels.iter_rows(named=True)}
    total = totals.row(0, named=True) if totals.height else {}
    judged = tuple(_judge_norm(n, rows.get(n.channel, {})) for n in contract.norms) + tuple(
        _judge_kpi(k, total, scope) for k in contract.kpis
    )
    volumes = tuple(
        ChannelVolume(r["channel"], r["offered"], r["handled"], r["abandoned"])
        for r in channels.iter_rows(named=True)
    )
    handled = sum(v.handled for v in volumes)
    fee = contract.fee(handled, scope.billed.hours, scope.billed.fte)
    settlement = settle(contract, {j.key: j.outcome for j in judged}, fee)
    info = scope.version.info
    return Statement(
        vendor=scope.vendor,
        month=scope.month,
        timezone=contract.timezone,
        contract_version=info.version,
        contract_effective_from=info.effective_from,
        contract_sha256=info.sha256,
        earn_back_months=contract.earn_back_months,
        batches=scope.batches,
        cutoff=scope.cutoff,
        monthly_fee=fee,
        volumes=volumes,
        cost_per_contact=cents(fee / handled) if handled else None,
        judged=judged,
        settlement=settlement,
        earn_backs=_earn_backs(scope.month, {j.key: j.outcome for j in judged}, earlier),
    )


def _judge_norm(norm: ResponseNorm, row: Mapping[str, Any]) -> Judged:
    rule = norm.service_level or ServiceLevelRule()
    column = SL_COLUMNS[rule.abandons]
    if norm.channel == "phone" and (row.get(f"{column}_n") or 0) > 0:
        measure = f"service_level_{rule.abandons.value}"
    else:
        column, measure = "within_norm", "within_norm"
    judged = _judged(norm, norm.required_share, None, measure, row, column, f"{column}_n", column)
    return replace(judged, norm_seconds=norm.target_seconds, calendar=norm.calendar)


def _judge_kpi(target: KpiTarget, row: Mapping[str, Any], scope: MonthScope) -> Judged:
    if target.kpi == "availability":
        return _judge_availability(target, scope)
    value, size, share = KPI_COLUMNS[target.kpi]
    measure = target.kpi
    if target.kpi == "fcr" and target.fcr_method is FcrMethod.NO_RECONTACT_DAYS:
        (value, size, share), measure = DERIVED_FCR, "fcr_no_recontact"
    judged = _judged(target, target.threshold, target.high, measure, row, value, size, share)
    if target.kpi == "csat_mean" and row.get("csat_scales", 0) > 1:
        return _insufficient(judged, "ratings on more than one scale: no mean")
    return judged


def _judged(
    target: ResponseNorm | KpiTarget,
    threshold: float,
    high: float | None,
    measure: str,
    row: Mapping[str, Any],
    value: str,
    size: str,
    share: str | None,
) -> Judged:
    n = int(row.get(size) or 0)
    found = row.get(value)
    outcome = (
        Outcome(Status.INSUFFICIENT, None, None, n)
        if found is None
        else assess(target, float(found), n)
    )
    direction = target.direction if isinstance(target, KpiTarget) else Direction.AT_LEAST
    return Judged(
        key=target.key,
        measure=measure,
        direction=direction,
        target=threshold,
        target_high=high,
        outcome=outcome,
        hits=None if share is None else row.get(f"{share}_hits"),
        low=None if share is None else row.get(f"{share}_low"),
        high=None if share is None else row.get(f"{share}_high"),
    )


def _insufficient(judged: Judged, note: str) -> Judged:
    outcome = Outcome(Status.INSUFFICIENT, None, None, judged.outcome.n)
    return replace(judged, outcome=outcome, note=note)


def _judge_availability(target: KpiTarget, scope: MonthScope) -> Judged:
    judged = Judged(target.key, "availability", target.direction, target.threshold, None,
                    Outcome(Status.INSUFFICIENT))  # fmt: skip
    logs = [log for log in scope.logs if _covers(log, scope.first)]
    if not logs:
        return _insufficient(judged, "no outage log covers the month")
    outages = [o for log in logs for o in log.outages]
    value = availability(outages, scope.start, scope.end)
    return replace(judged, outcome=assess(target, value, 0), note=None)


def _covers(log: OutageLogInfo, first: date) -> bool:
    return log.covers_from <= first and log.covers_to >= next_month(first) - timedelta(days=1)


def _earn_backs(
    month: str, current: Mapping[str, Outcome], earlier: Mapping[str, StatementInfo]
) -> tuple[EarnBackLine, ...]:
    """Earlier penalties under earn-back whose fate is open or decided this month."""
    months = sorted(earlier)
    lines: list[EarnBackLine] = []
    for index, past in enumerate(months):
        record = earlier[past].result
        span = record["contract"]["earn_back_months"]
        if not span or _months_between(past, month) > span:
            continue
        later, complete = _later_outcomes(months[index + 1 :], earlier, past, month)
        for penalty, charged in penalties_of(record):
            line = _earn_back_line(past, penalty, charged, span, later, current, complete)
            if line is not None:
                lines.append(line)
    return tuple(lines)


def _later_outcomes(
    following: list[str], earlier: Mapping[str, StatementInfo], past: str, month: str
) -> tuple[list[Mapping[str, Outcome]], bool]:
    """Outcomes of the recorded months after ``past``, up to a gap or ``month``; and
    whether there was no gap (every month in between has a record)."""
    found: list[Mapping[str, Outcome]] = []
    expected = _month_after(past)
    for name in following:
        if name != expected:
            break
        found.append(outcomes_of(earlier[name].result))
        expected = _month_after(name)
    return found, expected == month


def _earn_back_line(
    past: str,
    penalty: Adjustment,
    charged: Decimal,
    span: int,
    later: list[Mapping[str, Outcome]],
    current: Mapping[str, Outcome],
    complete: bool,
) -> EarnBackLine | None:
    before = earn_back_after(span, penalty, later)
    if before in (EarnBack.WAIVED, EarnBack.KEPT):
        return None  # decided in an earlier month
    status = earn_back_after(span, penalty, [*later, current]) if complete else before
    refund = charged if status is EarnBack.WAIVED else Decimal("0.00")
    return EarnBackLine(past, penalty, charged, status, refund)


def _month_after(month: str) -> str:
    return next_month(parse_month(month)).strftime("%Y-%m")


def _months_between(first: str, last: str) -> int:
    a, b = parse_month(first), parse_month(last)
    return (b.year - a.year) * 12 + b.month - a.month
