"""Read a business-case TOML file into a :class:`~regie.domain.case.BusinessCase`.

Every problem becomes one line naming the file, the key path, the bad value and what is
allowed (``case.toml: channels.email.aht_minutes = -3: must be greater than 0``); all
problems are collected and raised together as one :class:`CaseFileError`.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from regie.domain.case import BusinessCase, DecisionSettings, ProductiveHours, SimulationSettings
from regie.domain.costing import PRICING_RATES, CaseStructure, Estimate, PricingBlock
from regie.domain.errors import CaseFileError, RegieError
from regie.domain.live_staffing import LiveStaffing
from regie.domain.staffing import Abandons, ServiceLevelRule, Target
from regie.files.case_schema import MODEL_FIELDS, REGIONS, CaseFile, Pricing, Staffing
from regie.files.profile import read_profile
from regie.files.toml_errors import describe, read_text

GLOBAL_PRICING = "outsourced.pricing"


def load_case(path: Path) -> BusinessCase:
    """Parse, validate and convert one case file; raise one error listing every problem."""
    text = read_text(path, "case")
    return parse_case(text, source=path.name, folder=path.parent)


def parse_case(text: str, source: str = "case.toml", folder: Path | None = None) -> BusinessCase:
    """Parse a case file's text; ``folder`` resolves relative paths (profiles) in it."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CaseFileError(f"{source}: not valid TOML: {error}") from None
    try:
        model = CaseFile.model_validate(raw)
    except ValidationError as error:
        problems = [f"{source}: {describe(e, CaseFile)}" for e in error.errors()]
        raise CaseFileError(problems[0], problems) from None
    return _to_domain(model, source, folder or Path.cwd())


def _to_domain(model: CaseFile, source: str, folder: Path) -> BusinessCase:
    problems: list[str] = []
    hours = _productive_hours(model)
    estimates: dict[str, Estimate] = {
        "productive_hours_per_month": _scale(
            _hours_estimate(model), 1 / 12 if hours.period == "year" else 1
        ),
        "volume_growth_pct_per_month": model.case.volume_growth_pct_per_month,
    }
    for name, channel in model.channels.items():
        estimates[f"channels.{name}.volume_per_month"] = channel.volume_per_month
        estimates[f"channels.{name}.aht_hours"] = channel.aht_in_hours
    for section in ("inhouse", "recurring"):
        estimates.update(_section(model, section))
    estimates.update(_contractual(model))
    blocks = _pricing_blocks(model, estimates, hours, problems)
    onboarding = _one_off(model, estimates, problems)
    live = _live_staffing(model, folder, problems)
    if problems:
        raise CaseFileError(f"{source}: {problems[0]}", [f"{source}: {p}" for p in problems])
    structure = CaseStructure(
        channels=tuple(model.channels),
        pricing=tuple(blocks),
        horizon_months=model.case.horizon_months,
        onboarding=onboarding,
        include_exit_fee=model.contractual.include_exit_fee,
        live=live,
    )
    return BusinessCase(
        name=model.case.name,
        structure=structure,
        estimates=estimates,
        productive_hours=hours,
        decision=DecisionSettings(**model.decision.model_dump()),
        simulation=SimulationSettings(**model.simulation.model_dump()),
        region=model.outsourced.region,
        quality_risk=_quality_risk(model),
        source=source,
    )


def _hours_estimate(model: CaseFile) -> Estimate:
    h = model.case.productive_hours
    value = h.per_month if h.per_month is not None else h.per_year
    assert value is not None
    return value


def _productive_hours(model: CaseFile) -> ProductiveHours:
    h = model.case.productive_hours
    period = "month" if h.per_month is not None else "year"
    return ProductiveHours(_hours_estimate(model).likely, period, h.preset)


def _scale(e: Estimate, factor: float) -> Estimate:
    return Estimate(e.low * factor, e.likely * factor, e.high * factor)


def _section(model: CaseFile, name: str) -> dict[str, Estimate]:
    section = getattr(model, name)
    return {f"{name}.{k}": v for k, v in section if isinstance(v, Estimate)}


def _contractual(model: CaseFile) -> dict[str, Estimate]:
    c = model.contractual
    return {
        "contractual.expected_penalties_per_month": c.expected_penalties_per_month,
        "contractual.exit_fee": c.exit_fee,
    }


