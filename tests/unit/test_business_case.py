"""The business case reproduces DOMAIN §1 exactly and its pricing models by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from regie.files.case_loader import load_case, parse_case
from regie.services.business_case import evaluate

BASE = """
[case]
name = "test"
horizon_months = {months}
productive_hours = "160/month"
volume_growth_pct_per_month = {growth}

[channels.email]
volume_per_month = {volume}
aht_minutes = {aht}

[inhouse]
gross_monthly_salary = 2500
employer_charges_pct = 35
minimum_fte = {minimum}

[simulation]
draws = 1000
"""


def case_text(
    pricing: str,
    *,
    months: int = 12,
    growth: float = 0,
    volume: float = 500,
    aht: float = 10,
    minimum: float = 1,
    extra: str = "",
) -> str:
    body = BASE.format(months=months, growth=growth, volume=volume, aht=aht, minimum=minimum)
    return body + "\n" + pricing + "\n" + extra


HOURLY_18 = '[outsourced.pricing]\nmodel = "hourly"\nhourly_rate = 18'


def test_the_worked_example_of_the_source_is_reproduced_to_the_cent(webshop_path: Path) -> None:
    ev = evaluate(load_case(webshop_path), draws=1000)
    r = ev.realistic
    assert float(r.projection.hours["email"][0]) == pytest.approx(83.35)
    assert float(r.projection.fte_total[0]) == pytest.approx(83.35 / 160)
    assert round(float(r.projection.fte_total[0]), 2) == 0.52
    assert r.inhouse_tco == pytest.approx(40_500.00)
    assert r.outsourced_tco == pytest.approx(20_003.60)
    assert r.saving == pytest.approx(20_496.40)
    assert round(r.saving_pct, 1) == 50.6
    assert round(r.roi_pct, 1) == 102.5
    assert r.break_even_month == 2
    assert r.cost_per_ticket_inhouse == pytest.approx(40_500 / 6_000)
    assert r.cost_per_ticket_outsourced == pytest.approx(20_003.60 / 6_000)
    assert ev.recommendation.decision == "outsource"


def test_aht_of_exactly_ten_minutes_gives_eighteen_thousand_a_year() -> None:
    pricing = HOURLY_18 + "\n[one_off]\nonboarding_fee = 2000"
    r = evaluate(parse_case(case_text(pricing)), draws=1000).realistic
    assert float(r.projection.hours["email"][0]) == pytest.approx(500 / 6)
    assert r.outsourced_tco == pytest.approx(20_000.00)
    assert r.saving == pytest.approx(20_500.00)
    assert r.roi_pct == pytest.approx(102.5)


def test_a_thousand_productive_hours_a_year_doubles_the_fte_and_lifts_in_house_cost() -> None:
    text = case_text(HOURLY_18 + "\n[one_off]\nonboarding_fee = 2000").replace(
        '"160/month"', '"1000/year"'
    )
    case = parse_case(text)
    r = evaluate(case, draws=1000).realistic
    assert case.productive_hours.per_month == pytest.approx(1000 / 12)
    assert float(r.projection.fte_total[0]) == pytest.approx((500 / 6) / (1000 / 12))
    # 1.0 FTE exactly: the minimum of one FTE covers it, so in-house stays €40,500.
    assert r.inhouse_tco == pytest.approx(40_500.00)


@pytest.mark.parametrize(
    ("pricing", "expected_vendor_total"),
    [
        ('[outsourced.pricing]\nmodel = "per_ticket"\nticket_rate = 3', 3 * 500 * 12),
        (
            '[outsourced.pricing]\nmodel = "fte"\nfte_monthly_rate = 2400',
            2400 * (500 / 6 / 160) * 12,
        ),
        ('[outsourced.pricing]\nmodel = "subscription"\nmonthly_fee = 1200', 1200 * 12),
        (
            '[outsourced.pricing]\nmodel = "subscription"\nmonthly_fee = 1000\n'
            "included_tickets = 400\noverage_rate = 2.5",
            (1000 + 100 * 2.5) * 12,
        ),
        (
            '[outsourced.pricing]\nmodel = "mixed"\nmonthly_fee = 500\nticket_rate = 1.2',
            (500 + 1.2 * 500) * 12,
        ),
        (
            '[outsourced.pricing]\nmodel = "mixed"\nmonthly_fee = 500\nhourly_rate = 10',
            (500 + 10 * 500 / 6) * 12,
        ),
    ],
    ids=[
        "per ticket",
        "per FTE-month",
        "subscription",
        "subscription with overage",
        "mixed per ticket",
        "mixed per hour",
    ],
)
def test_each_pricing_model_charges_what_a_hand_calculation_says(
    pricing: str, expected_vendor_total: float
) -> None:
    r = evaluate(parse_case(case_text(pricing)), draws=1000).realistic
    assert r.outsourced_tco == pytest.approx(expected_vendor_total)


def test_volume_grows_month_by_month_by_the_given_percentage() -> None:
    r = evaluate(parse_case(case_text(HOURLY_18, growth=2, months=3)), draws=1000).realistic
    volume = r.projection.volume["email"]
    assert volume.tolist() == pytest.approx([500, 510, 520.2])


def test_onboarding_per_agent_uses_whole_agents_and_the_hourly_rate() -> None:
    extra = "[one_off]\nonboarding_hours_per_agent = 40\n"
    r = evaluate(parse_case(case_text(HOURLY_18, volume=1500, extra=extra)), draws=1000).realistic
    # 1500 × 10 min = 250 h = 1.5625 FTE → 2 agents × 40 h × €18
    assert float(r.projection.outsourced["onboarding"][0]) == pytest.approx(2 * 40 * 18)
    assert float(r.projection.outsourced["onboarding"][1:].sum()) == 0


def test_licences_are_paid_per_whole_agent_each_month() -> None:
    extra = "[recurring]\nlicences_per_agent_month = 30\n"
    r = evaluate(parse_case(case_text(HOURLY_18, volume=1500, extra=extra)), draws=1000).realistic
    assert r.projection.outsourced["licences"].tolist() == pytest.approx([60.0] * 12)


def test_a_transition_of_one_and_a_half_months_pays_in_house_staff_beside_the_vendor() -> None:
    extra = "[one_off]\ntransition_months = 1.5\n"
    r = evaluate(parse_case(case_text(HOURLY_18, extra=extra)), draws=1000).realistic
    transition = r.projection.outsourced["transition"]
    assert transition[:3].tolist() == pytest.approx([3375.0, 1687.5, 0.0])


def test_the_exit_fee_lands_in_the_last_month_only_when_asked() -> None:
    extra = "[contractual]\nexit_fee = 5000\ninclude_exit_fee = {flag}\n"
    without = evaluate(
        parse_case(case_text(HOURLY_18, extra=extra.format(flag="false"))), draws=1000
    )
    with_fee = evaluate(
        parse_case(case_text(HOURLY_18, extra=extra.format(flag="true"))), draws=1000
    )
    assert with_fee.realistic.outsourced_tco - without.realistic.outsourced_tco == pytest.approx(
        5000
    )
    assert float(with_fee.realistic.projection.outsourced["exit_fee"][-1]) == 5000


def test_break_even_is_none_when_outsourcing_never_catches_up() -> None:
    pricing = '[outsourced.pricing]\nmodel = "hourly"\nhourly_rate = 60'
    r = evaluate(parse_case(case_text(pricing)), draws=1000).realistic
    assert r.saving < 0
    assert r.break_even_month is None


def test_in_house_staff_beyond_the_minimum_is_variable_cost() -> None:
    r = evaluate(parse_case(case_text(HOURLY_18, volume=2400, minimum=1)), draws=1000).realistic
    fixed, variable = r.projection.split("inhouse")
    # 2400 × 10 min = 400 h = 2.5 FTE: 1 FTE fixed, 1.5 FTE variable, €3,375 each
    assert float(fixed[0]) == pytest.approx(3375.0)
    assert float(variable[0]) == pytest.approx(1.5 * 3375.0)


def test_a_region_preset_fills_a_missing_rate_with_its_range() -> None:
    pricing = '[outsourced]\nregion = "onshore"\n[outsourced.pricing]\nmodel = "hourly"'
    case = parse_case(case_text(pricing))
    rate = case.estimates["outsourced.pricing.hourly_rate"]
    assert (rate.low, rate.likely, rate.high) == (25.0, 35.0, 45.0)


def test_a_channel_price_list_overrides_the_shared_one_for_that_channel_only() -> None:
    extra = (
        "[channels.chat]\nvolume_per_month = 300\naht_minutes = 6\n"
        '[channels.chat.pricing]\nmodel = "per_ticket"\nticket_rate = 2\n'
    )
    r = evaluate(parse_case(case_text(HOURLY_18, extra=extra)), draws=1000).realistic
    assert r.outsourced_tco == pytest.approx(18 * 500 / 6 * 12 + 2 * 300 * 12)
