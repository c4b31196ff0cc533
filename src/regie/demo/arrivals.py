"""When the demo company's customers get in touch: contacts per channel and hour, and when.

The expected number of contacts of a channel in one local hour is

    daily volume × weekday factor × month factor × campaign surge × holiday factor
    × the hour's share of its day (a weekday or a weekend shape; 0 where closed).

Counts are Poisson draws from that expectation; each contact lands uniformly within its
hour, in whole seconds. Hours are local wall-clock hours (Europe/Amsterdam): the grid
runs over UTC hours and looks up each one's local date and hour, so a day on which the
clocks change has 23 or 25 hours. Dutch public holidays come from the ``holidays``
package. Everything is NumPy over whole arrays, seeded by a ``numpy.random.Generator``;
the only loops run over channels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

import holidays
import numpy as np
import polars as pl
from numpy.typing import NDArray

TIMEZONE: Final = "Europe/Amsterdam"
CHANNELS: Final = ("phone", "email", "chat", "social")
HOUR: Final = 3600
DAY: Final = 86_400
EPOCH: Final = date(1970, 1, 1)

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]

MONTHS: Final = (1.15, 1.05, 1.0, 0.95, 0.95, 0.9, 0.8, 0.85, 1.0, 1.0, 1.05, 1.1)
"""Seasonality by calendar month (January first): annual bills in January, quiet summer."""


@dataclass(frozen=True)
class ChannelProfile:
    """How one channel's contacts arrive.

    ``daily`` is the volume of an ordinary day with factor 1 (before month factor and
    campaigns); ``weekday`` has seven factors, Monday first; the hour shapes have 24
    weights each (scaled to shares of the day; 0 = closed); ``holiday`` multiplies the
    volume on a public holiday (0: the channel is closed).
    """

    channel: str
    daily: float
    weekday: tuple[float, ...]
    weekday_hours: tuple[float, ...]
    weekend_hours: tuple[float, ...]
    holiday: float = 0.0

    def __post_init__(self) -> None:
        if self.channel not in CHANNELS:
            raise ValueError(f"channel {self.channel!r}: must be one of {', '.join(CHANNELS)}")
        if len(self.weekday) != 7 or len(self.weekday_hours) != 24:
            raise ValueError("a profile has 7 weekday factors and 24 hourly weights")
        if len(self.weekend_hours) != 24 or sum(self.weekday_hours) <= 0:
            raise ValueError("a profile has 24 weekend weights and some weekday hours")

    def shares(self) -> Floats:
        """Hour shares, row 0 for Monday–Friday and row 1 for the weekend; rows sum to 1."""
        shapes = np.array([self.weekday_hours, self.weekend_hours], dtype=np.float64)
        totals = shapes.sum(axis=1, keepdims=True)
        shares: Floats = np.divide(shapes, totals, out=np.zeros_like(shapes), where=totals > 0)
        return shares


@dataclass(frozen=True)
class Campaign:
    """A peak: from ``start`` the volume rises by ``uplift`` and decays over ``days``."""

    name: str
    start: date
    days: int
    uplift: float
    channels: tuple[str, ...]

    def surge(self, day: Ints, channel: str) -> Floats:
        """The multiplier (≥ 1) on each local day (days since 1970-01-01) for ``channel``."""
        since = (day - (self.start - EPOCH).days).astype(np.float64)
        inside = (since >= 0) & (since < self.days) & (channel in self.channels)
        return 1.0 + np.where(inside, self.uplift * np.exp(-3.0 * since / self.days), 0.0)


@dataclass(frozen=True)
class HourGrid:
    """Every hour from the first local midnight up to the last, with its local facts."""

    start: Ints
    """UTC start of each hour, seconds since the epoch."""
    day: Ints
    """The local date, as days since 1970-01-01."""
    weekday: Ints
    """0 = Monday."""
    hour: Ints
    month: Ints
    offset: Ints
    """Local time minus UTC, seconds."""
    holiday: NDArray[np.bool_]

    def __len__(self) -> int:
        return len(self.start)


@dataclass(frozen=True)
class Arrivals:
    """Contacts in arrival order: when (UTC seconds), channel, local offset, surge."""

    at: Ints
    channel: NDArray[np.int8]
    """Index into :data:`CHANNELS`."""
    offset: Ints
    """Local time minus UTC at arrival, seconds."""
    surge: Floats
    """The campaign multiplier of the contact's day and channel (1 outside campaigns)."""
    expected: dict[str, float]
    """Expected contacts per channel over the whole range (before the Poisson draws)."""

    def __len__(self) -> int:
        return len(self.at)

    def local_day(self) -> Ints:
        """The local date of each arrival, as days since 1970-01-01."""
        return (self.at + self.offset) // DAY

    def local_second(self) -> Ints:
        """Seconds since local midnight."""
        return (self.at + self.offset) % DAY


