"""The decision matrix: each rule, and the 70 % rule at its edge."""

from __future__ import annotations

import dataclasses

import pytest

from regie.domain.decision import DecisionInputs, recommend

BASE = DecisionInputs(
    saving=24_000.0,
    saving_pct=30.0,
    horizon_months=12,
    break_even_month=2,
    p_loss=0.0,
    risk_per_year=None,
    volume_per_month=1_000.0,
)


@pytest.mark.parametrize(
    ("change", "decision", "code"),
    [
        ({}, "outsource", "saving"),
        ({"saving": -1.0}, "keep_in_house", "no_saving"),
        ({"risk_per_year": 0.71 * 24_000}, "keep_in_house", "risk_above_limit"),
        ({"risk_per_year": 0.70 * 24_000}, "pilot_first", "risk_material"),
        ({"risk_per_year": 0.30 * 24_000}, "outsource", "risk_acceptable"),
        ({"data_sensitivity": "high"}, "keep_in_house", "data_sensitive"),
        ({"strategic_value": 5}, "keep_in_house", "strategic_core"),
        ({"strategic_value": 4}, "pilot_first", "strategic_high"),
        ({"volume_per_month": 20.0}, "keep_in_house", "volume_too_low"),
        (
            {"volume_per_month": 200_000.0, "complexity": "high"},
            "keep_in_house",
            "volume_high_complex",
        ),
        ({"volume_per_month": 200_000.0, "complexity": "low"}, "outsource", "saving"),
        ({"p_loss": 0.35}, "pilot_first", "uncertain_saving"),
    ],
    ids=lambda v: str(v),
)
def test_each_rule_leads_to_its_decision_and_names_its_reason(
    change: dict[str, object], decision: str, code: str
) -> None:
    result = recommend(dataclasses.replace(BASE, **change))  # type: ignore[arg-type]
    assert result.decision == decision
    assert code in [r.code for r in result.reasons]


def test_the_seventy_percent_rule_compares_with_the_annual_saving() -> None:
    # 24 months saving €48,000 = €24,000 a year; risk €17,000 a year is 70.8 % of it.
    result = recommend(
        dataclasses.replace(BASE, saving=48_000.0, horizon_months=24, risk_per_year=17_000.0)
    )
    assert result.decision == "keep_in_house"


def test_the_most_cautious_reason_comes_first() -> None:
    result = recommend(dataclasses.replace(BASE, strategic_value=4, data_sensitivity="high"))
    assert result.reasons[0].argues_for == "keep_in_house"
