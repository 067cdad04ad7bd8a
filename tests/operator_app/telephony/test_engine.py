"""The operator engine against a real Kamailio, real pjsua2 callers in other processes.

The engine runs in this process (one pjsua2 Endpoint per process); the line
simulator (citizens, the city network) and a second operator (the console
softphone) run in their own processes and are driven over JSON lines.
"""

from __future__ import annotations

import queue
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from kc1551_demo.local_pbx import LocalPbx
from operator_app.telephony import owner
from operator_app.telephony.audio import list_sound_devices
from operator_app.telephony.config import GATEWAY_PASSWORD_ENV, PASSWORD_ENV, SipConfig
from operator_app.telephony.engine import Engine
from operator_app.telephony.jsonl_process import JsonLineProcess
from operator_app.telephony.models import (
    CallDirection,
    CallInfo,
    CallStatus,
    CallSummary,
    Disposition,
    RegistrationState,
    RegistrationStatus,
)
from operator_app.telephony.owner import EngineError

pytestmark = pytest.mark.sip

CITIZEN = "+380441234567"
EVENT_TIMEOUT_S = 10.0
PBX_RETURN_DEADLINE_S = 5.0  # the requirement: registered again within 5 s


class RecordingListener:
    """EngineListener that queues (kind, snapshot) for the test thread."""

    def __init__(self) -> None:
        self._queue: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._pending: list[tuple[str, Any]] = []

    def on_registration(self, state: RegistrationState) -> None:
        self._queue.put(("registration", state))

    def on_ringing(self, info: CallInfo) -> None:
        self._queue.put(("ringing", info))

    def on_call_changed(self, info: CallInfo) -> None:
        self._queue.put(("call", info))

    def on_call_ended(self, summary: CallSummary) -> None:
        self._queue.put(("ended", summary))

    def on_media_stats(self, stats: Any) -> None:
        self._queue.put(("media", stats))

    def on_options_rtt(self, rtt_ms: float) -> None:
        self._queue.put(("rtt", rtt_ms))

    def on_error(self, message: str) -> None:
        self._queue.put(("error", message))

    def on_monitor(self, state: Any) -> None:
        self._queue.put(("monitor", state))

    def wait_for(self, kind: str, predicate: Callable[[Any], bool] = lambda _: True,
                 timeout: float = EVENT_TIMEOUT_S) -> Any:
        """The first unconsumed event of this kind that matches, or AssertionError."""
        for index, (k, value) in enumerate(self._pending):
            if k == kind and predicate(value):
                return self._pending.pop(index)[1]
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                k, value = self._queue.get(timeout=remaining)
            except queue.Empty:
                break
            if k == kind and predicate(value):
                return value
            self._pending.append((k, value))
        seen = [event for event in self._pending if event[0] != "rtt"][-10:]
        raise AssertionError(f"no {kind} event within {timeout} s; got {seen}")

    def received(self, kind: str) -> list[Any]:
        """Every event of this kind delivered so far and not consumed by wait_for (no waiting)."""
        while True:
            try:
                self._pending.append(self._queue.get_nowait())
            except queue.Empty:
                break
        return [value for k, value in self._pending if k == kind]


def registered(account: str) -> Callable[[RegistrationState], bool]:
    return lambda s: s.account == account and s.status is RegistrationStatus.REGISTERED


def status_is(call_id: str, status: CallStatus) -> Callable[[CallInfo], bool]:
    return lambda info: info.call_id == call_id and info.status is status


def start_engine(pbx: LocalPbx, listener: RecordingListener, user: str = "op1001",
                 password: str | None = None, ready: bool = True) -> Engine:
    engine = Engine(listener)
    engine.start(SipConfig(
        registrar=pbx.registrar_uri, user=user,
        password=pbx.users[user] if password is None else password, ready=ready,
        keepalive_s=1.0, keepalive_timeout_s=0.5, null_audio=True,
    ))
    return engine


@pytest.fixture
def listener() -> RecordingListener:
    return RecordingListener()


@pytest.fixture
def operator(pbx: LocalPbx, listener: RecordingListener) -> Iterator[Engine]:
    engine = start_engine(pbx, listener)
    try:
        listener.wait_for("registration", registered("operator"))
        listener.wait_for("registration", registered("queue"))
        yield engine
    finally:
        engine.shutdown()


def simulator(pbx: LocalPbx, *extra: str) -> JsonLineProcess:
    return JsonLineProcess([
        sys.executable, "-m", "kc1551_demo.simulator",
        "--registrar", pbx.registrar_uri, "--user", "trunk", "--control", *extra,
    ], env={PASSWORD_ENV: pbx.users["trunk"]})


