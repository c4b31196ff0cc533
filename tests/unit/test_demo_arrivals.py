"""Arrivals of the demo company: profiles, holidays, campaigns, DST and Poisson draws."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from regie.demo.arrivals import (
    CHANNELS,
    Arrivals,
    Campaign,
    ChannelProfile,
    day_number,
    default_campaigns,
    default_profiles,
    expected_per_hour,
    hour_grid,
    public_holidays,
    sample_arrivals,
    utc_seconds,
)

FIRST, LAST = date(2025, 3, 3), date(2025, 6, 2)  # 13 weeks from a Monday, Easter inside


def draw(seed: int = 1, scale: float = 1.0, campaigns: tuple[Campaign, ...] = ()) -> Arrivals:
    rng = np.random.default_rng(seed)
    return sample_arrivals(FIRST, LAST, default_profiles(scale), campaigns, rng)


@pytest.fixture(scope="module")
def arrivals() -> Arrivals:
    return draw()


def local(a: Arrivals, channel: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(local day number, weekday with Monday 0, hour) of one channel's arrivals."""
    mine = a.channel == CHANNELS.index(channel)
    day = a.local_day()[mine]
    return day, (day + 3) % 7, a.local_second()[mine] // 3600


def test_the_same_seed_gives_the_same_arrivals_and_another_seed_others() -> None:
    first, again, other = draw(5), draw(5), draw(6)
    assert np.array_equal(first.at, again.at)
    assert np.array_equal(first.channel, again.channel)
    assert not np.array_equal(first.at[:100], other.at[:100])


def test_arrivals_are_whole_seconds_in_order_within_the_range(arrivals: Arrivals) -> None:
    assert arrivals.at.dtype == np.int64
    assert np.all(np.diff(arrivals.at) >= 0)
    assert arrivals.at.min() >= utc_seconds(FIRST)
    assert arrivals.at.max() < utc_seconds(LAST)


def test_counts_per_channel_are_poisson_around_the_expectation(arrivals: Arrivals) -> None:
    counts = np.bincount(arrivals.channel, minlength=len(CHANNELS))
    for code, channel in enumerate(CHANNELS):
        mean = arrivals.expected[channel]
        assert abs(counts[code] - mean) < 4 * np.sqrt(mean), channel


def test_phone_opens_weekdays_8_to_20_and_saturdays_9_to_17_only(arrivals: Arrivals) -> None:
    _, weekday, hour = local(arrivals, "phone")
    weekdays = weekday < 5
    assert np.all((hour[weekdays] >= 8) & (hour[weekdays] < 20))
    assert np.all((hour[~weekdays] >= 9) & (hour[~weekdays] < 17))
    assert not np.any(weekday == 6)


def test_phone_and_chat_are_closed_on_public_holidays(arrivals: Arrivals) -> None:
    holidays = public_holidays(FIRST, LAST)
    assert day_number(date(2025, 4, 21)) in holidays  # Easter Monday
    assert day_number(date(2025, 5, 29)) in holidays  # Ascension Day
    for channel in ("phone", "chat"):
        day, _, _ = local(arrivals, channel)
        assert not np.isin(day, holidays).any(), channel
    email_day, _, _ = local(arrivals, "email")
    assert np.isin(email_day, holidays).any()


def test_email_arrives_around_the_clock_but_peaks_in_office_hours(arrivals: Arrivals) -> None:
    _, _, hour = local(arrivals, "email")
    per_hour = np.bincount(hour, minlength=24)
    assert per_hour.min() > 0
    assert per_hour[10] > 10 * per_hour[3]


def test_monday_is_the_busiest_day_for_phone(arrivals: Arrivals) -> None:
    day, _, _ = local(arrivals, "phone")
    per_day = np.bincount(day - day.min())
    weekdays = (np.arange(len(per_day)) + day.min() + 3) % 7
    open_days = per_day > 0
    mean = [per_day[(weekdays == w) & open_days].mean() for w in range(6)]
    assert mean[0] == max(mean)
    assert mean[5] < 0.6 * mean[2]


def test_a_holiday_scales_the_expected_email_volume_by_its_factor() -> None:
    grid = hour_grid(FIRST, LAST)
    email = default_profiles()[1]
    expected, _ = expected_per_hour(grid, email, ())
    per_day = np.bincount(grid.day - grid.day.min(), weights=expected)
    ascension = day_number(date(2025, 5, 29)) - grid.day.min()
    thursday_before = ascension - 7
    assert per_day[ascension] / per_day[thursday_before] == pytest.approx(email.holiday)


def test_a_campaign_peaks_on_its_first_day_and_decays() -> None:
    campaign = Campaign("letter", date(2025, 3, 10), 10, 1.0, ("phone",))
    days = day_number(date(2025, 3, 10)) + np.arange(-1, 12)
    surge = campaign.surge(days, "phone")
    assert surge[0] == 1.0 and surge[1] == 2.0
    assert np.all(np.diff(surge[1:11]) < 0)
    assert surge[11] == 1.0 and surge[12] == 1.0
    assert np.all(campaign.surge(days, "email") == 1.0)


def test_a_campaign_raises_the_arrivals_and_marks_their_surge() -> None:
    peak = Campaign("letter", date(2025, 3, 10), 14, 1.0, ("phone",))
    quiet, busy = draw(3), draw(3, campaigns=(peak,))
    phone = CHANNELS.index("phone")
    assert busy.expected["phone"] > quiet.expected["phone"] * 1.05
    assert busy.expected["email"] == pytest.approx(quiet.expected["email"])
    surged = busy.surge > 1
    assert np.all(busy.channel[surged] == phone)
    start = day_number(peak.start)
    assert np.all((busy.local_day()[surged] >= start) & (busy.local_day()[surged] < start + 14))


def test_the_hour_grid_follows_daylight_saving_time() -> None:
    grid = hour_grid(date(2025, 3, 29), date(2025, 11, 1))
    hours = np.bincount(grid.day - grid.day.min())
    spring = day_number(date(2025, 3, 30)) - grid.day.min()
    autumn = day_number(date(2025, 10, 26)) - grid.day.min()
    assert (hours[spring], hours[autumn], hours[spring + 1]) == (23, 25, 24)
    assert set(np.unique(grid.offset)) == {3600, 7200}
    assert grid.hour[grid.day == grid.day[spring * 24]].tolist()[:4] == [0, 1, 3, 4]


def test_default_sizes_give_about_75_thousand_contacts_a_year_per_unit_scale() -> None:
    grid = hour_grid(date(2025, 1, 1), date(2026, 1, 1))
    campaigns = default_campaigns(date(2025, 1, 1))
    total = sum(expected_per_hour(grid, p, campaigns)[0].sum() for p in default_profiles())
    assert 60_000 < total < 100_000


@pytest.mark.parametrize(
    "change",
    [{"channel": "fax"}, {"weekday": (1.0,) * 6}, {"weekday_hours": (0.0,) * 24}],
)
def test_a_profile_that_cannot_work_is_refused(change: dict[str, object]) -> None:
    fields: dict[str, object] = {
        "channel": "phone",
        "daily": 10.0,
        "weekday": (1.0,) * 7,
        "weekday_hours": (1.0,) * 24,
        "weekend_hours": (1.0,) * 24,
    }
    with pytest.raises(ValueError):
        ChannelProfile(**{**fields, **change})  # type: ignore[arg-type]
