"""The board's push channel: what a transaction publishes reaches every API process.

On PostgreSQL a publish is a `pg_notify` inside the writer's own transaction, so it
goes out when (and only if) the transaction commits, and every API process, on
this host or another, hears it on its one LISTEN connection: no broker to run.
On SQLite (one process) the messages wait in the session until its commit and are
handed to this process's subscribers then.

Each process keeps its subscribers (open SSE streams) in a Hub; a message is made
into its SSE text once per process, whatever the number of streams.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

CHANNEL = "kc1551_board"
# PostgreSQL refuses a NOTIFY payload from 8000 bytes on.
MAX_PAYLOAD = 7900
# Messages a slow stream may fall behind by before it is ended (its client then
# reconnects and catches up from a fresh snapshot).
QUEUE_LIMIT = 2000
_PENDING_KEY = "board_pending"

BOARD = "board"  # every lead's board
DESKS = "desks"  # every desktop
DESK = "desk"  # one user's desktops


def sse(event_name: str, data: dict[str, Any]) -> str:
    return f"event: {event_name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@dataclass(eq=False)
class Subscriber:
    audience: str  # BOARD or DESK
    user_id: int | None = None
    queue: asyncio.Queue[str | None] = field(
        default_factory=lambda: asyncio.Queue(QUEUE_LIMIT))

    def wants(self, to: str, user_id: int | None) -> bool:
        if self.audience == BOARD:
            return to == BOARD
        return to == DESKS or (to == DESK and user_id == self.user_id)


class Hub:
    """This process's open streams; deliver() runs on the event loop."""

    def __init__(self) -> None:
        self._subscribers: set[Subscriber] = set()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.closed = False
        self.delivered = 0

    def subscribe(self, audience: str, user_id: int | None = None) -> Subscriber:
        subscriber = Subscriber(audience, user_id)
        self._subscribers.add(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.discard(subscriber)

    @property
    def subscribers(self) -> int:
        return len(self._subscribers)

    def deliver(self, envelope: dict[str, Any]) -> None:
        to, user_id = envelope["to"], envelope.get("user_id")
        chunk: str | None = None
        for subscriber in list(self._subscribers):
            if not subscriber.wants(to, user_id):
                continue
            chunk = chunk or sse(envelope["event"], envelope["data"])
            try:
                subscriber.queue.put_nowait(chunk)
            except asyncio.QueueFull:
                self._drop(subscriber)
        self.delivered += 1

    def deliver_threadsafe(self, envelope: dict[str, Any]) -> None:
        if self.loop is None or self.loop.is_closed():
            return
        self.loop.call_soon_threadsafe(self.deliver, envelope)

    def resync_all(self) -> None:
        """Messages may have been missed (the LISTEN connection was lost): every
        stream is told to fetch a fresh snapshot."""
        self.deliver({"to": BOARD, "event": "resync", "data": {}})
        self.deliver({"to": DESKS, "event": "resync", "data": {}})

    def close_all(self) -> None:
        """The server is stopping: every stream ends, so its connection can close."""
        self.closed = True
        for subscriber in list(self._subscribers):
            self._drop(subscriber)

    def _drop(self, subscriber: Subscriber) -> None:
        self._subscribers.discard(subscriber)
        while True:  # make room for the end mark
            try:
                subscriber.queue.get_nowait()
            except asyncio.QueueEmpty:
                break
        subscriber.queue.put_nowait(None)


def envelope(to: str, event_name: str, data: dict[str, Any],
             user_id: int | None = None) -> dict[str, Any]:
    return {"to": to, "event": event_name, "data": data, "user_id": user_id}


def publish(session: Session, to: str, event_name: str, data: dict[str, Any],
            user_id: int | None = None) -> None:
    """Send when the session's transaction commits (never if it rolls back)."""
    message = envelope(to, event_name, data, user_id)
    if session.get_bind().dialect.name != "postgresql":
        session.info.setdefault(_PENDING_KEY, []).append(message)
        return
    payload = json.dumps(message, ensure_ascii=False, separators=(",", ":"))
    if len(payload.encode()) > MAX_PAYLOAD:
        # Too big for NOTIFY: the audience fetches the snapshot instead.
        payload = json.dumps(envelope(to, "resync", {}, user_id))
    session.execute(text("SELECT pg_notify(:channel, :payload)"),
                    {"channel": CHANNEL, "payload": payload})


def install_local_delivery(factory: sessionmaker[Session], hub: Hub) -> None:
    """SQLite: hand a session's messages to this process's hub once it commits."""

    def after_commit(session: Session) -> None:
        for message in session.info.pop(_PENDING_KEY, []):
            hub.deliver_threadsafe(message)

    def after_rollback(session: Session) -> None:
        session.info.pop(_PENDING_KEY, None)

    event.listen(factory, "after_commit", after_commit)
    event.listen(factory, "after_soft_rollback", lambda s, _t: after_rollback(s))


class Listener:
    """PostgreSQL: this process's LISTEN connection, feeding the hub on the loop."""

    def __init__(self, conninfo: str, hub: Hub) -> None:
        self.conninfo = conninfo
        self.hub = hub
        self.connected = asyncio.Event()

    async def run(self) -> None:
        import psycopg

        delay = 0.5
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                        self.conninfo, autocommit=True) as connection:
                    await connection.execute(f"LISTEN {CHANNEL}")
                    if self.connected.is_set():  # a reconnect: something may be lost
                        self.hub.resync_all()
                    self.connected.set()
                    delay = 0.5
                    async for notify in connection.notifies():
                        self.hub.deliver(json.loads(notify.payload))
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("board LISTEN connection lost; reconnecting", exc_info=True)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10.0)


class Leadership:
    """Which process runs the board's periodic sweep (heartbeat expiry, surges).

    PostgreSQL: the one holding an advisory lock on its own connection, so the
    sweep runs once per database, not once per worker, and moves to another process
    when this one dies (its connection, and with it the lock, goes away). Blocking:
    called from the sweep's thread.
    """

    LOCK_KEY = 15511001

    def __init__(self, conninfo: str | None) -> None:
        self.conninfo = conninfo  # None: SQLite, one process, always the leader
        self._connection: Any = None
        self._leader = False

    def is_leader(self) -> bool:
        if self.conninfo is None:
            return True
        import psycopg

        try:
            if self._connection is None:
                self._connection = psycopg.connect(self.conninfo, autocommit=True)
                self._leader = False
            if self._leader:
                self._connection.execute("SELECT 1")  # the lock lives with the connection
                return True
            row = self._connection.execute("SELECT pg_try_advisory_lock(%s)",
                                           (self.LOCK_KEY,)).fetchone()
            self._leader = bool(row and row[0])
        except psycopg.Error:
            log.warning("board leadership connection lost", exc_info=True)
            self.close()
        return self._leader

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.close()
            self._connection = None
        self._leader = False


def watch_server_exit(hub: Hub, should_exit: Callable[[], bool]) -> asyncio.Task[None]:
    """End every stream as soon as uvicorn is told to stop: it waits for open
    responses to finish before it shuts down, and a stream never would."""

    async def watch() -> None:
        while not should_exit():
            await asyncio.sleep(0.2)
        hub.close_all()

    return asyncio.get_running_loop().create_task(watch())


@contextlib.asynccontextmanager
async def cancelling(task: asyncio.Task[Any]) -> Any:
    try:
        yield task
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
