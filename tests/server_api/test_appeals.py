"""Appeals over HTTP: registration, repeats, link_to, transitions, rework, verification,
idempotency and error bodies, on PostgreSQL and SQLite."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from server_api.db import session_scope
from server_api.models import Citizen, CitizenPhone
from tests.server_api.conftest import find_building

Headers = dict[str, str]


@pytest.fixture(scope="module")
def buildings(client: TestClient, auth: dict[str, Headers]) -> list[dict[str, Any]]:
    """Distinct buildings, so each test starts at a building with no appeals."""
    found: list[dict[str, Any]] = client.get(
        "/api/v1/buildings", params={"q": "вул", "limit": 100}, headers=auth["operator"]).json()
    assert len(found) >= 30
    return found


def register(client: TestClient, headers: Headers, building_id: int | None = None, *,
             phone: str = "067 111 22 33", problem_code: str = "3.4", key: str | None = None,
             **extra: Any) -> Any:
    body = {"phone": phone, "full_name": "Іван Тестовий", "problem_code": problem_code,
            "building_id": building_id, "flat": "12", "description": "Немає гарячої води",
            **extra}
    hdrs = {**headers, **({"Idempotency-Key": key} if key else {})}
    return client.post("/api/v1/appeals", json=body, headers=hdrs)


def move(client: TestClient, headers: Headers, appeal_id: int, to: str) -> Any:
    return client.post(f"/api/v1/appeals/{appeal_id}/transition", json={"to": to},
                       headers=headers)


def test_register_routes_to_district_housing_office(client: TestClient,
                                                   auth: dict[str, Headers],
                                                   buildings: list[dict[str, Any]]) -> None:
    building = buildings[0]
    classifier = client.get("/api/v1/classifier", headers=auth["operator"]).json()
    problem = next(p for s in classifier for p in s["problems"] if p["code"] == "3.4")
    response = register(client, auth["operator"], building["id"], sip_call_id="abc@pbx")
    assert response.status_code == 201, response.text
    appeal = response.json()
    assert appeal["number"].startswith("К-")
    assert appeal["status"] == "registered"
    assert appeal["overdue"] is False
    assert appeal["citizen"]["phones"] == ["+380671112233"]
    assert appeal["operator"] == "operator"
    assert appeal["channel"] == "call"
    assert appeal["sip_call_id"] == "abc@pbx"
    assert appeal["repeat_of"] is None
    assert appeal["history"][0]["to_status"] == "registered"
    assert appeal["problem_name"] == problem["name"]
    executors = client.get("/api/v1/executors", headers=auth["operator"]).json()
    executor = next(e for e in executors if e["id"] == appeal["executor"]["id"])
    assert executor["kind"] == "housing_office"
    assert executor["district"] == building["district"]
    by_number = client.get(f"/api/v1/appeals/{appeal['number']}", headers=auth["operator"])
    # The answer is built from the session, not read back: it must be what was stored.
    assert by_number.json() == appeal


def test_caller_found_created_named_and_addressed(client: TestClient,
                                                 auth: dict[str, Headers],
                                                 buildings: list[dict[str, Any]]) -> None:
    """Registration's citizen rules, each answer equal to what is stored."""
    op = auth["operator"]
    home, work = buildings[25]["id"], buildings[26]["id"]

    def registered(building_id: int, phone: str, **extra: Any) -> dict[str, Any]:
        response = register(client, op, building_id, phone=phone, **extra)
        assert response.status_code == 201, response.text
        appeal: dict[str, Any] = response.json()
        stored = client.get(f"/api/v1/appeals/{appeal['id']}", headers=op).json()
        assert stored == appeal
        return appeal

    def homes(phone: str) -> list[tuple[int, str]]:
        pop = client.get("/api/v1/screen-pop", params={"phone": phone}, headers=op).json()
        return [(c["id"], b["id"]) for c in pop["citizens"] for b in c["buildings"]]

    first = registered(home, "063 555 00 01", full_name=None)  # a new caller, no name
    assert first["citizen"]["full_name"] == ""
    assert first["citizen"]["phones"] == ["+380635550001"]
    citizen = first["citizen"]["id"]
    assert homes("+380635550001") == [(citizen, home)]
    again = registered(home, "+380635550001", full_name="Богдана Іванівна")
    assert again["citizen"] == {"id": citizen, "full_name": "Богдана Іванівна",
                                "phones": ["+380635550001"]}
    assert homes("+380635550001") == [(citizen, home)], "the same flat is not added twice"
    registered(work, "0635550001", full_name="богдана іванівна")
    assert homes("+380635550001") == [(citizen, home), (citizen, work)]
    # Someone else giving another name on that phone does not rename Bohdana.
    other = registered(home, "0635550001", full_name="Хтось Інший")
    assert other["citizen"]["full_name"] == "Богдана Іванівна"
    # A family sharing the phone: the appeal goes to the one who gave their name.
    with session_scope(client.app.state.session_factory) as session:  # type: ignore[attr-defined]
        son = Citizen(full_name="Тарас Іванович", phones=[CitizenPhone(phone="+380635550001")])
        session.add(son)
        session.flush()
        son_id = son.id
    by_name = registered(work, "0635550001", full_name="тарас іванович")
    assert by_name["citizen"]["id"] == son_id
    assert by_name["citizen"]["full_name"] == "Тарас Іванович"
    unnamed = registered(work, "0635550001", full_name="Гість")
    assert unnamed["citizen"]["id"] == citizen, "no name matches: the first citizen"


