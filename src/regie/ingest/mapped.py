"""Reader for any CSV / TSV / XLSX / Parquet export, driven by a mapping file.

The mapping (``ingest/mapping.py``, ``docs/import-mapping.md``) says where each canonical
column comes from. Reading a file:

1. every cell is read as text; the mapping's columns are found case-insensitively;
2. rows matching a ``[[skip]]`` rule are left out and counted as skipped;
3. the id is built; rows without one, and repeats of an id (after the first), are rejected;
4. each field is parsed: dates + times of day combined in the mapping's time zone (or
   ``--tz``, which wins), durations in their unit, value maps, "did not happen" values;
5. rows with a value that doesn't parse, or that breaks the schema's rules, are rejected:
   file, row, column (as the file names it), value and reason.

Everything is a Polars expression over whole columns: no Python loop per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path

import polars as pl

from regie.analytics.columns import SCHEMA, TIMESTAMPS, UTC
from regie.domain.errors import InvalidInput, NotFound
from regie.ingest.canonical import (
    IDENTIFIED,
    REASONS,
    Check,
    apply_checks,
    check_rules,
    convert,
    identify,
    kind,
    text,
)
from regie.ingest.mapping import (
    FieldRule,
    Mapping,
    Rule,
    check_zone,
    load_mapping,
    packed_width,
    strftime,
)
from regie.ingest.reading import ROW, Reading, ReadOptions
from regie.ingest.tables import columns_by_name, read_text_table, read_xlsx_table
from regie.ingest.timestamps import to_utc

HALF_DAY = 12 * 3600
DAY = 24 * 3600
FACTORS = {"s": 1, "min": 60, "h": 3600}
WORDS = {"s": "seconds", "min": "minutes", "h": "hours"}
TIME_OF_DAY = r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$"
DURATION = r"^(\d+):(\d{2}):(\d{2})$"
SHOWN_VALUES = 10


@dataclass(frozen=True)
class Part:
    """One field: its value (an expression) and the checks that reject unreadable rows."""

    value: pl.Expr
    checks: list[Check] = field(default_factory=list)


@dataclass(frozen=True)
class Columns:
    """The file's columns as the mapping names them, and the time zone of local times."""

    actual: dict[str, str]
    tz: str | None
    stamps: frozenset[str] = frozenset()
    """Timestamp fields the mapping maps: ``between`` may name them."""

    def name(self, column: str) -> str:
        return self.actual[column.lower()]

    def raw(self, column: str, missing: list[str] | None = None) -> pl.Expr:
        """Stripped text; empty, and the ``missing`` values ("did not happen"), as null."""
        value = text(self.name(column))
        return pl.when(value.is_in(missing)).then(None).otherwise(value) if missing else value

    def holds(self, rule: Rule) -> pl.Expr:
        """True where all ``when`` entries hold and no ``unless`` entry does."""
        cell = {
            c: pl.col(self.name(c)).cast(pl.String).str.strip_chars().fill_null("")
            for c in (*rule.when, *rule.unless)
        }
        result = pl.lit(True)
        for column, values in rule.when.items():
            result = result & cell[column].is_in(values)
        for column, values in rule.unless.items():
            result = result & ~cell[column].is_in(values)
        return result


def read(path: Path, options: ReadOptions) -> Reading:
    """Read ``path`` with the mapping ``options.mapping`` into canonical contacts."""
    mapping = _mapping(options, path.name)
    frame = _table(path)
    columns = _columns(frame, mapping, path.name, options)
    rows = frame.height
    frame, skipped = _skip(frame, mapping, columns)
    id_rule = mapping.fields.source_id
    ids = _field("source_id", id_rule, columns).value
    frame, repeated = identify(frame, ids, _label(id_rule), mapping.source, path.name)
    frame, checks = _evaluate(frame, mapping.rules(), columns)
    frame, bad = apply_checks(frame, checks, path.name)
    names = [n for n in mapping.rules() if n != "source_id"]
    frame = frame.select(ROW, *IDENTIFIED, *[pl.col(f"_v_{n}").alias(n) for n in names])
    frame, broken = check_rules(frame, path.name)
    found = pl.concat([repeated, bad, broken]).sort("row")
    return Reading(mapping.source, path.name, rows, frame, rejections=found, skipped=skipped)


