"""Weekly opening hours of a business calendar: parsing, checking and writing them.

A week is seven days, Monday first; each day holds zero or more opening ranges in local
wall-clock time, as seconds since midnight ``(start, end)`` with ``0 ≤ start < end ≤
86 400`` (``24:00`` closes a day at midnight). Ranges of one day are sorted and may touch
(``08:00-12:00`` and ``12:00-13:00``) but never overlap. A range never crosses midnight:
an overnight shift is two ranges on two days (``22:00-24:00`` and ``00:00-06:00``).

Text form: ``"08:00-12:00"`` or with seconds ``"08:00:30-12:00:00"`` (an en dash works
too); ``"24/7"`` means every day ``00:00-24:00``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_SECONDS = 86_400
ALWAYS = "24/7"

OpeningRange = tuple[int, int]
DayHours = tuple[OpeningRange, ...]

_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_FULL_DAY: DayHours = ((0, DAY_SECONDS),)


@dataclass(frozen=True)
class WeeklyHours:
    """Opening ranges per weekday (Monday first), in seconds since local midnight."""

    days: tuple[DayHours, ...]

    @classmethod
    def always(cls) -> WeeklyHours:
        """Open around the clock, every day."""
        return cls(days=(_FULL_DAY,) * 7)

    @property
    def is_always(self) -> bool:
        """True when every day is open from 00:00 to 24:00."""
        return all(day == _FULL_DAY for day in self.days)

    @property
    def open_seconds_per_week(self) -> int:
        return sum(end - start for day in self.days for start, end in day)

    def problems(self) -> list[str]:
        """What is wrong with these hours, one line per problem (empty when valid)."""
        if len(self.days) != 7:
            return [f"hours: {len(self.days)} days given: a week has 7 days, Monday first"]
        found = [
            line
            for name, day in zip(DAY_NAMES, self.days, strict=True)
            for line in _day_problems(name, day)
        ]
        if not found and self.open_seconds_per_week == 0:
            found.append("hours: no opening hours at all: give at least one range, or '24/7'")
        return found

    def to_text(self) -> str | dict[str, list[str]]:
        """``"24/7"`` or ``{"mon": ["08:00-12:00", ...], ...}`` (closed days left out)."""
        if self.is_always:
            return ALWAYS
        return {
            name: [format_range(r) for r in day]
            for name, day in zip(DAY_NAMES, self.days, strict=True)
            if day
        }


def parse_hours(text: object) -> tuple[WeeklyHours, list[str]]:
    """Read ``"24/7"`` or a mapping of day names to range texts; returns hours and problems.

    Days left out are closed. Unparseable ranges are reported and skipped, so every problem
    in the input is listed at once.
    """
    if isinstance(text, str) and text.strip() == ALWAYS:
        return WeeklyHours.always(), []
    if not isinstance(text, Mapping):
        return WeeklyHours(days=((),) * 7), [
            f"hours = {text!r}: give '24/7' or a table of days, e.g. "
            'mon = ["08:00-12:00", "13:00-17:30"]'
        ]
    problems = [
        f"hours: unknown day {key!r}: use {', '.join(DAY_NAMES)}"
        for key in text
        if key not in DAY_NAMES
    ]
    days: list[DayHours] = []
    for name in DAY_NAMES:
        ranges, found = _parse_day(name, text.get(name, []))
        days.append(ranges)
        problems += found
    return WeeklyHours(days=tuple(days)), problems


def _parse_day(name: str, value: object) -> tuple[DayHours, list[str]]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Sequence):
        return (), [f"hours.{name} = {value!r}: give a list of ranges like '08:00-12:00'"]
    ranges: list[OpeningRange] = []
    problems: list[str] = []
    for item in value:
        parsed = parse_range(item)
        if parsed is None:
            problems.append(
                f"hours.{name}: {item!r} is not a range: write HH:MM-HH:MM or "
                "HH:MM:SS-HH:MM:SS, from 00:00 to 24:00"
            )
        else:
            ranges.append(parsed)
    return tuple(sorted(ranges)), problems


def parse_range(text: object) -> OpeningRange | None:
    """``"08:00-12:30"`` → ``(28800, 45000)``; None when the text is not a range."""
    if not isinstance(text, str):
        return None
    parts = text.replace("–", "-").split("-")
    if len(parts) != 2:
        return None
    start, end = parse_time(parts[0].strip()), parse_time(parts[1].strip())
    if start is None or end is None:
        return None
    return start, end


def parse_time(text: str) -> int | None:
    """``"13:05"`` or ``"13:05:30"`` → seconds since midnight; ``"24:00"`` → 86 400."""
    match = _TIME.match(text)
    if match is None:
        return None
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if minute > 59 or second > 59 or hour > 24 or (hour == 24 and minute + second > 0):
        return None
    return hour * 3600 + minute * 60 + second


def format_time(seconds: int) -> str:
    """Seconds since midnight → ``"HH:MM"`` (or ``"HH:MM:SS"`` when seconds are not 0)."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


def format_range(opening: OpeningRange) -> str:
    return f"{format_time(opening[0])}-{format_time(opening[1])}"


def _day_problems(name: str, day: DayHours) -> list[str]:
    problems: list[str] = []
    for start, end in day:
        text = f"hours.{name}: {format_range((start, end))}"
        if not 0 <= start <= DAY_SECONDS or not 0 <= end <= DAY_SECONDS:
            problems.append(f"{text} is outside the day: times run from 00:00 to 24:00")
        elif end < start:
            problems.append(
                f"{text} ends before it starts: a range runs forward within one day "
                "(an overnight shift is two ranges, e.g. 22:00-24:00 and 00:00-06:00 "
                "on the next day)"
            )
        elif end == start:
            problems.append(f"{text} is empty: the end must be later than the start")
    for (s1, e1), (s2, e2) in pairwise(day):
        if s2 < s1:
            problems.append(f"hours.{name}: ranges must be sorted by start time")
        elif s2 < e1:
            problems.append(
                f"hours.{name}: {format_range((s1, e1))} overlaps {format_range((s2, e2))}: "
                "ranges of one day must not overlap"
            )
    return problems
