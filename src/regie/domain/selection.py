"""The selection scorecard: a weighted ranking of vendors, the cost score from TCO, and
how robust the ranking is to a change of weights.

Definitions (docs/selection.md shows them worked out):

- **Weights** are any positive numbers; criterion *i* counts with ``w_i = raw_i / Σ raw``
  (so weights that sum to 100 read as percentages).
- **Scores** lie on the scorecard's scale ``[low, high]`` (e.g. 1–5). The cost score is
  never typed in: ``cost = low + (high − low) × min TCO / TCO``. The cheapest vendor gets
  ``high``; a vendor twice as expensive gets halfway between ``low`` and ``high``.
- **Total** of a vendor: ``Σ w_i × s_i``, on the same scale. Equal totals share a rank.
- **Sensitivity** of the leader *A* against a runner-up *B*: with ``d_i = s_Ai − s_Bi``
  the gap is ``G = Σ w_i d_i``. Three measures of the smallest change of (normalised)
  weights at which *B* draws level (any more and *B* leads):

  - *pair transfer*: move ``δ`` from criterion *j* to criterion *i*, the others kept:
    ``δ = G / (d_j − d_i)`` for ``d_j > d_i`` and ``δ < w_j``; the smallest over all pairs;
  - *L1-minimal change*: the least ``Σ |w'_i − w_i|`` over all weight vectors: weight
    moves to the criterion where *B* is strongest (smallest ``d``), taken from criteria
    in order of decreasing ``d``; the distance is twice the weight moved;
  - *single criterion*: set ``w_k`` to ``x`` and rescale the others proportionally: the
    gap is ``x d_k + (1 − x) R_k`` with ``R_k = (G − w_k d_k) / (1 − w_k)``, so *B* draws
    level at ``x = R_k / (R_k − d_k)`` (when that lies strictly between 0 and 1).

  A measure counts only where *B* would lead after any further change of that kind; *B*
  can never overtake when it scores no higher than *A* on any criterion.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import permutations

from regie.domain.errors import InvalidInput

COST = "cost"
EPS = 1e-12  # below this, a score difference counts as none
TIE = 1e-9  # totals closer than this share a rank


@dataclass(frozen=True)
class Scale:
    """The range of scores, e.g. 1–5 or 0–10."""

    low: float
    high: float

    def __post_init__(self) -> None:
        if not self.low < self.high:
            raise InvalidInput(f"scale {self.low:g}–{self.high:g}: low must be below high")


@dataclass(frozen=True)
class Scorecard:
    """Weights per criterion (as given), the scale, every vendor's scores (cost included,
    derived from ``tco``) and the TCO behind the cost score."""

    weights: Mapping[str, float]
    scale: Scale
    scores: Mapping[str, Mapping[str, float]]
    tco: Mapping[str, float] = field(default_factory=dict)

    @property
    def criteria(self) -> tuple[str, ...]:
        return tuple(self.weights)

    @property
    def vendors(self) -> tuple[str, ...]:
        return tuple(self.scores)

    def normalised(self) -> dict[str, float]:
        """``w_i = raw_i / Σ raw``: the weights as shares that sum to 1."""
        total = sum(self.weights.values())
        return {key: raw / total for key, raw in self.weights.items()}


def cost_scores(tco: Mapping[str, float], scale: Scale) -> dict[str, float]:
    """``low + (high − low) × min TCO / TCO`` per vendor; the cheapest gets ``high``."""
    bad = [f"{vendor}: TCO {value:g} must be greater than 0" for vendor, value in tco.items()
           if not value > 0]  # fmt: skip
    if bad:
        raise InvalidInput(bad[0], bad)
    cheapest = min(tco.values())
    span = scale.high - scale.low
    return {vendor: scale.low + span * cheapest / value for vendor, value in tco.items()}


def build_scorecard(
    weights: Mapping[str, float],
    scale: Scale,
    typed: Mapping[str, Mapping[str, float]],
    tco: Mapping[str, float],
) -> Scorecard:
    """A scorecard from typed scores (every criterion but cost) and TCO per vendor."""
    problems = _problems(weights, scale, typed, tco)
    if problems:
        raise InvalidInput(problems[0], problems)
    costs = cost_scores({v: tco[v] for v in typed}, scale) if COST in weights else {}
    scores = {
        vendor: {key: costs[vendor] if key == COST else typed[vendor][key] for key in weights}
        for vendor in typed
    }
    kept = {vendor: tco[vendor] for vendor in typed} if COST in weights else {}
    return Scorecard(dict(weights), scale, scores, kept)


def _problems(
    weights: Mapping[str, float],
    scale: Scale,
    typed: Mapping[str, Mapping[str, float]],
    tco: Mapping[str, float],
) -> list[str]:
    problems = [f"weight of {key}: {raw:g} must be greater than 0"
                for key, raw in weights.items() if not raw > 0]  # fmt: skip
    if not weights:
        problems.append("a scorecard needs at least one criterion with a weight")
    for vendor, given in typed.items():
        if COST in given:
            problems.append(f"{vendor}: the cost score is derived from TCO, never typed in")
        if COST in weights and vendor not in tco:
            problems.append(f"{vendor}: no TCO, so no cost score")
        missing = [key for key in weights if key != COST and key not in given]
        problems += [f"{vendor}: no score for {key}" for key in missing]
        problems += [
            f"{vendor}: {key} = {value:g} is outside the scale {scale.low:g}–{scale.high:g}"
            for key, value in given.items()
            if key != COST and not scale.low <= value <= scale.high
        ]
    return problems


@dataclass(frozen=True)
class Ranked:
    """A vendor's place: rank 1 is best; ``parts`` are ``w_i × s_i`` per criterion."""

    vendor: str
    rank: int
    total: float
    parts: Mapping[str, float]


