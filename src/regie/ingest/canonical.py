"""Reader for a CSV or Parquet file whose header already uses the canonical names.

``regie import csv FILE`` needs no mapping when the columns are named as in
``analytics/columns.py`` (matched case-insensitively; other columns are ignored). Rules:

- ``source`` comes from a ``source`` column (one value per file) or is ``"csv"`` (for
  Parquet too); ``contact_id`` is always rebuilt as ``source:source_id``.
- Timestamps are ISO 8601. A value with an offset (``+01:00``, ``Z``) is exact; a value
  without one is read as UTC. Parquet datetimes without a time zone are UTC too.
- Numbers take a dot or a comma as decimal mark; booleans are true/false, 1/0 or yes/no.
- ``channel`` is one of ``CHANNELS`` (any case); ``nps_score`` 0–10; ``csat_score`` lies
  between 0 and ``csat_scale``; seconds and ``reopens`` are not negative; a first
  response, resolution or close is not before ``created_at``.

A value that breaks a rule rejects its row (file, row, column, value, reason: the first
problem found); the first row with a given source id wins, later ones are rejected as
duplicates. Everything is vectorised with Polars: no Python loop per row. The helpers
here (``kind``, ``text``, ``convert``, ``identify``, ``apply_checks``, ``check_rules``) are shared
with the mapped reader.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import polars as pl

from regie.analytics.columns import CHANNELS, SCHEMA, TEXT, TIMESTAMPS, UTC, Frame
from regie.domain.errors import InvalidInput, NotFound
from regie.ingest.reading import REJECTION_SCHEMA, ROW, Reading, ReadOptions, rejections
from regie.ingest.tables import read_text_table, scan_text_table, streamable

Kind = Literal["text", "timestamp", "boolean", "number", "integer", "seconds"]
Check = tuple[pl.Expr, str, str]
"""(which rows are bad, the column named in the rejection, the reason)."""

DEFAULT_SOURCE = "csv"
BUILT = ("contact_id", "source", "source_id")
BOOLEANS = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}
REASONS: dict[Kind, str] = {
    "timestamp": "not an ISO timestamp (e.g. 2024-03-08T15:00:00Z; no offset means UTC)",
    "boolean": "not a boolean (allowed: true, false, 1, 0, yes, no)",
    "number": "not a number",
    "integer": "not a whole number (or too large)",
    "seconds": "not a number of seconds",
    "text": "not text",
}
ISO_AWARE = "%Y-%m-%d %H:%M:%S%.f%z"
ISO_NAIVE = ("%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M")
SECONDS = tuple(name for name in SCHEMA if name.endswith("_seconds"))
AFTER_CREATION = tuple(t for t in TIMESTAMPS if t != "created_at")


def kind(name: str) -> Kind:
    """How a canonical column's values are read."""
    dtype = SCHEMA[name]
    if dtype == pl.Boolean:
        return "boolean"
    if isinstance(dtype, pl.Datetime):
        return "timestamp"
    if name.endswith("_seconds"):
        return "seconds"
    if dtype == pl.Float64:
        return "number"
    return "integer" if dtype.is_integer() else "text"


def text(column: str) -> pl.Expr:
    """The column as stripped text, empty as null."""
    value = pl.col(column).cast(pl.String).str.strip_chars()
    return pl.when(value == "").then(None).otherwise(value).alias(column)


def boolean(value: pl.Expr) -> pl.Expr:
    """true/false, 1/0, yes/no (any case) as Boolean; anything else null."""
    lower = value.str.to_lowercase()
    yes = [k for k, v in BOOLEANS.items() if v]
    no = [k for k, v in BOOLEANS.items() if not v]
    # when/then streams; replace_strict would hold the whole column in memory
    return pl.when(lower.is_in(yes)).then(True).when(lower.is_in(no)).then(False).otherwise(None)


def number(value: pl.Expr) -> pl.Expr:
    """A finite number (dot or comma as decimal mark); anything else null."""
    parsed = value.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
    return pl.when(parsed.is_finite()).then(parsed).otherwise(None)


def integer(value: pl.Expr) -> pl.Expr:
    """A whole number (``7`` or ``7.0``); anything else null."""
    parsed = number(value)
    return pl.when(parsed == parsed.floor()).then(parsed).otherwise(None).cast(pl.Int64)


def convert(name: str, value: pl.Expr) -> pl.Expr:
    """Text ``value`` as canonical column ``name`` (not a timestamp); null if it doesn't parse."""
    how = kind(name)
    if how == "boolean":
        return boolean(value)
    if how in ("number", "seconds"):
        return number(value)
    if how == "integer":
        return integer(value).cast(SCHEMA[name], strict=False)
    return value.str.to_lowercase() if name == "channel" else value


