"""The board's writes: call events and heartbeats from the desktops, the lead's
levers (force a state, messages, outages), and the periodic sweep (heartbeat
expiry, surges). Each change publishes what it changed (server_api.board.push),
delivered when its transaction commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, Field
from sqlalchemy import Table, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from kc1551_common.phones import mask_phone, try_normalize_phone
from server_api import audit
from server_api.agents.router import set_state
from server_api.auth.service import Actor
from server_api.board import figures
from server_api.board.push import BOARD, DESK, DESKS, publish
from server_api.db import table_of
from server_api.errors import ApiError
from server_api.models import (
    AgentState,
    BoardCall,
    BoardCallEvent,
    BoardMessage,
    BoardMessageReceipt,
    BoardPresence,
    Building,
    Outage,
    Role,
    User,
)
from server_api.outages.service import OutageCreate, ServiceName, create_outage, outage_dict
from server_api.settings import Settings

EventType = Literal["ringing", "answered", "held", "resumed", "ended", "abandoned"]
# Unread messages older than this no longer come back as banners.
MESSAGE_LIFETIME = timedelta(hours=24)
OFFLINE_REASON = "Немає зв'язку з робочим місцем"


class CallEventIn(BaseModel):
    type: EventType
    sip_call_id: str = Field(min_length=1, max_length=200)
    at: AwareDatetime
    remote_number: str | None = Field(default=None, max_length=40)
    direction: Literal["in", "out"] = "in"


class ForceIn(BaseModel):
    action: Literal["not_ready", "logout"]
    reason: str | None = Field(default=None, max_length=200)


class MessageIn(BaseModel):
    to: str | None = Field(default=None, max_length=64)
    text: str = Field(max_length=4000)


class BoardOutageIn(BaseModel):
    kind: Literal["outage", "planned_works"] = "outage"
    service: ServiceName
    building_id: int | None = None
    street: str | None = Field(default=None, max_length=200)
    district: str | None = Field(default=None, max_length=100)
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime
    description: str = Field(default="", max_length=4000)
    surge_key: str | None = Field(default=None, max_length=400)


def insert_ignoring_duplicates(session: Session, table: Table, values: dict[str, Any]) -> bool:
    """INSERT … ON CONFLICT DO NOTHING on either database; True when a row went in."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    result = session.execute(insert(table).values(**values).on_conflict_do_nothing()
                             .returning(table.c[next(iter(table.primary_key.columns)).name]))
    return result.first() is not None


def presence_of(session: Session, user_id: int) -> BoardPresence:
    """This user's presence row, locked for the update (made on first use)."""
    insert_ignoring_duplicates(session, table_of(BoardPresence), {"user_id": user_id, "rev": 0})
    presence = session.scalars(select(BoardPresence).where(BoardPresence.user_id == user_id)
                               .with_for_update(of=BoardPresence)
                               .execution_options(populate_existing=True)).one()
    return presence


def _push_operators(session: Session, settings: Settings, now: datetime,
                    user_ids: set[int]) -> None:
    session.flush()
    for row in figures.operator_rows(session, settings, now, user_ids):
        publish(session, BOARD, "operator", {"operator": row})


def _push_forced(session: Session, presence: BoardPresence) -> None:
    publish(session, DESK, "forced", {"forced": figures.forced_dict(presence)},
            user_id=presence.user_id)


# --- desktops ----------------------------------------------------------------------------

def record_event(session: Session, settings: Settings, actor: Actor, data: CallEventIn,
                 now: datetime) -> tuple[int, dict[str, Any]]:
    assert actor.user_id is not None
    me = actor.user_id
    at = min(data.at, now)  # a desktop clock ahead of ours
    body = {"type": data.type, "sip_call_id": data.sip_call_id, "at": at.isoformat()}
    # Keyed by the desktop's own time: a retry carries the same one.
    if not insert_ignoring_duplicates(session, table_of(BoardCallEvent), {
            "user_id": me, "sip_call_id": data.sip_call_id, "type": data.type, "at": data.at,
            "received_at": now}):
        return 200, {**body, "duplicate": True, "applied": False}
    # Presence before the call, in the order the sweep and state reports lock them.
    presence = presence_of(session, me)
    created = False
    if data.type == "ringing":
        caller = try_normalize_phone(data.remote_number) if data.remote_number else None
        created = insert_ignoring_duplicates(session, table_of(BoardCall), {
            "sip_call_id": data.sip_call_id, "user_id": me, "direction": data.direction,
            "caller_masked": mask_phone(caller) if caller else None, "offered_at": at,
            "bucket_at": figures.bucket_of(at), "rang_at": at, "hold_ms": 0})
    call = session.scalars(select(BoardCall).where(BoardCall.sip_call_id == data.sip_call_id)
                           .with_for_update().execution_options(populate_existing=True)
                           ).one_or_none()
    if call is None:
        raise ApiError(409, "call_unknown",
                       "Невідомий дзвінок: спершу надішліть подію ringing", "sip_call_id")
    previous_owner = call.user_id
    applied = created or _apply(call, data.type, me, at)
    presence.last_seen_at, presence.expired_at = max(presence.last_seen_at or at, now), None
    presence.rev += 1
    # The operator's row at once; the line's figures follow within the sweep's interval
    # (at a peak, one push a second instead of one per event, each a dozen queries).
    _push_operators(session, settings, now, {me, previous_owner})
    return 201, {**body, "duplicate": False, "applied": applied}


