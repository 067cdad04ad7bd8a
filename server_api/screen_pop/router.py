from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from server_api.auth.service import Actor
from server_api.deps import STAFF, SessionDep, require
from server_api.screen_pop.service import screen_pop

router = APIRouter(tags=["screen pop"])


# The body is plain JSON types already: answered as is, not validated and
# re-serialised against a response model on the hot path.
@router.get("/screen-pop", response_class=JSONResponse)
def pop(session: SessionDep, actor: Annotated[Actor, Depends(require(*STAFF))],
        phone: str) -> JSONResponse:
    body = screen_pop(session, phone, actor)
    session.commit()
    return JSONResponse(body)