ISO_FAST = "%Y-%m-%dT%H:%M:%S%.f%z"


def iso_utc(column: str) -> pl.Expr:
    """ISO 8601 text as UTC: offsets honoured, no offset means UTC; null if not ISO.

    Batch by batch: the common ``2024-03-08T15:00:00.000+0000`` form parses in one go,
    and only the values it misses go through the three fixed ISO formats (not the
    export-format list of ``timestamps.to_utc``).
    """
    return text(column).map_batches(_iso_batch, return_dtype=UTC, is_elementwise=True)


def _iso_batch(values: pl.Series) -> pl.Series:
    fast = values.str.to_datetime(ISO_FAST, strict=False, time_unit="us", time_zone="UTC")
    missed = fast.is_null() & values.is_not_null()
    if not missed.any():
        return fast
    frame = pl.DataFrame({"v": values, "fast": fast, "missed": missed})
    slow = _iso_slow(pl.col("v"))
    return frame.select(pl.when("missed").then(slow).otherwise("fast")).to_series()


def _iso_slow(text_value: pl.Expr) -> pl.Expr:
    value = text_value.str.replace("T", " ", literal=True).str.replace(r"(Z| UTC)$", "+00:00")
    aware = value.str.to_datetime(ISO_AWARE, strict=False, time_unit="us", time_zone="UTC")
    naive = [value.str.to_datetime(f, strict=False, time_unit="us") for f in ISO_NAIVE]
    return pl.coalesce(aware, pl.coalesce(naive).dt.replace_time_zone("UTC")).cast(UTC)


def parsed(name: str) -> pl.Expr:
    """Text column ``name`` read as that canonical column; null where it doesn't parse."""
    return iso_utc(name) if kind(name) == "timestamp" else convert(name, text(name))


def no_rejections() -> pl.DataFrame:
    return pl.DataFrame(schema=REJECTION_SCHEMA)


def apply_checks(
    frame: Frame,
    checks: list[Check],
    file: str,
    shown: dict[str, pl.Expr] | None = None,
) -> tuple[Frame, Frame]:
    """Split ``frame`` into (kept, rejections): one rejection per row, its first failed check.

    A rejection shows the value of the column it names (``shown`` may say how).
    """
    if not checks:
        none = no_rejections()
        return frame, (none.lazy() if isinstance(frame, pl.LazyFrame) else none)
    first = pl.coalesce(
        [pl.when(bad.fill_null(False)).then(pl.lit(i)) for i, (bad, _, _) in enumerate(checks)]
    )
    marked = frame.with_columns(first.alias("_check"))
    if isinstance(marked, pl.LazyFrame):
        marked = marked.cache()  # kept rows and rejections share one pass when streamed
    values = shown or {}
    present = frame.collect_schema().names()
    check = pl.col("_check")
    value = pl.coalesce(
        [
            pl.when(check == i).then(values.get(column, _raw(column, present)).cast(pl.String))
            for i, (_, column, _) in enumerate(checks)
        ]
    )
    index = list(range(len(checks)))
    failed = marked.filter(check.is_not_null()).select(
        pl.lit(file).alias("file"),
        pl.col(ROW).cast(pl.Int64).alias("row"),
        check.replace_strict(index, [c for _, c, _ in checks], return_dtype=pl.String).alias(
            "column"
        ),
        value.fill_null("").alias("value"),
        check.replace_strict(index, [r for _, _, r in checks], return_dtype=pl.String).alias(
            "reason"
        ),
    )
    kept = marked.filter(check.is_null()).drop("_check")
    return kept, failed.cast(REJECTION_SCHEMA).sort("row")  # type: ignore[arg-type]


def _raw(column: str, present: list[str]) -> pl.Expr:
    return pl.col(column).cast(pl.String) if column in present else pl.lit(None, pl.String)


def shown(frame: pl.DataFrame | pl.LazyFrame) -> dict[str, pl.Expr]:
    """Typed values as a user wrote them: ``12`` not ``12.0``, timestamps in ISO UTC."""
    values = {}
    for name, dtype in frame.collect_schema().items():
        value = pl.col(name)
        if isinstance(dtype, pl.Datetime):
            values[name] = value.dt.strftime("%Y-%m-%dT%H:%M:%SZ")
        elif dtype == pl.Float64:
            whole = value.cast(pl.Int64, strict=False).cast(pl.String)
            values[name] = (
                pl.when(value == value.floor()).then(whole).otherwise(value.cast(pl.String))
            )
    return values