def _apply(call: BoardCall, kind: str, me: int, at: datetime) -> bool:
    """One event on the call; False when it changes nothing (another desktop's ring
    of a call already taken, a repeat)."""
    def ms(later: datetime, earlier: datetime) -> int:
        return max(int((later - earlier).total_seconds() * 1000), 0)

    if kind == "ringing":
        if call.answered_at is not None or (call.user_id == me and call.ended_at is None):
            return False
        # Hunting on: the call rings on this desktop now (again waiting, if it had stopped).
        call.user_id, call.rang_at, call.ended_at = me, at, None
        call.closed_by_desk_state = False
        return True
    if kind == "answered":
        if call.answered_at is not None:
            return False
        call.user_id, call.answered_at, call.ended_at = me, at, None
        call.closed_by_desk_state = False
        call.wait_ms = ms(at, call.offered_at)
        return True
    if call.user_id != me:
        return False  # a desktop the call has moved on from
    if kind in ("held", "resumed"):
        if call.ended_at is not None:
            raise ApiError(409, "call_finished", "Дзвінок уже завершено", "sip_call_id")
        if call.answered_at is None:
            raise ApiError(409, "call_not_answered", "Дзвінок ще не прийнято", "sip_call_id")
        if kind == "held" and call.held_since is None:
            call.held_since = at
            return True
        if kind == "resumed" and call.held_since is not None:
            call.hold_ms += ms(at, call.held_since)
            call.held_since = None
            return True
        return False
    # ended, abandoned
    if call.ended_at is not None:
        if call.closed_by_desk_state and at < call.ended_at:
            # The desktop's own end, late behind its state report: the truer time.
            call.ended_at, call.closed_by_desk_state = at, False
            if call.answered_at is not None:
                call.handle_ms = ms(at, call.answered_at)
            return True
        return False
    if call.held_since is not None:
        call.hold_ms += ms(at, call.held_since)
        call.held_since = None
    call.ended_at = at
    if call.answered_at is not None:
        call.handle_ms = ms(at, call.answered_at)
    return True


def close_left_open_calls(session: Session, user_id: int, at: datetime, *,
                          answered_only: bool) -> None:
    """Ends the calls a desktop left open: its "ended" event was lost (a crash, a
    network cut longer than the reporter's retries), and its state says it has no
    call (available: none answered; offline or silent: none at all). Ended at the
    first moment known to be without it; a late real "ended" corrects that."""
    query = select(BoardCall).where(BoardCall.user_id == user_id,
                                    BoardCall.ended_at.is_(None),
                                    BoardCall.offered_at <= at).with_for_update()
    if answered_only:
        query = query.where(BoardCall.answered_at.is_not(None))
    for call in session.scalars(query):
        _apply(call, "ended", user_id, at)
        call.closed_by_desk_state = True


def heartbeat(session: Session, settings: Settings, actor: Actor, now: datetime
              ) -> dict[str, Any]:
    assert actor.user_id is not None
    presence = presence_of(session, actor.user_id)
    came_back = presence.last_seen_at is None or presence.expired_at is not None
    presence.last_seen_at, presence.expired_at = now, None
    if came_back:
        presence.rev += 1
        _push_operators(session, settings, now, {actor.user_id})
    state = session.get(AgentState, actor.user_id)
    return {"server_time": now.isoformat(),
            "heartbeat_timeout_s": settings.board_heartbeat_timeout_s,
            "state": None if state is None else {"state": state.state, "reason": state.reason,
                                                 "since": state.since.isoformat()},
            "forced": figures.forced_dict(presence),
            "messages": unread_messages(session, actor.user_id, now),
            "latest_outage_id": session.scalar(select(func.max(Outage.id)))}


