"""Benchmark: the full KPI suite per vendor × channel × day against a pandas implementation.

Target: every KPI of ``contact_kpis`` on 10,000,000 contacts (4 vendors, 4 channels, all of
2025, business-hours first response on a Dutch calendar with public holidays) per vendor ×
channel × local day in ≤ 3 s warm, with peak memory reported; ≥ 10× faster than a
straightforward pandas implementation of the same KPIs measured in the same run.

Regie runs in a child process (one cold run, then best of 3 warm) so its peak memory (max
RSS) is its own. The pandas baseline also runs in a child process: its vectorised part
(local day, FRT, service level, means, satisfaction, derived FCR, groupby, quantiles,
Wilson intervals) is measured on all rows; its business-hours FRT is a per-row Python
function (the way an analyst writes it, like bench_calendar.py's baseline), timed on a
sample and extrapolated linearly per answered contact. On that sample both
implementations are compared KPI by KPI (cross-check).

ROWS=1000000 python bench/bench_kpi.py   for a quicker run.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import polars as pl
from numpy.typing import NDArray

from bench_calendar import per_row  # the same per-row baseline as the calendar bench
from regie.analytics.columns import conform
from regie.analytics.kpi import KpiOptions, contact_kpis
from regie.domain.calendar import BusinessCalendar

ROWS = int(os.environ.get("ROWS", "10000000"))
SAMPLE = 200_000
CUSTOMERS = 2_000_000
VENDORS = ("Callvision", "Klantlijn", "ServiceHuys", "Talkwise")
CHANNELS = ("phone", "email", "chat", "social")
ZONE = "Europe/Amsterdam"
NORM_SECONDS = 7200.0
SL_SECONDS = 20.0
SHORT_ABANDON_SECONDS = 0.0  # the default ServiceLevelRule: no short abandons
FCR_DAYS = 7
Z = 1.959963984540054
DAY_US = 86_400 * 1_000_000
T = TypeVar("T")

CAL = BusinessCalendar.from_dict(
    {
        "name": "Support NL",
        "timezone": ZONE,
        "hours": {
            **{day: ["08:00-12:30", "13:00-20:00"] for day in ("mon", "tue", "wed", "thu", "fri")},
            "sat": ["09:00-17:00"],
        },
        "holidays": {"country": "NL"},
    }
)
OPTIONS = KpiOptions(
    calendar=CAL,
    norm_seconds=NORM_SECONDS,
    norm_basis="business",
    service_level_seconds=SL_SECONDS,
    fcr_days=FCR_DAYS,
)


def timed(work: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


# --- synthetic canonical contacts ------------------------------------------------------


def generate(rows: int) -> pl.DataFrame:
    """Canonical contacts of 2025: office-hours arrivals, channel-typical response times."""
    rng = np.random.default_rng(2025)
    channel = rng.choice(4, rows, p=[0.4, 0.3, 0.2, 0.1])
    vendor = rng.choice(4, rows, p=[0.35, 0.3, 0.2, 0.15])
    phone = channel == 0
    day = rng.integers(0, 365, rows)
    office = rng.random(rows) < 0.85
    second = np.where(office, rng.uniform(6 * 3600, 18 * 3600, rows), rng.uniform(0, 86400, rows))
    origin = np.datetime64("2025-01-01T00:00:00", "us").astype(np.int64)
    created = origin + day * DAY_US + (second * 1e6).astype(np.int64)

    wait = rng.exponential(45.0, rows).round(1)
    abandoned = phone & (rng.random(rows) < 0.06)
    delay = np.select(
        [channel == 0, channel == 1, channel == 2],
        [wait, rng.lognormal(np.log(4 * 3600), 1.2, rows), rng.exponential(90.0, rows)],
        rng.lognormal(np.log(3600), 1.0, rows),
    )
    delay = np.minimum(delay, 30 * 86400.0)
    unanswered = abandoned | (~phone & (rng.random(rows) < 0.04))
    first = created + (delay * 1e6).astype(np.int64)
    handle = np.select(
        [channel == 0, channel == 1, channel == 2],
        [
            rng.lognormal(5.7, 0.5, rows),
            rng.lognormal(6.2, 0.7, rows),
            rng.lognormal(6.5, 0.5, rows),
        ],
        rng.lognormal(5.5, 0.6, rows),
    ).round(1)
    rated = rng.random(rows) < 0.2
    csat = rng.choice(5, rows, p=[0.05, 0.07, 0.13, 0.35, 0.4]) + 1
    nps = rng.choice(11, rows, p=[0.03, 0.02, 0.02, 0.03, 0.04, 0.05, 0.06, 0.1, 0.2, 0.2, 0.25])
    customer = rng.integers(0, CUSTOMERS, rows)

    frame = pl.DataFrame(
        {
            "source_id": np.arange(rows),
            "vendor": pl.Series(VENDORS)[vendor],
            "channel": pl.Series(CHANNELS)[channel],
            "created_at": created.view("datetime64[us]"),
            "first_response_at": np.where(unanswered, np.iinfo(np.int64).min, first).view(
                "datetime64[us]"
            ),  # NaT → null
            "handle_seconds": np.where(unanswered | (rng.random(rows) < 0.01), np.nan, handle),
            "wait_seconds": np.where(phone, wait, np.nan),
            "abandoned": abandoned,
            "csat_score": np.where(rated & ~unanswered, csat, np.nan),
            "nps_score": np.where(rng.random(rows) < 0.1, nps, -1),
            "resolved_first_contact": rng.random(rows) < 0.75,
            "escalated": rng.random(rows) < 0.08,
            "reopens": rng.choice(4, rows, p=[0.85, 0.1, 0.04, 0.01]),
            "customer_key": customer,
            "null_fcr": rng.random(rows) < 0.3,
            "null_escalated": rng.random(rows) < 0.05,
            "null_reopens": rng.random(rows) < 0.1,
            "null_customer": rng.random(rows) < 0.02,
            "phone": phone,
        }
    )
    return conform(
        frame.with_columns(
            pl.col("source_id").cast(pl.String),
            pl.col("created_at", "first_response_at").dt.replace_time_zone("UTC"),
            pl.col("handle_seconds", "wait_seconds", "csat_score").fill_nan(None),
            pl.when("phone").then(pl.col("abandoned")).alias("abandoned"),
            pl.lit(5).alias("csat_scale"),
            pl.when(pl.col("nps_score") >= 0).then(pl.col("nps_score")).alias("nps_score"),
            pl.when(~pl.col("null_fcr")).then(pl.col("resolved_first_contact")),
            pl.when(~pl.col("null_escalated")).then(pl.col("escalated")),
            pl.when(~pl.col("null_reopens")).then(pl.col("reopens")),
            pl.when(~pl.col("null_customer")).then(pl.col("customer_key").cast(pl.String)),
        )
    )


# --- Regie -----------------------------------------------------------------------------


def regie_kpis(path: Path, options: KpiOptions = OPTIONS) -> pl.DataFrame:
    return contact_kpis(
        pl.scan_parquet(path), by=("vendor", "channel"), period="day", options=options
    ).collect()


def regie_child(path: Path) -> dict[str, Any]:
    cold, result = timed(lambda: regie_kpis(path))
    warm = min(timed(lambda: regie_kpis(path))[0] for _ in range(3))
    flag_only = replace(OPTIONS, fcr_days=None)  # a contract that uses the agent's FCR flag
    agent = min(timed(lambda: regie_kpis(path, flag_only))[0] for _ in range(3))
    return {"cold": cold, "warm": warm, "agent_flag_warm": agent, "groups": result.height,
            "peak_gb": peak_gb()}  # fmt: skip


# --- the pandas baseline ---------------------------------------------------------------

PANDAS_COLUMNS = (
    "vendor", "channel", "created_at", "first_response_at", "handle_seconds", "wait_seconds",
    "abandoned", "csat_score", "csat_scale", "nps_score", "resolved_first_contact", "escalated",
    "reopens", "customer_key",
)  # fmt: skip


def load_pandas(path: Path) -> Any:
    """The columns the KPIs need, typed as ``pd.read_parquet(dtype_backend="numpy_nullable")``
    would give them (pyarrow is not installed, so Polars reads and NumPy hands over)."""
    import pandas as pd

    frame = pl.read_parquet(path, columns=list(PANDAS_COLUMNS))
    columns: dict[str, Any] = {}
    for name in PANDAS_COLUMNS:
        series = frame[name]
        if series.dtype == pl.Boolean:
            columns[name] = pd.arrays.BooleanArray(
                series.fill_null(False).to_numpy(), series.is_null().to_numpy()
            )
        elif series.dtype == pl.Datetime("us", "UTC"):
            naive = series.dt.replace_time_zone(None).to_numpy()
            columns[name] = pd.Series(naive).dt.tz_localize("UTC")
        elif series.dtype.is_numeric():
            columns[name] = series.cast(pl.Float64).to_numpy()
        else:
            columns[name] = series.to_numpy()
    return pd.DataFrame(columns)


def business_per_row(created: Any, first: Any) -> NDArray[np.float64]:
    """``per_row`` for every answered contact (a comprehension: cheaper than apply(axis=1))."""
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    answered = first.notna().to_numpy()
    starts = created.dt.tz_localize(None).to_numpy()[answered].astype("datetime64[us]")
    ends = first.dt.tz_localize(None).to_numpy()[answered].astype("datetime64[us]")
    seconds = np.full(len(created), np.nan)
    seconds[answered] = [
        per_row(CAL, epoch + timedelta(microseconds=int(s)), epoch + timedelta(microseconds=int(e)))
        for s, e in zip(starts.view(np.int64), ends.view(np.int64), strict=True)
    ]
    return seconds


def pandas_kpis(df: Any, business: bool) -> tuple[Any, float]:
    """The same KPIs in plain pandas; returns the table and the business-seconds time.

    With ``business=False`` the business FRT is a copy of the calendar FRT, so that the
    rest (median, p90, share within the norm) costs what it would.
    """
    import pandas as pd

    created, first = df["created_at"], df["first_response_at"]
    abandoned, wait = df["abandoned"], df["wait_seconds"]
    gave_up = abandoned.fillna(False)
    df["day"] = created.dt.tz_convert(ZONE).dt.tz_localize(None).dt.normalize()
    df["frt"] = (first - created).dt.total_seconds()
    df["handled"] = first.notna() & ~gave_up
    started = time.perf_counter()
    df["frt_business"] = business_per_row(created, first) if business else df["frt"]
    business_time = time.perf_counter() - started

    def flag(name: str, success: Any, counted: Any) -> None:
        df[f"{name}_n"] = counted.fillna(False)
        df[f"{name}_hits"] = success.fillna(False) & df[f"{name}_n"]

    flag("abandonment_rate", gave_up, abandoned.notna())
    flag("within_norm", df["frt_business"] <= NORM_SECONDS, df["frt_business"].notna())
    short = gave_up & (wait <= SHORT_ABANDON_SECONDS) & (SHORT_ABANDON_SECONDS > 0)
    known = (df["channel"] == "phone") & wait.notna() & abandoned.notna()
    df["sl_offered"] = known & ~short
    df["short_abandoned"] = known & short
    df["answered_within"] = df["sl_offered"] & df["handled"] & (wait <= SL_SECONDS)
    df["abandoned_within"] = df["sl_offered"] & gave_up & (wait <= SL_SECONDS)
    df["asa"] = wait.where(df["handled"])
    df["aht"] = df["handle_seconds"].where(df["handled"])
    score, scale, nps = df["csat_score"], df["csat_scale"], df["nps_score"]
    rated = score.notna() & scale.notna()
    df["csat"] = score.where(rated)
    df["csat_scale_rated"] = scale.where(rated)
    flag("csat_top2", score >= np.where(scale >= 5, scale - 1, scale), rated)
    df["nps_promoters"] = nps >= 9
    df["nps_detractors"] = nps <= 6
    flag("fcr", df["resolved_first_contact"], df["resolved_first_contact"].notna())
    flag("escalation_rate", df["escalated"], df["escalated"].notna())
    flag("reopen_rate", df["reopens"] > 0, df["reopens"].notna())

    ordered = df[["customer_key", "created_at"]].sort_values("created_at")
    df["next_contact"] = ordered.groupby("customer_key")["created_at"].shift(-1)  # aligns
    window = pd.Timedelta(days=FCR_DAYS)
    following = df["next_contact"]
    recontact = following.notna() & (following - created <= window)
    open_window = following.isna() & (created > created.max() - window)
    judged = df["customer_key"].notna() & df["handled"] & ~open_window
    df["fcr_derived_n"] = judged
    df["fcr_derived_hits"] = judged & ~recontact

    proportions = (
        "abandonment_rate", "within_norm", "csat_top2", "fcr", "fcr_derived",
        "escalation_rate", "reopen_rate",
    )  # fmt: skip
    sums = [
        "handled", "sl_offered", "short_abandoned", "answered_within", "abandoned_within",
        "nps_promoters", "nps_detractors",
        *(f"{name}_{part}" for name in proportions for part in ("hits", "n")),
    ]  # fmt: skip
    groups = df.groupby(["day", "vendor", "channel"], sort=True)
    out = groups[sums].sum()
    out["offered"] = groups.size()
    out["customers"] = groups["customer_key"].nunique()
    out["customer_contacts"] = groups["customer_key"].count()
    out["abandoned"] = out["abandonment_rate_hits"]
    for source, prefix in (("frt", "frt"), ("frt_business", "frt_business")):
        out[f"{prefix}_mean"] = groups[source].mean()
        out[f"{prefix}_median"] = groups[source].median()
        out[f"{prefix}_p90"] = groups[source].quantile(0.9)
        out[f"{prefix}_n"] = groups[source].count()
    means = groups[["asa", "aht", "csat"]].agg(["mean", "count"])
    out["asa_seconds"], out["asa_n"] = means[("asa", "mean")], means[("asa", "count")]
    out["aht_seconds"], out["aht_n"] = means[("aht", "mean")], means[("aht", "count")]
    out["csat_scale"] = groups["csat_scale_rated"].max()
    out["csat_scales"] = groups["csat_scale_rated"].nunique()
    out["csat_mean"] = means[("csat", "mean")].where(out["csat_scales"] <= 1)
    out["nps_n"] = groups["nps_score"].count()
    nps_share = (out["nps_promoters"] - out["nps_detractors"]) / out["nps_n"]
    out["nps"] = (100 * nps_share).where(out["nps_n"] > 0)

    answered, gave = out["answered_within"], out["abandoned_within"]
    out["sl_ignored_hits"], out["sl_ignored_n"] = answered, out["sl_offered"] - gave
    out["sl_against_hits"], out["sl_against_n"] = answered, out["sl_offered"]
    out["sl_for_hits"], out["sl_for_n"] = answered + gave, out["sl_offered"]
    for name in (*proportions, "sl_ignored", "sl_against", "sl_for"):
        hits, n = out[f"{name}_hits"].astype(float), out[f"{name}_n"].astype(float)
        share = (hits / n).where(n > 0)
        denominator = 1 + Z * Z / n
        centre = (share + Z * Z / (2 * n)) / denominator
        half = Z / denominator * np.sqrt(share * (1 - share) / n + Z * Z / (4 * n * n))
        out[name] = share
        out[f"{name}_low"] = (centre - half).clip(0, 1)
        out[f"{name}_high"] = (centre + half).clip(0, 1)
    out["service_level"] = out["sl_against"]
    return out.reset_index(), business_time


def pandas_child(path: Path) -> dict[str, Any]:
    load, df = timed(lambda: load_pandas(path))
    answered = int(df["first_response_at"].notna().sum())
    compute, result = timed(lambda: pandas_kpis(df, business=False))
    return {
        "load": load,
        "compute": compute,
        "answered": answered,
        "groups": len(result[0]),
        "peak_gb": peak_gb(),
    }


# --- cross-check on the sample ---------------------------------------------------------

CHECKED = (
    "offered", "handled", "abandoned", "abandonment_rate", "frt_mean", "frt_median", "frt_p90",
    "frt_business_mean", "frt_business_median", "frt_business_p90", "within_norm",
    "within_norm_low", "within_norm_high", "service_level", "sl_ignored", "sl_for",
    "asa_seconds", "aht_seconds", "csat_mean", "csat_top2", "nps", "fcr", "fcr_derived",
    "fcr_derived_low", "escalation_rate", "reopen_rate_high", "customers", "customer_contacts",
)  # fmt: skip
"""Compared where Regie's result has them (``customers`` came later)."""


