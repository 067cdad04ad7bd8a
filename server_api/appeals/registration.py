"""Registering an appeal: the line's hot write path.

Every channel registers through create_appeal (the desktop's router, Open311,
the demo). On PostgreSQL it is one statement (registration.sql): the building,
the newest open repeat and the caller are read, and a new caller, their
address, the appeal with its number, its first history entry and the audit
row are written, in one round trip. Only when several citizens share the
phone does registration read them first, to choose by name. SQLite (the
embedded default, in-process) reads in one statement and writes row by row.
The problem and its executor come from the in-memory reference data, and the
answer is built from what registration already holds: nothing is read back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlalchemy import (
    Connection,
    CursorResult,
    bindparam,
    exists,
    insert,
    select,
    text,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from server_api import audit
from server_api.appeals.schemas import AppealCreate
from server_api.appeals.service import appeal_full, brief_from_row, parse_phone
from server_api.auth.service import Actor
from server_api.db import load_sql, psycopg_sql, run_on_driver, table_of, utcnow
from server_api.errors import ApiError
from server_api.models import (
    OPEN_STATUS_SQL,
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
from server_api.reference.cache import ProblemRef, ReferenceData, reference_data
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
           # Spelled out, not an IN of parameters: psycopg_sql() compiles it once.
           text(f"appeals.{OPEN_STATUS_SQL}"))
    .order_by(_appeals.c.created_at.desc(), _appeals.c.id.desc()).limit(1)
    .correlate(_buildings).scalar_subquery())
# Citizens with this phone, one row per phone of theirs.
_all_phones = _phones.alias("all_phones")
_CALLERS = (
    select(_citizens.c.id.label("citizen_id"), _citizens.c.full_name,
           _all_phones.c.id.label("phone_id"), _all_phones.c.phone,
           exists().where(_addresses.c.citizen_id == _citizens.c.id,
                          _addresses.c.building_id == bindparam("building_id"),
                          _addresses.c.flat.is_not_distinct_from(bindparam("flat")))
           .label("knows_address"))
    .select_from(_phones.join(_citizens, _citizens.c.id == _phones.c.citizen_id)
                 .join(_all_phones, _all_phones.c.citizen_id == _citizens.c.id))
    .where(_phones.c.phone == bindparam("phone"))
    .subquery("callers"))
# What registration reads, in one round trip: the building, the repeat, the callers.
_BUILDING_REPEAT_AND_CALLERS = (
    select(_buildings.c.id, _buildings.c.street, _buildings.c.house, _buildings.c.district,
           _repeat.c.id.label("repeat_id"), _repeat.c.number.label("repeat_number"),
           _CALLERS.c.citizen_id, _CALLERS.c.full_name, _CALLERS.c.phone,
           _CALLERS.c.knows_address)
    .select_from(_buildings.outerjoin(_repeat, _repeat.c.id == _NEWEST_OPEN_REPEAT_ID)
                 .outerjoin(_CALLERS, true()))
    .where(_buildings.c.id == bindparam("building_id"))
    .order_by(_CALLERS.c.citizen_id, _CALLERS.c.phone_id))

_READ_PG = psycopg_sql(_BUILDING_REPEAT_AND_CALLERS)
_REGISTER_PG = psycopg_sql(load_sql(Path(__file__).with_name("registration.sql")))


def appeal_number(year: int, appeal_id: int) -> str:
    """К-<year>-<id, at least 6 digits>: what the operator reads out to the caller."""
    return f"К-{year}-{appeal_id:06d}"


# --- steps -----------------------------------------------------------------------

def _inserted_id(result: CursorResult[Any]) -> int:
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


@dataclass(frozen=True)
class _CallerPlan:
    """Who is calling, and what registration must write about them."""

    known: _Caller | None  # None: a new citizen with this phone
    full_name: str  # the name to keep (a new citizen's, or a nameless one's new name)
    rename: bool
    add_address: bool


def _plan_caller(rows: list[Any], full_name: str | None) -> _CallerPlan:
    """The citizen with this phone (the one of that name, if several share it) or a new one."""
    found: dict[int, _Caller] = {}
    for row in rows:
        if row.citizen_id is not None:
            caller = found.setdefault(row.citizen_id, _Caller(
                row.citizen_id, row.full_name, [], bool(row.knows_address)))
            caller.phones.append(row.phone)
    name = (full_name or "").strip()
    candidates = list(found.values())
    if not candidates:
        return _CallerPlan(None, name, rename=False, add_address=True)
    chosen, rename = candidates[0], False
    if name:
        named = [c for c in candidates if c.full_name.casefold() == name.casefold()]
        if named:
            chosen = named[0]
        elif not chosen.full_name:
            rename = True
    return _CallerPlan(chosen, name if rename else chosen.full_name, rename,
                       add_address=not chosen.knows_address)


def _write_caller(conn: Connection, plan: _CallerPlan, phone: str, building_id: int,
                  flat: str | None) -> _Caller:
    """The caller's writes as separate statements (SQLite, and joining an appeal)."""
    if plan.known is None:
        citizen_id = _inserted_id(conn.execute(insert(_citizens).values(
            full_name=plan.full_name, created_at=utcnow())))
        conn.execute(insert(_phones).values(citizen_id=citizen_id, phone=phone))
        caller = _Caller(citizen_id, plan.full_name, [phone], knows_address=False)
    else:
        caller = plan.known
        if plan.rename:
            conn.execute(update(_citizens).where(_citizens.c.id == caller.id)
                         .values(full_name=plan.full_name))
    if plan.add_address:
        # Two desks registering for the same caller at once may both find it missing.
        dialect_insert = sqlite_insert if conn.dialect.name == "sqlite" else postgresql_insert
        conn.execute(dialect_insert(_addresses).values(
            citizen_id=caller.id, building_id=building_id, flat=flat).on_conflict_do_nothing())
    return _Caller(caller.id, plan.full_name, caller.phones, knows_address=True)


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


