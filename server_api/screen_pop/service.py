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
    """Citizens with this phone, their phones and home buildings: plain column rows."""
    found = {row.id: {"id": row.id, "full_name": row.full_name, "phones": [], "buildings": []}
             for row in session.execute(
                 select(Citizen.id, Citizen.full_name).where(Citizen.id.in_(
                     select(CitizenPhone.citizen_id).where(CitizenPhone.phone == phone)))
                 .order_by(Citizen.id).limit(10))}
    if found:
        for phone_row in session.execute(
                select(CitizenPhone.citizen_id, CitizenPhone.phone)
                .where(CitizenPhone.citizen_id.in_(list(found))).order_by(CitizenPhone.id)):
            found[phone_row.citizen_id]["phones"].append(phone_row.phone)
        for address in session.execute(
                select(CitizenAddress.citizen_id, Building.id, Building.street, Building.house,
                       Building.district)
                .join(Building, Building.id == CitizenAddress.building_id)
                .where(CitizenAddress.citizen_id.in_(list(found))).order_by(CitizenAddress.id)):
            found[address.citizen_id]["buildings"].append(building_dict(address))
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
