"""QA in the demo: samples drawn by Regie, reviews filled in by the client's reviewers.

For three months of operations (June 2025, October 2025, February 2026) the real use case
draws a stratified sample of the chosen vendor's contacts
(:func:`regie.services.qa.draw_sample`), and three reviewers score each sampled contact
on the template scorecard (``qa/scorecard.toml``). Their scores are generated: each
contact has a true quality per category, lower once the vendor's decline has started,
and each reviewer sees it through a small bias of their own plus noise; now and then a
critical category (process and compliance) scores low and fails the whole review. In
October six contacts are reviewed again by the other two reviewers as a **calibration
set** (imported with ``calibration``), so Regie can measure how well reviewers agree.
Every file is imported with :func:`regie.services.qa.import_reviews`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
from numpy.typing import NDArray

from regie.config import Language
from regie.demo.operations import Size
from regie.demo.plan import CHOSEN, months, seed_for
from regie.domain.qa import Category, Scorecard
from regie.files.qa_scorecard_loader import load_scorecard
from regie.files.qa_template import scorecard_template
from regie.services.ports import ContactStore
from regie.services.qa import QaStore, draw_sample, import_reviews

QA_MONTHS: Final = (1, 5, 9)
"""Months of operations (0 = the first) with a QA sample."""
CALIBRATION_MONTH: Final = 5
CALIBRATION_CONTACTS: Final = 6
SAMPLE_SIZES: Final[dict[str, int]] = {"tiny": 20, "small": 40, "full": 60}
REVIEWERS: Final = ("Sanne Bakker", "Joris Visser", "Fatima El Amrani")
BIAS: Final = (0.2, 0.0, -0.3)
"""How much each reviewer scores above the truth, in scale points."""
DECLINE_FROM: Final = 7
"""The story's decline starts in month 8 (index 7)."""


@dataclass(frozen=True)
class QaOutcome:
    scorecard: Path
    files: tuple[Path, ...]
    samples: dict[str, int]
    """Contacts drawn per month."""
    reviews: int
    calibration_reviews: int


@dataclass(frozen=True)
class _Desk:
    """Where the reviewers work: the stores, the folder and the scorecard."""

    store: ContactStore
    qa: QaStore
    folder: Path
    card: Path
    scorecard: Scorecard
    rng: np.random.Generator


def run_qa(
    store: ContactStore, qa: QaStore, folder: Path, size: Size, seed: int, lang: Language
) -> QaOutcome:
    """Draw the samples, write and import the reviews and the calibration set."""
    target = folder / "qa"
    target.mkdir(parents=True, exist_ok=True)
    card = target / "scorecard.toml"
    card.write_text(scorecard_template(lang), encoding="utf-8")
    rng = np.random.default_rng(seed_for(seed, 3))
    desk = _Desk(store, qa, target, card, load_scorecard(card).scorecard, rng)
    samples: dict[str, int] = {}
    files: list[Path] = []
    counts = [0, 0]
    for index in QA_MONTHS:
        month = months()[index]
        drawn = draw_sample(
            store, qa, CHOSEN.name, month, SAMPLE_SIZES[size], seed_for(seed, 10 + index)
        )
        ids = [str(i) for i in drawn.contacts["contact_id"].to_list()]
        samples[month] = len(ids)
        for path, calibration in _review(desk, month, ids, index >= DECLINE_FROM):
            done = import_reviews(store, qa, path, CHOSEN.name, card, calibration=calibration)
            counts[1 if calibration else 0] += done.info.reviews
            files.append(path)
    return QaOutcome(card, tuple(files), samples, counts[0], counts[1])


def _review(desk: _Desk, month: str, ids: Sequence[str], declined: bool) -> list[tuple[Path, bool]]:
    """The month's reviews file (and in the calibration month the calibration file)."""
    truth = _truth(desk.scorecard, len(ids), declined, desk.rng)
    reviewers = [i % len(REVIEWERS) for i in range(len(ids))]
    path = desk.folder / f"reviews-{month}.csv"
    found = [(_write(path, desk.scorecard, ids, truth, reviewers, desk.rng), False)]
    if month == months()[CALIBRATION_MONTH]:
        again = desk.folder / f"calibration-{month}.csv"
        found.append((_calibration(again, desk.scorecard, ids, truth, desk.rng), True))
    return found


def _truth(
    card: Scorecard, n: int, declined: bool, rng: np.random.Generator
) -> NDArray[np.float64]:
    """The true quality of each contact (rows) per category (columns), on the scale;
    NaN where the category does not apply (N/A)."""
    level = 3.7 if declined else 4.2
    truth = rng.normal(level, 0.6, size=(n, len(card.categories)))
    for column, category in enumerate(card.categories):
        if category.na_allowed:
            truth[rng.random(n) < 0.15, column] = np.nan
        if category.critical:
            failed = rng.random(n) < (0.08 if declined else 0.04)
            truth[failed, column] = category.low
    return truth


def _answers(
    card: Scorecard, truth: NDArray[np.float64], bias: float, rng: np.random.Generator
) -> list[str]:
    seen = truth + bias + rng.normal(0.0, 0.35, size=len(truth))
    return [_answer(c, float(v)) for c, v in zip(card.categories, seen, strict=True)]


def _answer(category: Category, value: float) -> str:
    if np.isnan(value):
        return "N/A"
    return str(int(np.clip(np.rint(value), category.low, category.high)))


def _header(card: Scorecard) -> list[str]:
    return ["contact_id", "reviewer", *card.keys]


def _write(
    path: Path,
    card: Scorecard,
    ids: Sequence[str],
    truth: NDArray[np.float64],
    reviewers: Sequence[int],
    rng: np.random.Generator,
) -> Path:
    lines = [
        [contact, REVIEWERS[who], *_answers(card, truth[row], BIAS[who], rng)]
        for row, (contact, who) in enumerate(zip(ids, reviewers, strict=True))
    ]
    return _save(path, [_header(card), *lines])


def _calibration(
    path: Path,
    card: Scorecard,
    ids: Sequence[str],
    truth: NDArray[np.float64],
    rng: np.random.Generator,
) -> Path:
    """The first contacts again, each by the two reviewers who did not review it."""
    lines = []
    for row, contact in enumerate(ids[:CALIBRATION_CONTACTS]):
        for who in range(len(REVIEWERS)):
            if who != row % len(REVIEWERS):
                lines.append([contact, REVIEWERS[who], *_answers(card, truth[row], BIAS[who], rng)])
    return _save(path, [_header(card), *lines])


def _save(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path
