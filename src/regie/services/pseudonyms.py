"""Pseudonymising personal identifiers with a keyed hash (HMAC-SHA-256).

The same customer gets the same pseudonym within a workspace, so repeat contacts and
first-contact resolution can still be measured; without the workspace's secret the
pseudonym cannot be traced back. Only distinct values are hashed, then joined back.
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


def pseudonymise(frame: pl.DataFrame, key: bytes, columns: Iterable[str]) -> pl.DataFrame:
    """Replace every value of ``columns`` by its pseudonym (null stays null)."""
    for column in columns:
        if column not in frame.columns:
            continue
        raw = frame.get_column(column).cast(pl.String).str.strip_chars()
        distinct = raw.drop_nulls().unique().to_list()
        mapping = {v: pseudonym(v, key) for v in distinct if v}
        hashed = raw.replace_strict(mapping, default=None, return_dtype=pl.String)
        frame = frame.with_columns(hashed.alias(column))
    return frame
