"""Business calendars: worked examples, DST, holidays, deadlines, missing values, bad input."""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from regie.domain.calendar import BusinessCalendar
from regie.domain.errors import InvalidInput

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
NINE_TO_FIVE = {day: ["09:00-17:00"] for day in WEEKDAYS}
SPLIT = {day: ["08:00-12:00", "13:00-17:30"] for day in WEEKDAYS}


def at(text: str, zone: str) -> np.datetime64:
    """A local wall-clock time as a UTC ``datetime64[us]``."""
    moment = datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))
    micros = int(moment.timestamp()) * 1_000_000 + moment.microsecond
    return np.datetime64(micros, "us")


def minutes(calendar: BusinessCalendar, start: str, end: str) -> float:
    zone = calendar.timezone
    return float(calendar.business_seconds(at(start, zone), at(end, zone))) / 60


def local(value: np.datetime64, zone: str) -> str:
    micros = int(value.astype("datetime64[us]").astype(np.int64))
    moment = datetime.fromtimestamp(micros / 1_000_000, ZoneInfo(zone))
    return moment.replace(tzinfo=None).isoformat(timespec="minutes")


def nine_to_five(
    zone: str,
    country: str | None = None,
    subdivision: str | None = None,
    closed: tuple[date, ...] = (),
) -> BusinessCalendar:
    return BusinessCalendar.weekly(
        "desk", zone, NINE_TO_FIVE, country=country, subdivision=subdivision, closed=closed
    )


NEW_YORK = nine_to_five("America/New_York")
BERLIN = nine_to_five("Europe/Berlin")
DUTCH = BusinessCalendar.weekly("Support NL", "Europe/Amsterdam", SPLIT)


# --- worked examples -------------------------------------------------------------------


def test_new_york_friday_afternoon_to_monday_morning_is_120_business_minutes() -> None:
    start, end = (
        at("2024-03-08T16:00", "America/New_York"),
        at("2024-03-11T10:00", "America/New_York"),
    )
    assert (end - start) == np.timedelta64(3900, "m")  # US DST began on Sunday 10 March
    assert minutes(NEW_YORK, "2024-03-08T16:00", "2024-03-11T10:00") == 120


def test_berlin_saturday_morning_to_monday_0930_is_30_business_minutes() -> None:
    assert minutes(BERLIN, "2024-03-09T10:00", "2024-03-11T09:30") == 30


def test_always_open_berlin_counts_the_extra_hour_when_summer_time_ends() -> None:
    always = BusinessCalendar.always("Europe/Berlin")
    assert minutes(always, "2024-10-26T12:00", "2024-10-27T12:00") == 1500
    assert minutes(always, "2024-03-30T12:00", "2024-03-31T12:00") == 1380


def test_friday_evening_to_monday_evening_is_eight_hours_not_zero() -> None:
    assert minutes(BERLIN, "2024-03-08T18:00", "2024-03-11T18:00") == 8 * 60


def test_a_ticket_created_on_christmas_day_counts_from_the_next_open_moment() -> None:
    dutch = nine_to_five("Europe/Amsterdam", country="NL")
    assert minutes(dutch, "2024-12-25T10:00", "2024-12-27T09:30") == 30  # 25 and 26 closed


def test_a_ticket_created_on_ascension_day_counts_from_friday_morning() -> None:
    dutch = nine_to_five("Europe/Amsterdam", country="NL")
    assert minutes(dutch, "2024-05-09T08:00", "2024-05-10T10:00") == 60
    assert minutes(NEW_YORK, "2024-05-09T08:00", "2024-05-10T10:00") == 8 * 60 + 60


def test_a_ticket_opened_at_night_waits_for_the_morning() -> None:
    assert minutes(DUTCH, "2024-06-11T23:40", "2024-06-12T08:45") == 45


def test_the_lunch_break_does_not_count() -> None:
    assert minutes(DUTCH, "2024-06-11T11:00", "2024-06-11T14:00") == 120
    assert minutes(DUTCH, "2024-06-11T12:10", "2024-06-11T12:50") == 0


