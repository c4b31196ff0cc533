"""What the helpdesk readers share: staging raw columns, value parsers and the row checks.

A reader turns its export into a *raw* frame (every column text, plus ``_row``), then
describes the canonical fields as Polars expressions over it and the checks a row must
pass. :func:`finish` evaluates the fields (stored under ``~name`` so they never clash
with a raw column of the same name), rejects rows without an id, later duplicates of an
id and rows failing a check (each rejection reports the raw column and value the user
can find in the file), and returns the canonical contacts. Everything is vectorised.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl

from regie.domain.errors import InvalidInput, NotFound
from regie.ingest.reading import REJECTION_SCHEMA, ROW, Reading, ReadOptions, rejections
from regie.ingest.tables import columns_by_name
from regie.ingest.timestamps import local, to_utc, unreadable

PARSED = "~"
"""Prefix of the staged canonical columns."""


def parsed(name: str) -> pl.Expr:
    """The staged canonical column ``name`` (usable in later fields and in checks)."""
    return pl.col(PARSED + name)


@dataclass(frozen=True)
class Check:
    """Rows where ``bad`` holds are rejected, reporting raw ``column`` and ``reason``."""

    column: str
    bad: pl.Expr
    reason: str


# -- options and headers ---------------------------------------------------------------


def require_tz(options: ReadOptions, path: Path, why: str) -> str:
    """The ``--tz`` zone, which a local-time export needs; a clear error without it."""
    if options.tz is None:
        raise InvalidInput(f"{path.name}: {why}: give --tz, e.g. --tz Europe/Amsterdam")
    try:
        ZoneInfo(options.tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f"--tz {options.tz}: not a time zone name; use an IANA name such as Europe/Amsterdam"
        ) from None
    return options.tz


def named(frame: pl.DataFrame, known: Iterable[str]) -> pl.DataFrame:
    """``frame`` with ``known`` headers spelled as documented; absent ones as null text."""
    have = columns_by_name(frame)
    spelled = {have[k.lower()]: k for k in known if k.lower() in have}
    renamed = frame.rename(spelled)
    absent = [k for k in known if k not in renamed.columns]
    return renamed.with_columns([pl.lit(None, pl.String).alias(k) for k in absent])


def has(frame: pl.DataFrame, column: str) -> bool:
    """Whether the export has ``column`` (case-insensitively)."""
    return column.lower() in columns_by_name(frame)


# -- JSON exports ----------------------------------------------------------------------


def load_json(path: Path) -> Any:
    """The parsed JSON document; clear errors for missing, empty or truncated files."""
    if not path.is_file():
        raise NotFound(f"{path}: no such file")
    raw = path.read_bytes()
    if not raw.strip():
        raise InvalidInput(f"{path.name}: the file is empty")
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InvalidInput(f"{path.name}: not UTF-8 text; JSON exports are UTF-8") from None
    except json.JSONDecodeError as error:
        raise InvalidInput(
            f"{path.name}: not valid JSON ({error.msg}: line {error.lineno}, "
            f"column {error.colno}); is the file truncated?"
        ) from None


def objects(value: Any, path: Path, what: str) -> list[dict[str, Any]]:
    """``value`` as a list of JSON objects, or a clear error naming the bad record."""
    if not isinstance(value, list):
        raise InvalidInput(f"{path.name}: {what} is not a list")
    for number, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            raise InvalidInput(f"{path.name}: record {number} of {what} is not an object")
    return value


def _lookup(item: Any, dotted: str) -> Any:
    for key in dotted.split("."):
        if isinstance(item, dict):
            item = item.get(key)
        elif isinstance(item, list) and key.isdigit() and int(key) < len(item):
            item = item[int(key)]
        else:
            return None
    return item


def _text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        names = [_text(v.get("name") if isinstance(v, dict) else v) for v in value]
        return ",".join(n for n in names if n) or None
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    return str(value)


def flatten(records: Sequence[Mapping[str, Any]], paths: Iterable[str]) -> pl.DataFrame:
    """One text column per dotted path (``statistics.first_close_at``), plus ``_row``.

    Lists become comma-separated text (objects in them by their ``name``); the row is
    the 1-based record number.
    """
    columns = {p: [_text(_lookup(r, p)) for r in records] for p in paths}
    frame = pl.DataFrame(columns, schema={p: pl.String for p in columns})
    return frame.with_row_index(ROW, offset=1).with_columns(pl.col(ROW).cast(pl.Int64))


# -- values ----------------------------------------------------------------------------


def text(column: str) -> pl.Expr:
    """Stripped text; empty is null."""
    value = pl.col(column).cast(pl.String).str.strip_chars()
    return pl.when(value == "").then(None).otherwise(value)


def number(column: str) -> pl.Expr:
    """A decimal number (a decimal comma, as Dutch Excel writes it, is accepted)."""
    return text(column).str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)


def whole(column: str) -> pl.Expr:
    """A whole number; null when the value has a fraction or isn't a number."""
    value = number(column)
    return pl.when(value == value.round(0)).then(value).otherwise(None).cast(pl.Int32)


