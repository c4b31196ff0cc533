"""Pseudonymising personal identifiers with a keyed hash (HMAC-SHA-256).

The same customer gets the same pseudonym within a workspace, so repeat contacts and
first-contact resolution can still be measured; without the workspace's secret the
pseudonym cannot be traced back. Only distinct values are hashed (one pass over the
data), then joined back lazily, so millions of rows stream through.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

import polars as pl

DIGITS = 24


def pseudonym(value: str, key: bytes) -> str:
    """The pseudonym of one identifier."""
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:DIGITS]


def pseudonymise(frame: pl.LazyFrame, key: bytes, columns: Iterable[str]) -> pl.LazyFrame:
    """Replace every value of ``columns`` by its pseudonym (null and blank become null)."""
    names = frame.collect_schema().names()
    wanted = [c for c in columns if c in names]
    cleaned = frame.with_columns(
        pl.col(c).cast(pl.String).str.strip_chars().replace("", None) for c in wanted
    )
    for column in wanted:
        distinct = cleaned.select(pl.col(column).drop_nulls().unique()).collect(engine="streaming")
        values = distinct.get_column(column).to_list()
        table = pl.LazyFrame(
            {column: values, "_pseudonym": [pseudonym(v, key) for v in values]},
            schema={column: pl.String, "_pseudonym": pl.String},
        )
        cleaned = (
            cleaned.join(table, on=column, how="left", maintain_order="left")
            .with_columns(pl.col("_pseudonym").alias(column))
            .drop("_pseudonym")
        )
    return cleaned
