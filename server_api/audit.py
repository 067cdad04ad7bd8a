"""Audit log rows: who read whose history, who changed what (no clear personal data)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from server_api.auth.service import Actor
from server_api.db import table_of, utcnow
from server_api.models import AuditEntry

_INSERT = insert(table_of(AuditEntry))


def record(session: Session, actor: Actor, action: str, entity: str,
           entity_id: object = None, **detail: Any) -> None:
    # On the session's connection, as Core: no ORM object to track, and no flush of
    # pending objects first (an audit row references nothing).
    session.connection().execute(_INSERT, {
        "at": utcnow(), "actor": actor.label, "action": action, "entity": entity,
        "entity_id": None if entity_id is None else str(entity_id), "detail": detail})