def test_a_custom_closed_date_stops_the_clock_all_day() -> None:
    closed = nine_to_five("Europe/Amsterdam", closed=(date(2024, 6, 14),))
    assert minutes(closed, "2024-06-13T16:00", "2024-06-17T10:00") == 120
    assert minutes(nine_to_five("Europe/Amsterdam"), "2024-06-13T16:00", "2024-06-17T10:00") == 600


def test_holidays_of_a_subdivision_close_only_that_region() -> None:
    bavaria = nine_to_five("Europe/Berlin", country="DE", subdivision="BY")
    berlin = nine_to_five("Europe/Berlin", country="DE", subdivision="BE")
    corpus_christi = ("2024-05-30T08:00", "2024-05-30T18:00")
    assert minutes(bavaria, *corpus_christi) == 0
    assert minutes(berlin, *corpus_christi) == 480


def test_opening_hours_have_second_precision() -> None:
    calendar = BusinessCalendar.weekly("s", "UTC", {"mon": ["09:00:30-09:01:15"]}, country=None)
    seconds = calendar.business_seconds(
        at("2024-06-10T09:00", "UTC"), at("2024-06-10T10:00", "UTC")
    )
    assert float(seconds) == 45


def test_a_day_open_around_the_clock_is_23_or_25_hours_on_the_change_days() -> None:
    calendar = BusinessCalendar.weekly(
        "w", "Europe/Amsterdam", {"sun": ["00:00-24:00"]}, country=None
    )
    assert minutes(calendar, "2024-03-30T00:00", "2024-04-01T00:00") == 23 * 60
    assert minutes(calendar, "2024-10-26T00:00", "2024-10-28T00:00") == 25 * 60


def test_an_opening_time_skipped_by_the_spring_change_opens_at_the_change() -> None:
    calendar = BusinessCalendar.weekly(
        "w", "Europe/Amsterdam", {"sun": ["02:30-04:00"]}, country=None
    )
    assert minutes(calendar, "2024-03-31T00:00", "2024-03-31T12:00") == 60


def test_an_opening_time_that_occurs_twice_means_its_first_occurrence() -> None:
    calendar = BusinessCalendar.weekly(
        "w", "Europe/Amsterdam", {"sun": ["02:30-03:30"]}, country=None
    )
    assert minutes(calendar, "2024-10-27T00:00", "2024-10-27T12:00") == 120


# --- arrays, missing values, signs ----------------------------------------------------


def test_missing_instants_give_nan_and_the_rest_is_computed() -> None:
    start = np.array(["2024-06-11T07:00", "NaT", "2024-06-11T07:00"], dtype="datetime64[us]")
    end = np.array(["2024-06-11T08:00", "2024-06-11T08:00", "NaT"], dtype="datetime64[us]")
    seconds = DUTCH.business_seconds(start, end)
    assert seconds[0] == 3600
    assert np.isnan(seconds[1:]).all()


def test_all_missing_instants_give_all_nan() -> None:
    nat = np.array(["NaT", "NaT"], dtype="datetime64[ns]")
    assert np.isnan(DUTCH.business_seconds(nat, nat)).all()


def test_int64_microseconds_float_nan_and_nanosecond_datetimes_agree() -> None:
    start = np.array(["2024-06-11T07:00", "2024-06-14T15:00"], dtype="datetime64[ns]")
    end = np.array(["2024-06-11T08:00", "2024-06-17T09:00"], dtype="datetime64[ns]")
    expected = DUTCH.business_seconds(start, end)
    micros = start.astype("datetime64[us]").astype(np.int64)
    ends = end.astype("datetime64[us]").astype(np.int64)
    assert np.array_equal(DUTCH.business_seconds(micros, ends), expected)
    floats = np.append(micros.astype(float), np.nan)
    assert np.array_equal(
        DUTCH.business_seconds(floats, np.append(ends, 0)),
        np.append(expected, np.nan),
        equal_nan=True,
    )


def test_an_end_before_its_start_gives_a_negative_duration() -> None:
    forward = minutes(DUTCH, "2024-06-11T10:00", "2024-06-12T10:00")
    assert minutes(DUTCH, "2024-06-12T10:00", "2024-06-11T10:00") == -forward


