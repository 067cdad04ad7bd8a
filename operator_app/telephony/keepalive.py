"""Is the PBX there, and does it still know us? Asked on the phone's own transport.

Every `keepalive_s` the operator's account sends an out-of-dialog OPTIONS
(`Account.sendRequest`), so the round trip is measured on the very connection
calls use (UDP, TCP or TLS, through the outbound proxy when there is one).
After each answer a REGISTER without Contact asks the registrar for our
bindings (RFC 3261 10.2.3): a PBX that restarts faster than one ping period
forgets its registrations without ever looking lost.

What pjsua2 cannot do stays here: it gives no deadline shorter than the SIP
transaction's 32 s (so a probe unanswered after `keepalive_timeout_s` counts as
lost here), and it answers no digest challenge for `sendRequest` (so the
bindings query computes its own Authorization, RFC 2617).
"""

from __future__ import annotations

import hashlib
import logging
import random
import re
import socket
import time
from collections.abc import Callable
from typing import Any

import pjsua2 as pj

from operator_app.telephony.config import SipConfig, SipTransport
from operator_app.telephony.owner import OwnerLoop

log = logging.getLogger(__name__)

PROBE_HEADER = "X-KC1551-Probe"
LOST_PBX_PING_S = 0.5  # ping faster while the PBX is gone, to notice its return at once
# An unanswered UDP probe lives (and retransmits) for the transaction's 32 s;
# a dead PBX must not collect more of them than this.
_MAX_OUTSTANDING = 8
_FORGET_AFTER_S = 40.0


class KeepAlive:
    """Owner-thread object: OPTIONS probes with RTT and the bindings query."""

    def __init__(self, config: SipConfig, loop: OwnerLoop, *,
                 on_rtt: Callable[[float], None],
                 on_lost: Callable[[], None],
                 on_back: Callable[[], None],
                 on_binding_missing: Callable[[], None],
                 on_address_changed: Callable[[], None]) -> None:
        self._config = config
        self._loop = loop
        self._on_rtt = on_rtt
        self._on_lost = on_lost
        self._on_back = on_back
        self._on_binding_missing = on_binding_missing
        self._on_address_changed = on_address_changed
        self._account: Any = None
        self._ids = 0
        self._options: dict[int, float] = {}  # probe id -> monotonic time sent
        self._last_answered = 0  # newest probe id the PBX answered
        self._query_id: int | None = None  # the bindings query in flight
        self._query_sent = 0.0
        self._query_answers_challenge = False
        self._alive = True
        self._local_address = ""

    @property
    def pbx_alive(self) -> bool:
        return self._alive

    def start(self, account: Any) -> None:
        self._account = account
        self._local_address = self.local_address()
        self._loop.schedule(self._config.keepalive_s, self._tick)

    def stop(self) -> None:
        self._account = None  # answers still in flight are dropped

    def registrar_target(self, user: str = "") -> str:
        """The registrar's URI; with a user, the AoR at the registrar, which is
        what a bindings query goes to (sendRequest takes its To from it)."""
        host, port = self._config.registrar_hostport
        transport = self._config.transport
        suffix = "" if transport is SipTransport.UDP else f";transport={transport.value}"
        return f"sip:{user + '@' if user else ''}{host}:{port}{suffix}"

    def local_address(self) -> str:
        """The local IP the OS would use to reach the PBX now (for handleIpChange);
        a connected UDP socket sends nothing, and pjsua2 does not watch routes."""
        host, port = self._config.registrar_hostport
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
                probe.connect((host, port))
                return str(probe.getsockname()[0])
        except OSError:
            return ""

    # ------------------------------------------------------------------ rounds
    def _tick(self) -> None:
        if self._account is None:
            return
        now = time.monotonic()
        self._watch_address()
        for probe_id, sent in list(self._options.items()):
            if now - sent > _FORGET_AFTER_S:
                del self._options[probe_id]
            elif (now - sent > self._config.keepalive_timeout_s
                  and probe_id > self._last_answered):
                self._lost()
        if len(self._options) < _MAX_OUTSTANDING:
            self._send_options()
        self._loop.schedule(self._config.keepalive_s if self._alive else LOST_PBX_PING_S,
                            self._tick)

    def _watch_address(self) -> None:
        address = self.local_address()
        if address and self._local_address and address != self._local_address:
            self._on_address_changed()
        if address:
            self._local_address = address

    def _send(self, method: str, headers: dict[str, str], target: str) -> int:
        self._ids += 1
        prm = pj.SendRequestParam()
        prm.method = method
        prm.txOption.targetUri = target
        # sendRequest passes no token Python can set: the probe's id travels in
        # a header and comes back in the transaction's request.
        for name, value in {PROBE_HEADER: str(self._ids), **headers}.items():
            header = pj.SipHeader()
            header.hName, header.hValue = name, value
            prm.txOption.headers.append(header)
        self._account.sendRequest(prm)
        return self._ids

    def _send_options(self) -> None:
        try:
            probe_id = self._send("OPTIONS", {}, self.registrar_target())
        except pj.Error as exc:
            # No route or connection at all (TCP/TLS refused at once).
            log.info("keep-alive OPTIONS not sent: %s", exc.reason)
            self._lost()
            return
        self._options[probe_id] = time.monotonic()

    def _query_bindings(self, authorization: tuple[str, str] | None = None) -> None:
        if (self._query_id is not None and authorization is None
                and time.monotonic() - self._query_sent < _FORGET_AFTER_S):
            return
        try:
            self._query_id = self._send(
                "REGISTER", dict([authorization]) if authorization else {},
                self.registrar_target(self._config.user))
            self._query_sent = time.monotonic()
            self._query_answers_challenge = authorization is not None
        except pj.Error as exc:
            log.info("bindings query not sent: %s", exc.reason)
            self._query_id = None

    # ---------------------------------------------------------------- answers
    def on_response(self, prm: Any) -> None:
        """Account.onSendRequest: the final answer (or timeout) of one probe."""
        if self._account is None:
            return
        state = prm.e.body.tsxState
        tsx = state.tsx
        probe_id = _probe_id(tsx.lastTx.wholeMsg)
        answer = state.src.rdata.wholeMsg if state.type == pj.PJSIP_EVENT_RX_MSG else ""
        if tsx.method == "OPTIONS":
            self._options_answered(probe_id, answer)
        elif tsx.method == "REGISTER" and probe_id == self._query_id:
            self._query_id = None
            self._bindings_answered(int(tsx.statusCode), answer)

    def _options_answered(self, probe_id: int | None, answer: str) -> None:
        sent = self._options.pop(probe_id, None) if probe_id is not None else None
        if sent is None or probe_id is None:
            return
        if not answer:  # timeout or transport error: no word from the PBX
            if probe_id > self._last_answered:
                self._lost()
            return
        self._last_answered = max(self._last_answered, probe_id)
        self._on_rtt((time.monotonic() - sent) * 1000.0)
        if not self._alive:
            self._alive = True
            self._on_back()
        else:
            self._query_bindings()

    def _bindings_answered(self, code: int, answer: str) -> None:
        if code in (401, 407) and answer and not self._query_answers_challenge:
            name = "WWW-Authenticate" if code == 401 else "Proxy-Authenticate"
            challenge = _header(answer, name)
            if challenge:
                credentials = digest_authorization(
                    challenge, "REGISTER", self.registrar_target(self._config.user),
                    self._config.user,
                    self._config.password)
                reply = "Authorization" if code == 401 else "Proxy-Authorization"
                self._query_bindings((reply, credentials))
            return
        if 200 <= code < 300 and not _has_contact(answer):
            self._on_binding_missing()

    def _lost(self) -> None:
        if self._alive:
            self._alive = False
            self._on_lost()


