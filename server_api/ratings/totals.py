"""Running totals for the ratings: finalised appeals summed once, the rest live.

An appeal that is closed or cancelled never changes again (no transition leaves
those statuses, and its verification rounds are written in the closing
transaction). So the appeals finalised before a watermark are added once into
rating_totals per local day of receipt, district and executor, and a rating is
that table's sum over the period's days plus a live count of the period's appeals
still open or finalised since the watermark (found by the status and closed_at
indexes). The watermark trails the clock by FINALITY_LAG, longer than any request's
transaction, so an appeal closed in a transaction not yet committed is never passed
over; it moves at most every REFRESH_EVERY, by whichever request comes first.

Rows loaded into the database behind the API's back with old closing times (a bulk
import) are only counted after `rebuild(session)`.
"""

from __future__ import annotations

import logging
import threading
import typing
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Date, Table, and_, case, cast, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from server_api.models import OPEN_STATUSES, Appeal, Building, VerificationRound
from server_api.ratings.models import RatingTotal, RatingTotalsState
from server_api.worklist.queue import settings_of

log = logging.getLogger(__name__)

FINALITY_LAG = timedelta(minutes=5)
REFRESH_EVERY = timedelta(minutes=1)
FINAL_STATUSES = ("closed", "cancelled")
SUMMED = ("received", "cancelled", "closed_on_time", "closed_late", "reworks",
          "reworked_appeals", "closed_first_time", "confirmed", "execution_seconds",
          "term_seconds")
T: Table = typing.cast(Table, RatingTotal.__table__)
STATE: Table = typing.cast(Table, RatingTotalsState.__table__)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_refreshing = threading.Lock()


def _sqlite_local_date(value: str | None, zone: str) -> str | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(zone)).date().isoformat()


def _local_day(conn: Connection, zone: str) -> Any:
    if conn.dialect.name == "postgresql":
        return cast(func.timezone(zone, Appeal.created_at), Date)
    # SQLite has no time zones: Python's, registered on this very connection.
    raw = conn.connection.driver_connection
    raw.create_function("kc1551_local_date", 2, _sqlite_local_date,  # type: ignore[union-attr]
                        deterministic=True)
    return func.kc1551_local_date(Appeal.created_at, zone)


def _seconds(conn: Connection, later: Any, earlier: Any) -> Any:
    if conn.dialect.name == "postgresql":
        return func.extract("epoch", later - earlier)
    return (func.julianday(later) - func.julianday(earlier)) * 86400.0


def _add_finalised(conn: Connection, zone: str, since: datetime, until: datetime) -> int:
    """Sum the appeals finalised in [since, until) into rating_totals."""
    from server_api.ratings.service import count_if

    closed = Appeal.status == "closed"
    kept = Appeal.status != "cancelled"
    confirmed = (select(func.count()).select_from(VerificationRound)
                 .where(VerificationRound.appeal_id == Appeal.id,
                        VerificationRound.outcome == "confirmed")
                 .scalar_subquery())
    day = _local_day(conn, zone)
    executor_key = func.coalesce(Appeal.executor_id, 0)
    source = (select(
        day, Building.district, executor_key, func.count(),
        count_if(Appeal.status == "cancelled"),
        count_if(and_(closed, Appeal.closed_at <= Appeal.deadline)),
        count_if(and_(closed, Appeal.closed_at > Appeal.deadline)),
        func.sum(case((kept, Appeal.rework_count), else_=0)),
        count_if(and_(kept, Appeal.rework_count > 0)),
        count_if(and_(closed, Appeal.rework_count == 0)),
        func.sum(confirmed),
        func.sum(case((closed, _seconds(conn, Appeal.closed_at, Appeal.created_at)),
                      else_=0.0)),
        func.sum(case((closed, _seconds(conn, Appeal.deadline, Appeal.created_at)),
                      else_=0.0)),
    ).select_from(Appeal).join(Building, Building.id == Appeal.building_id)
        .where(Appeal.status.in_(FINAL_STATUSES), Appeal.closed_at >= since,
               Appeal.closed_at < until)
        .group_by(day, Building.district, executor_key))
    columns = ["day", "district", "executor_key", "received", "cancelled", "closed_on_time",
               "closed_late", "reworks", "reworked_appeals", "closed_first_time", "confirmed",
               "execution_seconds", "term_seconds"]
    statement = _insert(conn, T).from_select(columns, source)
    statement = statement.on_conflict_do_update(
        index_elements=["day", "district", "executor_key"],
        set_={name: T.c[name] + statement.excluded[name] for name in SUMMED})
    return int(conn.execute(statement).rowcount or 0)


