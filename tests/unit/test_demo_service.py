"""What happens to the demo company's contacts: waits against the norms, handle times,
ratings, the quality story and repeat contacts that make derived FCR work."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest

from regie.demo.arrivals import Arrivals, day_number, default_profiles, sample_arrivals
from regie.demo.customers import distinct_slots, follow_ups, roots
from regie.demo.service import (
    CHAT,
    EMAIL,
    EMAIL_TEAM,
    NEVER,
    PHONE,
    SOCIAL,
    SOCIAL_TEAM,
    Contacts,
    Story,
    quality,
    simulate,
)

FIRST, LAST = date(2025, 9, 1), date(2025, 12, 1)  # a Monday; thirteen weeks
STORY = Story(date(2025, 10, 6), fcr_drift=0.02, csat_drift=0.08)


def arrive(seed: int = 3) -> Arrivals:
    rng = np.random.default_rng(seed)
    return sample_arrivals(FIRST, LAST, default_profiles(2.0), (), rng)


@pytest.fixture(scope="module")
def arrivals() -> Arrivals:
    return arrive()


@pytest.fixture(scope="module")
def contacts(arrivals: Arrivals) -> Contacts:
    return simulate(arrivals, STORY, np.random.default_rng(4))


def of(c: Contacts, channel: int) -> np.ndarray:
    return np.asarray(c.channel == channel)


def micros(seconds: np.ndarray) -> np.ndarray:
    return seconds.astype(np.int64) * 1_000_000


def test_the_story_steps_down_each_week_from_its_start() -> None:
    start = day_number(date(2025, 10, 6))
    days = np.array([start - 1, start, start + 6, start + 7, start + 20])
    assert STORY.weeks(days).tolist() == [0, 1, 1, 2, 3]
    assert Story().weeks(days).tolist() == [0] * 5


def test_quality_is_flat_before_the_story_and_slips_weekly_after() -> None:
    start = day_number(date(2025, 10, 6))
    days = np.array([start - 30, start - 1, start, start + 7, start + 14])
    level = quality(np.zeros(5, dtype=np.int8), days, STORY)
    assert level.fcr[0] == level.fcr[1]
    assert np.diff(level.fcr[1:]) == pytest.approx([-0.02] * 3)
    assert np.diff(level.csat[1:]) == pytest.approx([-0.08] * 3)


def test_the_same_seed_gives_the_same_contacts(arrivals: Arrivals, contacts: Contacts) -> None:
    again = simulate(arrivals, STORY, np.random.default_rng(4))
    for name in ("first_response", "csat", "nps", "customer", "agent", "resolved_at"):
        assert np.array_equal(getattr(again, name), getattr(contacts, name)), name


def test_phone_waits_meet_the_30_second_norm_most_of_the_time(contacts: Contacts) -> None:
    phone = of(contacts, PHONE)
    answered = phone & contacts.handled
    assert 0.02 < contacts.abandoned[phone].mean() < 0.10
    assert 0.70 < (contacts.wait[answered] <= 30).mean() < 0.92
    assert np.all(contacts.wait[phone] >= 0)
    waited = contacts.first_response[answered] - contacts.at[answered]
    assert np.array_equal(waited, contacts.wait[answered].astype(np.int64))
    assert np.all(contacts.first_response[contacts.abandoned] == NEVER)


def test_email_is_answered_within_two_business_hours_mostly(contacts: Contacts) -> None:
    email = of(contacts, EMAIL) & contacts.handled
    start, answer = contacts.at[email], contacts.first_response[email]
    business = EMAIL_TEAM.business_seconds(micros(start), micros(answer))
    assert 0.75 < (business <= 7200).mean() < 0.95
    local = answer + contacts.offset[email]
    weekday, clock = (local // 86_400 + 3) % 7, local % 86_400
    assert np.all(weekday < 5)
    assert np.all((clock >= 8 * 3600) & (clock <= 18 * 3600))


def test_chat_and_social_are_answered_within_their_norms_mostly(contacts: Contacts) -> None:
    chat = of(contacts, CHAT)
    answered = chat & contacts.handled
    assert 0.8 < (contacts.first_response[answered] - contacts.at[answered] <= 60).mean() < 0.97
    assert 0.005 < (contacts.first_response[chat] == NEVER).mean() < 0.05
    social = of(contacts, SOCIAL)
    start, answer = contacts.at[social], contacts.first_response[social]
    business = SOCIAL_TEAM.business_seconds(micros(start), micros(answer))
    assert 0.8 < (business <= 3600).mean() < 0.97


def test_handle_times_are_lognormal_per_channel(contacts: Contacts) -> None:
    for channel, median in ((EMAIL, 420), (CHAT, 540), (SOCIAL, 200)):
        logs = np.log(contacts.handle[of(contacts, channel) & contacts.handled])
        assert np.exp(np.median(logs)) == pytest.approx(median, rel=0.08)
        assert logs.std() == pytest.approx(0.58, abs=0.06)
    phone = of(contacts, PHONE) & contacts.handled
    parts = contacts.talk[phone] + contacts.hold[phone] + contacts.wrap[phone]
    assert np.array_equal(parts, contacts.handle[phone])
    assert np.isnan(contacts.talk[~phone]).all()


def test_ratings_come_from_10_to_30_percent_and_nps_from_about_10(contacts: Contacts) -> None:
    for channel in (PHONE, EMAIL, CHAT, SOCIAL):
        handled = of(contacts, channel) & contacts.handled
        assert 0.08 < (contacts.csat[handled] > 0).mean() < 0.32
        assert 0.07 < (contacts.nps[handled] >= 0).mean() < 0.13
    assert set(np.unique(contacts.csat)) == {0, 1, 2, 3, 4, 5}
    assert contacts.nps.min() == -1 and contacts.nps.max() <= 10
    assert np.all(contacts.csat[~contacts.handled] == 0)


def test_quality_declines_after_the_story_starts(contacts: Contacts) -> None:
    day = (contacts.at + contacts.offset) // 86_400
    start = day_number(STORY.decline_start or FIRST)
    before, late = (day < start) & contacts.handled, (day >= start + 35) & contacts.handled
    fcr = contacts.resolved_first
    assert fcr[before].mean() > 0.7
    assert fcr[late].mean() < fcr[before].mean() - 0.08
    rated = contacts.csat > 0
    assert contacts.csat[late & rated].mean() < contacts.csat[before & rated].mean() - 0.3


def test_unresolved_contacts_and_only_those_come_back_within_a_week(contacts: Contacts) -> None:
    frame = pl.DataFrame(
        {"at": contacts.at, "customer": contacts.customer, "handled": contacts.handled,
         "resolved": contacts.resolved_first}
    )  # fmt: skip
    following = pl.col("at").shift(-1).over("customer", order_by="at")
    soon = ((following - pl.col("at")) <= 7 * 86_400).fill_null(False).alias("back")
    back = frame.with_columns(soon)
    last_week = contacts.at.max() - 7 * 86_400
    judged = back.filter(pl.col("handled") & (pl.col("at") < last_week))
    came_back = judged.group_by("resolved").agg(pl.col("back").mean()).sort("resolved")
    unresolved, resolved = came_back["back"].to_list()
    assert unresolved > 0.97
    assert resolved < 0.03
    assert 1.2 < len(contacts) / len(np.unique(contacts.customer)) < 3


def test_agents_belong_to_their_channel_team(contacts: Contacts) -> None:
    assert np.all(contacts.agent[~contacts.handled] == 0)
    team = contacts.agent[contacts.handled] // 1000 - 1
    assert np.array_equal(team, contacts.channel[contacts.handled])


def test_claims_on_one_contact_take_the_next_ones_in_turn() -> None:
    wanted = np.array([3, 3, 3, 9, 9, 20])
    assert distinct_slots(wanted).tolist() == [3, 4, 5, 9, 10, 20]
    assert roots(np.array([-1, 0, 1, -1, 3, 2])).tolist() == [0, 0, 0, 3, 3, 0]


def test_a_follow_up_lies_within_the_week_after_its_contact() -> None:
    at = np.arange(0, 30 * 86_400, 1800, dtype=np.int64)
    needs = np.zeros(len(at), dtype=np.bool_)
    needs[::5] = True
    previous = follow_ups(at, needs, np.random.default_rng(1))
    later = np.flatnonzero(previous >= 0)
    gap = at[later] - at[previous[later]]
    assert np.all((gap > 0) & (gap < 7 * 86_400))
    assert set(previous[later]) <= set(np.flatnonzero(needs))
    assert len(later) > 0.75 * needs.sum()
