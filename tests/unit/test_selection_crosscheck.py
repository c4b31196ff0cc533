"""The sensitivity measures against independent computations on random scorecards:

- the L1-minimal change against SciPy's linear programme (minimise Σ t_i with
  t ≥ ±(w' − w), Σ w' = 1, w' ≥ 0 and Σ w'_i d_i ≤ 0);
- the pair transfer against a brute-force scan of every pair in small steps;
- the single-criterion change against a brute-force scan of one weight at a time.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from regie.domain.selection import Flip, Scale, build_scorecard, sensitivity

CRITERIA = ("a", "b", "c", "d", "e")
STEP = 1e-3
EPS = 1e-9


@st.composite
def scorecards(draw: st.DrawFn) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    n = draw(st.integers(2, len(CRITERIA)))
    keys = CRITERIA[:n]
    weights = {k: float(draw(st.integers(1, 50))) for k in keys}
    vendors = draw(st.integers(2, 4))
    scores = {
        f"V{v}": {k: float(draw(st.integers(1, 10))) / 2 for k in keys} for v in range(vendors)
    }
    return weights, scores


def lp_distance(w: np.ndarray, d: np.ndarray) -> float | None:
    """The least Σ |w' − w| that makes Σ w' d ≤ 0, by linear programming."""
    n = len(w)
    cost = np.concatenate([np.zeros(n), np.ones(n)])
    eye = np.eye(n)
    upper = np.vstack([np.hstack([eye, -eye]), np.hstack([-eye, -eye]),
                       np.concatenate([d, np.zeros(n)])[None, :]])  # fmt: skip
    bound = np.concatenate([w, -w, [0.0]])
    equal = np.concatenate([np.ones(n), np.zeros(n)])[None, :]
    found = linprog(cost, A_ub=upper, b_ub=bound, A_eq=equal, b_eq=[1.0],
                    bounds=[(0, None)] * (2 * n), method="highs")  # fmt: skip
    return float(found.fun) if found.status == 0 else None


def vectors(f: Flip, weights: dict[str, float], scores: dict[str, dict[str, float]]) -> tuple:
    total = sum(weights.values())
    w = np.array([weights[k] / total for k in weights])
    d = np.array([scores[f.leader][k] - scores[f.runner_up][k] for k in weights])
    return w, d


def brute_pair(w: np.ndarray, d: np.ndarray) -> float | None:
    best = None
    for j in range(len(w)):
        for i in range(len(w)):
            if i == j:
                continue
            deltas = np.arange(0, w[j], STEP)
            gaps = w @ d + deltas * (d[i] - d[j])
            crossed = np.nonzero(gaps < -EPS)[0]  # a draw is not a flip
            if crossed.size:
                found = deltas[crossed[0]]
                best = found if best is None else min(best, found)
    return best


def brute_single(w: np.ndarray, d: np.ndarray) -> float | None:
    best = None
    for k in range(len(w)):
        others = np.delete(np.arange(len(w)), k)
        for x in np.arange(0, 1 + STEP / 2, STEP):
            v = np.zeros(len(w))
            v[k] = x
            v[others] = w[others] * (1 - x) / (1 - w[k])
            if v @ d < -EPS:  # a draw (within rounding) is not a flip
                change = abs(x - w[k])
                best = change if best is None else min(best, change)
    return best


@settings(max_examples=150, deadline=None)
@given(scorecards())
def test_the_l1_change_is_the_linear_programme_optimum(case: tuple) -> None:
    weights, scores = case
    card = build_scorecard(weights, Scale(0, 5), scores, {})
    for f in sensitivity(card):
        w, d = vectors(f, weights, scores)
        optimum = lp_distance(w, d)
        if f.l1_distance is None:
            assert d.min() >= 0, "the leader is nowhere worse, so only a draw is possible"
        else:
            assert optimum is not None
            assert f.l1_distance == pytest.approx(optimum, abs=1e-7)


@settings(max_examples=60, deadline=None)
@given(scorecards())
def test_the_pair_and_single_changes_match_a_brute_force_scan(case: tuple) -> None:
    weights, scores = case
    card = build_scorecard(weights, Scale(0, 5), scores, {})
    for f in sensitivity(card):
        w, d = vectors(f, weights, scores)
        pair = brute_pair(w, d)
        if f.pair is None:
            assert pair is None
        else:
            assert pair is not None and f.pair.delta <= pair <= f.pair.delta + STEP + EPS
        single = brute_single(w, d)
        if f.single is None:
            assert single is None
        else:
            assert single is not None
            assert abs(f.single.change) <= single + 1e-9
            assert single <= abs(f.single.change) + 2 * STEP
