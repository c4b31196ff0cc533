"""Read an SLA contract TOML file into a :class:`~regie.domain.contract.Contract`.

Errors follow the business-case file: one line per problem naming the file, the key path,
the bad value and what is allowed (``contract.toml: response.phone.required_share = 1.5:
must be a share between 0 and 1, e.g. 0.8 for 80 %``), unknown keys with the nearest
known key suggested, every problem at once in one :class:`ContractFileError`. Items of
``[[penalties]]`` / ``[[bonuses]]`` and of ``tiers`` are counted from 1:
``penalties[1].tiers[2].eur``.
"""

from __future__ import annotations

import difflib
import tomllib
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from regie.domain.calendar import BusinessCalendar
from regie.domain.contract import (
    ALWAYS,
    KPIS,
    BonusRule,
    Charge,
    Contract,
    FcrMethod,
    FeeModel,
    KpiTarget,
    PenaltyRule,
    Pricing,
    ResponseNorm,
    Rule,
    Tier,
)
from regie.domain.errors import CaseFileError, InvalidInput
from regie.domain.staffing import Abandons, ServiceLevelRule
from regie.files.contract_schema import Caps, ContractFile, FeeFile, Kpi, Response, RuleFile
from regie.files.toml_errors import describe, indexed, read_text, show

# kpi: (lowest, highest) allowed target
TARGET_RANGE: dict[str, tuple[float, float]] = {
    "csat_mean": (1.0, 5.0),
    "csat_top2": (0.0, 1.0),
    "fcr": (0.0, 1.0),
    "escalation_rate": (0.0, 1.0),
    "reopen_rate": (0.0, 1.0),
    "availability": (0.0, 1.0),
    "nps": (-100.0, 100.0),
}


class ContractFileError(CaseFileError):
    """A contract file that cannot be read or fails validation."""

    code = "invalid_contract_file"


def load_contract(path: Path) -> Contract:
    """Parse, validate and convert one contract file; raise one error listing every problem."""
    return parse_contract(read_text(path, "contract"), source=path.name)


def parse_contract(text: str, source: str = "contract.toml") -> Contract:
    """Parse a contract file's text; ``source`` names it in error lines."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ContractFileError(f"{source}: not valid TOML: {error}") from None
    try:
        model = ContractFile.model_validate(raw)
    except ValidationError as error:
        _refuse(source, [describe(e, ContractFile, indexed, _allowed(e)) for e in error.errors()])
    problems: list[str] = []
    contract = _to_domain(model, problems)
    if problems:
        _refuse(source, problems)
    return contract


def _refuse(source: str, problems: list[str]) -> typing.NoReturn:
    lines = [f"{source}: {p}" for p in problems]
    raise ContractFileError(lines[0], lines)


def _allowed(error: ErrorDetails) -> str | None:
    """Plainer words than pydantic's for two errors contract authors meet."""
    if error["type"] == "string_pattern_mismatch" and "response|kpi" in str(error["msg"]):
        return "must name a target: response.<channel> or kpi.<name>"
    if error["type"] == "date_type":
        return "must be a TOML date without quotes, e.g. 2026-01-01"
    return None


def _to_domain(model: ContractFile, problems: list[str]) -> Contract:
    calendars = named_calendars(model.calendars, problems)
    norms = tuple(
        _norm(name, r, set(model.calendars), problems) for name, r in model.response.items()
    )
    kpis = tuple(
        _kpi(name, k, problems)
        for name, k in model.kpis
        if isinstance(k, Kpi)  # iterating a model gives (name, value) pairs
    )
    known = {n.key for n in norms} | {k.key for k in kpis}
    rules = [
        [_rule(section, i, r, known, problems) for i, r in enumerate(getattr(model, section))]
        for section in ("penalties", "bonuses")
    ]
    meta = model.contract
    earn = model.earn_back
    pricing = _pricing(model.fee, meta.monthly_fee is not None, problems)
    return Contract(
        effective_from=meta.effective_from,
        monthly_fee=meta.monthly_fee or Decimal(0),
        pricing=pricing,
        vendor=meta.vendor,
        currency=meta.currency,
        timezone=_timezone(meta.timezone, problems),
        calendars=calendars,
        norms=norms,
        kpis=kpis,
        penalties=tuple(PenaltyRule(*r) for r in rules[0]),
        bonuses=tuple(BonusRule(*r) for r in rules[1]),
        penalty_cap=_cap(model.caps, "penalty"),
        bonus_cap=_cap(model.caps, "bonus"),
        earn_back_months=None if earn is None else earn.months,
    )


