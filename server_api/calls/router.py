from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header
from fastapi.responses import JSONResponse

from server_api.auth.service import Actor
from server_api.calls import service
from server_api.deps import STAFF, SessionDep, require
from server_api.idempotency import run_idempotent

router = APIRouter(tags=["calls"])


@router.post("/calls", status_code=201)
def create(session: SessionDep, actor: Annotated[Actor, Depends(require(*STAFF))],
           data: service.CallCreate,
           idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
           ) -> JSONResponse:
    def produce() -> tuple[int, dict[str, object]]:
        return 201, service.call_dict(session, service.record_call(session, data, actor))

    return run_idempotent(session, idempotency_key, "POST /calls",
                          data, produce)