def hours(column: str) -> pl.Expr:
    """A duration in seconds from ``HH:MM:SS``, ``HH:MM`` or decimal hours (``1.5``)."""
    parts = text(column).str.extract_groups(r"^(\d+):([0-5]\d)(?::([0-5]\d))?$")
    clock = (
        parts.struct.field("1").cast(pl.Float64) * 3600
        + parts.struct.field("2").cast(pl.Float64) * 60
        + parts.struct.field("3").cast(pl.Float64).fill_null(0)
    )
    return pl.coalesce(clock, number(column) * 3600)


def plus_seconds(start: pl.Expr, seconds: pl.Expr) -> pl.Expr:
    """``start`` plus a number of seconds (null when either is null)."""
    return start + pl.duration(microseconds=(seconds * 1_000_000).round(0).cast(pl.Int64))


def tags(column: str, separator: str) -> pl.Expr:
    """Tags as one comma-separated text (``billing,refund``); none is null."""
    joined = text(column).str.replace_all(separator, ",").str.strip_chars(",")
    return pl.when(joined == "").then(None).otherwise(joined)


def classify(column: str, rules: Sequence[tuple[str, str]], default: str = "other") -> pl.Expr:
    """The first rule's label whose regular expression matches the lower-cased value."""
    value = text(column).str.to_lowercase()
    label: pl.Expr = pl.lit(default)
    for pattern, name in reversed(rules):
        label = pl.when(value.str.contains(pattern)).then(pl.lit(name)).otherwise(label)
    return label


def lookup(column: str, table: Mapping[str, float | None]) -> pl.Expr:
    """The table's value for the lower-cased text; unknown values are null."""
    value = text(column).str.to_lowercase()
    return value.replace_strict(
        list(table), list(table.values()), default=None, return_dtype=pl.Float64
    )


# -- checks ----------------------------------------------------------------------------


def not_a_time(column: str, name: str, example: str) -> Check:
    """A value in ``column`` that did not parse into the canonical time ``name``."""
    return Check(column, unreadable(column, parsed(name)), f"not a date-time; expected {example}")


def local_time(column: str, name: str, tz: str, example: str) -> list[Check]:
    """A local time that falls in the spring-forward gap of ``tz``, or does not parse."""
    gap = to_utc(column, tz).is_null() & local(column, "UTC").is_not_null()
    reason = f"not a time in {tz}: the clocks jump forward over it (daylight saving)"
    return [Check(column, gap, reason), not_a_time(column, name, example)]


def not_a_number(column: str, value: pl.Expr, expected: str) -> Check:
    """A value in ``column`` that ``value`` could not read."""
    return Check(column, unreadable(column, value), f"not {expected}")


def missing_creation(column: str) -> Check:
    """A row without a creation time: nothing can be measured from it."""
    return Check(
        column, parsed("created_at").is_null(), "no creation time: every contact needs one"
    )


def before_creation(column: str, name: str, reason: str) -> Check:
    """A canonical time ``name`` earlier than the creation time."""
    return Check(column, parsed(name) < parsed("created_at"), reason)


def unknown(column: str, allowed: Iterable[str], what: str) -> Check:
    """A value outside ``allowed`` (case-insensitively) in a column that matters."""
    values = sorted(allowed)
    bad = text(column).str.to_lowercase().is_in(values).not_() & text(column).is_not_null()
    return Check(column, bad, f"unknown {what}; expected one of: {', '.join(values)}")


# -- finishing -------------------------------------------------------------------------


def finish(
    source: str,
    path: Path,
    raw: pl.DataFrame,
    id_column: str,
    fields: Mapping[str, pl.Expr],
    checks: Sequence[Check],
) -> Reading:
    """Evaluate ``fields`` in order, apply the id and row checks, build the reading."""
    frame = raw.with_columns(text(id_column).alias(PARSED + "source_id"))
    for name, expr in fields.items():
        frame = frame.with_columns(expr.alias(PARSED + name))
    frame, tables = _reject_ids(frame, id_column, path.name)
    for check in checks:
        frame, table = rejections(frame, check.bad, check.column, check.reason, path.name)
        tables.append(table)
    rejected = pl.concat(tables).sort("row", maintain_order=True)
    return Reading(source, path.name, raw.height, _contacts(frame, source), rejected)


def _reject_ids(
    frame: pl.DataFrame, column: str, file: str
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    frame, missing = rejections(frame, parsed("source_id").is_null(), column, "no ticket id", file)
    first = pl.col(ROW).min().over(PARSED + "source_id").alias("_first")
    marked = frame.with_columns(first)
    kept, later = rejections(marked, pl.col("_first") != pl.col(ROW), column, "", file)
    origin = marked.select(pl.col(ROW).alias("row"), pl.col("_first"))
    later = later.join(origin, on="row", how="left").with_columns(
        (pl.lit("duplicate of row ") + pl.col("_first").cast(pl.String)).alias("reason")
    )
    return kept.drop("_first"), [missing, later.select(list(REJECTION_SCHEMA))]


def _contacts(frame: pl.DataFrame, source: str) -> pl.DataFrame:
    staged = [c for c in frame.columns if c.startswith(PARSED)]
    contacts = frame.select([pl.col(c).alias(c.removeprefix(PARSED)) for c in staged] + [ROW])
    return contacts.with_columns(
        pl.lit(source).alias("source"),
        (pl.lit(f"{source}:") + pl.col("source_id")).alias("contact_id"),
    )
