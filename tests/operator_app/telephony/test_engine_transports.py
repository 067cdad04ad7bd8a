"""Registration with digest auth over each transport the PBX offers, and its keep-alive."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from operator_app.telephony.config import SipConfig, SipTransport
from operator_app.telephony.engine import Engine, EngineError
from operator_app.telephony.local_pbx import LocalPbx
from operator_app.telephony.models import RegistrationStatus
from tests.fixtures.kamailio import pbx_users
from tests.operator_app.telephony.test_engine import RecordingListener, registered

pytestmark = pytest.mark.sip


@pytest.fixture
def tls_pbx() -> Iterator[LocalPbx]:
    server = LocalPbx()
    server.start(pbx_users(), tls=True)
    try:
        yield server
    finally:
        server.stop()


def register_and_ping(registrar: str, transport: SipTransport, password: str) -> None:
    listener = RecordingListener()
    engine = Engine(listener)
    engine.start(SipConfig(registrar=registrar, user="op1001", password=password,
                           transport=transport, ready=True, keepalive_s=0.5,
                           null_audio=True))
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


def test_register_over_tls(tls_pbx: LocalPbx) -> None:
    register_and_ping(f"sip:{tls_pbx.host}:{tls_pbx.tls_port}", SipTransport.TLS,
                      tls_pbx.users["op1001"])


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
