"""Initial schema, plus the dialect-specific full-text index for the knowledge base.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 16:01:41.936207
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key_hash"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=50), nullable=False),
        sa.Column("entity", sa.String(length=50), nullable=False),
        sa.Column("entity_id", sa.String(length=50), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table(
        "buildings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("street", sa.String(length=200), nullable=False),
        sa.Column("house", sa.String(length=30), nullable=False),
        sa.Column("district", sa.String(length=100), nullable=False),
        sa.Column("search_key", sa.String(length=250), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("street", "house", name="uq_buildings_street_house"),
    )
    with op.batch_alter_table("buildings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_buildings_district"), ["district"], unique=False)
        batch_op.create_index(batch_op.f("ix_buildings_search_key"), ["search_key"], unique=False)

    op.create_table(
        "citizens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "directory_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("phones", sa.JSON(), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("site", sa.String(length=200), nullable=True),
        sa.Column("hours", sa.String(length=200), nullable=True),
        sa.Column("head", sa.String(length=200), nullable=True),
        sa.Column("search_key", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "executors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=50), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("district", sa.String(length=100), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["executors.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("executors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_executors_district"), ["district"], unique=False)
        batch_op.create_index(batch_op.f("ix_executors_kind"), ["kind"], unique=False)

    op.create_table(
        "idempotency_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("route", sa.String(length=100), nullable=False),
        sa.Column("body_hash", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("response", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key", "route", name="uq_idempotency_key_route"),
    )
    op.create_table(
        "kb_articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sphere", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("editor", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("search_title", sa.Text(), nullable=False),
        sa.Column("search_body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("kb_articles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kb_articles_sphere"), ["sphere"], unique=False)

    op.create_table(
        "spheres",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    op.create_table(
        "agent_state_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("agent_state_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agent_state_history_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "agent_states",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_table(
        "auth_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("auth_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auth_tokens_user_id"), ["user_id"], unique=False)

    op.create_table(
        "citizen_addresses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("building_id", sa.Integer(), nullable=False),
        sa.Column("flat", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["building_id"],
            ["buildings.id"],
        ),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizens.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("citizen_id", "building_id", "flat", name="uq_citizen_addresses"),
    )
    with op.batch_alter_table("citizen_addresses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_citizen_addresses_building_id"), ["building_id"], unique=False
        )

    op.create_table(
        "citizen_phones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["citizen_id"], ["citizens.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("citizen_id", "phone", name="uq_citizen_phones"),
    )
    with op.batch_alter_table("citizen_phones", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_citizen_phones_phone"), ["phone"], unique=False)

    op.create_table(
        "consultations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=True),
        sa.Column("phone", sa.String(length=16), nullable=True),
        sa.Column("topic", sa.String(length=500), nullable=False),
        sa.Column("sphere_id", sa.Integer(), nullable=True),
        sa.Column("sip_call_id", sa.String(length=200), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["citizen_id"],
            ["citizens.id"],
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["sphere_id"],
            ["spheres.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consultations_citizen_id"), ["citizen_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_consultations_sip_call_id"), ["sip_call_id"], unique=False
        )

    op.create_table(
        "kb_suggestions",
        sa.Column("topic", sa.String(length=60), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["kb_articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("topic", "rank"),
    )
    op.create_table(
        "outages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("service", sa.String(length=20), nullable=False),
        sa.Column("building_id", sa.Integer(), nullable=True),
        sa.Column("district", sa.String(length=100), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("executor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["building_id"],
            ["buildings.id"],
        ),
        sa.ForeignKeyConstraint(
            ["executor_id"],
            ["executors.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("outages", schema=None) as batch_op:
        batch_op.create_index("ix_outages_building_ends", ["building_id", "ends_at"], unique=False)
        batch_op.create_index("ix_outages_district_ends", ["district", "ends_at"], unique=False)

    op.create_table(
        "problems",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("sphere_id", sa.Integer(), nullable=False),
        sa.Column("term_days", sa.Integer(), nullable=False),
        sa.Column("emergency", sa.Boolean(), nullable=False),
        sa.Column("executor_rule", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(
            ["sphere_id"],
            ["spheres.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("problems", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_problems_sphere_id"), ["sphere_id"], unique=False)

    op.create_table(
        "appeals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=30), nullable=True),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("callback_phone", sa.String(length=16), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("problem_id", sa.Integer(), nullable=False),
        sa.Column("building_id", sa.Integer(), nullable=False),
        sa.Column("flat", sa.String(length=20), nullable=True),
        sa.Column("entrance", sa.String(length=20), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("executor_id", sa.Integer(), nullable=True),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rework_count", sa.Integer(), nullable=False),
        sa.Column("repeat_of_id", sa.Integer(), nullable=True),
        sa.Column("sip_call_id", sa.String(length=200), nullable=True),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("api_key_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["api_key_id"],
            ["api_keys.id"],
        ),
        sa.ForeignKeyConstraint(
            ["building_id"],
            ["buildings.id"],
        ),
        sa.ForeignKeyConstraint(
            ["citizen_id"],
            ["citizens.id"],
        ),
        sa.ForeignKeyConstraint(
            ["executor_id"],
            ["executors.id"],
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["problem_id"],
            ["problems.id"],
        ),
        sa.ForeignKeyConstraint(
            ["repeat_of_id"],
            ["appeals.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    with op.batch_alter_table("appeals", schema=None) as batch_op:
        batch_op.create_index(
            "ix_appeals_building_problem_status",
            ["building_id", "problem_id", "status"],
            unique=False,
        )
        batch_op.create_index("ix_appeals_building_status", ["building_id", "status"], unique=False)
        batch_op.create_index(
            "ix_appeals_citizen_created", ["citizen_id", "created_at"], unique=False
        )
        batch_op.create_index("ix_appeals_created", ["created_at"], unique=False)
        batch_op.create_index("ix_appeals_executor_status", ["executor_id", "status"], unique=False)
        batch_op.create_index(batch_op.f("ix_appeals_repeat_of_id"), ["repeat_of_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_appeals_sip_call_id"), ["sip_call_id"], unique=False)
        batch_op.create_index("ix_appeals_status_deadline", ["status", "deadline"], unique=False)

    op.create_table(
        "consultation_articles",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["kb_articles.id"],
        ),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("consultation_id", "article_id"),
    )
    op.create_table(
        "appeal_co_applicants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appeal_id", sa.Integer(), nullable=False),
        sa.Column("citizen_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["appeal_id"], ["appeals.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["citizen_id"],
            ["citizens.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("appeal_id", "citizen_id", name="uq_appeal_co_applicants"),
    )
    with op.batch_alter_table("appeal_co_applicants", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_appeal_co_applicants_citizen_id"), ["citizen_id"], unique=False
        )

    op.create_table(
        "appeal_status_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appeal_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("from_status", sa.String(length=30), nullable=True),
        sa.Column("to_status", sa.String(length=30), nullable=False),
        sa.Column("by", sa.String(length=100), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["appeal_id"], ["appeals.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("appeal_status_history", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_appeal_status_history_appeal_id"), ["appeal_id"], unique=False
        )

    op.create_table(
        "calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("call_id", sa.String(length=100), nullable=False),
        sa.Column("sip_call_id", sa.String(length=200), nullable=False),
        sa.Column("direction", sa.String(length=5), nullable=False),
        sa.Column("remote_number", sa.String(length=16), nullable=True),
        sa.Column("local_user", sa.String(length=100), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ring_ms", sa.Integer(), nullable=False),
        sa.Column("connect_ms", sa.Integer(), nullable=True),
        sa.Column("early_ms", sa.Integer(), nullable=True),
        sa.Column("hold_segments", sa.JSON(), nullable=False),
        sa.Column("hold_ms", sa.Integer(), nullable=False),
        sa.Column("talk_ms", sa.Integer(), nullable=False),
        sa.Column("disposition", sa.String(length=20), nullable=False),
        sa.Column("mos", sa.Float(), nullable=True),
        sa.Column("jitter_ms", sa.Float(), nullable=True),
        sa.Column("loss_pct", sa.Float(), nullable=True),
        sa.Column("rtt_ms", sa.Float(), nullable=True),
        sa.Column("end_code", sa.Integer(), nullable=False),
        sa.Column("end_reason", sa.String(length=200), nullable=False),
        sa.Column("appeal_id", sa.Integer(), nullable=True),
        sa.Column("consultation_id", sa.Integer(), nullable=True),
        sa.Column("operator_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["appeal_id"],
            ["appeals.id"],
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
        ),
        sa.ForeignKeyConstraint(
            ["operator_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calls_appeal_id"), ["appeal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_calls_remote_number"), ["remote_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_calls_sip_call_id"), ["sip_call_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_calls_started_at"), ["started_at"], unique=False)

    op.create_table(
        "verification_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("appeal_id", sa.Integer(), nullable=False),
        sa.Column("round_no", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("sip_call_id", sa.String(length=200), nullable=True),
        sa.Column("by", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["appeal_id"], ["appeals.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("verification_rounds", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_verification_rounds_appeal_id"), ["appeal_id"], unique=False
        )

    _create_kb_fulltext()


# Title stems weigh more than body stems in both engines (weights A/B, bm25 10:1).
_PG_KB_VECTOR = (
    "(setweight(to_tsvector('simple', search_title), 'A') || "
    "setweight(to_tsvector('simple', search_body), 'B'))"
)
_SQLITE_KB_FTS = [
    "CREATE VIRTUAL TABLE kb_fts USING fts5(search_title, search_body, content='kb_articles', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER kb_fts_ai AFTER INSERT ON kb_articles BEGIN "
    "INSERT INTO kb_fts(rowid, search_title, search_body) "
    "VALUES (new.id, new.search_title, new.search_body); END",
    "CREATE TRIGGER kb_fts_ad AFTER DELETE ON kb_articles BEGIN "
    "INSERT INTO kb_fts(kb_fts, rowid, search_title, search_body) "
    "VALUES ('delete', old.id, old.search_title, old.search_body); END",
    "CREATE TRIGGER kb_fts_au AFTER UPDATE ON kb_articles BEGIN "
    "INSERT INTO kb_fts(kb_fts, rowid, search_title, search_body) "
    "VALUES ('delete', old.id, old.search_title, old.search_body); "
    "INSERT INTO kb_fts(rowid, search_title, search_body) "
    "VALUES (new.id, new.search_title, new.search_body); END",
]


def _create_kb_fulltext() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(f"CREATE INDEX ix_kb_articles_fts ON kb_articles USING gin ({_PG_KB_VECTOR})")
    elif dialect == "sqlite":
        for statement in _SQLITE_KB_FTS:
            op.execute(statement)


def _drop_kb_fulltext() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_kb_articles_fts")
    elif dialect == "sqlite":
        for trigger in ("kb_fts_ai", "kb_fts_ad", "kb_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS kb_fts")


def downgrade() -> None:
    _drop_kb_fulltext()
    with op.batch_alter_table("verification_rounds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verification_rounds_appeal_id"))

    op.drop_table("verification_rounds")
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calls_started_at"))
        batch_op.drop_index(batch_op.f("ix_calls_sip_call_id"))
        batch_op.drop_index(batch_op.f("ix_calls_remote_number"))
        batch_op.drop_index(batch_op.f("ix_calls_appeal_id"))

    op.drop_table("calls")
    with op.batch_alter_table("appeal_status_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appeal_status_history_appeal_id"))

    op.drop_table("appeal_status_history")
    with op.batch_alter_table("appeal_co_applicants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appeal_co_applicants_citizen_id"))

    op.drop_table("appeal_co_applicants")
    op.drop_table("consultation_articles")
    with op.batch_alter_table("appeals", schema=None) as batch_op:
        batch_op.drop_index("ix_appeals_status_deadline")
        batch_op.drop_index(batch_op.f("ix_appeals_sip_call_id"))
        batch_op.drop_index(batch_op.f("ix_appeals_repeat_of_id"))
        batch_op.drop_index("ix_appeals_executor_status")
        batch_op.drop_index("ix_appeals_created")
        batch_op.drop_index("ix_appeals_citizen_created")
        batch_op.drop_index("ix_appeals_building_status")
        batch_op.drop_index("ix_appeals_building_problem_status")

    op.drop_table("appeals")
    with op.batch_alter_table("problems", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_problems_sphere_id"))

    op.drop_table("problems")
    with op.batch_alter_table("outages", schema=None) as batch_op:
        batch_op.drop_index("ix_outages_district_ends")
        batch_op.drop_index("ix_outages_building_ends")

    op.drop_table("outages")
    op.drop_table("kb_suggestions")
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultations_sip_call_id"))
        batch_op.drop_index(batch_op.f("ix_consultations_citizen_id"))

    op.drop_table("consultations")
    with op.batch_alter_table("citizen_phones", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_citizen_phones_phone"))

    op.drop_table("citizen_phones")
    with op.batch_alter_table("citizen_addresses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_citizen_addresses_building_id"))

    op.drop_table("citizen_addresses")
    with op.batch_alter_table("auth_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_tokens_user_id"))

    op.drop_table("auth_tokens")
    op.drop_table("agent_states")
    with op.batch_alter_table("agent_state_history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agent_state_history_user_id"))

    op.drop_table("agent_state_history")
    op.drop_table("users")
    op.drop_table("spheres")
    with op.batch_alter_table("kb_articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kb_articles_sphere"))

    op.drop_table("kb_articles")
    op.drop_table("idempotency_keys")
    with op.batch_alter_table("executors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_executors_kind"))
        batch_op.drop_index(batch_op.f("ix_executors_district"))

    op.drop_table("executors")
    op.drop_table("directory_entries")
    op.drop_table("citizens")
    with op.batch_alter_table("buildings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_buildings_search_key"))
        batch_op.drop_index(batch_op.f("ix_buildings_district"))

    op.drop_table("buildings")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
    op.drop_table("api_keys")
