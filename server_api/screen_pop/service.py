"""The screen pop: everything the operator needs about a caller, in one call.

A handful of indexed lookups (phone → citizens → appeals; buildings → open
appeals; buildings/districts → outages; topics → precomputed KB suggestions);
no full-text search and no scans, so it stays fast with millions of appeals.

On PostgreSQL all of it, the audit row included, is one statement
(screen_pop.sql): one round trip, and rows come back as a few JSON arrays
instead of dozens of result rows for SQLAlchemy to wrap. SQLite (the embedded
default, in-process) runs the same lookups one by one. Both feed the same
assembly, so the answer has one shape and one order.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import ARRAY, Integer, bindparam, func, select, true
from sqlalchemy.orm import Session

from kc1551_common.phones import mask_phone
from server_api import audit
from server_api.appeals.service import (
    BRIEF_COLUMNS,
    AnyRow,
    AnySelect,
    brief_from_row,
    building_dict,
    parse_phone,
)
from server_api.auth.service import Actor
from server_api.db import load_sql, psycopg_sql, run_on_driver, utcnow
from server_api.kb.service import SNIPPET_CHARS, SUGGESTIONS_PER_TOPIC
from server_api.models import (
    OPEN_STATUSES,
    Appeal,
    Building,
    Citizen,
    CitizenAddress,
    CitizenPhone,
    KbArticle,
    KbSuggestion,
)
from server_api.outages.service import outage_dict, outages_for

POP_APPEALS = 20
POP_BUILDINGS = 10


def _newest_open_at(building_id: Any) -> AnySelect:
    """Newest open appeals at one building, without the callers' (:excluded)."""
    return (BRIEF_COLUMNS.where(Appeal.building_id == building_id,
                                Appeal.status.in_(OPEN_STATUSES),
                                Appeal.citizen_id.not_in(bindparam("excluded", expanding=True)))
            .order_by(Appeal.created_at.desc()).limit(POP_APPEALS))


# Built once: composing these per call cost about as much Python as running them.
_OWN_APPEALS = (BRIEF_COLUMNS.where(Appeal.citizen_id.in_(bindparam("citizen_ids",
                                                                     expanding=True)))
                .order_by(Appeal.created_at.desc(), Appeal.id.desc()).limit(POP_APPEALS))
_OPEN_AT_ONE = _newest_open_at(bindparam("building_id"))
_WANTED = select(func.unnest(bindparam("building_ids", type_=ARRAY(Integer))).label("id")
                 ).subquery("wanted")
_PER_BUILDING = _newest_open_at(_WANTED.c.id).lateral("per_building")
_OPEN_AT_ALL = (select(_PER_BUILDING).select_from(_WANTED).join(_PER_BUILDING, true())
                .order_by(_PER_BUILDING.c.created_at.desc(), _PER_BUILDING.c.id.desc())
                .limit(POP_APPEALS))


def _open_at_buildings(session: Session, building_ids: list[int],
                       excluded_citizens: list[int]) -> list[AnyRow]:
    """Newest open appeals at these buildings, not the caller's own.

    Per building, so the partial index ix_appeals_open_building_created is
    read in order and stops after the limit (an IN list made PostgreSQL walk
    all appeals by date). PostgreSQL does it in one statement with a LATERAL
    subquery per building; SQLite, which has no LATERAL, one query each.
    """
    if not building_ids:
        return []
    if session.get_bind().dialect.name == "postgresql":
        return list(session.execute(_OPEN_AT_ALL, {"building_ids": building_ids,
                                                   "excluded": excluded_citizens}))
    found: list[AnyRow] = []
    for building_id in building_ids:
        found += session.execute(_OPEN_AT_ONE, {"building_id": building_id,
                                                "excluded": excluded_citizens})
    found.sort(key=lambda row: (row.created_at, row.id), reverse=True)
    return found[:POP_APPEALS]


_SUGGESTED = (
    select(KbSuggestion.topic, KbSuggestion.rank, KbArticle.id, KbArticle.title,
           KbArticle.sphere, func.substr(KbArticle.body, 1, SNIPPET_CHARS).label("snippet"))
    .join(KbArticle, KbArticle.id == KbSuggestion.article_id)
    .where(KbSuggestion.topic.in_(bindparam("topics", expanding=True))))


