"""Request dependencies: one session (one transaction) per request, and who is asking.

These run on the event loop and do no I/O there: FastAPI would otherwise hand
each sync dependency to the thread pool, and those hand-offs cost more than the
work. The sync endpoint itself still runs in the pool, with its blocking
database calls; the rare I/O here (a credential not seen for a while, a rollback)
is sent to the pool too.
"""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from datetime import datetime
from typing import Annotated, Any

import anyio
from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from server_api.auth.service import Actor, actor_for_api_key, actor_for_token, secret_hash
from server_api.db import utcnow
from server_api.errors import ApiError, forbidden, not_authenticated
from server_api.models import Role
from server_api.settings import Settings


class ActorCache:
    """Who a bearer token or API key belongs to, remembered by each API process.

    Every request needs it and it seldom changes, so it is looked up at most
    once per ttl_s (and never past the token's own expiry): a token or key
    disabled in the database stops working within ttl_s. Keyed by the secret's
    hash, as the database keeps it.
    """

    def __init__(self, ttl_s: float = 30.0, max_entries: int = 10_000) -> None:
        self.ttl_s = ttl_s
        self.max_entries = max_entries
        self._entries: dict[str, tuple[Actor, float]] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Actor | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        actor, valid_until = entry
        if time.monotonic() >= valid_until:
            return None
        return actor

    def put(self, key: str, actor: Actor, now: datetime) -> None:
        lifetime = self.ttl_s
        if actor.expires_at is not None:
            lifetime = min(lifetime, (actor.expires_at - now).total_seconds())
        with self._lock:
            if len(self._entries) >= self.max_entries:
                self._entries.clear()  # rare: a fresh start costs one lookup per client
            self._entries[key] = (actor, time.monotonic() + lifetime)


_CLOSING = anyio.CapacityLimiter(4)


def _session_dependency(factory_name: str) -> Callable[[Request], AsyncIterator[Session]]:
    """A request's session from the app's `factory_name` (app.state). Routers commit
    what they mean to keep; anything else is rolled back when the request ends."""

    async def session_of(request: Request) -> AsyncIterator[Session]:
        session: Session = getattr(request.app.state, factory_name)()
        try:
            yield session
        finally:
            await _closed(session)

    return session_of


get_session = _session_dependency("session_factory")
# The worklist's statements on their own pool (server_api/app.py).
get_worklist_session = _session_dependency("worklist_session_factory")


async def _closed(session: Session) -> None:
    if session.in_transaction():
        # A rollback: a round trip, on threads of its own. In the request pool it
        # would queue behind requests waiting for a pooled connection, the very
        # one this close gives back: under a peak every thread waited 30 s.
        await anyio.to_thread.run_sync(session.close, limiter=_CLOSING)
    else:
        session.close()  # holds no connection: nothing to send


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SessionDep = Annotated[Session, Depends(get_session)]
WorklistSessionDep = Annotated[Session, Depends(get_worklist_session)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


async def _remembered(cache: ActorCache, kind: str, secret: str,
                      lookup: Callable[[], Actor | None]) -> Actor | None:
    key = f"{kind}:{secret_hash(secret)}"
    actor = cache.get(key)
    if actor is None:
        actor = await run_in_threadpool(lookup)
        if actor is not None:
            cache.put(key, actor, utcnow())
    return actor


def _released(session: Session, actor: Actor | None) -> Actor | None:
    """The lookup's read-only transaction ended, its connection back in the pool: the
    request may wait a while for a thread of its own, and holding a connection
    meanwhile starved the threads that had one to run (a peak stalled every worker)."""
    session.rollback()
    return actor


async def _identify(request: Request, session: Session, authorization: str | None,
                    x_api_key: str | None) -> Actor:
    cache: ActorCache = request.app.state.actors
    if authorization:
        scheme, _, token = authorization.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise not_authenticated()
        actor = await _remembered(cache, "token", token,
                                  lambda: _released(session, actor_for_token(session, token)))
        if actor is None:
            raise ApiError(401, "not_authenticated", "Сеанс завершився: увійдіть знову")
        return actor
    if x_api_key:
        key = x_api_key.strip()
        actor = await _remembered(cache, "apikey", key,
                                  lambda: _released(session, actor_for_api_key(session, key)))
        if actor is None:
            raise ApiError(401, "not_authenticated", "Невідомий або вимкнений API-ключ")
        return actor
    raise not_authenticated()


STAFF = (Role.OPERATOR, Role.FEEDBACK, Role.SHIFT_LEAD, Role.ADMIN)
LEADS = (Role.SHIFT_LEAD, Role.ADMIN)


def require(*roles: Role, api_key: bool = False) -> Callable[..., Coroutine[Any, Any, Actor]]:
    """A dependency: who is asking (bearer token or API key), let through if a user has
    one of roles (or it is an API key and api_key is set). One dependency, not a chain:
    FastAPI's cost grows with every dependency it solves per request."""
    allowed = {r.value for r in roles}

    async def check(
        request: Request,
        session: SessionDep,
        authorization: Annotated[str | None, Header()] = None,
        x_api_key: Annotated[str | None, Header()] = None,
    ) -> Actor:
        actor = await _identify(request, session, authorization, x_api_key)
        if actor.is_user and actor.role in allowed:
            return actor
        if not actor.is_user and api_key:
            return actor
        raise forbidden()

    return check
