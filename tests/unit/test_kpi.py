"""The KPI engine on small hand-computed data sets: every KPI, its n and its interval."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regie.analytics.columns import conform
from regie.analytics.kpi import ChannelNorm, KpiOptions, contact_kpis
from regie.analytics.kpi_intervals import sample_status, wilson, wilson_exprs
from regie.domain.calendar import BusinessCalendar
from regie.domain.errors import InvalidInput
from regie.domain.staffing import Abandons, ServiceLevelRule

AMSTERDAM = "Europe/Amsterdam"
NINE_TO_FIVE = BusinessCalendar.weekly(
    "Support NL", AMSTERDAM, {day: ["09:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri")}
)
MONDAY = datetime(2024, 1, 8, 10, tzinfo=UTC)


def local(text: str) -> datetime:
    """A wall-clock time in Amsterdam as an aware UTC datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(AMSTERDAM)).astimezone(UTC)


def contacts(**columns: list[Any]) -> pl.LazyFrame:
    """Canonical contacts from a few columns; created on one Monday unless given."""
    rows = len(next(iter(columns.values())))
    columns.setdefault("created_at", [MONDAY] * rows)
    columns.setdefault("channel", ["email"] * rows)
    columns.setdefault("vendor", ["acme"] * rows)
    return conform(pl.DataFrame(columns, strict=False).lazy())


def kpis(frame: pl.LazyFrame, **options: Any) -> dict[str, Any]:
    """The single result row of ``frame`` (one vendor, one month)."""
    found = contact_kpis(frame, ("vendor",), "month", KpiOptions(**options)).collect()
    assert found.height == 1
    return found.row(0, named=True)


