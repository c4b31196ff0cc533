"""The quarterly re-forecast and its verdict, on small numbers computed by hand.

The case: e-mail only, 1,000 contacts a month, 6 minutes each (0.1 h), 100 productive
hours per agent a month → 1.0 FTE; an FTE costs € 2,000 (no charges, no overhead, no
minimum) → in-house € 2,000 a month; the vendor charges € 1 a ticket → € 1,000 a
month; four months from January 2026. The case's saving: € 1,000 a month.

Actuals:

- January: 800 e-mails handled, invoiced € 900 → in-house at 800 = 0.8 FTE = € 1,600;
  saving € 700;
- February: 600 e-mails and 200 chats (a channel the case does not know: it goes to
  e-mail, the case's only channel) → 800, in-house € 1,600; invoiced € 1,000; saving
  € 600.

Volume ratio r = 1,600 / 2,000 = 0.8 → March and April: 800 contacts each, in-house
€ 1,600; fee by the case scaled: € 1,000 × 0.8 = € 800 (saving € 800); by a contract at
€ 1.25 a ticket: € 1,000 (saving € 600).

Saving realised 1,300 against the case's 2,000 over the same months: 65 % < 80 % →
renegotiate. Cost per ticket 1,900 / 1,600 = 1.1875 against 1.00: more than 10 % above.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from regie.domain.contract import Contract, FeeModel, Pricing
from regie.files.case_loader import parse_case
from regie.services.reforecast import ActualMonth, inhouse_cost, month_label, reforecast

CASE = """
[case]
name = "small"
horizon_months = 4
productive_hours = { per_month = 100 }

[channels.email]
volume_per_month = 1000
aht_hours = 0.1

[inhouse]
gross_monthly_salary = 2000
employer_charges_pct = 0
minimum_fte = 0

[outsourced.pricing]
model = "per_ticket"
ticket_rate = 1
"""
START = date(2026, 1, 1)
JANUARY = ActualMonth("2026-01", {"email": 800}, Decimal("900"), ("response.email",))
FEBRUARY = ActualMonth(
    "2026-02", {"email": 600, "chat": 200}, Decimal("1000"), ("response.email", "kpi.fcr")
)
CONTRACT = Contract(
    effective_from=START,
    monthly_fee=Decimal("0"),
    pricing=Pricing(FeeModel.PER_TICKET, ticket_rate=Decimal("1.25")),
)


def test_the_in_house_model_runs_at_any_volume() -> None:
    case = parse_case(CASE)
    assert inhouse_cost(case, {"email": 1000}) == pytest.approx(2000)
    assert inhouse_cost(case, {"email": 800}) == pytest.approx(1600)


def test_case_months_are_calendar_months_from_the_start() -> None:
    assert [month_label(date(2026, 11, 1), i) for i in (1, 2, 3)] == [
        "2026-11", "2026-12", "2027-01",
    ]  # fmt: skip


def test_actuals_and_the_case_scaled_re_forecast_as_computed_by_hand() -> None:
    r = reforecast(parse_case(CASE), START, [JANUARY, FEBRUARY])
    assert r.volume_ratio == pytest.approx(0.8)
    assert r.fee_basis == "case"
    january, february, march, april = r.lines
    assert (january.actual_volume, january.actual_fee) == (800, 900)
    assert january.actual_inhouse == pytest.approx(1600)
    assert (february.actual_volume, february.actual_inhouse) == (800, pytest.approx(1600))
    assert march.actual_volume is None
    assert march.forecast_volume == pytest.approx(800)
    assert march.forecast_fee == pytest.approx(800)
    assert april.forecast_inhouse == pytest.approx(1600)
    assert r.planned_saving_so_far == pytest.approx(2000)
    assert r.realised_saving == pytest.approx(1300)
    assert r.saving_share == pytest.approx(0.65)
    assert r.actual_cost_per_ticket == pytest.approx(1900 / 1600)
    assert r.planned_cost_per_ticket == pytest.approx(1.0)
    assert r.planned_horizon_saving == pytest.approx(4000)
    assert r.forecast_horizon_saving == pytest.approx(700 + 600 + 800 + 800)


def test_the_contract_prices_the_re_forecast_volume() -> None:
    r = reforecast(parse_case(CASE), START, [JANUARY, FEBRUARY], CONTRACT)
    assert r.fee_basis == "contract"
    assert [line.forecast_fee for line in r.lines[2:]] == [1000, 1000]
    assert r.forecast_horizon_saving == pytest.approx(700 + 600 + 600 + 600)


def test_a_saving_below_the_case_and_repeated_misses_argue_to_renegotiate() -> None:
    r = reforecast(parse_case(CASE), START, [JANUARY, FEBRUARY])
    assert r.recommendation.verdict == "renegotiate"
    codes = {x.code: x for x in r.recommendation.reasons}
    assert set(codes) == {"saving_below_case", "cost_per_ticket_above_case", "repeated_misses"}
    assert codes["saving_below_case"].figures["share"] == pytest.approx(0.65)
    assert codes["repeated_misses"].figures["targets"] == "response.email"


def test_a_case_on_plan_is_kept_and_open_signals_are_noted() -> None:
    on_plan = [ActualMonth(m, {"email": 1000}, Decimal("1000")) for m in ("2026-01", "2026-02")]
    r = reforecast(parse_case(CASE), START, on_plan, open_signals=2)
    assert r.recommendation.verdict == "keep"
    assert [x.code for x in r.recommendation.reasons] == ["on_track", "open_signals"]
    assert r.saving_share == pytest.approx(1.0)


def test_a_target_missed_three_months_running_argues_for_exit() -> None:
    months = [
        ActualMonth(m, {"email": 1000}, Decimal("1000"), ("kpi.fcr",))
        for m in ("2026-01", "2026-02", "2026-03")
    ]
    r = reforecast(parse_case(CASE), START, months)
    assert r.recommendation.verdict == "consider_exit"
    assert r.recommendation.reasons[0].code == "persistent_misses"


def test_a_vendor_dearer_than_in_house_argues_for_exit() -> None:
    dear = replace(JANUARY, invoiced=Decimal("2500"), missed=())
    fixed = Contract(effective_from=START, monthly_fee=Decimal("2500"))
    r = reforecast(parse_case(CASE), START, [dear], fixed)
    # January −900; February to April at 800 contacts: 1,600 − 2,500 = −900 each
    assert r.forecast_horizon_saving == pytest.approx(-3600)
    assert r.recommendation.verdict == "consider_exit"
    assert r.recommendation.reasons[0].code == "no_saving_forecast"


def test_without_actuals_the_whole_case_is_re_forecast_at_plan() -> None:
    r = reforecast(parse_case(CASE), START, [])
    assert r.volume_ratio == 1.0
    assert r.forecast_horizon_saving == pytest.approx(4000)
    assert r.recommendation.verdict == "keep"