def _mapping(options: ReadOptions, name: str) -> Mapping:
    if options.mapping is None:
        raise InvalidInput(
            f"{name}: the mapped importer needs a mapping file: give --mapping M.toml "
            "(see docs/import-mapping.md)"
        )
    return load_mapping(options.mapping)


def _table(path: Path) -> pl.DataFrame:
    """Every column as text, plus ``_row`` (CSV/XLSX: line 2 is the first row; Parquet: 1)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        frame = read_xlsx_table(path)
        return frame.with_columns(pl.exclude(ROW).cast(pl.String))
    if suffix != ".parquet":
        return read_text_table(path)
    if not path.is_file():
        raise NotFound(f"{path}: no such file")
    try:
        frame = pl.read_parquet(path)
    except Exception as error:  # polars raises several types for a bad file
        raise InvalidInput(f"{path.name}: not a readable Parquet file ({error})") from None
    frame = frame.select(pl.all().cast(pl.String))
    return frame.with_row_index(ROW, offset=1).with_columns(pl.col(ROW).cast(pl.Int64))


def _columns(frame: pl.DataFrame, mapping: Mapping, name: str, options: ReadOptions) -> Columns:
    """Find the mapping's columns in the header; settle the time zone. One error lists all."""
    actual = columns_by_name(frame)
    problems = [
        f"{name}: no column '{column}' (named at {key} in {_file(options)}){_near(column, actual)}"
        for key, column in mapping.references()
        if column.lower() not in actual
    ]
    tz = options.tz or mapping.time_zone
    if options.tz is not None:
        try:
            check_zone(options.tz)
        except ValueError as error:
            problems.append(f"--tz {options.tz}: {error}")
    local = mapping.local_fields()
    if tz is None and local:
        problems.append(
            f"{_file(options)}: fields.{local[0]} holds local times: set time_zone in the "
            "mapping or give --tz"
        )
    if problems:
        raise InvalidInput(problems[0], list(dict.fromkeys(problems)))
    return Columns(actual, tz, frozenset(n for n in mapping.rules() if n in TIMESTAMPS))


def _file(options: ReadOptions) -> str:
    return options.mapping.name if options.mapping else "the mapping"


def _near(column: str, actual: dict[str, str]) -> str:
    close = get_close_matches(column.lower(), list(actual), n=1, cutoff=0.6)
    if close:
        return f"; did you mean '{actual[close[0]]}'?"
    return f"; the header has: {', '.join(list(actual.values())[:30])}"


def _skip(frame: pl.DataFrame, mapping: Mapping, columns: Columns) -> tuple[pl.DataFrame, int]:
    if not mapping.skip:
        return frame, 0
    skipped = pl.any_horizontal([columns.holds(rule) for rule in mapping.skip])
    marked = frame.with_columns(skipped.alias("_skip"))
    count = int(marked["_skip"].sum())
    return marked.filter(~pl.col("_skip")).drop("_skip"), count


def _label(rule: FieldRule) -> str:
    """How a rejection names the column(s) a field reads."""
    names = [rule.column, *(rule.columns or []), rule.date, *(rule.between or ())]
    return " + ".join(n for n in names if n is not None) or "source_id"


def _evaluate(
    frame: pl.DataFrame, rules: dict[str, FieldRule], columns: Columns
) -> tuple[pl.DataFrame, list[Check]]:
    """Add ``_v_<field>`` for every field (timestamps first: ``between`` may use them)."""
    rules = {n: r for n, r in rules.items() if n != "source_id"}
    local = {n: r for n, r in rules.items() if r.date is not None}
    frame = frame.with_columns(_naive(r, columns).alias(f"_n_{n}") for n, r in local.items())
    frame = frame.with_columns(_rolled(n, r.after) for n, r in local.items() if r.after)
    parts = {n: _field(n, r, columns) for n, r in rules.items()}
    stamps = [n for n in parts if n in TIMESTAMPS]
    frame = frame.with_columns(parts[n].value.alias(f"_v_{n}") for n in stamps)
    others = [p.value.alias(f"_v_{n}") for n, p in parts.items() if n not in stamps]
    return frame.with_columns(others), [c for p in parts.values() for c in p.checks]


