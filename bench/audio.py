"""Audio benchmark: the operator engine's sound path against a bare pjsua2 operator.

    python bench/audio.py [--seconds 60] [--rounds 8] [--bursts 4]

Starts a private PulseAudio (tests/fixtures/pulse.py: null sinks `headset`, whose
monitor is what the operator hears, and `micfeed`, whose monitor is the
operator's microphone) and a private Kamailio (LocalPbx) on loopback. Two
operators register (own AoR and the 1551 ring group), each in its own process,
both on ALSA's `pulse` device with the echo canceller off (a steady tone is what
a canceller's noise suppressor removes): the engine (this file run with --role
engine: Engine, SipConfig, answer; public API only) and a bare pjsua2 operator
(--role bare: Endpoint, Account, Call, answer, microphone -> call -> headset,
pjsua2's defaults otherwise). The citizen (--role citizen) is a pjsua2 phone on
the null device offering G.711 A-law only, whose microphone and ear are
AudioMediaPorts: each frame it sends or hears is stamped with time.monotonic()
on its media clock. The parent stamps parec's chunks of both monitors on the
same clock (CLOCK_MONOTONIC is one clock for every process).

  (0) the sound device alone: bare pjsua2, no call, a Voice wired straight to
      the device (--role device): where the latency below comes from;
  (a) latency: --rounds x (engine call, bare call), the order alternating, each
      call carrying --bursts tone bursts each way at once. Citizen -> operator:
      1 kHz bursts from the citizen, onsets in headset.monitor; operator ->
      citizen: 800 Hz bursts played into micfeed, onsets in micfeed.monitor and
      in what the citizen heard. The citizen is an ideal phone: a frame its
      conference took at T was spoken over the 20 ms before T, a frame that
      arrived at T is heard from T on. Medians over all bursts;
  (b) a --seconds call with a continuous 1 kHz tone each way, for the engine,
      then for the bare operator: gaps in the tone at the operator's headset
      (dropouts; also counted in what the citizen heard), and the operator
      process's CPU over the call (/proc/PID/stat utime+stime of the whole
      process: pjsua2's threads, the ALSA/PulseAudio client, Python).

Prints figures, then one JSON line. Targets: latency ratio engine/bare (both
ways added) <= 1.1, 0 dropouts in 60 s, one call <= 5 % of a core; G.114's
150 ms one-way budget for context.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import gc
import itertools
import json
import math
import os
import queue
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kc1551_demo.local_pbx import LocalPbx
from operator_app.telephony.audio import SOUND_CAPTURE_LATENCY_MS, SOUND_PLAYBACK_LATENCY_MS
from operator_app.telephony.config import PASSWORD_ENV
from operator_app.telephony.jsonl_process import Event, JsonLineProcess
from tests.fixtures.pulse import RATE, PulseServer, Recording, private_pulse, samples

USERS = {"op1001": "bench-op1001", "op1002": "bench-op1002", "trunk": "bench-trunk"}
ENGINE_USER, BARE_USER, CITIZEN_USER = "op1001", "op1002", "trunk"
SOUND_DEVICE = "pulse"  # ALSA's PulseAudio plugin, as the settings dialog lists it
CITIZEN_RATE = 8000  # the citizen's conference bridge, as the line simulator's
FRAME_S = 0.020  # pjsua's audio frame (audioFramePtime's default)
IN_HZ = 1000  # citizen -> operator
OUT_HZ = 800  # operator -> citizen
AMPLITUDE = 0.5  # of full scale
BURST_S = 0.16  # 8 frames
BURST_PERIOD_S = 1.0  # longer than any sane latency: each onset pairs with one burst
MAX_LATENCY_S = 0.8
ONSET_LEVEL = 0.5  # of the burst's own plateau (moving RMS over one period)
GAP_WINDOW_S = 0.002  # dropout windows: 2 ms, two periods of the 1 kHz tone
GAP_LEVEL = 0.3  # a window below 30 % of the tone's median level is a gap
SETTLE_S = 1.0  # after answering: sound devices open, jitter buffers fill
EVENT_TIMEOUT_S = 15.0


# == the processes this bench starts ==========================================
class Emitter:
    """JSON lines on the real stdout (t = time.monotonic()); C chatter goes to stderr."""

    def __init__(self) -> None:
        sys.stdout.flush()
        self._out: TextIO = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
        os.dup2(2, 1)  # pjsip and ALSA print to fd 1
        self._lock = threading.Lock()

    def __call__(self, event: str, **fields: Any) -> None:
        with self._lock:
            self._out.write(json.dumps({"event": event, "t": time.monotonic(), **fields}) + "\n")


def read_commands() -> queue.SimpleQueue[dict[str, Any] | None]:
    """stdin's JSON commands on a queue; None when the parent has gone (EOF)."""
    commands: queue.SimpleQueue[dict[str, Any] | None] = queue.SimpleQueue()

    def read() -> None:
        for line in sys.stdin:
            if line.strip():
                commands.put(json.loads(line))
        commands.put(None)

    threading.Thread(target=read, daemon=True, name="stdin").start()
    return commands


