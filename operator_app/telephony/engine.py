"""The operator's SIP endpoint: thread-safe commands, the calls they act on.

Every pjsua2 object (Endpoint, Account, Call, params) is created, used and
released on one owner thread (`owner.py`); the public methods only post a
closure to it. What leaves that thread are the frozen snapshots of
`models.py`, handed to an `EngineListener` (plain Python; `facade.Phone`
turns them into Qt signals). Accounts and the keep-alive watch live in
`registration.py`, sound in `audio.py`, a call's record in `calls.py`, a
shift lead's listen / whisper / barge in `monitor.py`.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import logging
import os
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any, Protocol

import pjsua2 as pj

from kc1551_common.phones import mask_phone
from operator_app.telephony import pulse_devices
from operator_app.telephony.audio import (
    SOUND_CAPTURE_LATENCY_MS,
    SOUND_PLAYBACK_LATENCY_MS,
    AudioRouter,
)
from operator_app.telephony.caller_id import (
    caller_id_from_headers,
    caller_id_from_uri,
    extra_headers,
    parse_headers,
)
from operator_app.telephony.calls import CallRecord, PjCall, call_summary
from operator_app.telephony.config import SipConfig, SipTransport
from operator_app.telephony.models import (
    AudioDevice,
    CallDirection,
    CallInfo,
    CallStatus,
    CallSummary,
    HoldSegment,
    MediaStats,
    MonitorMode,
    MonitorState,
    RegistrationState,
)
from operator_app.telephony.monitor import (
    MONITOR_HEADER,
    Monitors,
    MonitorVerifier,
    canonical_header,
)
from operator_app.telephony.owner import (
    EngineError,
    OwnerLoop,
    claim_endpoint_slot,
    release_endpoint_slot,
)
from operator_app.telephony.quality import estimate_mos
from operator_app.telephony.registration import (
    OPERATOR_ACCOUNT,
    QUEUE_ACCOUNT,
    PjAccount,
    Registrations,
    uri_params,
)
from operator_app.telephony.tls import configure_tls

log = logging.getLogger(__name__)

__all__ = ["OPERATOR_ACCOUNT", "QUEUE_ACCOUNT", "Engine", "EngineError", "EngineListener"]

_SHUTDOWN_HANGUP_WAIT_S = 2.0
_START_TIMEOUT_S = 15.0
# Offered first, in this order: G.722 (wideband; what PBXs and IP phones speak),
# then G.711 A-law (Europe's PSTN) and mu-law. pjsua ranks Speex first (130): its
# encoder clipped loud tones on a lead's monitoring call, and it costs MOS (Ie 11).
CODEC_PRIORITIES = (("G722/16000", 140), ("PCMA/8000", 135), ("PCMU/8000", 134))


class EngineListener(Protocol):
    """Receives snapshots on the engine's owner thread; must not block."""

    def on_registration(self, state: RegistrationState) -> None: ...
    def on_ringing(self, info: CallInfo) -> None: ...
    def on_call_changed(self, info: CallInfo) -> None: ...
    def on_call_ended(self, summary: CallSummary) -> None: ...
    def on_media_stats(self, stats: MediaStats) -> None: ...
    def on_options_rtt(self, rtt_ms: float) -> None: ...
    def on_error(self, message: str) -> None: ...
    def on_monitor(self, state: MonitorState) -> None: ...


def _weakly(method: Callable[..., None]) -> Callable[..., None]:
    """A callback that does not keep the engine alive. The parts the engine owns
    call back into it; a reference cycle would leave the engine (and its listener,
    a Qt object in the desktop) to the cycle collector, on whatever thread it
    happens to run, and Qt objects freed off their thread crash the process."""
    ref = weakref.WeakMethod(method)

    def call(*args: Any) -> None:
        target = ref()
        if target is not None:
            target(*args)

    return call


def _weakly_returning(method: Callable[[], Any]) -> Callable[[], Any]:
    """`_weakly` for a query; an engine already gone has nothing to answer."""
    ref = weakref.WeakMethod(method)

    def call() -> Any:
        target = ref()
        if target is None:
            raise EngineError("Телефон не запущено")
        return target()

    return call


