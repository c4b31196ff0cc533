"""Early warning of a slow decline: EWMA and CUSUM control charts on daily KPI values.

A monthly target catches a decline only when the month is already lost. A control chart
watches the daily values against what the vendor did in a *baseline* period and flags a
sustained shift weeks earlier. Daily values carry their own sample size (a day with 40
rated contacts says more than a day with 4), so each day has its own standard error.

Baseline (:func:`baseline`): from the baseline days, the pooled mean ``μ0`` (weighted by
n) and the per-observation standard deviation ``s`` — for a proportion ``√(μ0(1 − μ0))``,
for a mean the pooled within-day spread estimated from the day-to-day variation
(``s² = Σ n_d (x_d − μ0)² / (D − 1)``). The standard error of day d is ``σ_d = s / √n_d``.

EWMA (:func:`ewma`), smoothing ``λ`` (default 0.2) and width ``L`` (default 3):
``z_d = λ x_d + (1 − λ) z_{d−1}``, ``z_0 = μ0``; its exact variance with unequal σ_d is
``V_d = λ² σ_d² + (1 − λ)² V_{d−1}``, ``V_0 = 0``; limits ``μ0 ± L √V_d``. Both
recursions are linear filters (``scipy.signal.lfilter``), no loop over days.

CUSUM (:func:`cusum`), allowance ``k`` (default 0.5) and decision interval ``h`` (default
5), on standardised values ``u_d = (x_d − μ0) / σ_d``: the lower sum
``C⁻_d = max(0, C⁻_{d−1} − u_d − k)`` and the upper sum ``C⁺_d = max(0, C⁺_{d−1} + u_d −
k)``; a signal when a sum exceeds ``h``. ``max(0, ·)`` recursions are computed as
``S_d − min(0, min_{e ≤ d} S_e)`` over the running sum ``S`` of the increments.

A *signal* is the first day the statistic leaves its limit on the side that is worse for
the KPI (``higher_is_better`` says which side that is); days without data (n = 0) carry
the statistic forward unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.signal import lfilter

from regie.domain.errors import InvalidInput

Floats = NDArray[np.float64]
Kind = Literal["proportion", "mean"]


@dataclass(frozen=True)
class Baseline:
    """What "normal" looks like: the pooled mean and the per-observation spread."""

    mean: float
    spread: float
    days: int
    n: float

    def sigmas(self, n: ArrayLike) -> Floats:
        """The standard error of each day's value (infinite where n = 0)."""
        size = np.asarray(n, dtype=np.float64)
        with np.errstate(divide="ignore"):
            return np.where(size > 0, self.spread / np.sqrt(size), np.inf)


@dataclass(frozen=True)
class Chart:
    """A control chart over days: the statistic, its limits, and the first signal."""

    statistic: Floats
    lower: Floats
    upper: Floats
    worse: NDArray[np.bool_]  # beyond the limit on the side worse for the KPI
    better: NDArray[np.bool_]

    @property
    def first_signal(self) -> int | None:
        """Index of the first day beyond the worse limit, or None."""
        found = np.flatnonzero(self.worse)
        return int(found[0]) if found.size else None


def baseline(values: ArrayLike, n: ArrayLike, kind: Kind) -> Baseline:
    """The baseline of daily ``values`` with sample sizes ``n`` (days with n = 0 ignored)."""
    x, size = _pair(values, n)
    known = size > 0
    x, size = x[known], size[known]
    if x.size < 2:
        raise InvalidInput("a baseline needs at least two days with data")
    mean = float(np.sum(x * size) / np.sum(size))
    if kind == "proportion":
        spread = float(np.sqrt(mean * (1.0 - mean)))
    else:
        spread = float(np.sqrt(np.sum(size * (x - mean) ** 2) / (x.size - 1)))
    if spread == 0.0:
        raise InvalidInput(
            f"the baseline does not vary (every day {mean:g}): no control limits can be set"
        )
    return Baseline(mean, spread, int(x.size), float(np.sum(size)))


