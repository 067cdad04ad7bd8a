"""Appeal rules: the shapes the API answers, lookups, the registration preview,
transitions with role rules and the rework limit, feedback verifications,
listing. Registration itself is in appeals/registration.py.

Reusable by every channel (the desktop's router, Open311, the benchmark):
functions take a Session and an Actor and never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any, Protocol

from sqlalchemy import Row, Select, bindparam, func, select
from sqlalchemy.orm import Session

from kc1551_common.phones import InvalidPhoneError, normalize_phone
from server_api import audit
from server_api.auth.service import Actor
from server_api.db import utcnow
from server_api.errors import ApiError, forbidden, not_found
from server_api.models import (
    OPEN_STATUSES,
    Appeal,
    AppealCoApplicant,
    AppealStatus,
    AppealStatusChange,
    Building,
    Citizen,
    CitizenAddress,
    CitizenPhone,
    Executor,
    Problem,
    Role,
    Sphere,
    VerificationRound,
)
from server_api.reference.cache import ProblemRef, reference_data
from server_api.seed import building_label
from server_api.workdays import add_working_days
from server_api.worklist import queue as worklist

REWORK_LIMIT = 2  # a third rework needs a shift lead
REPEATS_LIMIT = 20
_S = AppealStatus
_ALLOWED = {
    (_S.REGISTERED, _S.IN_WORK),
    (_S.IN_WORK, _S.AWAITING_VERIFICATION),
    (_S.AWAITING_VERIFICATION, _S.CLOSED),
    (_S.AWAITING_VERIFICATION, _S.IN_WORK),
    (_S.REGISTERED, _S.CANCELLED),
    (_S.IN_WORK, _S.CANCELLED),
    (_S.AWAITING_VERIFICATION, _S.CANCELLED),  # a shift lead's decision
}
_LEAD_ROLES = {Role.SHIFT_LEAD.value, Role.ADMIN.value}
STATUS_NAMES = {
    "registered": "зареєстровано",
    "in_work": "в роботі",
    "awaiting_verification": "на перевірці",
    "closed": "закрито",
    "cancelled": "скасовано",
}


# --- shapes -----------------------------------------------------------------

AnyRow = Row[*tuple[Any, ...]]


class Located(Protocol):
    """Anything with a building's address columns."""

    @property
    def id(self) -> int: ...
    @property
    def street(self) -> str: ...
    @property
    def house(self) -> str: ...
    @property
    def district(self) -> str: ...


def building_dict(building: Building | AnyRow | Located) -> dict[str, Any]:
    return {"id": building.id, "street": building.street, "house": building.house,
            "district": building.district,
            "label": building_label(building.street, building.house, building.district)}


def is_overdue(appeal: Appeal, now: datetime) -> bool:
    return appeal.status in OPEN_STATUSES and appeal.deadline < now


# Briefs for lists and the screen pop come straight from these columns: no ORM
# objects to build, which is most of the cost of a pop with 40 appeals.
AnySelect = Select[*tuple[Any, ...]]
BRIEF_COLUMNS: AnySelect = select(
    Appeal.id, Appeal.number, Appeal.status, Appeal.flat, Appeal.entrance, Appeal.created_at,
    Appeal.deadline, Appeal.description, Appeal.citizen_id,
    Problem.code.label("problem_code"), Problem.name.label("problem_name"),
    Sphere.name.label("sphere_name"), Building.id.label("building_id"), Building.street,
    Building.house, Building.district, Executor.name.label("executor_name"),
).select_from(Appeal).join(Problem, Problem.id == Appeal.problem_id).join(
    Sphere, Sphere.id == Problem.sphere_id).join(Building, Building.id == Appeal.building_id
).outerjoin(Executor, Executor.id == Appeal.executor_id)


def brief_from_row(row: AnyRow | SimpleNamespace, now: datetime) -> dict[str, Any]:
    """AppealBrief from a BRIEF_COLUMNS row (or an object with the same attributes)."""
    return {
        "id": row.id, "number": row.number, "status": row.status,
        "overdue": row.status in OPEN_STATUSES and row.deadline < now,
        "problem_code": row.problem_code, "problem_name": row.problem_name,
        "sphere_name": row.sphere_name,
        "building": {"id": row.building_id, "street": row.street, "house": row.house,
                     "district": row.district,
                     "label": building_label(row.street, row.house, row.district)},
        "flat": row.flat, "entrance": row.entrance, "created_at": row.created_at.isoformat(),
        "deadline": row.deadline.isoformat(), "executor_name": row.executor_name,
        "description": row.description,
    }


