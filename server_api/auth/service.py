"""Users, passwords (scrypt), bearer tokens and channel API keys.

Secrets are never stored: passwords as salted scrypt, tokens and API keys as
SHA-256 (they are long random strings, so a fast hash is enough).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from server_api.db import utcnow
from server_api.errors import ApiError
from server_api.models import ApiKey, AuthToken, Role, User

_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


@dataclass(frozen=True)
class Actor:
    """Who makes a request: a signed-in user or a channel's API key."""

    label: str  # username, or "apikey:<name>"; what history and audit show
    role: str | None  # None for API keys
    user_id: int | None = None
    api_key_id: int | None = None
    expires_at: datetime | None = None  # of the bearer token it came from

    @property
    def is_user(self) -> bool:
        return self.user_id is not None


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P)
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r),
                               p=int(p))
    return hmac.compare_digest(candidate.hex(), digest)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_user(session: Session, username: str, password: str, role: str,
                full_name: str = "") -> User:
    if role not in {r.value for r in Role}:
        raise ApiError(422, "validation_error", f"Невідома роль: {role}", "role")
    if session.scalar(select(User).where(User.username == username)) is not None:
        raise ApiError(409, "conflict", f"Користувач {username} вже існує", "username")
    user = User(username=username, full_name=full_name, role=role,
                password_hash=hash_password(password))
    session.add(user)
    session.flush()
    return user


def login(session: Session, username: str, password: str,
          lifetime: timedelta) -> tuple[str, AuthToken]:
    user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
    if user is None or not verify_password(password, user.password_hash):
        raise ApiError(401, "bad_credentials", "Невірне ім'я користувача або пароль")
    token = secrets.token_urlsafe(32)
    record = AuthToken(token_hash=secret_hash(token), user_id=user.id,
                       expires_at=utcnow() + lifetime)
    record.user = user
    session.add(record)
    session.flush()
    return token, record


# Every request runs it: built once, Core columns (no ORM objects to build).
_ACTOR_BY_TOKEN = (
    select(User.id, User.username, User.role, User.active, AuthToken.expires_at)
    .join(User, User.id == AuthToken.user_id)
    .where(AuthToken.token_hash == bindparam("token_hash")))


def actor_for_token(session: Session, token: str, now: datetime | None = None) -> Actor | None:
    row = session.connection().execute(_ACTOR_BY_TOKEN,
                                       {"token_hash": secret_hash(token)}).first()
    if row is None or row.expires_at <= (now or utcnow()) or not row.active:
        return None
    return Actor(label=row.username, role=row.role, user_id=row.id, expires_at=row.expires_at)


def create_api_key(session: Session, name: str) -> str:
    """A new key for a channel; only its hash is kept, so show it once."""
    if session.scalar(select(ApiKey).where(ApiKey.name == name)) is not None:
        raise ApiError(409, "conflict", f"API-ключ з назвою {name} вже існує", "name")
    key = "kc1551_" + secrets.token_urlsafe(32)
    session.add(ApiKey(name=name, key_hash=secret_hash(key)))
    session.flush()
    return key


def actor_for_api_key(session: Session, key: str) -> Actor | None:
    record = session.scalar(
        select(ApiKey).where(ApiKey.key_hash == secret_hash(key), ApiKey.active.is_(True))
    )
    if record is None:
        return None
    return Actor(label=f"apikey:{record.name}", role=None, api_key_id=record.id)