def cross_check(ours: pl.DataFrame, theirs: Any) -> tuple[int, list[str]]:
    """How many KPI columns were compared on the sample, and those that disagree."""
    checked = [c for c in CHECKED if c in ours.columns]
    keys = {
        "period_start": theirs["day"].to_numpy().astype("datetime64[D]"),
        "vendor": theirs["vendor"].to_numpy(),
        "channel": theirs["channel"].to_numpy(),
    }
    values = {c: theirs[c].to_numpy(dtype="float64", na_value=np.nan) for c in checked}
    pandas_frame = pl.DataFrame({**keys, **values}).with_columns(
        pl.col("period_start").cast(pl.Date)
    )
    if ours.height != pandas_frame.height:
        raise SystemExit(
            f"cross-check: {ours.height} groups in Regie, {pandas_frame.height} in pandas"
        )
    both = ours.join(pandas_frame, on=["period_start", "vendor", "channel"], suffix="_pd")
    if both.height != ours.height:
        raise SystemExit("cross-check: the groups differ")
    wrong = []
    for column in checked:
        left = both[column].cast(pl.Float64).fill_null(np.nan).to_numpy()
        right = both[f"{column}_pd"].to_numpy()
        if not np.allclose(left, right, rtol=1e-9, atol=1e-6, equal_nan=True):
            wrong.append(column)
    return len(checked), wrong


