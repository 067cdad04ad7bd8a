"""Console softphone: the operator engine without a window.

    KC1551_SIP_PASSWORD=P python -m operator_app.telephony --registrar sip:HOST:PORT --user U \
        [--transport udp|tcp|tls [--tls-ca FILE] [--no-tls-verify] [--no-srtp]] \
        [--auto-answer S] [--join-queue 1551] [--local-port N]

Prints one JSON object per line on stdout (`event` key, `t` = time.time()),
reads JSON commands on stdin: answer, reject, hold, unhold, hangup, mute,
dtmf (digits), transfer (to | to_call), call (to), ready (value), quit; each
may name a "call", otherwise the current call. A shift lead's: monitor (to,
mode listen|whisper|barge, token), monitor_mode (monitor, mode), monitor_stop
(monitor); "monitor" events tell either side of a session. An operator's
console lets leads in when KC1551_MONITOR_KEY holds its key (base64, as the API's
POST /desk/monitor-key gives it).
IT uses it to check a PBX from an operator's PC; tests and benchmarks drive it
as a second operator (or as a shift lead). The password comes from
KC1551_SIP_PASSWORD (`ps` shows a --password to everyone).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sys
import threading
import time
from typing import Any, TextIO

from operator_app.telephony.audio import list_sound_devices
from operator_app.telephony.config import PASSWORD_ENV, SipConfig, SipTransport
from operator_app.telephony.engine import Engine, EngineError
from operator_app.telephony.models import (
    CallInfo,
    CallStatus,
    CallSummary,
    MediaStats,
    MonitorMode,
    MonitorState,
    RegistrationState,
    RegistrationStatus,
)
from operator_app.telephony.monitor import MonitorTokens

MONITOR_KEY_ENV = "KC1551_MONITOR_KEY"


_REGISTRATION_EVENTS = {
    RegistrationStatus.REGISTERING: "registering",
    RegistrationStatus.REGISTERED: "registered",
    RegistrationStatus.FAILED: "registration_failed",
    RegistrationStatus.UNREGISTERED: "unregistered",
}
_CALL_EVENTS = {
    CallStatus.CALLING: "calling",
    CallStatus.EARLY: "early",
    CallStatus.CONNECTED: "connected",
    CallStatus.HELD: "held",
}

_CALL_COMMANDS = {"answer", "reject", "hangup", "hold", "unhold", "mute", "dtmf", "transfer"}


class JsonEventPrinter:
    """EngineListener that prints events; also remembers which call is current."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._lock = threading.Lock()
        self._status: dict[str, CallStatus] = {}
        self._active: list[str] = []  # most recent last

    def emit(self, event: str, **fields: Any) -> None:
        line = json.dumps({"event": event, "t": time.time(), **fields}, ensure_ascii=False)
        with self._lock:
            self._out.write(line + "\n")
            self._out.flush()

    def current_call(self, exclude: str | None = None) -> str | None:
        with self._lock:
            for call_id in reversed(self._active):
                if call_id != exclude:
                    return call_id
        return None

    def _touch(self, call_id: str, ended: bool = False) -> None:
        with self._lock:
            if call_id in self._active:
                self._active.remove(call_id)
            if not ended:
                self._active.append(call_id)

    def on_registration(self, state: RegistrationState) -> None:
        self.emit(_REGISTRATION_EVENTS[state.status], account=state.account, code=state.code,
                  reason=state.reason, expires=state.expires_s)

    def on_ringing(self, info: CallInfo) -> None:
        self._touch(info.call_id)
        self._status[info.call_id] = info.status
        self.emit("incoming", call=info.call_id, number=info.remote_number,
                  display=info.remote_display, sip_call_id=info.sip_call_id,
                  headers=info.headers)

    def on_call_changed(self, info: CallInfo) -> None:
        previous = self._status.get(info.call_id)
        self._status[info.call_id] = info.status
        if info.status is CallStatus.ENDED or info.status is previous:
            return
        self._touch(info.call_id)
        event = _CALL_EVENTS.get(info.status)
        if info.status is CallStatus.CONNECTED and previous is CallStatus.HELD:
            event = "resumed"
        if event:
            self.emit(event, call=info.call_id, number=info.remote_number, muted=info.muted)

    def on_call_ended(self, summary: CallSummary) -> None:
        self._touch(summary.call_id, ended=True)
        self._status.pop(summary.call_id, None)
        self.emit("ended", call=summary.call_id, summary=summary.to_json())

    def on_media_stats(self, stats: MediaStats) -> None:
        self.emit("media", call=stats.call_id, jitter_ms=stats.jitter_ms,
                  loss_pct=stats.loss_pct, rtt_ms=stats.rtt_ms, mos=stats.mos)

    def on_options_rtt(self, rtt_ms: float) -> None:
        self.emit("options_rtt", ms=round(rtt_ms, 3))

    def on_error(self, message: str) -> None:
        self.emit("error", message=message)

    def on_monitor(self, state: MonitorState) -> None:
        self.emit("monitor", monitor=state.monitor_id, side=state.side.value,
                  status=state.status.value, mode=state.mode.value, peer=state.peer,
                  code=state.code, reason=state.reason)