def test_repeat_is_linked_and_link_to_joins(client: TestClient, auth: dict[str, Headers],
                                            buildings: list[dict[str, Any]]) -> None:
    building_id = buildings[1]["id"]
    first = register(client, auth["operator"], building_id).json()
    preview = client.get("/api/v1/appeals/preview",
                         params={"problem_code": "3.4", "building_id": building_id},
                         headers=auth["operator"]).json()
    assert [r["id"] for r in preview["repeats"]] == [first["id"]]
    assert preview["executor"]["id"] == first["executor"]["id"]

    no_building = client.get("/api/v1/appeals/preview", params={"problem_code": "3.1"},
                             headers=auth["operator"]).json()
    assert no_building["repeats"] == []
    assert no_building["executor"]["name"]  # 3.1 goes to a fixed executor (lift service)

    second = register(client, auth["operator2"], building_id, phone="050 222 33 44")
    assert second.status_code == 201
    assert second.json()["repeat_of"] == {"id": first["id"], "number": first["number"]}
    stored = client.get(f"/api/v1/appeals/{second.json()['id']}", headers=auth["operator"])
    assert stored.json() == second.json()

    joined = register(client, auth["operator2"], building_id, phone="063 555 66 77",
                      link_to=first["id"])
    assert joined.status_code == 200
    assert joined.json()["id"] == first["id"]
    assert joined.json()["co_applicants"] == 1
    listing = client.get("/api/v1/appeals", params={"building_id": building_id},
                         headers=auth["operator"]).json()
    assert listing["total"] == 2  # the link created nothing new


def test_transitions_allowed_and_refused(client: TestClient, auth: dict[str, Headers],
                                         buildings: list[dict[str, Any]]) -> None:
    appeal_id = register(client, auth["operator"], buildings[2]["id"]).json()["id"]
    refused = move(client, auth["feedback"], appeal_id, "closed")
    assert refused.status_code == 409
    assert refused.json()["code"] == "transition_not_allowed"
    assert move(client, auth["operator"], appeal_id, "in_work").status_code == 403
    assert move(client, auth["feedback"], appeal_id, "cancelled").status_code == 403
    for to in ("in_work", "awaiting_verification", "closed"):
        response = move(client, auth["feedback"], appeal_id, to)
        assert response.status_code == 200, response.text
        assert response.json()["status"] == to
    history = response.json()["history"]
    assert [h["to_status"] for h in history] == ["registered", "in_work",
                                                 "awaiting_verification", "closed"]
    assert history[-1]["by"] == "feedback"
    assert move(client, auth["lead"], appeal_id, "in_work").json()["code"] == (
        "transition_not_allowed")
    other = register(client, auth["operator"], buildings[3]["id"]).json()["id"]
    assert move(client, auth["lead"], other, "cancelled").json()["status"] == "cancelled"


