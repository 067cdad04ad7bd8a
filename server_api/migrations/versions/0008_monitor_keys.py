"""Listen / whisper / barge from the board (issue 10): the SIP user each desktop
registers as (the lead's phone calls it), and the API's own secrets, so every
worker signs with the same key when none is configured.

Revision ID: 0008_monitor_keys
Revises: 0007_live_board
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_monitor_keys"
down_revision = "0007_live_board"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("board_presence") as batch:
        batch.add_column(sa.Column("sip_user", sa.String(100), nullable=True))
    op.create_table(
        "api_secrets",
        sa.Column("name", sa.String(50), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("api_secrets")
    with op.batch_alter_table("board_presence") as batch:
        batch.drop_column("sip_user")
