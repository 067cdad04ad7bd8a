"""Call records: the desktop's CallSummary, stored whole (hold segments as JSON)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kc1551_common.phones import try_normalize_phone
from server_api.auth.service import Actor
from server_api.errors import ApiError
from server_api.models import Appeal, Call, Consultation

# time.time() values; anything past year 5000 is garbage that datetime cannot hold.
_LATEST_TIMESTAMP = 95_000_000_000


class HoldSegmentIn(BaseModel):
    start: float
    end: float
    ms: int = Field(ge=0)


class CallCreate(BaseModel):
    """`CallSummary.to_json()` of operator_app.telephony.models, plus links."""

    call_id: str = Field(min_length=1, max_length=100)
    sip_call_id: str = Field(min_length=1, max_length=200)
    direction: Literal["in", "out"]
    remote_number: str | None = Field(default=None, max_length=40)
    local_user: str = Field(max_length=100)
    started_at: float = Field(gt=0, le=_LATEST_TIMESTAMP)
    answered_at: float | None = Field(default=None, gt=0, le=_LATEST_TIMESTAMP)
    ended_at: float = Field(gt=0, le=_LATEST_TIMESTAMP)
    ring_ms: int = Field(ge=0)
    connect_ms: int | None = None
    early_ms: int | None = None
    hold_segments: list[HoldSegmentIn] = Field(default_factory=list, max_length=500)
    hold_ms: int = Field(ge=0)
    talk_ms: int = Field(ge=0)
    disposition: Literal["answered", "missed", "rejected", "transferred", "failed"]
    mos: float | None = None
    jitter_ms: float | None = None
    loss_pct: float | None = None
    rtt_ms: float | None = None
    end_code: int = 0
    end_reason: str = Field(default="", max_length=200)
    appeal_id: int | None = None
    consultation_id: int | None = None


def _when(timestamp: float | None) -> datetime | None:
    return None if timestamp is None else datetime.fromtimestamp(timestamp, UTC)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def call_dict(call: Call) -> dict[str, Any]:
    return {
        "id": call.id, "call_id": call.call_id, "sip_call_id": call.sip_call_id,
        "direction": call.direction, "remote_number": call.remote_number,
        "local_user": call.local_user, "started_at": _iso(call.started_at),
        "answered_at": _iso(call.answered_at), "ended_at": _iso(call.ended_at),
        "ring_ms": call.ring_ms, "connect_ms": call.connect_ms, "early_ms": call.early_ms,
        "hold_segments": call.hold_segments, "hold_ms": call.hold_ms, "talk_ms": call.talk_ms,
        "disposition": call.disposition, "mos": call.mos, "jitter_ms": call.jitter_ms,
        "loss_pct": call.loss_pct, "rtt_ms": call.rtt_ms, "end_code": call.end_code,
        "end_reason": call.end_reason, "appeal_id": call.appeal_id,
        "consultation_id": call.consultation_id,
        "created_at": call.created_at.isoformat(),
    }


def record_call(session: Session, data: CallCreate, actor: Actor) -> Call:
    if data.ended_at < data.started_at:
        raise ApiError(422, "validation_error", "Кінець дзвінка раніше за початок", "ended_at")
    if data.appeal_id is not None and session.get(Appeal, data.appeal_id) is None:
        raise ApiError(422, "not_found", "Звернення не знайдено", "appeal_id")
    if data.consultation_id is not None and session.get(Consultation, data.consultation_id) is None:
        raise ApiError(422, "not_found", "Консультацію не знайдено", "consultation_id")
    started = datetime.fromtimestamp(data.started_at, UTC)
    ended = datetime.fromtimestamp(data.ended_at, UTC)
    call = Call(
        call_id=data.call_id, sip_call_id=data.sip_call_id, direction=data.direction,
        # A withheld or foreign caller id is kept as None rather than refused.
        remote_number=try_normalize_phone(data.remote_number), local_user=data.local_user,
        started_at=started, answered_at=_when(data.answered_at), ended_at=ended,
        ring_ms=data.ring_ms, connect_ms=data.connect_ms, early_ms=data.early_ms,
        hold_segments=[s.model_dump() for s in data.hold_segments], hold_ms=data.hold_ms,
        talk_ms=data.talk_ms, disposition=data.disposition, mos=data.mos,
        jitter_ms=data.jitter_ms, loss_pct=data.loss_pct, rtt_ms=data.rtt_ms,
        end_code=data.end_code, end_reason=data.end_reason, appeal_id=data.appeal_id,
        consultation_id=data.consultation_id, operator_id=actor.user_id,
    )
    session.add(call)
    session.flush()
    return call
