"""Business calendars: when a service desk is open, and business time between instants.

A :class:`BusinessCalendar` has an IANA time zone (with daylight saving time), weekly
opening hours (several ranges a day, second precision, or 24/7), public holidays from the
``holidays`` package (country ``NL`` by default, optional subdivision) and custom closed
dates. A holiday or closed date closes the whole local day.

*Business time* between two UTC instants is the open time between them: the SLA clock
runs only while the calendar is open. :meth:`BusinessCalendar.business_seconds` gives it
for whole arrays of instants and :meth:`BusinessCalendar.deadline` inverts it (the
instant ``n`` business seconds after a start). Both work on a cumulative timeline of open
intervals (see :mod:`regie.domain.calendar_timeline`), vectorised over rows.

Signed results: when an end lies before its start the business seconds are negative
(``−business_seconds(end, start)``); callers that need order validate it. A missing
instant (NaT, or NaN in a float array) gives NaN.

Serialised form (for a contract TOML or the database), see :meth:`to_dict`::

    {"name": "Support NL", "timezone": "Europe/Amsterdam",
     "hours": {"mon": ["08:00-12:00", "13:00-17:30"], ...} | "24/7",
     "holidays": {"country": "NL", "subdivision": None} | None,
     "closed": ["2024-12-24"]}
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as holiday_data
import numpy as np
import numpy.typing as npt
from numpy.typing import NDArray

from regie.domain.calendar_hours import WeeklyHours, parse_hours
from regie.domain.calendar_timeline import (
    MICROS,
    NAT,
    Micros,
    Timeline,
    as_micros,
    build_timeline,
    span_of,
    utc_date,
)
from regie.domain.errors import InvalidInput

KEYS = ("name", "timezone", "hours", "holidays", "closed")
_LAST_YEAR = 9000  # deadlines further away than this are refused


@dataclass(frozen=True)
class PublicHolidays:
    """Public holidays of a country (ISO 3166-1 alpha-2), optionally of one subdivision."""

    country: str = "NL"
    subdivision: str | None = None

    def problems(self) -> list[str]:
        supported = _supported_countries()
        if self.country not in supported:
            return [
                f"holidays.country = {self.country!r} is not supported: use an ISO 3166 "
                "country code the holidays package knows, e.g. NL, BE, DE, FR, GB, US"
            ]
        if self.subdivision is None:
            return []
        try:
            holiday_data.country_holidays(self.country, subdiv=self.subdivision)
        except NotImplementedError:
            allowed = ", ".join(supported[self.country]) or "none"
            return [
                f"holidays.subdivision = {self.subdivision!r} is unknown for "
                f"{self.country}: allowed: {allowed}"
            ]
        return []

    def dates(self, first: date, last: date) -> frozenset[date]:
        """The holiday dates from ``first`` to ``last`` inclusive."""
        years = _holiday_dates(self.country, self.subdivision, first.year, last.year)
        return frozenset(day for day in years if first <= day <= last)


@dataclass(frozen=True)
class BusinessCalendar:
    """Opening hours in a time zone, closed on public holidays and custom dates.

    Invalid values raise :class:`InvalidInput` listing every problem.
    """

    name: str
    timezone: str
    hours: WeeklyHours
    public_holidays: PublicHolidays | None = field(default_factory=PublicHolidays)
    closed: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        problems = _timezone_problems(self.timezone) + self.hours.problems()
        if self.public_holidays is not None:
            problems += self.public_holidays.problems()
        if not self.name.strip():
            problems.append("name: the calendar needs a name")
        if problems:
            _refuse(self.name, problems)

    @classmethod
    def always(cls, timezone: str = "UTC", name: str = "24/7") -> BusinessCalendar:
        """Open around the clock, no holidays: business time is elapsed time."""
        return cls(name=name, timezone=timezone, hours=WeeklyHours.always(), public_holidays=None)

    @classmethod
    def weekly(
        cls,
        name: str,
        timezone: str,
        hours: Mapping[str, object] | str,
        *,
        country: str | None = "NL",
        subdivision: str | None = None,
        closed: Iterable[date | str] = (),
    ) -> BusinessCalendar:
        """Build from texts: ``hours={"mon": ["08:00-12:00", "13:00-17:30"], ...}``."""
        data: dict[str, object] = {"name": name, "timezone": timezone, "hours": hours}
        data["holidays"] = (
            None if country is None else {"country": country, "subdivision": subdivision}
        )
        data["closed"] = list(closed)
        return cls.from_dict(data)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def runs_always(self) -> bool:
        """True when business time equals elapsed time (24/7, no closed days)."""
        return self.hours.is_always and self.public_holidays is None and not self.closed

    def closed_dates(self, first: date, last: date) -> frozenset[date]:
        """Local dates from ``first`` to ``last`` closed all day (holidays and custom)."""
        own = frozenset(day for day in self.closed if first <= day <= last)
        if self.public_holidays is None:
            return own
        return own | self.public_holidays.dates(first, last)

    def business_seconds(self, start: npt.ArrayLike, end: npt.ArrayLike) -> NDArray[np.float64]:
        """Open seconds from each start to its end (arrays of UTC instants, broadcast).

        Instants are ``datetime64`` (any unit) or int64 microseconds since the epoch.
        Negative when the end lies before the start; NaN where either side is missing.
        """
        begin, finish = _rows(as_micros(start, "start"), as_micros(end, "end"))
        missing = (begin == NAT) | (finish == NAT)
        span = span_of([begin[~missing], finish[~missing]] if missing.any() else [begin, finish])
        if span is None:
            return np.full(np.broadcast_shapes(np.shape(start), np.shape(end)), np.nan)
        if self.runs_always:
            seconds: NDArray[np.float64] = (finish - begin).astype(np.float64)
            seconds /= MICROS
        else:
            timeline = self.timeline(utc_date(span[0]), utc_date(span[1]))
            seconds = timeline.open_seconds(begin, finish)
        seconds[missing] = np.nan
        return seconds.reshape(np.broadcast_shapes(np.shape(start), np.shape(end)))

    def deadline(self, start: npt.ArrayLike, seconds: npt.ArrayLike) -> NDArray[np.datetime64]:
        """The first instant at which ``seconds`` business seconds have passed since start.

        ``seconds`` (≥ 0; multiply minutes by 60) broadcasts against ``start``. Returns
        ``datetime64[us]`` in UTC; NaT where the start is missing or ``seconds`` is NaN.
        A zero target gives the start itself.
        """
        begin, target = _rows(as_micros(start, "start"), np.asarray(seconds, np.float64))
        shape = np.broadcast_shapes(np.shape(start), np.shape(seconds))
        missing = (begin == NAT) | np.isnan(target)
        wrong = target[~missing][~(np.isfinite(target[~missing]) & (target[~missing] >= 0))]
        if wrong.size:
            raise InvalidInput(f"deadline: business seconds = {wrong[0]:g}: must be 0 or more")
        add = np.rint(np.where(missing, 0.0, target) * MICROS).astype(np.int64)
        span = span_of([begin[~missing]])
        if span is None:
            return _as_datetimes(np.full(shape, NAT, dtype=np.int64))
        if self.runs_always:
            found = begin + add
        else:
            found = self._deadlines(np.where(missing, span[0], begin), add, span)
        found[missing] = NAT
        return _as_datetimes(found.reshape(shape))

    def _deadlines(self, begin: Micros, add: Micros, span: tuple[int, int]) -> Micros:
        """Deadlines on a timeline long enough for the largest target."""
        weekly = self.hours.open_seconds_per_week * MICROS
        days = 7 * math.ceil(int(add.max()) / weekly) + 14
        first, last = utc_date(span[0]), utc_date(span[1])
        while True:
            if days > (date(_LAST_YEAR, 1, 1) - last).days:
                raise InvalidInput(f"deadline: no deadline before {_LAST_YEAR}: too few open days")
            timeline = self.timeline(first, last + timedelta(days=days))
            target = timeline.position(begin) + add
            if int(target.max()) <= timeline.total:
                return np.maximum(timeline.instant(target), begin)
            days *= 2

    def timeline(self, first: date, last: date) -> Timeline:
        """The open timeline covering UTC dates ``first`` … ``last`` (whole months, cached)."""
        start = (first - timedelta(days=2)).replace(day=1)
        stop = (last.replace(day=28) + timedelta(days=8)).replace(day=1)  # next month
        return _timeline(self, start, stop)

    def to_dict(self) -> dict[str, Any]:
        """A plain description (JSON / TOML friendly apart from ``None``)."""
        holidays = self.public_holidays
        return {
            "name": self.name,
            "timezone": self.timezone,
            "hours": self.hours.to_text(),
            "holidays": None
            if holidays is None
            else {"country": holidays.country, "subdivision": holidays.subdivision},
            "closed": [day.isoformat() for day in sorted(self.closed)],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BusinessCalendar:
        """Read :meth:`to_dict`'s form; ``holidays`` missing means NL, ``false`` none."""
        name = str(data.get("name", "business hours"))
        problems = [
            f"unknown key {key!r}: allowed keys are {', '.join(KEYS)}"
            for key in data
            if key not in KEYS
        ]
        if "timezone" not in data:
            problems.append("timezone: missing: give an IANA zone, e.g. 'Europe/Amsterdam'")
        else:
            problems += _timezone_problems(str(data["timezone"]))
        hours, found = parse_hours(data.get("hours"))
        public, more = _read_holidays(data.get("holidays", {"country": "NL"}))
        closed, late = _read_closed(data.get("closed", []))
        problems += found + hours.problems() + more + late
        problems += public.problems() if public is not None else []
        if problems:
            _refuse(name, problems)
        return cls(name, str(data["timezone"]), hours, public, closed)


