"""Registering an appeal: the line's hot write path.

Every channel registers through create_appeal (the desktop's router, Open311,
the demo). It is a few Core statements, not ORM units of work: the problem and
its executor come from the in-memory reference data, the building and the
newest open repeat are one statement, the caller with their phones another,
and on PostgreSQL the appeal, its number, its first history entry and the audit
row are one INSERT … RETURNING (SQLite, in-process, runs them one by one).
The answer is built from what these statements returned: nothing is read back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, CursorResult, bindparam, exists, insert, select, text, update
from sqlalchemy.orm import Session

from server_api import audit
from server_api.appeals.schemas import AppealCreate
from server_api.appeals.service import appeal_full, brief_from_row, parse_phone
from server_api.auth.service import Actor
from server_api.db import table_of, utcnow
from server_api.errors import ApiError
from server_api.models import (
    OPEN_STATUSES,
    Appeal,
    AppealCoApplicant,
    AppealStatus,
    AppealStatusChange,
    AuditEntry,
    Building,
    Citizen,
    CitizenAddress,
    CitizenPhone,
)
from server_api.reference.cache import ProblemRef, reference_data
from server_api.workdays import add_working_days

_appeals = table_of(Appeal)
_buildings = table_of(Building)
_citizens = table_of(Citizen)
_phones = table_of(CitizenPhone)
_addresses = table_of(CitizenAddress)
_history = table_of(AppealStatusChange)
_audit = table_of(AuditEntry)


@dataclass(frozen=True)
class Registration:
    appeal_id: int
    created: bool  # False when the caller joined an existing appeal (link_to)
    body: dict[str, Any]  # the appeal as the API answers it (AppealFull)


@dataclass(frozen=True)
class _Caller:
    id: int
    full_name: str
    phones: list[str]
    knows_address: bool  # already has this building and flat among their addresses


# --- the statements, built once ---------------------------------------------------

_repeat = _appeals.alias("repeat_of")
# The newest open appeal on the same building and problem, beside the building itself.
_NEWEST_OPEN_REPEAT_ID = (
    select(_appeals.c.id)
    .where(_appeals.c.building_id == _buildings.c.id,
           _appeals.c.problem_id == bindparam("problem_id"),
           _appeals.c.status.in_(OPEN_STATUSES))
    .order_by(_appeals.c.created_at.desc(), _appeals.c.id.desc()).limit(1)
    .correlate(_buildings).scalar_subquery())
_BUILDING_AND_REPEAT = (
    select(_buildings.c.id, _buildings.c.street, _buildings.c.house, _buildings.c.district,
           _repeat.c.id.label("repeat_id"), _repeat.c.number.label("repeat_number"))
    .select_from(_buildings.outerjoin(_repeat, _repeat.c.id == _NEWEST_OPEN_REPEAT_ID))
    .where(_buildings.c.id == bindparam("building_id")))

_all_phones = _phones.alias("all_phones")
_CALLER_ROWS = (
    select(_citizens.c.id, _citizens.c.full_name, _all_phones.c.phone,
           exists().where(_addresses.c.citizen_id == _citizens.c.id,
                          _addresses.c.building_id == bindparam("building_id"),
                          _addresses.c.flat.is_not_distinct_from(bindparam("flat")))
           .label("knows_address"))
    .select_from(_phones.join(_citizens, _citizens.c.id == _phones.c.citizen_id)
                 .join(_all_phones, _all_phones.c.citizen_id == _citizens.c.id))
    .where(_phones.c.phone == bindparam("phone"))
    .order_by(_citizens.c.id, _all_phones.c.id))

# PostgreSQL: the appeal with its number (from the id the sequence gives), its first
# history entry and the audit row, in one round trip.
_INSERT_APPEAL_PG = text("""
WITH new_id AS (SELECT nextval(pg_get_serial_sequence('appeals', 'id')) AS id),
appeal AS (
    INSERT INTO appeals (id, number, citizen_id, callback_phone, channel, status, problem_id,
                         building_id, flat, entrance, description, executor_id, deadline,
                         created_at, updated_at, rework_count, repeat_of_id, sip_call_id,
                         operator_id, api_key_id)
    SELECT id, :number_prefix || CASE WHEN id < 1000000 THEN lpad(id::text, 6, '0')
                                      ELSE id::text END,
           :citizen_id, :callback_phone, :channel, :status, :problem_id, :building_id, :flat,
           :entrance, :description, :executor_id, :deadline, :now, :now, 0, :repeat_of_id,
           :sip_call_id, :operator_id, :api_key_id
    FROM new_id
    RETURNING id, number),
