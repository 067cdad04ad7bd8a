"""The shift lead's live board (issue 10): filled in by that work.

Revision ID: 0007_live_board
Revises: 0006_ratings
"""

from __future__ import annotations

revision = "0007_live_board"
down_revision = "0006_ratings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
