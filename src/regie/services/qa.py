"""Use cases of QA: draw a stratified sample, import reviews, the IQS of a month.

- **Sample**: the vendor's contacts created in the month (in ``timezone``), abandoned
  ones left out (nothing to review), sorted by channel and contact id; stratified by
  channel (:func:`regie.domain.qa.draw`) with a seed that is recorded, so the same
  contacts and seed give the same sample again.
- **Import**: a reviews file checked against a scorecard, all or nothing. Every contact
  must be a stored contact of the vendor; the review's month is its contact's month.
  Reviewer and agent names are personal data: they are pseudonymised with the
  workspace's keyed hash (reviewer: trimmed and case-folded, so ``Anna`` and ``anna``
  stay one reviewer; agent: trimmed, as ``agent_key`` of the contacts). Comments are
  dropped unless ``keep_text``; even then they stay in the workspace database and never
  reach a report.
- **Month**: the IQS (mean review score, 95 % t-interval) over the month's reviews not
  flagged calibration; per category and channel; calibration agreement over the
  contacts that have calibration reviews (with any other review of them that month).
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl

from regie.domain.errors import InvalidInput, NotFound
from regie.domain.qa import (
    MIN_REVIEWS,
    Agreement,
    Answer,
    MeanInterval,
    RaterBias,
    Rating,
    Scorecard,
    agreement,
    draw,
    mean_interval,
    rater_bias,
    score_review,
)
from regie.files.qa_scorecard_loader import load_scorecard, parse_scorecard
from regie.ingest.qa_reviews import SAMPLE_COLUMNS, ReviewRow, cell_problem, read_reviews
from regie.services.ports import ContactStore
from regie.services.pseudonyms import pseudonym

DEFAULT_TIMEZONE = "Europe/Amsterdam"
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


# ports ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewSample:
    vendor_id: int
    month: str
    timezone: str
    size: int
    seed: int
    strata: dict[str, tuple[int, int]]
    """Channel → (contacts in the month, contacts drawn)."""
    contact_ids: tuple[str, ...]


@dataclass(frozen=True)
class SampleInfo:
    id: int
    vendor: str
    drawn_at: datetime
    sample: NewSample


@dataclass(frozen=True, kw_only=True)
class Review:
    """One scored review; ``comment`` is kept only on import with ``keep_text``."""

    row: int
    contact_id: str
    channel: str
    month: str
    agent_key: str | None
    reviewer_key: str
    reviewed_on: date | None
    answers: dict[str, Answer]
    category_scores: dict[str, float | None]
    score: float
    weighted: float
    auto_failed: tuple[str, ...]
    comment: str | None = None


@dataclass(frozen=True, kw_only=True)
class StoredReview(Review):
    """A stored review; its comment is never read back (it never reaches a report)."""

    id: int
    import_id: int
    calibration: bool


@dataclass(frozen=True)
class NewReviews:
    """One reviews file ready to store, with the scorecard (as text) that scored it."""

    vendor_id: int
    file_name: str
    file_sha256: str
    scorecard_name: str
    scorecard_sha256: str
    scorecard_text: str
    calibration: bool
    keep_text: bool
    reviews: tuple[Review, ...]


@dataclass(frozen=True)
class ReviewImportInfo:
    id: int
    vendor: str
    file_name: str
    scorecard_name: str
    scorecard_text: str
    calibration: bool
    reviews: int
    imported_at: datetime


class QaStore(Protocol):
    """QA samples and reviews of one workspace."""

    def record_sample(self, sample: NewSample) -> SampleInfo: ...

    def samples(self, vendor_id: int, month: str) -> list[SampleInfo]: ...

    def add_reviews(self, batch: NewReviews) -> ReviewImportInfo:
        """Store every review or none; :class:`Conflict` when one is stored already
        (same contact, reviewer and calibration flag)."""
        ...

    def reviews(self, vendor_id: int, month: str) -> list[StoredReview]: ...

    def imports(self, vendor_id: int) -> list[ReviewImportInfo]: ...

    def months(self, vendor_id: int) -> list[str]:
        """The months with stored reviews, oldest first."""
        ...


# months --------------------------------------------------------------------------------
def month_range(month: str, timezone: str) -> tuple[datetime, datetime]:
    """The first moment of the month in ``timezone`` and of the next month, in UTC."""
    if not _MONTH.fullmatch(month):
        raise InvalidInput(f"--month {month!r}: give a month as YYYY-MM, e.g. 2026-10")
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f"--timezone {timezone!r}: not an IANA time zone; use e.g. Europe/Amsterdam"
        ) from None
    year, number = int(month[:4]), int(month[5:])
    following = (year + number // 12, number % 12 + 1)
    start, end = datetime(year, number, 1, tzinfo=zone), datetime(*following, 1, tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


# sample --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Sample:
    info: SampleInfo
    contacts: pl.DataFrame
    """The drawn contacts: the sample columns, ``created_at`` in UTC."""


def draw_sample(
    store: ContactStore,
    qa: QaStore,
    vendor: str,
    month: str,
    size: int,
    seed: int | None = None,
    timezone: str = DEFAULT_TIMEZONE,
) -> Sample:
    """Draw, record and return a stratified sample of the vendor's contacts of ``month``."""
    found = store.vendor(vendor)
    start, end = month_range(month, timezone)
    if size < 1 or (seed is not None and seed < 0):
        raise InvalidInput("--size must be at least 1 and --seed at least 0")
    population = (
        store.contacts()
        .filter(
            (pl.col("vendor") == found.name)
            & pl.col("created_at").is_between(start, end, closed="left")
            & ~pl.col("abandoned").fill_null(False)
        )
        .select(SAMPLE_COLUMNS)
        .sort("channel", "contact_id")
        .collect()
    )
    if population.height == 0:
        raise NotFound(f"{found.name} has no contacts in {month} to sample; import them first")
    seed = random.SystemRandom().randrange(2**32) if seed is None else seed
    groups = {
        str(key[0]): part for key, part in population.group_by("channel", maintain_order=True)
    }
    positions = draw({c: g.height for c, g in groups.items()}, size, seed)
    picked = pl.concat([groups[c][list(p), :] for c, p in positions.items()])
    strata = {c: (groups[c].height, len(p)) for c, p in positions.items()}
    ids = tuple(picked.get_column("contact_id").to_list())
    info = qa.record_sample(NewSample(found.id, month, timezone, size, seed, strata, ids))
    return Sample(info, picked)


