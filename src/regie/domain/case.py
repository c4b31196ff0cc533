"""A business case as the domain sees it: structure, estimates and decision settings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from regie.domain.costing import CaseStructure, Estimate
from regie.domain.decision import Level
from regie.domain.scenarios import Distribution


@dataclass(frozen=True)
class ProductiveHours:
    """Productive hours per agent as the user gave them; the model uses per month."""

    value: float
    period: str  # "month" or "year"
    preset: str | None = None

    @property
    def per_month(self) -> float:
        return self.value if self.period == "month" else self.value / 12.0

    @property
    def label(self) -> str:
        return self.preset or f"{self.value:g}/{self.period}"


@dataclass(frozen=True)
class DecisionSettings:
    strategic_value: int = 3
    data_sensitivity: Level = "medium"
    complexity: Level = "medium"
    low_volume_per_month: float = 50.0
    high_volume_per_month: float = 100_000.0
    max_p_loss: float = 0.20


@dataclass(frozen=True)
class SimulationSettings:
    draws: int = 100_000
    seed: int = 20250101
    distribution: Distribution = "pert"


@dataclass(frozen=True)
class BusinessCase:
    """Everything a case file says, in canonical units (hours, months, euros)."""

    name: str
    structure: CaseStructure
    estimates: Mapping[str, Estimate]
    productive_hours: ProductiveHours
    decision: DecisionSettings
    simulation: SimulationSettings
    region: str | None = None
    quality_risk: Mapping[str, Estimate] | None = None
    source: str = "case.toml"
