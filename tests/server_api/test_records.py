"""Consultations, calls (CallSummary as the desktop sends it), outages and agent states."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from operator_app.telephony.models import CallDirection, CallSummary, Disposition, HoldSegment

Headers = dict[str, str]


def _summary() -> dict[str, Any]:
    return CallSummary(
        call_id="c-1", sip_call_id="9f2a@pbx", direction=CallDirection.INCOMING,
        remote_number="+380671112233", local_user="op1001", started_at=1_763_900_000.0,
        answered_at=1_763_900_004.5, ended_at=1_763_900_094.5, ring_ms=4500, connect_ms=120,
        early_ms=None, hold_segments=(HoldSegment(1_763_900_030.0, 1_763_900_040.0, 10_000),),
        hold_ms=10_000, talk_ms=90_000, disposition=Disposition.ANSWERED, mos=4.3,
        jitter_ms=2.5, loss_pct=0.1, rtt_ms=20.0, end_code=200, end_reason="Normal",
    ).to_json()


def test_consultation_with_articles_is_idempotent(client: TestClient,
                                                  auth: dict[str, Headers]) -> None:
    headers = {**auth["operator"], "Idempotency-Key": "cons-1"}
    article = client.get("/api/v1/kb/search", params={"q": "садок"}, headers=headers).json()[0]
    body = {"phone": "0671112233", "topic": "Зміна садочка", "sphere_code": "11",
            "article_ids": [article["id"]], "sip_call_id": "9f2a@pbx"}
    first = client.post("/api/v1/consultations", json=body, headers=headers)
    assert first.status_code == 201, first.text
    assert first.json()["article_ids"] == [article["id"]]
    assert first.json()["phone"] == "+380671112233"
    assert first.json()["operator"] == "operator"
    again = client.post("/api/v1/consultations", json=body, headers=headers)
    assert again.json() == first.json()
    unknown = client.post("/api/v1/consultations", json={**body, "article_ids": [987654]},
                          headers=auth["operator"])
    assert unknown.status_code == 422
    assert unknown.json()["field"] == "article_ids"


def test_call_summary_round_trip(client: TestClient, auth: dict[str, Headers]) -> None:
    headers = {**auth["operator"], "Idempotency-Key": "call-9f2a"}
    response = client.post("/api/v1/calls", json=_summary(), headers=headers)
    assert response.status_code == 201, response.text
    stored = response.json()
    assert stored["sip_call_id"] == "9f2a@pbx"
    assert stored["hold_segments"] == [{"start": 1_763_900_030.0, "end": 1_763_900_040.0,
                                        "ms": 10_000}]
    assert stored["started_at"].endswith("+00:00")
    assert (stored["talk_ms"], stored["hold_ms"], stored["mos"]) == (90_000, 10_000, 4.3)
    retry = client.post("/api/v1/calls", json=_summary(), headers=headers)
    assert retry.json()["id"] == stored["id"]
    other = client.post("/api/v1/calls", json={**_summary(), "talk_ms": 1}, headers=headers)
    assert other.status_code == 409
    withheld = client.post("/api/v1/calls", json={**_summary(), "remote_number": None},
                           headers=auth["operator"])
    assert withheld.status_code == 201
    absurd = client.post("/api/v1/calls", json={**_summary(), "started_at": 1e300},
                         headers=auth["operator"])
    assert absurd.status_code == 422


def test_outage_validation(client: TestClient, auth: dict[str, Headers]) -> None:
    nowhere = client.post("/api/v1/outages", headers=auth["lead"], json={
        "kind": "outage", "service": "lift", "starts_at": "2026-11-23T10:00:00+02:00",
        "ends_at": "2026-11-23T12:00:00+02:00"})
    assert nowhere.status_code == 422
    district = client.post("/api/v1/outages", headers=auth["lead"], json={
        "kind": "outage", "service": "electricity", "district": "Подільський",
        "starts_at": "2026-11-23T10:00:00+02:00", "ends_at": "2099-01-01T00:00:00+00:00"})
    assert district.status_code == 201
    listed = client.get("/api/v1/outages", params={"district": "Подільський"},
                        headers=auth["operator"]).json()
    assert [o["id"] for o in listed] == [district.json()["id"]]
    assert listed[0]["building"] is None


def test_agent_states(client: TestClient, auth: dict[str, Headers]) -> None:
    put = client.put("/api/v1/agents/me/state", json={"state": "not_ready", "reason": "перерва"},
                     headers=auth["operator"])
    assert put.status_code == 200
    assert put.json()["username"] == "operator"
    since = put.json()["since"]
    same = client.put("/api/v1/agents/me/state", json={"state": "not_ready", "reason": "перерва"},
                      headers=auth["operator"])
    assert same.json()["since"] == since
    states = client.get("/api/v1/agents", headers=auth["lead"]).json()
    assert {"username": "operator", "state": "not_ready", "reason": "перерва",
            "since": since} in states
    bad = client.put("/api/v1/agents/me/state", json={"state": "asleep"},
                     headers=auth["operator"])
    assert bad.status_code == 422


def test_one_call_summary_carries_every_record_of_the_call(
        client: TestClient, auth: dict[str, Headers]) -> None:
    from tests.server_api.test_appeals import register

    headers = auth["operator"]
    building = client.get("/api/v1/buildings", params={"q": "вул", "limit": 1},
                          headers=headers).json()[0]["id"]
    made = [register(client, headers, building, problem_code=code) for code in ("3.4", "3.1")]
    assert [m.status_code for m in made] == [201, 201], [m.text for m in made]
    first, second = (m.json()["id"] for m in made)
    consultation = client.post("/api/v1/consultations", headers=headers, json={
        "phone": "0671112233", "topic": "Графік вивезення сміття", "sphere_code": "11"})
    assert consultation.status_code == 201, consultation.text
    consultation_id = consultation.json()["id"]
    # The single appeal_id / consultation_id count as members of the lists.
    stored = client.post("/api/v1/calls", headers=headers, json={
        **_summary(), "appeal_id": first, "appeal_ids": [second, first],
        "consultation_id": consultation_id})
    assert stored.status_code == 201, stored.text
    body = stored.json()
    assert body["appeal_ids"] == sorted([first, second])
    assert body["consultation_ids"] == [consultation_id]
    assert body["verification_round_ids"] == []
    assert (body["appeal_id"], body["consultation_id"]) == (first, consultation_id)
    plain = client.post("/api/v1/calls", headers=headers, json=_summary()).json()
    assert (plain["appeal_ids"], plain["consultation_ids"]) == ([], [])

    unknown = client.post("/api/v1/calls", headers=headers, json={
        **_summary(), "consultation_ids": [consultation_id, 98765432]})
    assert (unknown.status_code, unknown.json()["field"]) == (422, "consultation_ids")
    assert "98765432" in unknown.json()["message"]
    unknown_round = client.post("/api/v1/calls", headers=headers, json={
        **_summary(), "verification_round_ids": [98765432]})
    assert (unknown_round.status_code, unknown_round.json()["field"]) == (
        422, "verification_round_ids")
    too_many = client.post("/api/v1/calls", headers=headers, json={
        **_summary(), "appeal_ids": [first] * 51})
    assert too_many.status_code == 422
    assert too_many.json()["field"] == "appeal_ids"
