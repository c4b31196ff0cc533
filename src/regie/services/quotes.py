"""Use cases: import vendors' quotes and compare them on TCO with the business-case engine.

A quote is read from the filled form (:mod:`regie.files.quote_reader`) and stored as a
new version for its vendor; the newest version is the active one. Comparing prices
every active quote on the same scope — the business case's volumes, handle times and
client-side costs — over 12 and 24 months, ranks them on the 24-month TCO (never on
the hourly rate) and flags missing items, scope mismatches and risky terms.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from regie.domain.case import BusinessCase
from regie.domain.costing import agents, project
from regie.domain.errors import NotFound
from regie.domain.quotes import (
    HORIZONS,
    MIN_QUOTES,
    Coverage,
    Flag,
    Quote,
    Scope,
    missing_items,
    priced_case,
    ranks,
    risk_flags,
    scope_flags,
    unpriced_channels,
)
from regie.domain.scenarios import likely
from regie.files.quote_form import choice_label, item_label_id
from regie.files.quote_reader import read_quote
from regie.i18n import Locale
from regie.services.business_case import Figures, figures
from regie.services.ports import ContactStore
from regie.services.statement_text import channel_name


@dataclass(frozen=True)
class QuoteInfo:
    """One stored version of a vendor's quote."""

    id: int
    vendor: str
    version: int
    file_name: str
    sha256: str
    quote: Quote
    imported_at: datetime
    active: bool


class QuoteStore(Protocol):
    """Quote versions per vendor; the highest version is the active one."""

    def add_quote(self, vendor_id: int, quote: Quote, file_name: str, sha256: str) -> QuoteInfo:
        """Store ``quote`` as the vendor's next version."""
        ...

    def quotes(self, vendor_id: int | None = None, history: bool = False) -> list[QuoteInfo]:
        """Active quotes (every version with ``history``), by vendor then version."""
        ...


@dataclass(frozen=True)
class ImportedQuote:
    info: QuoteInfo
    missing: tuple[str, ...]
    unchanged: bool


def import_quote(store: ContactStore, book: QuoteStore, path: Path, vendor: str) -> ImportedQuote:
    """Read ``path`` and store it as the vendor's active quote (same file: kept as it is)."""
    quote = read_quote(path)
    found = store.vendor(vendor)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    current = book.quotes(found.id)
    if current and current[0].sha256 == sha:
        return ImportedQuote(current[0], tuple(missing_items(quote)), unchanged=True)
    info = book.add_quote(found.id, quote, path.name, sha)
    return ImportedQuote(info, tuple(missing_items(quote)), unchanged=False)


def stored_quotes(
    store: ContactStore, book: QuoteStore, vendors: Sequence[str] = (), history: bool = False
) -> list[QuoteInfo]:
    """The active quotes (or every version) of the named vendors, else of all vendors."""
    if not vendors:
        return book.quotes(history=history)
    found: list[QuoteInfo] = []
    for name in vendors:
        quotes = book.quotes(store.vendor(name).id, history)
        if not quotes:
            raise NotFound(f"vendor {name!r} has no quote; import one with `regie quote import`")
        found += quotes
    return found


@dataclass(frozen=True)
class PricedQuote:
    """A quote priced by the business-case engine, with its findings."""

    info: QuoteInfo
    figures: Mapping[int, Figures] | None  # by horizon; None: the quote has no price
    onboarding: float
    missing: tuple[str, ...]
    flags: tuple[Flag, ...]
    rank: int | None

    def tco(self, horizon: int) -> float | None:
        return None if self.figures is None else self.figures[horizon].outsourced_tco

    def cost_per_ticket(self, horizon: int) -> float | None:
        return None if self.figures is None else self.figures[horizon].cost_per_ticket_outsourced


@dataclass(frozen=True)
class QuoteComparison:
    case: BusinessCase
    inhouse: Mapping[int, Figures]
    quotes: tuple[PricedQuote, ...]  # best first; unpriced quotes last
    warnings: tuple[Flag, ...]
    agents_month_1: float
    coverage: Coverage | None = None

    @property
    def ranked_on(self) -> int:
        return max(HORIZONS)


