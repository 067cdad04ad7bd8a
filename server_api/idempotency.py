"""Idempotency-Key for POSTs: the first answer is stored with the request and
replayed (same status, same body) for every retry; the same key with another
body is a 409. The record is written in the request's own transaction, so a
failed request leaves no key behind and can be retried.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from fastapi.responses import JSONResponse
from pydantic import TypeAdapter
from sqlalchemy import bindparam, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server_api.db import table_of, utcnow
from server_api.errors import ApiError
from server_api.models import IdempotencyRecord

MAX_KEY_LENGTH = 200


def body_hash(payload: Any) -> str:
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


_REPLAY = select(table_of(IdempotencyRecord).c.body_hash, table_of(IdempotencyRecord).c.status_code,
                 table_of(IdempotencyRecord).c.response).where(
    table_of(IdempotencyRecord).c.key == bindparam("key"),
    table_of(IdempotencyRecord).c.route == bindparam("route"))
_REMEMBER = insert(table_of(IdempotencyRecord))


def _replay(session: Session, key: str, route: str, digest: str) -> JSONResponse | None:
    record = session.connection().execute(_REPLAY, {"key": key, "route": route}).first()
    if record is None:
        return None
    if record.body_hash != digest:
        raise ApiError(409, "idempotency_conflict",
                       "Цей Idempotency-Key вже використано для іншого запиту",
                       "Idempotency-Key")
    return JSONResponse(status_code=record.status_code, content=record.response)


def run_idempotent(session: Session, key: str | None, route: str, request: Any,
                   produce: Callable[[], tuple[int, dict[str, Any]]]) -> JSONResponse:
    """Run produce() once per (key, route) and commit; replay it for retries."""
    if key is not None and len(key) > MAX_KEY_LENGTH:
        raise ApiError(422, "validation_error", "Idempotency-Key задовгий (до 200 символів)",
                       "Idempotency-Key")
    digest = body_hash(_as_json(request)) if key else ""
    if key:
        replay = _replay(session, key, route, digest)
        if replay is not None:
            return replay
    status, body = produce()
    try:
        if key:
            session.flush()
            session.connection().execute(_REMEMBER, {
                "key": key, "route": route, "body_hash": digest, "status_code": status,
                "response": body, "created_at": utcnow()})
        session.commit()
    except IntegrityError:
        # A concurrent retry with the same key won the race: answer with its record.
        session.rollback()
        replay = _replay(session, key, route, digest) if key else None
        if replay is None:
            raise
        return replay
    return JSONResponse(status_code=status, content=body)


def _as_json(request: Any) -> Any:
    """A pydantic model's or a dataclass body's (kc1551_common.call_summary) JSON form."""
    if hasattr(request, "model_dump"):
        return request.model_dump(mode="json")
    return TypeAdapter(type(request)).dump_python(request, mode="json")

