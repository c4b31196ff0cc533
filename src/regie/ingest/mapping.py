"""The mapping file: how the columns of any CSV / TSV / XLSX / Parquet export become contacts.

A mapping is TOML written for a contact-centre analyst (documented for users in
``docs/import-mapping.md``; example ``examples/mappings/anonymous-bank-1999.toml``)::

    source = "anonymous-bank"          # names the contacts: contact_id = source:source_id
    time_zone = "Asia/Jerusalem"       # local times in the file (--tz overrides it)

    [[skip]]                           # rows left out on purpose (counted as skipped)
    reason = "phantom call"
    when = { outcome = "PHANTOM" }

    [fields]                           # one entry per canonical column
    source_id = { columns = ["vru+line", "call_id"], separator = "-" }
    channel = { value = "phone" }
    created_at = { date = "date", date_format = "YYMMDD", time = "vru_entry" }
    wait_seconds = { between = ["q_start", "q_exit"], missing = ["0:00:00"] }
    abandoned = { column = "outcome", values = { AGENT = false, HANG = true } }

Every field takes its value from exactly one of: ``column``, ``columns`` (joined),
``date`` + ``time``, ``between`` (seconds from one time to another) or ``value`` (a
constant), then optionally ``values`` (a value map), ``missing`` (values meaning "did not
happen" → null), ``when`` / ``unless`` (only where a condition holds), ``unit``,
``format`` / ``date_format`` and ``after``. Loading reports every problem at once, each
naming the file, key path, bad value and what is allowed, with a suggestion for typos.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from regie.analytics.columns import CHANNELS, TIMESTAMPS
from regie.domain.errors import InvalidInput, NotFound
from regie.files.toml_errors import describe, show
from regie.ingest.canonical import Kind, kind

Cell = str | int | float | bool
Condition = dict[str, list[str]]
TOKENS = {"YYYY": "%Y", "YY": "%y", "MM": "%m", "DD": "%d", "HH": "%H", "mm": "%M", "ss": "%S"}
WIDTHS = {"YYYY": 4, "YY": 2, "MM": 2, "DD": 2, "HH": 2, "mm": 2, "ss": 2}
SOURCES = ("column", "columns", "date", "between", "value")
ONLY: dict[str, tuple[Kind, ...]] = {
    "columns": ("text",),
    "date": ("timestamp",),
    "format": ("timestamp",),
    "after": ("timestamp",),
    "between": ("seconds",),
    "unit": ("seconds",),
}
WHAT: dict[Kind, str] = {
    "text": "text in quotes",
    "boolean": "true or false",
    "number": "a number",
    "seconds": "a number",
    "integer": "a whole number",
    "timestamp": "an ISO timestamp in quotes",
}


def cell_text(value: Cell) -> str:
    """A TOML scalar as the text a file cell would hold (``true``, ``2``, ``0:00:00``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _texts(value: Any) -> Any:
    """Accept a scalar or a list of scalars where texts are meant (``missing = 0``)."""
    items = value if isinstance(value, list) else [value]
    ok = all(isinstance(v, str | int | float | bool) for v in items)
    return [cell_text(v) for v in items] if ok else value


def _conditions(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    return {k: _texts(v) for k, v in value.items()}


def strftime(pattern: str) -> str | None:
    """``YYMMDD`` / ``DD-MM-YYYY HH:mm`` (or a strftime pattern) as strftime; None if bad."""
    if "%" in pattern:
        return pattern
    converted = re.sub("|".join(TOKENS), lambda m: TOKENS[m.group(0)], pattern)
    rest = re.sub(r"%[A-Za-z]", "", converted).replace("T", "")
    return None if re.search(r"[A-Za-z]", rest) else converted


def packed_width(pattern: str) -> int | None:
    """The exact length of values of a pattern without separators (``YYMMDD`` → 6)."""
    parts = re.findall("|".join(TOKENS), pattern)
    return sum(WIDTHS[p] for p in parts) if "".join(parts) == pattern else None


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    when: Condition = Field(default_factory=dict)
    unless: Condition = Field(default_factory=dict)

    _conds = field_validator("when", "unless", mode="before")(_conditions)


class SkipRule(Rule):
    """Rows to leave out: all ``when`` entries hold and no ``unless`` entry does."""

    reason: str = Field(min_length=1)
    when: Condition = Field(min_length=1)


class FieldRule(Rule):
    """Where one canonical column's value comes from."""

    column: str | None = None
    columns: list[str] | None = Field(default=None, min_length=2)
    separator: str = ":"
    date: str | None = None
    time: str | None = None
    between: tuple[str, str] | None = None
    value: Cell | None = None
    date_format: str = "YYYY-MM-DD"
    format: str | None = None
    unit: Literal["s", "min", "h", "HH:MM:SS"] | None = None
    values: dict[str, Cell] | None = None
    unmapped: Literal["reject", "null", "keep"] = "reject"
    missing: list[str] = Field(default_factory=list)
    after: str | None = None

    _missing = field_validator("missing", mode="before")(_texts)

    @model_validator(mode="after")
    def _one_source(self) -> FieldRule:
        given = [s for s in SOURCES if getattr(self, s) is not None]
        if (self.date is None) != (self.time is None):
            raise ValueError("date and time go together: give both (or use column)")
        if len(given) != 1:
            raise ValueError("give exactly one of: column, columns, date + time, between, value")
        return self

    def source_columns(self) -> list[str]:
        """The file's columns this field reads (condition columns included)."""
        own = [self.column, *(self.columns or []), self.date, self.time, *(self.between or ())]
        return [c for c in own if c is not None] + [*self.when, *self.unless]


class Fields(BaseModel):
    """One entry per canonical column (``contact_id`` and ``source`` are built by Regie;
    ``vendor`` comes from ``--vendor``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source_id: FieldRule
    channel: FieldRule
    created_at: FieldRule
    queue: FieldRule | None = None
    priority: FieldRule | None = None
    first_response_at: FieldRule | None = None
    resolved_at: FieldRule | None = None
    closed_at: FieldRule | None = None
    handle_seconds: FieldRule | None = None
    talk_seconds: FieldRule | None = None
    hold_seconds: FieldRule | None = None
    after_call_work_seconds: FieldRule | None = None
    wait_seconds: FieldRule | None = None
    abandoned: FieldRule | None = None
    csat_score: FieldRule | None = None
    csat_scale: FieldRule | None = None
    nps_score: FieldRule | None = None
    resolved_first_contact: FieldRule | None = None
    escalated: FieldRule | None = None
    reopens: FieldRule | None = None
    customer_key: FieldRule | None = None
    agent_key: FieldRule | None = None
    tags: FieldRule | None = None
    subject: FieldRule | None = None
    description: FieldRule | None = None


class Mapping(BaseModel):
    """A whole mapping file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str
    description: str = ""
    time_zone: str | None = None
    skip: list[SkipRule] = Field(default_factory=list)
    fields: Fields

    @field_validator("source")
    @classmethod
    def _name(cls, value: str) -> str:
        if not re.fullmatch(r"[a-z0-9][a-z0-9._-]{0,63}", value):
            raise ValueError('must be a short lower-case name such as "anonymous-bank"')
        return value

    @field_validator("time_zone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        return None if value is None else check_zone(value)

    def rules(self) -> dict[str, FieldRule]:
        """The mapped fields, in canonical order."""
        return {n: r for n, r in self.fields if isinstance(r, FieldRule)}

    def references(self) -> list[tuple[str, str]]:
        """(key path, column) for every column of the file the mapping reads."""
        found = [(f"skip.{i}", c) for i, s in enumerate(self.skip) for c in (*s.when, *s.unless)]
        mapped = self.rules()
        for name, rule in mapped.items():
            own = [c for c in rule.source_columns() if not (c in TIMESTAMPS and c in mapped)]
            found += [(f"fields.{name}", c) for c in own]
        return found

    def local_fields(self) -> list[str]:
        """Fields whose values are local times: they need a time zone."""
        return [n for n, r in self.rules().items() if r.date is not None or _local(r.format)]


def _local(pattern: str | None) -> bool:
    return pattern is not None and "%z" not in (strftime(pattern) or "%z")


def check_zone(value: str) -> str:
    """``value`` if it names an IANA time zone, else a ValueError saying what is allowed."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("not a known IANA time zone (e.g. Europe/Amsterdam)") from None
    return value


def load_mapping(path: Path) -> Mapping:
    """Read and check a mapping file; raise one InvalidInput listing every problem."""
    if not path.is_file():
        raise NotFound(f"{path}: no such mapping file")
    return parse_mapping(path.read_text(encoding="utf-8"), path.name)


def parse_mapping(text: str, source: str = "mapping.toml") -> Mapping:
    """Parse a mapping's text; ``source`` names it in messages."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput(f"{source}: not valid TOML: {error}") from None
    try:
        mapping = Mapping.model_validate(raw)
    except ValidationError as error:
        problems = [f"{source}: {describe(e, Mapping)}" for e in error.errors()]
        raise InvalidInput(problems[0], problems) from None
    problems = [f"{source}: {p}" for p in _problems(mapping)]
    if problems:
        raise InvalidInput(problems[0], problems)
    return mapping


def _problems(mapping: Mapping) -> list[str]:
    rules = mapping.rules()
    problems: list[str] = []
    for name, rule in rules.items():
        problems += _options(name, rule) + _cells(name, rule) + _links(name, rule, rules)
    return problems


def _options(name: str, rule: FieldRule) -> list[str]:
    how = kind(name)
    problems = [
        f"fields.{name}.{option}: not for {name}, a {how} field; "
        f"{option} is for {' or '.join(kinds)} fields"
        for option, kinds in ONLY.items()
        if getattr(rule, option) is not None and how not in kinds
    ]
    for key in ("date_format", "format"):
        pattern = getattr(rule, key)
        if pattern is not None and strftime(pattern) is None:
            problems.append(
                f'fields.{name}.{key} = "{pattern}": unknown letters; use YYYY, YY, MM, DD, '
                "HH, mm, ss and separators (e.g. YYMMDD or DD-MM-YYYY HH:mm)"
            )
    return problems


def _cells(name: str, rule: FieldRule) -> list[str]:
    """Constants and value-map results must fit the field's type (and CHANNELS)."""
    cells = [(f"fields.{name}.value", rule.value)] if rule.value is not None else []
    cells += [(f"fields.{name}.values.{k}", v) for k, v in (rule.values or {}).items()]
    how = kind(name)
    problems = [f"{key} = {show(v)}: must be {WHAT[how]}" for key, v in cells if not fits(how, v)]
    problems += [
        f"{key} = {show(v)}: must be one of {', '.join(CHANNELS)}"
        for key, v in cells
        if name == "channel" and fits(how, v) and v not in CHANNELS
    ]
    return problems


def fits(how: Kind, value: Cell) -> bool:
    """Whether a TOML scalar can be a value of a field of kind ``how``."""
    if how == "boolean":
        return isinstance(value, bool)
    if how in ("text", "timestamp"):
        return isinstance(value, str)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return how != "integer" or float(value).is_integer()


def _links(name: str, rule: FieldRule, rules: dict[str, FieldRule]) -> list[str]:
    """``after`` and ``between`` may name other fields: they must exist and fit."""
    problems = []
    if rule.after is not None:
        other = rules.get(rule.after)
        if rule.date is None or rule.after == name or other is None or other.date is None:
            problems.append(
                f'fields.{name}.after = "{rule.after}": must name another field that, like '
                f"this one, combines date and time (e.g. created_at)"
            )
    for end in rule.between or ():
        if end in TIMESTAMPS and end not in rules:
            problems.append(f'fields.{name}.between: "{end}" is not mapped in this file')
    return problems
