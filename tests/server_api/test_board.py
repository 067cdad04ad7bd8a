"""The shift lead's live board on PostgreSQL and SQLite: the line's and the operators'
figures from a scripted sequence of call events (hand-computed), the per-shift reset,
surges, heartbeat expiry, the levers' rights and reasons, and the push reaching a
stream across two API worker processes (PostgreSQL) or in one process (SQLite)."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from kc1551_common.monitor_tokens import MonitorTokens
from kc1551_demo.seed_data import DEMO_PASSWORD, seed_demo
from server_api.auth.service import Actor
from server_api.board import figures, service
from server_api.board.push import DESK
from server_api.board.router import SYSTEM
from server_api.db import session_scope, utcnow
from server_api.models import AgentState, AuditEntry, BoardCall, User
from server_api.settings import ROUND_THE_CLOCK, Settings
from tests.fixtures.servers import free_port, fresh_postgres_database
from tests.server_api.test_serving import _read_log_until

Headers = dict[str, str]
KYIV = ZoneInfo("Europe/Kyiv")
SETTINGS = Settings(**ROUND_THE_CLOCK)  # shifts start 08:00 and 20:00 Kyiv; 20 s; 5 in 15 min
# A morning far from the test run's own clock, so nothing else lands in its shift.
T0 = datetime(2030, 3, 4, 10, 0, tzinfo=KYIV).astimezone(UTC)


def _factory(client: TestClient) -> Any:
    return client.app.state.session_factory  # type: ignore[attr-defined]


def _actor(client: TestClient, username: str) -> Actor:
    with session_scope(_factory(client)) as session:
        user = session.scalars(select(User).where(User.username == username)).one()
        return Actor(label=user.username, role=user.role, user_id=user.id)


def _event(client: TestClient, actor: Actor, kind: str, sip_call_id: str, at: datetime,
           **extra: Any) -> tuple[int, dict[str, Any]]:
    """One event as the desktop sends it, arriving a moment after it happened."""
    data = service.CallEventIn(type=kind, sip_call_id=sip_call_id, at=at,  # type: ignore[arg-type]
                               **extra)
    with session_scope(_factory(client)) as session:
        return service.record_event(session, SETTINGS, actor, data, at + timedelta(seconds=1))


def _script(client: TestClient, prefix: str, base: datetime) -> None:
    """The scripted morning (seconds after base):
    c1 op1  rings 0, answered 5 (wait 5 ≤ 20), held 60-90, ended 200
    c2 op2  rings 10, answered 40 (wait 30 > 20), ended 100
    c3 op2  rings 20, the caller hangs up at 35 (abandoned)
    c4 op1  rings 30, stops at 45 unanswered (ended without answer: abandoned)
    c5 op2  rings 300, still ringing at 320
    c6 op1  rang 07:55, answered 07:55:10: the night shift's, not counted
    c7 op1  outbound 400-405, held 410, ended 470 while held (the operator's, not the line's)
    """
    op1, op2 = _actor(client, "operator"), _actor(client, "operator2")

    def at(seconds: float) -> datetime:
        return base + timedelta(seconds=seconds)

    night = base.astimezone(KYIV).replace(hour=7, minute=55).astimezone(UTC)
    steps: list[tuple[Actor, str, str, datetime, dict[str, Any]]] = [
        (op1, "ringing", "c6", night, {"remote_number": "0671112233"}),
        (op1, "answered", "c6", night + timedelta(seconds=10), {}),
        (op1, "ended", "c6", night + timedelta(seconds=70), {}),
        (op1, "ringing", "c1", at(0), {"remote_number": "067 123 45 67"}),
        (op1, "answered", "c1", at(5), {}),
        (op2, "ringing", "c2", at(10), {}),
        (op2, "ringing", "c3", at(20), {}),
        (op1, "ringing", "c4", at(30), {}),
        (op2, "abandoned", "c3", at(35), {}),
        (op2, "answered", "c2", at(40), {}),
        (op1, "ended", "c4", at(45), {}),
        (op1, "held", "c1", at(60), {}),
        (op1, "resumed", "c1", at(90), {}),
        (op2, "ended", "c2", at(100), {}),
        (op1, "ended", "c1", at(200), {}),
        (op2, "ringing", "c5", at(300), {}),
        (op1, "ringing", "c7", at(400), {"direction": "out"}),
        (op1, "answered", "c7", at(405), {}),
        (op1, "held", "c7", at(410), {}),
        (op1, "ended", "c7", at(470), {}),
    ]
    for actor, kind, call, moment, extra in steps:
        status, body = _event(client, actor, kind, f"{prefix}-{call}", moment, **extra)
        assert status == 201, (kind, call, body)
        assert body["applied"], (kind, call, body)


@pytest.fixture(scope="module")
def scripted(client: TestClient) -> datetime:
    _script(client, "morning", T0)
    return T0 + timedelta(seconds=480)


def test_line_figures_equal_the_hand_computed_ones(client: TestClient,
                                                   scripted: datetime) -> None:
    now = T0 + timedelta(seconds=320)
    with session_scope(_factory(client)) as session:
        line = figures.line_figures(session, SETTINGS, now)
    # Offered c1-c5; answered c1, c2; within 20 s: c1; abandoned: c3, c4.
    assert line["offered"] == 5
    assert line["answered"] == 2
    assert line["answered_within"] == 1
    assert line["abandoned"] == 2
    assert line["asa_s"] == 17.5  # (5 + 30) / 2
    assert line["service_level_pct"] == 25.0  # 1 / (2 + 2)
    assert line["ringing_now"] == 1  # c5
    assert line["longest_wait_s"] == 20.0
    assert line["shift_started_at"] == T0.replace(hour=T0.hour - 2).isoformat()
    assert line["calls_per_15min"] == [
        {"start": T0.isoformat(), "offered": 5, "answered": 2, "abandoned": 2}]


def test_operator_figures_equal_the_hand_computed_ones(client: TestClient,
                                                       scripted: datetime) -> None:
    op1, op2 = _actor(client, "operator"), _actor(client, "operator2")
    now = T0 + timedelta(seconds=320)
    with session_scope(_factory(client)) as session:
        rows = {r["username"]: r for r in figures.operator_rows(
            session, SETTINGS, now, {op1.user_id or 0, op2.user_id or 0})}
    first, second = rows["operator"], rows["operator2"]
    # op1 by now: c1 answered (handle 195 s, hold 30 s); c7 not yet rung.
    assert (first["answered"], first["aht_s"], first["hold_total_s"]) == (1, 195.0, 30.0)
    assert (second["answered"], second["aht_s"], second["hold_total_s"]) == (1, 60.0, 0.0)
    # op2's c5 rings: shown as ringing for 20 s, past the 10 s limit; the caller masked.
    assert second["display_state"] == "ringing"
    assert second["time_in_state_s"] == 20.0
    assert second["limit_s"] == 10
    assert second["over_limit"] is True
    assert second["call"]["phase"] == "ringing"
    later = T0 + timedelta(seconds=480)
    with session_scope(_factory(client)) as session:
        row = figures.operator_rows(session, SETTINGS, later, {op1.user_id or 0})[0]
    # With c7 (outbound, handle 65 s, held 60 s to the end): 2 answered, AHT 130 s, hold 90 s.
    assert (row["answered"], row["aht_s"], row["hold_total_s"]) == (2, 130.0, 90.0)
    with session_scope(_factory(client)) as session:
        line = figures.line_figures(session, SETTINGS, later)
    assert line["offered"] == 5  # the outbound call is not the line's


def test_a_repeated_event_counts_once(client: TestClient, scripted: datetime) -> None:
    op1 = _actor(client, "operator")
    status, body = _event(client, op1, "answered", "morning-c1", T0 + timedelta(seconds=5))
    assert status == 200
    assert body["duplicate"] is True
    with session_scope(_factory(client)) as session:
        line = figures.line_figures(session, SETTINGS, T0 + timedelta(seconds=320))
    assert (line["answered"], line["asa_s"]) == (2, 17.5)


def test_a_call_ringing_several_desktops_is_abandoned_only_if_none_answered(
        client: TestClient) -> None:
    """The queue rings every ready desktop; the ones that did not answer see the
    call end unanswered and report "abandoned", before or after the answer is in."""
    op1, op2 = _actor(client, "operator"), _actor(client, "operator2")
    base = T0 + timedelta(days=2)  # a shift of its own
    steps = [
        # m1: both ring, op2 answers; op1's "abandoned" comes first (it rang last).
        (op2, "ringing", "m1", 0), (op1, "ringing", "m1", 0.1),
        (op1, "abandoned", "m1", 3), (op2, "answered", "m1", 3), (op2, "ended", "m1", 60),
        # m2: both ring, op1 answers; op2's "abandoned" comes after the answer.
        (op1, "ringing", "m2", 100), (op2, "ringing", "m2", 100.1),
        (op1, "answered", "m2", 104), (op2, "abandoned", "m2", 104.2),
        (op1, "ended", "m2", 160),
        # m3: both ring and the caller gives up: one abandoned call, not two.
        (op1, "ringing", "m3", 200), (op2, "ringing", "m3", 200.1),
        (op1, "abandoned", "m3", 230), (op2, "abandoned", "m3", 230.1),
    ]
    for actor, kind, call, seconds in steps:
        status, _ = _event(client, actor, kind, f"hunt-{call}", base + timedelta(seconds=seconds))
        assert status == 201, (kind, call)
    with session_scope(_factory(client)) as session:
        line = figures.line_figures(session, SETTINGS, base + timedelta(seconds=300))
        rows = {r["username"]: r for r in figures.operator_rows(
            session, SETTINGS, base + timedelta(seconds=300),
            {op1.user_id or 0, op2.user_id or 0})}
    assert (line["offered"], line["answered"], line["abandoned"]) == (3, 2, 1)
    assert line["answered_within"] == 2
    assert (rows["operator"]["answered"], rows["operator2"]["answered"]) == (1, 1)


def test_counters_reset_per_shift_and_the_shift_start_is_a_setting(
        client: TestClient, scripted: datetime) -> None:
    evening = T0.astimezone(KYIV).replace(hour=20, minute=5).astimezone(UTC)
    with session_scope(_factory(client)) as session:
        line = figures.line_figures(session, SETTINGS, evening)
        early = figures.line_figures(session, Settings(board_shift_starts="07:00"),
                                     T0 + timedelta(seconds=320))
        row = figures.operator_rows(session, SETTINGS, evening,
                                    {_actor(client, "operator").user_id or 0})[0]
    assert (line["offered"], line["answered"], line["abandoned"]) == (0, 0, 0)
    assert line["service_level_pct"] is None
    assert line["asa_s"] is None
    assert line["calls_per_15min"] == []
    assert (row["answered"], row["aht_s"], row["hold_total_s"]) == (0, None, 0.0)
    # A shift from 07:00 takes in the night's c6 (answered after 10 s, within 20 s).
    assert (early["offered"], early["answered"], early["answered_within"]) == (6, 3, 2)
    assert early["service_level_pct"] == 40.0  # 2 / (3 + 2)


def test_event_input_is_checked(client: TestClient, auth: dict[str, Headers]) -> None:
    url = "/api/v1/desk/events"
    now = utcnow()
    naive = client.post(url, headers=auth["operator"], json={
        "type": "ringing", "sip_call_id": "x1", "at": "2026-12-03T10:00:00"})
    assert naive.status_code == 422
    assert naive.json()["field"] == "at"
    unknown = client.post(url, headers=auth["operator"], json={
        "type": "answered", "sip_call_id": "never-rang", "at": now.isoformat()})
    assert unknown.status_code == 409
    assert unknown.json()["code"] == "call_unknown"
    rang = client.post(url, headers=auth["operator"], json={
        "type": "ringing", "sip_call_id": "bad-1", "at": now.isoformat()})
    assert rang.status_code == 201, rang.text
    held = client.post(url, headers=auth["operator"], json={
        "type": "held", "sip_call_id": "bad-1", "at": now.isoformat()})
    assert held.status_code == 409
    assert held.json()["code"] == "call_not_answered"
    for kind in ("answered", "ended"):
        assert client.post(url, headers=auth["operator"], json={
            "type": kind, "sip_call_id": "bad-1", "at": now.isoformat()}).status_code == 201
    late = client.post(url, headers=auth["operator"], json={
        "type": "held", "sip_call_id": "bad-1",
        "at": (now + timedelta(seconds=1)).isoformat()})
    assert late.status_code == 409
    assert late.json()["code"] == "call_finished"
    wrong = client.post(url, headers=auth["operator"], json={
        "type": "transferred", "sip_call_id": "bad-1", "at": now.isoformat()})
    assert wrong.status_code == 422
    assert wrong.json()["field"] == "type"
    assert client.post(url, json={"type": "ringing", "sip_call_id": "z",
                                  "at": now.isoformat()}).status_code == 401


# --- surges -------------------------------------------------------------------------------

def _buildings_on_one_street(client: TestClient, headers: Headers) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = client.get("/api/v1/buildings", params={
        "q": "вул", "limit": 100}, headers=headers).json()
    by_street: dict[str, list[dict[str, Any]]] = {}
    for building in found:
        by_street.setdefault(building["street"], []).append(building)
    streets = sorted((b for b in by_street.values() if len(b) >= 2), key=len, reverse=True)
    assert len(streets) >= 2, "the test streets need two buildings each"
    return streets[0][:2] + streets[1][:1]


_phones = iter(range(1000, 9999))


def _appeal(client: TestClient, headers: Headers, building_id: int, problem: str,
            sip_call_id: str) -> dict[str, Any]:
    response = client.post("/api/v1/appeals", headers=headers, json={
        "phone": f"067 {next(_phones):04d} 321", "full_name": "Олена Сплеск",
        "problem_code": problem, "building_id": building_id, "description": "Немає води",
        "sip_call_id": sip_call_id})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_surges_by_building_and_street_with_the_same_sphere(
        client: TestClient, auth: dict[str, Headers]) -> None:
    first, second, elsewhere = _buildings_on_one_street(client, auth["operator"])
    # Five calls about hot water (sphere 3) at the first building, one call making
    # two appeals: it counts once, so five calls, six appeals.
    for n in range(5):
        _appeal(client, auth["operator"], first["id"], "3.18", f"surge-b-{n}")
    _appeal(client, auth["operator"], first["id"], "3.15", "surge-b-0")
    # Street: three more calls at its other building (with the first's five: eight).
    for n in range(3):
        _appeal(client, auth["operator2"], second["id"], "3.19", f"surge-s-{n}")
    # Four calls at another street's building: below the threshold; another sphere
    # at the first building does not join its surge.
    for n in range(4):
        _appeal(client, auth["operator"], elsewhere["id"], "3.18", f"quiet-{n}")
    _appeal(client, auth["operator"], first["id"], "1.4", "other-sphere")
    now = utcnow()
    with session_scope(_factory(client)) as session:
        found = {s["key"]: s for s in figures.surges(session, SETTINGS, now)}
        later = figures.surges(session, SETTINGS, now + timedelta(minutes=16))
    building = found[f"building:{first['id']}:3"]
    assert building["count"] == 5
    assert building["place"]["label"] == first["label"]
    assert {c["sip_call_id"] for c in building["calls"]} == {f"surge-b-{n}" for n in range(5)}
    draft = building["outage_draft"]
    assert (draft["building_id"], draft["service"], draft["ends_at"]) == (
        first["id"], "hot_water", None)
    street = found[f"street:{first['street']}:3"]
    assert street["count"] == 8
    assert street["outage_draft"]["street"] == first["street"]
    assert f"building:{elsewhere['id']}:3" not in found
    assert f"building:{first['id']}:1" not in found
    # The district holds the same eight calls as the street (unless the other street
    # is in it too, adding four): never listed with exactly the street's calls.
    district = found.get(f"district:{first['district']}:3")
    if district is not None:
        assert district["count"] > 8
    assert later == []  # the window passed
    # The sweep pushes each surge once, and its end.
    memory = service.SweepMemory()
    with session_scope(_factory(client)) as session:
        assert service.sweep(session, SETTINGS, now, memory, SYSTEM)["surges_changed"] >= 2
    with session_scope(_factory(client)) as session:
        assert service.sweep(session, SETTINGS, now, memory, SYSTEM)["surges_changed"] == 0
    with session_scope(_factory(client)) as session:
        assert service.sweep(session, SETTINGS, now + timedelta(minutes=16), memory,
                             SYSTEM)["surges_changed"] >= 2


# --- heartbeats ---------------------------------------------------------------------------

def test_a_silent_desktop_goes_offline_after_the_heartbeat_timeout(
        client: TestClient, auth: dict[str, Headers]) -> None:
    assert client.put("/api/v1/agents/me/state", headers=auth["feedback"],
                      json={"state": "available"}).status_code == 200
    beat = client.post("/api/v1/desk/heartbeat", headers=auth["feedback"])
    assert beat.status_code == 200, beat.text
    assert beat.json()["heartbeat_timeout_s"] == 30
    seen = datetime.fromisoformat(beat.json()["server_time"])
    user_id = _actor(client, "feedback").user_id or 0
    with session_scope(_factory(client)) as session:
        row = figures.operator_rows(session, SETTINGS, seen + timedelta(seconds=29), {user_id})
        assert row[0]["online"]
        assert row[0]["display_state"] == "available"
        row = figures.operator_rows(session, SETTINGS, seen + timedelta(seconds=31), {user_id})
        assert not row[0]["online"]
        assert row[0]["display_state"] == "offline"
    with session_scope(_factory(client)) as session:
        service.sweep(session, SETTINGS, seen + timedelta(seconds=29), service.SweepMemory(),
                      SYSTEM)
    with session_scope(_factory(client)) as session:
        state = session.get(AgentState, user_id)
        assert state is not None
        assert state.state == "available"
    with session_scope(_factory(client)) as session:
        service.sweep(session, SETTINGS, seen + timedelta(seconds=31), service.SweepMemory(),
                      SYSTEM)
    with session_scope(_factory(client)) as session:
        state = session.get(AgentState, user_id)
        assert state is not None
        assert (state.state, state.reason) == ("offline", service.OFFLINE_REASON)
    # Its next heartbeat brings it back and tells it the state the API holds.
    back = client.post("/api/v1/desk/heartbeat", headers=auth["feedback"]).json()
    assert back["state"]["state"] == "offline"
    board = client.get("/api/v1/board", headers=auth["lead"]).json()
    row = next(r for r in board["operators"] if r["username"] == "feedback")
    assert row["display_state"] == "offline"  # until it reports its state again


def _call(client: TestClient, sip_call_id: str) -> BoardCall:
    with session_scope(_factory(client)) as session:
        call = session.scalars(select(BoardCall).where(
            BoardCall.sip_call_id == sip_call_id)).one()
        session.expunge(call)
        return call


def test_a_call_the_desktop_left_open_ends_with_its_state_and_its_silence(
        client: TestClient, auth: dict[str, Headers]) -> None:
    """The "ended" event lost (a crash, a long network cut): the desktop's next state
    says it has no call, and a desktop gone silent has none at all."""
    me = _actor(client, "feedback")
    now = utcnow()
    answered = now - timedelta(seconds=60)
    for kind, call, at in [("ringing", "open-talk", answered - timedelta(seconds=5)),
                           ("answered", "open-talk", answered),
                           ("ringing", "open-ring", now - timedelta(seconds=2))]:
        assert _event(client, me, kind, call, at)[0] == 201
    put = client.put("/api/v1/agents/me/state", headers=auth["feedback"],
                     json={"state": "available"})
    assert put.status_code == 200, put.text
    talk = _call(client, "open-talk")
    assert talk.ended_at is not None
    assert talk.closed_by_desk_state
    assert talk.handle_ms is not None
    assert talk.handle_ms >= 60_000
    # Available means nothing answered, not nothing ringing: the ring stays.
    assert _call(client, "open-ring").ended_at is None
    board = client.get("/api/v1/board", headers=auth["lead"]).json()
    mine = next(r for r in board["operators"] if r["username"] == "feedback")
    assert (mine["call"] or {}).get("sip_call_id") != "open-talk"

    # The real end, late behind the state report, is the truer time.
    status, body = _event(client, me, "ended", "open-talk", answered + timedelta(seconds=30))
    assert (status, body["applied"]) == (201, True)
    talk = _call(client, "open-talk")
    assert (talk.handle_ms, talk.closed_by_desk_state) == (30_000, False)
    # An end later than the one known changes nothing.
    assert not _event(client, me, "ended", "open-talk", now + timedelta(seconds=5))[1]["applied"]

    # Silence: the heartbeat expires and the ring it left ends when it was last seen.
    seen = datetime.fromisoformat(client.post(
        "/api/v1/desk/heartbeat", headers=auth["feedback"]).json()["server_time"])
    with session_scope(_factory(client)) as session:
        service.sweep(session, SETTINGS, seen + timedelta(seconds=31), service.SweepMemory(),
                      SYSTEM)
    ring = _call(client, "open-ring")
    assert ring.ended_at is not None
    assert ring.closed_by_desk_state
    assert abs((ring.ended_at - seen).total_seconds()) < 1
    assert ring.answered_at is None


# --- levers -------------------------------------------------------------------------------

LEVERS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "/api/v1/board", None),
    ("GET", "/api/v1/board/messages", None),
    ("POST", "/api/v1/board/agents/operator2/force", {"action": "logout"}),
    ("DELETE", "/api/v1/board/agents/operator2/force", None),
    ("POST", "/api/v1/board/messages", {"to": None, "text": "Увага"}),
    ("POST", "/api/v1/board/outages", {"service": "hot_water", "district": "Печерський",
                                       "ends_at": "2030-01-01T00:00:00+00:00"}),
]


@pytest.mark.parametrize("who", ["operator", "feedback"])
def test_only_leads_read_the_board_and_pull_the_levers(
        client: TestClient, auth: dict[str, Headers], who: str) -> None:
    for method, url, body in LEVERS:
        response = client.request(method, url, headers=auth[who], json=body)
        assert response.status_code == 403, (method, url, response.text)
    assert client.get("/api/v1/board", headers=auth["admin"]).status_code == 200


def _online(client: TestClient, headers: Headers, state: str = "available") -> None:
    assert client.put("/api/v1/agents/me/state", headers=headers,
                      json={"state": state}).status_code == 200
    assert client.post("/api/v1/desk/heartbeat", headers=headers).status_code == 200


def _audit(client: TestClient, action: str) -> list[AuditEntry]:
    with session_scope(_factory(client)) as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_forcing_a_state_is_pending_until_the_desktop_applies_it(
        client: TestClient, auth: dict[str, Headers]) -> None:
    url = "/api/v1/board/agents/{}/force"
    assert client.post(url.format("nobody"), headers=auth["lead"],
                       json={"action": "logout"}).status_code == 404
    offline = client.post(url.format("admin"), headers=auth["lead"], json={"action": "logout"})
    assert offline.status_code == 409
    assert offline.json()["code"] == "agent_offline"
    _online(client, auth["operator2"])
    no_reason = client.post(url.format("operator2"), headers=auth["lead"],
                            json={"action": "not_ready"})
    assert no_reason.status_code == 422
    assert no_reason.json()["field"] == "reason"
    forced = client.post(url.format("operator2"), headers=auth["lead"],
                         json={"action": "not_ready", "reason": "Нарада"})
    assert forced.status_code == 202, forced.text
    assert forced.json()["operator"]["forced"]["action"] == "not_ready"
    assert forced.json()["operator"]["forced"]["by"] == "lead"
    # The desktop learns it from its heartbeat and from GET /desk …
    beat = client.post("/api/v1/desk/heartbeat", headers=auth["operator2"]).json()
    assert beat["forced"]["reason"] == "Нарада"
    assert client.get("/api/v1/desk", headers=auth["operator2"]).json()["forced"] is not None
    # … and its state report fulfils it.
    assert client.put("/api/v1/agents/me/state", headers=auth["operator2"],
                      json={"state": "not_ready", "reason": "Нарада"}).status_code == 200
    assert client.get("/api/v1/desk", headers=auth["operator2"]).json()["forced"] is None
    again = client.post(url.format("operator2"), headers=auth["lead"],
                        json={"action": "not_ready", "reason": "Нарада"})
    assert again.status_code == 409
    assert again.json()["code"] == "already_in_state"
    logout = client.post(url.format("operator2"), headers=auth["lead"], json={"action": "logout"})
    assert logout.status_code == 202
    cancelled = client.delete(url.format("operator2"), headers=auth["lead"])
    assert cancelled.status_code == 200
    assert cancelled.json()["operator"]["forced"] is None
    assert client.delete(url.format("operator2"), headers=auth["lead"]).status_code == 404
    assert _audit(client, "board.force")
    assert _audit(client, "board.force_applied")
    assert _audit(client, "board.force_cancel")


def test_messages_to_one_or_all_with_read_receipts(
        client: TestClient, auth: dict[str, Headers]) -> None:
    url = "/api/v1/board/messages"
    long = client.post(url, headers=auth["lead"], json={"to": "operator", "text": "а" * 501})
    assert long.status_code == 422
    assert long.json()["field"] == "text"
    assert long.json()["code"] == "text_too_long"
    empty = client.post(url, headers=auth["lead"], json={"to": "operator", "text": "  "})
    assert empty.status_code == 422
    assert empty.json()["field"] == "text"
    unknown = client.post(url, headers=auth["lead"], json={"to": "nobody", "text": "Привіт"})
    assert unknown.status_code == 422
    assert unknown.json()["field"] == "to"
    sent = client.post(url, headers=auth["lead"],
                       json={"to": "operator", "text": "Зайдіть до старшого зміни"})
    assert sent.status_code == 201, sent.text
    message = sent.json()
    assert (message["recipients"], message["read_count"]) == (1, 0)
    mine = client.post("/api/v1/desk/heartbeat", headers=auth["operator"]).json()["messages"]
    assert [m["text"] for m in mine if m["id"] == message["id"]] == ["Зайдіть до старшого зміни"]
    others = client.post("/api/v1/desk/heartbeat", headers=auth["operator2"]).json()["messages"]
    assert message["id"] not in [m["id"] for m in others]
    read_url = f"/api/v1/desk/messages/{message['id']}/read"
    assert client.post(read_url, headers=auth["operator2"]).status_code == 404
    assert client.post(read_url, headers=auth["operator"]).status_code == 200
    assert message["id"] not in [m["id"] for m in client.get(
        "/api/v1/desk", headers=auth["operator"]).json()["messages"]]
    listed = client.get(url, headers=auth["lead"]).json()
    receipt = next(m for m in listed if m["id"] == message["id"])
    assert receipt["read_count"] == 1
    assert receipt["read"][0]["username"] == "operator"
    everyone = client.post(url, headers=auth["lead"], json={"to": None, "text": "Увага всім"})
    with session_scope(_factory(client)) as session:
        staff = len(list(session.scalars(select(User.id).where(
            User.active.is_(True), User.role.in_(["operator", "feedback"])))))
    assert everyone.json()["recipients"] == staff
    assert _audit(client, "board.message")


def test_publishing_an_outage_checks_its_place_and_end(
        client: TestClient, auth: dict[str, Headers]) -> None:
    url = "/api/v1/board/outages"
    ends = (utcnow() + timedelta(hours=6)).isoformat()
    no_place = client.post(url, headers=auth["lead"], json={"service": "hot_water",
                                                            "ends_at": ends})
    assert no_place.status_code == 422
    assert no_place.json()["field"] == "building_id"
    no_end = client.post(url, headers=auth["lead"], json={"service": "hot_water",
                                                          "district": "Печерський"})
    assert no_end.status_code == 422
    assert no_end.json()["field"] == "ends_at"
    backwards = client.post(url, headers=auth["lead"], json={
        "service": "hot_water", "district": "Печерський",
        "ends_at": (utcnow() - timedelta(hours=1)).isoformat()})
    assert backwards.status_code == 422
    assert backwards.json()["field"] == "ends_at"
    unknown = client.post(url, headers=auth["lead"], json={
        "service": "hot_water", "street": "вул. Неіснуюча", "ends_at": ends})
    assert unknown.status_code == 422
    assert unknown.json()["field"] == "street"
    first, second, _other = _buildings_on_one_street(client, auth["operator"])
    one = client.post(url, headers=auth["lead"], json={
        "service": "cold_water", "building_id": first["id"], "ends_at": ends})
    assert one.status_code == 201, one.text
    outage = one.json()["outages"][0]
    assert outage["building"]["id"] == first["id"]
    desk = client.get("/api/v1/desk", headers=auth["operator"]).json()
    assert desk["latest_outage_id"] >= outage["id"]
    assert outage["id"] in [o["id"] for o in desk["outages"]]
    street = client.post(url, headers=auth["lead"], json={
        "service": "heating", "street": first["street"], "ends_at": ends})
    assert street.status_code == 201
    covered = {o["building"]["id"] for o in street.json()["outages"]}
    assert {first["id"], second["id"]} <= covered
    assert len(_audit(client, "board.outage")) >= 2


def test_an_outage_from_the_outages_endpoint_is_pushed_and_audited(
        client: TestClient, auth: dict[str, Headers]) -> None:
    """POST /outages (an integration, a script) reaches the open pops like the board's lever."""
    hub = client.app.state.board.hub  # type: ignore[attr-defined]
    desk = hub.subscribe(DESK, _actor(client, "operator").user_id)
    try:
        created = client.post("/api/v1/outages", headers=auth["lead"], json={
            "kind": "planned_works", "service": "electricity", "district": "Оболонський",
            "starts_at": utcnow().isoformat(),
            "ends_at": (utcnow() + timedelta(hours=3)).isoformat()})
        assert created.status_code == 201, created.text

        mark = f'"id": {created.json()["id"]}, "kind": "planned_works"'

        async def its_push() -> str | None:
            # Earlier tests' pushes may still be on their way (NOTIFY): skip those.
            while True:
                chunk = await asyncio.wait_for(desk.queue.get(), 10)
                if chunk is None or mark in chunk:
                    return chunk

        pushed = client.portal.call(its_push)  # type: ignore[union-attr]
    finally:
        hub.unsubscribe(desk)
    assert pushed is not None
    assert pushed.startswith("event: outage\n")
    entries = _audit(client, "outage.create")
    assert entries
    assert entries[-1].actor == "lead"