def ewma(
    values: ArrayLike,
    n: ArrayLike,
    base: Baseline,
    higher_is_better: bool,
    smoothing: float = 0.2,
    width: float = 3.0,
) -> Chart:
    """The EWMA chart of daily ``values`` (sample sizes ``n``) against ``base``."""
    if not 0.0 < smoothing <= 1.0:
        raise InvalidInput(f"smoothing = {smoothing:g}: must be in (0, 1]")
    x, size = _pair(values, n)
    weight = np.where(size > 0, smoothing, 0.0)  # a day without data leaves z unchanged
    sigma2 = np.where(size > 0, base.sigmas(size) ** 2, 0.0)
    z = _filtered(weight, x, base.mean)
    variance = _filtered_variance(weight, sigma2)
    half = width * np.sqrt(variance)
    lower, upper = base.mean - half, base.mean + half
    return _chart(z, lower, upper, higher_is_better)


def cusum(
    values: ArrayLike,
    n: ArrayLike,
    base: Baseline,
    higher_is_better: bool,
    allowance: float = 0.5,
    interval: float = 5.0,
) -> Chart:
    """The CUSUM chart: the sum on the worse side as the statistic, limit ``interval``."""
    x, size = _pair(values, n)
    known = size > 0
    u = np.where(known, (x - base.mean) / base.sigmas(size), 0.0)
    step = np.where(known, allowance, 0.0)
    worse_side = -u if higher_is_better else u
    worse_sum = _clamped_sum(worse_side - step)
    better_sum = _clamped_sum(-worse_side - step)
    limit = np.full(x.shape, interval)
    zeros = np.zeros(x.shape)
    return Chart(worse_sum, zeros, limit, worse_sum > interval, better_sum > interval)


def _pair(values: ArrayLike, n: ArrayLike) -> tuple[Floats, Floats]:
    x = np.asarray(values, dtype=np.float64)
    size = np.asarray(n, dtype=np.float64)
    if x.shape != size.shape or x.ndim != 1:
        raise InvalidInput("values and sample sizes must be two series of the same length")
    size = np.where(np.isnan(x), 0.0, size)
    return np.nan_to_num(x, nan=0.0), size


def _filtered(weight: Floats, x: Floats, start: float) -> Floats:
    """``z_d = w_d x_d + (1 − w_d) z_{d−1}``, ``z_{-1} = start``: a linear filter over each
    stretch of constant weight (λ on days with data, 0 on days without)."""
    out = np.empty_like(x)
    previous = start
    for begin, end in _runs(weight):
        w = weight[begin]
        if w == 0.0:
            out[begin:end] = previous
        else:
            state = np.array([(1.0 - w) * previous])
            out[begin:end] = lfilter([w], [1.0, -(1.0 - w)], x[begin:end], zi=state)[0]
        previous = float(out[end - 1])
    return out


def _runs(weight: Floats) -> list[tuple[int, int]]:
    edges = np.flatnonzero(np.diff(weight)) + 1
    bounds = np.concatenate(([0], edges, [weight.size]))
    return [(int(a), int(b)) for a, b in pairwise(bounds)]


def _filtered_variance(weight: Floats, sigma2: Floats) -> Floats:
    """``V_d = w_d² σ_d² + (1 − w_d)² V_{d−1}``, ``V_{-1} = 0``, the same way."""
    out = np.empty_like(sigma2)
    previous = 0.0
    for begin, end in _runs(weight):
        w = weight[begin]
        if w == 0.0:
            out[begin:end] = previous
        else:
            decay = (1.0 - w) ** 2
            state = np.array([decay * previous])
            drive = w * w * sigma2[begin:end]
            out[begin:end] = lfilter([1.0], [1.0, -decay], drive, zi=state)[0]
        previous = float(out[end - 1])
    return out


def _clamped_sum(increments: Floats) -> Floats:
    """``C_d = max(0, C_{d−1} + y_d)``, ``C_{-1} = 0``, as ``S_d − min(0, min_{e≤d} S_e)``."""
    total = np.cumsum(increments)
    floor = np.minimum.accumulate(np.minimum(total, 0.0))
    return np.asarray(total - floor, dtype=np.float64)


def _chart(z: Floats, lower: Floats, upper: Floats, higher_is_better: bool) -> Chart:
    below, above = z < lower, z > upper
    worse, better = (below, above) if higher_is_better else (above, below)
    return Chart(z, lower, upper, worse, better)