def _pick_suggestions(rows: list[Any], topics: list[str]) -> list[dict[str, Any]]:
    """The first articles of the most relevant topics, each article once."""
    rows = [row for row in rows if row.topic in topics]
    priority = {topic: i for i, topic in enumerate(topics)}
    rows.sort(key=lambda r: (priority[r.topic], r.rank))
    picked: dict[int, dict[str, Any]] = {}
    for row in rows:
        if row.id not in picked:
            picked[row.id] = {"id": row.id, "title": row.title, "sphere": row.sphere,
                              "snippet": row.snippet,
                              "score": round(1.0 / (1 + priority[row.topic] + row.rank), 4)}
        if len(picked) == SUGGESTIONS_PER_TOPIC:
            break
    return list(picked.values())


_CALLERS = (select(Citizen.id, Citizen.full_name)
            .where(Citizen.id.in_(select(CitizenPhone.citizen_id)
                                  .where(CitizenPhone.phone == bindparam("phone"))))
            .order_by(Citizen.id).limit(10).subquery("callers"))
_CALLERS_WITH_PHONES_AND_ADDRESSES = (
    select(_CALLERS.c.id.label("citizen_id"), _CALLERS.c.full_name,
           CitizenPhone.id.label("phone_id"), CitizenPhone.phone,
           CitizenAddress.id.label("address_id"), Building.id, Building.street,
           Building.house, Building.district)
    .select_from(_CALLERS)
    .outerjoin(CitizenPhone, CitizenPhone.citizen_id == _CALLERS.c.id)
    .outerjoin(CitizenAddress, CitizenAddress.citizen_id == _CALLERS.c.id)
    .outerjoin(Building, Building.id == CitizenAddress.building_id)
    .order_by(_CALLERS.c.id, CitizenPhone.id, CitizenAddress.id))


def _citizens(session: Session, phone: str) -> list[dict[str, Any]]:
    """Citizens with this phone, their phones and home buildings, in one statement.

    One row per (citizen, phone, address): a caller has a few of each, so the
    product is small and saves two round trips.
    """
    rows = session.execute(_CALLERS_WITH_PHONES_AND_ADDRESSES, {"phone": phone}).all()
    found: dict[int, dict[str, Any]] = {}
    phones: dict[int, dict[int, str]] = {}
    addresses: dict[int, dict[int, dict[str, Any]]] = {}
    for row in rows:
        found.setdefault(row.citizen_id, {"id": row.citizen_id, "full_name": row.full_name})
        if row.phone_id is not None:
            phones.setdefault(row.citizen_id, {})[row.phone_id] = row.phone
        if row.address_id is not None:
            addresses.setdefault(row.citizen_id, {})[row.address_id] = building_dict(row)
    for citizen_id, citizen in found.items():
        citizen["phones"] = [phones[citizen_id][k] for k in sorted(phones.get(citizen_id, {}))]
        citizen["buildings"] = [addresses[citizen_id][k]
                                for k in sorted(addresses.get(citizen_id, {}))]
    return list(found.values())


class _Rows(NamedTuple):
    """What one pop reads, whichever database it came from."""

    citizens: list[dict[str, Any]]
    own: list[Any]  # BRIEF_COLUMNS rows, newest first
    nearby: list[Any]
    outages: list[dict[str, Any]]  # outage_dict shapes
    suggested: list[Any]  # _SUGGESTED rows for every topic the rest brings up


def _read_portable(session: Session, phone: str, now: datetime) -> _Rows:
    citizens = _citizens(session, phone)
    citizen_ids = [c["id"] for c in citizens]
    districts = {b["id"]: b["district"] for c in citizens for b in c["buildings"]}
    own: list[AnyRow] = []
    if citizen_ids:
        own = list(session.execute(_OWN_APPEALS, {"citizen_ids": citizen_ids}))
    for row in own:
        districts.setdefault(row.building_id, row.district)
    nearby = _open_at_buildings(session, list(districts)[:POP_BUILDINGS], citizen_ids)
    outages = [outage_dict(o) for o in
               outages_for(session, list(districts), set(districts.values()), now)]
    topics = {f"service:{o['service']}" for o in outages}
    topics |= {f"problem:{row.problem_code}" for row in (*own, *nearby)}
    suggested = (list(session.execute(_SUGGESTED, {"topics": sorted(topics)}).all())
                 if topics else [])
    return _Rows(citizens, own, nearby, outages, suggested)


