"""Due-diligence checklists.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _vendor() -> sa.Column[int]:
    return sa.Column("vendor_id", sa.Integer, sa.ForeignKey("vendors.id"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "diligence_checks",
        sa.Column("id", sa.Integer, primary_key=True),
        _vendor(),
        sa.Column("item", sa.String(60), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("evidence", sa.Text, nullable=True),
        sa.Column("checked_on", sa.Date, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_diligence_checks_vendor_id", "diligence_checks", ["vendor_id"])
    op.create_table(
        "diligence_acceptances",
        sa.Column("id", sa.Integer, primary_key=True),
        _vendor(),
        sa.Column("check_id", sa.Integer, sa.ForeignKey("diligence_checks.id"), nullable=False),
        sa.Column("item", sa.String(60), nullable=False),
        sa.Column("accepted_by", sa.String(200), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("check_id"),
    )
    op.create_index("ix_diligence_acceptances_vendor_id", "diligence_acceptances", ["vendor_id"])


def downgrade() -> None:
    op.drop_index("ix_diligence_acceptances_vendor_id", "diligence_acceptances")
    op.drop_table("diligence_acceptances")
    op.drop_index("ix_diligence_checks_vendor_id", "diligence_checks")
    op.drop_table("diligence_checks")
