"""Partial index for open appeals at a building, newest first (the screen pop).

Revision ID: 0003
Revises: 0002_kb_search_vector
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002_kb_search_vector"
branch_labels = None
depends_on = None

_OPEN = "status IN ('registered', 'in_work', 'awaiting_verification')"


def upgrade() -> None:
    op.create_index("ix_appeals_open_building_created", "appeals", ["building_id", "created_at"],
                    postgresql_where=sa.text(_OPEN), sqlite_where=sa.text(_OPEN))


def downgrade() -> None:
    op.drop_index("ix_appeals_open_building_created", table_name="appeals")