class _PjEndpoint(pj.Endpoint):
    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self._engine = engine

    def onMediaEvent(self, prm: Any) -> None:
        if prm.ev.type == pj.PJMEDIA_EVENT_AUD_DEV_ERROR:
            # May come from the sound device's own thread: hand it to the owner.
            self._engine._loop.post(self._engine._on_sound_device_lost)

    def onTransportState(self, prm: Any) -> None:
        # A TLS connection refused over the PBX's certificate: the registration's reason.
        OwnerLoop.guarded(self._engine._registrations.on_transport_state, prm)


class Engine:
    """The pjsua2 owner. Thread-safe public methods; listener called on the owner thread."""

    def __init__(self, listener: EngineListener, *, collect_garbage: bool = True,
                 monitor_verifier: MonitorVerifier | None = None) -> None:
        """collect_garbage: run the cycle collector on the owner thread at shutdown. Not
        in a Qt process: it would free Qt objects of other threads here (a segfault
        seen in the tests); there the GUI thread collects (operator_app/ui/gc_thread.py)
        and the cycles with pjsua2 objects are broken by hand before libDestroy.
        monitor_verifier: judges a shift lead's token (monitor.py); without one no
        lead can listen to this desktop."""
        self._listener = listener
        self._collect_garbage = collect_garbage
        self._loop = OwnerLoop()
        self._ids = itertools.count(1)
        self._ids_lock = threading.Lock()
        self._config: SipConfig | None = None
        # Owner-thread state (touched only by the owner thread).
        self._ep: Any = None
        self._holds_endpoint_slot = False
        self._calls: dict[str, CallRecord] = {}
        self._dead_calls: list[CallRecord] = []
        self._next_stats = 0.0
        self._device_watch: pulse_devices.DeviceWatch | None = None
        self._audio = AudioRouter(_weakly(self._emit_error), self._loop.schedule,
                                  _weakly(self._reconnect_calls))
        self._registrations = self._new_registrations()
        audio = self._audio  # not self: no cycle through the monitors' callbacks
        self._monitors = Monitors(
            new_id=_weakly_returning(self.new_call_id),
            conversation=_weakly_returning(self._conversation),
            in_conversation=_weakly_returning(self._in_conversation),
            sound=_weakly_returning(self._sound_ports),
            connect_headset=lambda media: audio.connect(media, False),
            emit=listener.on_monitor, emit_error=_weakly(self._emit_error))
        if monitor_verifier is not None:
            self._monitors.verifier = monitor_verifier

    def _new_registrations(self) -> Registrations:
        return Registrations(
            self._loop, on_state=self._listener.on_registration,
            on_rtt=self._listener.on_options_rtt,
            on_incoming_call=_weakly(self._on_incoming_call),
            on_ip_change=_weakly(self._do_ip_change), emit_error=_weakly(self._emit_error))

    # ---------------------------------------------------------------- lifecycle
    @property
    def running(self) -> bool:
        return self._loop.running

    def start(self, config: SipConfig) -> None:
        """Create the endpoint on a new owner thread; returns once it is up."""
        if self._loop.started:
            raise EngineError("Телефон уже запущено")
        self._config = config
        self._registrations = self._new_registrations()
        self._loop.start(
            setup=lambda: self._create_endpoint(config), turn=self._turn,
            pump=self._pump, teardown=self._destroy_endpoint,
            describe_failure=lambda exc: "Не вдалося запустити SIP-телефон: " + (
                exc.reason if isinstance(exc, pj.Error) else str(exc)),
            timeout=_START_TIMEOUT_S)

    def shutdown(self, timeout: float = 15.0) -> None:
        """Hang up, unregister and libDestroy on the owner thread; idempotent."""
        self._loop.stop(timeout)

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
        self._post(self._registrations.set_ready, ready)

    def calls(self) -> list[CallInfo]:
        return self._loop.run_sync(lambda: [r.snapshot() for r in self._calls.values()])

    def audio_devices(self) -> list[AudioDevice]:
        return self._loop.run_sync(self._audio.devices)

    def set_audio_devices(self, capture: str, playback: str, ring: str = "") -> None:
        self._post(self._audio.set_devices, capture, playback, ring)

    def play_test_tone(self, device: str = "") -> None:
        """A short chord on a playback device ("" = the system's default)."""
        self._post(self._audio.play_test_tone, device)

    def start_mic_meter(self, device: str = "") -> None:
        self._post(self._audio.start_mic_meter, device)

    def mic_level(self) -> float:
        """0..1, the metered microphone's level now (0 when no meter runs)."""
        return self._loop.run_sync(self._audio.mic_level)

    def stop_mic_meter(self) -> None:
        self._post(self._audio.stop_mic_meter)

    def handle_ip_change(self) -> None:
        self._post(self._do_ip_change)

    # A shift lead's desktop: listen to, whisper to, barge into an operator's call.
    def monitor(self, target: str, mode: MonitorMode, token: str) -> str:
        """Call the operator `target` (SIP user or URI) to monitor; the id at once,
        `on_monitor` events follow (active, or refused with the operator's code)."""
        monitor_id = self.new_call_id()
        self._post(self._do_monitor, monitor_id, target, MonitorMode(mode), token)
        return monitor_id

    def set_monitor_mode(self, monitor_id: str, mode: MonitorMode) -> None:
        self._post(self._monitors.set_mode, monitor_id, MonitorMode(mode))

    def stop_monitor(self, monitor_id: str) -> None:
        self._post(self._monitors.stop, monitor_id)

    def set_monitor_verifier(self, verifier: MonitorVerifier) -> None:
        """An operator's desktop: who may listen (the API's token check)."""
        self._monitors.verifier = verifier  # one attribute store: atomic under the GIL

    def monitors(self) -> list[MonitorState]:
        return self._loop.run_sync(
            lambda: [m.snapshot() for m in self._monitors.sessions.values()])

    def _post(self, fn: Any, *args: Any) -> None:
        if not self._loop.post(fn, *args):
            self._emit_error("Телефон не запущено")

    @property
    def _cfg(self) -> SipConfig:
        assert self._config is not None
        return self._config

    # ----------------------------------------------------------- owner rounds
    def _pump(self, wait_ms: int) -> None:
        self._ep.libHandleEvents(wait_ms)

    def _turn(self) -> float:
        """Each round: free ended calls, publish call quality when due."""
        self._release_dead_calls()  # their DISCONNECTED callbacks have returned
        self._monitors.release_dead()
        now = time.monotonic()
        if now >= self._next_stats:
            self._next_stats = now + self._cfg.stats_interval_s
            for record in list(self._calls.values()):
                self._loop.guarded(self._publish_stats, record)
        return self._next_stats

    def _release_dead_calls(self) -> None:
        # record <-> PjCall is a reference cycle; break it so the pjsua2 Call is
        # freed right here on the owner thread, not later by gc on any thread.
        for record in self._dead_calls:
            record.pj_call = None
        self._dead_calls.clear()

    # ----------------------------------------------------------- endpoint setup
    def _create_endpoint(self, config: SipConfig) -> None:
        claim_endpoint_slot()
        self._holds_endpoint_slot = True
        if not config.null_audio:
            pulse_devices.install()  # the sound server's devices, before libInit lists them
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
        # pjsua's defaults (100 ms capture, 140 ms playback) keep ~190 ms in the
        # sound path through a sound server alone, more than G.114's whole budget.
        ep_cfg.medConfig.sndRecLatency = SOUND_CAPTURE_LATENCY_MS
        ep_cfg.medConfig.sndPlayLatency = SOUND_PLAYBACK_LATENCY_MS
        # The headset stays open all shift (pjsua closes it 1 s after each call by
        # default): no device opening on the next answer, and no close on the SIP
        # thread, where a stalled ALSA stream (the PulseAudio plugin's) froze it.
        ep_cfg.medConfig.sndAutoCloseTime = -1
        if config.echo_cancellation:
            ep_cfg.medConfig.ecTailLen = 200
            ep_cfg.medConfig.ecOptions = pj.PJMEDIA_ECHO_DEFAULT | (
                pj.PJMEDIA_ECHO_USE_NOISE_SUPPRESSOR if config.noise_suppression else 0)
        else:
            ep_cfg.medConfig.ecTailLen = 0
        ep.libInit(ep_cfg)
        for codec_id, priority in CODEC_PRIORITIES:
            ep.codecSetPriority(codec_id, priority)

        tp_type = {
            SipTransport.UDP: pj.PJSIP_TRANSPORT_UDP,
            SipTransport.TCP: pj.PJSIP_TRANSPORT_TCP,
            SipTransport.TLS: pj.PJSIP_TRANSPORT_TLS,
        }[config.transport]
        tp_cfg = pj.TransportConfig()
        tp_cfg.port = config.local_port
        if config.transport is SipTransport.TLS:
            configure_tls(tp_cfg.tlsConfig, config)  # CA list, TLS 1.2+, verify the PBX
        transport_id = ep.transportCreate(tp_type, tp_cfg)
        if config.transport is SipTransport.UDP:
            wake_port = int(ep.transportGetInfo(transport_id).localName.rsplit(":", 1)[1])
        else:
            # TCP/TLS: a loopback UDP transport serves only as the wake-up channel.
            wake_cfg = pj.TransportConfig()
            wake_cfg.boundAddress = "127.0.0.1"
            wake_id = ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, wake_cfg)
            wake_port = int(ep.transportGetInfo(wake_id).localName.rsplit(":", 1)[1])
        self._loop.set_wake_port(wake_port)
        ep.libStart()
        self._audio.open(ep, config)
        if not config.null_audio:
            audio, loop = self._audio, self._loop  # not self: no cycle through the watch
            self._device_watch = pulse_devices.DeviceWatch(
                lambda: loop.post(audio.check_devices))
            self._device_watch.start()
        self._registrations.start(config, transport_id)

    def _destroy_endpoint(self) -> None:
        try:
            self._free_endpoint()
        finally:
            if self._holds_endpoint_slot:
                self._holds_endpoint_slot = False
                release_endpoint_slot()

    def _free_endpoint(self) -> None:
        if self._device_watch is not None:
            self._device_watch.stop()
            self._device_watch = None
        ep = self._ep
        if ep is None:
            return
        try:
            if self._calls or self._monitors.sessions:
                ep.hangupAllCalls()
                deadline = time.monotonic() + _SHUTDOWN_HANGUP_WAIT_S
                while ((self._calls or self._monitors.sessions)
                       and time.monotonic() < deadline):
                    ep.libHandleEvents(20)
            self._registrations.unregister_all(ep.libHandleEvents)
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

    def _release_pjsua_objects(self) -> None:
        """Drop every Call, Account and tone before libDestroy, here on the owner thread."""
        self._dead_calls.extend(self._calls.values())
        self._calls.clear()
        self._release_dead_calls()
        self._monitors.release()
        self._audio.close()
        self._registrations.release()
        self._loop.clear_timers()
        if self._collect_garbage:
            gc.collect()

    def _do_ip_change(self) -> None:
        log.info("local address changed, restarting SIP transports")
        self._ep.handleIpChange(pj.IpChangeParam())

    # -------------------------------------------------------------------- calls
    def _on_incoming_call(self, account: PjAccount, prm: Any) -> None:
        now = time.time()
        headers = parse_headers(prm.rdata.wholeMsg)
        if canonical_header(MONITOR_HEADER) in headers:
            # A shift lead, not a citizen: never offered, never rings.
            self._monitors.on_incoming(account, account.name == OPERATOR_ACCOUNT, prm.callId,
                                       headers, self._cfg.user)
            return
        record = CallRecord(
            call_id=self.new_call_id(),
            direction=CallDirection.INCOMING,
            account=account.name,
            started_at=now,
            caller=caller_id_from_headers(headers),
            headers=extra_headers(headers),
            sip_call_id=headers.get("Call-Id", ""),
        )
        record.pj_call = PjCall(self, record, account, prm.callId)
        self._calls[record.call_id] = record
        number = record.caller.number
        log.info("incoming call %s from %s", record.call_id,
                 mask_phone(number) if number else "withheld")
        if account.name == QUEUE_ACCOUNT and not self._registrations.ready:
            # The queue binding is being removed; the PBX will ring someone else.
            self._do_reject(record.call_id, 480)
            return
        self._listener.on_ringing(record.snapshot())
        if self._cfg.auto_answer_s == 0:
            # Straight to 200: a 180 first would only delay the caller's connect.
            self._do_answer(record.call_id)
            return
        self._answer_with(record, 180)
        self._update_ringing()
        if self._cfg.auto_answer_s is not None:
            call_id = record.call_id
            self._loop.schedule(self._cfg.auto_answer_s, lambda: self._auto_answer(call_id))

    def _update_ringing(self) -> None:
        """The ringtone sounds while an incoming call waits for an answer; during
        another call it is the quiet call-waiting tone in the headset instead."""
        waiting = [r for r in self._calls.values()
                   if r.direction is CallDirection.INCOMING and r.status is CallStatus.RINGING]
        if not waiting:
            self._audio.stop_ringing()
            return
        in_call = any(r.status in (CallStatus.CONNECTING, CallStatus.CONNECTED,
                                   CallStatus.HELD, CallStatus.CALLING, CallStatus.EARLY)
                      for r in self._calls.values())
        self._audio.ring(waiting=in_call)

    def _auto_answer(self, call_id: str) -> None:
        record = self._calls.get(call_id)
        if record is not None and record.status is CallStatus.RINGING:
            self._do_answer(call_id)

    def _answer_with(self, record: CallRecord, code: int) -> None:
        prm = pj.CallOpParam(True)
        prm.statusCode = code
        record.pj_call.answer(prm)

    def _record(self, call_id: str) -> CallRecord | None:
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
        self._update_ringing()
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

    def _connect_capture(self, record: CallRecord) -> None:
        index = self._audio_index(record)
        if index is not None:
            self._audio.set_capture(record.pj_call.getAudioMedia(index), record.muted)

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
            return f"sip:{target}@{self._cfg.aor_domain}{uri_params(self._cfg.transport)}"
        # No outbound proxy: the request goes where the registrar listens.
        host, port = self._cfg.registrar_hostport
        return f"sip:{target}@{host}:{port}{uri_params(self._cfg.transport)}"

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

    def on_transfer_status(self, record: CallRecord, prm: Any) -> None:
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

    def on_call_replaced(self, record: CallRecord, prm: Any) -> None:
        """An attended transfer replaced this call: track the new one under a new id."""
        new = CallRecord(
            call_id=self.new_call_id(),
            direction=CallDirection.INCOMING,
            account=record.account,
            started_at=time.time(),
            caller=record.caller,
        )
        new.pj_call = PjCall(self, new, self._registrations.accounts[record.account], prm.newCallId)
        prm.newCall = new.pj_call
        ci = new.pj_call.getInfo()
        new.sip_call_id = ci.callIdString
        new.caller = caller_id_from_uri(ci.remoteUri)
        new.answered_at = new.started_at  # pjsua answers a Replaces INVITE itself
        new.status = CallStatus.CONNECTING
        self._calls[new.call_id] = new
        record.transferred = True
        self._listener.on_call_changed(new.snapshot())

    def _do_monitor(self, monitor_id: str, target: str, mode: MonitorMode, token: str) -> None:
        self._monitors.start(monitor_id, self._registrations.accounts[OPERATOR_ACCOUNT],
                             self._target_uri(target), target, mode, token)

    def _do_call(self, call_id: str, number: str) -> None:
        uri = self._target_uri(number)
        record = CallRecord(
            call_id=call_id,
            direction=CallDirection.OUTGOING,
            account=OPERATOR_ACCOUNT,
            started_at=time.time(),
            caller=caller_id_from_uri(f"<{uri}>"),
            status=CallStatus.CALLING,
        )
        account = self._registrations.accounts[OPERATOR_ACCOUNT]
        record.pj_call = PjCall(self, record, account, pj.PJSUA_INVALID_ID)
        try:
            record.pj_call.makeCall(uri, pj.CallOpParam(True))
        except pj.Error as exc:
            self._emit_error(f"Не вдалося зателефонувати: {exc.reason}")
            self._dead_calls.append(record)
            self._listener.on_call_ended(
                call_summary(record, self._cfg.user, time.time(), 0, exc.reason))
            return
        record.sip_call_id = record.pj_call.getInfo().callIdString
        self._calls[call_id] = record
        self._listener.on_call_changed(record.snapshot())

    def on_call_state(self, record: CallRecord) -> None:
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

    def _finish_call(self, record: CallRecord, now: float, code: int, reason: str) -> None:
        if self._calls.pop(record.call_id, None) is None:
            return
        record.status = CallStatus.ENDED
        self._close_hold(record, now)
        self._dead_calls.append(record)  # keeps the pjsua2 Call alive until next loop turn
        self._update_ringing()
        summary = call_summary(record, self._cfg.user, now, code, reason)
        self._listener.on_call_changed(record.snapshot())
        self._listener.on_call_ended(summary)
        self._monitors.conversation_changed()  # the lead leaves with the last call

    def _close_hold(self, record: CallRecord, now: float) -> None:
        if record.hold_start is not None:
            ms = round((now - record.hold_start) * 1000)
            record.hold_segments.append(HoldSegment(record.hold_start, now, ms))
            record.hold_start = None

    def on_call_media_state(self, record: CallRecord) -> None:
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

    def _connect_audio(self, record: CallRecord, index: int) -> None:
        self._audio.connect(record.pj_call.getAudioMedia(index), record.muted)
        record.audio_connected = True
        self._monitors.conversation_changed()

    def _disconnect_audio(self, record: CallRecord, index: int) -> None:
        self._audio.disconnect(record.pj_call.getAudioMedia(index))
        record.audio_connected = False
        self._monitors.conversation_changed()

    def _conversation(self) -> list[tuple[Any, bool]]:
        """(AudioMedia, talking) of every call with a stream, for a lead's mix."""
        found = []
        for record in self._calls.values():
            if record.pj_call is None:
                continue
            index = self._audio_index(record)
            if index is not None:
                with contextlib.suppress(pj.Error):
                    found.append((record.pj_call.getAudioMedia(index), record.audio_connected))
        return found

    def _in_conversation(self) -> bool:
        return any(record.answered_at is not None for record in self._calls.values())

    def _sound_ports(self) -> tuple[Any, Any]:
        manager = self._ep.audDevManager()
        return manager.getCaptureDevMedia(), manager.getPlaybackDevMedia()

    # -------------------------------------------------------------------- media
    def _audio_index(self, record: CallRecord) -> int | None:
        # Keep CallInfo referenced: its media vector dies with it (SWIG).
        info = record.pj_call.getInfo()
        for index, media in enumerate(info.media):
            if media.type == pj.PJMEDIA_TYPE_AUDIO and media.status != pj.PJSUA_CALL_MEDIA_NONE:
                return index
        return None

    def sample_stats(self, record: CallRecord, index: int | None = None) -> MediaStats | None:
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

    def _publish_stats(self, record: CallRecord) -> None:
        if record.status not in (CallStatus.CONNECTED, CallStatus.HELD):
            return
        stats = self.sample_stats(record)
        if stats is not None:
            self._listener.on_media_stats(stats)

    def _on_sound_device_lost(self) -> None:
        if self._ep is not None:
            self._audio.device_lost()

    def _reconnect_calls(self) -> None:
        """The bridge has other devices now: wire every talking call to them."""
        for record in self._calls.values():
            if record.audio_connected:
                self._loop.guarded(self._connect_audio, record, self._audio_index(record) or 0)
        self._monitors.devices_changed()

    def _emit_error(self, message: str) -> None:
        log.warning("%s", message)
        self._listener.on_error(message)
