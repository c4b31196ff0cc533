"""Cost per contact: the vendor's fee spread over the contacts it handled.

The fee of a month is spread evenly over its days (a day of October costs 1/31 of
October's fee), so a day, ISO week, month or quarter — or the part of one inside the
requested dates — carries the fee of its days. Cost per contact of a period is that
fee divided by every contact the vendor handled in the period, all channels together:
the fee pays for the whole service, so every channel row of one period shows the same
figure. A price per ticket adds its rate for every handled contact. Fees that depend on
billed hours or FTE, or on a monthly overage threshold, are only known per month from the
invoice: the monthly statement gives them. Documented in ``docs/kpis.md``.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from regie.analytics.kpi_rows import PERIODS, Period


def with_cost_per_contact(
    table: pl.DataFrame,
    period: Period,
    first: date,
    last: date,
    monthly_fee: float | None,
    ticket_rate: float = 0.0,
) -> pl.DataFrame:
    """``table`` (KPI rows with ``period_start``, ``vendor`` and ``handled``) with
    ``period_fee`` and ``cost_per_contact`` for the days ``first`` … ``last``.

    ``ticket_rate`` adds a price per handled contact; ``monthly_fee=None`` (a fee that
    depends on billed hours, FTE or a monthly overage threshold) leaves both empty.
    """
    if monthly_fee is None:
        empty = pl.lit(None, pl.Float64)
        return table.with_columns(empty.alias("period_fee"), empty.alias("cost_per_contact"))
    day = pl.col("day")
    days = pl.DataFrame({"day": pl.date_range(first, last, "1d", eager=True)})
    fees = (
        days.with_columns(
            (monthly_fee / day.dt.month_end().dt.day().cast(pl.Float64)).alias("fee"),
            day.dt.truncate(PERIODS[period]).alias("period_start"),
        )
        .group_by("period_start")
        .agg(pl.col("fee").sum().alias("period_fee"))
    )
    handled = pl.col("handled").sum().over("period_start", "vendor")
    found = table.join(fees, on="period_start", how="left").with_columns(
        pl.col("period_fee") + ticket_rate * handled
    )
    cost = pl.when(handled > 0).then(pl.col("period_fee") / handled)
    return found.with_columns(cost.alias("cost_per_contact"))