def _field(name: str, rule: FieldRule, columns: Columns) -> Part:
    """The value of one field, and its checks, only where its condition holds."""
    if rule.value is not None:
        part = Part(pl.lit(rule.value))
    elif rule.columns is not None:
        parts = [columns.raw(c, rule.missing) for c in rule.columns]
        part = Part(pl.concat_str(parts, separator=rule.separator))
    elif rule.between is not None:
        part = _between(rule, columns)
    elif rule.date is not None:
        part = _local_time(name, rule, columns)
    else:
        part = _column(name, rule, columns)
    holds = columns.holds(rule) if rule.when or rule.unless else pl.lit(True)
    value = pl.when(holds).then(part.value).otherwise(None).cast(SCHEMA[name])
    return Part(value, [(holds & bad, column, why) for bad, column, why in part.checks])


def _column(name: str, rule: FieldRule, columns: Columns) -> Part:
    raw = columns.raw(str(rule.column), rule.missing)
    value, reason = _typed(name, rule, columns, raw)
    if rule.values is None:
        return Part(value, [(raw.is_not_null() & value.is_null(), str(rule.column), reason)])
    keys = list(rule.values)
    mapped = raw.replace_strict(
        keys, list(rule.values.values()), default=None, return_dtype=SCHEMA[name]
    )
    unknown = raw.is_not_null() & ~raw.is_in(keys)
    if rule.unmapped == "null":
        return Part(mapped)
    if rule.unmapped == "keep":
        checks = [(unknown & value.is_null(), str(rule.column), reason)]
        return Part(pl.coalesce(mapped, value), checks)
    shown = ", ".join(keys[:SHOWN_VALUES]) + (", …" if len(keys) > SHOWN_VALUES else "")
    return Part(mapped, [(unknown, str(rule.column), f"not one of the mapped values: {shown}")])


def _typed(name: str, rule: FieldRule, columns: Columns, raw: pl.Expr) -> tuple[pl.Expr, str]:
    """``raw`` as the field's type, and the reason when it doesn't parse."""
    how = kind(name)
    if how == "seconds" and rule.unit == "HH:MM:SS":
        return _duration(raw), "not a duration in HH:MM:SS"
    if how == "seconds":
        unit = rule.unit or "s"
        return convert(name, raw) * FACTORS[unit], f"not a number of {WORDS[unit]}"
    if how != "timestamp":
        return convert(name, raw), REASONS[how]
    if rule.format is not None:
        return _formatted(raw, rule.format, columns.tz), f"not a timestamp as {rule.format}"
    stamp = (
        pl.when(raw.is_null())
        .then(None)
        .otherwise(to_utc(columns.name(str(rule.column)), columns.tz))
    )
    if columns.tz is None:
        return stamp, "not a timestamp with an offset; for local times set time_zone or --tz"
    return stamp, "not a timestamp (e.g. 2024-03-08 16:00:00 or 2024-03-08T15:00:00Z)"


def _formatted(raw: pl.Expr, pattern: str, tz: str | None) -> pl.Expr:
    fmt = str(strftime(pattern))
    if "%z" in fmt:
        return raw.str.to_datetime(fmt, strict=False, time_unit="us", time_zone="UTC")
    naive = raw.str.to_datetime(fmt, strict=False, time_unit="us")
    return _utc(naive, str(tz))


def _utc(naive: pl.Expr, tz: str) -> pl.Expr:
    """Wall-clock times in ``tz`` as UTC (a time skipped by DST is null; a repeated one early)."""
    zoned = naive.dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")
    return zoned.dt.convert_time_zone("UTC").cast(UTC)


