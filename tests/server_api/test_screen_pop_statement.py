"""PostgreSQL's one-statement screen pop answers exactly what the portable lookups
answer (those are what SQLite runs), on data that exercises every part of it:
shared phones, several homes, more buildings than the pop reads, district-wide
and finished outages, closed and cancelled appeals, KB topics from all three."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, func, select

from server_api.auth.service import Actor
from server_api.db import session_scope, utcnow
from server_api.models import AuditEntry, Citizen, CitizenAddress, CitizenPhone
from server_api.screen_pop.service import POP_BUILDINGS, POP_SQL, screen_pop
from tests.fixtures.servers import fresh_postgres_database

Headers = dict[str, str]
SHARED = "+380671550001"  # two citizens of one family share this phone
LONELY = "+380671550002"
NEIGHBOUR = "+380671550003"
TRAVELLER = "+380671550004"  # calls about buildings that are not their home
OPERATOR = Actor(label="operator", role="operator", user_id=1)


@pytest.fixture(scope="module")
def database_url(postgres_url: str) -> str:
    """Only PostgreSQL here: it is the one with two ways to answer."""
    return fresh_postgres_database(postgres_url)


def _register(client: TestClient, headers: Headers, phone: str, building_id: int,
              problem_code: str, full_name: str, flat: str = "1") -> dict[str, Any]:
    response = client.post("/api/v1/appeals", headers=headers, json={
        "phone": phone, "full_name": full_name, "problem_code": problem_code,
        "building_id": building_id, "flat": flat, "description": "Опис"})
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    return body


def _scenario(client: TestClient, auth: dict[str, Headers]) -> None:
    op, lead = auth["operator"], auth["lead"]
    buildings = client.get("/api/v1/buildings", params={"q": "вул", "limit": 20},
                           headers=op).json()
    assert len(buildings) > POP_BUILDINGS + 2
    problems = ["3.4", "8.1", "2.1", "3.18", "1.1"]
    # The family: each has a home of their own and the shared phone; one calls about
    # more buildings than the pop reads.
    for i, building in enumerate(buildings[:POP_BUILDINGS + 2]):
        _register(client, op, SHARED, building["id"], problems[i % len(problems)],
                  "Олена Сімейна", flat=str(i))
    # The API gives a known phone's appeals to the citizen it already knows: the second
    # holder of the phone is added as the desktop's citizen card would.
    with session_scope(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        session.add(Citizen(full_name="Петро Сімейний", phones=[CitizenPhone(phone=SHARED)]))
    _register(client, op, SHARED, buildings[0]["id"], "8.1", "Петро Сімейний", flat="7")
    _register(client, op, LONELY, buildings[3]["id"], "3.4", "Самотній Заявник")
    for i, building in enumerate(reversed(buildings[:POP_BUILDINGS + 2])):
        _register(client, op, TRAVELLER, building["id"], problems[i % 5], "Мандрівник")
    with session_scope(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        # Registration remembers every building as an address; older records do not.
        traveller = session.scalars(select(CitizenPhone.citizen_id)
                                    .where(CitizenPhone.phone == TRAVELLER)).one()
        session.execute(delete(CitizenAddress).where(
            CitizenAddress.citizen_id == traveller,
            CitizenAddress.building_id != buildings[5]["id"]))
    # Neighbours with open, closed and cancelled appeals at those buildings.
    for i, building in enumerate(buildings[:POP_BUILDINGS + 2]):
        appeal = _register(client, op, NEIGHBOUR, building["id"], problems[(i + 2) % 5],
                           "Сусідка")
        if i % 3 == 1:
            for step in ("in_work", "awaiting_verification", "closed"):
                moved = client.post(f"/api/v1/appeals/{appeal['id']}/transition",
                                    headers=lead, json={"to": step})
                assert moved.status_code == 200, moved.text
        elif i % 3 == 2:
            cancelled = client.post(f"/api/v1/appeals/{appeal['id']}/transition",
                                    headers=lead, json={"to": "cancelled"})
            assert cancelled.status_code == 200, cancelled.text
    now = utcnow()
    outages = [
        {"kind": "planned_works", "service": "hot_water", "building_id": buildings[0]["id"],
         "starts_at": now, "ends_at": now + timedelta(days=2)},
        {"kind": "outage", "service": "electricity", "district": buildings[1]["district"],
         "starts_at": now - timedelta(hours=2), "ends_at": now + timedelta(hours=5)},
        {"kind": "outage", "service": "heating", "building_id": buildings[2]["id"],
         "starts_at": now - timedelta(days=3), "ends_at": now - timedelta(days=1)},
        {"kind": "outage", "service": "lift", "building_id": buildings[-1]["id"],
         "starts_at": now, "ends_at": now + timedelta(days=1)},
    ]
    for outage in outages:
        created = client.post("/api/v1/outages", headers=lead, json={
            **outage, "starts_at": outage["starts_at"].isoformat(),
            "ends_at": outage["ends_at"].isoformat(), "description": "Роботи"})
        assert created.status_code == 201, created.text


@pytest.mark.parametrize("phone", [SHARED, LONELY, NEIGHBOUR, TRAVELLER, "+380441112233"])
def test_one_statement_answers_as_the_portable_lookups(
        client: TestClient, auth: dict[str, Headers], phone: str) -> None:
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with session_scope(factory) as session:
        if session.scalar(select(func.count()).select_from(AuditEntry)
                          .where(AuditEntry.action == "appeal_created")) == 0:
            _scenario(client, auth)
    with session_scope(factory) as session:
        portable = screen_pop(session, phone, OPERATOR, one_statement=False)
    with session_scope(factory) as session:
        single = screen_pop(session, phone, OPERATOR, one_statement=True)
    assert single == portable
    if phone == SHARED:
        assert len(single["citizens"]) == 2
        assert len(single["appeals"]) == POP_BUILDINGS + 3
        assert single["building_appeals"], "neighbours' open appeals are shown"
        assert {o["service"] for o in single["outages"]} == {"hot_water", "electricity"}
        assert single["kb_suggestions"]
    if phone == TRAVELLER:
        homes = single["citizens"][0]["buildings"]
        assert len(homes) == 1
        assert single["building_appeals"], "neighbours' open appeals are shown"


def test_one_statement_writes_the_audit_row(client: TestClient) -> None:
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    with session_scope(factory) as session:
        before = session.scalar(select(func.max(AuditEntry.id))) or 0
        body = screen_pop(session, SHARED, OPERATOR, one_statement=True)
    with session_scope(factory) as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.id > before)).one()
    ids = sorted(c["id"] for c in body["citizens"])
    assert (entry.actor, entry.action, entry.entity) == ("operator", "screen_pop", "citizen")
    assert entry.entity_id == str(ids[0])
    assert entry.detail == {"phone": "+38067*****01", "citizens": ids}


def test_statement_stays_short_enough_for_psycopg_to_keep_it_parsed() -> None:
    """psycopg keeps the parsed form of statements up to 4096 bytes only; a longer
    pop would be parsed again on every call."""
    assert "--" not in POP_SQL.sql
    assert len(POP_SQL.sql.encode()) <= 4096
