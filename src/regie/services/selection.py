"""Use case: rank vendors on a scorecard and show how robust the ranking is.

The scorecard file gives weights and typed scores; TCO comes from the file or from the
quotes comparison (``quoted``: vendor → TCO), and the cost score is always derived from
it (:mod:`regie.domain.selection`). With assessments of due diligence, every gap of a
vendor is a named risk beside its rank.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from regie.domain.case import BusinessCase
from regie.domain.diligence import Assessment
from regie.domain.errors import InvalidInput
from regie.domain.quotes import HORIZONS
from regie.domain.selection import Flip, Ranked, SingleChange, Transfer, rank, sensitivity
from regie.files.scorecard_loader import ScorecardSheet, load_scorecard
from regie.i18n import Locale
from regie.services.diligence import DiligenceStore, assessment_json, assessments
from regie.services.ports import ContactStore
from regie.services.quotes import QuoteInfo, QuoteStore, compare_quotes, stored_quotes

TOP = 3  # the leader against the next two: DOMAIN's committee compares the top three


@dataclass(frozen=True)
class Selection:
    """A ranked scorecard, its sensitivity and (optionally) each vendor's due diligence."""

    sheet: ScorecardSheet
    ranking: tuple[Ranked, ...]
    flips: tuple[Flip, ...]
    diligence: Mapping[str, Assessment] = field(default_factory=dict)
    horizon_months: int | None = None  # of the quotes' TCO; None: TCO from the file

    @property
    def weights(self) -> dict[str, float]:
        return self.sheet.card.normalised()


@dataclass(frozen=True)
class QuotedTco:
    """TCO per vendor from the quotes comparison, over ``horizon_months``."""

    tco: Mapping[str, float]
    horizon_months: int


def score(
    path: Path,
    quoted: QuotedTco | None = None,
    diligence: Mapping[str, Assessment] | None = None,
) -> Selection:
    """Read the scorecard, rank its vendors and measure how robust the ranking is."""
    sheet = load_scorecard(path, None if quoted is None else quoted.tco)
    horizon = None if quoted is None else quoted.horizon_months
    return evaluate(sheet, diligence, horizon)


def evaluate(
    sheet: ScorecardSheet,
    diligence: Mapping[str, Assessment] | None = None,
    horizon_months: int | None = None,
) -> Selection:
    card = sheet.card
    flips = sensitivity(card, TOP)
    return Selection(sheet, rank(card), flips, dict(diligence or {}), horizon_months)


def quoted_tco(
    case: BusinessCase, quotes: Sequence[QuoteInfo], horizon: int | None = None
) -> QuotedTco:
    """Every priced quote's TCO over ``horizon`` months (default: the one quotes rank on),
    priced on the business case's scope by :func:`regie.services.quotes.compare_quotes`."""
    if horizon is not None and horizon not in HORIZONS:
        allowed = " or ".join(str(h) for h in HORIZONS)
        raise InvalidInput(f"--horizon {horizon}: quotes are priced over {allowed} months")
    comparison = compare_quotes(case, quotes)
    months = horizon or comparison.ranked_on
    found = {p.info.vendor: p.tco(months) for p in comparison.quotes}
    return QuotedTco({v: tco for v, tco in found.items() if tco is not None}, months)


def workspace_tco(
    case: BusinessCase, store: ContactStore, book: QuoteStore, horizon: int | None = None
) -> QuotedTco:
    """Each vendor's TCO from the workspace's active quotes, priced on ``case``."""
    return quoted_tco(case, stored_quotes(store, book), horizon)


def with_diligence(s: Selection, store: ContactStore, book: DiligenceStore) -> Selection:
    """The selection again, with each vendor's due diligence from the workspace."""
    checked = assessments(store, book, s.sheet.card.vendors)
    return evaluate(s.sheet, checked, s.horizon_months)


