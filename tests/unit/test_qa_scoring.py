"""Review scores by hand: category scores on their scale, weights, N/A, and the critical rule.

The scorecard is the template's: friendliness 20, professionalism 15, product knowledge
25, process/compliance 20 (critical), resolution 20; scale 1–5, so 1 → 0 %, 2 → 25 %,
3 → 50 %, 4 → 75 %, 5 → 100 %.
"""

from __future__ import annotations

import pytest

from regie.domain.errors import InvalidInput
from regie.domain.qa import Category, Scorecard, score_review

CARD = Scorecard(
    "template",
    (
        Category("friendliness", 20, na_allowed=False),
        Category("professionalism", 15, na_allowed=False),
        Category("product_knowledge", 25),
        Category("process_compliance", 20, na_allowed=False, critical=True),
        Category("resolution", 20),
    ),
)


def answers(**given: int | None) -> dict[str, int | None]:
    found: dict[str, int | None] = dict.fromkeys(CARD.keys, 5)
    found.update(given)
    return found


def test_a_category_score_is_the_selected_value_as_a_share_of_its_scale() -> None:
    five = Category("x", 1)
    assert [five.score(v) for v in (1, 2, 3, 4, 5)] == [0.0, 25.0, 50.0, 75.0, 100.0]
    assert Category("yes_no", 1, low=0, high=1).score(1) == 100.0
    assert Category("ten", 1, low=0, high=10).score(7) == pytest.approx(70.0)


def test_every_category_at_the_top_scores_100() -> None:
    scored = score_review(CARD, answers())
    assert (scored.score, scored.weighted, scored.auto_failed) == (100.0, 100.0, ())


def test_weights_over_the_categories_not_marked_na() -> None:
    # (20·75 + 15·50 + 20·100 + 20·25) / (20 + 15 + 20 + 20) = 4750 / 75 = 63.33…
    scored = score_review(
        CARD,
        answers(friendliness=4, professionalism=3, product_knowledge=None, resolution=2),
    )
    assert scored.score == pytest.approx(4750 / 75)
    assert scored.categories["product_knowledge"] is None
    assert scored.categories["friendliness"] == 75.0


def test_two_na_categories_leave_the_rest_weighted() -> None:
    # (20·100 + 15·75 + 20·50) / 55 = 4125 / 55 = 75
    scored = score_review(
        CARD,
        answers(professionalism=4, process_compliance=3, product_knowledge=None, resolution=None),
    )
    assert scored.score == pytest.approx(75.0)


def test_a_critical_category_at_exactly_50_percent_does_not_fail_the_review() -> None:
    # compliance 3 on 1–5 is 50 %: not below 50 %. (80·100 + 20·50) / 100 = 90
    scored = score_review(CARD, answers(process_compliance=3))
    assert scored.auto_failed == ()
    assert scored.score == pytest.approx(90.0)


def test_a_critical_category_below_50_percent_makes_the_review_0() -> None:
    scored = score_review(CARD, answers(process_compliance=2))
    assert scored.auto_failed == ("process_compliance",)
    assert scored.score == 0.0
    assert scored.weighted == pytest.approx((80 * 100 + 20 * 25) / 100)  # 85, kept for reference


def test_the_boundary_on_another_scale_and_threshold() -> None:
    card = Scorecard(
        "ten",
        (Category("tone", 1, low=0, high=10), Category("gdpr", 1, low=0, high=10, critical=True)),
    )
    assert score_review(card, {"tone": 10, "gdpr": 5}).score == pytest.approx(75.0)
    assert score_review(card, {"tone": 10, "gdpr": 4}).score == 0.0
    strict = Scorecard("ten", card.categories, critical_below=60.0)
    assert score_review(strict, {"tone": 10, "gdpr": 6}).auto_failed == ()
    assert score_review(strict, {"tone": 10, "gdpr": 5}).auto_failed == ("gdpr",)


def test_a_critical_category_marked_na_does_not_fail_the_review() -> None:
    card = Scorecard("c", (Category("tone", 1), Category("payment", 1, critical=True)))
    scored = score_review(card, {"tone": 4, "payment": None})
    assert (scored.score, scored.auto_failed) == (75.0, ())


def test_a_critical_category_with_a_weight_of_its_own_fails_every_review_below_it() -> None:
    card = Scorecard("c", (Category("tone", 99), Category("id", 1, low=0, high=1, critical=True)))
    assert score_review(card, {"tone": 5, "id": 0}).score == 0.0
    assert score_review(card, {"tone": 5, "id": 1}).score == 100.0


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"friendliness": None}, "friendliness = None: N/A is not allowed here"),
        ({"resolution": 6}, "resolution = 6: out of the scale; give a whole number from 1 to 5"),
        ({"resolution": 0}, "out of the scale"),
    ],
)
def test_values_a_category_does_not_allow_are_refused(
    given: dict[str, int | None], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        score_review(CARD, answers(**given))


def test_a_missing_category_and_an_all_na_review_are_refused() -> None:
    found = answers()
    del found["resolution"]
    with pytest.raises(InvalidInput, match="resolution: missing"):
        score_review(CARD, found)
    card = Scorecard("c", (Category("a", 1), Category("b", 1)))
    with pytest.raises(InvalidInput, match="every category is N/A"):
        score_review(card, {"a": None, "b": None})
