"""Per-contact measures the KPI engine aggregates: period, response times, derived FCR.

All vectorised: response times are column arithmetic; business seconds come from
:meth:`BusinessCalendar.business_seconds` over whole columns at once (one NumPy call per
batch, never a Python loop per row); derived first-contact resolution is a sort by
customer and arrival time and a shift. Documented for users in ``docs/kpis.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

import numpy as np
import polars as pl

from regie.domain.calendar import BusinessCalendar
from regie.domain.staffing import Abandons, ServiceLevelRule

Period = Literal["day", "week", "month", "quarter"]
PERIODS: Final[dict[str, str]] = {"day": "1d", "week": "1w", "month": "1mo", "quarter": "1q"}
"""Period name → Polars truncation; weeks start on Monday (ISO 8601)."""

MICROS: Final = 1_000_000

handled: Final = pl.col("first_response_at").is_not_null() & ~pl.col("abandoned").fill_null(False)
"""Answered: a first response exists and the contact was not abandoned."""


@dataclass(frozen=True)
class ServiceLevelCalls:
    """Per phone call, the terms of the service level (see ``docs/kpis.md``)."""

    short: pl.Expr  # a known call abandoned within the short-abandon threshold
    offered: pl.Expr  # a known call that is not a short abandon
    answered_within: pl.Expr
    abandoned_within: pl.Expr

    def missed(self, abandons: Abandons) -> pl.Expr:
        """Offered calls in the formula's denominator that are not among its hits."""
        counted = self.offered
        hits = self.answered_within
        if abandons is Abandons.IGNORED:
            counted = counted & ~self.abandoned_within
        elif abandons is Abandons.FOR:
            hits = hits | self.abandoned_within
        return counted & ~hits


def service_level_calls(rule: ServiceLevelRule, threshold: float) -> ServiceLevelCalls:
    """Phone calls with a known wait and outcome, after short abandons, against ``threshold``."""
    wait, gave_up = pl.col("wait_seconds"), pl.col("abandoned")
    short_limit = rule.short_abandon_seconds
    short = gave_up & (wait <= short_limit) & pl.lit(short_limit > 0)
    known = (pl.col("channel") == "phone") & wait.is_not_null() & gave_up.is_not_null()
    offered = known & ~short
    return ServiceLevelCalls(
        short=known & short,
        offered=offered,
        answered_within=offered & handled & (wait <= threshold),
        abandoned_within=offered & gave_up & (wait <= threshold),
    )


def period_start(period: Period, timezone: str) -> pl.Expr:
    """The local date on which the contact's period (day, ISO week, month, quarter) starts."""
    local = pl.col("created_at").dt.convert_time_zone(timezone)
    if period == "day":
        return local.dt.date().alias("period_start")
    return local.dt.truncate(PERIODS[period]).dt.date().alias("period_start")


def calendar_response_seconds() -> pl.Expr:
    """Elapsed seconds from creation to the first response (null when unanswered)."""
    elapsed = pl.col("first_response_at") - pl.col("created_at")
    return (elapsed.dt.total_microseconds() / MICROS).alias("frt_seconds")


def business_response_seconds(calendar: BusinessCalendar, end: pl.Expr | None = None) -> pl.Expr:
    """Open seconds of ``calendar`` from creation to ``end`` (default: the first
    response), column at a time."""

    def compute(pair: pl.Series) -> pl.Series:
        start = _naive_utc(pair.struct.field("created_at"))
        stop = _naive_utc(pair.struct.field("end"))
        seconds = calendar.business_seconds(start, stop) if len(pair) else np.empty(0)
        return pl.Series(seconds, dtype=pl.Float64).fill_nan(None)

    stop = pl.col("first_response_at") if end is None else end
    pair = pl.struct(pl.col("created_at"), stop.alias("end"))
    return pair.map_batches(compute, return_dtype=pl.Float64).alias("frt_business_seconds")


@dataclass(frozen=True)
class ChannelNorm:
    """A response norm: answered within ``seconds``, on ``calendar`` (None: 24/7)."""

    seconds: float
    calendar: BusinessCalendar | None = None


ANY_CHANNEL: Final = "*"
"""Key of a norm that applies to every channel without a norm of its own."""


