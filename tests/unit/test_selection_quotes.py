"""TCO from the quotes comparison feeds the cost score (``regie select score --case``).

Three hourly quotes on the webshop case's e-mail channel, € 30, € 40 and € 50 an hour,
no onboarding: the business-case engine prices each on the same hours, so the TCO
ratios are the rate ratios and the cost scores on 1–5 are A 5, B 1 + 4 × 30/40 = 4,
C 1 + 4 × 30/50 = 3.4.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from regie.domain.case import BusinessCase
from regie.domain.errors import InvalidInput
from regie.domain.quotes import ChannelTerms, PriceList, Quote
from regie.files.case_loader import load_case
from regie.services.quotes import QuoteInfo
from regie.services.selection import quoted_tco, score, selection_json
from tests.conftest import EXAMPLES

RATES = {"A": 30.0, "B": 40.0, "C": 50.0}
SCORECARD = """
[weights]
quality = 50
cost = 50

[vendors.A]
scores = { quality = 2 }

[vendors.B]
scores = { quality = 4 }

[vendors.C]
scores = { quality = 5 }
"""


def webshop() -> BusinessCase:
    return load_case(EXAMPLES / "webshop-500.toml")


def quotes(case: BusinessCase) -> list[QuoteInfo]:
    terms = tuple(ChannelTerms(c, in_scope=True) for c in case.structure.channels)
    return [
        QuoteInfo(i, vendor, 1, f"{vendor}.xlsx", "0" * 64,
                  Quote(vendor=vendor, pricing=PriceList("hourly", hourly_rate=rate),
                        channels=terms), datetime(2026, 11, 1, tzinfo=UTC), True)
        for i, (vendor, rate) in enumerate(RATES.items(), start=1)
    ]  # fmt: skip


def test_the_tco_of_each_quote_follows_its_rate_over_the_horizon() -> None:
    case = webshop()
    long, short = quoted_tco(case, quotes(case)), quoted_tco(case, quotes(case), 12)
    assert long.horizon_months == 24 and short.horizon_months == 12
    assert long.tco["B"] / long.tco["A"] == pytest.approx(40 / 30)
    assert long.tco["A"] == pytest.approx(2 * short.tco["A"])


def test_the_cost_score_comes_from_the_quoted_tco(tmp_path: Path) -> None:
    case = webshop()
    path = tmp_path / "scorecard.toml"
    path.write_text(SCORECARD, encoding="utf-8")
    found = score(path, quoted_tco(case, quotes(case)))
    assert found.sheet.tco_from == "quotes" and found.horizon_months == 24
    costs = {v: found.sheet.card.scores[v]["cost"] for v in RATES}
    assert costs == pytest.approx({"A": 5.0, "B": 4.0, "C": 3.4})
    payload = selection_json(found)
    assert [r["vendor"] for r in payload["ranking"]] == ["C", "B", "A"]
    assert [r["total"] for r in payload["ranking"]] == pytest.approx([4.2, 4.0, 3.5])
    assert payload["tco_horizon_months"] == 24


def test_only_the_horizons_quotes_are_priced_on_are_accepted() -> None:
    case = webshop()
    with pytest.raises(
        InvalidInput, match=re.escape("--horizon 18: quotes are priced over 12 or 24")
    ):
        quoted_tco(case, quotes(case), 18)