def run_command(engine: Engine, printer: JsonEventPrinter, command: dict[str, Any]) -> bool:
    """Carry out one stdin command; False when it was `quit`."""
    name = command.get("cmd")
    if name == "quit":
        return False
    if name == "call":
        printer.emit("dialing", call=engine.call(str(command["to"])), to=command["to"])
        return True
    if name == "ready":
        engine.set_ready(bool(command.get("value", True)))
        return True
    if name == "monitor":
        mode = MonitorMode(str(command.get("mode", "listen")))
        monitor_id = engine.monitor(str(command["to"]), mode, str(command.get("token", "")))
        printer.emit("monitoring", monitor=monitor_id, to=command["to"], mode=mode.value)
        return True
    if name == "monitor_mode":
        engine.set_monitor_mode(str(command["monitor"]), MonitorMode(str(command["mode"])))
        return True
    if name == "monitor_stop":
        engine.stop_monitor(str(command["monitor"]))
        return True
    if name not in _CALL_COMMANDS:
        printer.emit("error", message=f"Невідома команда: {name}", cmd=name)
        return True
    other = command.get("to_call")
    call_id = command.get("call") or printer.current_call(exclude=other)
    if call_id is None:
        printer.emit("error", message="Немає поточного дзвінка", cmd=name)
        return True
    actions = {
        "answer": lambda: engine.answer(call_id),
        "reject": lambda: engine.reject(call_id, int(command.get("code", 486))),
        "hangup": lambda: engine.hangup(call_id),
        "hold": lambda: engine.hold(call_id),
        "unhold": lambda: engine.resume(call_id),
        "mute": lambda: engine.set_mute(call_id, bool(command.get("value", True))),
        "dtmf": lambda: engine.send_dtmf(call_id, str(command["digits"])),
        "transfer": lambda: (
            engine.transfer_attended(call_id, str(other)) if other
            else engine.transfer_blind(call_id, str(command["to"]))
        ),
    }
    actions[str(name)]()
    return True


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m operator_app.telephony",
                                     description="Консольний софтфон оператора 1551")
    parser.add_argument("--list-audio", action="store_true",
                        help="print the sound devices as JSON lines and exit")
    parser.add_argument("--registrar", help="sip:HOST:PORT")
    parser.add_argument("--user")
    parser.add_argument("--password", default=os.environ.get(PASSWORD_ENV),
                        help=f"SIP password (default: ${PASSWORD_ENV}, which ps does not show)")
    parser.add_argument("--transport", choices=[t.value for t in SipTransport], default="udp")
    parser.add_argument("--proxy", default="")
    parser.add_argument("--realm", default="*")
    parser.add_argument("--expires", type=int, default=300)
    parser.add_argument("--auto-answer", type=float, default=None, metavar="SECONDS")
    parser.add_argument("--join-queue", default=None, metavar="AOR",
                        help="join this ring group at start (e.g. 1551)")
    parser.add_argument("--local-port", type=int, default=0)
    parser.add_argument("--tls-ca", default="",
                        help="TLS: PEM file of the CA that signed the PBX's certificate "
                             "(default: the system's CAs)")
    parser.add_argument("--no-tls-verify", dest="tls_verify", action="store_false",
                        help="TLS: accept any PBX certificate (a lab PBX only)")
    parser.add_argument("--no-srtp", dest="srtp", action="store_false",
                        help="TLS: allow calls without SRTP")
    parser.add_argument("--capture", default="", help="microphone (a --list-audio name)")
    parser.add_argument("--playback", default="", help="speaker/headset (a --list-audio name)")
    parser.add_argument("--ring", default="",
                        help="where the ringtone sounds, e.g. speakers (a --list-audio name)")
    parser.add_argument("--null-audio", action="store_true",
                        help="open no sound device (tests, servers)")
    parser.add_argument("--no-echo-cancellation", dest="echo_cancellation",
                        action="store_false",
                        help="no echo canceller or noise suppressor (a test tone survives)")
    args = parser.parse_args(argv)
    if not args.list_audio:
        missing = [f"--{name}" for name in ("registrar", "user", "password")
                   if not getattr(args, name)]
        if missing:
            parser.error(f"потрібні {', '.join(missing)}"
                         + (f" (пароль: або ${PASSWORD_ENV})" if not args.password else ""))
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # pjlib prints a banner to fd 1 before any log setting applies: keep fd 1
    # for stderr and write the JSON events to a private copy of stdout.
    sys.stdout.flush()
    json_out = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    printer = JsonEventPrinter(json_out)
    if args.list_audio:
        for device in list_sound_devices():
            printer.emit("audio_device", name=device.name, driver=device.driver,
                         inputs=device.inputs, outputs=device.outputs)
        return 0
    config = SipConfig(
        registrar=args.registrar, user=args.user, password=args.password,
        transport=SipTransport(args.transport), proxy=args.proxy, realm=args.realm,
        expires_s=args.expires, queue_aor=args.join_queue or "1551",
        ready=args.join_queue is not None, local_port=args.local_port,
        auto_answer_s=args.auto_answer, null_audio=args.null_audio,
        capture_device=args.capture, playback_device=args.playback, ring_device=args.ring,
        tls_verify_server=args.tls_verify, tls_ca_file=args.tls_ca, srtp=args.srtp,
        echo_cancellation=args.echo_cancellation,
    )
    key = os.environ.get(MONITOR_KEY_ENV, "")
    try:
        verifier = MonitorTokens(base64.b64decode(key, validate=True)).verify if key else None
    except ValueError:
        printer.emit("error", message=f"{MONITOR_KEY_ENV} is not base64")
        return 2
    engine = Engine(printer, monitor_verifier=verifier)
    try:
        engine.start(config)
    except EngineError as exc:
        printer.emit("error", message=str(exc))
        return 2
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                command = json.loads(line)
                if not isinstance(command, dict):
                    raise ValueError("not an object")
                if not run_command(engine, printer, command):
                    break
            except (ValueError, KeyError) as exc:
                printer.emit("error", message=f"Невірна команда: {exc}", code="bad_command")
    except KeyboardInterrupt:
        pass
    finally:
        engine.shutdown()
        printer.emit("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
