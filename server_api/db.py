"""Engine and session factory; SQLite gets WAL and foreign keys."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg.rows import namedtuple_row
from sqlalchemy import DateTime, Engine, Table, TextClause, create_engine, event, make_url, text
from sqlalchemy.dialects.postgresql import psycopg as postgresql_psycopg
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection
from sqlalchemy.sql import ClauseElement
from sqlalchemy.types import TypeDecorator

from server_api.settings import normalize_database_url

REQUEST_THREADS = 16  # requests one API process works on at once (its thread pool)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """Always timezone-aware UTC in Python, whatever the database keeps.

    SQLite has no time zones and hands back naive values; treating them as UTC
    here keeps every API timestamp with an offset.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


def load_sql(path: Path) -> TextClause:
    """A hand-written statement from a .sql file, without comments and runs of blanks.

    Under 4 kB, psycopg keeps a statement's parsed form instead of parsing it on
    every call; comments would count against that. (The files have no '--' in
    their strings.)
    """
    source = path.read_text(encoding="utf-8")
    return text(" ".join(" ".join(line.split("--", 1)[0] for line in source.splitlines())
                         .split()))


_PSYCOPG = postgresql_psycopg.dialect()  # type: ignore[no-untyped-call]


@dataclass(frozen=True)
class DriverStatement:
    """A statement compiled once for psycopg: its SQL (%(name)s parameters) and the
    values SQLAlchemy bound itself (a LIMIT's number, say)."""

    sql: str
    fixed: dict[str, Any]


def psycopg_sql(statement: ClauseElement) -> DriverStatement:
    """The hottest statements on PostgreSQL go straight to the driver (run_on_driver):
    SQLAlchemy's execution and result wrapping cost ~0.1 ms a statement, a twentieth
    of a registration."""
    compiled = statement.compile(dialect=_PSYCOPG)
    return DriverStatement(str(compiled), dict(compiled.params))


def run_on_driver(session: Session, statement: DriverStatement,
                  params: dict[str, Any]) -> list[Any]:
    """The rows of a statement run on the session's own PostgreSQL connection, in its
    transaction, with attribute access to the columns."""
    driver = session.connection().connection.driver_connection
    assert isinstance(driver, psycopg.Connection)
    with driver.cursor(row_factory=namedtuple_row) as cursor:
        return cursor.execute(statement.sql, {**statement.fixed, **params}).fetchall()


def table_of(model: type[Base]) -> Table:
    """A model's Table, for Core statements on the hot paths (no ORM unit of work)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _session_set_up(*statements: str) -> Callable[[Any, Any], None]:
    """A connect listener: each new PostgreSQL session runs these first."""

    def set_up(dbapi_connection: Any, _record: Any) -> None:
        for statement in statements:
            dbapi_connection.execute(statement)
        dbapi_connection.commit()

    return set_up


# Whatever the server's default zone: the times the database writes as text itself
# (JSON built in SQL) come out as the API's own.
_IN_UTC = "SET TimeZone TO 'UTC'"


@dataclass(frozen=True)
class _Pool:
    """How a PostgreSQL pool is made: its backends' name, how each connection
    prepares statements and what each session runs first."""

    application_name: str
    prepare_threshold: int | None  # psycopg's; None: its default (the fifth run)
    set_up: tuple[str, ...]


_REQUESTS_POOL = _Pool("kc1551-api", None, (_IN_UTC,))
_WORKLIST_POOL = _Pool("kc1551-api-worklist", 0,
                       (_IN_UTC, "SET plan_cache_mode TO force_generic_plan"))


def one_statement(session: Session) -> None:
    """For a request that sends a single statement: on PostgreSQL its connection is
    taken in autocommit, without the BEGIN and COMMIT around it (a statement is
    atomic by itself): two round trips of three, each a wait for the process's
    GIL under load. A session already in a transaction keeps it."""
    if session.get_bind().dialect.name == "postgresql" and not session.in_transaction():
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def make_engine(database_url: str, *, planned_once: bool = False) -> Engine:
    """The engine for a database URL. `planned_once` (PostgreSQL): each statement is
    prepared at its first run on a connection and planned there once, for any
    values (a generic plan), for statements written so (the worklist's: their LIMITs
    in the text). By default psycopg prepares at the fifth run and PostgreSQL plans
    five more before it keeps a plan: under a shift's load, spread over the pool's
    connections, 56 of 82 worklist pages were planned (3.4 ms each, more than
    running them)."""
    url = normalize_database_url(database_url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    pool = _WORKLIST_POOL if planned_once else _REQUESTS_POOL
    connect_args: dict[str, Any] = {}
    if pool.prepare_threshold is not None:
        connect_args["prepare_threshold"] = pool.prepare_threshold
    if "application_name" not in make_url(url).query:
        # Which pool a backend serves, for pg_stat_activity (the URL's own name wins).
        connect_args["application_name"] = pool.application_name
    # Each pool keeps as many connections as requests a process runs at once, opened
    # as the load needs them; the 4 beyond (sessions still closing, deps.py) are closed
    # after use. A smaller pool made a new backend per request at a peak, its
    # statements prepared and planned again: it doubled the CPU a registration cost
    # and halved the worklist's claims. Last in, first out: the few connections a
    # moderate load needs are the ones used, their statements prepared and planned;
    # first-in-first-out rotated through all of them (2.3 times the plans made).
    engine = create_engine(url, pool_size=REQUEST_THREADS, max_overflow=4,
                           pool_use_lifo=True, connect_args=connect_args)
    event.listen(engine, "connect", _session_set_up(*pool.set_up))
    event.listen(engine, "checkin", _note_return)
    event.listen(engine, "checkout", _ping_if_idle(engine.dialect))
    return engine


# A connection back from a request less than this ago is alive: the server answered it.
IDLE_BEFORE_PING_S = 5.0


def _note_return(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
    record.info["returned_at"] = time.monotonic()


def _ping_if_idle(dialect: Dialect) -> Callable[[Any, ConnectionPoolEntry,
                                                  PoolProxiedConnection], None]:
    """SQLAlchemy's pre-ping, but only for connections idle a while.

    A database restarted while the pool was quiet is found at checkout, and the
    pool reconnects instead of failing a request. Under load every checkout
    found a connection used milliseconds before, and pinging it anyway cost a
    round trip and ~0.15 ms of CPU per request.
    """

    def ping(dbapi_connection: Any, record: ConnectionPoolEntry,
             _proxy: PoolProxiedConnection) -> None:
        returned = record.info.get("returned_at")
        if returned is None or time.monotonic() - returned < IDLE_BEFORE_PING_S:
            return
        try:
            alive = dialect.do_ping(dbapi_connection)
        except Exception as exc:
            raise DisconnectionError("the database closed this connection") from exc
        if not alive:
            raise DisconnectionError("the database closed this connection")

    return ping


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
