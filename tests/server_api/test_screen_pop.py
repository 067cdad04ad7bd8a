"""The screen pop: one round trip with the caller's history, the building's open
appeals, outages, KB suggestions, and an audit row without the phone in clear."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from server_api.db import make_engine, make_session_factory, session_scope, utcnow
from server_api.models import AuditEntry

Headers = dict[str, str]
CALLER = "+380501234501"
NEIGHBOUR = "+380501234502"


def _appeal(client: TestClient, headers: Headers, phone: str, building_id: int,
            problem_code: str) -> dict[str, object]:
    response = client.post("/api/v1/appeals", headers=headers, json={
        "phone": phone, "full_name": "Марія Абонентка", "problem_code": problem_code,
        "building_id": building_id, "flat": "5", "description": "Опис проблеми"})
    assert response.status_code == 201, response.text
    result: dict[str, object] = response.json()
    return result


def test_screen_pop_contents(client: TestClient, auth: dict[str, Headers],
                             database_url: str) -> None:
    op = auth["operator"]
    home, other = client.get("/api/v1/buildings", params={"q": "просп", "limit": 2},
                             headers=op).json()
    older = _appeal(client, op, CALLER, home["id"], "3.4")
    newer = _appeal(client, op, CALLER, other["id"], "8.1")
    neighbours = _appeal(client, op, NEIGHBOUR, home["id"], "2.1")
    now = utcnow()
    outage = client.post("/api/v1/outages", headers=auth["lead"], json={
        "kind": "planned_works", "service": "hot_water", "building_id": home["id"],
        "starts_at": now.isoformat(), "ends_at": (now + timedelta(days=3)).isoformat(),
        "description": "Гідравлічні випробування"})
    assert outage.status_code == 201, outage.text
    client.post("/api/v1/outages", headers=auth["lead"], json={
        "kind": "outage", "service": "heating", "building_id": home["id"],
        "starts_at": (now - timedelta(days=3)).isoformat(),
        "ends_at": (now - timedelta(days=1)).isoformat()})  # over: not shown

    pop = client.get("/api/v1/screen-pop", params={"phone": "050 123 45 01"}, headers=op)
    assert pop.status_code == 200
    body = pop.json()
    assert body["phone"] == CALLER
    assert [c["full_name"] for c in body["citizens"]] == ["Марія Абонентка"]
    assert {b["id"] for b in body["citizens"][0]["buildings"]} == {home["id"], other["id"]}
    assert [a["id"] for a in body["appeals"]] == [newer["id"], older["id"]]
    assert [a["id"] for a in body["building_appeals"]] == [neighbours["id"]]
    assert [(o["service"], o["building"]["id"]) for o in body["outages"]] == [
        ("hot_water", home["id"])]
    titles = [a["title"] for a in body["kb_suggestions"]]
    assert 1 <= len(titles) <= 3
    assert titles[0] == "Чому влітку відключають гарячу воду"

    engine = make_engine(database_url)
    with session_scope(make_session_factory(engine)) as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "screen_pop")
                                .order_by(AuditEntry.id.desc())).first()
        assert entry is not None
        assert entry.actor == "operator"
        assert CALLER not in str(entry.detail)
        assert entry.detail["phone"].endswith("01")
    engine.dispose()


def test_unknown_and_bad_numbers(client: TestClient, auth: dict[str, Headers]) -> None:
    empty = client.get("/api/v1/screen-pop", params={"phone": "0449998877"},
                       headers=auth["operator"])
    assert empty.status_code == 200
    body = empty.json()
    assert body["citizens"] == body["appeals"] == body["building_appeals"] == []
    assert body["outages"] == body["kb_suggestions"] == []
    bad = client.get("/api/v1/screen-pop", params={"phone": "anonymous"},
                     headers=auth["operator"])
    assert bad.status_code == 422
    assert bad.json()["code"] == "invalid_phone"
