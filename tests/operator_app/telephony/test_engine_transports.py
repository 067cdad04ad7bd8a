"""Registration with digest auth over each transport the PBX offers, and its keep-alive;
over TLS the PBX's certificate is verified and calls are encrypted (SRTP).

The TLS PBX presents a certificate signed by a test CA it makes at start
(`pbx.tls_ca`), or one the phone must refuse (`TlsCert`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest

from kc1551_demo.local_pbx import LocalPbx, TlsCert
from operator_app.telephony.config import PASSWORD_ENV, SipConfig, SipTransport
from operator_app.telephony.engine import Engine, EngineError
from operator_app.telephony.jsonl_process import JsonLineProcess
from operator_app.telephony.models import CallStatus, RegistrationState, RegistrationStatus
from operator_app.telephony.tls import MediaSecurity, media_security
from tests.fixtures.kamailio import pbx_users
from tests.operator_app.telephony.test_engine import (
    CITIZEN,
    EVENT_TIMEOUT_S,
    RecordingListener,
    registered,
    status_is,
)

pytestmark = pytest.mark.sip


def start_tls_pbx(cert: TlsCert = TlsCert.TRUSTED) -> LocalPbx:
    server = LocalPbx()
    server.start(pbx_users(), tls=True, tls_cert=cert)
    return server


@pytest.fixture
def tls_pbx() -> Iterator[LocalPbx]:
    server = start_tls_pbx()
    try:
        yield server
    finally:
        server.stop()


def tls_config(pbx: LocalPbx, **overrides: Any) -> SipConfig:
    assert pbx.tls_registrar_uri is not None
    assert pbx.tls_ca is not None
    settings: dict[str, Any] = {
        "registrar": pbx.tls_registrar_uri, "user": "op1001", "password": pbx.users["op1001"],
        "transport": SipTransport.TLS, "tls_ca_file": str(pbx.tls_ca), "null_audio": True,
        **overrides}
    return SipConfig(**settings)


def register_and_ping(registrar: str, transport: SipTransport, password: str,
                      **tls: Any) -> None:
    listener = RecordingListener()
    engine = Engine(listener)
    engine.start(SipConfig(registrar=registrar, user="op1001", password=password,
                           transport=transport, ready=True, keepalive_s=0.5,
                           null_audio=True, **tls))
    try:
        state = listener.wait_for("registration", registered("operator"))
        listener.wait_for("registration", registered("queue"))
        assert listener.wait_for("rtt") > 0
    finally:
        engine.shutdown()
    assert state.expires_s > 0
    unregistered = listener.wait_for(
        "registration", lambda s: s.status is RegistrationStatus.UNREGISTERED)
    assert unregistered.code == 200


@pytest.mark.parametrize("transport", [SipTransport.UDP, SipTransport.TCP])
def test_register_over_udp_and_tcp(pbx: LocalPbx, transport: SipTransport) -> None:
    port = pbx.port if transport is SipTransport.UDP else pbx.tcp_port
    register_and_ping(f"sip:{pbx.host}:{port}", transport, pbx.users["op1001"])


def test_register_over_tls_verifying_the_pbx_certificate(tls_pbx: LocalPbx) -> None:
    assert SipConfig(registrar="sip:x", user="u", password="p").tls_verify_server, \
        "verification is on unless IT turns it off"
    register_and_ping(f"sip:{tls_pbx.host}:{tls_pbx.tls_port}", SipTransport.TLS,
                      tls_pbx.users["op1001"], tls_ca_file=str(tls_pbx.tls_ca))


def failed_registration(config: SipConfig) -> RegistrationState:
    listener = RecordingListener()
    engine = Engine(listener)
    engine.start(config)
    try:
        state: RegistrationState = listener.wait_for(
            "registration",
            lambda s: s.account == "operator" and s.status is RegistrationStatus.FAILED)
    finally:
        engine.shutdown()
    return state


UNTRUSTED_CA = ("Сертифікат АТС не пройшов перевірку: сертифікат не підписаний довіреним "
                "центром сертифікації (видавець «kc1551 untrusted CA») — перевірте "
                "налаштування TLS (файл CA)")


@pytest.mark.parametrize(("cert", "expected"), [
    pytest.param(TlsCert.OTHER_CA, UNTRUSTED_CA, id="other-ca"),
    pytest.param(
        TlsCert.SELF_SIGNED,
        "Сертифікат АТС не пройшов перевірку: сертифікат самопідписаний, його не видав "
        "довірений центр сертифікації — перевірте налаштування TLS (файл CA)", id="self-signed"),
    pytest.param(
        TlsCert.WRONG_NAME,
        "Сертифікат АТС не пройшов перевірку: ім'я в сертифікаті (pbx.elsewhere.invalid) не "
        "збігається з адресою АТС «127.0.0.1» — перевірте адресу АТС у налаштуваннях: вона "
        "має бути такою, як у сертифікаті", id="wrong-name"),
])
def test_wrong_certificate_fails_registration_with_the_reason_in_words(
        cert: TlsCert, expected: str) -> None:
    pbx = start_tls_pbx(cert)
    try:
        failed = failed_registration(tls_config(pbx))
    finally:
        pbx.stop()
    assert failed.reason == expected  # words only: no bare pjsip status


def test_system_ca_store_does_not_trust_the_test_ca(tls_pbx: LocalPbx) -> None:
    """No CA file configured: the system's store is used, not "accept anything"."""
    failed = failed_registration(tls_config(tls_pbx, tls_ca_file=""))
    assert failed.reason.startswith(
        "Сертифікат АТС не пройшов перевірку: сертифікат не підписаний довіреним центром "
        "сертифікації (видавець «kc1551 test PBX CA»)")


