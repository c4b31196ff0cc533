"""The selection scorecard: a hand-computed ranking, its cost scores and its flips.

Scale 1–5; weights quality 40, cost 30, technology 20, cultural_fit 10 (shares 0.4, 0.3,
0.2, 0.1). TCO: A € 400,000, B € 500,000, C € 800,000, so the cost scores are
A 1 + 4 × 1 = 5, B 1 + 4 × 0.8 = 4.2, C 1 + 4 × 0.5 = 3.

=========  =======  ====  ==========  ============  ===============================
vendor     quality  cost  technology  cultural_fit  total
=========  =======  ====  ==========  ============  ===============================
A          3        5     3           4             1.2 + 1.5 + 0.6 + 0.4 = 3.70
B          4        4.2   4           2             1.6 + 1.26 + 0.8 + 0.2 = 3.86
C          5        3     5           5             2.0 + 0.9 + 1.0 + 0.5 = 4.40
=========  =======  ====  ==========  ============  ===============================

C leads. Against B: d = (1, −1.2, 1, 3), gap 0.54.
- pair: into cost (d −1.2) from quality: δ = 0.54 / 2.2 = 0.24545 < 0.4; from cultural
  fit 0.54 / 4.2 = 0.1286 > 0.1 and from technology 0.24545 > 0.2 are not possible;
- L1: cultural fit's whole 0.1 (closes 0.42), then 0.12 / 2.2 = 0.054545 from quality:
  0.154545 moved, distance 0.309091;
- one weight: only cost: R = (0.54 + 0.36) / 0.7, x = 0.9 / (0.9 + 0.84) = 15/29.
Against A: d = (2, −2, 2, 1), gap 0.70.
- pair: quality → cost, δ = 0.7 / 4 = 0.175 (technology → cost ties; quality first);
- L1: 0.175 from quality, distance 0.35;
- one weight: quality R = −0.1/0.6, x = 1/13; cost R = 1.3/0.7, x = 13/27 (smaller
  change: +0.1815 against −0.3231).
"""

from __future__ import annotations

import pytest

from regie.domain.errors import InvalidInput
from regie.domain.selection import (
    COST,
    Scale,
    Scorecard,
    build_scorecard,
    cost_scores,
    flip,
    rank,
    sensitivity,
)

WEIGHTS = {"quality": 40.0, "cost": 30.0, "technology": 20.0, "cultural_fit": 10.0}
TYPED = {
    "A": {"quality": 3.0, "technology": 3.0, "cultural_fit": 4.0},
    "B": {"quality": 4.0, "technology": 4.0, "cultural_fit": 2.0},
    "C": {"quality": 5.0, "technology": 5.0, "cultural_fit": 5.0},
}
TCO = {"A": 400_000.0, "B": 500_000.0, "C": 800_000.0}
SCALE = Scale(1, 5)


def card(weights: dict[str, float] = WEIGHTS) -> Scorecard:
    return build_scorecard(weights, SCALE, TYPED, TCO)


def test_the_cost_score_follows_from_tco_with_the_cheapest_at_the_top() -> None:
    assert cost_scores(TCO, SCALE) == pytest.approx({"A": 5.0, "B": 4.2, "C": 3.0})
    assert cost_scores({"X": 100.0, "Y": 400.0}, Scale(0, 10)) == pytest.approx(
        {"X": 10.0, "Y": 2.5}
    )


def test_the_ranking_is_the_hand_computed_one() -> None:
    ranked = rank(card())
    assert [(r.vendor, r.rank) for r in ranked] == [("C", 1), ("B", 2), ("A", 3)]
    assert [r.total for r in ranked] == pytest.approx([4.40, 3.86, 3.70])
    assert ranked[1].parts == pytest.approx(
        {"quality": 1.6, "cost": 1.26, "technology": 0.8, "cultural_fit": 0.2}
    )


def test_weights_are_normalised_so_any_positive_numbers_give_the_same_ranking() -> None:
    scaled = card({k: w / 7 for k, w in WEIGHTS.items()})
    assert [r.total for r in rank(scaled)] == pytest.approx([r.total for r in rank(card())])
    assert sum(scaled.normalised().values()) == pytest.approx(1.0)


def test_equal_totals_share_a_rank() -> None:
    typed = {"X": {"q": 4.0}, "Y": {"q": 4.0}, "Z": {"q": 2.0}}
    ranked = rank(build_scorecard({"q": 1.0}, SCALE, typed, {}))
    assert [r.rank for r in ranked] == [1, 1, 3]


def test_a_typed_cost_score_is_refused() -> None:
    typed = {**TYPED, "A": {**TYPED["A"], COST: 5.0}}
    with pytest.raises(InvalidInput, match="derived from TCO, never typed in"):
        build_scorecard(WEIGHTS, SCALE, typed, TCO)


def test_missing_scores_tco_and_scores_off_the_scale_are_each_named() -> None:
    typed = {"A": {"quality": 6.0, "technology": 3.0}, "B": TYPED["B"]}
    with pytest.raises(InvalidInput) as caught:
        build_scorecard(WEIGHTS, SCALE, typed, {"B": 1.0})
    assert caught.value.problems == (
        "A: no TCO, so no cost score",
        "A: no score for cultural_fit",
        "A: quality = 6 is outside the scale 1–5",
    )


