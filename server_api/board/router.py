"""The live board's endpoints: /desk for every desktop, /board for shift leads (API.md)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, Request
from fastapi.responses import JSONResponse, StreamingResponse
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from server_api.auth.service import Actor
from server_api.board import figures, monitoring, service
from server_api.board.push import (
    BOARD,
    DESK,
    Hub,
    Leadership,
    Listener,
    Subscriber,
    install_local_delivery,
    sse,
    watch_server_exit,
)
from server_api.db import session_scope, utcnow
from server_api.deps import LEADS, STAFF, SessionDep, SettingsDep, require
from server_api.errors import ApiError
from server_api.settings import Settings

log = logging.getLogger(__name__)
PING_S = 15.0
SYSTEM = Actor(label="system:board", role=None)

desk_router = APIRouter(prefix="/desk", tags=["board"])
board_router = APIRouter(prefix="/board", tags=["board"])


class BoardRuntime:
    """One API process's part of the board: its hub, its LISTEN connection
    (PostgreSQL), and the periodic sweep when this process leads."""

    def __init__(self, engine: Engine, factory: sessionmaker[Session], settings: Settings) -> None:
        self.factory = factory
        self.settings = settings
        self.hub = Hub()
        self.memory = service.SweepMemory()
        postgres = engine.dialect.name == "postgresql"
        self.conninfo = (engine.url.set(drivername="postgresql")
                         .render_as_string(hide_password=False) if postgres else None)
        self.leadership = Leadership(self.conninfo)
        self.listener = Listener(self.conninfo, self.hub) if self.conninfo else None
        if not postgres:
            install_local_delivery(factory, self.hub)

    def snapshot(self) -> dict[str, Any]:
        now = utcnow()
        with session_scope(self.factory) as session:
            return figures.snapshot(session, self.settings, now,
                                    service.active_outages(session, now),
                                    service.sent_messages(session, self.settings, now),
                                    os.getpid())

    def desk(self, actor: Actor) -> dict[str, Any]:
        with session_scope(self.factory) as session:
            return service.desk_view(session, actor, utcnow())

    def sweep_once(self) -> dict[str, int] | None:
        if not self.leadership.is_leader():
            return None
        with session_scope(self.factory) as session:
            return service.sweep(session, self.settings, utcnow(), self.memory, SYSTEM)

    async def _sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(self.settings.board_sweep_interval_s)
            try:
                await run_in_threadpool(self.sweep_once)
            except Exception:
                log.exception("board sweep failed")

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        self.hub.loop = asyncio.get_running_loop()
        self.hub.closed = False  # the same app served again after a stop (a restart)
        tasks: list[asyncio.Task[None]] = []
        if self.listener is not None:
            tasks.append(asyncio.create_task(self.listener.run()))
            try:
                await asyncio.wait_for(self.listener.connected.wait(), 10)
            except TimeoutError:
                log.error("board: no LISTEN connection yet; pushes wait for it")
        tasks.append(asyncio.create_task(self._sweep_forever()))
        # uvicorn's signal handler is its server's bound method: watch that server.
        server = getattr(signal.getsignal(signal.SIGTERM), "__self__", None)
        if server is not None and hasattr(server, "should_exit"):
            tasks.append(watch_server_exit(self.hub, lambda: bool(server.should_exit)))
        try:
            yield
        finally:
            self.hub.close_all()
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
            await run_in_threadpool(self.leadership.close)


def install(app: FastAPI) -> BoardRuntime:
    runtime = BoardRuntime(app.state.engine, app.state.session_factory, app.state.settings)
    app.state.board = runtime
    return runtime


def _runtime(request: Request) -> BoardRuntime:
    runtime: BoardRuntime = request.app.state.board
    return runtime


async def _stream_actor(request: Request, roles: tuple[Any, ...], authorization: str | None,
                        x_api_key: str | None) -> Actor:
    """Who opens a stream, with a session closed at once: a stream lasts for hours,
    and the request's own session would keep its connection from the pool."""
    session: Session = request.app.state.session_factory()
    try:
        return await require(*roles)(request, session, authorization, x_api_key)
    finally:
        await run_in_threadpool(session.close)


async def _events(hub: Hub, subscriber: Subscriber, first: str) -> AsyncIterator[str]:
    try:
        yield first
        while True:
            try:
                chunk = await asyncio.wait_for(subscriber.queue.get(), PING_S)
            except TimeoutError:
                yield ": ping\n\n"
                continue
            if chunk is None:  # the server stops, or this stream fell too far behind
                return
            yield chunk
    finally:
        hub.unsubscribe(subscriber)


