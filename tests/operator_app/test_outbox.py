"""The outbox against the real API: waits while it is down, drains exactly once."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from kc1551_demo.embedded import ApiServerThread
from operator_app.api_client import ApiClient, ApiError
from operator_app.outbox import Outbox
from tests.operator_app.conftest import appeal_payload, unique_phone


def call_summary(phone: str) -> dict[str, Any]:
    now = time.time()
    return {"call_id": "7", "sip_call_id": f"{uuid.uuid4()}@outbox-test", "direction": "in",
            "remote_number": phone, "local_user": "operator", "started_at": now - 30,
            "answered_at": now - 25, "ended_at": now, "ring_ms": 5000, "connect_ms": 35,
            "early_ms": None, "hold_segments": [], "hold_ms": 0, "talk_ms": 25000,
            "disposition": "answered", "mos": 4.2, "jitter_ms": 3.0, "loss_pct": 0.0,
            "rtt_ms": 15.0, "end_code": 200, "end_reason": ""}


def appeals_of(client: ApiClient, phone: str) -> int:
    return int(client.list_appeals(phone=phone)["total"])


def test_waits_while_api_is_down_then_drains_exactly_once(
        api: ApiServerThread, client: ApiClient, tmp_outbox_path: Path,
        api_database: str) -> None:
    phone = unique_phone()
    payloads = [appeal_payload(client, phone, f"Не працює ліфт, звернення {n}") for n in (1, 2)]
    outbox = Outbox(tmp_outbox_path)
    api.stop()
    queued = outbox.deliver(client, "appeal", payloads[0])
    assert queued.state == "pending"
    assert queued.last_error is not None
    assert "недоступний" in queued.last_error
    call = outbox.submit("call", call_summary(phone), links={"appeal_id": queued.local_ref})
    outbox.submit("appeal", payloads[1])
    down = outbox.drain(client)
    assert (down.sent, down.pending) == (0, 3)
    assert down.unavailable is not None

    # The desktop restarts: a new Outbox on the same file keeps items and keys.
    reopened = Outbox(tmp_outbox_path)
    assert reopened.pending()[0].idempotency_key == queued.idempotency_key
    api.start()
    back = reopened.drain(client)
    assert (back.sent, back.rejected, back.pending, back.unavailable) == (3, 0, 0, None)
    assert appeals_of(client, phone) == 2
    again = reopened.drain(client)
    assert (again.sent, again.pending) == (0, 0)
    assert appeals_of(client, phone) == 2

    # The call summary was linked to the appeal created offline.
    appeal = reopened.get_by_ref(queued.local_ref)
    assert appeal is not None
    assert appeal.remote_id is not None
    engine = sa.create_engine(api_database)
    with engine.connect() as conn:
        linked = conn.execute(sa.text("SELECT appeal_id FROM calls WHERE sip_call_id = :s"),
                              {"s": call.payload["sip_call_id"]}).scalars().all()
    engine.dispose()
    assert linked == [appeal.remote_id]


def test_lost_answer_does_not_duplicate(client: ApiClient, tmp_outbox_path: Path) -> None:
    phone = unique_phone()
    outbox = Outbox(tmp_outbox_path)
    item = outbox.submit("appeal", appeal_payload(client, phone, "Відсутнє освітлення у під'їзді"))
    # The first send reaches the API but its answer never gets back to the desktop.
    first = client.create_appeal(item.payload, item.idempotency_key)
    result = outbox.drain(client)
    assert (result.sent, result.pending) == (1, 0)
    sent = outbox.get(item.seq)
    assert sent is not None
    assert sent.state == "sent"
    assert sent.remote_id == first["id"]
    assert appeals_of(client, phone) == 1


def test_refused_item_is_kept_with_its_reason_and_others_go_on(
        client: ApiClient, tmp_outbox_path: Path) -> None:
    phone = unique_phone()
    outbox = Outbox(tmp_outbox_path)
    bad = outbox.submit("appeal", {**appeal_payload(client, phone, "x"), "problem_code": "99.99"})
    good = outbox.submit("appeal", appeal_payload(client, phone, "Прибирання території"))
    result = outbox.drain(client)
    assert (result.sent, result.rejected, result.pending) == (1, 1, 0)
    (rejected,) = outbox.rejected()
    assert rejected.local_ref == bad.local_ref
    assert rejected.error_code == "unknown_problem"
    assert rejected.error_field == "problem_code"
    assert rejected.last_error
    assert outbox.drain(client).rejected == 0  # not retried forever
    assert outbox.get(good.seq) is not None
    assert appeals_of(client, phone) == 1
    outbox.discard(rejected.local_ref)
    assert outbox.rejected() == []


def test_deliver_online_sends_at_once_and_raises_refusals(
        client: ApiClient, tmp_outbox_path: Path) -> None:
    phone = unique_phone()
    outbox = Outbox(tmp_outbox_path)
    sent = outbox.deliver(client, "appeal", appeal_payload(client, phone, "Не працює ліфт"))
    assert sent.state == "sent"
    assert sent.result is not None
    assert sent.result["number"]
    with pytest.raises(ApiError) as info:
        outbox.deliver(client, "appeal", {**appeal_payload(client, phone, "x"), "phone": "1"})
    assert info.value.code == "invalid_phone"
    assert outbox.pending_count() == 0
    assert outbox.rejected() == []  # the form still holds it; the operator fixes it there
    assert appeals_of(client, phone) == 1


def test_expired_sign_in_keeps_items_waiting(
        api: ApiServerThread, client: ApiClient, tmp_outbox_path: Path) -> None:
    phone = unique_phone()
    payload = appeal_payload(client, phone, "Не працює вантажний ліфт")
    signed_out = ApiClient(api.url)
    outbox = Outbox(tmp_outbox_path)
    queued = outbox.deliver(signed_out, "appeal", payload)
    assert queued.state == "pending"
    assert outbox.drain(signed_out).unavailable is not None
    assert outbox.rejected() == []
    signed_out.token = client.token  # signed in again
    assert outbox.drain(signed_out).sent == 1
    assert appeals_of(client, phone) == 1


def test_submit_checks_kind_and_links(tmp_outbox_path: Path) -> None:
    outbox = Outbox(tmp_outbox_path)
    with pytest.raises(ValueError, match="unknown outbox kind"):
        outbox.submit("letter", {})
    with pytest.raises(ValueError, match="no such outbox item"):
        outbox.submit("call", {}, links={"appeal_id": "nope"})
    assert outbox.pending_count() == 0


def test_held_call_summary_waits_for_release_and_links_a_list_of_records(
        client: ApiClient, tmp_outbox_path: Path) -> None:
    phone = unique_phone()
    outbox = Outbox(tmp_outbox_path)
    first = outbox.deliver(client, "appeal", appeal_payload(client, phone, "Не працює ліфт"))
    assert first.state == "sent"
    # Hang-up: the summary is stored, but the wrap-up is still open.
    summary = outbox.submit("call", call_summary(phone), held=True)
    assert outbox.drain(client).sent == 0
    assert outbox.get(summary.seq).state == "held"  # type: ignore[union-attr]
    # During wrap-up a second appeal waits in the outbox (say the API blinked).
    second = outbox.submit("appeal", appeal_payload(client, phone, "І протікає дах"))
    payload = dict(summary.payload, appeal_ids=[first.remote_id])
    released = outbox.release(summary.local_ref, payload,
                              {"appeal_ids": [second.local_ref]})
    assert released is not None
    assert released.state == "pending"
    result = outbox.drain(client)
    assert (result.sent, result.pending) == (2, 0)
    sent = outbox.get(summary.seq)
    assert sent is not None
    assert sent.result is not None
    sent_second = outbox.get(second.seq)
    assert sent_second is not None
    assert sent.result["appeal_ids"] == [first.remote_id, sent_second.remote_id]


def test_summary_held_by_a_crashed_run_is_released_by_the_next_one(
        client: ApiClient, tmp_outbox_path: Path) -> None:
    phone = unique_phone()
    held = Outbox(tmp_outbox_path).submit("call", call_summary(phone), held=True)
    # A second Outbox of the same running desktop must not take it over ...
    assert Outbox(tmp_outbox_path, release_held=False).pending_count() == 0
    # ... but the desktop's next start does: what it knew at hang-up is sent.
    restarted = Outbox(tmp_outbox_path)
    assert restarted.pending_count() == 1
    assert restarted.drain(client).sent == 1
    item = restarted.get(held.seq)
    assert item is not None
    assert item.state == "sent"
