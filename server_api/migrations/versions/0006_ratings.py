"""Ratings of districts and executors and the city dashboard (issue 11): the
dashboard's read-only keys, and the index the verification rounds' "confirmed"
counts are read by.

Revision ID: 0006_ratings
Revises: 0005_verification_worklist
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_ratings"
down_revision = "0005_verification_worklist"
branch_labels = None
depends_on = None

_OPEN = "status IN ('registered', 'in_work', 'awaiting_verification')"


def upgrade() -> None:
    op.create_table(
        "dashboard_keys",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id")),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    # % confirmed counts the period's confirmed rounds: read by outcome, then appeal.
    op.create_index("ix_verification_rounds_outcome_appeal", "verification_rounds",
                    ["outcome", "appeal_id"])
    # The dashboard's overdue organisations: the open appeals alone, by executor and
    # deadline (index-only), not a walk of every appeal's (executor, status) entry.
    op.create_index("ix_appeals_open_executor_deadline", "appeals", ["executor_id", "deadline"],
                    postgresql_where=sa.text(_OPEN), sqlite_where=sa.text(_OPEN))


def downgrade() -> None:
    op.drop_index("ix_appeals_open_executor_deadline", "appeals")
    op.drop_index("ix_verification_rounds_outcome_appeal", "verification_rounds")
    op.drop_table("dashboard_keys")