def test_one_end_broadcasts_against_many_starts() -> None:
    starts = np.array(["2024-06-11T06:00", "2024-06-11T07:00"], dtype="datetime64[us]")
    end = np.datetime64("2024-06-11T09:00", "us")  # UTC: 11:00 in Amsterdam
    assert DUTCH.business_seconds(starts, end).tolist() == [3 * 3600.0, 2 * 3600.0]


def test_a_scalar_pair_gives_a_scalar_shaped_answer() -> None:
    assert (
        DUTCH.business_seconds(at("2024-06-11T10:00", "UTC"), at("2024-06-11T11:00", "UTC")).shape
        == ()
    )


# --- deadlines ------------------------------------------------------------------------


def test_the_deadline_120_business_minutes_after_friday_16h_is_monday_10h() -> None:
    deadline = NEW_YORK.deadline(at("2024-03-08T16:00", "America/New_York"), 120 * 60)
    assert local(deadline, "America/New_York") == "2024-03-11T10:00"


def test_a_deadline_that_uses_up_the_day_falls_at_closing_time() -> None:
    deadline = NEW_YORK.deadline(at("2024-03-08T16:00", "America/New_York"), 60 * 60)
    assert local(deadline, "America/New_York") == "2024-03-08T17:00"


def test_a_deadline_from_a_weekend_counts_from_monday_opening() -> None:
    deadline = BERLIN.deadline(at("2024-03-09T10:00", "Europe/Berlin"), 30 * 60)
    assert local(deadline, "Europe/Berlin") == "2024-03-11T09:30"


def test_a_deadline_skips_holidays_and_the_lunch_break() -> None:
    deadline = DUTCH.deadline(at("2024-12-24T17:00", "Europe/Amsterdam"), 5 * 3600)
    assert local(deadline, "Europe/Amsterdam") == "2024-12-27T13:30"  # 30 min on the 24th


def test_a_zero_target_gives_the_start_itself_even_when_closed() -> None:
    start = at("2024-12-25T03:00", "Europe/Amsterdam")
    assert DUTCH.deadline(start, 0) == start


def test_a_deadline_weeks_away_is_found() -> None:
    start = at("2024-06-11T10:00", "Europe/Amsterdam")
    deadline = DUTCH.deadline(start, 200 * 3600)
    assert float(DUTCH.business_seconds(start, deadline)) == 200 * 3600


def test_a_deadline_on_an_always_open_calendar_is_plain_addition() -> None:
    start = np.datetime64("2024-10-26T10:00", "us")
    deadline = BusinessCalendar.always("Europe/Berlin").deadline(start, 1500 * 60)
    assert deadline == start + np.timedelta64(1500, "m")


def test_a_missing_start_or_target_gives_no_deadline() -> None:
    start = np.array(["2024-06-11T08:00", "NaT", "2024-06-11T08:00"], dtype="datetime64[us]")
    deadlines = DUTCH.deadline(start, np.array([60.0, 60.0, np.nan]))
    assert deadlines[0] == np.datetime64("2024-06-11T08:01", "us")
    assert np.isnat(deadlines[1:]).all()


@pytest.mark.parametrize("target", [-60.0, np.inf])
def test_a_negative_or_endless_target_is_refused(target: float) -> None:
    with pytest.raises(InvalidInput, match=f"business seconds = {target:g}: must be 0 or more"):
        DUTCH.deadline(at("2024-06-11T08:00", "UTC"), target)


# --- description and validation -------------------------------------------------------


def test_a_calendar_survives_a_round_trip_through_its_dict() -> None:
    calendar = BusinessCalendar.weekly(
        "Support DE", "Europe/Berlin", SPLIT, country="DE", subdivision="BY", closed=["2024-12-24"]
    )
    described = calendar.to_dict()
    assert described["hours"]["mon"] == ["08:00-12:00", "13:00-17:30"]
    assert described["closed"] == ["2024-12-24"]
    assert BusinessCalendar.from_dict(described) == calendar


def test_an_always_open_calendar_is_described_as_24_7() -> None:
    described = BusinessCalendar.always("UTC").to_dict()
    assert described["hours"] == "24/7"
    assert described["holidays"] is None