def _probe_id(message: str) -> int | None:
    value = _header(message, PROBE_HEADER)
    return int(value) if value.isdigit() else None


def _header(message: str, name: str) -> str:
    prefix = name.lower() + ":"
    for line in message.split("\r\n\r\n", 1)[0].split("\r\n")[1:]:
        if line.lower().startswith(prefix):
            return line[len(prefix):].strip()
    return ""


def _has_contact(message: str) -> bool:
    head = message.split("\r\n\r\n", 1)[0]
    return any(line.lower().startswith(("contact:", "m:")) for line in head.split("\r\n")[1:])


def digest_authorization(challenge: str, method: str, uri: str, user: str,
                         password: str) -> str:
    """RFC 2617 MD5 digest answer to a `Digest realm=..., nonce=...` challenge."""
    pairs = re.findall(r'(\w+)=(?:"([^"]*)"|([^,\s]+))', challenge.split(" ", 1)[1])
    params = {key: quoted or bare for key, quoted, bare in pairs}
    realm, nonce = params["realm"], params["nonce"]

    def md5(text: str) -> str:
        return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()

    ha1 = md5(f"{user}:{realm}:{password}")
    ha2 = md5(f"{method}:{uri}")
    fields = f'username="{user}", realm="{realm}", nonce="{nonce}", uri="{uri}"'
    if "auth" in params.get("qop", "").split(","):
        cnonce = f"{random.getrandbits(64):016x}"
        response = md5(f"{ha1}:{nonce}:00000001:{cnonce}:auth:{ha2}")
        fields += f', qop=auth, nc=00000001, cnonce="{cnonce}"'
    else:
        response = md5(f"{ha1}:{nonce}:{ha2}")
    fields += f', response="{response}", algorithm=MD5'
    if "opaque" in params:
        fields += f', opaque="{params["opaque"]}"'
    return f"Digest {fields}"
