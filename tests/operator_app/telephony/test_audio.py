"""The real sound path: a citizen's voice reaches the operator's headset and back.

The operator's engine runs in this process on PulseAudio null sinks (the
`pulse` fixture) through pjmedia's ALSA backend; the citizen is the line
simulator (a bare pjsua2 endpoint on the null device) sending a 440 Hz tone
and recording what it hears. Through a real Kamailio, no mocks.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kc1551_demo.local_pbx import LocalPbx
from operator_app.config import AppConfig
from operator_app.telephony.audio import (
    RING_FREQUENCIES,
    TEST_TONE_FREQUENCIES,
    TEST_TONE_MS,
    WAITING_FREQUENCY,
)
from operator_app.telephony.config import SipConfig
from operator_app.telephony.engine import Engine
from operator_app.telephony.facade import Phone
from operator_app.telephony.jsonl_process import JsonLineProcess
from operator_app.telephony.models import CallInfo, CallStatus, RegistrationStatus
from operator_app.ui.settings_dialog import SettingsDialog
from tests.fixtures.pulse import (
    RATE,
    PulseServer,
    Recording,
    dominant_frequency,
    rms,
    samples,
)
from tests.operator_app.telephony.test_engine import (
    CITIZEN,
    EVENT_TIMEOUT_S,
    RecordingListener,
    registered,
    simulator,
    status_is,
)

pytestmark = pytest.mark.sip

CALLER_TONE_HZ = 440
OPERATOR_VOICE_HZ = 1000
SEGMENT_S = 1.5  # how long each phase of the scenario lasts: a measurement, not a wait
SILENCE_RMS = 150  # s16 units; the tones are sent at about 10,000
SOUND_RMS = 1000


@pytest.fixture
def listener() -> RecordingListener:
    return RecordingListener()


RING_CYCLE_S = 3.0  # the ringtone's cadence: a double ring, then a pause
# Sound already on its way through pjmedia, ALSA and PulseAudio when an event
# arrives: up to 150 ms of ringtone reached the recorder after "ended" on a loaded
# machine, though the engine stops the ringtone before it reports the end.
IN_FLIGHT_S = 0.5
WAITING_CYCLE_S = 3.4


def start_operator(pbx: LocalPbx, listener: RecordingListener, *, playback_device: str = "",
                   ring_device: str = "") -> Engine:
    engine = Engine(listener)
    engine.start(SipConfig(registrar=pbx.registrar_uri, user="op1001",
                           password=pbx.users["op1001"], ready=True, null_audio=False,
                           # a steady sine is what a noise suppressor removes
                           echo_cancellation=False, playback_device=playback_device,
                           ring_device=ring_device))
    try:
        listener.wait_for("registration", registered("queue"))
    except BaseException:
        engine.shutdown()
        raise
    return engine


@pytest.fixture
def audio_operator(pbx: LocalPbx, pulse: PulseServer,
                   listener: RecordingListener) -> Iterator[Engine]:
    engine = start_operator(pbx, listener)
    try:
        yield engine
    finally:
        engine.shutdown()


def loudest_quarter(values: list[int], rate: int = 16000) -> list[int]:
    """The quarter second with most energy: a cadenced tone's "on" part."""
    size, hop = rate // 4, rate // 50  # fine hops: the window sits on a whole beep
    parts = [values[i:i + size] for i in range(0, max(1, len(values) - size + 1), hop)]
    return max(parts, key=rms)


def loudest_quarters(values: list[int], count: int, rate: int = 16000) -> list[list[int]]:
    """The `count` loudest quarter seconds that do not overlap, loudest first."""
    size, hop = rate // 4, rate // 50
    starts = sorted(range(0, max(1, len(values) - size + 1), hop),
                    key=lambda i: rms(values[i:i + size]), reverse=True)
    chosen: list[int] = []
    for start in starts:
        if all(abs(start - other) >= size for other in chosen):
            chosen.append(start)
            if len(chosen) == count:
                break
    return [values[i:i + size] for i in chosen]


def answered_call(caller: JsonLineProcess, listener: RecordingListener,
                  operator: Engine) -> CallInfo:
    """The citizen rings 1551 and the operator answers; the call once connected."""
    caller.wait_for("ready", EVENT_TIMEOUT_S)
    caller.send({"cmd": "call", "to": "1551", "from_number": CITIZEN})
    ringing: CallInfo = listener.wait_for("ringing")
    operator.answer(ringing.call_id)
    listener.wait_for("call", status_is(ringing.call_id, CallStatus.CONNECTED))
    return ringing