@pytest.fixture
def caller(pbx: LocalPbx) -> Iterator[JsonLineProcess]:
    process = simulator(pbx)
    try:
        process.wait_for("ready", EVENT_TIMEOUT_S)
        yield process
    finally:
        process.close()


@pytest.fixture
def second_operator(pbx: LocalPbx) -> Iterator[JsonLineProcess]:
    """op1002 in a console softphone that answers at once."""
    process = JsonLineProcess([
        sys.executable, "-m", "operator_app.telephony", "--null-audio",
        "--registrar", pbx.registrar_uri, "--user", "op1002", "--auto-answer", "0",
    ], env={PASSWORD_ENV: pbx.users["op1002"]})
    try:
        process.wait_for(lambda e: e["event"] == "registered" and e["account"] == "operator",
                         EVENT_TIMEOUT_S)
        yield process
    finally:
        process.close()


def place_call(caller: JsonLineProcess, listener: RecordingListener,
               number: str = CITIZEN) -> tuple[str, CallInfo]:
    """Caller dials 1551; returns the simulator's call id and the engine's ringing snapshot."""
    caller.send({"cmd": "call", "to": "1551", "from_number": number, "display": "Петренко",
                 "withheld": False})
    sim_call = caller.wait_for("calling", EVENT_TIMEOUT_S)["call"]
    ringing = listener.wait_for("ringing", lambda i: i.remote_number == number)
    return sim_call, ringing


def answer(engine: Engine, listener: RecordingListener, call_id: str) -> CallInfo:
    engine.answer(call_id)
    return listener.wait_for("call", status_is(call_id, CallStatus.CONNECTED))  # type: ignore[no-any-return]


def test_register_with_right_password(operator: Engine, listener: RecordingListener) -> None:
    rtt = listener.wait_for("rtt")
    assert rtt > 0


def test_wrong_password_fails_with_reason_in_words(pbx: LocalPbx,
                                                    listener: RecordingListener) -> None:
    engine = start_engine(pbx, listener, password="not-the-password", ready=False)
    try:
        failed = listener.wait_for(
            "registration",
            lambda s: s.account == "operator" and s.status is RegistrationStatus.FAILED)
    finally:
        engine.shutdown()
    assert failed.code in (401, 403)
    assert "пароль" in failed.reason


def test_incoming_call_hold_resume_and_caller_hangs_up(
        operator: Engine, listener: RecordingListener, caller: JsonLineProcess) -> None:
    sim_call, ringing = place_call(caller, listener)
    assert ringing.direction is CallDirection.INCOMING
    assert ringing.remote_display == "Петренко"
    assert ringing.headers.get("X-Queue") == "1551"
    assert ringing.sip_call_id
    call_id = ringing.call_id
    answer(operator, listener, call_id)
    caller.wait_for("connected", EVENT_TIMEOUT_S)

    before_hold = time.time()
    operator.hold(call_id)
    listener.wait_for("call", status_is(call_id, CallStatus.HELD))
    caller.wait_for("remote_hold", EVENT_TIMEOUT_S)
    operator.resume(call_id)
    listener.wait_for("call", status_is(call_id, CallStatus.CONNECTED))
    caller.wait_for("remote_unhold", EVENT_TIMEOUT_S)
    resumed = time.time()
    stats = listener.wait_for("media", lambda m: m.call_id == call_id)
    assert 1.0 <= stats.mos <= 4.5
    assert stats.loss_pct == 0.0  # loopback loses nothing

    caller.send({"cmd": "hangup", "call": sim_call})
    summary: CallSummary = listener.wait_for("ended", lambda s: s.call_id == call_id)
    # One hold, inside the time the test held it, and the total is that segment's.
    assert len(summary.hold_segments) == 1
    segment = summary.hold_segments[0]
    assert before_hold <= segment.start <= segment.end <= resumed
    assert summary.hold_ms == segment.ms
    assert summary.disposition is Disposition.ANSWERED
    assert summary.remote_number == CITIZEN
    assert summary.answered_at is not None
    assert summary.ring_ms == int((summary.answered_at - summary.started_at) * 1000)
    assert summary.connect_ms is not None
    assert summary.talk_ms >= summary.hold_ms
    assert summary.early_ms is None
    assert summary.mos is not None
    assert summary.end_code == 200


def test_caller_hangs_up_while_ringing_is_missed(
        operator: Engine, listener: RecordingListener, caller: JsonLineProcess) -> None:
    sim_call, ringing = place_call(caller, listener)
    caller.send({"cmd": "hangup", "call": sim_call})
    summary: CallSummary = listener.wait_for("ended", lambda s: s.call_id == ringing.call_id)
    assert summary.disposition is Disposition.MISSED
    assert summary.answered_at is None
    assert summary.ring_ms == 0
    assert summary.talk_ms == 0


