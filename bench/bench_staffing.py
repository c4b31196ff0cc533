"""Benchmark: vectorised Erlang C / Erlang A staffing against pyworkforce's per-interval loop.

Targets: 100,000 intervals of Erlang C (10–2,000 calls per 30 min, AHT 120–600 s, 80/20)
in ≤ 0.5 s, ≥ 100× faster than pyworkforce per interval; Erlang A for 10,000 intervals
in ≤ 2 s. pyworkforce is timed on a sample in the same run and extrapolated per interval.
"""

from __future__ import annotations

import time

import numpy as np
from pyworkforce.queuing import ErlangC

from regie.domain.staffing import Target, demand, required_agents

INTERVALS = 100_000
ABANDON_INTERVALS = 10_000
SAMPLE = 300
TARGET = Target(service_level=0.8, threshold_seconds=20)


def timed(work: object) -> tuple[float, object]:
    start = time.perf_counter()
    result = work()  # type: ignore[operator]
    return time.perf_counter() - start, result


def main() -> None:
    rng = np.random.default_rng(2024)
    calls = rng.uniform(10, 2000, INTERVALS)
    aht = rng.uniform(120, 600, INTERVALS)
    required_agents(demand(calls[:100], aht[:100], 1800), TARGET)  # warm-up

    ours, outcome = timed(lambda: required_agents(demand(calls, aht, 1800), TARGET))
    print(f"Erlang C, {INTERVALS:,} intervals: {ours:.3f} s")

    def baseline() -> list[int]:
        return [
            ErlangC(transactions=c, aht=h / 60, asa=20 / 60, interval=30).required_positions(0.8)[
                "raw_positions"
            ]
            for c, h in zip(calls[:SAMPLE], aht[:SAMPLE], strict=True)
        ]

    theirs, answers = timed(baseline)
    per_interval = theirs / SAMPLE
    agree = np.array_equal(outcome.agents[:SAMPLE], np.array(answers))  # type: ignore[attr-defined]
    print(f"pyworkforce, {SAMPLE} intervals: {theirs:.3f} s ({per_interval * 1e3:.3f} ms each)")
    print(f"  extrapolated to {INTERVALS:,}: {per_interval * INTERVALS:.1f} s")
    print(f"  speed-up: {per_interval * INTERVALS / ours:.0f}x; same agents on sample: {agree}")

    d = demand(calls[:ABANDON_INTERVALS], aht[:ABANDON_INTERVALS], 1800, patience_seconds=180)
    erlang_a, _ = timed(lambda: required_agents(d, TARGET))
    print(f"Erlang A (patience 180 s), {ABANDON_INTERVALS:,} intervals: {erlang_a:.3f} s")


if __name__ == "__main__":
    main()