def _read_holidays(value: object) -> tuple[PublicHolidays | None, list[str]]:
    if value is None or value is False:
        return None, []
    if isinstance(value, str):
        return PublicHolidays(country=value), []
    if not isinstance(value, Mapping) or not isinstance(value.get("country"), str):
        return None, [
            f"holidays = {value!r}: give {{country = 'NL', subdivision = ...}}, a country "
            "code, or false for none"
        ]
    extra = [
        f"holidays: unknown key {key!r}" for key in value if key not in ("country", "subdivision")
    ]
    sub = value.get("subdivision")
    return PublicHolidays(
        country=value["country"], subdivision=None if sub is None else str(sub)
    ), extra


def _read_closed(value: object) -> tuple[frozenset[date], list[str]]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        return frozenset(), [f"closed = {value!r}: give a list of dates like '2024-12-24'"]
    days: set[date] = set()
    problems: list[str] = []
    for item in value:
        if isinstance(item, date):
            days.add(item)
            continue
        try:
            days.add(date.fromisoformat(str(item)))
        except ValueError:
            problems.append(f"closed: {item!r} is not a date: write YYYY-MM-DD")
    return frozenset(days), problems


def _rows(first: NDArray[Any], second: NDArray[Any]) -> tuple[NDArray[Any], NDArray[Any]]:
    """Both arrays broadcast together and flattened to one dimension."""
    one, two = np.broadcast_arrays(first, second)
    return one.ravel(), two.ravel()


