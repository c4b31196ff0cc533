"""Business time agrees with a minute-by-minute reference, and its laws hold (Hypothesis).

The reference walks every UTC minute of a span, turns it into local time with zoneinfo
and counts it when the local date is open and the local time lies in an opening range.
Opening times strictly inside a repeated (autumn) hour are left out of the generated
calendars: there "open from the first 02:30" and "every minute whose clock shows 02:30 or
later" differ, and the calendar documents the first.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from regie.domain.calendar import BusinessCalendar, PublicHolidays
from regie.domain.calendar_hours import WeeklyHours

ZONES = ("Europe/Amsterdam", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC")
# minutes of the day usable as opening times: none strictly inside 01:00–02:00 (New York's
# repeated hour) or 02:00–03:00 (Amsterdam's and Sydney's)
MINUTES = [m for m in range(0, 1441, 15) if m <= 60 or m == 120 or m >= 180]
DST_DAYS = [date(2024, 3, 10), date(2024, 3, 31), date(2024, 4, 7), date(2024, 10, 6),
            date(2024, 10, 27), date(2024, 11, 3)]  # fmt: skip
EPOCH_MINUTE_2023 = int(datetime(2023, 1, 1, tzinfo=UTC).timestamp()) // 60
# often the edges of the DST change hours, where mistakes would show
boundaries = st.one_of(st.sampled_from([0, 60, 120, 180, 1440]), st.sampled_from(MINUTES))
HOLIDAYS = (None, PublicHolidays("NL"), PublicHolidays("DE", "BY"), PublicHolidays("US"))


@st.composite
def calendars(draw: st.DrawFn) -> BusinessCalendar:
    days = []
    for _ in range(7):
        times = sorted(draw(st.lists(boundaries, max_size=4, unique=True)))
        days.append(tuple((a * 60, b * 60) for a, b in zip(times[::2], times[1::2], strict=False)))
    hours = WeeklyHours(days=tuple(days))
    assume(hours.open_seconds_per_week > 0)
    closed = draw(st.frozensets(st.dates(date(2023, 1, 1), date(2026, 1, 31)), max_size=3))
    return BusinessCalendar(
        name="generated",
        timezone=draw(st.sampled_from(ZONES)),
        hours=hours,
        public_holidays=draw(st.sampled_from(HOLIDAYS)),
        closed=closed,
    )


@st.composite
def start_minutes(draw: st.DrawFn) -> int:
    """Minutes since the epoch in 2023–2025, often close to a DST change."""
    if draw(st.booleans()):
        day = draw(st.sampled_from(DST_DAYS)) + timedelta(days=draw(st.integers(-3, 1)))
        moment = datetime(day.year, day.month, day.day) - datetime(1970, 1, 1)
        return int(moment.total_seconds()) // 60 + draw(st.integers(0, 1439))
    return EPOCH_MINUTE_2023 + draw(st.integers(0, 3 * 365 * 1440))


spans = st.integers(0, 10 * 1440)


def closed_days(calendar: BusinessCalendar) -> set[date]:
    days = set(calendar.closed)
    public = calendar.public_holidays
    if public is not None:
        years = range(2022, 2027)
        days |= set(holidays.country_holidays(public.country, public.subdivision, years=years))
    return days


def reference_minutes(calendar: BusinessCalendar, start: int, end: int) -> int:
    """Open minutes from ``start`` to ``end`` (minutes since the epoch), one at a time."""
    if end < start:
        return -reference_minutes(calendar, end, start)
    zone, closed = ZoneInfo(calendar.timezone), closed_days(calendar)
    count = 0
    for minute in range(start, end):
        wall = datetime.fromtimestamp(minute * 60, zone)
        second = wall.hour * 3600 + wall.minute * 60
        ranges = calendar.hours.days[wall.weekday()]
        if wall.date() not in closed and any(a <= second < b for a, b in ranges):
            count += 1
    return count


def instants(minutes: list[int]) -> np.ndarray:
    return np.array(minutes, dtype="datetime64[m]").astype("datetime64[us]")


@settings(max_examples=120, deadline=None)
@given(calendars(), start_minutes(), spans)
def test_business_minutes_match_the_minute_by_minute_reference(
    calendar: BusinessCalendar, start: int, span: int
) -> None:
    seconds = calendar.business_seconds(instants([start]), instants([start + span]))
    assert seconds[0] == 60 * reference_minutes(calendar, start, start + span)


@settings(max_examples=120, deadline=None)
@given(calendars(), start_minutes(), st.lists(st.integers(0, 6000), min_size=1, max_size=20))
def test_the_deadline_is_the_first_instant_with_the_target_business_time(
    calendar: BusinessCalendar, start: int, targets: list[int]
) -> None:
    begin = instants([start] * len(targets))
    wanted = np.array(targets, dtype=float) * 60
    deadline = calendar.deadline(begin, wanted)
    assert np.array_equal(calendar.business_seconds(begin, deadline), wanted)
    earlier = deadline - np.timedelta64(1, "us")
    assert (calendar.business_seconds(begin, earlier)[wanted > 0] < wanted[wanted > 0]).all()
    assert (deadline >= begin).all()


@settings(max_examples=120, deadline=None)
@given(calendars(), st.lists(st.tuples(start_minutes(), spans, spans), min_size=1, max_size=30))
def test_business_time_adds_up_over_consecutive_spans(
    calendar: BusinessCalendar, rows: list[tuple[int, int, int]]
) -> None:
    a = np.array([row[0] for row in rows]) * 60_000_000
    b = a + np.array([row[1] for row in rows]) * 60_000_000
    c = b - np.array([row[2] for row in rows]) * 60_000_000  # may lie before a or b
    bs = calendar.business_seconds
    assert np.array_equal(bs(a, b) + bs(b, c), bs(a, c))
    assert np.array_equal(bs(b, a), -bs(a, b))


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(ZONES), st.lists(st.tuples(start_minutes(), spans), min_size=1))
def test_an_always_open_calendar_counts_elapsed_utc_time(
    zone: str, rows: list[tuple[int, int]]
) -> None:
    start = np.array([row[0] for row in rows]) * 60_000_000
    end = start + np.array([row[1] for row in rows]) * 60_000_000 - 7
    fast = BusinessCalendar.always(zone)
    timeline = BusinessCalendar.weekly("t", zone, "24/7", country=None, closed=["1999-01-01"])
    assert not timeline.runs_always  # exercises the timeline, not the shortcut
    elapsed = (end - start) / 1e6
    assert np.array_equal(fast.business_seconds(start, end), elapsed)
    assert np.allclose(timeline.business_seconds(start, end), elapsed, rtol=0, atol=1e-9)