def hand_wilson(p: float, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """The Wilson score interval written out independently of the code under test."""
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


# --- Wilson interval and sample status ---------------------------------------------------


def test_wilson_at_n_50_and_p_85_percent_is_about_ten_points_either_side() -> None:
    low, high = wilson(np.array([42.5]), np.array([50]))
    expected = hand_wilson(0.85, 50)
    assert (low[0], high[0]) == pytest.approx(expected, abs=1e-12)
    assert 0.08 < 0.85 - low[0] < 0.13 and 0.07 < high[0] - 0.85 < 0.10


def test_wilson_for_zero_successes_has_the_closed_form_upper_bound() -> None:
    low, high = wilson(0, 10)
    z2 = 1.959963984540054**2
    assert float(low) == pytest.approx(0.0, abs=1e-15)
    assert float(high) == pytest.approx(z2 / (10 + z2))


def test_wilson_matches_the_hand_formula_for_several_samples() -> None:
    hits, sizes = np.array([1, 7, 33, 99]), np.array([3, 20, 40, 100])
    low, high = wilson(hits, sizes)
    for i, (k, n) in enumerate(zip(hits, sizes, strict=True)):
        assert (low[i], high[i]) == pytest.approx(hand_wilson(k / n, n), abs=1e-12)


def test_wilson_without_a_sample_gives_no_interval() -> None:
    low, high = wilson([0, 3], [0, 5])
    assert math.isnan(low[0]) and math.isnan(high[0]) and not math.isnan(low[1])
    frame = pl.DataFrame({"k": [0, 3], "n": [0, 5]})
    bounds = wilson_exprs(pl.col("k"), pl.col("n"))
    found = frame.select(bounds[0].alias("low"), bounds[1].alias("high"))
    assert found["low"][0] is None and found["low"][1] == pytest.approx(low[1])


def test_a_sample_below_the_minimum_is_insufficient() -> None:
    assert sample_status(49, 50) == "insufficient sample"
    assert sample_status(50, 50) == "sufficient sample"


def test_kpi_rows_carry_a_sample_status_when_a_minimum_is_given() -> None:
    row = kpis(contacts(escalated=[True, False, None]), minimum_sample=3)
    assert row["escalation_rate_n"] == 2
    assert row["escalation_rate_sample"] == "insufficient sample"
    assert kpis(contacts(escalated=[True, False, False]), minimum_sample=3)[
        "escalation_rate_sample"
    ] == ("sufficient sample")


# --- Volumes, abandonment, ASA, AHT -------------------------------------------------------


def test_offered_handled_and_abandoned_count_contacts_and_unknowns_stay_out_of_the_rate() -> None:
    row = kpis(
        contacts(
            channel=["phone", "phone", "phone", "email"],
            first_response_at=[MONDAY, None, MONDAY, None],
            abandoned=[False, True, True, None],
        )
    )
    assert (row["offered"], row["handled"], row["abandoned"]) == (4, 1, 2)
    assert (row["abandonment_rate_hits"], row["abandonment_rate_n"]) == (2, 3)
    assert row["abandonment_rate"] == pytest.approx(2 / 3)


def test_asa_averages_the_wait_of_answered_calls_only() -> None:
    row = kpis(
        contacts(
            channel=["phone"] * 4,
            first_response_at=[MONDAY, MONDAY, None, MONDAY],
            abandoned=[False, False, True, False],
            wait_seconds=[10.0, 30.0, 500.0, None],
        )
    )
    assert (row["asa_seconds"], row["asa_n"]) == (20.0, 2)


def test_aht_averages_the_handle_time_of_handled_contacts_and_skips_missing_ones() -> None:
    row = kpis(
        contacts(
            first_response_at=[MONDAY, MONDAY, MONDAY, None],
            abandoned=[False, False, False, True],
            handle_seconds=[300.0, 100.0, None, 50.0],
        )
    )
    assert (row["aht_seconds"], row["aht_n"]) == (200.0, 2)


# --- Service level -------------------------------------------------------------------------


def reference_calls() -> pl.LazyFrame:
    """100 offered: 70 answered and 10 abandoned within 20 s, 15 answered and 5 abandoned later."""
    answered = [True] * 70 + [False] * 10 + [True] * 15 + [False] * 5
    waits = [10.0] * 80 + [60.0] * 20
    return contacts(
        channel=["phone"] * 100,
        abandoned=[not a for a in answered],
        first_response_at=[MONDAY if a else None for a in answered],
        wait_seconds=waits,
    )


@pytest.mark.parametrize(
    ("abandons", "expected"),
    [(Abandons.IGNORED, 70 / 90), (Abandons.AGAINST, 0.70), (Abandons.FOR, 0.80)],
)
def test_the_three_service_level_formulas_give_the_reference_figures(
    abandons: Abandons, expected: float
) -> None:
    rule = ServiceLevelRule(abandons=abandons)
    row = kpis(reference_calls(), service_level_seconds=20, service_level=rule)
    assert row["service_level"] == pytest.approx(expected)
    assert (row["sl_ignored"], row["sl_against"], row["sl_for"]) == pytest.approx(
        (0.778, 0.70, 0.80), abs=5e-4
    )
    assert (row["sl_ignored_n"], row["sl_against_n"], row["sl_for_n"]) == (90, 100, 100)
    assert (row["sl_against_low"], row["sl_against_high"]) == pytest.approx(hand_wilson(0.7, 100))


def test_short_abandons_leave_the_offered_calls() -> None:
    frame = contacts(
        channel=["phone"] * 4,
        abandoned=[True, True, False, False],
        first_response_at=[None, None, MONDAY, MONDAY],
        wait_seconds=[3.0, 15.0, 10.0, 40.0],
    )
    rule = ServiceLevelRule(abandons=Abandons.AGAINST, short_abandon_seconds=5)
    row = kpis(frame, service_level_seconds=20, service_level=rule)
    assert (row["short_abandoned"], row["sl_offered"]) == (1, 3)
    assert (row["sl_against_hits"], row["sl_against_n"]) == (1, 3)
    assert (row["sl_for_hits"], row["sl_ignored_n"]) == (2, 2)


def test_service_level_counts_only_phone_calls_with_a_known_wait() -> None:
    row = kpis(
        contacts(
            channel=["phone", "phone", "chat"],
            abandoned=[False, False, False],
            first_response_at=[MONDAY] * 3,
            wait_seconds=[5.0, None, 5.0],
        ),
        service_level_seconds=20,
    )
    assert (row["sl_offered"], row["sl_against"]) == (1, 1.0)


# --- First response time -------------------------------------------------------------------


def business_seconds_for(created: str, answered: str) -> dict[str, Any]:
    frame = contacts(created_at=[local(created)], first_response_at=[local(answered)])
    return kpis(frame, calendar=NINE_TO_FIVE)


def test_a_ticket_created_at_night_starts_its_clock_at_nine() -> None:
    row = business_seconds_for("2024-01-09T22:00", "2024-01-10T10:00")
    assert row["frt_business_mean"] == 3600.0
    assert row["frt_mean"] == 12 * 3600.0


def test_a_ticket_created_on_a_weekend_starts_its_clock_on_monday() -> None:
    assert business_seconds_for("2024-01-13T12:00", "2024-01-15T09:30")["frt_business_mean"] == (
        1800.0
    )


def test_a_dutch_holiday_adds_no_business_time() -> None:
    # King's Day, Thursday 27 April 2023: half an hour on Wednesday, a quarter on Friday.
    row = business_seconds_for("2023-04-26T16:30", "2023-04-28T09:15")
    assert row["frt_business_mean"] == 2700.0


def test_business_and_calendar_time_across_the_autumn_clock_change() -> None:
    # 27 October 2024 the clocks go back: Friday 16:00 CEST → Monday 10:00 CET is 67 h.
    row = business_seconds_for("2024-10-25T16:00", "2024-10-28T10:00")
    assert row["frt_business_mean"] == 7200.0
    assert row["frt_mean"] == 67 * 3600.0


def test_response_time_mean_median_and_p90_use_answered_contacts_only() -> None:
    answers = [MONDAY + timedelta(seconds=s) for s in (10, 20, 30, 40, 100)] + [None]
    row = kpis(contacts(created_at=[MONDAY] * 6, first_response_at=answers))
    assert (row["frt_mean"], row["frt_median"], row["frt_n"]) == (40.0, 30.0, 5)
    assert row["frt_p90"] == pytest.approx(40 + 0.6 * 60)
    assert "frt_business_mean" not in row


def test_share_within_the_norm_uses_business_or_calendar_time_as_chosen() -> None:
    created = [local("2024-01-12T16:30"), local("2024-01-15T09:00"), local("2024-01-15T09:00")]
    answered = [local("2024-01-15T09:10"), local("2024-01-15T11:00"), None]
    frame = contacts(created_at=created, first_response_at=answered)
    business = kpis(frame, calendar=NINE_TO_FIVE, norm_seconds=3600, norm_basis="business")
    calendar = kpis(frame, calendar=NINE_TO_FIVE, norm_seconds=3600, norm_basis="calendar")
    assert (business["within_norm_hits"], business["within_norm_n"]) == (1, 2)
    assert (calendar["within_norm_hits"], calendar["within_norm_n"]) == (0, 2)
    assert business["within_norm_low"] == pytest.approx(hand_wilson(0.5, 2)[0])


def test_a_business_norm_without_a_calendar_is_refused() -> None:
    with pytest.raises(InvalidInput, match="needs a calendar"):
        contact_kpis(contacts(escalated=[True]), options=KpiOptions(norm_basis="business"))


# --- Satisfaction ---------------------------------------------------------------------------


def test_csat_mean_and_top_two_box_are_separate_figures() -> None:
    row = kpis(contacts(csat_score=[5.0, 4.0, 3.0, 1.0, None], csat_scale=[5] * 5))
    assert (row["csat_mean"], row["csat_scale"]) == (3.25, 5)
    assert (row["csat_top2_hits"], row["csat_top2_n"], row["csat_top2"]) == (2, 4, 0.5)


def test_top_two_box_on_a_ten_point_scale_takes_nines_and_tens() -> None:
    row = kpis(contacts(csat_score=[10.0, 9.0, 8.0], csat_scale=[10] * 3))
    assert (row["csat_top2_hits"], row["csat_top2_n"]) == (2, 3)


def test_a_three_point_scale_counts_only_its_top_box() -> None:
    row = kpis(contacts(csat_score=[3.0, 2.0, 1.0], csat_scale=[3] * 3))
    assert (row["csat_top2_hits"], row["csat_top2_n"]) == (1, 3)


def test_good_counts_as_the_top_box_on_a_good_or_bad_scale() -> None:
    row = kpis(contacts(csat_score=[2.0, 2.0, 1.0], csat_scale=[2] * 3))
    assert (row["csat_top2_hits"], row["csat_top2_n"]) == (2, 3)


def test_mixed_csat_scales_give_no_mean_but_keep_the_top_box_share() -> None:
    row = kpis(contacts(csat_score=[5.0, 10.0], csat_scale=[5, 10]))
    assert row["csat_mean"] is None
    assert row["csat_top2"] == 1.0


def test_nps_counts_a_six_as_a_detractor() -> None:
    row = kpis(contacts(nps_score=[10, 10, 6, None]))
    assert (row["nps_promoters"], row["nps_detractors"], row["nps_n"]) == (2, 1, 3)
    assert row["nps"] == pytest.approx(100 / 3)


def test_nps_with_passives_promoters_and_detractors_in_balance_is_zero() -> None:
    row = kpis(contacts(nps_score=[10, 9, 8, 7, 6, 0]))
    assert (row["nps"], row["nps_n"]) == (0.0, 6)


def test_nps_is_negative_when_detractors_outnumber_promoters() -> None:
    # 2 promoters, 3 detractors, 2 passives: 100 × (2 − 3) / 7
    row = kpis(contacts(nps_score=[10, 9, 8, 7, 6, 3, 0]))
    assert row["nps"] == pytest.approx(-100 / 7)


# --- Resolution, escalation, reopens --------------------------------------------------------


def test_fcr_from_the_agent_flag_is_the_share_of_true_among_known_flags() -> None:
    row = kpis(contacts(resolved_first_contact=[True, False, True, None]))
    assert (row["fcr_hits"], row["fcr_n"]) == (2, 3)
    assert (row["fcr_low"], row["fcr_high"]) == pytest.approx(hand_wilson(2 / 3, 3))


def test_derived_fcr_is_the_absence_of_a_new_contact_within_n_days() -> None:
    day = [datetime(2024, 1, d, 12, tzinfo=UTC) for d in (1, 3, 20, 28, 10, 11)]
    row = kpis(
        contacts(
            created_at=day,
            first_response_at=[*day[:5], None],
            abandoned=[False] * 5 + [True],
            customer_key=["a", "a", "a", "b", None, "c"],
        ),
        fcr_days=7,
    )
    # a on day 1: back on day 3 (no); day 3: next on day 20 (yes); day 20: none after (yes);
    # b on day 28 is within 7 days of the data's end (not yet known); no key; abandoned.
    assert (row["fcr_derived_hits"], row["fcr_derived_n"]) == (2, 3)


def test_derived_fcr_leaves_out_every_contact_whose_window_is_not_yet_over() -> None:
    # the data end on 31 January; a on 28 January was already back on 30 January, b on
    # 29 January not yet: both are left out, else the share would be biased low
    day = [datetime(2024, 1, d, 12, tzinfo=UTC) for d in (2, 28, 30, 29, 31)]
    row = kpis(
        contacts(created_at=day, first_response_at=day, customer_key=["z", "a", "a", "b", "y"]),
        fcr_days=7,
    )
    assert (row["fcr_derived_hits"], row["fcr_derived_n"]) == (1, 1)


def test_escalation_rate_counts_escalated_among_known_flags() -> None:
    row = kpis(contacts(escalated=[True, False, False, None]))
    assert (row["escalation_rate_hits"], row["escalation_rate_n"]) == (1, 3)


def test_reopen_rate_counts_contacts_reopened_at_least_once() -> None:
    row = kpis(contacts(reopens=[0, 2, None, 1]))
    assert (row["reopen_rate_hits"], row["reopen_rate_n"]) == (2, 3)
    assert row["reopen_rate"] == pytest.approx(2 / 3)


# --- Periods and groups ---------------------------------------------------------------------


def periods(created: list[datetime], period: str) -> list[date]:
    frame = contacts(created_at=created, escalated=[True] * len(created))
    options = KpiOptions(timezone=AMSTERDAM)
    found = contact_kpis(frame, by=(), period=period, options=options).collect()  # type: ignore[arg-type]
    return found["period_start"].to_list()


def test_iso_weeks_start_on_monday_in_local_time() -> None:
    sunday_night = local("2024-12-29T23:30")
    monday_early = local("2024-12-30T00:30")  # still Sunday in UTC
    assert periods([sunday_night, monday_early], "week") == [date(2024, 12, 23), date(2024, 12, 30)]


def test_quarters_months_and_days_follow_local_dates() -> None:
    end_of_march, start_of_april = local("2024-03-31T23:30"), local("2024-04-01T00:30")
    both = [end_of_march, start_of_april]
    assert periods(both, "quarter") == [date(2024, 1, 1), date(2024, 4, 1)]
    assert periods(both, "month") == [date(2024, 3, 1), date(2024, 4, 1)]
    assert periods(both, "day") == [date(2024, 3, 31), date(2024, 4, 1)]


def test_kpis_are_computed_per_group() -> None:
    frame = contacts(vendor=["a", "a", "b"], queue=["x", "y", "x"], escalated=[True, False, False])
    found = contact_kpis(frame, by=("vendor", "queue")).collect()
    assert found.select("vendor", "queue", "escalation_rate").rows() == [
        ("a", "x", 1.0),
        ("a", "y", 0.0),
        ("b", "x", 0.0),
    ]


def test_an_unknown_group_key_or_period_is_refused() -> None:
    with pytest.raises(InvalidInput, match="agent_key"):
        contact_kpis(contacts(escalated=[True]), by=("agent_key",))
    with pytest.raises(InvalidInput, match="fortnight"):
        contact_kpis(contacts(escalated=[True]), period="fortnight")  # type: ignore[arg-type]


# --- Properties -----------------------------------------------------------------------------


@given(st.integers(1, 10_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_every_wilson_interval_contains_its_proportion(pair: tuple[int, int]) -> None:
    hits, n = pair
    low, high = wilson(hits, n)
    assert 0.0 <= float(low) <= hits / n + 1e-12
    assert hits / n - 1e-12 <= float(high) <= 1.0


flags = st.lists(st.one_of(st.none(), st.booleans()), min_size=1, max_size=40)


@settings(max_examples=40, deadline=None)
@given(flags, flags)
def test_every_kpi_proportion_lies_in_its_interval_within_zero_and_one(
    escalated: list[bool | None], fcr: list[bool | None]
) -> None:
    size = min(len(escalated), len(fcr))
    row = kpis(contacts(escalated=escalated[:size], resolved_first_contact=fcr[:size]))
    for name in ("escalation_rate", "fcr"):
        if row[f"{name}_n"] == 0:
            assert row[name] is None and row[f"{name}_low"] is None
            continue
        assert 0.0 <= row[f"{name}_low"] <= row[name] + 1e-12
        assert row[name] - 1e-12 <= row[f"{name}_high"] <= 1.0


# --- Contract norms per channel, open contacts at the cutoff, contacts per customer ----------


def per_channel(frame: pl.LazyFrame, **options: Any) -> dict[str, dict[str, Any]]:
    found = contact_kpis(frame, ("channel",), "month", KpiOptions(**options)).collect()
    return {row["channel"]: row for row in found.iter_rows(named=True)}


def test_each_channel_is_judged_on_its_own_norm_and_calendar() -> None:
    # Friday 16:30 → Monday 09:10: 40 business minutes, 64 h 40 min elapsed.
    created = [local("2024-01-12T16:30")] * 2 + [local("2024-01-15T10:00")] * 2
    answered = [local("2024-01-15T09:10")] * 2 + [local("2024-01-15T10:00:30")] * 2
    frame = contacts(created_at=created, first_response_at=answered, channel=["email", "chat"] * 2)
    norms = {"email": ChannelNorm(3600, NINE_TO_FIVE), "chat": ChannelNorm(60)}
    rows = per_channel(frame, norms=norms)
    # e-mail: 40 business minutes and 30 s, both within 2 business hours → 2 of 2;
    # chat: 64 h 40 min and 30 s against a 24/7 minute → 1 of 2
    assert (rows["email"]["within_norm_hits"], rows["email"]["within_norm_n"]) == (2, 2)
    assert (rows["chat"]["within_norm_hits"], rows["chat"]["within_norm_n"]) == (1, 2)
    assert rows["email"]["frt_norm_mean"] == pytest.approx((2400 + 30) / 2)
    assert rows["chat"]["frt_norm_mean"] == pytest.approx((64 * 3600 + 40 * 60 + 30) / 2)


def test_a_channel_without_a_norm_has_no_share_within_it() -> None:
    frame = contacts(first_response_at=[MONDAY], channel=["social"])
    row = per_channel(frame, norms={"email": ChannelNorm(60)})["social"]
    assert (row["within_norm_n"], row["within_norm"]) == (0, None)


def test_an_open_contact_past_its_norm_at_the_cutoff_is_a_miss() -> None:
    # answered after 5 min; open since 09:00 (3 h at the cutoff); open since 11:30
    # (30 min at the cutoff); abandoned at 09:00
    created = [MONDAY, MONDAY, MONDAY + timedelta(hours=2, minutes=30), MONDAY]
    frame = contacts(
        created_at=created,
        first_response_at=[MONDAY + timedelta(minutes=5), None, None, None],
        abandoned=[False, False, False, True],
    )
    cutoff = MONDAY + timedelta(hours=3)
    norms = {"email": ChannelNorm(7200)}
    without = per_channel(frame, norms=norms)["email"]
    at_cutoff = per_channel(frame, norms=norms, cutoff=cutoff)["email"]
    # without a cutoff only the answered one counts; at the cutoff the one open 3 h is a
    # miss, the one open 30 min is not yet judged, the abandoned one never counts
    assert (without["within_norm_hits"], without["within_norm_n"]) == (1, 1)
    assert (at_cutoff["within_norm_hits"], at_cutoff["within_norm_n"]) == (1, 2)
    assert at_cutoff["frt_norm_n"] == 1  # response times stay those of answered contacts


def test_the_cutoff_counts_business_time_for_a_business_norm() -> None:
    # created Friday 16:00, still open Monday 09:30: 1 h + 30 min of business time
    frame = contacts(created_at=[local("2024-01-12T16:00")], first_response_at=[None])
    norms = {"email": ChannelNorm(5400, NINE_TO_FIVE)}
    just_in = per_channel(frame, norms=norms, cutoff=local("2024-01-15T09:29"))["email"]
    late = per_channel(frame, norms=norms, cutoff=local("2024-01-15T09:31"))["email"]
    assert just_in["within_norm_n"] == 0
    assert (late["within_norm_hits"], late["within_norm_n"]) == (0, 1)


def test_contacts_per_customer_counts_keyed_contacts_over_distinct_customers() -> None:
    keys = ["a", "a", "a", "b", None]
    row = kpis(contacts(customer_key=keys, escalated=[False] * 5))
    assert (row["customers"], row["customer_contacts"]) == (2, 4)
    assert row["contacts_per_customer"] == 2.0
    assert kpis(contacts(customer_key=[None], escalated=[False]))["contacts_per_customer"] is None