def identify(frame: Frame, ids: pl.Expr, label: str, source: str, file: str) -> tuple[Frame, Frame]:
    """Reject rows without an id and repeats of an id (the first row wins).

    Adds ``_source``, ``_source_id`` (``ids`` as text) and ``_contact_id`` (source:id);
    ``label`` names the id's column in rejections. Streams: only the repeats are joined
    back to the row of their first occurrence.
    """
    frame = frame.with_columns(ids.alias("_source_id"))
    missing = pl.col("_source_id").is_null()
    frame, absent = rejections(frame, missing, label, "missing: every contact needs an id", file)
    frame = frame.with_columns(pl.col("_source_id").is_first_distinct().alias("_first"))
    kept = frame.filter(pl.col("_first")).drop("_first")
    firsts = kept.select("_source_id", pl.col(ROW).alias("_first_row"))
    repeated = (
        frame.filter(~pl.col("_first"))
        .join(firsts, on="_source_id", how="left")
        .select(
            pl.lit(file).alias("file"),
            pl.col(ROW).cast(pl.Int64).alias("row"),
            pl.lit(label).alias("column"),
            pl.col("_source_id").alias("value"),
            pl.format("duplicate id: first on row {}", pl.col("_first_row")).alias("reason"),
        )
    )
    kept = kept.with_columns(
        pl.lit(source).alias("_source"),
        pl.concat_str(pl.lit(f"{source}:"), pl.col("_source_id")).alias("_contact_id"),
    )
    found = pl.concat([absent, repeated.cast(REJECTION_SCHEMA)])  # type: ignore[arg-type]
    return kept, found.sort("row")


IDENTIFIED = [pl.col(f"_{name}").alias(name) for name in BUILT]
"""The columns ``identify`` adds, under their canonical names."""


def check_rules(frame: Frame, file: str) -> tuple[Frame, Frame]:
    """Reject rows of typed canonical columns that break the schema's rules."""
    present = set(frame.collect_schema().names())
    checks = [c for c in _rules() if c[1] in present]
    checks += [
        (pl.col(t) < pl.col("created_at"), t, "before created_at")
        for t in AFTER_CREATION
        if t in present and "created_at" in present
    ]
    if "csat_score" in present:
        checks += _csat(present)
    return apply_checks(frame, checks, file, shown(frame))


def _rules() -> list[Check]:
    allowed = ", ".join(CHANNELS)
    checks: list[Check] = [
        (pl.col("channel").is_null(), "channel", "missing: every contact needs a channel"),
        (~pl.col("channel").is_in(CHANNELS), "channel", f"not a channel (allowed: {allowed})"),
        (pl.col("created_at").is_null(), "created_at", "missing: every contact needs created_at"),
        (~pl.col("nps_score").is_between(0, 10), "nps_score", "must be from 0 to 10"),
        (pl.col("csat_scale") < 2, "csat_scale", "must be 2 or more (the top of the scale)"),
        (pl.col("reopens") < 0, "reopens", "must not be negative"),
    ]
    return checks + [(pl.col(s) < 0, s, "must not be negative") for s in SECONDS]


def _csat(present: set[str]) -> list[Check]:
    score = pl.col("csat_score")
    if "csat_scale" not in present:
        return [(score.is_not_null(), "csat_score", "a score needs csat_scale (e.g. 5)")]
    scale = pl.col("csat_scale")
    return [
        (score.is_not_null() & scale.is_null(), "csat_score", "a score needs csat_scale (e.g. 5)"),
        (~score.is_between(0, scale), "csat_score", "must lie between 0 and csat_scale"),
    ]


DUPLICATE = "duplicate id"


def read(path: Path, options: ReadOptions) -> Reading:
    """Read a canonical CSV or Parquet file (see the module docstring for the rules).

    One annotated pass: every row gets the first check it fails (id, parse, rules), so a
    large UTF-8 CSV streams and its rejections need no second parse.
    """
    raw = _named(_table(path).lazy(), path.name, options.keep_text)
    rows = int(raw.select(pl.len()).collect(engine="streaming").item())
    source = _source(raw, path.name)
    names = [c for c in raw.collect_schema().names() if c in SCHEMA and c not in BUILT]
    typed = _typed(raw, names)
    checks = _id_checks() + _parse_checks(names) + _rule_checks(typed)
    shown = {n: pl.col(f"_raw_{n}") for n in names} | {"source_id": pl.col("_source_id")}
    kept, found = apply_checks(typed, checks, path.name, shown)
    extra = [c for c in TEXT if options.keep_text and c in raw.collect_schema().names()]
    kept = kept.with_columns(
        pl.lit(source).alias("_source"),
        pl.concat_str(pl.lit(f"{source}:"), pl.col("_source_id")).alias("_contact_id"),
    ).select(ROW, *IDENTIFIED, *names, *extra)
    return Reading(source, path.name, rows, kept, rejections=_first_rows(found, raw))


