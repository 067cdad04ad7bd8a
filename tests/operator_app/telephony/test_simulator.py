"""The line simulator against the real test PBX, driven as a separate process.

A second simulator registered as `gateway` plays the city network: a call from
`trunk` to a citizen's number reaches it through Kamailio, like a feedback
callback would.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator

import pytest

from operator_app.telephony.jsonl_process import JsonLineProcess
from operator_app.telephony.local_pbx import LocalPbx

pytestmark = pytest.mark.sip

CITIZEN = "+380501234567"
REGISTER_TIMEOUT_S = 15.0
EVENT_TIMEOUT_S = 10.0


def simulator(pbx: LocalPbx, *extra: str, user: str = "trunk",
              password: str | None = None) -> JsonLineProcess:
    return JsonLineProcess([
        sys.executable, "-m", "operator_app.telephony.simulator",
        "--registrar", pbx.registrar_uri, "--user", user,
        "--password", pbx.users[user] if password is None else password, *extra,
    ])


def gateway_simulator(pbx: LocalPbx, answer_after: float, *extra: str) -> JsonLineProcess:
    # the caller side is an unused operator account: the test needs only the gateway
    return simulator(pbx, "--control", "--gateway-user", "gateway",
                     "--gateway-password", pbx.users["gateway"],
                     "--answer-after", str(answer_after), *extra, user="op1005")


@pytest.fixture
def caller(pbx_session: LocalPbx) -> Iterator[JsonLineProcess]:
    process = simulator(pbx_session, "--control")
    try:
        process.wait_for("ready", REGISTER_TIMEOUT_S)
        yield process
    finally:
        assert process.close() == 0


@pytest.fixture(scope="module")
def answering_gateway(pbx_session: LocalPbx) -> Iterator[JsonLineProcess]:
    process = gateway_simulator(pbx_session, answer_after=0.3)
    try:
        process.wait_for("ready", REGISTER_TIMEOUT_S)
        yield process
    finally:
        process.close()


def of_call(name: str, call: str) -> object:
    return lambda event: event.get("event") == name and event.get("call") == call


def test_call_to_citizen_is_answered_by_gateway(caller: JsonLineProcess,
                                                answering_gateway: JsonLineProcess) -> None:
    started = time.time()
    caller.send({"cmd": "call", "to": CITIZEN, "from_number": "+380441234567",
                 "display": "Петренко", "withheld": False})
    calling = caller.wait_for("calling", EVENT_TIMEOUT_S)
    call = calling["call"]
    ringing = caller.wait_for(of_call("ringing", call), EVENT_TIMEOUT_S)
    connected = caller.wait_for(of_call("connected", call), EVENT_TIMEOUT_S)
    incoming = answering_gateway.wait_for("incoming", EVENT_TIMEOUT_S)
    assert "+380441234567" in incoming["from"]
    assert "Петренко" in incoming["from"]
    answering_gateway.wait_for(of_call("connected", incoming["call"]), EVENT_TIMEOUT_S)

    caller.send({"cmd": "dtmf", "call": call, "digits": "5"})
    assert answering_gateway.wait_for("dtmf", EVENT_TIMEOUT_S)["digit"] == "5"

    caller.send({"cmd": "hangup", "call": call})
    ended = caller.wait_for(of_call("ended", call), EVENT_TIMEOUT_S)
    assert ended["code"] == 200
    answering_gateway.wait_for(of_call("ended", incoming["call"]), EVENT_TIMEOUT_S)
    stamps = [event["t"] for event in (calling, ringing, connected, ended)]
    assert stamps == sorted(stamps)
    assert started <= stamps[0]
    assert stamps[-1] <= time.time()


def test_call_to_empty_ring_group_ends_with_480(pbx: LocalPbx) -> None:
    # a fresh PBX: on the shared one, other tests' operators may sit in the ring group
    with simulator(pbx, "--control") as trunk:
        trunk.wait_for("ready", REGISTER_TIMEOUT_S)
        trunk.send({"cmd": "call", "to": "1551", "from_number": "+380671112233",
                    "display": "Мельник"})
        call = trunk.wait_for("calling", EVENT_TIMEOUT_S)["call"]
        ended = trunk.wait_for(of_call("ended", call), EVENT_TIMEOUT_S)
    assert ended["code"] == 480


def test_withheld_caller_reaches_gateway_as_anonymous(
        caller: JsonLineProcess, answering_gateway: JsonLineProcess) -> None:
    caller.send({"cmd": "call", "to": CITIZEN, "withheld": True})
    call = caller.wait_for("calling", EVENT_TIMEOUT_S)["call"]
    incoming = answering_gateway.wait_for("incoming", EVENT_TIMEOUT_S)
    assert "anonymous" in incoming["from"]
    caller.wait_for(of_call("connected", call), EVENT_TIMEOUT_S)
    caller.send({"cmd": "hangup", "call": call})
    caller.wait_for(of_call("ended", call), EVENT_TIMEOUT_S)
    answering_gateway.wait_for(of_call("ended", incoming["call"]), EVENT_TIMEOUT_S)


def test_hangup_while_ringing_cancels_the_call(pbx: LocalPbx) -> None:
    with gateway_simulator(pbx, answer_after=3600) as slow_gateway, \
            simulator(pbx, "--control") as trunk:
        slow_gateway.wait_for("ready", REGISTER_TIMEOUT_S)
        trunk.wait_for("ready", REGISTER_TIMEOUT_S)
        trunk.send({"cmd": "call", "to": CITIZEN, "from_number": "+380931234567",
                    "display": "Кравчук"})
        call = trunk.wait_for("calling", EVENT_TIMEOUT_S)["call"]
        trunk.wait_for(of_call("ringing", call), EVENT_TIMEOUT_S)
        incoming = slow_gateway.wait_for("incoming", EVENT_TIMEOUT_S)
        trunk.send({"cmd": "hangup", "call": call})
        assert trunk.wait_for(of_call("ended", call), EVENT_TIMEOUT_S)["code"] == 487
        slow_gateway.wait_for(of_call("ended", incoming["call"]), EVENT_TIMEOUT_S)
        assert not any(event["event"] == "connected" for event in trunk.events)


def test_wrong_password_is_reported(pbx_session: LocalPbx) -> None:
    with simulator(pbx_session, "--control", password="wrong") as trunk:
        error = trunk.wait_for("error", REGISTER_TIMEOUT_S)
        assert error["code"] == 403
        assert not any(event["event"] == "ready" for event in trunk.events)


def test_random_mode_places_the_requested_calls(pbx: LocalPbx) -> None:
    with gateway_simulator(pbx, answer_after=0.1) as gateway:
        gateway.wait_for("ready", REGISTER_TIMEOUT_S)
        with simulator(pbx, "--calls", "2", "--interval", "0.1", "--talk-min", "0.1",
                       "--talk-max", "0.2", "--target", CITIZEN, "--seed", "7") as trunk:
            trunk.wait_for("done", 3 * EVENT_TIMEOUT_S)
            ended = [event for event in trunk.events if event["event"] == "ended"]
            calling = [event for event in trunk.events if event["event"] == "calling"]
        assert len(calling) == 2
        assert len(ended) == 2


def test_caller_follows_a_blind_transfer(caller: JsonLineProcess,
                                         answering_gateway: JsonLineProcess) -> None:
    # the gateway process also registers op1005, so it can take the transferred call
    caller.send({"cmd": "call", "to": CITIZEN, "from_number": "+380661234567",
                 "display": "Руденко"})
    first = caller.wait_for("calling", EVENT_TIMEOUT_S)["call"]
    caller.wait_for(of_call("connected", first), EVENT_TIMEOUT_S)
    incoming = answering_gateway.wait_for("incoming", EVENT_TIMEOUT_S)
    answering_gateway.wait_for(of_call("connected", incoming["call"]), EVENT_TIMEOUT_S)

    answering_gateway.send({"cmd": "transfer", "call": incoming["call"], "to": "op1005"})
    request = caller.wait_for(of_call("transfer_request", first), EVENT_TIMEOUT_S)
    assert request["to"].startswith("sip:op1005@")
    transferred = request["new_call"]
    caller.wait_for(of_call("connected", transferred), EVENT_TIMEOUT_S)
    second_leg = answering_gateway.wait_for(
        lambda event: event.get("event") == "incoming" and event.get("to") == "op1005",
        EVENT_TIMEOUT_S)
    assert "+380661234567" in second_leg["from"]

    for call in (first, transferred):
        caller.send({"cmd": "hangup", "call": call})
        caller.wait_for(of_call("ended", call), EVENT_TIMEOUT_S)
    for call in (incoming["call"], second_leg["call"]):
        answering_gateway.wait_for(of_call("ended", call), EVENT_TIMEOUT_S)


def test_calls_over_tcp_both_ways(pbx: LocalPbx) -> None:
    # the PBX reaches a TCP contact over the connection it registered on
    with gateway_simulator(pbx, 0.1, "--transport", "tcp") as tcp_gateway, \
            simulator(pbx, "--control", "--transport", "tcp") as tcp_caller:
        tcp_gateway.wait_for("ready", REGISTER_TIMEOUT_S)
        tcp_caller.wait_for("ready", REGISTER_TIMEOUT_S)
        tcp_caller.send({"cmd": "call", "to": CITIZEN, "from_number": "+380731234567",
                         "display": "Олійник"})
        call = tcp_caller.wait_for("calling", EVENT_TIMEOUT_S)["call"]
        tcp_caller.wait_for(of_call("connected", call), EVENT_TIMEOUT_S)
        incoming = tcp_gateway.wait_for("incoming", EVENT_TIMEOUT_S)
        # the far end hangs up: its BYE must find the caller through the PBX
        tcp_gateway.send({"cmd": "hangup", "call": incoming["call"]})
        assert tcp_caller.wait_for(of_call("ended", call), EVENT_TIMEOUT_S)["code"] == 200
