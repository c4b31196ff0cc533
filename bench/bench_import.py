"""Benchmark: importing a 10,000,000-row canonical CSV (about 1 GB) into a workspace.

Targets (issue 4): ≤ 60 s and ≤ 4 GB peak memory, streaming. The import runs as the real
`regie import csv` command in a child process, so its peak memory (max RSS) is measured
alone. The baseline is a straightforward per-row implementation (csv module, one dict
per row, validation and hashing per row) measured on a sample in the same run.

ROWS=1000000 python bench/bench_import.py   for a quicker run.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import numpy as np
import polars as pl

ROWS = int(os.environ.get("ROWS", "10000000"))
SAMPLE = 100_000


def generate(path: Path, rows: int) -> None:
    """A realistic canonical CSV: written in chunks so the generator stays small."""
    rng = np.random.default_rng(7)
    start = np.datetime64("2024-01-01T00:00:00", "s").astype(np.int64)
    chunk = 1_000_000
    with path.open("wb") as handle:
        for offset in range(0, rows, chunk):
            n = min(chunk, rows - offset)
            created = start + rng.integers(0, 365 * 86400, n)
            frame = pl.DataFrame(
                {
                    "source_id": np.arange(offset, offset + n).astype(str),
                    "channel": rng.choice(["phone", "email", "chat", "social"], n),
                    "queue": rng.choice(["billing", "orders", "returns"], n),
                    "created_at": created.astype("datetime64[s]").astype("datetime64[ms]"),
                    "first_response_at": (created + rng.integers(5, 7200, n))
                    .astype("datetime64[s]")
                    .astype("datetime64[ms]"),
                    "handle_seconds": rng.lognormal(5.5, 0.5, n).round(1),
                    "wait_seconds": rng.exponential(40, n).round(1),
                    "abandoned": rng.random(n) < 0.05,
                    "csat_score": np.where(rng.random(n) < 0.2, rng.integers(1, 6, n), np.nan),
                    "csat_scale": np.full(n, 5),
                    "customer_key": rng.integers(0, 2_000_000, n).astype(str),
                    "agent_key": rng.integers(0, 400, n).astype(str),
                }
            ).with_columns(
                pl.col("created_at").dt.replace_time_zone("UTC"),
                pl.col("first_response_at").dt.replace_time_zone("UTC"),
                pl.col("csat_score").fill_nan(None).cast(pl.Int64),
            )
            frame.write_csv(handle, include_header=offset == 0)


def regie_import(csv_path: Path, workspace: Path) -> float:
    regie = [sys.executable, "-m", "regie"]
    subprocess.run([*regie, "init", str(workspace)], check=True, capture_output=True)
    subprocess.run(
        [*regie, "vendor", "add", "Bench", "-w", str(workspace)], check=True, capture_output=True
    )
    start = time.perf_counter()
    done = subprocess.run(
        [*regie, "import", "csv", str(csv_path), "--vendor", "Bench", "-w", str(workspace), "--json"],
        capture_output=True, text=True,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(done.stderr)
    return elapsed


def per_row(csv_path: Path, rows: int) -> float:
    """The straightforward way: one dict per row, parse, validate, hash, collect."""
    key = b"k" * 32
    kept = []
    start = time.perf_counter()
    with csv_path.open(newline="") as handle:
        for i, row in enumerate(csv.DictReader(handle)):
            if i == rows:
                break
            created = datetime.fromisoformat(row["created_at"])
            first = (
                datetime.fromisoformat(row["first_response_at"])
                if row["first_response_at"]
                else None
            )
            if row["channel"] not in {"phone", "email", "chat", "social", "other"}:
                continue
            row["customer_key"] = hmac.new(
                key, row["customer_key"].encode(), hashlib.sha256
            ).hexdigest()[:24]
            row["agent_key"] = hmac.new(key, row["agent_key"].encode(), hashlib.sha256).hexdigest()[
                :24
            ]
            kept.append({**row, "created_at": created, "first_response_at": first})
    pl.DataFrame(kept).write_parquet(csv_path.with_suffix(".sample.parquet"))
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="regie-bench-") as folder:
        root = Path(folder)
        data = root / "contacts.csv"
        generate(data, ROWS)
        size = data.stat().st_size / 1e9
        elapsed = regie_import(data, root / "ws")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 / 1024
        sample = min(SAMPLE, ROWS)
        baseline = per_row(data, sample) / sample * ROWS
        print(f"import {ROWS:,} rows ({size:.2f} GB CSV): {elapsed:.1f} s (target <= 60 s)")
        print(f"peak memory of the import process: {peak:.2f} GB (target <= 4 GB)")
        print(f"per-row baseline: {baseline:.1f} s extrapolated from {sample:,} rows")
        print(f"ratio (per-row / regie): {baseline / elapsed:.1f}x")


if __name__ == "__main__":
    main()
