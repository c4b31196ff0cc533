"""Benchmark: `regie demo --size full` end to end, time and peak memory per phase.

The demo company is built through the product's own use cases (generation, import
through the real importers, contract and twelve statements, QA), then every report is
written (`--out`). Each size runs in its own process so its peak memory (max RSS) is its
own; the peak after each phase is recorded (max RSS only grows, so a phase's figure is
the peak reached by the end of it). The baseline is the `small` company measured in the
same run: the ratio of seconds per 100,000 contacts (full against small) shows whether
the work grows linearly with the data.

    python bench/bench_demo.py            # small and full
    SIZES=small python bench/bench_demo.py
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SIZES = tuple(os.environ.get("SIZES", "small,full").split(","))


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6


def child(size: str) -> dict[str, Any]:
    from regie.demo.company import PHASES, DemoRequest, build_company
    from regie.demo.showcase import write_showcase
    from regie.i18n import Locale

    peaks: dict[str, float] = {}

    def listener(phase: str) -> None:
        # called as a phase starts: the peak so far belongs to the phases before it
        index = PHASES.index(phase)
        if index:
            peaks[PHASES[index - 1]] = peak_gb()

    with tempfile.TemporaryDirectory(prefix=f"regie-bench-demo-{size}-") as folder:
        start = time.perf_counter()
        company = build_company(DemoRequest(Path(folder) / "company", size=size), listener)  # type: ignore[arg-type]
        peaks[PHASES[-1]] = peak_gb()
        built = time.perf_counter() - start
        reports_start = time.perf_counter()
        write_showcase(company, Path(folder) / "out", Locale("en"))
        reports = time.perf_counter() - reports_start
    return {
        "size": size,
        "contacts": company.year.imported,
        "timings": company.timings,
        "peaks": peaks,
        "built": built,
        "reports": reports,
        "reports_peak": peak_gb(),
    }


def run(size: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", size], capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"{size} failed:\n{done.stderr}")
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def show(result: dict[str, Any]) -> None:
    print(f"== regie demo --size {result['size']}: {result['contacts']:,} contacts imported")
    for phase, seconds in result["timings"].items():
        print(
            f"  {phase:<11} {seconds:7.1f} s   peak so far {result['peaks'].get(phase, 0):.2f} GB"
        )
    print(
        f"  {'reports':<11} {result['reports']:7.1f} s   peak so far {result['reports_peak']:.2f} GB"
    )
    total = result["built"] + result["reports"]
    print(f"  total       {total:7.1f} s")


def per_100k(result: dict[str, Any]) -> float:
    return float(result["built"] / result["contacts"] * 100_000)


def main() -> None:
    results = [run(size) for size in SIZES]
    for result in results:
        show(result)
    if len(results) == 2:
        small, full = results
        ratio = per_100k(full) / per_100k(small)
        print(
            f"seconds per 100,000 contacts (build): small {per_100k(small):.1f} s, "
            f"full {per_100k(full):.1f} s; ratio full/small {ratio:.2f} "
            "(≤ 1: the fixed costs spread, the work grows linearly)"
        )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2])))
    else:
        main()