# JSON --------------------------------------------------------------------------------
def selection_json(s: Selection) -> dict[str, Any]:
    card, weights = s.sheet.card, s.weights
    payload: dict[str, Any] = {
        "title": s.sheet.title,
        "scale": {"low": card.scale.low, "high": card.scale.high},
        "tco_from": s.sheet.tco_from,
        "tco_horizon_months": s.horizon_months,
        "criteria": [
            {"key": k, "weight": card.weights[k], "share": weights[k]} for k in card.criteria
        ],
        "ranking": [_ranked_json(r, s) for r in s.ranking],
        "sensitivity": [flip_json(f) for f in s.flips],
    }
    if s.diligence:
        payload["diligence"] = {v: assessment_json(a) for v, a in s.diligence.items()}
    return payload


def _ranked_json(r: Ranked, s: Selection) -> dict[str, Any]:
    card = s.sheet.card
    found: dict[str, Any] = {
        "vendor": r.vendor,
        "rank": r.rank,
        "total": r.total,
        "tco": card.tco.get(r.vendor),
        "scores": dict(card.scores[r.vendor]),
        "weighted": dict(r.parts),
    }
    if r.vendor in s.diligence:
        found["ready_to_sign"] = s.diligence[r.vendor].ready_to_sign
    return found


def flip_json(f: Flip) -> dict[str, Any]:
    return {
        "leader": f.leader,
        "runner_up": f.runner_up,
        "gap": f.gap,
        "pair": None if f.pair is None else _transfer_json(f.pair),
        "l1": None
        if f.moves is None
        else {"distance": f.l1_distance, "moves": [_transfer_json(m) for m in f.moves]},
        "single": None if f.single is None else _single_json(f.single),
        "singles": [_single_json(c) for c in f.singles],
    }


def _transfer_json(t: Transfer) -> dict[str, Any]:
    return {"from": t.source, "to": t.target, "delta": t.delta}


def _single_json(c: SingleChange) -> dict[str, Any]:
    return {"criterion": c.criterion, "weight": c.weight, "flips_at": c.flips_at,
            "change": c.change}  # fmt: skip


# Words -------------------------------------------------------------------------------
def criterion_label(key: str, loc: Locale) -> str:
    labels = {
        "sector_expertise": loc.t("Sector expertise"),
        "technology": loc.t("Technology"),
        "scalability": loc.t("Scalability"),
        "references": loc.t("References"),
        "cultural_fit": loc.t("Cultural fit"),
        "cost": loc.t("Cost"),
        "quality": loc.t("Quality"),
        "compliance": loc.t("Compliance"),
    }
    return labels.get(key, key.replace("_", " ").capitalize())


def share_text(share: float, loc: Locale) -> str:
    """A share of the total weight in percentage points: ``0.9 pp``."""
    return f"{loc.number(share * 100, 1)} pp"


def pair_text(f: Flip, loc: Locale) -> str:
    if f.pair is None:
        return loc.t("No single pair of criteria can flip it.")
    t = f.pair
    return loc.t(
        "Move {delta} of weight from {source} to {target}.",
        delta=share_text(t.delta, loc),
        source=criterion_label(t.source, loc),
        target=criterion_label(t.target, loc),
    )


def l1_text(f: Flip, loc: Locale) -> str:
    if f.moves is None or f.l1_distance is None:
        return never_text(f, loc)
    moves = "; ".join(
        f"{share_text(m.delta, loc)} {criterion_label(m.source, loc)} → "
        f"{criterion_label(m.target, loc)}"
        for m in f.moves
    )
    return loc.t(
        "{distance} in all ({moves}).", distance=share_text(f.l1_distance, loc), moves=moves or "—"
    )


def single_text(f: Flip, loc: Locale) -> str:
    c = f.single
    if c is None:
        return loc.t("No single weight can flip it.")
    return loc.t(
        "{criterion} from {weight} to {flips_at}, the others rescaled.",
        criterion=criterion_label(c.criterion, loc),
        weight=loc.percent(c.weight * 100, 1),
        flips_at=loc.percent(c.flips_at * 100, 1),
    )


def never_text(f: Flip, loc: Locale) -> str:
    return loc.t(
        "No change of weights lets {runner_up} overtake {leader}: it scores no higher on "
        "any criterion.",
        runner_up=f.runner_up,
        leader=f.leader,
    )