def test_verification_off_accepts_a_self_signed_certificate() -> None:
    """IT's explicit choice for a lab PBX; the line is still encrypted."""
    pbx = start_tls_pbx(TlsCert.SELF_SIGNED)
    try:
        register_and_ping(f"sip:{pbx.host}:{pbx.tls_port}", SipTransport.TLS,
                          pbx.users["op1001"], tls_verify_server=False)
    finally:
        pbx.stop()


def test_missing_ca_file_fails_start_with_a_message() -> None:
    engine = Engine(RecordingListener())
    with pytest.raises(EngineError, match=r"файл сертифіката центру сертифікації \(CA\) "
                                          r"не знайдено: /nonexistent/ca\.pem"):
        engine.start(SipConfig(registrar="sip:127.0.0.1:5061", user="op1001", password="x",
                               transport=SipTransport.TLS, tls_ca_file="/nonexistent/ca.pem",
                               null_audio=True))
    assert not engine.running


# ------------------------------------------------------------------ SRTP calls
def tls_caller(pbx: LocalPbx, *extra: str) -> JsonLineProcess:
    """The line simulator's citizen side over TLS, trusting the test CA."""
    assert pbx.tls_registrar_uri is not None
    process = JsonLineProcess([
        sys.executable, "-m", "kc1551_demo.simulator",
        "--registrar", pbx.tls_registrar_uri, "--transport", "tls",
        "--tls-ca", str(pbx.tls_ca), "--user", "trunk", "--control", *extra,
    ], env={PASSWORD_ENV: pbx.users["trunk"]})
    process.wait_for("ready", EVENT_TIMEOUT_S)
    return process


@pytest.fixture
def tls_operator(tls_pbx: LocalPbx) -> Iterator[tuple[Engine, RecordingListener]]:
    listener = RecordingListener()
    engine = Engine(listener)
    engine.start(tls_config(tls_pbx, ready=True))
    try:
        listener.wait_for("registration", registered("operator"))
        listener.wait_for("registration", registered("queue"))
        yield engine, listener
    finally:
        engine.shutdown()


def operator_media(engine: Engine, call_id: str) -> tuple[MediaSecurity, int]:
    """The operator's audio stream, read on the engine's owner thread from pjsua2 (no
    public API carries it): its security, and how many RTP packets it has taken in
    (SRTP drops what fails authentication, so these decrypted)."""
    def read() -> tuple[MediaSecurity, int]:
        call = engine._calls[call_id].pj_call
        index = engine._audio_index(engine._calls[call_id])
        assert index is not None
        return media_security(call, index), int(call.getStreamStat(index).rtcp.rxStat.pkt)
    result: tuple[MediaSecurity, int] = engine._loop.run_sync(read)
    return result


def test_call_over_tls_is_encrypted_with_srtp(
        tls_pbx: LocalPbx, tls_operator: tuple[Engine, RecordingListener]) -> None:
    engine, listener = tls_operator
    caller = tls_caller(tls_pbx)
    try:
        caller.send({"cmd": "call", "to": "1551", "from_number": CITIZEN})
        ringing = listener.wait_for("ringing", lambda i: i.remote_number == CITIZEN)
        engine.answer(ringing.call_id)
        listener.wait_for("call", status_is(ringing.call_id, CallStatus.CONNECTED))
        caller.wait_for("connected", EVENT_TIMEOUT_S)
        # The caller's side: the SDP profile and pjsua's SRTP transport state.
        caller_media = caller.wait_for("media", EVENT_TIMEOUT_S)
        assert caller_media["proto"] == "RTP/SAVP"
        assert caller_media["srtp"] is True
        assert caller_media["crypto"]
        # The operator's side, and sound that came through it: media stats are
        # published every stats_interval_s; wait on them until packets have arrived.
        for _ in range(5):
            listener.wait_for("media", lambda m: m.call_id == ringing.call_id)
            security, received = operator_media(engine, ringing.call_id)
            if received:
                break
        assert security == MediaSecurity("RTP/SAVP", True, caller_media["crypto"])
        assert security.encrypted
        assert received > 0
        engine.hangup(ringing.call_id)
        listener.wait_for("ended", lambda s: s.call_id == ringing.call_id)
    finally:
        caller.close()


def test_call_over_tls_without_srtp_is_refused(
        tls_pbx: LocalPbx, tls_operator: tuple[Engine, RecordingListener]) -> None:
    """Plain RTP offered over TLS: the operator's phone does not take the call."""
    caller = tls_caller(tls_pbx, "--srtp", "off")
    try:
        caller.send({"cmd": "call", "to": "1551", "from_number": CITIZEN})
        ended = caller.wait_for("ended", EVENT_TIMEOUT_S)
        assert ended["code"] == 488  # Not Acceptable Here: the offer lacks SRTP
        assert not any(event["event"] == "connected" for event in caller.events)
    finally:
        caller.close()


def test_bad_registrar_fails_start_with_a_message_and_engine_starts_again(
        pbx: LocalPbx) -> None:
    listener = RecordingListener()
    engine = Engine(listener)
    with pytest.raises(EngineError, match="Не вдалося запустити SIP-телефон"):
        engine.start(SipConfig(registrar="sip:", user="op1001", password="x",
                               null_audio=True))
    assert not engine.running
    engine.start(SipConfig(registrar=pbx.registrar_uri, user="op1001",
                           password=pbx.users["op1001"], null_audio=True))
    try:
        listener.wait_for("registration", registered("operator"))
    finally:
        engine.shutdown()
