"""The ``regie pilot show --json`` and ``regie pilot check --json`` documents."""

from __future__ import annotations

from typing import Any

import polars as pl

from regie.domain.pilot import Judgement, Pilot, Threshold
from regie.services.pilot import Comparison, PilotCheck, VendorCheck


def pilot_json(pilot: Pilot) -> dict[str, Any]:
    return {
        "name": pilot.name,
        "channel": pilot.channel,
        "start": str(pilot.start),
        "days": pilot.days,
        "timezone": pilot.timezone,
        "frt_calendar": pilot.calendar.name if pilot.calendar is not None else "24/7",
        "vendors": [
            {"name": v.name, "fee": str(v.fee), "ticket_rate": str(v.ticket_rate)}
            for v in pilot.vendors
        ],
        "thresholds": [_threshold_json(th) for th in pilot.thresholds],
    }


def _threshold_json(th: Threshold) -> dict[str, Any]:
    return {"kpi": th.kpi, "statistic": th.statistic, "better": str(th.better),
            "target": th.target, "high": th.high, "min_sample": th.min_sample}  # fmt: skip


def check_json(found: PilotCheck) -> dict[str, Any]:
    daily = found.daily.with_columns(pl.col("date").cast(pl.String))
    return {
        "pilot": pilot_json(found.pilot),
        "day": found.day,
        "through": str(found.through),
        "vendors": [_vendor_json(v) for v in found.vendors],
        "comparisons": [_comparison_json(c) for c in found.comparisons],
        "daily": daily.to_dicts(),
    }


def _vendor_json(v: VendorCheck) -> dict[str, Any]:
    d = v.decision
    return {
        "vendor": v.vendor, "offered": v.offered, "handled": v.handled, "fee": v.fee,
        "data_through": None if v.data_through is None else str(v.data_through),
        "kpis": [_judgement_json(j) for j in v.judgements],
        "decision": {"phase": str(d.phase), "verdict": str(d.verdict), "within": d.within,
                     "required": d.required, "total": d.total},
        "analysis": [
            {"kpi": a.kpi, "status": str(a.status), "gap": a.gap, "relative_gap": a.relative_gap,
             "side": a.side,
             "trend": {"slope_per_day": a.trend.slope, "days": a.trend.days,
                       "direction": a.trend.direction},
             "remedies": [{"kind": r.kind, "text": r.text} for r in a.remedies]}
            for a in v.analyses
        ],
    }  # fmt: skip


def _judgement_json(j: Judgement) -> dict[str, Any]:
    m = j.measurement
    return {"kpi": j.kpi, "statistic": j.threshold.statistic, "value": m.value, "n": m.n,
            "hits": m.hits, "low": m.low, "high": m.high, "target": j.threshold.target,
            "target_high": j.threshold.high, "min_sample": j.threshold.min_sample,
            "status": str(j.status), "gap": j.gap, "conclusive": j.conclusive}  # fmt: skip


def _comparison_json(c: Comparison) -> dict[str, Any]:
    test = c.test
    return {"kpi": c.kpi, "vendors": list(c.vendors), "values": list(c.values), "n": list(c.n),
            "test": None if test is None else test.test,
            "statistic": None if test is None else test.statistic,
            "p_value": None if test is None else test.p_value, "p_holm": c.p_holm,
            "needed_per_group": c.needed, "more_needed": c.more}  # fmt: skip
