"""The connection pools: they survive the database dropping their connections while
quiet, and keep what a burst opened."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from server_api import db


def test_idle_connection_killed_by_the_server_is_replaced(
        postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = db.make_engine(postgres_url)
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            first_pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with admin.connect() as conn:  # what a database restart does to the pool
            assert conn.execute(text("SELECT pg_terminate_backend(:pid)"),
                                {"pid": first_pid}).scalar_one()
        monkeypatch.setattr(db, "IDLE_BEFORE_PING_S", 0.0)  # as if it had sat idle a while
        with engine.connect() as conn:
            second_pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        assert second_pid != first_pid
    finally:
        engine.dispose()
        admin.dispose()


def test_only_idle_connections_are_pinged(postgres_url: str,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    engine = db.make_engine(postgres_url)
    pings: list[object] = []
    real_ping = engine.dialect.do_ping

    def counted(dbapi_connection: object) -> bool:
        pings.append(dbapi_connection)
        return real_ping(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    try:
        for _ in range(3):  # back to back, as under load: no round trip spent on pings
            with engine.connect() as conn:
                assert conn.execute(text("SELECT 1")).scalar_one() == 1
        assert pings == []
        monkeypatch.setattr(db, "IDLE_BEFORE_PING_S", 0.0)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar_one() == 1
        assert len(pings) == 1
    finally:
        engine.dispose()


@pytest.mark.parametrize("planned_once", [False, True], ids=["requests", "worklist"])
def test_a_burst_as_wide_as_the_request_threads_reuses_its_backends(
        postgres_url: str, planned_once: bool) -> None:
    # A connection opened in a burst and closed after it made the next burst start new
    # backends, each preparing and planning its statements again: at a peak the pool
    # churned instead of serving.
    engine = db.make_engine(postgres_url, planned_once=planned_once)

    def burst() -> set[int]:
        conns = [engine.connect() for _ in range(db.REQUEST_THREADS)]
        try:
            return {conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
                    for conn in conns}
        finally:
            for conn in conns:
                conn.close()

    try:
        first = burst()
        assert len(first) == db.REQUEST_THREADS
        assert burst() == first
    finally:
        engine.dispose()