def appeal_full(session: Session, appeal: Appeal, now: datetime | None = None) -> dict[str, Any]:
    """AppealFull: the brief plus citizen, channel, executor, repeat, history."""
    now = now or utcnow()
    brief = brief_from_row(session.execute(BRIEF_COLUMNS.where(Appeal.id == appeal.id)).one(),
                           now)
    history = list(session.scalars(select(AppealStatusChange)
                                   .where(AppealStatusChange.appeal_id == appeal.id)
                                   .order_by(AppealStatusChange.at, AppealStatusChange.id)))
    co_applicants = session.scalar(select(func.count()).select_from(AppealCoApplicant)
                                   .where(AppealCoApplicant.appeal_id == appeal.id)) or 0
    earlier = appeal.repeat_of
    repeat_of = {"id": earlier.id, "number": earlier.number} if earlier else None
    return {
        **brief,
        "citizen": {"id": appeal.citizen.id, "full_name": appeal.citizen.full_name,
                    "phones": [p.phone for p in appeal.citizen.phones]},
        "callback_phone": appeal.callback_phone, "channel": appeal.channel,
        "sip_call_id": appeal.sip_call_id,
        "operator": appeal.operator.username if appeal.operator else None,
        "executor": ({"id": appeal.executor.id, "name": appeal.executor.name}
                     if appeal.executor else None),
        "repeat_of": repeat_of,
        "rework_count": appeal.rework_count,
        "co_applicants": int(co_applicants),
        "history": [{"at": h.at.isoformat(), "from_status": h.from_status,
                     "to_status": h.to_status, "by": h.by, "comment": h.comment}
                    for h in history],
        "verifications": worklist.rounds_with_calls(session, appeal.id),
    }


# --- lookups ----------------------------------------------------------------

def parse_phone(raw: str, field: str = "phone") -> str:
    try:
        return normalize_phone(raw)
    except InvalidPhoneError as exc:
        raise ApiError(422, "invalid_phone", str(exc), field) from exc


_CITIZENS_BY_PHONE = select(Citizen).join(CitizenPhone).where(
    CitizenPhone.phone == bindparam("phone")).order_by(Citizen.id)


def get_problem(session: Session, code: str) -> ProblemRef:
    """The classifier problem with this code (422 unknown_problem if there is none)."""
    return reference_data(session).problem(code)


def get_building(session: Session, building_id: int) -> Building:
    building = session.get(Building, building_id)
    if building is None:
        raise ApiError(422, "unknown_building", f"Невідомий будинок (id {building_id})",
                       "building_id")
    return building


def get_appeal(session: Session, ref: str | int) -> Appeal:
    """By numeric id or by registration number ("К-2026-000123")."""
    text = str(ref).strip()
    if text.isdigit():
        appeal = session.get(Appeal, int(text))
    else:
        appeal = session.scalar(select(Appeal).where(Appeal.number == text))
    if appeal is None:
        raise not_found("Звернення")
    return appeal


def preview(session: Session, problem_code: str, building_id: int | None) -> dict[str, Any]:
    """Executor, deadline and open repeats before registering (repeats need a building)."""
    problem = get_problem(session, problem_code)
    building = get_building(session, building_id) if building_id is not None else None
    executor = reference_data(session).executor_for(problem,
                                                    building.district if building else None)
    now = utcnow()
    repeats = []
    if building is not None:
        repeats = [brief_from_row(row, now) for row in session.execute(
            BRIEF_COLUMNS.where(Appeal.building_id == building.id,
                                Appeal.problem_id == problem.id,
                                Appeal.status.in_(OPEN_STATUSES))
            .order_by(Appeal.created_at.desc(), Appeal.id.desc()).limit(REPEATS_LIMIT))]
    return {
        "executor": {"id": executor.id, "name": executor.name} if executor else None,
        "deadline": add_working_days(now, problem.term_days).isoformat(),
        "term_days": problem.term_days, "emergency": problem.emergency,
        "repeats": repeats,
    }


