"""The screen pop: everything the operator needs about a caller, in one call.

A handful of indexed lookups (phone → citizens → appeals; buildings → open
appeals; buildings/districts → outages; topics → precomputed KB suggestions);
no full-text search and no scans, so it stays fast with millions of appeals.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ARRAY, Integer, func, literal, select, true
from sqlalchemy.orm import Session

from server_api.appeals.service import (
    BRIEF_COLUMNS,
    AnyRow,
    AnySelect,
    brief_from_row,
    building_dict,
    parse_phone,
)
from server_api.db import utcnow
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

    def newest_open(building_id: Any) -> AnySelect:
        stmt = BRIEF_COLUMNS.where(Appeal.building_id == building_id,
                                   Appeal.status.in_(OPEN_STATUSES))
        if excluded_citizens:
            stmt = stmt.where(Appeal.citizen_id.not_in(excluded_citizens))
        return stmt.order_by(Appeal.created_at.desc()).limit(POP_APPEALS)

    if session.get_bind().dialect.name == "postgresql":
        wanted = select(func.unnest(literal(building_ids, ARRAY(Integer))).label("id")
                        ).subquery("wanted")
        per_building = newest_open(wanted.c.id).lateral("per_building")
        found = list(session.execute(
            select(per_building).select_from(wanted).join(per_building, true())
            .order_by(per_building.c.created_at.desc(), per_building.c.id.desc())
            .limit(POP_APPEALS)))
        return found
    found = []
    for building_id in building_ids:
        found += session.execute(newest_open(building_id))
    found.sort(key=lambda row: (row.created_at, row.id), reverse=True)
    return found[:POP_APPEALS]


def _suggestions(session: Session, topics: list[str]) -> list[dict[str, Any]]:
    if not topics:
        return []
    rows = list(session.execute(
        select(KbSuggestion.topic, KbSuggestion.rank, KbArticle.id, KbArticle.title,
               KbArticle.sphere, func.substr(KbArticle.body, 1, SNIPPET_CHARS).label("snippet"))
        .join(KbArticle, KbArticle.id == KbSuggestion.article_id)
        .where(KbSuggestion.topic.in_(topics))).all())
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


def _citizens(session: Session, phone: str) -> list[dict[str, Any]]:
    """Citizens with this phone, their phones and home buildings, in one statement.

    One row per (citizen, phone, address): a caller has a few of each, so the
    product is small and saves two round trips.
    """
    callers = (select(Citizen.id, Citizen.full_name)
               .where(Citizen.id.in_(select(CitizenPhone.citizen_id)
                                     .where(CitizenPhone.phone == phone)))
               .order_by(Citizen.id).limit(10).subquery("callers"))
    rows = session.execute(
        select(callers.c.id.label("citizen_id"), callers.c.full_name,
               CitizenPhone.id.label("phone_id"), CitizenPhone.phone,
               CitizenAddress.id.label("address_id"), Building.id, Building.street,
               Building.house, Building.district)
        .select_from(callers)
        .outerjoin(CitizenPhone, CitizenPhone.citizen_id == callers.c.id)
        .outerjoin(CitizenAddress, CitizenAddress.citizen_id == callers.c.id)
        .outerjoin(Building, Building.id == CitizenAddress.building_id)
        .order_by(callers.c.id, CitizenPhone.id, CitizenAddress.id)).all()
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


def screen_pop(session: Session, raw_phone: str) -> dict[str, Any]:
    phone = parse_phone(raw_phone)
    now = utcnow()
    citizens = _citizens(session, phone)
    citizen_ids = [c["id"] for c in citizens]
    districts = {b["id"]: b["district"] for c in citizens for b in c["buildings"]}
    own: list[AnyRow] = []
    if citizen_ids:
        own = list(session.execute(
            BRIEF_COLUMNS.where(Appeal.citizen_id.in_(citizen_ids))
            .order_by(Appeal.created_at.desc(), Appeal.id.desc()).limit(POP_APPEALS)))
    for row in own:
        districts.setdefault(row.building_id, row.district)
    nearby = _open_at_buildings(session, list(districts)[:POP_BUILDINGS], citizen_ids)
    outages = outages_for(session, list(districts), set(districts.values()), now)
    # Most relevant first: what is broken now, then the caller's open, then recent topics.
    topics = [f"service:{o.service}" for o in outages]
    topics += [f"problem:{row.problem_code}" for row in own if row.status in OPEN_STATUSES]
    topics += [f"problem:{row.problem_code}" for row in (*nearby, *own)]
    return {
        "phone": phone,
        "citizens": citizens,
        "appeals": [brief_from_row(row, now) for row in own],
        "building_appeals": [brief_from_row(row, now) for row in nearby],
        "outages": [outage_dict(o) for o in outages],
        "kb_suggestions": _suggestions(session, list(dict.fromkeys(topics))),
    }
