from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from operator_app.phones import mask_phone
from server_api import audit
from server_api.auth.service import Actor
from server_api.deps import STAFF, SessionDep, require
from server_api.screen_pop.service import screen_pop

router = APIRouter(tags=["screen pop"])


@router.get("/screen-pop")
def pop(session: SessionDep, actor: Annotated[Actor, Depends(require(*STAFF))],
        phone: str) -> dict[str, Any]:
    body = screen_pop(session, phone)
    citizen_ids = [c["id"] for c in body["citizens"]]
    audit.record(session, actor, "screen_pop", "citizen",
                 citizen_ids[0] if citizen_ids else None,
                 phone=mask_phone(body["phone"]), citizens=citizen_ids)
    session.commit()
    return body
