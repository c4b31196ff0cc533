"""QA samples and reviews in the workspace database (migration 0005).

A reviews file is stored in one transaction: every review or none. A review that is
already stored (same vendor, contact, reviewer pseudonym and calibration flag) refuses
the whole file with a :class:`Conflict` naming its row. Each import keeps the scorecard
it was scored with as the TOML text given, with its SHA-256. Comments (``--keep-text``)
are written to ``qa_reviews.comment`` and never read back by Regie.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from regie.db.tables import Base, UtcDateTime, vendor_name
from regie.db.workspace import Workspace
from regie.domain.errors import Conflict
from regie.services.qa import (
    NewReviews,
    NewSample,
    Review,
    ReviewImportInfo,
    SampleInfo,
    StoredReview,
)

_CHUNK = 500  # contacts per duplicate query (bound parameters stay few)


class QaSample(Base):
    """A drawn sample: the month, seed and strata, and the contacts drawn."""

    __tablename__ = "qa_samples"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"))
    month: Mapped[str] = mapped_column(String(7))
    timezone: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(BigInteger)
    strata: Mapped[dict[str, list[int]]] = mapped_column(JSON)
    contact_ids: Mapped[list[str]] = mapped_column(JSON)
    drawn_at: Mapped[datetime] = mapped_column(UtcDateTime())


class QaReviewImport(Base):
    """One imported reviews file and the scorecard (TOML text) that scored it."""

    __tablename__ = "qa_review_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"))
    file_name: Mapped[str] = mapped_column(String(300))
    file_sha256: Mapped[str] = mapped_column(String(64))
    scorecard_name: Mapped[str] = mapped_column(String(200))
    scorecard_sha256: Mapped[str] = mapped_column(String(64))
    scorecard_text: Mapped[str] = mapped_column(Text)
    calibration: Mapped[bool] = mapped_column(Boolean)
    keep_text: Mapped[bool] = mapped_column(Boolean)
    reviews: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime())


class QaReview(Base):
    """One review: pseudonyms, the answers, the category scores and the review's score."""

    __tablename__ = "qa_reviews"
    __table_args__ = (
        UniqueConstraint("vendor_id", "contact_id", "reviewer_key", "calibration"),
        Index("ix_qa_reviews_vendor_month", "vendor_id", "month"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("qa_review_imports.id"))
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"))
    source_row: Mapped[int] = mapped_column(Integer)
    contact_id: Mapped[str] = mapped_column(String(300))
    channel: Mapped[str] = mapped_column(String(20))
    month: Mapped[str] = mapped_column(String(7))
    agent_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reviewer_key: Mapped[str] = mapped_column(String(64))
    reviewed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    calibration: Mapped[bool] = mapped_column(Boolean)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    category_scores: Mapped[dict[str, Any]] = mapped_column(JSON)
    score: Mapped[float] = mapped_column(Float)
    weighted: Mapped[float] = mapped_column(Float)
    auto_failed: Mapped[list[str]] = mapped_column(JSON)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)


class SqlQaStore:
    """:class:`regie.services.qa.QaStore` on SQLAlchemy."""

    def __init__(self, workspace: Workspace) -> None:
        self._sessions = sessionmaker(workspace.engine(), expire_on_commit=False)

    # samples -------------------------------------------------------------------------
    def record_sample(self, sample: NewSample) -> SampleInfo:
        row = QaSample(
            vendor_id=sample.vendor_id,
            month=sample.month,
            timezone=sample.timezone,
            size=sample.size,
            seed=sample.seed,
            strata={k: list(v) for k, v in sample.strata.items()},
            contact_ids=list(sample.contact_ids),
            drawn_at=datetime.now(UTC),
        )
        with self._sessions.begin() as session:
            session.add(row)
            session.flush()
            return _sample(row, session)

    def samples(self, vendor_id: int, month: str) -> list[SampleInfo]:
        query = select(QaSample).where(QaSample.vendor_id == vendor_id, QaSample.month == month)
        with self._sessions() as session:
            return [_sample(r, session) for r in session.scalars(query.order_by(QaSample.id))]

    # reviews -------------------------------------------------------------------------
    def add_reviews(self, batch: NewReviews) -> ReviewImportInfo:
        head = QaReviewImport(
            vendor_id=batch.vendor_id,
            file_name=batch.file_name,
            file_sha256=batch.file_sha256,
            scorecard_name=batch.scorecard_name,
            scorecard_sha256=batch.scorecard_sha256,
            scorecard_text=batch.scorecard_text,
            calibration=batch.calibration,
            keep_text=batch.keep_text,
            reviews=len(batch.reviews),
            imported_at=datetime.now(UTC),
        )
        with self._sessions.begin() as session:
            _refuse_stored(session, batch)
            session.add(head)
            session.flush()
            session.add_all(_review_row(r, head, batch.calibration) for r in batch.reviews)
            return _import(head, session)

    def reviews(self, vendor_id: int, month: str) -> list[StoredReview]:
        query = select(QaReview).where(QaReview.vendor_id == vendor_id, QaReview.month == month)
        with self._sessions() as session:
            return [_stored(r) for r in session.scalars(query.order_by(QaReview.id))]

    def months(self, vendor_id: int) -> list[str]:
        query = select(QaReview.month).where(QaReview.vendor_id == vendor_id).distinct()
        with self._sessions() as session:
            return sorted(session.scalars(query))

    def imports(self, vendor_id: int) -> list[ReviewImportInfo]:
        query = select(QaReviewImport).where(QaReviewImport.vendor_id == vendor_id)
        with self._sessions() as session:
            rows = session.scalars(query.order_by(QaReviewImport.id)).all()
            return [_import(r, session) for r in rows]


