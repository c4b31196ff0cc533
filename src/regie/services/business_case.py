"""Use case: evaluate a business case — figures, scenarios, Monte Carlo, recommendation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from regie.domain.case import BusinessCase
from regie.domain.costing import (
    Projection,
    Value,
    break_even_month,
    project,
    quality_risk_per_year,
    roi_pct,
    totals,
)
from regie.domain.decision import DecisionInputs, Recommendation, recommend
from regie.domain.scenarios import (
    SCENARIOS,
    MonteCarlo,
    ScenarioName,
    TornadoBar,
    monte_carlo,
    scenario_values,
    tornado,
)


@dataclass(frozen=True)
class Figures:
    """The headline figures of one set of parameter values."""

    projection: Projection
    inhouse_tco: float
    outsourced_tco: float
    volume: float
    break_even_month: int | None

    @property
    def saving(self) -> float:
        return self.inhouse_tco - self.outsourced_tco

    @property
    def saving_pct(self) -> float:
        return self.saving / self.inhouse_tco * 100.0 if self.inhouse_tco else 0.0

    @property
    def roi_pct(self) -> float:
        return float(roi_pct(self.inhouse_tco, self.outsourced_tco))

    @property
    def cost_per_ticket_inhouse(self) -> float:
        return self.inhouse_tco / self.volume if self.volume else 0.0

    @property
    def cost_per_ticket_outsourced(self) -> float:
        return self.outsourced_tco / self.volume if self.volume else 0.0


@dataclass(frozen=True)
class CaseEvaluation:
    case: BusinessCase
    realistic: Figures
    scenarios: dict[ScenarioName, Figures]
    tornado: list[TornadoBar]
    monte_carlo: MonteCarlo
    risk_per_year: float | None
    recommendation: Recommendation


@dataclass(frozen=True)
class StaffingRow:
    """Month-1 staffing of one channel: linear FTE beside the FTE the case uses."""

    channel: str
    method: str
    volume: float
    workload_hours: float
    staffed_hours: float
    fte_linear: float
    fte: float

    @property
    def difference(self) -> float:
        return self.fte - self.fte_linear


def staffing_rows(ev: CaseEvaluation) -> list[StaffingRow]:
    """Per channel, then a total row named ``""``."""
    p = ev.realistic.projection
    php = ev.case.productive_hours.per_month
    rows = [
        StaffingRow(
            c,
            "erlang" if ev.case.structure.is_live(c) else "linear",
            float(p.volume[c][0]),
            float(p.hours[c][0]),
            float(p.staffed_hours[c][0]),
            float(p.hours[c][0]) / php,
            float(p.fte[c][0]),
        )
        for c in ev.case.structure.channels
    ]
    total = StaffingRow(
        "",
        "",
        *(
            sum(getattr(r, f) for r in rows)
            for f in ("volume", "workload_hours", "staffed_hours", "fte_linear", "fte")
        ),
    )
    return [*rows, total]


def figures(case: BusinessCase, values: dict[str, Value]) -> Figures:
    projection = project(case.structure, values)
    t = totals(projection)
    return Figures(
        projection=projection,
        inhouse_tco=float(t.inhouse_tco),
        outsourced_tco=float(t.outsourced_tco),
        volume=float(t.volume),
        break_even_month=break_even_month(projection),
    )


def risk_per_year(case: BusinessCase) -> float | None:
    """Expected euro loss per year from churn if quality drops (likely values)."""
    if case.quality_risk is None:
        return None
    q = {k: e.likely for k, e in case.quality_risk.items()}
    return quality_risk_per_year(q["customers"], q["clv"], q["churn_change_pp"])


def evaluate(
    case: BusinessCase, draws: int | None = None, seed: int | None = None
) -> CaseEvaluation:
    """Evaluate ``case``: realistic figures, scenarios, tornado, Monte Carlo, decision."""
    bars = tornado(case.structure, case.estimates)
    values = scenario_values(case.estimates, bars)
    by_scenario = {name: figures(case, values[name]) for name in SCENARIOS}
    sim = case.simulation
    mc = monte_carlo(
        case.structure,
        case.estimates,
        draws=draws or sim.draws,
        seed=sim.seed if seed is None else seed,
        distribution=sim.distribution,
    )
    realistic = by_scenario["realistic"]
    risk = risk_per_year(case)
    volume_month_1 = float(realistic.projection.volume_total[..., 0])
    decision = recommend(
        DecisionInputs(
            saving=realistic.saving,
            saving_pct=realistic.saving_pct,
            horizon_months=case.structure.horizon_months,
            break_even_month=realistic.break_even_month,
            p_loss=mc.p_loss,
            risk_per_year=risk,
            volume_per_month=volume_month_1,
            **vars(case.decision),
        )
    )
    return CaseEvaluation(case, realistic, by_scenario, bars, mc, risk, decision)


def _scenario_json(f: Figures) -> dict[str, Any]:
    return {
        "inhouse_tco": round(f.inhouse_tco, 2),
        "outsourced_tco": round(f.outsourced_tco, 2),
        "saving_eur": round(f.saving, 2),
        "saving_pct": round(f.saving_pct, 2),
        "roi_pct": round(f.roi_pct, 2),
        "break_even_month": f.break_even_month,
    }


def _side_json(f: Figures, side: str) -> dict[str, Any]:
    fixed, variable = f.projection.split(side)  # type: ignore[arg-type]
    monthly = fixed + variable
    tco = f.inhouse_tco if side == "inhouse" else f.outsourced_tco
    return {
        "tco": round(tco, 2),
        "fixed": round(float(fixed.sum()), 2),
        "variable": round(float(variable.sum()), 2),
        "monthly": [round(float(x), 2) for x in monthly],
        "items": {
            k: round(float(np.sum(v)), 2)
            for k, v in (
                f.projection.inhouse if side == "inhouse" else f.projection.outsourced
            ).items()
        },
    }


def _fte_json(ev: CaseEvaluation) -> dict[str, Any]:
    p = ev.realistic.projection
    structure = ev.case.structure
    linear = p.linear_fte(ev.case.productive_hours.per_month)
    return {
        "total": round(float(p.fte_total[0]), 4),
        "by_channel": {c: round(float(v[0]), 4) for c, v in p.fte.items()},
        "method_by_channel": {c: "erlang" if structure.is_live(c) else "linear" for c in p.fte},
        "linear_by_channel": {c: round(float(v[0]), 4) for c, v in linear.items()},
        "inhouse_staffed": round(float(p.inhouse_fte[0]), 4),
        "monthly_total": [round(float(x), 4) for x in p.fte_total],
    }


def _uncertainty_json(ev: CaseEvaluation) -> dict[str, Any]:
    mc = ev.monte_carlo
    return {
        "scenarios": {name: _scenario_json(f) for name, f in ev.scenarios.items()},
        "monte_carlo": {
            "draws": mc.draws,
            "seed": mc.seed,
            "distribution": mc.distribution,
            "p10": round(mc.percentile(10), 2),
            "p50": round(mc.percentile(50), 2),
            "p90": round(mc.percentile(90), 2),
            "mean": round(float(mc.savings.mean()), 2),
            "p_loss": round(mc.p_loss, 4),
        },
        "tornado": [
            {
                "input": b.key,
                "low": b.low,
                "high": b.high,
                "saving_at_low": round(b.saving_at_low, 2),
                "saving_at_high": round(b.saving_at_high, 2),
                "swing": round(b.swing, 2),
            }
            for b in ev.tornado
        ],
    }


def to_json(ev: CaseEvaluation, reasons: list[str]) -> dict[str, Any]:
    """The ``regie case show --json`` document (money in euros, as numbers)."""
    r = ev.realistic
    hours = ev.case.productive_hours
    return {
        "name": ev.case.name,
        "horizon_months": ev.case.structure.horizon_months,
        "productive_hours": {"per_month": round(hours.per_month, 4), "basis": hours.label},
        "fte": _fte_json(ev),
        "workload_hours_per_month": {
            c: round(float(v[0]), 4) for c, v in r.projection.hours.items()
        },
        "volume_total": round(r.volume, 2),
        "inhouse": _side_json(r, "inhouse"),
        "outsourced": _side_json(r, "outsourced"),
        "saving": {"eur": round(r.saving, 2), "pct": round(r.saving_pct, 2)},
        "roi_pct": round(r.roi_pct, 2),
        "break_even_month": r.break_even_month,
        "cost_per_ticket": {
            "inhouse": round(r.cost_per_ticket_inhouse, 4),
            "outsourced": round(r.cost_per_ticket_outsourced, 4),
        },
        **_uncertainty_json(ev),
        "quality_risk_per_year": None if ev.risk_per_year is None else round(ev.risk_per_year, 2),
        "recommendation": {
            "decision": ev.recommendation.decision,
            "reasons": reasons,
            "codes": [r.code for r in ev.recommendation.reasons],
        },
    }