def test_a_lead_gets_a_monitor_token_only_for_an_operator_in_a_call(
        client: TestClient, auth: dict[str, Headers]) -> None:
    key_url = "/api/v1/desk/monitor-key"
    bad = client.post(key_url, headers=auth["operator2"], json={"sip_user": "op 1002"})
    assert bad.status_code == 422
    assert bad.json()["field"] == "sip_user"
    mine = client.post(key_url, headers=auth["operator2"], json={"sip_user": "op1002"})
    assert mine.status_code == 200, mine.text
    client.post("/api/v1/desk/heartbeat", headers=auth["operator2"])
    url = "/api/v1/board/agents/operator2/monitor"
    no_phone = client.post(url, headers=auth["lead"], json={"mode": "listen"})
    assert no_phone.status_code == 409  # the operator is idle, and the lead has no phone yet
    assert no_phone.json()["code"] in ("not_in_call", "no_phone")
    sip_id = f"monitored-{uuid.uuid4().hex}"
    now = utcnow()
    op2 = _actor(client, "operator2")
    _event(client, op2, "ringing", sip_id, now - timedelta(seconds=20))
    _event(client, op2, "answered", sip_id, now - timedelta(seconds=15))
    assert client.post(url, headers=auth["lead"], json={}).json()["code"] == "no_phone"
    lead_key = client.post(key_url, headers=auth["lead"], json={"sip_user": "lead1"})
    assert lead_key.status_code == 200
    assert client.post(url, headers=auth["operator"], json={}).status_code == 403
    assert client.post("/api/v1/board/agents/nobody/monitor", headers=auth["lead"],
                       json={}).status_code == 404
    assert client.post(url, headers=auth["lead"], json={"mode": "shout"}).status_code == 422
    granted = client.post(url, headers=auth["lead"], json={"mode": "whisper"})
    assert granted.status_code == 201, granted.text
    body = granted.json()
    assert (body["target"], body["mode"]) == ("op1002", "whisper")

    @dataclass
    class Claims:
        lead: str
        operator: str
        token: str

    # The operator's desktop checks it with its own key; no other key passes it.
    own = MonitorTokens(base64.b64decode(mine.json()["key"]))
    assert own.verify(Claims("lead1", "op1002", body["token"]))
    assert not own.verify(Claims("lead2", "op1002", body["token"]))
    others = MonitorTokens(base64.b64decode(lead_key.json()["key"]))
    assert not others.verify(Claims("lead1", "op1002", body["token"]))
    assert _audit(client, "board.monitor")[-1].detail["mode"] == "whisper"
    _event(client, op2, "ended", sip_id, utcnow())
    after = client.post(url, headers=auth["lead"], json={})
    assert after.json()["code"] == "not_in_call"