def response_end(cutoff: datetime | None) -> pl.Expr:
    """Where a contact's response clock stops: its first response, or, for a contact still
    open (unanswered, not abandoned), the ``cutoff`` when one is given."""
    answered = pl.col("first_response_at").is_not_null()
    end: pl.Expr = pl.when(answered).then(pl.col("first_response_at"))
    if cutoff is None:
        return end
    still_open = ~answered & ~pl.col("abandoned").fill_null(False)
    moment = pl.lit(cutoff, dtype=pl.Datetime("us", "UTC"))
    return pl.when(still_open).then(moment).otherwise(end)


def clock_columns(
    calendars: list[BusinessCalendar], cutoff: datetime | None
) -> tuple[list[pl.Expr], dict[int, str]]:
    """One column of open seconds to the response end per distinct calendar (computed
    once even when several norms and the business FRT share it), and its name by id."""
    end = response_end(cutoff)
    names: dict[int, str] = {}
    columns: list[pl.Expr] = []
    for calendar in calendars:
        if id(calendar) not in names:
            names[id(calendar)] = f"_clock_{len(names)}"
            columns.append(business_response_seconds(calendar, end).alias(names[id(calendar)]))
    return columns, names


def norm_columns(norms: Mapping[str, ChannelNorm], clocks: Mapping[int, str]) -> list[pl.Expr]:
    """``norm_seconds``, ``norm_target`` and ``within_norm`` per contact.

    ``norm_seconds`` runs on the clock of the contact's channel norm (``clocks``: the
    business-seconds column of each calendar, see :func:`clock_columns`; 24/7 is elapsed
    time) to the response end (:func:`response_end`). ``within_norm`` is true for an
    answer within the norm, false for a late answer and for a contact open past the norm
    at the cutoff, and null otherwise (no norm, abandoned, or open but within the norm).
    """
    answered = pl.col("first_response_at").is_not_null()
    seconds, target = _per_channel(
        {c: (_clock(n.calendar, clocks), pl.lit(float(n.seconds))) for c, n in norms.items()}
    )
    within = pl.when(answered).then(seconds <= target).when(seconds > target).then(False)
    return [seconds.alias("norm_seconds"), target.alias("norm_target"), within.alias("within_norm")]


def _clock(calendar: BusinessCalendar | None, clocks: Mapping[int, str]) -> pl.Expr:
    if calendar is None:
        return (pl.col("_end") - pl.col("created_at")).dt.total_microseconds() / MICROS
    return pl.col(clocks[id(calendar)])


def _per_channel(choices: Mapping[str, tuple[pl.Expr, pl.Expr]]) -> tuple[pl.Expr, pl.Expr]:
    nothing = pl.lit(None, pl.Float64)
    seconds, target = choices.get(ANY_CHANNEL, (nothing, nothing))
    for name, (clock, limit) in choices.items():
        if name != ANY_CHANNEL:
            mine = pl.col("channel") == name
            seconds = pl.when(mine).then(clock).otherwise(seconds)
            target = pl.when(mine).then(limit).otherwise(target)
    return seconds, target


def _naive_utc(column: pl.Series) -> np.ndarray[tuple[int], np.dtype[np.datetime64]]:
    naive = column.cast(pl.Datetime("us", "UTC")).dt.replace_time_zone(None)
    return naive.to_numpy().astype("datetime64[us]")


def with_derived_fcr(contacts: pl.LazyFrame, days: int | None) -> pl.LazyFrame:
    """Add ``fcr_derived``: a handled contact not followed within ``days`` by another one
    from the same ``customer_key`` (nothing is added when ``days`` is None).

    Null without a customer key, for unhandled contacts, and when the data end less than
    ``days`` after the contact — even if a re-contact already came: judging only those
    would bias the share low, since the ones not (yet) re-contacted cannot be judged. The
    next contact of each customer is found per customer in arrival order, without
    sorting the whole table.
    """
    if days is None:
        return contacts
    window = pl.duration(days=days)
    arrival = pl.col("created_at")
    following = arrival.shift(-1).over("customer_key", order_by="created_at")
    recontact = following.is_not_null() & (following - arrival <= window)
    # a contact whose window runs past the data's end is not judged at all: counting only
    # the ones already re-contacted would bias the share low
    open_window = arrival > arrival.max() - window
    derived = (
        pl.when(pl.col("customer_key").is_null() | ~handled | open_window)
        .then(None)
        .otherwise(~recontact)
    )
    return contacts.with_columns(derived.alias("fcr_derived"))