# --- main ------------------------------------------------------------------------------


def child(mode: str, path: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, mode, str(path)], capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"{mode} child failed:\n{done.stderr}")
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="regie-bench-kpi-") as folder:
        path = Path(folder) / "contacts.parquet"
        sample_path = Path(folder) / "sample.parquet"
        made, contacts = timed(lambda: generate(ROWS))
        contacts.write_parquet(path)
        sample = min(SAMPLE, ROWS)
        contacts.head(sample).write_parquet(sample_path)
        del contacts
        size = path.stat().st_size / 1e9
        print(f"generated {ROWS:,} contacts in {made:.1f} s (Parquet {size:.2f} GB, not timed)")

        regie = child("--regie", path)
        print(
            f"Regie contact_kpis, {ROWS:,} contacts → {regie['groups']:,} rows "
            f"(vendor × channel × local day):"
        )
        print(
            f"  cold {regie['cold']:.2f} s, warm best of 3 {regie['warm']:.2f} s (target ≤ 3 s warm)"
        )
        print(
            f"  without derived FCR (a contract on the agent's flag): warm "
            f"{regie['agent_flag_warm']:.2f} s"
        )
        print(f"  peak memory of the Regie process (max RSS): {regie['peak_gb']:.2f} GB")

        ours = regie_kpis(sample_path)
        sample_df = load_pandas(sample_path)
        answered_sample = int(sample_df["first_response_at"].notna().sum())
        whole, (theirs, business) = timed(lambda: pandas_kpis(sample_df, business=True))
        compared, wrong = cross_check(ours, theirs)
        checked = f"{compared} KPI columns, {ours.height:,} groups, {sample:,} rows"
        if wrong:
            print(f"cross-check: FAILED ({checked}): Regie and pandas differ in {', '.join(wrong)}")
        else:
            print(f"cross-check: ok ({checked})")
        per_contact = business / answered_sample
        print(
            f"pandas on the {sample:,}-row sample: {whole:.2f} s, of which per-row business "
            f"FRT {business:.2f} s ({per_contact * 1e6:.1f} µs per answered contact)"
        )

        pandas = child("--pandas", path)
        extrapolated = per_contact * pandas["answered"]
        total = pandas["compute"] + extrapolated
        print(f"pandas, {ROWS:,} contacts → {pandas['groups']:,} rows:")
        print(
            f"  vectorised KPIs measured: {pandas['compute']:.1f} s (load {pandas['load']:.1f} s not counted)"
        )
        print(
            f"  per-row business FRT extrapolated: {per_contact * 1e6:.1f} µs × "
            f"{pandas['answered']:,} answered = {extrapolated:.0f} s"
        )
        print(
            f"  total {total:.0f} s; peak memory of the pandas process: {pandas['peak_gb']:.2f} GB"
        )
        print(
            f"ratio pandas / Regie warm: {total / regie['warm']:.0f}x "
            f"(measured part alone {pandas['compute'] / regie['warm']:.0f}x; expected ≥ 10x)"
        )
        if wrong:
            raise SystemExit(f"cross-check failed: {', '.join(wrong)} differ (figures above)")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] in ("--regie", "--pandas"):
        work = regie_child if sys.argv[1] == "--regie" else pandas_child
        print(json.dumps(work(Path(sys.argv[2]))))
    else:
        main()
