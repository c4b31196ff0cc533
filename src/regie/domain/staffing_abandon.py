"""Erlang A (M/M/n+M): the queue where callers hang up after an exponential patience.

With arrival rate λ, service rate μ = 1/AHT, abandonment rate θ = 1/patience and n agents,
write ``x = nμ/θ`` and ``y = λ/θ``. The stationary law gives (Mandelbaum & Zeltyn's
Palm/Erlang-A, re-derived here in log space)::

    A(x, y)   = e^y · y^(−x) · Γ(x + 1) · P(x, y)      P = regularised lower incomplete gamma
    π_n       = 1 / (R + A)                            R = 1/B(n, λ/μ) − 1 (Erlang B odds)
    P(wait)   = π_n · A
    P(V > t)  = K · P(x, y·e^(−θt))                    V: the wait a caller would have
    P(Ab > t) = K · [u·P(x, u) − x·P(x + 1, u)] / y    u = y·e^(−θt); abandons after t
    K         = π_n · e^y · y^(−x) · Γ(x + 1)

``P(Ab > 0)`` is the abandonment probability, and a caller is answered or has hung up by
``t`` with probability ``1 − e^(−θt)·P(V > t)``. ASA of answered calls comes from a
Gauss–Legendre quadrature of ``∫ P(x + 1, y·e^(−w)) dw``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from regie.domain.staffing_erlang import Floats, as_floats, log_blocking_odds, log_lower_gamma

_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(16)
_CUTS = (0.0, 4.0, 8.0, 12.0, 16.0, 24.0, 40.0, 80.0)


@dataclass(frozen=True)
class AbandonQueue:
    """Per-interval Erlang A inputs, as broadcastable float arrays (seconds and counts)."""

    arrivals_per_second: Floats
    aht_seconds: Floats
    patience_seconds: Floats

    @property
    def load(self) -> Floats:
        """Offered load in Erlangs (λ · AHT)."""
        return self.arrivals_per_second * self.aht_seconds


@dataclass(frozen=True)
class WaitLaw:
    """The pieces every Erlang A figure is built from, for one agent count per interval."""

    x: Floats
    y: Floats
    log_k: Floats
    p_wait: Floats
    theta: Floats


def wait_law(queue: AbandonQueue, n: ArrayLike) -> WaitLaw:
    """Compute x, y, log K and P(wait) for ``n`` agents (n ≥ 1, λ > 0)."""
    theta = 1.0 / queue.patience_seconds
    y = queue.arrivals_per_second / theta
    x = as_floats(n) / queue.aht_seconds / theta
    log_r = log_blocking_odds(n, queue.load)
    log_scale = y - x * np.log(y) + special.gammaln(x + 1.0)
    log_a = log_scale + log_lower_gamma(x, y)
    log_pi = -np.logaddexp(log_r, log_a)
    p_wait = np.exp(log_pi + log_a)
    return WaitLaw(x=x, y=y, log_k=log_pi + log_scale, p_wait=p_wait, theta=theta)


def wait_beyond(law: WaitLaw, seconds: ArrayLike) -> Floats:
    """P(V > t): the share of callers whose (virtual) wait exceeds ``seconds``."""
    u = law.y * np.exp(-law.theta * as_floats(seconds))
    return np.minimum(np.exp(law.log_k + log_lower_gamma(law.x, u)), law.p_wait)


def abandon_beyond(law: WaitLaw, seconds: ArrayLike) -> Floats:
    """P(caller abandons after ``seconds``); at 0 s the abandonment probability."""
    u = law.y * np.exp(-law.theta * as_floats(seconds))
    first = np.exp(law.log_k + log_lower_gamma(law.x, u)) * u / law.y
    second = np.exp(law.log_k + log_lower_gamma(law.x + 1.0, u)) * law.x / law.y
    return np.clip(first - second, 0.0, 1.0)


def abandon_within(law: WaitLaw, seconds: ArrayLike) -> Floats:
    """P(caller abandons within ``seconds``)."""
    return np.clip(abandon_beyond(law, 0.0) - abandon_beyond(law, seconds), 0.0, 1.0)


def answered_within(law: WaitLaw, seconds: ArrayLike) -> Floats:
    """P(caller is answered within ``seconds``)."""
    t = as_floats(seconds)
    settled = 1.0 - np.exp(-law.theta * t) * wait_beyond(law, t)
    return np.clip(settled - abandon_within(law, t), 0.0, 1.0)


def _quadrature_cuts(law: WaitLaw) -> list[Floats]:
    """Piece boundaries in w that follow where P(x + 1, y·e^(−w)) falls from 1 to 0."""
    x1 = law.x + 1.0
    centre = np.maximum(np.log(np.maximum(law.y, 1e-300) / x1), 0.0)
    scale = 1.0 / np.maximum(np.sqrt(x1), x1 - law.y)
    head = np.maximum(centre - 12.0 * scale, 0.0)
    return [np.zeros_like(head)] + [head + k * scale for k in _CUTS]


def answered_wait_mean(law: WaitLaw) -> Floats:
    """ASA of answered calls in seconds: E[V; V < patience] / P(answered).

    E[V; V < patience] = (x / y) · ∫ K · P(x + 1, y·e^(−w)) dw / θ, integrated piecewise
    with Gauss–Legendre where the integrand falls from its plateau to zero.
    """
    cuts = _quadrature_cuts(law)
    integral = np.zeros_like(law.x)
    for low, high in itertools.pairwise(cuts):
        half = (high - low)[..., None] / 2.0
        w = (low[..., None] + half) + half * _NODES
        log_p = log_lower_gamma(law.x[..., None] + 1.0, law.y[..., None] * np.exp(-w))
        values = np.exp(log_p + law.log_k[..., None])
        integral = integral + (values * _WEIGHTS).sum(axis=-1) * half[..., 0]
    mean_product = law.x / law.y * integral / law.theta
    answered = 1.0 - abandon_beyond(law, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(answered > 0, mean_product / answered, np.inf)
