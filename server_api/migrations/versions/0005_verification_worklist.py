"""The feedback worklist (verification queue with leases), graded verification
rounds, every record a call made (call_links), central desktop settings.

Appeals already awaiting verification get their queue rows here, due three
working days after the executor's report (the setting's default).

Revision ID: 0005_verification_worklist
Revises: 0004_kb_title_vector
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "0005_verification_worklist"
down_revision = "0004_kb_title_vector"
branch_labels = None
depends_on = None

_OPEN_ITEMS = "escalated IS NULL"


def upgrade() -> None:
    op.create_table(
        "verification_queue",
        sa.Column("appeal_id", sa.Integer,
                  sa.ForeignKey("appeals.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("report_comment", sa.Text),
        sa.Column("report_by", sa.String(100), nullable=False, server_default=""),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("district", sa.String(100), nullable=False),
        sa.Column("sphere_id", sa.Integer, nullable=False),
        sa.Column("executor_id", sa.Integer),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True)),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True)),
        sa.Column("scheduled_at", sa.DateTime(timezone=True)),
        sa.Column("scheduled_by", sa.Integer, sa.ForeignKey("users.id")),
        sa.Column("scheduled_comment", sa.Text),
        sa.Column("lease_user_id", sa.Integer, sa.ForeignKey("users.id")),
        sa.Column("lease_until", sa.DateTime(timezone=True)),
        sa.Column("escalated", sa.String(30)),
        sa.Column("escalated_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_verification_queue_urgency", "verification_queue",
                    ["due_at", "attempts", "appeal_id"],
                    postgresql_include=["next_attempt_at", "scheduled_at"],
                    postgresql_where=sa.text(_OPEN_ITEMS), sqlite_where=sa.text(_OPEN_ITEMS))
    op.create_index("ix_verification_queue_district", "verification_queue",
                    ["district", "due_at"])
    op.create_index("ix_verification_queue_sphere", "verification_queue", ["sphere_id", "due_at"])
    op.create_index("ix_verification_queue_executor", "verification_queue",
                    ["executor_id", "due_at"])
    op.create_index("ix_verification_queue_lease", "verification_queue", ["lease_user_id"])
    with op.batch_alter_table("verification_rounds") as batch:
        batch.add_column(sa.Column("grade", sa.Integer))
    op.create_table(
        "call_links",
        sa.Column("call_id", sa.Integer, sa.ForeignKey("calls.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("record_id", sa.Integer, primary_key=True),
    )
    op.create_index("ix_call_links_record", "call_links", ["kind", "record_id"])
    op.create_table(
        "desktop_provisioning",
        sa.Column("group_name", sa.String(64), primary_key=True),
        sa.Column("settings", sa.JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False),
    )
    from server_api.worklist.queue import backfill

    backfill(Session(bind=op.get_bind()), term_days=3)


def downgrade() -> None:
    op.drop_table("desktop_provisioning")
    op.drop_index("ix_call_links_record", table_name="call_links")
    op.drop_table("call_links")
    with op.batch_alter_table("verification_rounds") as batch:
        batch.drop_column("grade")
    op.drop_table("verification_queue")
