"""Pseudonymising personal identifiers with a keyed hash (HMAC-SHA-256).

The same customer gets the same pseudonym within a workspace, so repeat contacts and
first-contact resolution can still be measured; without the workspace's secret the
pseudonym cannot be traced back. Hashing happens batch by batch while the contacts
stream to disk: each distinct value is hashed once (a cache spans the batches).
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable

import polars as pl

DIGITS = 24


def pseudonym(value: str, key: bytes) -> str:
    """The pseudonym of one identifier."""
    return hmac.digest(key, value.encode("utf-8"), "sha256").hex()[:DIGITS]


class Pseudonymiser:
    """Maps a batch of identifiers to pseudonyms, hashing each distinct value once."""

    def __init__(self, key: bytes) -> None:
        self.key = key
        self.known: dict[str, str] = {}

    def __call__(self, values: pl.Series) -> pl.Series:
        text = values.cast(pl.String).str.strip_chars()
        present = text.filter(text.is_not_null() & (text != "")).unique().to_list()
        known, key = self.known, self.key
        hashed = [known.get(v) or known.setdefault(v, pseudonym(v, key)) for v in present]
        lookup = pl.DataFrame({"v": present, "h": hashed}, schema={"v": pl.String, "h": pl.String})
        joined = text.to_frame("v").join(lookup, on="v", how="left", maintain_order="left")
        return joined.get_column("h").alias(values.name)


def pseudonymise(frame: pl.LazyFrame, key: bytes, columns: Iterable[str]) -> pl.LazyFrame:
    """Replace every value of ``columns`` by its pseudonym (null and blank become null)."""
    names = frame.collect_schema().names()
    hasher = Pseudonymiser(key)
    return frame.with_columns(
        pl.col(c).map_batches(hasher, return_dtype=pl.String, is_elementwise=True)
        for c in columns
        if c in names
    )
