"""Proportions with their sample size: Wilson score intervals and the minimum-sample rule.

A share of 85 % means little without its n: at n = 50 the 95 % Wilson interval runs from
about 73 % to 93 %. Every proportion the KPI engine reports carries its n and these bounds.
Documented for users in ``docs/kpis.md``.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt
import polars as pl
from numpy.typing import NDArray

Z95: Final = 1.959963984540054
"""The two-sided 95 % normal quantile."""

INSUFFICIENT: Final = "insufficient sample"
SUFFICIENT: Final = "sufficient sample"

Floats = NDArray[np.float64]


def wilson(successes: npt.ArrayLike, n: npt.ArrayLike, z: float = Z95) -> tuple[Floats, Floats]:
    """Lower and upper Wilson score bounds for ``successes`` out of ``n`` (broadcast).

    Where ``n`` is 0 (or missing) both bounds are NaN: no sample, no interval.
    """
    hits = np.asarray(successes, dtype=np.float64)
    size = np.asarray(n, dtype=np.float64)
    valid = size > 0
    safe = np.where(valid, size, 1.0)
    share = hits / safe
    z2 = z * z
    denominator = 1.0 + z2 / safe
    centre = (share + z2 / (2.0 * safe)) / denominator
    half = z / denominator * np.sqrt(share * (1.0 - share) / safe + z2 / (4.0 * safe * safe))
    low = np.where(valid, np.clip(centre - half, 0.0, 1.0), np.nan)
    high = np.where(valid, np.clip(centre + half, 0.0, 1.0), np.nan)
    return low, high


def wilson_exprs(successes: pl.Expr, n: pl.Expr, z: float = Z95) -> tuple[pl.Expr, pl.Expr]:
    """:func:`wilson` as Polars expressions; null bounds where ``n`` is 0 or null."""
    size = n.cast(pl.Float64)
    share = successes.cast(pl.Float64) / size
    z2 = z * z
    denominator = 1.0 + z2 / size
    centre = (share + z2 / (2.0 * size)) / denominator
    half = z / denominator * (share * (1.0 - share) / size + z2 / (4.0 * size * size)).sqrt()
    valid = size > 0
    low = pl.when(valid).then((centre - half).clip(0.0, 1.0))
    high = pl.when(valid).then((centre + half).clip(0.0, 1.0))
    return low, high


def proportion(name: str, z: float = Z95) -> list[pl.Expr]:
    """Share, lower and upper bound from the columns ``{name}_hits`` and ``{name}_n``.

    Gives ``{name}`` (null when n = 0), ``{name}_low`` and ``{name}_high``.
    """
    hits, size = pl.col(f"{name}_hits"), pl.col(f"{name}_n")
    low, high = wilson_exprs(hits, size, z)
    share = pl.when(size > 0).then(hits.cast(pl.Float64) / size)
    return [share.alias(name), low.alias(f"{name}_low"), high.alias(f"{name}_high")]


def sample_status(n: int, minimum: int) -> str:
    """``"insufficient sample"`` when ``n < minimum``, else ``"sufficient sample"``.

    A KPI with an insufficient sample is neither met nor missed.
    """
    return INSUFFICIENT if n < minimum else SUFFICIENT


def sample_status_expr(n: pl.Expr, minimum: int) -> pl.Expr:
    """:func:`sample_status` for a column of sample sizes (null n counts as 0)."""
    return (
        pl.when(n.fill_null(0) < minimum).then(pl.lit(INSUFFICIENT)).otherwise(pl.lit(SUFFICIENT))
    )
