"""Contract versions, outage logs and recorded monthly statements.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _vendor() -> sa.Column[int]:
    return sa.Column("vendor_id", sa.Integer, sa.ForeignKey("vendors.id"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "contract_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        _vendor(),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("effective_from", sa.Date, nullable=False),
        sa.Column("file_name", sa.String(300), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("vendor_id", "version"),
        sa.UniqueConstraint("vendor_id", "effective_from"),
    )
    op.create_table(
        "outage_logs",
        sa.Column("id", sa.Integer, primary_key=True),
        _vendor(),
        sa.Column("file_name", sa.String(300), nullable=False),
        sa.Column("covers_from", sa.Date, nullable=False),
        sa.Column("covers_to", sa.Date, nullable=False),
        sa.Column("outages", sa.JSON, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "statements",
        sa.Column("id", sa.Integer, primary_key=True),
        _vendor(),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("contract_id", sa.Integer, sa.ForeignKey("contract_versions.id"), nullable=False),
        sa.Column("inputs", sa.JSON, nullable=False),
        sa.Column("result", sa.JSON, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("vendor_id", "month", "revision"),
    )


def downgrade() -> None:
    op.drop_table("statements")
    op.drop_table("outage_logs")
    op.drop_table("contract_versions")