def listen(recorder: Recording, seconds: float) -> list[int]:
    """What a sink plays from now on, for `seconds` (a measurement, not a wait)."""
    start = time.monotonic()
    recorder.wait_for_audio(start, seconds, EVENT_TIMEOUT_S)
    return recorder.between(start, time.monotonic())


def wav_samples(path: Path) -> tuple[list[int], int]:
    with wave.open(str(path), "rb") as wav:
        return samples(wav.readframes(wav.getnframes())), wav.getframerate()


def test_both_directions_mute_and_hold_on_real_devices(
        tmp_path: Path, pbx: LocalPbx, pulse: PulseServer, listener: RecordingListener,
        audio_operator: Engine) -> None:
    devices = audio_operator.audio_devices()
    assert any(d.outputs for d in devices), devices
    assert any(d.inputs for d in devices), devices

    recorder = pulse.record("headset.monitor")
    voice = pulse.play_tone("micfeed", OPERATOR_VOICE_HZ, 60, tmp_path / "voice.raw")
    caller = simulator(pbx, f"--tone={CALLER_TONE_HZ}")
    try:
        ringing = answered_call(caller, listener, audio_operator)
        phases: dict[str, Path] = {}
        headset: dict[str, list[int]] = {}

        def phase(name: str) -> None:
            """Both ears keep what they heard in this phase, SEGMENT_S long."""
            phases[name] = tmp_path / f"caller-{name}.wav"
            caller.send({"cmd": "record", "path": str(phases[name])})
            caller.wait_for("recording", EVENT_TIMEOUT_S)
            start = time.monotonic()
            # The phase lasts until the headset has heard SEGMENT_S of it; the
            # citizen's recorder runs on the same clock meanwhile.
            recorder.wait_for_audio(start, SEGMENT_S, EVENT_TIMEOUT_S)
            # its first third carries the switch-over and the jitter buffer
            headset[name] = recorder.between(start + SEGMENT_S / 3, time.monotonic())

        phase("talk")

        audio_operator.set_mute(ringing.call_id, True)
        listener.wait_for("call", lambda i: i.call_id == ringing.call_id and i.muted)
        phase("muted")
        audio_operator.set_mute(ringing.call_id, False)
        listener.wait_for("call", lambda i: i.call_id == ringing.call_id and not i.muted)
        phase("unmuted")

        audio_operator.hold(ringing.call_id)
        listener.wait_for("call", status_is(ringing.call_id, CallStatus.HELD))
        phase("held")
        audio_operator.resume(ringing.call_id)
        listener.wait_for("call", status_is(ringing.call_id, CallStatus.CONNECTED))
        phase("resumed")

        audio_operator.hangup(ringing.call_id)
        listener.wait_for("ended")
        caller.wait_for("ended", EVENT_TIMEOUT_S)
    finally:
        caller.close()  # the simulator finishes its last WAV as it stops
        recorder.stop()
        voice.terminate()
        voice.wait(5)

    # The operator's headset: the citizen's 440 Hz, silence on hold, back on resume.
    for name in ("talk", "muted", "resumed"):
        assert rms(headset[name]) > SOUND_RMS, name
        assert abs(dominant_frequency(headset[name]) - CALLER_TONE_HZ) <= 10, name
    assert rms(headset["held"]) < SILENCE_RMS

    # The citizen's ear: the operator's 1 kHz, silence when muted and on hold.
    def heard(name: str) -> tuple[list[int], int]:
        """The phase in the citizen's WAV: past its first third (the switch-over and
        the jitter buffer), up to SEGMENT_S (the file runs on until the next phase's
        command, by when the next switch may be heard)."""
        values, rate = wav_samples(phases[name])
        return values[int(rate * SEGMENT_S / 3):int(rate * SEGMENT_S)], rate

    for name in ("talk", "unmuted", "resumed"):
        values, rate = heard(name)
        assert rms(values) > SOUND_RMS, name
        assert abs(dominant_frequency(values, rate) - OPERATOR_VOICE_HZ) <= 10, name
    for name in ("muted", "held"):
        assert rms(heard(name)[0]) < SILENCE_RMS, name


