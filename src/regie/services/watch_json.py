"""The early warning as plain JSON: what ``regie watch --json`` prints and the API returns."""

from __future__ import annotations

from typing import Any

from regie.services.watch import OPEN_DAYS, Signal, WatchResult


def watch_json(result: WatchResult) -> dict[str, Any]:
    """The result for a machine: the open signals and the series without a baseline."""
    return {
        "vendor": result.vendor,
        "until": result.until.isoformat(),
        "method": result.method,
        "open_days": OPEN_DAYS,
        "watched": len(result.watched),
        "signals": [signal_json(s) for s in result.signals],
        "no_baseline": [
            {"channel": w.series.channel, "kpi": w.series.kpi, "problem": w.problem}
            for w in result.watched
            if w.base is None
        ],
    }


def signal_json(signal: Signal) -> dict[str, Any]:
    s, w = signal.series, signal.watched
    missed = signal.first_missed
    return {
        "channel": s.channel,
        "kpi": s.kpi,
        "measure": s.measure,
        "direction": signal.direction,
        "since": signal.since.isoformat(),
        "last_beyond": signal.last_beyond.isoformat(),
        "beyond_now": signal.last_beyond == s.day(-1),
        "baseline": {"from": w.baseline_from.isoformat(), "to": w.baseline_to.isoformat()},
        "baseline_mean": signal.baseline_mean,
        "statistic": signal.statistic,
        "limit": signal.limit,
        "target": s.target,
        "target_first_missed": None if missed is None else f"{missed:%Y-%m}",
    }