def test_the_snapshot_lists_operators_grouped_by_state(
        client: TestClient, auth: dict[str, Headers]) -> None:
    _online(client, auth["operator"], "wrap_up")
    board = client.get("/api/v1/board", headers=auth["lead"])
    assert board.status_code == 200
    body = board.json()
    assert body["settings"]["service_level_s"] == 20
    assert body["settings"]["service_level_target_pct"] == 80
    assert {"line", "operators", "surges", "outages", "messages", "shift"} <= set(body)
    row = next(r for r in body["operators"] if r["username"] == "operator")
    assert row["display_state"] == "wrap_up"
    assert row["limit_s"] == 120
    order = [figures.STATE_ORDER[r["display_state"]] for r in body["operators"]]
    assert order == sorted(order)


# --- the push across API processes --------------------------------------------------------

class _Stream:
    """An SSE stream read on its own thread; events wait in a queue."""

    def __init__(self, url: str, headers: Headers) -> None:
        self.events: queue.Queue[tuple[str, dict[str, Any]] | None] = queue.Queue()
        self._client = httpx.Client(timeout=httpx.Timeout(60, connect=10))
        self._response = self._client.send(
            self._client.build_request("GET", url, headers=headers), stream=True)
        assert self._response.status_code == 200, self._response.read()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        name, data = "", ""
        try:
            for line in self._response.iter_lines():
                if line.startswith("event: "):
                    name = line[7:]
                elif line.startswith("data: "):
                    data = line[6:]
                elif line == "" and name:
                    self.events.put((name, json.loads(data)))
                    name, data = "", ""
        except httpx.HTTPError:
            pass
        self.events.put(None)  # the stream ended

    def next(self, wanted: str, match: Any = lambda _d: True) -> dict[str, Any]:
        while True:
            item = self.events.get(timeout=30)
            assert item is not None, f"the stream ended before {wanted}"
            name, data = item
            if name == wanted and match(data):
                return data

    def ended(self) -> bool:
        while True:
            if self.events.get(timeout=30) is None:
                return True

    def close(self) -> None:
        self._response.close()
        self._client.close()