def _insert_appeal(conn: Connection, values: dict[str, Any], plan: _CallerPlan, phone: str,
                   actor: Actor, now: datetime) -> tuple[int, str, _Caller]:
    """Row by row (SQLite): the caller's writes, the appeal, its number, history, audit."""
    caller = _write_caller(conn, plan, phone, values["building_id"], values["flat"])
    appeal_id = _inserted_id(conn.execute(insert(_appeals).values(
        **values, citizen_id=caller.id, created_at=now, updated_at=now, rework_count=0)))
    number = appeal_number(now.year, appeal_id)
    conn.execute(update(_appeals).where(_appeals.c.id == appeal_id).values(number=number))
    conn.execute(insert(_history).values(appeal_id=appeal_id, at=now, from_status=None,
                                         to_status=values["status"], by=actor.label))
    conn.execute(insert(_audit).values(at=now, actor=actor.label, action="appeal_created",
                                       entity="appeal", entity_id=str(appeal_id),
                                       detail={"repeat_of": values["repeat_of_id"]}))
    return appeal_id, number, caller


def _register_on_postgresql(session: Session, data: AppealCreate, phone: str,
                            problem: ProblemRef, reference: ReferenceData,
                            values: dict[str, Any], actor: Actor,
                            now: datetime) -> Registration:
    """The whole registration as one statement (registration.sql)."""
    routes, default_executor = reference.executor_routes(problem)
    params = {**values, "phone": phone, "full_name": (data.full_name or "").strip(),
              "citizen_id": None, "executors": routes,
              "default_executor_id": default_executor, "number_prefix": f"К-{now.year}-",
              "now": now, "actor": actor.label}
    [row] = run_on_driver(session, _REGISTER_PG, params)
    if row.appeal_id is None and row.id is not None and row.callers_found > 1:
        # Several citizens share the phone: the one of the given name, as on SQLite.
        plan = _plan_caller(run_on_driver(session, _READ_PG, {
            "building_id": data.building_id, "problem_id": problem.id, "phone": phone,
            "flat": data.flat}), data.full_name)
        assert plan.known is not None
        [row] = run_on_driver(session, _REGISTER_PG, {**params, "citizen_id": plan.known.id})
    if row.appeal_id is None:
        raise _unknown_building(data.building_id)
    caller = _Caller(row.citizen_id, row.full_name, list(row.phones), knows_address=True)
    return Registration(row.appeal_id, created=True, body=_answer(
        row.appeal_id, row.number, values, problem, row, caller,
        reference.executor(row.executor_id), actor, now))


def _unknown_building(building_id: int) -> ApiError:
    return ApiError(422, "unknown_building", f"Невідомий будинок (id {building_id})",
                    "building_id")


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
        "verifications": [],
    }


def create_appeal(session: Session, data: AppealCreate, actor: Actor,
                  channel: str | None = None) -> Registration:
    """Register an appeal, or join the caller to the open one named by link_to.

    An open appeal with the same building and problem makes the new one a
    repeat (repeat_of set), never a silent duplicate. Never commits.
    """
    phone = parse_phone(data.phone)
    callback = parse_phone(data.callback_phone, "callback_phone") if data.callback_phone else None
    reference = reference_data(session)
    problem = reference.problem(data.problem_code)
    session.flush()  # these Core statements must see what the session still holds
    conn = session.connection()
    now = utcnow()
    values = {
        "callback_phone": callback, "channel": channel or data.channel,
        "status": AppealStatus.REGISTERED.value, "problem_id": problem.id,
        "building_id": data.building_id, "flat": data.flat, "entrance": data.entrance,
        "description": data.description.strip(),
        "deadline": add_working_days(now, problem.term_days),
        "sip_call_id": data.sip_call_id, "operator_id": actor.user_id,
        "api_key_id": actor.api_key_id,
    }
    on_postgresql = conn.dialect.name == "postgresql"
    if on_postgresql and data.link_to is None:
        return _register_on_postgresql(session, data, phone, problem, reference, values,
                                       actor, now)
    read = {"building_id": data.building_id, "problem_id": problem.id, "phone": phone,
            "flat": data.flat}
    rows: list[Any]
    if on_postgresql:
        rows = run_on_driver(session, _READ_PG, read)
    else:
        rows = list(conn.execute(_BUILDING_REPEAT_AND_CALLERS, read))
    if not rows:
        raise _unknown_building(data.building_id)
    building = rows[0]
    plan = _plan_caller(rows, data.full_name)
    if data.link_to is not None:
        caller = _write_caller(conn, plan, phone, building.id, data.flat)
        return _join_existing(session, data, caller, actor)

    executor = reference.executor_for(problem, building.district)
    values |= {"executor_id": executor.id if executor else None,
               "repeat_of_id": building.repeat_id}
    appeal_id, number, caller = _insert_appeal(conn, values, plan, phone, actor, now)
    return Registration(appeal_id, created=True,
                        body=_answer(appeal_id, number, values, problem, building, caller,
                                     executor, actor, now))
