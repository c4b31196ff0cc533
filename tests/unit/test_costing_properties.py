"""Invariants of the cost model, checked by Hypothesis on random cases."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regie.domain.costing import (
    PRICING_RATES,
    CaseStructure,
    PricingBlock,
    horizon_totals,
    project,
    totals,
)

MODELS = ["hourly", "fte", "per_ticket", "subscription", "mixed"]
positive = st.floats(min_value=0.01, max_value=1e5, allow_nan=False, allow_infinity=False)
amount = st.floats(min_value=0.0, max_value=1e4, allow_nan=False, allow_infinity=False)


@st.composite
def cases(draw: st.DrawFn) -> tuple[CaseStructure, dict[str, float]]:
    channels = tuple(
        draw(
            st.lists(
                st.sampled_from(["phone", "email", "chat", "social"]),
                min_size=1,
                max_size=4,
                unique=True,
            )
        )
    )
    key = "outsourced.pricing"
    structure = CaseStructure(
        channels=channels,
        pricing=(PricingBlock(key, draw(st.sampled_from(MODELS)), channels),),  # type: ignore[arg-type]
        horizon_months=draw(st.integers(1, 60)),
        onboarding=draw(st.sampled_from(["fixed", "per_agent"])),
        include_exit_fee=draw(st.booleans()),
    )
    p: dict[str, float] = {
        "productive_hours_per_month": draw(st.floats(40, 200)),
        "volume_growth_pct_per_month": draw(st.floats(-5, 5)),
        "inhouse.gross_monthly_salary": draw(st.floats(1500, 6000)),
        "inhouse.employer_charges_pct": draw(st.floats(0, 60)),
        "inhouse.overhead_per_fte_month": draw(amount),
        "inhouse.minimum_fte": draw(st.floats(0, 5)),
        "inhouse.other_per_month": draw(amount),
    }
    for c in channels:
        p[f"channels.{c}.volume_per_month"] = draw(st.floats(0, 50_000))
        p[f"channels.{c}.aht_hours"] = draw(st.floats(0.01, 1.0))
    for rate in PRICING_RATES:
        p[f"{key}.{rate}"] = draw(amount)
    for name in (
        "one_off.onboarding_fee",
        "one_off.onboarding_hours_per_agent",
        "one_off.onboarding_rate",
        "one_off.integration",
        "one_off.other",
        "recurring.licences_per_agent_month",
        "recurring.management_qa_per_month",
        "recurring.telephony_per_month",
        "contractual.expected_penalties_per_month",
        "contractual.exit_fee",
    ):
        p[name] = draw(amount)
    p["one_off.transition_months"] = draw(st.floats(0, 6))
    return structure, p


@settings(max_examples=200, deadline=None)
@given(cases())
def test_cost_items_and_fixed_plus_variable_add_up_to_the_totals(
    case: tuple[CaseStructure, dict[str, float]],
) -> None:
    structure, p = case
    projection = project(structure, p)
    t = totals(projection)
    for side, tco in (("inhouse", t.inhouse_tco), ("outsourced", t.outsourced_tco)):
        fixed, variable = projection.split(side)  # type: ignore[arg-type]
        assert float(fixed.sum() + variable.sum()) == pytest.approx(float(tco), rel=1e-9, abs=1e-6)
    items = sum(float(np.sum(v)) for v in projection.outsourced.values())
    assert items == pytest.approx(float(t.outsourced_tco), rel=1e-9, abs=1e-6)
    assert float(t.saving) == pytest.approx(float(t.inhouse_tco - t.outsourced_tco))


@settings(max_examples=200, deadline=None)
@given(cases(), st.floats(1.01, 10))
def test_fte_is_linear_in_volume(case: tuple[CaseStructure, dict[str, float]], k: float) -> None:
    structure, p = case
    scaled = dict(p)
    for c in structure.channels:
        scaled[f"channels.{c}.volume_per_month"] = p[f"channels.{c}.volume_per_month"] * k
    base = project(structure, p).fte_total
    assert project(structure, scaled).fte_total == pytest.approx(base * k, rel=1e-9, abs=1e-12)


@settings(max_examples=200, deadline=None)
@given(cases(), st.floats(0.5, 100))
def test_the_saving_falls_as_the_vendor_rate_rises(
    case: tuple[CaseStructure, dict[str, float]], raise_by: float
) -> None:
    structure, p = case
    rate = {
        "hourly": "hourly_rate",
        "fte": "fte_monthly_rate",
        "per_ticket": "ticket_rate",
        "subscription": "monthly_fee",
        "mixed": "monthly_fee",
    }[structure.pricing[0].model]
    key = f"outsourced.pricing.{rate}"
    dearer = dict(p) | {key: p[key] + raise_by}
    saving = float(totals(project(structure, p)).saving)
    dearer_saving = float(totals(project(structure, dearer)).saving)
    assert dearer_saving <= saving + 1e-9
    workload = sum(p[f"channels.{c}.volume_per_month"] for c in structure.channels)
    if rate == "monthly_fee" or workload > 1:
        assert dearer_saving < saving


@settings(max_examples=300, deadline=None)
@given(cases())
def test_the_fast_horizon_totals_equal_the_month_by_month_projection(
    case: tuple[CaseStructure, dict[str, float]],
) -> None:
    structure, p = case
    slow, fast = totals(project(structure, p)), horizon_totals(structure, p)
    for a, b in (
        (slow.inhouse_tco, fast.inhouse_tco),
        (slow.outsourced_tco, fast.outsourced_tco),
        (slow.volume, fast.volume),
    ):
        assert float(b) == pytest.approx(float(a), rel=1e-9, abs=1e-6)


@settings(max_examples=50, deadline=None)
@given(cases(), st.integers(0, 2**32 - 1))
def test_the_fast_totals_equal_the_projection_for_stacked_draws(
    case: tuple[CaseStructure, dict[str, float]], seed: int
) -> None:
    structure, p = case
    rng = np.random.default_rng(seed)
    stacked = {k: v * rng.uniform(0.5, 1.5, size=(7, 1)) for k, v in p.items()}
    slow, fast = totals(project(structure, stacked)), horizon_totals(structure, stacked)
    assert np.allclose(fast.saving, slow.saving, rtol=1e-9, atol=1e-6)
    assert np.shape(fast.saving) == (7,)
