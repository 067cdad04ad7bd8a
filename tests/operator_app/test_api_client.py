"""ApiClient against the real API (SQLite and PostgreSQL), including its error mapping."""

from __future__ import annotations

import socket
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from kc1551_demo.embedded import ApiServerThread, free_tcp_port
from operator_app.api_client import ApiClient, ApiError, ApiUnavailable
from tests.operator_app.conftest import DEMO_PASSWORD, appeal_payload, unique_phone


def has_cyrillic(text: str) -> bool:
    return any("а" <= ch.lower() <= "я" or ch in "іїєґІЇЄҐ" for ch in text)


def test_health_names_the_database(api: ApiServerThread, api_database: str) -> None:
    health = ApiClient(api.url).health()
    assert health["status"] == "ok"
    assert health["database"] == ("sqlite" if api_database.startswith("sqlite") else "postgresql")


def test_bad_password_is_an_api_error_in_ukrainian(api: ApiServerThread) -> None:
    with pytest.raises(ApiError) as info:
        ApiClient(api.url).login("operator", "wrong")
    assert info.value.status == 401
    assert info.value.code == "bad_credentials"
    assert has_cyrillic(info.value.message)


def test_requests_need_a_token(api: ApiServerThread) -> None:
    with pytest.raises(ApiError) as info:
        ApiClient(api.url).screen_pop("+380441234567")
    assert (info.value.status, info.value.code) == (401, "not_authenticated")


def test_login_keeps_the_token(api: ApiServerThread) -> None:
    client = ApiClient(api.url)
    answer = client.login("operator", DEMO_PASSWORD)
    assert answer["user"]["role"] == "operator"
    assert client.token == answer["token"]


def test_unknown_caller_gets_empty_pop(client: ApiClient) -> None:
    pop = client.screen_pop(unique_phone())
    assert pop["citizens"] == []
    assert pop["appeals"] == []


def test_appeal_round_trip_and_pop(client: ApiClient) -> None:
    phone = unique_phone()
    payload = appeal_payload(client, phone, "Немає гарячої води третій день")
    preview = client.appeal_preview(str(payload["problem_code"]), int(str(payload["building_id"])))
    assert preview["executor"]["name"]
    created = client.create_appeal(payload, str(uuid.uuid4()))
    assert created["number"]
    assert created["citizen"]["phones"] == [phone]
    assert client.get_appeal(created["number"])["id"] == created["id"]
    assert client.get_appeal(created["id"])["number"] == created["number"]
    listed = client.list_appeals(phone=phone)
    assert [item["id"] for item in listed["items"]] == [created["id"]]
    pop = client.screen_pop(phone)
    assert [item["number"] for item in pop["appeals"]] == [created["number"]]


@pytest.mark.parametrize(("change", "code", "field"), [
    ({"phone": "12"}, "invalid_phone", "phone"),
    ({"problem_code": "99.99"}, "unknown_problem", "problem_code"),
    ({"building_id": 10**9}, "unknown_building", "building_id"),
    ({"description": "я" * 4001}, "text_too_long", "description"),
])
def test_bad_appeal_is_refused_with_field_and_message(
        client: ApiClient, change: dict[str, object], code: str, field: str) -> None:
    payload = {**appeal_payload(client, unique_phone(), "Перевірка"), **change}
    with pytest.raises(ApiError) as info:
        client.create_appeal(payload, str(uuid.uuid4()))
    assert info.value.status in (409, 422)
    assert info.value.code == code
    assert info.value.field == field
    assert has_cyrillic(info.value.message)


def test_not_found_is_an_api_error(client: ApiClient) -> None:
    with pytest.raises(ApiError) as info:
        client.get_appeal(10**9)
    assert (info.value.status, info.value.code) == (404, "not_found")


def test_reference_data(client: ApiClient) -> None:
    spheres = client.classifier()
    assert spheres
    assert all({"code", "name", "problems"} <= set(s) for s in spheres)
    found = client.buildings("Хрещатик", limit=3)
    assert 1 <= len(found) <= 3
    assert all("Хрещатик" in b["street"] for b in found)
    assert isinstance(client.directory(""), list)


def test_knowledge_base(client: ApiClient) -> None:
    articles = client.kb_search("гаряча вода", limit=5)
    assert articles
    assert client.kb_article(articles[0]["id"])["title"] == articles[0]["title"]


def test_consultation_call_and_agent_state(client: ApiClient) -> None:
    consultation = client.create_consultation(
        {"phone": unique_phone(), "topic": "Відключення гарячої води влітку", "article_ids": []},
        str(uuid.uuid4()))
    assert consultation["id"]
    now = time.time()
    summary = {"call_id": "1", "sip_call_id": f"{uuid.uuid4()}@test", "direction": "in",
               "remote_number": unique_phone(), "local_user": "operator", "started_at": now - 60,
               "answered_at": now - 55, "ended_at": now, "ring_ms": 5000, "connect_ms": 40,
               "early_ms": None, "hold_segments": [], "hold_ms": 0, "talk_ms": 55000,
               "disposition": "answered", "mos": 4.3, "jitter_ms": 2.0, "loss_pct": 0.0,
               "rtt_ms": 20.0, "end_code": 200, "end_reason": "Normal call clearing",
               "consultation_id": consultation["id"]}
    call = client.post_call(summary, str(uuid.uuid4()))
    assert call["sip_call_id"] == summary["sip_call_id"]
    state = client.set_agent_state("not_ready", "break")
    assert (state["state"], state["reason"]) == ("not_ready", "break")


def test_stopped_server_is_unavailable(api: ApiServerThread) -> None:
    client = ApiClient(api.url, timeout=2)
    client.login("operator", DEMO_PASSWORD)
    api.stop()
    with pytest.raises(ApiUnavailable, match="недоступний"):
        client.health()
    api.start()
    assert client.health()["status"] == "ok"  # the same client works again


def test_no_listener_is_unavailable() -> None:
    with pytest.raises(ApiUnavailable, match="немає з'єднання"):
        ApiClient(f"http://127.0.0.1:{free_tcp_port()}").health()


def test_silent_server_times_out_as_unavailable() -> None:
    # A socket that accepts connections (backlog) but never answers.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        with pytest.raises(ApiUnavailable, match="немає відповіді"):
            ApiClient(f"http://127.0.0.1:{port}", timeout=0.3).health()


async def plain_status_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """A bare ASGI server answering /api/v1/<code> with that status and a text body,
    as a reverse proxy or a crashed backend would."""
    if scope["type"] != "http":
        return
    status = int(scope["path"].rsplit("/", 1)[-1])
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"Bad Gateway"})


@pytest.fixture(scope="module")
def plain_server() -> Iterator[ApiServerThread]:
    server = ApiServerThread(plain_status_app)
    server.start()
    yield server
    server.stop()


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_failure_is_unavailable(plain_server: ApiServerThread, status: int) -> None:
    with pytest.raises(ApiUnavailable) as info:
        ApiClient(plain_server.url).request("GET", f"/{status}")
    assert info.value.status == status


def test_foreign_4xx_still_reads_in_ukrainian(plain_server: ApiServerThread) -> None:
    with pytest.raises(ApiError) as info:
        ApiClient(plain_server.url).request("GET", "/413")
    assert (info.value.status, info.value.code) == (413, "http_error")
    assert "413" in info.value.message
    assert has_cyrillic(info.value.message)


def test_one_client_serves_several_threads(client: ApiClient) -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: client.classifier()[0]["code"], range(16)))
    assert len(set(results)) == 1
    client.close()
    assert client.health()["status"] == "ok"  # a closed client opens a new session
