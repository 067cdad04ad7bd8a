"""The operator's SIP endpoint: one thread owns pjsua2, everything else talks to it.

pjsua2's Python objects crash the process when they are used or collected on
a thread pjlib does not know (pjproject #3616, #3125, #3856). So the Endpoint
is created, driven (`libHandleEvents`) and destroyed on ONE owner thread; the
public methods only put a closure on a queue and wake that thread up. Every
pjsua2 object (Endpoint, Account, Call, params) is created, referenced and
released on the owner thread only; what leaves it are the frozen snapshots of
`models.py`, handed to an `EngineListener` (plain Python; `facade.Phone`
turns them into Qt signals).

Wake-up: `libHandleEvents` sleeps in pjlib's ioqueue select, which a Python
queue cannot interrupt. A 4-byte CRLFCRLF datagram to our own loopback UDP
transport does: pjsip drops packets that short as keep-alives, and the select
returns at once. So commands run within a millisecond while the idle loop
wakes only a few times a second (idle CPU far below 1 %).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import heapq
import itertools
import logging
import os
import queue
import random
import re
import socket
import ssl
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import pjsua2 as pj

from operator_app.phones import mask_phone
from operator_app.telephony.audio import sound_devices
from operator_app.telephony.caller_id import (
    CallerId,
    caller_id_from_headers,
    caller_id_from_uri,
    extra_headers,
    parse_headers,
)
from operator_app.telephony.config import SipConfig, SipTransport
from operator_app.telephony.models import (
    AudioDevice,
    CallDirection,
    CallInfo,
    CallStatus,
    CallSummary,
    Disposition,
    HoldSegment,
    MediaStats,
    RegistrationState,
    RegistrationStatus,
)
from operator_app.telephony.quality import estimate_mos

log = logging.getLogger(__name__)

T = TypeVar("T")

OPERATOR_ACCOUNT = "operator"
QUEUE_ACCOUNT = "queue"
_IDLE_WAIT_MS = 250  # longest libHandleEvents sleep; commands wake it earlier
_WAKE_PACKET = b"\r\n\r\n"
_SHUTDOWN_HANGUP_WAIT_S = 2.0
_SHUTDOWN_UNREGISTER_WAIT_S = 1.0
_START_TIMEOUT_S = 15.0
# pjmedia's "the system's default device" ids (not exported by the SWIG binding)
DEFAULT_CAPTURE_DEVICE = -1
DEFAULT_PLAYBACK_DEVICE = -2
_LOST_PBX_PING_S = 0.5  # ping faster while the PBX is gone, to notice its return at once
NO_SOUND_DEVICE = ("звукова карта не відкрилася (її немає на цьому комп'ютері або вона "
                   "зайнята): дзвінки без звуку")


class EngineError(RuntimeError):
    """A command the engine could not carry out; the message is for people (Ukrainian)."""


class EngineListener(Protocol):
    """Receives snapshots on the engine's owner thread; must not block."""

    def on_registration(self, state: RegistrationState) -> None: ...
    def on_ringing(self, info: CallInfo) -> None: ...
    def on_call_changed(self, info: CallInfo) -> None: ...
    def on_call_ended(self, summary: CallSummary) -> None: ...
    def on_media_stats(self, stats: MediaStats) -> None: ...
    def on_options_rtt(self, rtt_ms: float) -> None: ...
    def on_error(self, message: str) -> None: ...


def registration_reason(code: int, pj_reason: str = "") -> str:
    """The registrar's answer in words an operator or IT can act on."""
    if 200 <= code < 300:
        return "Зареєстровано"
    if code in (401, 403, 407):
        return f"Невірний логін або пароль оператора (SIP {code})"
    if code == 404:
        return "Такого користувача немає на АТС (SIP 404)"
    if code in (408, 502, 503, 504) or code == 0 or code >= 700:
        return f"АТС недоступна: немає відповіді або немає зв'язку (SIP {code})"
    return f"АТС відхилила реєстрацію: {pj_reason or 'невідома причина'} (SIP {code})"


@dataclass
class _CallRecord:
    """Everything the engine tracks for one call; lives on the owner thread."""

    call_id: str
    direction: CallDirection
    account: str
    started_at: float
    caller: CallerId
    headers: dict[str, str] = field(default_factory=dict)
    pj_call: Any = None  # the _PjCall; released only after DISCONNECTED returned
    sip_call_id: str = ""
    status: CallStatus = CallStatus.RINGING
    answered_at: float | None = None  # incoming: 200 sent; outgoing: 200 received
    connect_ms: int | None = None
    early_ms: int | None = None
    hold_start: float | None = None
    hold_segments: list[HoldSegment] = field(default_factory=list)
    muted: bool = False
    audio_connected: bool = False
    rejected: bool = False
    transferred: bool = False
    last_stats: MediaStats | None = None

    def snapshot(self) -> CallInfo:
        return CallInfo(
            call_id=self.call_id,
            sip_call_id=self.sip_call_id,
            direction=self.direction,
            status=self.status,
            remote_number=self.caller.number,
            remote_display=self.caller.display,
            remote_uri=self.caller.uri,
            headers=dict(self.headers),
            started_at=self.started_at,
            answered_at=self.answered_at,
            muted=self.muted,
        )


class _PjCall(pj.Call):
    def __init__(self, engine: Engine, record: _CallRecord, account: Any, pj_id: int) -> None:
        super().__init__(account, pj_id)
        self._engine = engine
        self._record = record

    def onCallState(self, prm: Any) -> None:
        self._engine._guarded(self._engine._on_call_state, self._record)

    def onCallMediaState(self, prm: Any) -> None:
        self._engine._guarded(self._engine._on_call_media_state, self._record)

    def onStreamDestroyed(self, prm: Any) -> None:
        # Last chance to read RTCP figures: the stream is gone after this.
        self._engine._guarded(self._engine._sample_stats, self._record, prm.streamIdx)

    def onCallTransferStatus(self, prm: Any) -> None:
        self._engine._guarded(self._engine._on_transfer_status, self._record, prm)

    def onCallReplaced(self, prm: Any) -> None:
        self._engine._guarded(self._engine._on_call_replaced, self._record, prm)


