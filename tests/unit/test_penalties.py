"""Penalties, bonuses, caps and earn-back, computed by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regie.domain.contract import (
    BonusRule,
    Charge,
    Contract,
    Direction,
    KpiTarget,
    PenaltyRule,
    ResponseNorm,
    Tier,
)
from regie.domain.penalties import (
    Adjustment,
    EarnBack,
    Outcome,
    Status,
    assess,
    earn_back,
    settle,
    waivers,
)

FEE = Decimal("10000")
PHONE = ResponseNorm("phone", 30, 0.80)
EMAIL = ResponseNorm("email", 7200, 0.95, "office")
FCR = KpiTarget("fcr", Direction.AT_LEAST, 0.70, 100)
CSAT = KpiTarget("csat_mean", Direction.AT_LEAST, 4.0, 50)
ESCALATION = KpiTarget("escalation_rate", Direction.BELOW, 0.10, 100)
AHT = KpiTarget("aht_band", Direction.WITHIN, 180, 30, high=600)


def pct(p: str) -> Charge:
    return Charge(percent_of_fee=Decimal(p))


def contract(earn_back_months: int | None = None) -> Contract:
    return Contract(
        effective_from=date(2026, 1, 1),
        monthly_fee=FEE,
        norms=(PHONE, EMAIL),
        kpis=(FCR, CSAT, ESCALATION, AHT),
        penalties=(
            PenaltyRule(
                "response times", ("response.phone", "response.email"), (Tier(0, pct("5")),)
            ),
            PenaltyRule("fcr", ("kpi.fcr",), (Tier(0, pct("2")), Tier(0.10, pct("5")))),
        ),
        bonuses=(BonusRule("csat", ("kpi.csat_mean",), (Tier(0.3, Charge(eur=Decimal("500"))),)),),
        penalty_cap=pct("6"),
        bonus_cap=pct("3"),
        earn_back_months=earn_back_months,
    )


def month(**values: tuple[float, int]) -> dict[str, Outcome]:
    targets = contract().targets()
    return {
        key: assess(targets[key], value, n)
        for name, (value, n) in values.items()
        for key in [name.replace("__", ".")]
    }


def test_assess_uses_each_direction_and_the_minimum_sample() -> None:
    assert assess(FCR, 0.70, 100) == Outcome(Status.MET, 0.70, 0.0, 100)
    assert assess(FCR, 0.70, 99).status is Status.INSUFFICIENT
    # "escalation < 10 %": exactly 10 % is a miss
    assert assess(ESCALATION, 0.10, 500).status is Status.MISSED
    assert assess(ESCALATION, 0.08, 500).margin == pytest.approx(0.02)
    assert assess(AHT, 170, 40).margin == -10
    assert assess(AHT, 590, 40) == Outcome(Status.MET, 590, 10, 40)
    assert assess(PHONE, 0.75, 1000).margin == pytest.approx(-0.05)
    assert assess(PHONE, 0.0, 0).status is Status.INSUFFICIENT


def test_tiers_caps_and_bonus_by_hand() -> None:
    # phone 75 % (< 80 %) → 5 % = €500; email met; FCR 60 % is 0.10 short → tier 2 = €500;
    # penalties €1,000 capped at 6 % = €600. CSAT 4.4 beats 4.0 by 0.4 ≥ 0.3 → €500,
    # capped at 3 % = €300. Net: 300 − 600 = −€300.
    outcomes = month(
        response__phone=(0.75, 1000),
        response__email=(0.97, 800),
        kpi__fcr=(0.60, 400),
        kpi__csat_mean=(4.4, 120),
    )
    s = settle(contract(), outcomes)
    assert [(a.rule, a.target, a.tier, a.amount) for a in s.penalties] == [
        ("response times", "response.phone", 1, Decimal("500.00")),
        ("fcr", "kpi.fcr", 2, Decimal("500.00")),
    ]
    assert [(a.target, a.tier, a.amount) for a in s.bonuses] == [
        ("kpi.csat_mean", 1, Decimal("500.00"))
    ]
    assert (s.penalty_total, s.penalty_cap, s.penalty_charged) == (
        Decimal("1000.00"),
        Decimal("600.00"),
        Decimal("600.00"),
    )
    assert (s.bonus_total, s.bonus_cap, s.bonus_paid) == (
        Decimal("500.00"),
        Decimal("300.00"),
        Decimal("300.00"),
    )
    assert s.net == Decimal("-300.00")


def test_a_rule_pays_once_for_its_worst_target_and_tier_one_below_the_floor() -> None:
    outcomes = month(
        response__phone=(0.70, 1000), response__email=(0.90, 800), kpi__fcr=(0.65, 400)
    )
    s = settle(contract(), outcomes)
    assert [(a.target, a.tier, a.amount) for a in s.penalties] == [
        ("response.phone", 1, Decimal("500.00")),  # once, not once per channel
        ("kpi.fcr", 1, Decimal("200.00")),
    ]
    assert s.penalty_charged == Decimal("600.00") and s.bonus_paid == 0
    assert s.net == Decimal("-600.00")


def test_an_insufficient_sample_gives_neither_penalty_nor_bonus() -> None:
    outcomes = month(kpi__fcr=(0.10, 99), kpi__csat_mean=(5.0, 49))
    assert {o.status for o in outcomes.values()} == {Status.INSUFFICIENT}
    s = settle(contract(), outcomes)
    assert s.penalties == () and s.bonuses == () and s.net == 0


def test_a_met_month_without_bonus_and_no_caps() -> None:
    c = contract()
    uncapped = Contract(
        c.effective_from, c.monthly_fee, penalties=c.penalties, norms=c.norms, kpis=c.kpis
    )
    s = settle(uncapped, month(response__phone=(0.5, 10), kpi__fcr=(0.5, 100)))
    assert s.penalty_cap is None and s.penalty_charged == Decimal("1000.00")


def test_percent_amounts_are_rounded_to_cents_half_up() -> None:
    assert Charge(percent_of_fee=Decimal("2.5")).amount(Decimal("1234.50")) == Decimal("30.86")
    assert Charge(eur=Decimal("10.005")).amount(FEE) == Decimal("10.01")


def penalty(target: str = "kpi.fcr") -> Adjustment:
    return Adjustment("penalty", "fcr", target, 1, Decimal("200.00"))


@pytest.mark.parametrize(
    ("later", "expected"),
    [
        ([(0.71, 100), (0.75, 100)], EarnBack.WAIVED),
        ([(0.71, 100), (0.75, 100), (0.10, 100)], EarnBack.WAIVED),  # after the window
        ([(0.71, 100)], EarnBack.PENDING),
        ([], EarnBack.PENDING),
        ([(0.71, 100), (0.69, 100)], EarnBack.KEPT),
        ([(0.90, 10)], EarnBack.KEPT),  # insufficient sample does not earn it back
    ],
)
def test_earn_back_waives_a_penalty_when_the_next_months_are_met(
    later: list[tuple[float, int]], expected: EarnBack
) -> None:
    history = [month(kpi__fcr=v) for v in later]
    assert earn_back(contract(earn_back_months=2), penalty(), history) is expected


def test_earn_back_needs_the_target_itself_and_a_contract_that_allows_it() -> None:
    other = [month(kpi__csat_mean=(4.5, 100))] * 2
    assert earn_back(contract(2), penalty(), other) is EarnBack.KEPT
    assert earn_back(contract(), penalty(), [month(kpi__fcr=(0.9, 100))]) is EarnBack.NONE
    s = settle(contract(1), month(kpi__fcr=(0.5, 100)))
    assert list(waivers(contract(1), s, [month(kpi__fcr=(0.9, 100))]).values()) == [EarnBack.WAIVED]


KEYS = ["response.phone", "response.email", "kpi.fcr", "kpi.csat_mean"]
money = st.decimals(min_value=0, max_value=100_000, places=2)
charge = st.one_of(
    st.builds(Charge, percent_of_fee=st.decimals(min_value=0, max_value=100, places=1)),
    st.builds(Charge, eur=money),
)
tiers = st.lists(charge, min_size=1, max_size=3).map(
    lambda cs: tuple(Tier(0.05 * i, c) for i, c in enumerate(cs))
)
rules = st.lists(
    st.tuples(st.lists(st.sampled_from(KEYS), min_size=1, max_size=3, unique=True), tiers),
    max_size=4,
)
outcome = st.one_of(
    st.builds(Outcome, st.just(Status.MET), margin=st.floats(0, 1)),
    st.builds(Outcome, st.just(Status.MISSED), margin=st.floats(-1, -1e-6)),
    st.just(Outcome(Status.INSUFFICIENT)),
)


@given(
    fee=money,
    penalties=rules,
    bonuses=rules,
    caps=st.tuples(st.none() | charge, st.none() | charge),
    outcomes=st.dictionaries(st.sampled_from(KEYS), outcome),
)
def test_the_net_adjustment_never_exceeds_the_caps_and_amounts_are_never_negative(
    fee: Decimal,
    penalties: list[tuple[list[str], tuple[Tier, ...]]],
    bonuses: list[tuple[list[str], tuple[Tier, ...]]],
    caps: tuple[Charge | None, Charge | None],
    outcomes: dict[str, Outcome],
) -> None:
    c = Contract(
        effective_from=date(2026, 1, 1),
        monthly_fee=fee,
        penalties=tuple(PenaltyRule(f"p{i}", tuple(k), t) for i, (k, t) in enumerate(penalties)),
        bonuses=tuple(BonusRule(f"b{i}", tuple(k), t) for i, (k, t) in enumerate(bonuses)),
        penalty_cap=caps[0],
        bonus_cap=caps[1],
    )
    s = settle(c, outcomes)
    assert all(a.amount >= 0 for a in s.penalties + s.bonuses)
    assert 0 <= s.penalty_charged <= s.penalty_total and 0 <= s.bonus_paid <= s.bonus_total
    if s.penalty_cap is not None:
        assert s.penalty_charged <= s.penalty_cap and -s.net <= s.penalty_cap
    if s.bonus_cap is not None:
        assert s.bonus_paid <= s.bonus_cap and s.net <= s.bonus_cap
    assert len(s.penalties) <= len(penalties) and len(s.bonuses) <= len(bonuses)
    missed = {k for k, o in outcomes.items() if o.status is Status.MISSED}
    assert all(a.target in missed for a in s.penalties)
    assert all(outcomes[a.target].status is Status.MET for a in s.bonuses)
