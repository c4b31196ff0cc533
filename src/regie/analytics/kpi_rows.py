"""Per-contact measures the KPI engine aggregates: period, response times, derived FCR.

All vectorised: response times are column arithmetic; business seconds come from
:meth:`BusinessCalendar.business_seconds` over whole columns at once (one NumPy call per
batch, never a Python loop per row); derived first-contact resolution is a sort by
customer and arrival time and a shift. Documented for users in ``docs/kpis.md``.
"""

from __future__ import annotations

from typing import Final, Literal

import numpy as np
import polars as pl

from regie.domain.calendar import BusinessCalendar

Period = Literal["day", "week", "month", "quarter"]
PERIODS: Final[dict[str, str]] = {"day": "1d", "week": "1w", "month": "1mo", "quarter": "1q"}
"""Period name → Polars truncation; weeks start on Monday (ISO 8601)."""

MICROS: Final = 1_000_000

handled: Final = pl.col("first_response_at").is_not_null() & ~pl.col("abandoned").fill_null(False)
"""Answered: a first response exists and the contact was not abandoned."""


def period_start(period: Period, timezone: str) -> pl.Expr:
    """The local date on which the contact's period (day, ISO week, month, quarter) starts."""
    local = pl.col("created_at").dt.convert_time_zone(timezone)
    return local.dt.truncate(PERIODS[period]).dt.date().alias("period_start")


def calendar_response_seconds() -> pl.Expr:
    """Elapsed seconds from creation to the first response (null when unanswered)."""
    elapsed = pl.col("first_response_at") - pl.col("created_at")
    return (elapsed.dt.total_microseconds() / MICROS).alias("frt_seconds")


def business_response_seconds(calendar: BusinessCalendar) -> pl.Expr:
    """Open seconds of ``calendar`` from creation to first response, column at a time."""

    def compute(pair: pl.Series) -> pl.Series:
        start = _naive_utc(pair.struct.field("created_at"))
        end = _naive_utc(pair.struct.field("first_response_at"))
        seconds = calendar.business_seconds(start, end) if len(pair) else np.empty(0)
        return pl.Series(seconds, dtype=pl.Float64).fill_nan(None)

    pair = pl.struct("created_at", "first_response_at")
    return pair.map_batches(compute, return_dtype=pl.Float64).alias("frt_business_seconds")


def _naive_utc(column: pl.Series) -> np.ndarray[tuple[int], np.dtype[np.datetime64]]:
    naive = column.cast(pl.Datetime("us", "UTC")).dt.replace_time_zone(None)
    return naive.to_numpy().astype("datetime64[us]")


def with_derived_fcr(contacts: pl.LazyFrame, days: int) -> pl.LazyFrame:
    """Add ``fcr_derived``: a handled contact not followed within ``days`` by another one
    from the same ``customer_key``.

    Null without a customer key, for unhandled contacts, and when the data end less than
    ``days`` after the contact (a re-contact could still come: not yet observable).
    """
    window = pl.duration(days=days)
    arrival = pl.col("created_at")
    following = arrival.shift(-1).over("customer_key")
    recontact = following.is_not_null() & (following - arrival <= window)
    open_window = following.is_null() & (arrival > arrival.max() - window)
    derived = (
        pl.when(pl.col("customer_key").is_null() | ~handled | open_window)
        .then(None)
        .otherwise(~recontact)
    )
    ordered = contacts.sort("customer_key", "created_at", nulls_last=True)
    return ordered.with_columns(derived.alias("fcr_derived"))
