"""Benchmark: Monte Carlo of a four-channel, 24-month business case.

Target (issue 2): 100,000 draws in ≤ 1 s on a 2-core machine. The baseline is a plain
per-draw Python loop over the same model (tests/reference_costing.py), measured in the
same run on a sample of draws and scaled to the full count.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.reference_costing import plain_saving  # noqa: E402

from regie.domain.scenarios import draw, monte_carlo  # noqa: E402
from regie.files.case_loader import load_case  # noqa: E402

DRAWS = 100_000
SAMPLE = 2_000


def best_of(runs: int, func) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    case = load_case(ROOT / "bench" / "case-four-channels.toml")
    structure, estimates = case.structure, case.estimates
    vectorised = best_of(3, lambda: monte_carlo(structure, estimates, draws=DRAWS, seed=1))

    rng = np.random.default_rng(1)
    sampled = {
        k: draw(e, SAMPLE, rng, "pert") if e.is_range else np.full(SAMPLE, e.likely)
        for k, e in estimates.items()
    }
    rows = [{k: float(v[i]) for k, v in sampled.items()} for i in range(SAMPLE)]

    def loop() -> None:
        for row in rows:
            plain_saving(structure, row)

    per_draw = best_of(1, loop) / SAMPLE
    baseline = per_draw * DRAWS
    print(
        f"monte carlo, {DRAWS:,} draws, 4 channels x 24 months: {vectorised:.3f} s (target <= 1 s)"
    )
    print(
        f"plain per-draw loop: {per_draw * 1e6:.1f} us/draw -> {baseline:.1f} s for {DRAWS:,} "
        f"(measured on {SAMPLE:,})"
    )
    print(f"ratio (loop / vectorised): {baseline / vectorised:.0f}x (expect >= 50x)")


if __name__ == "__main__":
    main()
