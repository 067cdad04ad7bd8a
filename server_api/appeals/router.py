from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import JSONResponse

from server_api import audit
from server_api.appeals import service
from server_api.appeals.registration import create_appeal
from server_api.appeals.schemas import (
    AppealCreate,
    StatusName,
    TransitionRequest,
    VerificationRequest,
)
from server_api.auth.service import Actor
from server_api.db import utcnow
from server_api.deps import LEADS, STAFF, SessionDep, require
from server_api.idempotency import run_idempotent
from server_api.models import Role

router = APIRouter(prefix="/appeals", tags=["appeals"])
Reader = Annotated[Actor, Depends(require(*STAFF))]
Registrar = Annotated[Actor, Depends(require(Role.OPERATOR, *LEADS, api_key=True))]
Worker = Annotated[Actor, Depends(require(Role.FEEDBACK, *LEADS))]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key")]
_API_KEY_CHANNELS = {"web", "app", "gov"}


@router.get("/preview")
def preview(session: SessionDep, _actor: Reader, problem_code: str,
            building_id: int | None = None) -> dict[str, object]:
    return service.preview(session, problem_code, building_id)


@router.post("", status_code=201)
def create(session: SessionDep, actor: Registrar, data: AppealCreate,
           idempotency_key: IdempotencyKey = None) -> JSONResponse:
    # Channels (API keys) cannot claim to be the phone line.
    channel = None if actor.is_user or data.channel in _API_KEY_CHANNELS else "web"

    def produce() -> tuple[int, dict[str, object]]:
        result = create_appeal(session, data, actor, channel)
        return (201 if result.created else 200), result.body

    return run_idempotent(session, idempotency_key, "POST /appeals",
                          data, produce)


@router.get("")
def list_appeals(
    session: SessionDep, _actor: Reader,
    status: StatusName | None = None, phone: str | None = None, building_id: int | None = None,
    problem_code: str | None = None, district: str | None = None,
    executor_id: int | None = None, overdue: bool | None = None,
    page: Annotated[int, Query(ge=1)] = 1, page_size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, object]:
    flt = service.AppealFilter(status=status, phone=phone, building_id=building_id,
                               problem_code=problem_code, district=district,
                               executor_id=executor_id, overdue=overdue)
    return service.list_appeals(session, flt, page, page_size)


@router.get("/{ref}")
def read(session: SessionDep, actor: Reader, ref: str) -> dict[str, object]:
    appeal = service.get_appeal(session, ref)
    body = service.appeal_full(session, appeal, utcnow())
    audit.record(session, actor, "appeal_read", "appeal", appeal.id)
    session.commit()
    return body


@router.post("/{appeal_id}/transition")
def transition(session: SessionDep, actor: Worker, appeal_id: int,
               data: TransitionRequest) -> dict[str, object]:
    appeal = service.get_appeal(session, appeal_id)
    service.transition(session, appeal, data.to, actor, data.comment)
    body = service.appeal_full(session, appeal)
    session.commit()
    return body


@router.post("/{appeal_id}/verifications")
def verify(session: SessionDep, actor: Worker, appeal_id: int,
           data: VerificationRequest) -> dict[str, object]:
    appeal = service.get_appeal(session, appeal_id)
    record = service.verify(session, appeal, data.outcome, actor, data.comment, data.sip_call_id)
    body: dict[str, object] = {"appeal": service.appeal_full(session, appeal),
            "round": service.round_dict(session, record)}
    session.commit()
    return body