def _as_datetimes(micros: Micros) -> NDArray[np.datetime64]:
    found: NDArray[np.datetime64] = micros.view("datetime64[us]")
    return found


def _timezone_problems(name: str) -> list[str]:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return [
            f"timezone = {name!r} is not an IANA time zone: use a name like "
            "'Europe/Amsterdam', 'America/New_York' or 'UTC'"
        ]
    return []


def _refuse(name: str, problems: list[str]) -> None:
    lines = [f"calendar {name!r}: {problem}" for problem in problems]
    message = lines[0] if len(lines) == 1 else f"calendar {name!r}: {len(lines)} problems"
    raise InvalidInput(message, lines)


@lru_cache(maxsize=64)
def _timeline(calendar: BusinessCalendar, first: date, last: date) -> Timeline:
    closed = calendar.closed_dates(first, last)
    return build_timeline(calendar.zone, calendar.hours.days, closed, first, last)


@lru_cache(maxsize=256)
def _holiday_dates(
    country: str, subdivision: str | None, first_year: int, last_year: int
) -> frozenset[date]:
    years = range(first_year, last_year + 1)
    return frozenset(holiday_data.country_holidays(country, subdiv=subdivision, years=years))


@lru_cache(maxsize=1)
def _supported_countries() -> dict[str, list[str]]:
    return dict(holiday_data.list_supported_countries())
