"""Erlang B and Erlang C: the queue without abandonment (M/M/n), vectorised and stable.

Every function takes NumPy arrays (or scalars) that broadcast together and returns arrays.
``n`` is the number of servers (agents, or chat slots), ``a`` the offered load in Erlangs.
Non-integer ``n`` gives the continuous extension through the incomplete gamma function,
which equals the textbook value at every integer ``n``.

Numerical core: with ``R = 1 / B(n, a) − 1`` (B = Erlang B),

    R = e^a · a^(−n) · Γ(n + 1) · Q(n, a)          Q = regularised upper incomplete gamma

computed in log space, so loads of 100,000 Erlangs neither overflow nor underflow. Where
``Q`` underflows (``a`` far above ``n``) a convergent series replaces it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

Floats = NDArray[np.float64]

_TINY = 1e-280
_SERIES_TERMS = 4000


def as_floats(value: ArrayLike) -> Floats:
    """``value`` as a float64 array (a copy only when needed)."""
    return np.asarray(value, dtype=np.float64)


def _series_log(first: Floats, ratio_at: Callable[[int], Floats]) -> Floats:
    """log Σ_{m≥0} Π_{k=1..m} ratio(k), summed until the terms vanish (vectorised)."""
    total = np.ones_like(first)
    term = np.ones_like(first)
    for k in range(1, _SERIES_TERMS):
        term = term * ratio_at(k)
        total = total + term
        if not np.any(np.abs(term) > 1e-17 * np.abs(total)):
            break
    return as_floats(np.log(total))


def log_lower_gamma(x: Floats, u: Floats) -> Floats:
    """log P(x, u), the regularised lower incomplete gamma, also where it underflows."""
    x, u = np.broadcast_arrays(as_floats(x), as_floats(u))
    with np.errstate(divide="ignore"):
        out = as_floats(np.log(special.gammainc(x, u)))
    small = ~(out > np.log(_TINY)) & (u > 0)
    if np.any(small):
        xs, us = x[small], u[small]
        head = xs * np.log(us) - us - special.gammaln(xs + 1.0)
        out[small] = head + _series_log(xs, lambda k: us / (xs + k))
    return out


def log_blocking_odds(n: ArrayLike, a: ArrayLike) -> Floats:
    """log(1/B(n, a) − 1): the log odds against blocking; −inf at n = 0, +inf at a = 0."""
    n, a = np.broadcast_arrays(as_floats(n), as_floats(a))
    out = np.full(n.shape, np.inf)
    out[n <= 0] = -np.inf
    live = (n > 0) & (a > 0)
    nl, al = n[live], a[live]
    with np.errstate(divide="ignore"):
        log_q = np.log(special.gammaincc(nl, al))
    head = al - nl * np.log(al) + special.gammaln(nl + 1.0)
    value = head + log_q
    small = ~(log_q > np.log(_TINY))
    if np.any(small):
        ns, as_ = nl[small], al[small]
        value[small] = np.log(ns / as_) + _series_log(ns, lambda k: (ns - k) / as_)
    out[live] = value
    return out


def erlang_b(n: ArrayLike, a: ArrayLike) -> Floats:
    """Blocking probability of M/M/n/n (Erlang B)."""
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(log_blocking_odds(n, a)))


def erlang_c(n: ArrayLike, a: ArrayLike) -> Floats:
    """Probability that a call waits, P(wait > 0), in M/M/n (Erlang C); 1 when n ≤ a."""
    n, a = np.broadcast_arrays(as_floats(n), as_floats(a))
    odds = log_blocking_odds(n, a)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        slack = 1.0 - a / n
        p_wait = 1.0 / (1.0 + np.exp(odds) * slack)
    p_wait = np.where(n > a, p_wait, 1.0)
    return np.where(a > 0, p_wait, 0.0)


def service_level(
    n: ArrayLike,
    a: ArrayLike,
    aht_seconds: ArrayLike,
    threshold_seconds: ArrayLike,
    p_wait: Floats | None = None,
) -> Floats:
    """Share of calls answered within the threshold: 1 − C·exp(−(n − a)·t / AHT)."""
    n, a, aht, t = np.broadcast_arrays(
        *(as_floats(v) for v in (n, a, aht_seconds, threshold_seconds))
    )
    p_wait = erlang_c(n, a) if p_wait is None else p_wait
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        decay = np.exp(-(n - a) * t / aht)
        level = 1.0 - p_wait * decay
    level = np.where(n > a, level, 0.0)
    return np.where(a > 0, np.clip(level, 0.0, 1.0), 1.0)


def average_speed_of_answer(
    n: ArrayLike, a: ArrayLike, aht_seconds: ArrayLike, p_wait: Floats | None = None
) -> Floats:
    """Mean wait of all calls (ASA) in seconds: C·AHT / (n − a); infinite when n ≤ a."""
    n, a, aht = np.broadcast_arrays(*(as_floats(v) for v in (n, a, aht_seconds)))
    p_wait = erlang_c(n, a) if p_wait is None else p_wait
    with np.errstate(divide="ignore", invalid="ignore"):
        asa = p_wait * aht / (n - a)
    asa = np.where(n > a, asa, np.inf)
    return np.where(a > 0, asa, 0.0)


def occupancy(n: ArrayLike, a: ArrayLike) -> Floats:
    """Share of staffed time spent handling: a / n, at most 1; 0 without staff or calls."""
    n, a = np.broadcast_arrays(as_floats(n), as_floats(a))
    with np.errstate(divide="ignore", invalid="ignore"):
        busy = np.minimum(a / n, 1.0)
    return np.where((n > 0) & (a > 0), busy, 0.0)