def test_rework_limit_needs_shift_lead(client: TestClient, auth: dict[str, Headers],
                                       buildings: list[dict[str, Any]]) -> None:
    appeal_id = register(client, auth["operator"], buildings[4]["id"]).json()["id"]
    move(client, auth["feedback"], appeal_id, "in_work")
    for expected_count in (1, 2):
        move(client, auth["feedback"], appeal_id, "awaiting_verification")
        reworked = move(client, auth["feedback"], appeal_id, "in_work")
        assert reworked.json()["rework_count"] == expected_count
    move(client, auth["feedback"], appeal_id, "awaiting_verification")
    third = move(client, auth["feedback"], appeal_id, "in_work")
    assert third.status_code == 409
    assert third.json()["code"] == "rework_limit"
    by_lead = move(client, auth["lead"], appeal_id, "in_work")
    assert by_lead.status_code == 200
    assert by_lead.json()["rework_count"] == 3


def test_verification_rounds(client: TestClient, auth: dict[str, Headers],
                             buildings: list[dict[str, Any]]) -> None:
    appeal_id = register(client, auth["operator"], buildings[5]["id"]).json()["id"]
    url = f"/api/v1/appeals/{appeal_id}/verifications"
    early = client.post(url, json={"outcome": "confirmed"}, headers=auth["feedback"])
    assert early.status_code == 409
    move(client, auth["feedback"], appeal_id, "in_work")
    move(client, auth["feedback"], appeal_id, "awaiting_verification")
    assert client.post(url, json={"outcome": "confirmed"},
                       headers=auth["operator"]).status_code == 403
    no_answer = client.post(url, json={"outcome": "no_answer"}, headers=auth["feedback"]).json()
    assert no_answer["appeal"]["status"] == "awaiting_verification"
    not_solved = client.post(url, json={"outcome": "not_solved", "comment": "Досі немає"},
                             headers=auth["feedback"]).json()
    assert not_solved["appeal"]["status"] == "in_work"
    assert not_solved["appeal"]["rework_count"] == 1
    assert not_solved["round"]["round_no"] == 2
    assert not_solved["round"]["counts"] == {"confirmed": 0, "not_solved": 1, "no_answer": 1}
    move(client, auth["feedback"], appeal_id, "awaiting_verification")
    confirmed = client.post(url, json={"outcome": "confirmed"}, headers=auth["lead"]).json()
    assert confirmed["appeal"]["status"] == "closed"


def test_idempotency_replays_and_conflicts(client: TestClient, auth: dict[str, Headers],
                                           buildings: list[dict[str, Any]]) -> None:
    building_id = buildings[6]["id"]
    first = register(client, auth["operator"], building_id, key="outbox-1")
    retry = register(client, auth["operator"], building_id, key="outbox-1")
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    conflict = register(client, auth["operator"], building_id, key="outbox-1",
                        description="інший текст")
    assert conflict.status_code == 409
    assert conflict.json()["code"] == "idempotency_conflict"
    listing = client.get("/api/v1/appeals", params={"building_id": building_id},
                         headers=auth["operator"]).json()
    assert listing["total"] == 1


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"phone": "12-34"}, "invalid_phone", "phone"),
        ({"phone": "+7 495 123 45 67"}, "invalid_phone", "phone"),
        ({"problem_code": "99.99"}, "unknown_problem", "problem_code"),
        ({"description": "х" * 4001}, "text_too_long", "description"),
        ({"building_id": 99_999_999}, "unknown_building", "building_id"),
        ({"channel": "fax"}, "validation_error", "channel"),
        ({"description": None}, "validation_error", "description"),
    ],
)
def test_bad_input_error_bodies(client: TestClient, auth: dict[str, Headers],
                                buildings: list[dict[str, Any]], change: dict[str, Any],
                                code: str, field: str) -> None:
    building_id = buildings[7]["id"]
    arguments = {"building_id": building_id, **change}
    response = register(client, auth["operator"], **arguments)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == code
    assert body["field"] == field
    assert any(ch in body["message"] for ch in "іїєаоу")  # a sentence in Ukrainian
    listing = client.get("/api/v1/appeals", params={"building_id": building_id},
                         headers=auth["operator"]).json()
    assert listing["total"] == 0  # nothing half-written