POP_STATEMENT = load_sql(Path(__file__).with_name("screen_pop.sql"))
POP_SQL = psycopg_sql(POP_STATEMENT)


class _BriefRow(NamedTuple):
    """A BRIEF_COLUMNS row, from the statement's JSON object."""

    id: int
    number: str
    status: str
    flat: str | None
    entrance: str | None
    created_at: Any  # ISO text in the JSON, a datetime once read
    deadline: Any
    description: str
    citizen_id: int
    problem_code: str
    problem_name: str
    sphere_name: str
    building_id: int
    street: str
    house: str
    district: str
    executor_name: str | None


class _SuggestedRow(NamedTuple):
    topic: str
    rank: int
    id: int
    title: str
    sphere: str
    snippet: str


class _Building(NamedTuple):
    id: int
    street: str
    house: str
    district: str


def _timestamp(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(UTC)


def _brief_row(values: dict[str, Any]) -> _BriefRow:
    row = _BriefRow(**values)
    return row._replace(created_at=_timestamp(row.created_at),
                        deadline=_timestamp(row.deadline))


def _read_postgresql(session: Session, phone: str, now: datetime, actor: Actor) -> _Rows:
    """Everything, and the audit row, in one statement (screen_pop.sql)."""
    [got] = run_on_driver(session, POP_SQL, {
        "phone": phone, "now": now, "pop_appeals": POP_APPEALS,
        "pop_buildings": POP_BUILDINGS, "snippet_chars": SNIPPET_CHARS,
        "actor": actor.label, "masked_phone": mask_phone(phone)})
    phones: dict[int, list[str]] = {}
    for citizen_id, number in got.phones:
        phones.setdefault(citizen_id, []).append(number)
    homes: dict[int, list[dict[str, Any]]] = {}
    for citizen_id, building_id, street, house, district in got.homes:
        homes.setdefault(citizen_id, []).append(building_dict(
            _Building(building_id, street, house, district)))
    citizens = [{"id": citizen_id, "full_name": full_name,
                 "phones": phones.get(citizen_id, []), "buildings": homes.get(citizen_id, [])}
                for citizen_id, full_name in got.callers]
    outages = [{"id": o["id"], "kind": o["kind"], "service": o["service"],
                "building": (building_dict(_Building(o["building_id"], o["street"], o["house"],
                                                     o["building_district"]))
                             if o["building_id"] is not None else None),
                "district": o["district"], "starts_at": _timestamp(o["starts_at"]).isoformat(),
                "ends_at": _timestamp(o["ends_at"]).isoformat(),
                "description": o["description"], "executor_name": o["executor_name"]}
               for o in got.outages]
    return _Rows(citizens, [_brief_row(r) for r in got.own],
                 [_brief_row(r) for r in got.nearby], outages,
                 [_SuggestedRow._make(r) for r in got.suggested])


def screen_pop(session: Session, raw_phone: str, actor: Actor, *,
               one_statement: bool | None = None) -> dict[str, Any]:
    """The pop for this caller's number, and the audit row saying who saw it. Never commits.

    one_statement: PostgreSQL's single statement (the default there) or the
    portable lookups (the only choice on SQLite; the tests compare the two).
    """
    phone = parse_phone(raw_phone)
    now = utcnow()
    if one_statement is None:
        one_statement = session.get_bind().dialect.name == "postgresql"
    if one_statement:
        rows = _read_postgresql(session, phone, now, actor)
    else:
        rows = _read_portable(session, phone, now)
        citizen_ids = [c["id"] for c in rows.citizens]
        audit.record(session, actor, "screen_pop", "citizen",
                     citizen_ids[0] if citizen_ids else None,
                     phone=mask_phone(phone), citizens=citizen_ids)
    # Most relevant first: what is broken now, then the caller's open, then recent topics.
    topics = [f"service:{o['service']}" for o in rows.outages]
    topics += [f"problem:{row.problem_code}" for row in rows.own if row.status in OPEN_STATUSES]
    topics += [f"problem:{row.problem_code}" for row in (*rows.nearby, *rows.own)]
    return {
        "phone": phone,
        "citizens": rows.citizens,
        "appeals": [brief_from_row(row, now) for row in rows.own],
        "building_appeals": [brief_from_row(row, now) for row in rows.nearby],
        "outages": rows.outages,
        "kb_suggestions": _pick_suggestions(rows.suggested, list(dict.fromkeys(topics))),
    }
