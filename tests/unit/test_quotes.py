"""Quotes in the domain and the comparison service, on hand-computed figures.

The case for the multi-channel tests: 500 e-mails a month at 6 minutes (50 workload
hours) and 1,000 chats at 3 minutes (50 hours), 100 productive hours per agent → 1 FTE,
one agent in month 1; in-house 1 FTE at € 3,000 → € 36,000 over 12 months.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from regie.domain.errors import NotFound
from regie.domain.quotes import (
    ChannelTerms,
    Gdpr,
    PriceList,
    Quote,
    Scope,
    missing_items,
    onboarding_total,
    qa_sample_per_month,
    ranks,
    risk_flags,
    scope_flags,
)
from regie.files.case_loader import parse_case
from regie.i18n import Locale
from regie.services.quotes import (
    QuoteInfo,
    compare_quotes,
    comparison_json,
    duration_text,
    flag_text,
    item_label,
    live_hours,
)

TODAY = date(2026, 3, 1)
CASE = """
[case]
name = "Two channels"
productive_hours = { per_month = 100 }

[channels.email]
volume_per_month = 500
aht_minutes = 6

[channels.chat]
volume_per_month = 1000
aht_minutes = 3

[inhouse]
gross_monthly_salary = 3000
employer_charges_pct = 0