def rank(card: Scorecard) -> tuple[Ranked, ...]:
    """Vendors by weighted total, best first; equal totals share a rank (1, 1, 3)."""
    w = card.normalised()
    parts = {v: {k: w[k] * s[k] for k in card.criteria} for v, s in card.scores.items()}
    totals = {v: sum(p.values()) for v, p in parts.items()}
    order = sorted(card.vendors, key=lambda v: -totals[v])
    ranked: list[Ranked] = []
    for place, vendor in enumerate(order, start=1):
        tied = ranked and abs(ranked[-1].total - totals[vendor]) <= TIE
        number = ranked[-1].rank if tied else place
        ranked.append(Ranked(vendor, number, totals[vendor], parts[vendor]))
    return tuple(ranked)


@dataclass(frozen=True)
class Transfer:
    """``delta`` of normalised weight moved from criterion ``source`` to ``target``."""

    source: str
    target: str
    delta: float


@dataclass(frozen=True)
class SingleChange:
    """Criterion ``criterion`` alone set from ``weight`` to ``flips_at`` (the others
    rescaled): the runner-up draws level there."""

    criterion: str
    weight: float
    flips_at: float

    @property
    def change(self) -> float:
        return self.flips_at - self.weight


@dataclass(frozen=True)
class Flip:
    """How far the weights must move before ``runner_up`` draws level with ``leader``.

    ``None`` where no change of that kind can do it.
    """

    leader: str
    runner_up: str
    gap: float
    pair: Transfer | None
    moves: tuple[Transfer, ...] | None
    singles: tuple[SingleChange, ...]

    @property
    def l1_distance(self) -> float | None:
        """``Σ |w' − w|`` of the L1-minimal change: twice the weight moved."""
        return None if self.moves is None else 2 * sum(m.delta for m in self.moves)

    @property
    def single(self) -> SingleChange | None:
        """The single-criterion change of smallest size."""
        return min(self.singles, key=lambda s: abs(s.change), default=None)


def sensitivity(card: Scorecard, top: int = 3) -> tuple[Flip, ...]:
    """The leader against each of the next ``top − 1`` vendors of the ranking."""
    ranking = rank(card)
    leader = ranking[0].vendor
    return tuple(flip(card, leader, r.vendor) for r in ranking[1:top])


def flip(card: Scorecard, leader: str, runner_up: str) -> Flip:
    """Every measure of the weight change at which ``runner_up`` draws level."""
    w = card.normalised()
    a, b = card.scores[leader], card.scores[runner_up]
    d = {k: a[k] - b[k] for k in card.criteria}
    gap = sum(w[k] * d[k] for k in card.criteria)
    return Flip(
        leader=leader,
        runner_up=runner_up,
        gap=gap,
        pair=pair_transfer(w, d, gap),
        moves=l1_moves(w, d, gap),
        singles=single_changes(w, d, gap),
    )


def pair_transfer(w: Mapping[str, float], d: Mapping[str, float], gap: float) -> Transfer | None:
    """The smallest ``δ = G / (d_j − d_i)`` over pairs with ``d_j > d_i`` and ``δ < w_j``
    (at ``δ = w_j`` criterion *j* is used up: B draws level but cannot lead)."""
    best: Transfer | None = None
    for source, target in permutations(w, 2):
        spread = d[source] - d[target]
        if spread <= EPS:
            continue
        delta = max(gap, 0.0) / spread
        if delta < w[source] - EPS and (best is None or delta < best.delta - EPS):
            best = Transfer(source, target, delta)
    return best


def l1_moves(
    w: Mapping[str, float], d: Mapping[str, float], gap: float
) -> tuple[Transfer, ...] | None:
    """The L1-minimal change: weight into the criterion of smallest ``d``, taken from the
    criteria of largest ``d`` first (optimal, as in a fractional knapsack); ``()`` when
    the two are level already."""
    target = min(w, key=lambda k: d[k])
    if d[target] >= -EPS:
        return None  # B scores no higher than A anywhere: it can draw level at most
    remaining = max(gap, 0.0)
    moves: list[Transfer] = []
    for source in sorted(w, key=lambda k: -d[k]):
        if remaining <= EPS:
            break
        spread = d[source] - d[target]
        delta = min(w[source], remaining / spread)
        moves.append(Transfer(source, target, delta))
        remaining -= delta * spread
    return tuple(moves)


def single_changes(
    w: Mapping[str, float], d: Mapping[str, float], gap: float
) -> tuple[SingleChange, ...]:
    """For each criterion whose weight alone can close the gap, the weight that does."""
    found: list[SingleChange] = []
    for key, weight in w.items():
        if weight >= 1 - EPS:
            continue
        rest = (gap - weight * d[key]) / (1 - weight)
        if abs(rest - d[key]) <= EPS:
            continue
        level = rest / (rest - d[key])
        if EPS < level < 1 - EPS:  # at 0 or 1 B could draw level, never lead
            found.append(SingleChange(key, weight, level))
    return tuple(found)
