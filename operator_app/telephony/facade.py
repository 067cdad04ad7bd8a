"""`Phone`: the Qt face of the engine.

The engine calls its listener on the pjsua2 owner thread; each snapshot crosses
to the GUI thread once (operator_app/own_thread_signals.py) and the signal is
emitted there, so the widgets only ever see frozen snapshots, on their own
thread. Methods never block on the network.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from operator_app.own_thread_signals import OwnThreadSignals
from operator_app.telephony.config import SipConfig
from operator_app.telephony.engine import Engine
from operator_app.telephony.models import (
    AudioDevice,
    CallInfo,
    CallSummary,
    MediaStats,
    MonitorMode,
    MonitorState,
    RegistrationState,
)
from operator_app.telephony.monitor import MonitorVerifier


class Phone(OwnThreadSignals):
    """Signals, each carrying one snapshot from models.py."""

    sig_registration_changed = Signal(RegistrationState)
    sig_ringing = Signal(CallInfo)  # INVITE arrived: start the screen pop now
    sig_call_changed = Signal(CallInfo)
    sig_call_ended = Signal(CallSummary)
    sig_media_stats = Signal(MediaStats)
    sig_options_rtt = Signal(float)  # ms
    sig_error = Signal(str)  # Ukrainian, for the operator
    sig_monitor = Signal(MonitorState)  # a shift lead listens / whispers / barges in (or we do)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine = Engine(self, collect_garbage=False)  # the GUI thread collects
        # The latest state of each binding, for a window that starts listening late.
        self._registrations: dict[str, RegistrationState] = {}

    # EngineListener, called on the owner thread: only emit (and remember).
    def on_registration(self, state: RegistrationState) -> None:
        self._registrations[state.account] = state  # one dict store: atomic under the GIL
        self.emit_on_own_thread("sig_registration_changed", state)

    def registration_states(self) -> list[RegistrationState]:
        """Each binding's latest state (what a newly shown window must display)."""
        return list(self._registrations.values())

    def on_ringing(self, info: CallInfo) -> None:
        self.emit_on_own_thread("sig_ringing", info)

    def on_call_changed(self, info: CallInfo) -> None:
        self.emit_on_own_thread("sig_call_changed", info)

    def on_call_ended(self, summary: CallSummary) -> None:
        self.emit_on_own_thread("sig_call_ended", summary)

    def on_media_stats(self, stats: MediaStats) -> None:
        self.emit_on_own_thread("sig_media_stats", stats)

    def on_options_rtt(self, rtt_ms: float) -> None:
        self.emit_on_own_thread("sig_options_rtt", rtt_ms)

    def on_error(self, message: str) -> None:
        self.emit_on_own_thread("sig_error", message)

    def on_monitor(self, state: MonitorState) -> None:
        self.emit_on_own_thread("sig_monitor", state)

    # Commands.
    @property
    def running(self) -> bool:
        return self._engine.running

    def start(self, config: SipConfig) -> None:
        self._engine.start(config)

    def shutdown(self) -> None:
        """Call before QApplication quits: hangs up, unregisters, libDestroy."""
        self._engine.shutdown()

    def answer(self, call_id: str) -> None:
        self._engine.answer(call_id)

    def reject(self, call_id: str, code: int = 486) -> None:
        self._engine.reject(call_id, code)

    def hangup(self, call_id: str) -> None:
        self._engine.hangup(call_id)

    def hold(self, call_id: str) -> None:
        self._engine.hold(call_id)

    def resume(self, call_id: str) -> None:
        self._engine.resume(call_id)

    def set_mute(self, call_id: str, muted: bool) -> None:
        self._engine.set_mute(call_id, muted)

    def send_dtmf(self, call_id: str, digits: str) -> None:
        self._engine.send_dtmf(call_id, digits)

    def transfer_blind(self, call_id: str, target: str) -> None:
        self._engine.transfer_blind(call_id, target)

    def transfer_attended(self, call_id: str, other_call_id: str) -> None:
        self._engine.transfer_attended(call_id, other_call_id)

    def call(self, number: str) -> str:
        return self._engine.call(number)

    def set_ready(self, ready: bool) -> None:
        self._engine.set_ready(ready)

    def calls(self) -> list[CallInfo]:
        return self._engine.calls()

    def audio_devices(self) -> list[AudioDevice]:
        return self._engine.audio_devices()

    def set_audio_devices(self, capture: str, playback: str, ring: str = "") -> None:
        self._engine.set_audio_devices(capture, playback, ring)

    def play_test_tone(self, device: str = "") -> None:
        self._engine.play_test_tone(device)

    def start_mic_meter(self, device: str = "") -> None:
        self._engine.start_mic_meter(device)

    def mic_level(self) -> float:
        return self._engine.mic_level()

    def stop_mic_meter(self) -> None:
        self._engine.stop_mic_meter()

    # A shift lead's listen / whisper / barge (operator_app/telephony/monitor.py).
    def monitor(self, target: str, mode: MonitorMode, token: str) -> str:
        return self._engine.monitor(target, mode, token)

    def set_monitor_mode(self, monitor_id: str, mode: MonitorMode) -> None:
        self._engine.set_monitor_mode(monitor_id, mode)

    def stop_monitor(self, monitor_id: str) -> None:
        self._engine.stop_monitor(monitor_id)

    def set_monitor_verifier(self, verifier: MonitorVerifier) -> None:
        self._engine.set_monitor_verifier(verifier)