def test_malformed_json_and_unknown_ids(client: TestClient, auth: dict[str, Headers]) -> None:
    broken = client.post("/api/v1/appeals", content=b"{not json",
                         headers={**auth["operator"], "Content-Type": "application/json"})
    assert broken.status_code == 422
    assert broken.json()["code"] == "validation_error"
    missing = client.get("/api/v1/appeals/К-2026-999999", headers=auth["operator"])
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    huge = client.post("/api/v1/appeals/99999999999999/transition", json={"to": "in_work"},
                       headers=auth["feedback"])
    assert huge.status_code in (404, 422)
    assert huge.json()["code"] in ("not_found", "validation_error")
    bad_page = client.get("/api/v1/appeals", params={"page": 0}, headers=auth["operator"])
    assert bad_page.status_code == 422
    assert bad_page.json()["errors"][0]["field"] == "page"


def test_list_filters_and_paging(client: TestClient, auth: dict[str, Headers],
                                 buildings: list[dict[str, Any]]) -> None:
    building = buildings[8]
    for phone in ("093 100 00 01", "093 100 00 02", "093 100 00 03"):
        register(client, auth["operator"], building["id"], phone=phone, problem_code="3.2")
    page = client.get("/api/v1/appeals", params={"building_id": building["id"], "page_size": 2},
                      headers=auth["operator"]).json()
    assert page["total"] == 3
    assert len(page["items"]) == 2
    by_phone = client.get("/api/v1/appeals", params={"phone": "0931000002"},
                          headers=auth["operator"]).json()
    assert by_phone["total"] == 1
    in_district = client.get("/api/v1/appeals",
                             params={"district": building["district"], "problem_code": "3.2",
                                     "status": "registered", "overdue": "false"},
                             headers=auth["operator"]).json()
    assert in_district["total"] >= 3
    overdue = client.get("/api/v1/appeals", params={"building_id": building["id"],
                                                    "overdue": "true"},
                         headers=auth["operator"]).json()
    assert overdue["total"] == 0


def test_api_key_channel_registers_as_web(client: TestClient, auth: dict[str, Headers],
                                          buildings: list[dict[str, Any]],
                                          database_url: str) -> None:
    from server_api.auth.service import create_api_key
    from server_api.db import make_engine, make_session_factory, session_scope

    engine = make_engine(database_url)
    with session_scope(make_session_factory(engine)) as session:
        key = create_api_key(session, f"portal-{buildings[9]['id']}")
    engine.dispose()
    response = register(client, {"X-API-Key": key}, buildings[9]["id"], channel="call")
    assert response.status_code == 201
    assert response.json()["channel"] == "web"
    assert response.json()["operator"] is None
    assert client.get("/api/v1/screen-pop", params={"phone": "0671112233"},
                      headers={"X-API-Key": key}).status_code == 403


def test_building_search(client: TestClient, auth: dict[str, Headers]) -> None:
    building = find_building(client, auth["operator"], "хрещ")
    assert "Хрещатик" in str(building["street"])
    assert str(building["label"]).endswith(f"({building['district']})")
    house = str(building["house"])
    exact = client.get("/api/v1/buildings", params={"q": f"хрещатик {house}"},
                       headers=auth["operator"]).json()
    assert all(str(b["house"]).lower().startswith(house.lower()) for b in exact)