def state_reported(session: Session, settings: Settings, actor: Actor,
                   presence: BoardPresence, state: str, now: datetime) -> None:
    """PUT /agents/me/state: it proves the desktop alive, may fulfil a pending
    force, and the board sees the new state at once. `presence` is locked already:
    before the state, in the order the sweep takes them."""
    assert actor.user_id is not None
    presence.last_seen_at, presence.expired_at = now, None
    presence.rev += 1
    if state in ("available", "offline"):
        close_left_open_calls(session, actor.user_id, now, answered_only=state == "available")
    done = {"not_ready": "not_ready", "logout": "offline"}.get(presence.forced_action or "")
    if done is not None and state == done:
        audit.record(session, actor, "board.force_applied", "user", actor.label,
                     forced=presence.forced_action, by=presence.forced_by)
        _clear_force(presence)
        _push_forced(session, presence)
    _push_operators(session, settings, now, {actor.user_id})


def _clear_force(presence: BoardPresence) -> None:
    presence.forced_action = presence.forced_reason = presence.forced_by = None
    presence.forced_at = None


def message_for_desk(message: BoardMessage) -> dict[str, Any]:
    return {"id": message.id, "from": message.sender.username,
            "from_name": message.sender.full_name, "text": message.text,
            "sent_at": message.sent_at.isoformat(), "to_all": message.recipient_id is None}


def unread_messages(session: Session, user_id: int, now: datetime) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(BoardMessage).join(BoardMessageReceipt,
                                  BoardMessageReceipt.message_id == BoardMessage.id)
        .where(BoardMessageReceipt.user_id == user_id, BoardMessageReceipt.read_at.is_(None),
               BoardMessage.sent_at >= now - MESSAGE_LIFETIME)
        .order_by(BoardMessage.sent_at, BoardMessage.id).limit(50))
    return [message_for_desk(m) for m in rows]


def active_outages(session: Session, now: datetime, limit: int = 200) -> list[dict[str, Any]]:
    return [outage_dict(o) for o in session.scalars(
        select(Outage).where(Outage.ends_at > now).order_by(Outage.id.desc()).limit(limit))]


def desk_view(session: Session, actor: Actor, now: datetime) -> dict[str, Any]:
    assert actor.user_id is not None
    presence = session.get(BoardPresence, actor.user_id)
    return {"forced": figures.forced_dict(presence),
            "messages": unread_messages(session, actor.user_id, now),
            "outages": active_outages(session, now),
            "latest_outage_id": session.scalar(select(func.max(Outage.id)))}


def mark_read(session: Session, actor: Actor, message_id: int, now: datetime
              ) -> dict[str, Any]:
    receipt = session.get(BoardMessageReceipt, (message_id, actor.user_id))
    if receipt is None:
        raise ApiError(404, "not_found", "Повідомлення не знайдено (або воно не вам)")
    if receipt.read_at is None:
        receipt.read_at = now
        session.flush()
        read, recipients = _receipt_counts(session, message_id)
        publish(session, BOARD, "message_read", {
            "message_id": message_id, "username": actor.label, "read_at": now.isoformat(),
            "read_count": read, "recipients": recipients})
    return {"id": message_id, "read_at": receipt.read_at.isoformat()}


def _receipt_counts(session: Session, message_id: int) -> tuple[int, int]:
    read, total = session.execute(
        select(func.count(BoardMessageReceipt.read_at), func.count())
        .where(BoardMessageReceipt.message_id == message_id)).one()
    return int(read), int(total)


# --- the lead's levers -------------------------------------------------------------------

def user_by_name(session: Session, username: str) -> User:
    user = session.scalars(select(User).where(User.username == username)).one_or_none()
    if user is None or not user.active:
        raise ApiError(404, "not_found", f"Користувача «{username}» не знайдено")
    return user


def force(session: Session, settings: Settings, actor: Actor, username: str, data: ForceIn,
          now: datetime) -> dict[str, Any]:
    user = user_by_name(session, username)
    reason = (data.reason or "").strip() or None
    if data.action == "not_ready" and reason is None:
        raise ApiError(422, "validation_error", "Вкажіть причину «Не готовий»", "reason")
    presence = presence_of(session, user.id)
    state = session.get(AgentState, user.id)
    if not figures.is_online(presence, state, settings, now):
        raise ApiError(409, "agent_offline", f"{username} зараз не в мережі: стан не змінити")
    on_call = session.scalar(select(func.count()).where(
        BoardCall.user_id == user.id, BoardCall.ended_at.is_(None),
        BoardCall.offered_at >= now - timedelta(hours=12), BoardCall.offered_at <= now))
    if (data.action == "not_ready" and state is not None and state.state == "not_ready"
            and not on_call):
        raise ApiError(409, "already_in_state", f"{username} уже в стані «Не готовий»")
    presence.forced_action, presence.forced_reason = data.action, reason
    presence.forced_by, presence.forced_at = actor.label, now
    presence.rev += 1
    audit.record(session, actor, "board.force", "user", username, forced=data.action,
                 reason=reason, on_call=bool(on_call))
    _push_forced(session, presence)
    _push_operators(session, settings, now, {user.id})
    return {"operator": figures.operator_rows(session, settings, now, {user.id})[0]}