# fee model: (required rates, allowed rates, whether contract.monthly_fee is required)
FEE_MODELS: dict[str, tuple[set[str], set[str], bool]] = {
    "fixed": (set(), set(), True),
    "hourly": ({"hourly_rate"}, {"hourly_rate"}, False),
    "fte": ({"fte_monthly_rate"}, {"fte_monthly_rate"}, False),
    "per_ticket": ({"ticket_rate"}, {"ticket_rate"}, False),
    "subscription": (set(), {"included_tickets", "overage_rate"}, True),
    "mixed": (set(), set(FeeFile.model_fields) - {"model"}, True),  # every rate
}
VARIABLE = ("hourly_rate", "fte_monthly_rate", "ticket_rate")
RATES = set(FeeFile.model_fields) - {"model"}


def _pricing(fee: FeeFile | None, has_fixed: bool, problems: list[str]) -> Pricing:
    name = "fixed" if fee is None else fee.model
    required, allowed, fixed = FEE_MODELS[name]
    given = set() if fee is None else {k for k in RATES if getattr(fee, k) is not None}
    for key in sorted(given - allowed):
        problems.append(
            f"fee.{key} = {show(getattr(fee, key))}: not used by model '{name}': use model "
            "'mixed' or remove it"
        )
    for key in sorted(required - given):
        problems.append(f"fee.{key}: missing: model '{name}' needs it")
    if fixed and not has_fixed:
        problems.append(f"contract.monthly_fee: missing: model '{name}' needs it")
    if not fixed and has_fixed:
        problems.append(
            f"contract.monthly_fee: not used by model '{name}': use model 'mixed' for a fixed "
            "part plus a rate, or remove it"
        )
    if name == "mixed" and not given & set(VARIABLE):
        problems.append(
            "fee: model 'mixed' needs a rate: hourly_rate, fte_monthly_rate or ticket_rate"
        )
    if fee is None:
        return Pricing()
    return Pricing(
        model=FeeModel(fee.model),
        hourly_rate=fee.hourly_rate,
        fte_monthly_rate=fee.fte_monthly_rate,
        ticket_rate=fee.ticket_rate,
        included_tickets=fee.included_tickets,
        overage_rate=fee.overage_rate,
    )


def _timezone(name: str, problems: list[str]) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(
            f'contract.timezone = "{name}": not an IANA time zone: use a name like '
            '"Europe/Amsterdam" or "Europe/Brussels"'
        )
    return name


def named_calendars(tables: dict[str, dict[str, Any]], problems: list[str]) -> dict[str, Any]:
    """``[calendars.NAME]`` tables as business calendars; problems are appended as
    ``calendars.NAME: …`` lines (shared by the contract and pilot files)."""
    found: dict[str, BusinessCalendar] = {}
    for name, table in tables.items():
        if name == "name" or "name" in table:
            problems.append(f"calendars.{name}.name: the table's own key is the name; remove it")
            continue
        try:
            found[name] = BusinessCalendar.from_dict({**table, "name": name})
        except InvalidInput as error:
            prefix = f"calendar {name!r}: "
            problems += [f"calendars.{name}: {p.removeprefix(prefix)}" for p in error.problems]
    return found


