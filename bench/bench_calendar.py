"""Benchmark: vectorised business seconds against a straightforward per-row implementation.

Target: business seconds for 10,000,000 (start, end) pairs in ≤ 2 s — Europe/Amsterdam,
Mon–Fri 08:00–12:00 + 13:00–17:30, Dutch public holidays, spans up to 30 days over two
years. The per-row baseline walks day by day through each pair (zoneinfo for every
opening and closing time); it is timed on a sample in the same run and extrapolated.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from regie.domain.calendar import BusinessCalendar

PAIRS = 10_000_000
SAMPLE = 2_000
DAY_US = 86_400 * 1_000_000
T = TypeVar("T")

CALENDAR = BusinessCalendar.weekly(
    "Support NL",
    "Europe/Amsterdam",
    {day: ["08:00-12:00", "13:00-17:30"] for day in ("mon", "tue", "wed", "thu", "fri")},
)


def timed(work: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def random_pairs(count: int) -> tuple[NDArray[np.datetime64], NDArray[np.datetime64]]:
    rng = np.random.default_rng(2024)
    origin = np.datetime64("2023-01-01T00:00:00", "us").astype(np.int64)
    start = origin + rng.integers(0, 730 * DAY_US, count)
    end = start + rng.integers(0, 30 * DAY_US, count)
    return start.view("datetime64[us]"), end.view("datetime64[us]")


def per_row(calendar: BusinessCalendar, start: datetime, end: datetime) -> float:
    """Business seconds of one pair, day by day: the way a plain loop would do it."""
    zone = ZoneInfo(calendar.timezone)
    day = start.astimezone(zone).date() - timedelta(days=1)
    closed = calendar.closed_dates(day, end.astimezone(zone).date() + timedelta(days=1))
    total = 0.0
    while datetime.combine(day, datetime.min.time(), zone) < end:
        if day not in closed:
            for opens, closes in calendar.hours.days[day.weekday()]:
                midnight = datetime.combine(day, datetime.min.time(), zone)
                low = max(start, midnight + timedelta(seconds=opens))
                high = min(end, midnight + timedelta(seconds=closes))
                total += max(0.0, (high - low).total_seconds())
        day += timedelta(days=1)
    return total


def baseline(start: NDArray[np.datetime64], end: NDArray[np.datetime64]) -> list[float]:
    """The per-row loop over the first ``SAMPLE`` pairs."""
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    pairs = zip(start[:SAMPLE].view(np.int64), end[:SAMPLE].view(np.int64), strict=True)
    return [
        per_row(
            CALENDAR, epoch + timedelta(microseconds=int(s)), epoch + timedelta(microseconds=int(e))
        )
        for s, e in pairs
    ]


def main() -> None:
    start, end = random_pairs(PAIRS)
    CALENDAR.business_seconds(start[:1000], end[:1000])  # warm-up (holidays, imports)

    runs = [timed(lambda: CALENDAR.business_seconds(start, end)) for _ in range(3)]
    ours, seconds = runs[0]
    best = min(run[0] for run in runs)
    print(f"business seconds, {PAIRS:,} pairs: first run {ours:.3f} s, best of 3 {best:.3f} s")
    print(f"  {PAIRS / ours / 1e6:.1f} M pairs/s (first run); target ≤ 2 s: {ours <= 2}")

    theirs, answers = timed(lambda: baseline(start, end))
    per_pair = theirs / SAMPLE
    agree = np.allclose(seconds[:SAMPLE], answers, atol=1e-6)
    print(
        f"per-row day-by-day loop, {SAMPLE:,} pairs: {theirs:.3f} s ({per_pair * 1e6:.0f} µs each)"
    )
    print(f"  extrapolated to {PAIRS:,}: {per_pair * PAIRS:.0f} s")
    print(
        f"  speed-up (first run): {per_pair * PAIRS / ours:.0f}x; same answers on sample: {agree}"
    )

    targets = np.full(PAIRS, 8 * 3600.0)
    deadline, _ = timed(lambda: CALENDAR.deadline(start, targets))
    print(f"deadline 8 business hours after {PAIRS:,} starts: {deadline:.3f} s")


if __name__ == "__main__":
    main()
