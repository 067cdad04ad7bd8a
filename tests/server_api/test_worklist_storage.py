"""The verification queue's storage on PostgreSQL (migration 0010), checked once:
the worklist's own tests run on both databases."""

from __future__ import annotations

from sqlalchemy import text

from server_api.app import prepare_database
from tests.fixtures.servers import fresh_postgres_database


def test_the_queue_is_vacuumed_often_on_postgresql(postgres_url: str) -> None:
    """Rewritten at its head all day, the queue must not wait for 20 % of it to die
    before autovacuum clears the entries the worklist page scans."""
    engine = prepare_database(fresh_postgres_database(postgres_url))
    try:
        with engine.connect() as conn:
            options = conn.execute(text(
                "SELECT reloptions FROM pg_class WHERE relname = 'verification_queue'"
            )).scalar_one()
    finally:
        engine.dispose()
    assert "autovacuum_vacuum_scale_factor=0" in options
    assert "autovacuum_vacuum_threshold=500" in options
    assert "fillfactor=80" in options
