"""Use case: the contacts behind a norm or KPI of a month (``regie evaluate --explain``).

So the vendor can check a miss line by line, this lists every contact that counts
*against* the target, with the figure that made it count, under the same definitions as
the statement (same contract version, calendar, cutoff and month):

- ``response.<channel>``: answered after the norm, or still open past it at the cutoff,
  with the seconds on the norm's calendar (business seconds for a business calendar);
- ``response.phone`` judged as a service level: the calls of the formula's denominator
  that are not among its hits (the same terms as the KPI engine's), with the wait;
- ``kpi.fcr``: contacts not resolved at first contact (agent's flag, or a new contact
  from the same customer within N days); ``kpi.escalation_rate``: escalated contacts;
  ``kpi.reopen_rate``: reopened tickets; ``kpi.csat_*``: ratings below the top two;
  ``kpi.nps``: detractors (0–6); ``kpi.aht_band``: handled contacts outside the band;
- ``kpi.availability``: the outages of the month, unplanned first.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from regie.analytics.kpi import measured_contacts
from regie.analytics.kpi_rows import handled, service_level_calls
from regie.domain.contract import FcrMethod, KpiTarget, ResponseNorm
from regie.domain.errors import InvalidInput
from regie.domain.staffing import ServiceLevelRule
from regie.services.ports import ContactStore, GovernanceStore
from regie.services.statements import MonthScope, month_scope

COLUMNS = ("source", "source_id", "channel", "queue", "created_at", "first_response_at")


@dataclass(frozen=True)
class Explanation:
    key: str
    figure: str  # the column that made each row count, e.g. "business_seconds"
    rows: pl.DataFrame  # created_at etc. in the contract's time zone


def explain(
    store: ContactStore, book: GovernanceStore, vendor: str, month: str, key: str
) -> Explanation:
    scope = month_scope(store, book, vendor, month)
    targets = scope.contract.targets()
    if key not in targets:
        known = ", ".join(sorted(targets))
        raise InvalidInput(f"--explain {key!r}: not a target of this contract; use one of {known}")
    target = targets[key]
    if isinstance(target, KpiTarget) and target.kpi == "availability":
        return _outages(scope, key)
    rows = measured_contacts(scope.contacts(store), "month", scope.options)
    rows = rows.filter(pl.col("period_start") == scope.first)
    figure, against = _norm(target, rows) if isinstance(target, ResponseNorm) else _kpi(target)
    zone = scope.contract.timezone
    shown = rows.filter(against).select(
        *COLUMNS[:4],
        *(pl.col(c).dt.convert_time_zone(zone) for c in COLUMNS[4:]),
        pl.col(figure[0]).alias(figure[1]),
    )
    return Explanation(key, figure[1], shown.sort("created_at").collect())


def _norm(norm: ResponseNorm, rows: pl.LazyFrame) -> tuple[tuple[str, str], pl.Expr]:
    channel = pl.col("channel") == norm.channel
    rule = norm.service_level or ServiceLevelRule()
    calls = service_level_calls(rule, norm.target_seconds)
    if norm.channel == "phone" and _has_waits(rows):
        return ("wait_seconds", "wait_seconds"), calls.missed(rule.abandons)
    clock = "seconds" if norm.calendar == "24/7" else "business_seconds"
    return ("norm_seconds", clock), channel & (pl.col("within_norm") == False)  # noqa: E712


def _has_waits(rows: pl.LazyFrame) -> bool:
    """Whether the statement judged phone as a service level (calls with a known wait)."""
    known = pl.col("wait_seconds").is_not_null() & pl.col("abandoned").is_not_null()
    phone = (pl.col("channel") == "phone") & known
    return bool(rows.select(phone.any()).collect().item())


def _kpi(target: KpiTarget) -> tuple[tuple[str, str], pl.Expr]:
    score, scale = pl.col("csat_score"), pl.col("csat_scale")
    top = pl.when(scale >= 5).then(scale - 1).otherwise(scale)
    if target.kpi == "fcr":
        column = (
            "fcr_derived"
            if target.fcr_method is FcrMethod.NO_RECONTACT_DAYS
            else "resolved_first_contact"
        )
        return (column, column), pl.col(column) == False  # noqa: E712
    rules: dict[str, tuple[str, pl.Expr]] = {
        "escalation_rate": ("escalated", pl.col("escalated") == True),  # noqa: E712
        "reopen_rate": ("reopens", pl.col("reopens") > 0),
        "csat_mean": ("csat_score", score.is_not_null() & (score < top)),
        "csat_top2": ("csat_score", score.is_not_null() & (score < top)),
        "nps": ("nps_score", pl.col("nps_score") <= 6),
        "aht_band": ("handle_seconds", _outside_band(target)),
    }
    column, expression = rules[target.kpi]
    return (column, column), expression


def _outside_band(target: KpiTarget) -> pl.Expr:
    seconds = pl.col("handle_seconds")
    high = target.high if target.high is not None else float("inf")
    return handled & seconds.is_not_null() & ((seconds < target.threshold) | (seconds > high))


def _outages(scope: MonthScope, key: str) -> Explanation:
    rows = [
        {
            "service": o.service,
            "start": o.start,
            "end": o.end,
            "planned": o.planned,
            "log": log.file_name,
        }
        for log in scope.logs
        for o in log.outages
        if o.end > scope.start and o.start < scope.end
    ]
    utc = pl.Datetime("us", "UTC")
    schema: dict[str, pl.DataType] = {
        "service": pl.String(),
        "start": utc,
        "end": utc,
        "planned": pl.Boolean(),
        "log": pl.String(),
    }
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    minutes = ((pl.col("end") - pl.col("start")).dt.total_seconds() / 60).alias("minutes")
    zone = scope.contract.timezone
    shown = frame.with_columns(
        pl.col("start").dt.convert_time_zone(zone),
        pl.col("end").dt.convert_time_zone(zone),
        minutes,
    )
    return Explanation(key, "minutes", shown.sort("planned", "start"))
