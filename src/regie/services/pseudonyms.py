"""Pseudonymising personal identifiers with a keyed hash (HMAC-SHA-256).

The same customer gets the same pseudonym within a workspace, so repeat contacts and
first-contact resolution can still be measured; without the workspace's secret the
pseudonym cannot be traced back. Hashing happens batch by batch while the contacts
stream to disk: each distinct value is hashed once (a cache spans the batches).
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


class Pseudonymiser:
    """Maps a batch of identifiers to pseudonyms, hashing each distinct value once."""

    def __init__(self, key: bytes) -> None:
        self.key = key
        self.known: dict[str, str] = {}

    def __call__(self, values: pl.Series) -> pl.Series:
        text = values.cast(pl.String).str.strip_chars()
        fresh = [v for v in text.drop_nulls().unique().to_list() if v not in self.known]
        self.known.update((v, pseudonym(v, self.key)) for v in fresh if v)
        present = text.drop_nulls().unique().to_list()
        mapping = {v: self.known[v] for v in present if v}
        return text.replace_strict(mapping, default=None, return_dtype=pl.String)


def pseudonymise(frame: pl.LazyFrame, key: bytes, columns: Iterable[str]) -> pl.LazyFrame:
    """Replace every value of ``columns`` by its pseudonym (null and blank become null)."""
    names = frame.collect_schema().names()
    hasher = Pseudonymiser(key)
    return frame.with_columns(
        pl.col(c).map_batches(hasher, return_dtype=pl.String, is_elementwise=True)
        for c in columns
        if c in names
    )