def test_withheld_caller_has_no_number(
        operator: Engine, listener: RecordingListener, caller: JsonLineProcess) -> None:
    caller.send({"cmd": "call", "to": "1551", "from_number": CITIZEN, "display": "",
                 "withheld": True})
    ringing = listener.wait_for("ringing")
    assert ringing.remote_number is None
    operator.reject(ringing.call_id, 486)
    summary = listener.wait_for("ended", lambda s: s.call_id == ringing.call_id)
    assert summary.disposition is Disposition.REJECTED
    assert caller.wait_for("ended", EVENT_TIMEOUT_S)["code"] == 486


def test_blind_transfer_to_second_operator(
        operator: Engine, listener: RecordingListener, caller: JsonLineProcess,
        second_operator: JsonLineProcess) -> None:
    _, ringing = place_call(caller, listener)
    answer(operator, listener, ringing.call_id)
    operator.transfer_blind(ringing.call_id, "op1002")
    incoming = second_operator.wait_for("incoming", EVENT_TIMEOUT_S)
    assert incoming["number"] == CITIZEN
    second_operator.wait_for("connected", EVENT_TIMEOUT_S)
    summary = listener.wait_for("ended", lambda s: s.call_id == ringing.call_id)
    assert summary.disposition is Disposition.TRANSFERRED


def test_attended_transfer_to_second_operator(
        operator: Engine, listener: RecordingListener, caller: JsonLineProcess,
        second_operator: JsonLineProcess) -> None:
    _, ringing = place_call(caller, listener)
    citizen_call = ringing.call_id
    answer(operator, listener, citizen_call)
    operator.hold(citizen_call)
    listener.wait_for("call", status_is(citizen_call, CallStatus.HELD))
    consult_call = operator.call("op1002")
    listener.wait_for("call", status_is(consult_call, CallStatus.CONNECTED))
    second_operator.wait_for("connected", EVENT_TIMEOUT_S)

    operator.transfer_attended(citizen_call, consult_call)
    summary = listener.wait_for("ended", lambda s: s.call_id == citizen_call)
    assert summary.disposition is Disposition.TRANSFERRED
    listener.wait_for("ended", lambda s: s.call_id == consult_call)
    # The citizen now talks to op1002 on a new call that replaced the consultation.
    caller.wait_for(lambda e: e["event"] == "connected" and e["call"] != "c1", EVENT_TIMEOUT_S)


def test_outbound_call_to_citizen_answered_by_city_network(
        pbx: LocalPbx, operator: Engine, listener: RecordingListener) -> None:
    gateway = JsonLineProcess([
        sys.executable, "-m", "kc1551_demo.simulator",
        "--registrar", pbx.registrar_uri, "--user", "op1005", "--gateway-user", "gateway",
        "--answer-after", "0.3", "--control",
    ], env={PASSWORD_ENV: pbx.users["op1005"], GATEWAY_PASSWORD_ENV: pbx.users["gateway"]})
    try:
        gateway.wait_for("ready", EVENT_TIMEOUT_S)
        call_id = operator.call("+380501234567")
        listener.wait_for("call", status_is(call_id, CallStatus.CONNECTED))
        gateway.wait_for("incoming", EVENT_TIMEOUT_S)
        operator.hangup(call_id)
        summary: CallSummary = listener.wait_for("ended", lambda s: s.call_id == call_id)
    finally:
        gateway.close()
    assert summary.direction is CallDirection.OUTGOING
    assert summary.remote_number == "+380501234567"
    assert summary.disposition is Disposition.ANSWERED
    assert summary.connect_ms is not None  # measured: the call was answered
    assert summary.early_ms is not None  # measured: the gateway rang (180) first


def test_call_waiting_hold_first_answer_second(
        operator: Engine, listener: RecordingListener, caller: JsonLineProcess) -> None:
    _, first = place_call(caller, listener, "+380441111111")
    answer(operator, listener, first.call_id)
    _, second = place_call(caller, listener, "+380672222222")
    operator.hold(first.call_id)
    listener.wait_for("call", status_is(first.call_id, CallStatus.HELD))
    answer(operator, listener, second.call_id)
    assert {c.status for c in operator.calls()} == {CallStatus.HELD, CallStatus.CONNECTED}
    operator.hangup(second.call_id)
    operator.hangup(first.call_id)
    ended = {listener.wait_for("ended").remote_number for _ in range(2)}
    assert ended == {"+380441111111", "+380672222222"}


def unregistered(account: str) -> Callable[[RegistrationState], bool]:
    return lambda s: s.account == account and s.status is RegistrationStatus.UNREGISTERED


