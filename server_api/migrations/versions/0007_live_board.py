"""The shift lead's live board (issue 10): calls as the desktops' live events tell
them, those events (a retry counts once), heartbeats and pending forced states,
the lead's messages with their read receipts.

Revision ID: 0007_live_board
Revises: 0006_ratings
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_live_board"
down_revision = "0006_ratings"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _user(name: str, nullable: bool = False, cascade: bool = True) -> sa.Column[object]:
    return sa.Column(name, sa.Integer, sa.ForeignKey(
        "users.id", ondelete="CASCADE" if cascade else None), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "board_calls",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sip_call_id", sa.String(200), nullable=False, unique=True),
        _user("user_id"),
        sa.Column("direction", sa.String(3), nullable=False),
        sa.Column("caller_masked", sa.String(20)),
        _when("offered_at", False), _when("bucket_at", False), _when("rang_at", False),
        _when("answered_at"), sa.Column("wait_ms", sa.Integer),
        _when("ended_at"), sa.Column("handle_ms", sa.Integer),
        sa.Column("hold_ms", sa.Integer, nullable=False), _when("held_since"),
    )
    op.create_index("ix_board_calls_offered", "board_calls", ["offered_at"])
    op.create_index("ix_board_calls_user_offered", "board_calls", ["user_id", "offered_at"])
    op.create_table(
        "board_call_events",
        sa.Column("id", sa.Integer, primary_key=True),
        _user("user_id"),
        sa.Column("sip_call_id", sa.String(200), nullable=False),
        sa.Column("type", sa.String(10), nullable=False),
        _when("at", False), _when("received_at", False),
        sa.UniqueConstraint("user_id", "sip_call_id", "type", "at", name="uq_board_call_events"),
    )
    op.create_table(
        "board_presence",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"),
                  primary_key=True),
        _when("last_seen_at"), _when("expired_at"),
        sa.Column("rev", sa.Integer, nullable=False),
        sa.Column("forced_action", sa.String(10)), sa.Column("forced_reason", sa.String(200)),
        sa.Column("forced_by", sa.String(100)), _when("forced_at"),
    )
    op.create_table(
        "board_messages",
        sa.Column("id", sa.Integer, primary_key=True),
        _user("sender_id", cascade=False),
        _user("recipient_id", nullable=True, cascade=False),
        sa.Column("text", sa.Text, nullable=False),
        _when("sent_at", False),
    )
    op.create_index("ix_board_messages_sent_at", "board_messages", ["sent_at"])
    op.create_table(
        "board_message_receipts",
        sa.Column("message_id", sa.Integer,
                  sa.ForeignKey("board_messages.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"),
                  primary_key=True),
        _when("read_at"),
    )
    op.create_index("ix_board_message_receipts_user_read", "board_message_receipts",
                    ["user_id", "read_at"])


def downgrade() -> None:
    for table in ("board_message_receipts", "board_messages", "board_presence",
                  "board_call_events", "board_calls"):
        op.drop_table(table)