# import --------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReviewImport:
    info: ReviewImportInfo
    months: dict[str, int]
    auto_failed: int
    comments_dropped: int


def import_reviews(
    store: ContactStore,
    qa: QaStore,
    path: Path,
    vendor: str,
    scorecard: Path,
    calibration: bool = False,
    keep_text: bool = False,
    timezone: str = DEFAULT_TIMEZONE,
) -> ReviewImport:
    """Check ``path`` against ``scorecard`` and store every review in it, or none."""
    found = store.vendor(vendor)
    month_range("2000-01", timezone)  # checks the zone before any reading
    loaded = load_scorecard(scorecard)
    rows = read_reviews(path, loaded.scorecard)
    contacts = _contacts(store, found.name, rows, path.name, timezone)
    key = store.pseudonym_key()
    reviews = tuple(_new(r, contacts[r.contact_id], loaded.scorecard, key, keep_text) for r in rows)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    card = (loaded.scorecard.name, loaded.sha256, loaded.text)
    batch = NewReviews(found.id, path.name, digest, *card, calibration, keep_text, reviews)
    info = qa.add_reviews(batch)
    months: dict[str, int] = {}
    for r in reviews:
        months[r.month] = months.get(r.month, 0) + 1
    dropped = 0 if keep_text else sum(r.comment is not None for r in rows)
    return ReviewImport(info, months, sum(bool(r.auto_failed) for r in reviews), dropped)


def _contacts(
    store: ContactStore, vendor: str, rows: list[ReviewRow], name: str, timezone: str
) -> dict[str, tuple[str, str, str | None]]:
    """Contact id → (channel, month, agent key); every row's contact must be the vendor's."""
    ids = [r.contact_id for r in rows]
    month = pl.col("created_at").dt.convert_time_zone(timezone).dt.strftime("%Y-%m")
    found = (
        store.contacts()
        .filter((pl.col("vendor") == vendor) & pl.col("contact_id").is_in(ids))
        .select("contact_id", "channel", month, "agent_key")
        .unique("contact_id", keep="first", maintain_order=True)
        .collect()
    )
    known = {row[0]: (row[1], row[2], row[3]) for row in found.iter_rows()}
    why = f"no such contact of {vendor}; give source:source_id of a stored contact"
    lines = [
        cell_problem(name, r.row, "contact_id", r.contact_id, why)
        for r in rows
        if r.contact_id not in known
    ]
    if lines:
        raise InvalidInput(lines[0] if len(lines) == 1 else f"{name}: {len(lines)} problems", lines)
    return known


