"""The live reporter against the real API (SQLite and PostgreSQL): call events in
order and counted on the lead's board, kept while the API is away and sent when it
is back, a refused event dropped without holding up the rest, the oldest dropped
from a full queue, heartbeats carrying the lead's orders; and the call tracker
turning the engine's snapshots into the board's events."""

from __future__ import annotations

import itertools
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from kc1551_demo.embedded import ApiServerThread
from operator_app.api_client import ApiClient
from operator_app.live_reporter import (
    ABANDONED,
    ANSWERED,
    ENDED,
    HELD,
    RESUMED,
    RINGING,
    CallEventTracker,
    LiveReporter,
)
from operator_app.telephony.models import (
    CallDirection,
    CallInfo,
    CallStatus,
    CallSummary,
    Disposition,
)
from tests.operator_app.conftest import DEMO_PASSWORD, unique_phone

FAST_RETRY = (0.05, 0.1, 0.2)
WAIT_S = 15.0
_calls = itertools.count(1)


@pytest.fixture
def lead(api: ApiServerThread) -> Iterator[ApiClient]:
    client = ApiClient(api.url)
    client.login("lead", DEMO_PASSWORD)
    yield client
    client.close()


@pytest.fixture
def reporter(client: ApiClient) -> Iterator[LiveReporter]:
    live = LiveReporter(client.desk_event, client.desk_heartbeat, heartbeat_s=3600,
                        retry_delays_s=FAST_RETRY)
    live.start()
    yield live
    live.stop()


def sip_id() -> str:
    return f"{uuid.uuid4()}@reporter-test"


def line(lead: ApiClient) -> dict[str, Any]:
    result: dict[str, Any] = lead.board_snapshot()["line"]
    return result


def operator_row(lead: ApiClient, username: str = "operator") -> dict[str, Any] | None:
    return next((op for op in lead.board_snapshot()["operators"]
                 if op["username"] == username), None)


def test_a_call_reported_as_it_happens_is_counted_on_the_board(
        reporter: LiveReporter, client: ApiClient, lead: ApiClient) -> None:
    before = line(lead)
    call = sip_id()
    reporter.report(RINGING, call, remote_number=unique_phone(), direction="in")
    reporter.report(ANSWERED, call, direction="in")
    reporter.report(HELD, call)
    assert reporter.wait_sent(WAIT_S)
    row = operator_row(lead)
    assert row is not None
    assert row["call"]["sip_call_id"] == call
    assert row["call"]["phase"] == "held"
    assert "*" in row["call"]["caller"]  # masked for the board
    reporter.report(RESUMED, call)
    reporter.report(ENDED, call, direction="in")
    assert reporter.wait_sent(WAIT_S)
    assert reporter.dropped == 0
    after = line(lead)
    assert after["answered"] == before["answered"] + 1
    row = operator_row(lead)
    assert row is not None
    assert row["call"] is None


def test_events_wait_while_the_api_is_away_and_go_when_it_is_back(
        api: ApiServerThread, reporter: LiveReporter, lead: ApiClient) -> None:
    before = line(lead)
    api.stop()
    call = sip_id()
    # report() only queues (the GUI thread calls it): the API away raises nothing.
    reporter.report(RINGING, call, remote_number=unique_phone(), direction="in")
    reporter.report(ABANDONED, call, direction="in")
    assert not reporter.wait_sent(0.5)
    assert reporter.pending() >= 1
    assert reporter.connected is False
    assert "недоступний" in reporter.last_error
    api.start()
    assert reporter.wait_sent(WAIT_S)
    assert reporter.connected is True
    assert reporter.dropped == 0
    assert line(lead)["abandoned"] == before["abandoned"] + 1


def test_an_event_the_api_refuses_is_dropped_and_the_next_still_goes(
        reporter: LiveReporter, lead: ApiClient) -> None:
    unknown, call = sip_id(), sip_id()
    reporter.report(ANSWERED, unknown)  # 409 call_unknown: never rung
    reporter.report(RINGING, call, remote_number=unique_phone(), direction="in")
    assert reporter.wait_sent(WAIT_S)
    assert reporter.dropped == 1
    assert reporter.sent == 1
    row = operator_row(lead)
    assert row is not None
    assert row["call"]["sip_call_id"] == call
    reporter.report(ENDED, call, direction="in")
    assert reporter.wait_sent(WAIT_S)


def test_a_full_queue_drops_its_oldest_events(api: ApiServerThread, client: ApiClient) -> None:
    sent: list[dict[str, Any]] = []
    live = LiveReporter(client.desk_event, None, max_queued=3, retry_delays_s=FAST_RETRY,
                        on_sent=lambda event, _answer: sent.append(event))
    api.stop()
    calls = [sip_id() for _ in range(5)]
    for call in calls:
        live.report(RINGING, call, remote_number=unique_phone(), direction="in")
    assert live.dropped == 2
    api.start()
    live.start()
    try:
        assert live.wait_sent(WAIT_S)
    finally:
        live.stop()
    assert [event["sip_call_id"] for event in sent] == calls[2:]
    for call in calls[2:]:
        client.desk_event({"type": ENDED, "sip_call_id": call,
                           "at": sent[0]["at"], "direction": "in"})