def _typed(raw: pl.LazyFrame, names: list[str]) -> pl.LazyFrame:
    """Raw text kept as ``_raw_<name>``; ``<name>`` parsed; id and first-occurrence flag."""
    ids = text("source_id")
    renamed = raw.rename({n: f"_raw_{n}" for n in names})
    return renamed.with_columns(
        ids.alias("_source_id"),
        ids.is_first_distinct().alias("_first"),
        *[_parsed_from(f"_raw_{n}", n).alias(n) for n in names],
    )


def _parsed_from(column: str, name: str) -> pl.Expr:
    return iso_utc(column) if kind(name) == "timestamp" else convert(name, text(column))


def _id_checks() -> list[Check]:
    missing = pl.col("_source_id").is_null()
    return [
        (missing, "source_id", "missing: every contact needs an id"),
        (~missing & ~pl.col("_first"), "source_id", DUPLICATE),
    ]


def _parse_checks(names: list[str]) -> list[Check]:
    return [
        (text(f"_raw_{n}").is_not_null() & pl.col(n).is_null(), n, REASONS[kind(n)]) for n in names
    ]


def _rule_checks(typed: pl.LazyFrame) -> list[Check]:
    present = set(typed.collect_schema().names())
    checks = [c for c in _rules() if c[1] in present]
    checks += [
        (pl.col(t) < pl.col("created_at"), t, "before created_at")
        for t in AFTER_CREATION
        if t in present and "created_at" in present
    ]
    return checks + (_csat(present) if "csat_score" in present else [])


def _first_rows(found: pl.LazyFrame, raw: pl.LazyFrame) -> pl.LazyFrame:
    """Duplicates name the row of the id's first occurrence (a pass over the ids only)."""
    ids = raw.select(text("source_id").alias("value"), pl.col(ROW).alias("_first_row"))
    firsts = ids.filter(pl.col("value").is_first_distinct() & pl.col("value").is_not_null())
    duplicate = pl.col("reason") == DUPLICATE
    return (
        found.join(firsts, on="value", how="left", maintain_order="left")
        .with_columns(
            pl.when(duplicate & (pl.col("column") == "source_id"))
            .then(pl.format("duplicate id: first on row {}", pl.col("_first_row")))
            .otherwise(pl.col("reason"))
            .alias("reason")
        )
        .drop("_first_row")
    )


def _table(path: Path) -> pl.DataFrame | pl.LazyFrame:
    if path.suffix.lower() != ".parquet":
        return scan_text_table(path) if streamable(path) else read_text_table(path)
    if not path.is_file():
        raise NotFound(f"{path}: no such file")
    try:
        frame = pl.read_parquet(path)
    except Exception as error:  # polars raises several types for a bad file
        raise InvalidInput(f"{path.name}: not a readable Parquet file ({error})") from None
    frame = frame.select(pl.all().cast(pl.String))
    return frame.with_row_index(ROW, offset=1).with_columns(pl.col(ROW).cast(pl.Int64))


def _named(frame: Frame, name: str, keep_text: bool) -> Frame:
    """The canonical columns (matched case-insensitively) renamed, plus ``_row``."""
    actual = {c.lower(): c for c in frame.collect_schema().names() if c != ROW}
    wanted = [c for c in (*SCHEMA, *TEXT) if c in actual and c != "contact_id"]
    absent = [c for c in ("source_id", "channel", "created_at") if c not in actual]
    if absent:
        raise InvalidInput(
            f"{name}: no column {', '.join(absent)}: a file without a mapping needs "
            "Regie's column names in its header (see docs/contacts.md); "
            "import other files with a mapping (regie import mapped --mapping M.toml)"
        )
    kept = [c for c in wanted if keep_text or c not in TEXT]
    return frame.select(ROW, *[pl.col(actual[c]).alias(c) for c in kept])


def _source(frame: pl.DataFrame | pl.LazyFrame, name: str) -> str:
    if "source" not in frame.collect_schema().names():
        return DEFAULT_SOURCE
    distinct = frame.lazy().select(text("source").drop_nulls().unique().sort())
    values = distinct.collect(engine="streaming")["source"].to_list()
    if len(values) > 1:
        shown = ", ".join(values[:5])
        raise InvalidInput(f"{name}: several sources in one file ({shown}): split the file")
    return str(values[0]) if values else DEFAULT_SOURCE