def compare_quotes(
    case: BusinessCase,
    quotes: Sequence[QuoteInfo],
    coverage: Coverage | None = None,
    today: date | None = None,
) -> QuoteComparison:
    """Price every quote on the case's scope over 12 and 24 months and rank on TCO."""
    if not quotes:
        raise NotFound("no quotes to compare; import them with `regie quote import`")
    values = likely(case.estimates)
    first = project(replace(case.structure, horizon_months=1), values)
    agents_1 = float(agents(first.fte_total)[0])
    volume_1 = float(first.volume_total[0])
    scope = Scope(case.structure.channels, live_hours(case), coverage)
    inhouse = {h: figures(_horizon(case, h), values) for h in HORIZONS}
    priced = [
        _price(
            case,
            q,
            [o.quote for o in quotes if o is not q],
            scope,
            agents_1,
            volume_1,
            today or date.today(),
        )
        for q in quotes
    ]
    rank = ranks({str(p.info.id): p.tco(max(HORIZONS)) for p in priced})
    ordered = sorted(
        (replace(p, rank=rank[str(p.info.id)]) for p in priced),
        key=lambda p: (p.rank is None, p.rank or 0, p.info.vendor.casefold()),
    )
    warnings = comparison_warnings(ordered)
    return QuoteComparison(case, inhouse, tuple(ordered), tuple(warnings), agents_1, coverage)


def live_hours(case: BusinessCase) -> dict[str, float]:
    """Open hours a week of each Erlang-staffed channel: what a vendor must cover."""
    return {
        channel: sum(1 for w in live.weights if w > 0) * live.interval_minutes / 60.0
        for channel, live in case.structure.live.items()
    }


def _horizon(case: BusinessCase, months: int) -> BusinessCase:
    return replace(case, structure=replace(case.structure, horizon_months=months))


def _price(
    case: BusinessCase,
    info: QuoteInfo,
    others: Sequence[Quote],
    scope: Scope,
    agents_1: float,
    volume_1: float,
    today: date,
) -> PricedQuote:
    q = info.quote
    missing = tuple(missing_items(q))
    flags = [Flag("missing", "missing", key) for key in missing]
    flags += scope_flags(q, others, scope)
    flags += risk_flags(q, agents_1, volume_1, today)
    by_horizon: dict[int, Figures] | None = None
    if len(unpriced_channels(q, case.structure.channels)) < len(case.structure.channels):
        by_horizon = {}
        for months in HORIZONS:
            priced = priced_case(case, q, agents_1, months)
            by_horizon[months] = figures(priced, likely(priced.estimates))
    onboarding = 0.0
    if by_horizon is not None:
        onboarding = float(np.sum(by_horizon[min(HORIZONS)].projection.outsourced["onboarding"]))
    return PricedQuote(info, by_horizon, onboarding, missing, tuple(flags), None)


def comparison_warnings(ordered: Sequence[PricedQuote]) -> list[Flag]:
    """Fewer than three quotes; a lowest hourly rate that is not the lowest TCO."""
    warnings = []
    if len(ordered) < MIN_QUOTES:
        warnings.append(Flag("warning", "few_quotes", "", {"count": len(ordered)}))
    rates = [(p.info.quote.hourly_rate, p) for p in ordered if p.rank is not None]
    hourly = [(rate, p) for rate, p in rates if rate is not None]
    if len(hourly) > 1:
        rate, cheapest = min(hourly, key=lambda item: item[0])
        if cheapest.rank != 1:
            figures_ = {"rank": cheapest.rank, "rate": rate}
            warnings.append(
                Flag("warning", "lowest_rate_not_lowest_tco", cheapest.info.vendor, figures_)
            )
    return warnings


def comparison_json(c: QuoteComparison, loc: Locale) -> dict[str, Any]:
    """The ``regie quote compare --json`` document (money in euros, as numbers)."""
    return {
        "case": {
            "name": c.case.name,
            "file": c.case.source,
            "channels": list(c.case.structure.channels),
        },
        "horizons": list(HORIZONS),
        "ranked_on_months": c.ranked_on,
        "agents_month_1": c.agents_month_1,
        "inhouse": {
            str(h): {
                "tco": round(f.inhouse_tco, 2),
                "cost_per_ticket": round(f.cost_per_ticket_inhouse, 4),
                "volume": round(f.volume, 2),
            }
            for h, f in c.inhouse.items()
        },
        "quotes": [_priced_json(p, c, loc) for p in c.quotes],
        "warnings": [_flag_json(f, loc) for f in c.warnings],
    }


def _priced_json(p: PricedQuote, c: QuoteComparison, loc: Locale) -> dict[str, Any]:
    q = p.info.quote
    by_horizon = {}
    for h in HORIZONS:
        tco, unit = p.tco(h), p.cost_per_ticket(h)
        saving = None if tco is None else c.inhouse[h].inhouse_tco - tco
        by_horizon[str(h)] = {
            "tco": _round(tco, 2),
            "cost_per_ticket": _round(unit, 4),
            "saving_vs_inhouse": _round(saving, 2),
        }
    return {
        "rank": p.rank,
        "vendor": p.info.vendor,
        "version": p.info.version,
        "file": p.info.file_name,
        "sha256": p.info.sha256,
        "models": list(q.models),
        "hourly_rate": q.hourly_rate,
        "onboarding": round(p.onboarding, 2),
        "horizons": by_horizon,
        "missing": list(p.missing),
        "flags": [_flag_json(f, loc) for f in p.flags],
    }


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _flag_json(f: Flag, loc: Locale) -> dict[str, Any]:
    return {"kind": f.kind, "code": f.code, "subject": f.subject, "text": flag_text(f, loc)}


