"""Pseudonymising personal identifiers with a keyed hash (HMAC-SHA-256).

The same customer gets the same pseudonym within a workspace, so repeat contacts and
first-contact resolution can still be measured; without the workspace's secret the
pseudonym cannot be traced back. Only distinct values are hashed, then joined back
lazily, so millions of rows stream through.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping

import polars as pl

DIGITS = 24
PSEUDONYM = "_pseudonym"


def pseudonym(value: str, key: bytes) -> str:
    """The pseudonym of one identifier."""
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:DIGITS]


def cleaned(frame: pl.LazyFrame, columns: Iterable[str]) -> pl.LazyFrame:
    """Identifier columns as stripped text, blank as null."""
    return frame.with_columns(
        pl.col(c).cast(pl.String).str.strip_chars().replace("", None) for c in columns
    )


def distinct(frame: pl.LazyFrame, column: str) -> pl.LazyFrame:
    """The query for the distinct non-null values of ``column`` (to hash once each)."""
    return frame.select(pl.col(column).drop_nulls().unique())


def table(values: pl.DataFrame, column: str, key: bytes) -> pl.LazyFrame:
    """Value → pseudonym for every value in ``values``."""
    raw = values.get_column(column).to_list()
    hashed = [pseudonym(v, key) for v in raw]
    schema = {column: pl.String, PSEUDONYM: pl.String}
    return pl.LazyFrame({column: raw, PSEUDONYM: hashed}, schema=schema)


def replace(frame: pl.LazyFrame, tables: Mapping[str, pl.LazyFrame]) -> pl.LazyFrame:
    """``frame`` with each column of ``tables`` replaced by its pseudonym."""
    for column, lookup in tables.items():
        frame = (
            frame.join(lookup, on=column, how="left", maintain_order="left")
            .with_columns(pl.col(PSEUDONYM).alias(column))
            .drop(PSEUDONYM)
        )
    return frame


def pseudonymise(frame: pl.LazyFrame, key: bytes, columns: Iterable[str]) -> pl.LazyFrame:
    """Replace every value of ``columns`` by its pseudonym (null and blank become null)."""
    names = frame.collect_schema().names()
    wanted = [c for c in columns if c in names]
    frame = cleaned(frame, wanted)
    found = pl.collect_all([distinct(frame, c) for c in wanted], engine="streaming")
    return replace(frame, {c: table(v, c, key) for c, v in zip(wanted, found, strict=True)})