def _time_of_day(raw: pl.Expr) -> pl.Expr:
    """``H:MM:SS`` or ``H:MM`` as seconds since midnight; null if not a time of day."""
    parts = raw.str.extract_groups(TIME_OF_DAY)
    h, m = parts.struct.field("1").cast(pl.Int64), parts.struct.field("2").cast(pl.Int64)
    s = parts.struct.field("3").cast(pl.Int64).fill_null(0)
    ok = (h < 24) & (m < 60) & (s < 60)
    return pl.when(ok).then(h * 3600 + m * 60 + s).otherwise(None)


def _duration(raw: pl.Expr) -> pl.Expr:
    """``HH:MM:SS`` (hours may exceed 23) as seconds; null otherwise."""
    parts = raw.str.extract_groups(DURATION)
    h, m = parts.struct.field("1").cast(pl.Float64), parts.struct.field("2").cast(pl.Float64)
    s = parts.struct.field("3").cast(pl.Float64)
    return pl.when((m < 60) & (s < 60)).then(h * 3600 + m * 60 + s).otherwise(None)


def _date(raw: pl.Expr, pattern: str) -> pl.Expr:
    parsed = raw.str.to_date(str(strftime(pattern)), strict=False)
    width = packed_width(pattern)
    return parsed if width is None else pl.when(raw.str.len_chars() == width).then(parsed)


def _naive(rule: FieldRule, columns: Columns) -> pl.Expr:
    """Date + time of day as a wall-clock datetime (no zone)."""
    day = _date(columns.raw(str(rule.date), rule.missing), rule.date_format)
    seconds = _time_of_day(columns.raw(str(rule.time), rule.missing))
    return day.cast(pl.Datetime("us")) + pl.duration(seconds=seconds)


def _rolled(name: str, after: str) -> pl.Expr:
    """A time more than 12 h before the field it follows is on the next day (midnight)."""
    own, ref = pl.col(f"_n_{name}"), pl.col(f"_n_{after}")
    earlier = own < ref - pl.duration(seconds=HALF_DAY)
    return pl.when(earlier).then(own + pl.duration(days=1)).otherwise(own).alias(f"_n_{name}")


def _local_time(name: str, rule: FieldRule, columns: Columns) -> Part:
    date, time = str(rule.date), str(rule.time)
    raw_date, raw_time = columns.raw(date, rule.missing), columns.raw(time, rule.missing)
    naive = pl.col(f"_n_{name}")
    value = _utc(naive, str(columns.tz))
    checks: list[Check] = [
        (
            raw_date.is_not_null() & _date(raw_date, rule.date_format).is_null(),
            date,
            f"not a date as {rule.date_format}",
        ),
        (
            raw_time.is_not_null() & _time_of_day(raw_time).is_null(),
            time,
            "not a time of day (H:MM:SS)",
        ),
        (
            naive.is_not_null() & value.is_null(),
            time,
            f"not a time in {columns.tz}: skipped by a daylight-saving change",
        ),
    ]
    return Part(value, checks)


def _between(rule: FieldRule, columns: Columns) -> Part:
    """Seconds from the first to the second: both times of day, or both timestamps."""
    start, end = (_instant(e, rule, columns) for e in rule.between or ())
    wrapped = end[0] - start[0]
    wrapped = pl.when(wrapped < -HALF_DAY).then(wrapped + DAY).otherwise(wrapped)
    value = pl.coalesce(wrapped, end[1] - start[1]).cast(pl.Float64)
    return Part(value, start[2] + end[2])


def _instant(name: str, rule: FieldRule, columns: Columns) -> tuple[pl.Expr, pl.Expr, list[Check]]:
    """(seconds of day, epoch seconds, checks) of one end of ``between``."""
    if name in columns.stamps:
        epoch = pl.col(f"_v_{name}").dt.epoch("ms") / 1000
        return pl.lit(None, pl.Int64), epoch, []
    raw = columns.raw(name, rule.missing)
    of_day = _time_of_day(raw)
    stamp = pl.when(raw.is_null()).then(None).otherwise(to_utc(columns.name(name), columns.tz))
    bad = raw.is_not_null() & of_day.is_null() & stamp.is_null()
    return of_day, stamp.dt.epoch("ms") / 1000, [(bad, name, "not a time (H:MM:SS) or timestamp")]
