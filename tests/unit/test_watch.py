"""The early warning on hand-made daily series: signal dates worked out by hand, the open
rule, the first missed month, and series without a usable baseline."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pytest

from regie.domain.contract import Direction, KpiTarget, ResponseNorm
from regie.domain.drift import Chart
from regie.domain.errors import InvalidInput
from regie.domain.penalties import Status
from regie.services.watch import (
    ALL,
    SMOOTHING,
    WIDTH,
    Method,
    MonthValue,
    Series,
    Watched,
    chart_series,
    first_missed,
    monthly_values,
    open_signal,
    watch_series,
)

START = date(2025, 1, 1)
FCR = KpiTarget("fcr", Direction.AT_LEAST, 0.75, min_sample=100)


def day(index: int) -> date:
    return START + timedelta(days=index)


def series(
    values: list[float] | np.ndarray,
    n: float | list[float] | np.ndarray = 100.0,
    kpi: str = "kpi.fcr",
    higher_is_better: bool = True,
    goal: KpiTarget | ResponseNorm | None = FCR,
    measure: str = "fcr",
) -> Series:
    x = np.asarray(values, dtype=np.float64)
    size = np.broadcast_to(np.asarray(n, dtype=np.float64), x.shape).copy()
    dates = np.arange(np.datetime64(START, "D"), np.datetime64(START, "D") + x.size)
    return Series("Acme", ALL, kpi, measure, higher_is_better, goal, dates, x, size)


def step(level: float, after: float, at: int, days: int) -> np.ndarray:
    return np.where(np.arange(days) < at, level, after)


def test_ewma_signals_on_the_third_day_of_a_drop_of_ten_points() -> None:
    # baseline 0.8 every day (n = 100): binomial spread 0.4, σ_d = 0.04; after 100 days the
    # EWMA variance is at its limit σ_d² λ / (2 − λ), so the lower limit is
    # 0.8 − 2.8 · 0.04 · √(0.1 / 1.9) = 0.7743. From day 100 the value is 0.7:
    # z = 0.79, 0.781, 0.7729 — below the limit on the third day, day 102.
    assert (SMOOTHING, WIDTH) == (0.1, 2.8)
    watched = chart_series(series(step(0.8, 0.7, 100, 130)))
    assert watched.base is not None
    assert (watched.base.mean, watched.base.spread) == (0.8, pytest.approx(0.4))
    assert (watched.baseline_from, watched.baseline_to) == (day(0), day(55))
    limit = 0.8 - 2.8 * 0.04 * math.sqrt(0.1 / 1.9)
    assert watched.worse_limit()[-1] == pytest.approx(limit, abs=1e-6)
    signal = open_signal(watched)
    assert signal is not None
    assert (signal.since, signal.last_beyond, signal.direction) == (day(102), day(129), "down")
    assert signal.statistic == pytest.approx(0.7 + 0.1 * 0.9**30)


def test_cusum_signals_when_the_lower_sum_passes_five() -> None:
    # u = (0.7 − 0.8) / 0.04 = −2.5 a day; the lower sum grows by 2.5 − 0.5 = 2 a day:
    # 2, 4, 6 > 5 on the third day
    watched = chart_series(series(step(0.8, 0.7, 100, 130)), method="cusum")
    signal = open_signal(watched)
    assert signal is not None
    assert signal.since == day(102)
    assert (signal.statistic, signal.limit) == (pytest.approx(2.0 * 30), 5.0)


def test_a_rate_where_lower_is_better_signals_upwards() -> None:
    target = KpiTarget("escalation_rate", Direction.BELOW, 0.15, min_sample=100)
    rising = series(step(0.1, 0.2, 100, 130), kpi="kpi.escalation_rate",
                    higher_is_better=False, goal=target, measure="escalation_rate")  # fmt: skip
    signal = open_signal(chart_series(rising))
    assert signal is not None
    assert signal.direction == "up"
    assert signal.statistic > signal.limit > 0.1


def watched_with(worse_days: list[int], days: int = 100, start: int = 50) -> Watched:
    """A chart whose worse days are given (indexes into the series' days)."""
    s = series(np.full(days, 0.8))
    worse = np.zeros(days - start, dtype=bool)
    worse[[d - start for d in worse_days]] = True
    flat = np.zeros(days - start)
    chart = Chart(flat, flat, flat, worse, np.zeros_like(worse))
    base = chart_series(s).base
    return Watched(s, "ewma", day(0), day(start - 1), base, None, start, chart, ())


def test_gaps_of_fewer_than_fourteen_days_are_bridged_and_the_last_episode_is_open() -> None:
    # 55-57 and 70 (12 days inside between) are one episode; 86 (15 inside) starts another
    found = watched_with([55, 56, 57, 70, 86]).episodes()
    assert [(e.start, e.end, e.open) for e in found] == [
        (day(55), day(70), False),
        (day(86), day(86), True),  # the last day is 99: 86 … 99 are the last 14 days
    ]
    signal = open_signal(watched_with([55, 56, 57, 70, 86]))
    assert signal is not None and signal.since == day(86)


def test_a_signal_that_came_and_went_is_not_open() -> None:
    assert open_signal(watched_with([60, 61, 85])) is None  # 99 − 85 = 14 days ago
    assert watched_with([60, 61, 85]).episodes()[-1].open is False
    assert open_signal(watched_with([86])) is not None  # 13 days ago


def months(*statuses: Status | None) -> list[MonthValue]:
    return [MonthValue(date(2025, i + 1, 1), 0.7, 200, s) for i, s in enumerate(statuses)]


MET, MISSED, SHORT = Status.MET, Status.MISSED, Status.INSUFFICIENT


def test_the_first_missed_month_is_the_start_of_the_streak_that_reaches_the_signal() -> None:
    history = months(MET, MISSED, MET, MET, MET, MET, MET, MISSED, MISSED, MISSED)
    assert first_missed(history, date(2025, 9, 12)) == date(2025, 8, 1)  # missed before
    assert first_missed(history, date(2025, 6, 20)) == date(2025, 8, 1)  # missed after
    assert first_missed(months(MET, MISSED, MET, MET), date(2025, 4, 2)) is None  # not yet
    assert first_missed(months(MISSED, SHORT, MISSED), date(2025, 3, 5)) == date(2025, 1, 1)
    assert first_missed(months(MET, MISSED, None), date(2025, 3, 5)) is None


def test_monthly_values_pool_the_days_and_judge_complete_months_only() -> None:
    # January: 31 days of 0.8 (n = 10); February: 0.7 (n = 20) for 28 days; March: 5 days
    values = [0.8] * 31 + [0.7] * 28 + [0.1] * 5
    n = [10.0] * 31 + [20.0] * 28 + [50.0] * 5
    january, february, march = monthly_values(series(values, n))
    assert (january.value, january.n, january.status) == (0.8, 310, MET)
    assert (february.value, february.n, february.status) == (pytest.approx(0.7), 560, MISSED)
    assert (march.n, march.status) == (250, None)  # incomplete: not judged yet
    small = KpiTarget("fcr", Direction.AT_LEAST, 0.75, min_sample=400)
    assert monthly_values(series(values, n, goal=small))[0].status is SHORT
    assert monthly_values(series(values, n, goal=None))[0].status is None


def test_a_norm_is_judged_on_its_required_share() -> None:
    norm = ResponseNorm("email", 7200, 0.85)
    (january,) = monthly_values(series([0.9] * 31, goal=norm, kpi="response.email"))
    assert january.status is MET


def test_overdispersed_days_widen_the_limits_to_their_day_to_day_spread() -> None:
    # alternating 0.6 and 1.0 (n = 100): binomial spread √(0.8 · 0.2) = 0.4, day-to-day
    # √(Σ 100 · 0.2² / 55) = √(56 · 4 / 55) ≈ 2.02
    values = np.tile([0.6, 1.0], 50)
    watched = chart_series(series(values))
    assert watched.base is not None
    assert watched.base.spread == pytest.approx(math.sqrt(56 * 4 / 55))
    assert open_signal(watched) is None


def test_a_series_without_a_usable_baseline_is_reported_not_raised() -> None:
    sparse = np.full(90, np.nan)
    sparse[[3, 70, 80]] = 0.8  # one day with data in the baseline (days 3 … 58)
    flat = series(np.full(90, 0.9), goal=None)
    result = watch_series([series(sparse), flat])
    problems = [w.problem for w in result.watched]
    assert problems[0] is not None and "at least two days" in problems[0]
    assert problems[1] is None and result.signals == ()
    short = chart_series(series(np.full(30, 0.8)))
    assert short.base is None and short.problem is not None
    assert "no later day to watch" in short.problem


def test_an_explicit_baseline_period_starts_the_watch_the_day_after_it() -> None:
    values = step(0.8, 0.7, 100, 130)
    watched = chart_series(series(values), baseline_period=(day(20), day(49)))
    assert (watched.baseline_from, watched.baseline_to, watched.start) == (day(20), day(49), 50)
    signal = open_signal(watched)
    assert signal is not None and signal.since == day(102)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"baseline_days": 1}, "at least 2 days"),
        ({"method": "shewhart"}, "use one of ewma, cusum"),
        ({"baseline_period": (day(40), day(10))}, "before the start"),
        ({"baseline_period": (day(0), day(129))}, "not before --until"),
    ],
)
def test_wrong_options_are_refused_with_the_reason(kwargs: dict, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        watch_series([series(np.full(130, 0.8))], **kwargs)


@pytest.mark.parametrize("method", ["ewma", "cusum"])
def test_the_control_chart_marks_the_signal_and_the_first_missed_month(method: Method) -> None:
    import vl_convert

    from regie.i18n import Locale
    from regie.reports.watch_charts import control_chart_spec, series_label

    # 0.8 from January, 0.7 from day 100 (11 April): April (0.733) and May are missed
    watched = chart_series(series(step(0.8, 0.7, 100, 151)), method=method)
    svg = vl_convert.vegalite_to_svg(control_chart_spec(watched, Locale("en")))
    assert "signal since 2025-04-13" in svg
    assert "target first missed: 2025-04" in svg
    assert series_label(watched.series, Locale("en")) in svg
    bare = chart_series(series(np.full(30, 0.8)))
    assert "no later day to watch" in vl_convert.vegalite_to_svg(
        control_chart_spec(bare, Locale("en"))
    )
