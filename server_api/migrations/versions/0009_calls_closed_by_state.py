"""A call the desktop left open (its "ended" event lost) is ended by the desktop's
state report or its heartbeat expiry; the flag lets a late real "ended" correct it.

Revision ID: 0009_calls_closed_by_state
Revises: 0008_monitor_keys
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_calls_closed_by_state"
down_revision = "0008_monitor_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("board_calls") as batch:
        batch.add_column(sa.Column("closed_by_desk_state", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("board_calls") as batch:
        batch.drop_column("closed_by_desk_state")
