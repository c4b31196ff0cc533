"""The pilot's rules (DOMAIN §3): judging a KPI, the 4-of-5 rule at its boundaries, the
stages at day 30, 60 and 90, trends on hand-made daily series, and the analysis."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import pytest

from regie.domain.errors import InvalidInput
from regie.domain.pilot import (
    KPIS,
    REMEDIES,
    Better,
    Measurement,
    Phase,
    Pilot,
    PilotVendor,
    Status,
    Threshold,
    Verdict,
    analyse,
    decide,
    judge,
    phase,
    trend,
)

CSAT = Threshold("csat", Better.HIGHER, 0.85, "top2", min_sample=50)
FRT = Threshold("frt", Better.LOWER, 3600.0, "median", min_sample=30)
AHT = Threshold("aht", Better.INSIDE, 180.0, "mean", min_sample=30, high=600.0)
FCR = Threshold("fcr", Better.HIGHER, 0.70, "agent_flag", min_sample=100)
COST = Threshold("cost_per_ticket", Better.LOWER, 4.0, "fee_per_handled", min_sample=30)
W, M, S = Status.WITHIN, Status.MISSED, Status.INSUFFICIENT  # S: too small a sample


# --- judging one KPI ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("threshold", "value", "status", "gap"),
    [
        (CSAT, 0.85, W, 0.0),  # exactly on the target is within
        (CSAT, 0.84, M, 0.01),
        (FRT, 3600.0, W, 0.0),
        (FRT, 3601.0, M, 1.0),
        (AHT, 180.0, W, 0.0),  # both ends of the band are inside it
        (AHT, 600.0, W, 0.0),
        (AHT, 179.0, M, 1.0),
        (AHT, 700.0, M, 100.0),
        (AHT, 300.0, W, -120.0),  # the margin is the distance to the nearest end
        (COST, 4.01, M, 0.01),
    ],
)
def test_a_kpi_is_within_on_its_target_and_missed_past_it(
    threshold: Threshold, value: float, status: Status, gap: float
) -> None:
    judged = judge(threshold, Measurement(value, 500))
    assert judged.status is status
    assert judged.gap == pytest.approx(gap)


def test_fewer_observations_than_the_minimum_is_an_insufficient_sample() -> None:
    assert judge(CSAT, Measurement(0.99, 49)).status is S
    assert judge(CSAT, Measurement(0.99, 50)).status is W
    assert judge(CSAT, Measurement(None, 0)).status is S
    no_minimum = Threshold("frt", Better.LOWER, 3600.0, "median", min_sample=0)
    assert judge(no_minimum, Measurement(None, 0)).status is S  # no value, no verdict


def test_an_interval_wholly_on_one_side_is_conclusive() -> None:
    assert judge(CSAT, Measurement(0.90, 400, 0.867, 0.927, 360)).conclusive is True
    assert judge(CSAT, Measurement(0.88, 60, 0.77, 0.94, 53)).conclusive is False
    assert judge(CSAT, Measurement(0.80, 300, 0.751, 0.841, 240)).conclusive is True
    assert judge(FRT, Measurement(1800.0, 300)).conclusive is None  # no interval


# --- the 4-of-5 rule ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "verdict", "within"),
    [
        ((W, W, W, W, W), Verdict.SCALE_UP, 5),
        ((W, W, W, W, M), Verdict.SCALE_UP, 4),  # exactly 4: scale up in phases
        ((M, W, W, W, W), Verdict.SCALE_UP, 4),
        ((W, W, W, M, M), Verdict.STOP, 3),  # 3: stop
        ((W, W, W, W, S), Verdict.SCALE_UP, 4),
        ((W, W, W, S, S), Verdict.STOP, 3),  # an insufficient sample is not within target
        ((S, S, S, S, S), Verdict.STOP, 0),
    ],
)
def test_four_of_five_within_target_at_day_60_scales_up_else_stop(
    statuses: tuple[Status, ...], verdict: Verdict, within: int
) -> None:
    decision = decide(60, 90, statuses)
    assert (decision.phase, decision.verdict, decision.within) == (Phase.DECISION, verdict, within)


@pytest.mark.parametrize(
    ("day", "length", "expected"),
    [
        (1, 90, Phase.EARLY_READ),
        (30, 90, Phase.EARLY_READ),
        (59, 90, Phase.EARLY_READ),
        (60, 90, Phase.DECISION),
        (89, 90, Phase.DECISION),
        (90, 90, Phase.EXIT_EVALUATION),
        (60, 60, Phase.DECISION),
        (29, 30, Phase.EARLY_READ),
        (30, 30, Phase.DECISION),  # a shorter pilot decides on its last day
        (45, 45, Phase.DECISION),
    ],
)
def test_the_stage_follows_the_day(day: int, length: int, expected: Phase) -> None:
    assert phase(day, length) is expected


def test_day_30_is_an_early_read_and_day_90_the_exit_evaluation() -> None:
    four, three = (W, W, W, W, M), (W, W, W, M, M)
    assert decide(30, 90, four).verdict is Verdict.ON_TRACK
    assert decide(30, 90, three).verdict is Verdict.AT_RISK
    assert decide(90, 90, four).verdict is Verdict.CONTINUE
    assert decide(90, 90, three).verdict is Verdict.EXIT


def test_the_rule_needs_all_five_kpis() -> None:
    with pytest.raises(InvalidInput, match="needs 5 KPIs"):
        decide(60, 60, (W, W, W, W))


# --- trends ---------------------------------------------------------------------------


def test_the_trend_is_the_least_squares_slope_of_the_daily_values() -> None:
    points = [(1, 0.70), (2, 0.74), (3, 0.72), (4, 0.80), (5, 0.84)]
    found = trend(points, CSAT, 0.76)
    expected = np.polyfit([p[0] for p in points], [p[1] for p in points], 1)[0]
    assert found.slope == pytest.approx(expected)  # 0.034 a day
    assert (found.direction, found.days) == ("better", 5)


def test_days_without_data_are_left_out_of_the_fit() -> None:
    found = trend([(1, 1800.0), (2, 2400.0), (10, 7200.0)], FRT, 3800.0)
    assert found.slope == pytest.approx(np.polyfit([1, 2, 10], [1800, 2400, 7200], 1)[0])
    assert found.direction == "worse"  # a rising response time is worse


def test_a_falling_time_is_better_and_a_falling_share_worse() -> None:
    falling = [(d, 3000.0 - 100 * d) for d in range(1, 8)]
    assert trend(falling, FRT, 2600.0).direction == "better"
    shares = [(d, 0.9 - 0.02 * d) for d in range(1, 8)]
    assert trend(shares, FCR, 0.82).direction == "worse"


def test_a_band_is_better_towards_its_middle() -> None:
    falling = [(d, 800.0 - 20 * d) for d in range(1, 8)]
    assert trend(falling, AHT, 720.0).direction == "better"  # above the band, coming down
    assert trend(falling, AHT, 200.0).direction == "worse"  # near the bottom, going lower


def test_a_change_under_two_percent_of_the_threshold_is_flat() -> None:
    # FRT 3,600 s: 2 % is 72 s over the days spanned; 70 s over 9 days is flat, 80 s not
    assert trend([(1, 1800.0), (10, 1870.0), (5, 1835.0)], FRT, 1835.0).direction == "flat"
    assert trend([(1, 1800.0), (10, 1880.0), (5, 1840.0)], FRT, 1840.0).direction == "worse"
    assert trend([(d, 0.8) for d in range(1, 31)], CSAT, 0.8).direction == "flat"


def test_fewer_than_three_days_give_no_trend() -> None:
    found = trend([(1, 0.8), (2, 0.9)], CSAT, 0.85)
    assert (found.slope, found.direction, found.days) == (None, None, 2)


# --- the analysis ---------------------------------------------------------------------


def test_a_missed_kpi_is_analysed_by_how_much_its_trend_and_remedies() -> None:
    judged = judge(FCR, Measurement(0.60, 300, 0.54, 0.65, 180))
    found = analyse(judged, [(d, 0.8 if d <= 30 else 0.4) for d in range(1, 61)])
    assert found.gap == pytest.approx(0.10)
    assert found.relative_gap == pytest.approx(0.10 / 0.70)
    assert (found.side, found.trend.direction) == ("low", "worse")
    assert found.remedies == REMEDIES[("fcr", "low")]
    assert {r.kind for r in found.remedies} == {"training", "process"}


def test_the_remedies_follow_the_side_of_the_band_missed() -> None:
    short = analyse(judge(AHT, Measurement(120.0, 100)), [])
    long = analyse(judge(AHT, Measurement(900.0, 100)), [])
    assert (short.side, long.side) == ("low", "high")
    assert short.remedies == REMEDIES[("aht", "low")]
    assert long.remedies == REMEDIES[("aht", "high")]
    assert short.trend.direction is None


def test_an_insufficient_sample_asks_for_more_data() -> None:
    csat = analyse(judge(CSAT, Measurement(0.9, 10)), [])
    assert csat.status is Status.INSUFFICIENT
    assert "survey" in csat.remedies[0].text
    frt = analyse(judge(FRT, Measurement(None, 0)), [])
    assert "volume" in frt.remedies[0].text


def test_every_kpi_has_remedies_for_each_way_it_can_miss() -> None:
    sides = {"csat": ["low"], "frt": ["high"], "aht": ["low", "high"], "fcr": ["low"],
             "cost_per_ticket": ["high"]}  # fmt: skip
    assert set(sides) == set(KPIS)
    for kpi, ways in sides.items():
        for side in ways:
            assert REMEDIES[(kpi, side)], (kpi, side)


# --- the pilot ------------------------------------------------------------------------


def test_the_fixed_fee_is_spread_over_the_pilot_days_and_the_rate_added() -> None:
    vendor = PilotVendor("Acme", Decimal("6000"), Decimal("1.50"))
    assert vendor.cost(30, 60, 400) == pytest.approx(3000 + 600)
    assert vendor.cost(60, 60, 0) == pytest.approx(6000)


def test_a_pilot_counts_its_days_from_the_start_date() -> None:
    pilot = Pilot("P", "email", date(2026, 3, 2), 60, "Europe/Amsterdam",
                  (PilotVendor("Acme", Decimal(1)),), (CSAT, FRT, AHT, FCR, COST))  # fmt: skip
    assert pilot.date_of(1) == date(2026, 3, 2)
    assert pilot.date_of(60) == date(2026, 4, 30)
    assert pilot.day_of(date(2026, 4, 30)) == 60


@pytest.mark.parametrize(
    ("days", "vendors", "message"),
    [(29, 1, "must be 30 to 90"), (91, 1, "must be 30 to 90"), (60, 4, "1 to 3 vendors")],
)
def test_a_pilot_has_30_to_90_days_and_1_to_3_vendors(
    days: int, vendors: int, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        Pilot("P", "email", date(2026, 3, 2), days, "UTC",
              tuple(PilotVendor(f"V{i}") for i in range(vendors)),
              (CSAT, FRT, AHT, FCR, COST))  # fmt: skip
