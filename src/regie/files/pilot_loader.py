"""Read a pilot TOML file into a :class:`~regie.domain.pilot.Pilot`.

Errors follow the contract file: one line per problem naming the file, the key path, the
bad value and what is allowed (``pilot.toml: pilot.days = 120: must be 30 to 90 days``),
unknown keys with the nearest known key suggested, every problem at once in one
:class:`PilotFileError`. Vendors are counted from 1: ``vendors[2].fee``.
"""

from __future__ import annotations

import tomllib
import typing
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from regie.domain.calendar import BusinessCalendar
from regie.domain.contract import ALWAYS
from regie.domain.errors import CaseFileError
from regie.domain.pilot import (
    MAX_DAYS,
    MAX_VENDORS,
    MIN_DAYS,
    Better,
    Pilot,
    PilotVendor,
    Threshold,
)
from regie.files.contract_loader import named_calendars
from regie.files.pilot_schema import Kpis, PilotFile, VendorFile
from regie.files.toml_errors import describe, indexed, read_text, show

CSAT_DEFAULTS = {"top2": 0.85, "mean": 4.0}
CSAT_RANGE = {"top2": (0.0, 1.0), "mean": (1.0, 5.0)}


class PilotFileError(CaseFileError):
    """A pilot file that cannot be read or fails validation."""

    code = "invalid_pilot_file"


def load_pilot(path: Path) -> Pilot:
    """Parse, validate and convert one pilot file; raise one error listing every problem."""
    return parse_pilot(read_text(path, "pilot"), source=path.name)


def parse_pilot(text: str, source: str = "pilot.toml") -> Pilot:
    """Parse a pilot file's text; ``source`` names it in error lines."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PilotFileError(f"{source}: not valid TOML: {error}") from None
    try:
        model = PilotFile.model_validate(raw)
    except ValidationError as error:
        _refuse(source, [describe(e, PilotFile, indexed, _allowed(e)) for e in error.errors()])
    problems: list[str] = []
    pilot = _to_domain(model, problems)
    if problems or pilot is None:
        _refuse(source, problems)
    return pilot


def _refuse(source: str, problems: list[str]) -> typing.NoReturn:
    lines = [f"{source}: {p}" for p in problems]
    raise PilotFileError(lines[0], lines)


def _allowed(error: ErrorDetails) -> str | None:
    """Plainer words than pydantic's for the errors pilot authors meet."""
    where = tuple(error["loc"])
    if error["type"] == "date_type":
        return "must be a TOML date without quotes, e.g. 2026-03-02"
    if where == ("pilot", "days") and error["type"] in ("greater_than_equal", "less_than_equal"):
        return f"must be {MIN_DAYS} to {MAX_DAYS} days"
    if where == ("vendors",) and error["type"] in ("too_short", "too_long"):
        return f"a pilot has 1 to {MAX_VENDORS} vendors: give 1 to {MAX_VENDORS} [[vendors]]"
    return None


def _to_domain(model: PilotFile, problems: list[str]) -> Pilot | None:
    calendars = named_calendars(model.calendars, problems)
    meta = model.pilot
    _timezone(meta.timezone, problems)
    vendors = tuple(_vendor(i, v, problems) for i, v in enumerate(model.vendors))
    names = [v.name.casefold() for v in vendors]
    for i, name in enumerate(names):
        if name in names[:i]:
            problems.append(f'vendors[{i + 1}].name = "{vendors[i].name}": named twice')
    thresholds = _thresholds(model.kpis, problems)
    clock = model.kpis.frt.calendar
    if clock != ALWAYS and clock not in model.calendars:
        allowed = ", ".join(f'"{c}"' for c in [ALWAYS, *sorted(model.calendars)])
        problems.append(
            f'kpis.frt.calendar = "{clock}": unknown calendar: use {allowed} '
            "(define it under [calendars.NAME])"
        )
    if problems:
        return None
    calendar: BusinessCalendar | None = calendars.get(clock) if clock != ALWAYS else None
    return Pilot(meta.name, meta.channel, meta.start, meta.days, meta.timezone, vendors,
                 thresholds, calendar)  # fmt: skip


def _timezone(name: str, problems: list[str]) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(
            f'pilot.timezone = "{name}": not an IANA time zone: use a name like '
            '"Europe/Amsterdam" or "Europe/Brussels"'
        )


def _vendor(index: int, v: VendorFile, problems: list[str]) -> PilotVendor:
    if v.fee is None and v.ticket_rate is None:
        problems.append(
            f"vendors[{index + 1}]: give fee (euros for the whole pilot) or ticket_rate "
            "(euros per handled contact), or both"
        )
    return PilotVendor(v.name.strip(), v.fee or Decimal(0), v.ticket_rate or Decimal(0))


def _thresholds(k: Kpis, problems: list[str]) -> tuple[Threshold, ...]:
    csat_target = k.csat.target if k.csat.target is not None else CSAT_DEFAULTS[k.csat.measure]
    low, high = CSAT_RANGE[k.csat.measure]
    if not low <= csat_target <= high:
        unit = " (a share: 0.85 for 85 %)" if high == 1.0 else " (the mean on 1–5)"
        problems.append(
            f"kpis.csat.target = {show(csat_target)}: must be {low:g} to {high:g}{unit}"
        )
    aht = k.aht
    if aht.min_seconds is not None and aht.min_seconds >= aht.max_seconds:
        problems.append(f"kpis.aht.max_seconds = {show(aht.max_seconds)}: must exceed min_seconds")
    if aht.min_seconds is not None and aht.min_seconds < aht.max_seconds:
        handle = Threshold(
            "aht", Better.INSIDE, aht.min_seconds, "mean", aht.min_sample, aht.max_seconds
        )
    else:
        handle = Threshold("aht", Better.LOWER, aht.max_seconds, "mean", aht.min_sample)
    cost = k.cost_per_ticket
    return (
        Threshold("csat", Better.HIGHER, csat_target, k.csat.measure, k.csat.min_sample),
        Threshold("frt", Better.LOWER, k.frt.max_seconds, k.frt.statistic, k.frt.min_sample),
        handle,
        Threshold("fcr", Better.HIGHER, k.fcr.target, "agent_flag", k.fcr.min_sample),
        Threshold(
            "cost_per_ticket", Better.LOWER, float(cost.max_eur), "fee_per_handled", cost.min_sample
        ),
    )


__all__ = ["PilotFileError", "load_pilot", "parse_pilot"]