def _login(base: str, client: httpx.Client, username: str) -> Headers:
    response = client.post(f"{base}/auth/login",
                           json={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


@pytest.fixture(params=["postgresql", "sqlite"])
def served(request: pytest.FixtureRequest, tmp_path: Path,
           test_resources: Path) -> Iterator[tuple[str, int, subprocess.Popen[bytes]]]:
    """`python -m server_api`: two workers on PostgreSQL, one on SQLite (its default)."""
    if request.param == "postgresql":
        url = fresh_postgres_database(request.getfixturevalue("postgres_url"))
        workers = 2
    else:
        url, workers = f"sqlite:///{tmp_path / 'board.sqlite3'}", 1
    seed_demo(url, test_resources)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "server_api", "--database-url", url, "--port", str(port),
         "--workers", str(workers)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1",
             "KC1551_API_RESOURCES_DIR": str(test_resources)})
    try:
        _read_log_until(server, "Application startup complete", workers)
        yield f"http://127.0.0.1:{port}/api/v1", workers, server
    finally:
        if server.poll() is None:
            server.terminate()
        server.wait(timeout=30)


def test_the_push_reaches_streams_on_another_worker(
        served: tuple[str, int, subprocess.Popen[bytes]]) -> None:
    base, workers, server = served
    with httpx.Client() as first:
        lead = _login(base, first, "lead")
        operator2 = _login(base, first, "operator2")
    board = _Stream(f"{base}/board/stream", lead)
    desk = _Stream(f"{base}/desk/stream", operator2)
    try:
        snapshot = board.next("snapshot")
        streamed_by = snapshot["worker"]
        assert desk.next("desk")["forced"] is None
        # A connection the other worker accepted (on SQLite, the only one).
        for _ in range(200):
            other = httpx.Client()
            if workers == 1 or other.get(f"{base}/health").json()["worker"] != streamed_by:
                break
            other.close()
        else:
            pytest.fail("no connection reached the second worker")
        try:
            operator = _login(base, other, "operator")
            assert other.post(f"{base}/desk/heartbeat", headers=operator).status_code == 200
            answered_by = other.get(f"{base}/health").json()["worker"]
            ringing = other.post(f"{base}/desk/events", headers=operator, json={
                "type": "ringing", "sip_call_id": "push-1", "at": utcnow().isoformat(),
                "remote_number": "0671234567"})
            assert ringing.status_code == 201, ringing.text
            row = board.next("operator", lambda d: d["operator"]["username"] == "operator"
                             and (d["operator"]["call"] or {}).get("sip_call_id") == "push-1")
            assert row["operator"]["display_state"] == "ringing"
            assert row["operator"]["call"]["caller"] == "+38067*****67"
            assert board.next("line")["line"]["ringing_now"] >= 1
            sent = other.post(f"{base}/board/messages", headers=_login(base, other, "lead"),
                              json={"to": "operator2", "text": "Перевірте гарнітуру"})
            assert sent.status_code == 201
            message = desk.next("message")["message"]
            assert (message["text"], message["from"]) == ("Перевірте гарнітуру", "lead")
        finally:
            other.close()
        if workers > 1:
            assert answered_by != streamed_by
        # Stopping the server ends the open streams, so it stops at once.
        server.terminate()
        assert board.ended()
        assert desk.ended()
        _read_log_until(server, "Application shutdown complete", workers)
        # One uvicorn re-raises the SIGTERM it handled; the supervisor of several exits 0.
        assert server.wait(timeout=30) == (0 if workers > 1 else -signal.SIGTERM)
    finally:
        desk.close()
        board.close()