def test_ringtone_on_the_ring_device_and_call_waiting_in_the_headset(
        pbx: LocalPbx, pulse: PulseServer, listener: RecordingListener) -> None:
    operator = start_operator(pbx, listener, ring_device="Speakers")
    speakers = pulse.record("speakers.monitor")
    headset = pulse.record("headset.monitor")
    caller = simulator(pbx)  # silent callers: only the tones are heard
    try:
        assert "Speakers" in {d.name for d in operator.audio_devices() if d.outputs}
        caller.wait_for("ready", EVENT_TIMEOUT_S)
        caller.send({"cmd": "call", "to": "1551", "from_number": CITIZEN})
        first = listener.wait_for("ringing")
        ring_on_speakers = listen(speakers, RING_CYCLE_S)
        ring_in_headset = listen(headset, 1.0)
        operator.answer(first.call_id)
        listener.wait_for("call", status_is(first.call_id, CallStatus.CONNECTED))
        # the device stays open: what it had buffered of the ring still plays (~0.1 s)
        speakers_after_answer = listen(speakers, RING_CYCLE_S)[int(IN_FLIGHT_S * RATE):]

        # A second citizen while the first one talks: a quiet beep in the ear.
        caller.send({"cmd": "call", "to": "1551", "from_number": "+380671234567"})
        second = listener.wait_for("ringing", lambda i: i.call_id != first.call_id)
        waiting_in_headset = listen(headset, WAITING_CYCLE_S)
        speakers_while_waiting = listen(speakers, 1.0)
        operator.reject(second.call_id)
        listener.wait_for("ended", lambda s: s.call_id == second.call_id)
        headset_after_reject = listen(headset, WAITING_CYCLE_S)
        operator.hangup(first.call_id)
        listener.wait_for("ended", lambda s: s.call_id == first.call_id)
    finally:
        caller.close()
        speakers.stop()
        headset.stop()
        operator.shutdown()

    ring = loudest_quarter(ring_on_speakers)
    assert rms(ring) > SOUND_RMS
    # Both rings of the cadence are looked at: on a loaded machine one of them
    # may hold a dropout, whose phase jump moves the spectrum's peak.
    offsets = [min(abs(dominant_frequency(part) - hz) for hz in RING_FREQUENCIES)
               for part in loudest_quarters(ring_on_speakers, 2)]
    assert min(offsets) <= 10, offsets
    assert rms(ring_in_headset) < SILENCE_RMS  # the headset is for the call
    assert rms(speakers_after_answer) < SILENCE_RMS  # answered: the ringing stops

    beep = loudest_quarter(waiting_in_headset)
    assert SILENCE_RMS < rms(beep) < rms(ring)  # heard, and quieter than a ring
    # a 200 ms beep's spectrum has nulls every 5 Hz: scan on a grid that holds 425
    assert abs(dominant_frequency(beep, step=5) - WAITING_FREQUENCY) <= 5
    assert rms(speakers_while_waiting) < SILENCE_RMS  # no ringing out loud mid-call
    assert rms(headset_after_reject) < SILENCE_RMS


def test_ringtone_stops_when_the_caller_gives_up(
        pbx: LocalPbx, pulse: PulseServer, listener: RecordingListener,
        audio_operator: Engine) -> None:
    headset = pulse.record("headset.monitor")  # no ring device: it rings in the headset
    caller = simulator(pbx)
    try:
        caller.wait_for("ready", EVENT_TIMEOUT_S)
        caller.send({"cmd": "call", "to": "1551", "from_number": CITIZEN})
        ringing = listener.wait_for("ringing")
        ringing_heard = listen(headset, RING_CYCLE_S)
        caller.send({"cmd": "hangup"})
        listener.wait_for("ended", lambda s: s.call_id == ringing.call_id)
        after = listen(headset, RING_CYCLE_S)[int(IN_FLIGHT_S * RATE):]
    finally:
        caller.close()
        headset.stop()
    assert rms(loudest_quarter(ringing_heard)) > SOUND_RMS
    assert rms(after) < SILENCE_RMS


