"""Availability from outages: merging, clipping, planned windows, calendars, DST, laws.

Expectations are computed by hand. Europe/Amsterdam is CEST (UTC+2) until 2026-10-25
03:00 and from 2026-03-29 02:00; CET (UTC+1) otherwise. October 2026 starts on a Thursday.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regie.domain.availability import (
    Outage,
    availability,
    downtime_seconds,
    period_seconds,
)
from regie.domain.calendar import BusinessCalendar
from regie.domain.errors import InvalidInput

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
DESK = BusinessCalendar.weekly(
    "desk", "Europe/Amsterdam", {day: ["08:00-17:00"] for day in WEEKDAYS}, country=None
)
AROUND_THE_CLOCK_NL = BusinessCalendar.weekly("24/7 NL", "Europe/Amsterdam", "24/7", country=None)
HOUR = 3600.0


def t(text: str) -> datetime:
    """An instant written with an offset or Z."""
    return datetime.fromisoformat(text)


def nl(text: str) -> datetime:
    """A wall-clock time in Amsterdam."""
    return datetime.fromisoformat(text).replace(tzinfo=AMSTERDAM)


def down(start: str, end: str, planned: bool = False) -> Outage:
    return Outage(t(start), t(end), service="portal", planned=planned)


OCTOBER = (t("2026-10-01T00:00:00Z"), t("2026-11-01T00:00:00Z"))
DAY = (t("2026-10-06T00:00:00Z"), t("2026-10-07T00:00:00Z"))


# --- merging ---------------------------------------------------------------------------


def test_overlapping_outages_count_their_union_once() -> None:
    outages = [
        down("2026-10-06T10:00:00Z", "2026-10-06T11:00:00Z"),
        down("2026-10-06T10:30:00Z", "2026-10-06T12:00:00Z"),
    ]
    assert downtime_seconds(outages, *DAY) == 2 * HOUR  # 10:00–12:00, not 2.5 h


def test_a_nested_outage_adds_nothing() -> None:
    outages = [
        down("2026-10-06T11:00:00Z", "2026-10-06T12:00:00Z"),
        down("2026-10-06T10:00:00Z", "2026-10-06T14:00:00Z"),
        down("2026-10-06T13:00:00Z", "2026-10-06T13:15:00Z"),
    ]
    assert downtime_seconds(outages, *DAY) == 4 * HOUR


def test_touching_and_separate_outages_add_up() -> None:
    outages = [
        down("2026-10-06T10:00:00Z", "2026-10-06T11:00:00Z"),
        down("2026-10-06T11:00:00Z", "2026-10-06T11:30:00Z"),  # touches the first
        down("2026-10-06T15:00:00Z", "2026-10-06T15:00:01Z"),  # one second, apart
    ]
    assert downtime_seconds(outages, *DAY) == 1.5 * HOUR + 1


def test_a_chain_of_overlaps_becomes_one_interval() -> None:
    outages = [
        down("2026-10-06T08:00:00Z", "2026-10-06T09:00:00Z"),
        down("2026-10-06T08:30:00Z", "2026-10-06T10:00:00Z"),
        down("2026-10-06T09:59:00Z", "2026-10-06T10:30:00Z"),
        down("2026-10-06T12:00:00Z", "2026-10-06T12:10:00Z"),
    ]
    assert downtime_seconds(outages, *DAY) == 2.5 * HOUR + 600


def test_no_outages_is_no_downtime_and_full_availability() -> None:
    assert downtime_seconds([], *OCTOBER) == 0.0
    assert availability([], *OCTOBER) == 1.0
    assert availability([], *OCTOBER, calendar=DESK) == 1.0


# --- clipping --------------------------------------------------------------------------


def test_outages_are_clipped_at_the_month_boundaries() -> None:
    outages = [
        down("2026-09-30T22:00:00Z", "2026-10-01T01:00:00Z"),  # 1 h in October
        down("2026-10-31T23:30:00Z", "2026-11-01T02:00:00Z"),  # 30 min in October
        down("2026-09-10T10:00:00Z", "2026-09-10T12:00:00Z"),  # all in September
        down("2026-11-01T00:00:00Z", "2026-11-01T05:00:00Z"),  # starts as October ends
    ]
    assert downtime_seconds(outages, *OCTOBER) == 1.5 * HOUR
    september = (t("2026-09-01T00:00:00Z"), t("2026-10-01T00:00:00Z"))
    assert downtime_seconds(outages, *september) == 2 * HOUR + 2 * HOUR


def test_an_outage_longer_than_the_month_takes_all_of_it() -> None:
    outages = [down("2026-09-15T00:00:00Z", "2026-11-15T00:00:00Z")]
    assert downtime_seconds(outages, *OCTOBER) == 31 * 24 * HOUR
    assert availability(outages, *OCTOBER) == 0.0


# --- planned maintenance ---------------------------------------------------------------


def test_planned_windows_are_excluded_unless_asked_for() -> None:
    outages = [
        down("2026-10-06T10:00:00Z", "2026-10-06T11:00:00Z"),
        down("2026-10-06T10:30:00Z", "2026-10-06T12:00:00Z", planned=True),
        down("2026-10-06T20:00:00Z", "2026-10-06T22:00:00Z", planned=True),
    ]
    assert downtime_seconds(outages, *DAY) == HOUR
    # included: 10:00–12:00 merged with the planned overlap, plus 20:00–22:00
    assert downtime_seconds(outages, *DAY, include_planned=True) == 4 * HOUR
    assert availability(outages, *DAY) == pytest.approx(1 - 1 / 24)
    assert availability(outages, *DAY, include_planned=True) == pytest.approx(1 - 4 / 24)


def test_only_planned_outages_mean_no_downtime() -> None:
    outages = [down("2026-10-06T10:00:00Z", "2026-10-06T11:00:00Z", planned=True)]
    assert downtime_seconds(outages, *DAY) == 0.0


# --- the worked example ----------------------------------------------------------------


def test_a_31_day_month_with_3h43m12s_down_is_99_5_percent_available() -> None:
    outages = [
        down("2026-10-03T01:00:00Z", "2026-10-03T03:00:00Z"),
        down("2026-10-03T02:30:00Z", "2026-10-03T03:43:12Z"),  # overlaps: 01:00–03:43:12
        down("2026-10-20T10:00:00+02:00", "2026-10-20T11:00:00+02:00"),  # 1 h
        down("2026-10-12T00:00:00Z", "2026-10-12T06:00:00Z", planned=True),  # not counted
    ]
    assert downtime_seconds(outages, *OCTOBER) == 13392.0  # 3 h 43 min 12 s
    assert period_seconds(*OCTOBER) == 2678400.0  # 31 × 86 400
    assert availability(outages, *OCTOBER) == pytest.approx(1 - 13392 / 2678400)
    assert availability(outages, *OCTOBER) == pytest.approx(0.995, abs=1e-12)


# --- calendars -------------------------------------------------------------------------


def test_with_a_calendar_an_outage_at_night_costs_nothing() -> None:
    night = [Outage(nl("2026-10-06T22:00"), nl("2026-10-07T06:00"))]  # Tue–Wed night
    assert downtime_seconds(night, *OCTOBER) == 8 * HOUR
    assert downtime_seconds(night, *OCTOBER, calendar=DESK) == 0.0
    assert availability(night, *OCTOBER, calendar=DESK) == 1.0


def test_with_a_calendar_an_outage_across_opening_time_counts_from_opening() -> None:
    morning = [Outage(nl("2026-10-07T07:00"), nl("2026-10-07T09:30"))]  # Wednesday
    assert downtime_seconds(morning, *OCTOBER) == 2.5 * HOUR
    assert downtime_seconds(morning, *OCTOBER, calendar=DESK) == 1.5 * HOUR


def test_with_a_calendar_overlaps_are_merged_before_counting_open_time() -> None:
    outages = [
        Outage(nl("2026-10-07T16:00"), nl("2026-10-07T18:00")),
        Outage(nl("2026-10-07T16:30"), nl("2026-10-08T08:30")),  # overnight, into Thursday
    ]
    assert downtime_seconds(outages, *OCTOBER, calendar=DESK) == HOUR + 0.5 * HOUR


def test_with_a_calendar_the_period_is_its_open_time() -> None:
    # October 2026 in Amsterdam: 22 weekdays of 9 open hours
    month = (nl("2026-10-01T00:00"), nl("2026-11-01T00:00"))
    assert period_seconds(*month, calendar=DESK) == 22 * 9 * HOUR  # 712 800 s
    # Friday 16:00 → Monday 08:58:48 is open 1 h + 58 min 48 s = 7128 s = 1 % of it
    weekend = [Outage(nl("2026-10-02T16:00"), nl("2026-10-05T08:58:48"))]
    assert downtime_seconds(weekend, *month, calendar=DESK) == 7128.0
    assert availability(weekend, *month, calendar=DESK) == pytest.approx(0.99, abs=1e-12)


def test_a_period_in_which_the_calendar_is_never_open_has_no_availability() -> None:
    weekend = (nl("2026-10-03T00:00"), nl("2026-10-05T00:00"))
    outage = [Outage(nl("2026-10-03T10:00"), nl("2026-10-03T12:00"))]
    assert downtime_seconds(outage, *weekend, calendar=DESK) == 0.0
    with pytest.raises(InvalidInput, match="calendar 'desk' is never open"):
        availability(outage, *weekend, calendar=DESK)


# --- daylight saving time --------------------------------------------------------------


def test_across_the_spring_dst_weekend_opening_hours_follow_local_time() -> None:
    # Friday 27 March 16:00 CET (15:00Z) → Monday 30 March 09:00 CEST (07:00Z)
    outage = [Outage(nl("2026-03-27T16:00"), nl("2026-03-30T09:00"))]
    march = (nl("2026-03-01T00:00"), nl("2026-04-01T00:00"))
    assert outage[0].start == t("2026-03-27T15:00:00Z")
    assert outage[0].end == t("2026-03-30T07:00:00Z")
    assert downtime_seconds(outage, *march) == 64 * HOUR  # elapsed
    assert downtime_seconds(outage, *march, calendar=DESK) == 2 * HOUR  # Fri 16–17, Mon 8–9


def test_a_local_dst_weekend_is_47_hours_and_its_months_are_743_and_745() -> None:
    weekend = [Outage(nl("2026-03-28T00:00"), nl("2026-03-30T00:00"))]
    march = (nl("2026-03-01T00:00"), nl("2026-04-01T00:00"))
    october = (nl("2026-10-01T00:00"), nl("2026-11-01T00:00"))
    assert downtime_seconds(weekend, *march) == 47 * HOUR
    assert downtime_seconds(weekend, *march, calendar=AROUND_THE_CLOCK_NL) == 47 * HOUR
    assert downtime_seconds(weekend, *march, calendar=DESK) == 0.0
    assert period_seconds(*march, calendar=AROUND_THE_CLOCK_NL) == 743 * HOUR
    assert period_seconds(*october, calendar=AROUND_THE_CLOCK_NL) == 745 * HOUR
    assert availability(weekend, *march, calendar=AROUND_THE_CLOCK_NL) == pytest.approx(
        1 - 47 / 743
    )


# --- input checks ----------------------------------------------------------------------


def test_an_outage_is_stored_in_utc() -> None:
    outage = Outage(t("2026-10-06T12:00:00+02:00"), t("2026-10-06T13:00:00+02:00"))
    assert outage.start.utcoffset() == timedelta(0)
    assert outage.start == t("2026-10-06T10:00:00Z")
    assert outage.seconds == HOUR


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (t("2026-10-06T12:00:00Z"), t("2026-10-06T12:00:00Z"), "is not after start"),
        (t("2026-10-06T12:00:00Z"), t("2026-10-06T11:00:00Z"), "is not after start"),
        (datetime(2026, 10, 6, 12), t("2026-10-06T13:00:00Z"), "has no time zone"),
    ],
)
def test_an_outage_needs_aware_instants_and_a_positive_length(
    start: datetime, end: datetime, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        Outage(start, end)


def test_the_period_must_be_aware_and_last_longer_than_zero() -> None:
    with pytest.raises(InvalidInput, match="period: end 2026-10-01T00:00:00Z is not after start"):
        downtime_seconds([], OCTOBER[1], OCTOBER[0])
    with pytest.raises(InvalidInput, match="period start = 2026-10-01T00:00:00: has no time"):
        availability([], datetime(2026, 10, 1), OCTOBER[1])


# --- laws (Hypothesis) -----------------------------------------------------------------

ORIGIN = datetime(2026, 10, 1, tzinfo=UTC)
MONTH_MINUTES = 31 * 24 * 60


@st.composite
def outage_lists(draw: st.DrawFn) -> list[Outage]:
    found = []
    for _ in range(draw(st.integers(0, 12))):
        begin = draw(st.integers(-3 * 24 * 60, MONTH_MINUTES + 24 * 60))
        length = draw(st.integers(1, 4 * 24 * 60))
        found.append(
            Outage(
                ORIGIN + timedelta(minutes=begin),
                ORIGIN + timedelta(minutes=begin + length),
                planned=draw(st.booleans()),
            )
        )
    return found


@settings(max_examples=150, deadline=None)
@given(
    outages=outage_lists(),
    calendar=st.sampled_from([None, DESK, AROUND_THE_CLOCK_NL]),
    include_planned=st.booleans(),
    shuffler=st.randoms(use_true_random=False),
)
def test_downtime_is_bounded_and_ignores_order_and_duplicates(
    outages: list[Outage],
    calendar: BusinessCalendar | None,
    include_planned: bool,
    shuffler: random.Random,
) -> None:
    def measure(some: list[Outage]) -> float:
        return downtime_seconds(some, *OCTOBER, calendar, include_planned)

    seconds = measure(outages)
    assert 0.0 <= seconds <= period_seconds(*OCTOBER, calendar)
    shuffled = list(outages)
    shuffler.shuffle(shuffled)
    assert measure(shuffled) == seconds
    assert measure(outages + outages) == seconds
    assert measure(outages + shuffled[: len(shuffled) // 2]) == seconds


@settings(max_examples=150, deadline=None)
@given(outages=outage_lists(), include_planned=st.booleans())
def test_downtime_equals_the_minutes_covered_counted_one_by_one(
    outages: list[Outage], include_planned: bool
) -> None:
    covered: set[int] = set()
    for outage in outages:
        if outage.planned and not include_planned:
            continue
        first = int((outage.start - ORIGIN).total_seconds()) // 60
        last = int((outage.end - ORIGIN).total_seconds()) // 60
        covered.update(m for m in range(first, last) if 0 <= m < MONTH_MINUTES)
    assert downtime_seconds(outages, *OCTOBER, include_planned=include_planned) == 60.0 * len(
        covered
    )