class _PjAccount(pj.Account):
    def __init__(self, engine: Engine, name: str) -> None:
        super().__init__()
        self._engine = engine
        self.name = name

    def onRegStarted(self, prm: Any) -> None:
        self._engine._guarded(self._engine._on_reg_started, self, bool(prm.renew))

    def onRegState(self, prm: Any) -> None:
        self._engine._guarded(
            self._engine._on_reg_state, self, int(prm.code), str(prm.reason), int(prm.expiration)
        )

    def onIncomingCall(self, prm: Any) -> None:
        self._engine._guarded(self._engine._on_incoming_call, self, prm)


class _PjEndpoint(pj.Endpoint):
    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self._engine = engine

    def onMediaEvent(self, prm: Any) -> None:
        if prm.ev.type == pj.PJMEDIA_EVENT_AUD_DEV_ERROR:
            # May come from the sound device's own thread: hand it to the owner.
            self._engine._post(self._engine._on_sound_device_lost)


class OptionsPinger:
    """Out-of-dialog OPTIONS to the PBX over the configured transport, with RTT.

    pjsua2 has no OPTIONS API that reports a round trip, so this speaks the
    few lines of SIP itself from a plain socket (no pjsua2: it runs on its own
    thread and reports to the engine through `on_result`).
    """

    def __init__(self, config: SipConfig,
                 on_result: Callable[[float | None, bool | None, str], None]) -> None:
        self._config = config
        self._on_result = on_result
        self._stop = threading.Event()
        self._sock: socket.socket | None = None
        self._cseq = itertools.count(1)
        self._call_id = f"ka-{random.getrandbits(64):016x}"
        self.pbx_alive = True
        self._thread = threading.Thread(target=self._run, name="sip-options-pinger", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._close()

    def _run(self) -> None:
        # Event.wait is the pinger's period, not a synchronisation.
        while not self._stop.wait(
            self._config.keepalive_s if self.pbx_alive else _LOST_PBX_PING_S
        ):
            rtt = self.ping_once()
            self.pbx_alive = rtt is not None
            binding = self.binding_present() if self.pbx_alive else None
            self._on_result(rtt, binding, self.local_address())

    def local_address(self) -> str:
        """The local IP the OS would use to reach the PBX now (for handleIpChange)."""
        host, port = self._config.registrar_hostport
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
                probe.connect((host, port))
                return str(probe.getsockname()[0])
        except OSError:
            return ""

    def ping_once(self) -> float | None:
        try:
            return self._ping()
        except (OSError, ValueError):
            self._close()
            return None

    def _close(self) -> None:
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.close()
            self._sock = None

    def _connect(self) -> socket.socket:
        if self._sock is not None:
            return self._sock
        host, port = self._config.registrar_hostport
        timeout = self._config.keepalive_timeout_s
        sock: socket.socket
        if self._config.transport is SipTransport.UDP:
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            sock.connect((host, port))
        else:
            sock = socket.create_connection((host, port), timeout=timeout)
            if self._config.transport is SipTransport.TLS:
                context = ssl.create_default_context()
                if not self._config.tls_verify_server:
                    context.check_hostname = False
                    context.verify_mode = ssl.CERT_NONE
                sock = context.wrap_socket(sock, server_hostname=host)
        sock.settimeout(timeout)
        self._sock = sock
        return sock

    def binding_present(self) -> bool | None:
        """Does the PBX still hold a binding for our AoR? None when it cannot tell.

        A PBX that restarts faster than one ping period forgets its registrations
        (in-memory location table) without ever looking lost; a REGISTER without
        Contact (a bindings query, RFC 3261 10.2.3) tells.
        """
        try:
            aor = f"sip:{self._config.user}@{self._config.aor_domain}"
            host, port = self._config.registrar_hostport
            uri = f"sip:{host}:{port}"
            head, _ = self._transact("REGISTER", uri, aor, aor, "")
            status = _status_code(head)
            if status in (401, 407):
                challenge = _header(head, "WWW-Authenticate" if status == 401
                                    else "Proxy-Authenticate")
                credentials = digest_authorization(
                    challenge, "REGISTER", uri, self._config.user, self._config.password)
                name = "Authorization" if status == 401 else "Proxy-Authorization"
                head, _ = self._transact("REGISTER", uri, aor, aor, f"{name}: {credentials}\r\n")
                status = _status_code(head)
            if not 200 <= status < 300:
                return None
            return any(line.lower().startswith(("contact:", "m:"))
                       for line in head.split("\r\n")[1:])
        except (OSError, ValueError):
            self._close()
            return None

    def _ping(self) -> float:
        host, port = self._config.registrar_hostport
        _, rtt_ms = self._transact("OPTIONS", f"sip:{host}:{port}",
                                   f"sip:{self._config.user}@{self._config.aor_domain}",
                                   f"sip:{host}:{port}", "")
        return rtt_ms

    def _transact(self, method: str, uri: str, from_uri: str, to_uri: str,
                  extra: str) -> tuple[str, float]:
        """Send one request, wait for its final answer: (head of the answer, RTT ms)."""
        sock = self._connect()
        local_host, local_port = sock.getsockname()[:2]
        cseq = next(self._cseq)
        branch = f"z9hG4bK{random.getrandbits(48):012x}"
        proto = self._config.transport.value.upper()
        request = (
            f"{method} {uri} SIP/2.0\r\n"
            f"Via: SIP/2.0/{proto} {local_host}:{local_port};branch={branch};rport\r\n"
            "Max-Forwards: 70\r\n"
            f"From: <{from_uri}>;tag=ka{cseq}\r\n"
            f"To: <{to_uri}>\r\n"
            f"Call-ID: {self._call_id}\r\n"
            f"CSeq: {cseq} {method}\r\n"
            f"User-Agent: {self._config.user_agent}\r\n"
            f"{extra}"
            "Content-Length: 0\r\n\r\n"
        ).encode()
        sent = time.perf_counter()
        sock.send(request) if self._config.transport is SipTransport.UDP else sock.sendall(request)
        deadline = sent + self._config.keepalive_timeout_s
        buffer = b""
        while True:
            sock.settimeout(max(0.01, deadline - time.perf_counter()))
            chunk = sock.recv(65535)
            if not chunk:
                raise OSError("PBX closed the connection")
            buffer = chunk if self._config.transport is SipTransport.UDP else buffer + chunk
            while b"\r\n\r\n" in buffer:
                head, _, buffer = buffer.partition(b"\r\n\r\n")
                text = head.decode(errors="replace")
                if (text.startswith("SIP/2.0 ") and f"CSeq: {cseq} {method}" in text
                        and _status_code(text) >= 200):
                    return text, (time.perf_counter() - sent) * 1000.0
                # A stale answer to an earlier ping that timed out: keep reading.


def _status_code(head: str) -> int:
    return int(head.split(" ", 2)[1])


def _header(head: str, name: str) -> str:
    prefix = name.lower() + ":"
    for line in head.split("\r\n")[1:]:
        if line.lower().startswith(prefix):
            return line[len(prefix):].strip()
    raise ValueError(f"no {name} header")


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


class Engine:
    """The pjsua2 owner. Thread-safe public methods; listener called on the owner thread."""

    def __init__(self, listener: EngineListener, *, collect_garbage: bool = True) -> None:
        """collect_garbage: run the cycle collector on the owner thread at shutdown. Not
        in a Qt process: it would free Qt objects of other threads here (a segfault
        seen in the tests); there the GUI thread collects (operator_app/ui/gc_thread.py)
        and the cycles with pjsua2 objects are broken by hand before libDestroy."""
        self._listener = listener
        self._collect_garbage = collect_garbage
        self._commands: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._ids = itertools.count(1)
        self._ids_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._running = False
        self._config: SipConfig | None = None
        self._wake_sock: socket.socket | None = None
        self._wake_addr: tuple[str, int] | None = None
        # Owner-thread state (touched only by the owner thread).
        self._ep: Any = None
        self._accounts: dict[str, _PjAccount] = {}
        self._reg_status: dict[str, RegistrationStatus] = {}
        self._calls: dict[str, _CallRecord] = {}
        self._dead_calls: list[_CallRecord] = []
        self._timers: list[tuple[float, int, Callable[[], None]]] = []
        self._timer_seq = itertools.count()
        self._ready = False
        self._pinger: OptionsPinger | None = None
        self._local_address = ""
        self._pbx_lost = False
        self._wanted_devices = ("", "")

    # ---------------------------------------------------------------- lifecycle
    @property
    def running(self) -> bool:
        return self._running

    def start(self, config: SipConfig) -> None:
        """Create the endpoint on a new owner thread; returns once it is up."""
        if self._thread is not None:
            raise EngineError("Телефон уже запущено")
        self._config = config
        self._ready = config.ready
        self._pbx_lost = False
        started: Future[None] = Future()
        self._running = True
        self._thread = threading.Thread(
            target=self._owner_main, args=(config, started), name="pjsua2-owner", daemon=True
        )
        self._thread.start()
        try:
            started.result(timeout=_START_TIMEOUT_S)
        except BaseException:
            self._running = False
            self._thread.join(timeout=_START_TIMEOUT_S)
            self._thread = None
            raise

    def shutdown(self, timeout: float = 15.0) -> None:
        """Hang up, unregister and libDestroy on the owner thread; idempotent."""
        thread = self._thread
        if thread is None:
            return
        self._running = False
        self._wake()
        thread.join(timeout=timeout)
        if thread.is_alive():
            log.error("pjsua2 owner thread did not stop within %.0f s", timeout)
        self._thread = None
        if self._wake_sock is not None:
            self._wake_sock.close()
            self._wake_sock = None

    # ------------------------------------------------------------- public API
    def new_call_id(self) -> str:
        with self._ids_lock:
            return f"c{next(self._ids)}"

    def answer(self, call_id: str) -> None:
        self._post(self._do_answer, call_id)

    def reject(self, call_id: str, code: int = 486) -> None:
        self._post(self._do_reject, call_id, code)

    def hangup(self, call_id: str) -> None:
        self._post(self._do_hangup, call_id)

    def hold(self, call_id: str) -> None:
        self._post(self._do_hold, call_id)

    def resume(self, call_id: str) -> None:
        self._post(self._do_resume, call_id)

    def set_mute(self, call_id: str, muted: bool) -> None:
        self._post(self._do_set_mute, call_id, muted)

    def send_dtmf(self, call_id: str, digits: str) -> None:
        self._post(self._do_dtmf, call_id, digits)

    def transfer_blind(self, call_id: str, target: str) -> None:
        self._post(self._do_transfer_blind, call_id, target)

    def transfer_attended(self, call_id: str, other_call_id: str) -> None:
        self._post(self._do_transfer_attended, call_id, other_call_id)

    def call(self, number: str) -> str:
        """Place an outgoing call; the id is returned at once, events follow."""
        call_id = self.new_call_id()
        self._post(self._do_call, call_id, number)
        return call_id

    def set_ready(self, ready: bool) -> None:
        self._post(self._do_set_ready, ready)

    def calls(self) -> list[CallInfo]:
        return self._run_sync(lambda: [r.snapshot() for r in self._calls.values()])

    def audio_devices(self) -> list[AudioDevice]:
        return self._run_sync(self._do_audio_devices)

    def set_audio_devices(self, capture: str, playback: str) -> None:
        self._post(self._do_set_audio_devices, capture, playback)

    def handle_ip_change(self) -> None:
        self._post(self._do_ip_change)

    # ------------------------------------------------------ owner-thread plumbing
    def _post(self, fn: Callable[..., None], *args: Any) -> None:
        if not self._running:
            self._emit_error("Телефон не запущено")
            return
        self._commands.put(lambda: fn(*args))
        self._wake()

    def _run_sync(self, fn: Callable[[], T]) -> T:
        if threading.current_thread() is self._thread:
            return fn()
        if not self._running:
            raise EngineError("Телефон не запущено")
        result: Future[T] = Future()

        def run() -> None:
            try:
                result.set_result(fn())
            except Exception as exc:
                result.set_exception(exc)

        self._commands.put(run)
        self._wake()
        return result.result(timeout=10)

    def _wake(self) -> None:
        if self._wake_sock is not None and self._wake_addr is not None:
            with contextlib.suppress(OSError):
                self._wake_sock.sendto(_WAKE_PACKET, self._wake_addr)

    def _guarded(self, fn: Callable[..., object], *args: Any) -> None:
        """pjsua2 callbacks must never raise into C++: log and carry on."""
        try:
            fn(*args)
        except Exception:
            # The traceback as text: a log record holding frames would keep
            # pjsua2 objects alive and free them later on another thread.
            log.error("telephony callback %s failed\n%s", getattr(fn, "__name__", fn),
                      traceback.format_exc())

    def _schedule(self, delay_s: float, fn: Callable[[], None]) -> None:
        heapq.heappush(self._timers, (time.monotonic() + delay_s, next(self._timer_seq), fn))

    def _owner_main(self, config: SipConfig, started: Future[None]) -> None:
        failure = ""
        try:
            self._create_endpoint(config)
        except Exception as exc:
            failure = exc.reason if isinstance(exc, pj.Error) else str(exc)
            log.error("pjsua2 start failed: %s\n%s", failure, traceback.format_exc())
        if failure:
            # Outside the except block: its traceback would keep the Endpoint alive,
            # and pjsua2 allows no second Endpoint until this one is gone.
            self._destroy_endpoint()
            started.set_exception(EngineError(f"Не вдалося запустити SIP-телефон: {failure}"))
            return
        started.set_result(None)
        try:
            self._loop()
        finally:
            self._destroy_endpoint()

    def _loop(self) -> None:
        next_stats = time.monotonic() + self._cfg.stats_interval_s
        while self._running:
            self._release_dead_calls()  # their DISCONNECTED callbacks have returned
            self._run_commands()
            now = time.monotonic()
            while self._timers and self._timers[0][0] <= now:
                _, _, fn = heapq.heappop(self._timers)
                self._guarded(fn)
            if now >= next_stats:
                next_stats = now + self._cfg.stats_interval_s
                for record in list(self._calls.values()):
                    self._guarded(self._publish_stats, record)
            wait_until = min(next_stats, self._timers[0][0] if self._timers else next_stats)
            wait_ms = int(max(0.0, min(_IDLE_WAIT_MS / 1000.0, wait_until - now)) * 1000)
            if self._running:
                self._ep.libHandleEvents(wait_ms)

    def _release_dead_calls(self) -> None:
        # record <-> _PjCall is a reference cycle; break it so the pjsua2 Call is
        # freed right here on the owner thread, not later by gc on any thread.
        for record in self._dead_calls:
            record.pj_call = None
        self._dead_calls.clear()

    def _run_commands(self) -> None:
        while True:
            try:
                command = self._commands.get_nowait()
            except queue.Empty:
                return
            self._guarded(command)

    @property
    def _cfg(self) -> SipConfig:
        assert self._config is not None
        return self._config

    # ----------------------------------------------------------- endpoint setup
    def _create_endpoint(self, config: SipConfig) -> None:
        ep = _PjEndpoint(self)
        ep.libCreate()
        self._ep = ep
        ep_cfg = pj.EpConfig()
        # No pjsip worker threads: every callback runs inside our libHandleEvents.
        ep_cfg.uaConfig.threadCnt = 0
        ep_cfg.uaConfig.mainThreadOnly = False
        ep_cfg.uaConfig.userAgent = config.user_agent
        ep_cfg.uaConfig.maxCalls = 8
        # stdout belongs to the console softphone's JSON; pjsip logs only on request.
        ep_cfg.logConfig.consoleLevel = 0
        ep_cfg.logConfig.level = int(os.environ.get("KC1551_PJSIP_LOG_LEVEL", "0"))
        ep_cfg.logConfig.filename = os.environ.get("KC1551_PJSIP_LOG_FILE", "")
        ep_cfg.medConfig.noVad = True
        if config.echo_cancellation:
            ep_cfg.medConfig.ecTailLen = 200
            ep_cfg.medConfig.ecOptions = pj.PJMEDIA_ECHO_DEFAULT | (
                pj.PJMEDIA_ECHO_USE_NOISE_SUPPRESSOR if config.noise_suppression else 0)
        else:
            ep_cfg.medConfig.ecTailLen = 0
        ep.libInit(ep_cfg)

        tp_type = {
            SipTransport.UDP: pj.PJSIP_TRANSPORT_UDP,
            SipTransport.TCP: pj.PJSIP_TRANSPORT_TCP,
            SipTransport.TLS: pj.PJSIP_TRANSPORT_TLS,
        }[config.transport]
        tp_cfg = pj.TransportConfig()
        tp_cfg.port = config.local_port
        if config.transport is SipTransport.TLS:
            tp_cfg.tlsConfig.verifyServer = config.tls_verify_server
        transport_id = ep.transportCreate(tp_type, tp_cfg)
        if config.transport is SipTransport.UDP:
            wake_port = int(ep.transportGetInfo(transport_id).localName.rsplit(":", 1)[1])
        else:
            # TCP/TLS: a loopback UDP transport serves only as the wake-up channel.
            wake_cfg = pj.TransportConfig()
            wake_cfg.boundAddress = "127.0.0.1"
            wake_id = ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, wake_cfg)
            wake_port = int(ep.transportGetInfo(wake_id).localName.rsplit(":", 1)[1])
        self._wake_addr = ("127.0.0.1", wake_port)
        self._wake_sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        ep.libStart()
        if config.null_audio:
            ep.audDevManager().setNullDev()
        else:
            self._do_set_audio_devices(config.capture_device, config.playback_device)

        self._transport_id = transport_id
        self._add_account(OPERATOR_ACCOUNT, config.user, register=True)
        self._add_account(QUEUE_ACCOUNT, config.queue_aor, register=config.ready)
        self._local_address = ""
        self._pinger = OptionsPinger(config, self._on_ping_result)
        self._local_address = self._pinger.local_address()
        self._pinger.start()

    def _uri_params(self) -> str:
        transport = self._cfg.transport
        return "" if transport is SipTransport.UDP else f";transport={transport.value}"

    def _add_account(self, name: str, user: str, register: bool) -> None:
        cfg = self._cfg
        acc_cfg = pj.AccountConfig()
        acc_cfg.idUri = f"sip:{user}@{cfg.aor_domain}"
        acc_cfg.regConfig.registrarUri = cfg.registrar + self._uri_params()
        acc_cfg.regConfig.registerOnAdd = register
        acc_cfg.regConfig.timeoutSec = cfg.expires_s
        acc_cfg.regConfig.retryIntervalSec = cfg.retry_interval_s
        acc_cfg.regConfig.firstRetryIntervalSec = 1
        acc_cfg.regConfig.randomRetryIntervalSec = 0
        acc_cfg.regConfig.unregWaitMsec = 1000
        # A call must survive a registration hiccup: the PBX may be back in seconds.
        acc_cfg.regConfig.dropCallsOnFail = False
        if cfg.proxy:
            acc_cfg.sipConfig.proxies.append(cfg.proxy + self._uri_params())
        acc_cfg.sipConfig.transportId = self._transport_id
        # Digest auth user is always the operator, also for the 1551 queue binding.
        acc_cfg.sipConfig.authCreds.append(
            pj.AuthCredInfo("digest", cfg.realm, cfg.user, 0, cfg.password)
        )
        # The PBX sits on the contact centre's LAN: no NAT rewriting, which would
        # add a second REGISTER round and re-registrations of its own.
        acc_cfg.natConfig.contactRewriteUse = 0
        acc_cfg.natConfig.viaRewriteUse = 0
        acc_cfg.natConfig.sdpNatRewriteUse = 0
        acc_cfg.natConfig.udpKaIntervalSec = 0  # our OPTIONS pinger does keep-alive
        acc_cfg.mediaConfig.transportConfig.boundAddress = ""
        account = _PjAccount(self, name)
        self._reg_status[name] = RegistrationStatus.UNREGISTERED
        account.create(acc_cfg)
        self._accounts[name] = account

    def _destroy_endpoint(self) -> None:
        if self._pinger is not None:
            self._pinger.stop()
            self._pinger = None
        ep = self._ep
        if ep is None:
            return
        try:
            if self._calls:
                ep.hangupAllCalls()
                deadline = time.monotonic() + _SHUTDOWN_HANGUP_WAIT_S
                while self._calls and time.monotonic() < deadline:
                    ep.libHandleEvents(20)
            self._unregister_all(ep)
            self._release_pjsua_objects()
            ep.libDestroy()
        except pj.Error as exc:
            log.error("pjsua2 shutdown: %s", exc.info())
        finally:
            self._release_pjsua_objects()
            self._ep = None
            del ep
            if self._collect_garbage:
                gc.collect()

    def _unregister_all(self, ep: Any) -> None:
        """Unregister explicitly so the listener hears it (Account.shutdown is silent)."""
        pending = [name for name, status in self._reg_status.items()
                   if status is RegistrationStatus.REGISTERED]
        for name in pending:
            with contextlib.suppress(pj.Error):
                self._accounts[name].setRegistration(False)
        deadline = time.monotonic() + _SHUTDOWN_UNREGISTER_WAIT_S
        while time.monotonic() < deadline and any(
                self._reg_status[name] is RegistrationStatus.REGISTERED for name in pending):
            ep.libHandleEvents(20)

    def _release_pjsua_objects(self) -> None:
        """Drop every Call and Account before libDestroy, here on the owner thread."""
        self._dead_calls.extend(self._calls.values())
        self._calls.clear()
        self._release_dead_calls()
        for account in self._accounts.values():
            with contextlib.suppress(pj.Error):
                account.shutdown()
        self._accounts.clear()
        self._timers.clear()
        if self._collect_garbage:
            gc.collect()

    # ------------------------------------------------------------- registration
    def _set_reg(self, name: str, status: RegistrationStatus, code: int, reason: str,
                 expires: int = 0) -> None:
        self._reg_status[name] = status
        self._listener.on_registration(RegistrationState(name, status, code, reason, expires))

    def _on_reg_started(self, account: _PjAccount, renew: bool) -> None:
        if renew and self._reg_status.get(account.name) is not RegistrationStatus.REGISTERED:
            self._set_reg(account.name, RegistrationStatus.REGISTERING, 0, "Реєстрація…")

    def _on_reg_state(self, account: _PjAccount, code: int, reason: str, expires: int) -> None:
        if 200 <= code < 300:
            if expires > 0:
                self._set_reg(account.name, RegistrationStatus.REGISTERED, code,
                              registration_reason(code), expires)
            else:
                self._set_reg(account.name, RegistrationStatus.UNREGISTERED, code,
                              "Реєстрацію знято")
            return
        self._set_reg(account.name, RegistrationStatus.FAILED, code,
                      registration_reason(code, reason))

    def _on_ping_result(self, rtt_ms: float | None, binding: bool | None,
                        local_address: str) -> None:
        """From the pinger thread: hand over to the owner thread."""
        if self._running:  # a late result after shutdown is simply dropped
            self._commands.put(lambda: self._handle_ping(rtt_ms, binding, local_address))
            self._wake()

    def _handle_ping(self, rtt_ms: float | None, binding: bool | None,
                     local_address: str) -> None:
        if local_address and self._local_address and local_address != self._local_address:
            self._do_ip_change()
        if local_address:
            self._local_address = local_address
        if rtt_ms is None:
            if not self._pbx_lost:
                self._pbx_lost = True
                self._set_reg(OPERATOR_ACCOUNT, RegistrationStatus.FAILED, 408,
                              registration_reason(408))
            return
        self._listener.on_options_rtt(rtt_ms)
        operator_registered = self._reg_status[OPERATOR_ACCOUNT] is RegistrationStatus.REGISTERED
        if self._pbx_lost or (binding is False and operator_registered):
            # The PBX is back, or restarted unnoticed: its registrations are gone.
            self._pbx_lost = False
            self._reregister()

    def _reregister(self) -> None:
        for name, account in self._accounts.items():
            if name == QUEUE_ACCOUNT and not self._ready:
                continue
            try:
                account.setRegistration(True)
            except pj.Error as exc:
                log.info("re-register %s: %s", name, exc.reason)

    def _do_ip_change(self) -> None:
        log.info("local address changed, restarting SIP transports")
        self._ep.handleIpChange(pj.IpChangeParam())

    def _do_set_ready(self, ready: bool) -> None:
        self._ready = ready
        account = self._accounts[QUEUE_ACCOUNT]
        try:
            account.setRegistration(ready)
        except pj.Error as exc:
            self._emit_error(f"Не вдалося змінити готовність: {exc.reason}")

    # -------------------------------------------------------------------- calls
    def _on_incoming_call(self, account: _PjAccount, prm: Any) -> None:
        now = time.time()
        headers = parse_headers(prm.rdata.wholeMsg)
        record = _CallRecord(
            call_id=self.new_call_id(),
            direction=CallDirection.INCOMING,
            account=account.name,
            started_at=now,
            caller=caller_id_from_headers(headers),
            headers=extra_headers(headers),
            sip_call_id=headers.get("Call-Id", ""),
        )
        record.pj_call = _PjCall(self, record, account, prm.callId)
        self._calls[record.call_id] = record
        number = record.caller.number
        log.info("incoming call %s from %s", record.call_id,
                 mask_phone(number) if number else "withheld")
        if account.name == QUEUE_ACCOUNT and not self._ready:
            # The queue binding is being removed; the PBX will ring someone else.
            self._do_reject(record.call_id, 480)
            return
        self._listener.on_ringing(record.snapshot())
        if self._cfg.auto_answer_s == 0:
            # Straight to 200: a 180 first would only delay the caller's connect.
            self._do_answer(record.call_id)
            return
        self._answer_with(record, 180)
        if self._cfg.auto_answer_s is not None:
            call_id = record.call_id
            self._schedule(self._cfg.auto_answer_s, lambda: self._auto_answer(call_id))

    def _auto_answer(self, call_id: str) -> None:
        record = self._calls.get(call_id)
        if record is not None and record.status is CallStatus.RINGING:
            self._do_answer(call_id)

    def _answer_with(self, record: _CallRecord, code: int) -> None:
        prm = pj.CallOpParam(True)
        prm.statusCode = code
        record.pj_call.answer(prm)

    def _record(self, call_id: str) -> _CallRecord | None:
        record = self._calls.get(call_id)
        if record is None:
            self._emit_error(f"Дзвінка {call_id} вже немає")
        return record

    def _do_answer(self, call_id: str) -> None:
        record = self._record(call_id)
        if record is None:
            return
        if record.direction is not CallDirection.INCOMING or record.answered_at is not None:
            self._emit_error("Цей дзвінок не можна прийняти")
            return
        record.answered_at = time.time()
        record.status = CallStatus.CONNECTING
        try:
            self._answer_with(record, 200)
        except pj.Error as exc:
            self._emit_error(f"Не вдалося прийняти дзвінок: {exc.reason}")
            return
        self._listener.on_call_changed(record.snapshot())

    def _do_reject(self, call_id: str, code: int) -> None:
        record = self._record(call_id)
        if record is None:
            return
        record.rejected = True
        prm = pj.CallOpParam(True)
        prm.statusCode = code
        try:
            record.pj_call.hangup(prm)
        except pj.Error as exc:
            self._emit_error(f"Не вдалося відхилити дзвінок: {exc.reason}")

    def _do_hangup(self, call_id: str) -> None:
        record = self._record(call_id)
        if record is None:
            return
        prm = pj.CallOpParam(True)
        if record.direction is CallDirection.INCOMING and record.answered_at is None:
            record.rejected = True
            prm.statusCode = 486
        try:
            record.pj_call.hangup(prm)
        except pj.Error as exc:
            self._emit_error(f"Не вдалося завершити дзвінок: {exc.reason}")

    def _do_hold(self, call_id: str) -> None:
        record = self._record(call_id)
        if record is None:
            return
        try:
            record.pj_call.setHold(pj.CallOpParam(True))
        except pj.Error as exc:
            self._emit_error(f"Не вдалося поставити на утримання: {exc.reason}")

    def _do_resume(self, call_id: str) -> None:
        record = self._record(call_id)
        if record is None:
            return
        prm = pj.CallOpParam(True)
        prm.opt.flag = pj.PJSUA_CALL_UNHOLD
        try:
            record.pj_call.reinvite(prm)
        except pj.Error as exc:
            self._emit_error(f"Не вдалося зняти з утримання: {exc.reason}")

    def _do_set_mute(self, call_id: str, muted: bool) -> None:
        record = self._record(call_id)
        if record is None:
            return
        record.muted = muted
        if record.audio_connected:
            self._connect_capture(record)
        self._listener.on_call_changed(record.snapshot())

    def _connect_capture(self, record: _CallRecord, index: int | None = None) -> None:
        if index is None:
            index = self._audio_index(record)
            if index is None:
                return
        call_audio = record.pj_call.getAudioMedia(index)
        capture = self._ep.audDevManager().getCaptureDevMedia()
        if record.muted:
            capture.stopTransmit(call_audio)
        else:
            capture.startTransmit(call_audio)

    def _do_dtmf(self, call_id: str, digits: str) -> None:
        record = self._record(call_id)
        if record is None:
            return
        try:
            record.pj_call.dialDtmf(digits)
        except pj.Error as exc:
            self._emit_error(f"Не вдалося надіслати DTMF: {exc.reason}")

    def _target_uri(self, target: str) -> str:
        if target.startswith(("sip:", "sips:")):
            return target
        if self._cfg.proxy:
            return f"sip:{target}@{self._cfg.aor_domain}{self._uri_params()}"
        # No outbound proxy: the request goes where the registrar listens.
        host, port = self._cfg.registrar_hostport
        return f"sip:{target}@{host}:{port}{self._uri_params()}"

    def _do_transfer_blind(self, call_id: str, target: str) -> None:
        record = self._record(call_id)
        if record is None:
            return
        try:
            record.pj_call.xfer(self._target_uri(target), pj.CallOpParam(True))
        except pj.Error as exc:
            self._emit_error(f"Не вдалося переадресувати: {exc.reason}")

    def _do_transfer_attended(self, call_id: str, other_call_id: str) -> None:
        record = self._record(call_id)
        other = self._record(other_call_id)
        if record is None or other is None:
            return
        try:
            record.pj_call.xferReplaces(other.pj_call, pj.CallOpParam(True))
        except pj.Error as exc:
            self._emit_error(f"Не вдалося переадресувати з консультацією: {exc.reason}")

    def _on_transfer_status(self, record: _CallRecord, prm: Any) -> None:
        code = int(prm.statusCode)
        if not prm.finalNotify:
            return
        if 200 <= code < 300:
            record.transferred = True
            prm.cont = False
            if record.call_id in self._calls:
                self._do_hangup(record.call_id)
        else:
            self._emit_error(f"Переадресація не вдалася (SIP {code})")

    def _on_call_replaced(self, record: _CallRecord, prm: Any) -> None:
        """An attended transfer replaced this call: track the new one under a new id."""
        new = _CallRecord(
            call_id=self.new_call_id(),
            direction=CallDirection.INCOMING,
            account=record.account,
            started_at=time.time(),
            caller=record.caller,
        )
        new.pj_call = _PjCall(self, new, self._accounts[record.account], prm.newCallId)
        prm.newCall = new.pj_call
        ci = new.pj_call.getInfo()
        new.sip_call_id = ci.callIdString
        new.caller = caller_id_from_uri(ci.remoteUri)
        new.answered_at = new.started_at  # pjsua answers a Replaces INVITE itself
        new.status = CallStatus.CONNECTING
        self._calls[new.call_id] = new
        record.transferred = True
        self._listener.on_call_changed(new.snapshot())

    def _do_call(self, call_id: str, number: str) -> None:
        uri = self._target_uri(number)
        record = _CallRecord(
            call_id=call_id,
            direction=CallDirection.OUTGOING,
            account=OPERATOR_ACCOUNT,
            started_at=time.time(),
            caller=caller_id_from_uri(f"<{uri}>"),
            status=CallStatus.CALLING,
        )
        account = self._accounts[OPERATOR_ACCOUNT]
        record.pj_call = _PjCall(self, record, account, pj.PJSUA_INVALID_ID)
        try:
            record.pj_call.makeCall(uri, pj.CallOpParam(True))
        except pj.Error as exc:
            self._emit_error(f"Не вдалося зателефонувати: {exc.reason}")
            self._dead_calls.append(record)
            self._listener.on_call_ended(self._summary(record, time.time(), 0, exc.reason))
            return
        record.sip_call_id = record.pj_call.getInfo().callIdString
        self._calls[call_id] = record
        self._listener.on_call_changed(record.snapshot())

    def _on_call_state(self, record: _CallRecord) -> None:
        ci = record.pj_call.getInfo()
        state = ci.state
        now = time.time()
        if not record.sip_call_id:
            record.sip_call_id = ci.callIdString
        if state == pj.PJSIP_INV_STATE_EARLY and record.direction is CallDirection.OUTGOING:
            if record.early_ms is None:
                record.early_ms = int((now - record.started_at) * 1000)
                record.status = CallStatus.EARLY
                self._listener.on_call_changed(record.snapshot())
        elif state == pj.PJSIP_INV_STATE_CONFIRMED:
            if record.direction is CallDirection.OUTGOING:
                record.answered_at = now
                record.connect_ms = int((now - record.started_at) * 1000)
            elif record.answered_at is not None:
                record.connect_ms = int((now - record.answered_at) * 1000)
            if record.status is not CallStatus.HELD:
                record.status = CallStatus.CONNECTED
            self._listener.on_call_changed(record.snapshot())
        elif state == pj.PJSIP_INV_STATE_DISCONNECTED:
            self._finish_call(record, now, int(ci.lastStatusCode), str(ci.lastReason))

    def _finish_call(self, record: _CallRecord, now: float, code: int, reason: str) -> None:
        if self._calls.pop(record.call_id, None) is None:
            return
        record.status = CallStatus.ENDED
        self._close_hold(record, now)
        self._dead_calls.append(record)  # keeps the pjsua2 Call alive until next loop turn
        summary = self._summary(record, now, code, reason)
        self._listener.on_call_changed(record.snapshot())
        self._listener.on_call_ended(summary)

    def _summary(self, record: _CallRecord, now: float, code: int, reason: str) -> CallSummary:
        answered = record.answered_at
        if record.transferred:
            disposition = Disposition.TRANSFERRED
        elif answered is not None:
            disposition = Disposition.ANSWERED
        elif record.direction is CallDirection.OUTGOING:
            disposition = Disposition.FAILED
        else:
            disposition = Disposition.REJECTED if record.rejected else Disposition.MISSED
        stats = record.last_stats
        return CallSummary(
            call_id=record.call_id,
            sip_call_id=record.sip_call_id,
            direction=record.direction,
            remote_number=record.caller.number,
            local_user=self._cfg.user,
            started_at=record.started_at,
            answered_at=answered,
            ended_at=now,
            ring_ms=int((answered - record.started_at) * 1000) if answered is not None else 0,
            connect_ms=record.connect_ms,
            early_ms=record.early_ms,
            hold_segments=tuple(record.hold_segments),
            hold_ms=sum(s.ms for s in record.hold_segments),
            talk_ms=int((now - answered) * 1000) if answered is not None else 0,
            disposition=disposition,
            mos=stats.mos if stats else None,
            jitter_ms=stats.jitter_ms if stats else None,
            loss_pct=stats.loss_pct if stats else None,
            rtt_ms=stats.rtt_ms if stats else None,
            end_code=code,
            end_reason=reason,
        )

    def _close_hold(self, record: _CallRecord, now: float) -> None:
        if record.hold_start is not None:
            ms = round((now - record.hold_start) * 1000)
            record.hold_segments.append(HoldSegment(record.hold_start, now, ms))
            record.hold_start = None

    def _on_call_media_state(self, record: _CallRecord) -> None:
        ci = record.pj_call.getInfo()
        now = time.time()
        for index, media in enumerate(ci.media):
            if media.type != pj.PJMEDIA_TYPE_AUDIO:
                continue
            status = media.status
            if status in (pj.PJSUA_CALL_MEDIA_ACTIVE, pj.PJSUA_CALL_MEDIA_REMOTE_HOLD):
                self._connect_audio(record, index)
                if record.hold_start is not None:
                    self._close_hold(record, now)
                    record.status = CallStatus.CONNECTED
                    self._listener.on_call_changed(record.snapshot())
            elif status == pj.PJSUA_CALL_MEDIA_LOCAL_HOLD and record.hold_start is None:
                self._disconnect_audio(record, index)
                record.hold_start = now
                record.status = CallStatus.HELD
                self._listener.on_call_changed(record.snapshot())
            break

    def _connect_audio(self, record: _CallRecord, index: int) -> None:
        call_audio = record.pj_call.getAudioMedia(index)
        manager = self._ep.audDevManager()
        try:
            # Microphone first: the connection that opens the sound device comes
            # first, and pjsua's lazily opened device otherwise missed the capture.
            self._connect_capture(record, index)
            call_audio.startTransmit(manager.getPlaybackDevMedia())
        except pj.Error as exc:
            # The sound device did not open (none on this PC, or busy): say so once
            # and carry the call on the null device rather than drop it.
            log.warning("sound device did not open: %s", exc.info())
            manager.setNullDev()
            self._connect_capture(record, index)
            call_audio.startTransmit(manager.getPlaybackDevMedia())
            self._emit_error(f"{NO_SOUND_DEVICE}; дзвінок триває")
        record.audio_connected = True

    def _disconnect_audio(self, record: _CallRecord, index: int) -> None:
        """On hold neither side hears the other: the stream stays, the bridge opens."""
        call_audio = record.pj_call.getAudioMedia(index)
        manager = self._ep.audDevManager()
        with contextlib.suppress(pj.Error):
            manager.getCaptureDevMedia().stopTransmit(call_audio)
            call_audio.stopTransmit(manager.getPlaybackDevMedia())
        record.audio_connected = False

    # -------------------------------------------------------------------- media
    def _audio_index(self, record: _CallRecord) -> int | None:
        # Keep CallInfo referenced: its media vector dies with it (SWIG).
        info = record.pj_call.getInfo()
        for index, media in enumerate(info.media):
            if media.type == pj.PJMEDIA_TYPE_AUDIO and media.status != pj.PJSUA_CALL_MEDIA_NONE:
                return index
        return None

    def _sample_stats(self, record: _CallRecord, index: int | None = None) -> MediaStats | None:
        if record.pj_call is None or not record.audio_connected:
            return None
        if index is None:
            index = self._audio_index(record)
            if index is None:
                return None
        stat = record.pj_call.getStreamStat(index)
        codec = record.pj_call.getStreamInfo(index).codecName
        rx = stat.rtcp.rxStat
        jitter_ms = (rx.jitterUsec.last or rx.jitterUsec.mean) / 1000.0
        received = rx.pkt + rx.loss
        loss_pct = 100.0 * rx.loss / received if received else 0.0
        rtt_ms = (stat.rtcp.rttUsec.last or stat.rtcp.rttUsec.mean) / 1000.0
        stats = MediaStats(
            call_id=record.call_id,
            jitter_ms=round(jitter_ms, 2),
            loss_pct=round(loss_pct, 2),
            rtt_ms=round(rtt_ms, 2),
            mos=estimate_mos(rtt_ms, jitter_ms, loss_pct, codec),
        )
        record.last_stats = stats
        return stats

    def _publish_stats(self, record: _CallRecord) -> None:
        if record.status not in (CallStatus.CONNECTED, CallStatus.HELD):
            return
        stats = self._sample_stats(record)
        if stats is not None:
            self._listener.on_media_stats(stats)

    def _do_audio_devices(self) -> list[AudioDevice]:
        return [device for _, device in sound_devices(self._ep.audDevManager())]

    def _do_set_audio_devices(self, capture: str, playback: str) -> None:
        """Open the named devices; an empty or unknown name means the system's default."""
        manager = self._ep.audDevManager()
        self._wanted_devices = (capture, playback)
        by_name = {device.name: index for index, device in sound_devices(manager)}
        missing = [name for name in (capture, playback) if name and name not in by_name]
        lost = f"Аудіопристрій «{missing[0]}» не знайдено" if missing else ""
        try:
            manager.setCaptureDev(by_name.get(capture, DEFAULT_CAPTURE_DEVICE))
            manager.setPlaybackDev(by_name.get(playback, DEFAULT_PLAYBACK_DEVICE))
        except pj.Error as exc:
            log.warning("sound device: %s", exc.info())
            manager.setNullDev()
            self._emit_error(f"{lost + ': ' if lost else ''}{NO_SOUND_DEVICE}")
            return
        if lost:
            self._emit_error(f"{lost}; звук іде через пристрої системи за замовчуванням")

    def _on_sound_device_lost(self) -> None:
        """A device vanished (unplugged headset, sound server gone): go on through
        the system's default devices; only when there are none, the null device."""
        if self._ep is None:
            return
        capture, playback = self._wanted_devices
        lost = playback or capture or "звуковий пристрій"
        manager = self._ep.audDevManager()
        try:
            manager.setCaptureDev(DEFAULT_CAPTURE_DEVICE)
            manager.setPlaybackDev(DEFAULT_PLAYBACK_DEVICE)
            where = "дзвінок триває через пристрої системи за замовчуванням"
        except pj.Error:
            manager.setNullDev()
            where = "інших пристроїв немає: дзвінок триває без звуку"
        for record in self._calls.values():
            if record.audio_connected:
                self._guarded(self._connect_audio, record, self._audio_index(record) or 0)
        self._emit_error(f"Зник аудіопристрій «{lost}»: {where}")

    def _emit_error(self, message: str) -> None:
        log.warning("%s", message)
        self._listener.on_error(message)