def pj_endpoint(pj: Any, clock_rate: int = 0) -> Any:
    """A pjsua2 Endpoint as both bare scripts make it: no worker threads, no log,
    no VAD, no echo canceller and the engine's sound-device latencies (the engine's
    settings with echo_cancellation=False), so the ratio is the engine's own cost."""
    endpoint = pj.Endpoint()
    endpoint.libCreate()
    config = pj.EpConfig()
    config.uaConfig.threadCnt = 0
    config.uaConfig.mainThreadOnly = False
    config.logConfig.consoleLevel = config.logConfig.level = int(
        os.environ.get("BENCH_PJ_LOG", "0"))
    config.medConfig.noVad = True
    config.medConfig.ecTailLen = 0
    config.medConfig.sndRecLatency = SOUND_CAPTURE_LATENCY_MS
    config.medConfig.sndPlayLatency = SOUND_PLAYBACK_LATENCY_MS
    if clock_rate:
        config.medConfig.clockRate = config.medConfig.sndClockRate = clock_rate
    endpoint.libInit(config)
    transport = pj.TransportConfig()
    transport.boundAddress = "127.0.0.1"
    endpoint.transportCreate(pj.PJSIP_TRANSPORT_UDP, transport)
    endpoint.libStart()
    return endpoint


def account_config(pj: Any, registrar: str, aor: str, user: str, password: str,
                   proxy: bool = False) -> Any:
    domain = registrar.removeprefix("sip:").rsplit(":", 1)[0]
    config = pj.AccountConfig()
    config.idUri = f"sip:{aor}@{domain}"
    config.regConfig.registrarUri = registrar
    if proxy:
        config.sipConfig.proxies.append(f"{registrar};lr")
    config.sipConfig.authCreds.append(pj.AuthCredInfo("digest", "*", user, 0, password))
    config.mediaConfig.transportConfig.boundAddress = "127.0.0.1"
    return config


def audio_index(pj: Any, call: Any) -> int | None:
    info = call.getInfo()  # kept referenced while its media vector is read (SWIG)
    for index, media in enumerate(info.media):
        if media.type == pj.PJMEDIA_TYPE_AUDIO and media.status == pj.PJSUA_CALL_MEDIA_ACTIVE:
            return index
    return None


def run_engine(registrar: str, user: str, password: str) -> int:
    """The operator engine, through its public API only, answering every call."""
    from operator_app.telephony.config import SipConfig
    from operator_app.telephony.engine import Engine
    from operator_app.telephony.models import (
        CallInfo,
        CallStatus,
        CallSummary,
        MediaStats,
        RegistrationState,
    )

    emit = Emitter()
    engine: Engine | None = None

    class Listener:
        def on_registration(self, state: RegistrationState) -> None:
            emit("registration", account=state.account, status=state.status.value)

        def on_ringing(self, info: CallInfo) -> None:
            emit("incoming", call=info.call_id)
            assert engine is not None
            engine.answer(info.call_id)

        def on_call_changed(self, info: CallInfo) -> None:
            if info.status is CallStatus.CONNECTED:
                emit("connected", call=info.call_id)

        def on_call_ended(self, summary: CallSummary) -> None:
            emit("ended")

        def on_media_stats(self, stats: MediaStats) -> None:
            emit("stats", jitter_ms=stats.jitter_ms, loss_pct=stats.loss_pct)

        def on_options_rtt(self, rtt_ms: float) -> None:
            pass

        def on_error(self, message: str) -> None:
            emit("error", message=message)

    engine = Engine(Listener())
    engine.start(SipConfig(registrar=registrar, user=user, password=password, ready=True,
                           capture_device=SOUND_DEVICE, playback_device=SOUND_DEVICE,
                           echo_cancellation=False))
    commands = read_commands()
    while (command := commands.get()) is not None and command.get("cmd") != "quit":
        pass
    engine.shutdown()
    return 0


def run_bare(registrar: str, user: str, password: str) -> int:
    """A minimal pjsua2 operator: register (own AoR and the 1551 ring group, as the
    engine), answer every call, microphone -> call -> headset."""
    import pjsua2 as pj

    emit = Emitter()
    endpoint = pj_endpoint(pj)
    manager = endpoint.audDevManager()
    names = [device.name for device in manager.enumDev2()]
    manager.setCaptureDev(names.index(SOUND_DEVICE))
    manager.setPlaybackDev(names.index(SOUND_DEVICE))
    emit("version", pjsua2=endpoint.libVersion().full)
    calls: list[Any] = []
    ended: list[Any] = []

    class Call(pj.Call):  # type: ignore[misc]  # pjsua2 has no stubs
        def onCallState(self, prm: Any) -> None:  # noqa: N802 - pjsua2 callback
            state = self.getInfo().state
            if state == pj.PJSIP_INV_STATE_CONFIRMED:
                emit("connected")
            elif state == pj.PJSIP_INV_STATE_DISCONNECTED:
                emit("ended")
                ended.append(self)

        def onCallMediaState(self, prm: Any) -> None:  # noqa: N802 - pjsua2 callback
            index = audio_index(pj, self)
            if index is not None:
                audio = self.getAudioMedia(index)
                manager.getCaptureDevMedia().startTransmit(audio)
                audio.startTransmit(manager.getPlaybackDevMedia())

    class Account(pj.Account):  # type: ignore[misc]
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

        def onRegState(self, prm: Any) -> None:  # noqa: N802 - pjsua2 callback
            emit("registration", account=self.name,
                 status="registered" if prm.code == 200 else f"failed {prm.code}")

        def onIncomingCall(self, prm: Any) -> None:  # noqa: N802 - pjsua2 callback
            call = Call(self, prm.callId)
            calls.append(call)
            emit("incoming")
            answer = pj.CallOpParam()
            answer.statusCode = 200
            call.answer(answer)

    accounts = []
    for name, aor in (("operator", user), ("queue", "1551")):
        account = Account(name)
        account.create(account_config(pj, registrar, aor, user, password))
        accounts.append(account)

    def release_ended() -> None:
        for call in ended:
            calls.remove(call)
        ended.clear()

    pump(endpoint, lambda command: None, release_ended)
    calls.clear()
    accounts.clear()
    gc.collect()
    endpoint.libDestroy()
    return 0


