"""Request dependencies: one session (one transaction) per request, and who is asking."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session

from server_api.auth.service import Actor, actor_for_api_key, actor_for_token
from server_api.errors import ApiError, forbidden, not_authenticated
from server_api.models import Role
from server_api.settings import Settings


def get_session(request: Request) -> Iterator[Session]:
    """Routers commit what they mean to keep; anything else is rolled back here."""
    session: Session = request.app.state.session_factory()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_actor(
    session: SessionDep,
    authorization: Annotated[str | None, Header()] = None,
    x_api_key: Annotated[str | None, Header()] = None,
) -> Actor:
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise not_authenticated()
        actor = actor_for_token(session, token.strip())
        if actor is None:
            raise ApiError(401, "not_authenticated", "Сеанс завершився: увійдіть знову")
        return actor
    if x_api_key:
        actor = actor_for_api_key(session, x_api_key.strip())
        if actor is None:
            raise ApiError(401, "not_authenticated", "Невідомий або вимкнений API-ключ")
        return actor
    raise not_authenticated()


ActorDep = Annotated[Actor, Depends(get_actor)]

STAFF = (Role.OPERATOR, Role.FEEDBACK, Role.SHIFT_LEAD, Role.ADMIN)
LEADS = (Role.SHIFT_LEAD, Role.ADMIN)


def require(*roles: Role, api_key: bool = False) -> Callable[[Actor], Actor]:
    """A dependency that lets through users with one of roles (and API keys if asked)."""
    allowed = {r.value for r in roles}

    def check(actor: ActorDep) -> Actor:
        if actor.is_user and actor.role in allowed:
            return actor
        if not actor.is_user and api_key:
            return actor
        raise forbidden()

    return check
