"""Ratings of districts and executors (issue 11): filled in by that work.

Revision ID: 0006_ratings
Revises: 0005_verification_worklist
"""

from __future__ import annotations

revision = "0006_ratings"
down_revision = "0005_verification_worklist"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
