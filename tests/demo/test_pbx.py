"""The test PBX itself: start/stop, keep-alive, digest REGISTER, restart.

REGISTER is spoken here over a raw UDP socket with RFC 2617 digest
(a few lines of SIP), so these tests check Kamailio's rules independently
of pjsua2; the simulator tests cover pjsua2 against the same PBX.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import socket
import ssl
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from kc1551_demo import local_pbx
from kc1551_demo.local_pbx import LocalPbx, options_request, send_options

pytestmark = pytest.mark.sip


def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()  # SIP digest is MD5 by definition


def _header_line(message: str, name: str) -> str:
    found = re.search(rf"^{name}: .*$", message, re.MULTILINE | re.IGNORECASE)
    assert found, message
    return found.group(0).rstrip("\r")


class RawSipClient:
    """Just enough SIP over UDP to REGISTER with digest auth and INVITE."""

    def __init__(self, pbx: LocalPbx) -> None:
        self.pbx = pbx
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(5.0)
        self.local_port = self.sock.getsockname()[1]
        self.call_id = secrets.token_hex(8)
        self.cseq = 0

    def close(self) -> None:
        self.sock.close()

    def request(self, method: str, uri: str, user: str, to_user: str,
                extra: str = "") -> tuple[int, str]:
        self.cseq += 1
        host = self.pbx.host
        message = (
            f"{method} {uri} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP 127.0.0.1:{self.local_port};rport;"
            f"branch=z9hG4bK{secrets.token_hex(8)}\r\n"
            "Max-Forwards: 70\r\n"
            f"From: <sip:{user}@{host}>;tag=t{self.call_id[:6]}\r\n"
            f"To: <sip:{to_user}@{host}>\r\n"
            f"Call-ID: {self.call_id}\r\n"
            f"CSeq: {self.cseq} {method}\r\n"
            f"Contact: <sip:{user}@127.0.0.1:{self.local_port}>\r\n"
            f"{extra}Content-Length: 0\r\n\r\n"
        )
        self.sock.sendto(message.encode(), (host, self.pbx.port))
        while True:
            reply = self.sock.recv(65535).decode("utf-8", "replace")
            if not reply.startswith("SIP/2.0 "):
                continue  # a late ACK for an INVITE this client refused as a contact
            code = int(reply.split(" ", 2)[1])
            if code >= 200 and f"CSeq: {self.cseq} " in reply:
                if method == "INVITE":
                    self._ack(uri, reply)
                return code, reply

    def _ack(self, uri: str, reply: str) -> None:
        # a negative final reply to INVITE must be acknowledged or it repeats
        via, frm, to = (_header_line(reply, name) for name in ("Via", "From", "To"))
        ack = (f"ACK {uri} SIP/2.0\r\n{via}\r\nMax-Forwards: 70\r\n"
               f"{frm}\r\n{to}\r\nCall-ID: {self.call_id}\r\n"
               f"CSeq: {self.cseq} ACK\r\nContent-Length: 0\r\n\r\n")
        self.sock.sendto(ack.encode(), (self.pbx.host, self.pbx.port))

    def receive_invite(self) -> str:
        """The next INVITE the PBX sends to this client (as a registered contact)."""
        while True:
            message = self.sock.recv(65535).decode("utf-8", "replace")
            if message.startswith("INVITE "):
                return message  # ACKs of earlier refusals are skipped

    def received_invites(self) -> int:
        """INVITEs already waiting in the socket, read without blocking."""
        count = 0
        self.sock.setblocking(False)
        try:
            while True:
                count += self.sock.recv(65535).startswith(b"INVITE ")
        except BlockingIOError:
            return count
        finally:
            self.sock.settimeout(5.0)

    def reply(self, request: str, code: int, reason: str) -> None:
        head = request.split("\r\n\r\n", 1)[0].split("\r\n")[1:]
        # a response repeats every Via (the PBX's first), From, Call-ID and CSeq
        kept = [line for line in head
                if line.split(":", 1)[0].lower() in ("via", "from", "call-id", "cseq")]
        to = _header_line(request, "To") + f";tag={secrets.token_hex(4)}"
        response = "\r\n".join([f"SIP/2.0 {code} {reason}", *kept, to, "Content-Length: 0"])
        self.sock.sendto((response + "\r\n\r\n").encode(), (self.pbx.host, self.pbx.port))

    def with_digest(self, method: str, uri: str, user: str, password: str,
                    to_user: str, extra: str = "") -> int:
        """Send, answer the challenge once, return the final status code."""
        code, reply = self.request(method, uri, user, to_user, extra)
        if code not in (401, 407):
            return code
        header = "Authorization" if code == 401 else "Proxy-Authorization"
        realm = re.search(r'realm="([^"]+)"', reply)
        nonce = re.search(r'nonce="([^"]+)"', reply)
        assert realm, reply
        assert nonce, reply
        ha1 = _md5(f"{user}:{realm.group(1)}:{password}")
        response = _md5(f"{ha1}:{nonce.group(1)}:{_md5(f'{method}:{uri}')}")
        credentials = (f'{header}: Digest username="{user}", realm="{realm.group(1)}", '
                       f'nonce="{nonce.group(1)}", uri="{uri}", response="{response}", '
                       "algorithm=MD5\r\n")
        code, _ = self.request(method, uri, user, to_user, extra=extra + credentials)
        return code


@pytest.fixture
def sip_client(pbx_session: LocalPbx) -> Iterator[RawSipClient]:
    client = RawSipClient(pbx_session)
    yield client
    client.close()


def test_fixture_starts_and_stops_kamailio(pbx: LocalPbx) -> None:
    assert pbx.running
    assert pbx.registrar_uri == f"sip:127.0.0.1:{pbx.port}"
    assert set(pbx.users) >= {"op1001", "op1005", "trunk", "gateway"}
    process_id = pbx.pid
    pbx.stop()
    assert not pbx.running
    assert process_id is not None
    with pytest.raises(ProcessLookupError):
        os.kill(process_id, 0)
    assert send_options(pbx.host, pbx.port, timeout=0.3) is None


def test_a_picked_port_taken_before_kamailio_binds_it_is_picked_again(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Another program takes the port between the pick and Kamailio's bind.
    taken = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    taken.bind(("127.0.0.1", 0))
    busy = int(taken.getsockname()[1])
    picks = iter([busy])
    real_pick = local_pbx.pick_free_port
    monkeypatch.setattr(local_pbx, "pick_free_port", lambda: next(picks, None) or real_pick())
    pbx = LocalPbx()
    try:
        pbx.start({"op1001": secrets.token_hex(6)})
        assert pbx.port != busy
        assert "Address already in use" in pbx.log_tail(400)  # the first start did clash
        assert pbx.options_ok()
    finally:
        pbx.stop()
        taken.close()


def test_a_port_given_and_taken_is_reported_not_replaced() -> None:
    taken = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    taken.bind(("127.0.0.1", 0))
    busy = int(taken.getsockname()[1])
    pbx = LocalPbx()
    try:
        with pytest.raises(local_pbx.PbxStartError, match="Address already in use"):
            pbx.start({"op1001": secrets.token_hex(6)}, udp_port=busy, tcp_port=busy)
    finally:
        pbx.stop()
        taken.close()


def test_options_answered_with_200(pbx_session: LocalPbx) -> None:
    assert send_options(pbx_session.host, pbx_session.port) == 200


def test_options_answered_over_tls(pbx_session: LocalPbx) -> None:
    assert pbx_session.tls_port is not None, "kamailio-tls-modules is not installed"
    # the test CA signed the server certificate for the PBX's address: the name is checked
    context = ssl.create_default_context(cafile=str(pbx_session.tls_ca))
    with socket.create_connection((pbx_session.host, pbx_session.tls_port), timeout=5) as raw, \
            context.wrap_socket(raw, server_hostname=pbx_session.host) as tls:
        local_port = tls.getsockname()[1]
        request = options_request(pbx_session.host, pbx_session.tls_port, local_port, "tls-probe")
        tls.sendall(request.replace(b"SIP/2.0/UDP", b"SIP/2.0/TLS"))
        assert tls.recv(65535).startswith(b"SIP/2.0 200 ")


def test_register_with_right_password(sip_client: RawSipClient, pbx_session: LocalPbx) -> None:
    uri = f"sip:{pbx_session.host}"
    password = pbx_session.users["op1001"]
    assert sip_client.with_digest("REGISTER", uri, "op1001", password, "op1001") == 200


def test_register_with_wrong_password_is_refused(sip_client: RawSipClient,
                                                pbx_session: LocalPbx) -> None:
    uri = f"sip:{pbx_session.host}"
    code = sip_client.with_digest("REGISTER", uri, "op1002", "not-the-password", "op1002")
    assert code in (401, 403)


def test_unknown_user_cannot_register(sip_client: RawSipClient, pbx_session: LocalPbx) -> None:
    uri = f"sip:{pbx_session.host}"
    assert sip_client.with_digest("REGISTER", uri, "intruder", "x", "intruder") == 403


def test_operator_joins_ring_group_but_not_other_aor(sip_client: RawSipClient,
                                                    pbx_session: LocalPbx) -> None:
    uri = f"sip:{pbx_session.host}"
    password = pbx_session.users["op1003"]
    assert sip_client.with_digest("REGISTER", uri, "op1003", password, "1551") == 200
    assert sip_client.with_digest("REGISTER", uri, "op1003", password, "op1004") == 403
    # leave the shared PBX's ring group empty for the tests that follow
    assert sip_client.with_digest("REGISTER", uri, "op1003", password, "1551",
                                  extra="Expires: 0\r\n") == 200


def test_invite_routing_codes(pbx: LocalPbx) -> None:
    client = RawSipClient(pbx)
    try:
        password = pbx.users["trunk"]
        host = pbx.host
        # nobody in the ring group yet, nobody at the gateway: 480
        assert client.with_digest("INVITE", f"sip:1551@{host}", "trunk", password, "1551") == 480
        assert client.with_digest("INVITE", f"sip:+380501234567@{host}", "trunk", password,
                                  "+380501234567") == 480
        assert client.with_digest("INVITE", f"sip:nobody@{host}", "trunk", password,
                                  "nobody") == 404
    finally:
        client.close()


def test_ring_group_forks_to_every_ready_operator(pbx: LocalPbx) -> None:
    operators = {name: RawSipClient(pbx) for name in ("op1001", "op1002")}
    caller = RawSipClient(pbx)
    registrar, ring_group = f"sip:{pbx.host}", f"sip:1551@{pbx.host}"

    def join(name: str, expires: int) -> int:
        return operators[name].with_digest("REGISTER", registrar, name, pbx.users[name], "1551",
                                           extra=f"Expires: {expires}\r\n")

    def call_ring_group(ringing: list[str]) -> int:
        with ThreadPoolExecutor(1) as pool:
            result = pool.submit(caller.with_digest, "INVITE", ring_group, "trunk",
                                 pbx.users["trunk"], "1551")
            for name in ringing:
                invite = operators[name].receive_invite()
                assert "Record-Route:" in invite
                operators[name].reply(invite, 486, "Busy Here")
            return result.result(timeout=10)

    try:
        assert join("op1001", 300) == 200
        assert join("op1002", 300) == 200
        assert call_ring_group(["op1001", "op1002"]) == 486
        # "not ready": the operator drops the ring-group binding
        operators["op1002"].received_invites()  # drop retransmits of the first INVITE
        assert join("op1002", 0) == 200
        assert call_ring_group(["op1001"]) == 486
        # the fork to op1001 went out together with any to op1002: none came
        assert operators["op1002"].received_invites() == 0
        assert join("op1001", 0) == 200
        assert call_ring_group([]) == 480
    finally:
        for client in (*operators.values(), caller):
            client.close()


def test_restart_keeps_ports_and_forgets_registrations(pbx: LocalPbx) -> None:
    ports = (pbx.port, pbx.tcp_port)
    old_pid = pbx.pid
    operator, caller = RawSipClient(pbx), RawSipClient(pbx)
    try:
        password = pbx.users["op1001"]
        uri = f"sip:{pbx.host}"
        assert operator.with_digest("REGISTER", uri, "op1001", password, "1551") == 200
        pbx.restart()
        assert (pbx.port, pbx.tcp_port) == ports
        assert pbx.pid != old_pid
        assert pbx.options_ok()
        # usrloc is in memory: the ring group is empty again
        code = caller.with_digest("INVITE", f"sip:1551@{pbx.host}", "trunk",
                                  pbx.users["trunk"], "1551")
        assert code == 480
    finally:
        operator.close()
        caller.close()
