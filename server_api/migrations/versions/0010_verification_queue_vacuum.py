"""The verification queue is small and rewritten at its head all day (every claim,
renewal and outcome updates the most urgent rows, and the lease column is indexed,
so no update is HOT). With the default autovacuum (20 % of the table changed) dead
entries piled up where the worklist page scans: under 30 staff's load the page's
own query took 14.8 ms at the median instead of 1.5. Vacuumed every 500 changes,
without cost delay, it stays at 3.0–3.5 ms; room left in each page (fillfactor) keeps a
row's new version beside the old one.

Revision ID: 0010_verification_queue_vacuum
Revises: 0009_calls_closed_by_state
"""

from __future__ import annotations

from alembic import op

revision = "0010_verification_queue_vacuum"
down_revision = "0009_calls_closed_by_state"
branch_labels = None
depends_on = None

STORAGE = ("autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 500, "
           "autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 2000, "
           "autovacuum_vacuum_cost_delay = 0, fillfactor = 80")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE verification_queue SET ({STORAGE})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE verification_queue RESET (autovacuum_vacuum_scale_factor, "
                   "autovacuum_vacuum_threshold, autovacuum_analyze_scale_factor, "
                   "autovacuum_analyze_threshold, autovacuum_vacuum_cost_delay, fillfactor)")