def test_headset_unplugged_mid_call_and_plugged_back(
        pbx: LocalPbx, pulse: PulseServer, listener: RecordingListener) -> None:
    operator = start_operator(pbx, listener, playback_device="Headset")
    caller = simulator(pbx, f"--tone={CALLER_TONE_HZ}")
    recorders: list[Recording] = []
    try:
        ringing = answered_call(caller, listener, operator)
        recorders.append(pulse.record("headset.monitor"))
        before = listen(recorders[-1], SEGMENT_S)

        pulse.pactl("set-default-sink", "speakers")  # where the system sends sound now
        recorders.append(pulse.record("speakers.monitor"))
        pulse.unplug("headset")
        lost = listener.wait_for("error", lambda m: "Зник" in m)
        listen(recorders[-1], SEGMENT_S / 3)  # the switch-over to the default device
        on_speakers = listen(recorders[-1], SEGMENT_S)
        assert [c.status for c in operator.calls()] == [CallStatus.CONNECTED]

        pulse.plug("headset", "Headset")
        back = listener.wait_for("error", lambda m: "знову підключено" in m)
        recorders.append(pulse.record("headset.monitor"))
        listen(recorders[-1], SEGMENT_S)  # a fresh null sink starts slowly
        after = listen(recorders[-1], SEGMENT_S)
        operator.hangup(ringing.call_id)
        summary = listener.wait_for("ended", lambda s: s.call_id == ringing.call_id)
    finally:
        caller.close()
        for recorder in recorders:
            recorder.stop()
        operator.shutdown()

    assert "«Headset»" in lost
    assert "за замовчуванням" in lost
    assert "«Headset»" in back
    for name, heard in (("before", before), ("on speakers", on_speakers), ("after", after)):
        assert rms(heard) > SOUND_RMS, name
        assert abs(dominant_frequency(loudest_quarter(heard)) - CALLER_TONE_HZ) <= 10, name
    assert summary.end_code == 200  # the call went on and ended normally


def test_console_lists_the_sound_devices(pulse: PulseServer) -> None:
    listed = subprocess.run(
        [sys.executable, "-m", "operator_app.telephony", "--list-audio"],
        capture_output=True, text=True, timeout=30, check=True, env=pulse.env)
    devices = [json.loads(line) for line in listed.stdout.splitlines() if line.strip()]
    assert devices
    assert {d["event"] for d in devices} == {"audio_device"}
    assert any(d["inputs"] for d in devices)
    assert any(d["outputs"] for d in devices)


def test_console_without_an_account_says_what_is_missing() -> None:
    result = subprocess.run([sys.executable, "-m", "operator_app.telephony"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "--registrar" in result.stderr


def test_settings_play_a_test_tone_where_chosen_and_show_the_microphone_level(
        qtbot: QtBot, tmp_path: Path, pbx: LocalPbx, pulse: PulseServer) -> None:
    """The settings dialog with the running phone: the test tone sounds on the
    device picked (saved or not), and the level bar follows the microphone."""
    phone = Phone()
    with qtbot.waitSignal(phone.sig_registration_changed, timeout=10_000,
                          check_params_cb=lambda s: s.status is RegistrationStatus.REGISTERED):
        phone.start(SipConfig(registrar=pbx.registrar_uri, user="op1004",
                              password=pbx.users["op1004"], null_audio=False))
    speakers = pulse.record("speakers.monitor")
    headset = pulse.record("headset.monitor")
    voice: subprocess.Popen[bytes] | None = None
    try:
        devices = phone.audio_devices()
        dialog = SettingsDialog(
            AppConfig(data_dir=tmp_path), sound_check=phone,
            audio_devices=([d.name for d in devices if d.inputs],
                           [d.name for d in devices if d.outputs]))
        qtbot.addWidget(dialog)
        dialog.ring_box.setCurrentText("Speakers")
        start = time.monotonic()
        dialog.ring_test_button.click()
        speakers.wait_for_audio(start, TEST_TONE_MS / 1000, EVENT_TIMEOUT_S)
        tone = speakers.between(start, time.monotonic())
        in_headset = headset.between(start, time.monotonic())

        qtbot.waitUntil(lambda: dialog.mic_timer.isActive(), timeout=5000)
        quiet_level = dialog.mic_level_bar.value()
        voice = pulse.play_tone("micfeed", OPERATOR_VOICE_HZ, 30, tmp_path / "voice.raw")
        qtbot.waitUntil(lambda: dialog.mic_level_bar.value() > quiet_level + 10,
                        timeout=10_000)
        dialog.reject()
        qtbot.waitUntil(lambda: not dialog.mic_timer.isActive(), timeout=5000)
    finally:
        if voice is not None:
            voice.terminate()
            voice.wait(5)
        speakers.stop()
        headset.stop()
        phone.shutdown()

    chord = loudest_quarter(tone)
    assert rms(chord) > SOUND_RMS
    assert min(abs(dominant_frequency(chord, step=5) - hz)
               for hz in TEST_TONE_FREQUENCIES) <= 5
    assert rms(in_headset) < SILENCE_RMS  # only the chosen device plays it