# --- registration -------------------------------------------------------------

def find_or_create_citizen(session: Session, phone: str, full_name: str | None) -> Citizen:
    """The citizen with this phone (the one of that name, if several share it) or a new one."""
    candidates = list(session.scalars(_CITIZENS_BY_PHONE, {"phone": phone}))
    if candidates:
        if full_name:
            for citizen in candidates:
                if citizen.full_name.casefold() == full_name.strip().casefold():
                    return citizen
            if not candidates[0].full_name:
                candidates[0].full_name = full_name.strip()
        return candidates[0]
    # Collections given up front are loaded ones: nothing to read back after the insert.
    citizen = Citizen(full_name=(full_name or "").strip(), phones=[CitizenPhone(phone=phone)],
                      addresses=[])
    session.add(citizen)
    session.flush()
    return citizen


def remember_address(session: Session, citizen: Citizen, building: Building,
                      flat: str | None) -> None:
    if not any(a.building_id == building.id and a.flat == flat for a in citizen.addresses):
        # Through the collection, so a second call in the same session sees this row.
        citizen.addresses.append(CitizenAddress(building_id=building.id, flat=flat))


def _add_history(session: Session, appeal: Appeal, from_status: str | None, to_status: str,
                 actor: Actor, comment: str | None,
                 at: datetime | None = None) -> AppealStatusChange:
    change = AppealStatusChange(appeal_id=appeal.id, from_status=from_status,
                                to_status=to_status, by=actor.label, comment=comment,
                                at=at or utcnow())
    session.add(change)
    return change


# --- lifecycle ----------------------------------------------------------------

@dataclass(frozen=True)
class StatusChange:
    """A transition the rules allow, decided before it is written: `transition` writes
    it through the ORM, the worklist's result on PostgreSQL in a statement of its own."""

    appeal_id: int
    from_status: str
    to_status: str
    at: datetime
    rework_count: int
    closed_at: datetime | None
    by: str
    comment: str | None


def decide_transition(appeal: Appeal, to: str, actor: Actor,
                      comment: str | None = None) -> StatusChange:
    """The lifecycle's rules (allowed moves, who may cancel, the rework limit); 409 or
    403 with the reason when they refuse."""
    current = appeal.status
    if (AppealStatus(current), AppealStatus(to)) not in _ALLOWED:
        raise ApiError(409, "transition_not_allowed",
                       f"Перехід «{STATUS_NAMES[current]}» → «{STATUS_NAMES[to]}» не дозволено",
                       "to")
    if to == AppealStatus.CANCELLED and actor.role not in _LEAD_ROLES:
        raise forbidden()
    rework_count = appeal.rework_count
    if current == AppealStatus.AWAITING_VERIFICATION and to == AppealStatus.IN_WORK:
        if rework_count >= REWORK_LIMIT and actor.role not in _LEAD_ROLES:
            raise ApiError(409, "rework_limit",
                           f"Звернення вже повертали на доопрацювання {rework_count} "
                           "рази; повторне повернення — лише старший зміни", "to")
        rework_count += 1
    now = utcnow()
    closing = to in (AppealStatus.CLOSED, AppealStatus.CANCELLED)
    return StatusChange(appeal_id=appeal.id, from_status=current, to_status=to, at=now,
                        rework_count=rework_count,
                        closed_at=now if closing else appeal.closed_at,
                        by=actor.label, comment=comment)


def apply_change(appeal: Appeal, change: StatusChange) -> None:
    """The appeal's own columns as the change leaves them."""
    appeal.status = change.to_status
    appeal.updated_at = change.at
    appeal.rework_count = change.rework_count
    appeal.closed_at = change.closed_at


def transition(session: Session, appeal: Appeal, to: str, actor: Actor,
               comment: str | None = None) -> Appeal:
    write_change(session, appeal, decide_transition(appeal, to, actor, comment), actor)
    return appeal