def _insert(conn: Connection, table: Table) -> Any:
    """An INSERT that can say ON CONFLICT, in the connection's dialect."""
    return (postgresql if conn.dialect.name == "postgresql" else sqlite).insert(table)


def _zone(session: Session) -> str:
    return settings_of(session).calling_timezone


def refresh(session: Session, now: datetime) -> None:
    """Move the watermark (in a transaction of its own) when it is due; a concurrent
    refresh by another process wins and this one leaves it."""
    zone = _zone(session)
    target = now - FINALITY_LAG
    engine = session.get_bind().engine
    state = read_state(session)
    if state is not None and state.zone == zone and state.watermark > target - REFRESH_EVERY:
        return
    # One refresh at a time in this process (a second connection each); the others
    # count from the watermark as it stands, which is just as right.
    if not _refreshing.acquire(blocking=False):
        return
    try:
        move_watermark(engine, state, zone, target)
    except OperationalError as exc:  # SQLite busy with another writer: next time
        log.info("rating totals not refreshed now: %s", exc)
    finally:
        _refreshing.release()


def read_state(session: Session) -> Any:
    return session.execute(select(RatingTotalsState.watermark, RatingTotalsState.zone)
                           .where(RatingTotalsState.id == 1)).first()


def move_watermark(engine: Any, state: Any, zone: str, target: datetime) -> bool:
    """Sum what the state read misses up to target. The watermark is claimed first:
    of two refreshes that read the same state (in this process one after the other,
    or in two processes), only the one whose claim lands sums; False for the other."""
    with engine.begin() as conn:
        if not _claim(conn, state, zone, target):
            return False
        if state is None or state.zone != zone:
            _start_over(conn, zone, target)
        else:
            _add_finalised(conn, zone, state.watermark, target)
    return True


def _claim(conn: Connection, state: Any, zone: str, target: datetime) -> bool:
    """Move the watermark from the state read to target; False when another refresh
    moved it (or created it) first. The row stays locked by us until commit."""
    if state is None:
        created = _insert(conn, STATE).values(id=1, watermark=target, zone=zone)
        # RETURNING, not rowcount: psycopg reports -1 for this insert on PostgreSQL.
        created = created.on_conflict_do_nothing(index_elements=["id"]).returning(STATE.c.id)
        return conn.execute(created).first() is not None
    return conn.execute(update(RatingTotalsState).where(
        RatingTotalsState.id == 1, RatingTotalsState.watermark == state.watermark,
        RatingTotalsState.zone == state.zone)
        .values(watermark=target, zone=zone)).rowcount == 1


def _start_over(conn: Connection, zone: str, target: datetime) -> None:
    conn.execute(delete(T))
    _add_finalised(conn, zone, EPOCH, target)


def rebuild(session: Session, now: datetime) -> None:
    """Every finalised appeal summed afresh (after a bulk load)."""
    engine = session.get_bind().engine
    zone, target = _zone(session), now - FINALITY_LAG
    with engine.begin() as conn:
        state = _insert(conn, STATE).values(id=1, watermark=target, zone=zone)
        conn.execute(state.on_conflict_do_update(index_elements=["id"],
                                                 set_={"watermark": target, "zone": zone}))
        _start_over(conn, zone, target)


def live_condition(watermark: datetime) -> Any:
    """The appeals the totals do not hold: still open, or finalised since."""
    return or_(Appeal.status.in_(OPEN_STATUSES), Appeal.closed_at >= watermark)

