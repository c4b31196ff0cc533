"""A contract file reads like the business case: one clear line per problem."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from regie.domain.contract import ALWAYS, Direction, FcrMethod
from regie.domain.errors import CaseFileError, InvalidInput, NotFound
from regie.domain.staffing import Abandons
from regie.files.contract_loader import ContractFileError, load_contract, parse_contract
from regie.files.templates import contract_template

TEMPLATE = contract_template("en")


def problems(text: str) -> list[str]:
    with pytest.raises(ContractFileError) as caught:
        parse_contract(text)
    return list(caught.value.problems)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_template_in_each_language_is_a_valid_contract_with_domain_defaults(
    lang: str,
) -> None:
    c = parse_contract(contract_template(lang))  # type: ignore[arg-type]
    norms = {n.channel: n for n in c.norms}
    assert {k: (n.target_seconds, n.required_share) for k, n in norms.items()} == {
        "phone": (30, 0.80),
        "email": (7200, 0.95),
        "chat": (60, 0.80),
        "social": (3600, 0.80),
    }
    assert norms["email"].calendar == "office" and norms["phone"].calendar == ALWAYS
    assert norms["phone"].service_level is not None
    assert norms["phone"].service_level.abandons is Abandons.AGAINST
    kpis = {k.kpi: k for k in c.kpis}
    assert kpis["csat_mean"].threshold == 4.0 and kpis["csat_mean"].min_sample == 50
    assert kpis["fcr"].fcr_method is FcrMethod.AGENT_FLAG
    assert kpis["escalation_rate"].direction is Direction.BELOW
    assert kpis["availability"].threshold == 0.995
    assert c.monthly_fee == Decimal("25000") and c.effective_from == date(2026, 1, 1)
    assert c.penalties[0].tiers[0].charge.percent_of_fee == Decimal("5")
    assert c.earn_back_months == 3
    assert c.calendars["office"].timezone == "Europe/Amsterdam"


def test_both_templates_hold_the_same_keys_and_values() -> None:
    def values(text: str) -> list[str]:
        lines = [line.split("#")[0].strip() for line in text.splitlines()]
        return [line for line in lines if line and not line.startswith(("vendor", "name"))]

    assert values(contract_template("en")) == values(contract_template("nl"))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "required_share = 0.80               # 80",
            "required_share = 1.5 #",
            "contract.toml: response.phone.required_share = 1.5: must be a share between 0 "
            "and 1, e.g. 0.8 for 80 %",
        ),
        (
            "target_seconds = 30",
            "target_secnds = 30",
            "contract.toml: response.phone.target_secnds = 30: unknown key; "
            "did you mean 'target_seconds'?",
        ),
        (
            'calendar = "office"',
            'calendar = "ofice"',
            'contract.toml: response.email.calendar = "ofice": unknown calendar: use "24/7", '
            '"office" (define it under [calendars.NAME])',
        ),
        (
            "monthly_fee = 25000",
            "monthly_fee = -1",
            "contract.toml: contract.monthly_fee = -1: must be at least 0",
        ),
        (
            "monthly_fee = 25000",
            'monthly_fee = "25000"',
            'contract.toml: contract.monthly_fee = "25000": must be a number of euros',
        ),
        (
            "[kpis.csat_mean]\ntarget = 4.0",
            "[kpis.csat_mean]\ntarget = 6",
            "contract.toml: kpis.csat_mean.target = 6: must be 1 to 5",
        ),
        (
            "# [kpis.csat_top2]\n# target = 0.85",
            "[kpis.csat_top2]\ntarget = 0.85",
            "contract.toml: kpis: give exactly one of csat_mean or csat_top2",
        ),
        (
            "target = 0.70 ",
            "target = 70 ",
            "contract.toml: kpis.fcr.target = 70: must be 0 to 1 (a share: 0.7 for 70 %)",
        ),
        (
            'applies_to = ["kpi.fcr"]',
            'applies_to = ["kpi.fcrr"]',
            'contract.toml: penalties[2].applies_to[1] = "kpi.fcrr": no such target in this '
            "contract; did you mean 'kpi.fcr'?",
        ),
        (
            'applies_to = ["kpi.fcr"]',
            'applies_to = ["fcr"]',
            'contract.toml: penalties[2].applies_to[1] = "fcr": must name a target: '
            "response.<channel> or kpi.<name>",
        ),
        (
            "{ beyond = 0, percent_of_fee = 2 }",
            "{ beyond = 0, percent_of_fee = 2, eur = 3 }",
            "contract.toml: penalties[2].tiers[1]: give exactly one of percent_of_fee or eur",
        ),
        (
            "{ beyond = 0.10, percent_of_fee = 5 }",
            "{ beyond = 0.0, percent_of_fee = 5 }",
            "contract.toml: penalties[2]: tiers must be in strictly increasing order of beyond",
        ),
        (
            "{ beyond = 0.10, percent_of_fee = 5 }",
            "{ beyond = 0.10, percent_off_fee = 5 }",
            "contract.toml: penalties[2].tiers[2].percent_off_fee = 5: unknown key; "
            "did you mean 'percent_of_fee'?",
        ),
        ("[caps]", "[capz]", "contract.toml: capz = {…}: unknown key; did you mean 'caps'?"),
        (
            "effective_from = 2026-01-01",
            'effective_from = "2026-01-01"',
            'contract.toml: contract.effective_from = "2026-01-01": must be a TOML date '
            "without quotes, e.g. 2026-01-01",
        ),
        (
            "effective_from = 2026-01-01",
            "",
            "contract.toml: contract.effective_from: missing: this key is required",
        ),
        (
            'method = "agent_flag"',
            'method = "no_recontact_days"',
            "contract.toml: kpis.fcr.recontact_days: missing: method 'no_recontact_days' needs N",
        ),
        (
            'abandons = "against"',
            'abandons = "never"',
            "contract.toml: response.phone.abandons = \"never\": must be 'ignored', "
            "'against' or 'for'",
        ),
        (
            "months = 3",
            "months = 0",
            "contract.toml: earn_back.months = 0: must be greater than or equal to 1",
        ),
        (
            'currency = "EUR"',
            'currency = "USD"',
            "contract.toml: contract.currency = \"USD\": must be 'EUR'",
        ),
        (
            "# [kpis.aht_band]\n# min_seconds = 180\n# max_seconds = 600",
            "[kpis.aht_band]\nmin_seconds = 600\nmax_seconds = 180",
            "contract.toml: kpis.aht_band.max_seconds = 180: must exceed min_seconds",
        ),
    ],
    ids=lambda v: (v.splitlines() or ["(removed)"])[0][:40],
)
def test_a_bad_value_is_named_with_its_key_value_and_what_is_allowed(
    old: str, new: str, expected: str
) -> None:
    text = TEMPLATE.replace("                 # shorter is shallow ...", "").replace(
        "                 # ... longer is inefficient", ""
    )
    assert old in text
    assert expected in problems(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            '[calendars.office]\ntimezone = "Europe/Amsterdam"',
            '[calendars.office]\ntimezone = "Europe/Amsterdm"',
            "contract.toml: calendars.office: timezone = 'Europe/Amsterdm' is not an IANA time "
            "zone: use a name like 'Europe/Amsterdam', 'America/New_York' or 'UTC'",
        ),
        (
            'mon = ["08:00-17:00"]',
            'mon = ["08:00-17:00", "16:00-18:00"]',
            "contract.toml: calendars.office: hours.mon: 08:00-17:00 overlaps 16:00-18:00: "
            "ranges of one day must not overlap",
        ),
    ],
)
def test_calendars_are_validated_by_the_business_calendar(
    old: str, new: str, expected: str
) -> None:
    # the broken calendar is reported once; the norm that names it is not blamed too
    assert problems(TEMPLATE.replace(old, new, 1)) == [expected]


def test_the_contract_time_zone_must_exist() -> None:
    text = TEMPLATE.replace('timezone = "Europe/Amsterdam"', 'timezone = "Europe/Amsterdm"', 1)
    assert problems(text) == [
        'contract.toml: contract.timezone = "Europe/Amsterdm": not an IANA time zone: use a '
        'name like "Europe/Amsterdam" or "Europe/Brussels"'
    ]


def test_every_problem_in_a_file_is_reported_at_once() -> None:
    text = TEMPLATE.replace("monthly_fee = 25000", "monthly_fee = -5").replace(
        "months = 3", "months = 13"
    )
    found = problems(text)
    assert len(found) == 2
    assert any("contract.monthly_fee = -5" in p for p in found)
    assert any("earn_back.months = 13" in p for p in found)


def test_problems_found_after_the_schema_are_also_reported_together() -> None:
    text = TEMPLATE.replace('calendar = "office"', 'calendar = "x"').replace(
        "target = 0.70 ", "target = 7 "
    )
    assert len(problems(text)) == 2


def test_broken_toml_names_the_file_and_line() -> None:
    found = problems('[contract]\nvendor = "x\n')
    assert found[0].startswith("contract.toml: not valid TOML:")
    assert "line 2" in found[0]


def test_the_error_is_an_invalid_input_with_its_own_code() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_contract("")
    assert isinstance(caught.value, CaseFileError)
    assert caught.value.code == "invalid_contract_file"


def test_load_contract_reads_a_file_and_names_it_in_errors(tmp_path: Path) -> None:
    path = tmp_path / "acme.toml"
    path.write_text(TEMPLATE, encoding="utf-8")
    assert load_contract(path).vendor is None
    path.write_text(TEMPLATE.replace("months = 3", "months = 0"), encoding="utf-8")
    with pytest.raises(ContractFileError, match=r"^acme\.toml: earn_back\.months = 0"):
        load_contract(path)
    with pytest.raises(NotFound):
        load_contract(tmp_path / "missing.toml")


def test_fcr_no_recontact_days_and_min_sample_defaults() -> None:
    text = TEMPLATE.replace(
        'method = "agent_flag"', 'method = "no_recontact_days"\nrecontact_days = 7'
    ).replace(
        "target = 0.10                       # < 10 % handed to tier 2 or a supervisor\n"
        "min_sample = 100",
        "target = 0.10",
    )
    kpis = {k.kpi: k for k in parse_contract(text).kpis}
    assert kpis["fcr"].fcr_method is FcrMethod.NO_RECONTACT_DAYS
    assert kpis["fcr"].recontact_days == 7
    assert kpis["escalation_rate"].min_sample == 100  # the documented default
    assert kpis["availability"].min_sample == 0


# --- The fee: a fixed monthly fee or a pricing model -----------------------------------------

FEE_LINE = "monthly_fee = 25000                 # the base for penalties and bonuses given in %\n"


def with_fee(fee: str, monthly_fee: str | None = None) -> str:
    text = TEMPLATE.replace(
        FEE_LINE, "" if monthly_fee is None else f"monthly_fee = {monthly_fee}\n"
    )
    return text.replace("# Business calendars", f"[fee]\n{fee}\n\n# Business calendars", 1)


@pytest.mark.parametrize(
    ("fee", "fixed", "handled", "billed", "expected"),
    [
        ('model = "per_ticket"\nticket_rate = 3.10', None, 1000, {}, "3100.00"),
        ('model = "hourly"\nhourly_rate = 31.50', None, 0, {"hours": Decimal("1234.5")},
         "38886.75"),
        ('model = "fte"\nfte_monthly_rate = 4200', None, 0, {"fte": Decimal("6.5")}, "27300.00"),
        # 20,000 for 8,000 included; 8,250 handled → 250 × 2.80 overage
        ('model = "subscription"\nincluded_tickets = 8000\noverage_rate = 2.80', "20000", 8250,
         {}, "20700.00"),
        ('model = "subscription"\nincluded_tickets = 8000\noverage_rate = 2.80', "20000", 7000,
         {}, "20000.00"),
        ('model = "mixed"\nticket_rate = 0.5', "5000", 3000, {}, "6500.00"),
    ],
)  # fmt: skip
def test_the_month_fee_follows_the_pricing_model(
    fee: str, fixed: str | None, handled: int, billed: dict[str, Decimal], expected: str
) -> None:
    contract = parse_contract(with_fee(fee, fixed))
    assert contract.fee(handled, **billed) == Decimal(expected)


def test_a_fixed_fee_is_the_monthly_fee_whatever_the_volume() -> None:
    assert parse_contract(TEMPLATE).fee(123_456) == Decimal("25000.00")


def test_an_hourly_fee_without_billed_hours_says_what_to_give() -> None:
    contract = parse_contract(with_fee('model = "hourly"\nhourly_rate = 30'))
    with pytest.raises(InvalidInput, match=r"needs the billed hours .* give --billed-hours"):
        contract.fee(100)


@pytest.mark.parametrize(
    ("fee", "fixed", "expected"),
    [
        ('model = "hourly"\nticket_rate = 2', None, [
            "contract.toml: fee.ticket_rate = 2: not used by model 'hourly': use model 'mixed' "
            "or remove it",
            "contract.toml: fee.hourly_rate: missing: model 'hourly' needs it"]),
        ('model = "per_ticket"\nticket_rate = 2', "100", [
            "contract.toml: contract.monthly_fee: not used by model 'per_ticket': use model "
            "'mixed' for a fixed part plus a rate, or remove it"]),
        ('model = "subscription"', None, [
            "contract.toml: contract.monthly_fee: missing: model 'subscription' needs it"]),
        ('model = "mixed"', "100", [
            "contract.toml: fee: model 'mixed' needs a rate: hourly_rate, fte_monthly_rate or "
            "ticket_rate"]),
    ],
)  # fmt: skip
def test_a_pricing_model_with_the_wrong_rates_is_refused(
    fee: str, fixed: str | None, expected: list[str]
) -> None:
    assert problems(with_fee(fee, fixed)) == expected