def write_change(session: Session, appeal: Appeal, change: StatusChange, actor: Actor) -> None:
    """A decided change through the ORM: the appeal, its history, the worklist, the audit."""
    apply_change(appeal, change)
    _add_history(session, appeal, change.from_status, change.to_status, actor,
                 change.comment, at=change.at)
    # The verification worklist follows the status (in, out), in the same transaction.
    worklist.on_status_change(session, appeal, change.from_status, change.to_status,
                              change.at, change.comment, actor.label)
    audit.record(session, actor, "appeal_transition", "appeal", appeal.id,
                 from_status=change.from_status, to_status=change.to_status)
    session.flush()


def verify(session: Session, appeal: Appeal, outcome: str, actor: Actor,
           comment: str | None = None, sip_call_id: str | None = None) -> VerificationRound:
    """One feedback call-back: confirmed closes, not_solved sends to rework."""
    if appeal.status != AppealStatus.AWAITING_VERIFICATION:
        raise ApiError(409, "transition_not_allowed",
                       "Перевіряти можна лише звернення зі статусом «на перевірці»", "outcome")
    worklist.verify_without_claim(session, appeal, actor, utcnow())
    if outcome == "confirmed":
        transition(session, appeal, AppealStatus.CLOSED.value, actor, comment)
    elif outcome == "not_solved":
        transition(session, appeal, AppealStatus.IN_WORK.value, actor, comment)
    rounds = session.scalar(select(func.count()).select_from(VerificationRound)
                            .where(VerificationRound.appeal_id == appeal.id)) or 0
    record = VerificationRound(appeal_id=appeal.id, round_no=int(rounds) + 1, outcome=outcome,
                               comment=comment, sip_call_id=sip_call_id, by=actor.label)
    session.add(record)
    session.flush()
    return record


def round_dict(session: Session, record: VerificationRound) -> dict[str, Any]:
    counts = {outcome: count for outcome, count in session.execute(
        select(VerificationRound.outcome, func.count()).where(
            VerificationRound.appeal_id == record.appeal_id).group_by(VerificationRound.outcome))}
    return {"id": record.id, "appeal_id": record.appeal_id, "round_no": record.round_no,
            "outcome": record.outcome, "comment": record.comment,
            "sip_call_id": record.sip_call_id, "by": record.by, "at": record.at.isoformat(),
            "counts": {k: int(counts.get(k, 0)) for k in ("confirmed", "not_solved", "no_answer")}}


# --- listing ------------------------------------------------------------------

@dataclass(frozen=True)
class AppealFilter:
    status: str | None = None
    phone: str | None = None
    building_id: int | None = None
    problem_code: str | None = None
    district: str | None = None
    executor_id: int | None = None
    overdue: bool | None = None


def _filtered(stmt: AnySelect, session: Session, flt: AppealFilter,
              now: datetime) -> AnySelect:
    if flt.status:
        stmt = stmt.where(Appeal.status == flt.status)
    if flt.phone:
        phone = parse_phone(flt.phone)
        stmt = stmt.where(Appeal.citizen_id.in_(
            select(CitizenPhone.citizen_id).where(CitizenPhone.phone == phone)))
    if flt.building_id is not None:
        stmt = stmt.where(Appeal.building_id == flt.building_id)
    if flt.problem_code:
        stmt = stmt.where(Appeal.problem_id == get_problem(session, flt.problem_code).id)
    if flt.district:
        stmt = stmt.where(Appeal.building_id.in_(
            select(Building.id).where(Building.district == flt.district)))
    if flt.executor_id is not None:
        stmt = stmt.where(Appeal.executor_id == flt.executor_id)
    if flt.overdue is True:
        stmt = stmt.where(Appeal.status.in_(OPEN_STATUSES), Appeal.deadline < now)
    elif flt.overdue is False:
        stmt = stmt.where((Appeal.status.not_in(OPEN_STATUSES)) | (Appeal.deadline >= now))
    return stmt


def list_appeals(session: Session, flt: AppealFilter, page: int,
                 page_size: int) -> dict[str, Any]:
    now = utcnow()
    counted = _filtered(select(func.count()).select_from(Appeal), session, flt, now)
    total = session.scalar(counted) or 0
    rows = session.execute(_filtered(BRIEF_COLUMNS, session, flt, now)
                           .order_by(Appeal.created_at.desc(), Appeal.id.desc())
                           .offset((page - 1) * page_size).limit(page_size))
    return {"items": [brief_from_row(row, now) for row in rows], "total": int(total),
            "page": page,
            "page_size": page_size}
