"""Audit log rows: who read whose history, who changed what (no clear personal data)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from server_api.auth.service import Actor
from server_api.models import AuditEntry


def record(session: Session, actor: Actor, action: str, entity: str,
           entity_id: object = None, **detail: Any) -> None:
    # A Core INSERT: no ORM object to track and flush for a row nobody reads back.
    session.execute(insert(AuditEntry).values(
        actor=actor.label, action=action, entity=entity,
        entity_id=None if entity_id is None else str(entity_id), detail=detail))