def day_number(day: date) -> int:
    """``day`` as days since 1970-01-01."""
    return (day - EPOCH).days


def utc_seconds(day: date, timezone: str = TIMEZONE) -> int:
    """Local midnight at the start of ``day`` as UTC seconds since the epoch."""
    local = datetime.combine(day, time(), tzinfo=ZoneInfo(timezone))
    return int(local.astimezone(UTC).timestamp())


def public_holidays(first: date, last: date) -> Ints:
    """Dutch public holidays from ``first`` up to ``last`` (exclusive), as day numbers."""
    found = holidays.country_holidays("NL", years=range(first.year, last.year + 1))
    return np.array(sorted(day_number(d) for d in found if first <= d < last), dtype=np.int64)


def hour_grid(first: date, last: date, timezone: str = TIMEZONE) -> HourGrid:
    """The local hours from ``first`` 00:00 up to ``last`` 00:00 (exclusive)."""
    if last <= first:
        raise ValueError(f"the range {first} … {last} is empty")
    starts = np.arange(utc_seconds(first, timezone), utc_seconds(last, timezone), HOUR)
    local = pl.from_epoch(pl.Series(starts), time_unit="s").dt.replace_time_zone("UTC")
    local = local.dt.convert_time_zone(timezone)
    wall = local.dt.replace_time_zone(None).dt.epoch("s").to_numpy().astype(np.int64)
    day = wall // DAY
    return HourGrid(
        start=starts.astype(np.int64),
        day=day,
        weekday=(day + 3) % 7,  # 1970-01-01 was a Thursday
        hour=(wall % DAY) // HOUR,
        month=local.dt.month().to_numpy().astype(np.int64),
        offset=wall - starts,
        holiday=np.isin(day, public_holidays(first, last)),
    )


def expected_per_hour(
    grid: HourGrid, profile: ChannelProfile, campaigns: Sequence[Campaign]
) -> tuple[Floats, Floats]:
    """(expected contacts, campaign surge) of ``profile``'s channel in every hour."""
    surge = np.ones(len(grid))
    for campaign in campaigns:
        surge *= campaign.surge(grid.day, profile.channel)
    weekend = (grid.weekday >= 5).astype(np.int64)
    share = profile.shares()[weekend, grid.hour]
    factor = np.asarray(profile.weekday)[grid.weekday] * np.asarray(MONTHS)[grid.month - 1]
    factor = factor * np.where(grid.holiday, profile.holiday, 1.0)
    return profile.daily * factor * surge * share, surge


def sample_arrivals(
    first: date,
    last: date,
    profiles: Sequence[ChannelProfile],
    campaigns: Sequence[Campaign],
    rng: np.random.Generator,
) -> Arrivals:
    """Draw every contact from ``first`` up to ``last`` (exclusive), in arrival order."""
    grid = hour_grid(first, last)
    times: list[Ints] = []
    codes: list[Ints] = []
    hours: list[Ints] = []
    surges: list[Floats] = []
    expected: dict[str, float] = {}
    for profile in profiles:
        mean, surge = expected_per_hour(grid, profile, campaigns)
        expected[profile.channel] = float(mean.sum())
        hour = np.repeat(np.arange(len(grid)), rng.poisson(mean))
        times.append(grid.start[hour] + rng.integers(0, HOUR, size=len(hour)))
        codes.append(np.full(len(hour), CHANNELS.index(profile.channel), dtype=np.int64))
        hours.append(hour)
        surges.append(surge[hour])
    at, code, hour = np.concatenate(times), np.concatenate(codes), np.concatenate(hours)
    order = np.lexsort((code, at))
    return Arrivals(
        at=at[order],
        channel=code[order].astype(np.int8),
        offset=grid.offset[hour[order]],
        surge=np.concatenate(surges)[order],
        expected=expected,
    )


