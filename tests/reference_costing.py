"""An independent, deliberately plain implementation of the business-case cost model.

Scalars only, a Python loop over months, channels and price lists — written from the
formulas in docs/case-file.md, not from regie.domain.costing. Tests compare the two; the
benchmark uses this as its per-draw baseline.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from regie.domain.costing import CaseStructure


def plain_saving(structure: CaseStructure, p: Mapping[str, float]) -> tuple[float, float]:
    """(in-house TCO, outsourced TCO) over the horizon, month by month."""
    inhouse_total = outsourced_total = 0.0
    per_fte = p["inhouse.gross_monthly_salary"] * (1 + p["inhouse.employer_charges_pct"] / 100)
    per_fte += p["inhouse.overhead_per_fte_month"]
    for month in range(structure.horizon_months):
        growth = (1 + p["volume_growth_pct_per_month"] / 100) ** month
        volume, hours, fte = {}, {}, {}
        for c in structure.channels:
            volume[c] = p[f"channels.{c}.volume_per_month"] * growth
            hours[c] = volume[c] * p[f"channels.{c}.aht_hours"]
            fte[c] = hours[c] / p["productive_hours_per_month"]
        fte_total = sum(fte.values())
        inhouse = max(fte_total, p["inhouse.minimum_fte"]) * per_fte + p["inhouse.other_per_month"]
        agents = max(math.ceil(fte_total - 1e-9), 0)
        out = 0.0
        for block in structure.pricing:
            k = block.key
            v = sum(volume[c] for c in block.channels)
            out += p[f"{k}.monthly_fee"]
            out += p[f"{k}.hourly_rate"] * sum(hours[c] for c in block.channels)
            out += p[f"{k}.fte_monthly_rate"] * sum(fte[c] for c in block.channels)
            out += p[f"{k}.ticket_rate"] * v
            out += p[f"{k}.overage_rate"] * max(v - p[f"{k}.included_tickets"], 0.0)
        out += p["recurring.licences_per_agent_month"] * agents
        out += p["recurring.management_qa_per_month"] + p["recurring.telephony_per_month"]
        out += p["contractual.expected_penalties_per_month"]
        if month == 0:
            if structure.onboarding == "fixed":
                out += p["one_off.onboarding_fee"]
            else:
                out += (
                    p["one_off.onboarding_hours_per_agent"] * p["one_off.onboarding_rate"] * agents
                )
            out += p["one_off.integration"] + p["one_off.other"]
        overlap = min(max(p["one_off.transition_months"] - month, 0.0), 1.0)
        out += overlap * inhouse
        if structure.include_exit_fee and month == structure.horizon_months - 1:
            out += p["contractual.exit_fee"]
        inhouse_total += inhouse
        outsourced_total += out
    return inhouse_total, outsourced_total
