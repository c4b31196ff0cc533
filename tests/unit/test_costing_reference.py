"""The vectorised model agrees with a plain per-month implementation on random draws."""

from __future__ import annotations

import numpy as np
import pytest

from regie.domain.scenarios import draw, likely
from regie.files.case_loader import load_case
from regie.services.business_case import evaluate
from tests.conftest import ROOT
from tests.reference_costing import plain_saving

CASES = [ROOT / "examples" / "webshop-500.toml", ROOT / "bench" / "case-four-channels.toml"]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_vectorised_draws_equal_a_plain_loop_draw_by_draw(path) -> None:  # type: ignore[no-untyped-def]
    case = load_case(path)
    rng = np.random.default_rng(3)
    draws = {
        k: draw(e, 50, rng, "pert") if e.is_range else np.full(50, e.likely)
        for k, e in case.estimates.items()
    }
    from regie.domain.costing import project, totals

    t = totals(project(case.structure, {k: v[:, None] for k, v in draws.items()}))
    for i in range(50):
        inhouse, outsourced = plain_saving(
            case.structure, {k: float(v[i]) for k, v in draws.items()}
        )
        assert float(np.asarray(t.inhouse_tco)[i]) == pytest.approx(inhouse, rel=1e-10)
        assert float(np.asarray(t.outsourced_tco)[i]) == pytest.approx(outsourced, rel=1e-10)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_the_realistic_figures_equal_the_plain_loop(path) -> None:  # type: ignore[no-untyped-def]
    case = load_case(path)
    r = evaluate(case, draws=1000).realistic
    inhouse, outsourced = plain_saving(
        case.structure, {k: float(v) for k, v in likely(case.estimates).items()}
    )
    assert r.inhouse_tco == pytest.approx(inhouse, rel=1e-12)
    assert r.outsourced_tco == pytest.approx(outsourced, rel=1e-12)