def cancel_force(session: Session, settings: Settings, actor: Actor, username: str,
                 now: datetime) -> dict[str, Any]:
    user = user_by_name(session, username)
    presence = presence_of(session, user.id)
    if presence.forced_action is None:
        raise ApiError(404, "not_found", f"Для {username} немає відкладеної зміни стану")
    audit.record(session, actor, "board.force_cancel", "user", username,
                 forced=presence.forced_action)
    _clear_force(presence)
    presence.rev += 1
    _push_forced(session, presence)
    _push_operators(session, settings, now, {user.id})
    return {"operator": figures.operator_rows(session, settings, now, {user.id})[0]}


def sent_message_dict(session: Session, message: BoardMessage) -> dict[str, Any]:
    receipts = session.scalars(select(BoardMessageReceipt).where(
        BoardMessageReceipt.message_id == message.id).order_by(BoardMessageReceipt.read_at))
    receipts_list = list(receipts)
    read = [{"username": r.user.username, "read_at": r.read_at.isoformat()}
            for r in receipts_list if r.read_at is not None]
    return {"id": message.id, "from": message.sender.username,
            "to": message.recipient.username if message.recipient else None,
            "text": message.text, "sent_at": message.sent_at.isoformat(),
            "recipients": len(receipts_list), "read_count": len(read), "read": read}


def send_message(session: Session, settings: Settings, actor: Actor, data: MessageIn,
                 now: datetime) -> dict[str, Any]:
    assert actor.user_id is not None
    text_ = data.text.strip()
    if not text_:
        raise ApiError(422, "validation_error", "Порожнє повідомлення", "text")
    if len(text_) > settings.board_message_max:
        raise ApiError(422, "text_too_long",
                       f"Текст задовгий: не більше {settings.board_message_max} символів", "text")
    recipient: User | None = None
    if data.to is not None:
        recipient = session.scalars(select(User).where(User.username == data.to,
                                                       User.active.is_(True))).one_or_none()
        if recipient is None:
            raise ApiError(422, "unknown_user", f"Користувача «{data.to}» не знайдено", "to")
        recipients = [recipient.id]
    else:
        recipients = list(session.scalars(select(User.id).where(
            User.active.is_(True), User.role.in_([Role.OPERATOR.value, Role.FEEDBACK.value]))))
    message = BoardMessage(sender_id=actor.user_id, recipient_id=recipient.id if recipient
                           else None, text=text_, sent_at=now)
    session.add(message)
    session.flush()
    session.add_all(BoardMessageReceipt(message_id=message.id, user_id=user_id)
                    for user_id in recipients)
    session.flush()
    session.refresh(message)
    audit.record(session, actor, "board.message", "board_message", message.id,
                 to=data.to, recipients=len(recipients), length=len(text_))
    desk = {"message": message_for_desk(message)}
    if recipient is not None:
        publish(session, DESK, "message", desk, user_id=recipient.id)
    else:
        publish(session, DESKS, "message", desk)
    body = sent_message_dict(session, message)
    publish(session, BOARD, "message", {"message": body})
    return body


def sent_messages(session: Session, settings: Settings, now: datetime) -> list[dict[str, Any]]:
    since = figures.shift_start(settings, now)
    return [sent_message_dict(session, m) for m in session.scalars(
        select(BoardMessage).where(BoardMessage.sent_at >= since)
        .order_by(BoardMessage.sent_at.desc(), BoardMessage.id.desc()).limit(100))]