def _new(
    row: ReviewRow, contact: tuple[str, str, str | None], card: Scorecard, key: bytes, text: bool
) -> Review:
    scored = score_review(card, row.answers)
    channel, month, agent = contact
    return Review(
        row=row.row,
        contact_id=row.contact_id,
        channel=channel,
        month=month,
        agent_key=agent if row.agent is None else pseudonym(row.agent.strip(), key),
        reviewer_key=pseudonym(row.reviewer.strip().casefold(), key),
        reviewed_on=row.reviewed_on,
        answers=dict(row.answers),
        category_scores=scored.categories,
        score=scored.score,
        weighted=scored.weighted,
        auto_failed=scored.auto_failed,
        comment=row.comment if text else None,
    )


# the month -----------------------------------------------------------------------------
@dataclass(frozen=True)
class CategoryResult:
    key: str
    label: str
    weight: float
    critical: bool
    scores: MeanInterval
    na: int


@dataclass(frozen=True)
class Calibration:
    reviews: int
    reviewers: int
    overall: Agreement
    categories: tuple[tuple[CategoryResult, Agreement], ...]
    bias: tuple[RaterBias, ...]


@dataclass(frozen=True)
class QaMonth:
    vendor: str
    month: str
    scorecards: tuple[str, ...]
    iqs: MeanInterval
    reviews: tuple[StoredReview, ...]
    """The reviews counted in the IQS (not calibration)."""
    auto_failed: int
    categories: tuple[CategoryResult, ...]
    channels: tuple[tuple[str, MeanInterval], ...]
    calibration: Calibration
    samples: tuple[SampleInfo, ...]

    @property
    def warning(self) -> bool:
        """Fewer than :data:`MIN_REVIEWS` reviews: too few for reliable figures."""
        return self.iqs.n < MIN_REVIEWS


def month_results(store: ContactStore, qa: QaStore, vendor: str, month: str) -> QaMonth:
    """The IQS, categories, channels and calibration of the vendor's reviews of ``month``."""
    found = store.vendor(vendor)
    month_range(month, DEFAULT_TIMEZONE)
    stored = qa.reviews(found.id, month)
    if not stored:
        raise NotFound(
            f"{found.name} has no QA reviews for {month}; import them with `regie qa import`"
        )
    used = {r.import_id for r in stored}
    imports = [i for i in qa.imports(found.id) if i.id in used]
    cards = [parse_scorecard(i.scorecard_text, i.file_name) for i in imports]
    counted = tuple(r for r in stored if not r.calibration)
    channels = sorted({r.channel for r in counted})
    return QaMonth(
        vendor=found.name,
        month=month,
        scorecards=tuple(dict.fromkeys(c.name for c in cards)),
        iqs=mean_interval([r.score for r in counted]),
        reviews=counted,
        auto_failed=sum(bool(r.auto_failed) for r in counted),
        categories=_categories(cards, counted),
        channels=tuple(
            (c, mean_interval([r.score for r in counted if r.channel == c])) for c in channels
        ),
        calibration=_calibration(cards, stored),
        samples=tuple(qa.samples(found.id, month)),
    )


def _categories(
    cards: Sequence[Scorecard], reviews: Sequence[StoredReview]
) -> tuple[CategoryResult, ...]:
    latest = {c.key: c for card in cards for c in card.categories}  # the newest file's wins
    results = []
    for key, c in latest.items():
        given = [r.category_scores[key] for r in reviews if key in r.category_scores]
        scores = mean_interval([s for s in given if s is not None])
        na = sum(s is None for s in given)
        results.append(CategoryResult(key, c.label, c.weight, c.critical, scores, na))
    return tuple(results)


def _ratings(reviews: Sequence[StoredReview], key: str | None = None) -> list[Rating]:
    """Each review's score, or (``key``) its score of that category, N/A left out."""
    found = ((r, r.score if key is None else r.category_scores.get(key)) for r in reviews)
    return [Rating(r.contact_id, r.reviewer_key, s) for r, s in found if s is not None]


def _calibration(cards: Sequence[Scorecard], stored: Sequence[StoredReview]) -> Calibration:
    sessions = {r.contact_id for r in stored if r.calibration}
    # the calibration review wins over another review of the same contact by the same reviewer
    rated = sorted((r for r in stored if r.contact_id in sessions), key=lambda r: r.calibration)
    return Calibration(
        reviews=sum(r.calibration for r in stored),
        reviewers=len({r.reviewer_key for r in rated}),
        overall=agreement(_ratings(rated)),
        categories=tuple((c, agreement(_ratings(rated, c.key))) for c in _categories(cards, rated)),
        bias=rater_bias(_ratings(rated)),
    )