def _norm(name: str, r: Response, calendars: set[str], problems: list[str]) -> ResponseNorm:
    if r.calendar != ALWAYS and r.calendar not in calendars:
        allowed = ", ".join(f'"{c}"' for c in [ALWAYS, *sorted(calendars)])
        problems.append(
            f'response.{name}.calendar = "{r.calendar}": unknown calendar: use {allowed} '
            "(define it under [calendars.NAME])"
        )
    rule = None
    if r.abandons is not None or r.short_abandon_seconds is not None:
        rule = ServiceLevelRule(Abandons(r.abandons or "against"), r.short_abandon_seconds or 0.0)
    return ResponseNorm(name, r.target_seconds, r.required_share, r.calendar, rule)


def _kpi(name: str, k: Kpi, problems: list[str]) -> KpiTarget:
    direction, default_sample, _ = KPIS[name]
    key = f"kpis.{name}"
    problems += _kpi_values(name, k)
    method = None
    if name == "fcr":
        method = FcrMethod(k.method or "agent_flag")
        if method is FcrMethod.NO_RECONTACT_DAYS and k.recontact_days is None:
            problems.append(f"{key}.recontact_days: missing: method 'no_recontact_days' needs N")
    elif k.method is not None or k.recontact_days is not None:
        problems.append(f"{key}: method and recontact_days belong to fcr only")
    low = k.min_seconds if name == "aht_band" else k.target
    return KpiTarget(
        kpi=name,
        direction=direction,
        threshold=low or 0.0,
        min_sample=default_sample if k.min_sample is None else k.min_sample,
        high=k.max_seconds,
        fcr_method=method,
        recontact_days=k.recontact_days if method is FcrMethod.NO_RECONTACT_DAYS else None,
    )


def _kpi_values(name: str, k: Kpi) -> list[str]:
    key = f"kpis.{name}"
    if name == "aht_band":
        if k.target is not None or k.min_seconds is None or k.max_seconds is None:
            return [f"{key}: give min_seconds and max_seconds (a band), not target"]
        if k.min_seconds >= k.max_seconds:
            return [f"{key}.max_seconds = {show(k.max_seconds)}: must exceed min_seconds"]
        return []
    if k.min_seconds is not None or k.max_seconds is not None:
        return [f"{key}: min_seconds and max_seconds belong to aht_band only; give target"]
    if k.target is None:
        return [f"{key}.target: missing: this key is required"]
    low, high = TARGET_RANGE[name]
    if not low <= k.target <= high:
        unit = " (a share: 0.7 for 70 %)" if high == 1.0 else ""
        return [f"{key}.target = {show(k.target)}: must be {low:g} to {high:g}{unit}"]
    return []


def _rule(
    section: str, index: int, r: RuleFile, known: set[str], problems: list[str]
) -> tuple[str, tuple[str, ...], tuple[Tier, ...]]:
    for j, target in enumerate(r.applies_to):
        if target not in known:
            problems.append(
                f'{section}[{index + 1}].applies_to[{j + 1}] = "{target}": no such target '
                f"in this contract{_nearest(target, known)}"
            )
    tiers = tuple(Tier(t.beyond, Charge(t.percent_of_fee, t.eur)) for t in r.tiers)
    name = r.name or f"{section}[{index + 1}]"
    return name, tuple(r.applies_to), tiers


def _nearest(target: str, known: set[str]) -> str:
    close = difflib.get_close_matches(target, sorted(known), n=1, cutoff=0.6)
    if close:
        return f"; did you mean '{close[0]}'?"
    return f"; known targets: {', '.join(sorted(known))}" if known else ""


def _cap(caps: Caps, kind: str) -> Charge | None:
    percent = getattr(caps, f"{kind}_percent_of_fee")
    eur = getattr(caps, f"{kind}_eur")
    return None if percent is None and eur is None else Charge(percent, eur)


__all__ = ["ContractFileError", "Rule", "load_contract", "named_calendars", "parse_contract"]
