"""Scenarios, tornado and Monte Carlo behave as their definitions say."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from regie.domain.costing import Estimate
from regie.domain.scenarios import draw, monte_carlo, tornado
from regie.files.case_loader import parse_case
from regie.files.templates import case_template
from regie.services.business_case import evaluate


@pytest.fixture(scope="module")
def template_case():  # type: ignore[no-untyped-def]
    return parse_case(case_template("en"))


def test_the_same_seed_gives_the_same_distribution(template_case) -> None:  # type: ignore[no-untyped-def]
    a = monte_carlo(template_case.structure, template_case.estimates, draws=5000, seed=7)
    b = monte_carlo(template_case.structure, template_case.estimates, draws=5000, seed=7)
    c = monte_carlo(template_case.structure, template_case.estimates, draws=5000, seed=8)
    assert np.array_equal(a.savings, b.savings)
    assert not np.array_equal(a.savings, c.savings)


def test_the_chunk_size_does_not_change_a_single_draw(template_case) -> None:  # type: ignore[no-untyped-def]
    whole = monte_carlo(template_case.structure, template_case.estimates, draws=6000, chunk=6000)
    chunked = monte_carlo(template_case.structure, template_case.estimates, draws=6000, chunk=1000)
    assert np.allclose(whole.savings, chunked.savings)


def test_a_case_without_ranges_has_no_spread_and_matches_the_realistic_saving(webshop_path) -> None:  # type: ignore[no-untyped-def]
    from regie.files.case_loader import load_case

    ev = evaluate(load_case(webshop_path), draws=2000)
    assert ev.monte_carlo.percentile(10) == pytest.approx(ev.realistic.saving)
    assert ev.monte_carlo.percentile(90) == pytest.approx(ev.realistic.saving)
    assert ev.monte_carlo.p_loss == 0.0
    assert ev.tornado == []


def test_pert_draws_have_the_pert_mean_and_stay_inside_the_range() -> None:
    e = Estimate(10.0, 12.0, 20.0)
    x = draw(e, 200_000, np.random.default_rng(1), "pert")
    assert x.min() >= 10.0 and x.max() <= 20.0
    assert x.mean() == pytest.approx((10 + 4 * 12 + 20) / 6, rel=2e-3)


def test_triangular_draws_follow_scipys_triangular_distribution() -> None:
    e = Estimate(1.0, 2.0, 4.0)
    x = draw(e, 50_000, np.random.default_rng(2), "triangular")
    reference = stats.triang(c=(2 - 1) / (4 - 1), loc=1, scale=3)
    assert stats.kstest(x, reference.cdf).pvalue > 0.001


def test_scenarios_are_ordered_pessimistic_realistic_optimistic(template_case) -> None:  # type: ignore[no-untyped-def]
    ev = evaluate(template_case, draws=2000)
    s = ev.scenarios
    assert s["pessimistic"].saving <= s["realistic"].saving <= s["optimistic"].saving
    assert s["pessimistic"].saving <= ev.monte_carlo.percentile(10)
    assert ev.monte_carlo.percentile(90) <= s["optimistic"].saving


def test_tornado_bars_come_widest_first_and_bracket_the_realistic_saving(template_case) -> None:  # type: ignore[no-untyped-def]
    bars = tornado(template_case.structure, template_case.estimates)
    assert [b.swing for b in bars] == sorted((b.swing for b in bars), reverse=True)
    realistic = evaluate(template_case, draws=1000).realistic.saving
    for bar in bars:
        low, high = sorted((bar.saving_at_low, bar.saving_at_high))
        assert low - 1e-6 <= realistic <= high + 1e-6
    assert bars[0].key == "outsourced.pricing.hourly_rate"


def test_p_loss_is_the_share_of_draws_where_outsourcing_costs_more(template_case) -> None:  # type: ignore[no-untyped-def]
    mc = monte_carlo(template_case.structure, template_case.estimates, draws=4000)
    assert mc.p_loss == pytest.approx(float(np.mean(mc.savings < 0)))