history AS (
    INSERT INTO appeal_status_history (appeal_id, at, from_status, to_status, by, comment)
    SELECT id, :now, NULL, :status, :actor, NULL FROM appeal),
audited AS (
    INSERT INTO audit_log (at, actor, action, entity, entity_id, detail)
    SELECT :now, :actor, 'appeal_created', 'appeal', id::text, CAST(:audit_detail AS json)
    FROM appeal)
SELECT id, number FROM appeal""")


def appeal_number(year: int, appeal_id: int) -> str:
    """К-<year>-<id, at least 6 digits>: what the operator reads out to the caller."""
    return f"К-{year}-{appeal_id:06d}"


# --- steps -----------------------------------------------------------------------

def _inserted_id(result: CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _caller(conn: Connection, phone: str, full_name: str | None, building_id: int,
            flat: str | None) -> _Caller:
    """The citizen with this phone (the one of that name, if several share it) or a new one."""
    found: dict[int, _Caller] = {}
    for row in conn.execute(_CALLER_ROWS, {"phone": phone, "building_id": building_id,
                                           "flat": flat}):
        caller = found.setdefault(row.id, _Caller(row.id, row.full_name, [],
                                                  bool(row.knows_address)))
        caller.phones.append(row.phone)
    name = (full_name or "").strip()
    candidates = list(found.values())
    if not candidates:
        now = utcnow()
        citizen_id = _inserted_id(conn.execute(insert(_citizens).values(full_name=name,
                                                                        created_at=now)))
        conn.execute(insert(_phones).values(citizen_id=citizen_id, phone=phone))
        return _Caller(int(citizen_id), name, [phone], knows_address=False)
    if name:
        for caller in candidates:
            if caller.full_name.casefold() == name.casefold():
                return caller
        first = candidates[0]
        if not first.full_name:
            conn.execute(update(_citizens).where(_citizens.c.id == first.id)
                         .values(full_name=name))
            return _Caller(first.id, name, first.phones, first.knows_address)
    return candidates[0]


def _join_existing(session: Session, data: AppealCreate, caller: _Caller,
                   actor: Actor) -> Registration:
    """The caller becomes a co-applicant of the open appeal named by link_to."""
    assert data.link_to is not None
    target = session.get(Appeal, data.link_to)
    if target is None:
        raise ApiError(422, "not_found", "Звернення для приєднання не знайдено", "link_to")
    if target.status not in OPEN_STATUSES:
        raise ApiError(409, "transition_not_allowed",
                       "Приєднатися можна лише до відкритого звернення", "link_to")
    exists_already = session.scalar(select(AppealCoApplicant.id).where(
        AppealCoApplicant.appeal_id == target.id, AppealCoApplicant.citizen_id == caller.id))
    if exists_already is None and target.citizen_id != caller.id:
        session.add(AppealCoApplicant(appeal_id=target.id, citizen_id=caller.id))
    audit.record(session, actor, "co_applicant_added", "appeal", target.id)
    session.flush()
    session.expire(target)  # its citizen's phones and addresses may have just changed
    return Registration(target.id, created=False, body=appeal_full(session, target))


def _insert_appeal(conn: Connection, values: dict[str, Any], actor: Actor,
                   now: datetime) -> tuple[int, str]:
    audit_detail = {"repeat_of": values["repeat_of_id"]}
    if conn.dialect.name == "postgresql":
        row = conn.execute(_INSERT_APPEAL_PG, {
            **values, "number_prefix": f"К-{now.year}-", "now": now, "actor": actor.label,
            "audit_detail": json.dumps(audit_detail)}).one()
        return int(row.id), str(row.number)
    appeal_id = _inserted_id(conn.execute(insert(_appeals).values(
        **values, created_at=now, updated_at=now, rework_count=0)))
    number = appeal_number(now.year, appeal_id)
    conn.execute(update(_appeals).where(_appeals.c.id == appeal_id).values(number=number))
    conn.execute(insert(_history).values(appeal_id=appeal_id, at=now, from_status=None,
                                         to_status=values["status"], by=actor.label))
    conn.execute(insert(_audit).values(at=now, actor=actor.label, action="appeal_created",
                                       entity="appeal", entity_id=str(appeal_id),
                                       detail=audit_detail))
    return appeal_id, number


def _answer(appeal_id: int, number: str, values: dict[str, Any], problem: ProblemRef,
            building: Any, caller: _Caller, executor: Any, actor: Actor,
            now: datetime) -> dict[str, Any]:
    """AppealFull of the appeal just registered, from what registration already holds."""
    brief = brief_from_row(SimpleNamespace(
        id=appeal_id, number=number, status=values["status"], flat=values["flat"],
        entrance=values["entrance"], created_at=now, deadline=values["deadline"],
        description=values["description"], citizen_id=caller.id,
        problem_code=problem.code, problem_name=problem.name,
        sphere_name=problem.sphere_name, building_id=building.id, street=building.street,
        house=building.house, district=building.district,
        executor_name=executor.name if executor else None), now)
    return {
        **brief,
        "citizen": {"id": caller.id, "full_name": caller.full_name, "phones": caller.phones},
        "callback_phone": values["callback_phone"], "channel": values["channel"],
        "sip_call_id": values["sip_call_id"],
        "operator": actor.label if actor.is_user else None,
        "executor": {"id": executor.id, "name": executor.name} if executor else None,
        "repeat_of": ({"id": building.repeat_id, "number": building.repeat_number}
                      if building.repeat_id is not None else None),
        "rework_count": 0,
        "co_applicants": 0,
        "history": [{"at": now.isoformat(), "from_status": None,
                     "to_status": values["status"], "by": actor.label, "comment": None}],
    }


def create_appeal(session: Session, data: AppealCreate, actor: Actor,
                  channel: str | None = None) -> Registration:
    """Register an appeal, or join the caller to the open one named by link_to.

    An open appeal with the same building and problem makes the new one a
    repeat (repeat_of set), never a silent duplicate. Never commits.
    """
    phone = parse_phone(data.phone)
    callback = parse_phone(data.callback_phone, "callback_phone") if data.callback_phone else None
    problem = reference_data(session).problem(data.problem_code)
    session.flush()  # these Core statements must see what the session still holds
    conn = session.connection()
    building = conn.execute(_BUILDING_AND_REPEAT, {"building_id": data.building_id,
                                                   "problem_id": problem.id}).first()
    if building is None:
        raise ApiError(422, "unknown_building", f"Невідомий будинок (id {data.building_id})",
                       "building_id")
    caller = _caller(conn, phone, data.full_name, building.id, data.flat)
    if not caller.knows_address:
        conn.execute(insert(_addresses).values(citizen_id=caller.id, building_id=building.id,
                                               flat=data.flat))
    if data.link_to is not None:
        return _join_existing(session, data, caller, actor)

    now = utcnow()
    executor = reference_data(session).executor_for(problem, building.district)
    values = {
        "citizen_id": caller.id, "callback_phone": callback,
        "channel": channel or data.channel, "status": AppealStatus.REGISTERED.value,
        "problem_id": problem.id, "building_id": building.id, "flat": data.flat,
        "entrance": data.entrance, "description": data.description.strip(),
        "executor_id": executor.id if executor else None,
        "deadline": add_working_days(now, problem.term_days),
        "repeat_of_id": building.repeat_id, "sip_call_id": data.sip_call_id,
        "operator_id": actor.user_id, "api_key_id": actor.api_key_id,
    }
    appeal_id, number = _insert_appeal(conn, values, actor, now)
    return Registration(appeal_id, created=True,
                        body=_answer(appeal_id, number, values, problem, building, caller,
                                     executor, actor, now))

