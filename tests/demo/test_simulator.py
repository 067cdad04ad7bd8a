"""The line simulator against the real test PBX, driven as a separate process.

A second simulator registered as `gateway` plays the city network: a call from
`trunk` to a citizen's number reaches it through Kamailio, like a feedback
callback would.
"""

from __future__ import annotations

import sys
import time
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kc1551_demo.embedded import DEMO_VOICES
from kc1551_demo.local_pbx import LocalPbx
from operator_app.telephony.config import GATEWAY_PASSWORD_ENV, PASSWORD_ENV
from operator_app.telephony.jsonl_process import Event, JsonLineProcess
from tests.fixtures.pulse import rms, samples

pytestmark = pytest.mark.sip

CITIZEN = "+380501234567"
# resources/demo.json: Шевченко Надія, whose latest appeal is 3.18, no hot water
HOT_WATER_CITIZEN = "+380979236009"
REGISTER_TIMEOUT_S = 15.0
EVENT_TIMEOUT_S = 10.0
SENTENCE_MAX_S = 6.0  # resources/voices/make_voices.py keeps every WAV within this
FRAME_S = 0.02
SPEECH_RMS = 500  # s16 units: a 20 ms frame of the sentences (peak ~23,000) above it is speech


def simulator(pbx: LocalPbx, *extra: str, user: str = "trunk",
              password: str | None = None) -> JsonLineProcess:
    # The password in the environment: a command line is visible to everyone in ps.
    return JsonLineProcess([
        sys.executable, "-m", "kc1551_demo.simulator",
        "--registrar", pbx.registrar_uri, "--user", user, *extra,
    ], env={PASSWORD_ENV: pbx.users[user] if password is None else password,
            GATEWAY_PASSWORD_ENV: pbx.users["gateway"]})