async def _open_stream(request: Request, audience: str, actor: Actor) -> StreamingResponse:
    runtime = _runtime(request)
    if runtime.hub.closed:
        raise ApiError(503, "shutting_down", "Сервер зупиняється; під'єднайтеся знову")
    if runtime.hub.loop is None:
        runtime.hub.loop = asyncio.get_running_loop()
    # Subscribed before the snapshot is read: nothing in between is lost.
    subscriber = runtime.hub.subscribe(audience, actor.user_id)
    try:
        if audience == BOARD:
            first = sse("snapshot", await run_in_threadpool(runtime.snapshot))
        else:
            first = sse("desk", await run_in_threadpool(runtime.desk, actor))
    except BaseException:
        runtime.hub.unsubscribe(subscriber)
        raise
    return StreamingResponse(_events(runtime.hub, subscriber, first),
                             media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


# --- desktops ----------------------------------------------------------------------------

StaffDep = Annotated[Actor, Depends(require(*STAFF))]
LeadDep = Annotated[Actor, Depends(require(*LEADS))]


@desk_router.post("/events", status_code=201)
def post_event(session: SessionDep, settings: SettingsDep, actor: StaffDep,
               data: service.CallEventIn) -> JSONResponse:
    status, body = service.record_event(session, settings, actor, data, utcnow())
    session.commit()
    return JSONResponse(status_code=status, content=body)


@desk_router.post("/heartbeat")
def post_heartbeat(session: SessionDep, settings: SettingsDep,
                   actor: StaffDep) -> dict[str, Any]:
    body = service.heartbeat(session, settings, actor, utcnow())
    session.commit()
    return body


@desk_router.get("")
def get_desk(session: SessionDep, actor: StaffDep) -> dict[str, Any]:
    return service.desk_view(session, actor, utcnow())


@desk_router.get("/stream")
async def desk_stream(request: Request, authorization: Annotated[str | None, Header()] = None,
                      x_api_key: Annotated[str | None, Header()] = None) -> StreamingResponse:
    actor = await _stream_actor(request, STAFF, authorization, x_api_key)
    return await _open_stream(request, DESK, actor)


@desk_router.post("/monitor-key")
def post_monitor_key(session: SessionDep, settings: SettingsDep, actor: StaffDep,
                     data: monitoring.MonitorKeyIn) -> dict[str, Any]:
    body = monitoring.desk_key(session, settings, actor, data)
    session.commit()
    return body


@desk_router.post("/messages/{message_id}/read")
def read_message(session: SessionDep, actor: StaffDep, message_id: int) -> dict[str, Any]:
    body = service.mark_read(session, actor, message_id, utcnow())
    session.commit()
    return body


# --- leads -------------------------------------------------------------------------------

@board_router.get("", response_model=dict[str, Any])
def get_board(request: Request, _actor: LeadDep) -> JSONResponse:
    # Plain JSON already (the stream sends the same dict): FastAPI's encoder walking
    # 300 rows took longer than reading them.
    return JSONResponse(_runtime(request).snapshot())


@board_router.get("/stream")
async def board_stream(request: Request, authorization: Annotated[str | None, Header()] = None,
                       x_api_key: Annotated[str | None, Header()] = None) -> StreamingResponse:
    actor = await _stream_actor(request, LEADS, authorization, x_api_key)
    return await _open_stream(request, BOARD, actor)


@board_router.post("/agents/{username}/force", status_code=202)
def force_state(session: SessionDep, settings: SettingsDep, actor: LeadDep, username: str,
                data: service.ForceIn) -> dict[str, Any]:
    body = service.force(session, settings, actor, username, data, utcnow())
    session.commit()
    return body


@board_router.post("/agents/{username}/monitor", status_code=201)
def monitor_agent(session: SessionDep, settings: SettingsDep, actor: LeadDep, username: str,
                  data: monitoring.MonitorIn) -> dict[str, Any]:
    body = monitoring.issue(session, settings, actor, username, data, utcnow())
    session.commit()
    return body


@board_router.delete("/agents/{username}/force")
def cancel_forced_state(session: SessionDep, settings: SettingsDep, actor: LeadDep,
                        username: str) -> dict[str, Any]:
    body = service.cancel_force(session, settings, actor, username, utcnow())
    session.commit()
    return body


@board_router.post("/messages", status_code=201)
def post_message(session: SessionDep, settings: SettingsDep, actor: LeadDep,
                 data: service.MessageIn) -> dict[str, Any]:
    body = service.send_message(session, settings, actor, data, utcnow())
    session.commit()
    return body


@board_router.get("/messages")
def list_messages(session: SessionDep, settings: SettingsDep,
                  _actor: LeadDep) -> list[dict[str, Any]]:
    return service.sent_messages(session, settings, utcnow())


@board_router.post("/outages", status_code=201)
def post_outage(session: SessionDep, actor: LeadDep,
                data: service.BoardOutageIn) -> dict[str, Any]:
    body = service.publish_outage(session, actor, data, utcnow())
    session.commit()
    return body