def test_ready_changes_around_an_answered_call_raise_no_error(
        operator: Engine, listener: RecordingListener, caller: JsonLineProcess) -> None:
    """Issue 13: the desktop calls set_ready on every state change (on call, wrap-up,
    ready); a repeated "not ready", or one while the queue's REGISTER is in flight,
    gave "Invalid operation (PJ_EINVALIDOP)"."""
    sim_call, ringing = place_call(caller, listener)
    answer(operator, listener, ringing.call_id)
    operator.set_ready(False)  # on call
    operator.set_ready(False)  # the unregistration is still in flight
    listener.wait_for("registration", unregistered("queue"))
    caller.send({"cmd": "hangup", "call": sim_call})
    listener.wait_for("ended", lambda s: s.call_id == ringing.call_id)
    operator.set_ready(False)  # wrap-up: already unbound
    operator.set_ready(True)  # ready
    operator.set_ready(False)  # not ready while that REGISTER is in flight...
    operator.set_ready(True)  # ...and ready again: the last word wins
    listener.wait_for("registration", registered("queue"))
    operator.set_ready(True)  # already bound
    # The owner thread runs posts in order: this barrier follows every set_ready.
    operator.set_ready(False)
    listener.wait_for("registration", unregistered("queue"))  # ends unbound, as asked
    assert listener.received("error") == []


def test_reregisters_within_5_s_after_pbx_restart(
        pbx: LocalPbx, operator: Engine, listener: RecordingListener,
        caller: JsonLineProcess) -> None:
    pbx.restart()  # returns once Kamailio answers again, with an empty location table
    listener.wait_for("registration", registered("operator"), timeout=PBX_RETURN_DEADLINE_S)
    listener.wait_for("registration", registered("queue"), timeout=PBX_RETURN_DEADLINE_S)
    # The ring group reaches us again. The caller re-registers on its own schedule,
    # so it may need a few attempts; that is not what this test measures.
    place_call(caller, listener)


def test_shutdown_with_a_call_up_and_start_again(
        pbx: LocalPbx, listener: RecordingListener, caller: JsonLineProcess) -> None:
    engine = start_engine(pbx, listener)
    listener.wait_for("registration", registered("queue"))
    _, ringing = place_call(caller, listener)
    answer(engine, listener, ringing.call_id)
    engine.shutdown()
    assert not engine.running
    summary = listener.wait_for("ended", lambda s: s.call_id == ringing.call_id)
    assert summary.disposition is Disposition.ANSWERED
    caller.wait_for("ended", EVENT_TIMEOUT_S)

    engine.start(SipConfig(registrar=pbx.registrar_uri, user="op1001",
                           password=pbx.users["op1001"], null_audio=True))
    try:
        listener.wait_for("registration", registered("operator"))
    finally:
        engine.shutdown()


def test_a_second_phone_while_one_runs_is_refused_not_a_crash(
        pbx: LocalPbx, operator: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """pjsua2 aborts the process on a second Endpoint (seen in CI, when a phone's
    thread was stuck in a sound driver): the next phone gets an error instead."""
    monkeypatch.setattr(owner, "ENDPOINT_SLOT_WAIT_S", 0.2)
    second = Engine(RecordingListener())
    with pytest.raises(EngineError, match="Попередній SIP-телефон ще не зупинився"):
        second.start(SipConfig(registrar=pbx.registrar_uri, user="op1002",
                               password=pbx.users["op1002"], null_audio=True))
    assert not second.running
    with pytest.raises(EngineError, match="Попередній SIP-телефон"):
        list_sound_devices()
    assert operator.running

    operator.shutdown()  # frees the slot: the next phone starts
    third_listener = RecordingListener()
    third = start_engine(pbx, third_listener, user="op1002")
    try:
        third_listener.wait_for("registration", registered("operator"))
    finally:
        third.shutdown()


def test_pbx_down_is_reported_and_registration_returns_within_5_s(
        pbx: LocalPbx, operator: Engine, listener: RecordingListener) -> None:
    pbx.stop(keep_workdir=True)  # killed: no answers at all
    lost = listener.wait_for(
        "registration", lambda s: s.account == "operator" and s.status is RegistrationStatus.FAILED)
    assert lost.code == 408
    assert "недоступна" in lost.reason
    pbx.restart()  # back on the same ports, with an empty location table
    listener.wait_for("registration", registered("operator"), timeout=PBX_RETURN_DEADLINE_S)
    listener.wait_for("registration", registered("queue"), timeout=PBX_RETURN_DEADLINE_S)


def test_outbound_call_without_city_network_fails_with_its_code(
        operator: Engine, listener: RecordingListener) -> None:
    call_id = operator.call("0501234567")  # nobody is registered as the gateway
    summary: CallSummary = listener.wait_for("ended", lambda s: s.call_id == call_id)
    assert summary.disposition is Disposition.FAILED
    assert summary.end_code == 480
    assert summary.remote_number == "+380501234567"
    assert summary.answered_at is None
    assert summary.connect_ms is None