def _shape(pairs: dict[int, float]) -> tuple[float, ...]:
    """24 hourly weights from {hour: weight}; hours not named are closed."""
    return tuple(pairs.get(h, 0.0) for h in range(24))


def _ramp(first: int, weights: Sequence[float]) -> tuple[float, ...]:
    return _shape({first + i: w for i, w in enumerate(weights)})


PHONE_WEEKDAY = _ramp(8, (0.6, 1.0, 1.0, 0.9, 0.65, 0.85, 0.85, 0.75, 0.65, 0.45, 0.35, 0.25))
PHONE_WEEKEND = _ramp(9, (0.8, 1.0, 1.0, 0.8, 0.7, 0.6, 0.5, 0.4))
EMAIL_WEEKDAY = (0.1, 0.06, 0.04, 0.03, 0.03, 0.05, 0.15, 0.4, 0.8, 1.0, 1.0, 0.95,
                 0.8, 0.9, 0.9, 0.85, 0.75, 0.6, 0.45, 0.45, 0.5, 0.45, 0.3, 0.18)  # fmt: skip
EMAIL_WEEKEND = (0.15, 0.1, 0.05, 0.03, 0.03, 0.04, 0.08, 0.2, 0.4, 0.6, 0.8, 0.85,
                 0.8, 0.8, 0.8, 0.8, 0.75, 0.7, 0.7, 0.75, 0.8, 0.7, 0.5, 0.3)  # fmt: skip
CHAT_WEEKDAY = _ramp(8, (0.5, 0.9, 1.0, 1.0, 0.9, 0.9, 0.95, 0.9, 0.8, 0.7, 0.6, 0.65, 0.6))
CHAT_WEEKEND = _ramp(9, (0.7, 0.9, 1.0, 0.9, 0.85, 0.8, 0.7, 0.6))
SOCIAL_DAY = (0.2, 0.12, 0.06, 0.04, 0.04, 0.05, 0.1, 0.3, 0.55, 0.7, 0.8, 0.85,
              0.9, 0.85, 0.8, 0.8, 0.85, 0.9, 0.95, 1.0, 1.0, 0.9, 0.65, 0.4)  # fmt: skip


def default_profiles(scale: float = 1.0) -> tuple[ChannelProfile, ...]:
    """A Dutch energy retailer's service desk; ``scale`` 1 gives about 75,000 contacts a
    year. Phone opens Mon–Fri 08–20 and Sat 09–17, chat Mon–Fri 08–21 and Sat 09–17;
    both close on public holidays. E-mail and social arrive around the clock."""
    return (
        ChannelProfile("phone", 110 * scale, (1.3, 1.1, 1.0, 1.0, 0.9, 0.45, 0.0),
                       PHONE_WEEKDAY, PHONE_WEEKEND),
        ChannelProfile("email", 65 * scale, (1.3, 1.1, 1.0, 1.0, 0.9, 0.5, 0.45),
                       EMAIL_WEEKDAY, EMAIL_WEEKEND, holiday=0.45),
        ChannelProfile("chat", 45 * scale, (1.2, 1.05, 1.0, 1.0, 0.95, 0.6, 0.0),
                       CHAT_WEEKDAY, CHAT_WEEKEND),
        ChannelProfile("social", 15 * scale, (1.1, 1.0, 1.0, 1.0, 1.0, 0.85, 0.8),
                       SOCIAL_DAY, SOCIAL_DAY, holiday=0.7),
    )  # fmt: skip


def default_campaigns(start: date) -> tuple[Campaign, ...]:
    """Three peaks after ``start``: a price-change letter, an app release, an outage."""
    return (
        Campaign("price change letter", start + timedelta(days=60), 21, 0.9, ("phone", "email")),
        Campaign("new app", start + timedelta(days=150), 10, 0.7, ("chat", "social")),
        Campaign("outage", start + timedelta(days=250), 3, 2.5, ("phone", "chat", "social")),
    )