[outsourced.pricing]
model = "hourly"
hourly_rate = 20
"""
LIVE_CHAT = """
[channels.chat.staffing]
method = "erlang"
open_hours_per_week = 84
"""


def terms(channel: str, **kw: Any) -> ChannelTerms:
    base: dict[str, Any] = {
        "in_scope": True,
        "response_seconds": 3600.0,
        "response_share_pct": 80.0,
        "coverage": "all_week",
        "hours_per_day": 12.0,
    }
    return ChannelTerms(channel, **{**base, **kw})


def complete(**kw: Any) -> Quote:
    """A quote with every item filled in."""
    base: dict[str, Any] = dict(
        vendor="V",
        quote_date=date(2026, 1, 1),
        valid_until=date(2026, 12, 31),
        minimum_term_months=12,
        pricing=PriceList("hourly", hourly_rate=20.0),
        channels=(terms("email"), terms("chat")),
        onboarding_fee=0.0,
        training_hours_per_agent=40.0,
        scale_up_weeks=4.0,
        reporting="weekly",
        qa_reviews_per_agent_month=60.0,
        gdpr=Gdpr(True, "eu", True, True, True, False),
        exit_notice_months=3.0,
        exit_data_return=True,
        exit_fee=0.0,
    )
    return Quote(**{**base, **kw})


def info(name: str, quote: Quote, number: int = 1) -> QuoteInfo:
    moment = datetime(2026, 2, 1, tzinfo=UTC)
    return QuoteInfo(number, name, 1, f"{name}.xlsx", "0" * 64, quote, moment, True)


def test_a_complete_quote_misses_nothing() -> None:
    assert missing_items(complete()) == []


def test_a_blank_quote_misses_every_item_of_domain_section_2() -> None:
    quote = Quote(channels=(ChannelTerms("email", in_scope=True),))
    assert missing_items(quote) == [
        "minimum_term",
        "pricing",
        "onboarding",
        "training",
        "scale_up",
        "reporting",
        "qa_sample",
        "gdpr_dpa",
        "gdpr_location",
        "gdpr_encryption",
        "gdpr_certification",
        "exit_notice",
        "exit_data_return",
        "exit_fee",
        "sla.email",
        "hours.email",
    ]


def test_billed_onboarding_hours_need_a_rate_and_an_in_scope_channel_a_price() -> None:
    quote = complete(
        pricing=None,
        channels=(terms("email", pricing=PriceList("per_ticket", ticket_rate=2)), terms("chat")),
        onboarding_hours_per_agent=40.0,
    )
    assert missing_items(quote) == ["onboarding_rate", "pricing.chat"]


def test_onboarding_is_the_fee_plus_billed_hours_times_rate_times_agents() -> None:
    quote = complete(onboarding_fee=500.0, onboarding_hours_per_agent=40.0)
    assert onboarding_total(quote, agents_month_1=3) == 500 + 40 * 20 * 3
    assert onboarding_total(replace(quote, onboarding_rate=25.0), 3) == 500 + 40 * 25 * 3


def test_ranks_go_by_tco_share_ties_and_skip_unpriced_quotes() -> None:
    found = ranks({"a": 300.0, "b": 100.0, "c": None, "d": 300.0, "e": 200.0})
    assert found == {"a": 3, "b": 1, "c": None, "d": 3, "e": 2}


def test_scope_flags_name_an_excluded_channel_and_say_whether_it_is_priced() -> None:
    general = complete(channels=(terms("email"),))
    own_only = complete(
        pricing=None, channels=(terms("email", pricing=PriceList("hourly", hourly_rate=20)),)
    )
    scope = Scope(("email", "chat"))
    assert [(f.code, f.subject, f.figures) for f in scope_flags(general, [], scope)] == [
        ("channel_excluded", "chat", {"priced": True})
    ]
    assert scope_flags(own_only, [], scope)[0].figures == {"priced": False}


def test_one_quote_excluding_weekends_is_a_scope_mismatch() -> None:
    weekdays = complete(channels=(terms("email", coverage="weekdays", hours_per_day=10),))
    all_week = complete(channels=(terms("email"),))
    scope = Scope(("email",))
    (flag,) = scope_flags(weekdays, [all_week], scope)
    assert (flag.code, flag.figures) == (
        "coverage_narrower",
        {"coverage": "weekdays", "hours": 50.0, "other": "all_week", "other_hours": 84.0},
    )
    assert scope_flags(all_week, [weekdays], scope) == []


def test_hours_and_coverage_are_checked_against_what_the_company_needs() -> None:
    quote = complete(channels=(terms("chat", coverage="weekdays", hours_per_day=10),))
    scope = Scope(("chat",), {"chat": 84.0}, coverage="all_week")
    found = [(f.code, f.figures) for f in scope_flags(quote, [], scope)]
    assert found == [
        ("hours_short_of_case", {"hours": 50.0, "need": 84.0}),
        ("coverage_short_of_need", {"coverage": "weekdays"}),
    ]


def test_a_looser_sla_than_another_quote_is_flagged_with_the_strictest_other() -> None:
    loose = complete(channels=(terms("email", response_seconds=14400.0),))
    strict = complete(channels=(terms("email", response_seconds=3600.0),))
    stricter = complete(
        channels=(terms("email", response_seconds=3600.0, response_share_pct=90.0),)
    )
    (flag,) = scope_flags(loose, [strict, stricter], Scope(("email",)))
    assert flag.figures == {
        "seconds": 14400.0,
        "share": 80.0,
        "other_seconds": 3600.0,
        "other_share": 90.0,
    }


def test_risks_gdpr_gaps_expiry_long_terms_and_thin_qa() -> None:
    quote = complete(
        gdpr=Gdpr(False, "non_eu", True, False, None, None),
        exit_data_return=False,
        valid_until=date(2026, 2, 28),
        minimum_term_months=36,
        qa_reviews_per_agent_month=None,
        qa_sample_pct=2.0,
    )
    found = [f.code for f in risk_flags(quote, agents=1, volume_per_month=1500, today=TODAY)]
    assert found == [
        "no_dpa",
        "outside_eu",
        "no_encryption",
        "no_data_return",
        "expired",
        "term_beyond_horizon",
        "qa_sample_small",
    ]
    assert qa_sample_per_month(quote, 1, 1500) == 30.0
    assert risk_flags(complete(), 1, 1500, TODAY) == []


def test_a_subscription_over_two_channels_counts_its_fee_and_included_contacts_once() -> None:
    subscription = PriceList(
        "subscription", monthly_fee=2000.0, included_tickets=1200.0, overage_rate=1.5
    )
    quote = complete(pricing=subscription, onboarding_fee=1000.0)
    c = compare_quotes(parse_case(CASE), [info("sub", quote)], today=TODAY)
    (priced,) = c.quotes
    # 2,000 + 1.5 × (1,500 − 1,200) = 2,450 a month; + 1,000 onboarding
    assert priced.tco(12) == pytest.approx(2450 * 12 + 1000)
    assert priced.tco(24) == pytest.approx(2450 * 24 + 1000)
    assert priced.cost_per_ticket(24) == pytest.approx((2450 * 24 + 1000) / (1500 * 24))
    assert c.inhouse[12].inhouse_tco == pytest.approx(36_000)
    assert [w.code for w in c.warnings] == ["few_quotes"]


def test_a_channel_price_list_overrides_the_general_one_for_that_channel() -> None:
    per_ticket = terms("email", pricing=PriceList("per_ticket", ticket_rate=3.0))
    quote = complete(channels=(per_ticket, terms("chat")))
    (priced,) = compare_quotes(parse_case(CASE), [info("mix", quote)], today=TODAY).quotes
    # e-mail 500 × 3 = 1,500; chat 50 h × 20 = 1,000 → 2,500 a month
    assert priced.tco(12) == pytest.approx(2500 * 12)


def test_a_quote_without_any_price_is_listed_last_without_a_rank() -> None:
    priced, unpriced = complete(), complete(pricing=None)
    c = compare_quotes(parse_case(CASE), [info("none", unpriced, 2), info("ok", priced)])
    assert [(p.info.vendor, p.rank, p.tco(24)) for p in c.quotes] == [
        ("ok", 1, pytest.approx(2000 * 24)),
        ("none", None, None),
    ]


def test_the_quote_exit_fee_counts_when_the_case_includes_it() -> None:
    case = parse_case(CASE + "\n[contractual]\ninclude_exit_fee = true\nexit_fee = 900\n")
    quotes = [info("a", complete(exit_fee=5000.0)), info("b", complete(exit_fee=None), 2)]
    a, b = compare_quotes(case, quotes, today=TODAY).quotes
    assert a.tco(12) == pytest.approx(2000 * 12 + 900)  # blank: the case's own assumption
    assert b.tco(12) == pytest.approx(2000 * 12 + 5000)


def test_a_live_channel_must_be_covered_its_open_hours() -> None:
    case = parse_case(CASE + LIVE_CHAT)
    assert live_hours(case) == {"chat": 84.0}
    short = complete(channels=(terms("email"), terms("chat", hours_per_day=10)))
    (priced,) = compare_quotes(case, [info("short", short)], today=TODAY).quotes
    assert [(f.code, f.subject) for f in priced.flags] == [("hours_short_of_case", "chat")]


def test_no_quotes_is_an_error() -> None:
    with pytest.raises(NotFound, match="regie quote import"):
        compare_quotes(parse_case(CASE), [])


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_finding_has_a_sentence_and_the_json_carries_it(lang: str) -> None:
    loc = Locale(lang)  # type: ignore[arg-type]
    odd = complete(
        pricing=PriceList("mixed", monthly_fee=100.0, hourly_rate=10.0),
        gdpr=Gdpr(False, "non_eu", False, None, None, None),
        channels=(terms("email", coverage="weekdays", hours_per_day=8, response_seconds=7200.0),),
        valid_until=date(2020, 1, 1),
        minimum_term_months=48,
        exit_data_return=False,
        qa_reviews_per_agent_month=1.0,
        scale_up_weeks=None,
    )
    short = complete(
        pricing=PriceList("mixed", monthly_fee=5000.0, hourly_rate=5.0),
        channels=(terms("email"), terms("chat", coverage="weekdays", hours_per_day=10)),
    )
    quotes = [info("odd", odd), info("ok", complete(), 2), info("short", short, 3)]
    c = compare_quotes(parse_case(CASE + LIVE_CHAT), quotes, coverage="24/7", today=TODAY)
    flags = [f for p in c.quotes for f in p.flags] + list(c.warnings)
    codes = {f.code for f in flags}
    assert {
        "missing",
        "channel_excluded",
        "hours_short_of_case",
        "coverage_short_of_need",
        "coverage_narrower",
        "sla_looser",
        "no_dpa",
        "outside_eu",
        "no_encryption",
        "no_data_return",
        "expired",
        "term_beyond_horizon",
        "qa_sample_small",
        "lowest_rate_not_lowest_tco",
    } <= codes
    for f in flags:
        assert flag_text(f, loc) and "{" not in flag_text(f, loc)
    document = comparison_json(c, loc)
    assert document["quotes"][0]["horizons"]["24"]["tco"] is not None
    assert all(f["text"] for q in document["quotes"] for f in q["flags"])


def test_item_labels_and_durations_read_well() -> None:
    loc = Locale("en")
    assert item_label("sla.email", loc) == "Response target (E-mail)"
    assert item_label("exit_fee", loc) == "Exit fee"
    assert [duration_text(s, loc) for s in (30, 60, 90, 7200)] == ["30 s", "1 min", "90 s", "2 h"]