def test_heartbeats_bring_the_lead_s_order(api: ApiServerThread, lead: ApiClient) -> None:
    client = ApiClient(api.url)
    client.login("operator2", DEMO_PASSWORD)
    answers: list[Any] = []
    first, forced = threading.Event(), threading.Event()

    def heard(answer: Any) -> None:
        answers.append(answer)
        first.set()
        if answer.get("forced"):
            forced.set()

    live = LiveReporter(client.desk_event, client.desk_heartbeat, heartbeat_s=0.2,
                        on_heartbeat=heard, retry_delays_s=FAST_RETRY)
    client.set_agent_state("available")
    live.start()
    try:
        # The first heartbeat goes at once and puts the desktop on the board.
        assert first.wait(WAIT_S)
        assert operator_row(lead, "operator2") is not None
        lead.board_force("operator2", "not_ready", "meeting")
        live.beat_now()
        assert forced.wait(WAIT_S)
    finally:
        live.stop()
        client.set_agent_state("not_ready", "meeting")  # fulfils the order
        client.close()
    assert answers[-1]["forced"]["action"] == "not_ready"
    assert answers[-1]["forced"]["reason"] == "meeting"
    row = operator_row(lead, "operator2")
    assert row is not None
    assert row["forced"] is None


def snapshot(call_id: str, status: CallStatus, *, number: str | None = None,
             answered_at: float | None = None,
             direction: CallDirection = CallDirection.INCOMING) -> CallInfo:
    return CallInfo(call_id=call_id, sip_call_id=f"{call_id}@tracker-test", direction=direction,
                    status=status, remote_number=number, remote_display="",
                    remote_uri=f"sip:{number}@127.0.0.1", started_at=time.time(),
                    answered_at=answered_at)


def summary(info: CallInfo, disposition: Disposition, talk_ms: int = 0) -> CallSummary:
    now = time.time()
    return CallSummary(call_id=info.call_id, sip_call_id=info.sip_call_id,
                       direction=info.direction, local_user="op1001",
                       started_at=info.started_at, ended_at=now, ring_ms=100, hold_ms=0,
                       talk_ms=talk_ms, disposition=disposition,
                       remote_number=info.remote_number)


def test_the_tracker_says_each_step_of_a_call_once(reporter: LiveReporter, lead: ApiClient,
                                                   client: ApiClient) -> None:
    sent: list[str] = []
    reporter.on_sent = lambda event, _answer: sent.append(event["type"])
    tracker = CallEventTracker(reporter)
    call_id, number = f"c{next(_calls)}-{uuid.uuid4().hex[:6]}", unique_phone()
    ringing = snapshot(call_id, CallStatus.RINGING, number=number)
    tracker.on_ringing(ringing)
    tracker.on_call_changed(ringing)  # the same status again: nothing new
    answered_at = time.time()
    connected = snapshot(call_id, CallStatus.CONNECTED, number=number, answered_at=answered_at)
    tracker.on_call_changed(connected)
    tracker.on_call_changed(connected)
    tracker.on_call_changed(snapshot(call_id, CallStatus.HELD, number=number,
                                     answered_at=answered_at))
    tracker.on_call_changed(connected)
    tracker.on_call_changed(snapshot(call_id, CallStatus.ENDED, number=number))
    tracker.on_call_ended(summary(connected, Disposition.ANSWERED, talk_ms=2000))
    assert reporter.wait_sent(WAIT_S)
    assert sent == [RINGING, ANSWERED, HELD, RESUMED, ENDED]
    assert reporter.dropped == 0

    # A caller who gives up while it rings is abandoned, counted on the line.
    before = line(lead)["abandoned"]
    missed_id = f"c{next(_calls)}-{uuid.uuid4().hex[:6]}"
    missed = snapshot(missed_id, CallStatus.RINGING, number=unique_phone())
    tracker.on_ringing(missed)
    tracker.on_call_ended(summary(missed, Disposition.MISSED))
    assert reporter.wait_sent(WAIT_S)
    assert sent[-2:] == [RINGING, ABANDONED]
    assert line(lead)["abandoned"] == before + 1


def test_an_outgoing_call_starts_with_its_own_ringing(reporter: LiveReporter) -> None:
    sent: list[dict[str, Any]] = []
    reporter.on_sent = lambda event, _answer: sent.append(event)
    tracker = CallEventTracker(reporter)
    call_id = f"o{next(_calls)}-{uuid.uuid4().hex[:6]}"
    number = unique_phone()
    calling = snapshot(call_id, CallStatus.CALLING, number=number,
                       direction=CallDirection.OUTGOING)
    tracker.on_call_changed(calling)
    connected = snapshot(call_id, CallStatus.CONNECTED, number=number, answered_at=time.time(),
                         direction=CallDirection.OUTGOING)
    tracker.on_call_changed(connected)
    tracker.on_call_ended(summary(connected, Disposition.ANSWERED, talk_ms=500))
    assert reporter.wait_sent(WAIT_S)
    assert [(e["type"], e.get("direction")) for e in sent] == [
        (RINGING, "out"), (ANSWERED, "out"), (ENDED, "out")]
    assert sent[0]["remote_number"] == number
