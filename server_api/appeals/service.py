"""Appeal rules: registration (routing, deadline, repeats, co-applicants),
transitions with role rules and the rework limit, feedback verifications.

Reusable by every channel (the desktop's router, Open311, the benchmark):
functions take a Session and an Actor and never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Row, Select, bindparam, func, select
from sqlalchemy.orm import Session

from operator_app.phones import InvalidPhoneError, normalize_phone
from server_api import audit
from server_api.appeals.schemas import AppealCreate
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
from server_api.seed import building_label
from server_api.workdays import add_working_days

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


def building_dict(building: Building | AnyRow) -> dict[str, Any]:
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


def _brief_columns_of(appeal: Appeal) -> SimpleNamespace:
    """The BRIEF_COLUMNS row of an appeal whose problem, building and executor are loaded."""
    return SimpleNamespace(
        id=appeal.id, number=appeal.number, status=appeal.status, flat=appeal.flat,
        entrance=appeal.entrance, created_at=appeal.created_at, deadline=appeal.deadline,
        description=appeal.description, citizen_id=appeal.citizen_id,
        problem_code=appeal.problem.code, problem_name=appeal.problem.name,
        sphere_name=appeal.problem.sphere.name, building_id=appeal.building.id,
        street=appeal.building.street, house=appeal.building.house,
        district=appeal.building.district,
        executor_name=appeal.executor.name if appeal.executor else None)


def appeal_full(session: Session, appeal: Appeal, now: datetime | None = None,
                registered: Registration | None = None) -> dict[str, Any]:
    """AppealFull. Given the registration that just created appeal, nothing is read back:
    the session holds all of it, and a new appeal has no co-applicants yet."""
    now = now or utcnow()
    if registered is not None and registered.created:
        brief = brief_from_row(_brief_columns_of(appeal), now)
        history = list(registered.history)
        co_applicants = 0
        repeat_of = registered.repeat_of
    else:
        brief = brief_from_row(
            session.execute(BRIEF_COLUMNS.where(Appeal.id == appeal.id)).one(), now)
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
    }


# --- lookups ----------------------------------------------------------------

def parse_phone(raw: str, field: str = "phone") -> str:
    try:
        return normalize_phone(raw)
    except InvalidPhoneError as exc:
        raise ApiError(422, "invalid_phone", str(exc), field) from exc


# Registration's lookups, built once: composing a statement per call cost about as
# much Python as running it.
_PROBLEM_BY_CODE = select(Problem).where(Problem.code == bindparam("code"))
_EXECUTOR_BY_CODE = select(Executor).where(Executor.code == bindparam("code"))
_EXECUTOR_BY_KIND = select(Executor).where(Executor.kind == bindparam("kind")).order_by(
    Executor.id)
_EXECUTOR_BY_KIND_IN_DISTRICT = _EXECUTOR_BY_KIND.where(Executor.district == bindparam(
    "district"))
_CITIZENS_BY_PHONE = select(Citizen).join(CitizenPhone).where(
    CitizenPhone.phone == bindparam("phone")).order_by(Citizen.id)
_NEWEST_OPEN_REPEAT = (
    select(Appeal.id, Appeal.number).where(
        Appeal.building_id == bindparam("building_id"),
        Appeal.problem_id == bindparam("problem_id"), Appeal.status.in_(OPEN_STATUSES))
    .order_by(Appeal.created_at.desc(), Appeal.id.desc()).limit(1))


def get_problem(session: Session, code: str) -> Problem:
    problem = session.scalar(_PROBLEM_BY_CODE, {"code": code.strip()})
    if problem is None:
        raise ApiError(422, "unknown_problem", f"Невідомий код проблеми класифікатора: «{code}»",
                       "problem_code")
    return problem


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


def resolve_executor(session: Session, problem: Problem,
                     building: Building | None) -> Executor | None:
    """The problem's rule: the building district's ЖЕД / administration, or a fixed code.

    Without a building only a fixed executor can be named.
    """
    rule = problem.executor_rule
    executor = session.scalar(_EXECUTOR_BY_CODE, {"code": rule})
    if executor is not None or building is None:
        return executor
    by_district = session.scalar(_EXECUTOR_BY_KIND_IN_DISTRICT,
                                 {"kind": rule, "district": building.district})
    if by_district is not None:
        return by_district
    return session.scalar(_EXECUTOR_BY_KIND, {"kind": rule})


def newest_open_repeat(session: Session, building_id: int,
                       problem_id: int) -> dict[str, Any] | None:
    """{id, number} of the newest open appeal on this building and problem, if any.

    Two columns, not an Appeal: its eager joins cost more to plan than to run.
    """
    row = session.execute(_NEWEST_OPEN_REPEAT,
                          {"building_id": building_id, "problem_id": problem_id}).first()
    return {"id": row.id, "number": row.number} if row else None


def preview(session: Session, problem_code: str, building_id: int | None) -> dict[str, Any]:
    """Executor, deadline and open repeats before registering (repeats need a building)."""
    problem = get_problem(session, problem_code)
    building = get_building(session, building_id) if building_id is not None else None
    executor = resolve_executor(session, problem, building)
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


@dataclass(frozen=True)
class Registration:
    appeal: Appeal
    created: bool  # False when the caller joined an existing appeal (link_to)
    history: tuple[AppealStatusChange, ...] = ()  # of a created appeal: its first entry
    repeat_of: dict[str, Any] | None = None  # of a created appeal: {id, number}


def create_appeal(session: Session, data: AppealCreate, actor: Actor,
                  channel: str | None = None) -> Registration:
    """Register an appeal, or join the caller to the open one named by link_to.

    An open appeal with the same building and problem makes the new one a
    repeat (repeat_of set), never a silent duplicate.
    """
    phone = parse_phone(data.phone)
    callback = parse_phone(data.callback_phone, "callback_phone") if data.callback_phone else None
    problem = get_problem(session, data.problem_code)
    building = get_building(session, data.building_id)
    citizen = find_or_create_citizen(session, phone, data.full_name)
    remember_address(session, citizen, building, data.flat)

    if data.link_to is not None:
        target = session.get(Appeal, data.link_to)
        if target is None:
            raise ApiError(422, "not_found", "Звернення для приєднання не знайдено", "link_to")
        if target.status not in OPEN_STATUSES:
            raise ApiError(409, "transition_not_allowed",
                           "Приєднатися можна лише до відкритого звернення", "link_to")
        exists = session.scalar(select(AppealCoApplicant).where(
            AppealCoApplicant.appeal_id == target.id,
            AppealCoApplicant.citizen_id == citizen.id))
        if exists is None and target.citizen_id != citizen.id:
            session.add(AppealCoApplicant(appeal_id=target.id, citizen_id=citizen.id))
        audit.record(session, actor, "co_applicant_added", "appeal", target.id)
        session.flush()
        return Registration(target, created=False)

    repeat = newest_open_repeat(session, building.id, problem.id)
    now = utcnow()
    appeal = Appeal(
        citizen_id=citizen.id, callback_phone=callback, channel=channel or data.channel,
        status=AppealStatus.REGISTERED.value, problem=problem, building=building,
        flat=data.flat, entrance=data.entrance, description=data.description.strip(),
        executor=resolve_executor(session, problem, building),
        deadline=add_working_days(now, problem.term_days), created_at=now, updated_at=now,
        repeat_of_id=repeat["id"] if repeat else None, sip_call_id=data.sip_call_id,
        operator_id=actor.user_id, api_key_id=actor.api_key_id,
    )
    session.add(appeal)
    session.flush()
    appeal.number = f"К-{now.year}-{appeal.id:06d}"
    first = _add_history(session, appeal, None, appeal.status, actor, None, at=now)
    audit.record(session, actor, "appeal_created", "appeal", appeal.id,
                 repeat_of=appeal.repeat_of_id)
    session.flush()
    return Registration(appeal, created=True, history=(first,), repeat_of=repeat)


# --- lifecycle ----------------------------------------------------------------

def transition(session: Session, appeal: Appeal, to: str, actor: Actor,
               comment: str | None = None) -> Appeal:
    current = appeal.status
    if (AppealStatus(current), AppealStatus(to)) not in _ALLOWED:
        raise ApiError(409, "transition_not_allowed",
                       f"Перехід «{STATUS_NAMES[current]}» → «{STATUS_NAMES[to]}» не дозволено",
                       "to")
    if to == AppealStatus.CANCELLED and actor.role not in _LEAD_ROLES:
        raise forbidden()
    is_rework = current == AppealStatus.AWAITING_VERIFICATION and to == AppealStatus.IN_WORK
    if is_rework:
        if appeal.rework_count >= REWORK_LIMIT and actor.role not in _LEAD_ROLES:
            raise ApiError(409, "rework_limit",
                           f"Звернення вже повертали на доопрацювання {appeal.rework_count} "
                           "рази; повторне повернення — лише старший зміни", "to")
        appeal.rework_count += 1
    now = utcnow()
    appeal.status = to
    appeal.updated_at = now
    if to in (AppealStatus.CLOSED, AppealStatus.CANCELLED):
        appeal.closed_at = now
    _add_history(session, appeal, current, to, actor, comment)
    audit.record(session, actor, "appeal_transition", "appeal", appeal.id,
                 from_status=current, to_status=to)
    session.flush()
    return appeal


def verify(session: Session, appeal: Appeal, outcome: str, actor: Actor,
           comment: str | None = None, sip_call_id: str | None = None) -> VerificationRound:
    """One feedback call-back: confirmed closes, not_solved sends to rework."""
    if appeal.status != AppealStatus.AWAITING_VERIFICATION:
        raise ApiError(409, "transition_not_allowed",
                       "Перевіряти можна лише звернення зі статусом «на перевірці»", "outcome")
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
