"""QA samples and reviews.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _vendor() -> sa.Column[int]:
    return sa.Column("vendor_id", sa.Integer, sa.ForeignKey("vendors.id"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "qa_samples",
        sa.Column("id", sa.Integer, primary_key=True),
        _vendor(),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("seed", sa.BigInteger, nullable=False),
        sa.Column("strata", sa.JSON, nullable=False),
        sa.Column("contact_ids", sa.JSON, nullable=False),
        sa.Column("drawn_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "qa_review_imports",
        sa.Column("id", sa.Integer, primary_key=True),
        _vendor(),
        sa.Column("file_name", sa.String(300), nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("scorecard_name", sa.String(200), nullable=False),
        sa.Column("scorecard_sha256", sa.String(64), nullable=False),
        sa.Column("scorecard_text", sa.Text, nullable=False),
        sa.Column("calibration", sa.Boolean, nullable=False),
        sa.Column("keep_text", sa.Boolean, nullable=False),
        sa.Column("reviews", sa.Integer, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "qa_reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("import_id", sa.Integer, sa.ForeignKey("qa_review_imports.id"), nullable=False),
        _vendor(),
        sa.Column("source_row", sa.Integer, nullable=False),
        sa.Column("contact_id", sa.String(300), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("agent_key", sa.String(64), nullable=True),
        sa.Column("reviewer_key", sa.String(64), nullable=False),
        sa.Column("reviewed_on", sa.Date, nullable=True),
        sa.Column("calibration", sa.Boolean, nullable=False),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("category_scores", sa.JSON, nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("weighted", sa.Float, nullable=False),
        sa.Column("auto_failed", sa.JSON, nullable=False),
        sa.Column("comment", sa.Text, nullable=True),
        sa.UniqueConstraint("vendor_id", "contact_id", "reviewer_key", "calibration"),
    )
    op.create_index("ix_qa_reviews_vendor_month", "qa_reviews", ["vendor_id", "month"])


def downgrade() -> None:
    op.drop_index("ix_qa_reviews_vendor_month", table_name="qa_reviews")
    op.drop_table("qa_reviews")
    op.drop_table("qa_review_imports")
    op.drop_table("qa_samples")