def tone_frame(hz: float, rate: int, count: int) -> bytes:
    """`count` samples of a sine starting at phase 0 (a whole number of periods)."""
    scale = AMPLITUDE * 32767
    return struct.pack(f"<{count}h", *(round(scale * math.sin(2 * math.pi * hz * n / rate))
                                       for n in range(count)))


class Voice:
    """A microphone and an ear as two conference ports, called frame by frame on
    pjmedia's clock thread: `mouth` says silence, a tone or bursts and keeps the
    time each burst's first frame was taken; `ear` keeps every frame it gets with
    the time it arrived. Commands: speak, hear, save."""

    def __init__(self, pj: Any, rate: int, emit: Emitter) -> None:
        self.rate, self.frame = rate, int(rate * FRAME_S)
        assert self.frame % (rate // IN_HZ) == 0  # every tone frame starts at phase 0
        self.emit = emit
        self.lock = threading.Lock()
        self.silence = pj.ByteVector(bytes(2 * self.frame))
        self.tone = pj.ByteVector(tone_frame(IN_HZ, rate, self.frame))
        self.mode = "silence"
        self.position = 0  # frames into the burst schedule
        self.count = self.period = self.length = 0
        self.burst_times: list[float] = []
        self.hearing = False
        self.heard: list[tuple[float, bytes]] = []
        voice = self
        audio_format = pj.MediaFormatAudio()
        audio_format.init(pj.PJMEDIA_FORMAT_L16, rate, 1, int(FRAME_S * 1e6), 16)

        class Mouth(pj.AudioMediaPort):  # type: ignore[misc]  # pjsua2 has no stubs
            def onFrameRequested(self, frame: Any) -> None:  # noqa: N802 - pjsua2 callback
                frame.buf = voice.speak(time.monotonic())
                frame.size = 2 * voice.frame
                frame.type = pj.PJMEDIA_FRAME_TYPE_AUDIO

        class Ear(pj.AudioMediaPort):  # type: ignore[misc]
            def onFrameReceived(self, frame: Any) -> None:  # noqa: N802 - pjsua2 callback
                now = time.monotonic()
                voice.hear(now, bytes(frame.buf) if frame.type == pj.PJMEDIA_FRAME_TYPE_AUDIO
                           else b"")

        self.mouth, self.ear = Mouth(), Ear()
        self.mouth.createPort("bench-mouth", audio_format)
        self.ear.createPort("bench-ear", audio_format)

    def speak(self, now: float) -> Any:
        with self.lock:
            if self.mode == "tone":
                return self.tone
            if self.mode != "bursts":
                return self.silence
            burst, frame = divmod(self.position, self.period)
            self.position += 1
            if burst >= self.count:
                self.mode = "silence"
                return self.silence
            if frame == 0:
                self.burst_times.append(now)
            return self.tone if frame < self.length else self.silence

    def hear(self, now: float, data: bytes) -> None:
        with self.lock:
            if self.hearing:
                self.heard.append((now, data))

    def handle(self, command: dict[str, Any]) -> None:
        name = command.get("cmd")
        if name == "speak":
            with self.lock:
                self.mode = command["mode"]
                self.position = 0
                self.count = int(command.get("count", 0))
                self.period = int(command.get("period_frames", 1))
                self.length = int(command.get("burst_frames", 0))
                self.burst_times = []
        elif name == "hear":
            with self.lock:
                self.hearing, self.heard = True, []
        elif name == "save":  # what was heard since "hear", and the bursts said
            with self.lock:
                self.hearing = False
                heard, bursts = self.heard, self.burst_times
                self.heard = []
            path = Path(command["path"])
            path.write_bytes(b"".join(data for _, data in heard))
            path.with_suffix(".json").write_text(json.dumps(
                {"rate": self.rate, "frame": self.frame, "times": [at for at, _ in heard],
                 "sizes": [len(data) for _, data in heard]}))
            self.emit("saved", path=str(path), frames=len(heard), bursts=bursts)


def pump(endpoint: Any, handle: Callable[[dict[str, Any]], None],
         each_turn: Callable[[], None] = lambda: None) -> None:
    """The pjsua2 loop of the bare scripts: events, then stdin's commands, until quit.

    The cycle collector runs here only (pjsua2 objects must die on this thread), and
    on young objects only: a full pass over pjsua2's thousands of objects holds the
    GIL ~40 ms, and a Voice's callbacks on the media clock would wait for it. The
    full pass comes at the end, before libDestroy."""
    commands = read_commands()
    gc.disable()
    gc.freeze()  # what start-up made stays out of every pass
    last_gc = time.monotonic()
    try:
        while True:
            endpoint.libHandleEvents(10)
            each_turn()
            with contextlib.suppress(queue.Empty):
                while True:
                    command = commands.get_nowait()
                    if command is None or command.get("cmd") == "quit":
                        return
                    handle(command)
            if time.monotonic() - last_gc > 1.0:
                gc.collect(1)
                last_gc = time.monotonic()
    finally:
        gc.unfreeze()  # the caller's full pass, before libDestroy, sees everything again


def run_citizen(registrar: str, user: str, password: str) -> int:
    """The citizen's phone: calls an operator, says and hears through a Voice. On
    the null sound device, like the line simulator; a frame leaves it the moment
    the conference takes it and is heard the moment it arrives (an ideal phone)."""
    import pjsua2 as pj

    emit = Emitter()  # first: pjlib prints as it starts
    endpoint = pj_endpoint(pj, CITIZEN_RATE)
    try:
        citizen_session(pj, endpoint, emit, registrar, user, password)
    finally:
        gc.collect()  # the session's pjsua2 objects die here, before the library
        endpoint.libDestroy()
    return 0


def citizen_session(pj: Any, endpoint: Any, emit: Emitter, registrar: str, user: str,
                    password: str) -> None:
    manager = endpoint.audDevManager()
    manager.setNullDev()
    # G.711 A-law only, as the city's telephone network talks: a waveform codec
    # passes a tone as it is (speex, pjsua's first choice, warbles a sine by -10 dB)
    for codec in endpoint.codecEnum2():
        endpoint.codecSetPriority(codec.codecId, 255 if codec.codecId.startswith("PCMA/") else 0)
    voice = Voice(pj, CITIZEN_RATE, emit)
    calls: dict[str, Any] = {}
    ended: list[Any] = []

    class Call(pj.Call):  # type: ignore[misc]
        def onCallState(self, prm: Any) -> None:  # noqa: N802 - pjsua2 callback
            state = self.getInfo().state
            if state == pj.PJSIP_INV_STATE_CONFIRMED:
                emit("connected")
            elif state == pj.PJSIP_INV_STATE_DISCONNECTED:
                emit("ended")
                ended.append(self)

        def onCallMediaState(self, prm: Any) -> None:  # noqa: N802 - pjsua2 callback
            index = audio_index(pj, self)
            if index is None:
                return
            audio = self.getAudioMedia(index)
            voice.mouth.startTransmit(audio)
            audio.startTransmit(voice.ear)
            # the null device's port keeps the conference clock running
            audio.startTransmit(manager.getPlaybackDevMedia())
            stream = self.getStreamInfo(index)
            emit("media", codec=stream.codecName, codec_rate=stream.codecClockRate)

    class Account(pj.Account):  # type: ignore[misc]
        def onRegState(self, prm: Any) -> None:  # noqa: N802 - pjsua2 callback
            emit("registration", status="registered" if prm.code == 200 else f"failed {prm.code}")

    account = Account()
    account.create(account_config(pj, registrar, user, user, password, proxy=True))
    domain = registrar.removeprefix("sip:").rsplit(":", 1)[0]

    def handle(command: dict[str, Any]) -> None:
        name = command.get("cmd")
        if name == "call":
            call = Call(account)
            calls["current"] = call
            call.makeCall(f"sip:{command['to']}@{domain}", pj.CallOpParam(True))
        elif name == "hangup":
            call = calls.pop("current", None)
            if call is not None:
                call.hangup(pj.CallOpParam(True))
        else:
            voice.handle(command)

    pump(endpoint, handle, ended.clear)
    for call in calls.values():
        with contextlib.suppress(pj.Error):
            call.hangup(pj.CallOpParam(True))
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:
        endpoint.libHandleEvents(10)
    calls.clear()
    ended.clear()


def run_device(registrar: str, user: str, password: str) -> int:
    """No call at all: bare pjsua2 (the operators' settings) with a Voice wired
    straight to the sound device, mouth -> headset and microphone -> ear. What
    pjmedia's sound-device path alone costs, for the breakdown."""
    import pjsua2 as pj

    emit = Emitter()
    endpoint = pj_endpoint(pj)
    try:
        manager = endpoint.audDevManager()
        names = [device.name for device in manager.enumDev2()]
        manager.setCaptureDev(names.index(SOUND_DEVICE))
        manager.setPlaybackDev(names.index(SOUND_DEVICE))
        voices = [Voice(pj, pj.EpConfig().medConfig.clockRate, emit)]  # pjsua's default
        manager.getCaptureDevMedia().startTransmit(voices[0].ear)
        voices[0].mouth.startTransmit(manager.getPlaybackDevMedia())
        emit("ready")
        pump(endpoint, voices[0].handle)
        voices.clear()
    finally:
        gc.collect()  # the Voice's ports die here, before the library
        endpoint.libDestroy()
    return 0


# == measuring =================================================================
@dataclass
class Operator:
    """One operator process: the engine or the bare pjsua2 script."""

    name: str
    user: str
    process: JsonLineProcess
    latency_in_ms: list[float] = field(default_factory=list)
    latency_out_ms: list[float] = field(default_factory=list)


def operator_command(role: str, pbx: LocalPbx, user: str) -> list[str]:
    # the password goes in the environment (PASSWORD_ENV): ps shows command lines
    return [sys.executable, __file__, "--role", role, "--registrar", pbx.registrar_uri,
            "--user", user]


def wait_registered(process: JsonLineProcess, accounts: set[str]) -> None:
    left = set(accounts)
    while left:
        event = process.wait_for("registration", EVENT_TIMEOUT_S)
        if "failed" in str(event.get("status")):
            raise RuntimeError(f"registration failed: {event}")
        if event.get("status") == "registered":
            left.discard(event.get("account", ""))


def cpu_seconds(pid: int) -> float:
    """utime + stime of the whole process (every thread), from /proc/PID/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class SampleClock:
    """When each sample of a PulseAudio recording was delivered, on time.monotonic().

    parec's chunks are stamped as they arrive; a late reader only makes a stamp
    later, never earlier, so the earliest (arrival - samples so far / rate) over
    the chunks around a window anchors the sample clock there (it stays within
    0.05 ms over a minute here). A null sink hands audio on in blocks (5 ms
    here), so a time is known within one block."""

    def __init__(self, recording: Recording) -> None:
        self.chunks = recording.stamped()
        self.ends: list[int] = []  # sample index after each chunk
        total = 0
        for _, chunk in self.chunks:
            total += len(chunk) // 2
            self.ends.append(total)

    def window(self, start: float, end: float) -> tuple[list[int], float]:
        """The samples delivered in [start, end) and the time of the first one."""
        near = [i for i, (at, _) in enumerate(self.chunks) if start - 3 <= at <= end + 3]
        if not near:
            raise RuntimeError(f"no recorded audio between {start:.3f} and {end:.3f}")
        # sample n was delivered at t0 + (n + 1) / RATE
        t0 = min(self.chunks[i][0] - self.ends[i] / RATE for i in near)
        first = max(0, math.ceil((start - t0) * RATE) - 1)
        last = min(self.ends[-1], math.ceil((end - t0) * RATE) - 1)
        low = bisect.bisect_right(self.ends, first)
        high = bisect.bisect_left(self.ends, last) + 1
        base = self.ends[low - 1] if low else 0
        values = samples(b"".join(chunk for _, chunk in self.chunks[low:high]))
        return values[first - base:last - base], t0 + (first + 1) / RATE


def moving_rms(values: list[int], width: int) -> list[float]:
    """RMS over the `width` samples ending at each index (0 before the first full one)."""
    total, squares, out = 0, [v * v for v in values], [0.0] * len(values)
    for index, square in enumerate(squares):
        total += square
        if index >= width:
            total -= squares[index - width]
        if index >= width - 1:
            out[index] = math.sqrt(max(total, 0) / width)
    return out


def onsets(values: list[int], rate: int, hz: int) -> list[int]:
    """Indices where each tone burst starts: the moving RMS over one period first
    reaches ONSET_LEVEL of that burst's plateau (measured over its first half)."""
    width = rate // hz
    level = moving_rms(values, width)
    peak = max(level, default=0.0)
    if peak < 300:  # s16 units: nothing but silence and codec noise
        return []
    found, index, burst = [], 0, int(BURST_S * rate)
    while index < len(level):
        if level[index] < 0.25 * peak:
            index += 1
            continue
        plateau = statistics.median(level[index + width:index + burst // 2] or [level[index]])
        start = max(0, index - 2 * width)
        while start < len(level) - 1 and level[start] < ONSET_LEVEL * plateau:
            start += 1
        found.append(start)
        index += int(0.6 * BURST_PERIOD_S * rate)  # past this burst
    return found


def detector_lead_s(rate: int, hz: int) -> float:
    """How long after a clean burst's first sample `onsets` reports it."""
    clean = [0] * (rate // 10) + samples(tone_frame(hz, rate, int(BURST_S * rate)))
    return (onsets(clean, rate, hz)[0] - rate // 10) / rate


def pair(said: list[float], heard: list[float]) -> tuple[list[float], int]:
    """Latency of each burst said (the first onset heard after it, within
    MAX_LATENCY_S), and how many were never heard."""
    latencies, missed = [], 0
    for at in said:
        later = [t for t in heard if 0 < t - at < MAX_LATENCY_S]
        if later:
            latencies.append(later[0] - at)
        else:
            missed += 1
    return latencies, missed


def heard_file(path: Path) -> tuple[list[int], list[float], int]:
    """What a Voice heard: its samples, the time of each (a frame is played from
    the moment it arrived: an ideal sound card) and the rate."""
    meta = json.loads(path.with_suffix(".json").read_text())
    raw = path.read_bytes()
    values: list[int] = []
    times: list[float] = []
    offset, rate = 0, int(meta["rate"])
    for at, size in zip(meta["times"], meta["sizes"], strict=True):
        frame = samples(raw[offset:offset + size]) if size else [0] * int(meta["frame"])
        offset += size
        values.extend(frame)
        times.extend(at + n / rate for n in range(len(frame)))
    return values, times, rate


def gaps(values: list[int], rate: int) -> tuple[int, float, float]:
    """Dropouts in a continuous tone: runs of 2 ms windows below GAP_LEVEL of its
    median level. Returns (count, total ms, longest ms)."""
    width = int(GAP_WINDOW_S * rate)
    levels = [math.sqrt(sum(v * v for v in values[i:i + width]) / width)
              for i in range(0, len(values) - width + 1, width)]
    if not levels:
        return 0, 0.0, 0.0
    floor = GAP_LEVEL * statistics.median(levels)
    runs: list[int] = []
    run = 0
    for level in [*levels, floor + 1]:
        if level < floor:
            run += 1
        elif run:
            runs.append(run)
            run = 0
    ms = 1000 * GAP_WINDOW_S
    return len(runs), round(sum(runs) * ms, 1), round(max(runs, default=0) * ms, 1)


def burst_pattern(count: int, lead_s: float) -> bytes:
    """What the operator says into micfeed: OUT_HZ bursts every BURST_PERIOD_S."""
    burst = tone_frame(OUT_HZ, RATE, int(BURST_S * RATE))
    gap = bytes(2 * (int(BURST_PERIOD_S * RATE) - int(BURST_S * RATE)))
    return bytes(2 * int(lead_s * RATE)) + (burst + gap) * count


@dataclass
class Bench:
    args: argparse.Namespace
    pulse: PulseServer
    citizen: JsonLineProcess
    headset: Recording
    microphone: Recording
    workdir: Path
    players: list[subprocess.Popen[bytes]] = field(default_factory=list)
    missed_bursts: dict[str, int] = field(default_factory=dict)

    def play(self, sink: str, data: bytes, name: str) -> subprocess.Popen[bytes]:
        path = self.workdir / name
        path.write_bytes(data)
        player = subprocess.Popen(
            ["pacat", "--playback", "-d", sink, f"--rate={RATE}", "--channels=1",
             "--format=s16le", "--raw", "--latency-msec=20", str(path)], env=self.pulse.env)
        self.players.append(player)
        return player

    def stop_players(self) -> None:
        for player in self.players:
            if player.poll() is None:
                player.terminate()
            player.wait(5)
        self.players.clear()

    @contextlib.contextmanager
    def call(self, operator: Operator) -> Iterator[Event]:
        """A connected call from the citizen to this operator, hung up afterwards."""
        self.citizen.drain()
        operator.process.drain()
        self.citizen.send({"cmd": "call", "to": operator.user})
        operator.process.wait_for("connected", EVENT_TIMEOUT_S)
        self.citizen.wait_for("connected", EVENT_TIMEOUT_S)
        media = self.citizen.wait_for("media", EVENT_TIMEOUT_S)
        try:
            time.sleep(SETTLE_S)  # a measurement starts once the sound path is up
            yield media
        finally:
            self.stop_players()
            self.citizen.send({"cmd": "speak", "mode": "silence"})
            self.citizen.send({"cmd": "hangup"})
            self.citizen.wait_for("ended", EVENT_TIMEOUT_S)
            operator.process.wait_for("ended", EVENT_TIMEOUT_S)

    def exchange(self, voice: JsonLineProcess, name: str) -> tuple[list[float], list[float]]:
        """--bursts each way at once: the Voice says IN_HZ bursts (to the operator's
        headset), micfeed says OUT_HZ bursts (to the Voice's ear). The latency of
        each burst heard, in ms, both ways."""
        bursts = self.args.bursts
        voice.send({"cmd": "hear"})
        started = time.monotonic()
        voice.send({"cmd": "speak", "mode": "bursts", "count": bursts,
                    "period_frames": round(BURST_PERIOD_S / FRAME_S),
                    "burst_frames": round(BURST_S / FRAME_S)})
        self.play("micfeed", burst_pattern(bursts, BURST_PERIOD_S / 2), "bursts.raw")
        time.sleep(bursts * BURST_PERIOD_S + 1.0)  # the bursts and the last one's way
        ended = time.monotonic()
        path = self.workdir / f"heard-{name}.raw"
        voice.send({"cmd": "save", "path": str(path)})
        saved = voice.wait_for("saved", EVENT_TIMEOUT_S)
        time.sleep(0.2)  # the last chunks' way out of parec
        values, times, rate = heard_file(path)
        # towards the headset: the Voice's burst frames, taken by its conference at T
        lead = detector_lead_s(rate, IN_HZ)
        said = [at + lead for at in saved["bursts"]]
        heard_values, first = SampleClock(self.headset).window(started, ended)
        heard = [first + n / RATE for n in onsets(heard_values, RATE, IN_HZ)]
        towards_headset, missed = pair(said, heard)
        # from the microphone: onsets at micfeed's monitor, heard by the Voice
        mic_values, first = SampleClock(self.microphone).window(started, ended)
        said = [first + n / RATE for n in onsets(mic_values, RATE, OUT_HZ)]
        heard = [times[n] for n in onsets(values, rate, OUT_HZ)]
        from_microphone, missed_out = pair(said, heard)
        missed += missed_out + max(0, bursts - len(said))
        if missed:
            print(f"  {name}: {missed} bursts not heard")
        self.missed_bursts[name] = self.missed_bursts.get(name, 0) + missed
        return [1000 * s for s in towards_headset], [1000 * s for s in from_microphone]

    def latency_call(self, operator: Operator) -> str:
        with self.call(operator) as media:
            towards_operator, towards_citizen = self.exchange(self.citizen, operator.name)
        # the citizen is an ideal phone: a 20 ms frame its conference took at T was
        # spoken over the 20 ms before T (a real phone's frame waits as long)
        operator.latency_in_ms += [ms + 1000 * FRAME_S for ms in towards_operator]
        operator.latency_out_ms += towards_citizen
        print(f"  {operator.name}: in {fmt(operator.latency_in_ms[-self.args.bursts:])} ms, "
              f"out {fmt(towards_citizen)} ms")
        return str(media["codec"])

    def long_call(self, operator: Operator, pulse_pid: int | None) -> dict[str, Any]:
        seconds = self.args.seconds
        with self.call(operator):
            self.citizen.send({"cmd": "speak", "mode": "tone"})
            self.play("micfeed", tone_frame(IN_HZ, RATE, int((seconds + SETTLE_S + 3) * RATE)),
                      "tone.raw")
            time.sleep(SETTLE_S)  # the tone's own way to both ears
            self.citizen.send({"cmd": "hear"})
            cpu = cpu_seconds(operator.process.pid)
            pulse_cpu = cpu_seconds(pulse_pid) if pulse_pid else 0.0
            started = time.monotonic()
            time.sleep(seconds)  # the call itself is the measurement
            ended = time.monotonic()
            cpu = cpu_seconds(operator.process.pid) - cpu
            pulse_cpu = (cpu_seconds(pulse_pid) - pulse_cpu) if pulse_pid else 0.0
            path = self.workdir / f"tone-{operator.name}.raw"
            self.citizen.send({"cmd": "save", "path": str(path)})
            self.citizen.wait_for("saved", EVENT_TIMEOUT_S)
        time.sleep(0.2)
        values, _ = SampleClock(self.headset).window(started, ended)
        heard_out, _, rate = heard_file(path)
        # the citizen's own hiccups: a late media clock there is not the operator's fault
        ticks = json.loads(path.with_suffix(".json").read_text())["times"]
        late = sum(1 for a, b in itertools.pairwise(ticks) if b - a > 1.5 * FRAME_S)
        count, lost_ms, longest_ms = gaps(values, RATE)
        count_out, lost_out_ms, longest_out_ms = gaps(heard_out, rate)
        wall = ended - started
        return {"dropouts": count, "dropped_ms": lost_ms, "longest_dropout_ms": longest_ms,
                "heard_s": round(len(values) / RATE, 2),
                "dropouts_citizen": count_out, "dropped_citizen_ms": lost_out_ms,
                "longest_dropout_citizen_ms": longest_out_ms, "citizen_late_frames": late,
                "cpu_percent": round(100 * cpu / wall, 2),
                "pulseaudio_cpu_percent": round(100 * pulse_cpu / wall, 2)}


def fmt(values: list[float]) -> str:
    if not values:
        return "-"
    return f"median {statistics.median(values):.1f} (min {min(values):.1f}, max {max(values):.1f})"


def median_ms(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def pulse_daemon_pid(pulse: PulseServer) -> int | None:
    path = Path(pulse.env["XDG_RUNTIME_DIR"]) / "pulse" / "pid"
    with contextlib.suppress(OSError, ValueError):
        return int(path.read_text().split()[0])
    return None


def run(args: argparse.Namespace) -> dict[str, Any]:
    results: dict[str, Any] = {"seconds": args.seconds, "bursts": args.bursts,
                               "rounds": args.rounds}
    with contextlib.ExitStack() as stack:  # stops everything started, also on an error
        pulse = stack.enter_context(private_pulse())
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-audio-")))
        pbx = LocalPbx()
        stack.callback(pbx.stop)
        pbx.start(USERS)
        headset = pulse.record("headset.monitor")
        stack.callback(headset.stop)
        microphone = pulse.record("micfeed.monitor")
        stack.callback(microphone.stop)
        env = {"PULSE_SERVER": pulse.env["PULSE_SERVER"]}

        def start(role: str, user: str) -> JsonLineProcess:
            process = JsonLineProcess(operator_command(role, pbx, user),
                                      env={**env, PASSWORD_ENV: pbx.users[user]})
            stack.callback(process.close)
            return process

        citizen = start("citizen", CITIZEN_USER)
        bench = Bench(args, pulse, citizen, headset, microphone, workdir)
        stack.callback(bench.stop_players)
        # the sound device alone first, while no operator is up to share it
        device = start("device", CITIZEN_USER)
        device.wait_for("ready", EVENT_TIMEOUT_S)
        time.sleep(SETTLE_S)
        playback, capture = bench.exchange(device, "device")
        device.close()
        results["device_playback_ms"] = median_ms(playback)
        results["device_capture_ms"] = median_ms(capture)
        print(f"sound device alone (bare pjsua2, no call): conference -> headset "
              f"{fmt(playback)} ms, microphone -> conference {fmt(capture)} ms")
        operators = [Operator(name, user, start(name, user))
                     for name, user in (("engine", ENGINE_USER), ("bare", BARE_USER))]
        for operator in operators:
            wait_registered(operator.process, {"operator", "queue"})
        wait_registered(citizen, {""})
        results["build"] = f"pjsua2 {operators[1].process.wait_for('version')['pjsua2']}"
        engine, bare = operators
        print(f"latency: {args.rounds} calls per operator, {args.bursts} bursts each way each")
        for round_ in range(args.rounds):
            for operator in (operators if round_ % 2 == 0 else operators[::-1]):
                results["codec"] = bench.latency_call(operator)
        pulse_pid = pulse_daemon_pid(pulse)
        print(f"a {args.seconds:g} s call with a continuous tone each way, per operator")
        long = {operator.name: bench.long_call(operator, pulse_pid) for operator in operators}
    for suffix, operator in (("", engine), ("_bare", bare)):
        results[f"latency_in{suffix}_ms"] = median_ms(operator.latency_in_ms)
        results[f"latency_out{suffix}_ms"] = median_ms(operator.latency_out_ms)
        results[f"latency_samples{suffix}"] = [len(operator.latency_in_ms),
                                               len(operator.latency_out_ms)]
        results[f"bursts_not_heard{suffix}"] = bench.missed_bursts.get(operator.name, 0)
        figures = long[operator.name]
        results[f"dropouts_60s{suffix}"] = figures["dropouts"]
        results[f"dropped_ms{suffix}"] = figures["dropped_ms"]
        results[f"longest_dropout_ms{suffix}"] = figures["longest_dropout_ms"]
        results[f"dropouts_citizen{suffix}"] = figures["dropouts_citizen"]
        results[f"dropped_citizen_ms{suffix}"] = figures["dropped_citizen_ms"]
        results[f"citizen_late_frames{suffix}"] = figures["citizen_late_frames"]
        results[f"call_cpu_percent{suffix}"] = figures["cpu_percent"]
        results[f"pulseaudio_cpu_percent{suffix}"] = figures["pulseaudio_cpu_percent"]
        results[f"heard_s{suffix}"] = figures["heard_s"]
    one_way = ("latency_in_ms", "latency_out_ms", "latency_in_bare_ms", "latency_out_bare_ms")
    if all(results[key] for key in one_way):
        in_ms, out_ms, in_bare, out_bare = (results[key] for key in one_way)
        results["latency_ratio_vs_bare"] = round((in_ms + out_ms) / (in_bare + out_bare), 3)
        results["latency_in_ratio_vs_bare"] = round(in_ms / in_bare, 3)
        results["latency_out_ratio_vs_bare"] = round(out_ms / out_bare, 3)
    else:
        results["latency_ratio_vs_bare"] = None
    return results


def report(results: dict[str, Any]) -> None:
    def ms(key: str) -> str:
        value = results.get(key)
        return "-" if value is None else f"{value} ms"

    print()
    print(f"{results['build']}, codec {results['codec']} (the citizen offers G.711 A-law only), "
          f"{results['latency_samples'][0]} bursts per direction and operator")
    print("one-way mouth-to-ear latency, median (G.114: up to 150 ms one way is fine):")
    print(f"  citizen -> operator: engine {ms('latency_in_ms')}, bare {ms('latency_in_bare_ms')}"
          f" (ratio {results.get('latency_in_ratio_vs_bare')})")
    print(f"  operator -> citizen: engine {ms('latency_out_ms')}, bare "
          f"{ms('latency_out_bare_ms')} (ratio {results.get('latency_out_ratio_vs_bare')})")
    print(f"  both ways, engine / bare: {results['latency_ratio_vs_bare']} (target <= 1.1)")
    print(f"  of which pjmedia's sound device alone: {ms('device_playback_ms')} to the "
          f"headset, {ms('device_capture_ms')} from the microphone")
    print(f"  bursts not heard: engine {results['bursts_not_heard']}, "
          f"bare {results['bursts_not_heard_bare']}")
    print(f"{results['seconds']:g} s call, gaps in the tone at the operator's headset: engine "
          f"{results['dropouts_60s']} ({results['dropped_ms']} ms), bare "
          f"{results['dropouts_60s_bare']} ({results['dropped_ms_bare']} ms) "
          f"(target 0 in 60 s); at the citizen's ear: engine {results['dropouts_citizen']} "
          f"({results['dropped_citizen_ms']} ms), bare {results['dropouts_citizen_bare']} "
          f"({results['dropped_citizen_ms_bare']} ms; frames the citizen's own clock took "
          f"> 30 ms for: {results['citizen_late_frames']} / {results['citizen_late_frames_bare']})")
    print(f"CPU of the operator's whole process over that call (all its threads: pjsua2, the "
          f"ALSA/PulseAudio client, Python), % of one core: engine {results['call_cpu_percent']}"
          f" (target <= 5), bare {results['call_cpu_percent_bare']}; not counted: PulseAudio's "
          f"own {results['pulseaudio_cpu_percent']} / {results['pulseaudio_cpu_percent_bare']},"
          f" the citizen, Kamailio")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=60.0,
                        help="length of the dropout and CPU call (default 60)")
    parser.add_argument("--bursts", type=int, default=4, help="bursts each way per call")
    parser.add_argument("--rounds", type=int, default=8,
                        help="latency calls per operator (engine and bare alternate)")
    parser.add_argument("--role", choices=("engine", "bare", "citizen", "device"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--registrar", help=argparse.SUPPRESS)
    parser.add_argument("--user", help=argparse.SUPPRESS)
    parser.add_argument("--password", default=os.environ.get(PASSWORD_ENV),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    roles: dict[str, Callable[[str, str, str], int]] = {
        "engine": run_engine, "bare": run_bare, "citizen": run_citizen, "device": run_device}
    if args.role:
        return roles[args.role](args.registrar, args.user, args.password)
    # SIGTERM unwinds like Ctrl-C, so every process and server started is stopped
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    results = run(args)
    report(results)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
