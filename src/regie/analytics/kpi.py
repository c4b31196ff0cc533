"""The KPI engine: contact KPIs per period and group, every proportion with n and interval.

:func:`contact_kpis` turns a lazy frame of canonical contacts (see
:mod:`regie.analytics.columns`) into one row per period and group with volumes, first
response times (calendar and, with a calendar, business), the share within a norm, the
three service-level variants, ASA, AHT, CSAT (mean and top-2-box), NPS, FCR (agent flag
and derived), escalation and reopen rates. A null input is left out of that KPI's n,
never counted as 0. Each proportion ``x`` comes as ``x``, ``x_hits``, ``x_n``, ``x_low``
and ``x_high`` (Wilson 95 %). Definitions and pitfalls: ``docs/kpis.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final, Literal

import polars as pl

from regie.analytics.kpi_intervals import (
    Z95,
    proportion,
    sample_status,
    sample_status_expr,
    wilson,
    wilson_exprs,
)
from regie.analytics.kpi_rows import (
    ANY_CHANNEL,
    PERIODS,
    ChannelNorm,
    Period,
    calendar_response_seconds,
    clock_columns,
    handled,
    norm_columns,
    period_start,
    response_end,
    service_level_calls,
    with_derived_fcr,
)
from regie.domain.calendar import BusinessCalendar
from regie.domain.errors import InvalidInput
from regie.domain.staffing import Abandons, ServiceLevelRule

__all__ = [
    "GROUP_KEYS",
    "PROPORTIONS",
    "ChannelNorm",
    "KpiOptions",
    "Period",
    "contact_kpis",
    "measured_contacts",
    "sample_status",
    "wilson",
    "wilson_exprs",
]

GROUP_KEYS: Final = ("vendor", "channel", "queue", "priority")
PROPORTIONS: Final = (
    "abandonment_rate",
    "within_norm",
    "sl_ignored",
    "sl_against",
    "sl_for",
    "csat_top2",
    "fcr",
    "fcr_derived",
    "escalation_rate",
    "reopen_rate",
)
"""Every proportion column; each has ``_hits``, ``_n``, ``_low`` and ``_high`` beside it."""

SL_COLUMNS: Final = {
    Abandons.IGNORED: "sl_ignored",
    Abandons.AGAINST: "sl_against",
    Abandons.FOR: "sl_for",
}


@dataclass(frozen=True)
class KpiOptions:
    """The definitions a contract chooses; the defaults are 24/7 time and common norms.

    ``norm_seconds`` with ``norm_basis`` ("calendar" or "business", the latter needs a
    calendar) defines ``within_norm`` for every channel; ``norms`` instead gives each
    channel its own :class:`ChannelNorm` (target and calendar), as a contract does.
    With ``cutoff`` (the moment the data end), a contact still unanswered past its norm
    at the cutoff counts as a miss; without it only answered contacts count.

    Service level counts phone contacts whose wait is at most ``service_level_seconds``;
    ``service_level`` says how abandons count and which short abandons leave the offered
    calls. ``timezone`` sets period boundaries (default: the calendar's zone, else UTC).
    ``minimum_sample`` adds ``x_sample`` status columns. Contacts created at or after
    ``until`` serve only as re-contacts for derived FCR and are otherwise left out, so a
    period's last days are judged on what came after them.
    """

    calendar: BusinessCalendar | None = None
    norm_seconds: float | None = None
    norm_basis: Literal["calendar", "business"] = "calendar"
    service_level_seconds: float = 20.0
    service_level: ServiceLevelRule = field(default_factory=ServiceLevelRule)
    fcr_days: int | None = 7  # None: no derived FCR (the contract uses the agent's flag)
    timezone: str | None = None
    minimum_sample: int | None = None
    z: float = Z95
    norms: Mapping[str, ChannelNorm] = field(default_factory=dict)
    cutoff: datetime | None = None
    until: datetime | None = None

    def channel_norms(self) -> Mapping[str, ChannelNorm]:
        """The norm per channel (``"*"``: every channel), from ``norms`` or ``norm_seconds``."""
        if self.norms:
            return self.norms
        if self.norm_seconds is None:
            return {}
        calendar = self.calendar if self.norm_basis == "business" else None
        return {ANY_CHANNEL: ChannelNorm(self.norm_seconds, calendar)}

    def zone(self) -> str:
        if self.timezone is not None:
            return self.timezone
        return self.calendar.timezone if self.calendar is not None else "UTC"


def contact_kpis(
    contacts: pl.LazyFrame,
    by: Sequence[str] = ("vendor", "channel"),
    period: Period = "month",
    options: KpiOptions | None = None,
) -> pl.LazyFrame:
    """KPIs per ``period_start`` (local date) and the ``by`` keys, sorted by them."""
    chosen = options or KpiOptions()
    _check(by, period, chosen)
    rows = measured_contacts(contacts, period, chosen)
    if chosen.until is not None:
        rows = rows.filter(pl.col("created_at") < chosen.until)
    keys = ["period_start", *by]
    totals = rows.group_by(keys).agg(_aggregates(chosen)).with_columns(_service_levels())
    chosen_sl = pl.col(SL_COLUMNS[chosen.service_level.abandons]).alias("service_level")
    finished = totals.with_columns(_finishing(chosen)).with_columns(chosen_sl)
    return finished.sort(keys, nulls_last=True)


def _check(by: Sequence[str], period: str, options: KpiOptions) -> None:
    problems = [
        f"by: {key!r} is not one of {', '.join(GROUP_KEYS)}" for key in by if key not in GROUP_KEYS
    ]
    if period not in PERIODS:
        problems.append(f"period = {period!r}: must be one of {', '.join(PERIODS)}")
    if options.norm_basis == "business" and options.calendar is None:
        problems.append("norm_basis = 'business' needs a calendar")
    if options.fcr_days is not None and options.fcr_days < 1:
        problems.append(f"fcr_days = {options.fcr_days}: must be 1 or more")
    if problems:
        raise InvalidInput("KPI request: " + "; ".join(problems))


def measured_contacts(
    contacts: pl.LazyFrame, period: Period = "month", options: KpiOptions | None = None
) -> pl.LazyFrame:
    """The contacts with the per-contact measures the KPIs aggregate: ``period_start``,
    ``frt_seconds``, ``frt_business_seconds`` (with a calendar), ``norm_seconds``,
    ``norm_target`` and ``within_norm`` (with norms), ``fcr_derived``.
    """
    chosen = options or KpiOptions()
    norms = chosen.channel_norms()
    used = [c for c in (chosen.calendar, *(n.calendar for n in norms.values())) if c is not None]
    clocks, names = clock_columns(used, chosen.cutoff)
    first = [
        period_start(period, chosen.zone()),
        calendar_response_seconds(),
        response_end(chosen.cutoff).alias("_end"),
        *clocks,
    ]
    second: list[pl.Expr] = []
    if chosen.calendar is not None:
        answered = pl.col("first_response_at").is_not_null()
        business = pl.when(answered).then(pl.col(names[id(chosen.calendar)]))
        second.append(business.alias("frt_business_seconds"))
    if norms:
        second += norm_columns(norms, names)
    measured = contacts.with_columns(first).with_columns(second)
    helpers = ["_end", *names.values()]
    return with_derived_fcr(measured.drop(helpers), chosen.fcr_days)


def _aggregates(options: KpiOptions) -> list[pl.Expr]:
    abandoned = pl.col("abandoned")
    customer = pl.col("customer_key")
    counts = [
        pl.len().alias("offered"),
        handled.sum().alias("handled"),
        abandoned.sum().alias("abandoned"),
        *_hits("abandonment_rate", abandoned, abandoned.is_not_null()),
        customer.drop_nulls().n_unique().alias("customers"),
        customer.is_not_null().sum().alias("customer_contacts"),
    ]
    return (
        counts
        + _response_times(options)
        + _service_level(options)
        + _means()
        + _satisfaction()
        + _rates(options)
    )


def _hits(name: str, success: pl.Expr, counted: pl.Expr) -> list[pl.Expr]:
    """``{name}_hits`` and ``{name}_n``: successes among the rows where ``counted``."""
    return [
        (success.fill_null(False) & counted).sum().alias(f"{name}_hits"),
        counted.fill_null(False).sum().alias(f"{name}_n"),
    ]


def _flag(name: str, column: str) -> list[pl.Expr]:
    """Share of true among the non-null values of a yes/no column."""
    return _hits(name, pl.col(column), pl.col(column).is_not_null())


def _summary(source: str, prefix: str) -> list[pl.Expr]:
    return _summary_of(pl.col(source), prefix)


def _summary_of(values: pl.Expr, prefix: str) -> list[pl.Expr]:
    return [
        values.mean().alias(f"{prefix}_mean"),
        values.median().alias(f"{prefix}_median"),
        values.quantile(0.9, interpolation="linear").alias(f"{prefix}_p90"),
        values.count().alias(f"{prefix}_n"),
    ]


def _response_times(options: KpiOptions) -> list[pl.Expr]:
    found = _summary("frt_seconds", "frt")
    if options.calendar is not None:
        found += _summary("frt_business_seconds", "frt_business")
    if options.norms:
        answered = pl.col("first_response_at").is_not_null()
        found += _summary_of(pl.col("norm_seconds").filter(answered), "frt_norm")
    if options.channel_norms():
        within = pl.col("within_norm")
        found += _hits("within_norm", within, within.is_not_null())
    return found


def _service_level(options: KpiOptions) -> list[pl.Expr]:
    """Phone calls answered / abandoned within the threshold, after short abandons."""
    calls = service_level_calls(options.service_level, options.service_level_seconds)
    return [
        calls.offered.sum().alias("sl_offered"),
        calls.short.sum().alias("short_abandoned"),
        calls.answered_within.sum().alias("answered_within"),
        calls.abandoned_within.sum().alias("abandoned_within"),
    ]


def _means() -> list[pl.Expr]:
    """ASA (wait of answered contacts) and AHT (handle time of handled contacts)."""
    wait = pl.col("wait_seconds").filter(handled)
    handle = pl.col("handle_seconds").filter(handled)
    return [
        wait.mean().alias("asa_seconds"),
        wait.count().alias("asa_n"),
        handle.mean().alias("aht_seconds"),
        handle.count().alias("aht_n"),
    ]


def _satisfaction() -> list[pl.Expr]:
    """CSAT mean and top-2-box, NPS promoters and detractors."""
    score, scale, nps = pl.col("csat_score"), pl.col("csat_scale"), pl.col("nps_score")
    top = score >= pl.when(scale >= 5).then(scale - 1).otherwise(scale)
    rated = score.is_not_null() & scale.is_not_null()
    return [
        score.filter(rated).mean().alias("csat_mean"),
        scale.filter(rated).max().alias("csat_scale"),
        scale.filter(rated).n_unique().alias("csat_scales"),
        *_hits("csat_top2", top, rated),
        (nps >= 9).sum().alias("nps_promoters"),
        (nps <= 6).sum().alias("nps_detractors"),
        nps.count().alias("nps_n"),
    ]


def _rates(options: KpiOptions) -> list[pl.Expr]:
    reopens = pl.col("reopens")
    return [
        *_flag("fcr", "resolved_first_contact"),
        *(_flag("fcr_derived", "fcr_derived") if options.fcr_days is not None else []),
        *_flag("escalation_rate", "escalated"),
        *_hits("reopen_rate", reopens > 0, reopens.is_not_null()),
    ]


def _service_levels() -> list[pl.Expr]:
    """Hits and n of the three service-level variants (see :class:`Abandons`)."""
    answered, gave_up = pl.col("answered_within"), pl.col("abandoned_within")
    offered = pl.col("sl_offered")
    return [
        answered.alias("sl_ignored_hits"),
        (offered - gave_up).alias("sl_ignored_n"),
        answered.alias("sl_against_hits"),
        offered.alias("sl_against_n"),
        (answered + gave_up).alias("sl_for_hits"),
        offered.alias("sl_for_n"),
    ]


def _finishing(options: KpiOptions) -> list[pl.Expr]:
    rates = [e for name in _present(options) for e in proportion(name, options.z)]
    nps_n = pl.col("nps_n")
    promoters, detractors = (pl.col(f"nps_{g}").cast(pl.Int64) for g in ("promoters", "detractors"))
    nps = 100.0 * (promoters - detractors) / nps_n  # counts are unsigned: cast first
    customers = pl.col("customers").fill_null(0)
    per_customer = pl.col("customer_contacts") / customers
    return [
        *rates,
        pl.when(customers > 0).then(per_customer).alias("contacts_per_customer"),
        pl.when(nps_n > 0).then(nps).alias("nps"),
        pl.when(pl.col("csat_scales") <= 1).then(pl.col("csat_mean")).alias("csat_mean"),
        *_statuses(options),
    ]


def _present(options: KpiOptions) -> list[str]:
    absent = {"within_norm"} if not options.channel_norms() else set()
    absent |= {"fcr_derived"} if options.fcr_days is None else set()
    return [n for n in PROPORTIONS if n not in absent]


def _statuses(options: KpiOptions) -> list[pl.Expr]:
    minimum = options.minimum_sample
    if minimum is None:
        return []
    names = [*_present(options), "nps", "csat", "frt", "asa", "aht"]
    sizes = {"csat": "csat_top2_n"}
    return [
        sample_status_expr(pl.col(sizes.get(n, f"{n}_n")), minimum).alias(f"{n}_sample")
        for n in names
    ]