def test_a_calendar_reads_from_toml() -> None:
    text = """
name = "Support NL"
timezone = "Europe/Amsterdam"
closed = [2024-12-24, "2024-12-31"]
[hours]
mon = ["08:00-12:00", "13:00-17:30"]
fri = "08:00-12:00"
[holidays]
country = "NL"
"""
    calendar = BusinessCalendar.from_dict(tomllib.loads(text))
    assert calendar.closed == {date(2024, 12, 24), date(2024, 12, 31)}
    assert calendar.hours.days[4] == ((8 * 3600, 12 * 3600),)
    assert calendar.public_holidays is not None and calendar.public_holidays.country == "NL"


def test_holidays_default_to_the_netherlands_and_false_means_none() -> None:
    base = {"timezone": "UTC", "hours": "24/7"}
    assert BusinessCalendar.from_dict(base).public_holidays is not None
    assert BusinessCalendar.from_dict({**base, "holidays": False}).public_holidays is None
    assert (
        BusinessCalendar.from_dict({**base, "holidays": "BE"}).to_dict()["holidays"]["country"]
        == "BE"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"timezone": "Europe/Amsterdm"}, "timezone = 'Europe/Amsterdm' is not an IANA time zone"),
        ({"hours": {"mon": ["08:00-12:00", "11:00-13:00"]}}, "08:00-12:00 overlaps 11:00-13:00"),
        ({"hours": {"tue": ["17:00-09:00"]}}, "hours.tue: 17:00-09:00 ends before it starts"),
        ({"hours": {"wed": ["09:00-09:00"]}}, "hours.wed: 09:00-09:00 is empty"),
        ({"hours": {"thu": ["25:00-26:00"]}}, "hours.thu: '25:00-26:00' is not a range"),
        ({"hours": {"mnd": ["09:00-17:00"]}}, "unknown day 'mnd': use mon, tue"),
        ({"hours": {}}, "no opening hours at all"),
        ({"hours": "weekdays"}, "hours = 'weekdays': give '24/7' or a table of days"),
        ({"holidays": {"country": "XX"}}, "holidays.country = 'XX' is not supported"),
        (
            {"holidays": {"country": "DE", "subdivision": "ZZ"}},
            "'ZZ' is unknown for DE: allowed: BB",
        ),
        ({"closed": ["2024-13-01"]}, "closed: '2024-13-01' is not a date: write YYYY-MM-DD"),
        ({"timzone": "UTC"}, "unknown key 'timzone': allowed keys are name, timezone"),
    ],
)
def test_bad_calendars_are_refused_with_the_value_and_what_is_allowed(
    change: dict[str, object], message: str
) -> None:
    data: dict[str, object] = {"name": "desk", "timezone": "UTC", "hours": NINE_TO_FIVE, **change}
    with pytest.raises(InvalidInput) as caught:
        BusinessCalendar.from_dict(data)
    assert any(message in line for line in caught.value.problems), caught.value.problems
    assert all(line.startswith("calendar 'desk': ") for line in caught.value.problems)


def test_every_problem_is_listed_at_once() -> None:
    with pytest.raises(InvalidInput) as caught:
        BusinessCalendar.weekly("x", "Mars/Olympus", {"mon": ["12:00-08:00"]}, country="XX")
    assert len(caught.value.problems) == 3
    assert caught.value.message == "calendar 'x': 3 problems"


def test_timestamps_of_an_unsupported_type_are_refused() -> None:
    with pytest.raises(InvalidInput, match="start: dtype object is not supported"):
        DUTCH.business_seconds(np.array([object()]), np.array([0]))


def test_the_calendar_in_the_user_docs_is_valid() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "calendars.md").read_text()
    block = next(b for b in re.findall(r"```toml\n(.*?)```", doc, re.S) if "[calendar]" in b)
    calendar = BusinessCalendar.from_dict(tomllib.loads(block)["calendar"])
    assert calendar.closed == {date(2024, 12, 24)}
    assert minutes(calendar, "2024-06-11T11:00", "2024-06-11T14:00") == 120
