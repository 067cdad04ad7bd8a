from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from server_api.auth.service import Actor
from server_api.board.service import announce_outages
from server_api.deps import LEADS, STAFF, SessionDep, require
from server_api.outages import service

router = APIRouter(prefix="/outages", tags=["outages"])


@router.get("")
def list_outages(session: SessionDep, _actor: Annotated[Actor, Depends(require(*STAFF))],
                 building_id: int | None = None, district: str | None = None,
                 active: bool = True) -> list[dict[str, Any]]:
    return [service.outage_dict(o)
            for o in service.list_outages(session, building_id, district, active)]


@router.post("", status_code=201)
def create(session: SessionDep, actor: Annotated[Actor, Depends(require(*LEADS))],
           data: service.OutageCreate) -> dict[str, Any]:
    outage = service.create_outage(session, data)
    body = announce_outages(session, actor, [outage], "outage.create", service=data.service,
                            building_id=data.building_id, district=data.district,
                            ends_at=data.ends_at.isoformat())[0]
    session.commit()
    return body
