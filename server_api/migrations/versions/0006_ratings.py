"""Ratings of districts and executors and the city dashboard (issue 11): the
dashboard's read-only keys, the ratings' running totals of finalised appeals,
and the indexes the ratings and the dashboard read by.

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
    # Running totals of finalised appeals (server_api/ratings/totals.py); the appeals
    # finalised since the watermark are found by closed_at.
    op.create_table(
        "rating_totals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("district", sa.String(100), nullable=False),
        sa.Column("executor_key", sa.Integer, nullable=False),
        *(sa.Column(name, sa.Integer, nullable=False) for name in (
            "received", "cancelled", "closed_on_time", "closed_late", "reworks",
            "reworked_appeals", "closed_first_time", "confirmed")),
        sa.Column("execution_seconds", sa.Float, nullable=False),
        sa.Column("term_seconds", sa.Float, nullable=False),
        sa.UniqueConstraint("day", "district", "executor_key", name="uq_rating_totals_key"),
    )
    op.create_table(
        "rating_totals_state",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("watermark", sa.DateTime(timezone=True), nullable=False),
        sa.Column("zone", sa.String(64), nullable=False),
    )
    op.create_index("ix_appeals_closed_at", "appeals", ["closed_at"])


def downgrade() -> None:
    op.drop_index("ix_appeals_closed_at", "appeals")
    op.drop_table("rating_totals_state")
    op.drop_table("rating_totals")
    op.drop_index("ix_appeals_open_executor_deadline", "appeals")
    op.drop_index("ix_verification_rounds_outcome_appeal", "verification_rounds")
    op.drop_table("dashboard_keys")
