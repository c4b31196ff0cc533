"""The business-case file format (TOML), as pydantic models.

Every numeric input is a :class:`~regie.domain.costing.Estimate`: a number, a range
``[low, high]`` or ``[low, likely, high]``. Unknown keys are refused (with the nearest
known key suggested by the loader), so a typo never silently becomes a default.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from regie.domain.costing import Estimate, PricingModel

PRESETS: dict[str, tuple[float, str]] = {
    "160/month": (160.0, "month"),
    "1000/year": (1000.0, "year"),
}
REGIONS: dict[str, dict[str, tuple[float, float]]] = {
    "offshore": {"hourly_rate": (4.0, 8.0), "ticket_rate": (0.5, 2.0)},
    "nearshore": {"hourly_rate": (12.0, 25.0), "ticket_rate": (1.0, 4.0)},
    "onshore": {"hourly_rate": (25.0, 45.0), "ticket_rate": (2.0, 6.0)},
}
MODEL_FIELDS: dict[str, tuple[set[str], set[str]]] = {
    # model: (required, allowed)
    "hourly": ({"hourly_rate"}, {"hourly_rate"}),
    "fte": ({"fte_monthly_rate"}, {"fte_monthly_rate"}),
    "per_ticket": ({"ticket_rate"}, {"ticket_rate"}),
    "subscription": ({"monthly_fee"}, {"monthly_fee", "included_tickets", "overage_rate"}),
    "mixed": (
        {"monthly_fee"},
        {"monthly_fee", "hourly_rate", "fte_monthly_rate", "ticket_rate"}
        | {"included_tickets", "overage_rate"},
    ),
}


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a number or a range [low, high]")
    return float(value)


def _estimate(minimum: float | None, exclusive: bool, maximum: float | None) -> Any:
    def parse(value: Any) -> Estimate:
        if isinstance(value, Estimate):
            return value
        if isinstance(value, list):
            if len(value) not in (2, 3):
                raise ValueError("a range has two values [low, high] or three [low, likely, high]")
            parts = [_number(v) for v in value]
            low, high = parts[0], parts[-1]
            likely = parts[1] if len(parts) == 3 else (low + high) / 2.0
            if not low <= likely <= high:
                raise ValueError("a range must be ordered: low ≤ likely ≤ high")
            estimate = Estimate(low, likely, high)
        else:
            estimate = Estimate.exact(_number(value))
        _check_bounds(estimate, minimum, exclusive, maximum)
        return estimate

    return BeforeValidator(parse)


def _check_bounds(
    e: Estimate, minimum: float | None, exclusive: bool, maximum: float | None
) -> None:
    if minimum is not None:
        if exclusive and e.low <= minimum:
            raise ValueError(f"must be greater than {minimum:g}")
        if not exclusive and e.low < minimum:
            raise ValueError(f"must be at least {minimum:g}")
    if maximum is not None and e.high > maximum:
        raise ValueError(f"must be at most {maximum:g}")


def _preset(value: Any) -> Any:
    if isinstance(value, str):
        if value not in PRESETS:
            raise ValueError(
                "must be '160/month', '1000/year' or a table { per_month = N } / { per_year = N }"
            )
        hours, period = PRESETS[value]
        return {f"per_{period}": hours, "preset": value}
    return value


Positive = Annotated[Estimate, _estimate(0.0, True, None)]
Amount = Annotated[Estimate, _estimate(0.0, False, None)]
Percent = Annotated[Estimate, _estimate(0.0, False, 100.0)]
Growth = Annotated[Estimate, _estimate(-100.0, True, None)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Pricing(Strict):
    model: Literal["hourly", "fte", "per_ticket", "subscription", "mixed"]
    hourly_rate: Amount | None = None
    fte_monthly_rate: Amount | None = None
    ticket_rate: Amount | None = None
    monthly_fee: Amount | None = None
    included_tickets: Amount | None = None
    overage_rate: Amount | None = None

    def given(self) -> set[str]:
        return {k for k in MODEL_FIELDS["mixed"][1] if getattr(self, k) is not None}

    @model_validator(mode="after")
    def _fits_model(self) -> Pricing:
        _, allowed = MODEL_FIELDS[self.model]
        extra = sorted(self.given() - allowed)
        if extra:
            raise ValueError(
                f"{', '.join(extra)} not used by model {self.model!r}: "
                f"use model 'mixed' or remove {'it' if len(extra) == 1 else 'them'}"
            )
        if self.model == "mixed" and not self.given() & {
            "hourly_rate",
            "fte_monthly_rate",
            "ticket_rate",
        }:
            raise ValueError(
                "model 'mixed' needs monthly_fee and a variable rate "
                "(hourly_rate, fte_monthly_rate or ticket_rate)"
            )
        return self

    @property
    def pricing_model(self) -> PricingModel:
        return self.model


class Staffing(Strict):
    """Erlang staffing of a live channel (phone, chat) instead of the linear formula."""

    method: Literal["erlang"]
    service_level: float | None = Field(default=0.8, gt=0, lt=1)
    threshold_seconds: float = Field(default=20.0, ge=0)
    asa_seconds: float | None = Field(default=None, gt=0)
    max_occupancy: float | None = Field(default=None, gt=0, le=1)
    patience_seconds: float | None = Field(default=None, gt=0)
    abandons: Literal["ignored", "against", "for"] = "against"
    short_abandon_seconds: float = Field(default=0.0, ge=0)
    concurrency: int = Field(default=1, ge=1, le=20)
    interval_minutes: Literal[15, 30, 60] = 30
    open_hours_per_week: float | None = Field(default=None, gt=0, le=168)
    profile: str | None = None
    shrinkage_pct: float = Field(default=0.0, ge=0, lt=100)

    @model_validator(mode="after")
    def _one_week(self) -> Staffing:
        if (self.open_hours_per_week is None) == (self.profile is None):
            raise ValueError("give exactly one of open_hours_per_week or profile")
        return self


class Channel(Strict):
    volume_per_month: Amount
    aht_minutes: Positive | None = None
    aht_hours: Positive | None = None
    pricing: Pricing | None = None
    staffing: Staffing | None = None

    @model_validator(mode="after")
    def _one_aht(self) -> Channel:
        if (self.aht_minutes is None) == (self.aht_hours is None):
            raise ValueError("give exactly one of aht_minutes or aht_hours")
        return self

    @property
    def aht_in_hours(self) -> Estimate:
        if self.aht_hours is not None:
            return self.aht_hours
        m = self.aht_minutes
        assert m is not None
        return Estimate(m.low / 60.0, m.likely / 60.0, m.high / 60.0)


class Hours(Strict):
    per_month: Positive | None = None
    per_year: Positive | None = None
    preset: str | None = None

    @model_validator(mode="after")
    def _one_period(self) -> Hours:
        if (self.per_month is None) == (self.per_year is None):
            raise ValueError("give exactly one of per_month or per_year")
        return self


class CaseMeta(Strict):
    name: str = "Business case"
    currency: Literal["EUR"] = "EUR"
    horizon_months: int = Field(default=12, ge=1, le=60)
    volume_growth_pct_per_month: Growth = Estimate.exact(0.0)
    productive_hours: Annotated[Hours, BeforeValidator(_preset)]


class Inhouse(Strict):
    gross_monthly_salary: Positive
    employer_charges_pct: Percent = Estimate.exact(35.0)
    overhead_per_fte_month: Amount = Estimate.exact(0.0)
    minimum_fte: Amount = Estimate.exact(0.0)
    other_per_month: Amount = Estimate.exact(0.0)


class Outsourced(Strict):
    vendor: str | None = None
    region: Literal["offshore", "nearshore", "onshore"] | None = None
    pricing: Pricing | None = None


class OneOff(Strict):
    onboarding_fee: Amount | None = None
    onboarding_hours_per_agent: Amount | None = None
    onboarding_rate: Amount | None = None
    integration: Amount = Estimate.exact(0.0)
    other: Amount = Estimate.exact(0.0)
    transition_months: Amount = Estimate.exact(0.0)

    @model_validator(mode="after")
    def _one_onboarding(self) -> OneOff:
        if self.onboarding_fee is not None and self.onboarding_hours_per_agent is not None:
            raise ValueError("give onboarding_fee or onboarding_hours_per_agent, not both")
        if self.onboarding_rate is not None and self.onboarding_hours_per_agent is None:
            raise ValueError("onboarding_rate needs onboarding_hours_per_agent")
        return self


class Recurring(Strict):
    licences_per_agent_month: Amount = Estimate.exact(0.0)
    management_qa_per_month: Amount = Estimate.exact(0.0)
    telephony_per_month: Amount = Estimate.exact(0.0)


class Contractual(Strict):
    expected_penalties_per_month: Amount = Estimate.exact(0.0)
    exit_fee: Amount = Estimate.exact(0.0)
    include_exit_fee: bool = False


class QualityRisk(Strict):
    customers: Amount
    clv: Amount
    churn_change_pp: Percent


class DecisionFile(Strict):
    strategic_value: int = Field(default=3, ge=1, le=5)
    data_sensitivity: Literal["low", "medium", "high"] = "medium"
    complexity: Literal["low", "medium", "high"] = "medium"
    low_volume_per_month: float = Field(default=50.0, ge=0)
    high_volume_per_month: float = Field(default=100_000.0, gt=0)
    max_p_loss: float = Field(default=0.20, ge=0, le=1)


class Simulation(Strict):
    draws: int = Field(default=100_000, ge=1_000, le=10_000_000)
    seed: int = 20250101
    distribution: Literal["pert", "triangular"] = "pert"


class CaseFile(Strict):
    case: CaseMeta
    channels: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], Channel] = Field(
        min_length=1
    )
    inhouse: Inhouse
    outsourced: Outsourced = Outsourced()
    one_off: OneOff = OneOff()
    recurring: Recurring = Recurring()
    contractual: Contractual = Contractual()
    quality_risk: QualityRisk | None = None
    decision: DecisionFile = DecisionFile()
    simulation: Simulation = Simulation()
