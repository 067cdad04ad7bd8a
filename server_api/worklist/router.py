"""Endpoints of the feedback department's worklist (server_api/API.md, "Worklist")."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from server_api.auth.service import Actor
from server_api.db import utcnow
from server_api.deps import LEADS, WorklistSessionDep, require
from server_api.models import DESCRIPTION_MAX, Role
from server_api.responses import as_sent
from server_api.worklist import service
from server_api.worklist.service import WorklistFilter

router = APIRouter(prefix="/worklist", tags=["worklist"])
Staff = Annotated[Actor, Depends(require(Role.FEEDBACK, *LEADS))]
Lead = Annotated[Actor, Depends(require(*LEADS))]
Comment = Annotated[str, Field(min_length=1, max_length=DESCRIPTION_MAX)]


class Filters(BaseModel):
    district: str | None = Field(default=None, max_length=100)
    sphere: str | None = Field(default=None, max_length=20)
    executor_id: int | None = None
    reported_from: date | None = None
    reported_to: date | None = None

    def as_filter(self) -> WorklistFilter:
        return WorklistFilter(**self.model_dump())


async def _filters(district: Annotated[str | None, Query(max_length=100)] = None,
                   sphere: Annotated[str | None, Query(max_length=20)] = None,
                   executor_id: int | None = None, reported_from: date | None = None,
                   reported_to: date | None = None) -> WorklistFilter:
    # async: no I/O, and a sync dependency would cost each page a hop through the
    # request thread pool before the endpoint's own (server_api/deps.py).
    return WorklistFilter(district, sphere, executor_id, reported_from, reported_to)


FilterDep = Annotated[WorklistFilter, Depends(_filters)]


class OutcomeRequest(BaseModel):
    outcome: Literal["confirmed", "not_solved", "no_answer", "busy", "wrong_number"]
    comment: Comment
    grade: int | None = Field(default=None, ge=1, le=5)
    sip_call_id: str | None = Field(default=None, max_length=200)


class ScheduleRequest(BaseModel):
    at: datetime
    comment: Comment


class DecisionRequest(BaseModel):
    action: Literal["retry", "rework", "close", "cancel"]
    comment: Comment


@router.get("")
def worklist(session: WorklistSessionDep, actor: Staff, flt: FilterDep,
             page: Annotated[int, Query(ge=1)] = 1,
             page_size: Annotated[int, Query(ge=1, le=200)] = 50) -> JSONResponse:
    body = service.worklist(session, actor, flt, page, page_size, utcnow())
    session.commit()
    return as_sent(body)


@router.get("/counts")
def counts(session: WorklistSessionDep, _actor: Staff, flt: FilterDep) -> JSONResponse:
    return as_sent(service.counts(session, flt, utcnow()))


@router.get("/decisions")
def decisions(session: WorklistSessionDep, actor: Lead) -> JSONResponse:
    return as_sent(service.decisions(session, actor, utcnow()))


@router.post("/next")
def claim_next(session: WorklistSessionDep, actor: Staff, data: Filters | None = None
               ) -> JSONResponse:
    flt = data.as_filter() if data is not None else WorklistFilter()
    body = service.claim_next(session, actor, flt, utcnow())
    session.commit()
    return as_sent(body)


@router.get("/{appeal_id}")
def detail(session: WorklistSessionDep, actor: Staff, appeal_id: int) -> JSONResponse:
    body = service.detail(session, appeal_id, actor, utcnow())
    session.commit()
    return as_sent(body)


@router.post("/{appeal_id}/claim")
def claim(session: WorklistSessionDep, actor: Staff, appeal_id: int) -> JSONResponse:
    body = service.claim(session, appeal_id, actor, utcnow())
    session.commit()
    return as_sent(body)


@router.post("/{appeal_id}/renew")
def renew(session: WorklistSessionDep, actor: Staff, appeal_id: int) -> JSONResponse:
    body = service.renew(session, appeal_id, actor, utcnow())
    session.commit()
    return as_sent(body)


@router.post("/{appeal_id}/release", status_code=204)
def release(session: WorklistSessionDep, actor: Staff, appeal_id: int) -> Response:
    service.release(session, appeal_id, actor, utcnow())
    session.commit()
    return Response(status_code=204)


@router.post("/{appeal_id}/outcome")
def outcome(session: WorklistSessionDep, actor: Staff, appeal_id: int,
            data: OutcomeRequest) -> JSONResponse:
    body = service.record_outcome(session, appeal_id, actor, data.outcome, data.comment,
                                  data.grade, data.sip_call_id, utcnow())
    session.commit()
    return as_sent(body)


@router.post("/{appeal_id}/schedule")
def schedule(session: WorklistSessionDep, actor: Staff, appeal_id: int,
             data: ScheduleRequest) -> JSONResponse:
    body = service.schedule(session, appeal_id, actor, data.at, data.comment, utcnow())
    session.commit()
    return as_sent(body)


@router.post("/{appeal_id}/decision")
def decide(session: WorklistSessionDep, actor: Lead, appeal_id: int,
           data: DecisionRequest) -> JSONResponse:
    body = service.decide(session, appeal_id, actor, data.action, data.comment, utcnow())
    session.commit()
    return as_sent(body)
