"""Call records: the desktop's CallSummary, stored whole (hold segments as JSON)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kc1551_common.call_summary import CallReport
from kc1551_common.phones import try_normalize_phone
from server_api.auth.service import Actor
from server_api.errors import ApiError
from server_api.models import Appeal, Call, CallLink, Consultation, VerificationRound

# The request body is the shared wire shape itself (kc1551_common.call_summary),
# validated by pydantic from its annotations: no second copy to drift.
CallCreate = CallReport


_LINKED = {"appeal": (Appeal, "appeal_ids", "Звернення"),
           "consultation": (Consultation, "consultation_ids", "Консультацію"),
           "verification_round": (VerificationRound, "verification_round_ids",
                                  "Перевірку (зворотний дзвінок)")}


def _when(timestamp: float | None) -> datetime | None:
    return None if timestamp is None else datetime.fromtimestamp(timestamp, UTC)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def call_dict(session: Session, call: Call) -> dict[str, Any]:
    links: dict[str, list[int]] = {}
    for kind, record_id in session.execute(
            select(CallLink.kind, CallLink.record_id).where(CallLink.call_id == call.id)
            .order_by(CallLink.kind, CallLink.record_id)):
        links.setdefault(kind, []).append(record_id)
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
        "appeal_ids": links.get("appeal", []), "consultation_ids": links.get("consultation", []),
        "verification_round_ids": links.get("verification_round", []),
        "created_at": call.created_at.isoformat(),
    }


def record_call(session: Session, data: CallCreate, actor: Actor) -> Call:
    if data.ended_at < data.started_at:
        raise ApiError(422, "validation_error", "Кінець дзвінка раніше за початок", "ended_at")
    if data.appeal_id is not None and session.get(Appeal, data.appeal_id) is None:
        raise ApiError(422, "not_found", "Звернення не знайдено", "appeal_id")
    if data.consultation_id is not None and session.get(Consultation, data.consultation_id) is None:
        raise ApiError(422, "not_found", "Консультацію не знайдено", "consultation_id")
    links = data.links()
    for kind, ids in links.items():
        model, field, what = _LINKED[kind]
        if not ids:
            continue
        found = set(session.scalars(select(model.id).where(model.id.in_(ids))))  # type: ignore[attr-defined]
        missing = [i for i in ids if i not in found]
        if missing:
            raise ApiError(422, "not_found", f"{what} не знайдено: {missing[0]}", field)
    started = datetime.fromtimestamp(data.started_at, UTC)
    ended = datetime.fromtimestamp(data.ended_at, UTC)
    call = Call(
        call_id=data.call_id, sip_call_id=data.sip_call_id, direction=data.direction.value,
        # A withheld or foreign caller id is kept as None rather than refused.
        remote_number=try_normalize_phone(data.remote_number), local_user=data.local_user,
        started_at=started, answered_at=_when(data.answered_at), ended_at=ended,
        ring_ms=data.ring_ms, connect_ms=data.connect_ms, early_ms=data.early_ms,
        hold_segments=[asdict(segment) for segment in data.hold_segments], hold_ms=data.hold_ms,
        talk_ms=data.talk_ms, disposition=data.disposition.value, mos=data.mos,
        jitter_ms=data.jitter_ms, loss_pct=data.loss_pct, rtt_ms=data.rtt_ms,
        end_code=data.end_code, end_reason=data.end_reason, appeal_id=data.appeal_id,
        consultation_id=data.consultation_id, operator_id=actor.user_id,
    )
    session.add(call)
    session.flush()
    session.add_all(CallLink(call_id=call.id, kind=kind, record_id=record_id)
                    for kind, ids in links.items() for record_id in ids)
    session.flush()
    return call