def gateway_simulator(pbx: LocalPbx, answer_after: float, *extra: str) -> JsonLineProcess:
    # the caller side is an unused operator account: the test needs only the gateway
    return simulator(pbx, "--control", "--gateway-user", "gateway",
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


def of_call(name: str, call: str) -> Callable[[Event], bool]:
    return lambda event: event.get("event") == name and event.get("call") == call


def test_call_to_citizen_is_answered_by_gateway(caller: JsonLineProcess,
                                                answering_gateway: JsonLineProcess) -> None:
    started = time.time()
    caller.send({"cmd": "call", "to": CITIZEN, "from_number": "+380441234567",
                 "display": "Петренко", "withheld": False})
    calling = caller.wait_for("calling", EVENT_TIMEOUT_S)
    assert "voice" not in calling  # no --voices: the caller stays silent, as the tests want
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


def test_random_caller_gives_up_after_the_ring_timeout(pbx: LocalPbx) -> None:
    # The demo's citizens wait --ring-timeout for an answer (issue 13: the demo passes
    # its own); here the gateway would answer long after that.
    with gateway_simulator(pbx, answer_after=60) as gateway:
        gateway.wait_for("ready", REGISTER_TIMEOUT_S)
        with simulator(pbx, "--calls", "1", "--ring-timeout", "0.5", "--target", CITIZEN,
                       "--seed", "1") as trunk:
            trunk.wait_for("done", 3 * EVENT_TIMEOUT_S)
            events = [event["event"] for event in trunk.events]
        assert "ended" in events
        assert "connected" not in events


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


def wav_samples(path: Path) -> tuple[list[int], int]:
    with wave.open(str(path), "rb") as wav:
        return samples(wav.readframes(wav.getnframes())), wav.getframerate()


def speech_frames(values: list[int], rate: int) -> int:
    size = int(rate * FRAME_S)
    return sum(rms(values[start:start + size]) > SPEECH_RMS
               for start in range(0, len(values) - size + 1, size))


def test_demo_caller_says_their_problem_to_the_callee(
        pbx_session: LocalPbx, answering_gateway: JsonLineProcess, tmp_path: Path) -> None:
    # the gateway records what its calls hear, from before the call until the
    # caller reports its sentence played to the end
    heard = tmp_path / "heard.wav"
    answering_gateway.send({"cmd": "record", "path": str(heard)})
    answering_gateway.wait_for(
        lambda event: event.get("event") == "recording" and event.get("path") == str(heard),
        EVENT_TIMEOUT_S)
    with simulator(pbx_session, "--control", f"--voices={DEMO_VOICES}") as voiced:
        voiced.wait_for("ready", REGISTER_TIMEOUT_S)
        voiced.send({"cmd": "call", "to": CITIZEN, "from_number": HOT_WATER_CITIZEN,
                     "display": "Шевченко"})
        calling = voiced.wait_for("calling", EVENT_TIMEOUT_S)
        assert calling["voice"] == "hot_water.wav"  # chosen by her appeal's problem
        call = calling["call"]
        incoming = answering_gateway.wait_for(
            lambda event: event.get("event") == "incoming"
            and HOT_WATER_CITIZEN in event.get("from", ""), EVENT_TIMEOUT_S)
        voiced.wait_for(of_call("speaking", call), EVENT_TIMEOUT_S)
        spoken = voiced.wait_for(of_call("spoken", call), EVENT_TIMEOUT_S + SENTENCE_MAX_S)
        assert spoken["voice"] == "hot_water.wav"
        answering_gateway.send({"cmd": "record", "path": ""})
        answering_gateway.wait_for(
            lambda event: event.get("event") == "recording" and event.get("path") == "",
            EVENT_TIMEOUT_S)
        voiced.send({"cmd": "hangup", "call": call})
        voiced.wait_for(of_call("ended", call), EVENT_TIMEOUT_S)
    answering_gateway.wait_for(of_call("ended", incoming["call"]), EVENT_TIMEOUT_S)

    said, said_rate = wav_samples(DEMO_VOICES / "hot_water.wav")
    got, rate = wav_samples(heard)
    assert rate == said_rate
    said_frames, heard_frames = speech_frames(said, said_rate), speech_frames(got, rate)
    assert said_frames > 1.0 / FRAME_S  # the sentence has over a second of speech
    # all of it arrived (a codec and the jitter buffer may blur a few frames' edges),
    # and nothing louder than one saying of it
    assert 0.8 * said_frames <= heard_frames <= 1.2 * said_frames


def test_random_caller_finishes_the_sentence_before_hanging_up(pbx: LocalPbx) -> None:
    with gateway_simulator(pbx, answer_after=0.1) as gateway:
        gateway.wait_for("ready", REGISTER_TIMEOUT_S)
        # talk time far shorter than any sentence: the citizen still says it all
        with simulator(pbx, "--calls", "1", "--talk-min", "0.1", "--talk-max", "0.2",
                       "--target", CITIZEN, "--seed", "7",
                       f"--voices={DEMO_VOICES}") as trunk:
            trunk.wait_for("done", 3 * EVENT_TIMEOUT_S + SENTENCE_MAX_S)
            names = [event["event"] for event in trunk.events]
    assert names.index("connected") < names.index("speaking") < names.index("spoken") \
        < names.index("ended")


def test_quitting_mid_sentence_exits_cleanly(pbx_session: LocalPbx,
                                             answering_gateway: JsonLineProcess) -> None:
    # a pjsua2 call or player outliving libDestroy aborts the process (SIGABRT)
    voiced = simulator(pbx_session, "--control", f"--voices={DEMO_VOICES}")
    try:
        voiced.wait_for("ready", REGISTER_TIMEOUT_S)
        voiced.send({"cmd": "call", "to": CITIZEN, "from_number": "+380953686393",
                     "problem": "1.2"})
        assert voiced.wait_for("calling", EVENT_TIMEOUT_S)["voice"] == "road_pit.wav"
        incoming = answering_gateway.wait_for(
            lambda event: event.get("event") == "incoming"
            and "+380953686393" in event.get("from", ""), EVENT_TIMEOUT_S)
        voiced.wait_for("speaking", EVENT_TIMEOUT_S)
    finally:
        assert voiced.close() == 0
    answering_gateway.wait_for(of_call("ended", incoming["call"]), EVENT_TIMEOUT_S)
