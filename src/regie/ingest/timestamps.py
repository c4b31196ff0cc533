"""Timestamps from exports into UTC, vectorised.

Values with an offset (``2024-03-08T16:00:00+01:00``, ``…Z``) are exact. Values without one
are local times of the export's account: they need the IANA zone (``--tz``), and are
converted with its DST rules (a time in the spring-forward gap is rejected, an ambiguous
autumn time takes the first occurrence). Unix seconds are UTC.
"""

from __future__ import annotations

import polars as pl

from regie.analytics.columns import UTC

AWARE_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S %z",
)
LOCAL_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
)
EXAMPLE = "2024-03-08 16:00:00 (local, with --tz) or 2024-03-08T15:00:00Z"


def _cleaned(column: str) -> pl.Expr:
    text = pl.col(column).cast(pl.String).str.strip_chars()
    text = text.str.replace(r"Z$", "+00:00").str.replace(r" UTC$", "+00:00")
    return pl.when(text == "").then(None).otherwise(text)


def aware(column: str) -> pl.Expr:
    """The value as UTC when it carries an offset, else null."""
    text = _cleaned(column)
    parsed = [
        text.str.to_datetime(f, strict=False, time_unit="us", time_zone="UTC")
        for f in AWARE_FORMATS
    ]
    return pl.coalesce(parsed)


def local(column: str, tz: str) -> pl.Expr:
    """The value read as wall-clock time in ``tz``, as UTC; null when it doesn't parse."""
    text = _cleaned(column)
    parsed = pl.coalesce(
        [text.str.to_datetime(f, strict=False, time_unit="us") for f in LOCAL_FORMATS]
    )
    zoned = parsed.dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")
    return zoned.dt.convert_time_zone("UTC")


def to_utc(column: str, tz: str | None) -> pl.Expr:
    """Parse ``column`` into UTC: offsets honoured, local times in ``tz`` (if given)."""
    if tz is None:
        return aware(column).cast(UTC)
    return pl.coalesce([aware(column), local(column, tz)]).cast(UTC)


def from_unix(column: str) -> pl.Expr:
    """Unix seconds (as JSON APIs give them) to UTC; 0 and empty are null."""
    seconds = pl.col(column).cast(pl.Float64, strict=False)
    micros = (seconds * 1_000_000).cast(pl.Int64)
    return pl.when(seconds > 0).then(micros.cast(pl.Datetime("us", "UTC"))).otherwise(None)


def unreadable(column: str, parsed: pl.Expr) -> pl.Expr:
    """True where the source has a value that did not parse."""
    return _cleaned(column).is_not_null() & parsed.is_null()