def _refuse_stored(session: Session, batch: NewReviews) -> None:
    """A :class:`Conflict` when a review of ``batch`` is stored already (nothing is added)."""
    wanted = {(r.contact_id, r.reviewer_key): r.row for r in batch.reviews}
    contacts = sorted({contact for contact, _ in wanted})
    clashes: list[tuple[int, str, str]] = []
    for start in range(0, len(contacts), _CHUNK):
        query = (
            select(QaReview.contact_id, QaReview.reviewer_key, QaReviewImport.file_name)
            .join(QaReviewImport, QaReview.import_id == QaReviewImport.id)
            .where(
                QaReview.vendor_id == batch.vendor_id,
                QaReview.calibration == batch.calibration,
                QaReview.contact_id.in_(contacts[start : start + _CHUNK]),
            )
        )
        for contact, reviewer, earlier in session.execute(query):
            if (contact, reviewer) in wanted:
                clashes.append((wanted[(contact, reviewer)], contact, earlier))
    if clashes:
        row, contact, earlier = min(clashes)
        more = f" and {len(clashes) - 1} more" if len(clashes) > 1 else ""
        raise Conflict(
            f"{batch.file_name}: row {row}: contact {contact} already has a review by this "
            f"reviewer (from {earlier}){more}; nothing imported"
        )


def _review_row(r: Review, head: QaReviewImport, calibration: bool) -> QaReview:
    return QaReview(
        import_id=head.id,
        vendor_id=head.vendor_id,
        source_row=r.row,
        contact_id=r.contact_id,
        channel=r.channel,
        month=r.month,
        agent_key=r.agent_key,
        reviewer_key=r.reviewer_key,
        reviewed_on=r.reviewed_on,
        calibration=calibration,
        answers=dict(r.answers),
        category_scores=dict(r.category_scores),
        score=r.score,
        weighted=r.weighted,
        auto_failed=list(r.auto_failed),
        comment=r.comment,
    )


def _sample(row: QaSample, session: Session) -> SampleInfo:
    strata = {k: (int(v[0]), int(v[1])) for k, v in row.strata.items()}
    ids = tuple(row.contact_ids)
    sample = NewSample(row.vendor_id, row.month, row.timezone, row.size, row.seed, strata, ids)
    return SampleInfo(row.id, vendor_name(session, row.vendor_id), row.drawn_at, sample)


def _import(row: QaReviewImport, session: Session) -> ReviewImportInfo:
    return ReviewImportInfo(
        id=row.id,
        vendor=vendor_name(session, row.vendor_id),
        file_name=row.file_name,
        scorecard_name=row.scorecard_name,
        scorecard_text=row.scorecard_text,
        calibration=row.calibration,
        reviews=row.reviews,
        imported_at=row.imported_at,
    )


def _stored(row: QaReview) -> StoredReview:
    return StoredReview(
        id=row.id,
        import_id=row.import_id,
        calibration=row.calibration,
        row=row.source_row,
        contact_id=row.contact_id,
        channel=row.channel,
        month=row.month,
        agent_key=row.agent_key,
        reviewer_key=row.reviewer_key,
        reviewed_on=row.reviewed_on,
        answers=dict(row.answers),
        category_scores=dict(row.category_scores),
        score=row.score,
        weighted=row.weighted,
        auto_failed=tuple(row.auto_failed),
    )