def _pricing_blocks(
    model: CaseFile, estimates: dict[str, Estimate], hours: ProductiveHours, problems: list[str]
) -> list[PricingBlock]:
    own = {n: c.pricing for n, c in model.channels.items() if c.pricing is not None}
    shared = [n for n in model.channels if n not in own]
    pricing = model.outsourced.pricing
    if pricing is None and model.outsourced.region is not None:
        pricing = Pricing(model="hourly")
    blocks: list[tuple[str, Pricing, tuple[str, ...]]] = [
        (f"channels.{n}.pricing", p, (n,)) for n, p in own.items()
    ]
    if shared:
        if pricing is None:
            problems.append(
                f"{GLOBAL_PRICING}: missing: channels {', '.join(shared)} have no pricing of "
                "their own; add [outsourced.pricing] or set outsourced.region"
            )
            return []
        blocks.append((GLOBAL_PRICING, pricing, tuple(shared)))
    result = []
    for key, p, channels in blocks:
        estimates.update(_rates(key, p, model.outsourced.region, hours, problems))
        result.append(PricingBlock(key, p.pricing_model, channels))
    return result


def _rates(
    key: str, p: Pricing, region: str | None, hours: ProductiveHours, problems: list[str]
) -> dict[str, Estimate]:
    required, _ = MODEL_FIELDS[p.model]
    rates: dict[str, Estimate] = {}
    for name in PRICING_RATES:
        value: Estimate | None = getattr(p, name)
        if value is None and name in required and region is not None:
            value = _region_rate(region, name, hours)
        if value is None and name in required:
            problems.append(
                f"{key}.{name}: missing: model '{p.model}' needs it "
                "(or set outsourced.region to use that region's rate range)"
            )
        rates[f"{key}.{name}"] = value or Estimate.exact(0.0)
    return rates


def _region_rate(region: str, name: str, hours: ProductiveHours) -> Estimate | None:
    preset = REGIONS[region]
    if name == "fte_monthly_rate":
        low, high = preset["hourly_rate"]
        return _scale(Estimate(low, (low + high) / 2, high), hours.per_month)
    if name in preset:
        low, high = preset[name]
        return Estimate(low, (low + high) / 2, high)
    return None


def _one_off(model: CaseFile, estimates: dict[str, Estimate], problems: list[str]) -> Any:
    o = model.one_off
    estimates["one_off.integration"] = o.integration
    estimates["one_off.other"] = o.other
    estimates["one_off.transition_months"] = o.transition_months
    estimates["one_off.onboarding_fee"] = o.onboarding_fee or Estimate.exact(0.0)
    estimates["one_off.onboarding_hours_per_agent"] = (
        o.onboarding_hours_per_agent or Estimate.exact(0.0)
    )
    rate = o.onboarding_rate or estimates.get(f"{GLOBAL_PRICING}.hourly_rate")
    if o.onboarding_hours_per_agent is None:
        estimates["one_off.onboarding_rate"] = Estimate.exact(0.0)
        return "fixed"
    if rate is None or rate.high == 0:
        problems.append(
            "one_off.onboarding_rate: missing: onboarding hours need a rate; give it, "
            "or an hourly_rate in [outsourced.pricing]"
        )
        rate = Estimate.exact(0.0)
    estimates["one_off.onboarding_rate"] = rate
    return "per_agent"


def _quality_risk(model: CaseFile) -> dict[str, Estimate] | None:
    q = model.quality_risk
    if q is None:
        return None
    return {"customers": q.customers, "clv": q.clv, "churn_change_pp": q.churn_change_pp}


def _live_staffing(model: CaseFile, folder: Path, problems: list[str]) -> dict[str, LiveStaffing]:
    live = {}
    for name, channel in model.channels.items():
        s = channel.staffing
        if s is None:
            continue
        weights = _week_weights(name, s, folder, problems)
        if weights is None:
            continue
        live[name] = LiveStaffing(
            target=Target(s.service_level, s.threshold_seconds, s.asa_seconds, s.max_occupancy),
            rule=ServiceLevelRule(Abandons(s.abandons), s.short_abandon_seconds),
            interval_minutes=s.interval_minutes,
            weights=weights,
            patience_seconds=s.patience_seconds,
            concurrency=s.concurrency,
            shrinkage_pct=s.shrinkage_pct,
        )
    return live


def _week_weights(
    name: str, s: Staffing, folder: Path, problems: list[str]
) -> tuple[float, ...] | None:
    if s.open_hours_per_week is not None:
        return LiveStaffing.flat_weights(s.open_hours_per_week, s.interval_minutes)
    assert s.profile is not None
    try:
        profile = read_profile(folder / s.profile, s.interval_minutes)
    except RegieError as error:
        key = f'channels.{name}.staffing.profile = "{s.profile}"'
        problems.extend(f"{key}: {line}" for line in getattr(error, "problems", [str(error)]))
        return None
    total = float(profile.calls.sum())
    if total <= 0:
        problems.append(f'channels.{name}.staffing.profile = "{s.profile}": has no calls')
        return None
    return tuple(float(x) for x in profile.calls / total)
