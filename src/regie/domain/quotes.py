"""A vendor's quote (DOMAIN §2) and how quotes compare on the same scope.

A quote records the tariff model and rates, onboarding, SLAs and hours per channel,
GDPR data protocols, reporting frequency, training time, QA sample rate, scale-up time,
exit clauses and the minimum term. Any item may be blank: a blank item is a future
unforeseen cost, so :func:`missing_items` names it and the comparison flags it.

Quotes are compared on TCO, never on the hourly rate: :func:`priced_case` puts a quote's
price lists and onboarding into a copy of the business case, so the business-case engine
prices every quote on the same volumes, handle times and client-side costs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

from regie.domain.case import BusinessCase
from regie.domain.costing import PRICING_RATES, Estimate, PricingBlock, PricingModel

Coverage = Literal["weekdays", "weekdays_saturday", "all_week", "24/7"]
Reporting = Literal["daily", "weekly", "monthly", "quarterly"]
DataLocation = Literal["eu", "non_eu"]
FlagKind = Literal["missing", "scope", "risk", "warning"]

COVERAGE_DAYS: dict[Coverage, int] = {"weekdays": 5, "weekdays_saturday": 6, "all_week": 7}
COVERAGES: tuple[Coverage, ...] = ("weekdays", "weekdays_saturday", "all_week", "24/7")
HORIZONS = (12, 24)  # months: DOMAIN §2 compares on TCO over 12–24 months
MIN_QUOTES = 3  # DOMAIN §2: ask three quotes with the same scope
MIN_QA_SAMPLE = 50  # DOMAIN §4: reviews a month for reliable QA statistics
GENERAL_PRICING = "quote.pricing"


@dataclass(frozen=True)
class PriceList:
    """A vendor price list: the model and its rates (as the case file's pricing)."""

    model: PricingModel
    hourly_rate: float | None = None
    fte_monthly_rate: float | None = None
    ticket_rate: float | None = None
    monthly_fee: float | None = None
    included_tickets: float | None = None
    overage_rate: float | None = None

    def rate(self, name: str) -> float:
        value: float | None = getattr(self, name)
        return value or 0.0


@dataclass(frozen=True)
class ChannelTerms:
    """What a quote says about one channel: scope, own prices, SLA and hours covered."""

    channel: str
    in_scope: bool | None = None
    pricing: PriceList | None = None
    response_seconds: float | None = None
    response_share_pct: float | None = None
    coverage: Coverage | None = None
    hours_per_day: float | None = None

    @property
    def hours_per_week(self) -> float | None:
        if self.coverage == "24/7":
            return 168.0
        if self.coverage is None or self.hours_per_day is None:
            return None
        return COVERAGE_DAYS[self.coverage] * self.hours_per_day


@dataclass(frozen=True)
class Gdpr:
    """The data protocols (DOMAIN §2 GDPR/security checklist)."""

    dpa: bool | None = None
    data_location: DataLocation | None = None
    encryption_at_rest: bool | None = None
    encryption_in_transit: bool | None = None
    iso_27001: bool | None = None
    soc_2: bool | None = None


@dataclass(frozen=True)
class Quote:
    """One filled quote form, every item optional."""

    vendor: str = ""
    quote_date: date | None = None
    valid_until: date | None = None
    minimum_term_months: float | None = None
    pricing: PriceList | None = None
    channels: tuple[ChannelTerms, ...] = ()
    onboarding_fee: float | None = None
    onboarding_hours_per_agent: float | None = None
    onboarding_rate: float | None = None
    training_hours_per_agent: float | None = None
    scale_up_weeks: float | None = None
    reporting: Reporting | None = None
    qa_reviews_per_agent_month: float | None = None
    qa_sample_pct: float | None = None
    gdpr: Gdpr = field(default_factory=Gdpr)
    exit_notice_months: float | None = None
    exit_data_return: bool | None = None
    exit_fee: float | None = None

    def terms(self, channel: str) -> ChannelTerms | None:
        return next((c for c in self.channels if c.channel == channel), None)

    @property
    def in_scope(self) -> tuple[str, ...]:
        return tuple(c.channel for c in self.channels if c.in_scope)

    def price_list(self, channel: str) -> PriceList | None:
        """The channel's own price list, else the quote's general one."""
        terms = self.terms(channel)
        own = terms.pricing if terms is not None else None
        return own or self.pricing

    @property
    def hourly_rate(self) -> float | None:
        """The general hourly rate, else the first channel's (shown, never ranked on)."""
        lists = [self.pricing, *(c.pricing for c in self.channels)]
        return next((p.hourly_rate for p in lists if p and p.hourly_rate is not None), None)

    @property
    def models(self) -> tuple[PricingModel, ...]:
        lists = [self.pricing, *(c.pricing for c in self.channels)]
        return tuple(dict.fromkeys(p.model for p in lists if p is not None))


@dataclass(frozen=True)
class Flag:
    """One finding about a quote; ``code`` and ``figures`` make its sentence."""

    kind: FlagKind
    code: str
    subject: str = ""
    figures: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Scope:
    """What the company needs: the case's channels and live hours, optionally a coverage."""

    channels: tuple[str, ...]
    hours_per_week: Mapping[str, float] = field(default_factory=dict)
    coverage: Coverage | None = None


def missing_items(q: Quote) -> list[str]:
    """Keys of the items the quote leaves blank, in the form's order."""
    blanks = {
        "minimum_term": q.minimum_term_months is None,
        "pricing": not q.models,
        "onboarding": q.onboarding_fee is None and q.onboarding_hours_per_agent is None,
        "onboarding_rate": _onboarding_rate(q) is None and bool(q.onboarding_hours_per_agent),
        "training": q.training_hours_per_agent is None,
        "scale_up": q.scale_up_weeks is None,
        "reporting": q.reporting is None,
        "qa_sample": q.qa_reviews_per_agent_month is None and q.qa_sample_pct is None,
    }
    found = [key for key, blank in blanks.items() if blank]
    found += _gdpr_missing(q.gdpr)
    found += [key for key, v in _exit_items(q).items() if v is None]
    for terms in q.channels:
        if terms.in_scope:
            found += _channel_missing(terms)
            if q.models and q.price_list(terms.channel) is None:
                found.append(f"pricing.{terms.channel}")
    return found


def _exit_items(q: Quote) -> dict[str, object]:
    return {
        "exit_notice": q.exit_notice_months,
        "exit_data_return": q.exit_data_return,
        "exit_fee": q.exit_fee,
    }


def _gdpr_missing(g: Gdpr) -> list[str]:
    items = {
        "gdpr_dpa": g.dpa,
        "gdpr_location": g.data_location,
        "gdpr_encryption": None if g.encryption_at_rest is None else g.encryption_in_transit,
        "gdpr_certification": None if g.iso_27001 is None and g.soc_2 is None else True,
    }
    return [key for key, value in items.items() if value is None]


def _channel_missing(t: ChannelTerms) -> list[str]:
    found = []
    if t.response_seconds is None or t.response_share_pct is None:
        found.append(f"sla.{t.channel}")
    if t.hours_per_week is None:
        found.append(f"hours.{t.channel}")
    return found


def _onboarding_rate(q: Quote) -> float | None:
    if q.onboarding_rate is not None:
        return q.onboarding_rate
    return q.pricing.hourly_rate if q.pricing is not None else None


def onboarding_total(q: Quote, agents_month_1: float) -> float:
    """The one-off onboarding: the fixed fee plus billed hours × rate × agents in month 1."""
    hours = (q.onboarding_hours_per_agent or 0.0) * agents_month_1
    return (q.onboarding_fee or 0.0) + hours * (_onboarding_rate(q) or 0.0)


def unpriced_channels(q: Quote, channels: Sequence[str]) -> list[str]:
    """The case's channels the quote gives no price for."""
    return [c for c in channels if q.price_list(c) is None]


def priced_case(
    case: BusinessCase, q: Quote, agents_month_1: float, horizon_months: int
) -> BusinessCase:
    """A copy of ``case`` whose vendor prices, onboarding and exit fee are the quote's.

    A channel with its own price list gets a block of its own; the others share the
    quote's general price list (so a subscription's fee and included tickets count once).
    A channel without any price is left unpriced (and flagged by the comparison).
    """
    estimates = dict(case.estimates)
    blocks = []
    channels = case.structure.channels
    own = [c for c in channels if (t := q.terms(c)) is not None and t.pricing is not None]
    shared = [c for c in channels if c not in own and q.pricing is not None]
    for key, prices, covered in [
        *((f"quote.channels.{c}.pricing", q.price_list(c), (c,)) for c in own),
        *([(GENERAL_PRICING, q.pricing, tuple(shared))] if shared else []),
    ]:
        assert prices is not None
        estimates.update({f"{key}.{r}": Estimate.exact(prices.rate(r)) for r in PRICING_RATES})
        blocks.append(PricingBlock(key, prices.model, covered))
    estimates["one_off.onboarding_fee"] = Estimate.exact(onboarding_total(q, agents_month_1))
    if q.exit_fee is not None:
        estimates["contractual.exit_fee"] = Estimate.exact(q.exit_fee)
    structure = replace(
        case.structure, pricing=tuple(blocks), onboarding="fixed", horizon_months=horizon_months
    )
    return replace(case, structure=structure, estimates=estimates)


def risk_flags(q: Quote, agents: float, volume_per_month: float, today: date) -> list[Flag]:
    """Terms that carry a risk even when filled in: GDPR gaps, thin QA, expiry, long terms."""
    g = q.gdpr
    checks: list[tuple[str, bool, dict[str, Any]]] = [
        ("no_dpa", g.dpa is False, {}),
        ("outside_eu", g.data_location == "non_eu", {}),
        ("no_encryption", g.encryption_at_rest is False or g.encryption_in_transit is False, {}),
        ("no_data_return", q.exit_data_return is False, {}),
        ("expired", q.valid_until is not None and q.valid_until < today, {"date": q.valid_until}),
        (
            "term_beyond_horizon",
            (q.minimum_term_months or 0) > max(HORIZONS),
            {"months": q.minimum_term_months, "horizon": max(HORIZONS)},
        ),
    ]
    flags = [Flag("risk", code, "", figures) for code, fires, figures in checks if fires]
    sample = qa_sample_per_month(q, agents, volume_per_month)
    if sample is not None and sample < MIN_QA_SAMPLE:
        flags.append(Flag("risk", "qa_sample_small", "", {"sample": sample}))
    return flags


def qa_sample_per_month(q: Quote, agents: float, volume_per_month: float) -> float | None:
    """Interactions reviewed a month: reviews per agent × agents, or share × volume."""
    if q.qa_reviews_per_agent_month is not None:
        return q.qa_reviews_per_agent_month * agents
    if q.qa_sample_pct is not None:
        return q.qa_sample_pct / 100.0 * volume_per_month
    return None


def scope_flags(q: Quote, others: Sequence[Quote], scope: Scope) -> list[Flag]:
    """Where the quote covers less than the case needs or than another quote offers."""
    flags: list[Flag] = []
    for channel in scope.channels:
        terms = q.terms(channel)
        if terms is None or not terms.in_scope:
            priced = q.price_list(channel) is not None
            flags.append(Flag("scope", "channel_excluded", channel, {"priced": priced}))
            continue
        flags += _hours_flags(terms, [o.terms(channel) for o in others], scope)
        flags += _sla_flags(terms, [o.terms(channel) for o in others])
    return flags


def _coverage_rank(t: ChannelTerms) -> int:
    return -1 if t.coverage is None else COVERAGES.index(t.coverage)


def _hours_flags(
    t: ChannelTerms, others: Sequence[ChannelTerms | None], scope: Scope
) -> list[Flag]:
    flags = []
    hours, need = t.hours_per_week, scope.hours_per_week.get(t.channel)
    if hours is not None and need is not None and hours + 1e-9 < need:
        flags.append(
            Flag("scope", "hours_short_of_case", t.channel, {"hours": hours, "need": need})
        )
    if scope.coverage is not None and 0 <= _coverage_rank(t) < COVERAGES.index(scope.coverage):
        flags.append(Flag("scope", "coverage_short_of_need", t.channel, {"coverage": t.coverage}))
    wider = [o for o in others if o is not None and o.in_scope and _wider(o, t)]
    if wider:
        best = max(wider, key=lambda o: (_coverage_rank(o), o.hours_per_week or 0.0))
        figures = {"coverage": t.coverage, "hours": hours, "other": best.coverage}
        figures["other_hours"] = best.hours_per_week
        flags.append(Flag("scope", "coverage_narrower", t.channel, figures))
    return flags


def _wider(other: ChannelTerms, t: ChannelTerms) -> bool:
    if t.coverage is None or other.coverage is None:
        return False
    if _coverage_rank(other) != _coverage_rank(t):
        return _coverage_rank(other) > _coverage_rank(t)
    return (other.hours_per_week or 0.0) > (t.hours_per_week or 0.0) + 1e-9


def _sla_flags(t: ChannelTerms, others: Sequence[ChannelTerms | None]) -> list[Flag]:
    if t.response_seconds is None or t.response_share_pct is None:
        return []
    stricter = [
        o
        for o in others
        if o is not None
        and o.in_scope
        and o.response_seconds is not None
        and o.response_share_pct is not None
        and o.response_seconds <= t.response_seconds
        and o.response_share_pct >= t.response_share_pct
        and (o.response_seconds, o.response_share_pct) != (t.response_seconds, t.response_share_pct)
    ]
    if not stricter:
        return []
    best = min(stricter, key=lambda o: (o.response_seconds or 0.0, -(o.response_share_pct or 0)))
    figures: dict[str, Any] = {"seconds": t.response_seconds, "share": t.response_share_pct}
    figures |= {"other_seconds": best.response_seconds, "other_share": best.response_share_pct}
    return [Flag("scope", "sla_looser", t.channel, figures)]


def ranks(tco: Mapping[str, float | None]) -> dict[str, int | None]:
    """1 for the lowest TCO; equal TCOs share a rank; an unpriced quote has none."""
    priced = sorted(v for v in tco.values() if v is not None)
    return {
        name: None if value is None else 1 + sum(1 for v in priced if v < value - 0.005)
        for name, value in tco.items()
    }