def publish_outage(session: Session, actor: Actor, data: BoardOutageIn, now: datetime
                   ) -> dict[str, Any]:
    street = (data.street or "").strip() or None
    if data.building_id is None and street is None and not data.district:
        raise ApiError(422, "validation_error", "Вкажіть будинок, вулицю або район",
                       "building_id")
    starts_at = data.starts_at or now
    places: list[tuple[int | None, str | None]]
    if data.building_id is not None:
        places = [(data.building_id, data.district)]
    elif street is not None:
        stmt = select(Building.id).where(Building.street == street).order_by(Building.id)
        if data.district:
            stmt = stmt.where(Building.district == data.district)
        ids = list(session.scalars(stmt))
        if not ids:
            raise ApiError(422, "unknown_street", f"Вулицю «{street}» не знайдено", "street")
        places = [(building_id, None) for building_id in ids]
    else:
        places = [(None, data.district)]
    made = [create_outage(session, OutageCreate(
        kind=data.kind, service=data.service, building_id=building_id, district=district,
        starts_at=starts_at, ends_at=data.ends_at, description=data.description))
        for building_id, district in places]
    return {"outages": announce_outages(
        session, actor, made, "board.outage", service=data.service,
        building_id=data.building_id, street=street, district=data.district,
        surge_key=data.surge_key, ends_at=data.ends_at.isoformat())}


def announce_outages(session: Session, actor: Actor, made: Sequence[Outage], action: str,
                     **details: Any) -> list[dict[str, Any]]:
    """Audit the new outages and push them to every desktop's pop and the boards,
    whichever endpoint published them."""
    audit.record(session, actor, action, "outage", made[0].id, ids=[o.id for o in made],
                 **details)
    bodies = [outage_dict(o) for o in made]
    for body in bodies:
        publish(session, DESKS, "outage", {"outage": body})
        publish(session, BOARD, "outage", {"outage": body})
    return bodies


# --- the sweep ---------------------------------------------------------------------------

@dataclass
class SweepMemory:
    """What this process last told the boards, so the sweep pushes only changes."""

    surges: dict[str, int] = field(default_factory=dict)
    line: dict[str, Any] | None = None
    buckets: dict[str, dict[str, Any]] = field(default_factory=dict)  # calls per 15 min


_LINE_CHANGING_BY_ITSELF = ("as_of", "longest_wait_s")


def sweep(session: Session, settings: Settings, now: datetime, memory: SweepMemory,
          actor: Actor) -> dict[str, int]:
    """Heartbeats expired → offline; surges appeared, grew or passed; the line changed
    by what no event carries (appeals registered). Run by one process at a time."""
    cutoff = now - timedelta(seconds=settings.board_heartbeat_timeout_s)
    expired = list(session.scalars(select(BoardPresence.user_id).where(
        BoardPresence.last_seen_at < cutoff, BoardPresence.expired_at.is_(None))))
    went_offline: set[int] = set()
    for user_id in expired:
        # Conditional: a heartbeat that just arrived wins, and so does another sweeper.
        taken = session.execute(update(BoardPresence).where(
            BoardPresence.user_id == user_id, BoardPresence.last_seen_at < cutoff,
            BoardPresence.expired_at.is_(None)).values(expired_at=now,
                                                       rev=BoardPresence.rev + 1))
        if not taken.rowcount:  # type: ignore[attr-defined]
            continue
        went_offline.add(user_id)
        presence = session.get(BoardPresence, user_id, populate_existing=True)
        assert presence is not None
        state = session.get(AgentState, user_id)
        if state is None or state.state != "offline":
            set_state(session, user_id, "offline", OFFLINE_REASON)
        close_left_open_calls(session, user_id, presence.last_seen_at or now,
                              answered_only=False)
        if presence.forced_action == "logout":  # the desktop is gone: that is done
            audit.record(session, actor, "board.force_applied", "user", presence.user.username,
                         forced="logout", by=presence.forced_by, by_timeout=True)
            _clear_force(presence)
            _push_forced(session, presence)
    if went_offline:
        _push_operators(session, settings, now, went_offline)
    current = {s["key"]: s for s in figures.surges(session, settings, now)}
    changed = 0
    for key, surge in current.items():
        if memory.surges.get(key) != surge["count"]:
            publish(session, BOARD, "surge", {"surge": surge})
            changed += 1
    for key in set(memory.surges) - set(current):
        publish(session, BOARD, "surge_cleared", {"key": key})
        changed += 1
    memory.surges = {key: s["count"] for key, s in current.items()}
    line = figures.line_figures(session, settings, now)
    buckets = {str(b["start"]): b for b in line.pop("calls_per_15min")}
    comparable = {k: v for k, v in line.items() if k not in _LINE_CHANGING_BY_ITSELF}
    changed_buckets = [b for start, b in buckets.items() if memory.buckets.get(start) != b]
    if comparable != memory.line or changed_buckets:
        # Also on a process's first sweep: an event may have come before it.
        publish(session, BOARD, "line", {"line": {**line, "calls_per_15min": changed_buckets}})
        memory.line, memory.buckets = comparable, buckets
    return {"offline": len(went_offline), "surges_changed": changed}