def item_label(key: str, loc: Locale) -> str:
    """A missing item's name (``sla.phone`` → ``Response target (Phone)``)."""
    label, channel = item_label_id(key)
    return loc.t(label, channel=channel_name(channel, loc)) if channel else loc.t(label)


def duration_text(seconds: float, loc: Locale) -> str:
    """30 → ``30 s``, 120 → ``2 min``, 7200 → ``2 h``: the largest whole unit."""
    for size, unit in ((3600.0, "h"), (60.0, "min")):
        if seconds >= size and seconds % size == 0:
            return f"{loc.number(seconds / size, 0)} {unit}"
    return f"{loc.number(seconds, 0)} s"


def _coverage_text(code: object, hours: object, loc: Locale) -> str:
    days = choice_label("coverage", str(code), loc.lang) if code else "—"
    if code == "24/7" or not isinstance(hours, int | float):
        return days
    return loc.t("{days}, {hours} h a week", days=days, hours=loc.number(hours, 0))


def flag_text(f: Flag, loc: Locale) -> str:
    """One sentence for one finding, in the reader's language."""
    if f.kind == "missing":
        return loc.t(
            "Missing: {item}. A blank item is a future unforeseen cost.",
            item=item_label(f.subject, loc),
        )
    if f.kind == "scope":
        return _scope_text(f, loc)
    return _risk_text(f, loc)


def _scope_text(f: Flag, loc: Locale) -> str:
    g, channel = f.figures, channel_name(f.subject, loc)
    if f.code == "channel_excluded":
        if g["priced"]:
            return loc.t(
                "{channel} is not in the quote's scope; priced at its general rates.",
                channel=channel,
            )
        return loc.t(
            "{channel} is not in the quote's scope and has no price: the TCO leaves it out.",
            channel=channel,
        )
    if f.code == "hours_short_of_case":
        return loc.t(
            "{channel}: covers {hours} h a week; the business case staffs {need} h.",
            channel=channel,
            hours=loc.number(float(g["hours"]), 0),
            need=loc.number(float(g["need"]), 0),
        )
    if f.code == "coverage_short_of_need":
        return loc.t(
            "{channel}: covers {coverage} only, less than the coverage you need.",
            channel=channel,
            coverage=_coverage_text(g["coverage"], None, loc),
        )
    if f.code == "coverage_narrower":
        return loc.t(
            "{channel}: covers {coverage}; another quote covers {other}. Not the same scope.",
            channel=channel,
            coverage=_coverage_text(g["coverage"], g["hours"], loc),
            other=_coverage_text(g["other"], g["other_hours"], loc),
        )
    return loc.t(
        "{channel}: {share} within {target}; another quote offers {other_share} within "
        "{other_target}. Not the same scope.",
        channel=channel,
        share=loc.percent(float(g["share"]), 0),
        target=duration_text(float(g["seconds"]), loc),
        other_share=loc.percent(float(g["other_share"]), 0),
        other_target=duration_text(float(g["other_seconds"]), loc),
    )


def _risk_text(f: Flag, loc: Locale) -> str:
    g = f.figures
    texts = {
        "no_dpa": lambda: loc.t("No data processing agreement (DPA): the GDPR requires one."),
        "outside_eu": lambda: loc.t(
            "Data is processed outside the EU/EEA: transfers need safeguards under the GDPR."
        ),
        "no_encryption": lambda: loc.t("Data is not encrypted at rest or in transit."),
        "no_data_return": lambda: loc.t(
            "No data return at exit: the knowledge base and data may stay with the vendor."
        ),
        "expired": lambda: loc.t("The offer expired on {date}.", date=loc.date(g["date"])),
        "term_beyond_horizon": lambda: loc.t(
            "Minimum term of {months} months runs past the {horizon}-month comparison.",
            months=loc.number(float(g["months"]), 0),
            horizon=g["horizon"],
        ),
        "qa_sample_small": lambda: loc.t(
            "QA reviews about {sample} contacts a month: fewer than the 50 needed for "
            "reliable QA figures.",
            sample=loc.number(float(g["sample"]), 0),
        ),
        "few_quotes": lambda: loc.t(
            "Only {count} quote(s): ask at least 3 with the same scope.", count=g["count"]
        ),
        "lowest_rate_not_lowest_tco": lambda: loc.t(
            "{vendor} has the lowest hourly rate ({rate}) but ranks {rank} on TCO: compare on "
            "TCO, not on the hourly rate.",
            vendor=f.subject,
            rate=loc.money(float(g["rate"])),
            rank=g["rank"],
        ),
    }
    return texts[f.code]()