def test_against_the_runner_up_the_pair_l1_and_single_changes_are_hand_computed() -> None:
    found = flip(card(), "C", "B")
    assert found.gap == pytest.approx(0.54)
    assert found.pair is not None
    assert (found.pair.source, found.pair.target) == ("quality", "cost")
    assert found.pair.delta == pytest.approx(0.54 / 2.2)
    assert found.moves is not None
    assert [(m.source, m.target) for m in found.moves] == [
        ("cultural_fit", "cost"),
        ("quality", "cost"),
    ]
    assert [m.delta for m in found.moves] == pytest.approx([0.1, 0.12 / 2.2])
    assert found.l1_distance == pytest.approx(2 * (0.1 + 0.12 / 2.2))
    assert [c.criterion for c in found.singles] == ["cost"]
    assert found.single is not None and found.single.flips_at == pytest.approx(15 / 29)


def test_against_the_third_the_smallest_single_change_is_cost() -> None:
    found = flip(card(), "C", "A")
    assert found.gap == pytest.approx(0.70)
    assert found.pair is not None
    assert (found.pair.source, found.pair.target, found.pair.delta) == pytest.approx(
        ("quality", "cost", 0.175)
    )
    assert found.l1_distance == pytest.approx(0.35)
    singles = {c.criterion: c.flips_at for c in found.singles}
    assert singles == pytest.approx({"quality": 1 / 13, "cost": 13 / 27})
    assert found.single is not None and found.single.criterion == "cost"
    assert found.single.change == pytest.approx(13 / 27 - 0.3)


def test_sensitivity_compares_the_leader_with_the_next_two() -> None:
    flips = sensitivity(card())
    assert [(f.leader, f.runner_up) for f in flips] == [("C", "B"), ("C", "A")]


def lead(weights: dict[str, float], leader: str = "C", runner_up: str = "B") -> float:
    """The leader's total minus the runner-up's under (normalised) ``weights``."""
    scores = card().scores
    return sum(w * (scores[leader][k] - scores[runner_up][k]) for k, w in weights.items())


def test_each_measure_brings_the_runner_up_level_and_a_little_more_puts_it_ahead() -> None:
    f = flip(card(), "C", "B")
    w = card().normalised()
    assert f.pair is not None and f.moves is not None and f.single is not None
    for extra, expected in ((0.0, 0.0), (1e-3, -2.2e-3)):
        moved = dict(w)
        moved[f.pair.source] -= f.pair.delta + extra
        moved[f.pair.target] += f.pair.delta + extra
        assert lead(moved) == pytest.approx(expected, abs=1e-12)
    for_l1 = dict(w)
    for m in f.moves:
        for_l1[m.source] -= m.delta
        for_l1[m.target] += m.delta
    assert lead(for_l1) == pytest.approx(0.0, abs=1e-12)
    assert min(for_l1.values()) >= 0 and sum(for_l1.values()) == pytest.approx(1.0)
    x = f.single.flips_at
    alone = {k: x if k == "cost" else v * (1 - x) / (1 - w["cost"]) for k, v in w.items()}
    assert lead(alone) == pytest.approx(0.0, abs=1e-12)
    alone = {k: x + 1e-3 if k == "cost" else v * (1 - x - 1e-3) / 0.7 for k, v in w.items()}
    assert lead(alone) < 0


def test_a_vendor_that_is_nowhere_better_can_never_overtake() -> None:
    typed = {"X": {"q": 5.0, "t": 4.0}, "Y": {"q": 3.0, "t": 4.0}}
    found = flip(build_scorecard({"q": 1.0, "t": 1.0}, SCALE, typed, {}), "X", "Y")
    assert (found.pair, found.moves, found.singles, found.single) == (None, None, (), None)


def test_level_vendors_need_no_change() -> None:
    typed = {"X": {"q": 5.0, "t": 3.0}, "Y": {"q": 3.0, "t": 5.0}}
    found = flip(build_scorecard({"q": 1.0, "t": 1.0}, SCALE, typed, {}), "X", "Y")
    assert found.gap == 0.0
    assert found.pair is not None and found.pair.delta == 0.0
    assert found.moves == () and found.l1_distance == 0.0


def test_the_worked_example_in_the_docs_is_what_regie_computes() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "selection.md").read_text()
    rows = [line.split("|")[1:-1] for line in doc.splitlines() if line.startswith("| C |")
            or line.startswith("| B |") or line.startswith("| A |")]  # fmt: skip
    shown = {r[0].strip(): (r[5].split("=")[-1].strip(), int(r[6])) for r in rows}
    computed = {r.vendor: (f"{r.total:.2f}", r.rank) for r in rank(card())}
    assert shown == computed
    f = flip(card(), "C", "B")
    assert f.pair is not None and f.l1_distance is not None and f.single is not None
    assert f"{f.pair.delta * 100:.1f} pp from quality to cost" in doc
    assert f"{f.l1_distance * 100:.1f} pp in all" in doc
    assert f"cost from 30.0 % to {f.single.flips_at * 100:.1f} %" in doc
